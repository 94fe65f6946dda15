"""A plain workbook's parts, read without openpyxl, say what openpyxl reads from them; anything
else is left to openpyxl."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import numbers
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.xml import constants

from shequ.common import xlsx_book
from shequ.common.xlsx import Sheet, write_xlsx
from shequ.common.xlsx_book import plain_book

from .test_xlsx_read import _hand_made, openpyxl_rows, same_as_openpyxl


def openpyxl_book(path):
    """What openpyxl reads: the first worksheet's part, the shared strings' part, the date and
    duration styles and the epoch."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = wb.worksheets[0]._worksheet_path
    finally:
        wb.close()
    reader = ExcelReader(path, read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        strings = reader.package.find(constants.SHARED_STRINGS)
        return (sheet, strings.PartName[1:] if strings else None, set(reader.wb._date_formats),
                set(reader.wb._timedelta_formats), reader.wb.epoch)
    finally:
        reader.archive.close()


def ours(path):
    with zipfile.ZipFile(path) as archive:
        return plain_book(archive)


def agrees(path):
    book = ours(path)
    assert book is not None, "a plain workbook"
    assert (book.sheet, book.strings, set(book.dates), set(book.timedeltas), book.epoch) == openpyxl_book(path)
    same_as_openpyxl(path)
    return book


def test_shequ_written(tmp_path):
    path = tmp_path / "s.xlsx"
    rows = [[1, "曾国藩", date(1949, 12, 31), datetime(2025, 3, 5, 9, 30), 2.5]]
    path.write_bytes(write_xlsx([Sheet("名单", ["序号", "姓名", "出生", "时间", "小时"], rows, title="花名册"),
                                 Sheet("二", ["x"], [[1]])]))
    book = agrees(path)
    assert book.dates and book.strings is None


def test_openpyxl_written_formats_epochs_and_sheet_order(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    formats = ["yyyy年m月d日", "[h]:mm:ss", "0.00%", '"day"0', "[$-804]General", r"\d0", "mm:ss", "[Red]0.0",
               "h:mm AM/PM", "yy/mm/dd@", "[mm]:ss", "0;[Red]-0;d"]
    ws.append(["名称", *formats])
    ws.append(["值", *[1.25] * len(formats)])
    for col, fmt in enumerate(formats, start=2):
        ws.cell(2, col).number_format = fmt
    ws.append(["日期", date(2025, 3, 5), time(9, 30)])
    path = tmp_path / "o.xlsx"
    wb.save(path)
    book = agrees(path)
    assert book.timedeltas and book.epoch == datetime(1899, 12, 30)
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.save(path)
    assert agrees(path).epoch == datetime(1904, 1, 1)


@pytest.mark.parametrize("flag", ["1", "true", "0", "false", "f", "", "True", "yes"])
def test_date1904_as_openpyxl_reads_it(tmp_path, flag):
    path = _book_with(tmp_path, workbook_pr=f'<workbookPr date1904="{flag}"/>')
    agrees(path)


def test_shared_strings(tmp_path):
    path = _hand_made(tmp_path, '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>',
                      strings="<si><t>姓名</t></si><si><t>性别</t></si>")
    assert agrees(path).strings == "xl/sharedStrings.xml"


def test_the_first_sheet_of_the_workbook_not_of_the_file(tmp_path):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    second = (f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>乙</t></is></c></row></sheetData></worksheet>')
    path = _book_with(tmp_path, sheets='<sheet name="B" sheetId="2" r:id="rId2"/><sheet name="S" sheetId="1" r:id="rId1"/>',
                      rels='<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                           'relationships/worksheet" Target="worksheets/sheet2.xml"/>',
                      parts={"xl/worksheets/sheet2.xml": second})
    assert agrees(path).sheet == "xl/worksheets/sheet2.xml"
    # A chart sheet first: the first worksheet is read (openpyxl 3.1 fails on a chart sheet
    # without relationships, so it is no reference here).
    path = _book_with(tmp_path, sheets='<sheet name="图" sheetId="2" r:id="rId2"/><sheet name="S" sheetId="1" r:id="rId1"/>',
                      rels='<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                           'relationships/chartsheet" Target="chartsheets/sheet1.xml"/>',
                      parts={"xl/chartsheets/sheet1.xml": f'<chartsheet xmlns="{main}"/>'})
    assert ours(path).sheet == "xl/worksheets/sheet1.xml"


def test_absolute_targets_and_unknown_elements(tmp_path):
    path = _book_with(tmp_path, target="/xl/worksheets/sheet1.xml",
                      workbook_pr='<fileVersion appName="xl"/><workbookPr/><bookViews><workbookView/></bookViews>')
    agrees(path)


def _book_with(tmp_path, *, workbook_pr: str = "", target: str = "worksheets/sheet1.xml", styles: str | None = None,
               sheets: str = '<sheet name="S" sheetId="1" r:id="rId1"/>', content_types=None, rels: str = "",
               parts: dict[str, str] | None = None):
    """``_hand_made``'s workbook with its workbook, relationships, styles or content types changed."""
    path = _hand_made(tmp_path, '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" s="1"><v>45000</v></c></row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()} | {k: v.encode() for k, v in (parts or {}).items()}
    parts["xl/workbook.xml"] = (f'<workbook xmlns="{main}" xmlns:r="{rel}">{workbook_pr}<sheets>{sheets}</sheets></workbook>').encode()
    parts["xl/_rels/workbook.xml.rels"] = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                           f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="{target}"/>{rels}</Relationships>').encode()
    if styles is not None:
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{main}">{styles}</styleSheet>'.encode()
    if content_types is not None:
        parts["[Content_Types].xml"] = content_types(parts["[Content_Types].xml"].decode()).encode()
    with zipfile.ZipFile(path, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return path


def test_styles_by_number_format(tmp_path):
    styles = ('<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="0.0"/>'
              '<numFmt numFmtId="166" formatCode="[h]:mm"/><numFmt numFmtId="165" formatCode="m/d"/></numFmts>'
              '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf/><xf numFmtId="14">'
              '<alignment horizontal="center"/></xf><xf numFmtId="166"/></cellXfs>')
    book = agrees(_book_with(tmp_path, styles=styles))
    assert book.dates == {1, 2, 4, 5} and book.timedeltas == {5}
    assert agrees(_book_with(tmp_path, styles="<fonts/>")).dates == frozenset()  # no cell styles: openpyxl's defaults


@pytest.mark.parametrize("change", [
    dict(sheets='<sheet name="S" sheetId="1"/>'),  # no r:id: openpyxl drops the sheet with a warning
    dict(sheets='<sheet name="S" sheetId="1" r:id="rId9"/>'),  # no such relationship
    dict(styles='<cellXfs><xf numFmtId="x"/></cellXfs>'),
    dict(styles='<cellXfs><xf numFmtId="14"/></cellXfs><cellXfs><xf/></cellXfs>'),  # twice
    dict(styles='<numFmts><numFmt numFmtId="164"/></numFmts>'),  # no format code
    dict(workbook_pr='<x:workbookPr xmlns:x="urn:other" date1904="1"/>'),  # another namespace
    dict(content_types=lambda text: text.replace('<Override PartName="/xl/workbook.xml"', '<Override PartName="/xl/other.xml"')
                                        .replace('<Default Extension="xml" ContentType="application/xml"/>',
                                                 '<Default Extension="xml" ContentType="application/vnd.openxmlformats-'
                                                 'officedocument.spreadsheetml.sheet.main+xml"/>')),  # a default
])
def test_anything_else_is_left_to_openpyxl(tmp_path, change):
    path = _book_with(tmp_path, **change)
    assert ours(path) is None
    try:
        openpyxl_rows(path)
    except Exception:
        return  # openpyxl refuses it: so does the import (tests/unit/test_xlsx_read.py)
    same_as_openpyxl(path, fast=False)  # what is read, through openpyxl's reader or by openpyxl, is openpyxl's


def test_constants_are_openpyxls():
    assert xlsx_book.WORKBOOK_TYPES == (constants.XLTM, constants.XLTX, constants.XLSM, constants.XLSX)
    assert xlsx_book.SHARED_STRINGS == constants.SHARED_STRINGS and xlsx_book.STYLES == constants.ARC_STYLE
    assert (xlsx_book.WINDOWS_EPOCH, xlsx_book.MAC_EPOCH) == (openpyxl.utils.datetime.WINDOWS_EPOCH,
                                                              openpyxl.utils.datetime.MAC_EPOCH)
    for number in range(numbers.BUILTIN_FORMATS_MAX_SIZE + 10):
        fmt = numbers.builtin_format_code(number)
        assert (number in xlsx_book.BUILTIN_DATES) == numbers.is_date_format(fmt)
        assert (number in xlsx_book.BUILTIN_TIMEDELTAS) == numbers.is_timedelta_format(fmt)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='dmhysDMHYSab0#.,;:"[]\\_ -@%$E+/', max_size=14))
def test_custom_formats_as_openpyxl_classes_them(fmt):
    assert xlsx_book.is_date_format(fmt) == numbers.is_date_format(fmt)
    assert xlsx_book.is_timedelta_format(fmt) == numbers.is_timedelta_format(fmt)


def test_a_plain_workbook_is_read_without_importing_openpyxl(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(write_xlsx([Sheet("名单", ["姓名", "出生日期", "人数"], [["甲", date(1950, 1, 2), 3]] * 300)]))
    code = ("import sys; from shequ.common.tabular import stream_table; "
            "headers, rows, _ = stream_table(sys.argv[1]); rows = list(rows); "
            "assert len(rows) == 300 and rows[0][1] == {'姓名': '甲', '出生日期': '1950-01-02', '人数': '3'}, rows[0]; "
            "print(sorted(m for m in sys.modules if m.startswith('openpyxl')))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[A-Z]{1,3}[1-9][0-9]{0,6}", fullmatch=True), st.from_regex(r"[A-Z]{1,3}[1-9][0-9]{0,6}", fullmatch=True))
def test_references_as_openpyxl_reads_them(first, last):
    """The scan's columns and <dimension> without openpyxl's utilities."""
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    from shequ.common.xlsx_scan import Unusual, column, dimension

    assert column(first) == coordinate_to_tuple(first)[1]
    assert dimension(first) == range_boundaries(first)[2:]
    (row1, col1), (row2, col2) = coordinate_to_tuple(first), coordinate_to_tuple(last)
    backwards = row2 < row1 or col2 < col1
    try:
        got = dimension(f"{first}:{last}")
    except Unusual:  # the element by element reading asks openpyxl
        assert backwards
    else:
        assert not backwards and got == range_boundaries(f"{first}:{last}")[2:]
