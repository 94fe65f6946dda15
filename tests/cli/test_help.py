"""Every command's --help works; errors are Chinese one-liners with the right exit code."""

from __future__ import annotations

import click
from click.testing import CliRunner


def walk(group: click.Group, path=()):  # type: ignore[no-untyped-def]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # lazy groups load here
        cmd = group.get_command(ctx, name)
        yield (*path, name)
        if isinstance(cmd, click.Group):
            yield from walk(cmd, (*path, name))


def test_every_command_help_exits_0(cli):
    paths = list(walk(cli))
    assert ("record", "import") in paths and ("undo",) in paths
    for path in [(), *paths]:
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "用法：" in result.output and "显示帮助并退出" in result.output


def test_usage_errors_are_chinese_exit_2(cli):
    cases = {
        ("--bogus",): "没有这个选项",
        ("record", "lst"): "没有这个命令：lst（是不是 list？）",
        ("record", "list"): "缺少参数 TYPE",
        ("record", "list", "demo.item", "-f", "xml"): "不是可选值",
        ("record", "list", "demo.item", "--limit", "x"): "不是整数",
    }
    for args, needle in cases.items():
        result = CliRunner().invoke(cli, list(args))
        assert result.exit_code == 2, args
        assert needle in result.stderr, (args, result.stderr)
        assert result.stderr.strip().splitlines()[-1].startswith("错误：")


def test_no_such_option_suggestions_are_chinese():
    from click.exceptions import NoSuchOption

    from shequ.cli import _chinese

    several = _chinese(NoSuchOption("--name", possibilities=["--note", "--phone"])).format_message()
    assert several == "没有这个选项：--name（是不是 --note, --phone？）"
    one = _chinese(NoSuchOption("--nam", possibilities=["--name"])).format_message()
    assert one == "没有这个选项：--nam（是不是 --name？）"


def test_missing_home_is_exit_1_without_traceback(cli, tmp_path):
    result = CliRunner().invoke(cli, ["--home", str(tmp_path / "none"), "record", "list", "demo.item"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"错误：数据目录不存在：{tmp_path / 'none'}（请先运行 shequ init，或用 --home / SHEQU_HOME 指定）"


def test_version(cli):
    assert CliRunner().invoke(cli, ["--version"]).output.startswith("shequ ")


def test_alias_and_clash(pm):
    from shequ import hookimpl
    from shequ.cli import build_cli

    class Dup:
        __name__ = "dup"

        @hookimpl
        def shequ_register_commands(self, cli):
            @cli.command(name="log")
            def mine():
                """重复的命令"""

            @cli.command(name="dupcmd")
            def ok():
                """正常"""
                click.echo("ok")

            cli.add_alias("重复", "dupcmd")

    pm.register_plugin(Dup(), __import__("shequ.plugin.manager", fromlist=["PluginInfo"]).PluginInfo(name="dup"))
    warnings = []
    pm.warn = warnings.append
    cli = build_cli(pm)
    assert any("命令名冲突" in w and "shequ.cli.plugin" in w and "dup" in w for w in warnings)
    assert cli.commands["log"].help.startswith("查看修改日志")  # the first keeps it
    assert CliRunner().invoke(cli, ["重复"]).output == "ok\n"


def test_no_english_left_in_any_help_of_the_installed_tree():
    """Every command of every installed plugin: click's metavars, usage pieces and help extras are
    said in Chinese (``[OPTIONS]`` → ``[选项]``, ``TEXT`` → ``文本``, ``[default: 50]`` → ``[默认：50]`` …)."""
    import re

    from shequ.cli import build_cli
    from shequ.plugin.manager import get_plugin_manager
    from shequ.testing import command_paths

    tree = build_cli(get_plugin_manager())
    paths = sorted({" ".join(p) for p in walk(tree)} | set(command_paths(tree)))
    assert len(paths) > 100 and "pufa bangjiao add" in paths  # the shipped plugins are installed here
    english = re.compile(r"\[OPTIONS\]|\bTEXT\b|\bINTEGER\b|\bFLOAT\b|\[default:|\brequired\]|COMMAND \[ARGS\]|"
                         r"Positional arguments|\[x[<>]=")
    left = []
    for path in ["", *paths]:
        result = CliRunner().invoke(tree, [*path.split(), "--help"])
        assert result.exit_code == 0, (path, result.output)
        left += [f"shequ {path}: {line.strip()}" for line in result.output.splitlines() if english.search(line)]
    assert not left, "\n".join(left[:20])
    people = CliRunner().invoke(tree, ["log", "--help"]).output
    assert "[选项]" in people and "[默认：50]" in people and "整数" in people
