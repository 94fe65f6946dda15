"""A row read by its learnt markup (common/xlsx_sheet.py ``_Shape``) reads as the same row read cell
by cell, and as openpyxl reads it; values the shape does not take are read cell by cell."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shequ.common import xlsx_sheet
from shequ.common.xlsx import Sheet, write_xlsx
from shequ.common.xlsx_read import fast_rows

from .test_xlsx_book import _book_with
from .test_xlsx_read import openpyxl_texts, same_as_openpyxl

# Cell styles: 0 none, 1 a date, 2 a duration ([h]:mm), 3 two decimals
STYLES = ('<numFmts count="2"><numFmt numFmtId="166" formatCode="[h]:mm"/><numFmt numFmtId="167" formatCode="0.00"/></numFmts>'
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="166"/><xf numFmtId="167"/></cellXfs>')
STRINGS = "<si><t>甲</t></si><si><t>乙</t></si>"


def book(tmp_path, rows: list[str], tail: str = ""):
    """A styled workbook whose sheet holds *rows* (the <row>s' contents), numbered from 1, and
    *tail* after them."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    data = "".join(f'<row r="{r}">{cells.format(r=r)}</row>' for r, cells in enumerate(rows, start=1))
    return _book_with(tmp_path, styles=STYLES, parts={
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?>\r\n<worksheet xmlns="{main}"><sheetData>{data}</sheetData>{tail}</worksheet>'})


def shaped():
    """A spy on rows read by a learnt shape."""
    return mock.patch.object(xlsx_sheet._Shape, "row", autospec=True, side_effect=xlsx_sheet._Shape.row)


def test_a_roster_is_read_by_its_shapes(tmp_path):
    rows = [[n, f"居民{n}", date(1930 + n % 80, 1 + n % 12, 1 + n % 28), n % 100, None if n % 3 else "备注 & <注>",
             None if n % 5 else f"1380000{n:04d}"] for n in range(1, 1001)]
    path = tmp_path / "roster.xlsx"
    path.write_bytes(write_xlsx([Sheet("名单", ["序号", "姓名", "出生日期", "年龄", "备注", "电话"], rows, title="花名册")]))
    with shaped() as spy:
        got = fast_rows(path)
    assert got == openpyxl_texts(path)
    assert got[2] == ["1", "居民1", "1931-02-02", "1", "", ""] and got[4][4] == "备注 & <注>"
    assert spy.call_count >= 990  # all but the rows each shape was learnt from


SHAPE = ('<c r="A{r}"><v>{a}</v></c><c r="B{r}" t="inlineStr"><is><t>{b}</t></is></c><c r="C{r}" s="1"><v>{c}</v></c>'
         '<c r="D{r}" s="3"><v>{d}</v></c><c r="E{r}" t="s"><v>{e}</v></c><c r="F{r}" s="2"><v>{f}</v></c>')
PLAIN = dict(a=7, b="名", c=29416, d="3.5", e=1, f="0.5")


@pytest.mark.parametrize("odd", [
    dict(a="007"), dict(a="3.5"), dict(a="0"), dict(a="-4"), dict(a="1E3"), dict(a=""), dict(a="12345678901234567890"),
    dict(c="59"), dict(c="60"), dict(c="1.5"), dict(c="0"), dict(c=""), dict(c="2958465"),
    dict(b="&amp;x"), dict(b="&#20013;&#x6587;"), dict(b="&lt;t&gt;"),
    dict(d="2"), dict(d=""), dict(e="0"), dict(f="1"), dict(f=""),
])
def test_values_a_shape_does_not_take_are_read_cell_by_cell(tmp_path, odd):
    """Rows 2–30 teach the shape; row 31 has the same markup and an odd value; the rows after
    it are read by the shape again."""
    plain = SHAPE.replace("{r}", "{{r}}").format(**PLAIN)
    path = book(tmp_path, ['<c r="A{r}" t="inlineStr"><is><t>序号</t></is></c>'] + [plain] * 29
                + [SHAPE.replace("{r}", "{{r}}").format(**PLAIN | odd)] + [plain] * 5)
    path = _with_strings(path)
    with shaped() as spy:
        same_as_openpyxl(path)
    assert spy.call_count >= 30


def test_an_escape_in_a_shaped_row_is_left_to_openpyxl(tmp_path):
    plain = SHAPE.replace("{r}", "{{r}}").format(**PLAIN)
    path = _with_strings(book(tmp_path, [plain] * 20 + [SHAPE.replace("{r}", "{{r}}").format(**PLAIN | dict(b="a_x000D_b"))] + [plain] * 3))
    assert fast_rows(path) is None  # the scan steps aside, from that row
    same_as_openpyxl(path, fast=False)


def _with_strings(path):
    """*path* with the shared strings 甲 and 乙."""
    import zipfile

    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{main}">{STRINGS}</sst>'.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(path, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return path


# A column's cell, as a template of its markup: a kind and the values it may hold.
FORMS = {
    "number": ('<c r="{col}{{r}}"><v>{v}</v></c>', ["0", "7", "007", "3.5", "-4", "1E3", "", "123456789012"]),
    "styled": ('<c r="{col}{{r}}" s="3"><v>{v}</v></c>', ["2", "2.25", ""]),
    "date": ('<c r="{col}{{r}}" s="1"><v>{v}</v></c>', ["29416", "59", "60", "1.5", "0", "", "2958465"]),
    "duration": ('<c r="{col}{{r}}" s="2"><v>{v}</v></c>', ["1", "0.5", ""]),
    "text": ('<c r="{col}{{r}}" t="inlineStr"><is><t>{v}</t></is></c>', ["a", "&amp;b", "&#20013;文", " 空 ", "x_x000D_"]),
    "spaced": ('<c r="{col}{{r}}" t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>', [" a ", "b"]),
    "shared": ('<c r="{col}{{r}}" t="s"><v>{v}</v></c>', ["0", "1"]),
    "bool": ('<c r="{col}{{r}}" t="b"><v>{v}</v></c>', ["0", "1"]),
    "empty": ('<c r="{col}{{r}}" s="1"/>', [""]),
    "closed": ('<c r="{col}{{r}}"></c>', [""]),
    "text in <v>": ('<c r="{col}{{r}}" t="inlineStr"><v>{v}</v></c>', ["5"]),
    "number in <is>": ('<c r="{col}{{r}}" s="3"><is><t>{v}</t></is></c>', ["x"]),
    "none": ("", [""]),
}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(sorted(FORMS)), min_size=1, max_size=2), min_size=1, max_size=5), st.data())
def test_any_rows_of_few_shapes_read_as_openpyxl_reads_them(tmp_path_factory, columns, data):
    """Each column takes one or two forms, so that rows repeat their markup (and shapes are
    learnt and used) while their values vary."""
    rows = []
    for _ in range(data.draw(st.integers(2, 25))):
        cells = []
        for col, forms in zip("ABCDE", columns):
            template, values = FORMS[data.draw(st.sampled_from(forms))]
            cells.append(template.format(col=col, v=data.draw(st.sampled_from(values))))
        rows.append("".join(cells))
    path = _with_strings(book(tmp_path_factory.mktemp("s"), rows))
    expected = openpyxl_texts(path)
    got = fast_rows(path)
    assert got in (None, expected)
    if "_x000D_" not in "".join(rows):
        assert got == expected


