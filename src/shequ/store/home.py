"""A home: one community's folder, its lock, its transactions and their recovery.

Every write runs in a transaction:

1. take an exclusive ``flock`` on ``.lock`` (readers take a shared one);
2. read what the transaction touches into a fresh :class:`~shequ.store.session.Session`;
3. on success, write each changed file to a temp file in the same folder and fsync it; write
   ``journal.json`` naming the renames, the shards left empty and the log entry, fsync it and
   the folder — this is the commit point;
4. append the log entry, ``os.replace`` each temp file over its target, remove emptied shards,
   fsync the folders, remove the journal.

A crash before step 3 leaves only temp files, which the next command deletes; a crash after it
leaves a journal, which the next command rolls forward (appending the log entry only if it is
not there yet).  So every file always equals the state before or after a transaction, the
change log always matches the data, and a command that raises writes nothing.

A full disk is the one failure past the commit point that is not a crash: if the log entry
cannot be appended, the log is cut back, the journal removed and the command fails having
written nothing; if recovery cannot append it, reads go on with the data as it was and writes
are refused until there is space (tests/unit/test_disk_full.py sweeps every page).
"""

from __future__ import annotations

import errno
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from shequ.errors import DataError, StoreError, UsageError
from shequ.store.columns import COLUMNS_SUFFIX, refresh_columns
from shequ.store.files import ATTACHMENTS, FILE_MODE, TMP_MARK, atomic_write, dumps, fsync_dir, loads, now_iso, os_reason, write_temp
from shequ.store.log import LOG_FILE, append_log, append_log_file, log_entries, logged
from shequ.store.session import Session
from shequ.store.shards import AREAS

JOURNAL = "journal.json"
LOCK_FILE = ".lock"


def lock_timeout() -> float:
    """``SHEQU_LOCK_TIMEOUT``: seconds to wait for another shequ's lock (default 60)."""
    import math

    raw = os.environ.get("SHEQU_LOCK_TIMEOUT", "").strip() or "60"
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not (0 <= seconds < math.inf):
        raise UsageError(f"环境变量 SHEQU_LOCK_TIMEOUT 应为秒数（如 60；0 为不等待）：{raw}")
    return seconds


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


class RecoveryPending(StoreError):
    """A committed transaction could not be rolled forward (its log entry did not fit on the
    disk).  Nothing of it is in place yet, so the data before it can still be read."""


def _store_file(rel: Any) -> bool:
    """Could the store have written *rel*?  An area's head (``people.json``) or one of its shards
    and columnar copies (``people/people.012.json``, ``records/pufa.case.000.cols``) — never a
    path outside the home, a hidden file or another folder."""
    if not isinstance(rel, str):
        return False
    folder, _, name = rel.rpartition("/")
    if not folder:
        return name in {f"{area}.json" for area in AREAS}
    if folder == ATTACHMENTS:  # files/<16 hex>-<name>
        return len(name) > 17 and name[16] == "-" and all(c in "0123456789abcdef" for c in name[:16])
    stem, _, ext = name.rpartition(".")
    return (folder in AREAS and folder != "meta" and ext in ("json", "cols") and stem[:1].isalnum()
            and stem.isascii() and stem.replace(".", "").replace("_", "").replace("-", "").isalnum())


def plan_problem(plan: Any) -> str | None:
    """What is wrong with a journal's plan, if anything: each rename must move a temp file of the
    store's naming onto a store file beside it, each drop must name a store file, the log entry
    must be an object with a transaction id.  Recovery runs on every command, so it trusts nothing."""
    if not isinstance(plan, dict) or not isinstance(plan.get("files"), list) or not isinstance(plan.get("drop", []), list):
        return "格式不对"
    log = plan.get("log")
    if not isinstance(log, dict) or not isinstance(log.get("tx"), str):
        return "没有修改日志条目"
    line = plan.get("log_file")  # a big entry waits in a temp file beside the log (store/spill.py)
    if line is not None and not (isinstance(line, str) and line.startswith(f".{LOG_FILE}{TMP_MARK}") and "/" not in line):
        return f"修改日志的临时文件名字不对：{str(line)[:80]}"
    for pair in plan["files"]:
        if not (isinstance(pair, list) and len(pair) == 2 and _store_file(pair[1])):
            return f"要写入的文件不属于数据目录：{str(pair)[:80]}"
        tmp, final = pair
        folder, _, name = final.rpartition("/")
        folder = "" if folder == ATTACHMENTS else folder  # a kept file's temp file waits at the top
        tmp_name = tmp.rpartition("/")[2] if isinstance(tmp, str) else ""
        if tmp != (f"{folder}/" if folder else "") + tmp_name or not tmp_name.startswith(f".{name}{TMP_MARK}"):
            return f"临时文件不在数据目录中或名字不对：{str(tmp)[:80]}"
    for rel in plan.get("drop", []):
        if not _store_file(rel):
            return f"要删除的文件不属于数据目录：{str(rel)[:80]}"
    return None


