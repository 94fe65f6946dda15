"""A session: the view of a home inside one lock, read-only or a write transaction.

The interface every domain uses (and only it):

- reading: :meth:`Session.get` (one document, reading one file), :meth:`Session.view` (an area,
  read-only), :meth:`Session.table_view` (one table of an area), :meth:`Session.columns` (a big
  table as columns, in read sessions), :meth:`Session.scan` / :meth:`Session.mentions` (byte
  searches that spare a parse), :meth:`Session.memo` (once per read session);
- writing: :meth:`Session.put`, :meth:`Session.delete` and :meth:`Session.next_id` (ids are
  never reused), or :meth:`Session.data` for an area changed wholesale (diffed in full at commit).

Documents read through ``view`` are the session's own: changing one in place is not a write.
A write transaction refuses to commit such an untracked change (it would reach the disk
without a log entry, and could not be undone).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from shequ.errors import StoreError
import shequ.store.columns as columnar  # COLUMNAR read at call time: tests widen it
from shequ.store.columns import Columns, columnar_shard, columns_file, dumps_columns, split_columns
from shequ.store.files import dumps, dumps_shard, loads
from shequ.store.shards import (AREAS, Change, blank, check_tables, diff, empty_shard, file_of, file_order, id_key, merge,
                                next_shard, shard_order, shardable)

if TYPE_CHECKING:  # pragma: no cover
    from shequ.store.home import Home
    from shequ.store.spill import Spill

T = TypeVar("T")


class Session:
    """The view of a home inside one lock: read-only or a write transaction.

    An area is read file by file: its head (``people.json``) and, for a whole
    view, every shard in ``people/``.  Hot write paths read only what they
    touch (:meth:`get`, :meth:`put`, :meth:`scan`), so one new resident costs
    the head and one shard, not the register.
    """

    def __init__(self, home: "Home", writable: bool, action: str = "") -> None:
        self.home = home
        self.writable = writable
        self.action = action
        # Per area: the bytes of each file as read (b"" if absent), the merged
        # {table: {doc_id: doc}} of the files read so far, and which ids each file holds.
        self._raw: dict[str, dict[str, bytes]] = {}
        self._data: dict[str, dict[str, Any]] = {}
        self._members: dict[str, dict[str, dict[str, set[str]]]] = {}
        self._complete: set[str] = set()
        # Areas whose files are not in the current layout (written before shards, or by
        # hand): merged on read like any other, rewritten whole on their next write.
        self._relayout: set[str] = set()
        self._memo: dict[Any, Any] = {}
        #: Extra facts for the change log entry (e.g. ``{"reveal": ...}``).
        self.log_extra: dict[str, Any] = {}
        #: Force a log entry even without data changes (``--reveal`` is logged).
        self.force_log = False
        #: Files kept with this transaction (:meth:`attach`): path in the home → bytes.
        self._attached: dict[str, bytes] = {}
        #: Documents ``(area, table, id)`` whose contents the log entry must not hold (a purge).
        self.redacted: set[tuple[str, str, str]] = set()
        #: The log entry written by the commit (None until then, or if nothing changed; a spilled
        #: transaction's without its changes, which went to the log from a file).
        self.committed: dict[str, Any] | None = None
        # Areas handed out through data(): diffed in full at commit (always correct).
        self._opaque: set[str] = set()
        # Documents written through put()/delete(): (table, id) -> before, per area.
        self._tracked: dict[str, dict[tuple[str, str], Any]] = {}
        #: Shards written before the commit (:meth:`spill`), and their changes.
        self.spilled: Spill | None = None

    # -- reading ------------------------------------------------------------
    def data(self, area: str) -> dict[str, Any]:
        """The area's ``{table: {doc_id: doc}}`` dict, free to mutate in any way.

        In a transaction the whole area is then diffed at commit, which costs a
        parse of the old files; hot paths use :meth:`view` / :meth:`get` to read
        and :meth:`put` / :meth:`delete` to write, which track exactly what changed.
        """
        if self.writable:
            if self.spilled and any(rel.startswith(f"{area}/") for rel in self.spilled.rels):
                raise StoreError(f"内部错误：{area} 已有提前写出的分片，不能再整体改动")
            self._opaque.add(area)
        return self.view(area)

    def view(self, area: str) -> dict[str, Any]:
        """The whole area for reading only: changes made through it are neither written nor logged."""
        if area not in self._complete:
            partial = area in self._raw
            self._load(area, f"{area}.json")
            for rel in self._shard_files(area):
                self._load(area, rel)
            self._complete.add(area)
            if partial:
                self._reorder(area)
        return self._data[area]

    def table_view(self, area: str, table: str) -> dict[str, Any]:
        """One table for reading, loading the head and that table's shards only: the
        ledger's accounts and budgets without parsing its 20k entries."""
        if area not in self._complete:
            self._load(area, f"{area}.json")
            for rel in self._shard_files(area):
                if shard_order(rel.partition("/")[2])[0] == table:
                    self._load(area, rel)
        return self._data[area].get(table, {})

    def get(self, area: str, table: str, doc_id: str | int) -> dict[str, Any] | None:
        """One document, reading only the file that holds it."""
        key = str(doc_id)
        if self.spilled and file_of(area, table, key) in self.spilled.rels:
            raise StoreError(f"内部错误：{area}/{table} 编号 {key} 所在的分片已提前写出，本事务中不能再读写")
        if area not in self._complete:
            self._load(area, f"{area}.json")
            self._load(area, file_of(area, table, key))
        return self._data[area].get(table, {}).get(key)

    def scan(self, area: str, needle: bytes) -> dict[str, Any]:
        """The area with at least every document whose JSON contains *needle*.

        Files without the bytes are not parsed, so finding the owner of a
        身份证 among 20k residents costs a byte search, not a parse.
        """
        if area not in self._complete:
            self._load(area, f"{area}.json")
            raws = self._raw[area]
            for rel in self._shard_files(area):
                if rel not in raws:
                    raw = self._read(rel)
                    if needle in raw:
                        self._ingest(area, rel, raw)
        return self._data[area]

    def columns(self, area: str, table: str, *, as_found: bool = False) -> tuple[list[int], Columns] | None:
        """Every document of a :data:`COLUMNAR` table as columns: ``(ids, {field: values})``,
        a field's value ``None`` where a document lacks it, in the order :meth:`view` gives
        (fields starting with ``_`` left out).

        A shard without a matching copy (edited by hand, written by an older shequ, a
        home cloned without ``*.cols``) gets one made from its bytes, kept for the next
        command.  ``None`` when the copies cannot stand in for the documents — in a
        transaction, once the area's documents are loaded, when a shard does not parse or
        the head holds documents of the table; callers then read :meth:`view`.

        *as_found*: in a transaction too, before it has read or written any of the table's
        documents — the table as the transaction found it (an import matching 200k rows
        against the register), not kept up to date with what it then writes.
        """
        if (area, table) not in columnar.COLUMNAR or area in self._complete:
            return None
        if self.writable and (not as_found or area in self._tracked or area in self._opaque):
            return None
        if ("columns", area, table) in self._memo:  # read before some documents were (select → get)
            return self._memo[("columns", area, table)]  # type: ignore[no-any-return]
        head = f"{area}.json"
        if any(rel != head and shard_order(rel.partition("/")[2])[0] == table for rel in self._raw.get(area, ())):
            return None  # some of its documents are loaded: they are what callers read
        self._load(area, head)
        if self._data[area].get(table):  # documents outside the shards (a hand edit, an old layout)
            return None
        return self.memo(("columns", area, table), lambda: self._read_columns(area, table))

    def _read_columns(self, area: str, table: str) -> tuple[list[int], Columns] | None:
        ids: list[int] = []
        columns = Columns()
        for rel in self._shard_files(area):
            if shard_order(rel.partition("/")[2])[0] != table:
                continue
            shard = self._read(rel)  # for the copy's check only: not kept (69 MB at 200k residents)
            found = split_columns(self._read(columns_file(rel)), shard)
            if found is None:  # none yet (an older shequ, a copied home, a hand edit): made now, and kept
                found = self._rebuild_columns(rel, shard)
                if found is None:
                    return None
            columns.add(len(found[0]), found[1])
            ids.extend(found[0])
        return ids, columns

    def _rebuild_columns(self, rel: str, shard: bytes) -> tuple[list[int], dict[str, bytes]] | None:
        """The columnar copy of shard *rel*, made from its bytes, written beside it for the next
        command when the home can be written (a read-only copy of a home just reads slower).

        Safe inside a read: the shared lock keeps writers out, the copy names its shard's size
        and CRC-32 (checked on every read) and is written atomically, owner-only.  ``None`` for
        a shard that does not parse: the documents' reader then names the damaged file."""
        import orjson

        from shequ.store.files import atomic_write

        try:
            copy = dumps_columns(rel, shard)
        except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError):
            return None
        try:
            atomic_write(self.home.path / columns_file(rel), copy)
        except OSError:
            pass
        return split_columns(copy, shard)

    def mentions(self, area: str, needle: bytes) -> bool:
        """Does any file of *area* hold the bytes *needle*?  A byte search over what
        :meth:`view` read, so "nobody is marked removed" costs ~1M instructions, not a look
        at 20k documents.  Only a "no" is certain: a "yes" may be a value, not a key."""
        self.view(area)
        return any(needle in raw for raw in self._raw.get(area, {}).values())

    def _read(self, rel: str) -> bytes:
        try:
            return (self.home.path / rel).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return b""

    def _load(self, area: str, rel: str) -> None:
        if rel not in self._raw.get(area, ()):
            if area not in self._raw and area not in AREAS and "." not in area and not area.isidentifier():
                raise StoreError(f"未知的数据区：{area}")
            self._ingest(area, rel, self._read(rel))

    def _ingest(self, area: str, rel: str, raw: bytes) -> None:
        self._raw.setdefault(area, {})[rel] = raw
        merged = self._data.setdefault(area, {})
        members = self._members.setdefault(area, {}).setdefault(rel, {})
        if blank(raw):
            if "/" in rel and (self.home.path / rel).is_file():  # shequ never leaves a shard empty
                raise empty_shard(rel)
            return
        parsed = check_tables(loads(raw, rel), rel)
        for table, docs in parsed.items():
            if self.writable:  # only tracked writes ask which documents a file holds
                members[table] = set(docs)
            if area not in self._relayout and self._misplaced(area, rel, table, docs):
                self._relayout.add(area)
        if merge(merged, parsed, area, rel):  # a hand edit: rewrite the area on its next write
            self._relayout.add(area)

    def _misplaced(self, area: str, rel: str, table: str, docs: dict[str, Any]) -> bool:
        """Does *rel* hold documents that belong in another file (a pre-shard head, a hand edit)?

        Such an area is rewritten whole on its next write, so every document lands in its
        own file and no stale copy is left to shadow it.  Shards are checked only in
        write transactions: reading merges whatever is there.
        """
        if "/" not in rel:
            return shardable(area, table) and any(k.isdigit() for k in docs)
        if not self.writable:
            return False
        return any(file_of(area, table, k) != rel for k in docs)

    def _shard_files(self, area: str) -> list[str]:
        if area == "meta":
            return []
        try:
            names = os.listdir(self.home.path / area)
        except (FileNotFoundError, NotADirectoryError):
            return []
        names = [n for n in names if n.endswith(".json") and not n.startswith(".")]
        return [f"{area}/{n}" for n in sorted(names, key=shard_order)]

    def _reorder(self, area: str) -> None:
        """After piecemeal loads, put documents back in file order (as a whole read gives)."""
        for table, docs in self._data[area].items():
            if shardable(area, table) and len(docs) > 1:
                items = sorted(docs.items(), key=file_order)
                docs.clear()
                docs.update(items)

    def memo(self, key: Any, compute: "Callable[[], T]") -> "T":
        """*compute()*, once per read session (a report's sections ask the same questions).

        In a write transaction the data may change between calls, so nothing is kept.
        """
        if self.writable:
            return compute()
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    # -- writing ------------------------------------------------------------
    def put(self, area: str, table: str, doc_id: str | int, doc: dict[str, Any]) -> None:
        """Insert or replace one document (tracked: logged with its before-state)."""
        key = str(doc_id)
        before = self.get(area, table, key)
        self._track(area, table, key, before)
        self._data[area].setdefault(table, {})[key] = doc
        self._members[area].setdefault(file_of(area, table, key), {}).setdefault(table, set()).add(key)

    def put_run(self, area: str, table: str, first: int, docs: list[dict[str, Any]]) -> None:
        """:meth:`put` of *docs* under the ids *first*, *first* + 1, … (an import's batch), with
        each file looked up once rather than once a document."""
        n, end = first, first + len(docs)
        while n < end:
            key = str(n)
            self.get(area, table, key)  # loads the file that holds it, or refuses a spilled shard
            current = self._data[area].setdefault(table, {})
            rel = file_of(area, table, key)
            stop = end if rel == f"{area}.json" else min(end, next_shard(n))
            members = self._members[area].setdefault(rel, {}).setdefault(table, set())
            for one, doc in zip(map(str, range(n, stop)), docs[n - first:stop - first]):
                self._track(area, table, one, current.get(one))
                current[one] = doc
                members.add(one)
            n = stop

    def delete(self, area: str, table: str, doc_id: str | int) -> None:
        """Remove one document (tracked)."""
        key = str(doc_id)
        before = self.get(area, table, key)
        if before is not None:
            self._track(area, table, key, before)
            del self._data[area][table][key]

    def spill(self, area: str, table: str, below: int) -> int:
        """Write now the shards of *table* that hold only documents this transaction added, all
        with ids below *below* (the caller adds no more of them), and let their documents go.

        For imports of 100k rows: memory holds a shard or two, not every new document.  The
        shards wait in temp files and reach the home only with the commit (or never: a failed
        transaction deletes them); their documents can no longer be read in this transaction.
        Returns how many documents were written."""
        from shequ.store.spill import spill_shards

        return spill_shards(self, area, table, below)

    def next_id(self, area: str, count: int = 1, *, counter: str = "_seq") -> int:
        """The first of *count* new ids of *area* (a counter document, so a removed id is never reused)."""
        seq = self.get(area, counter, "1") or {"next": 1}
        first = int(seq["next"])
        self.put(area, counter, "1", {"next": first + count})
        return first

    def _track(self, area: str, table: str, key: str, before: Any) -> None:
        if not self.writable:
            raise StoreError("内部错误：只读会话中不能写入（请在事务中写入）")
        # The first before-state wins; put() replaces documents, never mutates them.
        self._tracked.setdefault(area, {}).setdefault((table, key), before)

    def attach(self, name: str, data: bytes) -> str:
        """Keep a file (evidence: a photo, a 签到表) in the home, written with this transaction's
        commit; returns its path in the home, ``files/<hash>-<name>``.  The same bytes under the
        same name are kept once; nothing is written unless the transaction commits."""
        import hashlib

        from shequ.store.files import ATTACHMENTS

        clean = "".join(ch for ch in Path(name).name if ch.isprintable() and ch not in "/\\").lstrip(".")[-100:]
        rel = f"{ATTACHMENTS}/{hashlib.sha256(data).hexdigest()[:16]}-{clean or 'file'}"
        if not (self.home.path / rel).exists():
            self._attached[rel] = data
        return rel

    # -- commit -------------------------------------------------------------
    def _changes(self) -> tuple[list[Change], dict[str, bytes | None]]:
        """Every changed document, and the new bytes of every file that changed
        (``None``: a shard left empty, to be removed)."""
        changes: list[Change] = []
        payloads: dict[str, bytes | None] = {}
        for area in list(self._data):
            if area in self._opaque or (area in self._relayout and area in self._tracked):
                found, files = self._rewrite_all(area)
                files.update(self._stale_columns(area, files))
            elif area in self._tracked:
                found, files = self._rewrite_tracked(area)
            else:
                continue  # only read
            changes.extend(found)
            payloads.update(files)
        for rel in [r for r in payloads if columnar_shard(r)]:  # each shard written brings its columns
            shard = payloads[rel]
            payloads[columns_file(rel)] = None if shard is None else dumps_columns(rel, shard)
        if changes:  # a kept file comes with the document that refers to it
            payloads.update(self._attached)
        return changes, payloads

    def _stale_columns(self, area: str, written: dict[str, bytes | None]) -> dict[str, bytes]:
        """Columnar copies missing or out of date for shards this whole-area write leaves as
        they are (a home from before copies existed, a hand edit): written with the commit."""
        out = {}
        for rel, raw in sorted(self._raw.get(area, {}).items()):
            if rel in written or not columnar_shard(rel) or blank(raw):
                continue
            if split_columns(self._read(columns_file(rel)), raw) is None:
                out[columns_file(rel)] = dumps_columns(rel, raw)
        return out

    def _rewrite_all(self, area: str) -> tuple[list[Change], dict[str, bytes | None]]:
        """Split the whole area into its files; diff the files whose bytes changed.

        The before-state is parsed again from the bytes read at load, so the
        diff sees nested in-place mutations too (tinydb's ``operations.add``
        does ``doc[k] += [x]``).
        """
        merged = self.view(area)
        head = f"{area}.json"
        split: dict[str, dict[str, Any]] = {head: {}}
        for table, docs in merged.items():
            if not shardable(area, table):
                if docs:  # an emptied table is no table: undo gives back the bytes it found
                    split[head][table] = docs
                continue
            for key, doc in docs.items():
                split.setdefault(file_of(area, table, key), {}).setdefault(table, {})[key] = doc
        raws = self._raw.get(area, {})
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        payloads: dict[str, bytes | None] = {}
        moving = area in self._relayout  # documents may change files: diff the whole area
        for rel in sorted(set(split) | {r for r, raw in raws.items() if not blank(raw)}):
            new = split.get(rel)
            raw = raws.get(rel, b"")
            if new is None:
                payloads[rel] = None
            else:
                payload = dumps(new) if rel == head else dumps_shard(new)
                if payload == raw or (blank(raw) and not new):
                    continue
                payloads[rel] = payload
            if not moving:  # in place, a document's file never changes: the changed files suffice
                merge(before, loads(raw, rel) if not blank(raw) else {}, area, rel)
                merge(after, new or {}, area, rel)
        if moving:
            for rel, raw in sorted(raws.items()):
                if not blank(raw):
                    merge(before, loads(raw, rel), area, rel)
            after = merged
        return diff(area, before, after), payloads

    def _rewrite_tracked(self, area: str) -> tuple[list[Change], dict[str, bytes | None]]:
        """Write only the files holding the documents put() and delete() touched."""
        merged = self._data[area]
        found = [
            Change(area, table, key, old, merged.get(table, {}).get(key))
            for (table, key), old in sorted(self._tracked[area].items(), key=lambda kv: (kv[0][0], id_key(kv[0][1])))
            if old != merged.get(table, {}).get(key)
        ]
        payloads: dict[str, bytes | None] = {}
        members = self._members[area]
        raws = self._raw[area]
        head = f"{area}.json"
        tracked = {(table, key) for table, key in self._tracked[area]}
        for rel in sorted({file_of(area, c.table, c.id) for c in found}):
            self._refuse_untracked(area, rel, tracked)
            content: dict[str, Any] = {}
            if rel == head:  # small tables whole, as they were
                content = {t: docs for t, docs in merged.items() if docs and not shardable(area, t)}
            for table, keys in members.get(rel, {}).items():
                if rel == head and not shardable(area, table):
                    continue
                tbl = merged.get(table, {})
                docs = {k: tbl[k] for k in keys if k in tbl}
                if docs:
                    content[table] = docs
            raw = raws.get(rel, b"")
            if not content and rel != head:
                if not blank(raw):
                    payloads[rel] = None
                continue
            payload = dumps(content) if rel == head else dumps_shard(content)
            if payload != raw:
                payloads[rel] = payload
        return found, payloads

    def _refuse_untracked(self, area: str, rel: str, tracked: set[tuple[str, str]]) -> None:
        """A file about to be rewritten may differ from what was read only in the documents
        put() or delete() touched: anything else was changed in place through :meth:`view`,
        and writing it would put a change on disk with no log entry and no undo."""
        raw = self._raw[area].get(rel, b"")
        if blank(raw):
            return
        merged = self._data[area]
        for table, docs in loads(raw, rel).items():
            now = merged.get(table, {})
            for key, doc in docs.items():
                if (table, key) not in tracked and now.get(key) != doc:
                    raise StoreError(f"内部错误：{area}/{table} 中编号 {key} 的记录在事务中被直接改动（未经 put），"
                                     "已放弃写入，数据未改动")
