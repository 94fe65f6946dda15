"""The pure rules: money in 元 and 分, months, the settings' parsers (properties, not examples only)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shequ import DataError
from shequ_minzheng.labels import MONTHLY, account_of, cents_problem, month_problem
from shequ_minzheng.rules import (add_months, band_amount, month_end, months_later, parse_amounts, parse_bands,
                                  parse_money, program_of)

cents = st.integers(min_value=1, max_value=10**9)


@given(cents)
def test_money_round_trips_in_cents(n):
    text = f"{n // 100}.{n % 100:02d}"
    assert parse_money(text) == Decimal(n) / 100
    assert parse_money(f"¥{int(text.split('.')[0]):,}.{text.split('.')[1]}元") == Decimal(n) / 100


@given(cents, st.integers(min_value=1, max_value=9))
def test_three_decimals_are_refused_everywhere(n, last):
    text = f"{n // 100}.{n % 100:02d}{last}"
    with pytest.raises(DataError, match="最多两位小数"):
        parse_money(text, "金额")
    assert "最多两位小数" in cents_problem(text)


@pytest.mark.parametrize("text", ["0", "-5", "abc", "12,5", ""])
def test_bad_amounts(text):
    with pytest.raises(DataError):
        parse_money(text)


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=12), st.integers(-40, 40))
def test_month_arithmetic(y, m, n):
    label = f"{y:04d}-{m:02d}"
    assert add_months(add_months(label, n), -n) == label
    assert month_problem(add_months(label, n)) is None
    assert month_end(label).month == m and (month_end(label).replace(day=1) == date(y, m, 1))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 36))
def test_months_later_keeps_the_day_or_the_month_end(day, n):
    later = months_later(day, n)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == n
    assert later.day == day.day or later == month_end(f"{later.year:04d}-{later.month:02d}")


def test_bands_take_the_highest_reached():
    bands = parse_bands("90=100, 80=50，100周岁=300")
    assert bands == ((80, Decimal("50.00")), (90, Decimal("100.00")), (100, Decimal("300.00")))
    assert [band_amount(bands, a) for a in (None, 79, 80, 89, 90, 99, 100, 104)] == [
        None, None, Decimal(50), Decimal(50), Decimal(100), Decimal(100), Decimal(300), Decimal(300)]
    assert parse_bands("  ") == ()
    for bad, why in (("八十=50", "年龄=月金额"), ("80=50,80=60", "重复"), ("80=0.001", "最多两位小数"), ("200=5", "1–150")):
        with pytest.raises(ValueError, match=why):
            parse_bands(bad)


def test_program_amounts_name_real_programs():
    assert parse_amounts("重度残疾人生活补助=120,物价补贴=30.5") == {"重度残疾人生活补助": Decimal("120.00"),
                                                                  "物价补贴": Decimal("30.50")}
    with pytest.raises(ValueError, match="未知的救助项目"):
        parse_amounts("低保金=500")


@pytest.mark.parametrize("program", MONTHLY)
def test_every_program_has_its_account(program):
    assert program_of(account_of(program)) == program
    assert program_of("支出:慰问") is None and program_of("支出:民政:优抚慰问") is None
