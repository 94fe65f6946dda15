"""``shequ guangongwei …`` (alias ``shequ 关工委``): thin callbacks over ``service``, public API only."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from shequ.api import date_option, group, listing, open_context, say

from .plan import (ACTIVITY_AUDIENCES, AWARDS, COMMITTEE_ROLES, FORMS, NOMINATION_STATUSES, PC_SOURCES, REVIEW_KINDS,
                   STANDARD, STATION_ROLES, TERMS, THEME, TRAINING_AUDIENCES, UNIT_LEVELS, WUHAO)


@group("guangongwei")
def guangongwei() -> None:
    """关工委：辅导站、五老、每月工作安排、培训与点评考核、三好推荐、五好创建。"""


def _year(year: int | None, ctx: Any) -> int:
    return year or ctx.today.year


# -- units -------------------------------------------------------------------------------------
@guangongwei.group(name="unit")
def unit() -> None:
    """关工委单位（区(街道)、村(社区)）：班子、“五好”创建状态。"""


@unit.command(name="add")
@click.argument("name")
@click.option("--level", type=click.Choice(UNIT_LEVELS), default="村(社区)", show_default=True, help="层级")
@click.option("--model", is_flag=True, help="列入关工委示范建设（篇5 L107“抓好2-3个”）")
def unit_add(name: str, level: str, model: bool) -> None:
    """登记一个关工委单位（输出编号）。"""
    from .service import add_unit

    with open_context(write=True, action=f"guangongwei unit add {name}") as ctx:
        rid = add_unit(ctx, {"name": name, "level": level, "model": model or None})
    click.echo(rid)
    say(f"已登记{level}关工委“{name}”（#{rid}）")


@unit.command(name="list")
@listing
def unit_list(out: Any) -> None:
    """各单位的“五好”创建状态、示范建设、中心站、常务副主任、五老人数。"""
    from .service import committee, units

    with open_context() as ctx:
        rows = []
        for name in units(ctx):
            c = committee(ctx, name, ctx.today)
            deputy = "、".join(m["name"] for m in c["members"] if m["role"] == "常务副主任")
            rows.append({"id": c["id"], "name": name, "level": c.get("level"), "wuhao": c.get("wuhao", "未创建"),
                         "wuhao_date": c.get("wuhao_date"), "model": bool(c.get("model")),
                         "stations": c["stations"], "deputy": deputy, "wulao": c["wulao"]})
    if out.human:
        rows = [{**r, "model": "是" if r["model"] else ""} for r in rows]
    out.rows(rows, [("id", "编号"), ("name", "单位"), ("level", "层级"), ("wuhao", "五好创建"), ("wuhao_date", "状态日期"),
                    ("model", "示范建设"), ("stations", "辅导站"), ("deputy", "常务副主任"), ("wulao", "五老人数")])


@unit.command(name="show")
@click.argument("name")
@listing
def unit_show(name: str, out: Any) -> None:
    """一个单位的关工委：创建状态、班子成员（是否五老）、辅导站、五老人数。"""
    from .service import committee

    with open_context() as ctx:
        c = committee(ctx, name, ctx.today)
    if not out.human:
        out.answer(c, "")
        return
    lines = [f"{c['name']}（{c.get('level')}关工委，#{c['id']}）",
             f"“五好”创建：{c.get('wuhao', '未创建')}" + (f"（{c['wuhao_date']}）" if c.get("wuhao_date") else "")
             + ("；列入示范建设" if c.get("model") else ""),
             "班子：" + ("；".join(f"{m['role']} {m['name']}" + ("（五老）" if m["wulao"] else "") for m in c["members"])
                       or "未登记（shequ guangongwei unit member 单位 姓名 --role 常务副主任）"),
             "辅导站：" + ("、".join(c["stations"]) or "无"), f"五老志愿者：{c['wulao']}人"]
    out.answer(c, "\n".join(lines))


@unit.command(name="status")
@click.argument("name")
@click.option("--wuhao", type=click.Choice(WUHAO), help="“五好”创建状态")
@date_option("--date", "day", help="达到该状态（命名）的日期（默认今天）")
@click.option("--model/--no-model", default=None, help="是否列入示范建设")
def unit_status(name: str, wuhao: str | None, day: date, model: bool | None) -> None:
    """记录“五好”创建进度：未创建 → 创建中 → 市级先进 → 市级“五好”示范。"""
    from .service import set_wuhao

    if wuhao is None and model is None:
        raise click.UsageError("没有要修改的内容（--wuhao 或 --model/--no-model）")
    with open_context(write=True, action=f"guangongwei unit status {name}") as ctx:
        doc = set_wuhao(ctx, name, wuhao, day, model)
    say(f"{name}：“五好”创建 {doc.get('wuhao', '未创建')}" + ("，列入示范建设" if doc.get("model") else ""))


@unit.command(name="member")
@click.argument("name")
@click.argument("person")
@click.option("--role", type=click.Choice(COMMITTEE_ROLES), required=True, help="职务")
@date_option("--since", "since", help="任职日期", default_today=False)
def unit_member(name: str, person: str, role: str, since: date | None) -> None:
    """登记关工委班子成员（在花名册中的居民自动关联；同名请用编号 #12）。"""
    from .service import add_post, find_unit

    with open_context(write=True, action=f"guangongwei unit member {name}") as ctx:
        find_unit(ctx, name)
        rid, who, linked = add_post(ctx, person, role, unit=name, since=since)
    click.echo(rid)
    say(f"已登记{name}关工委{role}：{who}" + ("" if linked else "（不在本花名册中）"))


