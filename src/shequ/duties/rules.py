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

from datetime import date, timedelta
from typing import Any

from shequ.common.schema import Key, Schema, non_negative
from shequ.errors import DataError, UsageError
from shequ.periods import Period, half, month, parse_period, quarter, year_period

KINDS = {
    "fixed": "固定日期", "quota": "定量", "window": "时段", "per_person": "按人",
    "deadline": "截止", "event_relative": "间隔提醒",
}
PERIODS = {"month": "每月", "quarter": "每季度", "half": "每半年", "year": "每年"}
SHIFTS = ("none", "next-workday", "previous-workday", "skip")
STATUS_LABELS = {"met": "已完成", "pending": "进行中", "behind": "落后", "overdue": "逾期", "over": "超出上限",
                 "na": "不适用", "off": "已停用"}
#: States of a duty that asks nothing of the period (no month, window, date or person falls in
#: it) or that is switched off: counted apart, never as done nor as undone.
NOT_COUNTED = ("na", "off")
WINDOWS = ("春季", "夏季", "秋季", "冬季", "上半年", "下半年", "寒假", "暑假")
AREA, TABLE = "meta", "duties"
EDITABLE = {"title", "rrule", "shift", "min", "max", "per", "window", "due", "months", "match", "type", "time",
            "place", "population", "metric", "schedule", "domain", "in_months"}


# -- validation -------------------------------------------------------------------
def _rrule_ok(text: str) -> str | None:
    try:
        rrule_of(text, date(2025, 1, 1))
    except DataError as exc:
        return exc.message
    return None


def _window_ok(w: str) -> str | None:
    ok = w in WINDOWS or w.startswith(("before:", "around:"))
    return None if ok else f"应为 {'、'.join(WINDOWS)}、before:节日:天数 或 around:节日:天数"


def _months_ok(months: list[Any]) -> str | None:
    ok = all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12 for m in months)
    return None if ok else "应为 1–12 的月份列表，如 [3, 4, 5]"


def _by_kind(duty: dict[str, Any]) -> list[str]:
    """What each kind needs beyond its keys' own types."""
    kind, p = duty.get("kind"), []
    if (kind == "fixed" and not duty.get("rrule")):
        p.append("fixed 类型需要 rrule，如 FREQ=MONTHLY;BYDAY=1WE")
    if kind in ("quota", "per_person") and duty.get("per") is None:
        p.append(f"per 应为 {'、'.join(PERIODS)}")
    if kind == "quota" and duty.get("min") is None and duty.get("max") is None:
        p.append("quota 类型需要 min 或 max")
    if kind == "window" and not duty.get("window"):
        p.append(f"window 应为 {'、'.join(WINDOWS)}、before:节日:天数 或 around:节日:天数")
    if kind == "deadline" and not duty.get("due"):
        p.append("deadline 类型需要 due（如 01-31）")
    if kind in ("per_person", "event_relative") and not duty.get("population"):
        p.append("需要 population（如 {\"tag\": \"党员\"} 或 {\"category\": \"高龄\"}）")
    if kind == "event_relative" and duty.get("months") is None:
        p.append("event_relative 类型需要 months")
    return p


def _min_max(duty: dict[str, Any]) -> str | None:
    lo, hi = duty.get("min"), duty.get("max")
    if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
        return f"下限 min={lo} 大于上限 max={hi}"
    return None


_NUMBER = (int, float)
#: A duty, declared: its keys (type, allowed values, required) and the rules between them.
DUTY = Schema(
    keys=(
        Key("id", required=True), Key("title", required=True, missing="缺少 title"),
        Key("kind", required=True, missing="缺少 kind",
            check=lambda k: None if k in KINDS else f"未知的类型 {k!r}（可用：{'、'.join(KINDS)}）"),
        Key("source"), Key("domain"), Key("type"),
        Key("rrule", check=_rrule_ok), Key("schedule", check=_rrule_ok), Key("shift", choices=SHIFTS),
        Key("per", choices=tuple(PERIODS)), Key("min", _NUMBER, check=non_negative),
        Key("max", _NUMBER, check=non_negative), Key("months", _NUMBER, check=non_negative),
        Key("window", check=_window_ok), Key("due"), Key("in_months", (list,), check=_months_ok),
        Key("match", (dict,)), Key("population", (dict,)), Key("metric"), Key("enabled", (bool,)),
    ),
    checks=(_by_kind, _min_max),
    label=lambda d: str(d.get("id") or "?"),
)


