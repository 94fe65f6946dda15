"""The store: a community's data home as JSON files, behind a small session interface.

- :class:`Home` — the folder: ``read()`` gives a read :class:`Session` under a shared lock,
  ``transaction(action)`` a write one under the exclusive lock, committed atomically (all
  files, one change-log entry) or not at all; recovery after a crash; ``log_entries()``.
- :class:`Session` — ``get``/``view``/``table_view``/``columns`` to read, ``put``/``delete``/
  ``next_id`` to write, ``memo`` for per-session caches.  See :mod:`shequ.store.session`.
- :func:`init_home`, :func:`undo`, :func:`log_rows` — the housekeeping commands' logic.

The layout and the invariants (atomic multi-area commits, one log entry per transaction,
read-your-writes, deterministic bytes, owner-only files, ids never reused, migrations) are
written down in ``docs/decisions/0001-store.md``.
"""

from __future__ import annotations

from shequ.store.files import atomic_write, dumps, json_default, loads, now_iso, os_reason, write_temp
from shequ.store.home import JOURNAL, Home, default_home, init_home, operator, resolve_home
from shequ.store.log import log_rows, revert, undo, undo_target
from shequ.store.session import Session
from shequ.store.shards import AREAS, Change

__all__ = [
    "AREAS", "JOURNAL", "Change", "Home", "Session", "atomic_write", "default_home", "dumps", "init_home",
    "json_default", "loads", "log_rows", "now_iso", "operator", "os_reason", "resolve_home", "revert", "undo",
    "undo_target", "write_temp",
]
