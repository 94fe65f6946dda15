"""养老 use cases over shequ's public API (``ctx`` is a :class:`shequ.api.PluginContext`).

Questions over everyone (the tier list, the contact round, the 重阳 list) read the register's
columns (``register.column``, ``register.aged``, ``register.members``) and the index of this
plugin's records (``register.related``), never each resident's document: they stay fast on a
20,000-resident home.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import compress, repeat
from operator import ge, is_not, or_, truth
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple

from shequ import DataError, NotFound, UsageError
from shequ.periods import Period

from .rules import (CATEGORIES, CENTENARIAN, DEFAULT_SERVICES, EIGHTY, ELDER_AGE, HIGH_AGE, PROVIDER_TYPES,
                    STATION_MIN_SERVICES, TIERS, Verdict, age_on, chongyang, classify, in_effect, signature)

if TYPE_CHECKING:
    from shequ.api import PluginContext

EVER = date(1900, 1, 1)
VOUCHER_FUND = "助老服务券"


def _span(start: date, end: date) -> Period:
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}", "range")


# -- people --------------------------------------------------------------------------------------
def elder_problem(ctx: "PluginContext", pid: int, day: str) -> str | None:
    """Why person *pid* is not a 养老服务对象 on ISO date *day* (篇4 L70), or ``None``."""
    try:
        doc = ctx.people.get(pid)
    except NotFound as exc:
        return exc.message
    name = doc.get("name") or f"#{pid}"
    if doc.get("removed"):
        return f"{name} 已从花名册删除，不是居住在辖区内的老年人（篇4 L70）"
    age = age_on(doc.get("birth"), date.fromisoformat(day[:10]))
    if age is None:
        return f"{name} 没有出生日期，无法确认是否年满60周岁（篇4 L70：服务对象为60周岁以上老年人）"
    if age < ELDER_AGE:
        return f"{name} 在 {day[:10]} 为 {age} 周岁，不是养老服务对象（篇4 L70：服务对象为居住在辖区内的60周岁以上老年人）"
    return None


def elder_id(ctx: "PluginContext", who: str, day: date) -> int:
    """The id of resident *who*, who must be 60周岁 or more on *day*."""
    pid = ctx.people.resolve(who)
    problem = elder_problem(ctx, pid, day.isoformat())
    if problem:
        raise DataError(problem)
    return pid


class Roll:
    """The register on a date, as columns: what listings over every elder read."""

    __slots__ = ("on", "reg", "_position")

    def __init__(self, on: date, reg: Any) -> None:
        self.on = on
        self.reg = reg
        self._position: dict[int, int] | None = None

    @property
    def position(self) -> dict[int, int]:
        """person id → where they are in the register's columns, built when first asked for
        (a report that only counts the elders never needs the 200k entries)."""
        if self._position is None:
            self._position = dict(zip(self.reg.ids, range(len(self.reg.ids))))
        return self._position

    def get(self, field: str, pid: int) -> Any:
        return self.reg.column(field)[self.position[pid]]

    def age(self, pid: int) -> int | None:
        return age_on(self.get("birth", pid), self.on)


def roll(ctx: "PluginContext", on: date) -> Roll:
    return ctx.memo(("yanglao.roll", on), lambda: Roll(on, ctx.people.register(on)))


def members(ctx: "PluginContext", names: Iterable[str], on: date) -> dict[int, list[str]]:
    """person id → which of the categories *names* they are in, on *on*."""
    out: dict[int, list[str]] = {}
    for name in names:
        for pid in ctx.people.members(name, on):
            out.setdefault(pid, []).append(name)
    return out


# -- the service catalogue -------------------------------------------------------------------------
def catalogue(ctx: "PluginContext") -> dict[str, dict[str, Any]]:
    """name → {name, category, source, note, description, price_low, price_paid, custom}: the default
    catalogue (篇4 L78–85) overlaid with this home's ``yanglao.service`` records."""
    out: dict[str, dict[str, Any]] = {}
    for s in DEFAULT_SERVICES:
        out[s.name] = {"name": s.name, "category": s.category, "source": s.source, "note": s.note, "description": "",
                       "price_low": None, "price_paid": None, "custom": False}
    for rid, rec in ctx.records.list("yanglao.service"):
        out[rec["name"]] = {"name": rec["name"], "category": rec["category"], "source": f"本社区（#{rid}）", "note": "",
                            "description": rec.get("description") or "", "price_low": rec.get("price_low"),
                            "price_paid": rec.get("price_paid"), "custom": True}
    return out


