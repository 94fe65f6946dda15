"""Duties: the recurring rules of a year's work, and whether they are met.

Most of the source's recurring work is quotas (党课年不少于四次, 每季度至少召开一次,
每月有活动), not dates.  Kinds (DESIGN §2 "Duty", DOMAIN §4.2 and §5):

``fixed``          an RRULE (``FREQ=MONTHLY;BYDAY=1WE``), optionally shifted off rest days
``quota``          ``min``/``max`` matching events per month/quarter/half/year
``window``         at least ``min`` matching events inside a named window (春季, 上半年, 寒假,
                   ``before:春节:30`` = the 30 days before 春节 …)
``per_person``     for everyone in a category/tag: count (or sum of a field, e.g. training
                   days) of attended matching events per period ≥ ``min``
``deadline``       a matching event held by a date each year (``due: "01-31"``)
``event_relative`` alert on anyone whose last attended matching event is ``months`` or more ago

Defaults come from plugins (``shequ_duties``) with a source citation; a home
stores only its changes (enable/disable/adjust) and its own duties, in
``meta.json`` table ``duties``.  Status is computed from events, never stored.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any, Iterable, NamedTuple

from shequ.errors import DataError, UsageError
from shequ.periods import Period, half, month, parse_period, quarter, year_period

KINDS = {
    "fixed": "固定日期", "quota": "定量", "window": "时段", "per_person": "按人",
    "deadline": "截止", "event_relative": "间隔提醒",
}
PERIODS = {"month": "每月", "quarter": "每季度", "half": "每半年", "year": "每年"}
SHIFTS = ("none", "next-workday", "previous-workday", "skip")
STATUS_LABELS = {"met": "已完成", "pending": "进行中", "behind": "落后", "overdue": "逾期", "over": "超出上限", "off": "已停用"}
WINDOWS = ("春季", "夏季", "秋季", "冬季", "上半年", "下半年", "寒假", "暑假")
AREA, TABLE = "meta", "duties"
EDITABLE = {"title", "rrule", "shift", "min", "max", "per", "window", "due", "months", "match", "type", "time",
            "place", "population", "metric", "schedule", "domain", "in_months"}


# -- validation -------------------------------------------------------------------
def validate(duty: dict[str, Any]) -> list[str]:
    """Problems with a duty definition, in Chinese (all at once)."""
    p: list[str] = []
    did = duty.get("id") or "?"
    if not duty.get("id"):
        p.append("缺少 id")
    if not duty.get("title"):
        p.append(f"{did}：缺少 title")
    kind = duty.get("kind")
    if kind not in KINDS:
        p.append(f"{did}：未知的类型 {kind!r}（可用：{'、'.join(KINDS)}）")
        return p
    if kind == "fixed" or duty.get("schedule"):
        rule = duty.get("rrule") if kind == "fixed" else duty.get("schedule")
        if not rule:
            p.append(f"{did}：fixed 类型需要 rrule，如 FREQ=MONTHLY;BYDAY=1WE")
        else:
            try:
                _rrule(rule, date(2025, 1, 1))
            except DataError as exc:
                p.append(f"{did}：{exc.message}")
    if duty.get("shift", "none") not in SHIFTS:
        p.append(f"{did}：shift 应为 {'、'.join(SHIFTS)}")
    if kind in ("quota", "per_person"):
        if duty.get("per") not in PERIODS:
            p.append(f"{did}：per 应为 {'、'.join(PERIODS)}")
    for key in ("min", "max", "months"):
        if duty.get(key) is not None:
            try:
                if float(duty[key]) < 0:
                    raise ValueError
            except (TypeError, ValueError):
                p.append(f"{did}：{key} 应为非负数，而不是 {duty[key]!r}")
    if duty.get("min") is not None and duty.get("max") is not None:
        try:
            if float(duty["min"]) > float(duty["max"]):
                p.append(f"{did}：下限 min={duty['min']} 大于上限 max={duty['max']}")
        except (TypeError, ValueError):
            pass
    if kind == "quota" and duty.get("min") is None and duty.get("max") is None:
        p.append(f"{did}：quota 类型需要 min 或 max")
    if kind == "window":
        w = str(duty.get("window") or "")
        if w not in WINDOWS and not w.startswith(("before:", "around:")):
            p.append(f"{did}：window 应为 {'、'.join(WINDOWS)}、before:节日:天数 或 around:节日:天数")
    if kind == "deadline" and not duty.get("due"):
        p.append(f"{did}：deadline 类型需要 due（如 01-31）")
    if kind in ("per_person", "event_relative") and not duty.get("population"):
        p.append(f"{did}：需要 population（如 {{\"tag\": \"党员\"}} 或 {{\"category\": \"高龄\"}}）")
    if kind == "event_relative" and duty.get("months") is None:
        p.append(f"{did}：event_relative 类型需要 months")
    in_months = duty.get("in_months")
    if in_months is not None and (not isinstance(in_months, list) or not all(isinstance(m, int) and 1 <= m <= 12 for m in in_months)):
        p.append(f"{did}：in_months 应为 1–12 的月份列表，如 [3, 4, 5]")
    if duty.get("match") is not None and not isinstance(duty["match"], dict):
        p.append(f"{did}：match 应为对象，如 {{\"type\": \"dangjian.meeting\"}}")
    return p


def _rrule(text: str, start: date) -> Any:
    from dateutil.rrule import rrulestr

    try:
        return rrulestr(str(text), dtstart=_dt(start), ignoretz=True)
    except (ValueError, TypeError) as exc:
        raise DataError(f"RRULE 无法解析：{text}（{exc}）") from None


def _dt(d: date) -> Any:
    from datetime import datetime

    return datetime(d.year, d.month, d.day)


def coerce_value(key: str, value: str) -> Any:
    """``duties set ID key=value``: numbers for min/max/months, JSON for match/population."""
    if key not in EDITABLE:
        raise UsageError(f"不能修改的项：{key}（可改：{'、'.join(sorted(EDITABLE))}）")
    if key in ("min", "max", "months"):
        if value.strip() == "":
            return None
        try:
            return int(value) if value.strip().lstrip("-").isdigit() else float(value)
        except ValueError:
            raise UsageError(f"{key} 应为数字：{value}") from None
    if key in ("match", "population", "in_months"):
        import orjson

        try:
            parsed = orjson.loads(value)
        except orjson.JSONDecodeError:
            raise UsageError(f"{key} 应为 JSON 对象，如 {{\"type\": \"dangjian.meeting\"}}：{value}") from None
        if key == "in_months":
            return parsed
        if not isinstance(parsed, dict):
            raise UsageError(f"{key} 应为 JSON 对象：{value}")
        return parsed
    return value


# -- the duty table ------------------------------------------------------------------
def defaults(pm: Any) -> dict[str, dict[str, Any]]:
    from shequ.plugin.manager import call_each

    out: dict[str, dict[str, Any]] = {}
    for plugin, declared in call_each(pm, "shequ_duties"):
        for duty in declared or []:
            if duty.get("id") in out:
                pm.problem(plugin, f"职责 {duty.get('id')} 重复声明（插件 {plugin}），保留先声明者")
                continue
            out[duty["id"]] = {**duty, "plugin": plugin}
    return out


def effective(pm: Any, session: Any) -> dict[str, dict[str, Any]]:
    """Plugin defaults overlaid with the home's changes, plus the home's own duties."""
    stored = session.view(AREA).get(TABLE, {})
    out = {}
    for did, duty in defaults(pm).items():
        change = stored.get(did, {})
        out[did] = {**duty, **change, "enabled": change.get("enabled", duty.get("enabled", True))}
    for did, duty in stored.items():
        if did not in out and duty.get("kind"):
            out[did] = {**duty, "plugin": duty.get("plugin", "（本社区）"), "enabled": duty.get("enabled", True)}
    return out


def get(duties: dict[str, dict[str, Any]], did: str) -> dict[str, Any]:
    if did not in duties:
        raise DataError(f"找不到职责：{did}（用 shequ duties list 查看）")
    return duties[did]


def store_change(session: Any, did: str, change: dict[str, Any]) -> None:
    current = dict(session.view(AREA).get(TABLE, {}).get(did, {}))
    current.update(change)
    session.put(AREA, TABLE, did, current)


# -- periods ----------------------------------------------------------------------------
def subperiods(per: str, span: Period) -> list[Period]:
    """The duty's own periods (months, quarters …) that overlap *span*."""
    maker = {"month": lambda y, i: month(y, i), "quarter": lambda y, i: quarter(y, i),
             "half": lambda y, i: half(y, i), "year": lambda y, i: year_period(y)}[per]
    count = {"month": 12, "quarter": 4, "half": 2, "year": 1}[per]
    out = []
    for y in range(span.start.year, span.end.year + 1):
        for i in range(1, count + 1):
            p = maker(y, i)
            if p.end >= span.start and p.start <= span.end:
                out.append(p)
    return out


