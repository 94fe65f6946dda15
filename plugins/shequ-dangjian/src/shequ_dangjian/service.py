"""党建 use cases over shequ's public API (``ctx`` is a :class:`shequ.api.PluginContext`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NamedTuple

from shequ import DataError, NotFound, ValidationError
from shequ.periods import Period, month

if TYPE_CHECKING:
    from shequ.api import PluginContext

from .rules import ACTIVE, EXITS, MEETING_KINDS, ORG_LIFE, STAGE_DATE, STAGES, add_year, monthly_dues, months_between, next_stage

MEMBER, MEETING, TRAINING = "dangjian.member", "dangjian.meeting", "dangjian.training"


def person_id(ctx: "PluginContext", who: str) -> int:
    return ctx.people.resolve(who)


def person_name(ctx: "PluginContext", pid: int) -> str:
    return ctx.people.name(pid)


def members(ctx: "PluginContext") -> dict[int, tuple[int, dict[str, Any]]]:
    """person id → (record id, member record)."""
    return {doc["person"]: (rid, doc) for rid, doc in ctx.records.list(MEMBER)}


def member_of(ctx: "PluginContext", who: str) -> tuple[int, int, dict[str, Any]]:
    pid = person_id(ctx, who)
    found = members(ctx).get(pid)
    if found is None:
        raise NotFound(f"{person_name(ctx, pid)} 没有党员档案（先用 shequ dangjian member add）")
    return pid, found[0], found[1]


def _save(ctx: "PluginContext", rid: int, changes: dict[str, Any]) -> dict[str, Any]:
    return ctx.records.edit(rid, changes)


def excuse(ctx: "PluginContext", who: str, reason: str, until: date | None) -> dict[str, Any]:
    """A 正当理由 for not attending or not paying (no alerts while it holds)."""
    _, rid, _ = member_of(ctx, who)
    return _save(ctx, rid, {"excuse": reason, "excuse_until": until.isoformat() if until else None})


def add_member(ctx: "PluginContext", who: str, status: str, day: date, extra: dict[str, Any]) -> int:
    pid = person_id(ctx, who)
    if pid in members(ctx):
        raise DataError(f"{person_name(ctx, pid)} 已有党员档案（用 member promote 变更阶段）")
    if status not in STAGES:
        raise DataError(f"新建档案的状态应为 {'、'.join(STAGES)}")
    values = {"person": pid, "status": status, STAGE_DATE[status]: day.isoformat(), **extra}
    if status == "预备党员":
        values["probation_end"] = add_year(day).isoformat()
    return ctx.records.add(MEMBER, values)


def promote(ctx: "PluginContext", who: str, to: str, day: date) -> dict[str, Any]:
    pid, rid, doc = member_of(ctx, who)
    expected = next_stage(doc["status"])
    if to != expected:
        if expected is None:
            raise DataError(f"{person_name(ctx, pid)} 当前为{doc['status']}，不能再晋级")
        raise DataError(f"{person_name(ctx, pid)} 当前为{doc['status']}，下一阶段应为{expected}，不能跳到{to}")
    last = doc.get(STAGE_DATE[doc["status"]])
    if last and day.isoformat() < last:
        raise DataError(f"{to}日期 {day.isoformat()} 早于{doc['status']}日期 {last}")
    changes: dict[str, Any] = {"status": to, STAGE_DATE[to]: day.isoformat()}
    if to == "预备党员":
        changes["probation_end"] = add_year(day).isoformat()
    if to == "正式党员":
        end = doc.get("extended_until") or doc.get("probation_end")
        if end and day.isoformat() < end:
            raise DataError(f"预备期到 {end} 才满，不能在 {day.isoformat()} 转正")
    return _save(ctx, rid, changes)


def extend_probation(ctx: "PluginContext", who: str, until: date) -> dict[str, Any]:
    pid, rid, doc = member_of(ctx, who)
    if doc["status"] != "预备党员":
        raise DataError(f"{person_name(ctx, pid)} 不是预备党员，不能延长预备期")
    if doc.get("extended_until"):
        raise DataError(f"{person_name(ctx, pid)} 的预备期已延长过一次（至 {doc['extended_until']}），只能延长一次（篇18 L461）")
    end = date.fromisoformat(doc["probation_end"])
    if until <= end:
        raise DataError(f"延长后的日期应晚于原预备期满 {end.isoformat()}")
    if until > add_year(end):
        raise DataError(f"延长预备期不超过一年：最晚到 {add_year(end).isoformat()}（篇18 L461）")
    return _save(ctx, rid, {"extended_until": until.isoformat()})


def exit_member(ctx: "PluginContext", who: str, kind: str, day: date, body: str, approved: date | None) -> dict[str, Any]:
    pid, rid, doc = member_of(ctx, who)
    if kind not in EXITS:
        raise DataError(f"出党方式应为 {'、'.join(EXITS)}")
    if kind == "取消预备党员资格" and doc["status"] != "预备党员":
        raise DataError("只有预备党员才能取消预备党员资格")
    if doc["status"] in EXITS:
        raise DataError(f"{person_name(ctx, pid)} 已经{doc['status']}")
    return _save(ctx, rid, {"status": kind, "exit_date": day.isoformat(), "exit_body": body,
                            "exit_approved": approved.isoformat() if approved else None})


def log_meeting(ctx: "PluginContext", kind: str, day: date, title: str | None, topic: str | None, speaker: str | None,
                attendees: list[str], absentees: list[str], summary: str | None, place: str | None) -> int:
    """Record a held meeting and its attendance in one go; attendees must be active members."""
    if kind not in MEETING_KINDS:
        raise DataError(f"会议类型应为 {'、'.join(MEETING_KINDS)}")
    roster = members(ctx)
    problems, ids, absent = [], [], []
    for who in attendees:
        try:
            pid = person_id(ctx, who)
        except NotFound as exc:
            problems.append(f"参会人员：{exc.message}")
            continue
        doc = roster.get(pid, (0, {}))[1]
        if kind != "党课" and doc.get("status") not in ACTIVE:  # 党课 may be open to 积极分子
            problems.append(f"参会人员 {person_name(ctx, pid)} 不是党员（{doc.get('status') or '无党员档案'}）")
        ids.append(pid)
    for item in absentees:
        name, _, reason = item.partition(":") if ":" in item else item.partition("：")
        try:
            pid = person_id(ctx, name.strip())
        except NotFound as exc:
            problems.append(f"缺席人员：{exc.message}")
            continue
        absent.append(f"{person_name(ctx, pid)}:{reason.strip() or '未说明'}")
    if problems:
        raise ValidationError(problems, subject="无法登记会议")
    return ctx.events.add({
        "title": title or kind, "date": day.isoformat(), "type": MEETING, "domain": "dangjian", "status": "done",
        "place": place, "summary": summary, "attendees": [str(i) for i in ids], "count": len(ids),
        "fields": {k: v for k, v in {"meeting_kind": kind, "topic": topic, "speaker": speaker,
                                     "absentees": absent or None}.items() if v},
    })


def meetings(ctx: "PluginContext", span: Period | None = None) -> list[dict[str, Any]]:
    return [e for _, e in ctx.events.query(type=MEETING, status="done", period=span)]


def attendance(ctx: "PluginContext", who: str, span: Period) -> dict[str, Any]:
    pid, _, doc = member_of(ctx, who)
    held = meetings(ctx, span)
    attended = [e for e in held if pid in e.get("attendees", [])]
    name = person_name(ctx, pid)
    absent = [e for e in held if pid not in e.get("attendees", [])]
    reasons = {}
    for e in absent:
        for a in (e.get("fields") or {}).get("absentees", []):
            if a.split(":")[0] == name:
                reasons[e["date"]] = a.split(":", 1)[1]
    return {"person": name, "meetings": len(held), "attended": len(attended),
            "rate": f"{len(attended) / len(held) * 100:.0f}%" if held else "—",
            "absent": [{"date": e["date"], "meeting": e.get("title"), "reason": reasons.get(e["date"], "")} for e in absent]}


# -- 党费 --------------------------------------------------------------------------------------
def parse_money(text: str) -> Decimal:
    from shequ.api import parse_decimal

    try:
        value = parse_decimal(text)
    except (ValueError, InvalidOperation):
        raise DataError(f"收入不是有效的数字：{text}") from None
    if value < 0:
        raise DataError(f"收入不能为负数：{text}")
    return value


def set_standard(ctx: "PluginContext", who: str, kind: str, income: str | None) -> dict[str, Any]:
    pid, rid, doc = member_of(ctx, who)
    value = parse_money(income) if income is not None else None
    try:
        dues = monthly_dues(kind, value) if kind != "农民" else monthly_dues(kind, farmer_amount=value)
    except ValueError as exc:
        raise DataError(str(exc)) from None
    return _save(ctx, rid, {"dues_kind": kind, "income": str(value) if value is not None and kind != "农民" else None,
                            "dues": str(dues)})


def paid_months(ctx: "PluginContext") -> dict[tuple[int, str], int]:
    """(person id, month) → the 党费 entry paying it (once per read session, from the ledger's columns)."""
    def compute() -> dict[tuple[int, str], int]:
        from itertools import compress

        ids, c = ctx.ledger.columns(("dues_month", "void", "payee"))
        months, voids, payees = c["dues_month"], c["void"], c["payee"]
        return {(payees[i], months[i]): ids[i] for i in compress(range(len(ids)), months)
                if not voids[i] and payees[i] is not None}

    return ctx.memo("dangjian.paid_months", compute)


def due_members(ctx: "PluginContext", span: Period) -> list[tuple[int, str, dict[str, Any], str]]:
    """(person id, name, member record, month) for every active member and month in *span*."""
    out = []
    for pid, (_, doc) in sorted(members(ctx).items()):
        for m in span.months():
            start = doc.get("admitted") or ""
            if doc.get("status") not in ACTIVE and not (doc.get("status") in EXITS and (doc.get("exit_date") or "") > m.end.isoformat()):
                continue
            if start and start > m.end.isoformat():
                continue
            out.append((pid, person_name(ctx, pid), doc, m.label))
    return out


def collect(ctx: "PluginContext", span: Period, only: list[str], day: date, skip: list[str] = ()) -> tuple[int, Decimal]:  # type: ignore[assignment]
    """Book every unpaid month of *span* for each member (or only some), one entry per member and month."""
    paid = paid_months(ctx)
    wanted = {person_id(ctx, w) for w in only}
    skipped = {person_id(ctx, w) for w in skip}
    count, total = 0, Decimal(0)
    for pid, name, doc, m in due_members(ctx, span):
        if (wanted and pid not in wanted) or pid in skipped:
            continue
        if (pid, m) in paid:
            if wanted:
                raise DataError(f"{name} {m} 的党费已交（账目 #{paid[(pid, m)]}）")
            continue
        if not doc.get("dues"):
            raise DataError(f"{name} 还没有核定党费标准（shequ dangjian dues standard {name} --kind … --income …）")
        ctx.ledger.add({"date": day.isoformat(), "amount": doc["dues"], "direction": "in", "account": "收入:党费",
                        "payee": str(pid), "memo": f"党费 {m}", "dues_month": m})
        count += 1
        total += Decimal(doc["dues"])
    return count, total


def dues_status(ctx: "PluginContext", span: Period) -> list[dict[str, Any]]:
    paid = paid_months(ctx)
    rows = []
    for pid, name, doc, m in due_members(ctx, span):
        rows.append({"person": name, "month": m, "dues": doc.get("dues"), "paid": (pid, m) in paid})
    return rows


# -- training, volunteers ----------------------------------------------------------------------
def training_status(ctx: "PluginContext", year: int) -> list[dict[str, Any]]:
    days: dict[int, Decimal] = {}
    tested: dict[int, bool] = {}
    for _, e in ctx.events.query(type=TRAINING, status="done", period=str(year)):
        d = Decimal(str((e.get("fields") or {}).get("days") or 0))
        for pid in e.get("attendees", []):
            days[pid] = days.get(pid, Decimal(0)) + d
            tested[pid] = tested.get(pid, False) or bool((e.get("fields") or {}).get("tested"))
    scores: dict[int, list[str]] = {}
    trainings = {eid for eid, _ in ctx.events.query(type=TRAINING, period=str(year))}
    for _, s in ctx.records.list("dangjian.test_score"):
        if s.get("training") in trainings:
            scores.setdefault(s["person"], []).append(s["score"])
    rows = []
    for pid, (_, doc) in sorted(members(ctx).items()):
        if doc.get("status") in ACTIVE:
            total = days.get(pid, Decimal(0))
            rows.append({"person": person_name(ctx, pid), "days": str(total.normalize()) if total else "0",
                         "tested": tested.get(pid, False) or pid in scores, "scores": scores.get(pid, []), "met": total >= 7})
    return rows


# -- alerts -------------------------------------------------------------------------------------
class Alert(NamedTuple):
    kind: str
    person: str
    detail: str


def alerts(ctx: "PluginContext", today: date) -> list[Alert]:
    """篇18 L460: 连续6个月不参加组织生活或不交纳党费 → an alert with the evidence, never a status change."""
    out: list[Alert] = []
    held = meetings(ctx)
    paid = paid_months(ctx)
    for pid, (_, doc) in sorted(members(ctx).items()):
        name = person_name(ctx, pid)
        if doc.get("status") == "预备党员":
            end = doc.get("extended_until") or doc.get("probation_end")
            if end and 0 <= (date.fromisoformat(end) - today).days <= 30:
                out.append(Alert("预备期将满", name, f"预备期 {end} 期满，请按时讨论转正（篇18 L455）"))
            elif end and date.fromisoformat(end) < today:
                out.append(Alert("预备期已满", name, f"预备期已于 {end} 期满，尚未转正"))
            if doc.get("extended_until") and doc.get("probation_end") and \
                    date.fromisoformat(doc["extended_until"]) > add_year(date.fromisoformat(doc["probation_end"])):
                out.append(Alert("延长超过一年", name, f"延长至 {doc['extended_until']}，超过一年（篇18 L461）"))
        if doc.get("status") not in ACTIVE:
            continue
        if doc.get("excuse") and (not doc.get("excuse_until") or doc["excuse_until"] >= today.isoformat()):
            continue  # 正当理由 recorded: no alert
        since = doc.get("admitted") or "1900-01-01"
        attended = [e["date"] for e in held if pid in e.get("attendees", []) and e.get("fields", {}).get("meeting_kind") in ORG_LIFE]
        last = max(attended) if attended else None
        ref = last or since
        if months_between(date.fromisoformat(ref), today) >= 6:
            what = f"最近一次参加组织生活：{last}" if last else "档案建立以来未参加组织生活"
            out.append(Alert("连续6个月未参加组织生活", name, f"{what}（篇18 L460，请核实是否有正当理由）"))
        months_paid = sorted(m for (p, m) in paid if p == pid)
        last_paid = months_paid[-1] if months_paid else None
        start = month(int(since[:4]), int(since[5:7])).start if since != "1900-01-01" else None
        unpaid_from = (date(int(last_paid[:4]), int(last_paid[5:7]), 1) if last_paid else start)
        if unpaid_from is not None and months_between(unpaid_from, today) >= 7:
            what = f"最近一次交纳党费：{last_paid}" if last_paid else "未交纳过党费"
            out.append(Alert("连续6个月未交纳党费", name, f"{what}（篇18 L460）"))
    return out
