"""The plugin context: one object through which commands, validators and report sections
read and write a home.

A :class:`PluginContext` wraps one store session (a read, or a write
transaction) together with the plugins, the record types and "today".  Its
parts are small facades over the core's domains — ``records``, ``events``,
``people``, ``ledger``, ``checklists``, ``duties`` — so that plugins never
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
from typing import TYPE_CHECKING, Any, Callable, Iterable, TypeVar

from shequ.errors import DataError, NotFound, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from decimal import Decimal

    from shequ.models import Duty, RecordType
    from shequ.periods import Period
    from shequ.store import Session

T = TypeVar("T")
Doc = dict[str, Any]


def _copy(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, scalars): what write contexts hand out."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


class PluginContext:
    """What a plugin works with: a home inside one read session or transaction.

    - ``today``: the reference date (``SHEQU_TODAY`` pins it);
    - ``records``, ``events``, ``people``, ``ledger``, ``checklists``, ``duties``: the home's data;
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
        return Records(self)

    @cached_property
    def events(self) -> "Events":
        return Events(self)

    @cached_property
    def people(self) -> "People":
        return People(self)

    @cached_property
    def ledger(self) -> "Ledger":
        return Ledger(self)

    @cached_property
    def checklists(self) -> "Checklists":
        return Checklists(self)

    @cached_property
    def duties(self) -> "Duties":
        return Duties(self)

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
        return _copy(doc) if self.session.writable else doc


