"""The plugin context: one object through which commands, validators and report sections
read and write a home.

A :class:`PluginContext` wraps one store session (a read, or a write
transaction) together with the plugins, the record types and "today".  Its
parts are small facades, one per domain package (``shequ.records.facade``,
``shequ.calendar.facade`` …) — ``records``, ``events``, ``people``, ``ledger``,
``checklists``, ``duties`` — so that plugins never
touch the store or the core's modules, and the core can be re-laid without
breaking them.  Plugins get it from :func:`shequ.api.open_context` (in a
command), as the ``ctx`` of ``shequ_validate``, or as the
:class:`shequ.reports.ReportContext` of ``shequ_report_sections``.

Documents handed out are the stored dicts in read contexts (treat them as
read-only: change data with ``edit``), and copies in write contexts.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar


if TYPE_CHECKING:  # pragma: no cover
    from shequ.calendar.facade import Dates, Events
    from shequ.checklists.facade import Checklists
    from shequ.duties.facade import Duties
    from shequ.ledger.facade import Ledger
    from shequ.people.facade import People
    from shequ.periods import Period
    from shequ.records.facade import Records
    from shequ.store import Session

T = TypeVar("T")
Doc = dict[str, Any]


class PluginContext:
    """What a plugin works with: a home inside one read session or transaction.

    - ``today``: the reference date (``SHEQU_TODAY`` pins it);
    - ``records``, ``events``, ``people``, ``ledger``, ``checklists``, ``duties``: the home's data;
    - ``dates``: festivals, seasons and school holidays, workdays with 调休;
    - ``settings``: every setting's parsed value (``ctx.settings["people.fertile_age"]``);
    - ``unit``: the community's name; ``writable``: whether this is a transaction;
    - ``memo(key, compute)``: compute once per read session.
    """

    #: While a validator checks an event type's fields: the whole event (date, status, title …).
    event: "dict[str, Any] | None" = None
    #: While a validator checks a change to an existing record, event or entry: its id (None for a new one).
    record_id: int | None = None

    def __init__(self, session: "Session", pm: Any, registry: Any, today: date | None = None, *,
                 home: Path | None = None) -> None:
        self.session = session
        self.pm = pm
        self.registry = registry
        self.today: date = today or date.today()
        self.home_path = home if home is not None else getattr(getattr(session, "home", None), "path", None)

    @property
    def writable(self) -> bool:
        """True inside a write transaction (``open_context(write=True)``)."""
        return bool(self.session.writable)

    @cached_property
    def records(self) -> "Records":
        from shequ.records.facade import Records

        return Records(self)

    @cached_property
    def events(self) -> "Events":
        from shequ.calendar.facade import Events

        return Events(self)

    @cached_property
    def people(self) -> "People":
        from shequ.people.facade import People

        return People(self)

    @cached_property
    def ledger(self) -> "Ledger":
        from shequ.ledger.facade import Ledger

        return Ledger(self)

    @cached_property
    def checklists(self) -> "Checklists":
        from shequ.checklists.facade import Checklists

        return Checklists(self)

    @cached_property
    def duties(self) -> "Duties":
        from shequ.duties.facade import Duties

        return Duties(self)

    @cached_property
    def dates(self) -> "Dates":
        from shequ.calendar.facade import Dates

        return Dates(self)

    @cached_property
    def settings(self) -> dict[str, Any]:
        """Every setting (the core's and the plugins'), parsed: this home's value or the default."""
        from shequ.settings import get_settings

        return get_settings(self.session, self.pm)

    @cached_property
    def unit(self) -> str:
        """The community's name (``shequ init --name``)."""
        return str(self.session.view("meta").get("meta", {}).get("1", {}).get("name") or "")

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per read session (every report section shares it); always fresh in a transaction."""
        return self.session.memo(("plugin", key), compute)

    def parse_period(self, text: "str | Period") -> "Period":
        """A period from any form the CLI accepts (``2025-03``, ``2025-Q1``, ``2025上半年``, ``this-month`` …)."""
        from shequ.periods import Period, parse_period

        return text if isinstance(text, Period) else parse_period(str(text), today=self.today)

    def parse_date(self, text: "str | date") -> date:
        """A date from any form the CLI accepts (``2025-03-15``, ``2025/3/15``, ``3月15日`` …)."""
        from shequ.periods import parse_date

        return text if isinstance(text, date) else parse_date(text, today=self.today)

    def _out(self, doc: Doc) -> Doc:
        from shequ.common.access import copy_doc

        return copy_doc(doc) if self.session.writable else doc


# -- records ------------------------------------------------------------------------------
# -- events -------------------------------------------------------------------------------
