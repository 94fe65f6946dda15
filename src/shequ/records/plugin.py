"""Plugin-typed records as a default plugin: the generic ``record`` commands."""

from __future__ import annotations

from typing import Any

from shequ.hookspecs import hookimpl


@hookimpl
def shequ_register_commands(cli: Any) -> None:
    from shequ.cli import LazyGroup

    cli.add_command(LazyGroup("record", "shequ.records.cli:record_group",
                              help="各插件定义的记录（党员档案、矛盾纠纷、辅导站……）：增删改查、导入导出。"))
