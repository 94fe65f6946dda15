"""The fast xlsx reader gives exactly openpyxl's rows (as the texts an import reads), and so the
same Table, or steps aside."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shequ.common import tabular
from shequ.common.xlsx import _BAD_XML, Sheet, write_xlsx
from shequ.common.xlsx_read import fast_rows, stream_rows
from shequ.common.xlsx_scan import as_text

def openpyxl_rows(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return list(wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()


def openpyxl_texts(path):
    """openpyxl's rows, as the texts an import reads."""
    return [[as_text(v) for v in r] for r in openpyxl_rows(path)]


def same_as_openpyxl(path, *, fast: bool = True):
    rows = fast_rows(path)
    if fast:
        assert rows is not None
    if rows is not None:
        assert rows == openpyxl_texts(path)
        assert all(type(v) is str for r in rows for v in r)
    slow = list(tabular._openpyxl_iter(Path(path), False))
    try:
        table = tabular.read_table(path)
    except Exception as exc:  # the same error either way
        table = repr(exc)
    real = tabular.__dict__.get("stream_rows")  # imported where used, so the patch below reaches it
    import shequ.common.xlsx_read as xr

    saved = xr.stream_rows
    xr.stream_rows = lambda p, fallback=None: None  # openpyxl reads the file
    try:
        try:
            reference = tabular.read_table(path)
        except Exception as exc:
            reference = repr(exc)
    finally:
        xr.stream_rows = saved
    assert real is None and slow == openpyxl_rows(path)
    assert table == reference


def test_shequ_written_sheets_with_titles_dates_numbers_and_blanks(tmp_path):
    rows = [[1, "曾国藩", "11010519491231002X", date(1949, 12, 31), datetime(2025, 3, 5, 9, 30), Decimal("28634.10"),
             Decimal("3.5"), 7, 2.25, True, None, "", "两行\n文字", "A&B <c>"],
            [2, "", None, None, None, None, None, None, None, False, "x", "y", "", ""]]
    headers = ["序号", "姓名", "身份证号", "出生", "时间", "金额", "比例", "人次", "小时", "党员", "甲", "乙", "备注", "其他"]
    for title in ("", "幸福社区花名册"):
        path = tmp_path / f"a{bool(title)}.xlsx"
        path.write_bytes(write_xlsx([Sheet("名单", headers, rows, title=title, text_columns=frozenset({2})),
                                     Sheet("二", ["x"], [[1]])]))
        same_as_openpyxl(path)


def test_openpyxl_written_files_shared_strings_formulas_gaps(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "出生日期", "人数", "比例", "公式"])
    ws.append(["甲", date(1950, 1, 2), 3, 0.5, "=C2*2"])
    ws.append([])
    ws["A5"] = "乙"
    ws["C5"] = 10**15
    ws["B5"] = datetime(2024, 2, 29, 13, 5)
    ws["F7"] = "超出表头"
    ws.merge_cells("A9:C9")
    path = tmp_path / "o.xlsx"
    wb.save(path)
    same_as_openpyxl(path)
    wb.create_sheet("first", 0)  # an empty first sheet
    wb.save(path)
    same_as_openpyxl(path)


def _hand_made(tmp_path, sheet_data: str, dimension: str = "", strings: str = "") -> Path:
    """A workbook written by hand: cached formula values, booleans, errors, rows without numbers."""
    path = tmp_path / "h.xlsx"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    '<Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if strings else "")
                    + "</Types>")
        zf.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zf.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                    '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                    + (f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>' if strings else "")
                    + "</Relationships>")
        if strings:
            zf.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst xmlns="{main}">{strings}</sst>')
        zf.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet xmlns="{main}">{dimension}'
                    f"<sheetData>{sheet_data}</sheetData></worksheet>")
    return path


@pytest.mark.parametrize("dimension", ["", '<dimension ref="A1:D4"/>', '<dimension ref="A1:B3"/>', '<dimension ref="A1"/>'])
def test_hand_made_cells(tmp_path, dimension):
    data = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>备注</t></is></c></row>'
            '<row r="3"><c r="A3" t="str"><f>A1&amp;"x"</f><v>姓名x</v></c><c r="B3" t="b"><v>1</v></c>'
            '<c r="C3" t="e"><v>#N/A</v></c><c r="D3"><f>1+1</f><v>2</v></c></row>'
            '<row><c t="inlineStr"><is><t xml:space="preserve"> 空格 </t></is></c><c><v>1.5E3</v></c><c r="D4" t="s"><v>2</v></c></row>'
            '<row r="6"><c r="A6" t="d"><v>2025-03-05T00:00:00</v></c><c r="C6"/></row>')
    strings = "<si><t>姓名</t></si><si><t>性别</t></si><si><r><t>富</t></r><r><t>文本</t></r></si>"
    path = _hand_made(tmp_path, data, dimension, strings)
    same_as_openpyxl(path)


