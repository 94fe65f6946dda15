"""The plugin installs next to the core alone (no other plugin) and works from a real process."""

from __future__ import annotations

from pathlib import Path

import pytest

from shequ.testing import install_alone


@pytest.mark.slow
def test_pip_install_core_and_pufa_only(tmp_path):
    run = install_alone(Path(__file__).resolve().parents[1], tmp_path, env={"SHEQU_TODAY": "2025-09-30"})
    plugins = run("plugins").stdout
    assert "pufa" in plugins and "dangjian" not in plugins and "hello" not in plugins
    run("init")
    run("普法", "activity", "log", "宪法宣传", "--date", "2025-09-10", "--form", "讲座", "--on-theme")
    assert "《中华人民共和国药品管理法》" in run("pufa", "theme", "list").stdout
    assert "已开展" in run("pufa", "theme", "status", "--year", "2025").stdout
