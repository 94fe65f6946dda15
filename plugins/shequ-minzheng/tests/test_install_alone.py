"""The plugin installs next to the core alone (no other plugin) and works from a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shequ.testing import install_alone


@pytest.mark.slow
def test_pip_install_core_and_minzheng_only(tmp_path):
    run = install_alone(Path(__file__).resolve().parents[1], tmp_path, env={"SHEQU_TODAY": "2025-03-20"})
    plugins = run("plugins").stdout
    assert "minzheng" in plugins and "dangjian" not in plugins and "pufa" not in plugins
    run("init")
    run("people", "add", "孤儿甲", "--birth", "2014-06-01")
    run("people", "add", "低保甲", "--birth", "1960-06-01")
    run("ledger", "add", "--in", "--amount", "3000", "--account", "收入:上级拨款:孤儿生活费", "--fund", "孤儿生活费")
    run("民政", "orphan", "add", "孤儿甲", "--from", "2025-03")
    run("minzheng", "pay", "run", "--month", "2025-03", "--yes")
    assert "未重复记账" in run("minzheng", "pay", "run", "--month", "2025-03", "--yes").stderr
    rid = run("minzheng", "case", "add", "低保甲", "--program", "低保").stdout.strip()
    run("minzheng", "case", "advance", rid, "--to", "申报")
    run("minzheng", "case", "advance", rid, "--to", "发放", "--monthly", "600")
    report = run("report", "monthly", "--period", "2025-03", "-f", "md").stdout
    assert "孤儿1名" in report and "低保1户" in report and "孤儿甲" not in report and "低保甲" not in report
    assert json.loads(run("minzheng", "pay", "list", "--json").stdout)[0]["payee"] == "（已隐去）"
