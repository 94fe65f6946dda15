"""Duties as a default plugin: the ``duties`` commands (the duties themselves come from every plugin)."""

from __future__ import annotations

from typing import Any

from shequ.hookspecs import hookimpl


@hookimpl
def shequ_register_commands(cli: Any) -> None:
    from shequ.cli import LazyGroup

    cli.add_command(LazyGroup("duties", "shequ.duties.cli:duties_group",
                              help="工作职责：定期、定量（党课年不少于四次……）、时段、按人、截止；完成情况。"))
    cli.add_alias("职责", "duties")