# -- records ------------------------------------------------------------------------------
class Records:
    """Plugin-typed records (``kind="record"`` types): list, get, find, add, edit, remove."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def type(self, type_id: str) -> "RecordType":
        """The record type *type_id* (or its Chinese title); ``UsageError`` if unknown."""
        return self._ctx.registry.get(type_id)

    def list(self, type_id: str, *where: str, **equals: Any) -> list[tuple[int, Doc]]:
        """``[(id, record), …]`` of a type, oldest first.

        *where* takes the CLI's ``--where`` expressions (``"date>=2025-03-01"``,
        ``"kind=邻里"``, ``"parties~张"``); *equals* compares stored values
        (``person=12``, ``year=2025``).
        """
        from shequ.records.records import list_records, parse_where

        rt = self.type(type_id)
        found = list_records(self._ctx, rt, parse_where(rt, where, self._ctx))
        if equals:
            _check_fields(rt, equals)
            found = [(rid, doc) for rid, doc in found if all(doc.get(k) == v for k, v in equals.items())]
        return [(rid, self._ctx._out(doc)) for rid, doc in found]

    def get(self, record_id: int | str, type_id: str | None = None) -> Doc:
        """One record by id; ``NotFound`` if there is none (or it is not of *type_id*)."""
        from shequ.records.records import find

        rt, rid, doc = find(self._ctx, record_id)
        if type_id is not None and rt.id != self.type(type_id).id:
            raise NotFound(f"#{rid} 不是{self.type(type_id).title}（是{rt.title}）")
        return self._ctx._out(doc)

    def find(self, type_id: str, *where: str, **equals: Any) -> tuple[int, Doc] | None:
        """The one record matching (as :meth:`list`), ``None`` if none, ``DataError`` if several."""
        found = self.list(type_id, *where, **equals)
        if len(found) > 1:
            rt = self.type(type_id)
            ids = "、".join(f"#{rid}" for rid, _ in found[:10])
            raise DataError(f"符合条件的{rt.title}有 {len(found)} 条：{ids}")
        return found[0] if found else None

    def add(self, type_id: str, values: dict[str, Any]) -> int:
        """Add a record (write contexts only); every problem at once as a ``ValidationError``."""
        from shequ.records.records import add

        _need_write(self._ctx)
        return add(self._ctx, self.type(type_id), values)[0]

    def edit(self, record_id: int | str, changes: dict[str, Any]) -> Doc:
        """Change fields of a record (``None`` or ``""`` clears one); returns the new record."""
        from shequ.records.records import edit

        _need_write(self._ctx)
        changes = {k: ("" if v is None else v) for k, v in changes.items()}
        return _copy(edit(self._ctx, record_id, changes)[2])

    def remove(self, record_id: int | str) -> Doc:
        """Remove a record (``shequ undo`` brings it back); returns what was removed."""
        from shequ.records.records import remove

        _need_write(self._ctx)
        return _copy(remove(self._ctx, record_id)[2])


def _check_fields(rt: "RecordType", equals: dict[str, Any]) -> None:
    unknown = [k for k in equals if rt.field(k) is None]
    if unknown:
        raise UsageError(f"{rt.title}没有字段：{'、'.join(unknown)}（字段：{'、'.join(f.name for f in rt.fields)}）")


def _need_write(ctx: PluginContext) -> None:
    if not ctx.session.writable:
        raise UsageError("内部错误：只读上下文中不能写入（请用 open_context(write=True)）")


# -- events -------------------------------------------------------------------------------
class Events:
    """Calendar events (活动、会议、培训 …): planned, held (``done``) or cancelled."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def query(self, *, type: str | Iterable[str] | None = None, status: str | None = None,
              period: "Period | str | None" = None, domain: str | None = None,
              fields: dict[str, Any] | None = None) -> list[tuple[int, Doc]]:
        """``[(id, event), …]`` by date, filtered by event type(s), status (``planned``,
        ``done``, ``cancelled``), period, domain (``dangjian`` or ``党建``) and typed fields."""
        from shequ.calendar.events import all_events, domain_id

        types = {type} if isinstance(type, str) else set(type) if type is not None else None
        span = self._ctx.parse_period(period) if period is not None else None
        first, last = (span.start.isoformat(), span.end.isoformat()) if span else ("", "9999")
        dom = domain_id(domain) if domain else None
        out = []
        for key, ev in all_events(self._ctx.session).items():
            if not first <= ev["date"] <= last:
                continue
            if (types is not None and ev.get("type") not in types) or (status and ev.get("status") != status) \
                    or (dom and ev.get("domain") != dom):
                continue
            if fields and any((ev.get("fields") or {}).get(k) != v for k, v in fields.items()):
                continue
            out.append((int(key), ev))
        out.sort(key=lambda item: (item[1]["date"], item[1].get("time") or "", item[0]))
        return [(eid, self._ctx._out(ev)) for eid, ev in out]

    def get(self, event_id: int | str) -> Doc:
        """One event by id; ``NotFound`` if there is none."""
        from shequ.calendar.events import all_events

        ev = all_events(self._ctx.session).get(str(event_id).strip().lstrip("#"))
        if ev is None:
            raise NotFound(f"找不到编号为 {event_id} 的活动")
        return self._ctx._out(ev)

    def find(self, key: int | str) -> tuple[int, Doc]:
        """An event by id or unique title: ``(id, event)``; ``NotFound`` otherwise."""
        from shequ.calendar.events import find_event

        eid, ev = find_event(self._ctx.session, key)
        return eid, self._ctx._out(ev)

    def add(self, values: dict[str, Any]) -> int:
        """Add an event: ``title``, ``date`` (required); ``type`` (an event type, default
        ``core.activity``), ``status`` (default ``planned``), ``domain``, ``time``, ``place``,
        ``summary``, ``attendees`` (people, by id or name), ``count`` (人次), ``fields``
        (the type's own fields).  Returns its id."""
        from shequ.calendar.events import add_event

        _need_write(self._ctx)
        return add_event(self._ctx, values)[0]

    def edit(self, key: int | str, changes: dict[str, Any]) -> Doc:
        """Change an event's fields (as :meth:`add` takes them); returns the new event."""
        from shequ.calendar.events import edit_event

        _need_write(self._ctx)
        return _copy(edit_event(self._ctx, str(key), changes)[1])

    def done(self, key: int | str, *, attendees: Iterable[int | str] = (), count: int | None = None,
             summary: str | None = None) -> Doc:
        """Record that an event was held: attendees (added to those already there), 人次, 小结."""
        from shequ.calendar.events import mark_done

        _need_write(self._ctx)
        return _copy(mark_done(self._ctx, str(key), attendees=[str(a) for a in attendees], count=count,
                               summary=summary)[1])


