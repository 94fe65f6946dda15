"""The plugin installs next to the core alone (no other plugin) and works from a real process;
the sample year (examples/huanbao/load.sh) loads and its March 月报 shows the 9幢 gap."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from shequ.testing import check_category_members, install_alone

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_pip_install_core_and_huanbao_only(tmp_path):
    run = install_alone(Path(__file__).resolve().parents[1], tmp_path, env={"SHEQU_TODAY": "2025-03-31"})
    plugins = run("plugins").stdout
    assert "huanbao" in plugins and "dangjian" not in plugins and "pufa" not in plugins
    run("init")
    run("people", "add", "张明", "--address", "幸福小区/1幢/1单元/101", "--household", "H0001")
    run("环保", "building", "sync")
    run("环保", "cleaning", "log", "--all", "--date", "2025-03-30")
    run("环保", "energy", "record", "--month", "2025-03", "--kwh", "950")
    assert "幸福小区/1幢" in run("huanbao", "cleaning", "coverage", "--period", "2025-03").stdout
    assert "环保工作" in run("report", "monthly", "--period", "2025-03", "-f", "md").stdout


@pytest.mark.slow
def test_sample_year_loads_and_shows_its_gap(tmp_path):
    import shequ_huanbao
    from shequ.testing import runner

    home = tmp_path / "demo"
    env = {**os.environ, "SHEQU_HOME": str(home), "SHEQU_TODAY": "2025-12-31", "SHEQU_LOAD_PLUGINS": "huanbao",
           "PATH": f"{Path(os.sys.executable).parent}:{os.environ.get('PATH', '')}"}
    for cmd in (["shequ", "init", "--name", "幸福社区"], ["shequ", "people", "import", str(ROOT / "examples/roster.csv")],
                ["bash", str(ROOT / "examples/huanbao/load.sh")]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    run = runner(home, shequ_huanbao, today="2025-12-31")
    report = json.loads(run("report", "monthly", "--period", "2025-03", "-f", "json").stdout)
    sec = next(s for s in report["sections"] if s["title"] == "环保工作")
    assert sec["figures"]["cleaning_short"] == ["幸福小区/9幢"]
    assert any("幸福小区/9幢漏扫7天" in p for p in sec["paragraphs"])
    assert sec["figures"]["project_rates"] == {"工字街道绿化带补植": "50.0"}
    criticised = (ROOT / "examples/huanbao/criticised.txt").read_text("utf-8").strip()
    for fmt in ("md", "json", "html"):
        assert criticised not in run("report", "annual", "--period", "2025", "-f", fmt).stdout
    annual = next(s for s in json.loads(run("report", "annual", "--period", "2025", "-f", "json").stdout)["sections"]
                  if s["title"] == "环保工作")
    assert any("用电最高为8月" in p for p in annual["paragraphs"])
    from datetime import date

    assert check_category_members(home, run.pm, date(2025, 12, 31)) == []
    assert len(json.loads(run("people", "list", "--category", "护绿队员", "--json").stdout)) == 8
