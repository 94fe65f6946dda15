"""Columnar copies of the big shards: ``people/people.012.cols`` beside ``people.012.json``.

Questions over a field or two of every document (a register's categories, a report's sums
over 20k ledger entries) read columns, which parse ~3× faster than 1,000 dicts a shard and
come with the ids as integers.  A copy is written in the same commit as its shard and names
the shard's size and CRC-32, so a stale copy is never believed: a missing or mismatched one
(a shard edited by hand, a home cloned without ``*.cols``) is made again from the shard by the
first read that needs it, and kept (:meth:`shequ.store.session.Session.columns`).  Copies hold the same personal data as their
shards, with the same owner-only mode.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from shequ.errors import StoreError
from shequ.store.files import atomic_write, json_default
from shequ.store.shards import shard_order

#: Tables whose shards have a columnar copy.
COLUMNAR = frozenset({("people", "people"), ("ledger", "entries")})
COLUMNS_SUFFIX = ".cols"


def columns_file(rel: str) -> str:
    """``people/people.012.json`` → ``people/people.012.cols``."""
    return rel[: -len(".json")] + COLUMNS_SUFFIX


def columnar_shard(rel: str) -> bool:
    area, _, name = rel.partition("/")
    return name.endswith(".json") and (area, shard_order(name)[0]) in COLUMNAR


def dumps_columns(rel: str, shard: bytes, docs: Mapping[str, Any] | None = None) -> bytes:
    """The columnar copy of shard file *rel* from its bytes (parsed again here: the copy is of
    what is on disk) — or from *docs*, the documents those bytes were just made from (a spilled
    import's shard, not parsed back: the same bytes, nested objects' keys sorted either way).

    A header line ``{"body", "crc32", "fields", "ids", "size"}``, then one line per
    field, a JSON array of its values: a reader parses only the columns it asks for.
    ``crc32``/``size`` are the shard's, ``body`` the CRC-32 of the lines after the header.
    """
    import zlib
    from itertools import repeat

    import orjson

    if docs is None:
        docs = orjson.loads(shard).get(shard_order(rel.partition("/")[2])[0], {})
    else:  # in the shard's order
        docs = {key: docs[key] for key in sorted(docs)}
    values = list(docs.values())
    fields = sorted(f for f in set().union(*values) if not f.startswith("_"))  # not _created and the like
    opt = orjson.OPT_APPEND_NEWLINE | orjson.OPT_SORT_KEYS
    body = b"".join(orjson.dumps(list(map(dict.get, values, repeat(f))), option=opt, default=json_default)
                    for f in fields)
    head = orjson.dumps({"body": zlib.crc32(body), "crc32": zlib.crc32(shard), "fields": fields,
                         "ids": list(map(int, docs)), "size": len(shard)},
                        option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    return head + body


def split_columns(copy: bytes, shard: bytes) -> tuple[list[int], dict[str, bytes]] | None:
    """A columnar copy's ids and its unparsed column per field, if it is the copy of *shard*.

    Each column is its own bytes (a copy of its line), so a parsed column's JSON can be let
    go while the others wait: at 200k residents the copies hold 35 MB.
    """
    import zlib

    import orjson

    end = copy.find(b"\n")
    try:
        info = orjson.loads(copy[:end])
    except orjson.JSONDecodeError:
        return None
    data = memoryview(copy)
    if not (isinstance(info, dict) and info.get("size") == len(shard) and info.get("crc32") == zlib.crc32(shard)
            and info.get("body") == zlib.crc32(data[end + 1:]) and isinstance(info.get("ids"), list)
            and isinstance(info.get("fields"), list)):
        return None
    lines = {}
    for field in info["fields"]:
        start, end = end + 1, copy.find(b"\n", end + 1)
        if end < 0:
            return None
        lines[field] = copy[start:end]
    return info["ids"], lines


class Columns(Mapping[str, list[Any]]):
    """A table's fields as columns (one list per field, aligned with the ids), each parsed
    from the shards' columnar copies the first time it is asked for."""

    def __init__(self, parts: Iterable[tuple[int, dict[str, bytes]]] = ()) -> None:
        self._counts: list[int] = []
        self._parsed: dict[str, list[Any]] = {}
        # Per field, its lines of every shard so far in one buffer, and where each shard's ends
        # (-1 for a shard without the field).  A buffer this big is memory of its own, given back
        # whole once the column is parsed; a small bytes per shard and field (~6,000 at 200k
        # residents) left holes in the heap that the parsed strings never filled: a 200k
        # export's peak 166 → 149 MiB.
        self._raw: dict[str, tuple[bytearray, list[int]]] = {}
        for count, lines in parts:
            self.add(count, lines)

    def add(self, count: int, lines: dict[str, bytes]) -> None:
        """The next shard's *count* documents: its unparsed column per field, let go here."""
        for field in lines.keys() - self._raw.keys():
            self._raw[field] = (bytearray(), [-1] * len(self._counts))
        self._counts.append(count)
        for field, (buf, ends) in self._raw.items():
            line = lines.pop(field, None)
            if line is None:
                ends.append(-1)
            else:
                buf += line
                ends.append(len(buf))

    @property
    def _fields(self) -> list[str]:
        return sorted(self._raw.keys() | self._parsed.keys())

    def __contains__(self, field: object) -> bool:  # without parsing the column
        return field in self._raw or field in self._parsed

    def __getitem__(self, field: str) -> list[Any]:
        col = self._parsed.get(field)
        if col is None:
            if field not in self._raw:
                raise KeyError(field)
            col = self._parsed[field] = self._parse(*self._raw.pop(field), field)  # parsed once: its JSON let go
        return col

    def passing(self, field: str) -> list[Any]:
        """Column *field* parsed for one use and not kept (its JSON is): a 200k export sorts by
        pinyin, then writes without those 200k strings (~12 MB)."""
        col = self._parsed.get(field)
        if col is None:
            if field not in self._raw:
                raise KeyError(field)
            col = self._parse(*self._raw[field], field)
        return col

    def _parse(self, buf: bytearray, ends: list[int], field: str) -> list[Any]:
        import orjson

        col: list[Any] = []
        pool: dict[Any, Any] | None = {}  # one str object per distinct value (see _shared)
        with memoryview(buf) as data:
            start = 0
            for count, end in zip(self._counts, ends):
                values = orjson.loads(data[start:end]) if end >= 0 else [None] * count  # none has it: None each
                start = max(start, end)
                if not isinstance(values, list) or len(values) != count:
                    raise StoreError(f"列存副本损坏（{field}）；删除 .cols 文件即可，shequ 会重建")
                pool = _shared(values, pool, col)
        return col

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