# -- people -------------------------------------------------------------------------------
class People:
    """The register (花名册): look people up, their names and categories, the register's columns."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def resolve(self, who: int | str) -> int:
        """A person's id from an id (``12``, ``#12``) or a unique name; ``NotFound`` for nobody,
        ``DataError`` (listing the ids) when several people share the name."""
        from shequ.records.records import resolve_ref

        try:
            return resolve_ref(self._ctx.session, "person", who)
        except ValueError as exc:
            if "同名" in str(exc):
                raise DataError(str(exc)) from None
            raise NotFound(str(exc)) from None

    def get(self, pid: int | str) -> Doc:
        """A person's document (name, gender, birth, id_card, phone, address, grid, household, tags …).

        Personal data is in clear here: mask it in output (``Column(..., mask="id_card")``)."""
        doc = self._ctx.session.get("people", "people", str(pid).lstrip("#"))
        if doc is None:
            raise NotFound(f"找不到编号为 {pid} 的人员")
        return self._ctx._out(doc)

    def name(self, pid: int | str) -> str:
        """A person's name (``#12`` if there is no such person)."""
        doc = self._ctx.session.get("people", "people", str(pid).lstrip("#"))
        return str(doc.get("name")) if doc else f"#{pid}"

    def names(self, ids: Iterable[int]) -> dict[int, str]:
        """Names of many people at once, from the register's columns."""
        reg = self.register()
        names = reg.column("name")
        out = {}
        for pid in ids:
            out[pid] = names[reg.position(pid)] if pid in reg else self.name(pid)
        return out

    def register(self, on: date | None = None) -> Any:
        """The register on a date (default today): ``ids``, ``column(field)``, ``members(category)``,
        ``count(category)``, ``aged(low, high)``, ``related(type_id)``, ``pid in register``, ``len()``.

        It answers from the store's columns, so questions over 20,000 residents stay fast."""
        from shequ.people.register import categories, register

        return register(self._ctx.session, on or self._ctx.today, categories(self._ctx.pm))

    def members(self, category: str, on: date | None = None) -> frozenset[int]:
        """The ids of everyone in a category (``高龄``, ``育龄妇女``, a plugin's own …) on a date."""
        return self.register(on).members(self._category(category))

    def count(self, category: str, on: date | None = None) -> int:
        return len(self.members(category, on))

    def categories_of(self, pid: int, on: date | None = None) -> list[str]:
        """The categories a person is in, on a date."""
        reg = self.register(on)
        return [name for name in reg.cats if pid in reg.members(name)]

    def categories(self) -> dict[str, str]:
        """Every category's name and description."""
        from shequ.people.register import categories

        return {name: cat.description for name, cat in categories(self._ctx.pm).items()}

    def _category(self, name: str) -> str:
        from shequ.people.register import categories, resolve_categories

        return resolve_categories(categories(self._ctx.pm), [name])[0].name