class Home:
    """One community's data folder."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._reading = 0  # open read() blocks in this process: a write inside one would wait on itself

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
        timeout = lock_timeout()
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
        """Rebuild missing or stale columnar copies (see :func:`shequ.store.columns.refresh_columns`)."""
        return refresh_columns(self.path)

    # -- recovery -----------------------------------------------------------
    def _temp_files(self) -> Iterator[Path]:
        """Leftover temp files of an interrupted write, beside the heads and in shard folders."""
        with os.scandir(self.path) as it:
            for entry in it:
                if entry.name.startswith("."):
                    if TMP_MARK in entry.name:
                        yield Path(entry.path)
                elif entry.name not in ("backups", ATTACHMENTS) and entry.is_dir(follow_symlinks=False):
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
                bad = plan_problem(plan)
                if bad:  # a journal shequ did not write (planted, or edited by hand): touch nothing
                    raise StoreError(f"数据目录中的 {JOURNAL} 不是 shequ 写的（{bad}），未做任何改动；"
                                     f"请检查后移走它：{self.path / JOURNAL}")
                if not logged(self.log_path, plan["log"]["tx"]):  # appended before the crash, or not
                    try:
                        if plan.get("log_file"):
                            append_log_file(self.log_path, self.path / plan["log_file"])
                        else:
                            append_log(self.log_path, plan["log"])
                    except OSError as exc:
                        raise RecoveryPending(
                            f"上次中断的修改未能补全：{os_reason(exc)}；请释放空间后再运行 shequ（数据仍是中断前的样子）"
                        ) from None
                self._apply(plan["files"], plan.get("drop", []))
            journal.unlink(missing_ok=True)
        for p in list(self._temp_files()):
            p.unlink(missing_ok=True)
        fsync_dir(self.path)

    def _abandon(self, files: list[tuple[str, str]]) -> None:
        """Take back a commit whose log entry could not be written: the journal goes first (after
        that a crash leaves mere temp files, which the next command deletes), then the temp files."""
        (self.path / JOURNAL).unlink(missing_ok=True)
        try:
            fsync_dir(self.path)
        except OSError:
            pass
        for tmp, _ in files:
            (self.path / tmp).unlink(missing_ok=True)

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
            fsync_dir(folder)

    # -- sessions -----------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent read-only view (shared lock)."""
        self._require()
        with self._lock(exclusive=False) as fd:
            if self._needs_recovery():
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    self._recover()
                except RecoveryPending as exc:  # reads go on with the data as it was
                    sys.stderr.write(f"提示：{exc}\n")
                fcntl.flock(fd, fcntl.LOCK_SH)
            session = Session(self, writable=False)
            self._check_schema(session)
            self._reading += 1
            try:
                yield session
            finally:
                self._reading -= 1

    @contextmanager
    def transaction(self, action: str, *, require: bool = True) -> Iterator[Session]:
        """Run the block under the exclusive lock; commit only if it returns normally."""
        if self._reading:  # flock is per open file: this process's own shared lock would block it
            raise RuntimeError("不能在读取数据（read）的过程中写入：先结束读取，再开始写入（log_reveal 同此）")
        if require:
            self._require()
        else:
            self.path.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new home is owner-only
        with self._lock(exclusive=True):
            if self._needs_recovery():
                self._recover()
            session = Session(self, writable=True, action=action)
            if require:
                self._check_schema(session, migrate=True)
            try:
                yield session
                self._commit(session)
            finally:
                if session.spilled:  # shards written early: gone unless the journal names them
                    session.spilled.discard()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """The exclusive lock, any interrupted transaction finished first: for maintenance that
        rewrites whole files outside a transaction (a purge scrubbing the log and backups)."""
        if self._reading:
            raise RuntimeError("不能在读取数据（read）的过程中写入：先结束读取，再开始写入")
        self._require()
        with self._lock(exclusive=True):
            if self._needs_recovery():
                self._recover()
            yield

    def _require(self) -> None:
        if not self.path.is_dir() or not self.exists():
            raise StoreError(self._missing_message())

    def _check_schema(self, session: Session, migrate: bool = False) -> None:
        from shequ.store.migrations import SCHEMA_VERSION, migrate_home

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
        spilled = session.spilled
        if not changes and not session.force_log and not (spilled and spilled.changes):
            return
        entry: dict[str, Any] = {
            "tx": os.urandom(6).hex(),  # not uuid: importing it costs ~8 ms (platform)
            "time": now_iso(),
            "user": operator(),
            "action": session.action,
            "changes": [c.to_json() for c in changes],
        }
        entry.update(session.log_extra)
        if session.redacted:  # a purge: the deletion is logged, the document is not
            from shequ.store.purge import scrub_entry

            for key in session.redacted:
                scrub_entry(entry, key, ())
        files: list[tuple[str, str]] = list(spilled.files) if spilled else []
        drop = [rel for rel, payload in payloads.items() if payload is None]
        plan: dict[str, Any] = {"files": files, "drop": drop, "log": entry}
        try:
            for rel, payload in payloads.items():
                if payload is None:
                    continue
                target = self.path / rel
                if not target.parent.is_dir():  # an area's first shard, the first kept file
                    target.parent.mkdir(mode=0o700)
                    fsync_dir(self.path)
                tmp = write_temp(target, payload, self.path if rel.startswith(ATTACHMENTS + "/") else None,
                                 sync=not rel.endswith(COLUMNS_SUFFIX))
                files.append((str(tmp.relative_to(self.path)), rel))
            if spilled and spilled.changes:  # the entry's line is made in a file, not in memory
                del entry["changes"]
                line = spilled.log_line(entry, changes)
                plan.update(log={"tx": entry["tx"]}, log_file=line.name)
            atomic_write(self.path / JOURNAL, dumps(plan))
        except OSError as exc:
            for tmp, _ in files:
                (self.path / tmp).unlink(missing_ok=True)
            if plan.get("log_file"):
                (self.path / plan["log_file"]).unlink(missing_ok=True)
            raise StoreError(f"写入失败，数据未改动：{os_reason(exc)}") from None
        # Committed: from here on a crash is rolled forward by the next command.
        if spilled:
            spilled.committed = True
        try:
            if plan.get("log_file"):
                append_log_file(self.log_path, self.path / plan["log_file"])
            else:
                append_log(self.log_path, entry)
        except OSError as exc:
            if not logged(self.log_path, entry["tx"]):  # the log was cut back: undo the commit too
                self._abandon(files + ([(plan["log_file"], "")] if plan.get("log_file") else []))
                raise StoreError(f"写入失败，数据未改动：{os_reason(exc)}") from None
        try:
            self._apply(files, drop)
            (self.path / JOURNAL).unlink()
            if plan.get("log_file"):
                (self.path / plan["log_file"]).unlink()
        except OSError as exc:
            raise StoreError(f"修改已记入日志，但文件未能全部就位（{os_reason(exc)}）；"
                             "下一条 shequ 命令会自动补全") from None
        session.committed = entry

    # -- change log ---------------------------------------------------------
    def log_entries(self) -> list[dict[str, Any]]:
        """Every change-log entry, oldest first."""
        return log_entries(self.log_path)


