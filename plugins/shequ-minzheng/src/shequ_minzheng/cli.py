"""``shequ minzheng …`` (alias ``shequ 民政``): thin callbacks over ``cases``, ``payments`` and ``activities``.

Names of assistance recipients, orphans and payees are masked in every listing unless ``--reveal``
(which the core writes to the change log); confirmations go to stderr and never carry a name.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

import click
from shequ import UsageError
from shequ.api import Column, date_option, group, listing, open_context, period_option, say

from .labels import (CHANGE_KINDS, MONTHLY, ORG_RESULTS, ORPHAN_END_REASONS, PROGRAMS, REVIEW_KINDS, REVIEW_RESULTS,
                     STAGES)
from .rules import month_of


@group("minzheng")
def minzheng() -> None:
    """民政：社会救助（审核→申报→发放、年审、公示）、孤儿生活费和尊老金每月发放、一日捐、社会组织年检、殡改。"""


def _month(ctx: Any, text: str | None) -> str:
    if text is None:
        return month_of(ctx.today)
    p = ctx.parse_period(text)
    if p.kind != "month":
        raise UsageError(f"应为一个月（如 2025-03）：{text}")
    return p.label


def _emit(out: Any, rows: Sequence[dict[str, Any]], columns: list[Column]) -> None:
    """Only the columns' keys leave the command (JSON included), masked as the columns say."""
    keys = [c.key for c in columns]
    out.rows([{k: r.get(k) for k in keys} for r in rows], columns)


def _say_all(notes: list[str]) -> None:
    for note in notes:
        say(note)


# -- 社会救助 -----------------------------------------------------------------------------------------
@minzheng.group(name="case")
def case() -> None:
    """社会救助：材料审核 → 申报 → 发放（停发须写原因），年审认定、动态管理、民主评议。"""


@case.command(name="add")
@click.argument("person")
@click.option("--program", type=click.Choice(PROGRAMS), required=True, help="救助项目")
@date_option("--date", "day", help="受理（材料审核）日期，默认今天")
@click.option("--household", help="户号（默认取花名册）")
@click.option("--members", type=click.IntRange(min=1), help="保障人口")
@click.option("--tekun", is_flag=True, help="特困户（须民主评议并公示）")
@click.option("--note", help="备注")
def case_add(person: str, program: str, day: date, household: str | None, members: int | None, tekun: bool,
             note: str | None) -> None:
    """受理一件救助申请，进入材料审核（输出救助编号）。"""
    from .cases import add_case

    with open_context(write=True, action=f"minzheng case add {program}") as ctx:
        rid = add_case(ctx, person, program, day, household, members, tekun, note)
    click.echo(rid)
    say(f"已受理{program}救助 #{rid}（材料审核）")


@case.command(name="advance")
@click.argument("case_id", metavar="ID")
@click.option("--to", "to", type=click.Choice(("申报", "发放")), required=True, help="下一阶段（不能跳过申报）")
@date_option("--date", "day")
@click.option("--monthly", metavar="金额", help="发放：每月金额（建立定期发放，按月发放）")
@click.option("--from", "first", metavar="YYYY-MM", help="按月发放的起始月份（默认按变更规则，当月或次月）")
@click.option("--once", metavar="金额", help="发放：一次性金额（记账后办结）")
@click.option("--fund", help="资金来源，如 民政配套资金（配套发放）")
def case_advance(case_id: str, to: str, day: date, monthly: str | None, first: str | None, once: str | None,
                 fund: str | None) -> None:
    """推进到申报或发放。发放时 --monthly 按月发放、--once 一次性发放；都不给则为上级直接发放（只记录）。"""
    from .cases import advance

    if monthly is not None and once is not None:
        raise click.UsageError("--monthly 与 --once 只能给一个")
    if to == "申报" and (monthly or once or first or fund):
        raise click.UsageError("--monthly、--once、--from、--fund 只用于发放")
    with open_context(write=True, action=f"minzheng case advance {case_id} {to}") as ctx:
        since = _month(ctx, first) if first else None
        _, notes = advance(ctx, case_id, to, day, monthly, since, once, fund)
    say(f"救助 #{case_id.lstrip('#')} 已进入{to}阶段")
    _say_all(notes)


