"""The data home and its transactions.

A *home* is one community's folder.  Each area (``people``, ``events``,
``ledger``, ``checklists``, ``records``, ``meta``) is a *head* file
``people.json`` plus, for its big tables, *shard* files in a folder of the same
name: ``people/people.012.json`` holds residents 12000–12999.  Every file is in
tinydb's layout ``{table: {doc_id: doc}}``, so a reader simply merges them.
The append-only change log is ``changes.jsonl``.

Why shards?  DESIGN §4 gives each area its own file "so a ledger write never
rewrites 20k residents"; shards carry the same idea inside an area: adding one
resident rewrites one 0.5 MB shard, not the 9.5 MB register (parsing and
rewriting it cost ~100 ms an add).  Files written before shards (one file per
area) are still read, and are split on the area's next write.

Why not plain ``TinyDB(path)``?  Two writers (cron and a person) corrupt a
plain tinydb file and lose writes.  Here every write runs in a transaction:

1. take an exclusive ``flock`` on ``.lock`` (readers take a shared one);
2. load the areas it touches into a fresh in-memory TinyDB (never reused
   across locks: tinydb caches document ids);
3. on success, write each changed file to a temp file in the same folder and
   fsync it; write ``journal.json`` naming the renames, the shards left empty
   and the log entry, fsync it and the folder — this is the commit point;
4. append the log entry, ``os.replace`` each temp file over its target, remove
   emptied shards, fsync the folders, remove the journal.

A crash before step 3 leaves only temp files, which the next command deletes;
a crash after it leaves a journal, which the next command rolls forward.  So
every file always equals the state before or after a transaction, and the
change log always matches the data.  A command that raises writes nothing.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, NamedTuple, TypeVar

from .errors import DataError, StoreError

if TYPE_CHECKING:  # pragma: no cover
    from tinydb import TinyDB
    from tinydb.table import Table

T = TypeVar("T")
AREAS = ("meta", "people", "events", "ledger", "checklists", "records")
LOG_FILE = "changes.jsonl"
JOURNAL = "journal.json"
LOCK_FILE = ".lock"
TMP_MARK = ".tmp-"
FILE_MODE = 0o600  # homes hold personal data: owner-only by default


def default_home() -> Path:
    """The platform data dir (``$XDG_DATA_HOME/shequ`` on Linux)."""
    if sys.platform == "win32":  # pragma: no cover
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":  # pragma: no cover
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "shequ"


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--home`` beats ``SHEQU_HOME`` beats the platform default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("SHEQU_HOME")
    return Path(env).expanduser() if env else default_home()


def operator() -> str:
    """Who is acting, for the change log: ``SHEQU_USER`` or the OS user."""
    user = os.environ.get("SHEQU_USER")
    if user:
        return user
    import getpass  # only writers log an operator: ~1 ms (termios) off every read

    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return "unknown"


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def dumps(data: Any) -> bytes:
    """Deterministic, readable JSON: same data gives the same bytes (homes can live in git)."""
    import orjson

    return orjson.dumps(
        data,
        option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE,
        default=_default,
    )


def dumps_shard(data: dict[str, dict[str, Any]]) -> bytes:
    """A shard file: the same tinydb layout as :func:`dumps`, one document per line.

    Indentation made up a quarter of a shard's bytes; without it 20 shards of a
    20k register parse ~10% faster and take less to write and fsync.  A
    document per line also keeps ``git diff`` (one changed line per changed
    document) and ``grep`` (a whole document) useful.  Keys are sorted as in
    :func:`dumps`, so the same data still gives the same bytes.
    """
    import orjson

    opt = orjson.OPT_SORT_KEYS
    tables = []
    for table in sorted(data):
        docs = data[table]
        lines = b",\n".join(
            orjson.dumps(key) + b": " + orjson.dumps(docs[key], option=opt, default=_default) for key in sorted(docs)
        )
        tables.append(orjson.dumps(table) + b": {\n" + lines + b"\n}")
    return b"{\n" + b",\n".join(tables) + b"\n}\n"


def _default(obj: Any) -> Any:
    from decimal import Decimal

    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (set, frozenset, tuple)):
        return sorted(obj) if isinstance(obj, (set, frozenset)) else list(obj)
    raise TypeError(f"无法保存的值类型：{type(obj).__name__}")


def loads(raw: bytes, name: str = "") -> Any:
    import orjson

    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreError(f"数据文件已损坏：{name}（{exc}）；请从 backups/ 或版本库恢复") from None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_temp(target: Path, payload: bytes) -> Path:
    """Write *payload* to a fsynced temp file beside *target*, keeping target's mode."""
    tmp = target.with_name(f".{target.name}{TMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = FILE_MODE
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    os.chmod(tmp, mode)  # umask may have narrowed it
    return tmp


def atomic_write(target: Path, payload: bytes) -> None:
    """Replace *target* with *payload* so that readers see old or new bytes, never a mix."""
    tmp = write_temp(target, payload)
    os.replace(tmp, target)
    _fsync_dir(target.parent)


class _AreaStorage:
    """tinydb Storage over a dict the transaction owns (no file I/O of its own)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def read(self) -> dict[str, Any]:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if data is not self._data:
            self._data.clear()
            self._data.update(data)

    def close(self) -> None:
        pass


class Change(NamedTuple):
    """One document's before/after; ``None`` means absent."""

    area: str
    table: str
    id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return self._asdict()


#: Numbered documents per shard file.  A write rewrites only the files it touched,
#: so adding one resident to a 20k register writes ~0.5 MB instead of 9.5 MB.
SHARD_SIZE = 1000


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


#: Tables whose shards also have a columnar copy, ``people/people.012.cols``
#: (see :func:`dumps_columns`): every field but the internal ``_created`` and the
#: like.  Questions over a field or two of every document (a register's
#: categories, a report's sums over 20k ledger entries) read columns, which
#: parse ~3× faster than 1,000 dicts a shard and come with the ids as integers.
#: A copy is written in the same commit as its shard and names the shard's
#: CRC-32, so a shard edited by hand (or any mismatch) is simply parsed
#: instead; whole-area writes refresh missing or stale copies.
COLUMNAR = frozenset({("people", "people"), ("ledger", "entries")})
COLUMNS_SUFFIX = ".cols"


def columns_file(rel: str) -> str:
    """``people/people.012.json`` → ``people/people.012.cols``."""
    return rel[: -len(".json")] + COLUMNS_SUFFIX


def _columnar_shard(rel: str) -> bool:
    area, _, name = rel.partition("/")
    return name.endswith(".json") and (area, _shard_order(name)[0]) in COLUMNAR


def dumps_columns(rel: str, shard: bytes) -> bytes:
    """The columnar copy of shard file *rel* from its bytes (parsed again here: the copy is of
    what is on disk).

    A header line ``{"body", "crc32", "fields", "ids", "size"}``, then one line per
    field, a JSON array of its values: a reader parses only the columns it asks for.
    ``crc32``/``size`` are the shard's, ``body`` the CRC-32 of the lines after the header.
    """
    import zlib
    from itertools import repeat

    import orjson

    docs = orjson.loads(shard).get(_shard_order(rel.partition("/")[2])[0], {})
    values = list(docs.values())
    fields = sorted(f for f in set().union(*values) if not f.startswith("_"))  # not _created and the like
    body = b"".join(orjson.dumps(list(map(dict.get, values, repeat(f))), option=orjson.OPT_APPEND_NEWLINE,
                                 default=_default) for f in fields)
    head = orjson.dumps({"body": zlib.crc32(body), "crc32": zlib.crc32(shard), "fields": fields,
                         "ids": list(map(int, docs)), "size": len(shard)},
                        option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    return head + body


def _split_columns(copy: bytes, shard: bytes) -> tuple[list[int], dict[str, memoryview]] | None:
    """A columnar copy's ids and its unparsed column per field, if it is the copy of *shard*.

    The columns stay views into *copy* (3 MB for 20k residents): no line is copied.
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
        lines[field] = data[start:end]
    return info["ids"], lines


class Columns(Mapping[str, list[Any]]):
    """A table's fields as columns (one list per field, aligned with the ids), each parsed
    from the shards' columnar copies the first time it is asked for."""

    def __init__(self, parts: list[tuple[int, dict[str, memoryview]]]) -> None:
        self._parts = parts  # per shard: its number of documents, and field → the column's JSON
        self._fields = sorted({f for _, lines in parts for f in lines})
        self._known = frozenset(self._fields)
        self._parsed: dict[str, list[Any]] = {}

    def __contains__(self, field: object) -> bool:  # without parsing the column
        return field in self._known

    def __getitem__(self, field: str) -> list[Any]:
        col = self._parsed.get(field)
        if col is None:
            if field not in self._known:
                raise KeyError(field)
            import orjson

            col = []
            for count, lines in self._parts:
                line = lines.get(field)
                values = orjson.loads(line) if line is not None else [None] * count  # none has it: None each
                if not isinstance(values, list) or len(values) != count:
                    raise StoreError(f"列存副本损坏（{field}）；删除 .cols 文件即可，shequ 会重建")
                col.extend(values)
            self._parsed[field] = col
        return col

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


def _shard_order(name: str) -> tuple[str, int]:
    table, _, n = name[:-5].rpartition(".")
    return (table, int(n)) if table and n.isdigit() else (name, -1)


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
        self._dbs: dict[str, "TinyDB"] = {}
        self._memo: dict[Any, Any] = {}
        #: Extra facts for the change log entry (e.g. ``{"reveal": ...}``).
        self.log_extra: dict[str, Any] = {}
        #: Force a log entry even without data changes (``--reveal`` is logged).
        self.force_log = False
        #: The log entry written by the commit (None until then, or if nothing changed).
        self.committed: dict[str, Any] | None = None
        # Areas handed out through data(): diffed in full at commit (always correct).
        self._opaque: set[str] = set()
        # Documents written through put()/delete(): (table, id) -> before, per area.
        self._tracked: dict[str, dict[tuple[str, str], Any]] = {}
        # Shard bytes read for columns() but not parsed: a later view() takes them from here.
        self._unparsed: dict[str, bytes] = {}

    # -- reading ------------------------------------------------------------
    def data(self, area: str) -> dict[str, Any]:
        """The area's ``{table: {doc_id: doc}}`` dict, free to mutate in any way.

        In a transaction the whole area is then diffed at commit, which costs a
        parse of the old files; hot paths use :meth:`view` / :meth:`get` to read
        and :meth:`put` / :meth:`delete` to write, which track exactly what changed.
        """
        if self.writable:
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
                if _shard_order(rel.partition("/")[2])[0] == table:
                    self._load(area, rel)
        return self._data[area].get(table, {})

    def get(self, area: str, table: str, doc_id: str | int) -> dict[str, Any] | None:
        """One document, reading only the file that holds it."""
        key = str(doc_id)
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

    def columns(self, area: str, table: str) -> tuple[list[int], Columns] | None:
        """Every document of a :data:`COLUMNAR` table as columns: ``(ids, {field: values})``,
        a field's value ``None`` where a document lacks it, in the order :meth:`view` gives
        (fields starting with ``_`` left out).

        ``None`` when the copies cannot stand in for the documents — in a
        transaction, once the area's documents are loaded, when a shard has no
        matching copy (edited by hand, written by an older shequ) or the head
        holds documents of the table; callers then read :meth:`view`.
        """
        if (area, table) not in COLUMNAR or self.writable or area in self._complete:
            return None
        head = f"{area}.json"
        if any(rel != head and _shard_order(rel.partition("/")[2])[0] == table for rel in self._raw.get(area, ())):
            return None  # some of its documents are loaded: they are what callers read
        self._load(area, head)
        if self._data[area].get(table):  # documents outside the shards (a hand edit, an old layout)
            return None
        return self.memo(("columns", area, table), lambda: self._read_columns(area, table))

    def _read_columns(self, area: str, table: str) -> tuple[list[int], Columns] | None:
        ids: list[int] = []
        parts: list[tuple[int, dict[str, memoryview]]] = []
        for rel in self._shard_files(area):
            if _shard_order(rel.partition("/")[2])[0] != table:
                continue
            shard = self._unparsed[rel] = self._read(rel)
            found = _split_columns(self._read(columns_file(rel)), shard)
            if found is None:  # none yet (an older shequ wrote the shard), or it is not this shard's
                return None
            parts.append((len(found[0]), found[1]))
            ids.extend(found[0])
        return ids, Columns(parts)

    def mentions(self, area: str, needle: bytes) -> bool:
        """Does any file of *area* hold the bytes *needle*?  A byte search over what
        :meth:`view` read, so "nobody is marked removed" costs ~1M instructions, not a look
        at 20k documents.  Only a "no" is certain: a "yes" may be a value, not a key."""
        self.view(area)
        return any(needle in raw for raw in self._raw.get(area, {}).values())

    def _read(self, rel: str) -> bytes:
        if rel in self._unparsed:
            return self._unparsed.pop(rel)
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
        if _blank(raw):
            return
        parsed = loads(raw, rel)
        if not isinstance(parsed, dict):
            raise StoreError(f"数据文件已损坏：{rel}（应为 JSON 对象）；请从 backups/ 或版本库恢复")
        for table, docs in parsed.items():
            if not isinstance(docs, dict):
                raise StoreError(f"数据文件已损坏：{rel}（表 {table} 应为 JSON 对象）；请从 backups/ 或版本库恢复")
            if self.writable:  # only tracked writes ask which documents a file holds
                members[table] = set(docs)
            if area not in self._relayout and self._misplaced(area, rel, table, docs):
                self._relayout.add(area)
        if _merge(merged, parsed, area, rel):  # a hand edit: rewrite the area on its next write
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
        return [f"{area}/{n}" for n in sorted(names, key=_shard_order)]

    def _reorder(self, area: str) -> None:
        """After piecemeal loads, put documents back in file order (as a whole read gives)."""
        for table, docs in self._data[area].items():
            if shardable(area, table) and len(docs) > 1:
                items = sorted(docs.items(), key=_file_order)
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

    def db(self, area: str) -> "TinyDB":
        """A fresh TinyDB over the area, living only as long as this session."""
        if area not in self._dbs:
            from tinydb import TinyDB

            self._dbs[area] = TinyDB(storage=_AreaStorage, data=self.view(area))  # type: ignore[arg-type]
        return self._dbs[area]

    # -- writing ------------------------------------------------------------
    def put(self, area: str, table: str, doc_id: str | int, doc: dict[str, Any]) -> None:
        """Insert or replace one document (tracked: logged with its before-state)."""
        key = str(doc_id)
        before = self.get(area, table, key)
        self._track(area, table, key, before)
        self._data[area].setdefault(table, {})[key] = doc
        self._members[area].setdefault(file_of(area, table, key), {}).setdefault(table, set()).add(key)

    def delete(self, area: str, table: str, doc_id: str | int) -> None:
        """Remove one document (tracked)."""
        key = str(doc_id)
        before = self.get(area, table, key)
        if before is not None:
            self._track(area, table, key, before)
            del self._data[area][table][key]

    def _track(self, area: str, table: str, key: str, before: Any) -> None:
        if not self.writable:
            raise StoreError("内部错误：只读会话中不能写入（请在事务中写入）")
        # The first before-state wins; put() replaces documents, never mutates them.
        self._tracked.setdefault(area, {}).setdefault((table, key), before)

    def table(self, area: str, name: str) -> "Table":
        if self.writable:
            self._opaque.add(area)  # tinydb mutates documents in place
        table = self.db(area).table(name)
        if not self.writable:
            _guard_readonly(table)
        return table

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
        for rel in [r for r in payloads if _columnar_shard(r)]:  # each shard written brings its columns
            shard = payloads[rel]
            payloads[columns_file(rel)] = None if shard is None else dumps_columns(rel, shard)
        return changes, payloads

    def _stale_columns(self, area: str, written: dict[str, bytes | None]) -> dict[str, bytes]:
        """Columnar copies missing or out of date for shards this whole-area write leaves as
        they are (a home from before copies existed, a hand edit): written with the commit."""
        out = {}
        for rel, raw in sorted(self._raw.get(area, {}).items()):
            if rel in written or not _columnar_shard(rel) or _blank(raw):
                continue
            if _split_columns(self._read(columns_file(rel)), raw) is None:
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
                split[head][table] = docs
                continue
            for key, doc in docs.items():
                split.setdefault(file_of(area, table, key), {}).setdefault(table, {})[key] = doc
        raws = self._raw.get(area, {})
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        payloads: dict[str, bytes | None] = {}
        moving = area in self._relayout  # documents may change files: diff the whole area
        for rel in sorted(set(split) | {r for r, raw in raws.items() if not _blank(raw)}):
            new = split.get(rel)
            raw = raws.get(rel, b"")
            if new is None:
                payloads[rel] = None
            else:
                payload = dumps(new) if rel == head else dumps_shard(new)
                if payload == raw or (_blank(raw) and not new):
                    continue
                payloads[rel] = payload
            if not moving:  # in place, a document's file never changes: the changed files suffice
                _merge(before, loads(raw, rel) if not _blank(raw) else {}, area, rel)
                _merge(after, new or {}, area, rel)
        if moving:
            for rel, raw in sorted(raws.items()):
                if not _blank(raw):
                    _merge(before, loads(raw, rel), area, rel)
            after = merged
        return _diff(area, before, after), payloads

    def _rewrite_tracked(self, area: str) -> tuple[list[Change], dict[str, bytes | None]]:
        """Write only the files holding the documents put() and delete() touched."""
        merged = self._data[area]
        found = [
            Change(area, table, key, old, merged.get(table, {}).get(key))
            for (table, key), old in sorted(self._tracked[area].items(), key=lambda kv: (kv[0][0], _id_key(kv[0][1])))
            if old != merged.get(table, {}).get(key)
        ]
        payloads: dict[str, bytes | None] = {}
        members = self._members[area]
        raws = self._raw[area]
        head = f"{area}.json"
        for rel in sorted({file_of(area, c.table, c.id) for c in found}):
            content: dict[str, Any] = {}
            if rel == head:  # small tables whole, as they were
                content = {t: docs for t, docs in merged.items() if not shardable(area, t)}
            for table, keys in members.get(rel, {}).items():
                if rel == head and not shardable(area, table):
                    continue
                tbl = merged.get(table, {})
                docs = {k: tbl[k] for k in keys if k in tbl}
                if docs:
                    content[table] = docs
            raw = raws.get(rel, b"")
            if not content and rel != head:
                if not _blank(raw):
                    payloads[rel] = None
                continue
            payload = dumps(content) if rel == head else dumps_shard(content)
            if payload != raw:
                payloads[rel] = payload
        return found, payloads


def _merge(into: dict[str, Any], tables: dict[str, Any], area: str, rel: str) -> bool:
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


def _file_order(item: tuple[str, Any]) -> tuple[int, str]:
    key = item[0]
    return (int(key) // SHARD_SIZE, key) if key.isdigit() and key.isascii() else (-1, key)


def _blank(raw: bytes) -> bool:
    return len(raw) < 64 and not raw.strip()


def _diff(area: str, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    out: list[Change] = []
    for tname in sorted(set(before) | set(after)):
        old_t, new_t = before.get(tname) or {}, after.get(tname) or {}
        changed = [k for k, doc in new_t.items() if old_t.get(k, _MISSING) != doc]
        changed += [k for k in old_t if k not in new_t]
        for doc_id in sorted(changed, key=_id_key):
            out.append(Change(area, tname, doc_id, old_t.get(doc_id), new_t.get(doc_id)))
    return out


_MISSING = object()


def _id_key(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (sys.maxsize, doc_id)


def _guard_readonly(table: "Table") -> None:
    def refuse(*_a: Any, **_k: Any) -> None:
        raise StoreError("内部错误：只读会话中不能写入（请在事务中写入）")

    for name in ("insert", "insert_multiple", "update", "update_multiple", "upsert", "remove", "truncate"):
        setattr(table, name, refuse)


class Home:
    """One community's data folder."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"Home({str(self.path)!r})"

    @property
    def log_path(self) -> Path:
        return self.path / LOG_FILE

    def exists(self) -> bool:
        return (self.path / "meta.json").is_file()

    # -- locking ------------------------------------------------------------
    @contextmanager
    def _lock(self, exclusive: bool) -> Iterator[int]:
        import fcntl

        try:
            fd = os.open(self.path / LOCK_FILE, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except FileNotFoundError:
            raise StoreError(self._missing_message()) from None
        except PermissionError:
            raise StoreError(f"没有权限访问数据目录：{self.path}") from None
        timeout = float(os.environ.get("SHEQU_LOCK_TIMEOUT", "60"))
        deadline = time.monotonic() + timeout
        op = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        delay = 0.001
        try:
            while True:
                try:
                    fcntl.flock(fd, op | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"数据目录正被另一个 shequ 进程占用，等待 {timeout:g} 秒后放弃：{self.path}"
                        ) from None
                    time.sleep(delay)
                    delay = min(delay * 2, 0.02)
            yield fd
        finally:
            os.close(fd)  # closing releases the lock

    def _missing_message(self) -> str:
        return f"数据目录不存在：{self.path}（请先运行 shequ init，或用 --home / SHEQU_HOME 指定）"

    def refresh_columns(self) -> int:
        """Write the columnar copy of every shard that lacks a matching one, remove copies whose
        shard is gone (deleted by hand); return how many copies were written.

        For a home whose shards an older shequ (or a person) wrote.  Call it under
        the exclusive lock (``shequ init`` does).  Copies are derived from their
        shard's bytes and checked against them on every read, so they are written
        straight (atomically), not through the journal: a crash leaves the old copy
        or the new one, and a stale one is never believed.
        """
        done = 0
        for area in sorted({a for a, _ in COLUMNAR}):
            try:
                names = sorted(os.listdir(self.path / area))
            except (FileNotFoundError, NotADirectoryError):
                continue
            for name in names:
                rel = f"{area}/{name}"
                if name.endswith(COLUMNS_SUFFIX) and f"{name[: -len(COLUMNS_SUFFIX)]}.json" not in names:
                    (self.path / rel).unlink()  # an orphan: never read, but it holds personal data
                    continue
                if name.startswith(".") or not _columnar_shard(rel):
                    continue
                shard = (self.path / rel).read_bytes()
                try:
                    copy = (self.path / columns_file(rel)).read_bytes()
                except FileNotFoundError:
                    copy = b""
                if _split_columns(copy, shard) is None:
                    atomic_write(self.path / columns_file(rel), dumps_columns(rel, shard))
                    done += 1
        return done

    # -- recovery -----------------------------------------------------------
    def _temp_files(self) -> Iterator[Path]:
        """Leftover temp files of an interrupted write, beside the heads and in shard folders."""
        with os.scandir(self.path) as it:
            for entry in it:
                if entry.name.startswith("."):
                    if TMP_MARK in entry.name:
                        yield Path(entry.path)
                elif entry.name != "backups" and entry.is_dir(follow_symlinks=False):
                    for name in os.listdir(entry.path):
                        if name.startswith(".") and TMP_MARK in name:
                            yield Path(entry.path) / name

    def _needs_recovery(self) -> bool:
        if (self.path / JOURNAL).exists():
            return True
        return next(self._temp_files(), None) is not None

    def _recover(self) -> None:
        """Roll a committed journal forward; delete uncommitted temp files.  Exclusive lock held."""
        journal = self.path / JOURNAL
        if journal.exists():
            try:
                plan = loads(journal.read_bytes(), JOURNAL)
            except StoreError:
                plan = None  # torn journal: it was never committed (it is written atomically)
            if plan:
                self._append_log(plan["log"], dedupe=True)
                self._apply(plan["files"], plan.get("drop", []))
            journal.unlink(missing_ok=True)
        for p in list(self._temp_files()):
            p.unlink(missing_ok=True)
        _fsync_dir(self.path)

    def _apply(self, files: list[tuple[str, str]], drop: list[str]) -> None:
        """Move committed temp files over their targets and remove emptied shards (idempotent)."""
        folders = {self.path}
        for tmp, final in files:
            tmp_p = self.path / tmp
            if tmp_p.exists():
                os.replace(tmp_p, self.path / final)
            folders.add((self.path / final).parent)
        for rel in drop:
            (self.path / rel).unlink(missing_ok=True)
            folders.add((self.path / rel).parent)
        for folder in sorted(folders):
            _fsync_dir(folder)

    # -- sessions -----------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent read-only view (shared lock)."""
        self._require()
        with self._lock(exclusive=False) as fd:
            if self._needs_recovery():
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)
                self._recover()
                fcntl.flock(fd, fcntl.LOCK_SH)
            session = Session(self, writable=False)
            self._check_schema(session)
            yield session

    @contextmanager
    def transaction(self, action: str, *, require: bool = True) -> Iterator[Session]:
        """Run the block under the exclusive lock; commit only if it returns normally."""
        if require:
            self._require()
        else:
            self.path.mkdir(parents=True, exist_ok=True)
        with self._lock(exclusive=True):
            if self._needs_recovery():
                self._recover()
            session = Session(self, writable=True, action=action)
            if require:
                self._check_schema(session, migrate=True)
            yield session
            self._commit(session)

    def _require(self) -> None:
        if not self.path.is_dir() or not self.exists():
            raise StoreError(self._missing_message())

    def _check_schema(self, session: Session, migrate: bool = False) -> None:
        from .migrations import SCHEMA_VERSION, migrate_home

        meta = session.data("meta").get("meta", {}).get("1", {})
        version = int(meta.get("schema_version", 0))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"该数据目录由更新版本的 shequ 写入（数据版本 {version}，本程序支持到 {SCHEMA_VERSION}），请升级 shequ"
            )
        if version < SCHEMA_VERSION:
            if not migrate:
                raise StoreError(f"数据目录需要升级（数据版本 {version} → {SCHEMA_VERSION}），请先运行 shequ init")
            migrate_home(self, session, version)

    def _commit(self, session: Session) -> None:
        changes, payloads = session._changes()
        if not changes and not session.force_log:
            return
        entry: dict[str, Any] = {
            "tx": os.urandom(6).hex(),  # not uuid: importing it costs ~8 ms (platform)
            "time": now_iso(),
            "user": operator(),
            "action": session.action,
            "changes": [c.to_json() for c in changes],
        }
        entry.update(session.log_extra)
        files: list[tuple[str, str]] = []
        drop = [rel for rel, payload in payloads.items() if payload is None]
        try:
            for rel, payload in payloads.items():
                if payload is None:
                    continue
                target = self.path / rel
                if not target.parent.is_dir():  # an area's first shard
                    target.parent.mkdir(mode=0o700)
                    _fsync_dir(self.path)
                tmp = write_temp(target, payload)
                files.append((str(tmp.relative_to(self.path)), rel))
            atomic_write(self.path / JOURNAL, dumps({"files": files, "drop": drop, "log": entry}))
        except OSError as exc:
            for tmp, _ in files:
                (self.path / tmp).unlink(missing_ok=True)
            from .output import os_reason

            raise StoreError(f"写入失败，数据未改动：{os_reason(exc)}") from None
        # Committed: from here on a crash is rolled forward by the next command.
        self._append_log(entry)
        self._apply(files, drop)
        (self.path / JOURNAL).unlink()
        session.committed = entry

    # -- change log ---------------------------------------------------------
    def _append_log(self, entry: dict[str, Any], dedupe: bool = False) -> None:
        import orjson

        path = self.log_path
        if dedupe or path.exists():
            self._repair_log_tail()
            if dedupe and entry["tx"] in self._tail_txs():
                return
        line = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS, default=_default) + b"\n"
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _tail_lines(self, size: int = 1 << 16) -> list[bytes]:
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                end = fh.tell()
                fh.seek(max(0, end - size))
                return fh.read().split(b"\n")
        except FileNotFoundError:
            return []

    def _tail_txs(self) -> set[str]:
        import orjson

        txs = set()
        for line in self._tail_lines(1 << 20)[-50:]:
            try:
                txs.add(orjson.loads(line)["tx"])
            except Exception:
                continue
        return txs

    def _repair_log_tail(self) -> None:
        """Cut a half-written last line (a crash mid-append) so the log stays valid JSONL."""
        path = self.log_path
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return
        if size == 0:
            return
        with open(path, "rb+") as fh:
            fh.seek(size - 1)
            if fh.read(1) == b"\n":
                return
            # Find the last newline and truncate after it.
            chunk = min(size, 1 << 24)
            fh.seek(size - chunk)
            data = fh.read(chunk)
            cut = data.rfind(b"\n")
            fh.truncate(size - chunk + cut + 1 if cut >= 0 else 0)
            fh.flush()
            os.fsync(fh.fileno())

    def log_entries(self) -> list[dict[str, Any]]:
        """Every change-log entry, oldest first."""
        import orjson

        try:
            raw = self.log_path.read_bytes()
        except FileNotFoundError:
            return []
        out = []
        for line in raw.splitlines():
            if line.strip():
                try:
                    out.append(orjson.loads(line))
                except orjson.JSONDecodeError:
                    continue  # a torn tail is repaired by the next write
        return out


def revert(session: Session, entry: dict[str, Any]) -> int:
    """Undo *entry*'s changes inside *session*; refuse if the data moved on since."""
    count = 0
    for change in reversed(entry.get("changes", [])):
        table = session.data(change["area"]).setdefault(change["table"], {})
        current = table.get(change["id"])
        if current != change["after"]:
            raise DataError(
                f"无法撤销：{change['area']}/{change['table']} 中编号 {change['id']} 的记录之后又被修改过"
            )
        if change["before"] is None:
            del table[change["id"]]
        else:
            table[change["id"]] = change["before"]
        count += 0 if change["table"].startswith("_") else 1  # internal counters are not records
    return count


def undo_target(entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The newest transaction with changes that has not been undone yet."""
    undone: set[str] = set()
    for entry in reversed(entries):
        if entry.get("undoes"):
            undone.add(entry["undoes"])
            continue
        if entry["tx"] in undone or not entry.get("changes") or entry.get("undoable") is False:
            continue
        return entry
    return None
