"""The plugin installs next to the core alone (no other plugin) and works from a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shequ.testing import install_alone


@pytest.mark.slow
def test_pip_install_core_and_guangongwei_only(tmp_path):
    run = install_alone(Path(__file__).resolve().parents[1], tmp_path, env={"SHEQU_TODAY": "2025-08-31"})
    plugins = run("plugins").stdout
    assert "guangongwei" in plugins and "dangjian" not in plugins and "pufa" not in plugins
    run("init", "--name", "幸福社区")
    run("people", "add", "童小童", "--birth", "2015-05-01")
    run("关工委", "unit", "add", "幸福社区")
    run("关工委", "station", "add", "幸福社区辅导中心站", "--level", "中心站", "--unit", "幸福社区", "--since", "2020-01-01")
    run("关工委", "training", "log", "暑期班", "--audience", "青少年", "--term", "暑期", "--station", "幸福社区辅导中心站",
        "--date", "2025-08-05", "--plan", "--participant", "童小童")
    run("关工委", "review", "log", "幸福社区辅导中心站", "--kind", "点评", "--date", "2025-08-26")
    month = json.loads(run("关工委", "calendar", "--json").stdout)
    assert month["label"] == "八月份" and month["rows"][0]["status"] == "done" and month["review"]["missing"] == []
    report = run("report", "monthly", "--period", "2025-08", "-f", "md").stdout
    assert "本月工作安排（篇5 L116）：八月份,正常开展辅导站办班培训" in report and "童小童" not in report