@case.command(name="stop")
@click.argument("case_id", metavar="ID")
@click.option("--reason", required=True, help="停发原因（如 收入超过标准、迁出、死亡）")
@date_option("--date", "day")
@click.option("--last-paid", metavar="YYYY-MM", help="最后发放的月份（默认按变更规则：当月停发则为上月）")
def case_stop(case_id: str, reason: str, day: date, last_paid: str | None) -> None:
    """停发，并停止其按月发放。"""
    from .cases import stop

    with open_context(write=True, action=f"minzheng case stop {case_id}") as ctx:
        notes = stop(ctx, case_id, day, reason, _month(ctx, last_paid) if last_paid else None)
    say(f"救助 #{case_id.lstrip('#')} 已停发：{reason}")
    _say_all(notes)


@case.command(name="review")
@click.argument("case_id", metavar="ID")
@click.option("--result", type=click.Choice(REVIEW_RESULTS), required=True, help="结论")
@date_option("--date", "day")
@click.option("--kind", type=click.Choice(REVIEW_KINDS), help="类别（默认：有情况变化为动态复核，否则年审认定）")
@click.option("--monthly", metavar="金额", help="调整待遇：调整后的月救助金额")
@click.option("--note", help="情况")
def case_review(case_id: str, result: str, day: date, kind: str | None, monthly: str | None, note: str | None) -> None:
    """年审认定或动态复核（输出年审记录编号）。停止享受即停发；调整待遇从变更月份起按新金额发放。"""
    from .cases import review

    with open_context(write=True, action=f"minzheng case review {case_id}") as ctx:
        rid, notes = review(ctx, case_id, day, result, kind, monthly, note)
    click.echo(rid)
    say(f"救助 #{case_id.lstrip('#')} 已{kind or '年审'}：{result}")
    _say_all(notes)


@case.command(name="change")
@click.argument("case_id", metavar="ID")
@click.option("--kind", type=click.Choice(CHANGE_KINDS), required=True, help="变化")
@date_option("--date", "day")
@click.option("--note", help="情况")
def case_change(case_id: str, kind: str, day: date, note: str | None) -> None:
    """动态管理：登记收入或家庭人口变化，该救助转为待复核。"""
    from .cases import change

    with open_context(write=True, action=f"minzheng case change {case_id}") as ctx:
        change(ctx, case_id, day, kind, note)
    say(f"救助 #{case_id.lstrip('#')} 已登记{kind}，待复核（shequ minzheng case review {case_id.lstrip('#')} …）")


@case.command(name="pingyi")
@click.argument("case_id", metavar="ID")
@click.option("--result", type=click.Choice(("通过", "未通过")), required=True, help="评议结果")
@date_option("--date", "day")
def case_pingyi(case_id: str, result: str, day: date) -> None:
    """登记民主评议结果（特困户须民主评议并公示，篇16(一) L335）。"""
    from .cases import pingyi

    with open_context(write=True, action=f"minzheng case pingyi {case_id}") as ctx:
        pingyi(ctx, case_id, day, result)
    say(f"救助 #{case_id.lstrip('#')} 民主评议：{result}")


@case.command(name="pay")
@click.argument("case_id", metavar="ID")
@click.option("--amount", required=True, metavar="金额", help="发放金额（元，最多两位小数）")
@date_option("--date", "day")
def case_pay(case_id: str, amount: str, day: date) -> None:
    """为发放中的救助记一笔发放（同一救助每月一次；输出账目编号）。"""
    from .cases import pay_once

    with open_context(write=True, action=f"minzheng case pay {case_id}") as ctx:
        eid = pay_once(ctx, case_id, amount, day)
    click.echo(eid)
    say(f"已为救助 #{case_id.lstrip('#')} 记账 #{eid}")


CASE_COLUMNS = [Column("id", "编号"), Column("person", "申请人", "name"), Column("program", "救助项目"),
                Column("stage", "阶段"), Column("members", "保障人口"), Column("monthly", "月金额"),
                Column("opened", "受理"), Column("declared", "申报"), Column("granted", "发放"),
                Column("review_due", "下次年审"), Column("reopened", "待复核"), Column("tekun", "特困户"),
                Column("stopped", "停发"), Column("stop_reason", "停发原因")]


@case.command(name="list")
@click.option("--program", type=click.Choice(PROGRAMS), help="只看某项目")
@click.option("--stage", type=click.Choice(STAGES), help="只看某阶段")
@listing(reveal=True)
def case_list(program: str | None, stage: str | None, out: Any) -> None:
    """救助名单；申请人默认隐去（--reveal 显示，记入修改日志）。"""
    from .cases import case_rows

    with open_context() as ctx:
        rows = case_rows(ctx, program, stage)
        if out.reveal:
            names = ctx.people.names(r["person"] for r in rows)
            rows = [{**r, "person": names[r["person"]]} for r in rows]
    _emit(out, rows, CASE_COLUMNS)


