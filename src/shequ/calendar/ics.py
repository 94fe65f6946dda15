"""iCalendar export for phones, Outlook, 钉钉/企业微信 calendars (reading is :mod:`.ics_import`).

Every event is a VEVENT: its UID, DTSTAMP from its last change (the same data gives the same
file), DTSTART in Asia/Shanghai with its VTIMEZONE, DTEND (on a later day for an overnight or
several-day event), CATEGORIES its 条线, and ``X-SHEQU-STATUS:done`` when it was held
(STATUS:CONFIRMED alone only means "will happen").  A fixed duty is one VEVENT a year with an
RRULE — or its actual dates as RDATE when holidays move or drop some — less the dates a
planned or held event already covers (a 党员活动日 is not shown twice).  Lunar festivals,
optionally, are one VEVENT a day.  Generated entries have year-specific, stable UIDs
(``dutyrule-2025-ID@shequ``, ``festival-20250129-春节@shequ``): exporting again updates a phone's
copy, and next year's file never replaces this year's entries.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable

PRODID = "-//shequ//社区工作日历//ZH"
TZID = "Asia/Shanghai"
CST = timezone(timedelta(hours=8))


def _vtimezone() -> Any:
    from icalendar import Timezone, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", TZID)
    std = TimezoneStandard()
    std.add("dtstart", datetime(1970, 1, 1))
    std.add("tzoffsetfrom", timedelta(hours=8))
    std.add("tzoffsetto", timedelta(hours=8))
    std.add("tzname", "CST")
    tz.add_component(std)
    return tz


def _stamp(ev: dict[str, Any]) -> datetime:
    raw = ev.get("_updated") or ev.get("_created") or "2000-01-01T00:00:00+00:00"
    try:
        return datetime.fromisoformat(raw).astimezone(timezone.utc).replace(microsecond=0)
    except ValueError:
        return datetime(2000, 1, 1, tzinfo=timezone.utc)


def _local(day: str, hm: str | None) -> Any:
    d = date.fromisoformat(day)
    if not hm:
        return d
    h, m = hm.split(":")
    return datetime(d.year, d.month, d.day, int(h), int(m), tzinfo=CST)


def export_ics(events: Iterable[tuple[int, dict[str, Any]]], span: Any, *, duties: Iterable[dict[str, Any]] = (),
               workcal: Any = None, festivals: Any = None, name: str = "shequ") -> bytes:
    from icalendar import Calendar

    from shequ.calendar.events import domain_label

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{name}工作日历")
    cal.add("x-wr-timezone", TZID)
    cal.add_component(_vtimezone())
    events = list(events)
    for eid, ev in events:
        cal.add_component(_event(eid, ev, domain_label))
    for duty in duties:
        for comp in _duty_events(duty, span, workcal, events):
            cal.add_component(comp)
    if festivals is not None:
        for comp in _festival_events(span, festivals):
            cal.add_component(comp)
    return cal.to_ical()


def _event(eid: int, ev: dict[str, Any], domain_label: Any) -> Any:
    from icalendar import Event

    ve = Event()
    ve.add("uid", f"{ev.get('uid') or eid}@shequ")
    ve.add("dtstamp", _stamp(ev))
    start = _local(ev["date"], ev.get("time"))
    ve.add("dtstart", start, parameters={"TZID": TZID} if isinstance(start, datetime) else None)
    if ev.get("end_time") and ev.get("time"):
        ve.add("dtend", _local(ev.get("end_date") or ev["date"], ev["end_time"]), parameters={"TZID": TZID})
    elif ev.get("end_date"):
        last = date.fromisoformat(ev["end_date"]) + timedelta(days=1)
        if isinstance(start, datetime):  # from a time to a later day without an end time: that day's end
            ve.add("dtend", datetime(last.year, last.month, last.day, tzinfo=CST), parameters={"TZID": TZID})
        else:
            ve.add("dtend", last)
    ve.add("summary", ev.get("title", ""))
    if ev.get("place"):
        ve.add("location", ev["place"])
    if ev.get("summary"):
        ve.add("description", ev["summary"])
    if ev.get("domain"):
        ve.add("categories", [domain_label(ev["domain"])])
    ve.add("status", {"done": "CONFIRMED", "cancelled": "CANCELLED"}.get(ev.get("status", ""), "TENTATIVE"))
    if ev.get("status") == "done":
        ve.add("x-shequ-status", "done")
    return ve


def _covered(duty: dict[str, Any], events: list[tuple[int, dict[str, Any]]]) -> set[str]:
    """Dates on which a planned or held event already stands for the duty: bound to it, counted for
    it as its status counts events, or simply under its title."""
    from shequ.duties.rules import matcher

    test = matcher(duty)
    title = duty.get("title")
    return {ev["date"] for _, ev in events if ev.get("status") in ("planned", "done")
            and (ev.get("duty") == duty["id"] or (title and ev.get("title") == title) or test({**ev, "status": "done"}))}


def _duty_events(duty: dict[str, Any], span: Any, workcal: Any, events: list[tuple[int, dict[str, Any]]]) -> list[Any]:
    """One VEVENT per year of *span*: the duty's dates no event covers yet."""
    from icalendar import Event, vRecur

    from shequ.duties.engine import occurrences
    from shequ.periods import Period

    covered = _covered(duty, events)
    out = []
    for year in range(span.start.year, span.end.year + 1):
        part = Period(max(span.start, date(year, 1, 1)), min(span.end, date(year, 12, 31)), str(year), "range")
        occ = occurrences(duty, part, workcal)
        left = [(a, b) for a, b in occ if b.isoformat() not in covered]
        if not left:
            continue
        ve = Event()
        ve.add("uid", f"dutyrule-{year}-{duty['id']}@shequ")
        ve.add("dtstamp", datetime(2000, 1, 1, tzinfo=timezone.utc))
        ve.add("summary", duty.get("title", duty["id"]))
        timed = bool(duty.get("time"))
        start = _local(left[0][1].isoformat(), duty.get("time"))
        ve.add("dtstart", start, parameters={"TZID": TZID} if timed else None)
        rule = vRecur.from_ical(str(duty["rrule"]))
        plain = left == occ and all(a == b for a, b in occ) and duty.get("shift") != "skip"
        if plain and "COUNT" not in rule and "UNTIL" not in rule:
            # RFC 5545: a timed series ends at a UTC date-time, a series of days at a date.
            rule["UNTIL"] = [datetime.combine(part.end, datetime.max.time().replace(microsecond=0), CST)
                             .astimezone(timezone.utc) if timed else part.end]
            ve.add("rrule", rule)
        elif left[1:]:
            # Holidays move or drop dates, events cover some: an RRULE cannot say that, so list them.
            ve.add("rdate", [_local(b.isoformat(), duty.get("time")) for _, b in left[1:]],
                   parameters={"TZID": TZID} if timed else None)
        if duty.get("source"):
            ve.add("description", f"依据：{duty['source']}")
        out.append(ve)
    return out


def _festival_events(span: Any, extra: Any) -> list[Any]:
    from icalendar import Event

    from shequ.calendar.festivals import festivals

    out = []
    for y in range(span.start.year, span.end.year + 1):
        for d in festivals(y, extra):
            if d.kind != "农历" or not span.start <= d.day <= span.end:
                continue
            ve = Event()
            ve.add("uid", f"festival-{d.day.strftime('%Y%m%d')}-{d.name}@shequ")
            ve.add("dtstamp", datetime(2000, 1, 1, tzinfo=timezone.utc))
            ve.add("summary", d.name)
            ve.add("dtstart", d.day)
            ve.add("dtend", d.day + timedelta(days=1))
            ve.add("transp", "TRANSPARENT")
            out.append(ve)
    return out