def test_unusual_cells_are_left_to_openpyxl(tmp_path):
    rich = '<row r="1"><c r="A1" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>'
    escaped = '<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>'
    empty = '<row r="1"><c r="A1" t="inlineStr"><is><t></t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>'
    for data in (rich, escaped, empty):
        path = _hand_made(tmp_path, data)
        assert fast_rows(path) is None
        same_as_openpyxl(path, fast=False)


def test_a_sheet_found_unusual_half_way_is_read_on_by_openpyxl_from_there(tmp_path):
    """Rows are handed over as they are read; an escape openpyxl decodes (``_x000D_``) on row
    2,900 sends the rest to openpyxl, from that row: the rows are still exactly openpyxl's."""
    rows = [[n, f"居民{n}", date(1950, 1, 1 + n % 28), "a_x000D_b" if n == 2900 else "备注"] for n in range(3000)]
    path = tmp_path / "long.xlsx"
    path.write_bytes(write_xlsx([Sheet("名单", ["序号", "姓名", "出生日期", "备注"], rows)]))
    calls = []

    def fallback():
        calls.append(1)
        return tabular._openpyxl_iter(path, False)

    stream, about = stream_rows(path, fallback)
    first = next(stream)
    assert not calls  # handed over before the whole sheet was read
    got = [first, *stream]
    assert [list(r) for r in got] == openpyxl_texts(path) and calls == [1]
    assert got[2901][3] == "a_x000D_b"  # as written: shequ escapes the escape
    assert 2400 <= about <= 3600  # about right, for a progress bar
    assert fast_rows(path) is None
    same_as_openpyxl(path, fast=False)


def test_files_that_are_not_workbooks_give_the_same_error(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    assert fast_rows(bad) is None
    with pytest.raises(Exception, match="无法读取 Excel 文件"):
        tabular.read_table(bad)


cell = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**12, 10**12), st.booleans(),
                 st.floats(allow_nan=False, allow_infinity=False, width=32),
                 st.dates(date(1900, 3, 1), date(2100, 1, 1)),
                 st.datetimes(datetime(1900, 3, 1), datetime(2100, 1, 1)).map(lambda d: d.replace(microsecond=0)))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(cell, min_size=1, max_size=6), min_size=1, max_size=8), st.booleans(), st.booleans())
def test_any_sheet_reads_as_openpyxl_reads_it(tmp_path_factory, rows, by_openpyxl, title):
    path = tmp_path_factory.mktemp("h") / "x.xlsx"
    headers = [f"列{i}" for i in range(max(len(r) for r in rows))]
    if by_openpyxl:
        wb = openpyxl.Workbook()
        ws = wb.active
        try:
            for r in [headers, *rows]:
                ws.append(r)
        except Exception:  # text openpyxl refuses (control characters)
            return
        wb.save(path)
    else:
        path.write_bytes(write_xlsx([Sheet("s", headers, rows, title="标题" if title else "")]))
    # Only text with an escape such as _x000D_, or only control characters (written as an empty
    # text), is left to openpyxl.
    unusual = any(isinstance(v, str) and v and ("_x" in v or not _BAD_XML.sub("", v)) for r in rows for v in r)
    same_as_openpyxl(path, fast=not unusual)


# --- The scan (regular expressions over plain parts) gives the same rows, or steps aside ---

def scanned_only(monkeypatch):
    """fast_rows as the scan alone reads: the element by element reading and openpyxl's string
    table reader fail, so a part the scan leaves gives None."""
    import shequ.common.xlsx_read as xr
    from openpyxl.reader.excel import ExcelReader

    def refuse(*args, **kwargs):
        raise AssertionError("not scanned")

    monkeypatch.setattr(xr, "_rows", refuse)
    monkeypatch.setattr(ExcelReader, "read_strings", refuse)


def test_shequ_and_openpyxl_files_are_scanned(tmp_path, monkeypatch):
    rows = [[1, "曾国藩", "11010519491231002X", date(1949, 12, 31), Decimal("3.5"), None, "", "A&B <c> \"q\" 'a'", "两行\n文字"],
            [2, "", None, datetime(2025, 3, 5, 9, 30), 7, True, "x", "x_y", "&#95;"]]
    headers = [f"列{i}" for i in range(9)]
    shequ_file = tmp_path / "s.xlsx"
    shequ_file.write_bytes(write_xlsx([Sheet("名单", headers, rows, title="花名册")]))
    wb = openpyxl.Workbook()
    for r in [headers, *rows, [], ["甲", 10**15, 0.5, "=A1&\"x\""]]:
        wb.active.append(r)
    wb.active["F9"] = "后"
    openpyxl_file = tmp_path / "o.xlsx"
    wb.save(openpyxl_file)
    expected = {p: openpyxl_texts(p) for p in (shequ_file, openpyxl_file)}
    scanned_only(monkeypatch)
    for path, rows_ in expected.items():
        assert fast_rows(path) == rows_


SST = ("<si><t>姓名</t></si><si><t xml:space=\"preserve\"> 性别 </t></si><si><t>A&amp;B &lt;&#20013;&#x6587;&gt;</t></si>"
       "<si><t>a_x005F_x000D_b</t></si><si><t></t></si>")