# -- stations ----------------------------------------------------------------------------------
@guangongwei.group(name="station")
def station() -> None:
    """校外教育辅导站：总站和村(社区)中心站，站长、副站长、辅导员。"""


@station.command(name="add")
@click.argument("name")
@click.option("--level", type=click.Choice(("总站", "中心站")), required=True, help="总站，或村(社区)中心站")
@click.option("--unit", "unit_name", help="所属单位（中心站必填）")
@date_option("--since", "since", help="建站日期", default_today=False)
@click.option("--pilot", is_flag=True, help="双休日先行开展辅导活动的试点（篇5 L114）")
@click.option("--place", help="地点")
def station_add(name: str, level: str, unit_name: str | None, since: date | None, pilot: bool, place: str | None) -> None:
    """登记辅导站（输出编号）；一个关工委只有一个总站，每个村(社区)一个中心站。"""
    from .service import add_station

    values = {"name": name, "level": "总站" if level == "总站" else "村(社区)中心站", "unit": unit_name,
              "established": since.isoformat() if since else None, "weekend_pilot": pilot or None, "place": place}
    with open_context(write=True, action=f"guangongwei station add {name}") as ctx:
        rid = add_station(ctx, values)
    click.echo(rid)
    say(f"已登记辅导站“{name}”（#{rid}）")


@station.command(name="list")
@listing
def station_list(out: Any) -> None:
    """辅导站及其站长、辅导员人数。"""
    from .service import posts, stations

    with open_context() as ctx:
        staff = posts(ctx, ctx.today)
        rows = []
        for name, (rid, st) in stations(ctx).items():
            mine = [p for _, p in staff if p.get("station") == name]
            rows.append({"id": rid, "name": name, "level": st["level"], "unit": st.get("unit"),
                         "established": st.get("established"), "pilot": bool(st.get("weekend_pilot")),
                         "head": "、".join(p["name"] for p in mine if p["role"] == "站长"),
                         "tutors": sum(1 for p in mine if p["role"] == "辅导员")})
    if out.human:
        rows = [{**r, "pilot": "是" if r["pilot"] else ""} for r in rows]
    out.rows(rows, [("id", "编号"), ("name", "辅导站"), ("level", "级别"), ("unit", "单位"), ("established", "建站日期"),
                    ("pilot", "双休日试点"), ("head", "站长"), ("tutors", "辅导员人数")])


