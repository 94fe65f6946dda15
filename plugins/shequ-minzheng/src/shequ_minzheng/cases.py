"""社会救助 cases: 材料审核 → 申报 → 发放 (篇6 L124), 停发 with a reason, 年审认定 and 动态管理, 民主评议 and
公示 (篇16(一) L335).  ``ctx`` is a :class:`shequ.api.PluginContext`; messages never carry a name."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from shequ import DataError, NotFound

from .labels import OPEN_STAGES, account_of
from .payments import change_amount, change_month, end, log_work, paid, start
from .rules import add_months, month_of, months_later, parse_money, yuan

if TYPE_CHECKING:
    from shequ.api import PluginContext
    from shequ.periods import Period

CASE, REVIEW = "minzheng.case", "minzheng.review"


def get_case(ctx: "PluginContext", key: str | int) -> tuple[int, dict[str, Any]]:
    text = str(key).strip().lstrip("#")
    try:
        return int(text), ctx.records.get(text, CASE)
    except Exception:  # NotFound, or not a number: the same answer
        raise NotFound(f"找不到社会救助：#{text}（shequ minzheng case list 查看编号）") from None


def add_case(ctx: "PluginContext", who: str, program: str, day: date, household: str | None, members: int | None,
             tekun: bool, note: str | None) -> int:
    pid = ctx.people.resolve(who)
    for rid, c in ctx.records.list(CASE, person=pid, program=program):
        if c.get("stage") in OPEN_STAGES:
            raise DataError(f"该人员已有在办的{program}救助（#{rid}，{c['stage']}）")
    if household is None:
        household = ctx.people.get(pid).get("household")
    return ctx.records.add(CASE, {"person": pid, "program": program, "stage": "材料审核", "opened": day.isoformat(),
                                  "household": household, "members": members, "tekun": tekun or None, "note": note})


def _review_due(ctx: "PluginContext", day: date) -> str:
    return months_later(day, ctx.settings["minzheng.review_months"]).isoformat()


def advance(ctx: "PluginContext", key: str, to: str, day: date, monthly: str | None = None, first: str | None = None,
            once: str | None = None, fund: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """申报, or 发放: with a monthly amount (a schedule), a one-off amount (an entry, then 办结), or neither
    (paid by the level above: a record only)."""
    rid, c = get_case(ctx, key)
    stage = c.get("stage", "材料审核")
    if stage in ("停发", "办结"):
        raise DataError(f"救助 #{rid} 已{stage}，不能再推进")
    notes: list[str] = []
    if to == "申报":
        if stage != "材料审核":
            raise DataError(f"救助 #{rid} 当前为{stage}，已经申报过")
        return ctx.records.edit(rid, {"stage": "申报", "declared": day.isoformat()}), notes
    if stage == "材料审核":
        raise DataError(f"救助 #{rid} 尚未申报，不能直接发放（材料审核 → 申报 → 发放）")
    if stage == "发放":
        raise DataError(f"救助 #{rid} 已在发放中（自 {c.get('granted')}）")
    program = c["program"]
    if monthly is None and once is None and program in ctx.settings["minzheng.monthly_amounts"]:
        monthly = yuan(ctx.settings["minzheng.monthly_amounts"][program])
        notes.append(f"按{program}统一标准每月 {monthly} 元（设置 minzheng.monthly_amounts）")
    changes: dict[str, Any] = {"stage": "发放", "granted": day.isoformat()}
    if monthly is not None:
        amount = parse_money(monthly, "月救助金额")
        since = first or change_month(ctx, day)
        sid = start(ctx, c["person"], program, amount, since, fund=fund)
        changes.update(monthly=yuan(amount), schedule=sid, review_due=_review_due(ctx, day))
        notes.append(f"已建立定期发放 #{sid}：每月 {yuan(amount)} 元，自 {since} 起")
    elif once is not None:
        amount = parse_money(once, "救助金额")
        eid = ctx.ledger.add({"date": day.isoformat(), "amount": yuan(amount), "direction": "out", "account": account_of(program),
                              "payee": str(c["person"]), "fund": fund, "memo": f"{program}（救助 #{rid}）", "mz_case": rid})
        changes["stage"] = "办结"
        notes.append(f"已记账 #{eid}：一次性发放 {yuan(amount)} 元，救助办结")
    else:
        changes["review_due"] = _review_due(ctx, day)
        notes.append("未经本级账目发放（上级直接发放）：只记录发放阶段")
    return ctx.records.edit(rid, changes), notes


def stop(ctx: "PluginContext", key: str, day: date, reason: str, last_paid: str | None = None) -> list[str]:
    rid, c = get_case(ctx, key)
    if c.get("stage") == "停发":
        raise DataError(f"救助 #{rid} 已于 {c.get('stopped')} 停发（{c.get('stop_reason')}）")
    if c.get("stage") == "办结":
        raise DataError(f"救助 #{rid} 为一次性救助，已办结，无需停发")
    notes = end(ctx, c["schedule"], last_paid or add_months(change_month(ctx, day), -1)) if c.get("schedule") else []
    ctx.records.edit(rid, {"stage": "停发", "stopped": day.isoformat(), "stop_reason": reason, "reopened": None,
                           "reopen_reason": None, "review_due": None})
    return notes


def review(ctx: "PluginContext", key: str, day: date, result: str, kind: str | None = None, monthly: str | None = None,
           note: str | None = None) -> tuple[int, list[str]]:
    """年审认定 (resets the yearly cycle) or 动态复核 (answers a change); 调整待遇 and 停止享受 act on the payment."""
    rid, c = get_case(ctx, key)
    stage = c.get("stage")
    if stage == "停发":
        raise DataError(f"救助 #{rid} 已于 {c.get('stopped')} 停发（{c.get('stop_reason')}），不能再年审或复核")
    if stage == "办结":
        raise DataError(f"救助 #{rid} 为一次性救助，已办结，不需要年审")
    if stage != "发放":
        raise DataError(f"救助 #{rid} 尚未发放（当前为{stage}），不需要年审")
    if day.isoformat() < c["granted"]:
        raise DataError(f"年审日期 {day.isoformat()} 早于发放日期 {c['granted']}")
    kind = kind or ("动态复核" if c.get("reopened") else "年审认定")
    amount = None
    if result == "调整待遇":
        if monthly is None:
            raise DataError("调整待遇须给出调整后的月救助金额（--monthly）")
        amount = parse_money(monthly, "调整后月金额")
    elif monthly is not None:
        raise DataError("只有“调整待遇”才填写调整后的月救助金额")
    review_id = ctx.records.add(REVIEW, {"case": rid, "date": day.isoformat(), "kind": kind, "result": result,
                                         "monthly": yuan(amount) if amount is not None else None, "note": note})
    changes: dict[str, Any] = {"reopened": None, "reopen_reason": None}
    notes: list[str] = []
    if kind == "年审认定":
        changes["review_due"] = _review_due(ctx, day)
    if amount is not None:
        changes["monthly"] = yuan(amount)
        if c.get("schedule"):
            sid, notes = change_amount(ctx, c["schedule"], amount, change_month(ctx, day))
            changes["schedule"] = sid
            notes.append(f"月救助金额调整为 {yuan(amount)} 元（定期发放 #{sid}）")
    if result == "停止享受":
        if c.get("schedule"):
            notes += end(ctx, c["schedule"], add_months(change_month(ctx, day), -1))
        changes.update(stage="停发", stopped=day.isoformat(), stop_reason=f"{kind}：停止享受" + (f"（{note}）" if note else ""),
                       review_due=None)
    ctx.records.edit(rid, changes)
    if kind == "年审认定":
        log_work(ctx, "年审认定", day)
    return review_id, notes


def change(ctx: "PluginContext", key: str, day: date, kind: str, note: str | None) -> None:
    """动态管理: a change of income or household reopens the case for review."""
    rid, c = get_case(ctx, key)
    if c.get("stage") != "发放":
        raise DataError(f"救助 #{rid} 当前为{c.get('stage')}，只有发放中的救助需要动态复核")
    ctx.records.edit(rid, {"reopened": day.isoformat(), "reopen_reason": kind + (f"：{note}" if note else "")})


def pingyi(ctx: "PluginContext", key: str, day: date, result: str) -> None:
    """民主评议 of a case (特困户, 篇16(一) L335)."""
    rid, c = get_case(ctx, key)
    if c.get("stage") not in OPEN_STAGES:
        raise DataError(f"救助 #{rid} 已{c.get('stage')}，不能再评议")
    ctx.records.edit(rid, {"pingyi": day.isoformat(), "pingyi_result": result})


def pay_once(ctx: "PluginContext", key: str, amount: str, day: date) -> int:
    """A payment on a case being paid (发放), at most one per case and month."""
    rid, c = get_case(ctx, key)
    if c.get("stage") == "停发":
        raise DataError(f"救助 #{rid} 已于 {c.get('stopped')} 停发（{c.get('stop_reason')}），不能再发放")
    if c.get("stage") != "发放":
        raise DataError(f"救助 #{rid} 当前为{c.get('stage')}，只有发放中的救助才能发放")
    value = parse_money(amount, "救助金额")
    month = month_of(day)
    for eid, _ in ctx.ledger.entries(period=month, mz_case=rid):
        raise DataError(f"救助 #{rid} {month} 已发放（账目 #{eid}），同一救助每月只发放一次")
    if c.get("schedule") and (str(c["schedule"]), month) in paid(ctx):
        raise DataError(f"救助 #{rid} {month} 已按月发放（账目 #{paid(ctx)[(str(c['schedule']), month)]}），不能重复发放")
    return ctx.ledger.add({"date": day.isoformat(), "amount": yuan(value), "direction": "out", "account": account_of(c["program"]),
                           "payee": str(c["person"]), "memo": f"{c['program']}（救助 #{rid}）", "mz_case": rid})


# -- answers ---------------------------------------------------------------------------------------
def reviews_due(ctx: "PluginContext", within: int | None = None) -> list[dict[str, Any]]:
    """Cases being paid whose 年审 is overdue or due within *within* days, and those reopened by a change."""
    today = ctx.today.isoformat()
    horizon = (ctx.today + timedelta(days=ctx.settings["minzheng.review_warn_days"] if within is None else within)).isoformat()
    rows = []
    for rid, c in ctx.records.list(CASE, stage="发放"):
        due = c.get("review_due")
        if c.get("reopened"):
            status = "情况变化待复核"
        elif due and due < today:
            status = "逾期"
        elif due and due <= horizon:
            status = "即将到期"
        else:
            continue
        late = (ctx.today - date.fromisoformat(due)).days if due and due < today else 0
        rows.append({"id": rid, "person": c["person"], "program": c["program"], "review_due": due, "status": status,
                     "days_late": late, "reopened": c.get("reopened"), "reason": c.get("reopen_reason")})
    order = {"逾期": 0, "情况变化待复核": 1, "即将到期": 2}
    return sorted(rows, key=lambda r: (order[r["status"]], r["review_due"] or "", r["id"]))


def case_rows(ctx: "PluginContext", program: str | None = None, stage: str | None = None) -> list[dict[str, Any]]:
    equals = {k: v for k, v in {"program": program, "stage": stage}.items() if v}
    return [{"id": rid, **c} for rid, c in ctx.records.list(CASE, **equals)]


def in_gongshi(c: dict[str, Any], span: "Period") -> str | None:
    """How a case shows on a 公示 of *span*: 新申报, 在保, 一次性救助 — or not at all."""
    end_day, start_day = span.end.isoformat(), span.start.isoformat()
    if not c.get("declared") or c["declared"] > end_day or (c.get("stopped") and c["stopped"] <= end_day):
        return None
    if c.get("stage") == "办结":
        return "一次性救助" if c.get("granted") and start_day <= c["granted"] <= end_day else None
    if not c.get("granted") or c["granted"] > end_day:
        return "新申报"
    return "在保"


def gongshi(ctx: "PluginContext", span: "Period", program: str | None, tekun: bool) -> tuple[list[dict[str, Any]], int]:
    """The 公示 sheet of *span* (names as 公示 requires, 身份证 masked by the caller) and its log record's id.

    Producing the sheet is written down (a ``minzheng.gongshi`` record), so the change log says who printed
    a list of names and when."""
    rows = []
    for rid, c in ctx.records.list(CASE, **({"program": program} if program else {})):
        shown = in_gongshi(c, span)
        if shown is None or (tekun and not c.get("tekun")):
            continue
        person = ctx.people.get(c["person"])
        rows.append({"id": rid, "name": person.get("name"), "id_card": person.get("id_card"), "program": c["program"],
                     "members": c.get("members"), "monthly": c.get("monthly"), "status": shown,
                     "tekun": bool(c.get("tekun")),
                     "pingyi": f"{c['pingyi_result']}（{c['pingyi']}）" if c.get("pingyi") else ""})
    for n, row in enumerate(rows, start=1):
        row["n"] = n
    key = {"period": span.label, "program": program or "", "tekun": bool(tekun)}
    values = {**key, "cases": len(rows), "generated": ctx.today.isoformat()}
    for gid, g in ctx.records.list("minzheng.gongshi", period=span.label):
        if (g.get("program") or "") == key["program"] and bool(g.get("tekun")) == key["tekun"]:
            ctx.records.edit(gid, {"cases": len(rows), "generated": ctx.today.isoformat()})
            return rows, gid
    return rows, ctx.records.add("minzheng.gongshi", {**values, "program": program, "tekun": tekun or None})


def gongshi_of(ctx: "PluginContext", key: str) -> tuple[int, dict[str, Any]]:
    """A 公示 by its id, or by its period (``2025-Q2``) when that period has a single one."""
    text = str(key).strip().lstrip("#")
    if text.isdigit():
        try:
            return int(text), ctx.records.get(text, "minzheng.gongshi")
        except Exception:
            raise NotFound(f"找不到公示：#{text}（先用 shequ minzheng gongshi sheet 生成名单）") from None
    label = ctx.parse_period(text).label
    found = ctx.records.list("minzheng.gongshi", period=label)
    if not found:
        raise NotFound(f"{label} 还没有生成公示名单（shequ minzheng gongshi sheet --period {label}）")
    if len(found) > 1:
        raise DataError(f"{label} 有 {len(found)} 份公示名单：{'、'.join(f'#{g}' for g, _ in found)}，请改用编号")
    return found[0]


def post_gongshi(ctx: "PluginContext", key: str, day: date, until: date | None, place: str | None) -> int:
    gid, g = gongshi_of(ctx, key)
    if until is not None and until < day:
        raise DataError(f"公示截止 {until.isoformat()} 早于张贴日期 {day.isoformat()}")
    ctx.records.edit(gid, {"posted": day.isoformat(), "until": until.isoformat() if until else None, "place": place})
    return gid
