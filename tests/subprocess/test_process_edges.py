"""What a real process does at its edges: stdout that cannot be written, Ctrl-C, a bad environment —
one Chinese line and the right exit status, never a traceback or click's English."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def shequ(*args: str, env: dict[str, str] | None = None, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    e = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    e.update({"SHEQU_LOAD_PLUGINS": "", "SHEQU_TODAY": "2025-12-31", **(env or {})})
    return subprocess.run([sys.executable, "-m", "shequ", *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          env=e, timeout=60)


@pytest.fixture
def behind(tmp_path):
    """A home whose duties are behind: ``duties status --strict`` exits 3."""
    home = str(tmp_path / "h")
    assert shequ("--home", home, "init").returncode == 0
    assert shequ("--home", home, "duties", "add", str(EXAMPLES / "duties.json")).returncode == 0
    assert shequ("--home", home, "duties", "status", "--strict").returncode == 3
    return home


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_an_answer_that_cannot_be_written_is_exit_1_not_3(behind):
    with open("/dev/full", "w") as full:
        done = shequ("--home", behind, "duties", "status", "--strict", stdout=full)
        assert done.returncode == 1, done.stderr
        assert done.stderr.splitlines()[-1] == "错误：无法写出结果（标准输出）：磁盘空间已满"
        for args in (("--version",), ("--help",), ("--home", behind, "people", "list", "--json")):
            done = shequ(*args, stdout=full)
            assert done.returncode == 1 and "Traceback" not in done.stderr, (args, done.stderr)
            assert done.stderr.splitlines()[-1].startswith("错误：") and "磁盘空间已满" in done.stderr


def test_a_closed_pipe_stays_quiet(behind):
    proc = subprocess.Popen([sys.executable, "-m", "shequ", "--home", behind, "duties", "list"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "SHEQU_LOAD_PLUGINS": ""})
    proc.stdout.close()  # type: ignore[union-attr]
    err = proc.stderr.read().decode()  # type: ignore[union-attr]
    proc.wait(timeout=60)
    assert "Traceback" not in err and "错误" not in err


def test_ctrl_c_is_one_chinese_line_and_exit_130(tmp_path):
    site = tmp_path / "site"
    info = site / "shequ_fake_sigint-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shequ-fake-sigint\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[shequ]\nsigint = shequ_fake_sigint\n")
    (site / "shequ_fake_sigint.py").write_text(textwrap.dedent("""
        import os, signal
        from shequ import hookimpl

        @hookimpl
        def shequ_register_commands(cli):
            @cli.command(name="wait")
            def wait():
                '''A long command the user stops with Ctrl-C.'''
                os.kill(os.getpid(), signal.SIGINT)
        """))
    done = shequ("wait", env={"PYTHONPATH": str(site), "SHEQU_LOAD_PLUGINS": "sigint"})
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip() == "错误：已中断（Ctrl-C）；未完成的修改没有写入"


@pytest.mark.parametrize("value", ["abc", "nan", "-5"])
def test_a_lock_timeout_that_is_not_seconds_is_a_usage_error(behind, value):
    done = shequ("--home", behind, "people", "list", env={"SHEQU_LOCK_TIMEOUT": value})
    assert done.returncode == 2
    assert done.stderr.strip() == f"错误：环境变量 SHEQU_LOCK_TIMEOUT 应为秒数（如 60；0 为不等待）：{value}"
