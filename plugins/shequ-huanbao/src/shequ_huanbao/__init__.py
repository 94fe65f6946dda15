"""shequ-huanbao: 环保 as a shequ plugin.

The 节能环保 plan (篇15 L294–305) and the 创“省绿色社区” plan (篇20 L486–492): the leading
group and the 三级管理网络, 护绿队/保洁队/绿化队, publicity (问卷, 讲座, 表扬与批评, 公约),
“绿色家庭”评比, 垃圾分类 and 日产日清 per building, greening projects against their ledger
budgets (篇18 L473–474), 市容环境卫生管理责任书 (篇16(一) L342) and the office's monthly
electricity and water with their trend (篇15 L304 “降低办公室用能总量”).
Uses only shequ's public API; everything beyond the declarations is imported when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shequ import (ChecklistItem, ChecklistTemplate, Duty, LedgerAccount, PersonCategory, RecordType, ReportSection,
                   Setting, hookimpl)

if TYPE_CHECKING:
    from shequ.api import Commands, PluginContext, ReportContext
    from shequ.periods import Period

DOMAIN = "huanbao"


@hookimpl
def shequ_record_types() -> list[RecordType]:
    from .declarations import RECORD_TYPES  # built when asked for: ``shequ --help`` never needs them

    return list(RECORD_TYPES)


@hookimpl
def shequ_duties() -> list[Duty]:
    from .declarations import FAMILY_FORM

    d = DOMAIN
    return [
        {"id": "huanbao.meeting", "title": "节能环保工作会议", "domain": d, "kind": "quota", "per": "quarter", "min": 1,
         "match": {"type": "huanbao.meeting"},
         "source": "篇15 L297“定期召开节能环保工作会议”（周期原文未给，默认每季度一次，可用 shequ duties set 调整）"},
        {"id": "huanbao.cleaning", "title": "楼道每天清扫、垃圾日产日清（按楼栋覆盖率月度考核）", "domain": d, "kind": "quota",
         "per": "month", "min": 1, "match": {"type": "huanbao.cleaning_review", "fields": {"met": True}},
         "source": "篇20 L491“保洁队负责每天对所有楼道清扫,做到垃圾日产日清”（每月用 shequ huanbao cleaning review "
                   "按保洁日志计算每栋楼的覆盖率，达到设置 huanbao.cleaning_target 即达标）"},
        {"id": "huanbao.tree_planting", "title": "三月植树绿化", "domain": d, "kind": "quota", "per": "month", "min": 1,
         "in_months": [3], "match": {"type": "huanbao.greening", "fields": {"kind": "植树"}},
         "source": "篇5 L111“三月份,配合学校、企事业单位植树绿化”；篇18 L473“三月分完成绿化任务”"},
        {"id": "huanbao.greening_check", "title": "“一年四季有绿”绿化检查", "domain": d, "kind": "quota", "per": "quarter",
         "min": 1, "match": {"type": "huanbao.greening", "fields": {"kind": "四季绿化检查"}},
         "source": "篇20 L491“让小区内一年四季有绿”（检查周期原文未给，默认每季度一次）"},
        {"id": "huanbao.green_family", "title": "“绿色家庭”评比", "domain": d, "kind": "quota", "per": "year", "min": 1,
         "match": {"type": "huanbao.activity", "fields": {"form": FAMILY_FORM}},
         "source": "篇20 L490“进行‘绿色家庭’评比活动”（周期原文未给，默认每年一次）"},
        {"id": "huanbao.craft", "title": "幼儿园环保小制作（每班每学期一次）", "domain": d, "kind": "quota", "per": "half",
         "min": 1, "match": {"type": "huanbao.craft"}, "enabled": False,
         "source": "篇10 L211“各班……每学期开展一次环保小制作活动”（学期按半年近似；辖区有幼儿园时用 shequ duties enable "
                   "huanbao.craft 启用，并用 shequ duties set huanbao.craft min=班级数）"},
    ]


def _item(key: str, text: str, rule: dict[str, Any] | None = None) -> ChecklistItem:
    return {"id": key, "text": text, "rule": rule} if rule else {"id": key, "text": text, "evidence": True}


@hookimpl
def shequ_checklists() -> list[ChecklistTemplate]:
    from .declarations import HOUSEHOLD_BEHAVIOURS, OFFICE_MEASURES

    green: list[ChecklistItem] = [
        _item("network", "建立创“省绿色社区”三级管理网络：创建领导小组、环保宣传小组、环保监督小组"),
        _item("hulvdui", "成立由社区志愿者组成的“护绿队”",
              {"records": {"type": "huanbao.member", "where": ["group=护绿队"], "min": 1}}),
        _item("survey", "组织开展环保知识问卷调查",
              {"events": {"per": "period", "min": 1, "domain": "环保", "type": "huanbao.survey"}}),
        _item("green_family", "进行“绿色家庭”评比活动",
              {"records": {"type": "huanbao.green_family", "date_field": "date", "min": 1}}),
        _item("lecture", "在“市民教室”举办环境保护讲座",
              {"events": {"per": "period", "min": 1, "domain": "环保", "type": "huanbao.lecture"}}),
        _item("facilities", "完善社区环保设施"),
        _item("sorting", "加强对生活垃圾的收集管理，实行分类投放",
              {"records": {"type": "huanbao.waste_scheme", "where": ["end="], "min": 1}}),
        _item("saving", "倡导社区居民养成节水、节电习惯"),
        _item("green_consumption", "倡导绿色消费，引导居民装潢选用绿色环保产品，提倡使用清洁能源"),
        _item("greening_rules", "制定社区绿化养护管理制度",
              {"records": {"type": "huanbao.rule", "where": ["kind=社区绿化养护管理制度"], "min": 1}}),
        _item("job_duties", "制定保洁员、绿化养护工岗位职责"),
        _item("daily_clean", "保洁队每天对所有楼道清扫，做到垃圾日产日清", {"duty": "huanbao.cleaning"}),
        _item("four_seasons", "绿化队负责小区绿化管护，让小区内一年四季有绿", {"duty": "huanbao.greening_check"}),
    ]
    return [
        {"id": "huanbao.green_community", "title": "创“省绿色社区”", "domain": DOMAIN, "recurrence": "year",
         "source": "篇20 L489–L491（原文未给分值：各项不计分；需要百分制时用 shequ checklist template add 加一份带 weight 的同编号模板）",
         "items": green},
        {"id": "huanbao.household_saving", "title": "家庭节能行为", "domain": DOMAIN,
         "source": "篇15 L303（每户一份：shequ checklist start huanbao.household_saving --period 2025 --unit 户号）",
         "items": [_item(f"h{i}", text) for i, text in enumerate(HOUSEHOLD_BEHAVIOURS, start=1)]},
        {"id": "huanbao.office_saving", "title": "社区带头节能（办公室）", "domain": DOMAIN, "recurrence": "year",
         "source": "篇15 L304（用能趋势见 shequ huanbao energy show）",
         "items": [_item(f"o{i}", text) for i, text in enumerate(OFFICE_MEASURES, start=1)]},
        {"id": "huanbao.lvliangjing", "title": "“绿、亮、净、美、优”社区环境目标", "domain": DOMAIN, "recurrence": "year",
         "source": "篇3 L57（原文只列五字目标，未定义各字的标准：由本社区在佐证中写明）",
         "items": [_item(key, text) for key, text in
                   (("lv", "绿"), ("liang", "亮"), ("jing", "净"), ("mei", "美"), ("you", "优"))]},
    ]


@hookimpl
def shequ_ledger_accounts() -> list[LedgerAccount]:
    return [
        {"path": "支出:环保:宣传", "kind": "expense"},
        {"path": "支出:环保:绿化工程", "kind": "expense"},
        {"path": "支出:环保:绿化养护", "kind": "expense"},
        {"path": "支出:环保:保洁", "kind": "expense"},
        {"path": "支出:环保:环保设施", "kind": "expense"},
        {"path": "支出:环保:奖励", "kind": "expense"},  # 篇15 L301 “制定奖励措施”
    ]


def _int_range(low: int, high: int, what: str) -> Any:
    def parse(text: str) -> int:
        t = str(text).strip().rstrip("%％")
        if not t.isdigit() or not low <= int(t) <= high:
            raise ValueError(f"{what}应为 {low}–{high} 的整数：{text}")
        return int(t)
    return parse


def _percent(text: str) -> Any:
    from decimal import Decimal, InvalidOperation

    t = str(text).strip().rstrip("%％")
    try:
        value = Decimal(t)
    except InvalidOperation:
        raise ValueError(f"应为百分数（如 5 表示 5%）：{text}") from None
    if not Decimal(0) <= value < Decimal(100):
        raise ValueError(f"应在 0–100 之间：{text}")
    return value


@hookimpl
def shequ_settings() -> list[Setting]:
    return [
        Setting("huanbao.cleaning_target", "100", "楼道保洁月度达标线（%）：每栋楼当月有清扫记录的天数 ÷ 当月天数",
                parse=_int_range(1, 100, "达标线"), source="篇20 L491“每天对所有楼道清扫”（故默认 100%）"),
        Setting("huanbao.agreement_years", "1", "市容环境卫生管理责任书未写有效期时，按签订（续签）后几年到期",
                parse=_int_range(1, 10, "年数"), source="篇16(一) L342（有效期原文未给，默认一年）"),
        Setting("huanbao.renewal_days", "30", "责任书到期前多少天起提示续签", parse=_int_range(0, 366, "天数")),
        Setting("huanbao.kindergarten_classes", "", "辖区幼儿园的班级（环保小制作每班每学期一次）；留空表示辖区没有幼儿园",
                type="list", source="篇10 L211"),
        Setting("huanbao.energy_target", "0", "办公室用电、用水比上年同期降低的目标（%）；0 表示只要降低即达成",
                parse=_percent, source="篇15 L304“降低办公室用能总量”（幅度原文未给）"),
    ]


def _active(member: dict[str, Any], on: Any) -> bool:
    day = on.isoformat()
    return (member.get("group") == "护绿队" and (not member.get("joined") or member["joined"] <= day)
            and (not member.get("left") or member["left"] > day))


def _hulvdui(register: Any) -> list[int]:
    on = register.on
    return [pid for pid, files in register.related("huanbao.member").items()
            if pid in register and any(_active(m, on) for m in files)]


@hookimpl
def shequ_person_categories() -> list[PersonCategory]:
    return [PersonCategory("护绿队员", lambda p, on: any(_active(m, on) for m in p.related("huanbao.member")),
                           "护绿队的在队居民（篇20 L489“由社区志愿者组成的‘护绿队’”）", members=_hulvdui)]


@hookimpl
def shequ_validate(record: dict, record_type: RecordType, ctx: "PluginContext") -> list[str]:
    if not record_type.id.startswith("huanbao."):
        return []
    from .checks import problems

    return problems(record, record_type.id, ctx)


@hookimpl
def shequ_report_sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    from .report import sections

    return sections(kind, period, ctx)


@hookimpl
def shequ_register_commands(cli: "Commands") -> None:
    from shequ.api import add_group

    add_group(cli, "huanbao", "shequ_huanbao.cli:huanbao", alias="环保",
              help="环保：用能趋势、日产日清、绿化工程与预算、绿色家庭评比、责任书续签、环保组织。")
