"""A small, fast, deterministic xlsx writer for 台账 sheets.

openpyxl builds an object per cell: 20,000 residents × 16 columns took ~7 s
to write, against a 2 s budget.  A worksheet is just XML in a zip, so we
write it directly: inline strings, a bold header, an optional merged title
row, text-formatted columns (18-digit 身份证 must not become 1.1E+17),
column widths and frozen header rows.  Fixed zip timestamps and no document
properties make the same data give the same bytes (cron-safe reports).
openpyxl is still used to *read* xlsx files.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any, NamedTuple, Sequence

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STYLE_DEFAULT, _STYLE_HEADER, _STYLE_TITLE, _STYLE_TEXT = 0, 1, 2, 3


class Sheet(NamedTuple):
    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    title: str = ""
    text_columns: frozenset[int] = frozenset()  # 0-based columns formatted as text
    widths: Sequence[float] = ()


def _col(n: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _esc(text: str) -> str:
    # Most cells are plain names and numbers: two C-level checks instead of a regex and three replaces.
    if not text.isprintable():
        text = _BAD_XML.sub("", text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _cell(ref: str, value: Any, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float)) and style != _STYLE_TEXT:
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_esc(str(value))}</t></is></c>'


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _sheet_xml(sheet: Sheet) -> str:
    ncols = len(sheet.headers)
    cols = [_col(i) for i in range(ncols)]
    widths = list(sheet.widths) or [
        min(max([_display_width(str(h)) for h in [sheet.headers[i]]] +
                [_display_width("" if r[i] is None else str(r[i])) for r in sheet.rows[:300]] + [6]) + 2, 50)
        for i in range(ncols)
    ]
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">']
    top = 2 if sheet.title else 1
    out.append(f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{top}" topLeftCell="A{top + 1}" '
               f'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
    out.append("<sheetFormatPr defaultRowHeight=\"15\"/><cols>")
    for i, w in enumerate(widths):
        style = f' style="{_STYLE_TEXT}"' if i in sheet.text_columns else ""
        out.append(f'<col min="{i + 1}" max="{i + 1}" width="{w:g}" customWidth="1"{style}/>')
    out.append("</cols><sheetData>")
    r = 1
    if sheet.title:
        out.append(f'<row r="1" ht="24" customHeight="1">{_cell("A1", sheet.title, _STYLE_TITLE)}</row>')
        r = 2
    out.append(f'<row r="{r}">' + "".join(_cell(f"{cols[i]}{r}", h, _STYLE_HEADER) for i, h in enumerate(sheet.headers)) + "</row>")
    styles = [_STYLE_TEXT if i in sheet.text_columns else _STYLE_DEFAULT for i in range(ncols)]
    for values in sheet.rows:
        r += 1
        cells = "".join(
            _cell(f"{cols[i]}{r}", v, styles[i]) for i, v in enumerate(values[:ncols])
        )
        out.append(f'<row r="{r}">{cells}</row>')
    out.append("</sheetData>")
    if sheet.title and ncols > 1:
        out.append(f'<mergeCells count="1"><mergeCell ref="A1:{cols[-1]}1"/></mergeCells>')
    out.append('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
               '<pageSetup paperSize="9" orientation="landscape"/></worksheet>')
    return "".join(out)


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="3">'
    '<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="14"/><name val="黑体"/><family val="3"/><charset val="134"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center"/></xf>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _safe_sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "Sheet"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base[:28]}({n})"
    used.add(candidate)
    return candidate


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The bytes of an xlsx workbook holding *sheets* (at least one)."""
    if not sheets:
        raise ValueError("至少需要一个工作表")
    used: set[str] = set()
    names = [_safe_sheet_name(s.name, used) for s in sheets]
    files: list[tuple[str, str]] = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
         + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                   f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   for i in range(1, len(sheets) + 1))
         + "</Types>"),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         "</Relationships>"),
        ("xl/workbook.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
         + "".join(f'<sheet name="{_esc(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
         + "</sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                   f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
         + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
         "</Relationships>"),
        ("xl/styles.xml", _STYLES),
    ]
    files += [(f"xl/worksheets/sheet{i}.xml", _sheet_xml(s)) for i, s in enumerate(sheets, start=1)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, text in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # fixed: same data, same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()
