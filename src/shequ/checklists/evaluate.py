"""Evaluating a checklist run: each item ticked by hand or judged from the data by its rule, and the score."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from shequ.errors import UsageError
from shequ.periods import Period, parse_period
from shequ.store import Session


# -- evaluation --------------------------------------------------------------------------
class ItemResult(NamedTuple):
    id: str
    text: str
    weight: float | None
    auto: bool
    state: str
    why: str
    evidence: list[str]
    note: str


#: Item states that count as done; ``na`` (不适用) counts apart, neither done nor undone.
DONE_STATES = ("met", "ticked", "override")


def progress(items: list[ItemResult]) -> tuple[int, int, int]:
    """(done, applicable, not applicable) of a run's items."""
    na = sum(1 for i in items if i.state == "na")
    return sum(1 for i in items if i.state in DONE_STATES), len(items) - na, na


def progress_text(items: list[ItemResult]) -> str:
    """``4/5``, or ``4/5（不适用1项）``: a 不适用 item is neither a done one nor a missing one."""
    done, applicable, na = progress(items)
    return f"{done}/{applicable}" + (f"（不适用{na}项）" if na else "")


class RunResult(NamedTuple):
    id: int | None
    template: str
    title: str
    period: str
    unit: str
    status: str  # done | open | not_started
    due: bool
    items: list[ItemResult]
    score: float | None
    total: float | None
    level: str
    inspections: list[dict[str, Any]]

    def counts(self) -> tuple[int, int, int]:
        """``(done, applicable, not applicable)``: a 不适用 item is neither done nor missing."""
        return progress(self.items)


class EvalContext(NamedTuple):
    session: Session
    today: date
    duty_status: Any  # callable(duty_id, span) -> duties.Status
    registry: Any
    pm: Any


def _events_rule(spec: dict[str, Any], span: Period, run: dict[str, Any], ctx: EvalContext) -> tuple[str, str]:
    from shequ.duties.rules import subperiods
    from shequ.calendar.events import domain_id, held_by_domain

    domain = spec.get("domain")
    if domain == "$unit":
        domain = run.get("unit") or None
    dom = domain_id(domain) if domain else None
    wanted = spec.get("with")
    typ = spec.get("type")

    def held_dates() -> list[str]:
        return sorted(ev["date"] for ev in held_by_domain(ctx.session).get(dom, [])
                      if (not typ or ev.get("type") == typ)
                      and (wanted != "summary" or ev.get("summary"))
                      and (wanted != "attendance" or ev.get("attendees") or ev.get("count")))

    # Runs of one template (one per unit and month) ask the same question: answer it once.
    dates = ctx.session.memo(("checklists.held_dates", dom, typ, wanted), held_dates)
    per = spec.get("per", "period")
    subs = [span] if per == "period" else subperiods(per, span)
    lo = int(spec.get("min", 1))
    missing, pending = [], []
    from bisect import bisect_left, bisect_right

    for p in subs:
        n = bisect_right(dates, p.end.isoformat()) - bisect_left(dates, p.start.isoformat())
        if n < lo:
            (pending if p.end >= ctx.today else missing).append(p.title.replace(f"{p.start.year}年", "") if per == "month" else p.title)
    what = {"summary": "带小结的", "attendance": "记有签到或人次的"}.get(wanted or "", "")
    scope = f"{'、'.join([domain])}" if domain else "全部条线"
    if missing:
        return "unmet", f"{scope}：缺{what}活动的{ {'month': '月份', 'quarter': '季度', 'half': '半年', 'year': '年度'}.get(per, '期间')}：{'、'.join(missing)}"
    if pending:
        return "pending", f"{scope}：{'、'.join(pending)} 尚未结束"
    return "met", f"{scope}：每{ {'month': '月', 'quarter': '季度', 'half': '半年', 'year': '年'}.get(per, '期')}都有{what}活动（≥{lo}）"


def _document_rule(spec: dict[str, Any], span: Period, run: dict[str, Any], ctx: EvalContext) -> tuple[str, str]:
    from shequ.periods import half, year_period

    y = span.start.year
    target = {"year": year_period(y), "half": half(y, 1 if span.start.month <= 6 else 2), "run": span}[spec["period"]]
    docs = ctx.session.view("records").get("core.document", {})
    unit = run.get("unit") or ""
    for doc in docs.values():
        if doc.get("kind") != spec["kind"]:
            continue
        if unit and doc.get("domain") and doc.get("domain") != unit:
            continue
        try:
            p = parse_period(doc.get("period", ""), today=ctx.today)
        except UsageError:
            continue
        if p.start >= target.start and p.end <= target.end or p == target:
            return "met", f"已登记{spec['kind']}：{doc.get('title')}（{doc.get('period')}）"
    due = target.end
    label = target.title
    if ctx.today <= due and spec["kind"] in ("小结", "总结"):
        return "pending", f"{label}的{spec['kind']}尚未到期（{due.isoformat()}）"
    return "unmet", f"没有登记{label}的{spec['kind']}（shequ record add core.document --field kind={spec['kind']} --field period={target.label} …）"