# -- tiers -------------------------------------------------------------------------------------------
class TierRow(NamedTuple):
    pid: int
    name: str
    age: int
    verdict: Verdict
    empty_nest: bool
    alone: bool
    profiled: bool


def reading_of(ctx: "PluginContext", given: str | None) -> str:
    if given is None:
        return str(ctx.settings["yanglao.free_reading"])
    value = given.strip().upper()
    if value not in ("A", "B"):
        raise DataError(f"无偿服务对象的解读应为 A 或 B，而不是“{given}”（篇4 L71；默认见设置 yanglao.free_reading）")
    return value


def overrides_on(ctx: "PluginContext", on: date) -> dict[int, tuple[str, str, int]]:
    """person id → (tier, reason, record id) of the manual adjustment in effect on *on*."""
    day = on.isoformat()
    out: dict[int, tuple[str, str, int, str]] = {}
    for rid, doc in ctx.records.list("yanglao.override"):
        if doc["start"] <= day and (not doc.get("end") or doc["end"] >= day):
            best = out.get(doc["person"])
            if best is None or (doc["start"], rid) >= (best[3], best[2]):
                out[doc["person"]] = (doc["tier"], doc["reason"], rid, doc["start"])
    return {pid: v[:3] for pid, v in out.items()}


def tiers(ctx: "PluginContext", on: date, reading: str | None = None, only: Iterable[int] | None = None) -> list[TierRow]:
    """Every 60周岁以上 resident's tier on *on*, with why (or only those in *only*), in the register's
    order (or *only*'s)."""
    t = tier_columns(ctx, on, reading, only)
    names = roll(ctx, on).reg.column("name")
    shown = [n or f"#{pid}" for pid, n in zip(t.pids, map(names.__getitem__, t.positions))]
    return list(map(tuple.__new__, repeat(TierRow),  # TierRow._make without a Python call per row
                    zip(t.pids, shown, t.ages, t.verdicts, t.empty_nest, t.alone, t.profiled)))


class TierColumns(NamedTuple):
    """:func:`tiers` a column at a time (what a report counts, without the names)."""

    pids: list[int]
    positions: list[int]
    ages: list[int]
    verdicts: list[Verdict]
    empty_nest: list[bool]
    alone: list[bool]
    profiled: list[bool]


def tier_columns(ctx: "PluginContext", on: date, reading: str | None = None,
                 only: Iterable[int] | None = None) -> TierColumns:
    reading = reading_of(ctx, reading)
    r = roll(ctx, on)
    nest = ctx.people.members("空巢老人", on)
    alone = ctx.people.members("独居老人", on)
    profiles = r.reg.related("yanglao.elder")
    adjusted = overrides_on(ctx, on)
    day = on.isoformat()
    births = r.reg.column("birth")
    if only is None:  # in the register's order: walking its columns in order is several times faster
        at = r.reg.positions_aged(ELDER_AGE)
        chosen = list(map(r.reg.ids.__getitem__, at))
    else:
        chosen = [p for p in only if p in r.position]
        at = list(map(r.position.__getitem__, chosen))
    ages = _ages(list(map(births.__getitem__, at)), on)
    if not all(map(_is_elder_age, ages)):
        keep = list(map(_is_elder_age, ages))
        chosen, at, ages = list(compress(chosen, keep)), list(compress(at, keep)), list(compress(ages, keep))
    # Most elders have no 养老档案 and no adjustment: their verdict depends only on the age band
    # and 空巢, so it is looked up per (band, 空巢) in C; the rest are classified one by one.
    empties = list(map(nest.__contains__, chosen))
    files = list(map(profiles.get, chosen))
    overrides = list(map(adjusted.get, chosen))
    known: dict[tuple[Any, ...], Verdict] = {}  # the same inputs give the same verdict: classify each once

    def verdict(age: int, empty: bool, profile: dict[str, Any] | None, override: Any) -> Verdict:
        key = (signature(age, empty, profile), override)
        found = known.get(key)
        if found is None:
            found = known[key] = classify(age, empty, profile, reading, override)
        return found

    plain = {(band, empty): verdict(age, empty, None, None)
             for band, age in enumerate((ELDER_AGE, HIGH_AGE, EIGHTY, CENTENARIAN)) for empty in (False, True)}
    bands = map(sum, zip(map(ge, ages, repeat(HIGH_AGE)), map(ge, ages, repeat(EIGHTY)), map(ge, ages, repeat(CENTENARIAN))))
    verdicts = list(map(plain.__getitem__, zip(bands, empties)))
    profiled = list(map(truth, files))
    for i in compress(range(len(chosen)), map(or_, profiled, map(is_not, overrides, repeat(None)))):
        found = files[i]
        if not found:
            profile = None
        elif len(found) == 1:
            profile = found[0] if found[0].get("since", "9") <= day else None
        else:
            profile = in_effect(found, day)
        profiled[i] = profile is not None
        verdicts[i] = verdict(ages[i], empties[i], profile, overrides[i])
    return TierColumns(chosen, at, ages, verdicts, empties, list(map(alone.__contains__, chosen)), profiled)


