"""Statutory holidays and 调休 make-up workdays.

Sources, in order: the home's override file (``holidays.json`` in the data
home, for a year the State Council has announced but no library has yet),
the table below (from the 国务院办公厅 notices), then ``chinesecalendar``.
A later year none of them knows (its 调休 notice not yet published) still has
the statutory days of 《全国年节及纪念日放假办法》 — 元旦, 春节 (除夕 to 初三),
清明, 劳动节 (5-1, 5-2), 端午, 中秋, 国庆 (10-1 to 10-3) — and weekends off;
only its 调休 (make-up workdays, bridged days off) is unknown, and every
listing says so with a warning.  An earlier year nobody knows is answered
from the weekday alone, also with a warning: never a silent guess.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from shequ.errors import DataError

# 国办发明电〔2024〕12号 (2025) and 国办发明电〔2025〕7号 (2026).
SHIPPED: dict[int, dict[str, Any]] = {
    2025: {
        "holidays": {
            "元旦": [("2025-01-01", "2025-01-01")],
            "春节": [("2025-01-28", "2025-02-04")],
            "清明节": [("2025-04-04", "2025-04-06")],
            "劳动节": [("2025-05-01", "2025-05-05")],
            "端午节": [("2025-05-31", "2025-06-02")],
            "国庆节、中秋节": [("2025-10-01", "2025-10-08")],
        },
        "workdays": ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    },
    2026: {
        "holidays": {
            "元旦": [("2026-01-01", "2026-01-03")],
            "春节": [("2026-02-15", "2026-02-23")],
            "清明节": [("2026-04-04", "2026-04-06")],
            "劳动节": [("2026-05-01", "2026-05-05")],
            "端午节": [("2026-06-19", "2026-06-21")],
            "中秋节": [("2026-09-25", "2026-09-27")],
            "国庆节": [("2026-10-01", "2026-10-07")],
        },
        "workdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    },
}
OVERRIDE_FILE = "holidays.json"
_CC_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

WORKDAY, WEEKEND, HOLIDAY, MAKEUP = "工作日", "休息日", "节假日", "调休上班"
#: The first year of the 放假办法 as revised by 国务院令第798号 (2024-11-10, in force 2025-01-01).
STATUTORY_FROM = 2025


def statutory_days(y: int) -> dict[date, str]:
    """The days off 《全国年节及纪念日放假办法》 (2025 revision) fixes for year *y*, by name:
    元旦 1 day, 春节 4 (除夕 to 正月初三), 清明节 1, 劳动节 2, 端午节 1, 中秋节 1, 国庆节 3."""
    from shequ.calendar.festivals import lunar_to_solar, solar_terms

    days: dict[date, str] = {}

    def put(d: date, name: str) -> None:
        days[d] = f"{days[d]}、{name}" if d in days else name

    put(date(y, 1, 1), "元旦")
    spring = lunar_to_solar(y, 1, 1)
    for k in range(-1, 3):
        put(spring + timedelta(days=k), "春节")
    put(next(d.day for d in solar_terms(y) if d.name == "清明"), "清明节")
    for k in (1, 2):
        put(date(y, 5, k), "劳动节")
    put(lunar_to_solar(y, 5, 5), "端午节")
    for k in (1, 2, 3):
        put(date(y, 10, k), "国庆节")
    put(lunar_to_solar(y, 8, 15), "中秋节")
    return days


class DayInfo(NamedTuple):
    day: date
    kind: str  # 工作日 | 休息日 | 节假日 | 调休上班
    name: str  # the holiday's name, for 节假日
    source: str  # override | shipped | chinesecalendar | statutory (调休 unpublished) | weekday (unknown year)

    @property
    def workday(self) -> bool:
        return self.kind in (WORKDAY, MAKEUP)

    @property
    def known(self) -> bool:
        """Certain: from a published arrangement, or a statutory day off of a year whose 调休 is not."""
        return self.source != "weekday" and (self.source != "statutory" or self.kind == HOLIDAY)


class Year(NamedTuple):
    holidays: dict[date, str]
    workdays: set[date]
    source: str


def _expand(spec: dict[str, Any], source: str) -> Year:
    holidays: dict[date, str] = {}
    for name, spans in spec.get("holidays", {}).items():
        for span in spans:
            start, end = (span, span) if isinstance(span, str) else span
            d, last = date.fromisoformat(start), date.fromisoformat(end)
            while d <= last:
                holidays[d] = name
                d += timedelta(days=1)
    workdays = {date.fromisoformat(x) for x in spec.get("workdays", [])}
    return Year(holidays, workdays, source)


class WorkCalendar:
    """Answers "is this a workday?" for any date, remembering which years it had to guess."""

    def __init__(self, home_path: Path | None = None) -> None:
        self._years: dict[int, Year | None] = {}
        self._override = self._read_override(home_path) if home_path else {}
        self.unknown_years: set[int] = set()

    @staticmethod
    def _read_override(home_path: Path) -> dict[int, dict[str, Any]]:
        path = home_path / OVERRIDE_FILE
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text("utf-8-sig"))
            return {int(y): spec for y, spec in data.items()}
        except (ValueError, AttributeError, TypeError) as exc:
            raise DataError(f"节假日覆盖文件格式错误：{path}（{exc}）") from None

    def year(self, y: int) -> Year | None:
        if y not in self._years:
            self._years[y] = self._load(y)
            if self._years[y] is None or self._years[y].source == "statutory":
                self.unknown_years.add(y)
        return self._years[y]

    def _load(self, y: int) -> Year | None:
        if y in self._override:
            try:
                return _expand(self._override[y], "override")
            except (ValueError, TypeError) as exc:
                raise DataError(f"节假日覆盖文件中 {y} 年的数据有误：{exc}") from None
        if y in SHIPPED:
            return _expand(SHIPPED[y], "shipped")
        known = self._from_chinese_calendar(y)
        if known is None and y >= STATUTORY_FROM:
            return Year(statutory_days(y), set(), "statutory")
        return known

    @staticmethod
    def _from_chinese_calendar(y: int) -> Year | None:
        try:
            import chinese_calendar as cc
        except ImportError:  # pragma: no cover
            return None
        holidays: dict[date, str] = {}
        workdays: set[date] = set()
        d = date(y, 1, 1)
        try:
            while d.year == y:
                is_holiday, name = cc.get_holiday_detail(d)
                if is_holiday and name:
                    holidays[d] = _CC_NAMES.get(str(name), str(name))
                elif not is_holiday and d.weekday() >= 5:
                    workdays.add(d)
                d += timedelta(days=1)
        except NotImplementedError:
            return None
        return Year(holidays, workdays, "chinesecalendar")

    def info(self, d: date) -> DayInfo:
        yr = self.year(d.year)
        if yr is None:
            return DayInfo(d, WEEKEND if d.weekday() >= 5 else WORKDAY, "", "weekday")
        if d in yr.holidays:
            return DayInfo(d, HOLIDAY, yr.holidays[d], yr.source)
        if d in yr.workdays:
            return DayInfo(d, MAKEUP, "", yr.source)
        return DayInfo(d, WEEKEND if d.weekday() >= 5 else WORKDAY, "", yr.source)

    def is_workday(self, d: date) -> bool:
        return self.info(d).workday

    def shift(self, d: date, how: str) -> date | None:
        """Move *d* off a rest day: ``next-workday``, ``previous-workday``, ``skip`` (None) or ``none``."""
        if how in ("none", "", None) or self.is_workday(d):
            return d
        if how == "skip":
            return None
        step = timedelta(days=1 if how == "next-workday" else -1)
        for _ in range(40):
            d += step
            if self.is_workday(d):
                return d
        raise DataError(f"40 天内找不到工作日：{d}")  # pragma: no cover

    def warning(self) -> str | None:
        if not self.unknown_years:
            return None
        statutory = sorted(y for y in self.unknown_years if self._years.get(y) is not None)
        guessed = sorted(y for y in self.unknown_years if self._years.get(y) is None)
        parts = []
        if statutory:
            parts.append(f"{'、'.join(map(str, statutory))} 年的调休安排尚未公布：已按《全国年节及纪念日放假办法》"
                         "标出法定节假日，调休上班和调休放假的日子未知")
        if guessed:
            parts.append(f"没有 {'、'.join(map(str, guessed))} 年的法定节假日数据，只按周末判断工作日")
        return f"警告：{'；'.join(parts)}；国务院公布安排后请写入数据目录下的 {OVERRIDE_FILE}"
