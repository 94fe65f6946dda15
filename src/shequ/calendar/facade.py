"""The plugin context's Events: see :class:`shequ.context.PluginContext`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from shequ.common.access import Doc, copy_doc as _copy, need_write as _need_write
from shequ.errors import NotFound

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
