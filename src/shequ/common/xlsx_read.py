"""The values of an xlsx file's first worksheet, read faster than openpyxl's read-only rows.

openpyxl (read-only, ``values_only``) spends most of an import of 20,000 residents on its
per-cell machinery.  Here openpyxl still opens the workbook — which sheet is the first, its
shared strings, which styles are dates, the 1900/1904 epoch — and only the worksheet's rows
are parsed with ``iterparse``, each cell converted by the same openpyxl functions.  The
result is exactly ``list(ws.iter_rows(values_only=True))`` (tests/unit/test_xlsx_read.py
checks it on shequ-, openpyxl- and hand-written files); anything this reader does not expect
(rich text, escaped characters, a date out of range, another openpyxl) gives None, and the
caller reads the file with openpyxl instead.
"""

from __future__ import annotations

from typing import Any

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT = _NS + "row", _NS + "c", _NS + "v", _NS + "is", _NS + "t"


class _Unusual(Exception):
    """A cell or a file this reader leaves to openpyxl."""


def fast_rows(path: Any) -> list[Any] | None:
    """The rows of the xlsx file *path*'s first worksheet as openpyxl's read-only
    ``iter_rows(values_only=True)`` gives them (data only), or None when openpyxl must read them.

    openpyxl opens the workbook (sheets, shared strings, styles); its read-only worksheet, which
    parses a whole sheet without a ``<dimension>`` (shequ's own) just to size it, is not made."""
    try:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        reader = ExcelReader(path, read_only=True, data_only=True)
    except Exception:
        return None
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        target = next((rel.target for _, rel in reader.parser.find_sheets()
                       if rel.target in reader.valid_files and "chartsheet" not in rel.Type), None)
        if target is None:
            return None
        wb = reader.wb
        state = (reader.shared_strings, wb._date_formats, wb._timedelta_formats, wb.epoch)
        with reader.archive.open(target) as source:
            return _rows(source, state)
    except Exception:  # anything unusual, or a file openpyxl cannot open: openpyxl reads it (or says why not)
        return None
    finally:
        reader.archive.close()


_DIMENSION = _NS + "dimension"


def _rows(source: Any, state: tuple[Any, ...]) -> list[Any]:
    """``ReadOnlyWorksheet._cells_by_row(1, 1, max_col, max_row, values_only=True)``, the
    maxima from the sheet's ``<dimension>`` (if it comes before the rows, as openpyxl reads it)."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet.dimensions import SheetDimension

    max_col = max_row = None
    out: list[Any] = []
    empty: Any = []  # openpyxl's own filler rows
    counter = 1
    idx = 0  # the row number of the last row read
    sized = False  # past the dimension, or the first row without one
    for _, element in iterparse(source):
        if element.tag != _ROW:
            if element.tag == _DIMENSION and not sized:
                _, _, max_col, max_row = SheetDimension.from_tree(element).boundaries
                empty, sized = (None,) * max_col, True
            continue
        sized = True
        r = element.get("r")
        idx = _row_number(r) if r is not None else idx + 1
        if max_row is not None and idx > max_row:
            break
        while counter < idx:  # rows the file leaves out
            out.append(empty)
            counter += 1
        if counter <= idx:
            out.append(_row(element, state, max_col))
            counter += 1
        element.clear()
    if max_row is not None and max_row < idx:  # as openpyxl: only after a row past the end
        out.extend([empty] * (max_row + 1 - counter))
    return out


def _row_number(r: str) -> int:
    try:
        return int(r)
    except ValueError:
        val = float(r)
        if not val.is_integer():
            raise
        return int(val)


_COLUMNS: dict[str, int] = {}


def _column(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    col = _COLUMNS.get(letters)
    if col is None:
        from openpyxl.utils.cell import coordinate_to_tuple

        col = _COLUMNS[letters] = coordinate_to_tuple(ref)[1]
    return col


def _row(element: Any, state: tuple[Any, ...], max_col: int | None) -> tuple[Any, ...]:
    """``ReadOnlyWorksheet._get_row`` of the row *element*, values only."""
    cells: list[tuple[int, Any]] = []
    col = 0
    for c in element:
        if c.tag != _CELL:
            raise _Unusual
        ref = c.get("r")
        col = _column(ref) if ref else col + 1
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
            raise _Unusual  # rich text, phonetic runs, escaped characters: openpyxl's Text decides
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
                raise _Unusual from None  # openpyxl warns and makes it #VALUE!
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
