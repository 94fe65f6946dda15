"""The data home and its transactions.

A *home* is one community's folder: one JSON file per area (``people.json``,
``events.json``, ``ledger.json``, ``checklists.json``, ``records.json``,
``meta.json``), each in tinydb's layout ``{table: {doc_id: doc}}``, plus the
append-only change log ``changes.jsonl``.

Why not plain ``TinyDB(path)``?  Two writers (cron and a person) corrupt a
plain tinydb file and lose writes.  Here every write runs in a transaction:

1. take an exclusive ``flock`` on ``.lock`` (readers take a shared one);
2. load the areas it touches into a fresh in-memory TinyDB (never reused
   across locks: tinydb caches document ids);
3. on success, write each changed area to a temp file in the same folder and
   fsync it; write ``journal.json`` naming the renames and the log entry, fsync
   it and the folder — this is the commit point;
4. append the log entry, ``os.replace`` each temp file over its area, fsync
   the folder, remove the journal.

A crash before step 3 leaves only temp files, which the next command deletes;
a crash after it leaves a journal, which the next command rolls forward.  So
every file always equals the state before or after a transaction, and the
change log always matches the data.  A command that raises writes nothing.
"""

from __future__ import annotations

import errno
import getpass
import os
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple

from .errors import DataError, StoreError

if TYPE_CHECKING:  # pragma: no cover
    from tinydb import TinyDB
    from tinydb.table import Table

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


class Session:
    """The view of a home inside one lock: read-only or a write transaction."""

    def __init__(self, home: "Home", writable: bool, action: str = "") -> None:
        self.home = home
        self.writable = writable
        self.action = action
        self._raw: dict[str, bytes] = {}
        self._data: dict[str, dict[str, Any]] = {}
        self._dbs: dict[str, "TinyDB"] = {}
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

    def data(self, area: str) -> dict[str, Any]:
        """The area's ``{table: {doc_id: doc}}`` dict, free to mutate in any way.

        In a transaction the whole area is then diffed at commit, which costs a
        parse of the old file; hot paths use :meth:`view` to read and
        :meth:`put` / :meth:`delete` to write, which track exactly what changed.
        """
        if self.writable:
            self._opaque.add(area)
        return self.view(area)

    def view(self, area: str) -> dict[str, Any]:
        """The area's dict for reading only: changes made through it are neither written nor logged."""
        if area not in self._data:
            if area not in AREAS and "." not in area and not area.isidentifier():
                raise StoreError(f"未知的数据区：{area}")
            path = self.home.path / f"{area}.json"
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                raw = b""
            self._raw[area] = raw
            self._data[area] = loads(raw, path.name) if not _blank(raw) else {}
        return self._data[area]

    def db(self, area: str) -> "TinyDB":
        """A fresh TinyDB over the area, living only as long as this session."""
        if area not in self._dbs:
            from tinydb import TinyDB

            self._dbs[area] = TinyDB(storage=_AreaStorage, data=self.view(area))  # type: ignore[arg-type]
        return self._dbs[area]

    def put(self, area: str, table: str, doc_id: str | int, doc: dict[str, Any]) -> None:
        """Insert or replace one document (tracked: logged with its before-state)."""
        tbl = self.view(area).setdefault(table, {})
        key = str(doc_id)
        self._track(area, table, key, tbl.get(key))
        tbl[key] = doc

    def delete(self, area: str, table: str, doc_id: str | int) -> None:
        """Remove one document (tracked)."""
        tbl = self.view(area).get(table, {})
        key = str(doc_id)
        if key in tbl:
            self._track(area, table, key, tbl[key])
            del tbl[key]

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
    def _changes(self) -> tuple[list[Change], dict[str, bytes]]:
        """The new bytes of every area that changed, and each changed document.

        Serializing is cheap (orjson); only areas whose bytes differ are parsed
        again from the bytes read at load, so the diff sees nested in-place
        mutations too (tinydb's ``operations.add`` does ``doc[k] += [x]``).
        """
        changes: list[Change] = []
        payloads: dict[str, bytes] = {}
        for area, after in self._data.items():
            if area in self._opaque:
                raw = self._raw.get(area, b"")
                payload = dumps(after)
                if payload == raw or (_blank(raw) and not after):
                    continue
                before = loads(raw, area) if not _blank(raw) else {}
                found = _diff(area, before, after)
            elif area in self._tracked:
                found = [
                    Change(area, table, key, old, after.get(table, {}).get(key))
                    for (table, key), old in sorted(self._tracked[area].items(), key=lambda kv: (kv[0][0], _id_key(kv[0][1])))
                    if old != after.get(table, {}).get(key)
                ]
                if not found:
                    continue
                payload = dumps(after)
            else:
                continue  # only read
            payloads[area] = payload
            changes.extend(found)
        return changes, payloads


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

    # -- recovery -----------------------------------------------------------
    def _needs_recovery(self) -> bool:
        if (self.path / JOURNAL).exists():
            return True
        return any(TMP_MARK in p.name for p in self.path.iterdir() if p.name.startswith("."))

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
                for tmp, final in plan["files"]:
                    tmp_p = self.path / tmp
                    if tmp_p.exists():
                        os.replace(tmp_p, self.path / final)
                _fsync_dir(self.path)
            journal.unlink(missing_ok=True)
        for p in self.path.iterdir():
            if p.name.startswith(".") and TMP_MARK in p.name:
                p.unlink(missing_ok=True)
        _fsync_dir(self.path)

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
        files = []
        try:
            for area, payload in payloads.items():
                tmp = write_temp(self.path / f"{area}.json", payload)
                files.append((tmp.name, f"{area}.json"))
            atomic_write(self.path / JOURNAL, dumps({"files": files, "log": entry}))
        except OSError as exc:
            for tmp, _ in files:
                (self.path / tmp).unlink(missing_ok=True)
            from .output import os_reason

            raise StoreError(f"写入失败，数据未改动：{os_reason(exc)}") from None
        # Committed: from here on a crash is rolled forward by the next command.
        self._append_log(entry)
        for tmp, final in files:
            os.replace(self.path / tmp, self.path / final)
        _fsync_dir(self.path)
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
