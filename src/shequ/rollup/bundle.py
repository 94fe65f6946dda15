"""A community's period bundle: the figures it hands in to the 街道, and nothing personal.

``shequ bundle export --period 2025-03 -o 幸福社区-2025-03.bundle.json`` writes one JSON file:

* ``manifest``: community, level, period and report kind, shequ's and each plugin's
  version, who made it, and ``hash`` — the SHA-256 of the whole file as written with
  ``hash`` empty, so a figure edited by hand or a damaged file is refused by the roll-up;
* ``sections``: every report section's ``figures`` (see :mod:`shequ.rollup.figures`: numbers
  only), their Chinese ``labels`` and ``rates``, the section's plugin, and its tables of
  counts (a label column and numbers — never the 活动明细, 名单 and other text tables);
* ``duties``: each duty's status for the year to the period's end;
* ``checklists``: each checklist's status, items done and score;
* ``ledger``: income and expense by account for the period, budgets with their actuals
  for the year to date, and fund balances.

Every label is checked against the home's residents (:mod:`shequ.rollup.privacy`); one that
names a person is left out with its figures, and counted in ``manifest.withheld``.
"""

from __future__ import annotations

from typing import Any

from shequ.errors import UsageError
from shequ.periods import Period
from shequ.rollup.figures import keep, kind_of
from shequ.rollup.privacy import ID_OR_PHONE, Personal

FORMAT = 1
KIND_OF_SPAN = {"month": "monthly", "quarter": "quarterly", "half": "half", "year": "annual"}
CORE_PLUGIN = "shequ.reports.plugin"


def kind_for(span: Period) -> str:
    """The report a bundle of *span* carries: a month's 月报, a quarter's 季报 …"""
    kind = KIND_OF_SPAN.get(span.kind)
    if kind is None:
        raise UsageError(f"报送的期间应为一个月、一个季度、半年或一年（如 2025-03、2025-Q1、2025-H1、2025）：{span.label}")
    return kind


def build_bundle(app: Any, session: Any, span: Period) -> dict[str, Any]:
    """The bundle of *span* for the home *session* reads (a dict, its ``manifest.hash`` set)."""
    from shequ.reports.build import ReportContext, build, year_to_date
    from shequ.rollup.privacy import personal_strings

    kind = kind_for(span)
    report = build(app, session, kind, span, [])
    ctx = ReportContext(app, session, kind, span, [])
    private = personal_strings(session, app.registry)
    withheld = [0]

    def clean(label: Any) -> bool:
        if private.found(label):
            withheld[0] += 1
            return False
        return True

    sections = [_section(s, private, withheld) for s in report.sections]
    duties = [{"id": s.id, "title": s.title, "domain": s.domain or "", "status": s.status, "progress": s.progress}
              for s in ctx.duty_statuses(year_to_date(span)) if s.status != "off" and clean(s.title) and clean(s.progress)]
    bundle = {
        "bundle": FORMAT,
        "manifest": _manifest(app, ctx, span, kind),
        "sections": sections,
        "duties": duties,
        "checklists": [c for c in _checklists(app, session, span) if clean(c["title"]) and clean(c["unit"])],
        "ledger": _ledger(app, session, span, clean),
    }
    bundle["manifest"]["withheld"] = withheld[0]
    bundle["manifest"]["hash"] = content_hash(bundle)
    return bundle


def _manifest(app: Any, ctx: Any, span: Period, kind: str) -> dict[str, Any]:
    from shequ import __version__
    from shequ.store import operator

    plugins = {name: info.version or "" for name, info in sorted(app.pm.infos.items())
               if not info.default and info.loaded and not info.errors}
    return {"community": ctx.meta.get("name") or "", "level": ctx.meta.get("level") or "社区",
            "period": span.label, "period_title": span.title, "kind": kind, "shequ": __version__,
            "plugins": plugins, "created_by": operator(), "withheld": 0, "hash": ""}


def _section(s: Any, private: Personal, withheld: list[int]) -> dict[str, Any]:
    figures = _scrub(keep(s.figures) or {}, private, withheld)
    tables = []
    for t in s.tables:
        from shequ.reports.build import as_table

        counted = _counts_table(as_table(t))
        if counted is None:
            continue
        if any(private.found(row[0]) for row in counted["rows"]) or ID_OR_PHONE.search(str(counted["rows"])):
            withheld[0] += 1
            continue
        tables.append(counted)
    out: dict[str, Any] = {"title": s.title, "order": s.order, "plugin": getattr(s, "plugin", "") or "",
                           "figures": figures, "tables": tables}
    labels = {k: v for k, v in getattr(s, "labels", {}).items() if isinstance(v, str) and not private.found(v)}
    if labels:
        out["labels"] = labels
    rates = getattr(s, "rates", {})
    if rates:
        out["rates"] = {k: list(v) for k, v in rates.items()}
    return out


