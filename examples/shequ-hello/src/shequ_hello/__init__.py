"""shequ-hello: the teaching plugin.

One record type (``hello.greeting``, 问候), one validation rule, one
command (``shequ hello``, alias ``shequ 问候``), a named day and a default
duty — written against the public API only (``shequ``, ``shequ.api``).
Everything heavy is imported inside functions so that installing the plugin
costs ``shequ --help`` nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shequ import Duty, Festival, Field, RecordType, hookimpl

if TYPE_CHECKING:  # the types of what hooks receive, for editors and type checkers
    from shequ.api import Commands, PluginContext

GREETING = RecordType(
    id="hello.greeting",
    title="问候",
    description="发给居民的节日问候（教学示例）",
    fields=(
        Field("text", "str", label="内容", required=True),
        Field("date", "date", label="日期", required=True),
        Field("to", "str", label="对象", default="全体居民"),
        Field("channel", "choice", label="方式", choices=("上门", "电话", "微信群", "公告栏"), default="微信群"),
        Field("count", "int", label="人数"),
    ),
    columns=("date", "text", "to", "channel"),
)


@hookimpl
def shequ_record_types() -> list[RecordType]:
    return [GREETING]


@hookimpl
def shequ_festivals() -> list[Festival]:
    # A named day of our own; lunar ({"lunar_month", "lunar_day"}) and nth-weekday days work too.
    return [{"name": "世界问候日", "month": 11, "day": 21, "source": "教学示例"}]


@hookimpl
def shequ_duties() -> list[Duty]:
    # A default duty with its source; users can disable or adjust it (shequ duties set …).
    return [
        {
            "id": "hello.new_year_greeting",
            "title": "春节前的问候活动",
            "kind": "window",
            "window": "before:春节:15",
            "min": 1,
            "match": {"title_contains": "问候"},
            "source": "教学示例",
        }
    ]


@hookimpl
def shequ_validate(record: dict, record_type: RecordType, ctx: "PluginContext") -> list[str]:
    if record_type.id != GREETING.id:
        return []
    problems = []
    if record.get("count") is not None and record["count"] < 0:
        problems.append("人数不能为负数")
    if record.get("date") and record["date"] > ctx.today.isoformat():
        problems.append(f"问候日期 {record['date']} 在今天（{ctx.today.isoformat()}）之后")
    return problems


@hookimpl
def shequ_register_commands(cli: "Commands") -> None:
    import click

    from shequ.api import listing, open_context, period_option

    @click.command(name="hello")
    @period_option()
    @listing
    def hello(period, out):  # type: ignore[no-untyped-def]
        """按月统计问候次数（教学示例）。"""
        counts: dict[str, int] = {}
        with open_context() as ctx:
            for _, doc in ctx.records.list(GREETING.id):
                if doc["date"] in period:
                    counts[doc["date"][:7]] = counts.get(doc["date"][:7], 0) + 1
        rows = [{"month": month, "count": n} for month, n in sorted(counts.items())]
        if not rows and out.fmt == "table":
            out.answer([], f"{period.title}没有问候记录")
            return
        out.rows(rows, [("month", "月份"), ("count", "次数")])

    cli.add_command(hello)
    cli.add_alias("问候", "hello")
