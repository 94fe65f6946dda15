"""The core's commands, registered through the same hook plugins use."""

from __future__ import annotations

import click

from shequ.hookspecs import hookimpl


@hookimpl
def shequ_register_commands(cli: click.Group) -> None:
    from shequ.cli import LazyGroup
    from shequ.cli.home import init_cmd, log_cmd, undo_cmd
    from shequ.cli.plugins_cmd import plugins_cmd

    for command in (init_cmd, plugins_cmd, log_cmd, undo_cmd):
        cli.add_command(command)
    cli.add_command(
        LazyGroup(
            "record",
            "shequ.records.cli:record_group",
            help="各插件定义的记录（党员档案、矛盾纠纷、辅导站……）：增删改查、导入导出。",
        )
    )