def _is_elder_age(age: int | None) -> bool:
    return age is not None and age >= ELDER_AGE


def _ages(births: list[Any], on: date) -> list[int | None]:
    """周岁 on *on* of ISO birth dates, each date once: a 街道's 55,000 elders share ~13,000
    birth dates, so a look-up each (in C) halves the work of the arithmetic each."""
    md, y = on.isoformat()[5:], on.year
    try:
        known = {b: y - int(b[:4]) - (md < b[5:]) for b in set(births)}
    except (TypeError, ValueError):  # a hand-edited date (or a list): the careful path
        return [age_on(b, on) for b in births]
    return list(map(known.__getitem__, births))


def tier_of(ctx: "PluginContext", pid: int, on: date) -> Verdict | None:
    found = tiers(ctx, on, only=[pid])
    return found[0].verdict if found else None


def set_override(ctx: "PluginContext", who: str, tier: str, reason: str | None, start: date, end: date | None) -> int:
    if tier not in TIERS:
        raise DataError(f"服务等级应为 {'、'.join(TIERS)}：{tier}")
    if not (reason or "").strip():
        raise DataError("调整服务等级须写明理由（--reason），理由记入档案和修改日志")
    pid = elder_id(ctx, who, start)
    return ctx.records.add("yanglao.override", {"person": pid, "tier": tier, "reason": reason.strip(),
                                                "start": start.isoformat(), "end": end.isoformat() if end else None})


def end_override(ctx: "PluginContext", who: str, day: date) -> int:
    """End the adjustment in effect on *day* (it stops applying after *day*)."""
    pid = ctx.people.resolve(who)
    current = overrides_on(ctx, day).get(pid)
    if current is None:
        raise DataError(f"{ctx.people.name(pid)} 在 {day.isoformat()} 没有人工调整的服务等级")
    ctx.records.edit(current[2], {"end": day.isoformat()})
    return current[2]


# -- profiles ---------------------------------------------------------------------------------------
PROFILE_FIELDS = ("self_care", "assistance", "civil_aid", "economy", "needs", "sick_disabled", "health_record",
                  "family_bed", "note")


def profiles_of(ctx: "PluginContext", pid: int) -> list[tuple[int, dict[str, Any]]]:
    return sorted(ctx.records.list("yanglao.elder", person=pid), key=lambda kv: (kv[1]["since"], kv[0]))


def set_profile(ctx: "PluginContext", who: str, since: date, changes: dict[str, Any]) -> tuple[int, bool]:
    """Record the elder's situation from *since*: the profile in effect then, with *changes*.

    A profile already starting on *since* is edited; otherwise a new one is added, so the tier on
    an earlier date still uses what was true then.  Returns (record id, created)."""
    pid = elder_id(ctx, who, since)
    day = since.isoformat()
    history = profiles_of(ctx, pid)
    same = [rid for rid, doc in history if doc["since"] == day]
    if same:
        ctx.records.edit(same[-1], changes)
        return same[-1], False
    base = in_effect([doc for _, doc in history], day) or {}
    values = {k: base[k] for k in PROFILE_FIELDS if base.get(k) not in (None, [], "")}
    values.update(changes)
    values = {k: v for k, v in values.items() if v not in (None, [], "")}
    return ctx.records.add("yanglao.elder", {"person": pid, "since": day, **values}), True