@station.command(name="show")
@click.argument("key", metavar="STATION")
@click.option("--year", type=int, help="活动统计的年度（默认今年）")
@listing
def station_show(key: str, year: int | None, out: Any) -> None:
    """一个辅导站：班子（站长、副站长）、辅导员、点评考核、本年活动。"""
    from .service import station_detail

    with open_context() as ctx:
        d = station_detail(ctx, key, _year(year, ctx))
    if not out.human:
        out.answer(d, "")
        return
    lines = [f"{d['name']}（{d['level']}，#{d['id']}）" + (f"，{d['unit']}" if d.get("unit") else ""),
             f"建站日期：{d.get('established') or '未登记'}" + ("；双休日试点" if d.get("weekend_pilot") else ""),
             "班子：" + ("；".join(f"{p['role']} {p['name']}" for p in d["leaders"])
                       or "未登记（shequ guangongwei station staff 辅导站 姓名 --role 站长）"),
             f"辅导员（{len(d['tutors'])}人）：" + ("、".join(d["tutors"]) or "无"),
             f"{d['year']}年：活动{d['activities']}次，培训{d['trainings']}期，共{d['person_times']}人次，登记学员{d['youth_enrolled']}人"]
    for r in d["reviews"]:
        lines.append(f"{r['date']} {r['kind']}（{r.get('reviewer') or ''}）" + (f"：{r['result']}" if r.get("result") else "")
                     + (f"；{r['findings']}" if r.get("findings") else ""))
    out.answer(d, "\n".join(lines))


@station.command(name="staff")
@click.argument("key", metavar="STATION")
@click.argument("person")
@click.option("--role", type=click.Choice(STATION_ROLES), required=True, help="职务")
@date_option("--since", "since", help="任职日期", default_today=False)
def station_staff(key: str, person: str, role: str, since: date | None) -> None:
    """登记辅导站站长、副站长或辅导员（在花名册中的居民自动关联）。"""
    from .service import add_post

    with open_context(write=True, action=f"guangongwei station staff {key}") as ctx:
        rid, who, linked = add_post(ctx, person, role, station=key, since=since)
    click.echo(rid)
    say(f"已登记{role}：{who}" + ("" if linked else "（不在本花名册中）"))


# -- 五老 ----------------------------------------------------------------------------------------
@guangongwei.group(name="wulao")
def wulao() -> None:
    """“五老”志愿者（花名册中的居民）。"""


@wulao.command(name="add")
@click.argument("person")
@click.option("--unit", "unit_name", required=True, help="所在单位")
@click.option("--kind", help="类别（原文未定义“五老”的构成，按本地用法填写）")
@date_option("--since", "since", help="起始日期", default_today=False)
def wulao_add(person: str, unit_name: str, kind: str | None, since: date | None) -> None:
    """登记五老志愿者（输出编号）。"""
    from .service import add_wulao

    with open_context(write=True, action=f"guangongwei wulao add {person}") as ctx:
        rid, name = add_wulao(ctx, person, unit_name, kind, since)
    click.echo(rid)
    say(f"已登记五老志愿者：{name}（{unit_name}）")


@wulao.command(name="list")
@click.option("--unit", "unit_name", help="只看某单位")
@listing
def wulao_list(unit_name: str | None, out: Any) -> None:
    """在期的五老志愿者。"""
    from .service import active

    with open_context() as ctx:
        found = [(rid, d) for rid, d in ctx.records.list("guangongwei.wulao")
                 if active(d, ctx.today) and (not unit_name or d.get("unit") == unit_name)]
        names = ctx.people.names(d["person"] for _, d in found)
    rows = [{"id": rid, "person": names[d["person"]], "unit": d["unit"], "kind": d.get("kind"), "since": d.get("since")}
            for rid, d in found]
    out.rows(rows, [("id", "编号"), ("person", "姓名"), ("unit", "单位"), ("kind", "类别"), ("since", "起始日期")])


# -- activities, trainings -------------------------------------------------------------------------
def _common_event(title: str, day: date, count: int | None, place: str | None, summary: str | None,
                  attendees: tuple[str, ...]) -> dict[str, Any]:
    if count is not None and count < 0:
        raise click.UsageError(f"人次不能为负数：{count}")
    return {"title": title, "date": day.isoformat(), "count": count, "place": place, "summary": summary,
            "attendees": list(attendees)}


_event_options = [
    click.option("--unit", "unit_name", help="单位"),
    click.option("--station", "station_key", help="辅导站（名称或编号；单位随辅导站）"),
    date_option("--date", "day"),
    click.option("--count", type=int, help="参与人次"),
    click.option("--plan", is_flag=True, help="这是篇5“四、工作安排”中本月的事项（记入该月工作安排）"),
    click.option("--attendee", "-a", "attendees", multiple=True, metavar="PERSON",
                 help="参加的成年人（五老、辅导员……），可多次；青少年请用 --participant"),
    click.option("--participant", "participants", multiple=True, metavar="PERSON",
                 help="青少年学员（未成年人：只记入受保护的学员名单，报告只给人数），可多次"),
    click.option("--school", help="学员所在学校（受保护信息）"),
    click.option("--place", help="地点"),
    click.option("--summary", help="小结（请勿写学生姓名）"),
]


