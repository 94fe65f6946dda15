"""关工委 report sections, shaped like 篇5 and its month items.

- every summary kind: this period's items of “四、工作安排” (done or not, per unit), the
  activities, trainings and youth 人次 per unit and in total, reviews, nominations (counts only);
- 九月份 (and the annual report): 创建“五好”基层关工委阶段性小结 (L117) as its own section;
- 十二月份 (and the annual report): 考核 of the stations, 总结全年工作, 资料存档 (L120);
- the plan: 篇5's own headings — 指导思想 / 工作目标 / 主要举措 / 工作安排 一月份…十二月份.

Students are minors: no section ever looks a student's name up; they are counted.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from shequ import ReportSection, Table

from .plan import ITEMS, MEASURES, THEME

if TYPE_CHECKING:
    from shequ.api import ReportContext
    from shequ.periods import Period

ORDER = 42
TITLE = "关心下一代工作"
WUHAO_TITLE = "创建“五好”基层关工委阶段性小结"
#: Titles sort after TITLE at the same order (the core sorts by order, then title).
ASSESS_TITLE = "考核、总结与存档（关工委）"
WUHAO_NOTE = "五好小结"


def sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    if kind == "ledger-book" or not ctx.wants("guangongwei"):
        return []  # the 台账 workbook lists every 关工委 event already (and never the youth participants)
    if kind == "plan":
        return [_plan(period, ctx)]
    out = [_summary(kind, period, ctx)]
    months = [p.start.month for p in period.months()]
    if (kind == "monthly" and months == [9]) or kind == "annual":
        out.append(_wuhao(period, ctx))
    if (kind == "monthly" and months == [12]) or kind == "annual":
        out.append(_assessment(period, ctx))
    return out


def _summary(kind: str, period: "Period", ctx: "ReportContext") -> ReportSection:
    from .service import month_state, unit_figures, year_work

    year = period.start.year
    noun = ctx.noun
    works = year_work(ctx, year, [p.start.month for p in period.months() if p.start.year == year])
    paras: list[str] = []
    tables: list[Table] = []
    if kind == "monthly":
        w = works[0]
        paras.append(f"本月工作安排（{w['source']}）：{w['item']}。")
        paras.append(_completion(w))
    else:
        done = [w for w in works if w["total"] and w["done"] == w["total"]]
        behind = [f"{w['label']}（{month_state(w)}" + (f"：{'、'.join(w['missed'])}" if w["missed"] else "") + "）"
                  for w in works if w["total"] and w["done"] < w["total"] and month_state(w) not in ("未到期", "进行中")]
        paras.append(f"{noun}工作安排{len(works)}项（篇5“四、工作安排”），各单位全部完成{len(done)}项"
                     + (f"；未完成：{'；'.join(behind)}。" if behind else "。"))
        tables.append(Table("工作安排完成情况", ["月份", "工作安排", "已完成单位", "应完成单位", "状态"],
                            [[w["label"], w["work"], w["done"], w["total"], month_state(w)] for w in works]))
    figures = unit_figures(ctx, period)
    tot = {k: sum(r[k] for r in figures) for k in ("activities", "trainings", "training_times", "youth_times", "lectures",
                                                    "inspections")}
    paras.append(_activities(ctx, period, tot))
    extra = _people(ctx, period)
    paras.extend(extra.pop("paragraphs"))
    reviews = _reviews(ctx, period)
    if reviews["text"]:
        paras.append(reviews["text"])
    if kind != "monthly":
        paras.append(_targets_sentence(ctx))
    rows = []
    item_of = {r["unit"]: r["status_label"] for r in works[0]["rows"]} if kind == "monthly" else {}
    for r in figures:
        row = [r["unit"]] + ([item_of.get(r["unit"], "—")] if kind == "monthly" else [])
        rows.append(row + [r["activities"], r["trainings"], r["training_times"], r["youth_times"]])
    head = ["单位"] + (["本月工作安排"] if kind == "monthly" else []) + ["活动次数", "培训期数", "培训人次", "青少年人次"]
    total = ["合计"] + ([f"{works[0]['done']}/{works[0]['total']}"] if kind == "monthly" else []) + \
        [tot["activities"], tot["trainings"], tot["training_times"], tot["youth_times"]]
    tables.insert(0, Table("各单位情况", head, rows, total))
    if reviews["rows"]:
        tables.append(Table("辅导站点评考核", ["日期", "类别", "辅导站", "点评考核单位", "结果", "意见"], reviews["rows"],
                            text_columns=frozenset({0})))
    plan = {"plan_items": len(works), "plan_done": sum(1 for w in works if w["total"] and w["done"] == w["total"])}
    if kind == "monthly":
        plan.update(item_done_units=works[0]["done"], item_units=works[0]["total"], item_missed=works[0]["missed"])
    return ReportSection(TITLE, order=ORDER, paragraphs=paras, tables=tables,
                         figures={**plan, **tot, **extra, "reviews": len(reviews["rows"])})


def _completion(w: dict[str, Any]) -> str:
    if not w["total"]:
        return f"本月无此项要求（{w['scope_note']}）。"
    text = f"应完成单位{w['total']}个，已完成{w['done']}个"
    late = [r["unit"] for r in w["rows"] if r["status"] == "late"]
    if late:
        text += f"，逾期后补做：{'、'.join(late)}"
    if w["missed"]:
        text += f"，未完成：{'、'.join(w['missed'])}"
    pending = [r["unit"] for r in w["rows"] if r["status"] in ("open", "upcoming")]
    if pending:
        text += f"，尚在进行：{'、'.join(pending)}"
    text += f"（{w['scope_note']}）" if w["scope"] != "各村(社区)" else ""
    if w["review"] and w["review"]["total"]:
        text += f"；{w['review']['text']}"
    return text + "。"


def _activities(ctx: "ReportContext", period: "Period", tot: dict[str, int]) -> str:
    from .service import trainings

    noun = ctx.noun
    by_aud = trainings(ctx, period)
    parts = "、".join(f"{a}{n}期" for a, n in by_aud.items() if a)
    ytd_staff = trainings(ctx, ctx.year_to_date)["辅导中心站人员"]
    theme = sum(1 for _, e in ctx.events.query(type="guangongwei.activity", status="done", period=period)
                if (e.get("fields") or {}).get("theme") == THEME)
    inspections = ctx.events.query(type="guangongwei.inspection", status="done", period=period)
    problems = sum(1 for _, e in inspections if (e.get("fields") or {}).get("problem"))
    text = (f"{noun}开展关工委活动{tot['activities']}次" + (f"（其中“三爱一践行”主题教育{theme}次）" if theme else "")
            + f"，举办培训{tot['trainings']}期" + (f"（{parts}）" if parts else "")
            + (f"，参训{tot['training_times']}人次" if tot["trainings"] else "")
            + f"；面向青少年的活动和培训共{tot['youth_times']}人次")
    if tot["lectures"]:
        text += f"；宣讲团进校园{tot['lectures']}次"
    if tot["inspections"]:
        text += f"；网吧等文化场所监督检查{tot['inspections']}次" + (f"，发现问题{problems}次" if problems else "，未发现问题")
    text += "。"
    return text + f"年内已举办辅导中心站人员培训{ytd_staff}期（篇5 L103 要求全年两次）。"


def _people(ctx: "ReportContext", period: "Period") -> dict[str, Any]:
    """五老 and the students, as counts (never names)."""
    from .service import wulao_ids, youth_enrolled

    on = min(period.end, ctx.today)
    wulao = wulao_ids(ctx, on)
    wulao_times = sum(1 for _, e in ctx.events.query(domain="guangongwei", status="done", period=period)
                      for p in e.get("attendees", []) if p in wulao)
    enrolled = youth_enrolled(ctx, period)
    s, e = period.start.isoformat(), period.end.isoformat()
    noms = [d for _, d in ctx.records.list("guangongwei.nomination", f"date>={s}", f"date<={e}")]
    by_award = Counter(d.get("award", "三好标兵") for d in noms)
    elected = sum(1 for d in noms if d.get("status") == "当选")
    paras = [f"在册五老志愿者{len(wulao)}人，{ctx.noun}参加关工委活动{wulao_times}人次；登记青少年学员{enrolled}人。"]
    if noms:
        paras.append(f"{ctx.noun}推荐" + "、".join(f"{a}{n}人" for a, n in by_award.items()) + f"，其中当选{elected}人"
                     "（学生为未成年人，只列人数）。")
    return {"paragraphs": paras, "wulao": len(wulao), "wulao_times": wulao_times, "youth_enrolled": enrolled,
            "nominations": len(noms), "elected": elected}


def _reviews(ctx: "ReportContext", period: "Period") -> dict[str, Any]:
    s, e = period.start.isoformat(), period.end.isoformat()
    found = sorted((r for _, r in ctx.records.list("guangongwei.review", f"date>={s}", f"date<={e}")),
                   key=lambda r: (r["date"], r["station"]))
    kinds = Counter(r["kind"] for r in found)
    text = ""
    if found:
        text = "上级对辅导站" + "、".join(f"{k}{n}站次" for k, n in kinds.items()) + "。"
    rows = [[r["date"], r["kind"], r["station"], r.get("reviewer") or "", r.get("result") or "", r.get("findings") or ""]
            for r in found]
    return {"text": text, "rows": rows}


def _targets_sentence(ctx: "ReportContext") -> str:
    from .service import targets

    rows = targets(ctx)
    return f"创建目标（按各单位截至{ctx.today.isoformat()}登记的状态）：" + "；".join(f"{r['goal']}{r['actual']}（{r['target']}，{'已达成' if r['met'] else '未达成'}）"
                                for r in rows[:4]) + "。"


def _wuhao(period: "Period", ctx: "ReportContext") -> ReportSection:
    from .service import targets, wuhao_summary

    year = period.start.year
    rows = wuhao_summary(ctx, year)
    by = Counter(r["wuhao"] for r in rows)
    paras = [f"对照创建“五好”关工委的要求（篇5 L107、L117），截至{ctx.today.isoformat()}，{len(rows)}个村(社区)中：" +
             ("、".join(f"{k}{n}个" for k, n in by.items()) if rows else "尚未登记村(社区)单位") + "。"]
    weak = [f"{r['unit']}：{r['weak']}" for r in rows if r["weak"] not in ("无", "未开始自查")]
    if weak:
        paras.append("薄弱环节：" + "；".join(weak) + "。")
    idle = [r["unit"] for r in rows if r["progress"] == "未开始自查"]
    if idle:
        paras.append(f"尚未开始“五好”自查：{'、'.join(idle)}（shequ checklist start guangongwei.wuhao --period {year} --unit 单位）。")
    note = ctx.note(WUHAO_NOTE)
    paras.append(note if note else f"（下一步加大创建力度的措施：shequ report note set {ctx.kind} {period.label} {WUHAO_NOTE} 文件）")
    goal_rows = [[r["goal"], r["target"], r["actual"], "已达成" if r["met"] else "未达成"] for r in targets(ctx)]
    return ReportSection(WUHAO_TITLE, order=ORDER, paragraphs=paras, tables=[
        Table("各村(社区)创建情况", ["单位", "创建状态", "状态日期", "示范建设", "自查进度", "薄弱环节"],
              [[r["unit"], r["wuhao"], r["since"] or "", "是" if r["model"] else "", r["progress"], r["weak"]] for r in rows],
              text_columns=frozenset({2})),
        Table("创建目标", ["目标", "要求", "现状", "结论"], goal_rows)],
        figures={"units": len(rows), "by_status": dict(by), "targets_met": sum(1 for r in goal_rows if r[3] == "已达成")})


def _assessment(period: "Period", ctx: "ReportContext") -> ReportSection:
    from .service import assessment

    a = assessment(ctx, period.start.year)
    n = len(a["stations"])
    unassessed = [r["station"] for r in a["stations"] if not r["kaohe"]]
    paras = [f"对村(社区)关工委工作和辅导站活动进行考核（篇5 L120）：{n}个村(社区)中心站中已考核{a['assessed']}个"
             + (f"，未考核：{'、'.join(unassessed)}" if unassessed else "") + f"；八月份点评{a['reviewed']}个。",
             "总结全年工作：" + ("已登记" + "、".join(a["summary"]) if a["summary"] else
                          f"未登记（shequ record add core.document --field kind=总结 --field period={a['year']} --field domain=关工委 …）") + "。",
             "整理有关资料并存档：" + ("已登记" + "、".join(a["archive"]) if a["archive"] else
                              f"未登记（归档：shequ report ledger-book --period {a['year']} -o 台账-{a['year']}.xlsx，"
                              f"并登记 core.document kind=台账 domain=关工委）") + "。"]
    rows = [[r["station"], r["unit"], r["dianping"], r["kaohe"], r["result"], r["findings"]] for r in a["stations"]]
    return ReportSection(ASSESS_TITLE, order=ORDER, paragraphs=paras,
                         tables=[Table("辅导站点评与考核", ["辅导站", "单位", "点评日期", "考核日期", "考核结果", "意见"], rows,
                                       text_columns=frozenset({2, 3}))],
                         figures={"stations": n, "assessed": a["assessed"], "reviewed": a["reviewed"],
                                  "summary": bool(a["summary"]), "archive": bool(a["archive"])})


def _plan(period: "Period", ctx: "ReportContext") -> ReportSection:
    from .service import fill_year, reading_rooms, stations, targets, villages, who

    year = period.start.year
    s = ctx.settings
    vill = villages(ctx)
    centres = sum(1 for _, d in stations(ctx).values() if d.get("level") == "村(社区)中心站")
    goal = {r["goal"]: r for r in targets(ctx)}
    rooms = reading_rooms(ctx)
    paras = ["（一）指导思想", ctx.note("关工委指导思想") or
             f"（待填写：shequ report note set plan {period.label} 关工委指导思想 文件；原文 篇5 L94 为当年的学习要求）",
             "（二）工作目标"]
    goals = ctx.note("关工委工作目标")
    if goals:
        paras.append(goals)
    else:
        paras.append(
            f"围绕建设“学习型”关工委的要求，开展“{THEME}”主题教育活动；推进校外教育辅导站建设，"
            f"健全{len(vill) or '各'}个村(社区)中心辅导站班子（现有中心站{centres}个），加强村(社区)电子阅览室建设，"
            f"力争{s['guangongwei.reading_room_units']}个村(社区)自行配备{s['guangongwei.pcs_self']}台电脑"
            f"（现已达到{sum(1 for r in rooms if r['self_met'])}个），争取上级扶持{s['guangongwei.pcs_higher']}台电脑；"
            f"开展各村(社区)创建“五好”关工委活动，抓好{s['guangongwei.target_models']}个以上村(社区)关工委的示范建设，"
            f"确保{s['guangongwei.target_xianjin']}个村(社区)成为市级关心下一代先进村(社区)"
            f"（现有{goal['市级关心下一代先进村(社区)']['count']}个），力争{s['guangongwei.target_wuhao']}个村(社区)成为市级“五好”示范村(社区)"
            f"（现有{goal['市级“五好”示范村(社区)']['count']}个）；积极开展“三好标兵”竞赛评选（篇5 L96、L103、L107）。")
    paras.append("（三）主要举措")
    measures = ctx.note("关工委主要举措")
    if measures:
        paras.append(measures)
    else:
        paras += [text + f"（{src}）" for text, src in MEASURES]
        paras.append("（第1项中“xx届三中全会”为原文占位，请按当年学习内容改写：shequ report note set plan "
                     f"{period.label} 关工委主要举措 文件）")
    paras.append("（四）工作安排")
    paras += [fill_year(item.text, year) + "。" for item in ITEMS]
    rows = [[item.label, fill_year(item.work, year), f"{item.scope}：{who(ctx, item)}", item.anchor, item.source]
            for item in ITEMS]
    return ReportSection(f"{TITLE}计划", order=ORDER, paragraphs=paras,
                         tables=[Table("关工委工作安排", ["月份", "工作安排", "对象", "可结合", "出处"], rows)],
                         figures={"months": 12, "units": len(vill), "stations": len(stations(ctx))})
