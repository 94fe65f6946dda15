"""Evaluating duties for a period: shared by ``duties status`` and checklist items bound to duties."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

from shequ.periods import Period
from shequ.store import Session


def population_of(pm: Any, session: Session, on: date) -> Callable[[dict[str, Any]], list[tuple[int, str]]]:
    """``{"tag": "党员"}`` / ``{"category": "高龄"}`` → [(person id, name)], cached per population."""
    from shequ.people.register import categories, register, resolve_categories

    cats = categories(pm)
    cache: dict[str, list[tuple[int, str]]] = {}

    def people_of(pop: dict[str, Any]) -> list[tuple[int, str]]:
        key = repr(sorted(pop.items()))
        if key not in cache:
            reg = register(session, on, cats)
            wanted = resolve_categories(cats, [pop["category"]]) if pop.get("category") else []
            members = reg.members(wanted[0].name) if wanted else None
            cache[key] = _population(reg, members, pop.get("tag"), bool(wanted) and getattr(wanted[0], "sensitive", False))
        return cache[key]

    return people_of


def _population(reg: Any, members: frozenset[int] | None, tag: str | None, secret: bool) -> list[tuple[int, str]]:
    """[(id, name)] of the residents in *members* (everyone if ``None``) carrying *tag*, by id; named by
    number only when *secret*.  Found by positions in the register's columns with C-level maps: a
    街道's 40,000 高龄 residents are no Python pass each, and an empty category no pass at all."""
    from itertools import compress

    if members is not None and not members:
        return []
    ids, names = reg.ids, reg.column("name")
    if tag:  # most residents have no tag: only those with one are looked at
        tags = reg.column("tags")
        at = [i for i in compress(range(len(tags)), tags) if tag in tags[i]]
        if members is not None:
            at = list(compress(at, map(members.__contains__, map(ids.__getitem__, at))))
    elif members is not None:  # in the columns' order (read in order, several times faster), and
        # one pass over the ids rather than a 200k-entry id → position index
        at = list(compress(range(len(ids)), map(members.__contains__, ids)))
    else:
        at = range(len(ids))
    chosen = list(map(ids.__getitem__, at))
    shown = [f"#{pid}" for pid in chosen] if secret else map(names.__getitem__, at)  # named by number only
    return sorted(zip(chosen, shown))


def inspection_events(session: Session) -> list[dict[str, Any]]:
    """Checklist inspections as held pseudo-events, so "一年不少于2次检查" is a quota duty."""
    out = []
    for run in session.view("checklists").get("runs", {}).values():
        for ins in run.get("inspections", []):
            out.append({"date": ins["date"], "title": f"检查：{run.get('title', '')}", "status": "done",
                        "inspection_of": run["template"], "domain": run.get("domain")})
    return out


def duty_context(pm: Any, session: Session, today: date, span: Period, home_path: Path) -> Any:
    """What duty evaluation reads for *span*, built once per read session and span."""
    return session.memo(("duty_context", today, span, str(home_path)),
                        lambda: _duty_context(pm, session, today, span, home_path))


def _duty_context(pm: Any, session: Session, today: date, span: Period, home_path: Path) -> Any:
    from shequ.settings import get_settings
    from shequ.duties.engine import Context
    from shequ.calendar.events import all_events
    from shequ.calendar.festivals import find
    from shequ.calendar.workdays import WorkCalendar

    from shequ.calendar.festivals import plugin_festivals

    extra = plugin_festivals(pm)
    events = list(all_events(session).values()) + inspection_events(session)
    return Context(
        events=events,
        # Held events up to the end of the asked span: nothing later counts for it.
        done=[ev for ev in events if ev.get("status") == "done" and ev["date"] <= span.end.isoformat()],
        today=today,
        workcal=WorkCalendar(home_path),
        settings=get_settings(session),
        people=population_of(pm, session, min(today, span.end)),
        festival_date=lambda name, y: find(name, y, extra),
        index={},
    )
