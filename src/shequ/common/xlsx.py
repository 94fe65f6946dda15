"""A small, fast, deterministic xlsx writer for 台账 sheets.

openpyxl builds an object per cell: 20,000 residents × 16 columns took ~7 s
to write, against a 2 s budget.  A worksheet is just XML in a zip, so we
write it directly: inline strings, a bold header, an optional merged title
row, text-formatted columns (18-digit 身份证 must not become 1.1E+17),
column widths and frozen header rows.  Fixed zip timestamps and no document
properties make the same data give the same bytes (cron-safe reports).
openpyxl is still used to *read* xlsx files.

Values are typed by what they are, so that SUM and sorting work:

- ``Decimal`` with two decimals (money, as the ledger keeps it) → a number shown ``#,##0.00``;
  other ``Decimal``, ``int`` and ``float`` → a number (as text in a text column);
- ``date`` → a date shown ``yyyy-mm-dd``; ``datetime`` → ``yyyy-mm-dd hh:mm``;
- ``bool`` → 是 / 否; anything else → text.

Every sheet is set up to be printed and handed in: A4, fitted to one page wide (as many
pages down as it takes), landscape when it is wide (more than 8 columns, or wider than a
portrait page), title and header rows repeated on every page, thin borders on the data,
long text wrapped in capped column widths, 第 N 页，共 M 页 in the footer.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any, BinaryIO, Iterator, NamedTuple, Sequence

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
(_STYLE_DEFAULT, _STYLE_HEADER, _STYLE_TITLE, _STYLE_TEXT, _STYLE_GENERAL, _STYLE_MONEY, _STYLE_DATE,
 _STYLE_DATETIME, _STYLE_TEXT_WRAP, _STYLE_GENERAL_WRAP) = range(10)
_EPOCH = date(1899, 12, 30)
_MONEY = re.compile(r"-?\d+\.\d\d")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
#: Widest a column gets, when a sheet has more long text than its page is wide (in characters of the
#: default font, a CJK character is 2).
WRAP_AT, WRAP_AT_WIDE = 40, 24
#: Printable width of A4 portrait and landscape (between the margins below), in column-width units
#: (a digit of 11 pt 宋体): wider sheets print landscape, and are fitted to the page's width.
PORTRAIT_WIDTH, LANDSCAPE_WIDTH = 97, 145


class Sheet(NamedTuple):
    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    title: str = ""
    text_columns: frozenset[int] = frozenset()  # 0-based columns formatted as text
    widths: Sequence[float] = ()


def as_money(value: Any) -> Decimal | None:
    """``Decimal("28634.10")`` for a Decimal or text with exactly two decimals (how money is
    written everywhere in shequ), None for anything else."""
    if isinstance(value, Decimal):
        return value if value.as_tuple().exponent == -2 else None
    if isinstance(value, str) and _MONEY.fullmatch(value):
        return Decimal(value)
    return None


def as_date(value: Any) -> date | None:
    """A ``date`` for a date or an ISO date text (``2025-03-05``), None for anything else."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10 and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


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


def _text(ref: str, text: str, style: int) -> str:
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is>{_open_t(text)}{_esc(text)}</t></is></c>'


def _open_t(text: str) -> str:
    """``<t>``, marked to keep its white space only when it has some that a spreadsheet might
    drop (at either end, or a line break or tab): a 200k-row sheet is a fifth smaller to read."""
    if text.isprintable() and text[0] != " " and text[-1] != " ":
        return "<t>"
    return '<t xml:space="preserve">'


def _cell(ref: str, value: Any, style: int) -> str:
    """One cell; *style* is the column's text style (text, general, or their wrapped forms)."""
    if value.__class__ is str:
        return _text(ref, value, style) if value else f'<c r="{ref}" s="{style}"/>'
    if value is None:
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(value, str):
        return _text(ref, value, style)
    if isinstance(value, bool):
        return _text(ref, "是" if value else "否", style)
    if isinstance(value, datetime):
        serial = (value - datetime(1899, 12, 30)).total_seconds() / 86400
        return f'<c r="{ref}" s="{_STYLE_DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{_STYLE_DATE}"><v>{(value - _EPOCH).days}</v></c>'
    text_column = style in (_STYLE_TEXT, _STYLE_TEXT_WRAP)
    if isinstance(value, Decimal) and not text_column:
        kind = _STYLE_MONEY if value.as_tuple().exponent == -2 else _STYLE_GENERAL
        return f'<c r="{ref}" s="{kind}"><v>{value}</v></c>'
    if isinstance(value, (int, float)) and not text_column:
        return f'<c r="{ref}" s="{_STYLE_GENERAL}"><v>{value}</v></c>'
    return _text(ref, str(value), style)


