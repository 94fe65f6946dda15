"""The core's report sections (declared to the core by :mod:`shequ.reports.plugin`).

Each is a pure function of the stored data for the period: generated
sentences with real figures, tables and key figures.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from shequ.models import ReportSection

MONTHS_CN = ["一月份", "二月份", "三月份", "四月份", "五月份", "六月份", "七月份", "八月份", "九月份", "十月份", "十一月份", "十二月份"]
NEXT_TITLES = {"monthly": "下月工作安排", "quarterly": "下季度工作安排", "half": "下半年工作安排"}
CORE_CATEGORIES = ("老年人", "80岁以上", "90岁以上", "空巢老人", "独居老人", "育龄妇女", "0-3岁")


def _noun(kind: str, period: Any) -> str:
    return {"monthly": "本月", "quarterly": "本季度", "annual": "全年"}.get(
        kind, "上半年" if period.start.month == 1 else "下半年" if kind == "half" else "本期")


def _person_times(e: dict[str, Any]) -> int:
    return int(e.get("count") or len(e.get("attendees", [])))


def core_sections(kind: str, period: Any, ctx: Any) -> list[ReportSection]:
    """总体情况, 活动开展情况, 职责, 创建与台账, 经费 and 下期安排 — or, for the plan, 全年工作安排."""
    from shequ.reports.build import section

    if kind == "ledger-book":
        return []
    if kind == "plan":
        return [section("全年工作安排", lambda: _plan(period, ctx), ctx)]
    # Each built under its title: a section that fails is named in the report's error (and
    # with --skip-broken only that one is left out; the build drops the None).
    return [section("总体情况", lambda: _overview(kind, period, ctx), ctx),
            section("活动开展情况", lambda: _activities(period, ctx), ctx),
            section("工作职责完成情况", lambda: _duties(kind, period, ctx), ctx),
            section("台账与创建工作", lambda: _checklists(period, ctx), ctx),
            section("经费收支", lambda: _money(kind, period, ctx), ctx),
            *(section(NEXT_TITLES.get(kind, "下期工作安排"), lambda: _next_period(kind, period, ctx), ctx) or [])]


def _overview(kind: str, period: Any, ctx: Any) -> ReportSection:
    from shequ.calendar.events import domain_label

    held = ctx.events_in(period)
    by_domain = Counter(e.get("domain") or "core" for _, e in held)
    times = Counter()
    for _, e in held:
        times[e.get("domain") or "core"] += _person_times(e)
    total_times = sum(times.values())
    noun = _noun(kind, period)
    parts = "、".join(f"{domain_label(d) or '综合'}{n}次" for d, n in sorted(by_domain.items(), key=lambda kv: (-kv[1], kv[0])))
    paras = [f"{noun}共开展各类活动{len(held)}次，参与居民{total_times}人次" + (f"，其中{parts}。" if parts else "。")]
    reg = ctx.register
    counts = {name: reg.count(name) for name in ctx.categories}
    hukou, flow = counts.get("户籍人口", 0), counts.get("流动人口", 0)
    core = "、".join(f"{name}{counts[name]}人" for name in CORE_CATEGORIES if name in counts)
    if len(reg):
        paras.append(f"截至{min(period.end, ctx.today).isoformat()}，辖区登记居民{len(reg)}人（户籍{hukou}人、流动{flow}人），其中{core}。")
    from shequ.reports.build import Table

    rows = [[domain_label(d) or "综合", by_domain[d], times[d]] for d in sorted(by_domain, key=lambda d: (-by_domain[d], d))]
    tables = [Table("各条线活动", ["条线", "活动次数", "参与人次"], rows, ["合计", len(held), total_times])]
    if len(reg):
        tables.append(Table("人员类别", ["类别", "人数"], [[n, c] for n, c in counts.items()]))
    monthly, chart = _by_month(period, ctx)
    if monthly is not None:  # last: scripts read the report's tables by position
        tables.append(monthly)
    labels = {"events": "活动（次）", "person_times": "参与人次", "residents": "登记居民（人）", "by_domain": "各条线活动（次）",
              **{f"by_domain.{d}": f"{domain_label(d) or '综合'}活动（次）" for d in by_domain}}
    return ReportSection("总体情况", order=10, paragraphs=paras, tables=tables,
                         figures={"events": len(held), "person_times": total_times, "residents": len(reg),
                                  "by_domain": dict(sorted(by_domain.items()))},
                         labels=labels, charts=[chart] if chart else [])


def _by_month(period: Any, ctx: Any) -> tuple[Any, Any]:
    """Activities per 条线 per month, from January to the period's end (a table and its chart)."""
    from shequ.calendar.events import domain_label
    from shequ.models import Chart, Table
    from shequ.periods import month
    from shequ.reports.build import year_to_date

    span = year_to_date(period)
    months = [month(span.start.year, m) for m in range(1, period.end.month + 1)] if span.start.year == period.end.year else []
    held = ctx.events_in(span) if months else []
    if not held:
        return None, None
    counts: dict[tuple[int, str], int] = Counter((int(e["date"][5:7]), e.get("domain") or "core") for _, e in held)
    domains = sorted({d for _, d in counts}, key=lambda d: (-sum(n for (_, x), n in counts.items() if x == d), d))
    heads = [domain_label(d) or "综合" for d in domains]
    rows = [[f"{m.start.month}月", *(counts.get((m.start.month, d), 0) for d in domains),
             sum(counts.get((m.start.month, d), 0) for d in domains)] for m in months]
    total = ["合计", *(sum(r[i + 1] for r in rows) for i in range(len(domains) + 1))]
    table = Table("各条线每月活动次数（年初至本期末）", ["月份", *heads, "合计"], rows, total)
    chart = Chart("各条线每月活动次数", [r[0] for r in rows], heads, [[float(v) for v in r[1:-1]] for r in rows],
                  table=table.title, unit="次")
    return table, chart