# -- contacts ------------------------------------------------------------------------------------------
def contact_categories(ctx: "PluginContext") -> list[str]:
    names = list(ctx.settings["yanglao.contact_categories"])
    known = ctx.people.categories()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise DataError(f"设置 yanglao.contact_categories 中有未知的人员类别：{'、'.join(unknown)}（可用：{'、'.join(known)}）")
    return names


def last_contacts(ctx: "PluginContext", until: date) -> dict[int, tuple[str, str]]:
    """person id → (date, mode) of the last held contact on or before *until*."""
    out: dict[int, tuple[str, str]] = {}
    # Events come by date, so a later contact simply overwrites: one C-level update per event
    # (a year of weekly rounds of 4,000 elders is 200,000 attendances).
    for _, ev in ctx.events.query(type="yanglao.contact", status="done", period=_span(EVER, until)):
        out.update(dict.fromkeys(ev.get("attendees", ()), (ev["date"], (ev.get("fields") or {}).get("mode", ""))))
    return out


class ContactRow(NamedTuple):
    pid: int
    name: str
    age: int | None
    categories: list[str]
    grid: str | None
    phone: str | None
    last: str | None
    mode: str | None
    days: int | None
    status: str


def contact_summary(ctx: "PluginContext", on: date) -> tuple[set[int], int]:
    """Whom the contact duty covers on *on*, and how many of them are overdue or never contacted
    (what :func:`contact_round` lists, counted without listing it)."""
    interval = int(ctx.settings["yanglao.contact_interval"])
    who = set().union(*(ctx.people.members(name, on) for name in contact_categories(ctx)))
    last = last_contacts(ctx, on)
    fresh = {d for d in {s[0] for s in last.values()} if (on - date.fromisoformat(d)).days <= interval}
    recent = {pid for pid, s in last.items() if s[0] in fresh}
    return who, len(who) - len(who & recent)


def contact_round(ctx: "PluginContext", on: date) -> list[ContactRow]:
    """Everyone the contact duty covers on *on*, with their last contact and whether it is overdue:
    never contacted first, then the longest since.  The interval is ``yanglao.contact_interval``."""
    interval = int(ctx.settings["yanglao.contact_interval"])
    who = members(ctx, contact_categories(ctx), on)
    last = last_contacts(ctx, on)
    r = roll(ctx, on)
    names, grids, phones, births = (r.reg.column(f) for f in ("name", "grid", "phone", "birth"))
    # Column at a time (C-level maps), not a Python pass per person: 40,000 on a 街道's register.
    # By id, the columns are read nearly in order (several times faster than in a random one).
    pids = sorted(who)
    at = list(map(r.position.__getitem__, pids))
    seen = list(map(last.get, pids))
    spans = {s[0]: (on - date.fromisoformat(s[0])).days for s in set(filter(None, seen))}
    days = [spans[s[0]] if s else None for s in seen]
    status = {None: "从未联系", **{d: "逾期" if d > interval else "今天到期" if d == interval else "正常" for d in spans.values()}}
    shown = [n or f"#{pid}" for pid, n in zip(pids, map(names.__getitem__, at))]
    ages = _exact_ages(list(map(births.__getitem__, at)), on)
    rows = list(map(tuple.__new__, repeat(ContactRow),  # ContactRow._make without a Python call per row
                    zip(pids, shown, ages, map(who.__getitem__, pids), map(grids.__getitem__, at),
                        map(phones.__getitem__, at), [s[0] if s else None for s in seen],
                        [s[1] if s else None for s in seen], days, map(status.__getitem__, days))))
    # Never contacted first, then the longest since; by name, then id: stable sorts, last key first.
    order = sorted(range(len(pids)), key=shown.__getitem__)
    order.sort(key=[-(d or 0) for d in days].__getitem__)
    order.sort(key=list(map(is_not, days, repeat(None))).__getitem__)
    return list(map(rows.__getitem__, order))


def _exact_ages(births: list[Any], on: date) -> list[int | None]:
    """:func:`age_on` of each of *births*, as C-level maps when every one is a plain ``YYYY-MM-DD``."""
    from operator import eq, getitem

    try:
        plain = (all(map(eq, map(len, births), repeat(10))) and all(map(eq, map(getitem, births, repeat(4)), repeat("-")))
                 and all(map(eq, map(getitem, births, repeat(7)), repeat("-"))))
        joined = "".join(births) if plain else ""
    except TypeError:  # a missing birth date
        plain = False
    if plain and joined.isascii() and joined.replace("-", "").isdigit():
        return _ages(births, on)
    return [age_on(b, on) for b in births]


