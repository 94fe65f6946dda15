"""Monthly payments through the core's disbursement schedules (``ctx.ledger``): 孤儿生活费, 尊老金 and the
monthly amounts of assistance cases; the month's payment list, what changed since last month, the
payment run (once per schedule and month), and the changes that stop or adjust a payment.

A schedule belongs to this plugin when its account is ``支出:民政:<项目>``; the program is read from the
account.  Changes take effect in the month they occur (setting ``minzheng.change_effective``): a stop on
12 March under 当月 makes February the last month paid; an adjustment ends the old schedule and starts a
new one, so months already booked keep their amounts.  Nothing here puts a name into a message.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable

from shequ import DataError, NotFound

from .labels import ORPHAN, ZUNLAOJIN, account_of
from .rules import add_months, band_amount, month_end, month_of, month_start, parse_money, program_of, yuan

if TYPE_CHECKING:
    from shequ.api import PluginContext

FUNDED = {ORPHAN: ORPHAN, ZUNLAOJIN: ZUNLAOJIN}  # earmarked funds (专款专用) the schedules draw on


# -- schedules -------------------------------------------------------------------------------------
def schedules(ctx: "PluginContext") -> dict[int, dict[str, Any]]:
    """This plugin's schedules: ``{id: {…the core's fields…, "program"}}``."""
    out = {}
    for sid, s in ctx.ledger.schedules().items():
        program = program_of(s.get("account"))
        if program:
            out[sid] = {**s, "program": program}
    return out


def paid(ctx: "PluginContext") -> dict[tuple[str, str], int]:
    """(schedule id, month) → the entry that paid it, from the ledger's columns."""
    def compute() -> dict[tuple[str, str], int]:
        from itertools import compress

        ids, c = ctx.ledger.columns(("schedule", "schedule_month", "void"))
        schedules, months, voids = c["schedule"], c["schedule_month"], c["void"]
        # Only the few scheduled payments among 200,000 entries are looked at (a C-level compress).
        return {(schedules[i], months[i]): ids[i] for i in compress(range(len(ids)), schedules) if not voids[i]}

    return ctx.memo("minzheng.paid", compute)


def paid_months(ctx: "PluginContext", sid: int) -> dict[str, int]:
    return {m: e for (k, m), e in paid(ctx).items() if k == str(sid)}


def active(s: dict[str, Any], month: str) -> bool:
    return s["from"] <= month and (not s.get("to") or s["to"] >= month)


def change_month(ctx: "PluginContext", day: date) -> str:
    """The first month a change occurring on *day* applies to (当月 or 次月, a setting)."""
    m = month_of(day)
    return m if ctx.settings["minzheng.change_effective"] == "当月" else add_months(m, 1)


def start(ctx: "PluginContext", pid: int, program: str, amount: Decimal, first: str, fund: str | None = None, *,
          checked: bool = False) -> int:
    """A monthly payment from month *first*; refused if it would overlap one the person already has
    (one payment per person, program and month).  *checked*: the caller already knows it does not."""
    for sid, s in [] if checked else sorted(schedules(ctx).items()):
        if s["payee"] == pid and s["program"] == program and (not s.get("to") or s["to"] >= first):
            until = f"至 {s['to']}" if s.get("to") else "至今"
            raise DataError(f"该人员的{program}已有定期发放 #{sid}（自 {s['from']} {until}），与自 {first} 起的新发放重叠"
                            f"（同一人同一月只发一次）")
    return ctx.ledger.add_schedule({"payee": str(pid), "amount": yuan(amount), "account": account_of(program),
                                    "from": first, "fund": fund, "memo": program})


def end(ctx: "PluginContext", sid: int, last: str, s: dict[str, Any] | None = None) -> list[str]:
    """Stop schedule *sid* (*s*, if the caller has it) after month *last*; notes (no names) on months paid beyond it."""
    s = s or ctx.ledger.schedules()[sid]
    if s.get("to") and s["to"] <= last:
        return []
    done = paid_months(ctx, sid)
    if last < s["from"]:
        if s["from"] not in done:
            raise DataError(f"定期发放 #{sid} 自 {s['from']} 起，按变更规则一个月也不应发放；shequ 不能撤销从未发放的定期发放"
                            f"（见插件 API-NOTES.md）。如确应发放 {s['from']} 这一个月，请用 case stop 或 orphan stop 的 --last-paid {s['from']}")
        last = s["from"]
    ctx.ledger.edit_schedule(sid, {"to": last})
    over = sorted(m for m in done if m > last)
    if over:
        entries = "、".join(f"#{done[m]}" for m in over)
        return [f"定期发放 #{sid} 已发放 {'、'.join(over)}（账目 {entries}），停发后属多发，请追回后作废这些账目"]
    return []