# -- ledger -------------------------------------------------------------------------------
class Ledger:
    """The community's money: entries (with plugin fields), accounts, funds, budgets."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def _lctx(self) -> Any:
        from shequ.ledger.entries import make_ctx

        return make_ctx(self._ctx)

    def add(self, values: dict[str, Any]) -> int:
        """Book an entry: ``date``, ``amount``, ``direction`` (``in``/``out``), ``account``;
        optionally ``via``, ``fund``, ``payee`` (a person's id or name, or a unit's name),
        ``event``, ``voucher``, ``memo`` — and the fields plugins declare for entries
        (a ``kind="ledger"`` record type), stored and listed with the entry.  The earmark,
        balance and voucher rules apply; every problem at once.  Returns its id."""
        from shequ.ledger.entries import add_entry

        _need_write(self._ctx)
        return add_entry(self._lctx(), values)[0]

    def get(self, entry_id: int | str) -> Doc:
        from shequ.ledger.entries import find_entry

        return self._ctx._out(find_entry(self._ctx.session, str(entry_id))[1])

    def void(self, entry_id: int | str, reason: str) -> Doc:
        """Void an entry (it stays in the register, out of every sum)."""
        from shequ.ledger.entries import void_entry

        _need_write(self._ctx)
        return _copy(void_entry(self._ctx.session, str(entry_id), reason)[1])

    def entries(self, *, period: "Period | str | None" = None, account: str | None = None, fund: str | None = None,
                include_void: bool = False, **fields: Any) -> list[tuple[int, Doc]]:
        """``[(id, entry), …]`` by date: in a period, under an account (or through an asset
        account), of a fund, with plugin fields equal to the given values (``dues_month="2025-03"``)."""
        from shequ.ledger.entries import select

        span = self._ctx.parse_period(period) if period is not None else None
        found = select(self._ctx.session, period=span, account=account, fund=fund, include_void=include_void)
        if fields:
            found = [(k, e) for k, e in found if all(e.get(f) == v for f, v in fields.items())]
        return [(k, self._ctx._out(e)) for k, e in found]

    def columns(self, fields: Iterable[str]) -> tuple[list[int], dict[str, list[Any]]]:
        """Every entry (void ones too) as columns: ``(ids, {field: values})``, ``None`` where an entry
        lacks a field.  Sums over 20,000 entries read a few columns instead of every entry."""
        from shequ.ledger.entries import entry_columns

        return entry_columns(self._ctx.session, tuple(fields))

    def total(self, account: str | None = None, period: "Period | str | None" = None, *,
              direction: str | None = None, fund: str | None = None) -> "Decimal":
        """The sum of live entries under *account* (and sub-accounts), in *period*, of a
        direction (``in``/``out``) and a fund."""
        from shequ.ledger.entries import cents, dated, from_cents
        from shequ.ledger.accounts import under

        span = self._ctx.parse_period(period) if period is not None else None
        ids, c = self.columns(("date", "void", "amount", "direction", "account", "fund"))
        positions = dated(c["date"], span.start.isoformat(), span.end.isoformat()) if span else range(len(ids))
        total = 0
        for i in positions:
            if c["void"][i] or (direction and c["direction"][i] != direction) or (fund and c["fund"][i] != fund):
                continue
            if account and not under(c["account"][i], account):
                continue
            total += cents(c["amount"][i])
        return from_cents(total)

    def accounts(self) -> dict[str, dict[str, Any]]:
        """Every account: ``{path: {"kind", "source"}}``."""
        from shequ.ledger.accounts import accounts

        return accounts(self._ctx.pm, self._ctx.session)

    def funds(self) -> dict[str, dict[str, Any]]:
        """Every fund: ``{name: {"accounts", "earmarked", "source"}}``."""
        from shequ.ledger.accounts import funds

        return funds(self._ctx.pm, self._ctx.session)

    def fund_balance(self, name: str) -> "Decimal":
        from shequ.ledger.entries import fund_balance

        return fund_balance(self._ctx.session, name)

    def budgets(self, year: int) -> "dict[str, Decimal]":
        """The year's budgets: ``{account: amount}``."""
        from shequ.ledger.budgets import budgets_for

        return budgets_for(self._ctx.session, year)

    # -- scheduled disbursements (孤儿生活费 750元/月, 尊老金 …) --------------------------------
    def schedules(self) -> dict[int, dict[str, Any]]:
        """Every disbursement schedule: ``{id: {"payee", "payee_name", "amount", "account", "from", "to",
        "fund", "memo"}}`` (amounts per month; months as ``YYYY-MM``)."""
        from shequ.ledger.entries import AREA, SCHEDULES

        return {int(k): self._ctx._out(v) for k, v in self._ctx.session.table_view(AREA, SCHEDULES).items()}

    def add_schedule(self, values: dict[str, Any]) -> int:
        """Pay *payee* (a person) *amount* every month from ``from`` (to ``to``, if given) out of
        *account* (and *fund*); returns its id.  Validated like an entry."""
        from shequ.ledger.schedules import add_schedule

        _need_write(self._ctx)
        return add_schedule(self._lctx(), values)[0]

    def edit_schedule(self, schedule_id: int | str, changes: dict[str, Any]) -> dict[str, Any]:
        """Change a schedule from now on: a new ``amount``, an end month ``to`` (停发), ``fund``, ``memo``."""
        from shequ.ledger.schedules import edit_schedule

        _need_write(self._ctx)
        return _copy(edit_schedule(self._lctx(), schedule_id, changes)[1])

    def due(self, period: "Period | str") -> list[dict[str, Any]]:
        """Each month every schedule owes in *period* (up to today): ``schedule``, ``payee``,
        ``payee_id``, ``month``, ``amount``, ``account``, ``paid`` and the paying ``entry``."""
        from shequ.ledger.schedules import due

        return due(self._ctx.session, self._ctx.parse_period(period), self._ctx.today)

    def pay(self, period: "Period | str", *, schedules: Iterable[int] = (), day: date | None = None) -> list[int]:
        """Book every unpaid month of *period* (of *schedules*, if given), once per schedule and
        month — running it twice pays nothing twice.  Returns the new entries' ids."""
        from shequ.ledger.schedules import pay

        _need_write(self._ctx)
        return pay(self._lctx(), self._ctx.parse_period(period), only=schedules, day=day)

    def budget(self, account: str, year: int) -> "Decimal | None":
        """The budget of *account* and its sub-accounts for *year*, ``None`` if none is set."""
        from shequ.ledger.accounts import under

        found = [v for k, v in self.budgets(year).items() if under(k, account)]
        return sum(found[1:], found[0]) if found else None