def _activities(period: Any, ctx: Any) -> ReportSection:
    from shequ.calendar.events import domain_label
    from shequ.reports.build import Table

    held = ctx.events_in(period)
    rows = [[e["date"], domain_label(e.get("domain")) or "综合", e.get("title", ""), e.get("place") or "",
             _person_times(e), e.get("summary") or ""] for _, e in held]
    cancelled = ctx.events_in(period, status="cancelled")
    paras = []
    if cancelled:
        paras.append("取消的活动：" + "；".join(f"{e['date']} {e.get('title')}" + (f"（{e['cancel_reason']}）" if e.get("cancel_reason") else "")
                                           for _, e in cancelled) + "。")
    return ReportSection("活动开展情况", order=20, paragraphs=paras,
                         tables=[Table("活动明细", ["日期", "条线", "活动", "地点", "人次", "小结"], rows, text_columns=frozenset({0}))],
                         figures={"held": len(held), "cancelled": len(cancelled)},
                         labels={"held": "已开展活动（次）", "cancelled": "取消的活动（次）"})


def _duties(kind: str, period: Any, ctx: Any) -> ReportSection:
    from shequ.duties.rules import STATUS_LABELS
    from shequ.duties.engine import tally, tally_text
    from shequ.calendar.events import domain_label
    from shequ.models import Chart
    from shequ.reports.build import Table, year_to_date

    span = year_to_date(period)
    statuses = [s for s in ctx.duty_statuses(span) if s.status != "off"]
    t = tally(statuses)
    paras = []
    if statuses:
        # 不适用 (no month, window, date or person of the duty in the period) is counted apart:
        # counting it as 已完成 overstated the work done.
        paras.append(f"截至{min(period.end, ctx.today).isoformat()}，{tally_text(t)}。")
        late = [s for s in statuses if s.status in ("overdue", "behind")]
        if late:
            paras.append("需要关注：" + "；".join(f"{s.title}（{STATUS_LABELS[s.status]}，{s.progress}）" for s in late) + "。")
    rows = [[s.title, domain_label(s.domain) or "综合", STATUS_LABELS[s.status], s.progress] for s in statuses]
    tables = [Table("职责", ["职责", "条线", "状态", "进度"], rows)]
    charts = []
    shown = ("met", "pending", "behind", "overdue")
    by: dict[str, Counter[str]] = {}
    for s in statuses:
        by.setdefault(domain_label(s.domain) or "综合", Counter())[s.status] += 1
    if by:
        names = sorted(by, key=lambda d: (-sum(by[d][k] for k in shown), d))
        per = [[d, *(by[d][k] for k in shown), by[d]["na"]] for d in names]
        # New tables go last: scripts read the report's tables by position.
        tables.append(Table("各条线职责完成情况", ["条线", *(STATUS_LABELS[k] for k in shown), "不适用"], per,
                            ["合计", *(t[k] for k in shown), t["na"]]))
        charts.append(Chart("各条线职责完成情况", names, [STATUS_LABELS[k] for k in shown],
                            [[float(r[i]) for i in range(1, 5)] for r in per], table=tables[-1].title, unit="项"))
    labels = {"total": "职责（项）", "met": "已完成", "undone": "未完成", "pending": "进行中", "behind": "落后", "overdue": "逾期",
              "over": "超出上限", "na": "不适用"}
    return ReportSection("工作职责完成情况", order=30, paragraphs=paras, tables=tables,
                         figures={k: t[k] for k in ("total", "met", "undone", "pending", "behind", "overdue", "over", "na")},
                         labels=labels, charts=charts)


