"""The plugin context's Events and Dates: see :class:`shequ.context.PluginContext`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterable

from shequ.common.access import Doc, copy_doc as _copy, need_write as _need_write
from shequ.errors import DataError, NotFound, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from shequ.context import PluginContext
    from shequ.periods import Period


class Events:
    """Calendar events (活动、会议、培训 …): planned, held (``done``) or cancelled."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def query(self, *, type: str | Iterable[str] | None = None, status: str | None = None,
              period: "Period | str | None" = None, domain: str | None = None,
              fields: dict[str, Any] | None = None) -> list[tuple[int, Doc]]:
        """``[(id, event), …]`` by date, filtered by event type(s), status (``planned``,
        ``done``, ``cancelled``), period, domain (``dangjian`` or ``党建``) and typed fields."""
        from shequ.calendar.events import domain_id

        types = {type} if isinstance(type, str) else set(type) if type is not None else None
        span = self._ctx.parse_period(period) if period is not None else None
        first, last = (span.start.isoformat(), span.end.isoformat()) if span else ("", "9999")
        dom = domain_id(domain) if domain else None
        out = []
        for key, ev in self._dated(first, last):
            if (types is not None and ev.get("type") not in types) or (status and ev.get("status") != status) \
                    or (dom and ev.get("domain") != dom):
                continue
            if fields and any((ev.get("fields") or {}).get(k) != v for k, v in fields.items()):
                continue
            out.append((int(key), ev))
        out.sort(key=lambda item: (item[1]["date"], item[1].get("time") or "", item[0]))
        return [(eid, self._ctx._out(ev)) for eid, ev in out]

    def _dated(self, first: str, last: str) -> list[tuple[str, dict[str, Any]]]:
        """``(key, event)`` dated ``first..last``.  In a read, two bisects over the events sorted
        once by date: a report's sections ask ~40 questions of a year's 5,000 events."""
        from bisect import bisect_left, bisect_right

        from shequ.calendar.events import all_events

        session = self._ctx.session
        events = all_events(session)
        if session.writable:  # the events may change between questions: test each
            return [(k, ev) for k, ev in events.items() if first <= ev["date"] <= last]

        def by_date() -> tuple[list[str], list[tuple[str, dict[str, Any]]]]:
            found = sorted(events.items(), key=lambda kv: kv[1]["date"])
            return [ev["date"] for _, ev in found], found

        dates, found = session.memo("calendar.events_by_date", by_date)
        return found[bisect_left(dates, first):bisect_right(dates, last)]

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


class Dates:
    """The calendar's knowledge: named days (festivals, solar terms, plugins' days), seasons and
    school holidays as this home sets them, workdays with 调休."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def festival(self, name: str, year: int) -> date | None:
        """The date of a named day in *year* — 春节, 重阳节, 清明, 全国助残日, a plugin's own — or
        ``None`` if there is no such day."""
        from shequ.calendar.festivals import find
        from shequ.calendar.festivals import plugin_festivals

        try:
            return find(name, year, plugin_festivals(self._ctx.pm))
        except DataError:
            return None

    def window(self, name: str, year: int) -> "Period":
        """A named window of *year* as a period: 春季/夏季/秋季/冬季 and 寒假/暑假 (from the home's
        settings), 上半年/下半年, ``before:春节:15`` (the 15 days before), ``around:重阳节:7``."""
        from shequ.duties.rules import WINDOWS, window_span

        if name not in WINDOWS and not name.startswith(("before:", "around:")):
            raise UsageError(f"未知的时段：{name}（可用：{'、'.join(WINDOWS)}、before:节日:天数、around:节日:天数）")
        found = self.festival

        def festival_date(fest: str, y: int) -> date:
            day = found(fest, y)
            if day is None:
                raise DataError(f"找不到节日：{fest}")
            return day

        return window_span(name, year, self._ctx.settings, festival_date)

    def is_workday(self, day: date) -> bool:
        """A workday, 调休 included (法定节假日 off, 调休上班 on), by the State Council's notices."""
        return self._workcal().is_workday(day)

    def next_workday(self, day: date) -> date:
        """*day* if it is a workday, else the next one."""
        return self._workcal().shift(day, "next-workday") or day

    def _workcal(self) -> Any:
        from shequ.calendar.workdays import WorkCalendar

        return self._ctx.memo("dates.workcal", lambda: WorkCalendar(self._ctx.home_path))
