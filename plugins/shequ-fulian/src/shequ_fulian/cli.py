"""``shequ fulian …`` (alias ``shequ 妇联``): thin callbacks over ``service``, through the public API only.

Health checks, 临时救助 referrals, 送达对象 and 爱心助学 recipients are sensitive: their listings
hide names unless ``--reveal`` (written to the change log).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from shequ.api import Column, date_option, group, listing, open_context, period_option, say

from . import (AWARDS, CHECK_KINDS, OUTCOMES, OUTREACH_ITEMS, REASONS, RECIPIENT_KINDS, ROLES, SEASONS, TEAM_KINDS)


@group("fulian")
def fulian() -> None:
    """妇联：育龄妇女体检、临时救助上报（敏感信息默认隐去）、队伍、家庭评比、送春联、爱心助学。"""


# -- 体检 ---------------------------------------------------------------------------------------
@fulian.group(name="checkup")
def checkup() -> None:
    """育龄妇女体检、妇科检查（健康信息：名单默认隐去）。"""


@checkup.command(name="todo")
@click.option("--year", type=int, help="年度（默认今年）")
@click.option("--season", type=click.Choice(SEASONS), help="只认该季节内的检查（默认全年，季节起止见 calendar.* 设置）")
@click.option("--kind", type=click.Choice(CHECK_KINDS), help="只认某一项目的检查")
@date_option("--on", "on", help="按哪一天的育龄妇女名单（默认今天）")
@click.option("--strict", is_flag=True, help="还有未体检的育龄妇女时以退出码 3 结束（供 cron 使用）")
@listing(reveal=True)
def checkup_todo(year: int | None, season: str | None, kind: str | None, on: date, strict: bool, out: Any) -> None:
    """今年（或某季节）还没有体检的育龄妇女：默认按网格给人数，--reveal 列出姓名和电话（记入修改日志）。

    \b
    例：
      shequ 妇联 checkup todo                     # 各网格还有几人未检
      shequ 妇联 checkup todo --season 春季 --reveal   # 通知名单（姓名、电话）
    """
    from shequ.periods import year_period

    from .service import season_span, todo

    with open_context() as ctx:
        y = year or on.year
        span = season_span(ctx, season, y) if season else year_period(y)
        left, women, done = todo(ctx, span, on, kind)
        reg = ctx.people.register(on)
        cols = {k: reg.column(k) for k in ("name", "phone", "address", "grid", "birth")}
        checked = set(ctx.people.members("育龄妇女", on)) - set(left)
        at = {pid: reg.position(pid) for pid in checked | set(left)}
    scope = f"{y}年{season or ''}"
    say(f"{scope}：育龄妇女 {women} 人，已体检 {done} 人，尚未体检 {len(left)} 人"
        + ("" if out.reveal or not left else "（姓名已隐去：加 --reveal 显示，记入修改日志）"))
    if out.reveal:
        rows = [{"id": pid, "name": cols["name"][at[pid]], "age": _age(cols["birth"][at[pid]], on),
                 "phone": cols["phone"][at[pid]], "address": cols["address"][at[pid]], "grid": cols["grid"][at[pid]]}
                for pid in left]
        out.rows(rows, [Column("id", "编号"), Column("name", "姓名", "name"), Column("age", "年龄"),
                        Column("phone", "联系电话", "phone"), Column("address", "住址"), Column("grid", "网格")])
    else:
        by_grid: dict[str, list[int]] = {}
        grid_of = {pid: cols["grid"][i] or "（未分网格）" for pid, i in at.items()}
        for pid, g in grid_of.items():
            counts = by_grid.setdefault(g, [0, 0])
            counts[0 if pid in checked else 1] += 1
        rows = [{"grid": g, "women": a + b, "checked": a, "todo": b} for g, (a, b) in sorted(by_grid.items(), key=_grid_key)]
        out.rows(rows, [("grid", "网格"), ("women", "育龄妇女"), ("checked", "已体检"), ("todo", "未体检")])
    if strict and left:
        raise SystemExit(3)


_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}


def _grid_key(item: tuple[str, Any]) -> tuple[int, str]:
    """第二网格 before 第十网格: Chinese numerals compared as numbers (十 alone counts as 10)."""
    import re

    text = item[0]
    m = re.search(r"[〇一二三四五六七八九十]+|\d+", text)
    if not m:
        return (10**6, text)
    n = m.group()
    if n.isdigit():
        return (int(n), text)
    if "十" in n:
        tens, _, ones = n.partition("十")
        return (int(_CN_DIGITS.get(tens, "1")) * 10 + int(_CN_DIGITS.get(ones, "0") if ones else 0), text)
    return (int("".join(_CN_DIGITS[c] for c in n)), text)


def _age(birth: str | None, on: date) -> int | None:
    if not birth:
        return None
    y, m, d = int(birth[:4]), int(birth[5:7]), int(birth[8:10])
    return on.year - y - ((on.month, on.day) < (m, d))


def _names_from(path: str | None) -> list[str]:
    if not path:
        return []
    from pathlib import Path

    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise click.UsageError(f"无法读取名单文件：{path}")
    return [line.split(",")[0].strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@checkup.command(name="log")
@click.argument("people", nargs=-1, metavar="[PERSON]...")
@click.option("--from-file", "from_file", type=click.Path(exists=True, dir_okay=False),
              help="名单文件：每行一个姓名或编号（UTF-8 或 GBK）")
@date_option("--date", "day", default_today=False, help="体检日期（默认今天；不能晚于今天）")
@click.option("--kind", type=click.Choice(CHECK_KINDS), default="免费体检", show_default=True, help="项目")
@click.option("--paid", is_flag=True, help="自费（默认免费）")
@click.option("--partner", help="承检单位（如 社区卫生服务中心）")
@click.option("--event", help="计划中的体检活动编号（shequ fulian checkup plan 建的）")
def checkup_log(people: tuple[str, ...], from_file: str | None, day: date | None, kind: str, paid: bool,
                partner: str | None, event: str | None) -> None:
    """登记已做的体检：哪些妇女检查了（输出体检活动编号；姓名只记入隐去的体检记录）。

    \b
    例：
      shequ 妇联 checkup log 罗昭枝 于姬璧 --date 2025-04-12 --partner 社区卫生服务中心
      shequ 妇联 checkup log --from-file 体检签到.txt --date 2025-04-12
    """
    from .service import log_checkups, todo

    names = [*people, *_names_from(from_file)]
    if not names:
        raise click.UsageError("没有写受检人（姓名或编号，可多个；或用 --from-file 名单文件）")
    with open_context(write=True, action="fulian checkup log") as ctx:
        eid, n, warnings = log_checkups(ctx, names, day, kind, not paid, partner, event)
        when = ctx.events.get(eid)["date"]
    for w in warnings:
        say(w)
    with open_context() as ctx:
        from shequ.periods import year_period

        y = int(when[:4])
        left, women, done = todo(ctx, year_period(y), date.fromisoformat(when))  # as of the check's day
    click.echo(eid)
    say(f"已登记 {when} {kind} {n} 人（体检活动 #{eid}）；{y}年育龄妇女 {women} 人，已体检 {done} 人，"
        f"尚未体检 {len(left)} 人（shequ fulian checkup todo 查看）")


@checkup.command(name="plan")
@date_option("--date", "day", required=True, default_today=False, help="计划日期")
@click.option("--kind", type=click.Choice(CHECK_KINDS), default="免费体检", show_default=True, help="项目")
@click.option("--partner", help="承检单位")
@click.option("--place", help="地点")
@click.option("--title", help="标题（默认“妇女+项目”）")
def checkup_plan(day: date, kind: str, partner: str | None, place: str | None, title: str | None) -> None:
    """安排一次体检（计划中的活动，输出编号；做完后用 checkup log --event 编号 登记受检人）。"""
    from .service import season_of

    with open_context(write=True) as ctx:
        fields = {"kind": kind, "season": season_of(ctx, day), "partner": partner}
        eid = ctx.events.add({"title": title or f"妇女{kind}", "date": day.isoformat(), "type": "fulian.checkup",
                              "domain": "fulian", "status": "planned", "place": place,
                              "fields": {k: v for k, v in fields.items() if v}})
    click.echo(eid)
    say(f"已安排 {day.isoformat()} {kind}（#{eid}）")


@checkup.command(name="list")
@period_option()
@listing(reveal=True)
def checkup_list(period: Any, out: Any) -> None:
    """体检记录；受检人和结果默认隐去（--reveal 显示，记入修改日志）。"""
    with open_context() as ctx:
        found = ctx.records.list("fulian.checked", f"date>={period.start.isoformat()}", f"date<={period.end.isoformat()}")
        # Names are looked up only when they will be shown.
        rows = [{"id": rid, "date": r["date"], "person": ctx.people.name(r["person"]) if out.reveal else r["person"],
                 "kind": r["kind"], "free": r.get("free"), "event": r.get("event"), "follow_up": r.get("follow_up"),
                 "result": r.get("result")} for rid, r in found]
    out.rows(rows, [Column("id", "编号"), Column("date", "日期"), Column("person", "受检人", "name"), Column("kind", "项目"),
                    Column("free", "免费"), Column("event", "体检活动"), Column("follow_up", "需随访", "name"),
                    Column("result", "结果与随访", "name")])


@checkup.command(name="result")
@click.argument("key", metavar="ID|PERSON")
@date_option("--date", "day", default_today=False, help="写姓名时：哪一天的体检（默认最近一次）")
@click.option("--follow-up/--no-follow-up", "follow_up", default=None, help="是否需要随访")
@click.option("--result", help="结果与随访情况（隐去）")
def checkup_result(key: str, day: date | None, follow_up: bool | None, result: str | None) -> None:
    """记下一次体检的结果、是否需随访（有病早医）：写体检记录编号，或受检人姓名（+ --date）。"""
    from .service import checkup_record

    if follow_up is None and result is None:
        raise click.UsageError("没有要记的内容（--follow-up/--no-follow-up 或 --result）")
    with open_context(write=True, action="fulian checkup result") as ctx:
        rid = checkup_record(ctx, key, day)
        ctx.records.edit(rid, {k: v for k, v in {"follow_up": follow_up, "result": result}.items() if v is not None})
    say(f"已更新体检记录 #{rid}")


# -- 临时救助 -------------------------------------------------------------------------------------
@fulian.group(name="refer")
def refer() -> None:
    """临时救助上报：单亲家庭、两癌妇女……（只记上报与结果，对象默认隐去）。"""


@refer.command(name="add")
@click.argument("person")
@click.option("--reason", type=click.Choice(REASONS), required=True, help="上报原因")
@date_option("--date", "day", help="上报日期（默认今天）")
@click.option("--to", "to", help="上报单位（默认见设置 fulian.referral_to）")
@click.option("--note", help="情况（隐去）")
def refer_add(person: str, reason: str, day: date, to: str | None, note: str | None) -> None:
    """为一位居民上报临时救助（居民须在花名册中；输出编号）。"""
    from .service import resident

    with open_context(write=True, action="fulian refer add") as ctx:
        pid = resident(ctx, person, "救助对象")
        unit = to or ctx.settings["fulian.referral_to"]
        rid = ctx.records.add("fulian.referral", {"person": pid, "reason": reason, "reported": day.isoformat(),
                                                   "reported_to": unit, "note": note})
    click.echo(rid)
    say(f"已登记临时救助上报 #{rid}（{reason}，上报{unit}）")


@refer.command(name="outcome")
@click.argument("referral_id", metavar="ID")
@click.option("--outcome", type=click.Choice(OUTCOMES[1:]), required=True, help="上级答复的结果")
@date_option("--date", "day", help="答复日期（默认今天）")
@click.option("--amount", help="上级发放的救助金额（仅记录，不记入本社区经费）")
def refer_outcome(referral_id: str, outcome: str, day: date, amount: str | None) -> None:
    """登记上级妇联的答复（只能一次）。"""
    from .service import close_referral

    with open_context(write=True, action=f"fulian refer outcome {referral_id}") as ctx:
        close_referral(ctx, referral_id, outcome, day, amount)
    say(f"临时救助上报 #{referral_id.lstrip('#')}：{outcome}")


@refer.command(name="list")
@period_option()
@click.option("--reason", type=click.Choice(REASONS), help="只看某原因")
@click.option("--pending", is_flag=True, help="只看待答复的")
@listing(reveal=True)
def refer_list(period: Any, reason: str | None, pending: bool, out: Any) -> None:
    """临时救助上报；对象和情况默认隐去（--reveal 显示，记入修改日志）。"""
    with open_context() as ctx:
        found = ctx.records.list("fulian.referral", f"reported>={period.start.isoformat()}",
                                 f"reported<={period.end.isoformat()}")
        rows = [{"id": rid, "reported": r["reported"], "person": ctx.people.name(r["person"]) if out.reveal else r["person"],
                 "reason": r["reason"], "reported_to": r.get("reported_to"), "outcome": r.get("outcome", "待答复"),
                 "outcome_date": r.get("outcome_date"), "amount": r.get("amount"), "note": r.get("note")}
                for rid, r in found
                if (not reason or r["reason"] == reason) and (not pending or r.get("outcome", "待答复") == "待答复")]
    out.rows(rows, [Column("id", "编号"), Column("reported", "上报日期"), Column("person", "救助对象", "name"),
                    Column("reason", "原因"), Column("reported_to", "上报单位"), Column("outcome", "结果"),
                    Column("outcome_date", "答复日期"), Column("amount", "救助金额"), Column("note", "情况", "name")])


# -- 队伍 ---------------------------------------------------------------------------------------
@fulian.group(name="team")
def team_group() -> None:
    """巾帼志愿者服务队、义工服务队、舞蹈队：队伍与队员。"""


@team_group.command(name="add")
@click.argument("name")
@click.option("--kind", type=click.Choice(TEAM_KINDS), required=True, help="队伍类别")
@date_option("--founded", "founded", default_today=False, help="成立日期")
@click.option("--note", help="备注")
def team_add(name: str, kind: str, founded: date | None, note: str | None) -> None:
    """成立一支队伍（输出编号）。"""
    from .service import add_team

    with open_context(write=True, action=f"fulian team add {name}") as ctx:
        tid = add_team(ctx, name, kind, founded, note)
    click.echo(tid)
    say(f"已登记队伍“{name}”（#{tid}，{kind}）")


@team_group.command(name="join")
@click.argument("team")
@click.argument("person")
@click.option("--role", type=click.Choice(ROLES), default="队员", show_default=True, help="角色")
@date_option("--date", "day", help="加入日期（默认今天）")
def team_join(team: str, person: str, role: str, day: date) -> None:
    """一位居民加入队伍（队伍写编号或队名；输出队员记录编号）。"""
    from .service import join

    with open_context(write=True, action=f"fulian team join {team} {person}") as ctx:
        rid = join(ctx, team, person, role, day)
    click.echo(rid)
    say(f"{person} 已加入“{team}”（{role}）")


@team_group.command(name="leave")
@click.argument("team")
@click.argument("person")
@date_option("--date", "day", help="退出日期（默认今天）")
def team_leave(team: str, person: str, day: date) -> None:
    """队员退出队伍。"""
    from .service import leave

    with open_context(write=True, action=f"fulian team leave {team} {person}") as ctx:
        leave(ctx, team, person, day)
    say(f"{person} 已退出“{team}”")


@team_group.command(name="list")
@listing
def team_list(out: Any) -> None:
    """各支队伍与在队人数。"""
    from .service import active_members

    with open_context() as ctx:
        rows = [{"id": tid, "name": t["name"], "kind": t["kind"], "founded": t.get("founded"),
                 "members": len(active_members(ctx, tid))} for tid, t in ctx.records.list("fulian.team")]
    out.rows(rows, [("id", "编号"), ("name", "队名"), ("kind", "类别"), ("founded", "成立日期"), ("members", "在队人数")])


@team_group.command(name="members")
@click.argument("team")
@click.option("--all", "show_all", is_flag=True, help="也列出已退出的")
@listing
def team_members(team: str, show_all: bool, out: Any) -> None:
    """一支队伍的队员与角色。"""
    from .service import active_members
    from .service import team as find_team

    with open_context() as ctx:
        tid, _ = find_team(ctx, team)
        found = ctx.records.list("fulian.member", team=tid) if show_all else active_members(ctx, tid)
        names = ctx.people.names(m["person"] for _, m in found)
        rows = [{"id": rid, "person": names[m["person"]], "role": m.get("role"), "joined": m.get("joined"),
                 "left": m.get("left")} for rid, m in found]
    out.rows(rows, [("id", "编号"), ("person", "队员"), ("role", "角色"), ("joined", "加入日期"), ("left", "退出日期")])


# -- 家庭评比 -------------------------------------------------------------------------------------
@fulian.group(name="eval")
def eval_group() -> None:
    """好媳妇、好婆婆、好邻居评比与平安家庭（按户、按年度）。"""


@eval_group.command(name="add")
@click.option("--award", type=click.Choice(AWARDS), required=True, help="评比项目")
@click.option("--household", help="户号（写了 --person 可省略）")
@click.option("--person", help="人员（好媳妇、好婆婆、好邻居须写）")
@click.option("--year", type=int, help="年度（默认评定日期所在年）")
@date_option("--date", "day", help="评定日期（默认今天）")
@click.option("--note", help="事迹")
def eval_add(award: str, household: str | None, person: str | None, year: int | None, day: date, note: str | None) -> None:
    """登记一项评比结果（户须在花名册中；输出编号）。"""
    from .service import add_evaluation

    with open_context(write=True, action=f"fulian eval add {award}") as ctx:
        rid = add_evaluation(ctx, award, household, person, year, day, note)
        doc = ctx.records.get(rid)
    click.echo(rid)
    say(f"已登记 {doc['year']}年“{award}”：{doc['household']} 户" + (f" {person}" if person else ""))


@eval_group.command(name="list")
@click.option("--year", type=int, help="年度（默认全部）")
@click.option("--award", type=click.Choice(AWARDS), help="只看某项")
@listing
def eval_list(year: int | None, award: str | None, out: Any) -> None:
    """评比结果。"""
    with open_context() as ctx:
        equals = {k: v for k, v in {"year": year, "award": award}.items() if v is not None}
        found = ctx.records.list("fulian.evaluation", **equals)
        names = ctx.people.names(e["person"] for _, e in found if e.get("person") is not None)
        rows = [{"id": rid, "year": e["year"], "award": e["award"], "household": e["household"],
                 "person": names.get(e.get("person")) if e.get("person") is not None else None, "date": e.get("date")}
                for rid, e in found]
    out.rows(rows, [("id", "编号"), ("year", "年度"), ("award", "评比项目"), ("household", "户号"), ("person", "人员"),
                    ("date", "评定日期")])


# -- 送春联 -------------------------------------------------------------------------------------
@fulian.group(name="outreach")
def outreach() -> None:
    """送春联与慰问：送达对象取自花名册（困难信息，默认隐去）。"""


@outreach.command(name="log")
@click.argument("title")
@date_option("--date", "day", help="日期（默认今天）")
@click.option("--item", type=click.Choice(OUTREACH_ITEMS), default="春联", show_default=True, help="送达物品")
@click.option("--person", "persons", multiple=True, help="送达对象（姓名或编号），可多次")
@click.option("--tag", "tags", multiple=True, help="花名册标签（如 孤寡、低保），带该标签的人都是对象，可多次")
@click.option("--recipient-kind", "kinds", multiple=True, type=click.Choice(RECIPIENT_KINDS), help="对象类别，可多次")
@click.option("--quantity", type=int, help="数量（春联副数、慰问品份数）")
@click.option("--helper", help="协助人员（如 书法家）")
@click.option("--festival", help="节日（送春联默认春节）")
@click.option("--place", help="地点")
def outreach_log(title: str, day: date, item: str, persons: tuple[str, ...], tags: tuple[str, ...],
                 kinds: tuple[str, ...], quantity: int | None, helper: str | None, festival: str | None,
                 place: str | None) -> None:
    """登记一次已开展的送春联、慰问（输出活动编号；对象只记入隐去的送达记录）。"""
    from .service import log_outreach

    if quantity is not None and quantity < 0:
        raise click.UsageError(f"数量不能为负数：{quantity}")
    fields = {"quantity": quantity, "helpers": helper, "recipient_kinds": list(kinds),
              "festival": festival or ("春节" if item == "春联" else None)}
    with open_context(write=True, action=f"fulian outreach log {title}") as ctx:
        eid, n = log_outreach(ctx, title, day, item, list(persons), list(tags), fields, place)
    click.echo(eid)
    say(f"已登记“{title}”（#{eid}）：送达 {n} 人（名单已隐去）")


# -- 爱心助学 -------------------------------------------------------------------------------------
@fulian.group(name="zhuxue")
def zhuxue() -> None:
    """爱心助学：捐款收入与发放（专款专用，不能透支；受助人默认隐去）。"""


@zhuxue.command(name="donate")
@click.argument("amount")
@click.option("--from", "donor", required=True, help="捐款人或单位")
@date_option("--date", "day", help="日期（默认今天）")
@click.option("--voucher", help="凭证号")
@click.option("--memo", help="摘要")
def zhuxue_donate(amount: str, donor: str, day: date, voucher: str | None, memo: str | None) -> None:
    """收到爱心助学捐款（记入经费台账，资金“爱心助学”；输出账目编号）。"""
    from .service import donate

    with open_context(write=True, action="fulian zhuxue donate") as ctx:
        eid = donate(ctx, amount, donor, day, voucher, memo)
        balance = ctx.ledger.fund_balance("爱心助学")
    click.echo(eid)
    say(f"已记爱心助学捐款 {amount} 元（账目 #{eid}），专款余额 {balance:.2f} 元")


@zhuxue.command(name="pay")
@click.argument("amount")
@click.option("--to", "person", help="受助人（隐去，不写入经费台账的收款人）")
@date_option("--date", "day", help="日期（默认今天）")
@click.option("--voucher", help="凭证号")
@click.option("--note", help="情况（隐去）")
def zhuxue_pay(amount: str, person: str | None, day: date, voucher: str | None, note: str | None) -> None:
    """从爱心助学专款发放（超过余额会被拒绝；输出账目编号）。"""
    from .service import pay

    with open_context(write=True, action="fulian zhuxue pay") as ctx:
        eid, _ = pay(ctx, amount, person, day, voucher, note)
        balance = ctx.ledger.fund_balance("爱心助学")
    click.echo(eid)
    say(f"已从爱心助学专款发放 {amount} 元（账目 #{eid}），余额 {balance:.2f} 元")


@zhuxue.command(name="status")
@period_option()
@listing
def zhuxue_status(period: Any, out: Any) -> None:
    """爱心助学专款：期间内捐款、发放和当前余额。"""
    from .service import zhuxue_figures

    with open_context() as ctx:
        fig = zhuxue_figures(ctx, period)
        aided = len(ctx.records.list("fulian.aided", f"date>={period.start.isoformat()}", f"date<={period.end.isoformat()}"))
    data = {"period": period.label, **fig, "aided": aided}
    out.answer(data, f"{period.title}爱心助学：捐款 {fig['raised']} 元，发放 {fig['paid']} 元（受助 {aided} 人次），"
                     f"专款余额 {fig['balance']} 元")


@zhuxue.command(name="list")
@period_option()
@listing(reveal=True)
def zhuxue_list(period: Any, out: Any) -> None:
    """爱心助学发放记录；受助人默认隐去（--reveal 显示，记入修改日志）。"""
    with open_context() as ctx:
        found = ctx.records.list("fulian.aided", f"date>={period.start.isoformat()}", f"date<={period.end.isoformat()}")
        rows = [{"id": rid, "date": r["date"], "amount": r["amount"], "entry": r.get("entry"),
                 "person": (ctx.people.name(r["person"]) if out.reveal else r["person"]) if r.get("person") else None,
                 "note": r.get("note")} for rid, r in found]
    out.rows(rows, [Column("id", "编号"), Column("date", "日期"), Column("person", "受助人", "name"), Column("amount", "金额"),
                    Column("entry", "账目编号"), Column("note", "情况", "name")])


# -- 参考 ---------------------------------------------------------------------------------------
@fulian.command(name="laws")
@listing
def laws_cmd(out: Any) -> None:
    """宣传的纲要和法律：原文提法、正式名称、说明（原文名称有误处已注明）。"""
    from .laws import LAWS

    rows = [law._asdict() for law in LAWS]
    out.rows(rows, [("source", "原文提法"), ("official", "正式名称"), ("note", "说明"), ("where", "出处")])


@fulian.command(name="template")
@click.argument("name", type=click.Choice(["妇女之家", "巾帼文明岗"]))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（checklist template add 也接受 .json）")
@click.option("-o", "--output", "output", metavar="FILE", help="写入文件：.yaml/.yml 或 .json（默认输出到终端）")
def template_cmd(name: str, as_json: bool, output: str | None) -> None:
    """导出“妇女之家”“巾帼文明岗”创建清单的可编辑模板（默认 YAML）：原文未给标准，请按上级文件补充后
    用 shequ checklist template add 导入（同编号即替换）。"""
    import json

    from .templates import NAMES, to_yaml

    with open_context() as ctx:
        template = ctx.checklists.templates()[NAMES[name]]
    keep = {k: v for k, v in template.items() if k != "plugin"}
    if output and not output.lower().endswith((".yaml", ".yml", ".json")):
        raise click.UsageError(f"模板文件应为 .yaml、.yml 或 .json：{output}")
    use_json = as_json or bool(output and output.lower().endswith(".json"))
    text = json.dumps(keep, ensure_ascii=False, indent=2) + "\n" if use_json else to_yaml(keep)
    if output:
        from pathlib import Path

        Path(output).write_text(text, "utf-8")
        say(f"已写入 {output}；修改后：shequ checklist template add {output}")
    else:
        click.echo(text, nl=False)