def log_contacts(ctx: "PluginContext", pids: list[int], day: date, mode: str, worker: str | None) -> int:
    """Record that *pids* were contacted on *day*: added to that day's contact event of the same
    mode and worker (one event a day, not one per call).  Returns the event id."""
    if not pids:
        raise DataError("没有要登记的老人")
    for pid in pids:
        problem = elder_problem(ctx, pid, day.isoformat())
        if problem:
            raise DataError(problem)
    for eid, ev in ctx.events.query(type="yanglao.contact", status="done", period=_span(day, day)):
        f = ev.get("fields") or {}
        if f.get("mode") == mode and (f.get("worker") or None) == (worker or None):
            ctx.events.done(eid, attendees=pids)
            return eid
    return ctx.events.add({"title": f"空巢老人帮扶联系（{mode}）", "date": day.isoformat(), "type": "yanglao.contact",
                           "domain": "yanglao", "status": "done", "attendees": pids,
                           "fields": {"mode": mode, "worker": worker}})


# -- visits ---------------------------------------------------------------------------------------------
class Logged(NamedTuple):
    visit: int
    entry: int | None
    tier: str


def provider_type_of(ctx: "PluginContext", provider: str | None, given: str | None) -> str:
    if provider:
        found = ctx.records.find("yanglao.provider", name=provider)
        if found is not None:
            kind = found[1]["type"]
            if given and given != kind:
                raise DataError(f"服务方“{provider}”登记为{kind}，不是{given}")
            return kind
    if not given:
        raise DataError("请用 --provider-type 说明服务方类型（" + "、".join(PROVIDER_TYPES) + "），"
                        "或先用 shequ record add yanglao.provider 登记服务方")
    return given


def log_visit(ctx: "PluginContext", who: str, day: date, item: str, *, provider_type: str | None = None,
              provider: str | None = None, mode: str = "走访", fee: Decimal | None = None, via: str | None = None,
              voucher: str | None = None, note: str | None = None) -> Logged:
    """A service visit: validated against the catalogue and the tier on *day*; a fee is booked as
    income (收入:养老:服务收费); a voucher is used (once).

    A visit is a service, not the 帮扶联系 of L79 (the regular calls and visits of 社区工作者 and
    志愿者): contacts are logged with :func:`log_contacts`."""
    pid = elder_id(ctx, who, day)
    known = catalogue(ctx)
    if item not in known:
        raise DataError(f"服务项目未登记：{item}（可用：{'、'.join(known)}；新项目先用 shequ record add yanglao.service 登记）")
    kind = provider_type_of(ctx, provider, provider_type)
    verdict = tier_of(ctx, pid, day)
    tier = verdict.tier if verdict else None
    values = {"elder": pid, "date": day.isoformat(), "item": item, "category": known[item]["category"],
              "provider_type": kind, "provider": provider, "mode": mode, "tier": tier, "note": note,
              "fee": str(fee) if fee is not None else None}
    if voucher:
        values["voucher"] = voucher
    vid = ctx.records.add("yanglao.visit", values)
    if voucher:
        redeem(ctx, voucher, provider or kind, day, visit=vid, holder=pid)
    entry = None
    if fee:
        entry = ctx.ledger.add({"date": day.isoformat(), "amount": str(fee), "direction": "in",
                                "account": "收入:养老:服务收费", "via": via, "memo": f"养老服务收费：{item}（服务记录 #{vid}）",
                                "yanglao_visit": vid})
    return Logged(vid, entry, tier or "")


# -- vouchers -------------------------------------------------------------------------------------------
def find_voucher(ctx: "PluginContext", key: str) -> tuple[int, dict[str, Any]]:
    """A voucher by its code (``ZL2025-0001``) or its record id (``#12``)."""
    found = ctx.records.find("yanglao.voucher", code=key.strip())
    if found is None and key.strip().lstrip("#").isdigit():
        try:
            rid = int(key.strip().lstrip("#"))
            found = (rid, ctx.records.get(rid, "yanglao.voucher"))
        except NotFound:
            found = None
    if found is None:
        raise NotFound(f"找不到助老服务券：{key}")
    return found


