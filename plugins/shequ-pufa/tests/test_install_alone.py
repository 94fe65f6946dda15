"""The plugin installs next to the core alone (no other plugin) and works from a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_pip_install_core_and_pufa_only(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    done = subprocess.run([*pip, str(ROOT), str(ROOT / "plugins" / "shequ-pufa")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SHEQU_LOAD_PLUGINS")}
    env.update(SHEQU_HOME=str(tmp_path / "home"), SHEQU_TODAY="2025-09-30")
    shequ = str(venv / "bin" / "shequ")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        r = subprocess.run([shequ, *args], capture_output=True, text=True, env=env, timeout=120)
        assert r.returncode == 0, (args, r.stderr)
        return r

    plugins = run("plugins").stdout
    assert "pufa" in plugins and "dangjian" not in plugins and "hello" not in plugins
    run("init")
    run("普法", "activity", "log", "宪法宣传", "--date", "2025-09-10", "--form", "讲座", "--on-theme")
    assert "《中华人民共和国药品管理法》" in run("pufa", "theme", "list").stdout
    assert "已开展" in run("pufa", "theme", "status", "--year", "2025").stdout
