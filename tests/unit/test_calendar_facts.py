"""Dates are facts: festivals, solar terms, holidays and 调休 as the libraries and the 国务院 notices give them."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from shequ.calendar.festivals import chuxi, festivals, find, nth_weekday
from shequ.calendar.workdays import HOLIDAY, MAKEUP, WEEKEND, WORKDAY, WorkCalendar

D = date.fromisoformat


@pytest.mark.parametrize(
    "name,year,expected",
    [
        ("春节", 2025, "2025-01-29"), ("春节", 2026, "2026-02-17"), ("重阳节", 2025, "2025-10-29"),
        ("重阳节", 2026, "2026-10-18"), ("除夕", 2026, "2026-02-16"), ("除夕", 2025, "2025-01-28"),
        ("清明", 2025, "2025-04-04"), ("清明", 2026, "2026-04-05"), ("全国助残日", 2025, "2025-05-18"),
        ("中秋节", 2025, "2025-10-06"), ("端午节", 2025, "2025-05-31"), ("国家宪法日", 2025, "2025-12-04"),
    ],
)
def test_festival_dates(name, year, expected):
    assert find(name, year) == D(expected)


def test_chuxi_on_a_29_day_twelfth_month():
    # The lunar twelfth month of 2025 has 29 days: 除夕 is 腊月二十九.
    assert chuxi(2026) == D("2026-02-16") and chuxi(2026) + timedelta(days=1) == find("春节", 2026)


def test_24_solar_terms_every_year():
    for y in (2024, 2025, 2026, 2027):
        terms = [d for d in festivals(y) if d.kind == "节气"]
        assert len(terms) == 24 and len({t.name for t in terms}) == 24
        assert all(t.day.year == y for t in terms)


# Every year of one 19-year lunar cycle, plus a spread over the rest of the table and its edges.
TABLE_YEARS = sorted({*range(2020, 2039), *range(1900, 2101, 9), 1900, 2100})


@pytest.mark.parametrize("year", TABLE_YEARS)
def test_precomputed_lunar_table_agrees_with_lunar_python(year):
    """The shipped table (tools/make_lunar_table.py) must give lunar-python's own answers."""
    from lunar_python import Lunar, LunarMonth

    from shequ.calendar.festivals import _terms_from_lunar, lunar_to_solar, solar_terms

    for month in range(1, 13):
        last = LunarMonth.fromYm(year, month).getDayCount()
        for day in (1, 15, last):
            s = Lunar.fromYmd(year, month, day).getSolar()
            assert lunar_to_solar(year, month, day) == date(s.getYear(), s.getMonth(), s.getDay()), (year, month, day)
    assert solar_terms(year) == _terms_from_lunar(year)


def test_days_beyond_a_short_month_are_refused_as_lunar_python_does():
    from shequ.calendar.festivals import lunar_to_solar

    with pytest.raises(Exception, match="29 days"):
        lunar_to_solar(2025, 12, 30)  # 2025's twelfth month has 29 days


def test_nth_weekday():
    assert nth_weekday(2025, 5, 6, 3) == D("2025-05-18")
    assert nth_weekday(2025, 1, 2, 1) == D("2025-01-01")  # first Wednesday
    assert nth_weekday(2025, 3, 4, -1) == D("2025-03-28")  # last Friday


def test_plugin_festivals():
    extra = [("pufa", {"name": "宪法宣传周", "month": 12, "day": 1}),
             ("x", {"name": "农历测试", "lunar_month": 9, "lunar_day": 9}),
             ("y", {"name": "第二个周一", "month": 3, "weekday": 0, "nth": 2})]
    days = {d.name: d.day for d in festivals(2025, extra)}
    assert days["宪法宣传周"] == D("2025-12-01") and days["农历测试"] == D("2025-10-29")
    assert days["第二个周一"] == D("2025-03-10")


@pytest.fixture
def wc() -> WorkCalendar:
    return WorkCalendar()


