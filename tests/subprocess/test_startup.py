"""``shequ --help`` must stay cheap: only click and pluggy, never the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

from shequ.testing import HEAVY_MODULES

pytestmark = pytest.mark.slow


def imported_by(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "shequ", *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    mods = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            mods.add(name.split(".")[0])
    return mods


@pytest.mark.parametrize("args", [("--help",), ("record", "--help"), ("hello", "--help"), ("plugins", "--help")])
def test_help_imports_nothing_heavy(args):
    mods = imported_by(*args)
    assert "click" in mods and "pluggy" in mods  # the parse really happened
    heavy = mods & set(HEAVY_MODULES)
    assert not heavy, f"shequ {' '.join(args)} 导入了 {sorted(heavy)}"


def test_help_leaves_out_what_only_some_commands_need():
    """Each costs 1–2 ms of the 80 ms ``--help`` budget (DESIGN §6): decimal (党费 and money),
    getpass (the change log's operator), pathlib with urllib and ipaddress (the store)."""
    later = {"decimal", "getpass", "termios", "pathlib", "urllib", "ipaddress"}
    assert not imported_by("--help") & later, sorted(imported_by("--help") & later)


def test_people_list_and_show_never_import_pypinyin(tmp_path):
    import os

    env = dict(os.environ, SHEQU_HOME=str(tmp_path / "h"))
    run = lambda *a: subprocess.run([sys.executable, "-X", "importtime", "-m", "shequ", *a], env=env,
                                    capture_output=True, text=True, timeout=60)
    assert run("init").returncode == 0
    added = run("people", "add", "曾国藩", "--id-card", "11010519491231002X")
    assert added.returncode == 0 and "shequ.people._pinyin_table" in added.stderr  # writes compute pinyin
    for args in (("people", "list", "--search", "zeng"), ("people", "show", "1"), ("people", "categories")):
        done = run(*args)
        assert done.returncode == 0, done.stderr[-500:]
        assert "| pypinyin" not in done.stderr and "shequ.people.pinyin" not in done.stderr
        if args[1] != "categories":
            assert "曾国藩" in done.stdout


def _modules(*args: str, env: dict | None = None) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "shequ", *args], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_charts_and_the_rollup_load_only_when_used(tmp_path):
    """The 街道 roll-up and the charts cost nothing until a bundle is made or a chart is drawn."""
    import os

    env = dict(os.environ, SHEQU_HOME=str(tmp_path / "h"), SHEQU_TODAY="2025-03-31")
    late = lambda mods: sorted(m for m in mods if m.startswith("shequ.charts")
                               or (m.startswith("shequ.rollup.") and m != "shequ.rollup.plugin"))
    for args in (("--help",), ("bundle", "--help"), ("rollup", "--help")):
        assert late(_modules(*args, env=env)) == [], args
    assert subprocess.run([sys.executable, "-m", "shequ", "init"], env=env, capture_output=True).returncode == 0
    assert subprocess.run([sys.executable, "-m", "shequ", "calendar", "add", "讲座", "--date", "2025-03-08", "--done"],
                          env=env, capture_output=True).returncode == 0
    assert late(_modules("report", "monthly", "--period", "2025-03", "-f", "md", env=env)) == []
    drawn = _modules("report", "monthly", "--period", "2025-03", "-f", "html", env=env)
    assert "shequ.charts.svg" in drawn and not {m for m in drawn if m.startswith("shequ.rollup.")} - {"shequ.rollup.plugin"}
