"""Completion as bash asks for it (``_SHEQU_COMPLETE=bash_complete`` with ``COMP_WORDS`` and
``COMP_CWORD``): values and aliases are offered, a missing or broken home prints no traceback and is
left as it was, and a Tab imports nothing heavy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shequ.testing import HEAVY_MODULES

pytestmark = pytest.mark.slow


def tab(line: str, home: Path, *, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    """Press Tab at the end of *line* (a trailing space: completing a new, empty word)."""
    words = line.split(" ")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHEQU_")}
    env.update(SHEQU_HOME=str(home), SHEQU_LOAD_PLUGINS="", _SHEQU_COMPLETE="bash_complete",
               COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run([sys.executable, *flags, "-m", "shequ"], env=env, capture_output=True, text=True, timeout=60)


def offered(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if line]


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    env = dict(os.environ, SHEQU_HOME=str(path), SHEQU_LOAD_PLUGINS="")
    for args in (["init", "--name", "补全"], ["people", "add", "曾国藩"], ["people", "add", "曾国荃"]):
        subprocess.run([sys.executable, "-m", "shequ", *args], env=env, check=True, capture_output=True)
    return path


def test_bash_completion_offers_aliases_and_values(home):
    assert offered(tab("shequ 日", home)) == ["日历"]
    assert "高龄" in offered(tab("shequ people list -c ", home))
    assert offered(tab("shequ people show zgf", home)) == ["曾国藩"]
    assert offered(tab("shequ 人员 show 曾国", home)) == ["曾国藩", "曾国荃"]
    assert "taizhang.half" in offered(tab("shequ checklist start ", home))
    assert "支出:活动" in offered(tab("shequ ledger add --account ", home))


def test_a_missing_or_broken_home_completes_quietly(home, tmp_path):
    missing = tmp_path / "nowhere"
    assert offered(tab("shequ people show ", missing)) == []
    assert offered(tab("shequ checklist start taizhang.h", missing)) == ["taizhang.half"]
    assert not missing.exists()
    for path in home.rglob("*.json"):
        path.write_text("{broken", encoding="utf-8")
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    for line in ("shequ people show z", "shequ ledger add --account ", "shequ checklist start ", "shequ 日"):
        done = tab(line, home)
        assert done.returncode == 0 and done.stderr == "" and "Traceback" not in done.stdout, (line, done.stderr)
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("line,reads_home", [("shequ 日", False), ("shequ people list -c ", False),
                                             ("shequ people show zgf", True), ("shequ ledger add --account ", True)])
def test_a_tab_imports_nothing_heavy(home, line, reads_home):
    done = tab(line, home, importtime=True)
    assert offered(done)  # something was completed: the values were really looked up
    mods = {row.rsplit("|", 1)[1].strip().split(".")[0] for row in done.stderr.splitlines()
            if row.startswith("import time:") and "|" in row}
    allowed = {"orjson"} if reads_home else set()  # the store's JSON parser, to read the home
    assert not mods & set(HEAVY_MODULES) - allowed, sorted(mods & set(HEAVY_MODULES))
