"""Importing and exporting rosters (花名册): CSV (UTF-8/BOM/GB18030) and xlsx.

Every row is validated before anything is written; an import either
writes all rows, or (``skip_invalid``) the valid ones with the rest written
to ``<input>.rejected.csv`` with a 原因 column.

A row is matched to a person already in the home by :func:`identity`: its
身份证号; without one, 姓名 + 出生日期; without that, 姓名 + 联系电话; else
姓名 + 住址.  A row that brings nothing new to the person it matches is
skipped and counted (re-importing a roster writes nothing); one that differs
follows ``on_duplicate``: ``error`` (the row is invalid), ``skip`` or
``update`` (fill the existing person's fields).  The same 身份证 twice in one
file is an error.
"""

from __future__ import annotations

import os
from pathlib import Path
from itertools import repeat
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from shequ.common.values import names
from shequ.errors import DataError, UsageError
from shequ.common.output import Column
from shequ.people.model import (AREA, COMPUTED_COLUMNS, HEADER_ALIASES, PERSON, TABLE, PersonChecker, check_person,
                                id_index)
from shequ.records.records import refuse_rejected
from shequ.store import now_iso

if TYPE_CHECKING:  # pragma: no cover
    from shequ.context import PluginContext as RecordContext

ON_DUPLICATE = ("error", "skip", "update")


class PeopleImport(NamedTuple):
    added: list[int]
    updated: list[int]
    skipped: list[tuple[int, str]]  # (row, reason): duplicates under --on-duplicate skip
    rejected: list[tuple[int, dict[str, Any], str]]
    headers: list[str]


def read_mapping(path: str | os.PathLike[str]) -> dict[str, str | None]:
    """A mapping file: JSON ``{"列名": "字段"}`` or a two-column CSV ``列名,字段``.

    A field of ``null``/empty means "ignore this column".  Unknown field names
    are an error, so a typo never silently drops a column.
    """
    import orjson

    p = Path(path)
    if not p.is_file():
        raise DataError(f"映射文件不存在：{p}")
    raw = p.read_bytes()
    if p.suffix.lower() == ".json":
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise DataError(f"映射文件 JSON 格式错误：{p.name}（{exc}）") from None
        if not isinstance(data, dict):
            raise DataError(f"映射文件应为 {{\"列名\": \"字段\"}} 形式：{p.name}")
        pairs = {str(k).strip(): (str(v).strip() if v else None) for k, v in data.items()}
    else:
        from shequ.common.tabular import decode_text

        pairs = {}
        for line in decode_text(raw, p.name).splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            left, _, right = line.replace("，", ",").partition(",")
            pairs[left.strip()] = right.strip() or None
    fields = {f.name for f in PERSON.fields} | {f.label for f in PERSON.fields}
    bad = [v for v in pairs.values() if v and v not in fields]
    if bad:
        known = "、".join(f"{f.name}({f.label})" for f in PERSON.fields)
        raise DataError(f"映射文件中有未知的字段：{'、'.join(bad)}（可用：{known}）")
    return pairs


def map_headers(headers: list[str], mapping: dict[str, str | None]) -> dict[str, str]:
    out: dict[str, str] = {}
    unknown = []
    for h in headers:
        if h in mapping:
            target = mapping[h]
            if target:
                f = PERSON.field(target)
                assert f is not None
                out[h] = f.name
            continue
        f = PERSON.field(h)
        if f is not None:
            out[h] = f.name
        elif h in HEADER_ALIASES:
            out[h] = HEADER_ALIASES[h]
        elif h not in COMPUTED_COLUMNS:
            unknown.append(h)
    if unknown:
        raise DataError(
            f"无法识别的列：{names(unknown)}（用 --mapping 文件指明对应字段，或映射为空以忽略该列）"
        )
    targets = list(out.values())
    dupes = sorted({t for t in targets if targets.count(t) > 1})
    if dupes:
        raise DataError(f"多个列对应同一字段：{'、'.join(dupes)}（请用 --mapping 指明）")
    if "name" not in targets:
        raise DataError("文件中没有“姓名”列")
    return out