@pytest.mark.parametrize(
    "day,kind",
    [
        ("2025-09-28", MAKEUP), ("2025-10-11", MAKEUP), ("2025-10-01", HOLIDAY), ("2025-10-08", HOLIDAY),
        ("2025-10-09", WORKDAY), ("2025-10-12", WEEKEND), ("2026-02-14", MAKEUP), ("2026-02-28", MAKEUP),
        ("2026-02-15", HOLIDAY), ("2026-02-23", HOLIDAY), ("2026-02-24", WORKDAY),
    ],
)
def test_workday_kinds(wc, day, kind):
    assert wc.info(D(day)).kind == kind


def test_whole_holiday_spans(wc):
    for d in range(1, 9):
        assert wc.info(date(2025, 10, d)).kind == HOLIDAY
    for d in range(15, 24):
        assert wc.info(date(2026, 2, d)).kind == HOLIDAY


def test_shipped_table_agrees_with_chinesecalendar():
    import chinese_calendar as cc

    ours = WorkCalendar()
    for y in (2025, 2026):
        d = date(y, 1, 1)
        while d.year == y:
            assert ours.is_workday(d) == cc.is_workday(d), d
            d += timedelta(days=1)


def test_unknown_year_warns_instead_of_guessing_silently(wc):
    info = wc.info(D("2031-03-03"))
    assert info.kind == WORKDAY and not info.known
    assert "2031" in wc.warning() and "holidays.json" in wc.warning()
    assert "调休安排尚未公布" in wc.warning()


def test_a_year_without_a_published_notice_still_has_its_statutory_days(wc):
    """《全国年节及纪念日放假办法》 (2025 revision) fixes the days off; only 调休 waits for the notice."""
    from shequ.calendar.workdays import statutory_days

    assert len(statutory_days(2040)) == 13  # 元旦1 春节4 清明1 劳动2 端午1 中秋1 国庆3
    assert len(statutory_days(2031)) == 12  # 中秋 2031 is 10-01, a 国庆 day
    for d in ("2031-10-01", "2031-10-02", "2031-10-03", "2031-05-01", "2031-05-02", "2031-01-01"):
        info = wc.info(D(d))
        assert info.kind == HOLIDAY and info.known and info.source == "statutory", d
    # 春节 2031 is 01-23: 除夕 01-22 to 初三 01-25; 清明 04-05; 端午 06-24; 中秋 10-01 shares 国庆.
    assert [wc.info(D(f"2031-01-{d}")).name for d in (21, 22, 23, 24, 25, 26)] == ["", "春节", "春节", "春节", "春节", ""]
    assert wc.info(D("2031-04-05")).name == "清明节" and wc.info(D("2031-06-24")).name == "端午节"
    assert wc.info(D("2031-10-01")).name == "国庆节、中秋节"
    assert wc.info(D("2031-10-04")).kind == WEEKEND and not wc.info(D("2031-10-04")).known  # a Saturday
    assert wc.info(D("2031-10-06")).kind == WORKDAY and not wc.info(D("2031-10-06")).known
    assert wc.shift(D("2031-10-01"), "next-workday") == D("2031-10-06")


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_days_are_inside_the_published_arrangement(wc, year):
    from shequ.calendar.workdays import statutory_days

    for d in statutory_days(year):
        assert wc.info(d).kind == HOLIDAY, d


def test_override_file_comes_first(tmp_path):
    (tmp_path / "holidays.json").write_text(json.dumps(
        {"2027": {"holidays": {"春节": [["2027-02-05", "2027-02-12"]]}, "workdays": ["2027-02-14"]}}), "utf-8")
    wc = WorkCalendar(tmp_path)
    assert wc.info(D("2027-02-08")).name == "春节" and wc.info(D("2027-02-14")).kind == MAKEUP
    assert wc.warning() is None


def test_shift(wc):
    assert wc.shift(D("2025-10-01"), "next-workday") == D("2025-10-09")
    assert wc.shift(D("2025-10-01"), "previous-workday") == D("2025-09-30")
    assert wc.shift(D("2025-10-01"), "skip") is None
    assert wc.shift(D("2025-09-28"), "next-workday") == D("2025-09-28")  # a 调休 Sunday is a workday
