"""The 环保 record and event types, with their citations (篇15 L294–305, 篇20 L486–492 and related lines).

Plain declarations, light to import: ``shequ --help`` loads this module with the plugin.
"""

from __future__ import annotations

import re
from typing import Any

from shequ import Field, RecordType

# -- organisation (篇15 L297; 篇20 L489, L491) ------------------------------------------------
LEADING_GROUP = "节能环保工作领导小组"
NETWORK = ("创建领导小组", "环保宣传小组", "环保监督小组")  # 篇20 L489 “三级管理网络”
TEAMS = ("护绿队", "保洁队", "绿化队")  # 篇20 L489, L491
GROUPS = (LEADING_GROUP, *NETWORK, *TEAMS)
#: What the source says each group does, verbatim; the three network groups have no duties in the source.
GROUP_DUTIES = {
    LEADING_GROUP: ("研究解决辖区内节能环保工作中遇到的重大问题", "篇15 L297"),
    "护绿队": ("由社区志愿者组成，负责社区内各种环保活动的组织、实施、检查", "篇20 L489"),
    "保洁队": ("负责每天对所有楼道清扫，做到垃圾日产日清，确保社区大环境卫生整洁", "篇20 L491"),
    "绿化队": ("负责小区绿化管护，让小区内一年四季有绿，绿化美化到位", "篇20 L491"),
}
ROLES = ("组长", "副组长", "成员", "队长", "副队长", "队员")

# -- publicity (篇15 L299–L305; 篇20 L490) ----------------------------------------------------
ACTIVITY_FORMS = (
    "张贴标语宣传画",  # L299 利用宣传栏等载体,张贴节能减排标语、宣传画
    "发放宣传资料",  # L299 向单位、居民发放宣传资料
    "“节能减排”家庭社区公益行动",  # L299
    "资源节约志愿活动",  # L299
    "节能减排经验交流",  # L299
    "资源警示教育",  # L301
    "节能降耗活动",  # L305
    "“绿色家庭”评比",  # 篇20 L490
    "其他",
)
FAMILY_FORM = "“绿色家庭”评比"
VENUES = ("市民教室", "市民学校", "其他")  # 篇20 L490 “市民教室”; 篇15 L299 “市民学校”
CONDUCT_KINDS = ("表扬", "批评")
#: 篇15 L299 “对乱扔垃圾、浪费资源行为予以批评,对节约资源行为给予表扬”.
BEHAVIOURS_PRAISED = ("节约资源",)
BEHAVIOURS_CRITICISED = ("乱扔垃圾", "浪费资源")
CONDUCT_BEHAVIOURS = (*BEHAVIOURS_PRAISED, *BEHAVIOURS_CRITICISED, "其他")
#: 篇15 L303, the household behaviours (also a checklist).
HOUSEHOLD_BEHAVIOURS = ("拎布袋子、菜篮子", "选购节能家电", "选购节水器具", "选购高效照明产品", "减少待机消耗", "拒绝过度包装",
                        "使用无磷洗衣粉")
#: 篇15 L304, the office measures (also a checklist).
OFFICE_MEASURES = ("节电", "节水", "尽量采用自然光照明", "推进无纸化办公", "降低办公室设备的待机能耗", "优化用能设备的运行方式")

# -- long-term management (篇20 L491; 篇16(一) L342; 篇18 L473–474) ----------------------------
RULE_KINDS = ("社区绿化养护管理制度", "保洁员岗位职责", "绿化养护工岗位职责", "节能减排管理制度", "奖励措施")
GREENING_KINDS = ("植树", "补植补栽", "绿化养护", "四季绿化检查")
PARTY_KINDS = ("单位", "门店", "住户")  # 篇16(一) L342 “与辖区内临街的单位、门店、住户签订”
FAMILY_RESULTS = ("评为绿色家庭", "未评上")
GREEN = FAMILY_RESULTS[0]
PLEDGE_PARTIES = ("单位", "家庭", "居民", "其他")

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def month_problem(value: Any, record: dict) -> str | None:
    return None if _MONTH.match(str(value)) else f"月份应写成 2025-03 的形式：{value}"


