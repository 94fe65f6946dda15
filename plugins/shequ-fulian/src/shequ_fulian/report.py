"""妇联 report sections, in the source's own shapes.

Summaries (月报, 季报, 半年小结, 年终总结) follow 篇1, the source's 妇联 summary: 组织建设 →
主要工作 (巾帼志愿者, 就业培训, 宣传维权, 临时救助, 体检, 文体活动) → 存在不足 → 今后打算.
The 年度计划 follows 主, the source's 妇联 plan: its three blocks (素质提升 / 成才发展 /
奉献爱心) and a month-by-month table built from the duties and the planned events.

Health checks, 临时救助 referrals, 送达对象 and 爱心助学 recipients appear as counts only:
no section here ever reads a sensitive person's name.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from shequ import ReportSection, Table
from shequ.periods import Period, half, quarter, year_period

from . import AWARDS, LECTURE_TOPICS, REASONS
from .laws import BY_KEY

if TYPE_CHECKING:
    from shequ.api import ReportContext

ORDER = 40
CN_NUM = "一二三四"


def sections(kind: str, period: Period, ctx: "ReportContext") -> list[ReportSection]:
    if kind == "ledger-book" or not ctx.wants("fulian"):
        return []
    if kind == "plan":
        return [_plan(period, ctx)]
    return [_summary(kind, period, ctx)]


# -- figures --------------------------------------------------------------------------------
def _f(event: dict[str, Any], key: str) -> Any:
    return (event.get("fields") or {}).get(key)


def _times(events: list[dict[str, Any]]) -> int:
    return sum(int(e.get("count") or len(e.get("attendees", []))) for e in events)


def _within(ctx: "ReportContext", type_id: str, field: str, span: Period, **equals: Any) -> list[dict[str, Any]]:
    return [r for _, r in ctx.records.list(type_id, f"{field}>={span.start.isoformat()}", f"{field}<={span.end.isoformat()}",
                                           **equals)]


def figures(ctx: "ReportContext", span: Period) -> dict[str, Any]:
    """Every count the section reports, for one span (no names: sensitive records are only counted)."""
    held: dict[str, list[dict[str, Any]]] = {}
    for _, e in ctx.events.query(domain="fulian", status="done", period=span):
        held.setdefault(e.get("type", ""), []).append(e)
    trainings = held.get("fulian.training", [])
    fairs = [e for e in trainings if _f(e, "kind") == "招聘会"]
    courses = [e for e in trainings if _f(e, "kind") != "招聘会"]
    checks = _within(ctx, "fulian.checked", "date", span)
    referrals = _within(ctx, "fulian.referral", "reported", span)
    answered = _within(ctx, "fulian.referral", "outcome_date", span)
    readings = _within(ctx, "fulian.reading", "date", span)
    entries = _within(ctx, "fulian.entry", "date", span)
    outreach = held.get("fulian.outreach", [])
    recipients = sum(len(ctx.records.list("fulian.recipient", event=eid)) for eid, _ in
                     ctx.events.query(type="fulian.outreach", status="done", period=span))
    publicity = held.get("fulian.publicity", [])
    lectures = held.get("fulian.lecture", [])
    from .service import zhuxue_figures

    return {
        "services": len(held.get("fulian.service", [])), "service_times": _times(held.get("fulian.service", [])),
        "trainings": len(courses), "training_times": _times(courses), "job_fairs": len(fairs),
        "fair_units": sum(int(_f(e, "units") or 0) for e in fairs), "fair_posts": sum(int(_f(e, "posts") or 0) for e in fairs),
        "fair_intents": sum(int(_f(e, "intents") or 0) for e in fairs),
        "partners": sorted({_f(e, "partner") for e in trainings if _f(e, "partner")}),
        "publicity": len(publicity), "materials": sum(int(_f(e, "materials") or 0) for e in publicity),
        "laws": sorted({_f(e, "law") for e in [*publicity, *lectures] if _f(e, "law")}),
        "lectures": len(lectures), "lecture_times": _times(lectures),
        "lecture_topics": Counter(_f(e, "topic") for e in lectures),
        "referrals": len(referrals), "referral_reasons": Counter(r["reason"] for r in referrals),
        "aided": sum(1 for r in answered if r.get("outcome") == "已救助"),
        "refused": sum(1 for r in answered if r.get("outcome") == "未获救助"),
        "checkups": len(held.get("fulian.checkup", [])), "checked": len(checks),
        "checked_free": sum(1 for r in checks if r.get("free", True)), "follow_up": sum(1 for r in checks if r.get("follow_up")),
        "performances": len(held.get("fulian.performance", [])), "performance_times": _times(held.get("fulian.performance", [])),
        "outreach": len(outreach), "recipients": recipients,
        "couplets": sum(int(_f(e, "quantity") or 0) for e in outreach if _f(e, "item") == "春联"),
        "activities": Counter(_f(e, "kind") for e in held.get("fulian.activity", [])),
        "charity": len(held.get("fulian.charity", [])),
        "readings": len(readings), "notes": sum(1 for r in readings if r.get("notes")),
        "reflections": sum(1 for r in readings if r.get("reflection")),
        "entries": len(entries), "entry_levels": Counter(r["level"] for r in entries),
        "evaluations": Counter(r["award"] for r in _within(ctx, "fulian.evaluation", "date", span)),
        **{f"zhuxue_{k}": v for k, v in zhuxue_figures(ctx, span).items()},
    }


def _counts(counter: Counter, order: tuple[str, ...], unit: str) -> str:
    return "、".join(f"{k}{counter[k]}{unit}" for k in order if counter.get(k))


# -- summaries (篇1) ---------------------------------------------------------------------------
def _summary(kind: str, period: Period, ctx: "ReportContext") -> ReportSection:
    noun = ctx.noun
    fig = figures(ctx, period)
    on = min(period.end, ctx.today)
    paras = ["（一）强化妇联组织建设。" + _organisation(ctx, period, on)]
    paras.append("（二）发挥妇联组织优势，开展各项工作。")
    paras += _main_work(ctx, fig, noun, period, on)
    gaps, todo = _gaps(ctx, period, fig)
    paras.append("（三）存在不足。" + gaps)
    if kind in ("half", "annual"):
        paras.append("（四）今后打算。" + _plans_ahead(ctx, period, todo))
    else:
        paras.append("（四）下一步安排。" + _next_steps(ctx, period))
    ytd = figures(ctx, ctx.year_to_date) if kind != "annual" else fig
    rows = _stat_rows(fig, ytd)
    columns = ["项目", noun] + (["年度累计"] if kind != "annual" else [])
    table_rows = [[name, a] + ([b] if kind != "annual" else []) for name, a, b in rows]
    counts = {k: (dict(v) if isinstance(v, Counter) else v) for k, v in fig.items()}
    women, done, left = _coverage(ctx, period.start.year, on)
    counts.update(fertile_women=women, fertile_checked=done, fertile_unchecked=left)
    return ReportSection("妇联工作", order=ORDER, paragraphs=paras,
                         tables=[Table("妇联工作统计", columns, table_rows)], figures=counts)


def _organisation(ctx: "ReportContext", period: Period, on: Any) -> str:
    from .service import active_members

    orgs = [o for _, o in ctx.records.list("fulian.org") if o.get("status") != "已撤销"]
    parts = []
    if orgs:
        by = Counter((o["program"], o.get("status", "创建中")) for o in orgs)
        parts.append("创建" + "、".join(f"“{p}”{n}个（{s}）" for (p, s), n in sorted(by.items())) + "。")
    teams = ctx.records.list("fulian.team")
    if teams:
        sizes = [(t["name"], len(active_members(ctx, tid, on))) for tid, t in teams]
        s, e = period.start.isoformat(), period.end.isoformat()
        joined = sum(1 for _, m in ctx.records.list("fulian.member") if s <= (m.get("joined") or "") <= e)
        parts.append(f"现有队伍{len(teams)}支：" + "、".join(f"{n}（{k}人）" for n, k in sizes)
                     + (f"，{ctx.noun}新加入队员{joined}人。" if joined else "。"))
    if not parts:
        return "尚未登记妇女组织阵地和队伍（shequ record add fulian.org …；shequ fulian team add …）。"
    return "".join(parts)


def _coverage(ctx: "ReportContext", year: int, on: Any) -> tuple[int, int, int]:
    from .service import checked_ids

    # Checks up to *on* only: a March report does not count April's checks.  Counted, not listed
    # (``todo`` sorts the women left by pinyin: 50,000 of them on a 街道's register).
    women = ctx.people.members("育龄妇女", on)
    done = len(checked_ids(ctx, Period(date(year, 1, 1), on, "", "range")) & women)
    return len(women), done, len(women) - done


def _main_work(ctx: "ReportContext", fig: dict[str, Any], noun: str, period: Period, on: Any) -> list[str]:
    none = f"{noun}未开展。"
    out = []
    out.append("1.巾帼志愿者服务。" + (f"{noun}开展巾帼志愿服务和义工服务活动{fig['services']}次，参与{fig['service_times']}人次。"
                                 if fig["services"] else none))
    jobs = []
    if fig["trainings"]:
        jobs.append(f"举办就业与再就业社区妇女培训{fig['trainings']}次（{fig['training_times']}人次）")
    if fig["job_fairs"]:
        extra = "、".join(x for x in (f"参会单位{fig['fair_units']}家" if fig["fair_units"] else "",
                                      f"提供岗位{fig['fair_posts']}个" if fig["fair_posts"] else "",
                                      f"达成意向{fig['fair_intents']}人" if fig["fair_intents"] else "") if x)
        who = "、".join(fig["partners"]) or "社区劳动保障"
        jobs.append(f"联合{who}举办招聘会{fig['job_fairs']}次" + (f"（{extra}）" if extra else ""))
    out.append("2.就业与再就业。" + (f"{noun}" + "，".join(jobs) + "。" if jobs else none))
    talk = []
    if fig["publicity"]:
        talk.append(f"开展宣传{fig['publicity']}次" + (f"、发放资料{fig['materials']}份" if fig["materials"] else ""))
    if fig["laws"]:
        talk.append("宣传" + "、".join(fig["laws"]))
    if fig["lectures"]:
        talk.append(f"举办讲座{fig['lectures']}次（{_counts(fig['lecture_topics'], LECTURE_TOPICS, '次')}），"
                    f"参加{fig['lecture_times']}人次")
    evals = "、".join(f"{k}{fig['evaluations'][k]}{'户' if k == '平安家庭' else '人'}" for k in AWARDS
                      if fig["evaluations"].get(k))
    if evals:
        talk.append(f"评出{evals}")
    out.append("3.宣传维权。" + (f"{noun}" + "；".join(talk) + "。" if talk else none))
    if fig["referrals"] or fig["aided"] or fig["refused"]:
        reasons = _counts(fig["referral_reasons"], REASONS, "件")
        out.append(f"4.临时救助。{noun}为困难妇女上报临时救助{fig['referrals']}件" + (f"（{reasons}）" if reasons else "")
                   + f"，收到上级答复已救助{fig['aided']}件、未获救助{fig['refused']}件；"
                   + f"截至{on.isoformat()}待答复{_pending(ctx, on)}件。")
    else:
        out.append(f"4.临时救助。{noun}没有上报临时救助；截至{on.isoformat()}待答复{_pending(ctx, on)}件。")
    women, done, left = _coverage(ctx, period.start.year, on)
    rate = f"{done / women * 100:.0f}%" if women else "—"
    check = (f"{noun}组织体检{fig['checkups']}次，检查{fig['checked']}人次（免费{fig['checked_free']}人次），需随访{fig['follow_up']}人次；"
             if fig["checked"] else f"{noun}没有登记体检；")
    out.append(f"5.妇女体检。{check}截至{on.isoformat()}，{period.start.year}年辖区育龄妇女{women}人，"
               f"已体检{done}人（{rate}），尚未体检{left}人。")
    fun = []
    if fig["performances"]:
        fun.append(f"文艺演出{fig['performances']}次（观众{fig['performance_times']}人次）")
    if fig["outreach"]:
        fun.append(f"送春联、慰问{fig['outreach']}次，送达{fig['recipients']}人" + (f"、春联{fig['couplets']}副" if fig["couplets"] else ""))
    acts = _counts(fig["activities"], ("学习活动", "读书活动", "健康驿站", "文体活动", "其他"), "次")
    if acts:
        fun.append(f"妇女活动：{acts}")
    if fig["readings"]:
        fun.append(f"农家书屋读书{fig['readings']}人次（写笔记{fig['notes']}、留读感{fig['reflections']}）")
    if fig["entries"]:
        order = ctx.settings["fulian.contest_levels"]
        levels = "、".join(f"{k}级{v}" for k, v in sorted(fig["entry_levels"].items(),
                                                          key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))
        fun.append(f"参加才艺比赛{fig['entries']}人次（{levels}）")
    if Decimal(fig["zhuxue_raised"]) or Decimal(fig["zhuxue_paid"]) or fig["charity"]:
        fun.append(f"爱心助学募集{fig['zhuxue_raised']}元、发放{fig['zhuxue_paid']}元，专款余额{fig['zhuxue_balance']}元")
    out.append("6.文体与爱心活动。" + (f"{noun}" + "；".join(fun) + "。" if fun else none))
    return out


def _pending(ctx: "ReportContext", on: date) -> int:
    """Referrals reported by *on* and not yet answered on that day."""
    day = on.isoformat()
    return sum(1 for _, r in ctx.records.list("fulian.referral", f"reported<={day}")
               if r.get("outcome", "待答复") == "待答复" or (r.get("outcome_date") or "") > day)


def _gaps(ctx: "ReportContext", period: Period, fig: dict[str, Any]) -> tuple[str, list[str]]:
    """What the data shows was not done (overdue or behind duties), then the office's own words."""
    found, todo = [], []
    for st in ctx.duties.statuses(period, domain="fulian"):
        if st.status in ("overdue", "behind"):
            found.append(f"{st.title}：{_shortfall(st)}")
            todo.append(st.title)
    note = ctx.note("妇联·存在不足")
    text = ("按数据看，" + "；".join(found) + "。") if found else "按数据看，各项职责均按期完成。"
    hint = f"（其他不足可用 shequ report note set {ctx.kind} {period.label} 妇联·存在不足 文件 补充）"
    return text + (note if note else hint), todo