def window_span(name: str, year: int, settings: dict[str, Any], festival_date: Any) -> Period:
    if name.startswith("around:"):
        _, fest, days = (name.split(":") + ["7"])[:3]
        day = festival_date(fest, year)
        return Period(day - timedelta(days=int(days)), day + timedelta(days=int(days)), name, "range")
    if name.startswith("before:"):
        _, fest, days = (name.split(":") + ["30"])[:3]
        end = festival_date(fest, year) - timedelta(days=1)
        start = end - timedelta(days=int(days) - 1)
        return Period(start, end, name, "range")
    if name in ("上半年", "下半年"):
        return half(year, 1 if name == "上半年" else 2)
    a, b = settings[f"calendar.{WINDOW_KEYS[name]}"]
    start = date(year, *a)
    end = date(year if b >= a else year + 1, *b)
    return Period(start, end, f"{year}{name}", "range")


WINDOW_KEYS = {"春季": "spring", "夏季": "summer", "秋季": "autumn", "冬季": "winter",
               "寒假": "winter_vacation", "暑假": "summer_vacation"}


# -- matching ---------------------------------------------------------------------------------
def matcher(duty: dict[str, Any]) -> Any:
    """``matches`` specialised for one duty: evaluating 50 duties over 5,000 events calls it
    250,000 times, so the rule is read once, not per event."""
    did = duty["id"]
    m = duty.get("match") or {}
    if not m and not duty.get("domain"):
        return lambda ev: ev.get("status") == "done" and ev.get("duty") == did
    if m.get("inspection"):
        insp = m["inspection"]
        return lambda ev: ev.get("duty") == did or ev.get("inspection_of") == insp

    dom = m.get("domain") or (duty.get("domain") if not m else None)
    typ, contains, fields = m.get("type"), m.get("title_contains"), m.get("fields") or {}

    def test(ev: dict[str, Any]) -> bool:
        if ev.get("status") != "done":
            return False
        if ev.get("duty") == did:
            return True
        if ev.get("inspection_of") or (dom and ev.get("domain") != dom) or (typ and ev.get("type") != typ):
            return False
        if contains and contains not in ev.get("title", ""):
            return False
        if fields:
            have_fields = ev.get("fields") or {}
            for k, v in fields.items():
                have = have_fields.get(k)
                if isinstance(have, list) and not isinstance(v, list):
                    if v not in have:
                        return False
                elif have != v:
                    return False
        return True

    return test


