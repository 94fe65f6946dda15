"""养老 report sections, in the shape of 篇4 (三、基本服务规范: (一) 服务对象 (二) 服务内容 (三) 服务方式),
then the station, 敬老月/重阳 and 平安保险 (篇6 L132).  Health and assistance data appear as counts
only: no section names an elder."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from itertools import compress, repeat
from operator import attrgetter, ge
from typing import TYPE_CHECKING, Any

from shequ import ReportSection, Table

from .rules import CATEGORIES, PROVIDER_TYPES, TIERS, chongyang

if TYPE_CHECKING:
    from shequ.api import PluginContext, ReportContext
    from shequ.periods import Period

ORDER = 48
TIER_SOURCES = {"无偿": "篇4 L71", "低偿": "篇4 L72–L75", "有偿": "篇4 L76", "志愿": "篇4 L77"}
CENT = Decimal("0.01")


def sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    if kind == "ledger-book" or not ctx.wants("yanglao"):
        return []
    if kind == "plan":
        return [_plan(period, ctx)]
    return [_section(period, ctx)]


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _section(period: "Period", ctx: "ReportContext") -> ReportSection:
    from .service import coverage, percent, stations

    asof = min(period.end, ctx.today) if ctx.today >= period.start else period.end
    noun = ctx.noun
    who, figures, who_table = _objects(ctx, asof)
    content, f2, content_table = _content(ctx, period, asof, noun)
    ways, f3, way_table = _ways(ctx, period, asof, noun)
    figures.update(f2)
    figures.update(f3)
    paras = [who, content, ways]
    found = stations(ctx)
    if found:
        paras.append("居家养老服务站：" + "；".join(
            f"{s['name']}提供服务{s['count']}项（{'、'.join(s['services'])}）" + ("" if s["met"] else "，不足5项")
            for s in found) + "（篇4 L68：不少于5项）。")
    else:
        paras.append("尚未登记居家养老服务站（篇4 L68：为社区老年人提供不少于5项的居家养老服务）。")
    figures["stations"] = len(found)
    figures["station_services"] = max((s["count"] for s in found), default=0)
    fees = ctx.ledger.total("收入:养老:服务收费", period)
    if fees:
        paras.append(f"{noun}低偿、有偿服务收费{_money(fees)}元。")
    figures["fees"] = _money(fees)
    festival = _festivals(ctx, period, asof, noun)
    if festival:
        paras.append(festival.pop("text"))
        figures.update(festival)
    cov = coverage(ctx, asof)
    paras.append(f"平安保险参保率{percent(cov.rate)}（参保{cov.insured}人/{cov.base}{cov.population}人，目标≥{cov.target}%，"
                 f"篇6 L132）" + ("，已达标。" if cov.met else "，未达标。"))
    figures.update(insurance_rate=None if cov.rate is None else round(cov.rate * 100, 1), insured=cov.insured,
                   insurance_base=cov.population)
    return ReportSection("居家养老服务", order=ORDER, paragraphs=paras, tables=[who_table, content_table, way_table],
                         figures=figures)


def _objects(ctx: "ReportContext", asof: date) -> tuple[str, dict[str, Any], Table]:
    from .service import reading_of, tier_columns

    reading = reading_of(ctx, None)
    cols = tier_columns(ctx, asof, reading)  # 50,000 elders on a 街道's register: counted a column at a time
    tiers = list(map(attrgetter("tier"), cols.verdicts))
    counts = Counter(tiers)
    nest = Counter(compress(tiers, cols.empty_nest))
    ages = cols.ages
    n_nest, n_alone = sum(cols.empty_nest), sum(cols.alone)
    by_verdict = Counter(map(id, cols.verdicts))  # verdicts are shared: look at each one once
    adjusted = sum(by_verdict[id(v)] for v in dict(zip(map(id, cols.verdicts), cols.verdicts)).values()
                   if v.tier != v.computed or v.reasons[0].startswith("人工调整"))
    missing = len(cols.pids) - sum(cols.profiled)
    rows = cols.pids
    text = (f"（一）服务对象。截至{_cn(asof)}，辖区60周岁以上老年人{len(rows)}人，其中高龄（70周岁以上）"
            f"{_at_least(ages, 70)}人、80周岁以上{_at_least(ages, 80)}人、90周岁以上"
            f"{_at_least(ages, 90)}人、百岁老人{_at_least(ages, 100)}人；“空巢”老人{n_nest}人、"
            f"独居老人{n_alone}人。按服务对象分：" + "、".join(f"{t}服务{counts[t]}人" for t in TIERS)
            + f"（无偿服务对象按解读{reading}，篇4 L71" + (f"；人工调整{adjusted}人" if adjusted else "") + "）。")
    if missing:
        text += f"尚有{missing}位老人未建养老档案，自理能力、救助和经济状况未知，其服务等级只按年龄和“空巢”情况判断。"
    table = Table("服务对象", ["服务等级", "人数", "其中空巢", "依据"],
                  [[t, counts[t], nest[t], TIER_SOURCES[t]] for t in TIERS], ["合计", len(rows), n_nest, ""])
    figures = {"elders": len(rows), "empty_nest": n_nest, "alone": n_alone, "unprofiled": missing, "reading": reading,
               **{f"tier_{k}": counts[t] for k, t in zip(("free", "low", "paid", "volunteer"), TIERS)}}
    return text, figures, table


def _at_least(ages: list[int], n: int) -> int:
    return sum(map(ge, ages, repeat(n)))


def _content(ctx: "ReportContext", period: "Period", asof: date, noun: str) -> tuple[str, dict[str, Any], Table]:
    from .service import contact_summary

    s, e = period.start.isoformat(), period.end.isoformat()
    visits = _visits(ctx, period)
    by_cat = Counter(v.get("category") for v in visits)
    items: dict[str, Counter[str]] = {}
    for v in visits:
        items.setdefault(v.get("category") or "", Counter())[v["item"]] += 1
    contacts = ctx.events.query(type="yanglao.contact", status="done", period=period)
    times = sum(len(ev.get("attendees", [])) for _, ev in contacts)
    reached = {pid for _, ev in contacts for pid in ev.get("attendees", [])}
    population, overdue = contact_summary(ctx, asof)
    interval = int(ctx.settings["yanglao.contact_interval"])
    emergencies = [x for _, x in ctx.records.list("yanglao.emergency", f"date>={s}", f"date<={e}")]
    hotline = sum(1 for x in emergencies if x.get("hotline"))
    parts = "、".join(f"{c}{by_cat[c]}人次" for c in CATEGORIES if by_cat[c])
    text = (f"（二）服务内容。{noun}提供居家养老服务{len(visits)}人次、服务老人{len({v['elder'] for v in visits})}人"
            + (f"，其中{parts}" if parts else "") + "。"
            + f"通过定期电话、走访、探视联系“空巢”、独居老人{times}人次，联系到{len(reached & population)}人"
            f"（帮扶联系对象{len(population)}人）；截至{_cn(asof)}，超过{interval}天未联系的{overdue}人。"
            + f"应急救助{len(emergencies)}起" + (f"（其中经热线求助{hotline}起）" if hotline else "") + "。")
    rows = [[c, by_cat[c], "、".join(f"{i}{n}" for i, n in items.get(c, Counter()).most_common())] for c in CATEGORIES]
    rows.insert(1, ["安全保障（帮扶联系）", times, "电话、走访、探视"])
    table = Table("服务内容", ["类别", "人次", "项目"], rows, ["合计", len(visits) + times, ""])
    figures = {"visits": len(visits), "contacts": times, "contacted": len(reached), "contact_population": len(population),
               "contacts_overdue": overdue, "emergencies": len(emergencies),
               **{f"visits_{i}": by_cat[c] for i, c in enumerate(CATEGORIES, start=1)}}
    return text, figures, table


def _visits(ctx: "ReportContext", period: "Period") -> list[dict[str, Any]]:
    s, e = period.start.isoformat(), period.end.isoformat()
    return ctx.memo(("yanglao.visits", s, e), lambda: [v for _, v in ctx.records.list("yanglao.visit") if s <= v["date"] <= e])


def voucher_figures(ctx: "PluginContext", period: "Period | None") -> dict[str, Any]:
    """Vouchers issued / redeemed / reimbursed (in *period*, or ever), those used but not yet paid
    (owed) and not yet used (unused) now, and whether the fund covers both."""
    def inside(day: str | None) -> bool:
        return bool(day) and (period is None or period.start.isoformat() <= day <= period.end.isoformat())  # type: ignore[operator]

    all_v = [v for _, v in ctx.records.list("yanglao.voucher")]
    issued = [v for v in all_v if inside(v["issued"])]
    redeemed = [v for v in all_v if inside(v.get("redeemed"))]
    paid = [v for v in all_v if inside(v.get("reimbursed"))]
    owed = [v for v in all_v if v.get("redeemed") and not v.get("reimbursed")]
    unused = [v for v in all_v if not v.get("redeemed")]

    def total(vs: list[dict[str, Any]]) -> Decimal:
        return sum((Decimal(v["value"]) for v in vs), Decimal(0))

    balance = ctx.ledger.fund_balance("助老服务券") if "助老服务券" in ctx.ledger.funds() else Decimal(0)
    short = total(owed) + total(unused) - balance
    return {"issued": len(issued), "issued_value": _money(total(issued)), "redeemed": len(redeemed),
            "redeemed_value": _money(total(redeemed)), "reimbursed": len(paid), "reimbursed_value": _money(total(paid)),
            "owed": len(owed), "owed_value": _money(total(owed)), "unused": len(unused), "unused_value": _money(total(unused)),
            "fund_balance": _money(balance), "short": _money(short) if short > 0 else None}


def voucher_text(f: dict[str, Any], noun: str = "") -> str:
    text = (f"{noun}发放助老服务券{f['issued']}张{f['issued_value']}元，使用{f['redeemed']}张，兑付{f['reimbursed']}张"
            f"{f['reimbursed_value']}元；现有已使用待兑付{f['owed']}张{f['owed_value']}元、未使用{f['unused']}张{f['unused_value']}元，"
            f"助老服务券资金余额{f['fund_balance']}元")
    return text + (f"，不足以兑付全部未兑付的券（缺{f['short']}元）" if f["short"] else "")


def _ways(ctx: "ReportContext", period: "Period", asof: date, noun: str) -> tuple[str, dict[str, Any], Table]:
    from .service import active

    visits = _visits(ctx, period)
    by_type = Counter(v["provider_type"] for v in visits)
    vf = voucher_figures(ctx, period)
    pairs = Counter(p["kind"] for _, p in active(ctx.records.list("yanglao.pairing"), asof.isoformat()))
    text = ("（三）服务方式。政府购买服务：" + voucher_text(vf, noun) + "（篇4 L87）。"
            + "服务提供方：" + "、".join(f"{t}{by_type[t]}人次" for t in PROVIDER_TYPES) + "。"
            + "邻里互帮互助：现有结对" + (f"{sum(pairs.values())}对（" + "、".join(f"{k}{n}对" for k, n in pairs.most_common()) + "）"
                                        if pairs else "0对") + "。")
    table = Table("服务方式", ["方式", "数量", "依据"],
                  [["助老服务券发放（张）", vf["issued"], "篇4 L87"], ["助老服务券兑付（张）", vf["reimbursed"], "篇4 L87"],
                   *[[f"{t}服务（人次）", by_type[t], "篇4 L87–L89"] for t in PROVIDER_TYPES],
                   ["结对帮扶（对）", sum(pairs.values()), "篇4 L90"]])
    figures = {"vouchers_issued": vf["issued"], "vouchers_redeemed": vf["redeemed"], "vouchers_reimbursed": vf["reimbursed"],
               "voucher_fund": vf["fund_balance"], "pairings": sum(pairs.values()),
               **{f"provider_{i}": by_type[t] for i, t in enumerate(PROVIDER_TYPES, start=1)}}
    return text, figures, table


def _festivals(ctx: "ReportContext", period: "Period", asof: date, noun: str) -> dict[str, Any] | None:
    from .service import gift_events

    acts = Counter((ev.get("fields") or {}).get("kind") for _, ev in ctx.events.query(type="yanglao.activity", status="done",
                                                                                    period=period))
    parts = []
    out: dict[str, Any] = {}
    if acts:
        parts.append(f"{noun}开展为老活动{sum(acts.values())}次（" + "、".join(f"{k}{n}次" for k, n in acts.most_common()) + "）")
    day = chongyang(period.start.year)
    if period.start <= day <= period.end and day <= ctx.today:
        listed = ctx.people.members("90岁以上", day)
        given = {pid for _, ev in gift_events(ctx, day.year) for pid in ev.get("attendees", [])}
        from .service import insured_on

        insured = set(insured_on(ctx, day))
        parts.append(f"{day.year}年重阳节（{day.month}月{day.day}日）90周岁以上老人{len(listed)}人，发放慰问品{len(listed & given)}人、"
                     f"办理平安保险{len(listed & insured)}人（篇6 L132）")
        out.update(chongyang_listed=len(listed), chongyang_gifts=len(listed & given),
                   chongyang_insured=len(listed & insured))
    if not parts:
        return None
    out["text"] = "；".join(parts) + "。"
    return out


def _plan(period: "Period", ctx: "ReportContext") -> ReportSection:
    interval = int(ctx.settings["yanglao.contact_interval"])
    every = "每周" if interval == 7 else f"每{interval}天"
    duties = ctx.duties.all()
    respect = (duties.get("yanglao.jinglao_month") or {}).get("in_months") or [10]
    day = chongyang(period.start.year)
    routine = f"{every}电话、走访或探视“空巢”、独居老人；登记居家养老服务"
    rows = []
    for m in range(1, 13):
        work = []
        if m in respect:
            work.append("开展敬老月活动，做好为老维权工作（篇6 L132）")
        if m == day.month:
            work.append(f"{day.month}月{day.day}日重阳节：开展尊老爱老活动，为90周岁以上老人发放慰问品、办理平安保险（篇6 L132）")
        rows.append([f"{m}月", routine, "；".join(work)])
    paras = [f"{period.title}居家养老服务以居家为基础、以社区为依托（篇4 L66）：服务对象为辖区60周岁以上老年人，分无偿、低偿、"
             "有偿、志愿四类提供服务（篇4 L70–L77）；居家养老服务站提供不少于5项服务（篇4 L68）；"
             f"{every}对“空巢”等老人开展帮扶联系（篇4 L79，原文为“定期”）；平安保险参保率"
             f"{ctx.settings['yanglao.insurance_target']}%以上（篇6 L132）。逐月安排如下表。"]
    return ReportSection("居家养老工作安排", order=ORDER, paragraphs=paras,
                         tables=[Table("居家养老逐月安排", ["月份", "常规工作", "重点工作"], rows)])
