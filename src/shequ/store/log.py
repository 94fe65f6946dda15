"""The change log (``changes.jsonl``): one line per committed transaction, with every changed
document's before and after; reading it, undoing from it.

An entry is appended after the transaction's commit point (the journal) and before its files
move into place; after a crash in between, recovery appends it only if it is not there yet.
Entries are written with sorted keys, so an entry's ``"tx"`` sits near the end of its line
(after ``changes``, however big): finding whether a transaction is logged reads only the tail
of the file, whatever the size of the last entry.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from shequ.errors import DataError
from shequ.store.files import FILE_MODE, json_default, write_all

if TYPE_CHECKING:  # pragma: no cover
    from shequ.store.home import Home
    from shequ.store.session import Session

LOG_FILE = "changes.jsonl"
#: The keys that sort after "tx" in an entry, and so may follow it on its line: a few hundred bytes.
_TAIL = 1 << 16


def append_log(path: Path, entry: dict[str, Any]) -> None:
    """Append *entry* as one line (after cutting a torn last line a crash may have left).

    If the append fails — a full disk, mid-line or at the fsync — the log is cut back to where it
    was, so that a failed append leaves no entry, torn or whole, and the ``OSError`` is raised.
    """
    import orjson

    _append(path, [orjson.dumps(entry, option=orjson.OPT_SORT_KEYS, default=json_default) + b"\n"])


def append_log_file(path: Path, line: Path) -> None:
    """Append the entry whose line is the file *line* (a big import's, made by
    :mod:`shequ.store.spill`), as :func:`append_log` does: all of it, or nothing."""
    with open(line, "rb") as src:
        _append(path, iter(lambda: src.read(1 << 20), b""))


def _append(path: Path, chunks: Iterable[bytes]) -> None:
    if path.exists():
        repair_tail(path)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    try:
        start = os.lseek(fd, 0, os.SEEK_END)
        try:
            for chunk in chunks:
                write_all(fd, chunk)
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, start)
            os.fsync(fd)
            raise
    finally:
        os.close(fd)


def logged(path: Path, tx: str) -> bool:
    """Is transaction *tx* the log's last complete entry?  (Recovery asks this: the entry of an
    interrupted commit is the last one appended, if it was appended at all.)"""
    repair_tail(path)
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            end = fh.tell()
            fh.seek(max(0, end - _TAIL))
            tail = fh.read()
    except FileNotFoundError:
        return False
    last = tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    return f'"tx":"{tx}"'.encode() in last


def repair_tail(path: Path) -> None:
    """Cut a half-written last line (a crash mid-append) so the log stays valid JSONL."""
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


def log_entries(path: Path) -> list[dict[str, Any]]:
    """Every change-log entry, oldest first."""
    import orjson

    try:
        raw = path.read_bytes()
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


def revert(session: "Session", entry: dict[str, Any]) -> int:
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


def undo(home: "Home") -> tuple[dict[str, Any], int]:
    """Revert the newest transaction not yet undone; the undo is itself logged."""
    with home.transaction("undo") as session:
        target = undo_target(home.log_entries())
        if target is None:
            raise DataError("没有可以撤销的修改")
        count = revert(session, target)
        session.log_extra["undoes"] = target["tx"]
        session.action = f"undo {target['action']}"
    return target, count


def summary(entry: dict[str, Any]) -> str:
    """One line for people: what a transaction did (新增 3，修改 1 …)."""
    changes = entry.get("changes", [])
    if entry.get("undoes"):
        return f"撤销事务 {entry['undoes']}（{len(changes)} 处）"
    if entry.get("reveal"):
        return f"查看明文：{entry['reveal']}"
    counts = {"新增": 0, "修改": 0, "删除": 0}
    for c in changes:
        if c["table"].startswith("_"):
            continue
        if c["before"] is None:
            counts["新增"] += 1
        elif c["after"] is None:
            counts["删除"] += 1
        else:
            counts["修改"] += 1
    parts = [f"{k} {v}" for k, v in counts.items() if v]
    return "，".join(parts) or f"{len(changes)} 处"


def tail_entries(path: Path, *, limit: int = 0, since: str | None = None) -> list[dict[str, Any]]:
    """The newest entries, newest first: at most *limit* (0: all), none older than the day *since*.

    Reads the file backwards a block at a time and stops as soon as it has enough, so
    ``shequ log --limit 5`` on years of history reads a few kilobytes, not the whole log.
    """
    import orjson

    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        return []
    out: list[dict[str, Any]] = []
    with fh:
        pos = fh.seek(0, os.SEEK_END)
        rest = b""
        block = 1 << 16
        while pos > 0:
            step = min(block, pos)
            pos -= step
            fh.seek(pos)
            chunk = fh.read(step) + rest
            lines = chunk.split(b"\n")
            rest = lines.pop(0) if pos > 0 else b""  # may be the end of a line that starts earlier
            for line in reversed(lines):
                if not line.strip():
                    continue
                try:
                    entry = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue  # a torn tail is repaired by the next write
                if since and entry.get("time", "")[:10] < since:
                    return out
                out.append(entry)
                if limit and len(out) >= limit:
                    return out
            block = min(block * 2, 1 << 22)
    return out


def log_rows(home: "Home", *, since: str | None, limit: int, with_changes: bool, today: date) -> list[dict[str, Any]]:
    """The log for ``shequ log``: newest first, from *since*, at most *limit* entries (in clear:
    the command masks them)."""
    from shequ.periods import parse_date

    start = parse_date(since, today=today).isoformat() if since else None
    with home.read():
        entries = tail_entries(home.log_path, limit=limit, since=start)
    rows = []
    for e in entries:
        row = {
            "tx": e["tx"],
            "time": e["time"],
            "user": e["user"],
            "action": e["action"],
            "summary": summary(e),
            "undoes": e.get("undoes"),
            "count": len(e.get("changes", [])),
        }
        if with_changes:
            row["changes"] = e.get("changes", [])
        rows.append(row)
    return rows
