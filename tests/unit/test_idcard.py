"""身份证 (GB 11643) and phone validation, with property tests of the checksum."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shequ.people.idcard import age_on, check_char, normalize_phone, parse_id, upgrade15

VALID = "11010519491231002X"


def make(region: str, born: date, seq: int) -> str:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + check_char(body)


regions = st.sampled_from(["110105", "330106", "441900", "810000", "820000", "830000", "911000", "510104"])
births = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 6, 30))


@given(regions, births, st.integers(0, 999))
def test_valid_ids_round_trip(region, born, seq):
    number = make(region, born, seq)
    info = parse_id(number, today=date(2025, 6, 30))
    assert info.number == number and info.birth == born
    assert info.gender == ("男" if seq % 2 else "女")
    assert parse_id(number.lower(), today=date(2025, 6, 30)).number == number  # x → X


@given(regions, births, st.integers(0, 999), st.integers(0, 17), st.integers(1, 10))
def test_any_single_character_change_is_rejected(region, born, seq, pos, delta):
    number = make(region, born, seq)
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    changed = alphabet[(alphabet.index(number[pos]) + delta) % len(alphabet)]
    if changed == number[pos]:
        return
    bad = number[:pos] + changed + number[pos + 1 :]
    with pytest.raises(ValueError):
        parse_id(bad, today=date(2025, 6, 30))


def test_known_examples_and_reasons():
    assert parse_id(VALID).gender == "女"
    with pytest.raises(ValueError, match="校验位错误"):
        parse_id("110105194912310021")
    with pytest.raises(ValueError, match="出生日期不存在"):
        parse_id(make("110105", date(1949, 12, 31), 2)[:10] + "0230" + "0025")
    with pytest.raises(ValueError, match="18 位"):
        parse_id("1101051949123100")
    with pytest.raises(ValueError, match="前 17 位"):
        parse_id("11010519491231002Y")
    with pytest.raises(ValueError, match="不合理"):
        parse_id(make("110105", date(2030, 1, 1), 1), today=date(2025, 1, 1))


def test_fifteen_digit_upgrade():
    info = parse_id("110105491231002")
    assert info.upgraded and info.number == VALID
    assert upgrade15("110105491231002") == VALID
    with pytest.raises(ValueError, match="出生日期不存在"):
        parse_id("110105490231002")  # 1949-02-31


def test_phones():
    assert normalize_phone("138 1234 5678") == "13812345678"
    assert normalize_phone("+86 13812345678") == "13812345678"
    assert normalize_phone("057188001234") == "0571-88001234"
    assert normalize_phone("010-12345678") == "010-12345678"
    for bad in ("1381234567", "12812345678", "88001234", "abc"):
        with pytest.raises(ValueError, match="电话号码格式不对"):
            normalize_phone(bad)


def test_age_in_zhousui():
    assert age_on(date(1935, 10, 29), date(2025, 10, 29)) == 90
    assert age_on(date(1935, 10, 30), date(2025, 10, 29)) == 89
    assert age_on(date(2000, 2, 29), date(2025, 2, 28)) == 24
    assert age_on(date(2000, 2, 29), date(2025, 3, 1)) == 25


BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))


@given(st.lists(st.one_of(BIRTHS, st.none()), max_size=30), BIRTHS)
def test_column_ages_match_the_date_rule(births, on):
    """``people.ages_on`` (C-level maps over a listing's birth column) is ``age_on`` date by date."""
    from shequ.people.register import ages_on

    column = [b.isoformat() if b else None for b in births]
    assert ages_on(column, on) == [age_on(b, on) if b else None for b in births]


def test_column_ages_of_hand_typed_junk_are_none_not_a_crash():
    from shequ.people.register import ages_on

    on = date(2025, 10, 29)
    assert ages_on(["1935-10-29", "19xx-01-01", 1950, "", None, "1935-10-30"], on) == [90, None, None, None, None, 89]
    assert ages_on(["1950-3-5", "1935-10-29"], on) == [None, 90]  # not YYYY-MM-DD: the careful path


def test_full_width_input_is_stored_ascii_and_caught_as_a_duplicate(tmp_path):
    """Chinese input methods type １１０１０５…: one form only, or the one-person-per-身份证
    check is bypassed by typing the same number in the other width."""
    import json
    import unicodedata

    from shequ.testing import runner

    wide = "".join(chr(ord(c) + 0xFEE0) for c in VALID)  # １１０１０５…００２Ｘ
    assert unicodedata.normalize("NFKC", wide) == VALID and wide != VALID
    assert parse_id(wide, today=date(2025, 6, 30)).number == VALID
    assert parse_id(wide[:-1] + "ｘ", today=date(2025, 6, 30)).number == VALID
    old15 = "".join(chr(ord(c) + 0xFEE0) for c in "330106540719051")  # 15 digits, full-width
    assert parse_id(old15, today=date(2025, 6, 30)).number.isascii()
    with pytest.raises(ValueError, match="校验位错误"):  # not "前 17 位应为数字"
        parse_id(wide[:-1] + "１", today=date(2025, 6, 30))
    with pytest.raises(ValueError, match="应为数字"):  # other scripts' digits are not digits here
        parse_id("١" + VALID[1:], today=date(2025, 6, 30))
    assert normalize_phone("１３８１２３４５６７８") == "13812345678"
    run = runner(tmp_path / "h", today="2025-06-30")
    run("init")
    run("people", "add", "甲", "--id-card", wide, "--phone", "１３８１２３４５６７８")
    (row,) = json.loads(run("people", "list", "--json", "--reveal").stdout)
    assert row["id_card"] == VALID and row["phone"] == "13812345678"
    assert "已登记为 #1" in run("people", "add", "乙", "--id-card", VALID, code=1).stderr
    assert "已登记为 #1" in run("people", "add", "丙", "--id-card", wide, code=1).stderr


@pytest.mark.parametrize("region", ["000000", "100000", "160000", "200000", "390000", "470000", "550000",
                                    "660000", "700000", "800000", "840000"])
def test_an_address_code_no_province_has_is_refused(region):
    with pytest.raises(ValueError, match="地址码不存在"):
        parse_id(make(region, date(1980, 1, 1), 12), today=date(2025, 6, 30))


@pytest.mark.parametrize("region", ["110105", "650102", "710000", "810000", "820000", "830000", "911000", "960000"])
def test_every_province_and_the_special_numbers_are_accepted(region):
    assert parse_id(make(region, date(1980, 1, 1), 12), today=date(2025, 6, 30))


def test_the_help_example_is_a_valid_number():
    import re

    from shequ.testing import runner

    shown = runner("/nonexistent-home")("people", "add", "--help").stdout
    for number in re.findall(r"--id-card ([0-9X]{15,18})", shown):
        assert parse_id(number, today=date(2025, 6, 30))


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_character_is_the_gb11643_sum(first17):
    """The checksum's shortcut over the digits' bytes gives GB 11643's Σ dᵢ·wᵢ mod 11."""
    from shequ.people.idcard import CHECK, WEIGHTS

    assert check_char(first17) == CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]