def issue_vouchers(ctx: "PluginContext", people: list[str], value: Decimal, count: int, day: date,
                   expires: date | None) -> tuple[list[tuple[int, str]], list[str]]:
    """Issue *count* vouchers of *value* to each elder; returns (record id, code) and warnings (an elder the
    rules put in 有偿/志愿 is not obviously a 特殊困难 elder, L87 — a warning, not a refusal)."""
    if count < 1:
        raise DataError(f"每人发放张数应为正整数：{count}")
    if value <= 0:
        raise DataError(f"面值应大于 0：{value}")
    prefix = f"ZL{day.year}-"
    used = [int(rec["code"][len(prefix):]) for _, rec in ctx.records.list("yanglao.voucher")
            if rec["code"].startswith(prefix) and rec["code"][len(prefix):].isdigit()]
    n = max(used, default=0)
    pids = [elder_id(ctx, who, day) for who in people]
    codes, warnings = [], []
    found = {row.pid: row for row in tiers(ctx, day, only=pids)}
    for pid in pids:
        row = found.get(pid)
        if row is not None and row.verdict.tier in ("有偿", "志愿"):
            warnings.append(f"提示：{row.name} 按规则为{row.verdict.tier}服务对象；助老服务券发给特殊困难老年群体（篇4 L87）")
        for _ in range(count):
            n += 1
            code = f"{prefix}{n:04d}"
            rid = ctx.records.add("yanglao.voucher", {"code": code, "holder": pid, "value": str(value),
                                                      "issued": day.isoformat(),
                                                      "expires": expires.isoformat() if expires else None})
            codes.append((rid, code))
    return codes, warnings


def redeem(ctx: "PluginContext", code: str, provider: str, day: date, *, visit: int | None = None,
           holder: int | None = None) -> dict[str, Any]:
    rid, v = find_voucher(ctx, code)
    if v.get("redeemed"):
        raise DataError(f"助老服务券 {v['code']} 已于 {v['redeemed']} 在“{v.get('provider') or '—'}”使用，不能重复使用")
    if holder is not None and v["holder"] != holder:
        raise DataError(f"助老服务券 {v['code']} 不是这位老人的（持券人 #{v['holder']}）")
    if v.get("expires") and day.isoformat() > v["expires"]:
        raise DataError(f"助老服务券 {v['code']} 已过有效期（{v['expires']}）")
    if day.isoformat() < v["issued"]:
        raise DataError(f"使用日期 {day.isoformat()} 早于发放日期 {v['issued']}")
    return ctx.records.edit(rid, {"redeemed": day.isoformat(), "provider": provider, "visit": visit})


def reimburse(ctx: "PluginContext", codes: list[str], provider: str | None, day: date,
              via: str | None) -> list[tuple[str, int, Decimal, list[str]]]:
    """Pay providers for used vouchers from the 助老服务券 fund: one ledger entry per provider.
    Returns (provider, entry id, amount, codes)."""
    if codes:
        chosen = [find_voucher(ctx, c) for c in codes]
    else:
        chosen = [(rid, v) for rid, v in ctx.records.list("yanglao.voucher")
                  if v.get("redeemed") and not v.get("reimbursed") and (not provider or v.get("provider") == provider)]
        if not chosen:
            raise DataError("没有已使用、待兑付的助老服务券" + (f"（服务方：{provider}）" if provider else ""))
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for rid, v in chosen:
        if not v.get("redeemed"):
            raise DataError(f"助老服务券 {v['code']} 还没有使用，不能兑付")
        if v.get("reimbursed"):
            raise DataError(f"助老服务券 {v['code']} 已于 {v['reimbursed']} 兑付（账目 #{v.get('entry')}），不能重复兑付")
        if day.isoformat() < v["redeemed"]:
            raise DataError(f"兑付日期 {day.isoformat()} 早于助老服务券 {v['code']} 的使用日期 {v['redeemed']}")
        groups.setdefault(v.get("provider") or "服务方", []).append((rid, v))
    done = []
    for name, items in sorted(groups.items()):
        amount = sum((Decimal(v["value"]) for _, v in items), Decimal(0))
        vcodes = [v["code"] for _, v in items]
        eid = ctx.ledger.add({"date": day.isoformat(), "amount": str(amount), "direction": "out",
                              "account": "支出:养老:助老服务券兑付", "fund": VOUCHER_FUND, "via": via, "payee": name,
                              "memo": f"兑付助老服务券{len(items)}张", "yanglao_vouchers": vcodes})
        for rid, _ in items:
            ctx.records.edit(rid, {"reimbursed": day.isoformat(), "entry": eid})
        done.append((name, eid, amount, vcodes))
    return done