@case.command(name="show")
@click.argument("case_id", metavar="ID")
@listing(reveal=True)
def case_show(case_id: str, out: Any) -> None:
    """一件救助的全部情况和年审记录；申请人、户号默认隐去。"""
    from . import CASE
    from .cases import get_case

    with open_context() as ctx:
        rid, c = get_case(ctx, case_id)
        reviews = [f"{r['date']} {r.get('kind')}：{r['result']}" + (f"（{r['monthly']}元）" if r.get("monthly") else "")
                   for _, r in ctx.records.list("minzheng.review", case=rid)]
        row = {"id": rid, **c, "reviews": reviews}
        if out.reveal:
            row["person"] = ctx.people.name(c["person"])
    masks = {"person": "name", "household": "name"}
    shown = [Column("id", "编号")] + [Column(f.name, f.title, masks.get(f.name)) for f in CASE.fields
                                      if row.get(f.name) is not None or not out.human]
    if reviews or not out.human:
        shown.append(Column("reviews", "年审复核"))
    out.record({c.key: row.get(c.key) for c in shown}, shown)


@minzheng.group(name="review")
def review_group() -> None:
    """年审认定：哪些救助对象到期、逾期或因情况变化待复核。"""


@review_group.command(name="due")
@click.option("--within", type=click.IntRange(min=0), help="列出多少天内到期的（默认取设置 minzheng.review_warn_days）")
@click.option("--strict", is_flag=True, help="有逾期或待复核时以退出码 3 结束（供 cron 使用）")
@listing(reveal=True)
def review_due(within: int | None, strict: bool, out: Any) -> None:
    """年审到期、逾期、待复核的救助（对象默认隐去）。"""
    from .cases import reviews_due

    with open_context() as ctx:
        rows = reviews_due(ctx, within)
        if out.reveal:
            names = ctx.people.names(r["person"] for r in rows)
            rows = [{**r, "person": names[r["person"]]} for r in rows]
    if not rows and out.fmt == "table":
        say("没有到期、逾期或待复核的年审")
    else:
        _emit(out, rows, [Column("id", "救助编号"), Column("person", "对象", "name"), Column("program", "项目"),
                          Column("review_due", "年审到期"), Column("status", "状态"), Column("days_late", "逾期天数"),
                          Column("reason", "情况变化")])
    if strict and any(r["status"] != "即将到期" for r in rows):
        raise SystemExit(3)


# -- 公示 ------------------------------------------------------------------------------------------
@minzheng.group(name="gongshi")
def gongshi_group() -> None:
    """救助公示：生成名单（姓名按公示要求显示，身份证号隐去）、登记张贴。"""


@gongshi_group.command(name="sheet")
@period_option(default="this-month")
@click.option("--program", type=click.Choice(PROGRAMS), help="只公示某项目")
@click.option("--tekun", is_flag=True, help="只公示特困户")
@listing
def gongshi_sheet(period: Any, program: str | None, tekun: bool, out: Any) -> None:
    """期间内的救助公示名单：新申报、在保和一次性救助；身份证号始终隐去。生成名单会记入修改日志。"""
    from .cases import gongshi

    what = program or "社会救助"
    with open_context(write=True, action=f"minzheng gongshi sheet {period.label} {what}") as ctx:
        rows, gid = gongshi(ctx, period, program, tekun)
        unit = ctx.unit
    _emit(out, rows, [Column("n", "序号"), Column("name", "姓名"), Column("id_card", "身份证号", "id_card"),
                      Column("program", "救助项目"), Column("members", "保障人口"), Column("monthly", "月救助金额（元）"),
                      Column("status", "类别"), Column("pingyi", "民主评议")])
    say(f"{unit}{period.title}{what}{'（特困户）' if tekun else ''}公示名单 {len(rows)} 户（公示 #{gid}；"
        f"张贴后请登记：shequ minzheng gongshi post {gid} --date …）")


@gongshi_group.command(name="post")
@click.argument("gongshi_id", metavar="ID|期间")
@date_option("--date", "day", help="张贴日期（默认今天）")
@date_option("--until", "until", help="公示截止日期", default_today=False)
@click.option("--place", help="公示地点（如 社区公开栏）")
def gongshi_post(gongshi_id: str, day: date, until: date | None, place: str | None) -> None:
    """登记公示名单已张贴（接受居民监督）：按公示编号，或按期间（该期间只有一份名单时）。"""
    from .cases import post_gongshi

    with open_context(write=True, action=f"minzheng gongshi post {gongshi_id}") as ctx:
        gid = post_gongshi(ctx, gongshi_id, day, until, place)
    say(f"公示 #{gid} 已于 {day.isoformat()} 张贴" + (f"，至 {until.isoformat()}" if until else ""))


