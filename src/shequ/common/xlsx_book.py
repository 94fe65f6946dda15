"""What a plain workbook says about its first worksheet, read without openpyxl.

Before a row can be read, openpyxl's ``ExcelReader`` reads the package's content types, the
workbook and its relationships (which part is the first worksheet, the 1900 or 1904 epoch), the
shared strings and the styles (which cell styles show dates).  Importing openpyxl and building its
objects costs about a fifth of an import of 20,000 residents from a workbook, all of it before the
first row.  These few facts are read here with ElementTree, as openpyxl reads them
(tests/unit/test_xlsx_book.py compares the two); whatever is not in the plain form shequ, openpyxl
and Excel write — another namespace, a missing attribute, a number that is not digits — gives
None, and openpyxl opens the workbook instead.

A part that only openpyxl reads (document properties, named styles, defined names) is not read
here: a file that openpyxl refuses for one of those is read all the same.
"""

from __future__ import annotations

import posixpath
import re
from datetime import datetime
from typing import Any, NamedTuple

from shequ.common.xlsx_scan import NS as _MAIN

_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# openpyxl.xml.constants: the workbook's content types in the order openpyxl looks for them
WORKBOOK_TYPES = (
    "application/vnd.ms-excel.template.macroEnabled.main+xml",  # XLTM
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",  # XLTX
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",  # XLSM
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",  # XLSX
)
SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STYLES = "xl/styles.xml"  # openpyxl's ARC_STYLE: read from here, whatever the manifest says
WINDOWS_EPOCH, MAC_EPOCH = datetime(1899, 12, 30), datetime(1904, 1, 1)

# openpyxl.styles.numbers: which built-in number formats (ids 0–49) show a date or a duration
BUILTIN_DATES = frozenset((14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47))
BUILTIN_TIMEDELTAS = frozenset((46,))
# … and its tests of a custom format code (is_date_format, is_timedelta_format)
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_DIGITS = re.compile(r"[0-9]+")


class Book(NamedTuple):
    sheet: str  # the first worksheet's part
    strings: str | None  # the shared strings' part, if any
    dates: frozenset[int]  # the cell styles that show a date …
    timedeltas: frozenset[int]  # … or a duration
    epoch: datetime


class _NotPlain(Exception):
    pass


def plain_book(archive: Any) -> Book | None:
    """The facts openpyxl reads before the first row of the zip *archive*, or None when
    openpyxl must read them."""
    from xml.etree.ElementTree import ParseError

    try:
        return _book(archive)
    except (_NotPlain, KeyError, ParseError, UnicodeError):
        return None


def is_date_format(fmt: str) -> bool:
    return _DATE.search(_STRIP.sub("", fmt.split(";")[0])) is not None


def is_timedelta_format(fmt: str) -> bool:
    return _TIMEDELTA.search(fmt.split(";")[0]) is not None


def _book(archive: Any) -> Book:
    names = set(archive.namelist())
    overrides = [_attrs(e, "PartName", "ContentType")
                 for e in _children(_root(archive, "[Content_Types].xml", _TYPES + "Types"), _TYPES, ("Default", "Override"))
                 if e.tag == _TYPES + "Override"]
    found = {}
    for part, kind in overrides:
        found.setdefault(kind, part)  # the first of each type, as Manifest.find
    workbook = next((found[kind] for kind in WORKBOOK_TYPES if kind in found), None)
    if workbook is None:
        raise _NotPlain  # openpyxl also looks at the defaults
    workbook = workbook[1:]
    root = _root(archive, workbook, _MAIN + "workbook")
    epoch, sheets = WINDOWS_EPOCH, None
    for e in _once(_children(root, _MAIN, ("workbookPr", "sheets"), others=True)):
        if e.tag == _MAIN + "workbookPr":  # openpyxl's Bool: "false", "f", "0" and "" are false
            epoch = WINDOWS_EPOCH if e.get("date1904", "") in ("", "false", "f", "0") else MAC_EPOCH
        else:
            sheets = [s.get(_R_ID) for s in _children(e, _MAIN, ("sheet",))]
    if not sheets or not all(sheets):
        raise _NotPlain  # none, or a sheet openpyxl drops with a warning
    rels = _relationships(archive, workbook)
    sheet = next((target for target, kind in map(rels.__getitem__, sheets)
                  if target in names and "chartsheet" not in kind), None)
    if sheet is None:
        raise _NotPlain
    strings = found.get(SHARED_STRINGS)
    dates, timedeltas = _styles(archive) if STYLES in names else (frozenset(), frozenset())
    return Book(sheet, strings[1:] if strings else None, dates, timedeltas, epoch)


