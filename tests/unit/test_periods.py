from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shequ.errors import UsageError
from shequ.periods import parse_date, parse_datetime, parse_period

TODAY = date(2025, 5, 20)


@pytest.mark.parametrize(
    "text,start,end,label",
    [
        ("2025-03", date(2025, 3, 1), date(2025, 3, 31), "2025-03"),
        ("2025年3月", date(2025, 3, 1), date(2025, 3, 31), "2025-03"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31), "2025-Q1"),
        ("2025q4", date(2025, 10, 1), date(2025, 12, 31), "2025-Q4"),
        ("2025年第二季度", date(2025, 4, 1), date(2025, 6, 30), "2025-Q2"),
        ("2025-H1", date(2025, 1, 1), date(2025, 6, 30), "2025-H1"),
        ("2025上半年", date(2025, 1, 1), date(2025, 6, 30), "2025-H1"),
        ("2025年下半年", date(2025, 7, 1), date(2025, 12, 31), "2025-H2"),
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
        ("2025年", date(2025, 1, 1), date(2025, 12, 31), "2025"),
        ("2025-03..2025-05", date(2025, 3, 1), date(2025, 5, 31), "2025-03..2025-05"),
        ("this-month", date(2025, 5, 1), date(2025, 5, 31), "2025-05"),
        ("last-month", date(2025, 4, 1), date(2025, 4, 30), "2025-04"),
        ("last-quarter", date(2025, 1, 1), date(2025, 3, 31), "2025-Q1"),
        ("next-year", date(2026, 1, 1), date(2026, 12, 31), "2026"),
        ("next-month", date(2025, 6, 1), date(2025, 6, 30), "2025-06"),
        ("next-quarter", date(2025, 7, 1), date(2025, 9, 30), "2025-Q3"),
        ("2025-03-15", date(2025, 3, 15), date(2025, 3, 15), "2025-03-15"),
    ],
)
def test_parse_period(text, start, end, label):
    p = parse_period(text, today=TODAY)
    assert (p.start, p.end, p.label) == (start, end, label)


def test_relative_periods_cross_years():
    assert parse_period("last-month", today=date(2025, 1, 10)).label == "2024-12"
    assert parse_period("last-quarter", today=date(2025, 2, 1)).label == "2024-Q4"


def test_period_titles_and_months():
    assert parse_period("2025-Q1").title == "2025年第一季度"
    assert parse_period("2025-H2").title == "2025年下半年"
    assert [m.label for m in parse_period("2025-Q2").months()] == ["2025-04", "2025-05", "2025-06"]
    assert "2025-02-28" in parse_period("2025-02")
    assert date(2025, 3, 1) not in parse_period("2025-02")


@pytest.mark.parametrize("bad", ["", "2025-13", "2025-Q5", "2025-H3", "后年", "2025-05..2025-03", "abc", "2025-02-30"])
def test_bad_periods_are_usage_errors_in_chinese(bad):
    with pytest.raises(UsageError) as err:
        parse_period(bad, today=TODAY)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)
    assert err.value.exit_code == 2


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2025-03-15", date(2025, 3, 15)),
        ("2025/3/15", date(2025, 3, 15)),
        ("2025.3.5", date(2025, 3, 5)),
        ("2025年3月15日", date(2025, 3, 15)),
        ("3月15日", date(2025, 3, 15)),
        ("20250315", date(2025, 3, 15)),
        ("今天", TODAY),
        ("明天", date(2025, 5, 21)),
        ("昨天", date(2025, 5, 19)),
        ("2025-03-15T09:30:00", date(2025, 3, 15)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("bad", ["2025-02-29", "2025/13/1", "3月32日", "yesterday-ish", "15/03/2025", "大后天"])
def test_bad_dates(bad):
    with pytest.raises(UsageError):
        parse_date(bad, today=TODAY)


def test_parse_datetime():
    assert parse_datetime("2025-03-15 09:30").hour == 9
    assert parse_datetime("2025年3月15日 14:05").minute == 5
    with pytest.raises(UsageError):
        parse_datetime("2025-03-15 25:00")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_date_round_trips_in_every_notation(d):
    for text in (d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"{d.year}年{d.month}月{d.day}日"):
        assert parse_date(text) == d


@given(st.integers(1900, 2200), st.integers(1, 12))
def test_month_periods_cover_exactly_their_days(y, m):
    p = parse_period(f"{y}-{m:02d}")
    assert p.start.day == 1 and p.start.month == m
    assert (p.end.replace(day=1) == p.start) and p.end.month == m
    assert parse_period(p.label) == p


@given(st.integers(1900, 2200), st.integers(1, 4))
def test_quarters_are_three_months_and_halves_contain_them(y, q):
    p = parse_period(f"{y}-Q{q}")
    assert len(p.months()) == 3
    h = parse_period(f"{y}-H{1 if q <= 2 else 2}")
    assert h.start <= p.start and p.end <= h.end


@given(st.text(max_size=12))
def test_parse_period_never_crashes(text):
    try:
        parse_period(text, today=TODAY)
    except UsageError:
        pass
