"""``shequ dangjian …`` (alias ``shequ 党建``): thin callbacks over ``service``, through the public API only."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from shequ.api import date_option, group, listing, open_context, period_option, say

from .rules import DUES_KINDS, EXITS, MEETING_KINDS, MGMT, STAGES


@group("dangjian")
def dangjian() -> None:
    """党建：党员档案与发展、三会一课签到、党费、培训、志愿岗、提醒。"""


@dangjian.group(name="member")
def member() -> None:
    """党员档案：登记、晋级、延长预备期、出党。"""


@member.command(name="add")
@click.argument("person")
@click.option("--status", type=click.Choice(STAGES), default="正式党员", show_default=True, help="阶段")
@date_option("--date", "day", help="该阶段的日期（默认今天）")
@click.option("--group", "party_group", help="党小组")
@click.option("--grid", help="网格")
@click.option("--mgmt", type=click.Choice(MGMT), help="管理类别")
def member_add(person: str, status: str, day: date, party_group: str | None, grid: str | None, mgmt: str | None) -> None:
    """为一位居民建立党员档案（居民须已在花名册中；输出档案编号）。"""
    from .service import add_member

    extra = {k: v for k, v in {"group": party_group, "grid": grid, "mgmt": mgmt}.items() if v}
    with open_context(write=True, action=f"dangjian member add {person}") as ctx:
        rid = add_member(ctx, person, status, day, extra)
    click.echo(rid)
    say(f"已建立党员档案 #{rid}：{person}（{status}）")


MEMBER_COLUMNS = [("id", "编号"), ("person", "姓名"), ("status", "状态"), ("group", "党小组"), ("mgmt", "管理类别"),
                  ("admitted", "入党日期"), ("full", "转正日期"), ("probation_end", "预备期满"), ("dues", "月党费")]


@member.command(name="list")
@click.option("--status", type=click.Choice(STAGES + EXITS), help="只看某阶段")
@listing
def member_list(status: str | None, out: Any) -> None:
    """党员名册。"""
    from .service import members

    with open_context() as ctx:
        found = [(pid, rid, d) for pid, (rid, d) in sorted(members(ctx).items()) if not status or d["status"] == status]
        names = ctx.people.names(pid for pid, _, _ in found)
    rows = [{"id": rid, "person": names[pid], "status": d["status"], "group": d.get("group"), "mgmt": d.get("mgmt"),
             "admitted": d.get("admitted"), "full": d.get("full"),
             "probation_end": d.get("extended_until") or d.get("probation_end"), "dues": d.get("dues")}
            for pid, rid, d in found]
    out.rows(rows, MEMBER_COLUMNS)


@member.command(name="show")
@click.argument("person")
@listing
def member_show(person: str, out: Any) -> None:
    """显示一位党员的档案。"""
    from . import MEMBER
    from .service import member_of, person_name

    with open_context() as ctx:
        pid, rid, doc = member_of(ctx, person)
        row = {"id": rid, **doc, "person": person_name(ctx, pid)}
    shown = [("id", "编号")] + [(f.name, f.title) for f in MEMBER.fields if row.get(f.name) is not None or not out.human]
    out.record(row, shown)


@member.command(name="promote")
@click.argument("person")
@click.option("--to", "to", type=click.Choice(STAGES[1:]), required=True, help="下一阶段（不能跳级）")
@date_option("--date", "day")
def member_promote(person: str, to: str, day: date) -> None:
    """晋级到下一阶段；接收预备党员时预备期一年，期满方可转正。"""
    from .service import promote

    with open_context(write=True, action=f"dangjian member promote {person} {to}") as ctx:
        doc = promote(ctx, person, to, day)
    say(f"{person} 已为{to}" + (f"，预备期至 {doc['probation_end']}" if to == "预备党员" else ""))


@member.command(name="extend-probation")
@click.argument("person")
@date_option("--until", "until", help="延长至（不超过原期满后一年，只能延长一次）", required=True, default_today=False)
def member_extend(person: str, until: date) -> None:
    """延长预备期（篇18 L461：不超过一年）。"""
    from .service import extend_probation

    with open_context(write=True, action=f"dangjian member extend-probation {person}") as ctx:
        extend_probation(ctx, person, until)
    say(f"{person} 的预备期已延长至 {until.isoformat()}")


@member.command(name="exit")
@click.argument("person")
@click.option("--kind", type=click.Choice(EXITS), required=True, help="出党方式")
@date_option("--date", "day", help="支部大会决定日期（默认今天）")
@click.option("--body", default="支部党员大会", show_default=True, help="决定机关")
@date_option("--approved", "approved", help="上级党委批准日期", default_today=False)
def member_exit(person: str, kind: str, day: date, body: str, approved: date | None) -> None:
    """退党、除名或取消预备党员资格（须支部大会决定、上级批准）。"""
    from .service import exit_member

    with open_context(write=True, action=f"dangjian member exit {person}") as ctx:
        exit_member(ctx, person, kind, day, body, approved)
    say(f"已登记：{person} {kind}")


@member.command(name="excuse")
@click.argument("person")
@click.option("--reason", required=True, help="正当理由（如 外出务工已向支部报告、长期住院）")
@date_option("--until", "until", help="有效至", default_today=False)
def member_excuse(person: str, reason: str, until: date | None) -> None:
    """登记不参加组织生活或未交党费的正当理由（此期间不提醒）。"""
    from .service import excuse

    with open_context(write=True, action=f"dangjian member excuse {person}") as ctx:
        excuse(ctx, person, reason, until)
    say(f"已登记 {person} 的正当理由：{reason}")


@dangjian.group(name="meeting")
def meeting() -> None:
    """三会一课等组织生活。"""


@meeting.command(name="log")
@click.option("--kind", type=click.Choice(MEETING_KINDS), required=True, help="会议类型")
@date_option("--date", "day")
@click.option("--title", help="标题（默认为会议类型）")
@click.option("--topic", help="议题")
@click.option("--speaker", help="主讲人")
@click.option("--place", help="地点")
@click.option("--attendee", "-a", "attendees", multiple=True, metavar="PERSON", help="参会党员，可多次")
@click.option("--absent", "absentees", multiple=True, metavar="姓名:原因", help="缺席人员及原因，可多次")
@click.option("--summary", help="会议内容/小结")
def meeting_log(kind: str, day: date, title: str | None, topic: str | None, speaker: str | None, place: str | None,
                attendees: tuple[str, ...], absentees: tuple[str, ...], summary: str | None) -> None:
    """登记一次已召开的会议及签到（一次完成；输出活动编号）。"""
    from .service import log_meeting

    with open_context(write=True, action=f"dangjian meeting log {kind}") as ctx:
        eid = log_meeting(ctx, kind, day, title, topic, speaker, list(attendees), list(absentees), summary, place)
    click.echo(eid)
    say(f"已登记{kind}（活动 #{eid}），到会 {len(attendees)} 人，缺席 {len(absentees)} 人")


@dangjian.command(name="attendance")
@click.argument("person")
@period_option()
@listing
def attendance_cmd(person: str, period: Any, out: Any) -> None:
    """某位党员参加组织生活的情况（出勤率、缺席及原因）。"""
    from .service import attendance

    with open_context() as ctx:
        info = attendance(ctx, person, period)
    lines = [f"{info['person']}：应参加 {info['meetings']} 次，参加 {info['attended']} 次，出勤率 {info['rate']}"]
    lines += [f"  缺席 {x['date']} {x['meeting']}" + (f"（{x['reason']}）" if x["reason"] else "") for x in info["absent"]]
    out.answer(info, "\n".join(lines))


@dangjian.group(name="dues")
def dues() -> None:
    """党费：核定标准、收缴（记入经费台账）、未交名单。"""


@dues.command(name="standard")
@click.argument("person")
@click.option("--kind", type=click.Choice(DUES_KINDS), required=True, help="党费类别")
@click.option("--income", help="月收入（税后）；农民党员为每月交纳金额（0.2–1元）")
@listing
def dues_standard(person: str, kind: str, income: str | None, out: Any) -> None:
    """按规定比例核定月党费并保存（在职 ≤3000 元 0.5% …；离退休 ≤5000 元 0.5% …）；输出月党费金额。

    \b
    例：
      dues=$(shequ dangjian dues standard 张三 --kind 在职 --income 4800)   # 48.00
    """
    from .service import set_standard

    with open_context(write=True, action=f"dangjian dues standard {person}") as ctx:
        doc = set_standard(ctx, person, kind, income)
    out.answer({"person": person, "kind": kind, "income": doc.get("income"), "dues": doc["dues"]}, doc["dues"])
    say(f"{person}（{kind}）月党费 {doc['dues']} 元，已保存")


@dues.command(name="collect")
@click.option("--month", "months", required=True, metavar="MONTH", help="月份，如 2025-03，或 2025-01..2025-06")
@click.option("--member", "only", multiple=True, metavar="PERSON", help="只收这些党员（已交的会报错）")
@click.option("--except", "skip", multiple=True, metavar="PERSON", help="这些党员本次未交")
@date_option("--date", "day", help="收缴日期（默认今天）")
def dues_collect(months: str, only: tuple[str, ...], skip: tuple[str, ...], day: date) -> None:
    """收缴党费，记入经费台账（收入:党费，带所属月份）；每人每月只记一次。"""
    from .service import collect

    with open_context(write=True) as ctx:
        span = ctx.parse_period(months)
        count, total = collect(ctx, span, list(only), day, skip=list(skip))
    say(f"已收缴党费 {count} 笔，共 {total:.2f} 元" if count else "没有应收未收的党费")


@dues.command(name="status")
@period_option()
@click.option("--all", "show_all", is_flag=True, help="也列出已交的")
@listing
def dues_status_cmd(period: Any, show_all: bool, out: Any) -> None:
    """谁还没有交党费。"""
    from .service import dues_status

    with open_context() as ctx:
        rows = dues_status(ctx, period)
    if not show_all:
        rows = [r for r in rows if not r["paid"]]
    if out.human:
        rows = [{**r, "paid": "已交" if r["paid"] else "未交"} for r in rows]
    out.rows(rows, [("person", "党员"), ("month", "月份"), ("dues", "月党费"), ("paid", "状态")])


@dangjian.group(name="training")
def training() -> None:
    """党员集中培训：天数与知识测试。"""


@training.command(name="score")
@click.argument("event", metavar="TRAINING")
@click.argument("person")
@click.argument("score")
def training_score(event: str, person: str, score: str) -> None:
    """登记培训后知识测试的成绩（篇16(四) L398“培训后进行知识测试”）。"""
    from .service import member_of

    with open_context(write=True, action=f"dangjian training score {event} {person}") as ctx:
        eid, ev = ctx.events.find(event)
        if ev.get("type") != "dangjian.training":
            raise click.UsageError(f"活动 #{eid} 不是党员培训")
        pid, _, _ = member_of(ctx, person)
        ctx.records.add("dangjian.test_score", {"training": eid, "person": pid, "score": score})
    say(f"已登记 {person} 在“{ev.get('title')}”的测试成绩 {score}")


@training.command(name="status")
@click.option("--year", type=int, help="年度（默认今年）")
@listing
def training_cmd(year: int | None, out: Any) -> None:
    """每位党员的集中培训天数（每年不少于7天，篇16(四) L398）。"""
    from .service import training_status

    with open_context() as ctx:
        rows = training_status(ctx, year or ctx.today.year)
    if out.human:
        rows = [{**r, "tested": "是" if r["tested"] else "否", "met": "达标" if r["met"] else "未达标"} for r in rows]
    out.rows(rows, [("person", "党员"), ("days", "培训天数"), ("tested", "已测试"), ("scores", "测试成绩"), ("met", "结论")])


@dangjian.group(name="volunteer")
def volunteer() -> None:
    """党员志愿岗：积分与星级（篇18 L468）。"""


@volunteer.command(name="points")
@click.option("--year", type=int, help="年度（默认今年）")
@listing
def volunteer_points(year: int | None, out: Any) -> None:
    """各岗位党员的积分与星级。"""
    from .rules import stars

    with open_context() as ctx:
        found = ctx.records.list("dangjian.volunteer", year=year or ctx.today.year)
        names = ctx.people.names(d["person"] for _, d in found)
    rows = [{"person": names[d["person"]], "team": d.get("team"), "post": d["post"], "points": d.get("points", 0),
             "stars": stars(int(d.get("points", 0)))} for _, d in found]
    out.rows(rows, [("person", "党员"), ("team", "服务队"), ("post", "岗位"), ("points", "积分"), ("stars", "星级")])


@volunteer.command(name="stars")
@click.option("--year", type=int, help="年度（默认今年）")
@listing
def volunteer_stars(year: int | None, out: Any) -> None:
    """星级分布（一星由支部诫勉谈话，五星作为表彰依据）。"""
    from collections import Counter

    from .rules import stars

    with open_context() as ctx:
        dist = Counter(stars(int(d.get("points", 0)))
                       for _, d in ctx.records.list("dangjian.volunteer", year=year or ctx.today.year))
    rows = [{"stars": s, "label": "★" * s, "count": dist.get(s, 0)} for s in range(5, 0, -1)]
    out.rows(rows, [("label", "星级"), ("stars", "星"), ("count", "人数")])


@dangjian.command(name="alerts")
@click.option("--strict", is_flag=True, help="有提醒时以退出码 3 结束（供 cron 使用）")
@listing
def alerts_cmd(strict: bool, out: Any) -> None:
    """提醒：连续6个月未参加组织生活或未交党费（附依据，不自动改变状态）、预备期将满。"""
    from .service import alerts

    with open_context() as ctx:
        found = alerts(ctx, ctx.today)
    if not found and out.fmt == "table":
        say("没有需要提醒的事项")
    else:
        out.rows([x._asdict() for x in found], [("kind", "提醒"), ("person", "党员"), ("detail", "依据")])
    if strict and found:
        raise SystemExit(3)