# -- 孤儿 ------------------------------------------------------------------------------------------
@minzheng.group(name="orphan")
def orphan() -> None:
    """孤儿：动态管理，生活费每月打到卡上（默认每人每月750元，篇6 L124）。"""


@orphan.command(name="add")
@click.argument("person")
@click.option("--from", "first", metavar="YYYY-MM", help="起始月份（默认按变更规则）")
@click.option("--amount", metavar="金额", help="每月生活费（默认取设置 minzheng.orphan_allowance）")
@click.option("--card", help="银行卡号（默认隐去）")
@click.option("--guardian", help="监护人（默认隐去）")
def orphan_add(person: str, first: str | None, amount: str | None, card: str | None, guardian: str | None) -> None:
    """登记孤儿并按月发放生活费（输出孤儿编号）。"""
    from .payments import add_orphan

    with open_context(write=True, action="minzheng orphan add") as ctx:
        rid, sid, value = add_orphan(ctx, person, _month(ctx, first) if first else None, amount, card, guardian)
    click.echo(rid)
    say(f"已登记孤儿 #{rid}：每月 {value} 元打到卡上（定期发放 #{sid}）")


@orphan.command(name="stop")
@click.argument("orphan_id", metavar="ID")
@click.option("--reason", type=click.Choice(ORPHAN_END_REASONS), required=True, help="停发原因")
@date_option("--date", "day")
@click.option("--last-paid", metavar="YYYY-MM", help="最后发放的月份（默认按变更规则）")
def orphan_stop(orphan_id: str, reason: str, day: date, last_paid: str | None) -> None:
    """停发孤儿生活费。"""
    from .payments import stop_orphan

    with open_context(write=True, action=f"minzheng orphan stop {orphan_id}") as ctx:
        notes = stop_orphan(ctx, orphan_id, day, reason, _month(ctx, last_paid) if last_paid else None)
    say(f"孤儿 #{orphan_id.lstrip('#')} 已停发：{reason}")
    _say_all(notes)


@orphan.command(name="adjust")
@click.option("--from", "first", metavar="YYYY-MM", required=True, help="新标准的起始月份")
@click.option("--amount", metavar="金额", help="新标准（默认取设置 minzheng.orphan_allowance）")
def orphan_adjust(first: str, amount: str | None) -> None:
    """调整全部在册孤儿的生活费标准（已发放的月份不变）。"""
    from .payments import adjust_orphans

    with open_context(write=True, action="minzheng orphan adjust") as ctx:
        value, done, notes = adjust_orphans(ctx, _month(ctx, first), amount)
    say(f"已将 {len(done)} 名孤儿的生活费调整为每月 {value} 元")
    _say_all(notes)


@orphan.command(name="list")
@click.option("--all", "show_all", is_flag=True, help="也列出已停发的")
@listing(reveal=True)
def orphan_list(show_all: bool, out: Any) -> None:
    """孤儿名单；姓名、监护人、卡号默认隐去（--reveal 显示，记入修改日志）。"""
    with open_context() as ctx:
        rows = [{"id": rid, **o} for rid, o in ctx.records.list("minzheng.orphan") if show_all or not o.get("ended")]
        if out.reveal:
            names = ctx.people.names(r["person"] for r in rows)
            rows = [{**r, "person": names[r["person"]]} for r in rows]
    _emit(out, rows, [Column("id", "编号"), Column("person", "孤儿", "name"), Column("since", "起始月份"),
                      Column("amount", "月生活费"), Column("card", "银行卡号", "id_card"), Column("guardian", "监护人", "name"),
                      Column("schedule", "定期发放"), Column("ended", "停发"), Column("end_reason", "停发原因")])


# -- 尊老金 -----------------------------------------------------------------------------------------
@minzheng.group(name="zunlaojin")
def zunlaojin() -> None:
    """尊老金：按花名册的年龄和设置的标准，每月及时变更、及时发放（篇6 L124）。"""


