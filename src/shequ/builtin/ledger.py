"""The ledger's commands (its default chart of accounts lives in ``shequ.ledger``)."""

from __future__ import annotations

from typing import Any

from ..hookspecs import hookimpl


@hookimpl
def shequ_register_commands(cli: Any) -> None:
    from ..cli import LazyGroup

    cli.add_command(LazyGroup("ledger", "shequ.cli.ledger:ledger_group",
                              help="经费台账：收支登记、科目、专款、余额、预算执行率、定期发放、检查、财务公开表。"))
    cli.add_alias("经费", "ledger")
