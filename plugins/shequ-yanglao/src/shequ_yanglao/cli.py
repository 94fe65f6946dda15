"""``shequ yanglao …`` (alias ``shequ 养老``): thin callbacks over ``service``, through the public API only."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from shequ.api import date_option, group, listing, open_context, say

from .rules import ASSISTANCE, ECONOMY, MODES, NEEDS, PAIRINGS, PROVIDER_TYPES, SELF_CARE, TIERS


@group("yanglao")
def yanglao() -> None:
    """居家养老：服务对象与等级、服务记录、空巢老人帮扶联系、助老服务券、结对、重阳与平安保险。"""


def _money(text: str | None, what: str) -> Any:
    """A non-negative amount typed by a person (``10``, ``¥10.50``, ``10元``); ``None`` if not given."""
    if text is None:
        return None
    from shequ import DataError
    from shequ.api import parse_decimal

    try:
        value = parse_decimal(text)
    except ValueError as exc:
        raise DataError(f"{what}：{exc}") from None
    if value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise DataError(f"{what}应为非负数、最多两位小数：{text}")
    return value


# -- 养老档案 ------------------------------------------------------------------------------------------
@yanglao.group(name="elder")
def elder() -> None:
    """养老档案：自理能力、救助优抚、经济状况、病残（敏感信息，默认隐去）。"""


@elder.command(name="set")
@click.argument("person")
@date_option("--since", "since", help="自该日起适用（默认今天；情况变化时用新的日期，旧日期的等级不受影响）")
@click.option("--self-care", type=click.Choice(SELF_CARE), help="自理能力（篇4 L71、L73）")
@click.option("--assist", "assistance", multiple=True, type=click.Choice(ASSISTANCE),
              help="救助优抚，可多次：低保、重点优抚对象、三无（分散供养）、革命五老（篇4 L71）")
@click.option("--no-assist", is_flag=True, help="清除救助优抚")
@click.option("--civil-aid/--no-civil-aid", default=None, help="是否享受民政救助（篇4 L74）")
@click.option("--economy", type=click.Choice(ECONOMY), help="经济状况（篇4 L75、L76）")
@click.option("--need", "needs", multiple=True, type=click.Choice(NEEDS), help="有偿服务需求，可多次（篇4 L76）")
@click.option("--sick-disabled/--not-sick-disabled", default=None, help="病残（篇4 L77）")
@click.option("--health-record/--no-health-record", default=None, help="已建健康档案（篇4 L81）")
@click.option("--family-bed/--no-family-bed", default=None, help="家庭病床（篇4 L81）")
@click.option("--note", help="备注")
def elder_set(person: str, since: date, self_care: str | None, assistance: tuple[str, ...], no_assist: bool,
              civil_aid: bool | None, economy: str | None, needs: tuple[str, ...], sick_disabled: bool | None,
              health_record: bool | None, family_bed: bool | None, note: str | None) -> None:
    """登记或更新一位老人的养老档案（输出档案编号）。

    \b
    例：
      shequ yanglao elder set 曾国藩 --self-care 不能自理 --assist 革命五老 --no-civil-aid
      shequ yanglao elder set 曾国藩 --since 2025-06-01 --self-care 能自理     # 情况变化
    """
    from .service import set_profile

    changes: dict[str, Any] = {"self_care": self_care, "civil_aid": civil_aid, "economy": economy,
                               "sick_disabled": sick_disabled, "health_record": health_record, "family_bed": family_bed,
                               "note": note}
    if assistance or no_assist:
        changes["assistance"] = list(assistance)
    if needs:
        changes["needs"] = list(needs)
    changes = {k: v for k, v in changes.items() if v is not None}
    with open_context(write=True, action=f"yanglao elder set {person}") as ctx:
        rid, created = set_profile(ctx, person, since, changes)
    click.echo(rid)
    say(f"已{'建立' if created else '更新'}养老档案 #{rid}（{since.isoformat()} 起）")


PROFILE_COLUMNS = [("self_care", "自理能力"), ("assistance", "救助优抚"), ("civil_aid", "享受民政救助"), ("economy", "经济状况"),
                   ("needs", "有偿服务需求"), ("sick_disabled", "病残"), ("health_record", "已建健康档案"),
                   ("family_bed", "家庭病床")]


@elder.command(name="show")
@click.argument("person")
@date_option("--date", "day")
@listing(reveal=True)
def elder_show(person: str, day: date, out: Any) -> None:
    """一位老人在某日的情况：年龄、空巢/独居、养老档案、服务等级及依据、最近联系（档案与等级默认隐去）。"""
    from shequ.api import Column

    from .rules import in_effect
    from .service import contact_categories, last_contacts, members, profiles_of, tier_of

    with open_context() as ctx:
        pid = ctx.people.resolve(person)
        verdict = tier_of(ctx, pid, day)
        if verdict is None:
            from shequ import DataError

            raise DataError(f"{ctx.people.name(pid)} 在 {day.isoformat()} 未满60周岁，不是养老服务对象（篇4 L70）")
        history = profiles_of(ctx, pid)
        profile = in_effect([d for _, d in history], day.isoformat()) or {}
        cats = members(ctx, contact_categories(ctx), day).get(pid, [])
        last = last_contacts(ctx, day).get(pid)
        doc = ctx.people.get(pid)
        row = {"name": doc.get("name"), "age": _age(doc.get("birth"), day), "groups": cats, "date": day.isoformat(),
               "profile_since": profile.get("since"), **{k: profile.get(k) for k, _ in PROFILE_COLUMNS},
               "tier": verdict.tier, "reasons": verdict.reasons, "notes": verdict.notes, "priority": verdict.priority,
               "last_contact": last[0] if last else None}
    # Sensitive values as text, so that a masked one reads “（已隐去）” rather than a count of items.
    row = {**row, "assistance": "、".join(row["assistance"] or ()) or None, "needs": "、".join(row["needs"] or ()) or None,
           "reasons": "；".join(row["reasons"]), "notes": "；".join(row["notes"]) or None,
           "priority": "、".join(row["priority"]) or None}
    secret = "name"  # health and assistance data: shown only with --reveal (logged)
    cols = [Column("name", "姓名"), Column("age", "年龄"), Column("date", "日期"), Column("groups", "帮扶联系对象"),
            Column("last_contact", "最近联系"), Column("profile_since", "档案起始"),
            *(Column(k, h, secret) for k, h in PROFILE_COLUMNS),
            Column("tier", "服务等级", secret), Column("reasons", "依据", secret), Column("notes", "说明", secret),
            Column("priority", "志愿服务重点", secret)]
    out.record(row, cols)


def _age(birth: Any, day: date) -> Any:
    from .rules import age_on

    return age_on(birth, day)


# -- 服务等级 ------------------------------------------------------------------------------------------
@yanglao.command(name="tiers")
@date_option("--date", "day", help="按哪一天计算（默认今天）")
@click.option("--tier", "only", type=click.Choice(TIERS), help="只看某一等级")
@click.option("--reading", help="无偿服务对象的解读：A 或 B（默认取设置 yanglao.free_reading）")
@listing(reveal=True)
def tiers_cmd(day: date, only: str | None, reading: str | None, out: Any) -> None:
    """服务对象名单：每位60周岁以上老人的服务等级（无偿、低偿、有偿、志愿）及依据（篇4 L70–L77）。

    姓名默认隐去（等级依据含救助、健康信息），--reveal 显示并记入修改日志。

    \b
    例：
      shequ yanglao tiers --tier 无偿 --reveal
      shequ yanglao tiers --reading B --json
    """
    from shequ.api import Column

    from .service import reading_of, tiers

    with open_context() as ctx:
        chosen = reading_of(ctx, reading)
        rows = tiers(ctx, day, chosen)
    counts = {t: sum(1 for r in rows if r.verdict.tier == t) for t in TIERS}
    shown = [r for r in rows if not only or r.verdict.tier == only]
    shown.sort(key=lambda r: (TIERS.index(r.verdict.tier), -r.age, r.pid))
    join = "；".join if out.human else list
    data = []
    for r in shown:
        row = {"person": r.name, "age": r.age, "tier": r.verdict.tier, "reasons": join(r.verdict.reasons),
               "priority": "、".join(r.verdict.priority) if out.human else r.verdict.priority,
               "notes": join(r.verdict.notes)}
        if out.reveal:
            row["person_id"] = r.pid
        data.append(row)
    say(f"{day.isoformat()} 60周岁以上老年人 {len(rows)} 人：" + "、".join(f"{t}{counts[t]}人" for t in TIERS)
        + f"（无偿服务对象按解读{chosen}，篇4 L71）")
    out.rows(data, [Column("person", "姓名", "name"), Column("age", "年龄"), Column("tier", "服务等级"),
                    Column("reasons", "依据"), Column("priority", "志愿服务重点"), Column("notes", "说明")])


@yanglao.group(name="tier")
def tier_group() -> None:
    """人工调整服务等级（须写明理由；记入修改日志，可 shequ undo 撤销）。"""


@tier_group.command(name="set")
@click.argument("person")
@click.option("--tier", "tier", required=True, type=click.Choice(TIERS), help="调整后的服务等级")
@click.option("--reason", help="理由（必填）")
@date_option("--from", "start", help="起始日期（默认今天）")
@date_option("--until", "end", help="截止日期（默认长期）", default_today=False)
def tier_set(person: str, tier: str, reason: str | None, start: date, end: date | None) -> None:
    """为一位老人人工认定服务等级（输出调整记录编号）。"""
    from .service import set_override

    with open_context(write=True, action=f"yanglao tier set {tier}") as ctx:
        rid = set_override(ctx, person, tier, reason, start, end)
    click.echo(rid)
    say(f"已调整服务等级为{tier}（记录 #{rid}，{start.isoformat()} 起）")


@tier_group.command(name="unset")
@click.argument("person")
@date_option("--date", "day", help="调整适用到哪一天为止（默认今天）")
def tier_unset(person: str, day: date) -> None:
    """结束人工调整，此后按规则计算。"""
    from .service import end_override

    with open_context(write=True, action="yanglao tier unset") as ctx:
        rid = end_override(ctx, person, day)
    say(f"人工调整（记录 #{rid}）适用至 {day.isoformat()}")


# -- 服务记录 ------------------------------------------------------------------------------------------
@yanglao.group(name="visit")
def visit() -> None:
    """居家养老服务记录（六助等；老人姓名默认隐去）。"""


@visit.command(name="log")
@click.argument("person")
@click.option("--item", required=True, help="服务项目（助餐、助洁、助浴、助医、助行、助急、聊天……见 service list）")
@date_option("--date", "day")
@click.option("--provider", help="服务方名称（已登记的服务方自动带出类型）")
@click.option("--provider-type", type=click.Choice(PROVIDER_TYPES), help="服务方类型")
@click.option("--mode", type=click.Choice(MODES), default="走访", show_default=True, help="方式（篇4 L79）")
@click.option("--fee", help="收费（元；记入 收入:养老:服务收费）")
@click.option("--via", help="收费进入的资金账户（默认 资产:银行）")
@click.option("--voucher", help="以助老服务券支付：券号（该券即为已使用）")
@click.option("--note", help="情况")
def visit_log(person: str, item: str, day: date, provider: str | None, provider_type: str | None, mode: str,
              fee: str | None, via: str | None, voucher: str | None, note: str | None) -> None:
    """登记一次服务（输出服务记录编号）；服务对象须为60周岁以上老年人（篇4 L70）。"""
    from .service import log_visit

    amount = _money(fee, "收费")
    with open_context(write=True, action=f"yanglao visit log {item}") as ctx:
        done = log_visit(ctx, person, day, item, provider_type=provider_type, provider=provider, mode=mode, fee=amount,
                         via=via, voucher=voucher, note=note)
    click.echo(done.visit)
    extra = [f"等级{done.tier}" if done.tier else ""]
    if done.entry:
        extra.append(f"收费记入账目 #{done.entry}")
    if voucher:
        extra.append(f"服务券 {voucher} 已使用")
    say(f"已登记{item}服务 #{done.visit}（" + "，".join(x for x in extra if x) + "）")


@visit.command(name="list")
@date_option("--from", "start", help="起始日期", default_today=False)
@date_option("--to", "end", help="截止日期", default_today=False)
@click.option("--item", help="只看某一项目")
@click.option("--category", help="只看某一类别")
@listing(reveal=True)
def visit_list(start: date | None, end: date | None, item: str | None, category: str | None, out: Any) -> None:
    """服务记录（老人姓名默认隐去，--reveal 显示并记入修改日志）。"""
    from shequ.api import Column

    where = [w for w in (start and f"date>={start.isoformat()}", end and f"date<={end.isoformat()}") if w]
    equals = {k: v for k, v in (("item", item), ("category", category)) if v}
    with open_context() as ctx:
        found = ctx.records.list("yanglao.visit", *where, **equals)
        names = ctx.people.names(v["elder"] for _, v in found) if out.reveal else {}
    rows = [{"id": rid, "date": v["date"], "elder": names.get(v["elder"], v["elder"]), "item": v["item"],
             "category": v.get("category"), "provider_type": v["provider_type"], "provider": v.get("provider"),
             "mode": v.get("mode"), "fee": v.get("fee"), "voucher": v.get("voucher")} for rid, v in found]
    out.rows(rows, [Column("id", "编号"), Column("date", "日期"), Column("elder", "老人", "name"), Column("item", "项目"),
                    Column("category", "类别"), Column("provider_type", "服务方类型"), Column("provider", "服务方"),
                    Column("mode", "方式"), Column("fee", "收费"), Column("voucher", "服务券")])


@yanglao.group(name="service")
def service_group() -> None:
    """服务目录（篇4 L78–L85）。"""


@service_group.command(name="list")
@listing
def service_list(out: Any) -> None:
    """服务项目及所属类别：默认目录（六助等）与本社区登记的项目。"""
    from .service import catalogue

    with open_context() as ctx:
        rows = list(catalogue(ctx).values())
    if out.human:
        rows = [{**r, "custom": "本社区" if r["custom"] else "默认"} for r in rows]
    out.rows(rows, [("name", "项目"), ("category", "类别"), ("source", "出处"), ("note", "说明"), ("price_low", "低偿价"),
                    ("price_paid", "有偿价"), ("custom", "来源")])


# -- 帮扶联系 ------------------------------------------------------------------------------------------
@yanglao.group(name="contact")
def contact() -> None:
    """空巢、独居老人的定期电话、走访、探视（篇4 L79）。"""


@contact.command(name="log")
@click.argument("people", nargs=-1)
@date_option("--date", "day")
@click.option("--mode", type=click.Choice(MODES), default="电话", show_default=True, help="方式")
@click.option("--worker", help="联系人（社区工作者、志愿者）")
@click.option("--all-overdue", is_flag=True, help="联系了本轮全部逾期（含从未联系）的老人")
@click.option("--except", "skip", multiple=True, metavar="PERSON", help="与 --all-overdue 同用：这些老人没有联系上")
def contact_log(people: tuple[str, ...], day: date, mode: str, worker: str | None, all_overdue: bool,
                skip: tuple[str, ...]) -> None:
    """登记联系到的老人（输出联系活动编号）。

    \b
    例：
      shequ yanglao contact log 曾国藩 欧阳秀英 --mode 电话
      shequ yanglao contact log --all-overdue --except 张三 --mode 走访 --worker 网格员李红
    """
    from .service import contact_round, log_contacts

    if not people and not all_overdue:
        raise click.UsageError("请给出老人姓名或编号，或用 --all-overdue")
    if skip and not all_overdue:
        raise click.UsageError("--except 只能与 --all-overdue 一起用")
    with open_context(write=True, action=f"yanglao contact log {mode}") as ctx:
        pids = [ctx.people.resolve(p) for p in people]
        if all_overdue:
            left = {ctx.people.resolve(s) for s in skip}
            pids += [r.pid for r in contact_round(ctx, day) if r.status in ("逾期", "从未联系", "今天到期")
                     and r.pid not in left and r.pid not in pids]
        eid = log_contacts(ctx, list(dict.fromkeys(pids)), day, mode, worker)
    click.echo(eid)
    say(f"已登记{mode}联系 {len(set(pids))} 人（活动 #{eid}，{day.isoformat()}）")


@contact.command(name="round")
@date_option("--date", "day", help="按哪一天检查（默认今天）")
@click.option("--all", "show_all", is_flag=True, help="也列出未逾期的老人")
@click.option("--strict", is_flag=True, help="有逾期时以退出码 3 结束（供 cron 使用）")
@listing(reveal=True)
def contact_round_cmd(day: date, show_all: bool, strict: bool, out: Any) -> None:
    """本轮帮扶联系：超过联系间隔（设置 yanglao.contact_interval，默认7天）没有联系的空巢、独居老人。

    电话号码默认隐去，--reveal 显示并记入修改日志。
    """
    from shequ.api import Column

    from .service import contact_round

    with open_context() as ctx:
        rows = contact_round(ctx, day)
        interval = int(ctx.settings["yanglao.contact_interval"])
    overdue = [r for r in rows if r.status in ("逾期", "从未联系")]
    shown = rows if show_all else overdue
    data = [{"person": r.name, "age": r.age, "categories": r.categories, "grid": r.grid, "last": r.last, "mode": r.mode,
             "days": r.days, "status": r.status, "phone": r.phone} for r in shown]
    say(f"{day.isoformat()} 帮扶联系对象 {len(rows)} 人，超过{interval}天未联系 {len(overdue)} 人"
        + (f"（其中从未联系 {sum(1 for r in overdue if r.status == '从未联系')} 人）" if overdue else ""))
    out.rows(data, [Column("person", "姓名"), Column("age", "年龄"), Column("categories", "类别"), Column("grid", "网格"),
                    Column("last", "最近联系"), Column("mode", "方式"), Column("days", "间隔天数"), Column("status", "状态"),
                    Column("phone", "联系电话", "phone")])
    if strict and overdue:
        raise SystemExit(3)


# -- 助老服务券 ------------------------------------------------------------------------------------------
@yanglao.group(name="voucher")
def voucher() -> None:
    """助老服务券：发放 → 使用（一次）→ 兑付（从助老服务券资金，专款专用；篇4 L87）。"""


@voucher.command(name="issue")
@click.argument("people", nargs=-1, required=True)
@click.option("--value", required=True, help="面值（元）")
@click.option("--count", type=int, default=1, show_default=True, help="每人张数")
@date_option("--date", "day", help="发放日期（默认今天）")
@date_option("--expires", "expires", help="有效期至", default_today=False)
def voucher_issue(people: tuple[str, ...], value: str, count: int, day: date, expires: date | None) -> None:
    """向老人发放助老服务券（每行输出一张券的记录编号；券号 ZL年份-序号 见标准错误和 voucher list）。"""
    from .service import issue_vouchers

    amount = _money(value, "面值")
    with open_context(write=True, action="yanglao voucher issue") as ctx:
        codes, warnings = issue_vouchers(ctx, list(people), amount, count, day, expires)
    for w in warnings:
        say(w)
    for rid, _ in codes:
        click.echo(rid)
    span = codes[0][1] if len(codes) == 1 else f"{codes[0][1]}～{codes[-1][1]}"
    say(f"已发放助老服务券 {len(codes)} 张（券号 {span}），面值合计 {amount * len(codes):.2f} 元")


@voucher.command(name="redeem")
@click.argument("code", metavar="券号")
@click.option("--provider", required=True, help="提供服务的服务方")
@date_option("--date", "day", help="使用日期（默认今天）")
@click.option("--item", help="同时登记这次服务（服务项目）")
@click.option("--provider-type", type=click.Choice(PROVIDER_TYPES), help="与 --item 同用：服务方类型")
def voucher_redeem(code: str, provider: str, day: date, item: str | None, provider_type: str | None) -> None:
    """老人凭券接受服务：登记服务券已使用（每张只能用一次）；带 --item 时同时登记服务并输出服务记录编号。"""
    from .service import find_voucher, log_visit, redeem

    with open_context(write=True, action=f"yanglao voucher redeem {code}") as ctx:
        _, v = find_voucher(ctx, code)
        code = v["code"]
        if item:
            done = log_visit(ctx, str(v["holder"]), day, item, provider=provider, provider_type=provider_type,
                             voucher=code)
            click.echo(done.visit)
            say(f"已登记{item}服务 #{done.visit}")
        else:
            redeem(ctx, code, provider, day)
    say(f"助老服务券 {code} 已于 {day.isoformat()} 在“{provider}”使用")


@voucher.command(name="reimburse")
@click.argument("codes", nargs=-1, metavar="[券号]...")
@click.option("--provider", help="只兑付这个服务方的（不给券号时）")
@date_option("--date", "day", help="兑付日期（默认今天）")
@click.option("--via", help="付款的资金账户（默认 资产:银行）")
def voucher_reimburse(codes: tuple[str, ...], provider: str | None, day: date, via: str | None) -> None:
    """从助老服务券资金兑付已使用的服务券（每个服务方记一笔账，输出账目编号）。"""
    from .service import reimburse

    with open_context(write=True, action="yanglao voucher reimburse") as ctx:
        done = reimburse(ctx, list(codes), provider, day, via)
    for name, eid, amount, vcodes in done:
        click.echo(eid)
        say(f"已兑付“{name}”助老服务券 {len(vcodes)} 张，{amount:.2f} 元（账目 #{eid}）")


@voucher.command(name="list")
@click.option("--status", type=click.Choice(("未使用", "已使用", "已兑付")), help="只看某一状态")
@listing(reveal=True)
def voucher_list(status: str | None, out: Any) -> None:
    """助老服务券（持券老人姓名默认隐去）。"""
    from shequ.api import Column

    from .service import voucher_status

    with open_context() as ctx:
        found = [(rid, v) for rid, v in ctx.records.list("yanglao.voucher") if not status or voucher_status(v) == status]
        names = ctx.people.names(v["holder"] for _, v in found) if out.reveal else {}
    rows = [{"code": v["code"], "holder": names.get(v["holder"], v["holder"]), "value": v["value"], "issued": v["issued"],
             "expires": v.get("expires"), "status": voucher_status(v), "redeemed": v.get("redeemed"),
             "provider": v.get("provider"), "reimbursed": v.get("reimbursed"), "entry": v.get("entry")} for _, v in found]
    out.rows(rows, [Column("code", "券号"), Column("holder", "持券老人", "name"), Column("value", "面值"),
                    Column("issued", "发放"), Column("expires", "有效期至"), Column("status", "状态"),
                    Column("redeemed", "使用"), Column("provider", "服务方"), Column("reimbursed", "兑付"),
                    Column("entry", "账目")])


@voucher.command(name="status")
@listing
def voucher_status_cmd(out: Any) -> None:
    """发放、使用、兑付的张数与金额，已使用待兑付和未使用的券，助老服务券资金余额（全部，不分期间）。"""
    from .report import voucher_figures, voucher_text

    with open_context() as ctx:
        f = voucher_figures(ctx, None)
    out.answer(f, "累计" + voucher_text(f) + "。")


# -- 结对, 应急 -------------------------------------------------------------------------------------------
@yanglao.group(name="pair")
def pair() -> None:
    """结对帮扶：邻里结对、亲属结对、党员结对（篇4 L90）。"""


@pair.command(name="add")
@click.argument("person")
@click.option("--kind", required=True, type=click.Choice(PAIRINGS), help="结对方式")
@click.option("--helper", required=True, help="帮扶人（居民的姓名或编号；外地亲属写姓名）")
@date_option("--start", "start", help="开始日期（默认今天）")
@click.option("--note", help="备注")
def pair_add(person: str, kind: str, helper: str, start: date, note: str | None) -> None:
    """建立结对帮扶关系（输出结对编号）。"""
    from .service import add_pairing

    with open_context(write=True, action=f"yanglao pair add {kind}") as ctx:
        rid = add_pairing(ctx, person, kind, helper, start, note)
    click.echo(rid)
    say(f"已建立{kind} #{rid}")


@pair.command(name="end")
@click.argument("pair_id", metavar="ID")
@date_option("--date", "day", help="结束日期（默认今天）")
def pair_end(pair_id: str, day: date) -> None:
    """结束一个结对关系。"""
    from .service import end_pairing

    with open_context(write=True, action=f"yanglao pair end {pair_id}") as ctx:
        end_pairing(ctx, pair_id, day)
    say(f"结对 #{pair_id} 于 {day.isoformat()} 结束")


@pair.command(name="list")
@date_option("--date", "day", help="在哪一天有效（默认今天）")
@click.option("--all", "show_all", is_flag=True, help="也列出已结束的")
@listing
def pair_list(day: date, show_all: bool, out: Any) -> None:
    """结对帮扶关系。"""
    from .service import active

    with open_context() as ctx:
        found = ctx.records.list("yanglao.pairing")
        if not show_all:
            found = active(found, day.isoformat())
        names = ctx.people.names(p["elder"] for _, p in found)
    rows = [{"id": rid, "elder": names[p["elder"]], "kind": p["kind"], "helper": p["helper"], "start": p["start"],
             "end": p.get("end")} for rid, p in found]
    out.rows(rows, [("id", "编号"), ("elder", "老人"), ("kind", "结对方式"), ("helper", "帮扶人"), ("start", "开始"),
                    ("end", "结束")])


@yanglao.command(name="emergency")
@click.argument("person")
@click.option("--event", required=True, help="情况（如 夜间跌倒）")
@click.option("--response", help="处置（如 网格员10分钟到场，送医）")
@click.option("--hotline", is_flag=True, help="经应急救助服务热线求助（篇4 L85）")
@click.option("--responder", help="处置人")
@date_option("--date", "day")
def emergency_cmd(person: str, event: str, response: str | None, hotline: bool, responder: str | None, day: date) -> None:
    """登记一次应急救助（输出编号；老人姓名在列表中隐去）。"""
    from .service import elder_id

    with open_context(write=True, action="yanglao emergency") as ctx:
        pid = elder_id(ctx, person, day)
        rid = ctx.records.add("yanglao.emergency", {"elder": pid, "date": day.isoformat(), "event": event,
                                                    "response": response, "hotline": hotline or None,
                                                    "responder": responder})
    click.echo(rid)
    say(f"已登记应急救助 #{rid}")


# -- 重阳, 平安保险, 服务站 -----------------------------------------------------------------------------------
@yanglao.group(name="zhongyang")
def zhongyang() -> None:
    """重阳节：90岁以上老人慰问品与平安保险（篇6 L132）。"""


@zhongyang.command(name="list")
@click.option("--year", type=int, help="年度（默认今年）")
@listing
def zhongyang_list(year: int | None, out: Any) -> None:
    """重阳节慰问名单：重阳节当天90周岁以上的老人，慰问品与平安保险情况。"""
    from .service import chongyang_list, coverage, percent

    with open_context() as ctx:
        day, rows = chongyang_list(ctx, year or ctx.today.year)
        cov = coverage(ctx, day)
    gifts = sum(1 for r in rows if r.gift)
    insured = sum(1 for r in rows if r.insured)
    say(f"{day.year}年重阳节（{day.month}月{day.day}日）90周岁以上老人 {len(rows)} 人：已发放慰问品 {gifts} 人，"
        f"已办理平安保险 {insured} 人；全体参保率 {percent(cov.rate)}（{cov.insured}/{cov.population}，分母为{cov.base}，"
        f"目标≥{cov.target}%，篇6 L132）")
    data = [{"person": r.name, "age": r.age, "grid": r.grid, "address": r.address,
             "gift": r.gift or ("未发放" if out.human else None), "insured": r.insured or ("未参保" if out.human else None)}
            for r in rows]
    out.rows(data, [("person", "姓名"), ("age", "年龄"), ("grid", "网格"), ("address", "住址"), ("gift", "慰问品"),
                    ("insured", "平安保险")])


@zhongyang.command(name="give")
@click.option("--year", type=int, help="年度（默认今年）")
@date_option("--date", "day", help="发放日期（默认当年重阳节）", default_today=False)
@click.option("--except", "skip", multiple=True, metavar="PERSON", help="这些老人本次未发放（可多次）")
@click.option("--cost-each", help="每份慰问品金额（记入 支出:养老:重阳慰问品）")
@click.option("--via", help="付款的资金账户（默认 资产:银行）")
def zhongyang_give(year: int | None, day: date | None, skip: tuple[str, ...], cost_each: str | None, via: str | None) -> None:
    """登记向名单上的老人发放重阳慰问品（输出活动编号）。"""
    from .rules import chongyang
    from .service import give_gifts

    amount = _money(cost_each, "每份金额")
    with open_context(write=True, action="yanglao zhongyang give") as ctx:
        y = year or (day.year if day else ctx.today.year)
        eid, n, entry = give_gifts(ctx, y, day or chongyang(y), list(skip), amount, via)
    click.echo(eid)
    say(f"已登记重阳慰问品发放 {n} 人（活动 #{eid}）" + (f"，支出记入账目 #{entry}" if entry else ""))


@yanglao.group(name="insurance")
def insurance() -> None:
    """老年人平安保险：办理与参保率（篇6 L132）。"""


@insurance.command(name="enroll")
@click.argument("people", nargs=-1)
@click.option("--zhongyang", "chongyang_year", type=int, metavar="YEAR", help="为该年重阳慰问名单上未参保的老人办理")
@date_option("--start", "start", help="起保日期（默认今天）")
@date_option("--end", "end", help="终止日期", required=True, default_today=False)
@click.option("--premium", help="每人保费（元）")
@click.option("--insurer", help="保险公司")
@click.option("--book", is_flag=True, help="把保费记入 支出:养老:平安保险")
@click.option("--via", help="付款的资金账户（默认 资产:银行）")
def insurance_enroll(people: tuple[str, ...], chongyang_year: int | None, start: date, end: date, premium: str | None,
                     insurer: str | None, book: bool, via: str | None) -> None:
    """登记为老人办理的平安保险（每行输出一个记录编号）。"""
    from .service import chongyang_list, enroll

    if not people and not chongyang_year:
        raise click.UsageError("请给出老人姓名或编号，或用 --zhongyang 年度")
    amount = _money(premium, "保费")
    with open_context(write=True, action="yanglao insurance enroll") as ctx:
        chosen = list(people)
        if chongyang_year:
            chosen += [str(r.pid) for r in chongyang_list(ctx, chongyang_year)[1] if not r.insured]
        ids, entry = enroll(ctx, chosen, start, end, amount, insurer, book, via)
    for rid in ids:
        click.echo(rid)
    say(f"已登记平安保险 {len(ids)} 人" + (f"，保费记入账目 #{entry}" if entry else ""))


@insurance.command(name="status")
@date_option("--date", "day", help="按哪一天计算（默认今天）")
@click.option("--strict", is_flag=True, help="参保率低于目标时以退出码 3 结束")
@listing
def insurance_status(day: date, strict: bool, out: Any) -> None:
    """平安保险参保率（分母见设置 yanglao.insurance_base，目标见 yanglao.insurance_target；篇6 L132）。"""
    from .service import coverage, percent

    with open_context() as ctx:
        c = coverage(ctx, day)
    data = {**c._asdict(), "on": c.on.isoformat(), "rate": round(c.rate, 4) if c.rate is not None else None}
    text = (f"{c.on.isoformat()} 平安保险参保率 {percent(c.rate)}（{c.insured}/{c.population}，分母为{c.base}），"
            f"目标≥{c.target}%：{'达标' if c.met else '未达标'}；90周岁以上 {c.ninety_insured}/{c.ninety} 人已参保")
    out.answer(data, text)
    if strict and not c.met:
        raise SystemExit(3)


@yanglao.command(name="station")
@click.option("--strict", is_flag=True, help="有服务站提供的服务少于5项（或没有登记服务站）时以退出码 3 结束")
@listing
def station_cmd(strict: bool, out: Any) -> None:
    """居家养老服务站及其服务项目（不少于5项，篇4 L68）。"""
    from .service import stations

    with open_context() as ctx:
        rows = stations(ctx)
    if not rows:
        say("还没有登记居家养老服务站（shequ record add yanglao.station --field name=… --field services=助餐、助洁、…）")
    if out.human:
        rows = [{**r, "met": "达标" if r["met"] else f"不足{r['required']}项"} for r in rows]
    out.rows(rows, [("name", "服务站"), ("opened", "建站日期"), ("count", "服务项目数"), ("services", "服务项目"),
                    ("categories", "涉及类别"), ("met", "不少于5项")])
    if strict and (not rows or not all(r["count"] >= r["required"] for r in rows)):
        raise SystemExit(3)
