"""环保 use cases over shequ's public API (``ctx`` is a :class:`shequ.api.PluginContext`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shequ import DataError, NotFound, UsageError

from .declarations import FAMILY_FORM, GREEN, GROUP_DUTIES, GROUPS, NETWORK, TEAMS
from .energy import tenth

if TYPE_CHECKING:
    from shequ.api import PluginContext


# -- office energy -----------------------------------------------------------------------------------
def record_energy(ctx: "PluginContext", month: str, values: dict[str, Any]) -> tuple[int, bool]:
    """Record (or correct) one month's reading; (id, created)."""
    values = {k: v for k, v in values.items() if v is not None}
    if not values:
        raise UsageError("请至少给出 --kwh、--water、--meter-kwh 或 --meter-water 之一")
    found = ctx.records.list("huanbao.energy", month=month)
    if len(found) > 1:
        ids = "、".join(f"#{rid}" for rid, _ in found)
        raise DataError(f"{month} 已有 {len(found)} 条读数（{ids}）：请先用 shequ record remove 删除多余的")
    if found:
        ctx.records.edit(found[0][0], values)
        return found[0][0], False
    return ctx.records.add("huanbao.energy", {"month": month, **values}), True


def energy_trend(ctx: "PluginContext", months: list[str]) -> Any:
    from .energy import trend

    return trend(ctx.records.list("huanbao.energy"), months, upto=ctx.today.isoformat()[:7],
                 target=ctx.settings["huanbao.energy_target"])


def months_of(period: Any) -> list[str]:
    return [p.label for p in period.months()]


# -- greening projects ---------------------------------------------------------------------------------
def project(ctx: "PluginContext", key: str) -> tuple[int, dict[str, Any]]:
    text = str(key).strip().lstrip("#")
    if text.isdigit():
        try:
            return int(text), ctx.records.get(text, "huanbao.project")
        except NotFound:
            raise NotFound(f"没有编号为 {text} 的绿化工程（shequ huanbao project status 查看）") from None
    found = [(rid, p) for rid, p in ctx.records.list("huanbao.project") if p["name"] == text]
    if not found:
        found = [(rid, p) for rid, p in ctx.records.list("huanbao.project") if text in p["name"]]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"没有绿化工程“{text}”（shequ huanbao project status 查看）")
    listed = "、".join(f"#{rid} {p['name']}" for rid, p in found)
    raise DataError(f"“{text}”对应多个绿化工程：{listed}，请用编号")


def parse_item(text: str) -> dict[str, Any]:
    """``风景树:200:株`` or ``冬青苗::株`` (quantity left open, as the source redacts it)."""
    from shequ.api import parse_decimal

    parts = [p.strip() for p in text.replace("：", ":").split(":")]
    if len(parts) != 3 or not parts[0] or not parts[2]:
        raise UsageError(f"--item 的格式应为 内容:数量:单位（如 风景树:200:株；数量未定可留空：冬青苗::株）：{text}")
    planned = None
    if parts[1]:
        try:
            planned = parse_decimal(parts[1])
        except ValueError as exc:
            raise DataError(f"{parts[0]}的数量：{exc}") from None
    return {"item": parts[0], "planned": None if planned is None else str(planned), "unit": parts[2]}


def add_project(ctx: "PluginContext", values: dict[str, Any], items: list[dict[str, Any]]) -> tuple[int, list[int]]:
    pid = ctx.records.add("huanbao.project", values)
    return pid, [ctx.records.add("huanbao.project_item", {"project": pid, **item}) for item in items]


def item_of(ctx: "PluginContext", pid: int, key: str) -> tuple[int, dict[str, Any]]:
    items = ctx.records.list("huanbao.project_item", project=pid)
    text = str(key).strip().lstrip("#")
    found = [(rid, i) for rid, i in items if str(rid) == text or i["item"] == text]
    if len(found) == 1:
        return found[0]
    names = "、".join(f"#{rid} {i['item']}" for rid, i in items) or "无"
    raise NotFound(f"该工程没有内容“{key}”（已有：{names}）")


