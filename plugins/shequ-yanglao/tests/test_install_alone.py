"""The plugin installs next to the core alone (no other plugin) and works from a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shequ.testing import install_alone


@pytest.mark.slow
def test_pip_install_core_and_yanglao_only(tmp_path):
    run = install_alone(Path(__file__).resolve().parents[1], tmp_path, env={"SHEQU_TODAY": "2025-12-31"})
    plugins = run("plugins").stdout
    assert "yanglao" in plugins and "dangjian" not in plugins and "pufa" not in plugins
    run("init")
    run("people", "add", "老人甲", "--birth", "1935-10-01", "--household", "H1", "--relation", "户主", "--no-children-in-city")
    run("养老", "elder", "set", "老人甲", "--self-care", "不能自理", "--assist", "低保", "--since", "2025-01-01")
    rows = json.loads(run("yanglao", "tiers", "--reveal", "--json").stdout)
    assert rows[0]["person"] == "老人甲" and rows[0]["tier"] == "无偿"
    run("yanglao", "visit", "log", "老人甲", "--item", "助洁", "--provider-type", "志愿者", "--date", "2025-12-01")
    run("yanglao", "contact", "log", "老人甲", "--mode", "探视", "--date", "2025-12-01")
    assert json.loads(run("yanglao", "contact", "round", "--all", "--json").stdout)[0]["last"] == "2025-12-01"
    assert json.loads(run("yanglao", "zhongyang", "list", "--json").stdout)[0]["person"] == "老人甲"
    assert "居家养老服务" in run("report", "monthly", "--period", "2025-12", "-f", "md").stdout