def test_rows_that_all_differ_are_read_cell_by_cell_after_the_first_few_hundred(tmp_path, monkeypatch):
    """Each row leaves out other cells (the bits of its number): no shape fits the next row, and
    trying eight of them a row would only cost; after 256 such rows the sheet stops trying."""
    rows = ["".join(f'<c r="{col}{{r}}"><v>{n}</v></c>' for bit, col in enumerate("ABCDEFGHIJ") if n >> bit & 1)
            for n in range(1, 700)]
    path = book(tmp_path, rows)
    sheets = []
    init = xlsx_sheet.Sheet.__init__

    def keep(self, *args):
        init(self, *args)
        sheets.append(self)

    monkeypatch.setattr(xlsx_sheet.Sheet, "__init__", keep)
    assert fast_rows(path) == openpyxl_texts(path)
    assert sheets[-1].misses > 256 and sheets[-1].shapes == []


@pytest.mark.parametrize("row", [1, 50, 3000, 5999])  # in the first read (64 KB), in a later chunk, in the last
@pytest.mark.parametrize("bad", ["\r\n", "\x01", "\uffff", "]]>"])
def test_what_xml_forbids_or_changes_is_found_wherever_it_is(tmp_path, monkeypatch, row, bad):
    """The bytes are looked at as they are read, the text only where they hold something: a CR
    (XML reads it as LF) or a character XML forbids, anywhere in 6,000 rows (600 KB), makes the
    scan step aside; one after the rows (a CR between elements) does not."""
    from .test_xlsx_read import scanned_only

    cells = '<c r="A{{r}}"><v>{n}</v></c><c r="B{{r}}" t="inlineStr"><is><t>居民{n}号 a&amp;b</t></is></c>'
    rows = [cells.format(n=n) for n in range(6000)]
    rows[row] = rows[row].replace(" a&amp;b", f" a{bad}b")
    path = book(tmp_path, rows)
    try:
        expected = openpyxl_texts(path)
    except Exception:  # not XML: openpyxl says so
        assert fast_rows(path) is None
        return
    assert fast_rows(path) == expected  # read element by element
    scanned_only(monkeypatch)
    assert fast_rows(path) is None  # the scan stepped aside


