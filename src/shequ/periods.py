"""Dates and periods as staff type them.

Periods: ``2025-03``, ``2025-Q1``, ``2025-H1`` / ``2025上半年``, ``2025``,
ranges ``2025-03..2025-05`` and relative ``this-month``, ``last-month``,
``this-quarter``, ``last-quarter``, ``this-year``, ``last-year``.
Dates: ``2025-03-15``, ``2025/3/15``, ``2025.3.15``, ``2025年3月15日``,
``3月15日`` (current year), ``today``/``今天``.

Pure functions over ``datetime.date``; errors are ``UsageError`` in Chinese.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import NamedTuple

from shequ.errors import UsageError

PERIOD_HELP = "2025-03、2025-Q1、2025-H1/2025上半年、2025、2025-03..2025-05、this-month、last-month、last-quarter、next-year"
DATE_HELP = "2025-03-15、2025/3/15、2025年3月15日、3月15日、今天、明天、昨天"


class Period(NamedTuple):
    """An inclusive span of days with a canonical label (``2025-Q1`` …).

    A NamedTuple: immutable, ordered, hashable, and free of dataclass code
    generation at import time.
    """

    start: date
    end: date
    label: str
    kind: str  # month | quarter | half | year | range | day

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        if isinstance(day, str):
            day = date.fromisoformat(day[:10])
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def title(self) -> str:
        """Chinese title: 2025年3月, 2025年第一季度, 2025年上半年 …"""
        y = self.start.year
        if self.kind == "month":
            return f"{y}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{y}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        if self.kind == "half":
            return f"{y}年{'上' if self.start.month == 1 else '下'}半年"
        if self.kind == "year":
            return f"{y}年"
        if self.kind == "day":
            return f"{y}年{self.start.month}月{self.start.day}日"
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"

    def months(self) -> list["Period"]:
        """Every calendar month touched by the period, in order."""
        out = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(month(y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def month(year: int, mon: int) -> Period:
    last = ((date(year + 1, 1, 1) if mon == 12 else date(year, mon + 1, 1)) - date(year, mon, 1)).days
    return Period(date(year, mon, 1), date(year, mon, last), f"{year:04d}-{mon:02d}", "month")


def quarter(year: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period(date(year, first, 1), month(year, first + 2).end, f"{year:04d}-Q{q}", "quarter")


def half(year: int, h: int) -> Period:
    first = 1 if h == 1 else 7
    return Period(date(year, first, 1), month(year, first + 5).end, f"{year:04d}-H{h}", "half")


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year:04d}", "year")


_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?P<y>\d{4})"
# Compiled on first use (``functools.cache``): eleven regexes cost ~2 ms at import, and most
# commands never parse a period or a date.
_PERIOD_SOURCES: list[tuple[str, str]] = [
    (rf"^{_YEAR}[-/.](?P<m>\d{{1,2}})$", "month"),
    (rf"^{_YEAR}年(?P<m>\d{{1,2}})月(份)?$", "month"),
    (rf"^{_YEAR}[-]?[Qq](?P<q>[1-4])$", "quarter"),
    (rf"^{_YEAR}年?第(?P<q>[一二三四1-4])季度$", "quarter"),
    (rf"^{_YEAR}[-]?[Hh](?P<h>[12])$", "half"),
    (rf"^{_YEAR}年?(?P<hz>[上下])半年$", "half"),
    (rf"^{_YEAR}年?(度)?$", "year"),
]


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def _relative(text: str, today: date) -> Period | None:
    y, m = today.year, today.month
    q = (m - 1) // 3 + 1
    table = {
        "this-month": lambda: month(y, m),
        "本月": lambda: month(y, m),
        "last-month": lambda: month(*_shift_month(y, m, -1)),
        "上月": lambda: month(*_shift_month(y, m, -1)),
        "this-quarter": lambda: quarter(y, q),
        "本季度": lambda: quarter(y, q),
        "last-quarter": lambda: quarter(y - 1, 4) if q == 1 else quarter(y, q - 1),
        "上季度": lambda: quarter(y - 1, 4) if q == 1 else quarter(y, q - 1),
        "this-half": lambda: half(y, 1 if m <= 6 else 2),
        "last-half": lambda: half(y - 1, 2) if m <= 6 else half(y, 1),
        "next-month": lambda: month(*_shift_month(y, m, 1)),
        "下月": lambda: month(*_shift_month(y, m, 1)),
        "next-quarter": lambda: quarter(y + 1, 1) if q == 4 else quarter(y, q + 1),
        "next-year": lambda: year_period(y + 1),
        "明年": lambda: year_period(y + 1),
        "this-year": lambda: year_period(y),
        "今年": lambda: year_period(y),
        "last-year": lambda: year_period(y - 1),
        "去年": lambda: year_period(y - 1),
    }
    make = table.get(text.lower() if text.isascii() else text)
    return make() if make else None


def _single(text: str, today: date) -> Period:
    rel = _relative(text, today)
    if rel is not None:
        return rel
    for pattern, kind in _patterns():
        mt = pattern.match(text)
        if not mt:
            continue
        y = int(mt["y"])
        if not 1900 <= y <= 2200:
            raise UsageError(f"年份超出范围：{text}（支持 1900–2200 年）")
        if kind == "month":
            m = int(mt["m"])
            if not 1 <= m <= 12:
                raise UsageError(f"无效的月份：{text}（月份应为 1–12）")
            return month(y, m)
        if kind == "quarter":
            return quarter(y, _CN_NUM[mt["q"]])
        if kind == "half":
            h = mt.groupdict().get("h")
            return half(y, int(h) if h else (1 if mt["hz"] == "上" else 2))
        return year_period(y)
    # A single day is a period too (``--period 2025-03-15``).
    try:
        d = parse_date(text, today=today)
    except UsageError:
        raise UsageError(f"无法识别的期间：{text}（可用格式：{PERIOD_HELP}）") from None
    return Period(d, d, d.isoformat(), "day")


def parse_period(text: str, *, today: date | None = None) -> Period:
    """Parse a period; raise ``UsageError`` naming the accepted forms."""
    today = today or date.today()
    raw = (text or "").strip()
    if not raw:
        raise UsageError(f"期间不能为空（可用格式：{PERIOD_HELP}）")
    if ".." in raw:
        left, _, right = raw.partition("..")
        a, b = _single(left.strip(), today), _single(right.strip(), today)
        if b.end < a.start:
            raise UsageError(f"期间范围颠倒：{raw}（开始应早于结束）")
        return Period(a.start, b.end, f"{a.label}..{b.label}", "range")
    return _single(raw, today)


_DATE_SOURCES = [
    r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$",
    r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?$",
    r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$",
    r"^(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?$",
]


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(src), kind) for src, kind in _PERIOD_SOURCES]


@cache
def _date_patterns() -> list[re.Pattern[str]]:
    return [re.compile(src) for src in _DATE_SOURCES]


def parse_date(text: str | date, *, today: date | None = None) -> date:
    """Parse a date as staff write it; ``3月15日`` means this year."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = (text or "").strip()
    today = today or date.today()
    if raw.lower() in ("today", "今天", "今日"):
        return today
    relative = {"yesterday": -1, "昨天": -1, "前天": -2, "tomorrow": 1, "明天": 1, "后天": 2}
    if raw.lower() in relative:
        from datetime import timedelta

        return today + timedelta(days=relative[raw.lower()])
    # ISO datetimes such as 2025-03-15T09:00 or "2025-03-15 09:00" give their day.
    if len(raw) > 10 and raw[10:11] in ("T", " ") and raw[4:5] == "-":
        raw = raw[:10]
    for pattern in _date_patterns():
        mt = pattern.match(raw)
        if mt:
            y = int(mt["y"]) if "y" in pattern.groupindex else today.year
            try:
                return date(y, int(mt["m"]), int(mt["d"]))
            except ValueError:
                raise UsageError(f"日期不存在：{text}") from None
    raise UsageError(f"无法识别的日期：{text}（可用格式：{DATE_HELP}）")


def parse_datetime(text: str | datetime, *, today: date | None = None) -> datetime:
    """Parse ``2025-03-15 09:30`` / ``2025-03-15T09:30`` / a plain date (00:00)."""
    if isinstance(text, datetime):
        return text
    raw = (text or "").strip()
    mt = re.match(r"^(?P<d>.+?)[ T](?P<h>\d{1,2}):(?P<mi>\d{2})(:(?P<s>\d{2}))?$", raw)
    if mt:
        day = parse_date(mt["d"], today=today)
        try:
            return datetime(day.year, day.month, day.day, int(mt["h"]), int(mt["mi"]), int(mt["s"] or 0))
        except ValueError:
            raise UsageError(f"时间不存在：{text}") from None
    day = parse_date(raw, today=today)
    return datetime(day.year, day.month, day.day)
