"""``shequ pufa …`` (alias ``shequ 普法``): thin callbacks over ``service``, through the public API only."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from shequ.api import date_option, group, listing, open_context, period_option, say

from . import AUDIENCES, CHANNELS, DISPUTE_KINDS, FORMS, OUTCOMES, SCOPES

BANGJIAO_KINDS = ("刑释解教", "社区矫正", "戒毒康复")


@group("pufa")
def pufa() -> None:
    """普法：每月法律主题、宣传活动、矛盾纠纷、安置帮教、宣传资料。"""


@pufa.group(name="theme")
def theme() -> None:
    """每月普法主题（默认为篇8 L162 的三月至十二月安排）。"""


@theme.command(name="list")
@listing
def theme_list(out: Any) -> None:
    """每月主题：原文提法、正式名称、说明。"""
    from .service import themes

    with open_context() as ctx:
        rows = list(themes(ctx).values())
    if out.human:
        rows = [{**r, "law": r["law"] or "（原文未给）", "changed": "本社区调整" if r["changed"] else ""} for r in rows]
    out.rows(rows, [("month", "月份"), ("law", "主题"), ("source", "原文提法"), ("note", "说明"), ("anchor", "可结合"),
                    ("changed", "调整")])


@theme.command(name="set")
@click.argument("month")
@click.argument("law")
def theme_set(month: str, law: str) -> None:
    """调整某月主题，如：shequ pufa theme set 1 《中华人民共和国民法典》"""
    from .service import set_theme

    with open_context(write=True) as ctx:
        set_theme(ctx, month, law)
    say(f"{month}月普法主题：{law}")


@theme.command(name="status")
@click.option("--year", type=int, help="年度（默认今年）")
@listing
def theme_status_cmd(year: int | None, out: Any) -> None:
    """哪些主题月份没有开展主题宣传。"""
    from .service import theme_status

    with open_context() as ctx:
        rows = theme_status(ctx, year or ctx.today.year)
    out.rows(rows, [("month", "月份"), ("law", "主题"), ("activities", "主题活动数"), ("status", "状态")])


@pufa.group(name="activity")
def activity() -> None:
    """普法宣传活动。"""


@activity.command(name="log")
@click.argument("title")
@date_option("--date", "day")
@click.option("--form", type=click.Choice(FORMS), required=True, help="形式")
@click.option("--law", help="法律或主题（配合 --on-theme 可省略，取本月主题）")
@click.option("--on-theme", is_flag=True, help="本月主题宣传")
@click.option("--channel", "channels", multiple=True, type=click.Choice(CHANNELS), help="宣传渠道，可多次")
@click.option("--scope", type=click.Choice(SCOPES), help="“六进”")
@click.option("--audience", "audiences", multiple=True, type=click.Choice(AUDIENCES), help="对象，可多次")
@click.option("--materials", type=int, help="发放资料份数")
@click.option("--count", help="参与人次")
@click.option("--festival", help="结合的节日（元旦、春节……重阳节）")
@click.option("--place", help="地点")
@click.option("--summary", help="小结")
def activity_log(title: str, day: date, form: str, law: str | None, on_theme: bool, channels: tuple[str, ...],
                 scope: str | None, audiences: tuple[str, ...], materials: int | None, count: str | None,
                 festival: str | None, place: str | None, summary: str | None) -> None:
    """登记一次已开展的普法宣传活动（输出活动编号）。"""
    from .service import log_activity

    raw = {"title": title, "date": day.isoformat(), "place": place, "summary": summary, "count": count,
           "fields": {"form": form, "law": law, "on_theme": on_theme or None, "channels": list(channels),
                      "scope": scope, "audience": list(audiences), "materials": materials, "festival": festival}}
    with open_context(write=True, action=f"pufa activity log {title}") as ctx:
        eid = log_activity(ctx, raw)
    click.echo(eid)
    say(f"已登记普法活动“{title}”（#{eid}）")


@pufa.group(name="dispute")
def dispute() -> None:
    """矛盾纠纷：排查 → 调处 → 结案（当事人默认隐去）。"""


@dispute.command(name="add")
@date_option("--date", "day", help="排查日期（默认今天）")
@click.option("--kind", type=click.Choice(DISPUTE_KINDS), required=True, help="类型")
@click.option("--party", "parties", multiple=True, help="当事人，可多次（受限信息）")
@click.option("--mediator", help="调解人")
@click.option("--summary", help="情况")
def dispute_add(day: date, kind: str, parties: tuple[str, ...], mediator: str | None, summary: str | None) -> None:
    """登记排查到的矛盾纠纷（输出编号）。"""
    with open_context(write=True) as ctx:
        rid = ctx.records.add("pufa.dispute", {"screened": day.isoformat(), "kind": kind, "parties": list(parties),
                                               "mediator": mediator, "summary": summary})
    click.echo(rid)
    say(f"已登记矛盾纠纷 #{rid}（{kind}）")


@dispute.command(name="update")
@click.argument("dispute_id", metavar="ID")
@click.option("--stage", type=click.Choice(("排查", "调处")), help="阶段")
@click.option("--mediator", help="调解人")
@click.option("--summary", help="情况")
def dispute_update(dispute_id: str, stage: str | None, mediator: str | None, summary: str | None) -> None:
    """推进调处。"""
    from .service import update_dispute

    changes = {k: v for k, v in {"stage": stage, "mediator": mediator, "summary": summary}.items() if v}
    if not changes:
        raise click.UsageError("没有要修改的内容（--stage、--mediator 或 --summary）")
    with open_context(write=True, action=f"pufa dispute update {dispute_id}") as ctx:
        update_dispute(ctx, dispute_id, changes)
    say(f"已更新矛盾纠纷 #{dispute_id}")


@dispute.command(name="close")
@click.argument("dispute_id", metavar="ID")
@click.option("--outcome", type=click.Choice(OUTCOMES), required=True, help="结果")
@date_option("--date", "day", help="结案日期（默认今天）")
@click.option("--follow-up", help="回访情况")
def dispute_close(dispute_id: str, outcome: str, day: date, follow_up: str | None) -> None:
    """结案（只能一次）。"""
    from .service import update_dispute

    with open_context(write=True, action=f"pufa dispute close {dispute_id}") as ctx:
        update_dispute(ctx, dispute_id, {"stage": "结案", "outcome": outcome, "closed": day.isoformat(),
                                         **({"follow_up": follow_up} if follow_up else {})})
    say(f"矛盾纠纷 #{dispute_id} 已结案：{outcome}")


@dispute.command(name="screen")
@date_option("--date", "day")
@click.option("--found", type=int, default=0, show_default=True, help="本次排查发现的纠纷数")
def dispute_screen(day: date, found: int) -> None:
    """登记一次矛盾纠纷排查（即使没有发现纠纷，也要有排查记录；输出活动编号）。"""
    if found < 0:
        raise click.UsageError(f"发现的纠纷数不能为负数：{found}")
    with open_context(write=True) as ctx:
        eid = ctx.events.add({"title": "矛盾纠纷排查", "date": day.isoformat(), "domain": "pufa", "status": "done",
                              "summary": f"排查发现矛盾纠纷 {found} 起"})
    click.echo(eid)
    say(f"已登记矛盾纠纷排查（#{eid}），发现 {found} 起")


@dispute.command(name="list")
@click.option("--stage", type=click.Choice(("排查", "调处", "结案")), help="只看某阶段")
@listing(reveal=True)
def dispute_list(stage: str | None, out: Any) -> None:
    """矛盾纠纷列表；当事人默认隐去（--reveal 显示，记入修改日志）。"""
    keys = ("screened", "kind", "stage", "outcome", "closed", "mediator")
    with open_context() as ctx:
        rows = [{"id": rid, **{k: rec.get(k) for k in keys}, "parties": rec.get("parties", [])}
                for rid, rec in ctx.records.list("pufa.dispute") if not stage or rec.get("stage") == stage]
    out.rows(rows, [("id", "编号"), ("screened", "排查日期"), ("kind", "类型"), ("parties", "当事人", "name"),
                    ("stage", "阶段"), ("mediator", "调解人"), ("outcome", "结果"), ("closed", "结案日期")])


@pufa.group(name="bangjiao")
def bangjiao() -> None:
    """安置帮教（受限信息：名单默认隐去）。"""


@bangjiao.command(name="add")
@click.argument("person")
@click.option("--category", type=click.Choice(BANGJIAO_KINDS), required=True, help="类别")
@date_option("--start", "start", help="起始日期", required=True, default_today=False)
@date_option("--end", "end", help="结束日期", default_today=False)
@click.option("--officer", help="帮教责任人")
def bangjiao_add(person: str, category: str, start: date, end: date | None, officer: str | None) -> None:
    """登记帮教对象（输出编号）。"""
    with open_context(write=True) as ctx:
        rid = ctx.records.add("pufa.bangjiao", {"person": person, "category": category, "start": start.isoformat(),
                                                "end": end.isoformat() if end else None, "officer": officer})
    click.echo(rid)
    say(f"已登记帮教对象 #{rid}（{category}）")


@bangjiao.command(name="contact")
@click.argument("person")
@date_option("--date", "day")
@click.option("--way", type=click.Choice(("走访", "谈话", "电话")), default="走访", show_default=True, help="方式")
@click.option("--note", help="情况")
def bangjiao_contact(person: str, day: date, way: str, note: str | None) -> None:
    """登记一次帮教（对象须在帮教期内）。"""
    from .service import bangjiao_of

    with open_context(write=True) as ctx:
        rid, _ = bangjiao_of(ctx, person, day)
        ctx.records.add("pufa.contact", {"bangjiao": rid, "date": day.isoformat(), "way": way, "note": note})
    say(f"已登记帮教记录（帮教 #{rid}，{way}）")


@bangjiao.command(name="list")
@listing(reveal=True)
def bangjiao_list(out: Any) -> None:
    """帮教对象及帮教次数；姓名默认隐去（--reveal 显示，记入修改日志）。"""
    with open_context() as ctx:
        contacts: dict[int, int] = {}
        for _, c in ctx.records.list("pufa.contact"):
            contacts[c["bangjiao"]] = contacts.get(c["bangjiao"], 0) + 1
        # Names are looked up only when they will be shown: a masked listing never resolves them.
        rows = [{"id": rid, "person": ctx.people.name(rec["person"]) if out.reveal else rec["person"],
                 "category": rec["category"], "start": rec["start"], "end": rec.get("end"),
                 "contacts": contacts.get(rid, 0)} for rid, rec in ctx.records.list("pufa.bangjiao")]
    out.rows(rows, [("id", "编号"), ("person", "对象", "name"), ("category", "类别"), ("start", "起始"),
                    ("end", "结束"), ("contacts", "帮教次数")])


@pufa.command(name="materials")
@period_option()
@listing
def materials_cmd(period: Any, out: Any) -> None:
    """发放宣传资料份数（按法律/主题汇总）。"""
    totals: dict[str, int] = {}
    with open_context() as ctx:
        for _, e in ctx.events.query(type="pufa.activity", status="done", period=period):
            f = e.get("fields") or {}
            if f.get("materials"):
                law = f.get("law") or "其他"
                totals[law] = totals.get(law, 0) + int(f["materials"])
    rows = [{"law": k, "materials": v} for k, v in sorted(totals.items(), key=lambda kv: -kv[1])]
    out.rows(rows, [("law", "法律或主题"), ("materials", "资料份数")])
