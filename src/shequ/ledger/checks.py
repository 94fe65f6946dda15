"""``shequ ledger check``: what an auditor would flag."""

from __future__ import annotations

from datetime import date
from typing import Any

from shequ.ledger.accounts import accounts, funds, sensitive, under
from shequ.ledger.budgets import budget_rows
from shequ.ledger.entries import entries, fund_balance, money
from shequ.ledger.schedules import due
from shequ.periods import Period
from shequ.store import Session


def findings(pm: Any, session: Session, span: Period, today: date) -> list[dict[str, str]]:
    """Vouchers used twice, earmarked money spent elsewhere or overdrawn, budgets overspent,
    per-capita rules unmet, scheduled payments not made."""
    out: list[dict[str, str]] = []
    s, t = span.start.isoformat(), span.end.isoformat()
    vouchers: dict[str, list[str]] = {}
    all_funds = funds(pm, session)
    for key, e in sorted(entries(session).items(), key=lambda kv: int(kv[0])):
        if e.get("void"):
            continue
        if e.get("voucher"):
            vouchers.setdefault(e["voucher"], []).append(key)
        if not (s <= e["date"] <= t):
            continue
        f = all_funds.get(e.get("fund", ""))
        if f and f.get("earmarked") and e["direction"] == "out" and not any(under(e["account"], x) for x in f["accounts"]):
            out.append({"kind": "专款挪用", "detail": f"#{key} {e['date']} {e['amount']} 元从{e['fund']}支出到 {e['account']}"})
    for voucher, keys in vouchers.items():
        if len(keys) > 1:
            out.append({"kind": "凭证号重复", "detail": f"{voucher}：" + "、".join(f"#{k}" for k in keys)})
    for name, f in all_funds.items():
        bal = fund_balance(session, name)
        if f.get("earmarked") and bal < 0:
            out.append({"kind": "专款透支", "detail": f"{name}余额 {money(bal)} 元"})
    rows, rules = budget_rows(pm, session, span.start.year, span, today)
    for r in rows:
        if r["over"]:
            out.append({"kind": "预算超支", "detail": f"{r['account']}：预算 {r['budget']}，实际 {r['actual']}（{r['rate']}）"})
    for r in rules:
        if not r["met"]:
            out.append({"kind": "预算规则未达标", "detail": f"{r['account']} {r['rule']}，预算 {r['budget']}"})
    unpaid = [r for r in due(session, span, today) if not r["paid"] and r["month"] < today.strftime("%Y-%m")]
    acc = accounts(pm, session)
    for r in unpaid:  # a sensitive payee is named by the schedule's number
        who = f"定期发放 #{r['schedule']}" if sensitive(acc, r["account"]) else r["payee"]
        out.append({"kind": "定期发放未发", "detail": f"{who} {r['month']} {r['amount']} 元（{r['account']}）"})

    return out
