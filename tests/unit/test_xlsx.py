"""The xlsx writer: files openpyxl reads back exactly, same bytes for the same data."""

from __future__ import annotations

import io

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
