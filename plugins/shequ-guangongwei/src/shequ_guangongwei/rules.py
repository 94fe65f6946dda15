"""The checks ``shequ_validate`` runs on 关工委 records and events (all problems at once, in Chinese).

They run for the plugin's commands and for the generic ``shequ record add/edit/import`` and
``shequ calendar add`` alike.  Messages never name a student (minors are sensitive data).

``shequ_validate`` cannot tell an add from an edit, nor which record is being edited
(API-NOTES.md), so the "only one" rules identify a record by its name: a second 总站 or a
second 中心站 for a unit is refused when its name differs from the one already there; unique
names themselves are checked by the commands (``station add``, ``unit add``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from shequ.api import PluginContext

Doc = dict[str, Any]


def problems(record: Doc, type_id: str, ctx: "PluginContext") -> list[str]:
    check = CHECKS.get(type_id)
    return check(record, ctx) if check else []


def _units(ctx: "PluginContext") -> dict[str, Doc]:
    from .service import units

    return {name: doc for name, (_, doc) in units(ctx).items()}


def _stations(ctx: "PluginContext") -> dict[str, tuple[int, Doc]]:
    from .service import stations

    return stations(ctx)


def _unit_problem(name: Any, ctx: "PluginContext", *, level: str | None = None, label: str = "单位") -> list[str]:
    if not name:
        return []
    known = _units(ctx)
    if name not in known:
        have = "、".join(known) or "（还没有登记任何单位：shequ guangongwei unit add 名称）"
        return [f"{label}“{name}”不存在（已登记：{have}）"]
    if level and known[name].get("level") != level:
        return [f"{label}“{name}”是{known[name].get('level')}关工委，这里需要{level}"]
    return []


def _dates(record: Doc, first: str, last: str, labels: tuple[str, str]) -> list[str]:
    a, b = record.get(first), record.get(last)
    if a and b and b < a:
        return [f"{labels[1]} {b} 早于{labels[0]} {a}"]
    return []


def _station_link(record: Doc, ctx: "PluginContext") -> list[str]:
    """A record naming a station (and maybe a unit): the station exists, and belongs to that unit."""
    out = _unit_problem(record.get("unit"), ctx)
    name = record.get("station")
    if not name:
        return out
    found = _stations(ctx).get(name)
    if found is None:
        have = "、".join(_stations(ctx)) or "（还没有登记辅导站）"
        return out + [f"辅导站“{name}”不存在（已登记：{have}）"]
    unit, own = record.get("unit"), found[1].get("unit")
    if unit and own and unit != own:
        out.append(f"辅导站“{name}”属于{own}，不属于{unit}")
    return out


def _unit(record: Doc, ctx: "PluginContext") -> list[str]:
    out = []
    if not str(record.get("name") or "").strip():
        out.append("单位名称不能为空")
    if record.get("wuhao") not in (None, "未创建", "创建中") and not record.get("wuhao_date"):
        out.append(f"“五好”创建状态为{record['wuhao']}时请填写状态日期（命名日期）")
    return out


def _station(record: Doc, ctx: "PluginContext") -> list[str]:
    name, level, unit = record.get("name"), record.get("level"), record.get("unit")
    others = [(rid, doc) for other, (rid, doc) in _stations(ctx).items() if other != name]
    if level == "总站":
        out = _unit_problem(unit, ctx, level="区(街道)")
        for rid, doc in others:
            if doc.get("level") == "总站":
                out.append(f"已有校外教育辅导总站“{doc.get('name')}”（#{rid}），一个关工委只设一个总站（篇5 L103）")
        return out
    if not unit:
        return ["村(社区)中心站须写明所属单位（--unit）"]
    out = _unit_problem(unit, ctx, level="村(社区)")
    for rid, doc in others:
        if doc.get("level") == "村(社区)中心站" and doc.get("unit") == unit:
            out.append(f"{unit}已有中心站“{doc.get('name')}”（#{rid}），每个村(社区)设一个中心站（篇5 L96）")
    return out


def _post(record: Doc, ctx: "PluginContext") -> list[str]:
    from .plan import COMMITTEE_ROLES

    out = _station_link(record, ctx) + _dates(record, "since", "until", ("任职日期", "离任日期"))
    role = record.get("role")
    if role in COMMITTEE_ROLES:
        if not record.get("unit"):
            out.append(f"关工委{role}须写明所属单位（--unit）")
        if record.get("station"):
            out.append(f"{role}是关工委班子的职务，不属于辅导站（站长、副站长、辅导员才写辅导站）")
    elif role and not record.get("station"):
        out.append(f"{role}须写明所在辅导站（--station）")
    return out


def _wulao(record: Doc, ctx: "PluginContext") -> list[str]:
    return _unit_problem(record.get("unit"), ctx) + _dates(record, "since", "until", ("起始日期", "结束日期"))


def _reading_room(record: Doc, ctx: "PluginContext") -> list[str]:
    return _unit_problem(record.get("unit"), ctx)


def _pc(record: Doc, ctx: "PluginContext") -> list[str]:
    out = _unit_problem(record.get("unit"), ctx)
    if record.get("count") is not None and record["count"] <= 0:
        out.append(f"电脑台数应为正整数：{record['count']}")
    if record.get("value") is not None and float(record["value"]) < 0:
        out.append("金额不能为负数")
    if record.get("source") == "上级扶持" and record.get("entry"):
        out.append("上级扶持的电脑不经本级账目（不填账目编号）")
    return out


def student_age(ctx: "PluginContext", pid: int, on: date) -> tuple[int | None, tuple[int, int]]:
    """A student's 周岁 on *on* (``None`` if the register has no birth date) and the band of the setting."""
    low, high = ctx.settings["guangongwei.student_ages"]
    birth = ctx.people.get(pid).get("birth")
    if not birth:
        return None, (low, high)
    b = date.fromisoformat(str(birth)[:10])
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day)), (low, high)


