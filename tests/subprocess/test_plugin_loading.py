"""Plugin loading in real processes, with fake installed distributions on PYTHONPATH."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def make_dist(site: Path, dist: str, ep_name: str, module: str, source: str) -> None:
    info = site / f"{dist.replace('-', '_')}-0.1.dist-info"  # as pip names them
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[shequ]\n{ep_name} = {module}\n")
    (site / f"{module}.py").write_text(textwrap.dedent(source))


def shequ(*args: str, site: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    e = dict(os.environ)
    e.pop("SHEQU_LOAD_PLUGINS", None)
    if site is not None:
        e["PYTHONPATH"] = str(site)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "shequ", *args], capture_output=True, text=True, env=e, timeout=60)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    s = tmp_path / "site"
    s.mkdir()
    make_dist(s, "shequ-broken", "broken", "shequ_fake_broken", "raise ImportError('缺少依赖 foo')\n")
    make_dist(
        s,
        "shequ-typo",
        "typo",
        "shequ_fake_typo",
        """
        from shequ import hookimpl
        @hookimpl
        def shequ_record_type():  # misspelled: the spec is shequ_record_types
            return []
        """,
    )
    make_dist(
        s,
        "shequ-clash",
        "clash",
        "shequ_fake_clash",
        """
        import click
        from shequ import hookimpl
        @hookimpl
        def shequ_register_commands(cli):
            @cli.command(name="hello")
            def hello():
                '''与 shequ-hello 冲突'''
        """,
    )
    make_dist(s, "shequ-internal", "internal", "shequ_fake_internal", """
        from shequ import hookimpl
        from shequ.records.records import resolve_ref   # a private module: works today, breaks on the next refactor

        @hookimpl
        def shequ_festivals():
            return [{"name": "内部日", "month": 1, "day": 2}]
        """)
    make_dist(s, "shequ-gone", "gone", "shequ_fake_gone", "from shequ.services.vanished import thing\n")
    make_dist(s, "shequ-exits", "exits", "shequ_fake_exits", "import sys\nsys.exit(4)\n")
    return s


def test_broken_plugins_are_skipped_with_a_warning(site):
    done = shequ("--help", site=site)
    assert done.returncode == 0, done.stderr
    assert "Commands" not in done.stdout and "命令：" in done.stdout
    assert "警告：插件 broken 加载失败，已跳过（ImportError: 缺少依赖 foo）" in done.stderr
    assert "警告：插件 typo 加载失败" in done.stderr and "shequ_record_type" in done.stderr
    assert "命令名冲突" in done.stderr and "hello" in done.stderr and "clash" in done.stderr
    # A plugin built on an internal module that is gone, or that exits on import: named, skipped.
    assert "插件 gone 加载失败" in done.stderr and "内部模块 shequ.services" in done.stderr
    assert "插件 exits 加载失败" in done.stderr and "sys.exit(4)" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_plugin_importing_an_internal_module_is_named_by_shequ_plugins(site):
    done = shequ("plugins", "--json", site=site)
    rows = {r["name"]: r for r in json.loads(done.stdout)}
    assert rows["internal"]["loaded"]  # it still works …
    assert any("导入了非公开模块 shequ.records.records" in e and "shequ_fake_internal.py:3" in e for e in rows["internal"]["errors"])
    assert not [e for e in rows["hello"]["errors"] if "非公开" in e]  # … the teaching plugin keeps to the API
    assert shequ("calendar", "festivals", "--year", "2025", "--json", site=site).returncode == 0


def test_plugins_lists_errors(site):
    done = shequ("plugins", "--json", site=site)
    assert done.returncode == 0, done.stderr
    rows = {r["name"]: r for r in json.loads(done.stdout)}
    assert rows["broken"]["loaded"] is False and "缺少依赖 foo" in rows["broken"]["errors"][0]
    assert rows["typo"]["loaded"] is False
    assert rows["hello"]["loaded"] and rows["hello"]["version"] == "0.1.0"
    assert "shequ_record_types" in rows["hello"]["hooks"]
    # Entry points load in name order, so "clash" registered first and "hello" carries the error.
    clash_errors = [e for e in rows["hello"]["errors"] if "命令名冲突" in e]
    assert clash_errors and "clash" in clash_errors[0] and "hello" in clash_errors[0]
    assert "shequ.cli.plugin" not in rows
    done = shequ("plugins", "--all", "--hook", "shequ_validate", "--json", site=site)
    names = [r["name"] for r in json.loads(done.stdout)]
    assert "hello" in names and "shequ.cli.plugin" not in names  # every listed plugin implements it


def test_shequ_load_plugins_filters_before_import(site):
    done = shequ("--help", site=site, env={"SHEQU_LOAD_PLUGINS": ""})
    assert done.returncode == 0 and done.stderr == ""
    assert "hello" not in done.stdout and "record" in done.stdout
    done = shequ("--help", site=site, env={"SHEQU_LOAD_PLUGINS": "hello"})
    assert done.stderr == "" and "hello" in done.stdout  # broken was never imported
    done = shequ("--help", site=site, env={"SHEQU_LOAD_PLUGINS": "shequ-broken"})
    assert "broken 加载失败" in done.stderr and "hello" not in done.stdout


def test_an_unknown_name_in_shequ_load_plugins_is_warned_about(site):
    done = shequ("--help", site=site, env={"SHEQU_LOAD_PLUGINS": "hello,helo,shequ_hello"})
    assert done.returncode == 0 and "hello" in done.stdout
    warning, = done.stderr.splitlines()  # one line, and the known name is not in it
    assert warning.startswith("警告：SHEQU_LOAD_PLUGINS 中的 helo、shequ_hello 不是已安装的插件，已忽略（已安装：")
    assert "hello" in warning.partition("已安装：")[2]


def test_entry_point_and_console_script_agree(tmp_path):
    exe = Path(sys.executable).parent / "shequ"
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("shequ ")
