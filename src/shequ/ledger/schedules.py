"""Disbursement schedules (定期发放): 孤儿生活费 750元/月, 尊老金 … paid month by month, never twice.

A schedule pays one person a fixed amount every month from ``from`` (to ``to``, if given) out of
an expense account (and a fund).  ``due`` lists what each schedule owes in a period; ``pay``
books the unpaid months, one entry per schedule and month, carrying the core's entry fields
``schedule`` and ``schedule_month`` (declared in :mod:`shequ.ledger.plugin`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from shequ.errors import DataError, NotFound, UsageError, ValidationError
from shequ.ledger.accounts import check_account
from shequ.ledger.entries import AREA, SCHEDULES, Ctx, add_entry, entries, money, parse_amount
from shequ.periods import Period
from shequ.store import Session


# -- schedules ---------------------------------------------------------------------------------
def schedule_months(s: dict[str, Any], span: Period, today: date) -> list[str]:
    """The months a schedule is due inside *span*, up to today."""
    from shequ.periods import month as month_period

    y, m = map(int, s["from"].split("-"))
    out = []
    while True:
        p = month_period(y, m)
        if s.get("to") and p.label > s["to"]:
            break
        if p.start > span.end or p.start > today:
            break
        if p.end >= span.start:
            out.append(p.label)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def paid_months(session: Session, sid: str) -> dict[str, int]:
    return {e["schedule_month"]: int(k) for k, e in entries(session).items()
            if e.get("schedule") == sid and not e.get("void")}


def _schedule_month(text: Any, today: date, what: str) -> str:
    from shequ.periods import parse_period

    p = parse_period(str(text), today=today)
    if p.kind != "month":
        raise ValueError(f"{what}应为月份 YYYY-MM：{text}")
    return p.label


def build_schedule(ctx: Ctx, raw: dict[str, Any], base: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[str]]:
    """A disbursement schedule (``payee``, ``amount`` per month, ``account``, ``from``, optional ``to``,
    ``fund``, ``memo``) checked like an entry: every problem at once."""
    from shequ.records.records import resolve_ref

    s: dict[str, Any] = dict(base or {"every": "month"})
    problems: list[str] = []
    if raw.get("amount") is not None:
        try:
            s["amount"] = money(parse_amount(raw["amount"]))
        except ValueError as exc:
            problems.append(str(exc))
    for key, what in (("from", "起始月份"), ("to", "截止月份")):
        if raw.get(key):
            try:
                s[key] = _schedule_month(raw[key], ctx.today, what)
            except (ValueError, UsageError) as exc:
                problems.append(getattr(exc, "message", None) or str(exc))
        elif key in raw:
            s[key] = None
    if s.get("to") and s.get("from") and s["to"] < s["from"]:
        problems.append(f"截止月份 {s['to']} 早于起始月份 {s['from']}")
    if raw.get("payee") is not None:
        try:
            s["payee"] = resolve_ref(ctx.session, "person", raw["payee"])
            s["payee_name"] = (ctx.session.get("people", "people", str(s["payee"])) or {}).get("name")
        except ValueError as exc:
            problems.append(f"领取人：{exc}")
    if raw.get("account") is not None:
        s["account"] = str(raw["account"]).strip().replace("：", ":")
        try:
            check_account(ctx.accounts, s["account"], ("expense",))
        except ValueError as exc:
            problems.append(str(exc))
    for key in ("fund", "memo"):
        if key in raw:
            s[key] = str(raw[key]).strip() if raw[key] else None
    if s.get("fund") and s["fund"] not in ctx.funds:
        problems.append(f"未知的资金：{s['fund']}（可用：{'、'.join(ctx.funds) or '无'}）")
    for key, what in (("payee", "领取人（--payee）"), ("amount", "金额（--amount）"), ("account", "科目（--account）"),
                      ("from", "起始月份（--from）")):
        if not s.get(key) and not any(what[:2] in p for p in problems):
            problems.append(f"缺少{what}")
    if not s.get("memo") and s.get("account"):
        s["memo"] = s["account"].split(":")[-1]
    return s, problems


def add_schedule(ctx: Ctx, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    s, problems = build_schedule(ctx, raw)
    if problems:
        raise ValidationError(problems, subject="无法添加定期发放")
    sid = ctx.session.next_id(AREA, counter="_sseq")
    ctx.session.put(AREA, SCHEDULES, sid, s)
    return sid, s


def edit_schedule(ctx: Ctx, key: str | int, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Change a schedule from now on (a new amount, an end month: 停发); months already paid stay as booked."""
    sid = str(key).strip().lstrip("#")
    old = ctx.session.table_view(AREA, SCHEDULES).get(sid)
    if old is None:
        raise NotFound(f"找不到定期发放：{key}")
    s, problems = build_schedule(ctx, raw, base=old)
    if problems:
        raise ValidationError(problems, subject=f"无法修改定期发放 #{sid}")
    ctx.session.put(AREA, SCHEDULES, sid, s)
    return int(sid), s


