"""Checklists: 创建 criteria packs and periodic 台账 checks, with evidence, automatic items and scores.

A *template* (from ``shequ_checklists`` or a user file) lists items; an item
is ticked by hand (with evidence: an event ``#12``, a file, or text), marked
不适用 with a reason, or — when it has a ``rule`` — evaluated from the data:

``{"duty": "dangjian.dangke"}``                 the duty's status for the run's period
``{"events": {"per": "month", "min": 1, "domain": "$unit", "with": "summary"}}``
                                               held events in every month (with a 小结 / attendance)
``{"document": {"kind": "小结", "period": "half"}}``  a registered plan/summary (record ``core.document``)
``{"records": {"type": "x.y", "where": ["k=v"], "min": 1}}``  plugin records

A run is one template for one period and unit (idempotent to start).  A
template with ``recurrence`` is due in every period it covers, started or not.
Automatic items cannot be ticked by hand without ``--override --reason``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from shequ.common.schema import Key, Schema
from shequ.errors import DataError, NotFound, UsageError, ValidationError
from shequ.periods import Period, parse_period
from shequ.store import Session, now_iso

AREA = "checklists"
RUNS, TEMPLATES = "runs", "templates"
RECURRENCES = ("month", "quarter", "half", "year")
ITEM_STATES = {"met": "已达标", "unmet": "未达标", "pending": "未到期", "ticked": "已完成", "open": "未完成",
               "na": "不适用", "override": "已完成（人工认定）"}
DOCUMENT_KINDS = ("计划", "小结", "总结", "台账", "其他")


# -- templates ------------------------------------------------------------------------
_NUMBER = (int, float)


def _items(items: list[Any]) -> list[str]:
    """Each item against :data:`ITEM`, and item ids unique."""
    if not items:
        return ["items 应为非空列表"]
    out, seen = [], set()
    for i, item in enumerate(items, start=1):
        found = ITEM.problems(item)
        if found:
            out.extend(f"第 {i} 项：{m}" if not (isinstance(item, dict) and item.get("id")) else m for m in found)
            continue
        if item["id"] in seen:
            out.append(f"项目编号重复：{item['id']}")
        seen.add(item["id"])
    return out


def _weights(t: dict[str, Any]) -> str | None:
    if not isinstance(t.get("total"), _NUMBER) or not isinstance(t.get("items"), list):
        return None
    weights = [i.get("weight") for i in t["items"] if isinstance(i, dict)]
    total_weight = sum(float(w) for w in weights if isinstance(w, _NUMBER))
    if abs(total_weight - float(t["total"])) > 1e-9:
        return f"各项分值之和为 {total_weight:g}，与总分 {t['total']:g} 不符"
    return None


def _levels_ok(levels: list[Any]) -> str | None:
    ok = all(isinstance(x, (list, tuple)) and len(x) == 2 for x in levels)
    return None if ok else "应为 [[最低分, 等级], …]"


def _id_ok(tid: str) -> str | None:
    ok = re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", tid)
    return None if ok else f"不合法（应为 条线.名称，如 pufa.minzhu_fazhi）：{tid!r}"


#: A checklist item, declared: id and text required; a weight, an automatic rule, evidence.
ITEM = Schema(
    keys=(Key("id", (str, int), required=True, missing="缺少 id"), Key("text", required=True, missing="缺少 text"),
          Key("weight", _NUMBER), Key("rule", (dict,), check=lambda r: "；".join(_validate_rule(r)) or None),
          Key("evidence", (bool,)), Key("help")),
    label=lambda item: f"项目 {item['id']}" if item.get("id") else "",
)
#: A checklist template, declared: its keys and the rules between them (weights add up to the total).
TEMPLATE = Schema(
    keys=(Key("id", required=True, missing="缺少 id（应为 条线.名称，如 pufa.minzhu_fazhi）", check=_id_ok),
          Key("title", required=True, missing="缺少 title"), Key("domain"), Key("source"),
          Key("recurrence", choices=RECURRENCES), Key("total", _NUMBER), Key("levels", (list,), check=_levels_ok),
          Key("items", (list,), required=True, missing="items 应为非空列表", check=lambda items: "；".join(_items(items)) or None)),
    checks=(_weights,),
    label=lambda t: str(t.get("id") or "?"),
)


def validate_template(t: Any) -> list[str]:
    """Problems with a checklist template, in Chinese (all at once)."""
    if not isinstance(t, dict):
        return ["模板应为对象（id、title、items……）"]
    return TEMPLATE.problems(t)


def _validate_rule(rule: Any) -> list[str]:
    if not isinstance(rule, dict) or len(rule) != 1:
        return ["rule 应为 duty / events / document / records 之一"]
    (kind, spec), = rule.items()
    if kind == "duty":
        return [] if isinstance(spec, str) and spec else ["duty 规则应给出职责编号"]
    if kind == "events":
        if not isinstance(spec, dict) or spec.get("per", "period") not in (*RECURRENCES, "period"):
            return ["events 规则的 per 应为 month/quarter/half/year/period"]
        return [] if spec.get("with") in (None, "summary", "attendance") else ["events 规则的 with 应为 summary 或 attendance"]
    if kind == "document":
        ok = isinstance(spec, dict) and spec.get("kind") in DOCUMENT_KINDS and spec.get("period") in ("year", "half", "run")
        return [] if ok else [f"document 规则应为 {{kind: {'/'.join(DOCUMENT_KINDS)}, period: year/half/run}}"]
    if kind == "records":
        return [] if isinstance(spec, dict) and spec.get("type") else ["records 规则应给出 type"]
    return [f"未知的规则：{kind}"]


def templates(pm: Any, session: Session) -> dict[str, dict[str, Any]]:
    """Plugin templates, then the home's own (which may replace a plugin's for a new year's criteria)."""
    from shequ.plugin.manager import call_each

    out: dict[str, dict[str, Any]] = {}
    for plugin, declared in call_each(pm, "shequ_checklists"):
        for t in declared or []:
            if t.get("id") in out:
                pm.problem(plugin, f"清单模板 {t.get('id')} 重复声明（插件 {plugin}）")
                continue
            out[t["id"]] = {**t, "plugin": plugin}
    for tid, t in session.view(AREA).get(TEMPLATES, {}).items():
        out[tid] = {**t, "plugin": "（本社区）"}
    return out


