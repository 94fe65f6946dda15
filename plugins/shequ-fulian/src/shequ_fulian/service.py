"""妇联 use cases over shequ's public API (``ctx`` is a :class:`shequ.api.PluginContext`).

Sensitive people (受检人, 救助对象, 送达对象, 受助人) are stored by id in records whose person
fields are masked; nothing here puts their names into an event, a ledger entry or a message
that a report could carry.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable

from shequ import DataError, NotFound, ValidationError

from . import (AIDED, CHECKED, CHECKUP, EVALUATION, MEMBER, OUTREACH, PERSON_AWARDS, RECIPIENT, REFERRAL, SEASONS, TEAM,
               ZHUXUE_FUND, ZHUXUE_IN, ZHUXUE_OUT)

if TYPE_CHECKING:
    from shequ.api import PluginContext
    from shequ.periods import Period

SEASON_KEYS = {"春季": "calendar.spring", "夏季": "calendar.summer", "秋季": "calendar.autumn", "冬季": "calendar.winter"}


# -- validation (shequ_validate) ---------------------------------------------------------------
def validate(record: dict[str, Any], type_id: str, ctx: "PluginContext") -> list[str]:
    today = ctx.today.isoformat()
    p: list[str] = []
    if type_id == CHECKED.id and record.get("date", "") > today:
        p.append(f"体检日期 {record['date']} 晚于今天（{today}）：体检记录只登记已做的检查，计划中的体检请用 shequ fulian checkup plan")
    elif type_id == REFERRAL.id:
        if record.get("reported", "") > today:
            p.append(f"上报日期 {record['reported']} 晚于今天（{today}）")
        outcome, when = record.get("outcome") or "待答复", record.get("outcome_date")
        if outcome != "待答复" and not when:
            p.append(f"结果为“{outcome}”时须写明答复日期")
        if when and record.get("reported") and when < record["reported"]:
            p.append(f"答复日期 {when} 早于上报日期 {record['reported']}")
        if record.get("amount") is not None and Decimal(record["amount"]) < 0:
            p.append("救助金额不能为负数")
    elif type_id == EVALUATION.id:
        p.extend(_evaluation_problems(record, ctx))
    elif type_id == MEMBER.id:
        try:
            ctx.records.get(record["team"], TEAM.id)
        except NotFound:
            p.append(f"队伍编号 {record['team']} 不存在（shequ fulian team list 查看）")
        if record.get("left") and record.get("joined") and record["left"] < record["joined"]:
            p.append(f"退出日期 {record['left']} 早于加入日期 {record['joined']}")
    elif type_id == "fulian.entry":
        levels = ctx.settings["fulian.contest_levels"]
        if record.get("level") not in levels:
            p.append(f"比赛级别应为 {'、'.join(levels)}：{record.get('level')}（设置 fulian.contest_levels 可改）")
    elif type_id == "fulian.org":
        if record.get("status") == "已命名" and not record.get("named"):
            p.append("创建状态为“已命名”时须写明命名日期")
        if record.get("named") and record.get("started") and record["named"] < record["started"]:
            p.append(f"命名日期 {record['named']} 早于开始创建日期 {record['started']}")
    elif type_id in ("fulian.training", "fulian.publicity", "fulian.outreach"):
        counts = {"units": "参会单位数", "posts": "提供岗位数", "intents": "达成意向数", "materials": "资料份数",
                  "quantity": "数量"}
        p.extend(f"{label}不能为负数：{record[key]}" for key, label in counts.items()
                 if record.get(key) is not None and record[key] < 0)
    elif type_id == AIDED.id and Decimal(record.get("amount") or 0) <= 0:
        p.append("受助金额应为正数")
    return p


def households(ctx: "PluginContext") -> set[str]:
    return {h for h in ctx.people.register().column("household") if h}


def _evaluation_problems(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    p = []
    household = record.get("household")
    if household and household not in households(ctx):
        p.append(f"户号 {household} 不存在（花名册中没有这一户）")
    person = record.get("person")
    if person is not None:
        own = ctx.people.get(person).get("household")
        if household and own != household:
            p.append(f"{ctx.people.name(person)} 不是 {household} 户的成员（户号为 {own or '空'}）")
    elif record.get("award") in PERSON_AWARDS:
        p.append(f"“{record['award']}”评的是人，请写明人员（--person）")
    year = record.get("year")
    if year is not None and not 1949 <= year <= ctx.today.year:
        p.append(f"年度应在 1949–{ctx.today.year} 之间：{year}")
    return p


# -- people ---------------------------------------------------------------------------------
def resident(ctx: "PluginContext", who: str, role: str = "") -> int:
    """A registered resident's id; a clear error naming what was typed otherwise."""
    try:
        return ctx.people.resolve(who)
    except NotFound:
        raise NotFound(f"{role}“{who}”不在花名册中（先用 shequ people add 登记）") from None


