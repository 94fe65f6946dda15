"""Reports as a default plugin: the core's sections and the ``report`` commands."""

from __future__ import annotations

from typing import Any

from shequ.hookspecs import hookimpl
from shequ.models import ReportSection


@hookimpl
def shequ_report_sections(kind: str, period: Any, ctx: Any) -> list[ReportSection]:
    from shequ.reports.sections import core_sections

    return core_sections(kind, period, ctx)


@hookimpl
def shequ_register_commands(cli: Any) -> None:
    from shequ.cli import LazyGroup

    cli.add_command(LazyGroup("report", "shequ.reports.cli:report_group",
                              help="报告：月报、季报、半年小结、年终总结、年度计划、台账归档（终端、md、html、docx、xlsx）。"))
    cli.add_alias("报告", "report")