# -- checklists and duties --------------------------------------------------------------------
class Checklists:
    """创建 and 台账 checklists: the results of every template for a period."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def results(self, period: "Period | str") -> list[Any]:
        """Each run in *period* (started, or due by a template's recurrence): ``template``,
        ``title``, ``period``, ``status`` (``done``/``open``/``not_started``), ``score``,
        ``total``, ``level`` and ``items`` (each ``id``, ``text``, ``state`` —
        ``met``/``ticked``/``na``/``override``/``open``/``behind`` … — and ``why``)."""
        from shequ.checklists.status import all_results

        c = self._ctx
        return all_results(c.pm, c.registry, c.session, c.parse_period(period), c.today, c.home_path)

    def result(self, template_id: str, period: "Period | str") -> Any | None:
        """The first run of *template_id* in *period*, or ``None``."""
        return next((r for r in self.results(period) if r.template == template_id), None)

    def templates(self) -> dict[str, dict[str, Any]]:
        from shequ.checklists.templates import templates

        return templates(self._ctx.pm, self._ctx.session)


class Duties:
    """Duties (recurring rules) as this home has them, and their status for a period."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def all(self) -> "dict[str, Duty]":
        """Every duty (the plugins' defaults with this home's changes, and its own): ``{id: duty}``."""
        from shequ.duties.rules import effective

        return effective(self._ctx.pm, self._ctx.session)

    def statuses(self, period: "Period | str", *, domain: str | None = None) -> list[Any]:
        """The status of every duty for *period*: ``id``, ``title``, ``domain``, ``kind``,
        ``status`` (``met``/``pending``/``behind``/``overdue``/``over``/``off``), ``progress``, ``detail``."""
        from shequ.duties.engine import evaluate
        from shequ.calendar.events import domain_id
        from shequ.duties.context import duty_context

        c = self._ctx
        span = c.parse_period(period)
        dom = domain_id(domain) if domain else None
        dctx = duty_context(c.pm, c.session, c.today, span, c.home_path or Path("."))
        return [evaluate(d, span, dctx) for _, d in sorted(self.all().items()) if dom is None or d.get("domain") == dom]

    def status(self, duty_id: str, period: "Period | str") -> Any | None:
        """One duty's status for *period*, ``None`` if there is no such duty."""
        from shequ.duties.engine import evaluate
        from shequ.duties.context import duty_context

        duty = self.all().get(duty_id)
        if duty is None:
            return None
        c = self._ctx
        span = c.parse_period(period)
        return evaluate(duty, span, duty_context(c.pm, c.session, c.today, span, c.home_path or Path(".")))

    def occurrences(self, duty_id: str, period: "Period | str") -> list[tuple[date, date]]:
        """A fixed duty's dates in *period*: ``[(scheduled, day), …]``, *day* moved off holidays
        as the duty's ``shift`` says.  Empty for a disabled or unknown duty."""
        from shequ.duties.engine import occurrences
        from shequ.calendar.workdays import WorkCalendar

        duty = self.all().get(duty_id)
        if not duty or not duty.get("enabled", True) or not duty.get("rrule"):
            return []
        return occurrences(duty, self._ctx.parse_period(period), WorkCalendar(self._ctx.home_path))
