"""Evaluating checklists for a period: shared by ``checklist status`` and the reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from shequ.periods import Period, parse_period
from shequ.store import Session


def eval_context(pm: Any, registry: Any, session: Session, today: date, home_path: Path) -> Any:
    from shequ.checklists.evaluate import EvalContext
    from shequ.duties.rules import effective
    from shequ.duties.engine import evaluate
    from shequ.duties.context import duty_context

    duties = effective(pm, session)
    contexts: dict[str, Any] = {}

    def duty_status(did: str, span: Period) -> Any:
        if did not in duties:
            return None
        if span.label not in contexts:
            contexts[span.label] = duty_context(pm, session, today, span, home_path)
        return evaluate(duties[did], span, contexts[span.label])

    return EvalContext(session, today, duty_status, registry, pm)


def all_results(pm: Any, registry: Any, session: Session, span: Period, today: date, home_path: Path) -> list[Any]:
    """Started runs in *span*, plus every recurring template's periods that nobody started.

    Memoised per read session: a report's core, 党建 and 普法 sections all ask for them.
    """
    return session.memo(("checklists.results", span.label),
                        lambda: _all_results(pm, registry, session, span, today, home_path))


def _all_results(pm: Any, registry: Any, session: Session, span: Period, today: date, home_path: Path) -> list[Any]:
    from shequ.checklists.templates import AREA, RUNS, templates
    from shequ.checklists.evaluate import evaluate_run
    from shequ.duties.rules import subperiods

    all_t = templates(pm, session)
    ctx = eval_context(pm, registry, session, today, home_path)
    results, seen = [], set()
    for k, run in sorted(session.view(AREA).get(RUNS, {}).items(), key=lambda kv: int(kv[0])):
        p = parse_period(run["period"], today=today)
        if p.end < span.start or p.start > span.end or run["template"] not in all_t:
            continue
        results.append(evaluate_run(int(k), run, all_t[run["template"]], ctx))
        seen.add((run["template"], run["period"]))
    for tid, t in sorted(all_t.items()):
        if not t.get("recurrence"):
            continue
        for p in subperiods(t["recurrence"], span):
            if (tid, p.label) in seen or p.start > today:
                continue
            virtual = {"template": tid, "title": t["title"], "period": p.label, "unit": "", "items": {}}
            results.append(evaluate_run(None, virtual, t, ctx)._replace(status="not_started"))
    return results