def _checklists(period: Any, ctx: Any) -> ReportSection:
    from shequ.reports.build import Table
    from shequ.checklists.evaluate import progress_text
    from shequ.checklists.status import all_results

    results = all_results(ctx.pm, ctx.registry, ctx.session, period, ctx.today, ctx.app.home.path)
    names = {"done": "已完成", "open": "未完成", "not_started": "未开始"}
    rows, paras = [], []
    for r in results:
        score = "" if r.score is None else f"{r.score:g}/{r.total:g}" + (f" {r.level}" if r.level else "")
        rows.append([r.title, r.period + (f"（{r.unit}）" if r.unit else ""), names[r.status], progress_text(r.items), score])
        missing = [i.text for i in r.items if i.state in ("unmet", "open")]
        if missing and r.due:
            paras.append(f"{r.title}（{r.period}）尚未完成：{'、'.join(missing)}。")
    return ReportSection("台账与创建工作", order=40, paragraphs=paras,
                         tables=[Table("清单", ["清单", "期间", "状态", "完成项", "得分"], rows)],
                         figures={"checklists": len(results), "done": sum(1 for r in results if r.status == "done")},
                         labels={"checklists": "清单（份）", "done": "已完成的清单（份）"})


def _money(kind: str, period: Any, ctx: Any) -> ReportSection:
    from decimal import Decimal

    from shequ.ledger.entries import fund_balance, money
    from shequ.ledger.queries import balance
    from shequ.ledger.accounts import accounts, funds
    from shequ.ledger.budgets import actual, budgets_for, rate
    from shequ.reports.build import Table, year_to_date

    acc = accounts(ctx.pm, ctx.session)
    tot: dict[str, Decimal] = {}
    rows = balance(ctx.session, acc, period=period, depth=2, totals_out=tot)
    if not tot:
        tot = {"income": Decimal(0), "expense": Decimal(0), "net": Decimal(0)}
    noun = _noun(kind, period)
    paras = [f"{noun}收入{money(tot['income'])}元，支出{money(tot['expense'])}元，结余{money(tot['net'])}元。"]
    cat_rows = [[r["account"], {"income": "收入", "expense": "支出", "asset": "资产"}.get(r["kind"], ""), money(r["total"])]
                for r in rows if r["kind"] in ("income", "expense")]
    ytd = year_to_date(period)
    budget_rows, bars = [], []
    for account, amount in sorted(budgets_for(ctx.session, period.start.year).items()):
        used = actual(ctx.session, account, acc.get(account, {}).get("kind", "expense"), ytd)
        budget_rows.append([account, money(amount), money(used), rate(used, amount)])
        bars.append([float(used / amount * 100) if amount else 0.0])
    fund_rows = [[name, money(fund_balance(ctx.session, name)), "专款专用" if f.get("earmarked") else ""]
                 for name, f in sorted(funds(ctx.pm, ctx.session).items())]
    if fund_rows:
        paras.append("资金余额：" + "；".join(f"{n} {b} 元" for n, b, _ in fund_rows) + "。")
    tables = [Table("收支分类", ["科目", "类别", "金额（元）"], cat_rows,
                    ["合计", "结余", money(tot["net"])])]
    charts = []
    if budget_rows:
        from shequ.models import Chart

        tables.append(Table("预算执行（年初至期末）", ["科目", "预算", "实际", "执行率"], budget_rows))
        charts.append(Chart("预算执行率", [r[0] for r in budget_rows], ["执行率"], bars, table=tables[-1].title,
                            unit="%", mark=100.0))
    if fund_rows:
        tables.append(Table("资金余额", ["资金", "余额（元）", "性质"], fund_rows))
    return ReportSection("经费收支", order=50, paragraphs=paras, tables=tables,
                         figures={k: money(v) for k, v in tot.items()},
                         labels={"income": "收入（元）", "expense": "支出（元）", "net": "结余（元）"}, charts=charts)