def _scrub(figures: dict[str, Any], private: Personal, withheld: list[int]) -> dict[str, Any]:
    out = {}
    for key, value in figures.items():
        if private.found(key) or (not isinstance(value, dict) and ID_OR_PHONE.search(str(value))):
            withheld[0] += 1
            continue
        out[key] = _scrub(value, private, withheld) if isinstance(value, dict) else value
    return out


def _counts_table(t: Any) -> dict[str, Any] | None:
    """A table of counts (a label column, then figures only) as the bundle keeps it; ``None`` for
    any other table — a table with text beyond its first column may name people."""
    if len(t.columns) < 2 or not t.rows:
        return None
    labels = [row[0] for row in t.rows]
    if not all(isinstance(x, str) and x for x in labels) or len(set(labels)) != len(labels):
        return None

    def figures(row: list[Any]) -> bool:
        return len(row) == len(t.columns) and all(v in (None, "") or kind_of(v) for v in row[1:])

    if not all(figures(list(row)) for row in t.rows):
        return None
    numbered = [j for j in range(1, len(t.columns)) if any(kind_of(row[j]) for row in t.rows)]
    if not numbered:
        return None
    total = list(t.total) if t.total and figures(list(t.total)) else None
    return {"title": t.title, "columns": list(t.columns), "rows": [list(row) for row in t.rows], "total": total}


def _checklists(app: Any, session: Any, span: Period) -> list[dict[str, Any]]:
    from shequ.checklists.status import all_results
    from shequ.checklists.templates import templates

    owners = {tid: str(t.get("plugin") or "") for tid, t in templates(app.pm, session).items()}
    out = []
    for r in all_results(app.pm, app.registry, session, span, app.today, app.home.path):
        done, applicable, na = r.counts()
        out.append({"template": r.template, "plugin": owners.get(r.template, ""), "title": r.title, "period": r.period,
                    "unit": r.unit or "",
                    "status": r.status, "done": done, "applicable": applicable, "na": na,
                    "score": r.score, "total": r.total, "level": r.level or ""})
    return out


def _ledger(app: Any, session: Any, span: Period, clean: Any) -> dict[str, Any]:
    from decimal import Decimal

    from shequ.ledger.accounts import accounts, funds
    from shequ.ledger.budgets import actual, budgets_for
    from shequ.ledger.entries import fund_balance, money
    from shequ.ledger.queries import balance
    from shequ.reports.build import year_to_date

    acc = accounts(app.pm, session)
    totals: dict[str, Decimal] = {}
    rows = balance(session, acc, period=span, depth=2, totals_out=totals)
    ytd = year_to_date(span)
    budgets = []
    for account, amount in sorted(budgets_for(session, span.start.year).items()):
        if clean(account):
            used = actual(session, account, acc.get(account, {}).get("kind", "expense"), ytd)
            budgets.append({"account": account, "budget": money(amount), "actual": money(used)})
    return {
        "accounts": [{"account": r["account"], "kind": r["kind"], "amount": money(r["total"])}
                     for r in rows if r["kind"] in ("income", "expense") and clean(r["account"])],
        "totals": {k: money(totals.get(k, Decimal(0))) for k in ("income", "expense", "net")},
        "budgets": budgets,
        "funds": [{"name": name, "balance": money(fund_balance(session, name)), "earmarked": bool(f.get("earmarked"))}
                  for name, f in sorted(funds(app.pm, session).items()) if clean(name)],
    }


def content_hash(bundle: dict[str, Any]) -> str:
    """SHA-256 of *bundle* as canonical JSON with ``manifest.hash`` empty."""
    import hashlib

    import orjson

    from shequ.store.files import json_default

    body = dict(bundle, manifest=dict(bundle.get("manifest") or {}, hash=""))
    data = orjson.dumps(body, option=orjson.OPT_SORT_KEYS, default=json_default)
    return "sha256:" + hashlib.sha256(data).hexdigest()


def dump(bundle: dict[str, Any]) -> bytes:
    """The file's bytes, indented, in the report's own order (the same figures give the same bytes;
    the hash is over sorted keys, so the order is not part of what it checks)."""
    import orjson

    from shequ.store.files import json_default

    return orjson.dumps(bundle, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE,
                        default=json_default)
