"""The plugin context's Duties: see :class:`shequ.context.PluginContext`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:  # pragma: no cover
    from shequ.context import PluginContext
    from shequ.models import Duty
    from shequ.periods import Period


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
        ``status`` (``met``/``pending``/``behind``/``overdue``/``over``/``na``/``off``), ``progress``, ``detail``;
        ``na`` (不适用: the period asks nothing of the duty) is never ``met``."""
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
