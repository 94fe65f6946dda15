"""``shequ plugins``: what is installed, which hooks it implements, what failed; ``plugins new``."""

from __future__ import annotations

from typing import Any

import click

from shequ.cli.options import app, output_options, say


@click.group(name="plugins", invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True, help="包括内置的默认插件")
@click.option("--hook", "hooks", multiple=True, metavar="NAME", help="只列出实现了该钩子的插件（可多次）")
@output_options
@click.pass_context
def plugins_cmd(ctx: click.Context, show_all: bool, hooks: tuple[str, ...], out: Any) -> None:
    """列出已安装的插件、版本、所支持的插件 API、实现的钩子和加载错误；plugins new 新建一个插件。

    本机 shequ 提供的插件 API 版本见 shequ --version；插件声明的范围不含它时不加载，“错误”一栏说明原因。
    安装、卸载插件用 shequ install / shequ uninstall。

    \b
    例：
      shequ plugins --json
      shequ plugins new kepu --title 科普      # 生成可安装、可测试的插件骨架
    """
    if ctx.invoked_subcommand:
        return
    from shequ.common.output import Column
    from shequ.plugin.manager import plugin_rows

    a = app()
    _ = a.registry  # building it surfaces record-type and entry-field clashes as plugin errors
    from shequ.checklists.templates import plugin_templates
    from shequ.duties.rules import defaults
    from shequ.people.register import categories
    from shequ.settings import declared

    for gather in (declared, defaults, plugin_templates, categories):  # and every other name two plugins declare
        gather(a.pm)
    rows = plugin_rows(a.pm, include_default=show_all)
    for r in rows:
        if r["loaded"] and not r["default"]:
            r["errors"] += _boundary(a.pm.get_plugin(r["name"]))
    if hooks:
        rows = [r for r in rows if set(hooks) & set(r["hooks"])]
    if out.fmt == "table":
        for r in rows:
            r["status"] = "已加载" if r["loaded"] and not r["errors"] else ("有错误" if r["loaded"] else "未加载")
            r["api"] = r["api"] or ("" if r["dist"] == "" else "未声明（按 1）")
    cols = [
        Column("name", "插件"),
        Column("version", "版本"),
        Column("api", "插件 API"),
        Column("status", "状态"),
        Column("hooks", "钩子"),
        Column("errors", "错误"),
    ]
    out.rows(rows, cols)


def _boundary(module: Any) -> list[str]:
    """Where a loaded plugin steps outside the public API (imports of internal modules, direct store use)."""
    from shequ.testing import boundary_problems

    try:
        return boundary_problems(module) if module is not None else []
    except Exception as exc:  # reading a plugin's sources must never break the listing
        return [f"无法检查插件源码：{type(exc).__name__}: {exc}"]


@plugins_cmd.command(name="new")
@click.argument("plugin_id", metavar="ID")
@click.option("--title", required=True, help="中文名称，如 科普（也是命令的中文别名）")
@click.option("--dir", "directory", metavar="DIR", help="生成到哪个目录（默认 ./shequ-ID）")
def new_cmd(plugin_id: str, title: str, directory: str | None) -> None:
    """生成一个新插件：记录类型、活动类型、定量职责、设置、台账清单、命令、报告部分和测试。

    生成的插件可直接安装（shequ install -e DIR）、通过契约检查并运行自己的测试；
    每一部分的写法见 docs/plugin-hooks.md 的入门教程。
    """
    from pathlib import Path

    from shequ.scaffold import new_plugin

    target = Path(directory or f"shequ-{plugin_id}")
    written = new_plugin(plugin_id, title, target)
    for path in written:
        click.echo(path)
    say(f"已生成插件 shequ-{plugin_id}（{title}）：{target}/")
    say(f"下一步：shequ install -e {target} && shequ {plugin_id} --help && pytest {target}/tests")