def project_status(ctx: "PluginContext", pid: int, doc: dict[str, Any], upto: date) -> dict[str, Any]:
    """Quantities done against planned, spend against the ledger budget (执行率), the deadline."""
    from shequ.periods import Period

    items = ctx.records.list("huanbao.project_item", project=pid)
    done: dict[int, Decimal] = {}
    ids = {rid for rid, _ in items}
    for _, w in ctx.records.list("huanbao.project_work", f"date<={upto.isoformat()}"):
        if w["item"] in ids:
            done[w["item"]] = done.get(w["item"], Decimal(0)) + Decimal(w["quantity"])
    rows = []
    for rid, i in items:
        planned = Decimal(i["planned"]) if i.get("planned") is not None else None
        got = done.get(rid, Decimal(0))
        rows.append({"id": rid, "item": i["item"], "unit": i["unit"], "planned": planned, "done": got,
                     "pct": tenth(got * 100 / planned) if planned else None})
    deadline = date.fromisoformat(doc["deadline"])
    first = date.fromisoformat(doc["start"]) if doc.get("start") else deadline
    budget = spent = None
    account = doc.get("account")
    if account:
        years = range(min(first.year, deadline.year), max(first.year, deadline.year, upto.year) + 1)
        found = [b for y in years if (b := ctx.ledger.budget(account, y)) is not None]
        budget = sum(found, Decimal(0)) if found else None
        spent = ctx.ledger.total(account, Period(date(1900, 1, 1), upto, "", "range"), direction="out")
    finished = bool(rows) and all(r["planned"] is not None and r["done"] >= r["planned"] for r in rows)
    completed = doc.get("completed")
    if completed and completed <= upto.isoformat():
        late = (date.fromisoformat(completed) - deadline).days
        state = f"已于{completed}完工" + (f"（比期限晚{late}天）" if late > 0 else "（按期）")
    elif upto > deadline:
        state = f"已逾期{(upto - deadline).days}天（期限{doc['deadline']}）"
    elif upto == deadline:
        state = f"今天到期（{doc['deadline']}）"
    else:
        state = f"距期限还有{(deadline - upto).days}天（{doc['deadline']}）"
    if finished and not (completed and completed <= upto.isoformat()):
        state += "；各项数量已完成，尚未登记完工日期"
    return {"id": pid, "name": doc["name"], "location": doc.get("location"), "deadline": doc["deadline"],
            "completed": completed, "cost": Decimal(doc["cost"]) if doc.get("cost") else None, "account": account,
            "budget": budget, "spent": spent, "rate": tenth(spent * 100 / budget) if budget and spent is not None else None,
            "items": rows, "state": state, "overdue": upto > deadline and not (completed and completed <= upto.isoformat()),
            "finished": finished}


def money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def qty(value: Decimal | None) -> str:
    if value is None:
        return "未定"
    text = f"{value.normalize():f}"
    return text


def item_text(r: dict[str, Any]) -> str:
    if r["planned"] is None:
        return f"{r['item']}{qty(r['done'])}{r['unit']}（计划数量未定）"
    return f"{r['item']}{qty(r['done'])}/{qty(r['planned'])}{r['unit']}（{r['pct']}%）"


def budget_text(s: dict[str, Any]) -> str:
    if not s["account"]:
        return "未关联经费科目" + (f"（计划投资{money(s['cost'])}元）" if s["cost"] else "")
    if s["budget"] is None:
        return (f"{s['account']} 未设预算（shequ ledger budget set {s['account']} 金额），已支出{money(s['spent'])}元"
                + (f"；计划投资{money(s['cost'])}元" if s["cost"] else ""))
    text = f"预算{money(s['budget'])}元，已支出{money(s['spent'])}元，执行率{s['rate']}%"
    if s["spent"] is not None and s["spent"] > s["budget"]:
        text += "（超支）"
    if s["cost"] and s["cost"] != s["budget"]:
        text += f"；计划投资{money(s['cost'])}元与预算不一致"
    return text


# -- 绿色家庭 ----------------------------------------------------------------------------------------------
def household_of(ctx: "PluginContext", key: str) -> str:
    """A 户号 as given, or the 户号 of a resident named *key*."""
    from .checks import households

    text = str(key).strip()
    if text in households(ctx):
        return text
    try:
        pid = ctx.people.resolve(text)
    except NotFound:
        raise NotFound(f"花名册中没有户号或居民“{text}”") from None
    household = ctx.people.get(pid).get("household")
    if not household:
        raise DataError(f"{text}（#{pid}）在花名册中没有户号，无法参加“绿色家庭”评比")
    return str(household)


def evaluate_families(ctx: "PluginContext", year: int, day: date, green: list[str], others: list[str],
                      note: str | None) -> tuple[int, list[int]]:
    """One 评比: the held activity and a result per household (each household once a year)."""
    results = [(household_of(ctx, h), GREEN) for h in green] + [(household_of(ctx, h), "未评上") for h in others]
    seen: set[str] = set()
    for household, _ in results:
        if household in seen:
            raise DataError(f"户 {household} 在本次评比中出现了两次")
        seen.add(household)
        done = ctx.records.list("huanbao.green_family", household=household, year=year)
        if done:
            raise DataError(f"户 {household} 已有{year}年度评比结果（#{done[0][0]}：{done[0][1]['result']}）")
    eid = ctx.events.add({"title": f"{year}年度“绿色家庭”评比", "date": day.isoformat(), "type": "huanbao.activity",
                          "domain": "huanbao", "status": "done", "summary": note,
                          "fields": {"form": FAMILY_FORM, "households": len(results)}})
    ids = []
    for household, result in results:
        ids.append(ctx.records.add("huanbao.green_family", {
            "household": household, "year": year, "result": result, "date": day.isoformat(), "event": eid}))
    return eid, ids


def heads(ctx: "PluginContext") -> dict[str, str]:
    """户号 → 户主's name, from the register's columns."""
    reg = ctx.people.register()
    out: dict[str, str] = {}
    for h, rel, name in zip(reg.column("household"), reg.column("relation"), reg.column("name")):
        if h and (rel == "户主" or h not in out):
            out[h] = name if rel == "户主" else out.get(h, name)
    return out


