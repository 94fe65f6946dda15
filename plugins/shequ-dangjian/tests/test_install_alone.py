"""The plugin installs next to the core alone (no other plugin) and works from a real process."""

from __future__ import annotations

from pathlib import Path

import pytest

from shequ.testing import install_alone


@pytest.mark.slow
def test_pip_install_core_and_dangjian_only(tmp_path):
    run = install_alone(Path(__file__).resolve().parents[1], tmp_path, env={"SHEQU_TODAY": "2025-09-30"})
    plugins = run("plugins").stdout
    assert "dangjian" in plugins and "hello" not in plugins and "pufa" not in plugins
    run("init")
    run("people", "add", "老党员")
    run("党建", "member", "add", "老党员")
    run("dangjian", "meeting", "log", "--kind", "党课", "--date", "2025-09-10", "--attendee", "老党员")
    assert "党课" in run("duties", "status", "--period", "2025", "--domain", "党建").stdout