def get_template(all_t: dict[str, dict[str, Any]], tid: str) -> dict[str, Any]:
    if tid in all_t:
        return all_t[tid]
    by_title = [t for t in all_t.values() if t.get("title") == tid]
    if len(by_title) == 1:
        return by_title[0]
    raise NotFound(f"找不到清单模板：{tid}（用 shequ checklist template list 查看）")


def load_template_file(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        raise DataError(f"文件不存在：{p}")
    raw = p.read_bytes()
    ext = p.suffix.lower()
    try:
        if ext in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(raw.decode("utf-8-sig"))
        elif ext == ".toml":
            import tomllib

            data = tomllib.loads(raw.decode("utf-8-sig"))
            data = data.get("template", data.get("templates", data))
        elif ext == ".json":
            import orjson

            data = orjson.loads(raw)
        else:
            raise UsageError(f"模板文件应为 .yaml .json 或 .toml：{p.name}")
    except UsageError:
        raise
    except Exception as exc:  # yaml/toml/json each raise their own error types
        raise DataError(f"模板文件格式错误：{p.name}（{type(exc).__name__}: {str(exc).splitlines()[0]}）") from None
    items = data if isinstance(data, list) else [data]
    problems = [m for t in items for m in validate_template(t)]
    if problems:
        raise ValidationError(problems, subject=f"模板文件有误（{p.name}）")
    return items


# -- runs -------------------------------------------------------------------------------
def run_period(template: dict[str, Any], text: str | None, today: date) -> Period:
    from shequ.duties.rules import subperiods

    rec = template.get("recurrence")
    if not text:
        text = {"month": "this-month", "quarter": "this-quarter", "half": "this-half"}.get(rec or "", "this-year")
    span = parse_period(text, today=today)
    if rec:
        subs = subperiods(rec, span)
        if len(subs) != 1 or subs[0] != span:
            hint = "、".join(s.label for s in subs[:4]) or span.label
            raise UsageError(f"模板“{template['title']}”按{ {'month': '月', 'quarter': '季度', 'half': '半年', 'year': '年'}[rec]}检查，"
                             f"期间应为其中之一：{hint}")
    return span


def find_run(session: Session, key: str) -> tuple[int, dict[str, Any]]:
    text = str(key).strip().lstrip("#")
    runs = session.view(AREA).get(RUNS, {})
    if text.isdigit() and text in runs:
        return int(text), runs[text]
    raise NotFound(f"找不到清单：{key}（用 shequ checklist list 查看编号）")


def run_key(tid: str, period: str, unit: str) -> tuple[str, str, str]:
    return (tid, period, unit or "")


def existing_run(session: Session, tid: str, period: str, unit: str) -> int | None:
    for k, run in session.view(AREA).get(RUNS, {}).items():
        if run_key(run["template"], run["period"], run.get("unit", "")) == run_key(tid, period, unit):
            return int(k)
    return None


def start_run(session: Session, template: dict[str, Any], span: Period, unit: str) -> tuple[int, bool]:
    found = existing_run(session, template["id"], span.label, unit)
    if found is not None:
        return found, False
    rid = session.next_id(AREA)
    session.put(AREA, RUNS, rid, {"template": template["id"], "title": template["title"], "period": span.label,
                                  "unit": unit or "", "domain": template.get("domain"), "items": {},
                                  "inspections": [], "_created": now_iso()})
    return rid, True


def item_of(template: dict[str, Any], item_id: str) -> dict[str, Any]:
    for item in template["items"]:
        if item["id"] == item_id or item.get("text") == item_id:
            return item
    ids = "、".join(i["id"] for i in template["items"])
    raise NotFound(f"清单中没有项目：{item_id}（可用：{ids}）")


def parse_evidence(session: Session, values: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
    """``#12`` / ``event:12`` = an event (must exist); an existing path = a file; anything else = text."""
    from shequ.calendar.events import all_events

    out = []
    events = all_events(session)
    for v in values:
        text = v.strip()
        if text.startswith(("#", "event:")):
            eid = text.split(":", 1)[1] if text.startswith("event:") else text[1:]
            if eid not in events:
                raise DataError(f"佐证指向的活动不存在：{text}")
            out.append({"kind": "event", "ref": eid, "label": f"#{eid} {events[eid].get('date')} {events[eid].get('title')}"})
        elif Path(text).expanduser().exists():
            out.append({"kind": "file", "ref": str(Path(text).expanduser()), "label": Path(text).name})
        elif re.search(r"[/\\]|\.(jpg|jpeg|png|pdf|docx?|xlsx?)$", text, re.I):
            raise DataError(f"佐证材料文件不存在：{text}")
        else:
            out.append({"kind": "text", "ref": text, "label": text})
    return out


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
    state = {"met": "met", "pending": "pending", "behind": "pending", "off": "unmet"}.get(st.status, "unmet")
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
    complete = all(r.state in ("met", "ticked", "na", "override") for r in results)
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
    achieved = sum(r.weight for r in weights if r.state in ("met", "ticked", "override"))  # type: ignore[misc]
    total = float(template.get("total") or sum(r.weight for r in weights))  # type: ignore[misc]
    score = round(achieved / applicable * total, 1) if applicable else total
    level = ""
    for threshold, label in sorted(template.get("levels") or [], key=lambda x: -float(x[0])):
        if score >= float(threshold):
            level = str(label)
            break
    return score, total, level