@zunlaojin.command(name="sync")
@click.option("--month", metavar="YYYY-MM", help="月份（默认本月）")
@click.option("--yes", "confirm", is_flag=True, help="确认变更（不加则只试算）")
@listing(reveal=True)
def zunlaojin_sync_cmd(month: str | None, confirm: bool, out: Any) -> None:
    """按本月情况变更尊老金名单：新增（满龄）、调整（进入高龄档）、停发（死亡、迁出）。先试算，确认后加 --yes。"""
    from .payments import zunlaojin_plan, zunlaojin_sync

    with open_context(write=confirm, action="minzheng zunlaojin sync") as ctx:
        label = _month(ctx, month)
        rows, unchanged = zunlaojin_plan(ctx, label)
        notes = zunlaojin_sync(ctx, label, rows) if confirm else []
    _emit(out, rows, [Column("action", "变更"), Column("person", "老人", "name"), Column("age", "周岁"),
                      Column("old_amount", "原金额"), Column("amount", "新金额"), Column("reason", "依据"),
                      Column("schedule", "定期发放")])
    counts = {a: sum(1 for r in rows if r["action"] == a) for a in ("新增", "调整", "停发")}
    summary = f"{label} 尊老金：新增 {counts['新增']} 人、调整 {counts['调整']} 人、停发 {counts['停发']} 人，不变 {unchanged} 人"
    say(summary + ("" if confirm else "（试算，未变更；确认后加 --yes）"))
    _say_all(notes)


# -- 每月发放 ---------------------------------------------------------------------------------------
@minzheng.group(name="pay")
def pay_group() -> None:
    """每月发放：本月名单、比上月的变动、发放（先试算，确认后加 --yes；同一人同一月只发一次）。"""


PAY_COLUMNS = [Column("program", "项目"), Column("schedule", "定期发放"), Column("payee", "领取人", "name"),
               Column("month", "月份"), Column("amount", "金额"), Column("change", "变动"), Column("old_amount", "上月金额"),
               Column("paid", "已发放"), Column("entry", "账目")]
PROGRAM_OPTION = click.option("--program", "programs", multiple=True, type=click.Choice(MONTHLY),
                              help="只看某项目，可多次（默认全部）")


@pay_group.command(name="list")
@click.option("--month", metavar="YYYY-MM", help="月份（默认本月）")
@PROGRAM_OPTION
@listing(reveal=True)
def pay_list(month: str | None, programs: tuple[str, ...], out: Any) -> None:
    """本月发放名单：每人金额、是否已发、比上月的变动；领取人默认隐去。"""
    from .payments import month_rows

    with open_context() as ctx:
        label = _month(ctx, month)
        rows = month_rows(ctx, label, programs)
    _emit(out, rows, PAY_COLUMNS)
    if out.fmt == "table":
        total = sum(float(r["amount"]) for r in rows)
        done = sum(1 for r in rows if r["paid"])
        say(f"{label}：应发 {len(rows)} 笔，共 {total:.2f} 元；已发 {done} 笔")


@pay_group.command(name="changes")
@click.option("--month", metavar="YYYY-MM", help="月份（默认本月）")
@PROGRAM_OPTION
@listing(reveal=True)
def pay_changes(month: str | None, programs: tuple[str, ...], out: Any) -> None:
    """比上月的变动：新增、调整、停发（领取人默认隐去）。"""
    from .payments import changes

    with open_context() as ctx:
        rows = changes(ctx, _month(ctx, month), programs)
    _emit(out, rows, [Column("program", "项目"), Column("change", "变动"), Column("payee", "领取人", "name"),
                      Column("old_amount", "上月金额"), Column("amount", "本月金额"), Column("schedule", "定期发放"),
                      Column("reason", "原因")])


@pay_group.command(name="run")
@click.option("--month", metavar="YYYY-MM", help="月份（默认本月）")
@PROGRAM_OPTION
@click.option("--person", help="只发放这一人（已发、已停发的会报错）")
@date_option("--date", "day", help="发放（记账）日期，默认今天")
@click.option("--yes", "confirm", is_flag=True, help="确认发放（不加则只试算，不记账）")
@listing(reveal=True)
def pay_run(month: str | None, programs: tuple[str, ...], person: str | None, day: date, confirm: bool, out: Any) -> None:
    """本月发放：先试算列出应发，确认无误后加 --yes 记账；已发的不会重复发放。"""
    from .payments import fund_shortfalls, pay

    with open_context(write=confirm, action="minzheng pay run") as ctx:
        label = _month(ctx, month)
        rows, booked = pay(ctx, label, programs, person, day, confirm)
        short = fund_shortfalls(ctx, rows) if not confirm else []
    _emit(out, rows, PAY_COLUMNS)
    todo = [r for r in rows if not r["paid"]]
    if not confirm:
        total = sum(float(r["amount"]) for r in todo)
        say(f"试算（未记账）：{label} 应发 {len(todo)} 笔，共 {total:.2f} 元；已发 {len(rows) - len(todo)} 笔。"
            + ("确认无误后加 --yes 发放。" if todo else ""))
        _say_all(short)
    elif booked:
        say(f"已发放 {len(booked)} 笔，共 {sum(float(r['amount']) for r in booked):.2f} 元（{label}，记账日期 {day.isoformat()}）")
    else:
        say(f"{label} 应发的已全部发放，未重复记账")


