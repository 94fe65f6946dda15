"""The ledger's commands (its default chart of accounts lives in ``shequ.ledger``)."""

from __future__ import annotations

from typing import Any

from shequ.hookspecs import hookimpl
from shequ.models import Field, RecordType

#: The fields a disbursement (定期发放) entry carries: declared like any plugin's entry fields.
DISBURSEMENT = RecordType(
    id="core.disbursement", title="定期发放", kind="ledger",
    description="按定期发放（孤儿生活费、尊老金……）记的账：哪一项发放、哪个月份",
    fields=(Field("schedule", "str", label="定期发放编号"), Field("schedule_month", "str", label="发放月份")),
)


@hookimpl
def shequ_record_types() -> list[RecordType]:
    from shequ.ledger.entries import ENTRY

    return [ENTRY, DISBURSEMENT]


@hookimpl
def shequ_register_commands(cli: Any) -> None:
    from shequ.cli import LazyGroup

    cli.add_command(LazyGroup("ledger", "shequ.ledger.cli:ledger_group",
                              help="经费台账：收支登记、科目、专款、余额、预算执行率、定期发放、检查、财务公开表。"))
    cli.add_alias("经费", "ledger")
