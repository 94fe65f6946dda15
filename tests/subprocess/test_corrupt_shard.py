"""A damaged residents' shard, in real processes with every installed plugin (hardening #15, item 4).

With a truncated shard, ``report monthly -q -o 月报.docx`` wrote a 月报 missing 6 of its 8 sections
(the rest renumbered) and exited 0: the README's cron recipe would have sent it.  Every read
command must instead say, in one Chinese line, which file is damaged, exit 1, and write no report.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHARD = "people/people.000.json"


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 residents (examples/roster.csv) and the sample year's events and duties."""
    from shequ.cli import build_cli
    from shequ.plugin.manager import get_plugin_manager

    home = tmp_path_factory.mktemp("corrupt") / "home"
    cli = build_cli(get_plugin_manager())
    env = {"SHEQU_TODAY": "2025-12-31", "SHEQU_USER": "测试员"}
    for args in (["init", "--name", "幸福社区"], ["people", "import", str(EXAMPLES / "roster.csv")],
                 ["calendar", "import", str(EXAMPLES / "events-2025.csv")],
                 ["duties", "add", str(EXAMPLES / "duties.json"), "--skip-existing"]):
        result = CliRunner(env=env).invoke(cli, ["--home", str(home), *args])
        assert result.exit_code == 0, result.output
    assert (home / SHARD).stat().st_size > 50_000  # a real shard: hundreds of residents
    return home


def shequ(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SHEQU_HOME=str(home), SHEQU_TODAY="2025-12-31")
    env.pop("SHEQU_LOAD_PLUGINS", None)  # every installed plugin, as in the audit
    return subprocess.run([sys.executable, "-m", "shequ", *args], capture_output=True, text=True, env=env, timeout=120)


def damage(raw: bytes, how: str) -> bytes:
    if how == "truncated":
        return raw[: len(raw) // 2]
    if how == "empty":
        return b""
    if how == "not-an-object":
        return b"[1, 2, 3]\n"
    if how == "bad-id":
        return raw.replace(b'"1": {', b'"1x": {', 1)  # a hand edit: ids in a shard are numbers
    return raw.replace(b'"1": {', b'"1": 5, "2000000": {', 1)  # a resident's document is a number


@pytest.mark.parametrize("how", ["truncated", "empty", "not-an-object", "document-not-an-object", "bad-id"])
def test_read_commands_on_a_damaged_shard_name_the_file_and_exit_1(sample_home, tmp_path, how):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    (home / SHARD).write_bytes(damage((home / SHARD).read_bytes(), how))
    report = tmp_path / "月报.docx"
    for args in (["people", "list"], ["report", "monthly", "-q", "-o", str(report)], ["duties", "status"]):
        r = shequ(home, *args)
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 1, (args, r.returncode, r.stderr)
        assert len(lines) == 1 and lines[0].startswith("错误：") and SHARD in lines[0], (args, r.stderr)
        assert "Traceback" not in r.stderr
    assert "月报未生成" in shequ(home, "report", "monthly", "-f", "md").stderr
    assert not report.exists()  # no 月报 with sections missing