def voucher_status(v: dict[str, Any]) -> str:
    return "已兑付" if v.get("reimbursed") else "已使用" if v.get("redeemed") else "未使用"


# -- pairings, emergencies --------------------------------------------------------------------------------
def add_pairing(ctx: "PluginContext", who: str, kind: str, helper: str, start: date, note: str | None) -> int:
    pid = elder_id(ctx, who, start)
    helper_id = None
    try:
        helper_id = ctx.people.resolve(helper)
    except (NotFound, DataError):
        pass  # a relative who lives elsewhere, or a name shared by several residents: kept as text
    if helper_id == pid:
        raise DataError("帮扶人不能是老人本人")
    return ctx.records.add("yanglao.pairing", {"elder": pid, "kind": kind, "helper": helper, "helper_person": helper_id,
                                               "start": start.isoformat(), "note": note})


def end_pairing(ctx: "PluginContext", rid: str, day: date) -> dict[str, Any]:
    try:
        rec = ctx.records.get(rid, "yanglao.pairing")
    except (NotFound, UsageError):
        raise NotFound(f"找不到结对记录：{rid}") from None
    if rec.get("end"):
        raise DataError(f"结对 #{rid} 已于 {rec['end']} 结束")
    return ctx.records.edit(rid, {"end": day.isoformat()})


def active(docs: Iterable[tuple[int, dict[str, Any]]], day: str, start: str = "start", end: str = "end") -> list[tuple[int, dict[str, Any]]]:
    return [(rid, d) for rid, d in docs if d.get(start, "9") <= day and (not d.get(end) or d[end] >= day)]


# -- 重阳, 平安保险 ------------------------------------------------------------------------------------------
def gift_events(ctx: "PluginContext", year: int) -> list[tuple[int, dict[str, Any]]]:
    return [(eid, ev) for eid, ev in ctx.events.query(type="yanglao.activity", status="done", period=str(year),
                                                      fields={"kind": "重阳慰问"})]


def insured_on(ctx: "PluginContext", on: date) -> dict[int, dict[str, Any]]:
    """person id → the 平安保险 in force on *on*."""
    day = on.isoformat()
    out: dict[int, dict[str, Any]] = {}
    for pid, files in roll(ctx, on).reg.related("yanglao.insurance").items():
        for f in files:
            if f.get("start", "9") <= day <= f.get("end", ""):
                out[pid] = f
    return out


class ChongyangRow(NamedTuple):
    pid: int
    name: str
    age: int | None
    grid: str | None
    address: str | None
    gift: str | None
    insured: str | None


def chongyang_list(ctx: "PluginContext", year: int) -> tuple[date, list[ChongyangRow]]:
    """The 90岁以上 (the core's category) on 重阳 of *year*, with their gift and 平安保险 (篇6 L132)."""
    day = chongyang(year)
    given: dict[int, str] = {}
    for _, ev in gift_events(ctx, year):
        for pid in ev.get("attendees", []):
            given.setdefault(pid, ev["date"])
    insured = insured_on(ctx, day)
    r = roll(ctx, day)
    names, grids, addresses = r.reg.column("name"), r.reg.column("grid"), r.reg.column("address")
    rows = []
    for pid in ctx.people.members("90岁以上", day):
        i = r.position[pid]
        ins = insured.get(pid)
        rows.append(ChongyangRow(pid, names[i] or f"#{pid}", r.age(pid), grids[i], addresses[i], given.get(pid),
                                 f"{ins['start']}～{ins['end']}" if ins else None))
    rows.sort(key=lambda x: (-(x.age or 0), x.name, x.pid))
    return day, rows


