"""Erasing a document for good: 个人信息保护法's deletion duty reaches the change log and the backups.

A purge runs in two steps, each safe on its own:

1. a transaction deletes the document; its log entry records the deletion with the document
   replaced by :data:`PURGED` (the purge is logged, the data is not) and cannot be undone;
2. under the exclusive lock, every earlier change of that document in ``changes.jsonl`` and in
   each ``backups/`` folder (log and data files) has its contents replaced by :data:`PURGED`,
   and the words given (the name, the 身份证号) are cut from the actions' text.  Each file is
   rewritten atomically.

A crash between the two leaves a log that still matches the data (the history is merely not
scrubbed yet); running the purge again finishes it.  Replaying the scrubbed log still gives
the data: the document's stubs come and go, and the purge removes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shequ.store.files import atomic_write, dumps, loads

PURGED: dict[str, Any] = {"purged": True}
CUT = "（已清除）"


def scrub_entry(entry: dict[str, Any], key: tuple[str, str, str], words: tuple[str, ...]) -> bool:
    """Scrub *entry* in place if it changed document *key*: that document's contents, and the
    *words* in its action (``people edit 张三``).  Returns whether anything changed."""
    mine = [c for c in entry.get("changes", []) if (c.get("area"), c.get("table"), c.get("id")) == key]
    if not mine:
        return False
    touched = False
    for c in mine:
        for side in ("before", "after"):
            if c.get(side) not in (None, PURGED):
                c[side] = dict(PURGED)
                touched = True
    action = entry.get("action", "")
    for word in words:
        if word and word in action:
            action = action.replace(word, CUT)
    if action != entry.get("action", ""):
        entry["action"] = action
        touched = True
    return touched


def scrub_log(path: Path, key: tuple[str, str, str], words: tuple[str, ...]) -> int:
    """Rewrite the change log at *path* without document *key*'s contents; return the entries scrubbed."""
    import orjson

    from shequ.store.files import json_default

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return 0
    needles = [key[2].encode(), *(w.encode() for w in words if w)]
    lines, count = [], 0
    for line in raw.splitlines(keepends=True):
        if any(n in line for n in needles):  # cheap test first: most entries are about others
            try:
                entry = orjson.loads(line)
            except orjson.JSONDecodeError:
                lines.append(line)
                continue
            if scrub_entry(entry, key, words):
                line = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS, default=json_default) + b"\n"
                count += 1
        lines.append(line)
    if count:
        atomic_write(path, b"".join(lines))
    return count


def scrub_files(folder: Path, key: tuple[str, str, str]) -> int:
    """Remove document *key* from the data files of a backup *folder*; return the files rewritten."""
    area, table, doc_id = key
    count = 0
    candidates = [folder / f"{area}.json", *sorted((folder / area).glob("*.json"))]
    for path in candidates:
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if f'"{doc_id}"'.encode() not in raw:
            continue
        data = loads(raw, str(path))
        docs = data.get(table) if isinstance(data, dict) else None
        if isinstance(docs, dict) and doc_id in docs:
            del docs[doc_id]
            atomic_write(path, dumps(data))
            cols = path.with_suffix(".cols")
            cols.unlink(missing_ok=True)  # a backup's columnar copy is rebuilt if it is ever restored
            count += 1
    return count


def purge_history(home: Any, key: tuple[str, str, str], words: tuple[str, ...]) -> dict[str, int]:
    """Step 2 of a purge (see the module's docstring), under the home's exclusive lock."""
    done = {"log": 0, "backups": 0}
    with home.exclusive():
        done["log"] = scrub_log(home.log_path, key, words)
        backups = home.path / "backups"
        if backups.is_dir():
            for folder in sorted(p for p in backups.iterdir() if p.is_dir()):
                n = scrub_files(folder, key) + scrub_log(folder / "changes.jsonl", key, words)
                done["backups"] += bool(n)
    return done
