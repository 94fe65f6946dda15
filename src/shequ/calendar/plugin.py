"""The calendar as a default plugin: the generic activity type and the ``calendar`` commands."""

from __future__ import annotations

from typing import Any

from shequ.hookspecs import hookimpl
from shequ.models import Field, RecordType

FORMS = ("讲座", "培训", "会议", "座谈会", "竞赛", "文艺演出", "宣传", "咨询", "走访", "慰问", "义诊", "体检",
         "参观", "评比", "志愿服务", "其他")

ACTIVITY = RecordType(
    id="core.activity",
    title="活动",
    kind="event",
    description="各条线通用的活动（讲座、培训、宣传、走访……）",
    source="DOMAIN §4.1；篇7“每月有活动、有小结、有记录”",
    fields=(
        Field("form", "choice", label="形式", choices=FORMS),
        Field("theme", "str", label="主题"),
        Field("days", "decimal", label="天数", help="培训等按天计的活动（按人累计，如“每年集中培训不少于7天”）"),
        Field("speaker", "str", label="主讲人"),
    ),
)


@hookimpl
def shequ_record_types() -> list[RecordType]:
    return [ACTIVITY]


@hookimpl
def shequ_register_commands(cli: Any) -> None:
    from shequ.cli import LazyGroup

    cli.add_command(LazyGroup("calendar", "shequ.calendar.cli:calendar_group",
                              help="活动日历：计划与开展、签到、节日、工作日、月历、ICS 导入导出。"))
    cli.add_alias("cal", "calendar")
    cli.add_alias("日历", "calendar")
