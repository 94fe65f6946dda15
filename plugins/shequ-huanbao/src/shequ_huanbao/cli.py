"""``shequ huanbao …`` (alias ``shequ 环保``): thin callbacks over the use cases, through the public API only."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import click
from shequ import DataError, UsageError
from shequ.api import Column, date_option, group, listing, open_context, period_option, say

from .declarations import GROUPS, PARTY_KINDS, ROLES


@group("huanbao")
def huanbao() -> None:
    """环保：用能趋势、日产日清、绿化工程与预算、绿色家庭评比、责任书续签、环保组织。"""


def _decimal(value: str | None, what: str) -> str | None:
    from shequ.api import parse_decimal

    if value is None:
        return None
    try:
        return str(parse_decimal(value))
    except ValueError as exc:
        raise DataError(f"{what}：{exc}") from None


def _month(text: str, today: date) -> Any:
    from shequ.periods import parse_period

    span = parse_period(text, today=today)
    if span.kind != "month":
        raise UsageError(f"应为一个月份（如 2025-03）：{text}")
    return span


# -- energy -------------------------------------------------------------------------------------------
@huanbao.group(name="energy")
def energy() -> None:
    """办公室用电、用水：每月读数，环比、同比与“降低办公室用能总量”（篇15 L304）。"""


@energy.command(name="record")
@click.option("--month", "month_text", default="this-month", show_default=True, help="月份，如 2025-03")
@click.option("--kwh", help="本月用电量（千瓦时）；只给读数时按读数之差计算")
@click.option("--water", help="本月用水量（立方米）")
@click.option("--meter-kwh", help="月末电表读数")
@click.option("--meter-water", help="月末水表读数")
@click.option("--replaced", is_flag=True, help="本月换了表（读数变小时不与上月比较）")
@click.option("--note", help="备注")
def energy_record(month_text: str, kwh: str | None, water: str | None, meter_kwh: str | None, meter_water: str | None,
                  replaced: bool, note: str | None) -> None:
    """登记（或更正）一个月的用电、用水，并显示环比、同比（输出记录编号）。

    \b
    例：
      shequ 环保 energy record --month 2025-03 --kwh 1180 --water 23.5
      shequ 环保 energy record --month 2025-04 --meter-kwh 45210 --meter-water 1288
    """
    from .energy import RESOURCES, month_name, shift, versus
    from .service import energy_trend, record_energy

    values = {"electricity": _decimal(kwh, "用电量"), "water": _decimal(water, "用水量"),
              "meter_e": _decimal(meter_kwh, "电表读数"), "meter_w": _decimal(meter_water, "水表读数"),
              "replaced": True if replaced else None, "note": note}
    with open_context(write=True) as ctx:
        span = _month(month_text, ctx.today)
        rid, created = record_energy(ctx, span.label, values)
        t = energy_trend(ctx, [shift(span.label, -12), shift(span.label, -1), span.label])
        row = next((r for r in t.rows if r.month == span.label), None)
    click.echo(rid)
    say(f"已{'登记' if created else '更正'}{span.title}的办公室能耗（#{rid}）")
    if row is not None:
        for res, meter, name, unit in RESOURCES:
            if row.values[res] is None:
                if values.get(meter) is not None:
                    say(f"  {name}：只有读数，缺{month_name(shift(span.label, -1), True)}的读数，无法算出本月用量")
                continue
            mom, yoy = versus(t, span.label, res)
            say(f"  {name} {row.values[res]} {unit}，{mom}，{yoy}")


@energy.command(name="show")
@period_option(default="this-year", help="期间（默认今年），如 2025、2025-H2")
@listing
def energy_show(period: Any, out: Any) -> None:
    """每月用电、用水及环比、同比，用电图示；并说明缺读数的月份无法说明什么。"""
    from .energy import RESOURCES, bar, goal_sentence, month_name, signed
    from .service import energy_trend, months_of

    with open_context() as ctx:
        t = energy_trend(ctx, months_of(period))
        target = ctx.settings["huanbao.energy_target"]
    top = max((r.values["electricity"] for r in t.rows if r.values["electricity"] is not None), default=None)
    rows = []
    for r in t.rows:
        row: dict[str, Any] = {"month": r.month}
        for res, *_ in RESOURCES:
            row[res] = r.values[res]
            row[f"{res}_mom"] = r.mom[res] if not out.human else signed(r.mom[res])
            row[f"{res}_yoy"] = r.yoy[res] if not out.human else signed(r.yoy[res])
        if out.human:
            row["month"] = month_name(r.month, True)
            row = {k: ("—" if v is None else v) for k, v in row.items()}
            row["chart"] = bar(r.values["electricity"], top)
        rows.append(row)
    if not out.human:
        out.answer({"period": period.label, "months": rows, "notes": t.notes,
                    "summary": {res: {k: v for k, v in s.items()} for res, s in t.summary.items()}}, "")
        return
    out.rows(rows, [Column("month", "月份"), Column("electricity", "用电（千瓦时）"), Column("electricity_mom", "环比"),
                    Column("electricity_yoy", "同比"), Column("water", "用水（立方米）"), Column("water_mom", "环比"),
                    Column("water_yoy", "同比"), Column("chart", "用电图示")])
    for s in t.summary.values():
        say(goal_sentence(s, target))
    for note in t.notes:
        say(f"注意：{note}")


# -- buildings and cleaning ------------------------------------------------------------------------------
@huanbao.group(name="building")
def building() -> None:
    """保洁楼栋（日产日清按楼栋计算）。"""


@building.command(name="add")
@click.argument("name")
@click.option("--cleaner", help="保洁员")
@date_option("--since", "since", help="纳入日产日清的起始日期（默认一直在）", default_today=False)
def building_add(name: str, cleaner: str | None, since: date | None) -> None:
    """登记一栋楼（如 幸福小区/13幢；输出编号）。"""
    from .cleaning import add_building

    with open_context(write=True) as ctx:
        rid = add_building(ctx, name, {k: v for k, v in {"cleaner": cleaner, "since": since and since.isoformat()}.items() if v})
    click.echo(rid)
    say(f"已登记楼栋“{name}”（#{rid}）")


@building.command(name="sync")
def building_sync() -> None:
    """按花名册住址（小区/楼栋/单元/室）登记尚未登记的楼栋（输出新编号）。"""
    from .cleaning import sync

    with open_context(write=True) as ctx:
        added = sync(ctx)
    for rid, _, _ in added:
        click.echo(rid)
    say(f"新登记楼栋 {len(added)} 栋" + ("：" + "、".join(f"{n}（{c}人）" for _, n, c in added) if added else "（都已登记）"))


@building.command(name="list")
@listing
def building_list(out: Any) -> None:
    """已登记的楼栋。"""
    from .cleaning import sorted_buildings

    with open_context() as ctx:
        rows = [{"id": rid, **b} for rid, b in sorted_buildings(ctx)]
    out.rows(rows, [Column("id", "编号"), Column("name", "楼栋"), Column("cleaner", "保洁员"), Column("since", "起始"),
                    Column("until", "截止"), Column("note", "备注")])


@huanbao.group(name="cleaning")
def cleaning() -> None:
    """保洁日志：楼道每天清扫、垃圾日产日清（篇20 L491）。"""


@cleaning.command(name="log")
@click.argument("names", nargs=-1, metavar="[楼栋]...")
@date_option("--date", "day")
@click.option("--all", "everyone", is_flag=True, help="当天在册的所有楼栋（可配合 --except、--missed）")
@click.option("--except", "excepted", multiple=True, help="与 --all 一起用：除去某楼栋（不记录），可多次")
@click.option("--missed", multiple=True, help="记为未清扫的楼栋，可多次")
@click.option("--reason", help="未清扫的原因")
@click.option("--cleaner", help="保洁员")
def cleaning_log(names: tuple[str, ...], day: date, everyone: bool, excepted: tuple[str, ...], missed: tuple[str, ...],
                 reason: str | None, cleaner: str | None) -> None:
    """登记某天的楼道清扫（同一楼栋同一天只记一条，再登记即更正；输出记录编号）。

    \b
    例：
      shequ 环保 cleaning log --all --date 2025-03-05
      shequ 环保 cleaning log --all --missed 9幢 --reason 保洁员请假
      shequ 环保 cleaning log 1幢 2幢 --date 昨天
    """
    from .cleaning import active, log, resolve, sorted_buildings

    if not (names or everyone or missed):
        raise click.UsageError("请给出楼栋，或用 --all 表示全部楼栋")
    if excepted and not everyone:
        raise click.UsageError("--except 只能与 --all 一起用")
    if reason and not missed:
        raise click.UsageError("--reason 是未清扫的原因，请与 --missed 一起用")
    with open_context(write=True) as ctx:
        chosen = [resolve(ctx, n) for n in names]
        skipped = {resolve(ctx, n) for n in excepted}
        not_done = [resolve(ctx, n) for n in missed]
        if everyone:
            chosen += [b["name"] for _, b in sorted_buildings(ctx) if active(b, day, day) and b["name"] not in chosen]
            chosen = [n for n in chosen if n not in skipped and n not in not_done]
        ids = log(ctx, day, chosen, missed=not_done, reason=reason, cleaner=cleaner)
    for rid in ids:
        click.echo(rid)
    say(f"{day.isoformat()}：已清扫 {len(chosen)} 栋" + (f"，未清扫 {len(not_done)} 栋（{'、'.join(not_done)}）" if not_done else ""))


def _mark(state: bool | None) -> str:
    return "✓" if state else ("✗" if state is False else "·")


@cleaning.command(name="show")
@date_option("--date", "day", help="日期（默认今天）")
@click.option("--week", is_flag=True, help="显示该日期所在的一周（周一至周日）")
@listing
def cleaning_show(day: date, week: bool, out: Any) -> None:
    """某天（或某周）每栋楼是否清扫，以及漏扫的楼栋（✓ 已清扫，✗ 记为未清扫，· 没有记录）。"""
    from .cleaning import active, days_logged, sorted_buildings

    first = day - timedelta(days=day.weekday()) if week else day
    last = first + timedelta(days=6) if week else day
    with open_context() as ctx:
        last_known = min(last, ctx.today)
        logged = days_logged(ctx, first, last)
        blds = sorted_buildings(ctx)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    rows, missed_names = [], []
    for _, b in blds:
        span = active(b, first, last)
        if span is None:
            continue
        states = {d.isoformat(): logged.get((b["name"], d.isoformat())) for d in days if span[0] <= d <= span[1]}
        due = [d for d, s in states.items() if d <= last_known.isoformat() and not s]
        if due:
            missed_names.append(b["name"])
        row: dict[str, Any] = {"building": b["name"], "missed": len(due)}
        for d in days:
            key = d.isoformat()
            if not out.human:
                row[key] = states.get(key)
            else:
                row[key] = "" if key not in states or key > last_known.isoformat() else _mark(states[key])
        rows.append(row)
    cols = [Column("building", "楼栋")] + [Column(d.isoformat(), f"{d.month}/{d.day}" if week else "清扫") for d in days]
    out.rows(rows, cols + [Column("missed", "漏扫天数")])
    if out.human:
        when = f"{first.isoformat()}～{last.isoformat()}" if week else day.isoformat()
        say(f"{when}：{len(rows)}栋楼，" + (f"漏扫（或没有记录）{len(missed_names)}栋：{'、'.join(missed_names)}" if missed_names
                                         else "都已清扫"))


@cleaning.command(name="coverage")
@period_option(default="this-month", help="期间（默认本月），如 2025-03、2025-Q1")
@click.option("--strict", is_flag=True, help="有楼栋未达标时以退出码 3 结束（供 cron 使用）")
@listing
def cleaning_coverage(period: Any, strict: bool, out: Any) -> None:
    """每栋楼在期间内有清扫记录的天数、覆盖率、漏扫的日期（对照设置 huanbao.cleaning_target）。"""
    from .cleaning import coverage, days_text

    with open_context() as ctx:
        rows = coverage(ctx, period.start, period.end)
        target = int(ctx.settings["huanbao.cleaning_target"])
        upto = min(period.end, ctx.today)
    data = [{"building": r.building, "expected": r.expected, "cleaned": r.cleaned, "pct": r.pct,
             "not_cleaned": r.not_cleaned if not out.human else len(r.not_cleaned),
             "unlogged": r.unlogged if not out.human else len(r.unlogged),
             "met": r.pct is not None and r.pct >= target,
             "days": days_text(r.missed) if out.human else r.missed} for r in rows]
    if out.human:
        data = [{**d, "met": "达标" if d["met"] else "未达标"} for d in data]
    out.rows(data, [Column("building", "楼栋"), Column("expected", "应清扫天数"), Column("cleaned", "已清扫"),
                    Column("pct", "覆盖率%"), Column("not_cleaned", "记为未扫"), Column("unlogged", "无记录"),
                    Column("met", "结论"), Column("days", "漏扫日期")])
    short = [r for r in rows if r.pct is None or r.pct < target]
    if out.human and rows:
        say(f"{period.title}（截至 {upto.isoformat()}）：{len(rows)}栋楼，达标线 {target}%，未达标 {len(short)} 栋。"
            "“无记录”的日子无法区分是没有清扫还是没有登记。")
    if strict and short:
        raise SystemExit(3)


@cleaning.command(name="review")
@click.option("--month", "month_text", default="last-month", show_default=True, help="考核月份，如 2025-03")
def cleaning_review(month_text: str) -> None:
    """月度考核：按保洁日志计算当月覆盖率，记为一次已开展的“保洁日产日清考核”（职责 huanbao.cleaning 据此判断；
    同一月份再考核即更新；输出活动编号）。"""
    from .cleaning import review

    with open_context(write=True) as ctx:
        span = _month(month_text, ctx.today)
        eid, fields, created = review(ctx, span)
    click.echo(eid)
    verdict = "达标" if fields["met"] else "未达标"
    say(f"{span.title}保洁考核（#{eid}，{'新建' if created else '已更新'}）：覆盖率 {fields['coverage']}%，{verdict}"
        + (f"；未达标：{'、'.join(fields['missed'])}" if fields["missed"] else ""))


# -- greening projects -------------------------------------------------------------------------------------
@huanbao.group(name="project")
def project() -> None:
    """绿化工程：数量进度、经费执行率（对照 ledger 预算）、完成期限（篇18 L473–L474）。"""


@project.command(name="add")
@click.argument("name")
@click.option("--location", required=True, help="地点")
@date_option("--deadline", "deadline", required=True, default_today=False, help="完成期限，如 2025-03-31")
@date_option("--start", "start", default_today=False, help="开工日期")
@click.option("--cost", help="计划投资（元），如 60000")
@click.option("--account", help="经费科目，如 支出:环保:绿化工程:工字街绿化带（预算用 shequ ledger budget set 设置）")
@click.option("--item", "items", multiple=True, help="内容:数量:单位，如 风景树:200:株；数量未定留空：冬青苗::株；可多次")
@click.option("--note", help="备注")
def project_add(name: str, location: str, deadline: date, start: date | None, cost: str | None, account: str | None,
                items: tuple[str, ...], note: str | None) -> None:
    """登记绿化工程及其内容（输出工程编号）。

    \b
    例（篇18 L473）：
      shequ ledger accounts add 支出:环保:绿化工程:工字街绿化带 --kind expense
      shequ ledger budget set 支出:环保:绿化工程:工字街绿化带 60000 --year 2025
      shequ 环保 project add 工字街道绿化带补植 --location 杨河小区工字街道 --deadline 2025-03-31 \\
          --cost 60000 --account 支出:环保:绿化工程:工字街绿化带 --item 风景树:200:株 --item 冬青苗::株
    """
    from .service import add_project, parse_item

    parsed = [parse_item(i) for i in items]
    values = {"name": name, "location": location, "deadline": deadline.isoformat(),
              "start": start.isoformat() if start else None, "cost": _decimal(cost, "计划投资"),
              "account": account.replace("：", ":") if account else None, "note": note}
    with open_context(write=True) as ctx:
        pid, ids = add_project(ctx, {k: v for k, v in values.items() if v is not None}, parsed)
    click.echo(pid)
    say(f"已登记绿化工程“{name}”（#{pid}），内容 {len(ids)} 项")


@project.command(name="progress")
@click.argument("project_key", metavar="工程")
@click.argument("item_key", metavar="内容")
@click.argument("quantity", metavar="数量")
@date_option("--date", "day")
@click.option("--note", help="说明")
def project_progress(project_key: str, item_key: str, quantity: str, day: date, note: str | None) -> None:
    """登记某项内容完成的数量，如：shequ 环保 project progress 工字街 风景树 120 --date 2025-03-12（输出编号）。"""
    from .service import item_of, project as find_project

    with open_context(write=True) as ctx:
        pid, _ = find_project(ctx, project_key)
        iid, item = item_of(ctx, pid, item_key)
        rid = ctx.records.add("huanbao.project_work", {"item": iid, "date": day.isoformat(), "quantity": quantity,
                                                       "note": note})
    click.echo(rid)
    say(f"已登记：{item['item']} {quantity}{item['unit']}（{day.isoformat()}）")


@project.command(name="done")
@click.argument("project_key", metavar="工程")
@date_option("--date", "day", help="完工日期（默认今天）")
def project_done(project_key: str, day: date) -> None:
    """登记工程完工。"""
    from .service import project as find_project

    with open_context(write=True) as ctx:
        pid, doc = find_project(ctx, project_key)
        if doc.get("completed"):
            raise DataError(f"绿化工程 #{pid} 已于 {doc['completed']} 完工")
        ctx.records.edit(pid, {"completed": day.isoformat()})
    say(f"绿化工程“{doc['name']}”（#{pid}）于 {day.isoformat()} 完工")


@project.command(name="status")
@click.argument("project_key", metavar="[工程]", required=False)
@date_option("--date", "day", help="截至日期（默认今天）")
@click.option("--strict", is_flag=True, help="有逾期未完工的工程时以退出码 3 结束")
@listing
def project_status_cmd(project_key: str | None, day: date, strict: bool, out: Any) -> None:
    """工程进度：各项数量完成情况、支出对预算（执行率）、完成期限。"""
    from .service import budget_text, item_text, project as find_project, project_status

    with open_context() as ctx:
        found = [find_project(ctx, project_key)] if project_key else ctx.records.list("huanbao.project")
        rows = [project_status(ctx, pid, doc, day) for pid, doc in found]
    if not out.human:
        out.answer(rows, "")
    elif project_key and rows:
        s = rows[0]
        out.rows([{**i, "planned": i["planned"] if i["planned"] is not None else "未定",
                   "pct": i["pct"] if i["pct"] is not None else "—"} for i in s["items"]],
                 [Column("id", "编号"), Column("item", "内容"), Column("unit", "单位"), Column("planned", "计划"),
                  Column("done", "已完成"), Column("pct", "完成%")])
        say(f"#{s['id']} {s['name']}（{s['location']}）：{s['state']}；{budget_text(s)}")
    else:
        out.rows([{"id": s["id"], "name": s["name"], "items": "；".join(item_text(i) for i in s["items"]) or "（未登记内容）",
                   "money": budget_text(s), "state": s["state"]} for s in rows],
                 [Column("id", "编号"), Column("name", "工程"), Column("items", "数量进度"), Column("money", "经费"),
                  Column("state", "期限")])
    if strict and any(s["overdue"] for s in rows):
        raise SystemExit(3)


# -- 绿色家庭 --------------------------------------------------------------------------------------------------
@huanbao.group(name="family")
def family() -> None:
    """“绿色家庭”评比（篇20 L490；评比标准原文未给）。"""


@family.command(name="evaluate")
@click.option("--year", type=int, help="年度（默认今年）")
@date_option("--date", "day", help="评比日期（默认今天）")
@click.option("--green", multiple=True, help="评为绿色家庭的户（户号或户内居民姓名），可多次")
@click.option("--not", "others", multiple=True, help="参评但未评上的户，可多次")
@click.option("--note", help="评比情况")
def family_evaluate(year: int | None, day: date, green: tuple[str, ...], others: tuple[str, ...], note: str | None) -> None:
    """登记一次“绿色家庭”评比：记为已开展的评比活动，每户一条结果（每户每年一次；输出活动编号）。"""
    from .service import evaluate_families

    if not green and not others:
        raise click.UsageError("请用 --green（评上）或 --not（未评上）给出参评的户")
    with open_context(write=True) as ctx:
        y = year or day.year
        eid, ids = evaluate_families(ctx, y, day, list(green), list(others), note)
    click.echo(eid)
    say(f"已登记{y}年度“绿色家庭”评比（活动 #{eid}）：参评 {len(ids)} 户，评为绿色家庭 {len(green)} 户")


@family.command(name="list")
@click.option("--year", type=int, help="年度（默认今年）")
@listing
def family_list(year: int | None, out: Any) -> None:
    """某年度的评比结果（户号、户主、结果）。"""
    from .service import families

    with open_context() as ctx:
        rows = families(ctx, year or ctx.today.year)
    out.rows(rows, [Column("id", "编号"), Column("household", "户号"), Column("head", "户主"), Column("result", "结果"),
                    Column("date", "评比日期"), Column("behaviours", "节能行为")])


# -- 责任书 ----------------------------------------------------------------------------------------------------
@huanbao.group(name="agreement")
def agreement() -> None:
    """市容环境卫生管理责任书：签订、续签、到期提醒（篇16(一) L342）。"""


@agreement.command(name="add")
@click.argument("counterparty", metavar="责任方")
@click.option("--kind", "party_kind", type=click.Choice(PARTY_KINDS), required=True, help="单位、门店或住户")
@date_option("--signed", "signed", help="签订日期（默认今天）")
@date_option("--until", "until", default_today=False, help="有效期至（不填按设置 huanbao.agreement_years）")
@click.option("--address", help="地址")
@click.option("--contact", help="联系人")
@click.option("--phone", help="联系电话")
def agreement_add(counterparty: str, party_kind: str, signed: date, until: date | None, address: str | None,
                  contact: str | None, phone: str | None) -> None:
    """登记一份签订的责任书（输出编号）。"""
    if not counterparty.strip():
        raise DataError("责任书必须写明责任方（单位、门店名称或住户姓名）")
    values = {"counterparty": counterparty.strip(), "party_kind": party_kind, "signed": signed.isoformat(),
              "until": until.isoformat() if until else None, "address": address, "contact": contact, "phone": phone}
    with open_context(write=True) as ctx:
        rid = ctx.records.add("huanbao.agreement", {k: v for k, v in values.items() if v is not None})
    click.echo(rid)
    say(f"已登记与“{counterparty.strip()}”的市容环境卫生管理责任书（#{rid}）")


@agreement.command(name="renew")
@click.argument("key", metavar="责任书")
@date_option("--date", "day", help="续签日期（默认今天）")
@date_option("--until", "until", default_today=False, help="新的有效期（不填按设置 huanbao.agreement_years）")
def agreement_renew(key: str, day: date, until: date | None) -> None:
    """续签责任书（编号或责任方名称）。"""
    from .service import renew

    with open_context(write=True) as ctx:
        rid, end = renew(ctx, key, day, until)
    say(f"责任书 #{rid} 已于 {day.isoformat()} 续签，有效期至 {end.isoformat()}")


@agreement.command(name="due")
@click.option("--within", type=click.IntRange(0, 3660), help="多少天内到期（默认按设置 huanbao.renewal_days）")
@click.option("--strict", is_flag=True, help="有已过期或即将到期的责任书时以退出码 3 结束（供 cron 使用）")
@listing(reveal=True)
def agreement_due(within: int | None, strict: bool, out: Any) -> None:
    """已过期和即将到期、需要续签的责任书。"""
    from .service import agreements_due

    with open_context() as ctx:
        days = within if within is not None else int(ctx.settings["huanbao.renewal_days"])
        rows = agreements_due(ctx, ctx.today, days)
    out.rows(rows, [Column("id", "编号"), Column("counterparty", "责任方"), Column("party_kind", "类别"),
                    Column("address", "地址"), Column("phone", "电话", mask="phone"), Column("signed", "签订"),
                    Column("renewed", "续签"), Column("until", "有效期至"), Column("status", "状态")])
    if out.human:
        say(f"{len(rows)} 份责任书已过期或将在 {days} 天内到期" if rows else f"没有 {days} 天内到期的责任书")
    if strict and rows:
        raise SystemExit(3)


# -- organisation ----------------------------------------------------------------------------------------------
@huanbao.group(name="group")
def group_cmd() -> None:
    """节能环保工作领导小组、三级管理网络、护绿队/保洁队/绿化队及其成员（篇15 L297；篇20 L489、L491）。"""


@group_cmd.command(name="setup")
@date_option("--date", "day", help="成立日期（默认今天）")
@click.option("--only", multiple=True, type=click.Choice(GROUPS), help="只成立某几个（默认全部七个）")
def group_setup(day: date, only: tuple[str, ...]) -> None:
    """成立尚未登记的组织，职责取自原文（输出新编号）。"""
    from .service import group_setup as setup

    with open_context(write=True) as ctx:
        added = setup(ctx, day, list(only))
    for rid, _ in added:
        click.echo(rid)
    say(f"已成立：{'、'.join(n for _, n in added)}" if added else "都已成立，没有新建")


@group_cmd.command(name="join")
@click.argument("group_name", metavar="组织", type=click.Choice(GROUPS))
@click.argument("who", metavar="成员")
@click.option("--role", type=click.Choice(ROLES), help="职务（默认 成员/队员）")
@click.option("--post", help="单位及职务，如 社区书记、分管环保、某单位负责人")
@date_option("--date", "day", help="加入日期（默认今天）")
@click.option("--external", is_flag=True, help="不在花名册中的成员（如辖区单位负责人），按姓名登记")
def group_join(group_name: str, who: str, role: str | None, post: str | None, day: date, external: bool) -> None:
    """加入某个组织（输出编号）。"""
    from .service import join

    with open_context(write=True) as ctx:
        rid = join(ctx, group_name, who, role, post, day, external)
    click.echo(rid)
    say(f"{who} 已加入{group_name}（#{rid}）")


@group_cmd.command(name="list")
@listing
def group_list(out: Any) -> None:
    """各组织：成立日期、负责人、人数、职责；三级管理网络是否建齐。"""
    from .service import members_on, network_sentence

    with open_context() as ctx:
        groups = {g["name"]: (rid, g) for rid, g in ctx.records.list("huanbao.group")}
        members = members_on(ctx, ctx.today)
        names = ctx.people.names([m["person"] for ms in members.values() for m in ms if m.get("person") is not None])
    rows = []
    for name in GROUPS:
        if name not in groups and not members[name]:
            continue
        rid, g = groups.get(name, (None, {}))
        heads = [(names.get(m["person"]) if m.get("person") is not None else m.get("name")) or ""
                 for m in members[name] if m.get("role") in ("组长", "队长")]
        rows.append({"id": rid, "name": name, "formed": g.get("formed"), "leaders": "、".join(heads),
                     "members": len(members[name]), "duties": g.get("duties")})
    out.rows(rows, [Column("id", "编号"), Column("name", "组织"), Column("formed", "成立"), Column("leaders", "组长/队长"),
                    Column("members", "人数"), Column("duties", "职责")])
    if out.human:
        say(network_sentence(set(groups), members))
