"""Reading iCalendar files (RFC 5545) as phones and mail clients write them.

- Bytes: UTF-8 (BOM or not), GB18030/GBK (as the table importer reads them), UTF-16 with a BOM.
- Lines are unfolded (CRLF or LF, then a space or tab) before anything else, on the bytes, so
  a fold inside a multi-byte character joins back; only then is each line checked for
  ``名称:值``.  A broken file is one Chinese line naming the line and the event.
- Times: a TZID (an Olson or Windows name, or a VTIMEZONE in the file) or a UTC ``Z`` time is
  converted to the home's time zone (Asia/Shanghai); a floating time is local already.  The end is
  DTEND or DTSTART + DURATION; an end on a later day keeps its date (overnight, several days).
- Status: CANCELLED is 已取消, everything else 计划.  STATUS:CONFIRMED means "will happen" (Google
  and Outlook write it on every event): an event is recorded as held (已开展) only in shequ, and
  only shequ's own export says so (``X-SHEQU-STATUS:done``), never for a day after today.
- CATEGORIES carries the 条线 (党建, 普法 …) as shequ exports it.
- Series (RRULE, RDATE, less EXDATE) are expanded into one event per occurrence inside a window:
  ``--period`` if given, else this year (from 1 January of today's year to the end of this year,
  or of the series' first year if later), at most :data:`MAX_OCCURRENCES` per series.  Each
  occurrence has the UID ``UID/RECURRENCE-ID`` (the occurrence's own start, as written in the
  series' time zone), so importing the file again matches it; a RECURRENCE-ID override replaces
  its occurrence, and an EXDATE occurrence imported before is cancelled.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from shequ.errors import DataError, ValidationError

#: Expanding a series stops here: a daily series over a year is 365.
MAX_OCCURRENCES = 500
HOME_TZ = "Asia/Shanghai"
_LINE = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:.*$")
_PINYIN = re.compile(r"^[a-z][a-z0-9_]*$")
_LEGACY_DUTY = re.compile(r"^duty-(?!.*-\d{4}-\d{2}-\d{2}$).+$")  # shequ's old ``duty-ID@shequ`` series


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
    domain: str | None = None
    series: str | None = None  # the series' UID, for one occurrence of it


class IcsFile(NamedTuple):
    events: list[Parsed]
    excluded: set[str]  # occurrence UIDs a series' EXDATE leaves out
    series: int  # series expanded
    occurrences: int  # events they gave
    window: tuple[date, date] | None  # where the series were expanded (None: no series)


def generated(uid: str) -> bool:
    """shequ's own festival and duty-series entries: generated from rules, not events."""
    if not uid.endswith("@shequ"):
        return False
    core = uid[: -len("@shequ")]
    return core.startswith(("festival-", "dutyrule-")) or bool(_LEGACY_DUTY.match(core))


