"""Rendering rows for people: table, JSON, JSONL, CSV, Markdown; masking; progress.

Rows are dicts keyed by stable English/pinyin names; ``Column`` pairs a key
with its Chinese header.  JSON keeps the keys (scripts depend on them);
table, CSV and Markdown show the headers (people read them).  CSV is UTF-8
with a BOM so Excel and WPS open it correctly.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, NamedTuple, Sequence, TypeVar

from shequ.errors import DataError, UsageError

FORMATS = ("table", "json", "jsonl", "csv", "md", "grid")
EXTENSIONS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".md": "md",
    ".txt": "table",
    ".xlsx": "xlsx",
}
BOM = "\ufeff"
T = TypeVar("T")


class Column(NamedTuple):
    """A stable key, the Chinese header people see and, for personal data, how to mask it.

    ``mask`` is ``"id_card"``, ``"phone"`` or ``"name"`` (敏感个人信息: the value is hidden);
    a listing shows masked values unless the command ran with ``--reveal`` (logged).
    """

    key: str
    header: str
    mask: str | None = None


def format_for(path: str | os.PathLike[str] | None, fmt: str | None, *, allowed: Sequence[str] = FORMATS) -> str:
    """The output format: explicit ``-f`` wins, else the file extension, else ``table``."""
    if fmt:
        return fmt
    if path is None or str(path) == "-":
        return "table"
    ext = Path(path).suffix.lower()
    found = EXTENSIONS.get(ext)
    if found is None or found not in allowed:
        exts = "、".join(e for e, f in EXTENSIONS.items() if f in allowed)
        raise UsageError(f"无法从扩展名判断输出格式：{path}（支持：{exts}，或用 -f 指定）")
    return found


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(_cell(v) for v in value)
    return str(value)


def render(rows: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: str) -> str:
    """Render *rows* as text in *fmt* (one of :data:`FORMATS`)."""
    if fmt == "json":
        return _json(list(rows), indent=True)
    if fmt == "jsonl":
        return "".join(_json(r, indent=False) for r in rows)
    if fmt == "csv":
        return render_csv(rows, columns)
    if fmt == "md":
        return _markdown(rows, columns)
    if fmt == "table":
        return _table(rows, columns)
    if fmt == "grid":
        return _grid(rows, columns)
    raise UsageError(f"未知的输出格式：{fmt}（可用：{'、'.join(FORMATS)}）")


def render_json_bytes(rows: Sequence[dict[str, Any]], *, lines: bool) -> bytes:
    """JSON (an indented array) or JSON Lines, as UTF-8 bytes."""
    import orjson

    from shequ.store.files import json_default as _default

    if lines:
        return b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE, default=_default) for r in rows)
    return orjson.dumps(list(rows), option=orjson.OPT_APPEND_NEWLINE | orjson.OPT_INDENT_2, default=_default)


def _json(data: Any, *, indent: bool) -> str:
    import orjson

    from shequ.store.files import json_default as _default

    opts = orjson.OPT_APPEND_NEWLINE | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(data, option=opts, default=_default).decode()


# -- CSV for spreadsheets: formula injection ------------------------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel/WPS/LibreOffice read a cell as a formula


def _plain_number(text: str) -> bool:
    """``-12.50``, ``+3``, ``-5%``: a spreadsheet reads these as numbers, never as formulas."""
    import re

    return re.fullmatch(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)%?", text) is not None


def escape_formula(text: str) -> str:
    """A CSV cell that a spreadsheet would run as a formula gets a leading ``'`` (OWASP).

    The rule: a cell whose text starts with ``= + - @``, a tab or a CR is written as
    ``'`` + text — unless the whole text is a plain number (``-12.50``, ``+3``,
    ``-5%``), which spreadsheets read as a number and which must stay one (ledger
    amounts, balances).  A cell that already starts with ``'`` before such a character
    gets one more, so :func:`unescape_formula` gives back exactly what was written.
    """
    if not text:
        return text
    if text[0] in FORMULA_START and _plain_number(text):
        return text
    return "'" + text if text.lstrip("'")[:1] in FORMULA_START else text


def unescape_formula(text: str) -> str:
    """The reverse of :func:`escape_formula` (and of :func:`excel_text`), for shequ's CSV
    importers: ``'=1+1`` → ``=1+1``, ``="110105…"`` → ``110105…``."""
    if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_START:
        return text[1:]
    if text.startswith('="') and text.endswith('"') and _long_number(text[2:-1]):
        return text[2:-1]
    return text


