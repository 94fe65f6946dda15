"""Our entry-point scanner agrees with importlib.metadata (which it replaces for start-up speed)."""

from __future__ import annotations

import sys
from importlib.metadata import entry_points as std_entry_points

from shequ.plugin.entrypoints import _parse, entry_points


def test_matches_importlib_metadata_here():
    mine = sorted((e.name, e.value) for e in entry_points("shequ"))
    std = sorted((e.name, e.value) for e in std_entry_points(group="shequ"))
    assert mine == std and mine


def test_versions_and_dist_names():
    hello = next(e for e in entry_points("shequ") if e.name == "hello")
    assert hello.dist == "shequ-hello" and hello.version == "0.1.0"
    assert hello.load().__name__ == "shequ_hello"


def test_first_distribution_on_path_wins(tmp_path, monkeypatch):
    for base, value in ((tmp_path / "a", "first_mod"), (tmp_path / "b", "second_mod")):
        info = base / "dup_dist-1.0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: dup-dist\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[console_scripts]\nx = y\n\n[shequ]\ndup = {value}\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "a"), str(tmp_path / "b")])
    assert [(e.name, e.value, e.dist) for e in entry_points("shequ")] == [("dup", "first_mod", "dup-dist")]


def test_parse_sections():
    text = "[other]\na = b\n# comment\n[shequ]\n  pufa = shequ_pufa \nhello=shequ_hello:plugin\n"
    assert _parse(text, "shequ") == [("pufa", "shequ_pufa"), ("hello", "shequ_hello:plugin")]
