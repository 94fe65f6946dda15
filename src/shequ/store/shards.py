"""Where each document lives: an area's head file and its shard files, and how files merge.

A home's *areas* (``people``, ``events`` …) are a head file ``people.json`` plus, for their big
tables, shard files in a folder of the same name: ``people/people.012.json`` holds residents
12000–12999.  Every file is in tinydb's layout ``{table: {doc_id: doc}}``, so a reader merges
them.  Adding one resident rewrites one 0.5 MB shard, not a 9.5 MB register.
"""

from __future__ import annotations

import sys
from typing import Any, NamedTuple

from shequ.errors import StoreError

AREAS = ("meta", "people", "events", "ledger", "checklists", "records")
#: Numbered documents per shard file.
SHARD_SIZE = 1000


class Change(NamedTuple):
    """One document's before/after; ``None`` means absent."""

    area: str
    table: str
    id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return self._asdict()


def shardable(area: str, table: str) -> bool:
    """Tables whose numbered documents live in shard files: every table of every
    area but ``meta``, except internal ones (``_seq``) and names unfit for a file."""
    return (
        area != "meta"
        and not table.startswith("_")
        and table.isascii()
        and table.replace(".", "").replace("_", "").replace("-", "").isalnum()
    )


def file_of(area: str, table: str, key: str) -> str:
    """The file, relative to the home, that holds document *key* of *table*.

    ``people.json`` (the area's *head*) keeps the small tables; document 12345
    of table ``people`` lives in ``people/people.012.json``.
    """
    if key.isdigit() and key.isascii() and shardable(area, table):
        return f"{area}/{table}.{int(key) // SHARD_SIZE:03d}.json"
    return f"{area}.json"


def next_shard(n: int) -> int:
    """The first id of the shard after the one that holds id *n*."""
    return (n // SHARD_SIZE + 1) * SHARD_SIZE


def shard_order(name: str) -> tuple[str, int]:
    """``people.012.json`` → ``("people", 12)``: shard files sort by table, then number."""
    table, _, n = name[:-5].rpartition(".")
    return (table, int(n)) if table and n.isdigit() else (name, -1)


def file_order(item: tuple[str, Any]) -> tuple[int, str]:
    key = item[0]
    return (int(key) // SHARD_SIZE, key) if key.isdigit() and key.isascii() else (-1, key)


def blank(raw: bytes) -> bool:
    return len(raw) < 64 and not raw.strip()


def corrupt(rel: str, why: str) -> StoreError:
    """The one line every read command gives for a damaged data file: which file, what is wrong."""
    return StoreError(f"数据文件已损坏：{rel}（{why}）；请从 backups/ 或版本库恢复")


def check_tables(parsed: Any, rel: str) -> dict[str, Any]:
    """*parsed* if it is tinydb's layout ``{table: {id: document}}`` with every document an
    object; else a :class:`StoreError` naming the file (a hand edit, a bad restore), where a
    document that is a number or a list would otherwise break every reader with a traceback."""
    if not isinstance(parsed, dict):
        raise corrupt(rel, "应为 JSON 对象")
    shard = "/" in rel  # a shard holds numbered documents only (see file_of)
    for table, docs in parsed.items():
        if not isinstance(docs, dict):
            raise corrupt(rel, f"表 {table} 应为 JSON 对象")
        ids = "".join(docs) if shard else ""
        if (not shard or (ids.isdigit() and ids.isascii() and "" not in docs) or not docs) \
                and set(map(type, docs.values())) <= {dict}:
            continue  # the usual case, checked at C speed (20k residents: well under a millisecond)
        for key, doc in docs.items():
            if shard and not (key.isdigit() and key.isascii()):
                raise corrupt(rel, f"表 {table} 中的编号 {key} 不是数字")
            if not isinstance(doc, dict):
                raise corrupt(rel, f"表 {table} 中编号 {key} 的记录应为 JSON 对象，实为{_JSON_KINDS.get(type(doc), '其他值')}")
    return parsed


_JSON_KINDS = {list: "数组", str: "字符串", int: "数字", float: "数字", bool: "布尔值", type(None): "null"}


def empty_shard(rel: str) -> StoreError:
    """A shard file that exists but holds nothing: shequ removes a shard that empties, so an
    empty one was cut short (a full disk, a copy that failed), and its residents are missing."""
    return corrupt(rel, "文件是空的，其中的记录已丢失")


def merge(into: dict[str, Any], tables: dict[str, Any], area: str, rel: str) -> bool:
    """Merge one file's tables into *into*; return whether some document was already there.

    Of a document found in two files (a hand edit), the copy in the file it
    belongs in wins.  A table seen for the first time is taken as it is, not copied.
    """
    twice = False
    for table, docs in tables.items():
        target = into.get(table)
        if target is None:
            into[table] = docs
            continue
        overlap = target.keys() & docs.keys()
        if overlap:
            twice = True
            stray = {k for k in overlap if file_of(area, table, k) != rel}
            if stray:
                docs = {k: d for k, d in docs.items() if k not in stray}
        target.update(docs)
    return twice


def diff(area: str, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Every document that differs between two ``{table: {id: doc}}`` states, in id order."""
    out: list[Change] = []
    for tname in sorted(set(before) | set(after)):
        old_t, new_t = before.get(tname) or {}, after.get(tname) or {}
        changed = [k for k, doc in new_t.items() if old_t.get(k, _MISSING) != doc]
        changed += [k for k in old_t if k not in new_t]
        for doc_id in sorted(changed, key=id_key):
            out.append(Change(area, tname, doc_id, old_t.get(doc_id), new_t.get(doc_id)))
    return out


_MISSING = object()


def id_key(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (sys.maxsize, doc_id)
