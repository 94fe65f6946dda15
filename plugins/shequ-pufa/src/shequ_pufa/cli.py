"""``shequ pufa …`` (alias ``shequ 普法``)."""

from __future__ import annotations

from typing import Any

import click

from . import AUDIENCES, CHANNELS, FORMS, OUTCOMES, SCOPES


def _app() -> Any:
    return click.get_current_context().find_root().obj


def _ctx(write: bool = False, action: str = "") -> Any:
    from shequ.api import open_context

    return open_context(_app(), write=write, action=action)


def _reading(reveal: bool, what: str) -> Any:
    """A read, or with --reveal a logged transaction (the core's own rule for plain personal data)."""
    from contextlib import contextmanager

    from shequ.cli.common import reading

    a = _app()

    @contextmanager
    def opened():  # type: ignore[no-untyped-def]
        with reading(a, reveal, what) as session:
            yield a.context(session)

    return opened()


def _date(text: str | None) -> Any:
    from shequ.periods import parse_date

    a = _app()
    return parse_date(text, today=a.today) if text else a.today


def _say(msg: str) -> None:
    click.echo(msg, err=True)


def _out(rows: list[dict[str, Any]], cols: list[tuple[str, str]], as_json: bool) -> None:
    from shequ.output import Column, render

    click.echo(render(rows, [Column(k, h) for k, h in cols], "json" if as_json else "table"), nl=False)


@click.group(name="pufa")
def group() -> None:
    """普法：每月法律主题、宣传活动、矛盾纠纷、安置帮教、宣传资料。"""


@group.group(name="theme")
def theme() -> None:
    """每月普法主题（默认为篇8 L162 的三月至十二月安排）。"""


@theme.command(name="list")
@click.option("--json", "as_json", is_flag=True)
def theme_list(as_json: bool) -> None:
    """每月主题：原文提法、正式名称、说明。"""
    from .service import themes

    with _ctx() as ctx:
        rows = list(themes(ctx).values())
    if not as_json:
        rows = [{**r, "law": r["law"] or "（原文未给）", "changed": "本社区调整" if r["changed"] else ""} for r in rows]
    _out(rows, [("month", "月份"), ("law", "主题"), ("source", "原文提法"), ("note", "说明"), ("anchor", "可结合"), ("changed", "")], as_json)


@theme.command(name="set")
@click.argument("month")
@click.argument("law")
def theme_set(month: str, law: str) -> None:
    """调整某月主题，如：shequ pufa theme set 1 《中华人民共和国民法典》"""
    from .service import set_theme

    with _ctx(True, f"pufa theme set {month}") as ctx:
        set_theme(ctx, month, law)
    _say(f"{month}月普法主题：{law}")


@theme.command(name="status")
@click.option("--year", type=int)
@click.option("--json", "as_json", is_flag=True)
def theme_status_cmd(year: int | None, as_json: bool) -> None:
    """哪些主题月份没有开展主题宣传。"""
    from .service import theme_status

    a = _app()
    with _ctx() as ctx:
        rows = theme_status(ctx, year or a.today.year, a.today)
    _out(rows, [("month", "月份"), ("law", "主题"), ("activities", "主题活动数"), ("status", "状态")], as_json)


@group.group(name="activity")
def activity() -> None:
    """普法宣传活动。"""


@activity.command(name="log")
@click.argument("title")
@click.option("--date", "day", metavar="DATE", help="日期（默认今天）")
@click.option("--form", type=click.Choice(FORMS), required=True)
@click.option("--law", help="法律或主题（配合 --on-theme 可省略，取本月主题）")
@click.option("--on-theme", is_flag=True, help="本月主题宣传")
@click.option("--channel", "channels", multiple=True, type=click.Choice(CHANNELS))
@click.option("--scope", type=click.Choice(SCOPES), help="“六进”")
@click.option("--audience", "audiences", multiple=True, type=click.Choice(AUDIENCES))
@click.option("--materials", type=int, help="发放资料份数")
@click.option("--count", help="参与人次")
@click.option("--festival", help="结合的节日（元旦、春节……重阳节）")
@click.option("--place")
@click.option("--summary")
def activity_log(title: str, day: str | None, form: str, law: str | None, on_theme: bool, channels: tuple[str, ...],
                 scope: str | None, audiences: tuple[str, ...], materials: int | None, count: str | None,
                 festival: str | None, place: str | None, summary: str | None) -> None:
    """登记一次已开展的普法宣传活动。"""
    from .service import log_activity

    raw = {"title": title, "date": _date(day).isoformat(), "place": place, "summary": summary, "count": count,
           "fields": {"form": form, "law": law, "on_theme": on_theme or None, "channels": list(channels),
                      "scope": scope, "audience": list(audiences), "materials": materials, "festival": festival}}
    with _ctx(True, f"pufa activity log {title}") as ctx:
        eid = log_activity(ctx, raw)
    click.echo(eid)
    _say(f"已登记普法活动“{title}”（#{eid}）")