def families(ctx: "PluginContext", year: int) -> list[dict[str, Any]]:
    names = heads(ctx)
    return [{"id": rid, "household": r["household"], "head": names.get(r["household"], ""), "year": r["year"],
             "result": r["result"], "date": r["date"], "behaviours": r.get("behaviours", [])}
            for rid, r in ctx.records.list("huanbao.green_family", year=year)]


# -- 责任书 ------------------------------------------------------------------------------------------------
def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def expiry(doc: dict[str, Any], years: int) -> date:
    if doc.get("until"):
        return date.fromisoformat(doc["until"])
    return add_years(date.fromisoformat(doc.get("renewed") or doc["signed"]), years)


def agreements_due(ctx: "PluginContext", on: date, within: int) -> list[dict[str, Any]]:
    years = int(ctx.settings["huanbao.agreement_years"])
    rows = []
    for rid, a in ctx.records.list("huanbao.agreement"):
        end = expiry(a, years)
        left = (end - on).days
        if left > within:
            continue
        rows.append({"id": rid, "counterparty": a["counterparty"], "party_kind": a["party_kind"],
                     "address": a.get("address"), "phone": a.get("phone"), "signed": a["signed"],
                     "renewed": a.get("renewed"), "until": end.isoformat(), "days_left": left,
                     "status": f"已过期{-left}天" if left < 0 else ("今天到期" if left == 0 else f"{left}天后到期")})
    return sorted(rows, key=lambda r: r["until"])


def agreement(ctx: "PluginContext", key: str) -> tuple[int, dict[str, Any]]:
    text = str(key).strip().lstrip("#")
    if text.isdigit():
        try:
            return int(text), ctx.records.get(text, "huanbao.agreement")
        except NotFound:
            raise NotFound(f"没有编号为 {text} 的责任书（shequ record list huanbao.agreement 查看）") from None
    found = ctx.records.list("huanbao.agreement", counterparty=text)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"没有与“{text}”签订的责任书")
    raise DataError(f"与“{text}”签订的责任书有 {len(found)} 份：{'、'.join(f'#{rid}' for rid, _ in found)}，请用编号")


def renew(ctx: "PluginContext", key: str, day: date, until: date | None) -> tuple[int, date]:
    rid, doc = agreement(ctx, key)
    if doc.get("renewed") and day.isoformat() < doc["renewed"]:
        raise DataError(f"续签日期 {day.isoformat()} 早于上次续签 {doc['renewed']}")
    end = until or add_years(day, int(ctx.settings["huanbao.agreement_years"]))
    ctx.records.edit(rid, {"renewed": day.isoformat(), "until": end.isoformat()})
    return rid, end


# -- organisation --------------------------------------------------------------------------------------------
def group_setup(ctx: "PluginContext", day: date, only: list[str]) -> list[tuple[int, str]]:
    have = {g["name"] for _, g in ctx.records.list("huanbao.group")}
    added = []
    for name in only or list(GROUPS):
        if name in have:
            continue
        duties = GROUP_DUTIES.get(name, ("", ""))[0]
        added.append((ctx.records.add("huanbao.group", {"name": name, "formed": day.isoformat(), "duties": duties or None}), name))
    return added


def join(ctx: "PluginContext", group: str, who: str, role: str | None, post: str | None, day: date | None,
         external: bool) -> int:
    team = group in TEAMS
    role = role or ("队员" if team else "成员")
    values: dict[str, Any] = {"group": group, "role": role, "post": post,
                              "joined": day.isoformat() if day else None}
    if external:
        values["name"] = who
    else:
        try:
            pid = ctx.people.resolve(who)
        except NotFound:
            raise NotFound(f"花名册中没有“{who}”；不在花名册的成员（如辖区单位负责人）请加 --external") from None
        values["person"] = pid
        for _, m in ctx.records.list("huanbao.member", group=group, person=pid):
            if not m.get("left"):
                raise DataError(f"{who} 已是{group}的{m.get('role')}")
    return ctx.records.add("huanbao.member", {k: v for k, v in values.items() if v is not None})


def members_on(ctx: "PluginContext", on: date) -> dict[str, list[dict[str, Any]]]:
    day = on.isoformat()
    out: dict[str, list[dict[str, Any]]] = {g: [] for g in GROUPS}
    for _, m in ctx.records.list("huanbao.member"):
        if (m.get("joined") or "") <= day and (not m.get("left") or m["left"] > day):
            out[m["group"]].append(m)
    return out


def network_sentence(groups: set[str], members: dict[str, list[dict[str, Any]]]) -> str:
    have = [g for g in NETWORK if g in groups or members.get(g)]
    if len(have) == len(NETWORK):
        return "创“省绿色社区”三级管理网络已建立（创建领导小组、环保宣传小组、环保监督小组）。"
    missing = "、".join(g for g in NETWORK if g not in have)
    return f"创“省绿色社区”三级管理网络已建立{len(have)}/3个小组，缺{missing}。"