# -- bytes and lines ---------------------------------------------------------------------------
def _lines(raw: bytes, name: str) -> list[tuple[int, str]]:
    """Unfolded content lines with the physical line number each starts on."""
    from shequ.common.tabular import decode_text

    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            raw = raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise DataError(f"无法识别文件编码：{name}（UTF-16 内容有误）") from None
    elif b"\x00" in raw[:4096]:
        raise DataError(f"文件编码不受支持：{name}（看起来是没有 BOM 的 UTF-16；请另存为 UTF-8 编码）")
    logical: list[tuple[int, bytes]] = []
    for n, line in enumerate(re.split(rb"\r\n|\n|\r", raw), start=1):
        if line[:1] in (b" ", b"\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + line[1:])
        else:
            logical.append((n, line))
    text = decode_text(b"\n".join(line for _, line in logical), name)
    return [(n, line) for (n, _), line in zip(logical, text.split("\n"))]


def _check(lines: list[tuple[int, str]], name: str) -> list[int]:
    """Every line ``名称:值`` and every BEGIN ended; returns the line of each BEGIN:VEVENT."""
    if not any(line.strip().upper() == "BEGIN:VCALENDAR" for _, line in lines):
        raise DataError(f"不是 iCalendar 文件（缺少 BEGIN:VCALENDAR）：{name}")
    opened: list[tuple[int, str]] = []  # (line, component) of each BEGIN not yet ended
    events = []
    for n, line in lines:
        if not line.strip():
            continue
        if not _LINE.match(line):
            raise DataError(f"ICS 文件第 {n} 行格式错误：{line[:60]}（应为 名称:值）：{name}")
        key, _, value = line.partition(":")
        if key.upper() == "BEGIN":
            opened.append((n, value.strip().upper()))
            if opened[-1][1] == "VEVENT":
                events.append(n)
        elif key.upper() == "END":
            if not opened or opened[-1][1] != value.strip().upper():
                where = f"第 {opened[-1][0]} 行的 BEGIN:{opened[-1][1]} 尚未结束" if opened else "前面没有对应的 BEGIN"
                raise DataError(f"ICS 文件第 {n} 行的 END:{value.strip()[:20]} 不配对（{where}）：{name}")
            opened.pop()
    if opened:
        n, comp = opened[-1]
        raise DataError(f"ICS 文件不完整：第 {n} 行的 BEGIN:{comp[:20]} 没有对应的 END:{comp[:20]}（文件可能被截断）：{name}")
    return events


def _calendars(lines: list[tuple[int, str]], name: str) -> list[Any]:
    from icalendar import Calendar

    text = "\r\n".join(line for _, line in lines if line.strip()) + "\r\n"
    try:
        return list(Calendar.from_ical(text, multiple=True))
    except Exception as exc:  # noqa: BLE001 - any failure of the library on a foreign file is the file's
        raise DataError(f"ICS 文件无法解析：{name}（内容不符合 iCalendar 格式，{type(exc).__name__}）") from None


# -- one event ---------------------------------------------------------------------------------
class _Bad(Exception):
    pass


def _raw(value: Any) -> str:
    try:
        text = value.to_ical()
        return (text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text))[:40]
    except Exception:  # noqa: BLE001
        return str(value)[:40]


def _broken(comp: Any, key: str, what: str) -> None:
    """The library could not read *key* (icalendar 7 keeps the text, 6 drops the property)."""
    if any(str(k).upper() == key for k, _ in getattr(comp, "errors", []) or []):
        value = comp.get(key)
        raise _Bad(f"{what}无法识别：{key}" + (f":{_raw(value)}" if value is not None and not isinstance(value, list) else ""))


#: The properties whose value shequ reads (others a client adds are its own business).
_READ = (("DTSTART", "开始时间"), ("DTEND", "结束时间"), ("DURATION", "时长"), ("RECURRENCE-ID", "重复活动的原定时间"),
         ("RRULE", "重复规则"), ("RDATE", "重复日期"), ("EXDATE", "排除日期"))


def _once(comp: Any, key: str, kinds: tuple[type, ...], what: str) -> Any:
    """The decoded value of a property an event has at most once, of the given types."""
    value = comp.get(key)
    if isinstance(value, list):
        raise _Bad(f"{key}（{what}）出现 {len(value)} 次，只能有 1 个")
    _broken(comp, key, what)
    if value is None:
        return None
    try:
        decoded = comp.decoded(key)
    except Exception:  # noqa: BLE001
        raise _Bad(f"{what}无法识别：{key}:{_raw(value)}") from None
    if not isinstance(decoded, kinds):
        raise _Bad(f"{what}无法识别：{key}:{_raw(value)}")
    return decoded


