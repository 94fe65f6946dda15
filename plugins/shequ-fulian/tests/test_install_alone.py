"""The plugin installs next to the core alone (no other plugin) and works from a real process."""

from __future__ import annotations

from pathlib import Path

import pytest

from shequ.testing import install_alone


@pytest.mark.slow
def test_pip_install_core_and_fulian_only(tmp_path):
    run = install_alone(Path(__file__).resolve().parents[1], tmp_path, env={"SHEQU_TODAY": "2025-12-31"})
    plugins = run("plugins").stdout
    assert "fulian" in plugins and "dangjian" not in plugins and "pufa" not in plugins
    run("init", "--name", "测试社区")
    run("people", "add", "张秀英", "--gender", "女", "--birth", "1985-05-01", "--household", "H01")
    run("people", "add", "李红", "--gender", "女", "--birth", "1990-07-15", "--household", "H02")
    run("妇联", "checkup", "log", "张秀英", "--date", "2025-04-12")
    assert "未体检" in run("fulian", "checkup", "todo").stdout
    run("fulian", "refer", "add", "李红", "--reason", "两癌妇女", "--date", "2025-05-06")
    md = run("report", "annual", "--period", "2025", "-f", "md").stdout
    assert "两癌妇女1件" in md and "李红" not in md and "张秀英" not in md
    assert "《中华人民共和国妇女权益保障法》" in run("fulian", "laws").stdout
