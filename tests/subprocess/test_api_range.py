"""A plugin built for another plugin API is left out before it is imported, with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def make_dist(site: Path, name: str, api: str | None, source: str) -> None:
    info = site / f"shequ_{name}-2.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: shequ-{name}\nVersion: 2.0\n")
    declared = f"\n[shequ_api]\n{name} = {api}\n" if api is not None else ""
    (info / "entry_points.txt").write_text(f"[shequ]\n{name} = shequ_fake_{name}\n{declared}")
    (site / f"shequ_fake_{name}.py").write_text(source)


def shequ(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SHEQU_LOAD_PLUGINS"}
    env["PYTHONPATH"] = str(site)
    return subprocess.run([sys.executable, "-m", "shequ", *args], capture_output=True, text=True, env=env, timeout=60)


COMMAND = """
from shequ import hookimpl
@hookimpl
def shequ_register_commands(cli):
    @cli.command(name="{name}")
    def cmd():
        '''{name}'''
        print("{name} ran")
"""


def test_a_plugin_for_another_api_is_not_imported_and_says_why(tmp_path):
    site = tmp_path / "site"
    make_dist(site, "future", ">=2,<3", "raise RuntimeError('imported although built for API 2')\n")
    make_dist(site, "garbled", "soon", "raise RuntimeError('imported although its range is unreadable')\n")
    make_dist(site, "current", ">=1,<2", COMMAND.format(name="current"))
    make_dist(site, "legacy", None, COMMAND.format(name="legacy"))  # undeclared: taken as API 1
    done = shequ(site, "current")
    assert done.returncode == 0 and done.stdout == "current ran\n"
    assert "Traceback" not in done.stderr and "RuntimeError" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "future" in line]
    assert warnings == ["警告：插件 future 未加载：shequ-future 2.0 需要插件 API >=2,<3，本机 shequ 0.1.0 提供的是插件 API 1"
                        "（请换用支持插件 API 1 的 shequ-future，或换用相应版本的 shequ）"]
    assert shequ(site, "legacy").stdout == "legacy ran\n"
    rows = {r["name"]: r for r in json.loads(shequ(site, "plugins", "--json").stdout)}
    assert rows["future"]["loaded"] is False and rows["future"]["api"] == ">=2,<3"
    assert rows["future"]["errors"] == [warnings[0].partition("未加载：")[2]]
    assert rows["garbled"]["loaded"] is False and "版本范围无法识别：'soon'" in rows["garbled"]["errors"][0]
    assert rows["current"]["loaded"] and rows["current"]["api"] == ">=1,<2" and not rows["current"]["errors"]
    assert rows["legacy"]["loaded"] and rows["legacy"]["api"] is None
    table = shequ(site, "plugins").stdout
    assert "未声明（按 1）" in table and "未加载" in table