def residents(ctx: "PluginContext", names: Iterable[str], role: str) -> list[int]:
    """Every name resolved, or one error listing every name that is not (nothing is written)."""
    ids, problems = [], []
    for who in names:
        try:
            pid = ctx.people.resolve(who)
        except (NotFound, DataError) as exc:
            problems.append(f"{role}“{who}”：{'不在花名册中' if isinstance(exc, NotFound) else exc.message}")
            continue
        if pid not in ids:
            ids.append(pid)
    if problems:
        raise ValidationError(problems, subject="无法登记（一人也未写入）")
    return ids


# -- health checks --------------------------------------------------------------------------
def season_of(ctx: "PluginContext", day: date) -> str | None:
    """The season (calendar.spring … settings) *day* falls in."""
    for name in SEASONS:
        (m1, d1), (m2, d2) = ctx.settings[SEASON_KEYS[name]]
        a, b, x = (m1, d1), (m2, d2), (day.month, day.day)
        if (a <= x <= b) if a <= b else (x >= a or x <= b):
            return name
    return None


def season_span(ctx: "PluginContext", name: str, year: int) -> "Period":
    from shequ.periods import Period

    from calendar import monthrange

    def day(y: int, m: int, d: int) -> date:  # a 02-29 setting in a common year is 02-28
        return date(y, m, min(d, monthrange(y, m)[1]))

    (m1, d1), (m2, d2) = ctx.settings[SEASON_KEYS[name]]
    start = day(year, m1, d1)
    end = day(year if (m2, d2) >= (m1, d1) else year + 1, m2, d2)
    return Period(start, end, f"{year}{name}", "range")


def checked_ids(ctx: "PluginContext", span: "Period", kind: str | None = None) -> set[int]:
    found = ctx.records.list(CHECKED.id, f"date>={span.start.isoformat()}", f"date<={span.end.isoformat()}")
    return {r["person"] for _, r in found if kind is None or r.get("kind") == kind}


def todo(ctx: "PluginContext", span: "Period", on: date, kind: str | None = None) -> tuple[list[int], int, int]:
    """育龄妇女 on *on* with no check in *span*: (their ids, how many 育龄妇女, how many checked)."""
    women = ctx.people.members("育龄妇女", on)
    done = checked_ids(ctx, span, kind) & women
    reg = ctx.people.register(on)
    keys = reg.column("name_py")  # the register's own order: by pinyin
    left = sorted(women - done, key=lambda pid: (keys[reg.position(pid)] or "", pid))
    return left, len(women), len(done)


def checkup_event(ctx: "PluginContext", event: str | None, day: date, kind: str, free: bool,
                  partner: str | None) -> tuple[int, dict[str, Any]]:
    """The 体检活动 the checks belong to: the one given, the one held that day for *kind*, or a new one."""
    if event:
        eid, ev = ctx.events.find(event)
        if ev.get("type") != CHECKUP.id:
            raise DataError(f"活动 #{eid} 不是体检活动（是 {ev.get('type')}）")
        if ev["date"] > ctx.today.isoformat():
            raise DataError(f"体检活动 #{eid} 的日期 {ev['date']} 晚于今天，不能登记为已检查")
        return eid, ev
    for eid, ev in ctx.events.query(type=CHECKUP.id, period=day.isoformat()):
        if (ev.get("fields") or {}).get("kind") == kind and ev.get("status") != "cancelled":
            return eid, ev
    fields = {"kind": kind, "season": season_of(ctx, day), "free": free, "partner": partner}
    eid = ctx.events.add({"title": f"妇女{kind}", "date": day.isoformat(), "type": CHECKUP.id, "domain": "fulian",
                          "status": "done", "fields": {k: v for k, v in fields.items() if v is not None}})
    return eid, ctx.events.get(eid)


def log_checkups(ctx: "PluginContext", names: list[str], day: date | None, kind: str, free: bool,
                 partner: str | None, event: str | None) -> tuple[int, int, list[str]]:
    """Record that these women were checked; returns (event id, how many recorded, warnings)."""
    if event is None and day is None:
        day = ctx.today
    if day is not None and day > ctx.today:
        raise DataError(f"体检日期 {day.isoformat()} 晚于今天（{ctx.today.isoformat()}）：已做的体检才能登记；"
                        "计划中的体检请用 shequ fulian checkup plan")
    ids = residents(ctx, names, "受检人")
    eid, ev = checkup_event(ctx, event, day or ctx.today, kind, free, partner)
    when = ev["date"]
    kind = (ev.get("fields") or {}).get("kind", kind)
    already = {r["person"] for _, r in ctx.records.list(CHECKED.id, event=eid)}
    twice = [ctx.people.name(pid) for pid in ids if pid in already]
    if twice:
        raise DataError(f"这次体检（#{eid}）已登记过：{'、'.join(twice)}")
    women = ctx.people.members("育龄妇女", date.fromisoformat(when))
    warnings = [f"注意：{ctx.people.name(pid)} 不在 {when} 的育龄妇女名单中（仍已登记）" for pid in ids if pid not in women]
    for pid in ids:
        ctx.records.add(CHECKED.id, {"person": pid, "date": when, "kind": kind, "free": free if event is None else
                                     (ev.get("fields") or {}).get("free", True), "event": eid})
    ctx.events.done(eid, count=len(already) + len(ids))  # 人次 on the event; names only in masked records
    return eid, len(ids), warnings