def _many(comp: Any, key: str, what: str) -> list[Any]:
    """Every date or date-time of a list property (RDATE, EXDATE), each written once or more."""
    _broken(comp, key, what)
    value = comp.get(key)
    if value is None:
        return []
    out = []
    for item in value if isinstance(value, list) else [value]:
        for v in getattr(item, "dts", None) or []:
            dt = v.dt[0] if isinstance(v.dt, tuple) else v.dt  # a PERIOD starts at its first value
            if not isinstance(dt, (date, datetime)):
                raise _Bad(f"{what}无法识别：{key}:{_raw(item)}")
            out.append(dt)
    return out


def _same_kind(start: Any, end: Any) -> Any:
    """*end* comparable with *start*, or None (a date against a date-time)."""
    if isinstance(start, datetime) != isinstance(end, datetime):
        return None
    if isinstance(start, datetime) and (start.tzinfo is None) != (end.tzinfo is None):
        end = end.replace(tzinfo=start.tzinfo)  # one side's TZID unknown: take it as the other's zone
    return end


def _length(comp: Any, start: Any) -> timedelta | None:
    end = _once(comp, "DTEND", (date, datetime), "结束时间")
    if end is not None:
        end = _same_kind(start, end)
        return end - start if end is not None else None
    duration = _once(comp, "DURATION", (timedelta,), "时长")
    return duration if duration is not None and duration > timedelta(0) else None


class _Ctx(NamedTuple):
    tz: Any
    today: date
    own: bool  # the file is shequ's export


def _local(value: Any, tz: Any) -> tuple[date, str | None]:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(tz)
        return value.date(), value.strftime("%H:%M")
    return value, None


def _domain(comp: Any, own: bool) -> str | None:
    from shequ.calendar.events import DOMAINS

    value = comp.get("CATEGORIES")
    for item in value if isinstance(value, list) else [value] if value is not None else []:
        for cat in getattr(item, "cats", None) or str(item).split(","):
            c = str(cat).strip()
            if c in DOMAINS:
                return DOMAINS[c]
            if own and _PINYIN.match(c):
                return c  # a plugin's 条线, exported by its id
    return None


def _text(comp: Any, key: str) -> str | None:
    value = comp.get(key)
    if isinstance(value, list):
        value = value[0]
    text = str(value).strip() if value is not None else ""
    return text or None


def _parsed(comp: Any, uid: str, start: Any, length: timedelta | None, ctx: _Ctx, series: str | None = None) -> Parsed:
    day, hm = _local(start, ctx.tz)
    end_time = end_date = None
    if length is not None and length > timedelta(0):
        eday, ehm = _local(start + length, ctx.tz)
        if hm is None:
            last = eday - timedelta(days=1)  # an all-day DTEND is the day after
            end_date = last.isoformat() if last > day else None
        else:
            end_time = ehm if (eday, ehm) != (day, hm) else None
            end_date = eday.isoformat() if eday > day else None
    status = str(comp.get("STATUS") or "").strip().upper()
    if status == "CANCELLED":
        state = "cancelled"
    elif str(comp.get("X-SHEQU-STATUS") or "").strip().lower() == "done" and day <= ctx.today:
        state = "done"
    else:
        state = "planned"
    return Parsed(uid, _text(comp, "SUMMARY") or "（无标题）", day.isoformat(), hm, end_time, end_date,
                  _text(comp, "LOCATION"), _text(comp, "DESCRIPTION"), state, _domain(comp, ctx.own), series)