# -- 死亡登记（殡改） -----------------------------------------------------------------------------------
@minzheng.command(name="death")
@click.argument("person")
@date_option("--date", "day", help="死亡日期（默认今天）")
@click.option("--cremated/--buried", "cremated", required=True, help="火化或土葬（殡改，火化率目标100%）")
@click.option("--note", help="备注")
def death_cmd(person: str, day: date, cremated: bool, note: str | None) -> None:
    """登记死亡（殡改），同时及时停发其尊老金、孤儿生活费和救助（输出殡改记录编号）。

    已从花名册删除的居民请用编号。
    """
    from .payments import record_death

    with open_context(write=True, action="minzheng death") as ctx:
        rid, notes = record_death(ctx, person, day, cremated, note)
    click.echo(rid)
    say(f"已登记死亡（殡改 #{rid}，{'火化' if cremated else '土葬'}）；花名册中的居民请另用 shequ people remove")
    _say_all(notes)


# -- 一日捐 ------------------------------------------------------------------------------------------
@minzheng.group(name="yiri")
def yiri() -> None:
    """一日捐：捐款记入经费台账（收入:捐赠:一日捐，篇6 L137）。"""


@yiri.command(name="give")
@click.argument("donor")
@click.argument("amount")
@date_option("--date", "day")
@click.option("--voucher", help="收据或凭证号")
def yiri_give(donor: str, amount: str, day: date, voucher: str | None) -> None:
    """登记一笔捐款：捐款人（居民或单位）和金额（输出账目编号）。"""
    from .activities import give

    with open_context(write=True, action="minzheng yiri give") as ctx:
        eid = give(ctx, donor, amount, day, voucher)
    click.echo(eid)
    say(f"已记一日捐 #{eid}")


@yiri.command(name="list")
@period_option()
@listing
def yiri_list(period: Any, out: Any) -> None:
    """一日捐明细与合计。"""
    from .activities import donations

    with open_context() as ctx:
        rows = donations(ctx, period)
    _emit(out, rows, [Column("id", "账目"), Column("date", "日期"), Column("donor", "捐款人"), Column("amount", "金额"),
                      Column("voucher", "凭证号")])
    if out.fmt == "table":
        say(f"{period.title}一日捐 {len(rows)} 笔，共 {sum(float(r['amount']) for r in rows):.2f} 元")


# -- 社会组织 -----------------------------------------------------------------------------------------
@minzheng.group(name="org")
def org() -> None:
    """社会组织：名单与每年的年检（篇6 L126）。"""


@org.command(name="check")
@click.argument("org_key", metavar="组织")
@click.option("--result", type=click.Choice(ORG_RESULTS), required=True, help="年检结论")
@click.option("--year", type=int, help="年度（默认年检日期所在年）")
@date_option("--date", "day")
@click.option("--note", help="情况")
def org_check(org_key: str, result: str, year: int | None, day: date, note: str | None) -> None:
    """登记一个社会组织的年检（每年一次；输出年检记录编号）。"""
    from .activities import check_org

    with open_context(write=True, action="minzheng org check") as ctx:
        rid = check_org(ctx, org_key, year or day.year, day, result, note)
    click.echo(rid)
    say(f"已登记年检：{result}")


@org.command(name="list")
@click.option("--year", type=int, help="年度（默认今年）")
@listing
def org_list(year: int | None, out: Any) -> None:
    """社会组织及其年度年检情况。"""
    from .activities import org_rows

    with open_context() as ctx:
        rows = org_rows(ctx, year or ctx.today.year)
    _emit(out, rows, [Column("id", "编号"), Column("name", "名称"), Column("category", "类别"), Column("status", "登记状态"),
                      Column("contact", "负责人"), Column("checked", "年检日期"), Column("result", "年检结论")])