def event_options(fn: Any) -> Any:
    for option in reversed(_event_options):
        fn = option(fn)
    return fn


def _log(type_id: str, raw: dict[str, Any], plan: bool, participants: tuple[str, ...], school: str | None,
         action: str) -> None:
    from .service import enrol, log_event

    with open_context(write=True, action=action) as ctx:
        if participants and raw["fields"].get("audience") != "青少年":
            raise click.UsageError("只有面向青少年的活动或培训才登记学员（--participant）")
        if participants and raw.get("count") is None:
            raw["count"] = len(set(participants)) + len(raw.get("attendees") or ())
        eid, warnings = log_event(ctx, type_id, raw, plan=plan)
        enrolled = enrol(ctx, eid, participants, school) if participants else 0
        item = ctx.events.get(eid).get("fields", {}).get("plan_item")
    click.echo(eid)
    for w in warnings:
        say(w)
    say(f"已登记“{raw['title']}”（#{eid}）" + (f"，记入{item}工作安排" if item else "")
        + (f"，学员{enrolled}人（姓名已受保护）" if enrolled else ""))


@guangongwei.group(name="activity")
def activity() -> None:
    """主题教育等关工委活动。"""


@activity.command(name="log")
@click.argument("title")
@click.option("--form", type=click.Choice(FORMS), required=True, help="形式（篇5 L101 等）")
@click.option("--theme", help="教育主题")
@click.option("--sanai", is_flag=True, help=f"“三爱一践行”主题教育（{THEME}）")
@click.option("--audience", type=click.Choice(ACTIVITY_AUDIENCES), help="对象（默认：专题报告会、工作会议为关工委成员，其余为青少年）")
@event_options
def activity_log(title: str, form: str, theme: str | None, sanai: bool, audience: str | None, unit_name: str | None,
                 station_key: str | None, day: date, count: int | None, plan: bool, attendees: tuple[str, ...],
                 participants: tuple[str, ...], school: str | None, place: str | None, summary: str | None) -> None:
    """登记一次已开展的关工委活动（输出活动编号）。"""
    from .service import youth_form

    raw = _common_event(title, day, count, place, summary, attendees)
    raw["fields"] = {"form": form, "theme": THEME if sanai else theme, "unit": unit_name, "station": station_key,
                     "audience": audience or ("青少年" if youth_form(form) else "关工委成员")}
    _log("guangongwei.activity", raw, plan, participants, school, f"guangongwei activity log {title}")


@guangongwei.group(name="training")
def training() -> None:
    """培训：辅导中心站人员（每年两次）、常务副主任及正副站长、青少年寒暑假班。"""


@training.command(name="log")
@click.argument("title")
@click.option("--audience", type=click.Choice(TRAINING_AUDIENCES), required=True, help="对象")
@click.option("--term", type=click.Choice(TERMS), help="时段（寒假、暑期的起止见 calendar.winter_vacation / summer_vacation）")
@click.option("--course", help="内容")
@event_options
def training_log(title: str, audience: str, term: str | None, course: str | None, unit_name: str | None,
                 station_key: str | None, day: date, count: int | None, plan: bool, attendees: tuple[str, ...],
                 participants: tuple[str, ...], school: str | None, place: str | None, summary: str | None) -> None:
    """登记一期已举办的培训（输出活动编号），如辅导站的寒假培训班。"""
    raw = _common_event(title, day, count, place, summary, attendees)
    raw["fields"] = {"audience": audience, "term": term, "course": course, "unit": unit_name, "station": station_key}
    _log("guangongwei.training", raw, plan, participants, school, f"guangongwei training log {title}")


# -- reviews -----------------------------------------------------------------------------------
@guangongwei.group(name="review")
def review() -> None:
    """辅导站点评（八月份）和考核（十二月份）。"""


