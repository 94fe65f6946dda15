"""iCalendar export and import (phones, Outlook, 钉钉/企业微信 calendars).

Export: every event as a VEVENT (stable UID, DTSTAMP from the event's last
change so the same data gives the same file, DTSTART in Asia/Shanghai with
its VTIMEZONE), fixed duties as one VEVENT with an RRULE (or, when shifted
off holidays, the actual dates as RDATE), and optionally lunar festivals as
RDATE lists (a lunar date has no RRULE).  Import is idempotent by UID.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, NamedTuple

from shequ.errors import DataError

PRODID = "-//shequ//社区工作日历//ZH"
TZID = "Asia/Shanghai"
CST = timezone(timedelta(hours=8))
_LINE = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:.*$")


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
    from icalendar import Calendar, Event

    from shequ.calendar.events import domain_label

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{name}工作日历")
    cal.add("x-wr-timezone", TZID)
    cal.add_component(_vtimezone())
    for eid, ev in events:
        ve = Event()
        ve.add("uid", f"{ev.get('uid') or eid}@shequ")
        ve.add("dtstamp", _stamp(ev))
        start = _local(ev["date"], ev.get("time"))
        ve.add("dtstart", start, parameters={"TZID": TZID} if isinstance(start, datetime) else None)
        if ev.get("end_time") and ev.get("time"):
            ve.add("dtend", _local(ev["date"], ev["end_time"]), parameters={"TZID": TZID})
        elif ev.get("end_date"):
            ve.add("dtend", date.fromisoformat(ev["end_date"]) + timedelta(days=1))
        ve.add("summary", ev.get("title", ""))
        if ev.get("place"):
            ve.add("location", ev["place"])
        if ev.get("summary"):
            ve.add("description", ev["summary"])
        if ev.get("domain"):
            ve.add("categories", [domain_label(ev["domain"])])
        ve.add("status", {"done": "CONFIRMED", "cancelled": "CANCELLED"}.get(ev.get("status", ""), "TENTATIVE"))
        cal.add_component(ve)
    for duty in duties:
        cal.add_component(_duty_event(duty, span, workcal))
    if festivals is not None:
        for comp in _festival_events(span, festivals):
            cal.add_component(comp)
    return cal.to_ical()


def _duty_event(duty: dict[str, Any], span: Any, workcal: Any) -> Any:
    from icalendar import Event, vRecur

    from shequ.duties.engine import occurrences

    ve = Event()
    ve.add("uid", f"duty-{duty['id']}@shequ")
    ve.add("dtstamp", datetime(2000, 1, 1, tzinfo=timezone.utc))
    ve.add("summary", duty.get("title", duty["id"]))
    occ = occurrences(duty, span, workcal)
    if not occ:
        ve.add("dtstart", span.start)
        ve.add("rdate", [span.start])
        return ve
    shifted = duty.get("shift", "none") not in ("none", "", None) and any(a != b for a, b in occ)
    first = occ[0][1]
    start = _local(first.isoformat(), duty.get("time"))
    ve.add("dtstart", start, parameters={"TZID": TZID} if isinstance(start, datetime) else None)
    if shifted or duty.get("shift") == "skip":
        # Holidays move or drop occurrences: an RRULE cannot say that, so list the real dates.
        dates = [_local(d.isoformat(), duty.get("time")) for _, d in occ[1:]]
        if dates:
            ve.add("rdate", dates, parameters={"TZID": TZID} if duty.get("time") else None)
    else:
        rule = vRecur.from_ical(str(duty["rrule"]))
        rule["UNTIL"] = [span.end]
        ve.add("rrule", rule)
    if duty.get("source"):
        ve.add("description", f"依据：{duty['source']}")
    return ve


def _festival_events(span: Any, extra: Any) -> list[Any]:
    from icalendar import Event

    from shequ.calendar.festivals import festivals

    by_name: dict[str, list[date]] = {}
    for y in range(span.start.year, span.end.year + 1):
        for d in festivals(y, extra):
            if d.kind == "农历" and span.start <= d.day <= span.end:
                by_name.setdefault(d.name, []).append(d.day)
    out = []
    for name, days in sorted(by_name.items()):
        ve = Event()
        ve.add("uid", f"festival-{name}@shequ")
        ve.add("dtstamp", datetime(2000, 1, 1, tzinfo=timezone.utc))
        ve.add("summary", name)
        ve.add("dtstart", days[0])
        if days[1:]:
            ve.add("rdate", days[1:])
        ve.add("transp", "TRANSPARENT")
        out.append(ve)
    return out


class Parsed(NamedTuple):
    uid: str
    title: str
    date: str
    time: str | None
    end_time: str | None
    end_date: str | None
    place: str | None
    summary: str | None
    status: str


def parse_ics(raw: bytes, name: str) -> list[Parsed]:
    """VEVENTs of an ICS file; broken content lines are an error naming the line."""
    text = raw.decode("utf-8-sig", errors="strict") if raw else ""
    lines = text.replace("\r\n", "\n").split("\n")
    if not any(line.strip() == "BEGIN:VCALENDAR" for line in lines):
        raise DataError(f"不是 iCalendar 文件（缺少 BEGIN:VCALENDAR）：{name}")
    opened: list[tuple[int, str]] = []  # (line, component) of each BEGIN not yet ended
    for n, line in enumerate(lines, start=1):
        if not line or line[0] in " \t":
            continue  # blank or a folded continuation
        if not _LINE.match(line):
            raise DataError(f"ICS 文件第 {n} 行格式错误：{line[:60]}（应为 名称:值）")
        key, _, value = line.partition(":")
        if key.upper() == "BEGIN":
            opened.append((n, value.strip().upper()))
        elif key.upper() == "END":
            if not opened or opened[-1][1] != value.strip().upper():
                where = f"第 {opened[-1][0]} 行的 BEGIN:{opened[-1][1]} 尚未结束" if opened else "前面没有对应的 BEGIN"
                raise DataError(f"ICS 文件第 {n} 行的 END:{value.strip()[:20]} 不配对（{where}）：{name}")
            opened.pop()
    if opened:
        n, comp = opened[-1]
        raise DataError(f"ICS 文件不完整：第 {n} 行的 BEGIN:{comp[:20]} 没有对应的 END:{comp[:20]}（文件可能被截断）：{name}")
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as exc:  # the library's own (English) reason stays out
        raise DataError(f"ICS 文件无法解析：{name}（内容不符合 iCalendar 格式，{type(exc).__name__}）") from None
    out = []
    for comp in cal.walk("VEVENT"):
        uid = str(comp.get("uid") or "").strip()
        if uid.startswith(("duty-", "festival-")) and uid.endswith("@shequ"):
            continue  # our own rule/festival entries are generated, not events
        start = comp.decoded("dtstart", None) if comp.get("dtstart") else None
        if start is None:
            raise DataError(f"ICS 文件中的活动缺少 DTSTART：{comp.get('summary')}")
        end = comp.decoded("dtend", None) if comp.get("dtend") else None
        day, hm = _split(start)
        end_time = end_date = None
        if end is not None:
            eday, ehm = _split(end)
            if hm and ehm and eday == day:
                end_time = ehm
            elif not hm and isinstance(end, date):
                last = (date.fromisoformat(eday) - timedelta(days=1)).isoformat()
                end_date = last if last > day else None
        status = {"CANCELLED": "cancelled", "CONFIRMED": "done"}.get(str(comp.get("status") or "").upper(), "planned")
        if status == "done" and date.fromisoformat(day) > date.today():
            status = "planned"
        out.append(Parsed(uid.removesuffix("@shequ") or f"ics-{day}-{comp.get('summary')}", str(comp.get("summary") or "（无标题）"),
                          day, hm, end_time, end_date, str(comp.get("location")) if comp.get("location") else None,
                          str(comp.get("description")) if comp.get("description") else None, status))
    return out


def _split(value: Any) -> tuple[str, str | None]:
    if isinstance(value, datetime):
        local = value.astimezone(CST) if value.tzinfo else value
        return local.date().isoformat(), local.strftime("%H:%M")
    return value.isoformat(), None