def _long_number(text: str) -> bool:
    return len(text) >= 11 and text[:-1].isascii() and text[:-1].isdigit() and (text[-1].isdigit() or text[-1] == "X")


def excel_text(text: str) -> str:
    """A long number (身份证, phone, bank card) written so Excel/WPS keep it as text — opened as CSV
    they would show ``3.30106198606281E+17`` and drop the last digits.  ``="…"`` is a constant we
    write around digits only, never around what a user typed."""
    return f'="{text}"' if _long_number(text) else escape_formula(text)


def render_csv(rows: Sequence[dict[str, Any]], columns: Sequence[Column], *, extra: Sequence[Column] = (),
               excel: frozenset[str] | set[str] = frozenset()) -> str:
    """UTF-8 CSV with a BOM for Excel/WPS; cells that would run as formulas are neutralised
    (:func:`escape_formula`); long numbers in the *excel* columns are kept text (:func:`excel_text`)."""
    import csv

    buf = io.StringIO()
    buf.write(BOM)
    cols = list(columns) + list(extra)
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([escape_formula(c.header) for c in cols])
    for row in rows:
        writer.writerow([(excel_text if c.key in excel else escape_formula)(_cell(row.get(c.key))) for c in cols])
    return buf.getvalue()


def _markdown(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(esc(c.header) for c in columns) + " |"]
    lines.append("|" + "|".join(" --- " for _ in columns) + "|")
    for row in rows:
        lines.append("| " + " | ".join(esc(_cell(row.get(c.key))) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def display_width(text: str) -> int:
    """Terminal columns: 2 for wide East Asian characters, 0 for combining marks."""
    import unicodedata

    width = 0
    for ch in text:
        if ord(ch) < 0x1100:
            width += 1  # ASCII and Latin: the common case, no table lookup
        elif unicodedata.combining(ch):
            continue
        else:
            width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:
    """Aligned columns for a terminal, CJK-aware (tabulate's "simple" layout).

    Written here rather than with tabulate: tabulate 0.10 looks its own version
    up through importlib.metadata at import, ~70 ms on every listing.
    """
    if not rows:
        return "（无记录）\n"
    body = [[_cell(row.get(c.key)).replace("\n", " ") for c in columns] for row in rows]
    heads = [c.header for c in columns]
    widths = [max(display_width(x) for x in col) for col in zip(heads, *body)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell + " " * (w - display_width(cell)) for cell, w in zip(cells, widths)).rstrip()

    out = [line(heads), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in body)
    return "\n".join(out) + "\n"


def _grid(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:
    """A boxed table for printing (tabulate's simple_grid, CJK widths via wcwidth)."""
    import tabulate

    tabulate.WIDE_CHARS_MODE = True
    body = [[_cell(row.get(c.key)) for c in columns] for row in rows]
    return tabulate.tabulate(body, headers=[c.header for c in columns], tablefmt="simple_grid", disable_numparse=True) + "\n"


def render_record(row: dict[str, Any], columns: Sequence[Column], fmt: str) -> str:
    """One record: a two-column 字段/值 table, or the object itself in JSON."""
    if fmt in ("json", "jsonl"):
        return _json(row, indent=fmt == "json")
    pairs = [{"k": c.header, "v": row.get(c.key)} for c in columns]
    return render(pairs, [Column("k", "字段"), Column("v", "值")], fmt)


# -- masking ------------------------------------------------------------------
def mask_id_card(value: str | None) -> str | None:
    """``110105199001011234`` → ``110105********1234``? No: keep 6 + last 4 as offices do."""
    if not value:
        return value
    v = str(value)
    if len(v) <= 8:
        return "*" * len(v)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def mask_phone(value: str | None) -> str | None:
    """``13812345678`` → ``138****5678``; landlines keep area code and last 4."""
    if not value:
        return value
    v = str(value)
    if len(v) <= 7:
        return v[:-4] + "****" if len(v) > 4 else "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


def mask_name(value: Any) -> Any:
    """Sensitive names (帮教 persons, dispute parties): never shown unless ``--reveal``."""
    if value in (None, "", []):
        return value
    if isinstance(value, (list, tuple)):
        return f"{len(value)}人（已隐去）"
    return "（已隐去）"


MASKERS = {"id_card": mask_id_card, "phone": mask_phone, "name": mask_name}


#: What looks like personal data wherever it sits in a logged document (a plugin's field included):
#: 18-位身份证, bank cards and other long numbers, mobile phones.
_ID_LIKE = r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15,19})(?![0-9])"
_MOBILE = r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])"


