"""The core's housekeeping commands (init, plugins, install, uninstall, log, undo, config), registered through the same
hook plugins use."""

from __future__ import annotations

import click

from shequ.hookspecs import hookimpl


@hookimpl
def shequ_register_commands(cli: click.Group) -> None:
    from shequ.cli import LazyGroup
    from shequ.cli.home import init_cmd, log_cmd, undo_cmd
    from shequ.cli.install_cmd import install_cmd, uninstall_cmd
    from shequ.cli.plugins_cmd import plugins_cmd

    for command in (init_cmd, plugins_cmd, install_cmd, uninstall_cmd, log_cmd, undo_cmd):
        cli.add_command(command)
    cli.add_command(LazyGroup("config", "shequ.cli.config_cmd:config_group", help="本社区的设置（育龄年龄段等原文未定义的规则）。"))