def change_amount(ctx: "PluginContext", sid: int, amount: Decimal, first: str,
                  s: dict[str, Any] | None = None) -> tuple[int, list[str]]:
    """A new monthly amount from month *first*: the old schedule ends, a new one starts (booked months stay)."""
    s = s or ctx.ledger.schedules()[sid]
    done = paid_months(ctx, sid)
    notes = []
    late = sorted(m for m in done if m >= first)
    if late:
        first = add_months(late[-1], 1)
        notes.append(f"{'、'.join(late)} 已按原标准发放，新标准自 {first} 起")
    if s.get("to") and s["to"] < first:
        raise DataError(f"定期发放 #{sid} 已于 {s['to']} 后停发，不能调整金额")
    if Decimal(s["amount"]) == amount:
        return sid, []
    if s["from"] >= first:
        ctx.ledger.edit_schedule(sid, {"amount": yuan(amount)})
        return sid, notes
    ctx.ledger.edit_schedule(sid, {"to": add_months(first, -1)})
    new = ctx.ledger.add_schedule({"payee": str(s["payee"]), "amount": yuan(amount), "account": s["account"], "from": first,
                                   "to": s.get("to"), "fund": s.get("fund"), "memo": s.get("memo")})
    return new, notes


# -- the month's list -----------------------------------------------------------------------------
def month_rows(ctx: "PluginContext", month: str, programs: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every payment of *month* (paid or not), with what changed since the month before."""
    wanted = set(programs)
    mine = schedules(ctx)
    done = paid(ctx)
    # A death stops every payment from the month it takes effect, even a schedule the core could not end.
    last_ok = {f["person"]: add_months(change_month(ctx, date.fromisoformat(f["died"])), -1)
               for _, f in ctx.records.list("minzheng.funeral")}
    before = {(s["payee"], s["program"]): s for s in mine.values() if active(s, add_months(month, -1))}
    rows = []
    for sid, s in sorted(mine.items(), key=lambda kv: (kv[1]["program"], kv[0])):
        if (wanted and s["program"] not in wanted) or not active(s, month):
            continue
        if s["payee"] in last_ok and month > last_ok[s["payee"]] and (str(sid), month) not in done:
            continue
        prev = before.get((s["payee"], s["program"]))
        change = "新增" if prev is None else ("调整" if Decimal(prev["amount"]) != Decimal(s["amount"]) else "")
        entry = done.get((str(sid), month))
        rows.append({"schedule": sid, "program": s["program"], "payee": s.get("payee_name"), "payee_id": s["payee"],
                     "month": month, "amount": s["amount"], "fund": s.get("fund"), "paid": entry is not None,
                     "entry": entry, "change": change, "old_amount": prev["amount"] if change == "调整" else None})
    return rows


def changes(ctx: "PluginContext", month: str, programs: Iterable[str] = ()) -> list[dict[str, Any]]:
    """新增, 调整 and 停发 between the month before and *month*."""
    wanted = set(programs)
    rows = [r for r in month_rows(ctx, month, wanted) if r["change"]]
    now = {(r["payee_id"], r["program"]) for r in month_rows(ctx, month, wanted)}
    prev = add_months(month, -1)
    for sid, s in sorted(schedules(ctx).items()):
        if (wanted and s["program"] not in wanted) or not active(s, prev) or (s["payee"], s["program"]) in now:
            continue
        rows.append({"schedule": sid, "program": s["program"], "payee": s.get("payee_name"), "payee_id": s["payee"],
                     "month": month, "amount": None, "old_amount": s["amount"], "change": "停发",
                     "reason": stop_reason(ctx, sid, s["payee"])})
    return sorted(rows, key=lambda r: (r["program"], r["change"], r["schedule"]))


def stop_reason(ctx: "PluginContext", sid: int, pid: int) -> str:
    for rid, c in ctx.records.list("minzheng.case", schedule=sid):
        if c.get("stop_reason"):
            return f"救助 #{rid}：{c['stop_reason']}"
    for rid, o in ctx.records.list("minzheng.orphan", schedule=sid):
        if o.get("end_reason"):
            return f"孤儿 #{rid}：{o['end_reason']}"
    if ctx.records.list("minzheng.funeral", person=pid):
        return "死亡"
    return ""


def fund_shortfalls(ctx: "PluginContext", rows: list[dict[str, Any]]) -> list[str]:
    """Earmarked funds that cannot cover the unpaid rows (专款不能透支)."""
    need: dict[str, Decimal] = {}
    for r in rows:
        if r["fund"] and not r["paid"]:
            need[r["fund"]] = need.get(r["fund"], Decimal(0)) + Decimal(r["amount"])
    out = []
    funds = ctx.ledger.funds()
    for fund, amount in sorted(need.items()):
        have = ctx.ledger.fund_balance(fund)
        if funds.get(fund, {}).get("earmarked") and have < amount:
            out.append(f"{fund}余额 {yuan(have)} 元，不足本次应发 {yuan(amount)} 元（请先记上级拨款：shequ ledger add --in "
                       f"--account 收入:上级拨款:{fund} --fund {fund} --amount …）")
    return out


def pay(ctx: "PluginContext", month: str, programs: Iterable[str], who: str | None, day: date,
        confirm: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The month's run: ``(rows, newly paid rows)``.  Without *confirm* it is a dry run (nothing written)."""
    if month_start(month) > ctx.today:
        raise DataError(f"{month} 还没到（今天是 {ctx.today.isoformat()}），不能提前发放")
    wanted = tuple(programs)
    rows = month_rows(ctx, month, wanted)
    if who is not None:
        pid = ctx.people.resolve(who)
        rows = [r for r in rows if r["payee_id"] == pid]
        _check_person(ctx, pid, month, wanted, rows)
    todo = [r for r in rows if not r["paid"]]
    if not confirm or not todo:
        return rows, []
    short = fund_shortfalls(ctx, todo)
    if short:
        raise DataError("；".join(short))
    ctx.ledger.pay(month, schedules=[r["schedule"] for r in todo], day=day)
    done = paid(ctx)
    for r in todo:
        r["entry"], r["paid"] = done[(str(r["schedule"]), month)], True
    by_program: dict[str, list[dict[str, Any]]] = {}
    for r in todo:
        by_program.setdefault(r["program"], []).append(r)
    for program, paid_rows in by_program.items():
        log_work(ctx, "定期发放", day, program=program, month=month, n=len(paid_rows),
                 amount=sum((Decimal(r["amount"]) for r in paid_rows), Decimal(0)))
    return rows, todo


def _check_person(ctx: "PluginContext", pid: int, month: str, programs: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """A payment asked for one person: refuse paying twice, and paying a stopped or not yet started payment."""
    if rows and all(r["paid"] for r in rows):
        r = rows[0]
        raise DataError(f"该人员 {month} 的{r['program']}已发放（账目 #{r['entry']}），不能重复发放")
    if rows:
        return
    mine = [(sid, s) for sid, s in schedules(ctx).items() if s["payee"] == pid and (not programs or s["program"] in programs)]
    for sid, s in mine:
        if s.get("to") and s["to"] < month:
            why = stop_reason(ctx, sid, pid)
            raise DataError(f"该人员的{s['program']}已停发（最后发放月份 {s['to']}" + (f"，{why}" if why else "")
                            + f"），不能发放 {month}")
    for sid, s in mine:
        if s["from"] > month:
            raise DataError(f"该人员的{s['program']}自 {s['from']} 起发放，{month} 不应发放")
    for rid, c in ctx.records.list("minzheng.case", person=pid):
        if c.get("stage") == "停发":
            raise DataError(f"救助 #{rid}（{c['program']}）已于 {c['stopped']} 停发（{c.get('stop_reason')}），不能发放")
    raise NotFound("该人员没有民政定期发放" + (f"（{'、'.join(programs)}）" if programs else ""))


def log_work(ctx: "PluginContext", item: str, day: date, *, n: int = 1, amount: Decimal | None = None,
             program: str | None = None, month: str | None = None) -> int:
    """Log work done in the calendar, one event per program and month (发放) or per day (年审, 年检): no names."""
    key: dict[str, Any] = {"item": item, **({"program": program} if program else {}), **({"month": month} if month else {})}
    found = [(eid, ev) for eid, ev in ctx.events.query(type="minzheng.work", fields=key)
             if month or ev["date"] == day.isoformat()]
    what = f"{month[:4]}年{int(month[5:])}月{program}发放" if month and program else item
    if found:
        eid, ev = found[0]
        f = ev.get("fields") or {}
        n += int(f.get("cases") or 0)
        if amount is not None:
            amount += Decimal(str(f.get("amount") or 0))
    unit = "人" if item == "定期发放" else ("个" if item == "社会组织年检" else "户")
    summary = f"{item} {n} {unit}" + (f"，共 {yuan(amount)} 元" if amount is not None else "")
    fields = {**key, "cases": n, **({"amount": yuan(amount)} if amount is not None else {})}
    if found:
        ctx.events.edit(found[0][0], {"summary": summary, "fields": fields})
        return found[0][0]
    return ctx.events.add({"title": what, "date": day.isoformat(), "type": "minzheng.work", "domain": "minzheng",
                           "status": "done", "summary": summary, "fields": fields})


# -- 孤儿 -----------------------------------------------------------------------------------------
def orphan_of(ctx: "PluginContext", key: str) -> tuple[int, dict[str, Any]]:
    text = str(key).strip().lstrip("#")
    try:
        return int(text), ctx.records.get(text, "minzheng.orphan")
    except Exception:  # NotFound, or a number that is not a record: the same answer
        raise NotFound(f"找不到孤儿记录：#{text}（shequ minzheng orphan list 查看编号）") from None


def add_orphan(ctx: "PluginContext", who: str, first: str | None, amount: str | None, card: str | None,
               guardian: str | None) -> tuple[int, int, Decimal]:
    pid = ctx.people.resolve(who)
    for rid, o in ctx.records.list("minzheng.orphan", person=pid):
        if not o.get("ended"):
            raise DataError(f"该儿童已在孤儿生活费发放名单中（孤儿 #{rid}）")
    value = parse_money(amount, "孤儿生活费") if amount is not None else ctx.settings["minzheng.orphan_allowance"]
    since = first or change_month(ctx, ctx.today)
    sid = start(ctx, pid, ORPHAN, value, since, fund=FUNDED[ORPHAN])
    rid = ctx.records.add("minzheng.orphan", {"person": pid, "since": since, "amount": yuan(value), "schedule": sid,
                                              "card": card, "guardian": guardian})
    return rid, sid, value


def stop_orphan(ctx: "PluginContext", key: str, day: date, reason: str, last_paid: str | None) -> list[str]:
    rid, o = orphan_of(ctx, key)
    if o.get("ended"):
        raise DataError(f"孤儿 #{rid} 已于 {o['ended']} 停发（{o.get('end_reason')}）")
    notes = end(ctx, o["schedule"], last_paid or add_months(change_month(ctx, day), -1)) if o.get("schedule") else []
    ctx.records.edit(rid, {"ended": day.isoformat(), "end_reason": reason})
    return notes


def adjust_orphans(ctx: "PluginContext", first: str, amount: str | None) -> tuple[Decimal, list[tuple[int, int]], list[str]]:
    """Apply a new 孤儿生活费 standard from month *first* to every orphan still paid."""
    value = parse_money(amount, "孤儿生活费") if amount is not None else ctx.settings["minzheng.orphan_allowance"]
    done, notes = [], []
    for rid, o in ctx.records.list("minzheng.orphan"):
        if o.get("ended") or not o.get("schedule"):
            continue
        sid, more = change_amount(ctx, o["schedule"], value, first)
        notes += more
        if sid != o["schedule"] or Decimal(o.get("amount") or 0) != value:
            ctx.records.edit(rid, {"schedule": sid, "amount": yuan(value)})
            done.append((rid, sid))
    return value, done, notes


# -- 尊老金 ---------------------------------------------------------------------------------------
def _age(birth: str | None, on: date) -> int | None:
    if not birth:
        return None
    b = date.fromisoformat(birth[:10])
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def zunlaojin_plan(ctx: "PluginContext", month: str) -> tuple[list[dict[str, Any]], int]:
    """What the 尊老金 list of *month* needs: ``(rows of 新增/调整/停发, how many stay unchanged)``.

    Eligibility is read on the day a change counts for the month: its last day under 当月 (who turns
    80 in March is paid from March; who dies in March is not paid for March), the day before it under 次月.
    """
    bands = ctx.settings["minzheng.zunlaojin"]
    if not bands:
        raise DataError("尊老金标准尚未设置（原文未给年龄和金额）：shequ config set minzheng.zunlaojin 80=月金额,90=月金额")
    mine = {sid: s for sid, s in schedules(ctx).items() if s["program"] == ZUNLAOJIN}
    later = sorted(s["from"] for s in mine.values() if s["from"] > month)
    if later:
        raise DataError(f"尊老金名单已按 {later[-1]} 同步过，不能再按更早的 {month} 同步")
    same_month = ctx.settings["minzheng.change_effective"] == "当月"
    ref = month_end(month) if same_month else month_start(month) - timedelta(days=1)
    reg = ctx.people.register(ref)
    names, births, hukou = reg.column("name"), reg.column("birth"), reg.column("hukou")
    died = {f["person"]: f["died"] for _, f in ctx.records.list("minzheng.funeral")}
    want: dict[int, tuple[Decimal, int]] = {}
    for pid in reg.aged(bands[0][0]):
        i = reg.position(pid)
        if ctx.settings["minzheng.zunlaojin_scope"] == "户籍人口" and hukou[i] != "户籍":
            continue
        if pid in died and died[pid] <= ref.isoformat():
            continue
        age = _age(births[i], ref)
        amount = band_amount(bands, age)
        if amount is not None and age is not None:
            want[pid] = (amount, age)
    current = {s["payee"]: (sid, s) for sid, s in mine.items() if active(s, month)}
    rows, unchanged = [], 0
    for pid, (amount, age) in sorted(want.items()):
        name = names[reg.position(pid)]
        if pid not in current:
            rows.append({"action": "新增", "person": name, "person_id": pid, "age": age, "amount": yuan(amount),
                         "old_amount": None, "schedule": None, "reason": f"{age}周岁"})
        elif Decimal(current[pid][1]["amount"]) != amount:
            rows.append({"action": "调整", "person": name, "person_id": pid, "age": age, "amount": yuan(amount),
                         "old_amount": current[pid][1]["amount"], "schedule": current[pid][0], "reason": f"{age}周岁"})
        else:
            unchanged += 1
    for pid, (sid, s) in sorted(current.items()):
        if pid in want:
            continue
        if pid in died and died[pid] <= ref.isoformat():
            why = "死亡"
        elif pid not in reg:
            why = "已不在花名册"
        else:
            why = "不在发放范围"
        rows.append({"action": "停发", "person": s.get("payee_name"), "person_id": pid, "age": None, "amount": None,
                     "old_amount": s["amount"], "schedule": sid, "reason": why})
    return rows, unchanged


def zunlaojin_sync(ctx: "PluginContext", month: str, rows: list[dict[str, Any]]) -> list[str]:
    """Apply the plan of :func:`zunlaojin_plan` (which checked for overlaps: a 新增 has no payment in *month*)."""
    notes: list[str] = []
    known = ctx.ledger.schedules() if any(r["action"] != "新增" for r in rows) else {}
    for r in rows:
        if r["action"] == "新增":
            r["schedule"] = start(ctx, r["person_id"], ZUNLAOJIN, Decimal(r["amount"]), month, fund=FUNDED[ZUNLAOJIN],
                                  checked=True)
        elif r["action"] == "调整":
            r["schedule"], more = change_amount(ctx, r["schedule"], Decimal(r["amount"]), month, known[r["schedule"]])
            notes += more
        else:
            notes += end(ctx, r["schedule"], add_months(month, -1), known[r["schedule"]])
    return notes


# -- 死亡（殡改）: 及时变更 ---------------------------------------------------------------------------
def record_death(ctx: "PluginContext", who: str, day: date, cremated: bool, note: str | None) -> tuple[int, list[str]]:
    """Register a death (殡改) and stop, in the same transaction, every payment, case and orphan allowance."""
    pid = ctx.people.resolve(who)
    if ctx.records.list("minzheng.funeral", person=pid):
        raise DataError("该人员的死亡已经登记过")
    rid = ctx.records.add("minzheng.funeral", {"person": pid, "died": day.isoformat(), "cremated": cremated, "note": note})
    last = add_months(change_month(ctx, day), -1)
    notes: list[str] = []
    for sid, s in sorted(schedules(ctx).items()):
        if s["payee"] == pid and (not s.get("to") or s["to"] > last):
            if last < s["from"] and not paid_months(ctx, sid):
                notes.append(f"定期发放 #{sid}（{s['program']}）自 {s['from']} 起、从未发放：shequ 不能撤销它（见插件 API-NOTES.md），"
                             "本插件的发放名单已将其排除，请勿用 shequ ledger schedule pay 发放")
                continue
            notes += end(ctx, sid, last)
            notes.append(f"已停发定期发放 #{sid}（{s['program']}），最后发放月份 {ctx.ledger.schedules()[sid]['to']}")
    for cid, c in ctx.records.list("minzheng.case", person=pid):
        if c.get("stage") in ("材料审核", "申报", "发放"):
            ctx.records.edit(cid, {"stage": "停发", "stopped": day.isoformat(),
                                   "stop_reason": "死亡", "reopened": None, "reopen_reason": None,
                                   "review_due": None})
            notes.append(f"救助 #{cid} 已停发（死亡）")
    for oid, o in ctx.records.list("minzheng.orphan", person=pid):
        if not o.get("ended"):
            ctx.records.edit(oid, {"ended": day.isoformat(), "end_reason": "死亡"})
    return rid, notes