def _shortfall(st: Any) -> str:
    """A duty's unmet periods in words: “2025年第一季度、2025年第二季度未开展，2025年第四季度进度落后”."""
    missed, behind = [], []
    for d in st.detail:
        name, _, rest = d.partition("：")
        span = _SPAN.search(name)
        label = f"{_md(span[1])}—{_md(span[2])}期间" if span else name
        if "逾期" in rest or (span and st.status == "overdue"):
            missed.append(label)
        elif "落后" in rest or (span and st.status == "behind"):
            behind.append(label)
    parts = ([f"{'、'.join(missed)}未开展"] if missed else []) + ([f"{'、'.join(behind)}进度落后"] if behind else [])
    return "，".join(parts) or f"{'逾期' if st.status == 'overdue' else '进度落后'}（{st.progress}）"


def _plans_ahead(ctx: "ReportContext", period: Period, todo: list[str]) -> str:
    note = ctx.note("妇联·今后打算")
    follow = []
    pending = _pending(ctx, min(period.end, ctx.today))
    if pending:
        follow.append(f"跟进待答复的临时救助{pending}件")
    if todo:
        follow.append("补上" + "、".join(todo))
    base = ("下一步要" + "；".join(follow) + "。") if follow else ""
    hint = f"（请用 shequ report note set {ctx.kind} {period.label} 妇联·今后打算 文件 填写）"
    return base + (note if note else hint)


