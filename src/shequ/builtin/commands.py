"""The core's commands, registered through the same hook plugins use."""

from __future__ import annotations

import click

from ..hookspecs import hookimpl


@hookimpl
def shequ_register_commands(cli: click.Group) -> None:
    from ..cli.home import init_cmd, log_cmd, undo_cmd
    from ..cli.plugins_cmd import plugins_cmd
    from ..cli.records import record_group

    for command in (init_cmd, plugins_cmd, record_group, log_cmd, undo_cmd):
        cli.add_command(command)