def init_home(home: Home, *, name: str | None, level: str | None,
              upgrade: dict[str, Any] | None = None) -> tuple[bool, dict[str, Any]]:
    """Create the home (or bring it up to date); return (created?, meta).

    When an existing home is upgraded, *upgrade* (if given) receives ``from``, ``to``
    and ``backup`` (the folder under ``backups/`` holding the files as they were),
    and ``columns``, the number of columnar copies written for shards that lacked one.
    """
    from shequ.store.migrations import SCHEMA_VERSION, migrate_home

    created = not home.exists()
    if home.path.exists() and not home.path.is_dir():
        raise DataError(f"不是目录：{home.path}")
    with home.transaction("init", require=False) as session:
        meta_doc = session.data("meta").setdefault("meta", {}).setdefault("1", {})
        version = int(meta_doc.get("schema_version", 0))
        if version > SCHEMA_VERSION:
            home._check_schema(session)  # raises the "newer shequ" error
        if version < SCHEMA_VERSION:
            saved = migrate_home(home, session, version)
            if saved and upgrade is not None:
                upgrade.update({"from": version, "to": SCHEMA_VERSION, "backup": saved})
        if created:
            meta_doc["created"] = now_iso()[:10]
        if name is not None:
            meta_doc["name"] = name.strip()
        if level is not None:
            meta_doc["level"] = level
        session.log_extra["undoable"] = False  # undoing init would orphan the home
        # Empty area files, created under the lock so a concurrent writer's data is never replaced.
        for area in AREAS:
            path = home.path / f"{area}.json"
            if area != "meta" and not path.exists():
                atomic_write(path, dumps({}))
    # Shards an older shequ wrote get their columnar copies: under the lock, once the
    # migration above is committed.  Copies are not data, so nothing is logged.
    with home.transaction("init"):
        rebuilt = home.refresh_columns()
    if rebuilt and upgrade is not None:
        upgrade["columns"] = rebuilt
    return created, meta_doc
