"""Lunar festivals are listed in the Gregorian year their date falls in, checked for every year the
calendar answers for against ``lunardate`` (an independent lunar table, a test dependency)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shequ.calendar.festivals import YEARS, festivals

ALL_YEARS = range(YEARS[0], YEARS[1] + 1)
LUNARDATE_YEARS = range(1901, 2100)  # lunardate's table starts at lunar 1900, whose 腊八 is in 1901


def reference(year: int, month: int, day: int) -> list[date]:
    """Lunar *month*-*day* of the lunar years that can reach Gregorian *year*, kept if inside it."""
    from lunardate import LunarDate

    out = []
    for lunar_year in (year - 1, year):
        try:
            d = LunarDate(lunar_year, month, day).to_solar_date()
        except ValueError:
            continue
        if d.year == year:
            out.append(d)
    return out


def listed(year: int, name: str) -> list[date]:
    return [d.day for d in festivals(year) if d.name == name]


def test_laba_in_every_year_is_the_one_inside_that_year():
    wrong = {y: (listed(y, "腊八节"), reference(y, 12, 8)) for y in LUNARDATE_YEARS if listed(y, "腊八节") != reference(y, 12, 8)}
    assert not wrong
    assert YEARS == (1900, 2100)
    # The edges, beyond lunardate: lunar 1899's 腊八 opens 1900 (春节 1900-01-31), 2100 has lunar 2099's only.
    assert listed(1900, "腊八节") == [date(1900, 1, 8)] and listed(1900, "春节") == [date(1900, 1, 31)]
    assert listed(2100, "腊八节") == [date(2100, 1, 17)]
    assert all(len(listed(y, "春节")) == 1 and len(listed(y, "腊八节")) <= 2 for y in ALL_YEARS)
    # 2022 holds two 腊八 (lunar 2021's and lunar 2022's), 2023 none; 2025's is in January.
    assert listed(2022, "腊八节") == [date(2022, 1, 10), date(2022, 12, 30)]
    assert listed(2023, "腊八节") == []
    assert listed(2025, "腊八节") == [date(2025, 1, 7)]
    from shequ.calendar.festivals import find
    from shequ.errors import DataError

    assert find("腊八", 2022) == date(2022, 1, 10)  # the first of the year
    with pytest.raises(DataError, match="2023 年没有腊八"):
        find("腊八节", 2023)


#: The two lunar tables disagree on when these lunar months began (astronomy at the edge of a
#: day); shequ's table follows lunar-python (tools/make_lunar_table.py), so these stay as they are.
DISAGREE = {("中秋节", 1978): [date(1978, 9, 17)], ("重阳节", 2057): [date(2057, 10, 7)]}


@pytest.mark.parametrize("name,month,day", [("春节", 1, 1), ("元宵节", 1, 15), ("端午节", 5, 5), ("七夕节", 7, 7),
                                            ("中秋节", 8, 15), ("重阳节", 9, 9)])
def test_other_lunar_festivals_every_year(name, month, day):
    wrong = {y: (listed(y, name), reference(y, month, day)) for y in LUNARDATE_YEARS
             if listed(y, name) != DISAGREE.get((name, y), reference(y, month, day))}
    assert not wrong


def test_chuxi_every_year_is_the_day_before_chunjie():
    from lunardate import LunarDate

    for y in LUNARDATE_YEARS:
        (chuxi,) = listed(y, "除夕")
        spring = LunarDate(y, 1, 1).to_solar_date()
        assert chuxi == spring - timedelta(days=1), y
        before = LunarDate.from_solar_date(chuxi.year, chuxi.month, chuxi.day)
        assert (before.month, before.day in (29, 30), before.is_leap_month) == (12, True, False), y


def test_a_plugin_day_in_the_twelfth_lunar_month_follows_the_same_rule():
    extra = [("x", {"name": "小年", "lunar_month": 12, "lunar_day": 23}),
             ("x", {"name": "腊月三十", "lunar_month": 12, "lunar_day": 30})]
    assert [d.day for d in festivals(2025, extra) if d.name == "小年"] == reference(2025, 12, 23) == [date(2025, 1, 22)]
    # 腊月三十 exists only in lunar years whose twelfth month has 30 days: no error in the others.
    for y in (2024, 2025, 2026, 2027):
        assert [d.day for d in festivals(y, extra) if d.name == "腊月三十"] == reference(y, 12, 30), y


def test_month_grid_and_ics_export_list_both_laba_of_2022(run, tmp_path):
    import json

    from icalendar import Calendar

    days = {r["date"]: r["festivals"] for r in json.loads(run("calendar", "month", "2022-12", "--json").stdout)}
    assert "腊八节" in days["2022-12-30"]
    jan = {r["date"]: r["festivals"] for r in json.loads(run("calendar", "month", "2022-01", "--json").stdout)}
    assert "腊八节" in jan["2022-01-10"]
    target = tmp_path / "2022.ics"
    run("calendar", "export", str(target), "--period", "2022", "--festivals")
    laba = sorted(v.decoded("DTSTART") for v in Calendar.from_ical(target.read_bytes()).walk("VEVENT")
                  if str(v["SUMMARY"]) == "腊八节")
    assert laba == [date(2022, 1, 10), date(2022, 12, 30)]
