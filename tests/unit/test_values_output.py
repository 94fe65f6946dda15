"""Value coercion, masking, rendering and table reading."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shequ.errors import DataError, UsageError
from shequ.common.output import Column, format_for, mask_id_card, mask_phone, render
from shequ.common.tabular import decode_text, read_table
from shequ.common.values import coerce_scalar, parse_bool, parse_decimal, parse_list


@pytest.mark.parametrize(
    "raw,expected",
    [("1234.5", "1234.5"), ("1,234.50", "1234.50"), ("¥1234.50", "1234.50"), ("1234.50元", "1234.50"), ("-3", "-3"), (7, "7")],
)
def test_decimal(raw, expected):
    assert parse_decimal(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["12,5", "abc", "1.2.3", "", "1,23", True])
def test_bad_decimal(raw):
    with pytest.raises(ValueError):
        parse_decimal(raw)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_round_trips_with_thousands_separators(d):
    assert parse_decimal(f"{d:,}") == d
    assert parse_decimal(f"¥{d}元") == d


def test_bool_and_list():
    assert parse_bool("是") is True and parse_bool("否") is False and parse_bool("TRUE") is True
    with pytest.raises(ValueError):
        parse_bool("也许")
    assert parse_list("甲、乙，丙;丁") == ["甲", "乙", "丙", "丁"]


def test_scalar_dates_are_data_errors_not_usage():
    with pytest.raises(ValueError, match="日期不存在"):
        coerce_scalar("date", "2025-02-30")
    assert coerce_scalar("datetime", "2025/3/1 9:05") == "2025-03-01 09:05"


def test_masks():
    assert mask_id_card("11010519491231002X") == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("010-12345678") == "010*****5678"
    assert mask_id_card(None) is None and mask_phone("") == ""


def test_format_for():
    assert format_for("x.csv", None) == "csv"
    assert format_for("x.csv", "json") == "json"
    assert format_for(None, None) == "table"
    with pytest.raises(UsageError, match="扩展名"):
        format_for("x.pdf", None)


def test_render_empty_table_says_so():
    assert render([], [Column("a", "甲")], "table") == "（无记录）\n"
    assert render([], [Column("a", "甲")], "json") == "[]\n"


def test_decode_text():
    assert decode_text("社区".encode("gb18030"), "x") == "社区"
    assert decode_text("\ufeff社区".encode("utf-8"), "x") == "社区"
    with pytest.raises(DataError, match="UTF-16"):
        decode_text("社区".encode("utf-16"), "x")


def test_read_table_csv_variants(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes("\n姓名,年龄\n张三,30\n\n李四,40\n".encode("gbk"))
    t = read_table(p)
    assert t.headers == ["姓名", "年龄"]
    assert t.rows == [(3, {"姓名": "张三", "年龄": "30"}), (5, {"姓名": "李四", "年龄": "40"})]
    p.write_text("姓名\t年龄\n王五\t1\n", "utf-8")
    assert read_table(p).rows[0][1]["姓名"] == "王五"  # sniffed tab delimiter
    p.write_text("姓名,电话\n张三,1,2\n", "utf-8")
    with pytest.raises(DataError, match="多于表头"):
        read_table(p)
    p.write_text("姓名,姓名\n1,2\n", "utf-8")
    with pytest.raises(DataError, match="表头重复"):
        read_table(p)
    with pytest.raises(DataError, match="不存在"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(UsageError, match="不支持"):
        (tmp_path / "a.doc").write_text("x")
        read_table(tmp_path / "a.doc")


def test_read_table_xlsx_with_title_row(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["幸福社区花名册"])
    ws.append(["姓名", "身份证号"])
    ws.append(["张三", "11010519491231002X"])
    wb.save(tmp_path / "r.xlsx")
    t = read_table(tmp_path / "r.xlsx")
    assert t.headers == ["姓名", "身份证号"] and t.rows == [(3, {"姓名": "张三", "身份证号": "11010519491231002X"})]
    wb = Workbook()
    wb.active.append(["只有一个标题"])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(DataError, match="表头"):
        read_table(tmp_path / "bad.xlsx")
    (tmp_path / "junk.xlsx").write_bytes(b"not a zip")
    with pytest.raises(DataError, match="无法读取"):
        read_table(tmp_path / "junk.xlsx")


def test_integers_beyond_what_json_readers_hold_are_refused():
    from shequ.common.values import INT_LIMIT, parse_int

    assert parse_int("9,007,199,254,740,991") == INT_LIMIT - 1
    for bad in ("99999999999999999999", str(-INT_LIMIT), INT_LIMIT):
        with pytest.raises(ValueError, match="整数太大"):
            parse_int(bad)


def test_report_headings_count_in_chinese_past_ten():
    from shequ.reports.render import chinese_number, heading

    assert [chinese_number(n) for n in (1, 9, 10, 11, 14, 20, 21, 99)] == ["一", "九", "十", "十一", "十四", "二十", "二十一", "九十九"]
    assert heading(13, "下月工作安排") == "十四、下月工作安排"


def test_the_progress_bar_runs_no_thread(monkeypatch):
    """An import forks a worker mid-way (common/forked.py): no other thread may be running then."""
    import sys
    import threading

    from shequ.common.output import progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    seen = [threading.active_count() for _ in progress(range(700), 700, "校验")]
    assert len(seen) == 700 and set(seen) == {threading.active_count()} == {1}