@review.command(name="log")
@click.argument("key", metavar="STATION")
@click.option("--kind", type=click.Choice(REVIEW_KINDS), required=True, help="点评或考核")
@date_option("--date", "day")
@click.option("--reviewer", default="区关工委", show_default=True, help="点评考核单位")
@click.option("--result", help="结果或等次（原文未给等次）")
@click.option("--findings", help="意见、发现的问题")
def review_log(key: str, kind: str, day: date, reviewer: str, result: str | None, findings: str | None) -> None:
    """登记对一个辅导站的点评或考核（输出编号）。"""
    from .service import log_review

    with open_context(write=True, action=f"guangongwei review log {key}") as ctx:
        rid, name = log_review(ctx, key, {"kind": kind, "date": day.isoformat(), "reviewer": reviewer,
                                          "result": result, "findings": findings})
    click.echo(rid)
    say(f"已登记对“{name}”的{kind}（#{rid}）")


@review.command(name="list")
@click.option("--year", type=int, help="年度（默认今年）")
@click.option("--kind", type=click.Choice(REVIEW_KINDS), help="只看点评或考核")
@listing
def review_list(year: int | None, kind: str | None, out: Any) -> None:
    """点评和考核记录。"""
    with open_context() as ctx:
        y = str(_year(year, ctx))
        rows = [{"id": rid, **{k: r.get(k) for k in ("date", "kind", "station", "reviewer", "result", "findings")}}
                for rid, r in ctx.records.list("guangongwei.review") if r["date"][:4] == y and (not kind or r["kind"] == kind)]
    rows.sort(key=lambda r: (r["date"], r["id"]))
    out.rows(rows, [("id", "编号"), ("date", "日期"), ("kind", "类别"), ("station", "辅导站"), ("reviewer", "点评考核单位"),
                    ("result", "结果"), ("findings", "意见")])


# -- 三好 -----------------------------------------------------------------------------------------
STANDARD_TEXTS = tuple(text for _, text in STANDARD)


@guangongwei.command(name="nominate")
@click.argument("student")
@click.option("--school", required=True, help="学校（受保护信息）")
@click.option("--grade", help="年级")
@click.option("--award", type=click.Choice(AWARDS), default="三好标兵", show_default=True, help="评选")
@click.option("--year", type=int, help="年度（默认今年）")
@date_option("--date", "day", help="推荐日期（默认今天）")
@click.option("--meets", multiple=True, type=click.Choice(STANDARD_TEXTS), help="符合的标准（篇5 L105），可多次")
@click.option("--all-standards", is_flag=True, help="三项标准都符合")
@click.option("--status", type=click.Choice(NOMINATION_STATUSES), default="推荐", show_default=True, help="结果")
@click.option("--unit", "unit_name", help="推荐单位")
def nominate_cmd(student: str, school: str, grade: str | None, award: str, year: int | None, day: date,
                 meets: tuple[str, ...], all_standards: bool, status: str, unit_name: str | None) -> None:
    """推荐一名中小学生参加“三好标兵”（或“三好学生”）评选（输出编号；学生信息受保护）。"""
    from .service import nominate

    chosen = set(STANDARD_TEXTS if all_standards else meets)
    with open_context(write=True, action="guangongwei nominate") as ctx:
        values = {"student": student, "school": school, "grade": grade, "award": award, "year": year or ctx.today.year,
                  "date": day.isoformat(), "status": status, "unit": unit_name,
                  **{key: (text in chosen) or None for key, text in STANDARD}}
        rid = nominate(ctx, values)
    click.echo(rid)
    missing = [t for t in STANDARD_TEXTS if t not in chosen]
    say(f"已登记{award}推荐 #{rid}（学生姓名、学校已受保护）")
    if award == "三好标兵" and missing:
        say(f"注意：尚未确认的标准：{'、'.join(missing)}（当选须三项都符合）")


@guangongwei.group(name="nomination")
def nomination() -> None:
    """三好推荐名单（学生为未成年人：默认隐去姓名和学校）。"""


