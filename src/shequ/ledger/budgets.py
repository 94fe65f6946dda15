"""Budgets per account and year, their actuals and 执行率."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shequ.ledger.entries import AREA, BUDGETS, from_cents
from shequ.ledger.queries import sums, under_test
from shequ.periods import Period
from shequ.store import Session


# -- budgets ----------------------------------------------------------------------------------
def budget_key(year: int, account: str) -> str:
    return f"{year}|{account}"


def budgets_for(session: Session, year: int) -> dict[str, Decimal]:
    out = {}
    for b in session.table_view(AREA, BUDGETS).values():
        if int(b["year"]) == year:
            out[b["account"]] = Decimal(b["amount"])
    return out


def actual(session: Session, account: str, kind: str, period: Period) -> Decimal:
    want = "in" if kind == "income" else "out"
    test = under_test(account)
    return from_cents(sum(v for (acc, way, _), v in sums(session, period.start.isoformat(), period.end.isoformat()).items()
                          if way == want and test(acc)))


def rate(used: Decimal, budget: Decimal) -> str:
    if budget == 0:
        return "—"
    return f"{(used / budget * 100).quantize(Decimal('0.1'))}%"


RULES = "rules"


def _amount(text: str) -> Decimal:
    from shequ.errors import DataError
    from shequ.ledger.entries import parse_amount

    try:
        return parse_amount(text)
    except ValueError as exc:
        raise DataError(str(exc)) from None


def _budget_account(pm: Any, session: Session, account: str) -> str:
    from shequ.errors import DataError
    from shequ.ledger.accounts import accounts, check_account

    account = account.strip().replace("：", ":")
    try:
        check_account(accounts(pm, session), account, ("income", "expense"))
    except ValueError as exc:
        raise DataError(str(exc)) from None
    return account


def set_budget(pm: Any, session: Session, account: str, year: int, amount: str) -> tuple[str, Decimal]:
    """The budget of an income or expense *account* for *year*; returns (account, amount)."""
    from shequ.ledger.entries import money

    value = _amount(amount)
    account = _budget_account(pm, session, account)
    session.put(AREA, BUDGETS, budget_key(year, account), {"year": year, "account": account, "amount": money(value)})
    return account, value


def set_rule(pm: Any, session: Session, account: str, per_capita: str, population: str,
             increase: bool) -> tuple[str, Decimal]:
    """A per-capita budget rule (社区教育经费 ≥ 5元 × 户籍人口, 逐年递增); returns (account, amount)."""
    from shequ.ledger.entries import money

    value = _amount(per_capita)
    account = _budget_account(pm, session, account)
    session.put(AREA, RULES, account, {"account": account, "per_capita": money(value), "population": population,
                                       "increase": increase})
    return account, value


def budget_rows(pm: Any, session: Session, year: int, span: Period, today: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each budget of *year* with its actual up to the end of *span* and its 执行率; and each
    per-capita rule with the population it is measured on and whether it is met."""
    from datetime import date

    from shequ.ledger.accounts import accounts
    from shequ.ledger.entries import money
    from shequ.people.register import categories, register

    acc = accounts(pm, session)
    budgets = budgets_for(session, year)
    rows = []
    for account, amount in sorted(budgets.items()):
        used = actual(session, account, acc.get(account, {}).get("kind", "expense"), span)
        rows.append({"account": account, "budget": money(amount), "actual": money(used),
                     "remaining": money(amount - used), "rate": rate(used, amount), "over": used > amount})
    rule_rows = []
    on = min(today, date(year, 12, 31))
    cats = categories(pm)
    for rule in session.table_view(AREA, RULES).values():
        pop = rule["population"]
        reg = register(session, on, cats)
        if pop in cats:
            count = reg.count(pop)
        else:
            count = sum(1 for d in reg.docs.values() if pop in d.get("tags", []))
        need = Decimal(rule["per_capita"]) * count
        have = budgets.get(rule["account"])
        last = budgets_for(session, year - 1).get(rule["account"])
        row = {"account": rule["account"], "rule": f"≥ {rule['per_capita']} 元 × {pop} {count} 人 = {money(need)} 元",
               "budget": money(have) if have is not None else "未设置",
               "met": have is not None and have >= need}
        if rule.get("increase"):
            row["increase"] = "上年未设置" if last is None else ("是" if have is not None and have > last else f"否（上年 {money(last)}）")
            row["met"] = row["met"] and (last is None or (have is not None and have > last))
        rule_rows.append(row)
    return rows, rule_rows
