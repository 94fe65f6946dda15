"""Whether duties are met: evaluating each kind of duty over a period, from held events.

Status is computed, never stored: met / pending / behind (short of a pro-rata pace) /
overdue (a period ended short) / over (above a maximum) / na (the period asks nothing of it:
no month, window, date or person of the duty falls in it) / off (disabled).  ``na`` is never
``met``: a summary that counts it as done overstates the work.  The rules
themselves (validation, the duty table, matching, windows) are :mod:`shequ.duties.rules`.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from itertools import compress, repeat
from operator import itemgetter, lt
from typing import Any, Iterable, NamedTuple

from shequ.duties.rules import STATUS_LABELS, matcher, rrule_dt, rrule_of, subperiods, window_span
from shequ.errors import DataError
from shequ.periods import Period, year_period


# -- status -------------------------------------------------------------------------------------
class Status(NamedTuple):
    id: str
    title: str
    domain: str
    kind: str
    status: str  # met | pending | behind | overdue | over | na | off
    progress: str
    detail: list[str]
    source: str


def _worst(states: Iterable[str]) -> str:
    """The state that matters most; ``na`` when nothing was asked (no states)."""
    order = ["overdue", "over", "behind", "pending", "met"]
    states = list(states)
    for s in order:
        if s in states:
            return s
    return "na"


def _quota_state(count: int, lo: float | None, hi: float | None, p: Period, asof: date, ended: bool) -> str:
    """met / over / overdue (ended short) / behind (short of a pro-rata pace) / pending."""
    if hi is not None and count > hi:
        return "over"
    if lo is None or count >= lo:
        return "met"
    if ended:
        return "overdue"
    if p.start > asof:
        return "pending"
    elapsed = ((asof - p.start).days + 1) / ((p.end - p.start).days + 1)
    # The pace a quota should have reached, rounded half up: 党课 4 a year is 2 by mid-year
    # (2/4 on pace) and 3 by the end of September (2/4 behind).
    return "behind" if count < math.floor(lo * elapsed + 0.5) else "pending"


def _judge(count: int, lo: float | None, hi: float | None, p: Period, span: Period, today: date) -> str:
    # As of the end of the asked span (or today, if earlier); a duty period is over
    # only once it ended before today *and* inside the asked span.
    asof = min(today, span.end)
    ended = p.end < today and p.end <= span.end
    return _quota_state(count, lo, hi, p, asof, ended)


class Context(NamedTuple):
    """What status evaluation reads (all loaded once)."""

    events: list[dict[str, Any]]
    today: date
    workcal: Any
    settings: dict[str, Any]
    people: Any  # callable(population) -> list of (pid, name)
    festival_date: Any  # callable(name, year) -> date
    done: list[dict[str, Any]] = []  # the held events (status done), filtered once
    index: dict[tuple[str, Any], list[int]] | None = None  # filled by _candidates: pass {} to share it


_INDEXED = ("domain", "duty", "inspection_of", "type")


def _candidates(duty: dict[str, Any], ctx: Context) -> list[dict[str, Any]]:
    """The held events that may count for *duty*: those of its record type or domain,
    those bound to it, its inspections — not all 5,000 of the year (``matcher`` still decides)."""
    done = _done(ctx)
    did = duty["id"]
    m = duty.get("match") or {}
    if m.get("inspection"):
        keys = [("duty", did), ("inspection_of", m["inspection"])]
    elif not m and not duty.get("domain"):
        keys = [("duty", did)]
    elif m.get("type"):  # the record type is the narrowest cut
        keys = [("type", m["type"]), ("duty", did)]
    else:
        dom = m.get("domain") or (duty.get("domain") if not m else None)
        if not dom:
            return done  # a rule on title or fields alone may match any domain
        keys = [("domain", dom), ("duty", did)]
    index = ctx.index if ctx.index is not None else {}
    if not index:
        for i, ev in enumerate(done):
            for field in _INDEXED:
                value = ev.get(field)
                if isinstance(value, str):  # matcher compares these with strings
                    index.setdefault((field, value), []).append(i)
        index[("", "")] = []  # built (even when there are no events)
    hits = [index[key] for key in keys if key in index]
    if len(hits) == 1:  # the usual case (no event bound to the duty itself): already in order
        return list(map(done.__getitem__, hits[0]))
    return [done[i] for i in sorted(set().union(*hits))]


def _done(ctx: Context) -> list[dict[str, Any]]:
    return ctx.done or [ev for ev in ctx.events if ev.get("status") == "done"]


def evaluate(duty: dict[str, Any], span: Period, ctx: Context) -> Status:
    kind = duty["kind"]
    head = (duty["id"], duty.get("title", ""), duty.get("domain") or "", kind)
    src = duty.get("source", "")
    if not duty.get("enabled", True):
        return Status(*head, "off", "—", [], src)
    test = matcher(duty)
    held = [ev for ev in _candidates(duty, ctx) if test(ev)]
    if kind == "quota":
        return _eval_quota(duty, span, ctx, held, head, src)
    if kind == "fixed":
        return _eval_fixed(duty, span, ctx, head, src)
    if kind == "window":
        return _eval_window(duty, span, ctx, held, head, src)
    if kind == "deadline":
        return _eval_deadline(duty, span, ctx, held, head, src)
    if kind == "per_person":
        return _eval_per_person(duty, span, ctx, held, head, src)
    return _eval_relative(duty, span, ctx, held, head, src)


def _count_in(events: list[dict[str, Any]], p: Period) -> int:
    s, e = p.start.isoformat(), p.end.isoformat()
    return sum(1 for ev in events if s <= ev["date"] <= e)


def _eval_quota(duty, span, ctx, held, head, src):  # type: ignore[no-untyped-def]
    lo = duty.get("min")
    hi = duty.get("max")
    subs = subperiods(duty["per"], span)
    if duty.get("in_months"):  # only some months count (普法 themes: 三月……十二月)
        subs = [p for p in subs if p.start.month in duty["in_months"]]
        if not subs:
            return Status(*head, "na", "本期无此要求", [], src)
    states, detail = [], []
    for p in subs:
        n = _count_in(held, Period(p.start, min(p.end, span.end), p.label, p.kind))
        state = _judge(n, lo, hi, p, span, ctx.today)
        states.append(state)
        target = f"{lo:g}" if lo is not None else f"≤{hi:g}"
        detail.append(f"{p.title}：{n}/{target}" + ("" if state == "met" else f"（{STATUS_LABELS[state]}）"))
    if len(subs) == 1:
        progress = detail[0].split("：", 1)[1].split("（")[0]
    else:
        progress = f"{sum(1 for s in states if s == 'met')}/{len(subs)} 期达标"
    return Status(*head, _worst(states), progress, detail, src)


def occurrences(duty: dict[str, Any], span: Period, workcal: Any, rule_key: str = "rrule") -> list[tuple[date, date]]:
    """(scheduled date, shifted date) of a rule inside *span*; ``skip`` drops rest days."""
    rule = rrule_of(duty[rule_key], date(span.start.year, 1, 1))
    out = []
    for dt in rule.between(rrule_dt(span.start), rrule_dt(span.end) + timedelta(days=1), inc=True):
        d = dt.date()
        if d > span.end:
            continue
        shifted = workcal.shift(d, duty.get("shift", "none"))
        if shifted is not None:
            out.append((d, shifted))
    return out


def _eval_fixed(duty, span, ctx, head, src):  # type: ignore[no-untyped-def]
    occ = occurrences(duty, span, ctx.workcal)
    test = matcher(duty)
    held_dates = {ev["date"] for ev in _candidates(duty, ctx) if test(ev)}
    states, detail = [], []
    for _, d in occ:
        if d.isoformat() in held_dates:
            states.append("met")
        elif d < ctx.today:
            states.append("overdue")
            detail.append(f"{d.isoformat()} 未开展")
        else:
            states.append("pending")
    if not occ:
        return Status(*head, "na", "本期无此日期", [], src)
    done = states.count("met")
    due = sum(1 for _, d in occ if d < ctx.today)
    return Status(*head, _worst(states), f"{done}/{len(occ)}（已到期 {due}）", detail, src)


def _eval_window(duty, span, ctx, held, head, src):  # type: ignore[no-untyped-def]
    lo = duty.get("min", 1)
    states, detail = [], []
    for y in range(span.start.year, span.end.year + 1):
        w = window_span(str(duty["window"]), y, ctx.settings, ctx.festival_date)
        if w.end < span.start or w.start > span.end:
            continue
        n = _count_in(held, w)
        state = _judge(n, lo, duty.get("max"), w, span, ctx.today)
        states.append(state)
        detail.append(f"{w.start.isoformat()}～{w.end.isoformat()}：{n}/{lo}")
    if not states:
        return Status(*head, "na", "本期无此时段", [], src)
    return Status(*head, _worst(states), detail[-1].split("：")[1], detail, src)


def _due_date(duty: dict[str, Any], y: int) -> date:
    due = str(duty["due"])
    try:
        if len(due) == 10:
            return date.fromisoformat(due)
        m, d = due.split("-")
        return date(y, int(m), int(d))
    except ValueError:
        raise DataError(f"职责 {duty['id']} 的截止日期无效：{due}（应为 MM-DD 或 YYYY-MM-DD）") from None


def _eval_deadline(duty, span, ctx, held, head, src):  # type: ignore[no-untyped-def]
    states, detail = [], []
    for y in range(span.start.year, span.end.year + 1):
        due = _due_date(duty, y)
        if not (span.start <= due <= span.end):
            continue
        first = year_period(y).start if len(str(duty["due"])) != 10 else date(1900, 1, 1)
        n = _count_in(held, Period(first, due, "", "range"))
        state = "met" if n >= duty.get("min", 1) else ("overdue" if due < ctx.today else "pending")
        states.append(state)
        detail.append(f"截止 {due.isoformat()}：{STATUS_LABELS[state]}")
    if not states:
        return Status(*head, "na", "本期无截止日", [], src)
    return Status(*head, _worst(states), detail[-1].split("：")[1], detail, src)


def _metric(duty: dict[str, Any], ev: dict[str, Any]) -> float:
    metric = duty.get("metric") or "count"
    if metric == "count":
        return 1.0
    field = metric.split(":", 1)[1] if ":" in metric else metric
    try:
        return float((ev.get("fields") or {}).get(field) or 0)
    except (TypeError, ValueError):
        return 0.0


def _eval_per_person(duty, span, ctx, held, head, src):  # type: ignore[no-untyped-def]
    lo = float(duty.get("min", 1))
    people = ctx.people(duty["population"])
    if not people:
        return Status(*head, "na", "0 人（无此类人员）", [], src)
    states, detail = [], []
    short_total = 0
    pids = list(map(itemgetter(0), people))
    for p in subperiods(duty["per"], span):
        totals: dict[int, float] = dict.fromkeys(pids, 0.0)
        s, e = p.start.isoformat(), min(p.end, span.end).isoformat()
        for ev in held:
            if s <= ev["date"] <= e:
                value = _metric(duty, ev)
                for pid in ev.get("attendees", []):
                    if pid in totals:
                        totals[pid] += value
        short = list(compress(people, map(lt, map(totals.__getitem__, pids), repeat(lo))))  # C loops: 40,000 高龄
        short_total += len(short)
        state = "met" if not short else ("overdue" if p.end < ctx.today and p.end <= span.end else "behind")
        states.append(state)
        if short:
            names = "、".join(f"{n}({totals[pid]:g})" for pid, n in short[:10]) + ("…" if len(short) > 10 else "")
            detail.append(f"{p.title}：{len(short)}/{len(people)} 人未达 {lo:g}：{names}")
    progress = f"{len(people)} 人，未达标 {short_total} 人次"
    return Status(*head, _worst(states), progress, detail, src)


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month - (1 if b.day < a.day else 0)


def _eval_relative(duty, span, ctx, held, head, src):  # type: ignore[no-untyped-def]
    months = int(duty["months"])
    ref = min(ctx.today, span.end)
    last: dict[int, str] = {}
    for ev in held:
        if ev["date"] <= ref.isoformat():
            for pid in ev.get("attendees", []):
                if ev["date"] > last.get(pid, ""):
                    last[pid] = ev["date"]
    alerts = []
    people = ctx.people(duty["population"])
    if not people:
        return Status(*head, "na", "0 人（无此类人员）", [], src)
    for pid, name in people:
        seen = last.get(pid)
        if seen is None or _months_between(date.fromisoformat(seen), ref) >= months:
            alerts.append(f"{name}：{'从未参加' if seen is None else '最近一次 ' + seen}")
    state = "overdue" if alerts else "met"
    return Status(*head, state, f"{len(alerts)} 人连续 {months} 个月以上未参加", alerts, src)


# -- summary ----------------------------------------------------------------------------------
#: States of a duty still to be done in the period (``over`` is done, but too often).
UNDONE = ("pending", "behind", "overdue")


def tally(statuses: Iterable[Status]) -> dict[str, int]:
    """How many duties are in each state: ``total`` (all but the switched-off), ``met``, ``undone``
    (pending + behind + overdue) and each state alone.  ``na`` is its own count, never ``met``."""
    from collections import Counter

    c = Counter(s.status for s in statuses)
    out = {k: c[k] for k in ("met", *UNDONE, "over", "na", "off")}
    out["undone"] = sum(c[k] for k in UNDONE)
    out["total"] = sum(n for k, n in c.items() if k != "off")
    return out


def tally_text(t: dict[str, int]) -> str:
    """``29项工作职责：已完成13项，未完成9项（进行中5项、落后2项、逾期2项），本期不适用7项``."""
    parts = [f"已完成{t['met']}项"]
    undone = "、".join(f"{STATUS_LABELS[k]}{t[k]}项" for k in UNDONE if t[k])
    parts.append(f"未完成{t['undone']}项" + (f"（{undone}）" if undone else ""))
    if t["over"]:
        parts.append(f"超出上限{t['over']}项")
    if t["na"]:
        parts.append(f"本期不适用{t['na']}项")
    return f"{t['total']}项工作职责：" + "，".join(parts)


# -- planning ---------------------------------------------------------------------------------
def plan_dates(duty: dict[str, Any], span: Period, workcal: Any) -> list[tuple[date, date]]:
    """Dates a duty should be held inside *span*: its rule, its schedule, or a quota spread evenly."""
    if duty["kind"] == "fixed":
        return occurrences(duty, span, workcal)
    if duty["kind"] != "quota":
        return []
    if duty.get("schedule"):
        return occurrences(duty, span, workcal, rule_key="schedule")
    lo = int(duty.get("min") or 0)
    out = []
    for p in subperiods(duty["per"], span):
        length = (p.end - p.start).days + 1
        for k in range(lo):
            d = p.start + timedelta(days=(length * k) // max(lo, 1))
            shifted = workcal.shift(d, "next-workday")
            if shifted is not None and span.start <= shifted <= span.end and shifted <= p.end:
                out.append((d, shifted))
    return out
