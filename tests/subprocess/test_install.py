"""Installing shequ the way an office does: the core's wheel into a fresh environment, plugins with
`shequ install --from WHEELHOUSE` and no network, a plugin for another API refused, an older core
upgraded with its data kept."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from shequ.testing import build_wheels, dependency_wheelhouse

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def offline_env(home: Path) -> dict[str, str]:
    """No package index can be reached and no machine-wide pip setting applies: only --find-links."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "SHEQU_"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL="http://127.0.0.1:9/simple", PIP_RETRIES="0",
               PIP_TIMEOUT="2", https_proxy="http://127.0.0.1:9", http_proxy="http://127.0.0.1:9",
               SHEQU_HOME=str(home), SHEQU_TODAY="2025-09-30")
    return env


def wheelhouse(tmp_path: Path, *sources: Path) -> Path:
    """The dependencies' wheels (built once per machine) plus the wheels of *sources*, in one folder."""
    house = tmp_path / "wheelhouse"
    house.mkdir()
    for wheel in dependency_wheelhouse().glob("*.whl"):
        try:
            os.link(wheel, house / wheel.name)
        except OSError:
            shutil.copy(wheel, house / wheel.name)
    build_wheels(*sources, dest=house)
    return house


def office_venv(path: Path) -> Path:
    """A fresh venv whose pip is shared from outside, the way pipx lays out its venvs (a ``.pth``
    naming a folder that holds only pip): ``shequ install`` runs ``python -m pip`` in it, and
    making it costs no ``ensurepip``."""
    import pip

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    shared = path.parent / f"{path.name}-shared"
    shared.mkdir()
    (shared / "pip").symlink_to(Path(pip.__file__).parent)
    site, = path.glob("lib/python3*/site-packages")
    (site / "shared.pth").write_text(f"{shared}\n")
    return path


def sh(env: dict[str, str], *cmd: str | Path, code: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env, timeout=600, cwd="/")
    assert done.returncode == code, f"{cmd}: exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, done.stderr
    return done


FUTURE = """
[build-system]
requires = ["hatchling>=1.27"]
build-backend = "hatchling.build"

[project]
name = "shequ-future"
version = "2.0.0"
requires-python = ">=3.10"
dependencies = ["shequ"]

[project.entry-points.shequ]
future = "shequ_future"

[project.entry-points.shequ_api]
future = ">=2,<3"

[tool.hatch.build.targets.wheel]
packages = ["src/shequ_future"]
"""


def test_an_office_installs_the_core_then_the_plugins_it_needs_with_no_network(tmp_path):
    future = tmp_path / "shequ-future"
    (future / "src" / "shequ_future").mkdir(parents=True)
    (future / "pyproject.toml").write_text(textwrap.dedent(FUTURE))
    (future / "src" / "shequ_future" / "__init__.py").write_text("raise RuntimeError('built for API 2')\n")
    house = wheelhouse(tmp_path, ROOT, ROOT / "plugins" / "shequ-dangjian", future)
    env = offline_env(tmp_path / "home")
    venv = tmp_path / "office"
    office_venv(venv)
    sh(env, venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-compile", "--no-index", "--find-links", house,
       "shequ")
    shequ = venv / "bin" / "shequ"
    assert sh(env, shequ, "plugins", "--json").stdout.strip() == "[]"  # the core alone

    done = sh(env, shequ, "install", "shequ-dangjian", "--from", house)
    assert "已安装 shequ-dangjian 0.1.0（命令 shequ dangjian，插件 API >=1,<2）" in done.stderr
    assert "shequ_dangjian" not in sh(env, venv / "bin" / "python", "-c", "import sys; print(sys.path)").stdout
    assert sh(env, shequ, "党建", "--help").stdout.startswith("用法：shequ 党建")
    sh(env, shequ, "init", "--name", "幸福社区")
    sh(env, shequ, "people", "add", "张建国", "--gender", "男", "--birth", "1950-05-01")
    sh(env, shequ, "dangjian", "member", "add", "张建国", "--status", "正式党员", "--date", "1975-07-01")
    assert "张建国" in sh(env, shequ, "dangjian", "member", "list").stdout
    again = sh(env, shequ, "install", "党建", "--from", house)
    assert again.stderr.splitlines()[-1] == "没有新装或升级的插件：已安装的版本已满足要求（要升级请加 --upgrade）"

    missing = sh(env, shequ, "install", "kepu", "--from", house, code=1)
    assert missing.stderr.splitlines()[-1] == (f"错误：pip 未能安装 shequ-kepu：{house} 中没有 shequ-kepu 的 wheel"
                                               "（它本身或它所需的依赖）")
    assert any("No matching distribution found for shequ-kepu" in line for line in missing.stderr.splitlines())

    refused = sh(env, shequ, "install", "future", "--from", house, code=1)
    assert refused.stderr.splitlines()[-1] == (
        "错误：插件已装入，但不会加载：shequ-future 2.0.0 需要插件 API >=2,<3，本机 shequ 0.1.0 提供的是插件 API 1"
        "（请换用支持插件 API 1 的 shequ-future，或换用相应版本的 shequ）；不需要它时运行 shequ uninstall 卸载")
    listed = {r["name"]: r for r in json.loads(sh(env, shequ, "plugins", "--json").stdout)}
    assert listed["future"]["loaded"] is False and "需要插件 API >=2,<3" in listed["future"]["errors"][0]
    assert listed["dangjian"]["loaded"] and listed["dangjian"]["api"] == ">=1,<2"
    assert "张建国" in sh(env, shequ, "dangjian", "member", "list").stdout  # the others keep working

    assert "不能卸载 click：shequ 依赖它" in sh(env, shequ, "uninstall", "click", code=1).stderr
    assert "不能用 shequ uninstall 卸载 shequ 本身" in sh(env, shequ, "uninstall", "shequ", code=2).stderr
    done = sh(env, shequ, "uninstall", "党建", "future")
    assert done.stderr.splitlines()[-2:] == ["已卸载 shequ-dangjian 0.1.0", "已卸载 shequ-future 2.0.0"]
    assert sh(env, shequ, "plugins", "--json").stdout.strip() == "[]"
    assert "张建国" in sh(env, shequ, "people", "list").stdout  # the data stays