def _records_rule(spec: dict[str, Any], span: Period, run: dict[str, Any], ctx: EvalContext) -> tuple[str, str]:
    from shequ.records.records import list_records, parse_where

    rt = ctx.registry.get(spec["type"])
    # EvalContext has what reading records needs (session, pm, registry, today); no validator runs here.
    found = list_records(ctx, rt, parse_where(rt, spec.get("where", []), ctx))
    if spec.get("date_field"):
        f = spec["date_field"]
        found = [(i, d) for i, d in found if d.get(f) and span.start.isoformat() <= str(d[f])[:10] <= span.end.isoformat()]
    lo = int(spec.get("min", 1))
    state = "met" if len(found) >= lo else "unmet"
    return state, f"{rt.title} {len(found)} 条（需 ≥{lo}）"


def _duty_rule(duty_id: str, span: Period, ctx: EvalContext) -> tuple[str, str]:
    from shequ.duties.rules import STATUS_LABELS

    st = ctx.duty_status(duty_id, span)
    if st is None:
        return "unmet", f"找不到职责 {duty_id}"
    # A duty the period asks nothing of (na: no month, window, date or person in it) makes the
    # item 不适用, not 已达标: it neither counts as done nor weighs in the score.
    state = {"met": "met", "pending": "pending", "behind": "pending", "na": "na", "off": "unmet"}.get(st.status, "unmet")
    return state, f"{st.title}：{STATUS_LABELS[st.status]}，{st.progress}"


def evaluate_item(item: dict[str, Any], span: Period, run: dict[str, Any], ctx: EvalContext) -> tuple[str, str]:
    (kind, spec), = item["rule"].items()
    if kind == "duty":
        return _duty_rule(spec, span, ctx)
    if kind == "events":
        return _events_rule(spec, span, run, ctx)
    if kind == "document":
        return _document_rule(spec, span, run, ctx)
    return _records_rule(spec, span, run, ctx)


def evaluate_run(rid: int | None, run: dict[str, Any], template: dict[str, Any], ctx: EvalContext) -> RunResult:
    span = parse_period(run["period"], today=ctx.today)
    results = []
    for item in template["items"]:
        mark = run.get("items", {}).get(item["id"], {})
        evidence = [e["label"] for e in mark.get("evidence", [])]
        auto = item.get("rule") is not None
        if mark.get("state") == "na":
            state, why = "na", mark.get("reason", "")
        elif mark.get("state") == "override":
            state, why = "override", f"人工认定：{mark.get('reason', '')}"
        elif auto:
            state, why = evaluate_item(item, span, run, ctx)
        else:
            state, why = ("ticked", "") if mark.get("state") == "ticked" else ("open", "需要人工确认" + ("并附佐证" if item.get("evidence") else ""))
        results.append(ItemResult(item["id"], item["text"], _num(item.get("weight")), auto, state, why, evidence,
                                  mark.get("note", "")))
    complete = all(r.state in (*DONE_STATES, "na") for r in results)
    score, total, level = _score(template, results)
    due = span.end < ctx.today
    return RunResult(rid, template["id"], template["title"], run["period"], run.get("unit", ""),
                     "done" if complete else "open", due, results, score, total, level, run.get("inspections", []))


def _num(v: Any) -> float | None:
    return None if v is None else float(v)


def _score(template: dict[str, Any], results: list[ItemResult]) -> tuple[float | None, float | None, str]:
    weights = [r for r in results if r.weight is not None]
    if not weights:
        return None, None, ""
    applicable = sum(r.weight for r in weights if r.state != "na")  # type: ignore[misc]
    achieved = sum(r.weight for r in weights if r.state in DONE_STATES)  # type: ignore[misc]
    total = float(template.get("total") or sum(r.weight for r in weights))  # type: ignore[misc]
    score = round(achieved / applicable * total, 1) if applicable else total
    level = ""
    for threshold, label in sorted(template.get("levels") or [], key=lambda x: -float(x[0])):
        if score >= float(threshold):
            level = str(label)
            break
    return score, total, level
