"""Checklist runs: one template for one period and unit, started once, ticked item by item with
evidence, marked 不适用, inspected."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Callable

from shequ.checklists.templates import AREA, RUNS, TEMPLATES
from shequ.errors import DataError, NotFound, UsageError
from shequ.periods import Period, parse_period
from shequ.store import Session, now_iso


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
        elif Path(text).expanduser().exists():  # kept in the home, like an activity's evidence
            from shequ.calendar.events import keep_file

            out.append({"kind": "file", "ref": keep_file(session, text), "label": Path(text).name})
        elif re.search(r"[/\\]|\.(jpg|jpeg|png|pdf|docx?|xlsx?)$", text, re.I):
            raise DataError(f"佐证材料文件不存在：{text}")
        else:
            out.append({"kind": "text", "ref": text, "label": text})
    return out


def add_templates(session: Session, found: list[dict[str, Any]]) -> None:
    """Keep the home's own templates (already validated by ``load_template_file``); an id already
    there is replaced."""
    for t in found:
        session.put(AREA, TEMPLATES, t["id"], t)


def mark(session: Session, all_templates: dict[str, dict[str, Any]], run_id: str, item_id: str,
         change: Callable[[Session, dict[str, Any], dict[str, Any]], dict[str, Any] | None]) -> tuple[int, dict[str, Any]]:
    """Change one item's mark: *change(session, item, old_mark)* gives the new mark (``None`` clears it).
    Every mark records who and when.  Returns the run's id and the item."""
    from shequ.checklists.templates import get_template
    from shequ.store import operator

    rid, run = find_run(session, run_id)
    item = item_of(get_template(all_templates, run["template"]), item_id)
    marks = dict(run.get("items", {}))
    new = change(session, item, marks.get(item["id"], {}))
    if new is None:
        marks.pop(item["id"], None)
    else:
        marks[item["id"]] = {**new, "by": operator(), "at": now_iso()}
    session.put(AREA, RUNS, rid, {**run, "items": marks})
    return rid, item


def tick(evidence: tuple[str, ...] | list[str], note: str | None, override: bool, reason: str | None) -> Callable[..., dict[str, Any]]:
    """The change that ticks an item: evidence added to what it had; a rule-bound item only with
    ``override`` and a reason."""

    def change(session: Session, item: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
        if item.get("rule") and not override:
            raise DataError(f"“{item['text']}”由数据自动评估，不能手工打勾（确需认定请加 --override --reason 理由）")
        if override and not (reason and reason.strip()):
            raise DataError("人工认定必须写明理由：--reason …")
        found = parse_evidence(session, evidence)
        if item.get("evidence") and not found and not old.get("evidence"):
            raise DataError(f"“{item['text']}”需要佐证：--evidence 活动#编号、文件或说明")
        merged = old.get("evidence", []) + [e for e in found if e not in old.get("evidence", [])]
        out: dict[str, Any] = {"state": "override" if override else "ticked", "evidence": merged}
        if note or old.get("note"):
            out["note"] = note or old.get("note")
        if override:
            out["reason"] = reason
        return out

    return change


def inspect(session: Session, run_id: str, day: date, inspector: str, result: str,
            findings: str | None) -> tuple[int, dict[str, Any]]:
    """Record an inspection of a run (a pseudo-event that "一年不少于2次检查" duties count)."""
    rid, run = find_run(session, run_id)
    entry = {"date": day.isoformat(), "inspector": inspector, "result": result}
    if findings:
        entry["findings"] = findings
    session.put(AREA, RUNS, rid, {**run, "inspections": [*run.get("inspections", []), entry]})
    return rid, entry