def test_a_cr_between_elements_after_the_rows_is_scanned(tmp_path, monkeypatch):
    from .test_xlsx_read import scanned_only

    rows = ['<c r="A{r}"><v>1</v></c>'] * 5000
    path = book(tmp_path, rows, tail='\r\n<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>\r\n')
    expected = openpyxl_texts(path)
    scanned_only(monkeypatch)
    assert fast_rows(path) == expected


def test_row_numbers_and_attributes_of_shaped_rows(tmp_path, monkeypatch):
    """A shape holds its row's attributes (Excel's spans=, ht=); its row numbers are read as
    openpyxl reads them: a gap gives empty rows, a number going back is passed over, a row past
    the <dimension> ends the sheet."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    cells = '<c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>居民{r}</t></is></c>'
    numbers = [*range(1, 30), 35, 33, 36, 36, 37, *range(40, 60)]
    attrs = ['', ' spans="1:2"', ' spans="1:2" ht="20" customHeight="1"']
    data = "".join(f'<row r="{r}"{attrs[r % 3]}>{cells.format(r=r)}</row>' for r in numbers)
    for dimension in ("", '<dimension ref="A1:B50"/>'):
        path = _book_with(tmp_path, styles=STYLES, parts={
            "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}">{dimension}<sheetData>{data}</sheetData></worksheet>'})
        with shaped() as spy:
            got = fast_rows(path)
        assert got == openpyxl_texts(path)
        assert spy.call_count >= 40
        assert all(not any(row) for row in got[29:34])  # 30–34: left out
        assert got[34] == ["35", "居民35"] and got[35] == ["36", "居民36"] and got[36] == ["37", "居民37"]


@pytest.mark.parametrize("workbook_pr", ["", '<workbookPr date1904="1"/>'])
def test_shaped_dates_count_from_the_workbooks_epoch(tmp_path, workbook_pr):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    cells = '<c r="A{r}" s="1"><v>{v}</v></c><c r="B{r}" t="inlineStr"><is><t>x</t></is></c>'
    data = "".join(f'<row r="{r}">{cells.format(r=r, v=v)}</row>' for r, v in enumerate([29416, 29416, 100, 45000, 61, 29416], 1))
    path = _book_with(tmp_path, workbook_pr=workbook_pr, styles=STYLES, parts={
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{data}</sheetData></worksheet>'})
    with shaped() as spy:
        got = fast_rows(path)
    assert got == openpyxl_texts(path) and spy.call_count == 5
    assert got[0][0] == ("1984-07-15" if workbook_pr else "1980-07-14")
