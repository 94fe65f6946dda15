"""The tier classifier of 篇4 L70–77 and the date of 重阳, as pure functions."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shequ_yanglao.rules import ASSISTANCE, ECONOMY, NEEDS, SELF_CARE, TIERS, age_on, chongyang, classify, in_effect, signature

UNABLE_LOW = {"self_care": "不能自理", "assistance": ["低保"], "civil_aid": True}


def test_reading_a_needs_every_condition_of_l71():
    assert classify(72, True, UNABLE_LOW).tier == "无偿"
    v = classify(72, True, UNABLE_LOW)
    assert v.reasons == ["年满70周岁、生活不能自理、在市区无子女照顾的低保老人（篇4 L71，解读A）"]
    assert classify(69, True, UNABLE_LOW).tier == "低偿"          # under 70: ① 空巢 and 不能自理
    assert classify(72, False, UNABLE_LOW).tier == "志愿"         # children in the city
    assert classify(72, True, {**UNABLE_LOW, "self_care": "能自理"}).tier == "志愿"
    assert classify(72, True, {**UNABLE_LOW, "assistance": []}).tier == "低偿"


def test_reading_b_takes_any_listed_group_alone():
    alone = {"self_care": "能自理", "assistance": ["革命五老"], "civil_aid": False}
    assert classify(61, False, alone, "A").tier == "志愿"
    v = classify(61, False, alone, "B")
    assert v.tier == "无偿" and v.reasons == ["革命“五老人员”（篇4 L71，解读B：单列即可）"]


def test_centenarians_are_free_under_both_readings_even_without_a_profile():
    for reading in ("A", "B"):
        v = classify(100, False, None, reading)
        assert v.tier == "无偿" and "百岁老人" in v.reasons[0] and "未建养老档案" in v.notes[0]


def test_low_fee_rules_of_l73_l74_l75():
    assert classify(65, True, {"self_care": "不能自理"}).reasons == ["①生活不能自理的“空巢”老人（篇4 L73）"]
    assert classify(80, True, {"civil_aid": False}).reasons == ["②未享受民政救助的80周岁以上“空巢”老人（篇4 L74）"]
    assert classify(80, True, {"civil_aid": True}).tier == "志愿"
    assert classify(80, True, {"assistance": ["三无"]}, "A").tier == "志愿"  # 三无 is 民政救助; A needs 不能自理
    assert classify(79, True, {"civil_aid": False}).tier == "志愿"
    hard = {"economy": "有一定经济来源但生活仍很困难"}
    assert classify(62, False, hard).reasons == ["③有一定经济来源但生活仍很困难（篇4 L75）"]
    both = classify(85, True, {"self_care": "不能自理", "civil_aid": False})
    assert both.tier == "低偿" and len(both.reasons) == 2


def test_unknown_aid_is_said_not_guessed():
    v = classify(85, True, {"self_care": "能自理"})
    assert v.tier == "志愿" and any("未登记是否享受民政救助" in n for n in v.notes)
    assert any("未登记自理能力" in n for n in classify(75, True, {"assistance": ["低保"]}).notes)


def test_paid_and_volunteer_tiers():
    rich = {"economy": "有经济能力", "needs": ["送餐"], "civil_aid": False}
    assert classify(66, False, rich).reasons == ["有经济能力，需要送餐服务，自费购买（篇4 L76）"]
    assert classify(66, False, {"economy": "有经济能力"}).tier == "志愿"  # no need named: not 有偿
    v = classify(75, True, {"sick_disabled": True, "civil_aid": True})
    assert v.tier == "志愿" and v.priority == ["空巢", "高龄", "病残"]


def test_override_wins_and_keeps_the_computed_tier():
    v = classify(66, False, None, override=("无偿", "孤寡老人，经居委会讨论认定", 12))
    assert v.tier == "无偿" and v.computed == "志愿"
    assert v.reasons == ["人工调整：孤寡老人，经居委会讨论认定（调整记录 #12）"] and v.notes[0].startswith("按规则为志愿")


def test_a_reading_other_than_a_or_b_is_refused():
    with pytest.raises(ValueError, match="A 或 B"):
        classify(70, True, None, "C")


profiles = st.one_of(st.none(), st.fixed_dictionaries({}, optional={
    "self_care": st.sampled_from(SELF_CARE), "assistance": st.lists(st.sampled_from(ASSISTANCE), unique=True),
    "civil_aid": st.booleans(), "economy": st.sampled_from(ECONOMY), "needs": st.lists(st.sampled_from(NEEDS), unique=True),
    "sick_disabled": st.booleans()}))


@given(st.integers(60, 110), st.booleans(), profiles)
def test_reading_b_frees_everyone_reading_a_frees(age, nest, profile):
    a, b = classify(age, nest, profile, "A"), classify(age, nest, profile, "B")
    assert a.tier in TIERS and b.tier in TIERS and a.reasons and b.reasons
    if a.tier == "无偿":
        assert b.tier == "无偿"


@given(st.integers(60, 110), st.integers(60, 110), st.booleans(), profiles)
def test_the_signature_says_everything_classify_reads(age1, age2, nest, profile):
    if signature(age1, nest, profile) == signature(age2, nest, profile):
        assert classify(age1, nest, profile) == classify(age2, nest, profile)


def test_age_and_records_in_effect():
    assert age_on("1935-10-29", date(2025, 10, 29)) == 90 and age_on("1935-10-30", date(2025, 10, 29)) == 89
    assert age_on(None, date(2025, 1, 1)) is None and age_on("19xx-01-01", date(2025, 1, 1)) is None
    docs = [{"since": "2025-01-01", "v": 1}, {"since": "2025-07-01", "v": 2}]
    assert in_effect(docs, "2025-06-30")["v"] == 1 and in_effect(docs, "2025-07-01")["v"] == 2
    assert in_effect(docs, "2024-12-31") is None
    spans = [{"start": "2025-01-01", "end": "2025-03-31"}]
    assert in_effect(spans, "2025-04-01", "start", "end") is None


def test_chongyang_is_lunar_9_9_every_year():
    from lunar_python import Lunar

    for year in range(1900, 2101):
        solar = Lunar.fromYmd(year, 9, 9).getSolar()
        assert chongyang(year) == date(solar.getYear(), solar.getMonth(), solar.getDay()), year
    assert chongyang(2025) == date(2025, 10, 29)
    with pytest.raises(ValueError):
        chongyang(2101)


@settings(max_examples=60, deadline=None)
@given(births=st.lists(st.one_of(st.none(), st.sampled_from(["1935-10-29", "1935-10-30", "1935-10-28", "1935-1-1", "1930",
                                                             "1930-01-01T08:00", "", "1990-05-05"]),
                                 st.dates(date(1900, 1, 1), date(2025, 12, 31)).map(date.isoformat)), max_size=25))
def test_chongyang_members_over_the_register_equal_the_per_person_test(births):
    """重阳慰问对象 over the whole register (its birth dates sorted once) picks exactly whom the
    per-person test picks, odd birth dates included."""
    import tempfile

    from shequ.people.register import Register
    from shequ.store import Home, init_home
    from shequ_yanglao import _chongyang_members, _chongyang_test

    with tempfile.TemporaryDirectory() as tmp:
        home = Home(f"{tmp}/h")
        init_home(home, name="测试", level="社区")
        with home.transaction("seed") as s:
            for i, birth in enumerate(births, start=1):
                s.put("people", "people", i, {"name": "某", **({"birth": birth} if birth is not None else {})})
        on = date(2025, 10, 29)
        with home.read() as s:
            reg = Register(s, on, {})
            slow = {int(k) for k, doc in reg.docs.items() if _chongyang_test(doc, on)}  # it reads only "birth"
            assert set(_chongyang_members(reg)) == slow


@given(st.lists(st.one_of(st.dates(date(1900, 1, 1), date(2025, 12, 31)).map(date.isoformat),
                          st.sampled_from(["1935-03-31", "1935-04-01", "1964-02-29", "19xx-01-01", "1935", ""]),
                          st.none()), max_size=30),
       st.sampled_from([date(2025, 3, 31), date(2024, 2, 29), date(2025, 10, 29)]))
def test_ages_of_many_equal_the_age_of_each(births, on):
    """service._ages works each distinct date out once; the answer is the arithmetic per date."""
    from shequ_yanglao.service import _ages

    md = on.isoformat()[5:]
    try:
        each = [on.year - int(b[:4]) - (md < b[5:]) for b in births]
    except (TypeError, ValueError):
        each = [age_on(b, on) for b in births]
    assert _ages(births, on) == each