def display_width(text: str) -> int:
    """Width in half-width characters: ASCII counts 1, a CJK character (three bytes of UTF-8) 2.

    Counted from the UTF-8 length, in C: a register of 20,000 residents has 300,000 cells."""
    return (len(text) + len(text.encode("utf-8", "replace"))) // 2


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and value.as_tuple().exponent == -2:
        return f"{value:,}"
    if isinstance(value, (date, datetime)):
        return "0000-00-00 00:00" if isinstance(value, datetime) else "0000-00-00"
    return str(value)


def _needs(sheet: Sheet) -> tuple[list[int], list[int]]:
    """Per column, the width its values need (the widest of its first 300, headers wrapping
    rather than widening it) and the longest text (+1000 when one has a line break), from one
    pass over the rows: they may be made on demand, as a 200k-row register's are."""
    ncols = len(sheet.headers)
    first = [0] * ncols  # the widest of a column's first 300 values
    most = [0] * ncols  # … and of any wider text further down, which still wraps
    lines = [False] * ncols  # a value of the column has a line break
    seen = [0] * ncols  # values of the column so far (a short row has none for its last columns)
    rows = iter(sheet.rows)
    for r in rows:
        for i, v in enumerate(r[:ncols]):
            seen[i] += 1
            if seen[i] <= 300:
                first[i] = most[i] = max(first[i], max(map(display_width, _shown(v).split("\n"))))
            elif v.__class__ is str and 2 * len(v) > most[i]:
                most[i] = max(most[i], display_width(v))
            if v.__class__ is str and "\n" in v:
                lines[i] = True
        if min(seen, default=300) >= 300:
            break
    for r in rows:  # every column has its first 300: only text can still matter
        for i, v in enumerate(r[:ncols]):
            if v.__class__ is str:
                if 2 * len(v) > most[i]:
                    most[i] = max(most[i], display_width(v))
                if "\n" in v:
                    lines[i] = True
    need = [max(first[i], min(display_width(str(sheet.headers[i])), 8 if ncols > 8 else 12), 4) + 2 for i in range(ncols)]
    longest = [most[i] + (1000 if lines[i] else 0) for i in range(ncols)]
    return need, longest


def layout(sheet: Sheet) -> tuple[list[float], list[bool], bool]:
    """Column widths, which columns wrap, and whether the sheet prints landscape.

    A column needs its longest value (of the first 300 rows; headers wrap rather than widen a
    column of short values).  The sheet is landscape when it has more than 8 columns or, with
    long text capped at 40, is wider than a portrait page.  Short columns (dates, names,
    figures) get what they need; the long ones share the rest of the page's width evenly, one
    that needs less than its share leaving the difference to the others, and wrap.  When even
    that leaves too little, they are capped (24 on a sheet of more than 8 columns, else 40) and
    fitting the page's width shrinks the print."""
    ncols = len(sheet.headers)
    cap = (WRAP_AT if ncols <= 8 else WRAP_AT_WIDE) + 2
    need, longest = _needs(sheet)
    capped = [min(n, cap) for n in need]
    landscape = ncols > 8 or sum(capped) > PORTRAIT_WIDTH
    if sheet.widths:
        widths = [float(w) for w in sheet.widths]
    else:
        widths = [float(n) for n in need]
        flex = sorted((i for i in range(ncols) if need[i] > 14), key=lambda i: need[i])
        rest = (LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH) - sum(need[i] for i in range(ncols) if i not in flex)
        if flex and rest >= 12 * len(flex):
            for k, i in enumerate(flex):  # water-filling, the narrowest first
                widths[i] = float(min(need[i], int(rest / (len(flex) - k))))
                rest -= widths[i]
        else:
            widths = [float(c) for c in capped]
    wrap = [longest[i] > widths[i] - 2 for i in range(ncols)]
    return widths, wrap, landscape


#: Height of a line of 11 pt text, in points, generous enough for the fonts a PC might substitute
#: for 宋体; rows are given their height because spreadsheets do not grow a row for wrapped text
#: on opening a file (LibreOffice does not; Excel only when a cell is edited).
LINE_HEIGHT = 15