def checkup_record(ctx: "PluginContext", key: str, day: date | None) -> int:
    """A 体检记录 by its id, or a woman's check (on *day*, else her latest)."""
    text = str(key).strip().lstrip("#")
    if text.isdigit() and day is None:
        try:
            ctx.records.get(text, CHECKED.id)
            return int(text)
        except NotFound:
            raise NotFound(f"找不到体检记录：{key}（shequ fulian checkup list 查看编号）") from None
    pid = resident(ctx, key, "受检人")
    found = [(rid, r) for rid, r in ctx.records.list(CHECKED.id, person=pid) if day is None or r["date"] == day.isoformat()]
    if not found:
        when = f"{day.isoformat()} " if day else ""
        raise NotFound(f"“{key}”没有{when}的体检记录")
    return max(found, key=lambda item: (item[1]["date"], item[0]))[0]


# -- referrals ------------------------------------------------------------------------------
def referral(ctx: "PluginContext", key: str) -> tuple[int, dict[str, Any]]:
    text = str(key).strip().lstrip("#")
    try:
        return int(text), ctx.records.get(text, REFERRAL.id)
    except (NotFound, ValueError):
        raise NotFound(f"找不到临时救助上报：{key}（shequ fulian refer list 查看编号）") from None


def close_referral(ctx: "PluginContext", key: str, outcome: str, day: date, amount: str | None) -> dict[str, Any]:
    rid, rec = referral(ctx, key)
    if rec.get("outcome", "待答复") != "待答复":
        raise DataError(f"临时救助上报 #{rid} 已于 {rec.get('outcome_date')} 答复（{rec['outcome']}），不能重复登记")
    if amount is not None and outcome != "已救助":
        raise DataError("只有“已救助”才有救助金额")
    return ctx.records.edit(rid, {"outcome": outcome, "outcome_date": day.isoformat(), "amount": amount})


# -- teams ----------------------------------------------------------------------------------
def team(ctx: "PluginContext", key: str) -> tuple[int, dict[str, Any]]:
    """A team by id or name."""
    text = str(key).strip().lstrip("#")
    if text.isdigit():
        try:
            return int(text), ctx.records.get(text, TEAM.id)
        except NotFound:
            pass
    found = ctx.records.find(TEAM.id, name=text)
    if found is None:
        raise NotFound(f"找不到队伍：{key}（shequ fulian team list 查看）")
    return found


def add_team(ctx: "PluginContext", name: str, kind: str, founded: date | None, note: str | None) -> int:
    if ctx.records.find(TEAM.id, name=name.strip()):
        raise DataError(f"已有名为“{name}”的队伍")
    return ctx.records.add(TEAM.id, {"name": name, "kind": kind, "founded": founded.isoformat() if founded else None,
                                     "note": note})


def active_members(ctx: "PluginContext", team_id: int, on: date | None = None) -> list[tuple[int, dict[str, Any]]]:
    day = (on or ctx.today).isoformat()
    return [(rid, m) for rid, m in ctx.records.list(MEMBER.id, team=team_id)
            if (m.get("joined") or "") <= day and not (m.get("left") and m["left"] <= day)]


def join(ctx: "PluginContext", team_key: str, who: str, role: str, day: date) -> int:
    tid, t = team(ctx, team_key)
    pid = resident(ctx, who, "队员")
    if any(m["person"] == pid for _, m in active_members(ctx, tid, day)):
        raise DataError(f"{ctx.people.name(pid)} 已是“{t['name']}”的队员")
    return ctx.records.add(MEMBER.id, {"team": tid, "person": pid, "role": role, "joined": day.isoformat()})


def leave(ctx: "PluginContext", team_key: str, who: str, day: date) -> None:
    tid, t = team(ctx, team_key)
    pid = resident(ctx, who, "队员")
    current = [rid for rid, m in active_members(ctx, tid, day) if m["person"] == pid]
    if not current:
        raise DataError(f"{ctx.people.name(pid)} 不是“{t['name']}”的在队队员")
    ctx.records.edit(current[0], {"left": day.isoformat()})


