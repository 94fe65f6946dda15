"""Checks that span fields or records (``shequ_validate``): they run for the plugin's commands and for
``shequ record add/edit/import`` and ``shequ calendar add`` alike, so bad data is refused on every path."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from shequ import NotFound

from .declarations import BEHAVIOURS_CRITICISED, BEHAVIOURS_PRAISED, TEAMS

if TYPE_CHECKING:
    from shequ.api import PluginContext

Check = Callable[[dict[str, Any], "PluginContext"], list[str]]


def problems(record: dict[str, Any], type_id: str, ctx: "PluginContext") -> list[str]:
    check = CHECKS.get(type_id)
    return check(record, ctx) if check else []


def _order(record: dict[str, Any], first: str, then: str, labels: tuple[str, str]) -> list[str]:
    a, b = record.get(first), record.get(then)
    if a and b and b < a:
        return [f"{labels[1]}（{b}）早于{labels[0]}（{a}）"]
    return []


def _not_future(record: dict[str, Any], key: str, label: str, ctx: "PluginContext") -> list[str]:
    day = record.get(key)
    if day and day > ctx.today.isoformat():
        return [f"{label}（{day}）晚于今天（{ctx.today.isoformat()}）：只能登记已经发生的事"]
    return []


# -- organisation ------------------------------------------------------------------------------
def _member(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    p = []
    if record.get("person") is None and not record.get("name"):
        p.append("请填写成员：花名册中的居民（person）或不在花名册中的姓名（name）")
    team = record.get("group") in TEAMS
    role = record.get("role")
    if team and role in ("组长", "副组长", "成员"):
        p.append(f"{record['group']}的职务应为 队长、副队长 或 队员，而不是{role}")
    if not team and role in ("队长", "副队长", "队员"):
        p.append(f"{record['group']}的职务应为 组长、副组长 或 成员，而不是{role}")
    return p + _order(record, "joined", "left", ("加入日期", "退出日期"))


def _rule(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    return _order(record, "adopted", "revised", ("制定日期", "修订日期"))


# -- publicity -----------------------------------------------------------------------------------
def _survey(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    avg, full = record.get("average"), record.get("full")
    if avg is not None and full is not None and Decimal(avg) > Decimal(full):
        return [f"平均得分 {avg} 高于满分 {full}"]
    return []


def _conduct(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    kind, behaviour = record.get("kind"), record.get("behaviour")
    if kind == "表扬" and behaviour in BEHAVIOURS_CRITICISED:
        return [f"“{behaviour}”是批评的行为，不能表扬（篇15 L299：对乱扔垃圾、浪费资源行为予以批评，对节约资源行为给予表扬）"]
    if kind == "批评" and behaviour in BEHAVIOURS_PRAISED:
        return [f"“{behaviour}”是表扬的行为，不能批评（篇15 L299）"]
    return _not_future(record, "date", "日期", ctx)


def _craft(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    classes = ctx.settings.get("huanbao.kindergarten_classes") or []
    name = record.get("class_name")
    if classes and name not in classes:
        return [f"班级“{name}”不在设置 huanbao.kindergarten_classes 中（已设：{'、'.join(classes)}）"]
    return []


def households(ctx: "PluginContext") -> set[str]:
    """Every 户号 in the register (from its columns: fast on 20,000 residents)."""
    return {h for h in ctx.people.register().column("household") if h}


def _family(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    p = []
    household = str(record.get("household") or "").strip()
    if household and household not in households(ctx):
        p.append(f"花名册中没有户号 {household}（用 shequ people household 姓名 查户号）")
    year, day = record.get("year"), record.get("date")
    if year is not None and day and int(day[:4]) not in (year, year + 1):
        p.append(f"评比日期 {day} 与年度 {year} 不符（应在当年或次年）")
    return p + _not_future(record, "date", "评比日期", ctx)


# -- long-term management --------------------------------------------------------------------------
def building_names(ctx: "PluginContext") -> list[str]:
    return [b["name"] for _, b in ctx.records.list("huanbao.building")]


def _building(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    return _order(record, "since", "until", ("起始日期", "截止日期"))


def _cleaning(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    p = []
    name = record.get("building")
    known = building_names(ctx)
    if name and name not in known:
        listed = "、".join(known[:12]) + ("……" if len(known) > 12 else "")
        p.append(f"楼栋“{name}”不存在" + (f"（已登记：{listed}）" if known else "（还没有登记楼栋）")
                 + "；先用 shequ huanbao building add 或 building sync 登记")
    return p + _not_future(record, "date", "日期", ctx)


def _waste(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    return _order(record, "start", "end", ("实施日期", "停止日期"))


def _project(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    p = _order(record, "start", "deadline", ("开工日期", "完成期限")) + _order(record, "start", "completed", ("开工日期", "完工日期"))
    account = record.get("account")
    if account:
        acc = ctx.ledger.accounts().get(account)
        if acc is None:
            p.append(f"经费科目 {account} 不存在（先用 shequ ledger accounts add {account} --kind expense 添加）")
        elif acc.get("kind") != "expense":
            p.append(f"经费科目 {account} 不是支出类科目")
    return p + _not_future(record, "completed", "完工日期", ctx)


def _parent(ctx: "PluginContext", rid: Any, type_id: str) -> dict[str, Any] | None:
    try:
        return ctx.records.get(rid, type_id)
    except NotFound:
        return None


def _project_item(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    if record.get("project") is not None and _parent(ctx, record["project"], "huanbao.project") is None:
        return [f"没有编号为 {record['project']} 的绿化工程（shequ huanbao project status 查看）"]
    return []


def _project_work(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    p = _not_future(record, "date", "日期", ctx)
    item = _parent(ctx, record.get("item"), "huanbao.project_item") if record.get("item") is not None else None
    if record.get("item") is not None and item is None:
        return p + [f"没有编号为 {record['item']} 的工程内容（shequ huanbao project status 工程 查看各项编号）"]
    if item is not None and record.get("date"):
        project = _parent(ctx, item.get("project"), "huanbao.project") or {}
        if project.get("start") and record["date"] < project["start"]:
            p.append(f"日期 {record['date']} 早于工程开工日期 {project['start']}")
    return p


def _agreement(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    p = _order(record, "signed", "until", ("签订日期", "有效期")) + _order(record, "signed", "renewed", ("签订日期", "续签日期"))
    return p + _not_future(record, "signed", "签订日期", ctx)


# -- office energy --------------------------------------------------------------------------------
METERS = (("meter_e", "电表读数"), ("meter_w", "水表读数"))


def _energy(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    p = []
    month = record.get("month")
    if not any(record.get(k) is not None for k in ("electricity", "water", "meter_e", "meter_w")):
        p.append("请至少填写用电量、用水量或电表、水表读数之一")
    if not month or len(str(month)) != 7:
        return p
    if month > ctx.today.isoformat()[:7]:
        p.append(f"月份 {month} 还没有到（今天是 {ctx.today.isoformat()}）")
    others = [r for _, r in ctx.records.list("huanbao.energy") if r.get("month") != month]
    for key, label in METERS:
        if record.get(key) is None:
            continue
        value = Decimal(record[key])
        earlier = [r for r in others if r["month"] < month and r.get(key) is not None]
        later = [r for r in others if r["month"] > month and r.get(key) is not None]
        if earlier and not record.get("replaced"):
            before = max(earlier, key=lambda r: r["month"])
            if value < Decimal(before[key]):
                p.append(f"{label} {value} 低于 {before['month']} 的读数 {before[key]}：表的读数不会倒退"
                         "（如本月换了表，请注明“本月换表”：--replaced 或 --field replaced=是）")
        if later:
            after = min(later, key=lambda r: r["month"])
            if not after.get("replaced") and Decimal(after[key]) < value:
                p.append(f"{label} {value} 高于 {after['month']} 的读数 {after[key]}：表的读数不会倒退")
    return p


def _pledge(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    return _not_future(record, "date", "日期", ctx)


CHECKS: dict[str, Check] = {
    "huanbao.member": _member, "huanbao.rule": _rule, "huanbao.survey": _survey, "huanbao.conduct": _conduct,
    "huanbao.craft": _craft, "huanbao.green_family": _family, "huanbao.building": _building,
    "huanbao.cleaning": _cleaning, "huanbao.waste_scheme": _waste, "huanbao.project": _project,
    "huanbao.project_item": _project_item, "huanbao.project_work": _project_work, "huanbao.agreement": _agreement,
    "huanbao.energy": _energy, "huanbao.pledge": _pledge,
}