def _lines(text: str, width: float) -> int:
    per_line = max(width - 1.5, 1)
    return sum(max(1, -(-display_width(part) // per_line)) for part in text.split("\n"))


def _height(values: Sequence[Any], widths: list[float], wrapped: list[int]) -> str:
    """`` ht="…" customHeight="1"`` for a row whose wrapped text takes more than one line."""
    lines = max([_lines(v, widths[i]) for i in wrapped if i < len(values) and isinstance(v := values[i], str) and v] + [1])
    return f' ht="{LINE_HEIGHT * lines + 3:g}" customHeight="1"' if lines > 1 else ""


#: Rows of XML handed to the zip at a time: the sheet is never held whole (a register of 200,000
#: residents is ~1 GiB of XML), and each write is big enough to keep the compressor busy.
CHUNK_ROWS = 500


def _sheet_parts(sheet: Sheet) -> Iterator[str]:
    """A worksheet's XML in pieces: the head, the rows :data:`CHUNK_ROWS` at a time, the tail."""
    ncols = len(sheet.headers)
    cols = [_col(i) for i in range(ncols)]
    widths, wrap, landscape = layout(sheet)
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>']
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
        out.append(f'<row r="1" ht="24" customHeight="1">{_text("A1", sheet.title, _STYLE_TITLE)}</row>')
        r = 2
    headers = [str(h) for h in sheet.headers]
    out.append(f'<row r="{r}"{_height(headers, widths, list(range(ncols)))}>'
               + "".join(_cell(f"{cols[i]}{r}", h, _STYLE_HEADER) for i, h in enumerate(headers)) + "</row>")
    yield "".join(out)
    styles = [(_STYLE_TEXT_WRAP if wrap[i] else _STYLE_TEXT) if i in sheet.text_columns
              else (_STYLE_GENERAL_WRAP if wrap[i] else _STYLE_GENERAL) for i in range(ncols)]
    wrapped = [i for i in range(ncols) if wrap[i]]
    out = []
    for values in sheet.rows:
        r += 1
        values = list(values[:ncols]) + [None] * (ncols - len(values))
        height = _height(values, widths, wrapped) if wrapped else ""
        out.append(f'<row r="{r}"{height}>' + "".join(_cell(f"{cols[i]}{r}", v, styles[i]) for i, v in enumerate(values)) + "</row>")
        if len(out) == CHUNK_ROWS:
            yield "".join(out)
            out = []
    out.append("</sheetData>")
    if sheet.title and ncols > 1:
        out.append(f'<mergeCells count="1"><mergeCell ref="A1:{cols[-1]}1"/></mergeCells>')
    out.append('<printOptions horizontalCentered="1"/>'
               '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
               f'<pageSetup paperSize="9" orientation="{"landscape" if landscape else "portrait"}" '
               'fitToWidth="1" fitToHeight="0"/>'
               '<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>')
    yield "".join(out)


_XF = '<xf numFmtId="{fmt}" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1">' \
      '<alignment vertical="center"{wrap}/></xf>'
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/></numFmts>'
    '<fonts count="3">'
    '<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="14"/><name val="黑体"/><family val="3"/><charset val="134"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="10">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center"/></xf>'
    + _XF.format(fmt=49, wrap="") + _XF.format(fmt=0, wrap="") + _XF.format(fmt=4, wrap="")
    + _XF.format(fmt=164, wrap="") + _XF.format(fmt=165, wrap="")
    + _XF.format(fmt=49, wrap=' wrapText="1"') + _XF.format(fmt=0, wrap=' wrapText="1"') +
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


def _quote(name: str) -> str:
    """A sheet name as a formula refers to it: ``'名单-老年人'``."""
    return "'" + name.replace("'", "''") + "'"


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The bytes of an xlsx workbook holding *sheets* (at least one)."""
    buf = io.BytesIO()
    stream_xlsx(buf, sheets)
    return buf.getvalue()


def stream_xlsx(out: BinaryIO, sheets: Sequence[Sheet]) -> None:
    """Write the xlsx workbook holding *sheets* (at least one) to the seekable file *out*, a
    sheet's rows streamed into the zip a chunk at a time: the same bytes as :func:`write_xlsx`."""
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
         + "</sheets><definedNames>"
         # print titles: the title and header rows on every printed page
         + "".join(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{_esc(_quote(n))}!$1:${2 if s.title else 1}</definedName>'
                   for i, (n, s) in enumerate(zip(names, sheets)))
         + "</definedNames></workbook>"),
        ("xl/_rels/workbook.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                   f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
         + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
         "</Relationships>"),
        ("xl/styles.xml", _STYLES),
    ]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, text in files:
            zf.writestr(_member(name), text.encode("utf-8"))
        for i, sheet in enumerate(sheets, start=1):
            # Beyond 2 GiB of XML a member needs zip64, which must be asked for before the first byte.
            big = len(sheet.rows) * max(len(sheet.headers), 1) > ZIP64_CELLS
            with zf.open(_member(f"xl/worksheets/sheet{i}.xml"), "w", force_zip64=big) as member:
                for part in _sheet_parts(sheet):
                    member.write(part.encode("utf-8"))


#: Cells beyond which a sheet's XML might pass zip's 2 GiB limit (cells are ~100 bytes of XML).
ZIP64_CELLS = 10_000_000


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # fixed: same data, same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    return info
