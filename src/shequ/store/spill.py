"""Shards a big transaction finished early: written to temp files before the commit, so that
importing 200,000 residents holds a few shards' documents, not 200,000 (:meth:`Session.spill`).

Nothing changes about what a commit means.  A spilled shard is a temp file (with its columnar
copy) like any other file of the commit, renamed into place only after the journal; its
changes go to a temp file beside the change log, and the commit makes the whole log entry
there — the same line ``append_log`` would write — which the journal names instead of holding
it.  A transaction that fails, or a process killed before its journal, leaves temp files that
are deleted (here, or by the next command's recovery); the data and the log are untouched.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from shequ.store.columns import columns_file, columnar_shard, dumps_columns
from shequ.store.files import json_default, write_all, write_temp
from shequ.store.shards import Change, id_key

if TYPE_CHECKING:  # pragma: no cover
    from shequ.store.session import Session


def change_json(change: Change) -> bytes:
    """One change as the log writes it (keys sorted, as ``append_log`` sorts the entry's)."""
    import orjson

    return orjson.dumps(change.to_json(), option=orjson.OPT_SORT_KEYS, default=json_default)


def added_json(area: str, table: str, lines: dict[str, bytes]) -> bytes:
    """The changes that add documents to *table*, in id order, comma-separated, made from their
    JSON (:func:`shequ.store.files.doc_lines`): what :func:`change_json` makes of each, without
    serialising every document a second time."""
    import orjson

    middle = b',"area":' + orjson.dumps(area) + b',"before":null,"id":'
    end = b',"table":' + orjson.dumps(table) + b"}"
    return b",".join(b'{"after":' + lines[k] + middle + orjson.dumps(k) + end for k in sorted(lines, key=id_key))


class Spill:
    """The temp files of the shards a transaction wrote early, and of their changes."""

    def __init__(self, home: Path, log_path: Path) -> None:
        self.home = home
        self.log_path = log_path
        self.files: list[tuple[str, str]] = []  # (temp file, its file in the home), as in the journal
        self.rels: set[str] = set()
        self.folders: list[Path] = []  # an area's shard folder this transaction made
        self.changes = 0
        self.committed = False  # the journal names the files: they are no longer ours to delete
        self._part: Path | None = None  # the spilled changes, comma-separated JSON objects
        self._fd = -1

    def add(self, rel: str, payload: bytes, changes: bytes, docs: dict[str, Any]) -> None:
        """Write shard *rel* (and its columnar copy, from the *docs* it holds) and the changes
        that add them (their JSON, comma-separated) to temp files."""
        target = self.home / rel
        if not target.parent.is_dir():
            from shequ.store.files import fsync_dir

            target.parent.mkdir(mode=0o700)
            self.folders.append(target.parent)
            fsync_dir(self.home)
        tmp = write_temp(target, payload)
        self.files.append((str(tmp.relative_to(self.home)), rel))
        self.rels.add(rel)
        if columnar_shard(rel):
            copy = write_temp(self.home / columns_file(rel), dumps_columns(rel, payload, docs), sync=False)
            self.files.append((str(copy.relative_to(self.home)), columns_file(rel)))
        if self._part is None:
            from shequ.store.files import _private_temp

            self._part, self._fd = _private_temp(self.log_path)
        write_all(self._fd, (b"," if self.changes else b"") + changes)
        self.changes += len(docs)

    def log_line(self, entry: dict[str, Any], rest: list[Change]) -> Path:
        """The temp file holding *entry*'s whole log line: its ``changes`` are the spilled ones,
        then *rest* (those still in memory).  Returns its path, fsynced."""
        import orjson

        head = orjson.dumps({**entry, "changes": None}, option=orjson.OPT_SORT_KEYS, default=json_default)
        before, _, after = head.partition(b'"changes":null')  # a key: inside a string its quotes are escaped

        def pieces() -> Iterator[bytes]:
            yield before + b'"changes":['
            if self._part is not None:
                with open(self._part, "rb") as part:
                    yield from iter(lambda: part.read(1 << 20), b"")
            tail = b",".join(map(change_json, rest))
            yield (b"," if self.changes and tail else b"") + tail + b"]" + after + b"\n"

        path = write_temp(self.log_path, pieces())
        self._close_part()
        return path

    def _close_part(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self._part is not None:
            self._part.unlink(missing_ok=True)
            self._part = None

    def discard(self) -> None:
        """Delete every temp file of a transaction that did not reach its journal."""
        self._close_part()
        if not self.committed:
            for tmp, _ in self.files:
                (self.home / tmp).unlink(missing_ok=True)
            self.files.clear()
            for folder in self.folders:  # left as it was found: no empty people/ after a failed import
                try:
                    folder.rmdir()
                except OSError:
                    pass


def spill_shards(session: "Session", area: str, table: str, below: int) -> int:
    """:meth:`Session.spill`: the shards of *table* below id *below* that hold only documents
    the transaction added, written to temp files; their documents let go."""
    from shequ.errors import StoreError
    from shequ.store.files import doc_lines, dumps_shard, os_reason
    from shequ.store.shards import SHARD_SIZE, blank, shard_order

    if not session.writable or area in session._opaque or area in session._relayout:
        return 0
    merged = session._data.get(area, {}).get(table, {})
    tracked = session._tracked.get(area, {})
    members = session._members.get(area, {})
    done = 0
    for rel in sorted(members):
        keys = members[rel].get(table)
        name = rel.partition("/")[2]
        if not keys or "/" not in rel or len(members[rel]) > 1 or not blank(session._raw[area].get(rel, b"")):
            continue  # the head, or a shard holding documents from before
        number = shard_order(name)[1]
        if shard_order(name)[0] != table or (number + 1) * SHARD_SIZE > below:
            continue  # more may still come
        docs = {k: merged[k] for k in keys if k in merged}
        if session.spilled is None:
            session.spilled = Spill(session.home.path, session.home.log_path)
        if docs:
            lines = doc_lines(docs)
            try:
                session.spilled.add(rel, dumps_shard({table: docs}, {table: lines}),
                                    added_json(area, table, lines), docs)
            except OSError as exc:
                raise StoreError(f"写入失败，数据未改动：{os_reason(exc)}") from None
        session.spilled.rels.add(rel)
        for k in keys:
            merged.pop(k, None)
            tracked.pop((table, k), None)
        del members[rel]
        done += len(docs)
    return done