def _relationships(archive: Any, part: str) -> dict[str, tuple[str, str]]:
    """``get_dependents(archive, get_rels_path(part)).to_dict()``: each Id's target and type."""
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", f"{name}.rels")
    parent = posixpath.split(posixpath.dirname(path))[0]
    rels = {}
    for e in _children(_root(archive, path, _RELS + "Relationships"), _RELS, ("Relationship",)):
        key, kind, target = _attrs(e, "Id", "Type", "Target")
        if e.get("TargetMode") != "External":
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
        rels[key] = (target, kind)
    return rels


def _styles(archive: Any) -> tuple[frozenset[int], frozenset[int]]:
    """``Stylesheet._normalise_numbers``: the cell styles (``<cellXfs>``) whose number format shows
    a date, and those that show a duration."""
    root = _root(archive, STYLES, _MAIN + "styleSheet")
    custom: dict[int, str] = {}
    xfs: list[int] = []
    for e in _once(_children(root, _MAIN, ("numFmts", "cellXfs"), others=True)):
        if e.tag == _MAIN + "numFmts":
            for f in _children(e, _MAIN, ("numFmt",)):
                number, code = _attrs(f, "numFmtId", "formatCode")
                custom[_number(number)] = code
        else:
            xfs = [_number(xf.get("numFmtId", "0")) for xf in _children(e, _MAIN, ("xf",))]
    dates, timedeltas = set(), set()
    for i, number in enumerate(xfs):
        code = custom.get(number)
        if code is None:
            is_date, is_timedelta = number in BUILTIN_DATES, number in BUILTIN_TIMEDELTAS
        else:
            is_date, is_timedelta = is_date_format(code), is_timedelta_format(code)
        if is_date:
            dates.add(i)
        if is_timedelta:
            timedeltas.add(i)
    return frozenset(dates), frozenset(timedeltas)


def _root(archive: Any, part: str, tag: str) -> Any:
    from xml.etree.ElementTree import fromstring

    root = fromstring(archive.read(part))
    if root.tag != tag:
        raise _NotPlain
    return root


def _children(element: Any, ns: str, names: tuple[str, ...], others: bool = False) -> list[Any]:
    """The children of *element* called *names* in the namespace *ns*; any other child is not plain
    (unless *others*: openpyxl passes over what it does not know), nor is one of *names* in
    another namespace (openpyxl reads a child by its local name)."""
    wanted = {ns + name for name in names}
    found = []
    for child in element:
        if child.tag in wanted:
            found.append(child)
        elif not others or child.tag.rpartition("}")[2] in names:
            raise _NotPlain
    return found


def _once(elements: list[Any]) -> list[Any]:
    """*elements*, each tag once (openpyxl would keep the last of two)."""
    if len({e.tag for e in elements}) < len(elements):
        raise _NotPlain
    return elements


def _attrs(element: Any, *names: str) -> list[str]:
    values = [element.get(name) for name in names]
    if None in values:
        raise _NotPlain  # openpyxl: a TypeError, or a warning and nothing
    return values  # type: ignore[return-value]


def _number(text: str) -> int:
    if not _DIGITS.fullmatch(text):
        raise _NotPlain
    return int(text)
