"""README's "A five-minute tour" runs as written, on any date, from the repository root.

The bash block is taken from README.md and run line by line in a temporary working copy that
holds ``examples/``, with a temporary ``~``: ``\\`` continuations are joined, ``export`` lines set
the environment, ``source .venv/bin/activate`` becomes the venv's ``bin`` on ``PATH``.  Each
command must succeed (exit 3 only where it says ``--strict`` and its comment says ``exit 3``),
never print a traceback, and every file it names that was not there before must exist after it
(the files the tour writes; a file the tour reads but does not exist fails its command).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FILE_SUFFIXES = {".csv", ".json", ".yaml", ".yml", ".jpg", ".png", ".txt", ".sh", ".xlsx", ".docx", ".ics",
                 ".html", ".md", ".pdf"}


def tour_lines(readme: str) -> list[str]:
    """The commands of the tour's bash block, continuations joined, comment-only lines dropped."""
    section = readme.split("## A five-minute tour", 1)[1]
    block = section.split("```bash\n", 1)[1].split("\n```", 1)[0]
    lines, current = [], ""
    for line in block.splitlines():
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        if current.strip() and not current.lstrip().startswith("#"):
            lines.append(current.strip())
        current = ""
    assert not current, "the block ends in a continuation"
    return lines


def expected_code(line: str) -> int:
    return 3 if "--strict" in line and re.search(r"#.*\bexit 3\b", line) else 0


def named_files(line: str, cwd: Path) -> list[Path]:
    """Paths a command names (words ending in a file extension), ``{period}`` filled in."""
    words = shlex.split(line, comments=True)
    period = next((words[i + 1] for i, w in enumerate(words[:-1]) if w in ("--period", "-p")), None)
    out = []
    for word in words:
        if Path(word).suffix.lower() in FILE_SUFFIXES and "=" not in word:
            if period:
                word = word.replace("{period}", period)
            out.append(cwd / word)
    return out


def test_readme_tour_lines_are_parsed():
    lines = tour_lines((ROOT / "README.md").read_text(encoding="utf-8"))
    assert lines[0] == "source .venv/bin/activate"
    assert any("--evidence examples/evidence/签到表.jpg" in line for line in lines)  # continuation joined
    exports = [line for line in lines if line.startswith("export ")]
    first_command = next(i for i, line in enumerate(lines) if line.startswith("shequ "))
    # "today" is pinned before anything runs: no command's output depends on the real date.
    assert any(shlex.split(line, comments=True)[1].startswith("SHEQU_TODAY=") for line in exports)
    assert all(lines.index(line) < first_command for line in exports)
    assert expected_code("shequ ledger check --strict   # exit 3: …") == 3
    assert expected_code("shequ ledger check --strict") == 0
    assert named_files("shequ report monthly --period 2025-03 -o 月报-{period}.docx", Path("/x")) == [Path("/x/月报-2025-03.docx")]


@pytest.mark.skipif(importlib.util.find_spec("shequ_hello") is None or not (BIN / "shequ").exists(),
                    reason="the tour needs `make install` (the core and every plugin in the venv)")
def test_readme_tour_runs_as_written(tmp_path):
    lines = tour_lines((ROOT / "README.md").read_text(encoding="utf-8"))
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "examples", work / "examples",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build", ".pytest_cache"))
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHEQU_")}
    env.update(HOME=str(home), SHEQU_USER="导览", LC_ALL="C.UTF-8", LANG="C.UTF-8")
    written: list[Path] = []
    for line in lines:
        if line == "source .venv/bin/activate":
            env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
            continue
        words = shlex.split(line, comments=True)
        if words[0] == "export":
            for assignment in words[1:]:
                name, _, value = assignment.partition("=")
                env[name] = str(home) + value[1:] if value.startswith("~") else value
            continue
        files = named_files(line, work)
        before = {f for f in files if f.exists()}
        run = subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True, timeout=300)
        said = run.stdout + run.stderr
        assert run.returncode == expected_code(line), f"{line}\nexit {run.returncode}\n{run.stderr[-2000:]}"
        assert "Traceback" not in said, f"{line}\n{said[-3000:]}"
        for f in files:
            if f not in before:
                assert f.is_file(), f"{line}: names {f.relative_to(work)}, which is not there afterwards"
                written.append(f)
    assert (home / "幸福社区").is_dir()  # `~` was the temporary home
    assert len(written) >= 5, written
