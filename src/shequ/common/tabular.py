"""Reading tables that people hand us: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK), xlsx, JSON, JSONL.

Encodings are detected, not guessed from the locale: Excel on a Chinese
Windows saves CSV as GBK, WPS often as UTF-8 with a BOM.  Every row keeps
its row number in the file (header = row 1) so errors can name it.  A CSV
cell shequ wrote as ``'=…`` (formula injection, see
:func:`shequ.common.output.escape_formula`) is read back as ``=…``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from shequ.errors import DataError, UsageError


class Table(NamedTuple):
    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (row number in the file, values by header)


def decode_text(raw: bytes, name: str) -> str:
    """UTF-8 (BOM optional) first, then GB18030 (a superset of GBK/GB2312)."""
    return _decoded(raw, name)[0]


def _decoded(raw: bytes, name: str) -> tuple[str, str]:
    """The text of *raw* and the encoding that gave it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        raise DataError(f"文件编码不受支持：{name}（看起来是 UTF-16；请另存为 UTF-8 或 GB18030/GBK 编码的 CSV）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    raise DataError(f"无法识别文件编码：{name}（支持 UTF-8、带 BOM 的 UTF-8、GB18030/GBK）")


def input_file(path: str | os.PathLike[str], what: str = "文件") -> Path:
    """*path* if it is a file to read; a folder or a missing file is named as such."""
    p = Path(path)
    if p.is_dir():
        raise DataError(f"这是一个目录，不是{what}：{p}")
    if not p.is_file():
        raise DataError(f"{what}不存在：{p}")
    return p


def read_table(path: str | os.PathLike[str], *, as_shown: bool = False) -> Table:
    """The rows of a csv, tsv, xlsx or json file.

    With *as_shown*, an xlsx number is read as its cell shows it (``3.50`` for 3.5 shown with two
    decimals), for importers that keep decimals as written; reading every cell's format is the
    slower path, so rosters and the ledger (which rounds to cents itself) do without it."""
    p = input_file(path)
    ext = p.suffix.lower()
    if ext == ".csv" or ext == ".txt" or ext == ".tsv":
        return _read_csv(p, delimiter="\t" if ext == ".tsv" else None)
    if ext == ".xlsx":
        return _read_xlsx(p, as_shown)
    if ext in (".json", ".jsonl", ".ndjson"):
        return _read_json(p, lines=ext != ".json")
    raise UsageError(f"不支持的文件类型：{p.name}（支持 .csv .tsv .xlsx .json .jsonl）")


def _clean_header(h: Any) -> str:
    return str(h or "").strip().lstrip("\ufeff").strip("*＊ ").strip()


def stream_table(path: str | os.PathLike[str]) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]], int]:
    """:func:`read_table`'s headers and rows, the rows handed over one at a time and then let go:
    a CSV's are read from the file as they are used, and a sheet's as its XML is read, so a
    200,000-row roster is never held.  The third value is about how many rows there are (for a
    progress bar).  A bad row further down (more cells than headers) raises when it is reached."""
    p = input_file(path)
    ext = p.suffix.lower()
    if ext in (".csv", ".txt", ".tsv"):
        return _stream_csv(p, "\t" if ext == ".tsv" else None)
    if ext == ".xlsx":
        return _stream_xlsx(p)
    table = read_table(p)
    rows = table.rows

    def drain() -> Iterator[tuple[int, dict[str, Any]]]:
        for i in range(len(rows)):
            (item, rows[i]) = (rows[i], None)  # type: ignore[call-overload]
            yield item

    return table.headers, drain(), len(rows)


def _read_csv(p: Path, delimiter: str | None) -> Table:
    headers, rows, _ = _stream_csv(p, delimiter)
    return Table(headers, list(rows))


def _stream_csv(p: Path, delimiter: str | None) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]], int]:
    import csv

    raw = p.read_bytes()
    text, encoding = _decoded(raw, p.name)  # the whole file decodes, or it is refused before any row
    if not text.strip():
        raise DataError(f"文件是空的：{p.name}")
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，").delimiter
        except csv.Error:
            delimiter = ","
    lines = raw.count(b"\n")
    del raw, text
    from shequ.common.output import unescape_formula

    def cells() -> Iterator[list[str]]:
        with open(p, encoding=encoding, newline="") as fh:
            yield from csv.reader(fh, delimiter=delimiter)

    # shequ's CSV writers put a ' before a cell a spreadsheet would run as a formula: taken off.
    headers, rows = _split(cells(), p.name, unescape=unescape_formula)
    return headers, rows, lines