# -- series --------------------------------------------------------------------------------------
def _key(value: Any, zone: Any, tz: Any) -> str:
    """An occurrence's RECURRENCE-ID as a UID suffix: its start in the series' own zone."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone or tz)
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def _wall(value: Any, zone: Any, tz: Any) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(zone or tz).replace(tzinfo=None) if value.tzinfo is not None else value
    return datetime.combine(value, time())


def _rules(comp: Any, start: Any, zone: Any, tz: Any) -> list[Any]:
    from dateutil.rrule import rrulestr
    from icalendar import vRecur

    _broken(comp, "RRULE", "重复规则")
    value = comp.get("RRULE")
    out = []
    for rule in value if isinstance(value, list) else [value] if value is not None else []:
        if not hasattr(rule, "items"):
            raise _Bad(f"重复规则无法识别：RRULE:{_raw(rule)}")
        rec = {str(k).upper(): v for k, v in rule.items()}
        freq = str((rec.get("FREQ") or [""])[0]).upper()
        if freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
            raise _Bad(f"不支持的重复规则：RRULE:{_raw(rule)}（只支持按日、周、月、年重复）")
        if rec.get("UNTIL"):
            until = rec["UNTIL"][0]
            if isinstance(until, datetime):
                until = _wall(until, zone, tz)
            elif isinstance(start, datetime):
                until = datetime.combine(until, time(23, 59, 59))  # a date UNTIL on a timed series: that whole day
            rec["UNTIL"] = [until]
        try:
            out.append(rrulestr(vRecur(rec).to_ical().decode(), dtstart=_wall(start, zone, tz), ignoretz=True))
        except (ValueError, TypeError, KeyError):
            raise _Bad(f"重复规则无法识别：RRULE:{_raw(rule)}") from None
    return out


def _occurrences(comp: Any, start: Any, window: tuple[date, date], ctx: _Ctx) -> tuple[list[Any], list[Any]]:
    """(starts inside *window*, starts EXDATE removes) of a series, in the series' own terms."""
    from dateutil.rrule import rruleset

    zone = start.tzinfo if isinstance(start, datetime) else None
    timed = isinstance(start, datetime)
    rs = rruleset()
    for rule in _rules(comp, start, zone, ctx.tz):
        rs.rrule(rule)
    rs.rdate(_wall(start, zone, ctx.tz))  # DTSTART is always the first occurrence (RFC 5545)
    for v in _many(comp, "RDATE", "重复日期"):
        rs.rdate(_wall(v, zone, ctx.tz))
    exdates = _many(comp, "EXDATE", "排除日期")
    off_days = {v for v in exdates if timed and not isinstance(v, datetime)}  # a date EXDATE on a timed series
    for v in exdates:
        if v not in off_days:
            rs.exdate(_wall(v, zone, ctx.tz))
    lo, hi = window
    found = []
    try:
        walls = rs.between(datetime.combine(lo - timedelta(days=2), time()),
                           datetime.combine(hi + timedelta(days=2), time()), inc=True)
    except (ValueError, TypeError, OverflowError):
        raise _Bad("重复规则无法展开（RRULE、RDATE 或 EXDATE 有误）") from None
    for wall in walls:
        value = wall.replace(tzinfo=zone) if timed else wall.date()
        day = _local(value, ctx.tz)[0]
        if lo <= day <= hi and (not timed or wall.date() not in off_days):
            found.append(value)
            if len(found) > MAX_OCCURRENCES:
                raise _Bad(f"重复活动在 {lo.isoformat()}～{hi.isoformat()} 间超过 {MAX_OCCURRENCES} 次，"
                           "请用 --period 只导入需要的期间（如 --period 2025-Q1）")
    return found, [v for v in exdates if v not in off_days]