def following(period: Period) -> Period:
    """The next month or quarter after *period* (what a 月报 or 季报 looks ahead to)."""
    from shequ.periods import month

    y, m = period.end.year, period.end.month
    if period.kind == "quarter":
        q = (m - 1) // 3 + 1
        return quarter(y + 1, 1) if q == 4 else quarter(y, q + 1)
    return month(y + 1, 1) if m == 12 else month(y, m + 1)


def _next_steps(ctx: "ReportContext", period: Period) -> str:
    nxt = following(period)
    months = {m.start.month for m in nxt.months()}
    lines = [r.work for r in calendar_rows(ctx, nxt.start.year) if r.months & months]
    return (f"{nxt.title}：" + "；".join(lines) + "。") if lines else f"{nxt.title}暂无排定的妇联工作。"


def _stat_rows(fig: dict[str, Any], ytd: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    def row(name: str, key: str) -> tuple[str, Any, Any]:
        return name, fig[key], ytd[key]

    return [row("巾帼志愿服务（次）", "services"), row("就业与再就业培训（次）", "trainings"), row("招聘会（次）", "job_fairs"),
            row("宣传（次）", "publicity"), row("讲座（次）", "lectures"), row("临时救助上报（件）", "referrals"),
            row("体检（人次）", "checked"), row("文艺演出（次）", "performances"), row("送春联、慰问送达（人）", "recipients"),
            ("爱心助学募集（元）", fig["zhuxue_raised"], ytd["zhuxue_raised"]),
            ("爱心助学发放（元）", fig["zhuxue_paid"], ytd["zhuxue_paid"])]


# -- the year's plan (主) -------------------------------------------------------------------------
_SPAN = re.compile(r"(\d{4}-\d{2}-\d{2})～(\d{4}-\d{2}-\d{2})")
PERIOD_WORDS = {"month": "每月", "quarter": "每季度", "half": "每半年", "year": "每年"}


def _md(iso: str) -> str:
    return f"{int(iso[5:7])}月{int(iso[8:10])}日"


_CITE = re.compile(r"(?:主|篇\d+(?:\([一二三四五]\))?) ?L\d+(?:[–-]L?\d+)?")


def cite(source: str) -> str:
    """The citations of a duty's source (“篇1 L27”), without its explanation."""
    return "；".join(dict.fromkeys(_CITE.findall(source))) or source


class Item(NamedTuple):
    month: int  # 0 = the whole year
    months: frozenset[int]  # every month the work spans
    label: str
    work: str
    source: str


def calendar_rows(ctx: "ReportContext", year: int) -> list[Item]:
    """The year's 妇联 work by month, from the duties as this home has them (windows placed on the
    year's dates) and the planned events."""
    rows: list[Item] = []
    themes = ctx.settings["fulian.jisheng_themes"]

    def add(months: Any, label: str, work: str, src: str) -> None:
        ms = sorted(months)
        rows.append(Item(ms[0] if ms else 0, frozenset(ms), label, work, cite(src)))

    for did, duty in sorted(ctx.duties.all().items()):
        if duty.get("domain") != "fulian" or not duty.get("enabled", True):
            continue
        title, src, kind = duty.get("title", did), duty.get("source", ""), duty.get("kind")
        if kind == "window":
            st = ctx.duties.status(did, str(year))
            for m in (_SPAN.search(d) for d in (st.detail if st else [])):
                if m:
                    span = Period(date.fromisoformat(m[1]), date.fromisoformat(m[2]), "", "range")
                    months = {p.start.month for p in span.months() if p.start.year == year}
                    add(months, f"{int(m[1][5:7])}月", f"{title}（{_md(m[1])}—{_md(m[2])}）", src)
        elif kind == "quota" and duty.get("in_months"):
            for m in duty["in_months"]:
                add({m}, f"{m}月", title, src)
        elif kind == "quota" and duty.get("per") in ("quarter", "half"):
            parts = [quarter(year, q) for q in range(1, 5)] if duty["per"] == "quarter" else [half(year, h) for h in (1, 2)]
            for i, part in enumerate(parts):
                theme = themes[i] if i < len(themes) else "主题待定"
                add({p.start.month for p in part.months()}, part.title.removeprefix(f"{year}年"), f"{title}：{theme}", src)
        elif kind == "quota":
            add((), "全年", f"{title}（{PERIOD_WORDS.get(duty.get('per'), '')}至少{duty.get('min', 1):g}次）", src)
        elif kind == "fixed":
            for _, day in ctx.duties.occurrences(did, str(year)):
                add({day.month}, f"{day.month}月", f"{title}（{_md(day.isoformat())}）", src)
        elif kind == "deadline":
            due = str(duty.get("due", ""))
            if re.fullmatch(r"\d{2}-\d{2}", due):
                add({int(due[:2])}, f"{int(due[:2])}月", f"{title}（{int(due[:2])}月{int(due[3:])}日前）", src)
    for _, e in ctx.events.query(domain="fulian", status="planned", period=str(year)):
        m = int(e["date"][5:7])
        rows.append(Item(m, frozenset({m}), f"{m}月", f"{e.get('title')}（{_md(e['date'])}，已排入日历）", "本社区日历"))
    rows.append(Item(12, frozenset({12}), "12月", "年终总结（年终有总结）", "篇1"))
    rows.sort(key=lambda r: (r.month, r.label))
    return rows


def _plan(period: Period, ctx: "ReportContext") -> ReportSection:
    y = period.start.year
    last = year_period(y - 1)
    prev = figures(ctx, last)
    levels = "、".join(ctx.settings["fulian.contest_levels"])
    on = min(period.start, ctx.today)
    women = len(ctx.people.members("育龄妇女", on))
    workers = len(ctx.people.members("女工", on))
    funv, jisheng = BY_KEY["funv"], BY_KEY["jisheng"]
    duty = ctx.duties.all().get("fulian.jisheng") or {}
    phase = PERIOD_WORDS.get(duty.get("per", "quarter"), "每阶段").removeprefix("每")
    themes = ctx.settings["fulian.jisheng_themes"]
    from .service import zhuxue_figures

    balance = zhuxue_figures(ctx, last)["balance"]
    paras = [
        "（一）自尊自爱，弘扬先进文化，提升妇女群众的综合素质。深入开展妇女学习活动，提高家庭成员的思想道德素质和科学文化素质，"
        "做到家庭和睦、邻里关系好、社会影响好；利用“农家书屋”鼓励妇女阅好书、写笔记、留读感"
        + (f"（上年读书{prev['readings']}人次）" if prev["readings"] else "")
        + f"；鼓励妇女积极参与{levels}组织的各项才艺比赛" + (f"（上年参赛{prev['entries']}人次）" if prev["entries"] else "") + "。",
        "（二）积极营造良好氛围，促进妇女成才发展。开展女工能力建设" + (f"（登记女工{workers}人）" if workers else "")
        + "，组织妇女参与管理和监督；依法维护妇女的合法权益和特殊利益，引导妇女积极参政议政；利用广播、发放资料等形式，"
        f"宣传和学习《中国妇女发展纲要》和{funv.official}（原文作{funv.source}，不是正式名称），学习新的{jisheng.official}"
        "（原文作“条列”，为错字）；做好女工妇科检查和生殖保健工作，春季组织辖区育龄妇女免费体检"
        + (f"（育龄妇女{women}人）" if women else "") + "。",
        "（三）积极宣传奉献爱心，提高妇女工作整体水平。做好计划生育宣传工作，"
        + f"每{phase}一个主题" + (f"（{'、'.join(themes)}）" if themes else "（各阶段主题待定：设置 fulian.jisheng_themes）")
        + "；倡导爱心，参与各级各类组织的爱心助学活动" + (f"（爱心助学专款结余{balance}元）" if Decimal(balance) else "")
        + "；组织开展健康驿站活动和文体活动，充实妇女的精神生活。",
        "各月工作安排见下表（依据原文和本社区的职责设置；日期随节日和季节设置计算）。",
    ]
    rows = [[r.label, r.work, r.source] for r in calendar_rows(ctx, y)]
    return ReportSection("妇联工作计划", order=ORDER, paragraphs=paras,
                         tables=[Table("妇联工作月度安排", ["月份", "工作", "依据"], rows)],
                         figures={"items": len(rows), "fertile_women": women, "zhuxue_balance": balance})
