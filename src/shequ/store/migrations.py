"""Schema versions of a home and the steps between them.

Modelled on llm's ``migrations.py``: an ordered list of functions, each
bringing the home from version ``n - 1`` to ``n``.  ``meta.json`` records the
version; a home written by a newer shequ is refused (``storage``).  Before
migrating, the home's files are copied to ``backups/`` so a bad step can be
undone by hand.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from shequ.store.home import Home
    from shequ.store.session import Session

Migration = Callable[["Session"], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register the next migration; its position is its target version."""
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(session: "Session") -> None:
    """Version 1: the meta document exists with name and level."""
    meta = session.data("meta").setdefault("meta", {}).setdefault("1", {})
    meta.setdefault("name", "")
    meta.setdefault("level", "社区")


@migration
def m002_shards(session: "Session") -> None:
    """Version 2: big tables live in shard files (``people/people.000.json`` …).

    The data is unchanged; reading every area marks it for a whole rewrite,
    which splits it into the new layout.  The version bump keeps an older
    shequ, which would see only the head files, from reading the home.
    """
    from shequ.store.shards import AREAS

    for area in AREAS:
        session.data(area)


SCHEMA_VERSION = len(MIGRATIONS)


def backup(home: "Home", label: str) -> str:
    """Copy the home's data files to ``backups/<time>-<label>/``; return the folder name.

    The copies hold the whole register: ``backups/`` and each backup folder are 0700, every
    copy 0600 from its first byte, whatever the umask (an older shequ left them 0755/0644).
    """
    from shequ.store.files import DIR_MODE

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = home.path / "backups"
    folder.mkdir(mode=DIR_MODE, exist_ok=True)
    os.chmod(folder, DIR_MODE)
    target = folder / f"{stamp}-{label}"
    target.mkdir(mode=DIR_MODE)
    _copy_tree(home.path, target, top=True)
    return target.name


def _copy_tree(src: "Path", dst: "Path", *, top: bool = False) -> None:
    """The data files (``.json``/``.jsonl`` at the top, everything in the areas' folders),
    never the lock or temp files (dot files) nor ``backups/`` itself."""
    from shequ.store.files import DIR_MODE, copy_private

    for p in sorted(src.iterdir()):
        if p.name.startswith(".") or p.is_symlink():
            continue
        if p.is_file() and (not top or p.suffix in (".json", ".jsonl")):
            copy_private(p, dst / p.name)
        elif p.is_dir() and not (top and p.name == "backups"):
            (dst / p.name).mkdir(mode=DIR_MODE)
            _copy_tree(p, dst / p.name)


def migrate_home(home: "Home", session: "Session", from_version: int) -> str | None:
    """Run the missing migrations inside *session* (committed with the command).

    Returns the backup folder's name (``None`` for a fresh home, which has nothing to keep).
    """
    saved = None
    if (home.path / "meta.json").exists():  # an existing home, not a fresh init
        saved = backup(home, f"v{from_version}")
    for version in range(from_version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version - 1](session)
    meta = session.data("meta").setdefault("meta", {}).setdefault("1", {})
    meta["schema_version"] = SCHEMA_VERSION
    return saved
