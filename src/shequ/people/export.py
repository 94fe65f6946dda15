"""A big register's listing rows, made one at a time as an export writes them.

A 街道 has 200,000 residents: their rows held at once take ~1.2 KB each, so from
``LAZY_ROWS`` on (:mod:`shequ.people.cli`) an export holds only the register's columns, the
rows' order and each row's categories, and makes a row each time the writer asks for it
(twice: the sheet's layout, then its XML).  The rows are :func:`shequ.people.cli._assemble`'s,
in the same order, so the file has the same bytes either way.
"""

from __future__ import annotations

from typing import Any, Sequence


class _Kinds(dict):  # type: ignore[type-arg]
    """Which categories a row is in (a tuple of flags, one per category shown) → their names,
    one tuple per combination found: 200k rows share a few hundred."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__()
        self.names = names

    def __missing__(self, flags: tuple[bool, ...]) -> tuple[str, ...]:
        found = self[flags] = tuple(n for n, f in zip(self.names, flags) if f)
        return found


def made_rows(reg: Any, positions: list[int], shown: Sequence[str], fields: Sequence[str], *, on: Any,
              reveal: bool) -> Sequence[dict[str, Any]]:
    """Rows of *fields* for the people at *positions* of *reg* (a list this takes over: it
    becomes the rows' order), with the categories *shown*, sorted by pinyin, name, then id.

    Built in the order that keeps the least at once: each row's categories first (the sets of
    members, household pairs and sorted birth dates are then let go, before the big text
    columns are read), then the order (three stable sorts of the positions by id, name and
    pinyin: no key tuple per row, the pinyin not kept), then the ages and the columns, those of
    repeated values first."""
    from array import array

    from shequ.common.exporting import LazyRows
    from shequ.common.output import MASKERS
    from shequ.people.register import ages_on

    ids = reg.ids
    kinds: list[tuple[str, ...]] = [()] * len(ids)  # by position in the register
    if shown:
        kinds[:] = map(_Kinds(shown).__getitem__, zip(*[map(reg.members(name).__contains__, ids) for name in shown]))
    reg.let_go()

    positions.sort(key=ids.__getitem__)
    for field in ("name", "name_py"):  # least significant first: a stable sort keeps the ties' order
        col = reg.column(field, keep=field == "name")  # the pinyin only sorts: not kept for the writing
        positions.sort(key=(col if all(col) else [v or "" for v in col]).__getitem__)
    del col
    at = array("q", positions)  # each row's place in the register: 8 bytes, not an int object
    positions.clear()
    birth = reg.column("birth")
    ages = ages_on([birth[p] for p in at], on)  # by row: the same batch as a held listing's
    by_row = {"id": ids, "age": ages, "categories": kinds}
    # The columns read last first: 住址, 户号 and the like share a few strings and let their JSON
    # go before 身份证号 and 电话 (one string a row) are read.
    cols = {f: by_row[f] if f in by_row else reg.column(f) for f in reversed(fields)}
    spec = [(f == "age", cols[f]) for f in fields]
    del cols
    last = fields.index("categories")
    removed = reg.column("removed")
    masked = () if reveal else ("id_card", "phone")

    def make(k: int) -> dict[str, Any]:
        p = at[k]
        values = [col[k] if mine else col[p] for mine, col in spec]
        values[last] = list(values[last])
        row = dict(zip(fields, values))
        if row["tags"] is None:
            row["tags"] = []
        for key in masked:
            row[key] = MASKERS[key](row[key])
        if removed[p]:
            row["removed"] = True
        return row

    return LazyRows(len(at), make)