def matches(ev: dict[str, Any], duty: dict[str, Any]) -> bool:
    """Does a *held* event count for *duty*?  Planned and cancelled ones never do."""
    if ev.get("status") != "done":
        return False
    if ev.get("duty") == duty["id"]:
        return True
    m = duty.get("match") or {}
    if not m and duty.get("domain") and ev.get("domain") != duty.get("domain"):
        return False
    if m.get("inspection"):
        return ev.get("inspection_of") == m["inspection"]  # 检查 of a checklist (see services.status)
    if ev.get("inspection_of"):
        return False
    if m.get("domain") and ev.get("domain") != m["domain"]:
        return False
    if m.get("type") and ev.get("type") != m["type"]:
        return False
    if m.get("title_contains") and m["title_contains"] not in ev.get("title", ""):
        return False
    for k, v in (m.get("fields") or {}).items():
        have = (ev.get("fields") or {}).get(k)
        if isinstance(have, list) and not isinstance(v, list):
            if v not in have:
                return False
        elif have != v:
            return False
    if not m and not duty.get("domain"):
        return False  # a duty with no match rule counts only events linked to it
    return True


# -- status -------------------------------------------------------------------------------------
class Status(NamedTuple):
    id: str
    title: str
    domain: str
    kind: str
    status: str  # met | pending | behind | overdue | over | off
    progress: str
    detail: list[str]
    source: str


def _worst(states: Iterable[str]) -> str:
    order = ["overdue", "over", "behind", "pending", "met"]
    states = list(states)
    for s in order:
        if s in states:
            return s
    return "met"


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
            return Status(*head, "met", "本期无此要求", [], src)
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
    rule = _rrule(duty[rule_key], date(span.start.year, 1, 1))
    out = []
    for dt in rule.between(_dt(span.start), _dt(span.end) + timedelta(days=1), inc=True):
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
    done = states.count("met")
    due = sum(1 for _, d in occ if d < ctx.today)
    return Status(*head, _worst(states) if states else "met", f"{done}/{len(occ)}（已到期 {due}）", detail, src)


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
        return Status(*head, "met", "本期无此时段", [], src)
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
        return Status(*head, "met", "本期无截止日", [], src)
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
    states, detail = [], []
    short_total = 0
    for p in subperiods(duty["per"], span):
        totals: dict[int, float] = {pid: 0.0 for pid, _ in people}
        s, e = p.start.isoformat(), min(p.end, span.end).isoformat()
        for ev in held:
            if s <= ev["date"] <= e:
                value = _metric(duty, ev)
                for pid in ev.get("attendees", []):
                    if pid in totals:
                        totals[pid] += value
        short = [(pid, name) for pid, name in people if totals[pid] < lo]
        short_total += len(short)
        state = "met" if not short else ("overdue" if p.end < ctx.today and p.end <= span.end else "behind")
        states.append(state)
        if short:
            names = "、".join(f"{n}({totals[pid]:g})" for pid, n in short[:10]) + ("…" if len(short) > 10 else "")
            detail.append(f"{p.title}：{len(short)}/{len(people)} 人未达 {lo:g}：{names}")
    progress = f"{len(people)} 人，未达标 {short_total} 人次"
    return Status(*head, _worst(states) if states else "met", progress, detail, src)


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
    for pid, name in ctx.people(duty["population"]):
        seen = last.get(pid)
        if seen is None or _months_between(date.fromisoformat(seen), ref) >= months:
            alerts.append(f"{name}：{'从未参加' if seen is None else '最近一次 ' + seen}")
    state = "overdue" if alerts else "met"
    return Status(*head, state, f"{len(alerts)} 人连续 {months} 个月以上未参加", alerts, src)


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


def parse_span(text: str | None, today: date) -> Period:
    return parse_period(text or "this-year", today=today)
