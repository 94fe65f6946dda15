"""Writing rows to a file whose format follows its extension (hledger style)."""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Sequence

from shequ.common.output import Column, format_for, render, write_file

EXPORT_FORMATS = ("json", "jsonl", "csv", "md", "table", "xlsx")


def export_rows(
    path: str | os.PathLike[str],
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    title: str = "",
    text_keys: set[str] = frozenset(),  # type: ignore[assignment]
    decimal_keys: set[str] = frozenset(),  # type: ignore[assignment]
    excel: bool = False,
) -> None:
    """*excel*: a CSV for Excel/WPS — long numbers in *text_keys* columns stay text there."""
    fmt = format_for(path, None, allowed=EXPORT_FORMATS)
    if fmt == "xlsx":
        from shequ.common.output import write_stream
        from shequ.common.xlsx import stream_xlsx

        sheet = xlsx_sheet(rows, columns, title=title, text_keys=text_keys, decimal_keys=decimal_keys)
        write_stream(path, lambda out: stream_xlsx(out, [sheet]))
    elif fmt == "csv" and excel:
        from shequ.common.output import render_csv

        write_file(path, render_csv(rows, columns, excel=frozenset(text_keys)))
    else:
        write_file(path, render(rows, columns, fmt))


class LazyRows(Sequence[Any]):
    """*count* rows, each made by ``make(k)`` when asked for: a 200k-row register is exported
    (two passes: the layout, then the XML) without ever holding its rows."""

    def __init__(self, count: int, make: Callable[[int], Any]) -> None:
        self._count, self._make = count, make

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self._make(i) for i in range(*k.indices(self._count))]
        if k < 0:
            k += self._count
        if not 0 <= k < self._count:
            raise IndexError(k)
        return self._make(k)

    def __iter__(self) -> Iterator[Any]:
        return map(self._make, range(self._count))


def xlsx_sheet(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    title: str = "",
    text_keys: set[str] = frozenset(),  # type: ignore[assignment]
    decimal_keys: set[str] = frozenset(),  # type: ignore[assignment]
) -> Any:
    """A 台账 sheet: title row, 序号, Chinese headers; IDs and phones as text cells, ISO dates
    as dates, *decimal_keys* (kept as decimal text, such as a record's 金额) as numbers."""
    from decimal import Decimal, InvalidOperation

    from shequ.common.output import _cell
    from shequ.common.xlsx import Sheet, as_date

    def number(v: Any) -> Any:
        if v.__class__ is str:
            try:
                return Decimal(v)
            except InvalidOperation:
                return v
        return _cell(v) if v is None or isinstance(v, bool) else v

    def converter(key: str) -> Any:
        if key in decimal_keys:
            return number
        text = key in text_keys

        def other(v: Any) -> Any:  # called for every cell: the common case (text) first
            if v.__class__ is str:
                return (as_date(v) or v) if len(v) == 10 and v[4] == "-" else v
            if v is None:
                return ""
            if not text and isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
                return v
            return _cell(v)

        return other

    convert = [(c.key, converter(c.key)) for c in columns]
    headers = ["序号"] + [c.header for c in columns]
    if isinstance(rows, LazyRows):  # made on demand, converted on demand
        def line(n: int) -> list[Any]:
            row = rows[n]
            return [n + 1, *[f(row.get(k)) for k, f in convert]]

        body: Sequence[Any] = LazyRows(len(rows), line)
    else:
        body = [[n, *[f(row.get(k)) for k, f in convert]] for n, row in enumerate(rows, start=1)]
    text_cols = frozenset(i + 1 for i, c in enumerate(columns) if c.key in text_keys)
    return Sheet(name=title or "Sheet1", headers=headers, rows=body, title=title, text_columns=text_cols)