@group.group(name="dispute")
def dispute() -> None:
    """矛盾纠纷：排查 → 调处 → 结案（当事人默认隐去）。"""


@dispute.command(name="add")
@click.option("--date", "day", metavar="DATE", help="排查日期")
@click.option("--kind", type=click.Choice(("邻里", "家庭", "婚姻", "物业", "劳资", "房屋土地", "其他")), required=True)
@click.option("--party", "parties", multiple=True, help="当事人，可多次（受限信息）")
@click.option("--mediator")
@click.option("--summary")
def dispute_add(day: str | None, kind: str, parties: tuple[str, ...], mediator: str | None, summary: str | None) -> None:
    """登记排查到的矛盾纠纷。"""
    with _ctx(True, "pufa dispute add") as ctx:
        rid = ctx.add("pufa.dispute", {"screened": _date(day).isoformat(), "kind": kind, "parties": list(parties),
                                       "mediator": mediator, "summary": summary})
    click.echo(rid)
    _say(f"已登记矛盾纠纷 #{rid}（{kind}）")


@dispute.command(name="update")
@click.argument("dispute_id", metavar="ID")
@click.option("--stage", type=click.Choice(("排查", "调处")), help="阶段")
@click.option("--mediator")
@click.option("--summary")
def dispute_update(dispute_id: str, stage: str | None, mediator: str | None, summary: str | None) -> None:
    """推进调处。"""
    from .service import update_dispute

    changes = {k: v for k, v in {"stage": stage, "mediator": mediator, "summary": summary}.items() if v}
    if not changes:
        raise click.UsageError("没有要修改的内容")
    with _ctx(True, f"pufa dispute update {dispute_id}") as ctx:
        update_dispute(ctx, dispute_id, changes)
    _say(f"已更新矛盾纠纷 #{dispute_id}")


@dispute.command(name="close")
@click.argument("dispute_id", metavar="ID")
@click.option("--outcome", type=click.Choice(OUTCOMES), required=True)
@click.option("--date", "day", metavar="DATE")
@click.option("--follow-up", help="回访情况")
def dispute_close(dispute_id: str, outcome: str, day: str | None, follow_up: str | None) -> None:
    """结案（只能一次）。"""
    from .service import update_dispute

    with _ctx(True, f"pufa dispute close {dispute_id}") as ctx:
        update_dispute(ctx, dispute_id, {"stage": "结案", "outcome": outcome, "closed": _date(day).isoformat(),
                                         **({"follow_up": follow_up} if follow_up else {})})
    _say(f"矛盾纠纷 #{dispute_id} 已结案：{outcome}")


@dispute.command(name="screen")
@click.option("--date", "day", metavar="DATE")
@click.option("--found", type=int, default=0, show_default=True, help="本次排查发现的纠纷数")
def dispute_screen(day: str | None, found: int) -> None:
    """登记一次矛盾纠纷排查（即使没有发现纠纷，也要有排查记录）。"""
    from shequ.events import add_event

    with _ctx(True, "pufa dispute screen") as ctx:
        eid, _ = add_event(ctx, {"title": "矛盾纠纷排查", "date": _date(day).isoformat(), "domain": "pufa",
                                 "status": "done", "summary": f"排查发现矛盾纠纷 {found} 起"})
    _say(f"已登记矛盾纠纷排查（#{eid}），发现 {found} 起")