def _split(rows_iter: Any, name: str, unescape: Any = None) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """The header row (read now: a file without one is refused at once) and the data rows after
    it, from rows of text; *unescape* is applied to each cell that may need it (a CSV's ``'=…``)."""
    numbered = _numbered(rows_iter, name)
    headers: list[str] | None = None
    for lineno, row in numbered:
        cells = [unescape(c) for c in row] if unescape else row
        if not any(c.strip() for c in cells):
            continue  # blank lines before the header
        headers = [_clean_header(h) for h in cells]
        if sum(1 for h in headers if h) == 0:
            raise DataError(f"没有表头行：{name}")
        dupes = {h for h in headers if h and headers.count(h) > 1}
        if dupes:
            raise DataError(f"表头重复：{name} 中的 {'、'.join(sorted(dupes))}")
        break
    if headers is None:
        raise DataError(f"文件是空的：{name}")

    def rows(heads: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
        named = [(i, h) for i, h in enumerate(heads) if h]
        width, every = len(heads), len(named) == len(heads)
        for lineno, row in numbered:
            joined = "".join(row)
            if not joined.strip():
                continue
            cells = row if not unescape or ("'" not in joined and "=" not in joined) else list(map(unescape, row))
            if len(cells) > width:
                extra = [c for c in cells[width:] if c.strip()]
                if extra:
                    raise DataError(f"{name} 第 {lineno} 行有 {width + len(extra)} 列，多于表头的 {width} 列"
                                    f"（数字中的逗号要加引号，如 \"1,234.50\"）")
            if every and len(cells) >= width:
                yield lineno, dict(zip(heads, cells))
            else:
                yield lineno, {h: cells[i] if i < len(cells) else "" for i, h in named}

    return [h for h in headers if h], rows(headers)


def _numbered(rows_iter: Any, name: str) -> Any:
    """``(row number, row)``; a CSV the reader cannot split (a 60 MB line …) is one line of error."""
    import csv

    lineno = 0
    try:
        for lineno, row in enumerate(rows_iter, start=1):
            yield lineno, row
    except csv.Error as exc:
        text = str(exc)
        reason = (f"一个单元格超过 {csv.field_size_limit():,} 个字符" if "field limit" in text
                  else "引号不配对或换行位置不对" if "new-line" in text or "quote" in text else "CSV 格式错误")
        raise DataError(f"{name} 第 {lineno + 1} 行无法读取：{reason}（这不像花名册或台账表格，请检查文件）") from None


def _read_xlsx(p: Path, as_shown: bool = False) -> Table:
    headers, rows, _ = _stream_xlsx(p, as_shown)
    return Table(headers, list(rows))


def _stream_xlsx(p: Path, as_shown: bool = False) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]], int]:
    """The sheet's rows as they are read (the fast reader, common/xlsx_read.py; openpyxl when it
    steps aside), as text (``xlsx_scan.as_text``): a 200,000-row roster is checked while it is still
    being read, never held."""
    from itertools import islice

    from shequ.common.xlsx_read import stream_rows
    from shequ.common.xlsx_scan import as_text

    found = None if as_shown else stream_rows(p, lambda: _openpyxl_iter(p, False))
    rows, about = found if found is not None else (([as_text(c) for c in row] for row in _openpyxl_iter(p, as_shown)), 0)
    head = list(islice(rows, 5))
    if not head:
        raise DataError(f"文件是空的：{p.name}")
    # A title row (merged, one cell filled) above the header is common in 台账 sheets: skip it.
    start = 0
    for i, row in enumerate(head):
        if sum(1 for c in row if c) >= 2:
            start = i
            break
    else:
        raise DataError(f"没有表头行：{p.name}（前 5 行都不像表头）")

    def cells() -> Iterator[list[Any]]:
        for _ in range(start):  # the skipped rows keep their numbers, as blanks
            yield [""]
        yield from head[start:]
        yield from rows

    headers, found_rows = _split(cells(), p.name)
    return headers, found_rows, max(about - start, 0)


def _openpyxl_iter(p: Path, as_shown: bool) -> Iterator[Any]:
    """openpyxl's rows of the first sheet, read as they are used; a file it cannot read (at once,
    or half way) is one line of error."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover
        raise DataError("读取 xlsx 需要 openpyxl：pip install openpyxl") from None
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:
        raise DataError(f"无法读取 Excel 文件：{p.name}（{type(exc).__name__}）") from None
    try:
        ws = wb.worksheets[0]
        if as_shown:  # a number shown with two decimals (money: 3.50) is read as it is shown, not as 3.5
            for row in ws.iter_rows():
                yield [_shown(c.value, c.number_format) if isinstance(c.value, float) else c.value for c in row]
        else:
            yield from ws.iter_rows(values_only=True)
    except Exception as exc:
        raise DataError(f"无法读取 Excel 文件：{p.name}（{type(exc).__name__}）") from None
    finally:
        wb.close()


_PLACES = re.compile(r"0\.(0+)")


def _shown(value: float, number_format: str | None) -> Any:
    """*value* with the decimals its format shows (``#,##0.00`` → ``3.50``), else *value*."""
    m = _PLACES.search(number_format or "")
    return f"{value:.{len(m[1])}f}" if m and round(value, len(m[1])) == value else value


def _read_json(p: Path, lines: bool) -> Table:
    import orjson

    raw = p.read_bytes()
    try:
        if lines:
            items = [orjson.loads(line) for line in raw.splitlines() if line.strip()]
        else:
            items = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DataError(f"JSON 格式错误：{p.name}（{exc}）") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DataError(f"JSON 文件应为对象数组：{p.name}")
    if not items:
        raise DataError(f"文件是空的：{p.name}")
    headers: list[str] = []
    for item in items:
        for k in item:
            if k not in headers:
                headers.append(k)
    # JSON rows are numbered from 1 (there is no header line).
    return Table(headers=headers, rows=[(i, item) for i, item in enumerate(items, start=1)])
