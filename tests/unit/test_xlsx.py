"""The xlsx writer: files openpyxl reads back exactly, same bytes for the same data."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from shequ.common.xlsx import Sheet, _col, write_xlsx


def read(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_round_trip_with_title_text_cells_and_escaping():
    rows = [
        [1, "曾国藩", "11010519491231002X", 3.5, True, None],
        [2, "A&B <c> \"d\"\x01", "013800001111", 7, False, ""],
    ]
    data = write_xlsx([Sheet("花名册", ["序号", "姓名", "身份证号", "金额", "党员", "备注"], rows,
                             title="幸福社区花名册", text_columns=frozenset({2}))])
    ws = read(data)["花名册"]
    assert ws.cell(1, 1).value == "幸福社区花名册" and "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == ["序号", "姓名", "身份证号", "金额", "党员", "备注"]
    assert [c.value for c in ws[3]] == [1, "曾国藩", "11010519491231002X", 3.5, "是", None]
    assert ws.cell(4, 2).value == 'A&B <c> "d"'  # control character dropped, XML escaped
    assert ws.cell(4, 3).value == "013800001111" and ws.cell(4, 3).data_type == "s"  # leading zero kept
    assert ws.cell(3, 3).number_format == "@"
    assert ws.freeze_panes == "A3"


def test_same_data_same_bytes():
    make = lambda: write_xlsx([Sheet("a", ["x"], [[1], ["二"]])])
    assert make() == make()


def test_several_sheets_and_bad_names():
    data = write_xlsx([Sheet("a/b:c", ["x"], [[1]]), Sheet("a/b:c", ["y"], [[2]])])
    wb = read(data)
    assert wb.sheetnames == ["a_b_c", "a_b_c(2)"]
    assert wb["a_b_c(2)"].cell(2, 1).value == 2


def test_column_letters():
    assert [_col(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


@given(st.text())
def test_escape_fast_path_equals_the_plain_rule(text):
    """``_esc`` skips work for ordinary text; for any text it must equal strip-then-escape."""
    import re

    from shequ.common.xlsx import _esc

    plain = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    assert _esc(text) == plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_money_dates_and_numbers_are_typed_so_a_spreadsheet_can_add_them_up():
    rows = [[Decimal("28634.10"), date(2025, 3, 5), datetime(2025, 3, 5, 14, 30), 7, Decimal("1.5"), "2025-03-05", "13800001111"]]
    ws = read(write_xlsx([Sheet("a", ["金额", "日期", "时间", "人次", "天数", "文字", "电话"], rows, text_columns=frozenset({6}))]))["a"]
    money, day, at, count, days, text, phone = ws[2]
    assert money.value == 28634.1 and money.data_type == "n" and money.number_format == "#,##0.00"  # shows 28,634.10
    assert day.is_date and day.value == datetime(2025, 3, 5) and day.number_format == "yyyy\\-mm\\-dd"
    assert at.is_date and at.value == datetime(2025, 3, 5, 14, 30) and "hh:mm" in at.number_format
    assert count.value == 7 and days.value == 1.5 and days.number_format == "General"
    assert text.value == "2025-03-05" and text.data_type == "s"  # the writer types values, it does not guess
    assert phone.value == "13800001111" and phone.data_type == "s"


def test_every_sheet_is_set_up_to_print():
    narrow = Sheet("窄", ["序号", "姓名"], [[1, "张三"]], title="名单")
    wide = Sheet("宽", [f"列{i}" for i in range(12)], [["很长的说明文字" * 12] + [i for i in range(11)]], title="宽表")
    wb = read(write_xlsx([narrow, wide]))
    for ws in wb:
        ps = ws.page_setup
        assert ps.paperSize == 9 and ps.fitToWidth == 1 and ps.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$2" and "&P" in ws.oddFooter.center.text
        assert all(c.border.left.style == "thin" for c in ws[3])
    assert wb["窄"].page_setup.orientation == "portrait" and wb["宽"].page_setup.orientation == "landscape"
    long = wb["宽"]["A3"]
    width = wb["宽"].column_dimensions["A"].width
    assert long.alignment.wrap_text and width < 84 * 2  # capped, wrapped ...
    assert wb["宽"].row_dimensions[3].height >= 15 * 168 / width  # ... and the row is tall enough for it


def test_layout_gives_short_columns_their_width_and_long_ones_the_rest():
    from shequ.common.xlsx import LANDSCAPE_WIDTH, layout

    sheet = Sheet("a", ["日期", "活动", "参加人员", "小结"],
                  [["2025-03-05", "党员活动日", "、".join(["张三"] * 80), "学习" * 30]] * 3)
    widths, wrap, landscape = layout(sheet)
    assert landscape and sum(widths) <= LANDSCAPE_WIDTH
    assert widths[0] >= 12 and widths[1] >= 12 and not wrap[0] and not wrap[1]  # a date and a title on one line
    assert wrap[2] and wrap[3] and abs(widths[2] - widths[3]) <= 1  # the long ones share what is left


def test_display_width_counts_a_chinese_character_twice():
    from shequ.common.xlsx import display_width

    assert display_width("abc") == 3 and display_width("幸福社区") == 8 and display_width("1栋2单元") == 8


def test_an_importer_that_keeps_decimals_reads_a_number_as_its_cell_shows_it(tmp_path):
    from shequ.common.tabular import read_table

    rows = [["甲", Decimal("3.50"), Decimal("1.5"), 3.456, "0012"]]
    path = tmp_path / "a.xlsx"
    path.write_bytes(write_xlsx([Sheet("a", ["名称", "金额", "天数", "比例", "编号"], rows, text_columns=frozenset({4}))]))
    shown = read_table(path, as_shown=True).rows[0][1]
    assert shown["金额"] == "3.50" and shown["天数"] == "1.5" and shown["比例"] == "3.456" and shown["编号"] == "0012"
    assert read_table(path).rows[0][1]["金额"] == "3.5"  # rosters and the ledger read values only (faster)
