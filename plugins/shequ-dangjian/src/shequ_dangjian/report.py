"""党建 report sections: meetings vs quotas, attendance, members, development, training, 党费, stars, alerts, 五好."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

from shequ import ReportSection, Table

from .rules import ACTIVE, MEETING_KINDS, STATUSES, stars

if TYPE_CHECKING:
    from shequ.api import ReportContext
    from shequ.periods import Period

QUOTA = {"支委会": "每月1次", "党课": "每年不少于4次", "民主生活会": "每半年1次", "民主评议": "每年1次",
         "党建联席会议": "每季度1次", "专题会议": "每季度不少于1次", "主题党日": "每月1次"}


def sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    if kind == "ledger-book" or not ctx.wants("dangjian"):
        return []
    if kind == "plan":
        return [_plan(period, ctx)]
    return [_section(period, ctx)]


def _section(period: "Period", ctx: "ReportContext") -> ReportSection:
    from .service import alerts, due_members, meetings, members, paid_months, training_status

    roster = members(ctx)
    active = [pid for pid, (_, d) in roster.items() if d.get("status") in ACTIVE]
    held = meetings(ctx, period)
    ytd = meetings(ctx, ctx.year_to_date)
    by_kind = Counter((e.get("fields") or {}).get("meeting_kind") for e in held)
    by_kind_ytd = Counter((e.get("fields") or {}).get("meeting_kind") for e in ytd)
    seats = sum(len(active) for _ in held) or 0
    present = sum(len([p for p in e.get("attendees", []) if p in active]) for e in held)
    rate = f"{present / seats * 100:.0f}%" if seats else "—"
    noun = ctx.noun
    parts = "、".join(f"{k}{n}次" for k, n in by_kind.items() if k)
    paras = [f"{noun}召开组织生活会议{len(held)}次" + (f"（{parts}）" if parts else "") + f"，党员平均出勤率{rate}。"]
    statuses = Counter(d.get("status") for _, d in roster.values())
    y = period.start.year
    developed = sum(1 for _, d in roster.values() if (d.get("admitted") or "")[:4] == str(y))
    paras.append(f"支部现有党员{len(active)}名（正式党员{statuses['正式党员']}名、预备党员{statuses['预备党员']}名），"
                 f"入党积极分子{statuses['入党积极分子'] + statuses['发展对象']}名；{y}年已发展预备党员{developed}名（目标不少于4名，篇16(一) L325）。")
    train = training_status(ctx, y)
    met = sum(1 for t in train if t["met"])
    paras.append(f"{y}年集中培训满7天的党员{met}/{len(train)}名（篇16(四) L398）。")
    paid = paid_months(ctx)
    expected = Decimal(0)
    collected = Decimal(0)
    for pid, _, doc, m in due_members(ctx, period):
        amount = Decimal(doc.get("dues") or 0)
        expected += amount
        if (pid, m) in paid:
            collected += amount
    paras.append(f"{noun}应收党费{expected:.2f}元，已收{collected:.2f}元。")
    found = alerts(ctx, min(period.end, ctx.today))
    if found:
        paras.append("需要关注：" + "；".join(f"{a.person}（{a.kind}）" for a in found) + "。")
    vols = [d for _, d in ctx.records.list("dangjian.volunteer", year=y)]
    dist = Counter(stars(int(d.get("points", 0))) for d in vols)
    if vols:
        paras.append("党员志愿者星级：" + "、".join(f"{s}星{dist[s]}名" for s in range(5, 0, -1) if dist[s]) + "。")
    score = _wuhao(ctx, y)
    if score:
        paras.append(score)
    meeting_rows = [[k, by_kind.get(k, 0), by_kind_ytd.get(k, 0), QUOTA.get(k, "")] for k in MEETING_KINDS
                    if by_kind_ytd.get(k) or k in QUOTA]
    member_rows = [[s, statuses[s]] for s in STATUSES if statuses[s]]
    tables = [Table("组织生活", ["会议类型", "本期次数", "年度累计", "要求"], meeting_rows),
              Table("党员队伍", ["状态", "人数"], member_rows, ["合计", sum(statuses.values())])]
    if found:
        tables.append(Table("提醒", ["事项", "党员", "依据"], [[a.kind, a.person, a.detail] for a in found]))
    return ReportSection("党建工作", order=35, paragraphs=paras, tables=tables,
                         figures={"meetings": len(held), "attendance_rate": rate, "members": len(active),
                                  "developed": developed, "dues_expected": f"{expected:.2f}", "dues_collected": f"{collected:.2f}",
                                  "alerts": len(found), "attendance_present": present, "attendance_seats": seats},
                         labels=LABELS, rates={"attendance_rate": ("attendance_present", "attendance_seats")})


#: The figures' names in the 街道 roll-up (``shequ rollup report``).
LABELS = {"meetings": "组织生活会议（次）", "attendance_rate": "党员出勤率", "members": "党员（名）",
          "developed": "本年发展预备党员（名）", "dues_expected": "应收党费（元）", "dues_collected": "已收党费（元）",
          "alerts": "需要关注的事项", "attendance_present": "出勤人次", "attendance_seats": "应出勤人次"}


def _wuhao(ctx: "ReportContext", year: int) -> str | None:
    r = ctx.checklists.result("dangjian.wuhao", str(year))
    if r is not None and r.score is not None:
        return f"五好党支部自评得分{r.score:g}分（{r.level}）。"
    return None


def _plan(period: "Period", ctx: "ReportContext") -> ReportSection:
    rows = []
    for scheduled, day in ctx.duties.occurrences("dangjian.party_day", period):
        rows.append([day.isoformat(), "党员活动日", "" if day == scheduled else f"原定 {scheduled.isoformat()}，遇节假日顺延"])
    return ReportSection("党建工作安排", order=25, paragraphs=[f"{period.title}党员活动日共{len(rows)}次，日期如下表（遇法定节假日顺延至下一个工作日）。"],
                         tables=[Table("党员活动日", ["日期", "活动", "说明"], rows, text_columns=frozenset({0}))])
