"""The core's 台账 meta-checks and the document record they look for.

Sources (seeds/000_…txt): 篇7 “每月有活动、有小结、有记录”; 篇2 L47 “半年有小结”;
篇16(三) L385 “年初有计划,年中有检查,年终有总结”; 主 “整理有关资料并存档”.
A plan or summary counts once it is registered as a ``core.document`` record
(the reports issue will register generated reports automatically).
"""

from __future__ import annotations

from typing import Any

from shequ.hookspecs import hookimpl
from shequ.models import Field, RecordType


def _period_ok(value: Any, record: dict) -> str | None:
    from shequ.errors import UsageError
    from shequ.periods import parse_period

    try:
        parse_period(str(value))
    except UsageError as exc:
        return exc.message
    return None


DOCUMENT = RecordType(
    id="core.document",
    title="计划总结",
    description="年度计划、半年小结、年终总结等文档（台账检查据此判断“有计划、有小结、有总结”）",
    fields=(
        Field("kind", "choice", label="类别", required=True, choices=("计划", "小结", "总结", "台账", "其他")),
        Field("period", "str", label="期间", required=True, validators=(_period_ok,), help="如 2025、2025-H1"),
        Field("title", "str", label="标题", required=True),
        Field("domain", "str", label="条线"),
        Field("date", "date", label="日期"),
        Field("file", "str", label="文件"),
    ),
    columns=("kind", "period", "title", "domain", "date"),
)

SOURCE = "篇7“每月有活动、有小结、有记录”；篇2 L47“半年有小结”；篇16(三) L385“年初有计划,年中有检查,年终有总结”"
MONTHLY = [
    {"id": "monthly_activity", "text": "每月有活动", "rule": {"events": {"per": "month", "min": 1, "domain": "$unit"}}},
    {"id": "monthly_summary", "text": "每月有小结", "rule": {"events": {"per": "month", "min": 1, "domain": "$unit", "with": "summary"}}},
    {"id": "monthly_record", "text": "每月有记录（签到或人次）", "rule": {"events": {"per": "month", "min": 1, "domain": "$unit", "with": "attendance"}}},
]
TEMPLATES = [
    {
        "id": "taizhang.half",
        "title": "半年台账检查",
        "domain": "core",
        "recurrence": "half",
        "source": SOURCE,
        "items": [
            {"id": "plan", "text": "年度有计划", "rule": {"document": {"kind": "计划", "period": "year"}}},
            {"id": "half_summary", "text": "半年有小结", "rule": {"document": {"kind": "小结", "period": "half"}}},
            *MONTHLY,
            {"id": "filed", "text": "整理有关资料并存档", "evidence": True},
        ],
    },
    {
        "id": "taizhang.year",
        "title": "年度台账检查",
        "domain": "core",
        "recurrence": "year",
        "source": SOURCE,
        "items": [
            {"id": "plan", "text": "年初有计划", "rule": {"document": {"kind": "计划", "period": "year"}}},
            {"id": "half_summary", "text": "半年有小结", "rule": {"document": {"kind": "小结", "period": "half"}}},
            {"id": "annual_summary", "text": "年终有总结", "rule": {"document": {"kind": "总结", "period": "year"}}},
            *MONTHLY,
            {"id": "filed", "text": "整理有关资料并存档", "evidence": True},
        ],
    },
]


@hookimpl
def shequ_record_types() -> list[RecordType]:
    return [DOCUMENT]


@hookimpl
def shequ_checklists() -> list[dict[str, Any]]:
    return TEMPLATES


@hookimpl
def shequ_register_commands(cli: Any) -> None:
    from shequ.cli import LazyGroup

    cli.add_command(LazyGroup("checklist", "shequ.checklists.cli:checklist_group",
                              help="创建达标清单与台账检查：开始、打勾、佐证、自动评估、评分、检查记录、导出。"))
    cli.add_alias("清单", "checklist")