@nomination.command(name="list")
@click.option("--year", type=int, help="年度（默认今年）")
@listing(reveal=True)
def nomination_list(year: int | None, out: Any) -> None:
    """推荐名单；学生姓名、学校默认隐去（--reveal 显示，记入修改日志）。"""
    from .service import nominations

    with open_context() as ctx:
        rows = nominations(ctx, _year(year, ctx), names=out.reveal)
    out.rows(rows, [("id", "编号"), ("student", "学生", "name"), ("school", "学校", "name"), ("grade", "年级"),
                    ("award", "评选"), ("year", "年度"), ("standards", "标准"), ("status", "结果"), ("unit", "推荐单位")])


@nomination.command(name="result")
@click.argument("nomination_id", metavar="ID")
@click.option("--status", type=click.Choice(NOMINATION_STATUSES), required=True, help="结果")
@click.option("--meets", multiple=True, type=click.Choice(STANDARD_TEXTS), help="补充确认符合的标准，可多次")
def nomination_result(nomination_id: str, status: str, meets: tuple[str, ...]) -> None:
    """登记评选结果（“三好标兵”当选须三项标准都符合）。"""
    with open_context(write=True, action=f"guangongwei nomination result {nomination_id}") as ctx:
        ctx.records.get(nomination_id, "guangongwei.nomination")
        ctx.records.edit(nomination_id, {"status": status, **{k: True for k, t in STANDARD if t in meets}})
    say(f"推荐 #{nomination_id.lstrip('#')}：{status}")


# -- the plan: this month's work, targets, 五好 小结, 考核 ----------------------------------------------
@guangongwei.command(name="calendar")
@click.argument("month", required=False, metavar="[MONTH]")
@click.option("--year", type=int, help="全年十二个月的概况（不给 MONTH 时）")
@click.option("--strict", is_flag=True, help="有单位逾期未完成时以退出码 3 结束（供 cron 使用）")
@listing
def calendar_cmd(month: str | None, year: int | None, strict: bool, out: Any) -> None:
    """本月工作安排（篇5“四、工作安排”原文）及各单位完成情况；--year 看全年。

    \b
    例：shequ 关工委 calendar            # 本月
        shequ 关工委 calendar 2025-08    # 八月份：办班培训与点评
        shequ 关工委 calendar --year 2025
    """
    from .service import month_state, month_work, year_work

    with open_context() as ctx:
        if year is not None and month is None:
            works = year_work(ctx, year)
            rows = [{"month": w["label"], "item": w["work"], "source": w["source"], "scope": w["scope"],
                     "done": w["done"], "total": w["total"], "status": month_state(w), "missed": w["missed"]} for w in works]
            out.rows(rows, [("month", "月份"), ("item", "工作安排"), ("source", "出处"), ("done", "已完成单位"),
                            ("total", "应完成单位"), ("status", "状态")])
            late = any(w["missed"] for w in works)
        else:
            span = ctx.parse_period(month or "this-month")
            if span.kind != "month":
                raise click.UsageError(f"请给出一个月份，如 2025-03：{month}")
            w = month_work(ctx, span.start.year, span.start.month)
            rows = [{"unit": r["unit"], "status": r["status_label"], "events": r["events"]} for r in w["rows"]]
            if out.fmt == "table" and not out.path:
                click.echo(f"{w['item']}。（{w['source']}）")
                click.echo(f"对象：{w['scope']}（{w['scope_note']}）" + (f"；可结合：{w['anchor']}" if w["anchor"] else ""))
                click.echo(f"完成：{w['done']}/{w['total']}，截止 {w['due']}"
                           + (f"；{w['review']['text']}" if w["review"] and w["review"]["total"] else ""))
            if out.human:
                out.rows(rows, [("unit", "单位"), ("status", "状态"), ("events", "活动")])
            else:
                out.answer(w, "")
            late = bool(w["missed"])
    if strict and late:
        raise SystemExit(3)


@guangongwei.command(name="targets")
@click.option("--strict", is_flag=True, help="有目标未达成时以退出码 3 结束")
@listing
def targets_cmd(strict: bool, out: Any) -> None:
    """“五好”创建、示范建设、中心站班子、电子阅览室电脑：目标（篇5 L96、L103、L107）与现状。"""
    from .service import targets

    with open_context() as ctx:
        rows = targets(ctx)
    shown = [{**r, "met": ("已达成" if r["met"] else "未达成") if out.human else r["met"]} for r in rows]
    out.rows(shown, [("goal", "目标"), ("target", "要求"), ("actual", "现状"), ("met", "结论"), ("source", "出处")])
    if strict and not all(r["met"] for r in rows):
        raise SystemExit(3)


