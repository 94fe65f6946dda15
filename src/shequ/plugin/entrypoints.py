"""Finding ``shequ`` entry points without importing ``importlib.metadata``.

``importlib.metadata`` costs ~35 ms at start-up (it imports ``email``,
``zipfile``, ``csv`` …), half of the ``shequ --help`` budget.  All the
loader needs is the ``[shequ]`` section of each installed distribution's
``entry_points.txt``, so we read those files directly, in ``sys.path``
order, first distribution of a name wins — the same rules as
``importlib.metadata.distributions()``.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from typing import Any

_SECTION = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")


class EntryPoint:
    """One entry point; ``api`` is the same name's value in the *companion* group (the plugin API
    range of a ``shequ`` plugin, ``None`` when its distribution declares none)."""

    __slots__ = ("name", "value", "dist", "version", "api")

    def __init__(self, name: str, value: str, dist: str, version: str, api: str | None = None) -> None:
        self.name, self.value, self.dist, self.version, self.api = name, value, dist, version, api

    def __repr__(self) -> str:
        return f"EntryPoint({self.name!r}, {self.value!r}, dist={self.dist!r})"

    def load(self) -> Any:
        module, _, attr = self.value.partition(":")
        obj = importlib.import_module(module.strip())
        for part in filter(None, attr.strip().split(".")):
            obj = getattr(obj, part)
        return obj


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _parse(text: str, group: str) -> list[tuple[str, str]]:
    out, current = [], None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith(("#", ";")):
            continue
        m = _SECTION.match(line)
        if m:
            current = m["name"].strip()
            continue
        if current == group and "=" in line:
            name, _, value = line.partition("=")
            out.append((name.strip(), value.strip()))
    return out


def _metadata_name(info_dir: str, fallback: str) -> tuple[str, str]:
    """Name and version from METADATA (dir names are normalized and may lose dashes)."""
    name, version = fallback, ""
    for meta in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(info_dir, meta), encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("Name:"):
                        name = line[5:].strip()
                    elif line.startswith("Version:"):
                        version = line[8:].strip()
                    elif not line.strip():
                        break
            return name, version
        except OSError:
            continue
    return name, version


def entry_points(group: str, companion: str | None = None) -> list[EntryPoint]:
    """The entry points of *group*, each with its value in the *companion* group of the same
    distribution (same name) as ``api``."""
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for base in sys.path:
        try:
            entries = sorted(os.scandir(base or "."), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if not entry.name.endswith((".dist-info", ".egg-info")):
                continue
            stem = entry.name.rsplit(".", 1)[0]
            key = _normalize(stem.split("-", 1)[0])
            if key in seen:
                continue
            seen.add(key)
            try:
                with open(os.path.join(entry.path, "entry_points.txt"), encoding="utf-8") as fh:
                    text = fh.read()
            except OSError:
                continue
            pairs = _parse(text, group)
            if not pairs:
                continue
            dist, version = _metadata_name(entry.path, stem.split("-", 1)[0])
            extra = dict(_parse(text, companion)) if companion else {}
            found.extend(EntryPoint(n, v, dist, version, extra.get(n)) for n, v in pairs)
    return found
