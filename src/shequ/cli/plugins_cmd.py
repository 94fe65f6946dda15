"""``shequ plugins``: what is installed, which hooks it implements, what failed."""

from __future__ import annotations

import click

from .common import app, output_options


@click.command(name="plugins")
@click.option("--all", "show_all", is_flag=True, help="包括内置的默认插件")
@click.option("--hook", "hooks", multiple=True, metavar="NAME", help="只列出实现了该钩子的插件（可多次）")
@output_options
def plugins_cmd(show_all: bool, hooks: tuple[str, ...], out) -> None:  # type: ignore[no-untyped-def]
    """列出已安装的插件、版本、实现的钩子和加载错误。"""
    from ..output import Column
    from ..plugins import plugin_rows

    a = app()
    _ = a.registry  # building it surfaces record-type clashes as plugin errors
    rows = plugin_rows(a.pm, include_default=show_all)
    if hooks:
        rows = [r for r in rows if set(hooks) & set(r["hooks"])]
    if out.fmt == "table":
        for r in rows:
            r["status"] = "已加载" if r["loaded"] and not r["errors"] else ("有错误" if r["loaded"] else "未加载")
    cols = [
        Column("name", "插件"),
        Column("version", "版本"),
        Column("status", "状态"),
        Column("hooks", "钩子"),
        Column("errors", "错误"),
    ]
    out.rows(rows, cols)