def older_core(tmp_path: Path) -> Path:
    """The newest commit whose home schema is older than this one's, as a source tree versioned 0.0.1."""
    from shequ.store.migrations import SCHEMA_VERSION

    log = subprocess.run(["git", "-C", str(ROOT), "rev-list", "HEAD", "--", "src/shequ/migrations.py",
                          "src/shequ/store/migrations.py"], capture_output=True, text=True)
    if log.returncode != 0:
        pytest.skip("not a git checkout: no older shequ to upgrade from")
    for commit in log.stdout.split():
        for path in ("src/shequ/store/migrations.py", "src/shequ/migrations.py"):
            shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{path}"], capture_output=True, text=True)
            if shown.returncode == 0:
                break
        if shown.stdout.count("\n@migration") < SCHEMA_VERSION:
            break
    else:
        pytest.skip("no commit with an older home schema")
    old = tmp_path / "old-src"
    old.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    for path, pattern in (("pyproject.toml", r'(?m)^version = "[^"]*"'), ("src/shequ/__init__.py", r'(?m)^__version__ = "[^"]*"')):
        text = (old / path).read_text("utf-8")
        (old / path).write_text(re.sub(pattern, lambda m: m[0].split("=")[0] + '= "0.0.1"', text), "utf-8")
    return old


def test_upgrading_an_older_core_keeps_the_data(tmp_path):
    old = older_core(tmp_path)
    (tmp_path / "old").mkdir()
    old_wheel, = build_wheels(old, dest=tmp_path / "old")
    house = wheelhouse(tmp_path, ROOT)
    env = offline_env(tmp_path / "home")
    venv = tmp_path / "office"
    sh(env, sys.executable, "-m", "venv", "--without-pip", venv)
    pip = [sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet", "--no-compile",
           "--no-index", "--find-links", house]
    sh(env, *pip, old_wheel)
    shequ = venv / "bin" / "shequ"
    assert sh(env, shequ, "--version").stdout.strip() == "shequ 0.0.1"
    sh(env, shequ, "init", "--name", "幸福社区")
    sh(env, shequ, "people", "add", "张建国", "--gender", "男", "--birth", "1950-05-01", "--phone", "13812345678")
    sh(env, shequ, "people", "add", "李梅", "--gender", "女", "--birth", "1990-08-15", "--tag", "党员")
    before = json.loads(sh(env, shequ, "people", "list", "--json").stdout)

    sh(env, *pip, "--upgrade", "shequ")
    assert sh(env, shequ, "--version").stdout.startswith("shequ 0.1.0")
    assert "请先运行 shequ init" in sh(env, shequ, "people", "list", code=1).stderr  # nothing read half-migrated
    upgraded = sh(env, shequ, "init").stderr
    assert re.search(r"数据版本 1 → \d+", upgraded) and "备份" in upgraded, upgraded
    after = json.loads(sh(env, shequ, "people", "list", "--json").stdout)
    assert [(p["name"], p["phone"]) for p in after] == [(p["name"], p["phone"]) for p in before]
    assert sorted(p["name"] for p in after) == sorted(["张建国", "李梅"])
    assert "党员" in sh(env, shequ, "people", "show", "李梅").stdout
    backups = [p for p in (tmp_path / "home" / "backups").iterdir() if p.is_dir()]
    assert len(backups) == 1 and any(backups[0].rglob("*.json"))
