"""``shequ --help`` must stay cheap: only click and pluggy, never the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

from shequ.testing import HEAVY_MODULES

pytestmark = pytest.mark.slow


def imported_by(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "shequ", *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    mods = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            mods.add(name.split(".")[0])
    return mods


@pytest.mark.parametrize("args", [("--help",), ("record", "--help"), ("hello", "--help"), ("plugins", "--help")])
def test_help_imports_nothing_heavy(args):
    mods = imported_by(*args)
    assert "click" in mods and "pluggy" in mods  # the parse really happened
    heavy = mods & set(HEAVY_MODULES)
    assert not heavy, f"shequ {' '.join(args)} 导入了 {sorted(heavy)}"