PLAIN_ROWS = ('<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
              '<c r="D1" t="s"><v>3</v></c></row>'
              '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><f>1+1</f><v>2</v></c><c r="C2" t="str"><v>a&amp;b&#13;</v></c>'
              '<c r="D2" t="inlineStr"><is><t>&#26366;&#22269;&#34281;&amp;</t></is></c></row>'
              '<row r="4"/><row><c t="b"><v>0</v></c><c><v>1E3</v></c><c t="e"><v>#N/A</v></c><c/></row>'
              '<row r="7"><c r="B7" s="0"><v>-1.5</v></c><c r="A7"><v>3</v></c><c r="D7" t="inlineStr"></c><c r="E7"><v/></c></row>')


@pytest.mark.parametrize("dimension", ["", '<dimension ref="A1:E7"/>', '<dimension ref="A1:B5"/>', '<dimension ref="A1:D9"/>'])
def test_hand_made_plain_parts_are_scanned(tmp_path, monkeypatch, dimension):
    path = _hand_made(tmp_path, PLAIN_ROWS, dimension, SST)
    expected = openpyxl_texts(path)
    same_as_openpyxl(path)
    scanned_only(monkeypatch)
    assert fast_rows(path) == expected


@pytest.mark.parametrize("sheet, strings", [
    (PLAIN_ROWS.replace("</c><c", "</c>\n  <c", 1), SST),  # white space between cells
    (PLAIN_ROWS.replace('r="1" spans', "r='1' spans"), SST),  # single quotes
    (PLAIN_ROWS.replace("<row r=\"4\"/>", "<!-- a comment --><row r=\"4\"/>"), SST),
    (PLAIN_ROWS.replace("a&amp;b", "<![CDATA[a&b]]>"), SST),
    (PLAIN_ROWS.replace("a&amp;b", "a\r\nb"), SST),  # XML reads CR LF as LF
    (PLAIN_ROWS.replace("&#26366;", "&#95;x000D_"), SST),  # an escape, through a reference
    (PLAIN_ROWS.replace('<row r="2">', '<row r="2" xmlns="urn:other">'), SST),
    (PLAIN_ROWS.replace('<c r="C2" t="str">', '<c r="C2" t="str" x14ac:foo="1">'), SST),  # an unbound prefix: not XML
    (PLAIN_ROWS.replace('<row r="4"/>', '<row r="4.0"/>'), SST),
    (PLAIN_ROWS.replace('<c r="A7">', '<c s="0" r="A7">'), SST),
    (PLAIN_ROWS.replace('<v>1E3</v>', '<v>1E3</v><extLst/>'), SST),
    (PLAIN_ROWS, SST.replace("<si><t></t></si>", "<si><r><t>富</t></r><r><t>文本</t></r></si>")),
    (PLAIN_ROWS, SST.replace("<si><t></t></si>", "<si><t>x</t><rPh sb=\"0\" eb=\"1\"><t>y</t></rPh></si>")),
    (PLAIN_ROWS, SST.replace("A&amp;B", "A&nbsp;B")),  # not an XML entity: not XML
    (PLAIN_ROWS, SST.replace("A&amp;B", "A&#1;B")),  # a character XML forbids
    (PLAIN_ROWS.replace("<row r=\"4\"/>", "<x:row xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" r=\"4\"/>"), SST),
])
def test_parts_the_scan_leaves_read_as_openpyxl_reads_them(tmp_path, monkeypatch, sheet, strings):
    path = _hand_made(tmp_path, sheet, "", strings)
    try:
        expected = openpyxl_texts(path)
    except Exception:  # not XML: openpyxl says so, and the fast reader gives None
        assert fast_rows(path) is None
        return
    assert fast_rows(path) in (None, expected)
    scanned_only(monkeypatch)
    assert fast_rows(path) is None  # the scan steps aside


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(text, st.integers(-10**6, 10**6)), max_size=5), min_size=1, max_size=5),
       st.booleans())
def test_any_hand_made_text_reads_as_openpyxl_reads_it(tmp_path_factory, rows, shared):
    """Text written as XML may escape it (&amp; &#N; &#xN;) or not: the scan reads it as XML does."""
    from xml.sax.saxutils import escape

    def xml_text(s: str, variant: int) -> str:
        s = escape(s)
        if variant == 1:
            s = "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in s)
        elif variant == 2:
            s = "".join(f"&#x{ord(c):x};" if not c.isalnum() else c for c in s)
        return s

    strings, data = [], []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{'ABCDE'[c]}{r}"
            if isinstance(value, int):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif shared:
                strings.append(f"<si><t>{xml_text(value, (r + c) % 3)}</t></si>")
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{xml_text(value, (r + c) % 3)}</t></is></c>')
        data.append(f'<row r="{r}">{"".join(cells)}</row>')
    path = _hand_made(tmp_path_factory.mktemp("t"), "".join(data), "", "".join(strings))
    try:
        expected = openpyxl_texts(path)
    except Exception:
        assert fast_rows(path) is None
        return
    assert fast_rows(path) in (None, expected)
