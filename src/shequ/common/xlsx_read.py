"""The texts of an xlsx file's first worksheet, read faster than openpyxl's read-only rows.

openpyxl (read-only, ``values_only``) spends most of an import of 20,000 residents on its per-cell
machinery.  Here a plain workbook's parts (which sheet is the first, which styles are dates, the
1900/1904 epoch) are read without importing openpyxl (common/xlsx_book.py; openpyxl opens any
other); a plain worksheet and string table — what shequ, openpyxl and Excel write — are scanned
with regular expressions (common/xlsx_scan.py, common/xlsx_sheet.py), any other worksheet is
parsed with ``iterparse``.  The rows are handed over as they are read (a 200,000-row sheet is
never held), each as the texts an import reads of exactly ``ws.iter_rows(values_only=True)``
(``xlsx_scan.as_text`` of each value: tests/unit/test_xlsx_read.py checks it on shequ-,
openpyxl- and hand-written files); what neither reader expects (rich text, escaped characters, a
date out of range, another openpyxl) is left to openpyxl, from that row on.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any, Callable, Iterator

from shequ.common.xlsx_scan import DIMENSION, NS, Unusual, as_text, column, scanned_strings
from shequ.common.xlsx_sheet import Sheet

_ROW, _CELL, _VALUE, _INLINE, _TEXT = NS + "row", NS + "c", NS + "v", NS + "is", NS + "t"


def stream_rows(path: Any, fallback: Callable[[], Iterator[Any]] | None = None) -> tuple[Iterator[Any], int] | None:
    """The rows of the xlsx file *path*'s first worksheet as openpyxl's read-only
    ``iter_rows(values_only=True)`` gives them (data only), each as its cells' texts
    (``xlsx_scan.as_text``: what an import reads), handed over as they are read, with about how
    many there are (for a progress bar); or None when openpyxl must read the file.

    A part found unusual half way is read again by the next reader (the scan, the element by
    element reading, then *fallback*: openpyxl) from the row the last one stopped at: the readers
    give the same rows, so what was handed over stands.  Without *fallback*, the rows end with
    ``Unusual`` there.  (openpyxl's read-only worksheet, which parses a sheet without a
    <dimension> to size it, is not made.)"""
    opened = _plain_open(path) or _openpyxl_open(path)
    if opened is None:
        return None
    archive, target, state = opened
    try:
        about = _about(archive, target)
    except Exception:  # a part that cannot be read: openpyxl says why
        archive.close()
        return None
    return _stream(archive, target, state, fallback), about


def _plain_open(path: Any) -> tuple[Any, str, tuple[Any, ...]] | None:
    """The archive, its first worksheet and what its cells need, read without openpyxl
    (common/xlsx_book.py), or None."""
    from zipfile import ZipFile

    from shequ.common.xlsx_book import plain_book

    try:
        archive = ZipFile(path)
    except Exception:
        return None
    try:
        book = plain_book(archive)
        if book is not None:
            strings: list[str] | None = []
            if book.strings is not None:
                with archive.open(book.strings) as source:
                    strings = scanned_strings(source)
            if strings is not None:
                return archive, book.sheet, (strings, book.dates, book.timedeltas, book.epoch)
    except Exception:  # a part missing or unusual: openpyxl reads the file
        pass
    archive.close()
    return None


def _openpyxl_open(path: Any) -> tuple[Any, str, tuple[Any, ...]] | None:
    """The same, as openpyxl's ExcelReader reads it, or None when openpyxl must read the file."""
    try:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        reader = ExcelReader(path, read_only=True, data_only=True)
    except Exception:
        return None
    try:
        reader.read_manifest()
        _read_strings(reader)
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        target = next((rel.target for _, rel in reader.parser.find_sheets()
                       if rel.target in reader.valid_files and "chartsheet" not in rel.Type), None)
    except Exception:  # anything unusual, or a file openpyxl cannot open: openpyxl reads it (or says why not)
        target = None
    if target is None:
        reader.archive.close()
        return None
    wb = reader.wb
    return reader.archive, target, (reader.shared_strings, wb._date_formats, wb._timedelta_formats, wb.epoch)


def fast_rows(path: Any) -> list[Any] | None:
    """All of :func:`stream_rows`'s rows (as lists), or None when openpyxl must read any of them."""
    found = stream_rows(path)
    if found is None:
        return None
    try:
        return [list(row) for row in found[0]]
    except Unusual:
        return None


def _stream(archive: Any, target: str, state: tuple[Any, ...],
            fallback: Callable[[], Iterator[Any]] | None) -> Iterator[Any]:
    given = 0  # rows handed over
    try:
        for scan in (True, False):  # a plain sheet, scanned; else element by element
            try:
                with archive.open(target) as source:
                    rows = Sheet(source, state).rows() if scan else _texts(_rows(source, state))
                    for row in islice(rows, given, None):
                        given += 1
                        yield row
                return
            except Exception:  # the next reader, from the row this one stopped at
                continue
    finally:
        archive.close()
    if fallback is None:
        raise Unusual
    yield from _texts(islice(fallback(), given, None))


