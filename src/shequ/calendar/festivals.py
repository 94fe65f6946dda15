"""Named days: fixed, nth-weekday, lunar festivals, the 24 solar terms, and plugin days.

Lunar dates and solar terms come from ``lunar_python`` (correct 1800–2150),
precomputed for 1900–2100 in ``_lunar_table`` (its astronomy in pure Python
cost ~40 ms a year, paid by every duty status, calendar and report).
除夕 is the last day of the twelfth lunar month, which is the 29th in years
whose twelfth month is short (2026: 02-16).  A Gregorian year holds the end of
one lunar year and the start of the next: a lunar day is listed in the year its
Gregorian date falls in, so 腊八 (12-8) of lunar year Y is mostly listed in
January of Y+1, and a year can hold two 腊八s (2022: 01-10 and 12-30) or none
(2023).  The ``source`` column says where a day is cited in the work plans
(DOMAIN §3.1), or ``外部`` for days the plans do not name but offices observe.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Iterable, NamedTuple

from shequ.errors import DataError, UsageError


#: The years the calendar answers for (``--year``, month grids): the lunar table's 1900–2100 (the
#: 腊八 and 除夕 of January 1900 belong to lunar 1899, which lunar-python answers outside the table).
YEARS = (1900, 2100)


def check_year(year: int) -> int:
    """*year*, or a ``UsageError`` when the calendar cannot answer for it (``--year 0``, ``99999``)."""
    if not YEARS[0] <= year <= YEARS[1]:
        raise UsageError(f"年份应在 {YEARS[0]}–{YEARS[1]} 之间：{year}")
    return year


class NamedDay(NamedTuple):
    day: date
    name: str
    kind: str  # 公历 | 农历 | 节气 | 第N个星期X | 插件
    source: str = ""


FIXED = [
    ("元旦", 1, 1, "篇12 L245"), ("妇女节", 3, 8, "篇12 L245"), ("学雷锋纪念日", 3, 5, "外部日期（篇5 L111 只说三月）"),
    ("植树节", 3, 12, "外部日期（篇5 L111 只说三月植树）"), ("消费者权益日", 3, 15, "外部"), ("全民国家安全教育日", 4, 15, "外部"),
    ("劳动节", 5, 1, "外部"), ("青年节", 5, 4, "篇12 L245"), ("儿童节", 6, 1, "篇12 L245"),
    ("世界环境日", 6, 5, "外部"), ("国际禁毒日", 6, 26, "外部日期（篇8 L162 只说六月禁毒宣传）"), ("建党纪念日", 7, 1, "篇12 L245"),
    ("建军节", 8, 1, "篇6 L138；篇12 L245"), ("教师节", 9, 10, "外部"), ("国庆节", 10, 1, "篇12 L245"),
    ("国际志愿者日", 12, 5, "外部"), ("国家宪法日", 12, 4, "外部日期（篇8 L162 只说十二月宪法宣传）"),
]
# (name, month, weekday 0=Monday, nth; -1 = last)
NTH_WEEKDAY = [
    ("母亲节", 5, 6, 2, "外部"),
    ("全国助残日", 5, 6, 3, "篇6 L136"),
    ("父亲节", 6, 6, 3, "外部"),
    ("全国科普日", 9, 5, 3, "外部"),
]
LUNAR = [
    ("春节", 1, 1, "篇12 L245；篇1 L27"), ("元宵节", 1, 15, "外部"), ("端午节", 5, 5, "外部"),
    ("七夕节", 7, 7, "外部"), ("中秋节", 8, 15, "外部"), ("重阳节", 9, 9, "篇6 L132；篇12 L245"),
    ("腊八节", 12, 8, "外部"),
]
WEEKDAYS_CN = "一二三四五六日"


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The *nth* (1-based; -1 = last) *weekday* (0 = Monday) of a month."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if date(year, month, d).weekday() == weekday]
    try:
        return date(year, month, days[nth - 1 if nth > 0 else nth])
    except IndexError:
        raise DataError(f"{year}年{month}月没有第{nth}个星期{WEEKDAYS_CN[weekday]}") from None


def lunar_to_solar(year: int, month: int, day: int) -> date:
    """Lunar *year*-*month*-*day* (month 1–12, not leap) → Gregorian date."""
    from shequ.calendar import _lunar_table as t

    if t.FIRST <= year <= t.LAST and 1 <= month <= 12:
        first, lengths, leap, leap_days = t.MONTHS[year - t.FIRST].split(":")
        days = [29 if c == "9" else 30 for c in lengths]
        if 1 <= day <= days[month - 1]:
            # Month m starts after months 1..m-1, and after the leap month if it came among them.
            ordinal = int(first) + sum(days[: month - 1]) + (int(leap_days) if 0 < int(leap) < month else 0)
            return date.fromordinal(ordinal + day - 1)
    from lunar_python import Lunar

    s = Lunar.fromYmd(year, month, day).getSolar()
    return date(s.getYear(), s.getMonth(), s.getDay())


def lunar_month_days(year: int, month: int) -> int:
    """Days (29 or 30) of the non-leap lunar *month* of lunar *year*."""
    from shequ.calendar import _lunar_table as t

    if t.FIRST <= year <= t.LAST:
        return 29 if t.MONTHS[year - t.FIRST].split(":")[1][month - 1] == "9" else 30
    from lunar_python import LunarMonth

    return LunarMonth.fromYm(year, month).getDayCount()


def lunar_days(year: int, month: int, day: int) -> list[date]:
    """Every Gregorian date inside *year* of lunar *month*-*day*: the 腊月 of the lunar year before
    falls in January or February, the 冬月/腊月 of this lunar year may fall in the next January.
    Day 30 of a 29-day month does not happen that lunar year."""
    out = []
    for lunar_year in (year - 1, year):
        if day == 30 and 1 <= month <= 12 and lunar_month_days(lunar_year, month) == 29:
            continue
        d = lunar_to_solar(lunar_year, month, day)
        if d.year == year:
            out.append(d)
    return out


def chuxi(year: int) -> date:
    """除夕 before the 春节 of Gregorian *year*: the day before lunar 1-1."""
    return lunar_to_solar(year, 1, 1) - timedelta(days=1)


def solar_terms(year: int) -> list[NamedDay]:
    from shequ.calendar import _lunar_table as t

    if t.FIRST <= year <= t.LAST:
        start = date(year, 1, 1).toordinal() - 1
        return sorted(NamedDay(date.fromordinal(start + int(n)), name, "节气", "清明：篇5 L112（祭扫）" if name == "清明" else "")
                      for name, n in zip(t.TERMS, t.DAYS[year - t.FIRST].split(",")))
    return _terms_from_lunar(year)


def _terms_from_lunar(year: int) -> list[NamedDay]:
    from lunar_python import Lunar

    out = []
    for y in (year, year + 1):  # a lunar year's table straddles two Gregorian years
        table = Lunar.fromYmd(y, 1, 1).getJieQiTable()
        for name, solar in table.items():
            if not name or not "\u4e00" <= name[0] <= "\u9fff":
                continue  # the table has pinyin-named duplicates (DONG_ZHI …)
            d = date(solar.getYear(), solar.getMonth(), solar.getDay())
            if d.year == year:
                out.append(NamedDay(d, name, "节气", "清明：篇5 L112（祭扫）" if name == "清明" else ""))
    unique = {(d.day, d.name): d for d in out}
    return sorted(unique.values())


def festivals(year: int, extra: Iterable[tuple[str, dict[str, Any]]] = ()) -> list[NamedDay]:
    """Every named day of a Gregorian year, sorted; *extra* = (plugin, spec) from ``shequ_festivals``.

    Memoised: a report evaluates a dozen festival windows, and each year costs ~90 lunar
    conversions.
    """
    key = tuple((plugin, tuple(sorted(spec.items()))) for plugin, spec in extra)
    return list(_festivals(year, key))


@lru_cache(maxsize=32)
def _festivals(year: int, key: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]) -> tuple[NamedDay, ...]:
    extra = [(plugin, dict(items)) for plugin, items in key]
    days = [NamedDay(date(year, m, d), name, "公历", src) for name, m, d, src in FIXED]
    days += [NamedDay(nth_weekday(year, m, wd, n), name, f"{m}月第{n}个星期{WEEKDAYS_CN[wd]}", src)
             for name, m, wd, n, src in NTH_WEEKDAY]
    for name, m, d, src in LUNAR:
        days += [NamedDay(day, name, "农历", src) for day in lunar_days(year, m, d)]
    days.append(NamedDay(chuxi(year), "除夕", "农历", "外部（春节前一日）"))
    days += solar_terms(year)
    for plugin, spec in extra:
        days += _plugin_days(year, plugin, spec)
    return tuple(sorted(days))


def _plugin_days(year: int, plugin: str, spec: dict[str, Any]) -> list[NamedDay]:
    name = spec.get("name") or "?"
    src = spec.get("source") or f"插件 {plugin}"
    try:
        if "lunar_month" in spec:
            return [NamedDay(day, name, "农历", src)
                    for day in lunar_days(year, int(spec["lunar_month"]), int(spec["lunar_day"]))]
        if "nth" in spec:
            return [NamedDay(nth_weekday(year, int(spec["month"]), int(spec["weekday"]), int(spec["nth"])), name,
                             f"{spec['month']}月第{spec['nth']}个星期{WEEKDAYS_CN[int(spec['weekday'])]}", src)]
        return [NamedDay(date(year, int(spec["month"]), int(spec["day"])), name, "公历", src)]
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise DataError(f"插件 {plugin} 的节日“{name}”定义有误：{exc}") from None


def by_date(days: Iterable[NamedDay]) -> dict[date, list[str]]:
    out: dict[date, list[str]] = {}
    for d in days:
        out.setdefault(d.day, []).append(d.name)
    return out


def plugin_festivals(pm: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every plugin's named days (``shequ_festivals``), with the plugin that declared each."""
    from shequ.plugin.manager import call_each

    return [(plugin, spec) for plugin, specs in call_each(pm, "shequ_festivals") for spec in specs or []]


def find(name: str, year: int, extra: Iterable[tuple[str, dict[str, Any]]] = ()) -> date:
    """The date of the named day in *year* (``春节``, ``重阳节``, ``清明`` …)."""
    def same(d: NamedDay) -> bool:
        return d.name == name or d.name.rstrip("节") == name.rstrip("节")

    for d in festivals(year, extra):
        if same(d):
            return d.day
    if year + 1 <= YEARS[1] and any(same(d) for d in festivals(year + 1, extra)):
        raise DataError(f"{year} 年没有{name}（这一农历日期在 {year} 年不出现）")
    raise DataError(f"找不到节日：{name}")
