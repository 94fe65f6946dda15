"""Writing rows to a file whose format follows its extension (hledger style)."""

from __future__ import annotations

import os
from typing import Any, Sequence

from .output import Column, format_for, render, write_file

EXPORT_FORMATS = ("json", "jsonl", "csv", "md", "table", "xlsx")


def export_rows(
    path: str | os.PathLike[str],
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    title: str = "",
    text_keys: set[str] = frozenset(),  # type: ignore[assignment]
) -> None:
    fmt = format_for(path, None, allowed=EXPORT_FORMATS)
    if fmt == "xlsx":
        write_file(path, xlsx_bytes(rows, columns, title=title, text_keys=text_keys))
    else:
        write_file(path, render(rows, columns, fmt))


def xlsx_bytes(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    title: str = "",
    text_keys: set[str] = frozenset(),  # type: ignore[assignment]
) -> bytes:
    """A 台账 sheet: title row, 序号, Chinese headers; IDs and phones as text cells."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .output import _cell

    wb = Workbook()
    ws = wb.active
    ws.title = (title or "Sheet1")[:31]
    headers = ["序号"] + [c.header for c in columns]
    ws.append([title] if title else [])
    if title:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for n, row in enumerate(rows, start=1):
        values: list[Any] = [n]
        for c in columns:
            v = row.get(c.key)
            values.append(_cell(v) if (c.key in text_keys or not isinstance(v, (int, float))) else v)
        ws.append(values)
    for i, c in enumerate(columns, start=2):
        if c.key in text_keys:
            for (cell,) in ws.iter_rows(min_row=3, min_col=i, max_col=i):
                cell.number_format = "@"  # text: 18-digit IDs must not become 1.1E+17
        width = max([len(c.header) * 2] + [len(_cell(r.get(c.key))) * 2 for r in rows[:200]] + [6])
        ws.column_dimensions[get_column_letter(i)].width = min(width + 2, 50)
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