def mask_text(text: str) -> str:
    """*text* with every 身份证/bank-card-like number and mobile number masked."""
    import re

    if not any(ch.isdigit() for ch in text):
        return text
    text = re.sub(_ID_LIKE, lambda m: mask_id_card(m.group()) or "", text)
    return re.sub(_MOBILE, lambda m: mask_phone(m.group()) or "", text)


def mask_value(value: Any, fields: dict[str, Any] | None = None) -> Any:
    """A logged document with personal data masked: the *fields* its type declares
    (name → masker), then anything that looks like a 身份证 or phone number, however deep."""
    if isinstance(value, dict):
        fields = fields or {}
        return {k: (fields[k](v) if k in fields and v not in (None, "", []) else mask_value(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_value(v) for v in value]
    if isinstance(value, str):
        return mask_text(value)
    return value


# -- files ----------------------------------------------------------------------
def write_file(path: str | os.PathLike[str], content: str | bytes) -> None:
    """Write an output file atomically: a crashed run never leaves half a file."""
    from shequ.store import atomic_write, os_reason

    target = Path(path)
    if target.parent and not target.parent.exists():
        raise UsageError(f"输出目录不存在：{target.parent}")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise DataError(f"无法写入文件：{target}（{os_reason(exc)}）") from None



def write_stream(path: str | os.PathLike[str], produce: Callable[[BinaryIO], None]) -> None:
    """Write an output file atomically, as :func:`write_file` does, *produce* writing its bytes
    to a (seekable) file piece by piece: a big export is never held whole in memory."""
    from shequ.store.files import atomic_stream, os_reason

    target = Path(path)
    if target.parent and not target.parent.exists():
        raise UsageError(f"输出目录不存在：{target.parent}")
    try:
        with atomic_stream(target) as out:
            produce(out)
    except OSError as exc:
        raise DataError(f"无法写入文件：{target}（{os_reason(exc)}）") from None

# -- progress -------------------------------------------------------------------
def progress(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """A progress bar on stderr when it is a terminal; silent otherwise (cron, pipes)."""
    if not sys.stderr.isatty() or total < 200:
        yield from items
        return
    from rich.progress import Progress

    from rich.console import Console

    import time

    # Redrawn from here, not by rich's thread: an import may fork a worker (common/forked.py),
    # and a fork while another thread holds a lock can leave the copy stuck on it.
    with Progress(console=Console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task(label, total=total)
        shown = time.monotonic()
        for n, item in enumerate(items, 1):
            yield item
            if not n % 64:
                bar.update(task, completed=n)
                if time.monotonic() - shown > 0.1:
                    bar.refresh()
                    shown = time.monotonic()