def give_gifts(ctx: "PluginContext", year: int, day: date, skip: list[str], cost_each: Decimal | None,
               via: str | None) -> tuple[int, int, int | None]:
    """Record the 重阳 gifts to everyone on the list (but *skip*): one held 重阳慰问 event with the
    recipients as attendees, and (with *cost_each*) the expense.  Returns (event, people, entry)."""
    _, rows = chongyang_list(ctx, year)
    left_out = {ctx.people.resolve(s) for s in skip}
    pids = [row.pid for row in rows if row.pid not in left_out and not row.gift]
    if not pids:
        raise DataError(f"{year}年重阳慰问名单上没有待发放慰问品的老人")
    found = [eid for eid, ev in gift_events(ctx, year) if ev["date"] == day.isoformat()]
    if found:  # the same day's distribution: one event
        eid = found[0]
        ctx.events.done(eid, attendees=pids)
    else:
        eid = ctx.events.add({"title": f"{year}年重阳节慰问90岁以上老人" + ("" if day == chongyang(year) else "（补发）"),
                              "date": day.isoformat(), "type": "yanglao.activity",
                              "domain": "yanglao", "status": "done", "attendees": pids, "fields": {"kind": "重阳慰问"}})
    entry = None
    if cost_each:
        entry = ctx.ledger.add({"date": day.isoformat(), "amount": str(cost_each * len(pids)), "direction": "out",
                                "account": "支出:养老:重阳慰问品", "via": via, "event": eid,
                                "memo": f"{year}年重阳慰问品{len(pids)}份（每份{cost_each}元）"})
    return eid, len(pids), entry


def enroll(ctx: "PluginContext", people: list[str], start: date, end: date, premium: Decimal | None, insurer: str | None,
           book: bool, via: str | None) -> tuple[list[int], int | None]:
    """平安保险 for each elder (already insured on *start*: refused); with *book*, the premiums as one expense."""
    if end <= start:
        raise DataError(f"终止日期 {end.isoformat()} 应晚于起保日期 {start.isoformat()}")
    if book and not premium:
        raise DataError("记账需要每人保费（--premium）")
    insured = insured_on(ctx, start)
    pids = []
    for who in people:
        pid = elder_id(ctx, who, start)
        if pid in insured:
            f = insured[pid]
            raise DataError(f"{ctx.people.name(pid)} 已有在保的平安保险（{f['start']}～{f['end']}）")
        if pid not in pids:
            pids.append(pid)
    ids = [ctx.records.add("yanglao.insurance", {"person": pid, "start": start.isoformat(), "end": end.isoformat(),
                                                 "insurer": insurer, "premium": str(premium) if premium else None})
           for pid in pids]
    entry = None
    if book and premium:
        entry = ctx.ledger.add({"date": start.isoformat(), "amount": str(premium * len(pids)), "direction": "out",
                                "account": "支出:养老:平安保险", "via": via, "payee": insurer,
                                "memo": f"老年人平安保险{len(pids)}人（每人{premium}元）"})
    return ids, entry


class Coverage(NamedTuple):
    on: date
    base: str
    population: int
    insured: int
    rate: float | None
    target: int
    met: bool
    ninety: int
    ninety_insured: int


def coverage(ctx: "PluginContext", on: date) -> Coverage:
    """平安保险参保率 on *on*: insured elders of the base category / the base category (篇6 L132)."""
    base = str(ctx.settings["yanglao.insurance_base"])
    if base not in ctx.people.categories():
        raise DataError(f"设置 yanglao.insurance_base 的人员类别未知：{base}")
    population = ctx.people.members(base, on)
    insured = set(insured_on(ctx, on))
    ninety = ctx.people.members("90岁以上", on)
    n = len(population & insured)
    rate = n / len(population) if population else None
    target = int(ctx.settings["yanglao.insurance_target"])
    return Coverage(on, base, len(population), n, rate, target, rate is not None and rate * 100 >= target,
                    len(ninety), len(ninety & insured))


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


# -- the station ---------------------------------------------------------------------------------------------
def stations(ctx: "PluginContext") -> list[dict[str, Any]]:
    known = catalogue(ctx)
    out = []
    for rid, st in ctx.records.list("yanglao.station"):
        services = [s for s in dict.fromkeys(st.get("services") or ()) if s in known]
        out.append({"id": rid, "name": st["name"], "opened": st.get("opened"), "services": services,
                    "count": len(services), "required": STATION_MIN_SERVICES, "met": len(services) >= STATION_MIN_SERVICES,
                    "categories": sorted({known[s]["category"] for s in services}, key=CATEGORIES.index)})
    return out