# -- the file ----------------------------------------------------------------------------------
def read_ics(raw: bytes, name: str, *, today: date, period: Any = None, tz: str = HOME_TZ) -> IcsFile:
    """Every event of an .ics file, series expanded; any broken event is an error naming it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the library's guesses about TZIDs are not the user's business
        return _read(raw, name, today, period, tz)


def _read(raw: bytes, name: str, today: date, period: Any, tz: str) -> IcsFile:
    from zoneinfo import ZoneInfo

    lines = _lines(raw, name) if raw else []
    begins = _check(lines, name)
    calendars = _calendars(lines, name)
    zone = ZoneInfo(tz)
    comps = []
    for cal in calendars:
        own = str(cal.get("PRODID") or "").startswith("-//shequ//")
        comps += [(c, _Ctx(zone, today, own)) for c in cal.walk("VEVENT")]
    where = begins if len(begins) == len(comps) else [None] * len(comps)
    singles: dict[str, tuple[int, Parsed]] = {}
    masters: list[tuple[Any, str, Any, timedelta | None, _Ctx, str]] = []
    overrides: dict[str, list[tuple[Any, Any, Any, timedelta | None, _Ctx]]] = {}
    problems: list[str] = []
    for (comp, ctx), line in zip(comps, where):
        title = _text(comp, "SUMMARY") or "（无标题）"
        label = f"第 {line} 行起的活动“{title}”" if line else f"活动“{title}”"
        try:
            uid = _text(comp, "UID") or ""
            if generated(uid):
                continue
            for key, what in _READ:
                _broken(comp, key, what)
            start = _once(comp, "DTSTART", (date, datetime), "开始时间")
            if start is None:
                raise _Bad("缺少开始时间（DTSTART）")
            length = _length(comp, start)
            uid = uid.removesuffix("@shequ") or f"ics-{_local(start, zone)[0].isoformat()}-{title}"
            rid = _once(comp, "RECURRENCE-ID", (date, datetime), "重复活动的原定时间")
            if rid is not None:
                overrides.setdefault(uid, []).append((comp, rid, start, length, ctx))
            elif comp.get("RRULE") is not None or comp.get("RDATE") is not None:
                masters.append((comp, uid, start, length, ctx, label))
            else:
                seq = str(comp.get("SEQUENCE") or 0)
                seq_n = int(seq) if seq.isdigit() else 0
                if uid not in singles or seq_n >= singles[uid][0]:  # the same UID twice: the later version
                    singles[uid] = (seq_n, _parsed(comp, uid, start, length, ctx))
        except _Bad as exc:
            problems.append(f"{label}：{exc}")
    window = _window(period, today, [m[2] for m in masters], zone)
    events = [p for _, p in singles.values()]
    excluded: set[str] = set()
    count = 0
    expanded = set()
    for comp, uid, start, length, ctx, label in masters:
        series_zone = start.tzinfo if isinstance(start, datetime) else None
        try:
            found, removed = _occurrences(comp, start, window, ctx)
        except _Bad as exc:
            problems.append(f"{label}：{exc}")
            continue
        expanded.add(uid)
        # An override is keyed by its RECURRENCE-ID in the series' own zone, as the occurrences are.
        moved = {_key(rid, series_zone, zone): (c, s, n, x) for c, rid, s, n, x in overrides.pop(uid, [])}
        lo, hi = window
        for value in found:
            key = _key(value, series_zone, zone)
            if key not in moved:
                events.append(_parsed(comp, f"{uid}/{key}", value, length, ctx, series=uid))
                count += 1
        for key, (c, s, n, x) in moved.items():
            item = _parsed(c, f"{uid}/{key}", s, n, x, series=uid)
            if lo.isoformat() <= item.date <= hi.isoformat():
                events.append(item)
                count += 1
        excluded |= {f"{uid}/{_key(v, series_zone, zone)}" for v in removed}
    for uid, items in overrides.items():  # occurrences of a series the file does not hold
        for c, rid, s, n, x in items:
            events.append(_parsed(c, f"{uid}/{_key(rid, None, zone)}", s, n, x, series=uid))
    if problems:
        raise ValidationError(problems, subject=f"ICS 文件有误，未导入任何活动（{name}）")
    if period is not None:
        first, last = period.start.isoformat(), period.end.isoformat()
        events = [e for e in events if first <= e.date <= last]
    events.sort(key=lambda e: (e.date, e.time or "", e.uid))
    return IcsFile(events, excluded - {e.uid for e in events}, len(expanded), count, window if masters else None)


def _window(period: Any, today: date, starts: list[Any], zone: Any) -> tuple[date, date]:
    if period is not None:
        return period.start, period.end
    first = max([today.year] + [_local(s, zone)[0].year for s in starts])
    return date(today.year, 1, 1), date(first, 12, 31)