def _texts(rows: Iterator[Any]) -> Iterator[list[str]]:
    """Rows of openpyxl's values, as text."""
    return ([as_text(c) for c in row] for row in rows)


def _about(archive: Any, target: str) -> int:
    """About how many rows the sheet holds: its <dimension>, else its size over the size of its
    first rows (shequ and openpyxl write no <dimension>)."""
    size = archive.getinfo(target).file_size
    with archive.open(target) as source:
        head = source.read(1 << 16)
    m = re.search(rb'<dimension ref="[A-Z]{1,3}[0-9]+:[A-Z]{1,3}([0-9]+)"', head)
    if m:
        return int(m[1])
    start = head.find(b"<sheetData")
    rows = head.count(b"<row", start) if start >= 0 else 0
    return size * rows // max(len(head) - start, 1) if rows > 1 else rows


def _read_strings(reader: Any) -> None:
    """``reader.read_strings()``: the shared strings, scanned when the part is plain."""
    from openpyxl.xml.constants import SHARED_STRINGS

    ct = reader.package.find(SHARED_STRINGS)
    if ct is None:
        return  # none: reader.shared_strings stays []
    with reader.archive.open(ct.PartName[1:]) as source:
        strings = scanned_strings(source)
    if strings is None:
        reader.read_strings()
    else:
        reader.shared_strings = strings


def _rows(source: Any, state: tuple[Any, ...]) -> Iterator[Any]:
    """``ReadOnlyWorksheet._cells_by_row(1, 1, max_col, max_row, values_only=True)``, the
    maxima from the sheet's ``<dimension>`` (if it comes before the rows, as openpyxl reads it)."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet.dimensions import SheetDimension

    max_col = max_row = None
    empty: Any = []  # openpyxl's own filler rows
    counter = 1
    idx = 0  # the row number of the last row read
    sized = False  # past the dimension, or the first row without one
    for _, element in iterparse(source):
        if element.tag != _ROW:
            if element.tag == DIMENSION and not sized:
                _, _, max_col, max_row = SheetDimension.from_tree(element).boundaries
                empty, sized = (None,) * max_col, True
            continue
        sized = True
        r = element.get("r")
        idx = _row_number(r) if r is not None else idx + 1
        if max_row is not None and idx > max_row:
            break
        while counter < idx:  # rows the file leaves out
            yield empty
            counter += 1
        if counter <= idx:
            yield _row(element, state, max_col)
            counter += 1
        element.clear()
    if max_row is not None and max_row < idx:  # as openpyxl: only after a row past the end
        yield from [empty] * (max_row + 1 - counter)


def _row_number(r: str) -> int:
    try:
        return int(r)
    except ValueError:
        val = float(r)
        if not val.is_integer():
            raise
        return int(val)


def _row(element: Any, state: tuple[Any, ...], max_col: int | None) -> tuple[Any, ...]:
    """``ReadOnlyWorksheet._get_row`` of the row *element*, values only."""
    cells: list[tuple[int, Any]] = []
    col = 0
    for c in element:
        if c.tag != _CELL:
            raise Unusual
        ref = c.get("r")
        col = column(ref) if ref else col + 1
        cells.append((col, _value(c, state)))
    if not cells and not max_col:
        return ()
    width = max_col or cells[-1][0]
    values: list[Any] = [None] * width
    for col, value in cells:
        if 1 <= col <= width:
            values[col - 1] = value
    return tuple(values)


def _value(c: Any, state: tuple[Any, ...]) -> Any:
    """``WorkSheetParser.parse_cell`` (data only) for the cell element *c*: its value."""
    kind = c.get("t", "n")
    if kind == "inlineStr":
        child = c.find(_INLINE)
        if child is None:
            return None
        if len(child) != 1 or child[0].tag != _TEXT or len(child[0]) or child[0].text is None or "_x" in child[0].text:
            raise Unusual  # rich text, phonetic runs, escaped characters: openpyxl's Text decides
        return child[0].text
    value = c.findtext(_VALUE, None) or None
    if value is None:
        return None
    if kind == "n":
        number: Any = float(value) if "." in value or "E" in value or "e" in value else int(value)
        style = c.get("s", 0)
        if style:
            style = int(style)
        strings, dates, timedeltas, epoch = state
        if style in dates:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number, epoch, timedelta=style in timedeltas)
            except (OverflowError, ValueError):
                raise Unusual from None  # openpyxl warns and makes it #VALUE!
        return number
    if kind == "s":
        return state[0][int(value)]
    if kind == "b":
        return bool(int(value))
    if kind in ("str", "e"):
        return value
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601

        return from_ISO8601(value)
    return value