def _non_negative(value: Any, record: dict) -> str | None:
    from decimal import Decimal

    return f"不能为负数（填的是 {value}）" if Decimal(str(value)) < 0 else None


def _positive(value: Any, record: dict) -> str | None:
    from decimal import Decimal

    return f"应大于 0（填的是 {value}）" if Decimal(str(value)) <= 0 else None


GROUP = RecordType(
    id="huanbao.group", title="环保组织",
    description="节能环保工作领导小组、创“省绿色社区”三级管理网络（创建领导小组、环保宣传小组、环保监督小组）和护绿队、保洁队、绿化队",
    source="篇15 L297；篇20 L489、L491",
    fields=(
        Field("name", "choice", label="名称", required=True, choices=GROUPS),
        Field("formed", "date", label="成立日期"),
        Field("duties", "str", label="职责", help="护绿队、保洁队、绿化队和领导小组的职责见原文；三个网络小组的职责原文未列"),
        Field("note", "str", label="备注"),
    ),
)
MEMBER = RecordType(
    id="huanbao.member", title="环保组织成员",
    description="领导小组（社区书记、主任为组长，分管环保为副组长，辖区单位负责人和社区工作人员任成员）与各队的成员",
    source="篇15 L297；篇20 L489",
    fields=(
        Field("group", "choice", label="组织", required=True, choices=GROUPS),
        Field("role", "choice", label="职务", required=True, choices=ROLES),
        Field("person", "person", label="居民", help="辖区居民（按姓名或编号）；辖区单位负责人等不在花名册的，填“姓名”"),
        Field("name", "str", label="姓名", help="不在花名册中的成员"),
        Field("post", "str", label="单位及职务", help="如 社区书记、社区主任、分管环保、某单位负责人、社区志愿者"),
        Field("joined", "date", label="加入日期"),
        Field("left", "date", label="退出日期"),
    ),
    columns=("group", "role", "person", "name", "post", "joined", "left"),
)
RULE = RecordType(
    id="huanbao.rule", title="环保制度与岗位职责",
    description="社区绿化养护管理制度，保洁员、绿化养护工岗位职责，节能减排管理制度与奖励措施",
    source="篇20 L491“制定社区绿化养护管理制度,保洁员、绿化养护工岗位职责”；篇15 L301“完善管理制度,制定奖励措施”",
    fields=(
        Field("kind", "choice", label="类别", required=True, choices=RULE_KINDS),
        Field("title", "str", label="名称", required=True),
        Field("adopted", "date", label="制定日期", required=True),
        Field("revised", "date", label="修订日期"),
        Field("content", "str", label="内容摘要"),
    ),
)
MEETING = RecordType(
    id="huanbao.meeting", title="节能环保工作会议", kind="event",
    description="领导小组定期召开的节能环保工作会议：议题、研究解决的问题",
    source="篇15 L297“定期召开节能环保工作会议,研究解决辖区内节能环保工作中遇到的重大问题”",
    fields=(Field("topic", "str", label="议题"), Field("decisions", "str", label="研究解决的问题")),
)
ACTIVITY = RecordType(
    id="huanbao.activity", title="环保宣传活动", kind="event",
    description="节能减排宣传：标语宣传画、宣传资料、公益行动、资源节约志愿活动、经验交流、警示教育、节能降耗活动、“绿色家庭”评比",
    source="篇15 L299、L301、L305；篇20 L490",
    fields=(
        Field("form", "choice", label="形式", required=True, choices=ACTIVITY_FORMS),
        Field("theme", "str", label="宣传主题"),
        Field("materials", "int", label="资料份数", validators=(_non_negative,)),
        Field("households", "int", label="参评户数", validators=(_non_negative,),
              help="“绿色家庭”评比的参评户数"),
    ),
)
LECTURE = RecordType(
    id="huanbao.lecture", title="环境保护讲座", kind="event",
    description="在“市民教室”（市民学校）举办的环境保护讲座",
    source="篇20 L490“在‘市民教室’举办环境保护讲座”；篇15 L299“利用市民学校”",
    fields=(
        Field("venue", "choice", label="场所", required=True, choices=VENUES),
        Field("topic", "str", label="讲座主题"),
        Field("speaker", "str", label="主讲人"),
    ),
)
SURVEY = RecordType(
    id="huanbao.survey", title="环保知识问卷调查", kind="event",
    description="环保知识问卷调查：答卷人数、平均得分（满分默认100，可改）",
    source="篇20 L490“组织开展环保知识问卷调查”",
    fields=(
        Field("respondents", "int", label="答卷人数", required=True, validators=(_positive,)),
        Field("average", "decimal", label="平均得分", validators=(_non_negative,)),
        Field("full", "decimal", label="满分", default="100", validators=(_positive,)),
    ),
)
GREENING = RecordType(
    id="huanbao.greening", title="绿化活动", kind="event",
    description="三月植树、补植补栽、绿化养护、“一年四季有绿”季度检查",
    source="篇5 L111“三月份,配合学校、企事业单位植树绿化”；篇18 L473；篇20 L491“一年四季有绿”",
    fields=(
        Field("kind", "choice", label="类别", required=True, choices=GREENING_KINDS),
        Field("trees", "int", label="植树株数", validators=(_non_negative,)),
        Field("partners", "list", label="配合单位", help="如 学校、企事业单位（篇5 L111）"),
        Field("findings", "str", label="检查情况"),
    ),
)
CRAFT = RecordType(
    id="huanbao.craft", title="环保小制作", kind="event",
    description="幼儿园各班组织家长利用半成品或废旧材料开展的环保小制作（每学期一次）",
    source="篇10 L211“要求各班组织家长充分利用半成品或废旧材料每学期开展一次环保小制作活动”",
    fields=(
        Field("class_name", "str", label="班级", required=True),
        Field("families", "int", label="参与家庭数", validators=(_non_negative,)),
        Field("materials", "str", label="所用材料"),
    ),
)
REVIEW = RecordType(
    id="huanbao.cleaning_review", title="保洁月度考核", kind="event",
    description="按保洁日志计算某月每栋楼的清扫天数与覆盖率（shequ huanbao cleaning review 生成）",
    source="篇20 L491“保洁队负责每天对所有楼道清扫,做到垃圾日产日清”",
    fields=(
        Field("month", "str", label="考核月份", required=True, validators=(month_problem,)),
        Field("buildings", "int", label="楼栋数"),
        Field("expected", "int", label="应清扫（栋·天）"),
        Field("logged", "int", label="已清扫（栋·天）"),
        Field("coverage", "decimal", label="覆盖率（%）"),
        Field("target", "int", label="达标线（%）"),
        Field("met", "bool", label="达标"),
        Field("missed", "list", label="缺清扫的楼栋"),
    ),
)
FAMILY = RecordType(
    id="huanbao.green_family", title="绿色家庭评比",
    description="“绿色家庭”评比结果：户号、年度、结果；可记下评比时看到的家庭节能行为（篇15 L303）",
    source="篇20 L490“进行‘绿色家庭’评比活动”（评比标准原文未给）",
    fields=(
        Field("household", "str", label="户号", required=True),
        Field("year", "int", label="年度", required=True),
        Field("result", "choice", label="结果", required=True, choices=FAMILY_RESULTS),
        Field("date", "date", label="评比日期", required=True),
        Field("behaviours", "list", label="节能行为", choices=HOUSEHOLD_BEHAVIOURS),
        Field("event", "event", label="评比活动"),
        Field("note", "str", label="评语"),
    ),
    columns=("household", "year", "result", "date", "behaviours"),
)
CONDUCT = RecordType(
    id="huanbao.conduct", title="表扬与批评",
    description="利用市民学校对乱扔垃圾、浪费资源行为予以批评，对节约资源行为给予表扬（对象默认隐去，报告只计数）",
    source="篇15 L299",
    fields=(
        Field("date", "date", label="日期", required=True),
        Field("kind", "choice", label="类别", required=True, choices=CONDUCT_KINDS),
        Field("who", "str", label="对象", required=True, mask="name", help="个人或单位"),
        Field("person", "person", label="居民", mask="name", help="对象是辖区居民时可关联花名册"),
        Field("behaviour", "choice", label="行为", required=True, choices=CONDUCT_BEHAVIOURS),
        Field("detail", "str", label="情况", mask="name", help="可能写到当事人，默认隐去"),
        Field("venue", "str", label="场合", help="如 市民学校"),
    ),
    columns=("date", "kind", "who", "behaviour", "venue"),
)
WASTE = RecordType(
    id="huanbao.waste_scheme", title="垃圾分类方案",
    description="生活垃圾的收集管理、分类投放与分类回收安排",
    source="篇15 L299“做好垃圾、废物的分类回收”；篇20 L491“加强对生活垃圾的收集管理,实行分类投放”",
    fields=(
        Field("name", "str", label="方案名称", required=True),
        Field("start", "date", label="实施日期", required=True),
        Field("categories", "list", label="分类",
              help="原文未列分类；国家标准 GB/T 19095-2019 为可回收物、有害垃圾、厨余垃圾、其他垃圾（外部，按本地规定填写）"),
        Field("points", "int", label="投放点数", validators=(_non_negative,)),
        Field("scope", "str", label="实施范围"),
        Field("collection", "str", label="收运安排"),
        Field("end", "date", label="停止日期"),
    ),
)
BUILDING = RecordType(
    id="huanbao.building", title="保洁楼栋",
    description="保洁队每天清扫的楼栋（楼道）；可由花名册住址生成（shequ huanbao building sync）",
    source="篇20 L491“保洁队负责每天对所有楼道清扫”",
    fields=(
        Field("name", "str", label="楼栋", required=True, help="如 幸福小区/9幢（与花名册住址的 小区/楼栋 一致）"),
        Field("cleaner", "str", label="保洁员"),
        Field("since", "date", label="起始日期", help="从哪天起纳入日产日清（默认一直在）"),
        Field("until", "date", label="截止日期", help="拆除或移交后不再计入"),
        Field("note", "str", label="备注"),
    ),
)
CLEANING = RecordType(
    id="huanbao.cleaning", title="保洁日志",
    description="每栋楼每天的楼道清扫与垃圾日产日清记录（未清扫的也可以记下原因）",
    source="篇20 L491“保洁队负责每天对所有楼道清扫,做到垃圾日产日清”",
    fields=(
        Field("building", "str", label="楼栋", required=True),
        Field("date", "date", label="日期", required=True),
        Field("done", "bool", label="已清扫", default=True),
        Field("cleaner", "str", label="保洁员"),
        Field("note", "str", label="说明"),
    ),
)
PROJECT = RecordType(
    id="huanbao.project", title="绿化工程",
    description="绿化美化工程：地点、计划投资、完成期限、经费科目（预算用 shequ ledger budget set 设置）",
    source="篇18 L473“需要风景树200株、冬青苗20__株,投资6万元,三月分完成绿化任务”；篇18 L474",
    fields=(
        Field("name", "str", label="工程名称", required=True),
        Field("location", "str", label="地点", required=True),
        Field("start", "date", label="开工日期"),
        Field("deadline", "date", label="完成期限", required=True),
        Field("cost", "decimal", label="计划投资（元）", validators=(_positive,)),
        Field("account", "str", label="经费科目", help="如 支出:环保:绿化工程:工字街绿化带（先用 shequ ledger accounts add 添加）"),
        Field("completed", "date", label="完工日期"),
        Field("note", "str", label="备注"),
    ),
    columns=("name", "location", "deadline", "cost", "account", "completed"),
)
PROJECT_ITEM = RecordType(
    id="huanbao.project_item", title="绿化工程内容",
    description="工程的每一项内容及计划数量（如 风景树 200 株）；原文未给的数量（“冬青苗20__株”）可以不填",
    source="篇18 L473–L474",
    fields=(
        Field("project", "int", label="工程编号", required=True),
        Field("item", "str", label="内容", required=True),
        Field("unit", "str", label="单位", required=True, help="如 株、平方米"),
        Field("planned", "decimal", label="计划数量", validators=(_positive,)),
        Field("note", "str", label="备注"),
    ),
)
PROJECT_WORK = RecordType(
    id="huanbao.project_work", title="绿化工程进度",
    description="某项工程内容某天完成的数量",
    source="篇18 L473",
    fields=(
        Field("item", "int", label="内容编号", required=True),
        Field("date", "date", label="日期", required=True),
        Field("quantity", "decimal", label="完成数量", required=True, validators=(_positive,)),
        Field("note", "str", label="说明"),
    ),
)
AGREEMENT = RecordType(
    id="huanbao.agreement", title="市容环境卫生管理责任书",
    description="与辖区内临街的单位、门店、住户签订的市容环境卫生管理责任书（管理台帐）",
    source="篇16(一) L342“与辖区内临街的单位、门店、住户签订市容环境卫生管理责任书,并初步建立了管理台帐”",
    fields=(
        Field("counterparty", "str", label="责任方", required=True, help="单位、门店名称或住户姓名"),
        Field("party_kind", "choice", label="类别", required=True, choices=PARTY_KINDS),
        Field("address", "str", label="地址"),
        Field("contact", "str", label="联系人"),
        Field("phone", "str", label="联系电话", mask="phone"),
        Field("signed", "date", label="签订日期", required=True),
        Field("until", "date", label="有效期至", help="不填则按设置 huanbao.agreement_years 计算"),
        Field("renewed", "date", label="最近续签日期"),
        Field("note", "str", label="备注"),
    ),
    columns=("counterparty", "party_kind", "address", "signed", "renewed", "until"),
)
ENERGY = RecordType(
    id="huanbao.energy", title="办公室能耗",
    description="社区办公室每月用电（千瓦时）、用水（立方米），可同时记电表、水表读数",
    source="篇15 L304“社区要以节电、节水为重点……降低办公室用能总量”",
    fields=(
        Field("month", "str", label="月份", required=True, validators=(month_problem,)),
        Field("electricity", "decimal", label="用电量（千瓦时）", validators=(_non_negative,)),
        Field("water", "decimal", label="用水量（立方米）", validators=(_non_negative,)),
        Field("meter_e", "decimal", label="电表读数", validators=(_non_negative,)),
        Field("meter_w", "decimal", label="水表读数", validators=(_non_negative,)),
        Field("replaced", "bool", label="本月换表", help="换表后读数变小，不与上月读数比较"),
        Field("note", "str", label="备注"),
    ),
    columns=("month", "electricity", "water", "meter_e", "meter_w", "replaced"),
)
PLEDGE = RecordType(
    id="huanbao.pledge", title="节约行为公约签订",
    description="单位、家庭、居民签订或承诺遵守全民节约行为公约",
    source="篇15 L305“自觉遵守全民节约行为公约”",
    fields=(
        Field("date", "date", label="日期", required=True),
        Field("party", "str", label="签订方", required=True),
        Field("party_kind", "choice", label="类别", required=True, choices=PLEDGE_PARTIES),
        Field("signatures", "int", label="签名人数", validators=(_positive,)),
        Field("title", "str", label="公约", default="全民节约行为公约"),
    ),
)

RECORD_TYPES = [GROUP, MEMBER, RULE, MEETING, ACTIVITY, LECTURE, SURVEY, GREENING, CRAFT, REVIEW, FAMILY, CONDUCT, WASTE,
                BUILDING, CLEANING, PROJECT, PROJECT_ITEM, PROJECT_WORK, AGREEMENT, ENERGY, PLEDGE]