#: What pooling may share: only a string repeats as separate, equal objects that nothing else
#: equals (``False == 0 == 0.0`` would come back as whichever was seen first).
_POOLED_KINDS = frozenset({str, type(None)})


def _shared(values: list[Any], pool: dict[Any, Any] | None, into: list[Any]) -> dict[Any, Any] | None:
    """Append *values* to *into*, a repeated string as one object: a column of 200k genders,
    dates or account names then holds a few strings, not 200k (~60 bytes each).

    *pool* maps each string seen to its first object.  It is given up (``None``) for a column
    holding anything but strings and ``None`` (tags, numbers, flags: ``True`` and ``False`` are
    single objects already), and as soon as more than 80% of the values so far are distinct
    (names, 身份证, birth dates: the first shard tells), where it would cost a dict operation a
    value (~0.4 s of a 200k-resident report) and save nothing.  Genders, 网格, 户号, ledger dates
    stay pooled.

    Only the values new to the pool are looked at (its last keys): a number or a flag is new
    the first time, as nothing it equals (``0 == False``) can be there before it."""
    if pool is not None:
        from itertools import islice

        start, known = len(into), len(pool)
        try:
            into.extend(map(pool.setdefault, values, values))
        except TypeError:  # unhashable: a list of tags
            pool = None
        else:
            if set(map(type, islice(reversed(pool), len(pool) - known))) <= _POOLED_KINDS:
                return pool if len(pool) * 5 <= len(into) * 4 else None
            pool = None  # this shard may have given a 0 its False: read it again, as it is
        del into[start:]
    into.extend(values)
    return pool


def refresh_columns(home_path: Path) -> int:
    """Write the columnar copy of every shard that lacks a matching one, remove copies whose
    shard is gone (deleted by hand); return how many copies were written.

    For a home whose shards an older shequ (or a person) wrote.  Call it under the
    exclusive lock (``shequ init`` does).  Copies are derived from their shard's bytes
    and checked against them on every read, so they are written straight (atomically),
    not through the journal: a crash leaves the old copy or the new one.
    """
    done = 0
    for area in sorted({a for a, _ in COLUMNAR}):
        try:
            names = sorted(os.listdir(home_path / area))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name in names:
            rel = f"{area}/{name}"
            if name.endswith(COLUMNS_SUFFIX) and f"{name[: -len(COLUMNS_SUFFIX)]}.json" not in names:
                (home_path / rel).unlink()  # an orphan: never read, but it holds personal data
                continue
            if name.startswith(".") or not columnar_shard(rel):
                continue
            shard = (home_path / rel).read_bytes()
            try:
                copy = (home_path / columns_file(rel)).read_bytes()
            except FileNotFoundError:
                copy = b""
            if split_columns(copy, shard) is None:
                atomic_write(home_path / columns_file(rel), dumps_columns(rel, shard))
                done += 1
    return done
