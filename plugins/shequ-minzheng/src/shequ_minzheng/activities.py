"""一日捐 (篇6 L137: donations booked as ledger income) and 社会组织 年检 (篇6 L126)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from shequ import DataError, NotFound

from .payments import log_work
from .rules import parse_money, yuan

if TYPE_CHECKING:
    from shequ.api import PluginContext

YIRI_ACCOUNT = "收入:捐赠:一日捐"


def give(ctx: "PluginContext", donor: str, amount: str, day: date, voucher: str | None) -> int:
    """Book one donation (a resident by name or id, or a unit's name) as income."""
    value = parse_money(amount, "捐款金额")
    return ctx.ledger.add({"date": day.isoformat(), "amount": yuan(value), "direction": "in", "account": YIRI_ACCOUNT,
                           "payee": donor, "memo": "一日捐", "voucher": voucher})


def donations(ctx: "PluginContext", period: Any) -> list[dict[str, Any]]:
    return [{"id": eid, "date": e["date"], "donor": e.get("payee_name"), "amount": e["amount"], "voucher": e.get("voucher")}
            for eid, e in ctx.ledger.entries(period=period, account=YIRI_ACCOUNT) if e["direction"] == "in"]


def org_of(ctx: "PluginContext", key: str) -> tuple[int, dict[str, Any]]:
    """A 社会组织 by record id or by its name."""
    text = str(key).strip().lstrip("#")
    if text.isdigit():
        try:
            return int(text), ctx.records.get(text, "minzheng.org")
        except Exception:
            raise NotFound(f"找不到社会组织：#{text}") from None
    found = ctx.records.find("minzheng.org", name=text)
    if found is None:
        raise NotFound(f"找不到社会组织：{text}（shequ minzheng org list 查看）")
    return found


def check_org(ctx: "PluginContext", key: str, year: int, day: date, result: str, note: str | None) -> int:
    rid, org = org_of(ctx, key)
    if org.get("status") == "已注销":
        raise DataError(f"{org['name']} 已注销，不需要年检")
    for _, c in ctx.records.list("minzheng.org_check", org=rid, year=year):
        raise DataError(f"{org['name']} {year} 年度已年检（{c['date']}，{c['result']}）")
    cid = ctx.records.add("minzheng.org_check", {"org": rid, "year": year, "date": day.isoformat(), "result": result,
                                                 "note": note})
    log_work(ctx, "社会组织年检", day)
    return cid


def org_rows(ctx: "PluginContext", year: int) -> list[dict[str, Any]]:
    checks = {c["org"]: c for _, c in ctx.records.list("minzheng.org_check", year=year)}
    rows = []
    for rid, org in ctx.records.list("minzheng.org"):
        c = checks.get(rid)
        rows.append({"id": rid, "name": org["name"], "category": org.get("category"), "status": org.get("status"),
                     "contact": org.get("contact"), "checked": c["date"] if c else None,
                     "result": c["result"] if c else ("无需年检" if org.get("status") == "已注销" else "未年检")})
    return rows
