"""``make demo`` ends with the 街道 roll-up (examples/rollup-demo.sh): three communities' March
bundles, who has handed in, and the 街道 月报 — run here as the demo runs it, on the demo home."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from shequ.testing import demo_home

pytestmark = pytest.mark.slow
SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "rollup-demo.sh"


def test_the_demo_collects_three_bundles_and_prints_the_street_report(tmp_path):
    home = demo_home(tmp_path / "home")
    env = dict(os.environ, SHEQU_HOME=str(home), SHEQU_TODAY="2025-12-31", SHEQU_USER="演示",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["bash", str(SCRIPT)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    out = tmp_path / "demo-out"
    assert sorted(p.name for p in (out / "报送").iterdir()) == [
        "光明村-2025-03.bundle.json", "和平社区-2025-03.bundle.json", "幸福社区-2025-03.bundle.json"]
    assert "# 城南街道2025年3月月报（3个单位汇总）" in done.stdout
    assert "| 项目 | 幸福社区 | 和平社区 | 光明村 | 合计 |" in done.stdout
    assert "未报送 1 个：新华村" in done.stderr and "退出码 3" in done.stdout
    with zipfile.ZipFile(out / "街道月报-2025-03.docx") as z:
        assert any(n.startswith("word/media/") for n in z.namelist())  # the charts
    assert "<svg" in (out / "街道月报-2025-03.html").read_text("utf-8")
    for path in (out / "报送").iterdir():  # the demo home's residents stay at home
        text = path.read_text("utf-8")
        assert not any(x in text for x in ("张建国", "李梅", "王秀英", "赵小军", "孙志强", "13812345678"))
