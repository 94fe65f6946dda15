"""Record-level rules (``shequ_validate``): they hold for the plugin's commands and for ``shequ record …`` alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shequ.api import PluginContext


def problems(record: dict[str, Any], type_id: str, ctx: "PluginContext") -> list[str]:
    check = CHECKS.get(type_id)
    return check(record, ctx) if check else []


def _order(record: dict[str, Any], steps: tuple[tuple[str, str], ...]) -> list[str]:
    """Dated steps must not go back in time: “申报日期 2025-03-01 早于受理日期 2025-03-05”."""
    out = []
    dated = [(label, record[key]) for key, label in steps if record.get(key)]
    for (a, da), (b, db) in zip(dated, dated[1:]):
        if db < da:
            out.append(f"{b} {db} 早于{a} {da}")
    return out


def _case(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    out = _order(record, (("opened", "受理日期"), ("declared", "申报日期"), ("granted", "发放日期"), ("stopped", "停发日期")))
    stage = record.get("stage", "材料审核")
    if (stage in ("申报", "发放", "办结") or record.get("granted")) and not record.get("declared"):
        out.append(f"阶段为{stage}须先申报（材料审核 → 申报 → 发放），缺少申报日期")
    if stage in ("发放", "办结") and not record.get("granted"):
        out.append(f"阶段为{stage}须有发放日期")
    if stage == "停发" and not (record.get("stopped") and record.get("stop_reason")):
        out.append("停发须写明停发日期和原因")
    if stage != "停发" and record.get("stopped"):
        out.append(f"有停发日期的救助阶段应为停发，而不是{stage}")
    if record.get("members") is not None and record["members"] < 1:
        out.append(f"保障人口应为正整数：{record['members']}")
    if record.get("monthly") is not None and float(record["monthly"]) <= 0:
        out.append(f"月救助金额应为正数：{record['monthly']}")
    return out


def _review(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    from shequ import NotFound

    try:
        case = ctx.records.get(record["case"], "minzheng.case")
    except NotFound:
        return [f"救助编号 {record['case']} 不是社会救助记录"]
    out = []
    if record.get("date") and case.get("granted") and record["date"] < case["granted"]:
        out.append(f"年审日期 {record['date']} 早于发放日期 {case['granted']}")
    if case.get("stopped") and record.get("date") and record["date"] > case["stopped"]:
        out.append(f"救助 #{record['case']} 已于 {case['stopped']} 停发，不能再年审或复核")
    if record.get("monthly") is not None and float(record["monthly"]) <= 0:
        out.append(f"调整后月金额应为正数：{record['monthly']}")
    return out


def _orphan(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    if record.get("ended") and record.get("since") and record["ended"][:7] < record["since"]:
        return [f"停发日期 {record['ended']} 早于起始月份 {record['since']}"]
    if record.get("ended") and not record.get("end_reason"):
        return ["停发须写明原因"]
    return []


def _disaster(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    return _order(record, (("occurred", "发生日期"), ("surveyed", "查灾日期"), ("aided", "援灾日期"), ("relieved", "救灾日期")))


def _inspection(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    units, passed = record.get("units"), record.get("passed")
    out = []
    if units is not None and units < 1:
        out.append(f"检查单位数应为正整数：{units}")
    if passed is not None and (passed < 0 or (units is not None and passed > units)):
        out.append(f"复查合格数应在 0 到检查单位数（{units}）之间：{passed}")
    return out


def _org_check(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    from shequ import NotFound

    try:
        ctx.records.get(record["org"], "minzheng.org")
    except NotFound:
        return [f"组织编号 {record['org']} 不是社会组织记录"]
    if record.get("date") and record.get("year") and int(record["date"][:4]) < int(record["year"]):
        return [f"{record['year']} 年度的年检不能早于该年：{record['date']}"]
    return []


def _youfu(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
    return _order(record, (("since", "登记日期"), ("ended", "注销日期")))


def _nonnegative(key: str, label: str) -> Any:
    def check(record: dict[str, Any], ctx: "PluginContext") -> list[str]:
        return [f"{label}不能为负数：{record[key]}"] if record.get(key) is not None and record[key] < 0 else []
    return check


CHECKS = {
    "minzheng.case": _case, "minzheng.review": _review, "minzheng.orphan": _orphan, "minzheng.disaster": _disaster,
    "minzheng.inspection": _inspection, "minzheng.org_check": _org_check, "minzheng.youfu": _youfu,
    "minzheng.activity": _nonnegative("households", "慰问户数"), "minzheng.work": _nonnegative("cases", "户（人）数"),
}