def cancel_schedule(ctx: Ctx, key: str | int) -> tuple[int, dict[str, Any]]:
    """Remove a schedule that never paid (granted and stopped in the same month, entered by
    mistake); one that paid is stopped with ``to`` instead, so its months stay explained."""
    sid = str(key).strip().lstrip("#")
    old = ctx.session.table_view(AREA, SCHEDULES).get(sid)
    if old is None:
        raise NotFound(f"找不到定期发放：{key}")
    paid = _paid_index(ctx.session).get(sid, {})
    if paid:
        months = "、".join(sorted(paid))
        raise DataError(f"定期发放 #{sid} 已发放 {len(paid)} 个月（{months}），不能删除；停发请用 --to 最后一个月")
    ctx.session.delete(AREA, SCHEDULES, sid)
    return int(sid), old


def _paid_index(session: Session) -> dict[str, dict[str, int]]:
    """Schedule id → {month: the entry paying it}, from one pass over the entries."""
    out: dict[str, dict[str, int]] = {}
    for k, e in entries(session).items():
        if e.get("schedule") and not e.get("void"):
            out.setdefault(e["schedule"], {})[e["schedule_month"]] = int(k)
    return out


def due(session: Session, span: Period, today: date) -> list[dict[str, Any]]:
    """Every month each schedule owes inside *span* (up to today), paid or not."""
    rows = []
    index = _paid_index(session)
    for sid, s in sorted(session.table_view(AREA, SCHEDULES).items(), key=lambda kv: int(kv[0])):
        paid = index.get(sid, {})
        for m in schedule_months(s, span, today):
            rows.append({"schedule": int(sid), "payee": s["payee_name"], "payee_id": s["payee"], "month": m,
                         "amount": s["amount"], "account": s["account"], "paid": m in paid, "entry": paid.get(m)})
    return rows


def pay(ctx: Ctx, span: Period, *, only: Iterable[int] = (), day: date | None = None) -> list[int]:
    """Book every unpaid month of *span* (of the schedules *only*, if given): one entry per
    schedule and month, never twice.  Returns the new entries' ids."""
    schedules = ctx.session.table_view(AREA, SCHEDULES)
    wanted = set(only)
    booked = []
    for row in due(ctx.session, span, ctx.today):
        if row["paid"] or (wanted and row["schedule"] not in wanted):
            continue
        s = schedules[str(row["schedule"])]
        eid, _ = add_entry(ctx, {"date": (day or ctx.today).isoformat(), "amount": s["amount"], "direction": "out",
                                 "account": s["account"], "fund": s.get("fund"), "payee": str(s["payee"]),
                                 "memo": f"{s['memo']} {row['month']}", "schedule": str(row["schedule"]),
                                 "schedule_month": row["month"]})
        booked.append(eid)
    return booked
