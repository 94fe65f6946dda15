"""The plugin contract, run on every plugin installed in this environment and on the demo plugin."""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

import pytest

from shequ.testing import check_plugin

INSTALLED = sorted({ep.value for ep in entry_points(group="shequ")})


def test_some_plugins_are_installed():
    # make test installs every distribution under plugins/ and examples/shequ-hello.
    assert "shequ_hello" in INSTALLED


@pytest.mark.parametrize("module_name", INSTALLED)
def test_installed_plugin_meets_the_contract(module_name):
    assert check_plugin(importlib.import_module(module_name)) == []


def test_check_plugin_reports_problems():
    import types

    import click

    from shequ import Field, RecordType, hookimpl

    bad = types.ModuleType("shequ_bad")

    @hookimpl
    def shequ_record_types():
        return [
            RecordType(id="record", title="", fields=(Field("Bad Name", "colour"),)),
            RecordType(id="other.thing", title="别的", fields=(Field("a", "choice"),)),
        ]

    @hookimpl
    def shequ_duties():
        return [{"id": "x", "title": "t"}, {"id": "x", "title": "t", "kind": "quota", "source": "s"}]

    @hookimpl
    def shequ_register_commands(cli):
        @cli.command(name="record")  # clashes with the core's command
        def clash():
            """冲突"""

        @cli.command(name="broken-help")
        @click.option("--x", type=click.Choice(["a"]), default="a")
        def broken():
            """正常"""

    for fn in (shequ_record_types, shequ_duties, shequ_register_commands):
        setattr(bad, fn.__name__, fn)
    problems = "\n".join(check_plugin(bad, check_imports=False))
    assert "编号 'record' 不合法" in problems
    assert "未知" in problems  # field type colour
    assert "choice 类型但没有给出 choices" in problems
    assert "缺少键：kind、source" in problems
    assert "编号重复：x" in problems
    assert "命令名冲突" in problems and "shequ.records.plugin" in problems and "shequ_bad" in problems


def test_heavy_import_detection():
    from shequ.testing import heavy_imports

    assert heavy_imports("json") == []
    assert "tinydb" in heavy_imports("tinydb")