@dispute.command(name="list")
@click.option("--stage", type=click.Choice(("排查", "调处", "结案")))
@click.option("--reveal", is_flag=True, help="显示当事人（记入修改日志）")
@click.option("--json", "as_json", is_flag=True)
def dispute_list(stage: str | None, reveal: bool, as_json: bool) -> None:
    """矛盾纠纷列表；当事人默认隐去。"""
    from shequ.output import mask_name

    with _reading(reveal, "pufa dispute list") as ctx:
        rows = [{"id": rid, **{k: rec.get(k) for k in ("screened", "kind", "stage", "outcome", "closed", "mediator")},
                 "parties": rec.get("parties", []) if reveal else mask_name(rec.get("parties", []))}
                for rid, rec in ctx.list("pufa.dispute") if not stage or rec.get("stage") == stage]
    _out(rows, [("id", "编号"), ("screened", "排查日期"), ("kind", "类型"), ("parties", "当事人"), ("stage", "阶段"),
                ("mediator", "调解人"), ("outcome", "结果"), ("closed", "结案日期")], as_json)


@group.group(name="bangjiao")
def bangjiao() -> None:
    """安置帮教（受限信息：名单默认隐去）。"""


@bangjiao.command(name="add")
@click.argument("person")
@click.option("--category", type=click.Choice(("刑释解教", "社区矫正", "戒毒康复")), required=True)
@click.option("--start", metavar="DATE", required=True)
@click.option("--end", metavar="DATE")
@click.option("--officer", help="帮教责任人")
def bangjiao_add(person: str, category: str, start: str, end: str | None, officer: str | None) -> None:
    """登记帮教对象。"""
    with _ctx(True, "pufa bangjiao add") as ctx:
        rid = ctx.add("pufa.bangjiao", {"person": person, "category": category, "start": start, "end": end, "officer": officer})
    _say(f"已登记帮教对象 #{rid}（{category}）")


@bangjiao.command(name="contact")
@click.argument("person")
@click.option("--date", "day", metavar="DATE")
@click.option("--way", type=click.Choice(("走访", "谈话", "电话")), default="走访", show_default=True)
@click.option("--note")
def bangjiao_contact(person: str, day: str | None, way: str, note: str | None) -> None:
    """登记一次帮教（对象须在帮教期内）。"""
    from .service import bangjiao_of

    d = _date(day)
    with _ctx(True, "pufa bangjiao contact") as ctx:
        rid, _ = bangjiao_of(ctx, person, d)
        ctx.add("pufa.contact", {"bangjiao": rid, "date": d.isoformat(), "way": way, "note": note})
    _say(f"已登记帮教记录（帮教 #{rid}，{way}）")


@bangjiao.command(name="list")
@click.option("--reveal", is_flag=True, help="显示姓名（记入修改日志）")
@click.option("--json", "as_json", is_flag=True)
def bangjiao_list(reveal: bool, as_json: bool) -> None:
    """帮教对象及帮教次数；姓名默认隐去。"""
    from shequ.records import ref_label

    with _reading(reveal, "pufa bangjiao list") as ctx:
        contacts: dict[int, int] = {}
        for _, c in ctx.list("pufa.contact"):
            contacts[c["bangjiao"]] = contacts.get(c["bangjiao"], 0) + 1
        rows = [{"id": rid, "person": ref_label(ctx.session, "person", rec["person"]) if reveal else "（已隐去）",
                 "category": rec["category"], "start": rec["start"], "end": rec.get("end"), "contacts": contacts.get(rid, 0)}
                for rid, rec in ctx.list("pufa.bangjiao")]
    _out(rows, [("id", "编号"), ("person", "对象"), ("category", "类别"), ("start", "起始"), ("end", "结束"), ("contacts", "帮教次数")], as_json)


@group.command(name="materials")
@click.option("--period", "-p")
@click.option("--json", "as_json", is_flag=True)
def materials_cmd(period: str | None, as_json: bool) -> None:
    """发放宣传资料份数（按法律/主题汇总）。"""
    from shequ.events import all_events
    from shequ.periods import parse_period

    a = _app()
    span = parse_period(period or "this-year", today=a.today)
    totals: dict[str, int] = {}
    with _ctx() as ctx:
        for e in all_events(ctx.session).values():
            f = e.get("fields") or {}
            if e.get("type") == "pufa.activity" and e.get("status") == "done" and e["date"] in span and f.get("materials"):
                totals[f.get("law") or "其他"] = totals.get(f.get("law") or "其他", 0) + int(f["materials"])
    rows = [{"law": k, "materials": v} for k, v in sorted(totals.items(), key=lambda kv: -kv[1])]
    _out(rows, [("law", "法律或主题"), ("materials", "资料份数")], as_json)