@guangongwei.command(name="wuhao")
@click.option("--year", type=int, help="年度（默认今年）")
@listing
def wuhao_cmd(year: int | None, out: Any) -> None:
    """创建“五好”基层关工委阶段性小结（九月份，篇5 L117）：各村(社区)状态、自查进度、薄弱环节。"""
    from .service import wuhao_summary

    with open_context() as ctx:
        rows = wuhao_summary(ctx, _year(year, ctx))
    if out.human:
        rows = [{**r, "model": "是" if r["model"] else ""} for r in rows]
    out.rows(rows, [("unit", "单位"), ("wuhao", "创建状态"), ("since", "状态日期"), ("model", "示范建设"),
                    ("progress", "自查进度"), ("weak", "薄弱环节")])


@guangongwei.command(name="assess")
@click.option("--year", type=int, help="年度（默认今年）")
@listing
def assess_cmd(year: int | None, out: Any) -> None:
    """年终考核（十二月份，篇5 L120）：各村(社区)中心站的点评、考核，全年总结与资料存档。"""
    from .service import assessment

    with open_context() as ctx:
        a = assessment(ctx, _year(year, ctx))
    if not out.human:
        out.answer(a, "")
        return
    out.rows(a["stations"], [("station", "辅导站"), ("unit", "单位"), ("dianping", "点评"), ("kaohe", "考核"),
                             ("result", "考核结果"), ("findings", "意见")])
    say(f"已考核 {a['assessed']}/{len(a['stations'])} 个中心站；全年总结："
        + ("、".join(a["summary"]) or "未登记") + "；资料存档（台账）：" + ("、".join(a["archive"]) or "未登记"))


# -- 电子阅览室 ----------------------------------------------------------------------------------
@guangongwei.group(name="pc")
def pc() -> None:
    """电子阅览室电脑：自行配备（可记账）与上级扶持（只作记录）。"""


@pc.command(name="add")
@click.option("--unit", "unit_name", required=True, help="单位")
@click.option("--count", type=int, required=True, help="台数")
@click.option("--source", type=click.Choice(PC_SOURCES), required=True, help="来源")
@date_option("--date", "day")
@click.option("--amount", help="自行配备的购置金额（记入经费账：支出:关工委:电子阅览室）")
@click.option("--via", help="付款账户（默认 资产:银行）")
def pc_add(unit_name: str, count: int, source: str, day: date, amount: str | None, via: str | None) -> None:
    """登记电子阅览室电脑（输出编号）；自行配备且给出金额时同时记账。"""
    if amount and source != "自行配备":
        raise click.UsageError("上级扶持的电脑不经本级账目，不填 --amount")
    with open_context(write=True, action=f"guangongwei pc add {unit_name}") as ctx:
        entry = None
        if amount:
            entry = ctx.ledger.add({"date": day.isoformat(), "amount": amount, "direction": "out",
                                    "account": "支出:关工委:电子阅览室", "ggw_unit": unit_name,
                                    "memo": f"{unit_name}电子阅览室电脑{count}台", **({"via": via} if via else {})})
        rid = ctx.records.add("guangongwei.pc", {"unit": unit_name, "date": day.isoformat(), "count": count,
                                                 "source": source, "value": amount, "entry": entry})
    click.echo(rid)
    say(f"已登记{unit_name}电脑{count}台（{source}）" + (f"，记账 #{entry}" if entry else ""))


@pc.command(name="status")
@listing
def pc_status(out: Any) -> None:
    """各村(社区)电子阅览室与电脑台数（自行配备 / 上级扶持）。"""
    from .service import reading_rooms

    with open_context() as ctx:
        rows = reading_rooms(ctx)
        need = ctx.settings["guangongwei.pcs_self"]
    if out.human:
        rows = [{**r, "room": "有" if r["room"] else "无", "self_met": "达到" if r["self_met"] else f"不足{need}台"}
                for r in rows]
    out.rows(rows, [("unit", "单位"), ("room", "电子阅览室"), ("opened", "建成日期"), ("self", "自行配备"),
                    ("higher", "上级扶持"), ("self_met", f"自行配备{need}台")])
