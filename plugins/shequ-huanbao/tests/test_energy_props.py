"""Properties of the energy trend: meter readings and entered use agree; holes are never filled by guessing."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from shequ_huanbao.energy import shift, trend

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
uses = st.lists(st.integers(min_value=0, max_value=5000), min_size=12, max_size=12)


@settings(max_examples=60, deadline=None)
@given(uses, st.integers(min_value=0, max_value=10**6))
def test_meters_give_the_same_use_as_entered(kwh, start):
    entered = [(i, {"month": m, "electricity": str(k)}) for i, (m, k) in enumerate(zip(MONTHS, kwh))]
    meter, by_meter = start, [(0, {"month": "2024-12", "meter_e": str(start)})]
    for i, (m, k) in enumerate(zip(MONTHS, kwh), start=1):
        meter += k
        by_meter.append((i, {"month": m, "meter_e": str(meter)}))
    a, b = trend(entered, MONTHS, upto="2025-12"), trend(by_meter, MONTHS, upto="2025-12")
    assert [r.values["electricity"] for r in a.rows] == [r.values["electricity"] for r in b.rows] == [Decimal(k) for k in kwh]
    assert a.summary["electricity"]["total"] == b.summary["electricity"]["total"] == sum(kwh)


@settings(max_examples=60, deadline=None)
@given(uses, st.sets(st.sampled_from(MONTHS), max_size=11))
def test_a_missing_month_is_never_guessed(kwh, missing):
    records = [(i, {"month": m, "electricity": str(k)}) for i, (m, k) in enumerate(zip(MONTHS, kwh)) if m not in missing]
    t = trend(records, MONTHS, upto="2025-12")
    for row in t.rows:
        if row.month in missing:
            assert row.values["electricity"] is None and row.mom["electricity"] is None
        if shift(row.month, -1) in missing:
            assert row.mom["electricity"] is None
    assert t.summary["electricity"]["months"] == 12 - len(missing)
    assert t.summary["electricity"]["total"] == sum(k for m, k in zip(MONTHS, kwh) if m not in missing)
    assert bool(missing) == any("缺" in n for n in t.notes)


def test_months_after_today_are_left_out():
    t = trend([(1, {"month": "2025-05", "electricity": "10"})], MONTHS, upto="2025-06")
    assert [r.month for r in t.rows] == MONTHS[:6]
    assert any("缺1月、2月、3月、4月、6月" in n for n in t.notes)