def import_people(
    ctx: RecordContext,
    path: str | os.PathLike[str],
    *,
    mapping: dict[str, str | None] | None = None,
    on_duplicate: str = "error",
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> PeopleImport:
    from shequ.common.forked import ordered_map
    from shequ.common.output import progress
    from shequ.common.tabular import stream_table

    if on_duplicate not in ON_DUPLICATE:
        raise UsageError(f"--on-duplicate 只能是 {'、'.join(ON_DUPLICATE)}")
    headers, rows, about = stream_table(path)
    cols = map_headers(headers, mapping or {})
    existing, identities, stored = _register_as_found(ctx.session)
    known: dict[tuple[str, ...], list[str]] | None = None
    seen_in_file: dict[str, int] = {}
    batch: list[dict[str, Any]] = []  # good rows not yet given ids and put
    added: list[int] = []
    updates: list[tuple[int, str, dict[str, Any]]] = []
    skipped: list[tuple[int, str]] = []
    rejected: list[tuple[int, dict[str, Any], str]] = []
    checker = PersonChecker(ctx)  # check_person(ctx, raw, others={}): the duplicate check is ours here
    stamp = now_iso()
    good = 0

    def put_batch() -> None:
        """Give the batch its ids and put it; shards it completed go to disk now (Session.spill):
        a 200k-row roster is held a batch at a time.  A bad row further down still stops the
        whole import: the transaction then writes nothing, and the early shards are deleted."""
        if batch and not dry_run:
            first = ctx.session.next_id(AREA, len(batch))
            for record in batch:
                record["_created"] = record["_updated"] = stamp
            ctx.session.put_run(AREA, TABLE, first, batch)
            added.extend(range(first, first + len(batch)))
            ctx.session.spill(AREA, TABLE, below=first + len(batch))
        batch.clear()

    def fields(values: dict[str, Any]) -> dict[str, Any]:
        return {cols[h]: v for h, v in values.items() if h in cols}

    def check(row: tuple[int, dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
        return checker.check(fields(row[1]))

    # The file is read, and its rows checked, on a second core too when there is one
    # (common/forked.py): the same results in the same order.
    checked = ordered_map(check, rows, lambda: stream_table(path)[1])
    for (lineno, values), (record, problems) in progress(checked, about, "校验花名册"):
        number = record.get("id_card")
        if number and not problems and number in seen_in_file:
            problems.append(f"身份证号与第 {seen_in_file[number]} 行重复")
        elif not problems:
            if number:
                owners = [existing[number]] if number in existing else []
            else:
                known = identities() if known is None else known
                owners = known.get(identity(record), [])
            if owners:
                if number:
                    seen_in_file[number] = lineno
                outcome, detail = _against_home(ctx, fields(values), record, owners, on_duplicate, stored)
                if outcome == "skip":
                    skipped.append((lineno, detail))
                    continue
                if outcome == "update":
                    updates.append((lineno, owners[0], detail))
                    continue
                problems.extend(detail)
        if number:
            seen_in_file.setdefault(number, lineno)
        if problems:
            rejected.append((lineno, values, "；".join(problems)))
            continue
        good += 1
        batch.append(record)
        if len(batch) >= IMPORT_BATCH:
            put_batch()
    if not good and not updates and not skipped and not rejected:
        raise DataError(f"文件中没有数据行：{Path(path).name}")
    put_batch()
    refuse_rejected(rejected, skip_invalid)
    if dry_run:
        return PeopleImport([0] * good, [int(o) for _, o, _ in updates], skipped, rejected, headers)
    updated = []
    for _, owner, merged in updates:
        old = ctx.session.get(AREA, TABLE, owner) or {}
        merged["_created"], merged["_updated"] = old.get("_created"), stamp
        if old.get("removed"):
            merged["removed"], merged["_removed"] = True, old.get("_removed")
        ctx.session.put(AREA, TABLE, owner, merged)
        updated.append(int(owner))
    return PeopleImport(added, updated, skipped, rejected, headers)


#: Good rows checked between writes (two shards' worth): what an import holds at a time.
IMPORT_BATCH = 2000


KEY_LABELS = {"id_card": "身份证号", "birth": "姓名+出生日期", "phone": "姓名+联系电话", "address": "姓名+住址"}


def identity(person: dict[str, Any]) -> tuple[str, ...]:
    """How an imported row is recognised: 身份证号; else 姓名+出生日期; else 姓名+联系电话; else 姓名+住址."""
    if person.get("id_card"):
        return ("id_card", person["id_card"])
    name = str(person.get("name") or "")
    for f in ("birth", "phone"):
        if person.get(f):
            return (f, name, str(person[f]))
    return ("address", name, str(person.get("address") or ""))


def identity_index(session: Any) -> dict[tuple[str, ...], list[str]]:
    """Every key a row without 身份证 may match → the people (removed ones too) it names."""
    docs = session.view(AREA).get(TABLE, {})
    return _identities(list(docs), *(list(map(dict.get, docs.values(), repeat(f))) for f in IDENTITY_FIELDS))


IDENTITY_FIELDS = ("name", "birth", "phone", "address")


def _identities(keys: list[str], names: list[Any], births: list[Any], phones: list[Any],
                addresses: list[Any]) -> dict[tuple[str, ...], list[str]]:
    index: dict[tuple[str, ...], list[str]] = {}
    for key, name, birth, phone, address in zip(keys, names, births, phones, addresses):
        name = str(name or "")
        if birth:
            index.setdefault(("birth", name, str(birth)), []).append(key)
        if phone:
            index.setdefault(("phone", name, str(phone)), []).append(key)
        index.setdefault(("address", name, str(address or "")), []).append(key)
    return index


class _Stored:
    """A resident as the import found them, read from the register's columns (``.get(field)``)."""

    __slots__ = ("cols", "at")

    def __init__(self, cols: Any, at: int) -> None:
        self.cols, self.at = cols, at

    def get(self, field: str) -> Any:
        return self.cols[field][self.at] if field in self.cols else None


def _register_as_found(session: Any) -> tuple[dict[str, str], Callable[[], dict[tuple[str, ...], list[str]]],
                                               Callable[[str], Any]]:
    """身份证 → person; the index of the other identity keys (made when a row without 身份证
    first needs it: 600k keys for 200k residents); a person's stored fields by id.  From the
    columns when the home has them (re-importing a 200k roster holds a few columns, not 200k
    residents), else from the documents."""
    found = session.columns(AREA, TABLE, as_found=True)
    if found is None:
        docs = session.view(AREA).get(TABLE, {})
        return id_index(session), lambda: identity_index(session), docs.__getitem__
    ids, cols = found
    keys = list(map(str, ids))
    none = [None] * len(ids)
    column = {f: cols[f] if f in cols else none for f in ("id_card", *IDENTITY_FIELDS)}
    existing = {number: key for key, number in zip(keys, column["id_card"]) if number}
    position = {key: i for i, key in enumerate(keys)}
    return (existing, lambda: _identities(keys, *(column[f] for f in IDENTITY_FIELDS)),
            lambda key: _Stored(cols, position[key]))


def _against_home(ctx: RecordContext, raw: dict[str, Any], record: dict[str, Any], owners: list[str],
                  on_duplicate: str, stored: Callable[[str], Any]) -> tuple[str, Any]:
    """A row that matches people in the home: ``("skip", reason)``, ``("update", merged)``
    or ``("error", problems)``.  A row that brings nothing new is skipped whatever *on_duplicate*.
    *stored*: a person's fields as the import found them, by id."""
    given = [k for k, v in raw.items() if str(v).strip()]
    for owner in owners:  # the row's checked values against the stored ones, field by field
        person = stored(owner)
        if all(record.get(k) == person.get(k) for k in given):
            return "skip", f"与已登记的 #{owner} 相同"
    key = identity(record)
    listed = "、".join(f"#{o}" for o in owners)
    found = (f"身份证号已登记为 {listed}" if key[0] == "id_card"
             else f"{KEY_LABELS[key[0]]}与已登记的 {listed} 相同，其他信息不同")
    if on_duplicate == "skip":
        return "skip", found
    if on_duplicate == "update":
        if len(owners) > 1:
            return "error", [f"{found}，无法判断更新哪一位（请补充身份证号）"]
        merged, more = _merge(ctx, raw, owners[0])
        return ("error", more) if more else ("update", merged)
    return "error", [f"{found}（可用 --on-duplicate skip 或 update）"]


def _merge(ctx: RecordContext, raw: dict[str, Any], owner: str) -> tuple[dict[str, Any], list[str]]:
    """The row's values over person *owner*, checked: (the merged person, problems)."""
    base = ctx.session.get(AREA, TABLE, owner) or {}
    keep = {k: v for k, v in base.items() if not k.startswith("_") and k not in ("name_py", "name_ini")}
    return check_person(ctx, {k: v for k, v in raw.items() if str(v).strip()}, base=keep, others={})


EXPORT_COLUMNS = [
    Column("name", "姓名"),
    Column("gender", "性别"),
    Column("birth", "出生日期"),
    Column("age", "年龄"),
    Column("id_card", "身份证号"),
    Column("phone", "联系电话"),
    Column("address", "住址"),
    Column("grid", "网格"),
    Column("household", "户号"),
    Column("relation", "与户主关系"),
    Column("hukou", "户籍"),
    Column("tags", "标签"),
    Column("children_in_city", "子女在本市"),
    Column("lives_alone", "独居"),
    Column("categories", "类别"),
    Column("note", "备注"),
]
TEXT_KEYS = {"id_card", "phone", "household", "name", "address", "grid", "birth"}
