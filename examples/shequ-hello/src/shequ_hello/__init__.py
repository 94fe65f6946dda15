"""shequ-hello: the teaching plugin.

One record type (``hello.greeting``, 问候), one validation rule, one
command (``shequ hello``), a named day and a default duty.  Everything heavy is imported inside functions so
that installing the plugin costs ``shequ --help`` nothing.
"""

from __future__ import annotations

import click

from shequ import Field, RecordType, hookimpl

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
def shequ_festivals() -> list[dict]:
    # A named day of our own; lunar ({"lunar_month", "lunar_day"}) and nth-weekday days work too.
    return [{"name": "世界问候日", "month": 11, "day": 21, "source": "教学示例"}]


@hookimpl
def shequ_duties() -> list[dict]:
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
def shequ_validate(record: dict, record_type: RecordType, ctx) -> list[str]:  # type: ignore[no-untyped-def]
    if record_type.id != GREETING.id:
        return []
    problems = []
    if record.get("count") is not None and record["count"] < 0:
        problems.append("人数不能为负数")
    if record.get("date") and record["date"] > ctx.today.isoformat():
        problems.append(f"问候日期 {record['date']} 在今天（{ctx.today.isoformat()}）之后")
    return problems


@hookimpl
def shequ_register_commands(cli: click.Group) -> None:
    @cli.command(name="hello")
    @click.option("--period", default="this-year", show_default=True, help="期间，如 2025、2025-Q1")
    @click.pass_context
    def hello(ctx: click.Context, period: str) -> None:
        """按月统计问候次数（教学示例）。"""
        from shequ.api import open_context
        from shequ.periods import parse_period

        app = ctx.find_root().obj
        span = parse_period(period, today=app.today)
        counts: dict[str, int] = {}
        with open_context(app) as rctx:
            for _, doc in rctx.list(GREETING.id):
                if doc["date"] in span:
                    counts[doc["date"][:7]] = counts.get(doc["date"][:7], 0) + 1
        if not counts:
            click.echo(f"{span.title}没有问候记录")
            return
        for month, n in sorted(counts.items()):
            click.echo(f"{month}  {n} 次")

    if hasattr(cli, "add_alias"):
        cli.add_alias("问候", "hello")