def _next(kind: str, period: Any) -> Any:
    from shequ.periods import half, month, quarter

    day = period.end + timedelta(days=1)
    if kind == "monthly":
        return month(day.year, day.month)
    if kind == "quarterly":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "half":
        return half(day.year, 1 if day.month <= 6 else 2)
    return None


def _next_period(kind: str, period: Any, ctx: Any) -> list[ReportSection]:
    nxt = _next(kind, period)
    if nxt is None:
        return []
    from shequ.reports.build import Table

    rows = _agenda(nxt, ctx)
    title = NEXT_TITLES[kind]
    return [ReportSection(title, order=80, tables=[Table(title, ["日期", "类别", "内容"], rows, text_columns=frozenset({0}))])]


def _agenda(span: Any, ctx: Any) -> list[list[str]]:
    from shequ.duties.rules import effective
    from shequ.duties.engine import occurrences
    from shequ.calendar.festivals import festivals
    from shequ.calendar.festivals import plugin_festivals
    from shequ.calendar.workdays import WorkCalendar

    rows = []
    for _, e in ctx.events_in(span, status="planned"):
        rows.append([e["date"], "活动", e.get("title", "") + (f"（{e['place']}）" if e.get("place") else "")])
    wc = WorkCalendar(ctx.app.home.path)
    planned = {(e.get("duty"), e["date"]) for _, e in ctx.events_in(span, status="planned")}
    for did, duty in sorted(effective(ctx.pm, ctx.session).items()):
        if duty.get("kind") == "fixed" and duty.get("enabled", True) and (not ctx.domains or duty.get("domain") in ctx.domains):
            for _, d in occurrences(duty, span, wc):
                if (did, d.isoformat()) not in planned:
                    rows.append([d.isoformat(), "职责", duty.get("title", did)])
    extra = plugin_festivals(ctx.pm)
    for y in range(span.start.year, span.end.year + 1):
        for f in festivals(y, extra):
            if span.start <= f.day <= span.end and (f.kind != "节气" or f.name == "清明"):
                rows.append([f.day.isoformat(), "节日", f.name])
    rows.sort()
    return rows


def _plan(period: Any, ctx: Any) -> ReportSection:
    from shequ.duties.rules import PERIODS, effective
    from shequ.periods import month

    quotas = [d for d in effective(ctx.pm, ctx.session).values()
              if d.get("enabled", True) and d["kind"] in ("quota", "per_person", "window", "deadline")
              and (not ctx.domains or d.get("domain") in ctx.domains)]
    paras = []
    for m in range(1, 13):
        span = month(period.start.year, m)
        items = [f"{r[2]}（{r[0][5:]}）" for r in _agenda(span, ctx)]
        for d in quotas:
            if d["kind"] == "quota" and (d.get("per") == "month" or (d.get("per") == "quarter" and m % 3 == 0)):
                items.append(f"{d['title']}（{PERIODS[d['per']]}不少于{d.get('min', 1):g}次）")
            elif d["kind"] == "deadline" and int(str(d["due"])[-5:-3]) == m:
                items.append(f"{d['title']}（{str(d['due'])[-5:]}前）")
        text = "；".join(items) if items else "—"
        paras.append(f"{MONTHS_CN[m - 1]}：{text}。" if items else f"{MONTHS_CN[m - 1]}：—")
    yearly = [d for d in quotas if d["kind"] == "quota" and d.get("per") in ("year", "half")]
    if yearly:
        paras.insert(0, "全年指标：" + "；".join(f"{d['title']}{PERIODS[d['per']]}不少于{d.get('min', 1):g}次" for d in yearly) + "。")
    # Prose by month, as the source's plans are written (一月份，……), and no table repeating it.
    return ReportSection("全年工作安排", order=20, paragraphs=paras, figures={"months": 12})