def _age_problems(ctx: "PluginContext", pid: Any, on: date, noun: str) -> list[str]:
    if not isinstance(pid, int):
        return []
    age, (low, high) = student_age(ctx, pid, on)
    # No names here: the student is a minor (the message says #id only).
    if age is None:
        return [f"{noun}（居民 #{pid}）在花名册中没有出生日期，无法核对是否为中小学生（请先补录出生日期）"]
    if not low <= age <= high:
        return [f"{noun}（居民 #{pid}）{on.isoformat()} 时 {age} 周岁，不在中小学生年龄段 {low}-{high} 周岁内"
                f"（设置 guangongwei.student_ages）"]
    return []


def _nomination(record: Doc, ctx: "PluginContext") -> list[str]:
    from .plan import STANDARD

    out = _unit_problem(record.get("unit"), ctx)
    if record.get("date"):
        out += _age_problems(ctx, record.get("student"), date.fromisoformat(record["date"]), "被推荐学生")
        if record.get("year") and abs(int(record["date"][:4]) - int(record["year"])) > 1:
            out.append(f"推荐日期 {record['date']} 与年度 {record['year']} 不符")
    missing = [text for key, text in STANDARD if not record.get(key)]
    if record.get("award", "三好标兵") == "三好标兵" and record.get("status") == "当选" and missing:
        out.append(f"“三好标兵”须同时符合三项标准（篇5 L105），尚未确认：{'、'.join(missing)}")
    return out


def _youth(record: Doc, ctx: "PluginContext") -> list[str]:
    eid = record.get("event")
    if eid is None:
        return []
    ev = ctx.events.get(eid)
    if ev.get("type") not in ("guangongwei.training", "guangongwei.activity") or \
            (ev.get("fields") or {}).get("audience") != "青少年":
        return [f"活动 #{eid} 不是关工委面向青少年的培训或活动"]
    return _age_problems(ctx, record.get("person"), date.fromisoformat(ev["date"]), "学员")


def _review(record: Doc, ctx: "PluginContext") -> list[str]:
    name = record.get("station")
    found = _stations(ctx).get(name) if name else None
    if name and found is None:
        have = "、".join(_stations(ctx)) or "（还没有登记辅导站）"
        return [f"辅导站“{name}”不存在（已登记：{have}）"]
    since = found[1].get("established") if found else None
    if since and record.get("date") and record["date"] < since:
        return [f"{record.get('kind') or '点评'}日期 {record['date']} 早于辅导站“{name}”的建站日期 {since}"]
    return []


def _event(record: Doc, ctx: "PluginContext") -> list[str]:
    return _station_link(record, ctx)


def _entry(record: Doc, ctx: "PluginContext") -> list[str]:
    return _unit_problem(record.get("ggw_unit"), ctx, label="关工委单位")


CHECKS: dict[str, Callable[[Doc, "PluginContext"], list[str]]] = {
    "guangongwei.unit": _unit, "guangongwei.station": _station, "guangongwei.post": _post,
    "guangongwei.wulao": _wulao, "guangongwei.reading_room": _reading_room, "guangongwei.pc": _pc,
    "guangongwei.nomination": _nomination, "guangongwei.youth": _youth, "guangongwei.review": _review,
    "guangongwei.activity": _event, "guangongwei.training": _event, "guangongwei.lecture": _event,
    "guangongwei.inspection": _event, "guangongwei.entry": _entry,
}