# -- evaluations ----------------------------------------------------------------------------
def add_evaluation(ctx: "PluginContext", award: str, household: str | None, who: str | None, year: int | None,
                   day: date, note: str | None) -> int:
    pid = resident(ctx, who, "人员") if who else None
    if household is None:
        if pid is None:
            raise DataError("请写明户号（--household）或人员（--person）")
        household = ctx.people.get(pid).get("household")
        if not household:
            raise DataError(f"{ctx.people.name(pid)} 在花名册中没有户号，请先补上（shequ people edit … --household）")
    elif household not in households(ctx):
        raise DataError(f"户号 {household} 不存在（花名册中没有这一户）")
    year = year or day.year
    for _, e in ctx.records.list(EVALUATION.id, year=year, award=award, household=household):
        if pid is None or e.get("person") == pid:
            raise DataError(f"{household} 户{year}年已评为“{award}”")
    return ctx.records.add(EVALUATION.id, {"award": award, "year": year, "household": household, "person": pid,
                                           "date": day.isoformat(), "note": note})


# -- outreach (送春联) -------------------------------------------------------------------------
def tagged(ctx: "PluginContext", tags: Iterable[str], on: date) -> list[int]:
    wanted = set(tags)
    if not wanted:
        return []
    reg = ctx.people.register(on)
    ids = reg.ids
    return [ids[i] for i, t in enumerate(reg.column("tags")) if t and wanted & set(t)]


def log_outreach(ctx: "PluginContext", title: str, day: date, item: str, names: list[str], tags: list[str],
                 fields: dict[str, Any], place: str | None) -> tuple[int, int]:
    if day > ctx.today:
        raise DataError(f"活动日期 {day.isoformat()} 晚于今天：只登记已开展的送达（计划请用 shequ calendar add）")
    chosen = residents(ctx, names, "送达对象")
    by_tag = tagged(ctx, tags, day)
    unknown = [t for t in tags if not any(t in (ctx.people.get(pid).get("tags") or []) for pid in by_tag)]
    if unknown:
        raise DataError(f"花名册中没有带这些标签的人：{'、'.join(unknown)}")
    everyone = list(dict.fromkeys([*chosen, *by_tag]))
    values = {"item": item, **{k: v for k, v in fields.items() if v not in (None, "", [])}}
    eid = ctx.events.add({"title": title, "date": day.isoformat(), "type": OUTREACH.id, "domain": "fulian",
                          "status": "done", "place": place, "count": len(everyone) or None, "fields": values})
    tag_of = {pid: next((t for t in tags if t in (ctx.people.get(pid).get("tags") or [])), None) for pid in by_tag}
    for pid in everyone:
        ctx.records.add(RECIPIENT.id, {"event": eid, "person": pid, "group": tag_of.get(pid) or "指定"})
    return eid, len(everyone)


# -- 爱心助学 -----------------------------------------------------------------------------------
def donate(ctx: "PluginContext", amount: str, donor: str, day: date, voucher: str | None, memo: str | None) -> int:
    return ctx.ledger.add({"date": day.isoformat(), "amount": amount, "direction": "in", "account": ZHUXUE_IN,
                           "fund": ZHUXUE_FUND, "payee": donor, "voucher": voucher,
                           "memo": memo or f"爱心助学捐款（{donor}）"})


def pay(ctx: "PluginContext", amount: str, who: str | None, day: date, voucher: str | None,
        note: str | None) -> tuple[int, int | None]:
    """Pay out of the fund (the ledger refuses an overdraft); the student, if named, is kept in a
    masked record, never as the ledger entry's payee."""
    pid = resident(ctx, who, "受助人") if who else None
    entry = ctx.ledger.add({"date": day.isoformat(), "amount": amount, "direction": "out", "account": ZHUXUE_OUT,
                            "fund": ZHUXUE_FUND, "voucher": voucher,
                            "memo": "爱心助学发放" + ("（受助人见 shequ fulian zhuxue list）" if pid else "")})
    rid = None
    if pid is not None or note:
        rid = ctx.records.add(AIDED.id, {"person": pid, "date": day.isoformat(), "amount": amount, "entry": entry,
                                         "note": note})
    return entry, rid


def zhuxue_figures(ctx: "PluginContext", span: "Period") -> dict[str, str]:
    raised = ctx.ledger.total(ZHUXUE_IN, span, direction="in", fund=ZHUXUE_FUND)
    paid = ctx.ledger.total(ZHUXUE_OUT, span, direction="out", fund=ZHUXUE_FUND)
    return {"raised": f"{raised:.2f}", "paid": f"{paid:.2f}", "balance": f"{ctx.ledger.fund_balance(ZHUXUE_FUND):.2f}"}
