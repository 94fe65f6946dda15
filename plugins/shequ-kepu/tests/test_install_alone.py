"""The plugin installs next to the core alone (no other plugin) and works from a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shequ.testing import install_alone


@pytest.mark.slow
def test_pip_install_core_and_kepu_only(tmp_path):
    sheet = tmp_path / "签到表-0612.jpg"
    sheet.write_bytes(b"scan")
    run = install_alone(Path(__file__).resolve().parents[1], tmp_path, env={"SHEQU_TODAY": "2025-07-02"})
    plugins = run("plugins").stdout
    assert "kepu" in plugins and "pufa" not in plugins and "dangjian" not in plugins and "hello" not in plugins
    run("init")
    eid = run("科普", "activity", "log", "科普讲座：夏季食品安全", "--date", "2025-06-12", "--form", "科普培训",
              "--count", "42", "--signin", str(sheet)).stdout.strip()
    assert eid == "1"
    run("kepu", "summary", "write", "2025-06", "--generate")
    june = {m["month"]: m for m in json.loads(run("kepu", "months", "--json").stdout)}["2025-06"]
    assert june["complete"]
    assert "科普工作" in run("report", "monthly", "--period", "2025-06", "-f", "md").stdout