def validate(duty: dict[str, Any]) -> list[str]:
    """Problems with a duty definition, in Chinese (all at once)."""
    return DUTY.problems(duty)


def rrule_of(text: str, start: date) -> Any:
    from dateutil.rrule import rrulestr

    try:
        return rrulestr(str(text), dtstart=rrule_dt(start), ignoretz=True)
    except (ValueError, TypeError) as exc:
        raise DataError(f"RRULE 无法解析：{text}（{exc}）") from None


def rrule_dt(d: date) -> Any:
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
    """Every plugin's duties by id; an id two plugins declare is neither's (see ``declare_once``)."""
    from shequ.plugin.manager import call_each, declare_once

    declared = ((plugin, duty.get("id"), {**duty, "plugin": plugin})
                for plugin, found in call_each(pm, "shequ_duties") for duty in found or [])
    return declare_once(pm, "职责", declared)


def effective(pm: Any, session: Any) -> dict[str, dict[str, Any]]:
    """Plugin defaults overlaid with the home's changes, plus the home's own duties."""
    stored = session.view(AREA).get(TABLE, {})
    plugins = defaults(pm)
    out = {}
    for did, duty in plugins.items():
        change = stored.get(did, {})
        out[did] = {**duty, **change, "enabled": change.get("enabled", duty.get("enabled", True))}
    for did, duty in stored.items():
        if did not in out and did not in plugins.clashes and duty.get("kind"):
            out[did] = {**duty, "plugin": duty.get("plugin", "（本社区）"), "enabled": duty.get("enabled", True)}
    return plugins.like(out)


def get(duties: dict[str, dict[str, Any]], did: str) -> dict[str, Any]:
    if did not in duties:
        getattr(duties, "refuse_clash", lambda _: None)(did)
        raise DataError(f"找不到职责：{did}（用 shequ duties list 查看）")
    return duties[did]


def store_change(session: Any, did: str, change: dict[str, Any]) -> None:
    current = dict(session.view(AREA).get(TABLE, {}).get(did, {}))
    current.update(change)
    session.put(AREA, TABLE, did, current)


def add_own(pm: Any, session: Any, items: list[Any], *, skip_existing: bool = False) -> tuple[list[dict[str, Any]], list[str]]:
    """Keep the home's own duties (a list read from a file): each validated, ids unique and not a
    plugin's (with *skip_existing*, those are left out and named).  Returns (kept, skipped ids)."""
    problems = [msg for d in items for msg in (validate(d) if isinstance(d, dict) else ["每项职责应为 JSON 对象"])]
    ids = [d.get("id") for d in items if isinstance(d, dict)]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(f"文件中 id 重复：{'、'.join(dupes)}")
    plugins = defaults(pm)
    clash = sorted(set(ids) & (set(plugins) | set(plugins.clashes)))
    skipped: list[str] = []
    if clash and skip_existing:
        items, skipped, clash = [d for d in items if d.get("id") not in clash], clash, []
    if clash:
        problems.append(f"与插件的职责同名：{'、'.join(clash)}（请用 shequ duties set 调整插件职责）")
    if problems:
        from shequ.errors import ValidationError

        raise ValidationError(problems, subject="无法添加职责")
    for d in items:
        session.put(AREA, TABLE, d["id"], {**d, "enabled": d.get("enabled", True)})
    return items, skipped


def remove_own(session: Any, duty_id: str) -> None:
    """Forget the home's own duty *duty_id*, or its changes to a plugin's duty."""
    if duty_id not in session.table_view(AREA, TABLE):
        raise DataError(f"本社区没有自定义或调整过职责 {duty_id}")
    session.delete(AREA, TABLE, duty_id)


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



def parse_span(text: str | None, today: date) -> Period:
    return parse_period(text or "this-year", today=today)
