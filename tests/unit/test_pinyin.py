from shequ.people.pinyin import name_keys


def test_surname_overrides():
    assert name_keys("曾国藩") == ("zengguofan", "zgf")
    assert name_keys("单田芳")[0] == "shantianfang"
    assert name_keys("解缙")[0] == "xiejin"
    assert name_keys("欧阳修") == ("ouyangxiu", "oyx")
    assert name_keys("区志强")[0].startswith("ou")
    assert name_keys("翟")[0] == "zhai"


def test_plain_names_and_mixed_text():
    assert name_keys("王芳") == ("wangfang", "wf")
    assert name_keys("Anna李") == ("annali", "al")


def test_cached_readings_agree_with_lazy_pinyin():
    """Our per-character reader must say exactly what pypinyin's lazy_pinyin says."""
    import os
    import sys
    from pathlib import Path

    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import lazy_pinyin

    from shequ.people.pinyin import _convert

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))
    from make_roster import GIVEN_F, GIVEN_M, SURNAMES

    text = GIVEN_M + GIVEN_F + SURNAMES + "绿女吕略虐嗯"
    assert _convert(text) == lazy_pinyin(text)


def test_generated_table_matches_pypinyin_and_rare_chars_fall_back():
    import os

    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import lazy_pinyin

    from shequ.people._pinyin_table import GROUPS
    from shequ.people.pinyin import _convert

    chars = "".join(GROUPS.values())
    assert len(chars) == 6763
    assert _convert(chars) == lazy_pinyin(chars)
    rare = "㑇䶮龑犇"  # outside GB2312
    assert _convert(rare) == lazy_pinyin(rare)
