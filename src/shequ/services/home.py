"""Creating a home, reading its change log, undoing transactions."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import DataError
from ..periods import parse_date
from ..storage import AREAS, Home, atomic_write, dumps, now_iso, revert, undo_target


def init_home(home: Home, *, name: str | None, level: str | None,
              upgrade: dict[str, Any] | None = None) -> tuple[bool, dict[str, Any]]:
    """Create the home (or bring it up to date); return (created?, meta).

    When an existing home is upgraded, *upgrade* (if given) receives ``from``, ``to``
    and ``backup`` (the folder under ``backups/`` holding the files as they were),
    and ``columns``, the number of columnar copies written for shards that lacked one.
    """
    from ..migrations import SCHEMA_VERSION, migrate_home

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


def _summary(entry: dict[str, Any]) -> str:
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


def log_rows(home: Home, *, since: str | None, limit: int, with_changes: bool, today: date) -> list[dict[str, Any]]:
    with home.read():
        entries = home.log_entries()
    if since:
        start = parse_date(since, today=today).isoformat()
        entries = [e for e in entries if e["time"][:10] >= start]
    entries = list(reversed(entries))
    if limit:
        entries = entries[:limit]
    rows = []
    for e in entries:
        row = {
            "tx": e["tx"],
            "time": e["time"],
            "user": e["user"],
            "action": e["action"],
            "summary": _summary(e),
            "undoes": e.get("undoes"),
            "count": len(e.get("changes", [])),
        }
        if with_changes:
            row["changes"] = e.get("changes", [])
        rows.append(row)
    return rows


def undo(home: Home) -> tuple[dict[str, Any], int]:
    """Revert the newest transaction not yet undone; the undo is itself logged."""
    with home.transaction("undo") as session:
        target = undo_target(home.log_entries())
        if target is None:
            raise DataError("没有可以撤销的修改")
        count = revert(session, target)
        session.log_extra["undoes"] = target["tx"]
        session.action = f"undo {target['action']}"
    return target, count
