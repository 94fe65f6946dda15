"""环保 report sections, in the shape of the source's own plan (篇15: 一、加强组织领导 / 二、广泛宣传动员 /
三、主要环保措施 (一)节能走进家庭 (二)社区带头节能; 篇20: 三、实行长效管理), with figures from the data
and notes for what the data cannot say.  Criticised and praised people are counted, never named."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shequ import ReportSection, Table

from .declarations import GREEN, LEADING_GROUP, TEAMS
from .energy import tenth

if TYPE_CHECKING:
    from shequ.api import ReportContext
    from shequ.periods import Period

ORDER = 46
TITLE = "环保工作"


def sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    if not ctx.wants("huanbao"):
        return []
    if kind == "ledger-book":
        # The 台账 workbook is built by the core from the registers; the 责任书台账 (篇16(一) L342) is
        # ``shequ record export huanbao.agreement`` (see API-NOTES.md).
        return []
    if kind == "plan":
        return [_plan(period, ctx)]
    return [_summary(period, ctx)]


def _f(ev: dict[str, Any], key: str) -> Any:
    return (ev.get("fields") or {}).get(key)


def _held(ctx: "ReportContext", period: "Period", type_id: str) -> list[dict[str, Any]]:
    return [e for _, e in ctx.events.query(type=type_id, status="done", period=period)]


def _upto(period: "Period", ctx: "ReportContext") -> date:
    return min(period.end, ctx.today)


def _from_january(period: "Period") -> bool:
    """The period is its own year to date (第一季度, 上半年, 全年): a 年度累计 would repeat it."""
    return (period.start.month, period.start.day) == (1, 1)


def _summary(period: "Period", ctx: "ReportContext") -> ReportSection:
    figures: dict[str, Any] = {}
    tables: list[Table] = []
    paras = ["一、加强组织领导：" + _organisation(period, ctx, figures)]
    paras.append("二、广泛宣传动员：" + _publicity(period, ctx, figures, tables))
    paras.append("三、主要环保措施。（一）节能走进家庭：" + _families(period, ctx, figures))
    energy_text, energy_notes = _energy(period, ctx, figures, tables)
    paras.append("（二）社区带头节能：" + energy_text)
    paras.extend(f"用能数据说明：{n}。" for n in energy_notes)
    paras.append("四、实行长效管理：" + _long_term(period, ctx, figures))
    paras.extend(_cleaning(period, ctx, figures, tables))
    paras.extend(_projects(period, ctx, figures, tables))
    paras.append(_agreements(period, ctx, figures))
    money = _money(period, ctx, figures)
    if money:
        paras.append(money)
    paras.append(_checklist(period, ctx, figures))
    return ReportSection(TITLE, order=ORDER, paragraphs=[p for p in paras if p], tables=tables, figures=figures)


# -- 一、组织领导 -------------------------------------------------------------------------------------------
def _organisation(period: "Period", ctx: "ReportContext", figures: dict[str, Any]) -> str:
    from .service import members_on, network_sentence

    members = members_on(ctx, _upto(period, ctx))
    groups = {g["name"] for _, g in ctx.records.list("huanbao.group", f"formed<={_upto(period, ctx).isoformat()}")}
    groups |= {g["name"] for _, g in ctx.records.list("huanbao.group") if not g.get("formed")}
    lead = members[LEADING_GROUP]
    parts = []
    if lead or LEADING_GROUP in groups:
        heads = Counter(m.get("role") for m in lead)
        parts.append(f"节能环保工作领导小组有组长{heads['组长']}名、副组长{heads['副组长']}名、成员{heads['成员']}名")
    else:
        parts.append("尚未登记节能环保工作领导小组")
    parts.append(network_sentence(groups, members).rstrip("。"))
    teams = [f"{t}{len(members[t])}人" for t in TEAMS if members[t] or t in groups]
    if teams:
        parts.append("、".join(teams))
    held = _held(ctx, period, "huanbao.meeting")
    ytd = _held(ctx, ctx.year_to_date, "huanbao.meeting")
    parts.append(f"{ctx.noun}召开节能环保工作会议{len(held)}次" + ("" if _from_january(period) else f"（年度累计{len(ytd)}次）"))
    figures.update(leading_group=len(lead), meetings=len(held), meetings_ytd=len(ytd),
                   teams={t: len(members[t]) for t in TEAMS})
    return "；".join(parts) + "。"


# -- 二、宣传动员 -------------------------------------------------------------------------------------------
def _publicity(period: "Period", ctx: "ReportContext", figures: dict[str, Any], tables: list[Table]) -> str:
    from .declarations import FAMILY_FORM

    acts = [e for e in _held(ctx, period, "huanbao.activity") if _f(e, "form") != FAMILY_FORM]
    lectures = _held(ctx, period, "huanbao.lecture")
    surveys = _held(ctx, period, "huanbao.survey")
    times = sum(int(e.get("count") or 0) for e in acts)
    heard = sum(int(e.get("count") or 0) for e in lectures)
    materials = sum(int(_f(e, "materials") or 0) for e in acts)
    forms = Counter(_f(e, "form") for e in acts)
    parts = [f"{ctx.noun}开展环保宣传活动{len(acts)}次" + (f"（{'、'.join(f'{k}{n}次' for k, n in forms.most_common())}）" if forms else "")
             + f"，参与{times}人次，发放宣传资料{materials}份",
             f"举办环境保护讲座{len(lectures)}次" + (f"（{'、'.join(sorted({_f(e, 'venue') for e in lectures}))}，听讲{heard}人次）"
                                                  if lectures else "")]
    respondents = sum(int(_f(e, "respondents") or 0) for e in surveys)
    if surveys:
        scored = [e for e in surveys if _f(e, "average") is not None]
        avg = ""
        if scored:
            weight = sum(int(_f(e, "respondents") or 0) for e in scored)
            mean = sum(Decimal(_f(e, "average")) * int(_f(e, "respondents") or 0) for e in scored) / weight if weight else None
            full = {_f(e, "full") or "100" for e in scored}
            avg = f"，平均得分{tenth(mean)}分" + (f"（满分{full.pop()}分）" if len(full) == 1 else "（各次满分不同）") if mean is not None else ""
        parts.append(f"开展环保知识问卷调查{len(surveys)}次，收回答卷{respondents}份{avg}")
    else:
        parts.append(f"{ctx.noun}未开展环保知识问卷调查")
    s, e = period.start.isoformat(), period.end.isoformat()
    conduct = Counter(r["kind"] for _, r in ctx.records.list("huanbao.conduct", f"date>={s}", f"date<={e}"))
    pledges = ctx.records.list("huanbao.pledge", f"date>={s}", f"date<={e}")
    signatures = sum(int(p.get("signatures") or 0) for _, p in pledges)
    parts.append(f"利用市民学校表扬节约资源行为{conduct['表扬']}次、批评乱扔垃圾和浪费资源行为{conduct['批评']}次")
    if pledges:
        parts.append(f"签订全民节约行为公约{len(pledges)}份（签名{signatures}人）")
    crafts = _crafts(period, ctx, figures)
    if crafts:
        parts.append(crafts)
    rows = [[x["date"], x.get("title", ""),
             _f(x, "form") or _f(x, "venue") or (f"问卷（平均{_f(x, 'average')}分）" if _f(x, "average") else "问卷"),
             x.get("count") or _f(x, "respondents") or "", _f(x, "materials") or ""]
            for x in sorted(acts + lectures + surveys, key=lambda x: x["date"])]
    if rows:
        tables.append(Table("环保宣传教育活动", ["日期", "活动", "形式/场所", "人次", "资料份数"], rows, text_columns=frozenset({0})))
    figures.update(activities=len(acts), lectures=len(lectures), surveys=len(surveys), respondents=respondents,
                   materials=materials, praised=conduct["表扬"], criticised=conduct["批评"], pledges=len(pledges))
    return "；".join(parts) + "。"


def _crafts(period: "Period", ctx: "ReportContext", figures: dict[str, Any]) -> str | None:
    """篇10 L211: each kindergarten class, once a term (a term taken as the half year that holds the period's end)."""
    from shequ.periods import half

    classes = ctx.settings.get("huanbao.kindergarten_classes") or []
    if not classes:
        return None
    end = _upto(period, ctx)
    term = half(end.year, 1 if end.month <= 6 else 2)
    done = {_f(e, "class_name") for e in _held(ctx, term, "huanbao.craft")}
    missing = [c for c in classes if c not in done]
    figures["craft_classes"] = f"{len(classes) - len(missing)}/{len(classes)}"
    return (f"幼儿园环保小制作（{term.title}，每班每学期一次）已开展{len(classes) - len(missing)}/{len(classes)}个班"
            + (f"，尚未开展：{'、'.join(missing)}" if missing else ""))


# -- 三（一）节能走进家庭 -----------------------------------------------------------------------------------
def _families(period: "Period", ctx: "ReportContext", figures: dict[str, Any]) -> str:
    s, e = period.start.isoformat(), period.end.isoformat()
    now = [r for _, r in ctx.records.list("huanbao.green_family", f"date>={s}", f"date<={e}")]
    year = [r for _, r in ctx.records.list("huanbao.green_family", year=period.start.year)]
    green_now = sum(1 for r in now if r["result"] == GREEN)
    green_year = sum(1 for r in year if r["result"] == GREEN)
    if now:
        text = f"{ctx.noun}开展“绿色家庭”评比，参评{len(now)}户，评为绿色家庭{green_now}户"
    else:
        text = f"{ctx.noun}未开展“绿色家庭”评比"
    if year and (len(year) != len(now)):
        text += f"；{period.start.year}年度已评出绿色家庭{green_year}户（参评{len(year)}户）"
    runs = [r for r in ctx.checklists.results(period) if r.template == "huanbao.household_saving"]
    if runs:
        text += f"；{len(runs)}户填写了家庭节能行为清单"
    text += "。评比标准原文未给，由本社区自定"
    figures.update(families_evaluated=len(now), green_families=green_now, green_families_year=green_year)
    return text + "。"


# -- 三（二）社区带头节能 -----------------------------------------------------------------------------------
def _energy(period: "Period", ctx: "ReportContext", figures: dict[str, Any], tables: list[Table]) -> tuple[str, list[str]]:
    from .energy import RESOURCES, bar, goal_sentence, month_name, signed
    from .service import energy_trend, months_of

    target = ctx.settings["huanbao.energy_target"]
    this = energy_trend(ctx, months_of(period))
    ytd = energy_trend(ctx, months_of(ctx.year_to_date))
    parts = []
    if period.kind == "month" and this.rows:
        from .energy import shift, versus

        m = period.label
        around = energy_trend(ctx, [shift(m, -12), shift(m, -1), m])
        row = this.rows[0]
        for res, _, name, unit in RESOURCES:
            if row.values[res] is None:
                parts.append(f"本月无{name}数据")
            else:
                parts.append(f"本月{name}{row.values[res]}{unit}，" + "，".join(versus(around, m, res)))
    elif this.rows:
        parts.extend(f"{ctx.noun}" + goal_sentence(s, target).rstrip("。") for s in this.summary.values())
    if ytd.rows and any(r.values[k] is not None for r in ytd.rows for k, *_ in RESOURCES):
        if not _from_january(period) or period.kind == "month":
            parts.extend(f"{period.start.year}年累计" + goal_sentence(s, target).rstrip("。") for s in ytd.summary.values())
        el = ytd.summary["electricity"]
        if el["peak"]:
            parts.append(f"用电最高为{month_name(el['peak'])}（{el['peak_value']}千瓦时）")
    if not parts:
        parts.append("没有办公室用电、用水读数（shequ huanbao energy record 登记）")
    top = max((r.values["electricity"] for r in ytd.rows if r.values["electricity"] is not None), default=None)
    rows = [[month_name(r.month), *[x for res, *_ in RESOURCES for x in (_num(r.values[res]), signed(r.mom[res]), signed(r.yoy[res]))],
             bar(r.values["electricity"], top)] for r in ytd.rows]
    if rows:
        tables.append(Table(f"{period.start.year}年办公室用能（降低办公室用能总量，篇15 L304）",
                            ["月份", "用电（千瓦时）", "环比", "同比", "用水（立方米）", "环比", "同比", "用电图示"], rows))
    el, wa = ytd.summary.get("electricity", {}), ytd.summary.get("water", {})
    figures.update(electricity_ytd=str(el.get("total", 0)), water_ytd=str(wa.get("total", 0)),
                   electricity_change=None if el.get("change") is None else str(el["change"]),
                   water_change=None if wa.get("change") is None else str(wa["change"]),
                   energy_goal_met=el.get("met") if el.get("met") is not None else None)
    if period.kind == "month" and this.rows:
        figures.update(electricity=_str(this.rows[0].values["electricity"]), water=_str(this.rows[0].values["water"]))
    office = ctx.checklists.result("huanbao.office_saving", str(period.start.year))
    if office is not None:
        done, applicable, na = office.counts()  # 不适用 items are neither done nor missing
        parts.append(f"办公室节能措施{done}/{applicable}项已落实" + (f"（不适用{na}项）" if na else ""))
    return "；".join(parts) + "。", ytd.notes


def _num(v: Decimal | None) -> Any:
    return "—" if v is None else (int(v) if v == v.to_integral_value() else float(v))


def _str(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


# -- 四、长效管理 -------------------------------------------------------------------------------------------
def _long_term(period: "Period", ctx: "ReportContext", figures: dict[str, Any]) -> str:
    upto = _upto(period, ctx).isoformat()
    schemes = [r for _, r in ctx.records.list("huanbao.waste_scheme", f"start<={upto}")
               if not r.get("end") or r["end"] >= period.start.isoformat()]
    parts = []
    if schemes:
        parts.append("实行生活垃圾分类投放：" + "；".join(
            r["name"] + (f"（{'、'.join(r['categories'])}" + (f"，投放点{r['points']}个" if r.get("points") else "") + "）"
                         if r.get("categories") else "") for r in schemes))
    else:
        parts.append("尚未登记垃圾分类方案")
    rules = Counter(r["kind"] for _, r in ctx.records.list("huanbao.rule", f"adopted<={upto}"))
    if rules:
        parts.append("已制定" + "、".join(rules))
    planting = _held(ctx, period, "huanbao.greening")
    kinds = Counter(_f(e, "kind") for e in planting)
    trees = sum(int(_f(e, "trees") or 0) for e in planting)
    if planting:
        parts.append(f"{ctx.noun}开展绿化活动{len(planting)}次（" + "、".join(f"{k}{n}次" for k, n in kinds.items()) + "）"
                     + (f"，植树{trees}株" if trees else ""))
    figures.update(waste_schemes=len(schemes), greening_events=len(planting), trees=trees,
                   seasonal_checks=kinds.get("四季绿化检查", 0))
    return "；".join(parts) + "。"


def _cleaning(period: "Period", ctx: "ReportContext", figures: dict[str, Any], tables: list[Table]) -> list[str]:
    from .cleaning import coverage, days_text

    rows = coverage(ctx, period.start, period.end)
    if not rows:
        figures["cleaning_coverage"] = None
        return ["楼道保洁：尚未登记楼栋，无法计算日产日清覆盖率（shequ huanbao building sync）。"]
    target = int(ctx.settings["huanbao.cleaning_target"])
    expected = sum(r.expected for r in rows)
    cleaned = sum(r.cleaned for r in rows)
    pct = tenth(Decimal(cleaned) * 100 / expected) if expected else None
    short = [r for r in rows if r.pct is None or r.pct < target]
    upto = _upto(period, ctx)
    text = (f"楼道保洁日产日清：{len(rows)}栋楼截至{upto.isoformat()}应清扫{expected}栋·天，有清扫记录{cleaned}栋·天，"
            f"覆盖率{pct}%（达标线{target}%）")
    if short:
        text += f"；未达标{len(short)}栋：" + "；".join(f"{r.building}漏扫{len(r.missed)}天（{days_text(r.missed, 5)}）"
                                                 for r in short[:5]) + (f"……（共{len(short)}栋，见下表）" if len(short) > 5 else "")
    else:
        text += "，各栋均达标"
    out = [text + "。"]
    unlogged = sum(len(r.unlogged) for r in rows)
    if unlogged:
        out.append(f"楼道保洁数据说明：其中{unlogged}栋·天没有任何记录，无法区分是没有清扫还是没有登记。")
    out.extend(_stale_reviews(period, ctx))
    tables.append(Table("楼道保洁覆盖率", ["楼栋", "应清扫天数", "已清扫", "覆盖率%", "漏扫日期"],
                        [[r.building, r.expected, r.cleaned, _num(r.pct), days_text(r.missed, 6)] for r in rows]))
    figures.update(cleaning_coverage=str(pct), cleaning_short=[r.building for r in short])
    return out


def _stale_reviews(period: "Period", ctx: "ReportContext") -> list[str]:
    """A monthly review is stored; if the logs changed since, say so (the duty reads the review)."""
    from .cleaning import coverage

    out = []
    for _, ev in ctx.events.query(type="huanbao.cleaning_review", period=period):
        month = ctx.parse_period(_f(ev, "month"))
        live = sum(r.cleaned for r in coverage(ctx, month.start, month.end))
        if _f(ev, "logged") is not None and int(_f(ev, "logged")) != live:
            out.append(f"{month.title}保洁考核记录的清扫数（{_f(ev, 'logged')}栋·天）与现有日志（{live}栋·天）不一致，"
                       f"请重新考核：shequ huanbao cleaning review --month {month.label}。")
    return out


def _projects(period: "Period", ctx: "ReportContext", figures: dict[str, Any], tables: list[Table]) -> list[str]:
    from .service import budget_text, item_text, project_status

    upto = _upto(period, ctx)
    found = [(pid, p) for pid, p in ctx.records.list("huanbao.project")
             if (p.get("start") or p["deadline"]) <= period.end.isoformat()
             and (not p.get("completed") or p["completed"] >= period.start.isoformat())]
    if not found:
        return []
    status = [project_status(ctx, pid, p, upto) for pid, p in found]
    out = ["绿化工程：" + "；".join(f"{s['name']}（{s['location']}）{'、'.join(item_text(i) for i in s['items'])}，{budget_text(s)}，{s['state']}"
                                 for s in status) + "。"]
    tables.append(Table("绿化工程", ["工程", "地点", "数量进度", "预算（元）", "已支出（元）", "执行率", "期限"],
                        [[s["name"], s["location"] or "", "；".join(item_text(i) for i in s["items"]),
                          _num(s["budget"]) if s["budget"] is not None else "未设", _num(s["spent"]) if s["spent"] is not None else "—",
                          f"{s['rate']}%" if s["rate"] is not None else "—", s["state"]] for s in status]))
    figures.update(projects=len(status), projects_overdue=sum(1 for s in status if s["overdue"]),
                   project_rates={s["name"]: None if s["rate"] is None else str(s["rate"]) for s in status})
    return out


def _agreements(period: "Period", ctx: "ReportContext", figures: dict[str, Any]) -> str:
    from .service import expiry

    years = int(ctx.settings["huanbao.agreement_years"])
    upto = _upto(period, ctx)
    signed = [a for _, a in ctx.records.list("huanbao.agreement", f"signed<={upto.isoformat()}")]
    in_force = [a for a in signed if expiry(a, years) >= upto]
    new = [a for a in signed if a["signed"] >= period.start.isoformat() or (a.get("renewed") or "") >= period.start.isoformat()]
    expired = len(signed) - len(in_force)
    kinds = Counter(a["party_kind"] for a in in_force)
    figures.update(agreements=len(in_force), agreements_signed=len(new), agreements_expired=expired)
    if not signed:
        return "市容环境卫生管理责任书：尚未登记。"
    return (f"与临街单位、门店、住户签订市容环境卫生管理责任书，在有效期内{len(in_force)}份（"
            + "、".join(f"{k}{kinds[k]}份" for k in ("单位", "门店", "住户") if kinds[k]) + f"），{ctx.noun}签订或续签{len(new)}份"
            + (f"，已过期未续签{expired}份" if expired else "") + "。")


def _money(period: "Period", ctx: "ReportContext", figures: dict[str, Any]) -> str | None:
    spent = ctx.ledger.total("支出:环保", period, direction="out")
    rewards = ctx.ledger.total("支出:环保:奖励", period, direction="out")
    figures.update(spent=str(spent), rewards=str(rewards))
    if not spent:
        return None
    return f"{ctx.noun}环保经费支出{spent:.2f}元，其中奖励措施{rewards:.2f}元（篇15 L301“制定奖励措施”）。"


def _checklist(period: "Period", ctx: "ReportContext", figures: dict[str, Any]) -> str:
    r = ctx.checklists.result("huanbao.green_community", str(period.start.year))
    if r is None:
        return ""
    done, applicable, na = r.counts()  # 不适用 items are neither done nor missing
    figures["green_community"] = f"{done}/{applicable}"
    score = f"，得分{r.score:g}/{r.total:g}" if r.score is not None else ""
    return f"创“省绿色社区”：{done}/{applicable}项已达标" + (f"（不适用{na}项）" if na else "") + f"{score}。"


# -- 年度计划 -------------------------------------------------------------------------------------------------
PER = {"month": "每月", "quarter": "每季度", "half": "每半年", "year": "全年"}
WHEN_ORDER = ["每月", "每季度", "每半年", *[f"{m}月" for m in range(1, 13)], "全年"]


def _cite(source: str) -> str:
    """The citation part of a duty's source (what the plan stands on), without the notes in brackets."""
    return source.split("（")[0]


def _plan(period: "Period", ctx: "ReportContext") -> ReportSection:
    from .service import expiry

    y = period.start.year
    rows: list[list[str]] = []
    for d in sorted(ctx.duties.all().values(), key=lambda d: d["id"]):
        if d.get("domain") != "huanbao" or not d.get("enabled", True):
            continue
        src = d.get("source", "")
        default = "（周期为默认值，原文未给）" if "原文未给" in src else ""
        if d.get("in_months"):
            rows.extend([f"{m}月", d["title"], _cite(src)] for m in d["in_months"])
        else:
            rows.append([PER.get(str(d.get("per")), "全年"), d["title"] + default, _cite(src)])
    for _, p in ctx.records.list("huanbao.project", f"deadline>={period.start.isoformat()}", f"deadline<={period.end.isoformat()}"):
        if not p.get("completed"):
            rows.append([f"{int(p['deadline'][5:7])}月", f"完成绿化工程“{p['name']}”（期限{p['deadline']}）", "篇18 L473"])
    years = int(ctx.settings["huanbao.agreement_years"])
    renewals = Counter(expiry(a, years).month for _, a in ctx.records.list("huanbao.agreement") if expiry(a, years).year == y)
    rows.extend([f"{m}月", f"续签到期的市容环境卫生管理责任书{n}份", "篇16(一) L342"] for m, n in sorted(renewals.items()))
    rows.sort(key=lambda r: WHEN_ORDER.index(r[0]))
    paras = [f"围绕创建“省绿色社区”目标（篇20 L488），{y}年环保工作安排如下表；原文未给周期的会议、检查、评比按默认周期安排"
             "（shequ duties list --domain 环保 查看，shequ duties set 调整）。",
             "一、加强组织领导，定期召开节能环保工作会议（篇15 L297）；二、广泛宣传动员，开展环保知识问卷调查、“绿色家庭”评比、"
             "市民教室环境保护讲座（篇20 L490）；三、社区带头节能，降低办公室用能总量（篇15 L304）；四、实行长效管理，垃圾分类投放、"
             "楼道日产日清、一年四季有绿（篇20 L491）。"]
    return ReportSection("环保工作安排", order=ORDER, paragraphs=paras,
                         tables=[Table("环保工作安排", ["时间", "工作", "依据"], rows)], figures={"items": len(rows)})
