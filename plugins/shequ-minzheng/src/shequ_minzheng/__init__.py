"""shequ-minzheng: 民政 (civil affairs) as a shequ plugin.

社会救助 cases through 材料审核 → 申报 → 发放 (停发 with a reason; 年审认定 and 动态管理), monthly 孤儿生活费
and 尊老金 through the core's disbursement schedules, 优抚 and 双拥, 残疾人, 灾情, 社会组织 and 年检, 一日捐,
座谈会, 殡改 and 参保 — after 篇6 (L121–139, a 街道民政办 plan) and 篇16(一) L335–339.  Everything about
assistance, orphans and disability is sensitive: names are masked unless ``--reveal`` and reports give
counts and sums only.  Uses only shequ's public API; the command and report modules load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shequ import (ChecklistTemplate, Duty, Field, LedgerAccount, PersonCategory, RecordType, ReportSection, Setting,
                   hookimpl)

from .labels import (ACTIVITY_KINDS, CREATIONS, DISABILITY_GRADES, DISABILITY_KINDS, INSURANCE_KINDS, MONTHLY,
                     ORG_RESULTS, ORG_STATUSES, ORPHAN, ORPHAN_END_REASONS, PROGRAMS, REVIEW_KINDS, REVIEW_RESULTS, STAGES,
                     SYMPOSIA, VISIT_TARGETS, WORK_ITEMS, YOUFU_KINDS, ZUNLAOJIN, account_of, cents_problem, month_problem)

if TYPE_CHECKING:
    from shequ.api import Commands, PluginContext, ReportContext
    from shequ.periods import Period

_money = (cents_problem,)

CASE = RecordType(
    id="minzheng.case", title="社会救助",
    description="救助对象与救助事项：材料审核 → 申报 → 发放（停发须写原因；一次性救助发放后办结），年审认定与动态管理。敏感个人信息，默认隐去",
    source="篇6 L124；篇16(一) L335–L336",
    fields=(
        Field("person", "person", label="申请人", required=True, mask="name"),
        Field("program", "choice", label="救助项目", required=True, choices=PROGRAMS),
        Field("stage", "choice", label="阶段", choices=STAGES, default="材料审核"),
        Field("household", "str", label="户号", mask="name"),
        Field("members", "int", label="保障人口"),
        Field("opened", "date", label="受理日期", required=True, help="材料审核开始"),
        Field("declared", "date", label="申报日期"),
        Field("granted", "date", label="发放日期"),
        Field("monthly", "decimal", label="月救助金额", validators=_money),
        Field("schedule", "int", label="定期发放编号"),
        Field("tekun", "bool", label="特困户"),
        Field("review_due", "date", label="下次年审"),
        Field("reopened", "date", label="情况变化日期", help="动态管理：收入或家庭人口变化，待复核"),
        Field("reopen_reason", "str", label="情况变化"),
        Field("pingyi", "date", label="民主评议日期"),
        Field("pingyi_result", "choice", label="评议结果", choices=("通过", "未通过")),
        Field("stopped", "date", label="停发日期"),
        Field("stop_reason", "str", label="停发原因"),
        Field("note", "str", label="备注"),
    ),
    columns=("person", "program", "stage", "members", "monthly", "opened", "declared", "granted", "review_due", "stopped"),
)
REVIEW = RecordType(
    id="minzheng.review", title="年审复核", description="年审认定与动态复核的结论（对象见救助编号）",
    source="篇6 L124“做好各类人员的年审认定工作”“动态管理”",
    fields=(
        Field("case", "int", label="救助编号", required=True),
        Field("date", "date", label="日期", required=True),
        Field("kind", "choice", label="类别", choices=REVIEW_KINDS, default="年审认定"),
        Field("result", "choice", label="结论", required=True, choices=REVIEW_RESULTS),
        Field("monthly", "decimal", label="调整后月金额", validators=_money),
        Field("note", "str", label="情况"),
    ),
)
ORPHAN_RT = RecordType(
    id="minzheng.orphan", title="孤儿", description="孤儿的动态管理：生活费每月打到卡上（未成年人，敏感个人信息）",
    source="篇6 L124“对全街道的8个孤儿进行动态管理,把他们的生活费(每月750元)及时打到卡上”",
    fields=(
        Field("person", "person", label="孤儿", required=True, mask="name"),
        Field("since", "str", label="起始月份", required=True, validators=(month_problem,)),
        Field("amount", "decimal", label="月生活费", validators=_money),
        Field("schedule", "int", label="定期发放编号"),
        Field("card", "str", label="银行卡号", mask="id_card"),
        Field("guardian", "str", label="监护人", mask="name"),
        Field("ended", "date", label="停发日期"),
        Field("end_reason", "choice", label="停发原因", choices=ORPHAN_END_REASONS),
    ),
    columns=("person", "since", "amount", "schedule", "ended", "end_reason"),
)
DISABLED = RecordType(
    id="minzheng.disabled", title="残疾人", description="残疾人（健康信息，敏感）：类别、等级、是否无生活来源",
    source="篇6 L124“对无生活来源的重度残疾人做到应保尽保”；类别与等级为 GB/T 26341-2010（外部）",
    fields=(
        Field("person", "person", label="残疾人", required=True, mask="name"),
        Field("kind", "choice", label="残疾类别", choices=DISABILITY_KINDS),
        Field("grade", "choice", label="残疾等级", required=True, choices=DISABILITY_GRADES,
              help="一级、二级为重度（外部标准）"),
        Field("no_income", "bool", label="无生活来源"),
        Field("cert", "str", label="残疾证号", mask="id_card"),
        Field("note", "str", label="备注"),
    ),
)
YOUFU = RecordType(
    id="minzheng.youfu", title="优抚对象", description="重点优抚对象、退役军人、烈军属、新兵家属；退役人员的接收安置",
    source="篇6 L124、L129–L130、L139",
    fields=(
        Field("person", "person", label="人员", required=True),
        Field("kinds", "list", label="类别", required=True, choices=YOUFU_KINDS),
        Field("since", "date", label="登记日期"),
        Field("received", "date", label="接收安置日期", help="篇6 L129“退役人员的接收安置”"),
        Field("placement", "str", label="安置情况"),
        Field("ended", "date", label="注销日期"),
        Field("note", "str", label="备注"),
    ),
)
VISIT = RecordType(
    id="minzheng.visit", title="上门慰问", description="对重点优抚对象、特困户、贫困残疾人的上门慰问（对象默认隐去）",
    source="篇6 L124“并且要上门慰问”；篇16(一) L335“对特困户经常关心,并上门慰问”；篇6 L136",
    fields=(
        Field("person", "person", label="慰问对象", required=True, mask="name"),
        Field("date", "date", label="日期", required=True),
        Field("target", "choice", label="对象类别", required=True, choices=VISIT_TARGETS),
        Field("gift", "str", label="慰问品"),
        Field("amount", "decimal", label="慰问金", validators=_money),
        Field("visitor", "str", label="慰问人"),
    ),
)
DISASTER = RecordType(
    id="minzheng.disaster", title="灾情", description="遇灾及时查灾、援灾、救灾（按顺序记录日期）",
    source="篇6 L124“做好救济救灾工作,遇灾及时查灾、援灾、救灾”",
    fields=(
        Field("occurred", "date", label="发生日期", required=True),
        Field("kind", "str", label="灾害类型", required=True),
        Field("place", "str", label="地点"),
        Field("households", "int", label="受灾户数"),
        Field("surveyed", "date", label="查灾日期"),
        Field("aided", "date", label="援灾日期"),
        Field("relieved", "date", label="救灾日期"),
        Field("relief", "decimal", label="救灾款物折款", validators=_money),
        Field("note", "str", label="情况"),
    ),
)
ORG = RecordType(
    id="minzheng.org", title="社会组织", description="培育扶持和规范管理社会组织，做好申报和年检",
    source="篇6 L126（登记状态为通行做法，原文未列）",
    fields=(
        Field("name", "str", label="名称", required=True),
        Field("category", "str", label="类别"),
        Field("status", "choice", label="登记状态", choices=ORG_STATUSES, default="已登记"),
        Field("founded", "date", label="成立日期"),
        Field("contact", "str", label="负责人"),
        Field("phone", "str", label="联系电话", mask="phone"),
        Field("note", "str", label="备注"),
    ),
    columns=("name", "category", "status", "founded", "contact"),
)
ORG_CHECK = RecordType(
    id="minzheng.org_check", title="社会组织年检", description="每个社会组织每年一次年检的结论",
    source="篇6 L126“做好申报和年检工作”（结论等次为通行做法，原文未给）",
    fields=(
        Field("org", "int", label="组织编号", required=True),
        Field("year", "int", label="年度", required=True),
        Field("date", "date", label="年检日期", required=True),
        Field("result", "choice", label="年检结论", required=True, choices=ORG_RESULTS),
        Field("note", "str", label="情况"),
    ),
)
FUNERAL = RecordType(
    id="minzheng.funeral", title="殡改", description="死亡登记与火化（火化率目标100%）；登记死亡同时停发其定期发放",
    source="篇16(一) L339“全面实施殡改工作,力争火化率达到100%”",
    fields=(
        Field("person", "person", label="逝者", required=True),
        Field("died", "date", label="死亡日期", required=True),
        Field("cremated", "bool", label="火化", required=True),
        Field("note", "str", label="备注"),
    ),
)
INSURANCE = RecordType(
    id="minzheng.insurance", title="参保", description="城镇居民医保、老年人平安保险",
    source="篇16(一) L337“全面铺开城镇居民医保工作”；篇6 L132“平安保险参保率60%以上”“为90岁以上的老年人…办理一份平安保险”",
    fields=(
        Field("person", "person", label="参保人", required=True),
        Field("kind", "choice", label="险种", required=True, choices=INSURANCE_KINDS),
        Field("year", "int", label="年度", required=True),
        Field("premium", "decimal", label="保费", validators=_money),
        Field("payer", "str", label="缴费方"),
    ),
)
GONGSHI = RecordType(
    id="minzheng.gongshi", title="救助公示", description="公示名单的生成与张贴（生成名单即记入修改日志）",
    source="篇16(一) L335“开展民主评议并及时向外公示,接受居民的监督”",
    fields=(
        Field("period", "str", label="期间", required=True),
        Field("program", "str", label="项目"),
        Field("tekun", "bool", label="仅特困户"),
        Field("cases", "int", label="户数"),
        Field("generated", "date", label="生成日期"),
        Field("posted", "date", label="张贴日期"),
        Field("until", "date", label="公示截止"),
        Field("place", "str", label="公示地点"),
    ),
)
WORK = RecordType(
    id="minzheng.work", title="民政事务", kind="event",
    description="定期发放、年审认定、社会组织年检：由 shequ minzheng 的命令按日汇总记入日历（不含姓名）",
    source="篇6 L124、L126",
    fields=(
        Field("item", "choice", label="事项", required=True, choices=WORK_ITEMS),
        Field("program", "str", label="项目"),
        Field("month", "str", label="所属月份", validators=(month_problem,)),
        Field("cases", "int", label="户（人）数"),
        Field("amount", "decimal", label="金额", validators=_money),
    ),
)
ACTIVITY = RecordType(
    id="minzheng.activity", title="民政活动", kind="event",
    description="助残日、八一、一日捐、双拥宣传、敬老、业务培训等活动", source="篇6 L130–L138",
    fields=(
        Field("kind", "choice", label="活动", required=True, choices=ACTIVITY_KINDS),
        Field("households", "int", label="慰问户数"),
        Field("amount", "decimal", label="金额", validators=_money),
    ),
)
SYMPOSIUM = RecordType(
    id="minzheng.symposium", title="座谈会", kind="event", description="篇6 L139 的五个座谈会",
    source="篇6 L139", fields=(Field("kind", "choice", label="座谈会", required=True, choices=SYMPOSIA),),
)
INSPECTION = RecordType(
    id="minzheng.inspection", title="创建检查", kind="event",
    description="民主管理创建、村民自治模范创建的动态管理检查：检查单位数与复查合格数（合格率目标100%）",
    source="篇6 L134",
    fields=(
        Field("program", "choice", label="创建项目", required=True, choices=CREATIONS),
        Field("units", "int", label="检查单位数", required=True),
        Field("passed", "int", label="复查合格数", required=True),
        Field("problems", "str", label="问题"),
    ),
)
ENTRY = RecordType(
    id="minzheng.entry", title="民政账目", kind="ledger", description="一次性救助的账目记下救助编号",
    source="篇6 L124“材料审核、申报、发放”",
    fields=(Field("mz_case", "int", label="救助编号"),),
)
TYPES = [CASE, REVIEW, ORPHAN_RT, DISABLED, YOUFU, VISIT, DISASTER, ORG, ORG_CHECK, FUNERAL, INSURANCE, GONGSHI,
         WORK, ACTIVITY, SYMPOSIUM, INSPECTION, ENTRY]


@hookimpl
def shequ_record_types() -> list[RecordType]:
    return TYPES


def _days(text: str) -> int:
    if not text.strip().isdigit():
        raise ValueError(f"应为不小于 0 的整数：{text}")
    return int(text)


@hookimpl
def shequ_settings() -> list[Setting]:
    from .rules import parse_allowance, parse_amounts, parse_bands, parse_positive_int

    return [
        Setting("minzheng.orphan_allowance", "750", "孤儿生活费：每人每月金额（元）", parse=parse_allowance,
                source="篇6 L124“生活费(每月750元)”"),
        Setting("minzheng.zunlaojin", "", "尊老金标准：周岁=月金额，多档用逗号分隔（如 80=金额,90=金额）。原文未给年龄和金额，"
                "须按本地政策设置；未设置时不能同步尊老金名单", parse=parse_bands, source="篇6 L124“每月将老年人的尊老金及时变更、及时发放”"),
        Setting("minzheng.zunlaojin_scope", "全部居民", "尊老金的发放范围（原文未限定）", type="choice",
                choices=("全部居民", "户籍人口"), source="篇6 L124"),
        Setting("minzheng.change_effective", "当月", "情况变化（新增、调整、停发）从哪个月起生效：当月或次月",
                type="choice", choices=("当月", "次月"), source="篇6 L124“及时变更、及时发放”"),
        Setting("minzheng.review_months", "12", "年审周期（月）", parse=parse_positive_int,
                source="篇6 L124“年审认定”"),
        Setting("minzheng.review_warn_days", "30", "年审到期前多少天列为“即将到期”（原文未给）", parse=_days),
        Setting("minzheng.monthly_amounts", "", "各救助项目的统一月标准：项目=金额，逗号分隔（原文未给；为空则按户核定）",
                parse=parse_amounts, source="篇6 L124"),
    ]


def _event(type_id: str, **fields: Any) -> dict[str, Any]:
    return {"type": type_id, "fields": fields}


@hookimpl
def shequ_duties() -> list[Duty]:
    d = "minzheng"
    duties: list[Duty] = [
        {"id": "minzheng.orphan_monthly", "title": "孤儿生活费每月发放", "domain": d, "kind": "quota", "per": "month", "min": 1,
         "match": _event("minzheng.work", item="定期发放", program=ORPHAN),
         "source": "篇6 L124“把他们的生活费(每月750元)及时打到卡上”（shequ minzheng pay run 记入）"},
        {"id": "minzheng.zunlaojin_monthly", "title": "尊老金每月发放", "domain": d, "kind": "quota", "per": "month", "min": 1,
         "match": _event("minzheng.work", item="定期发放", program=ZUNLAOJIN),
         "source": "篇6 L124“每月将老年人的尊老金及时变更、及时发放”（shequ minzheng pay run 记入）"},
        {"id": "minzheng.annual_review", "title": "救助对象年审认定", "domain": d, "kind": "quota", "per": "year", "min": 1,
         "match": _event("minzheng.work", item="年审认定"),
         "source": "篇6 L124“做好各类人员的年审认定工作”（逐户到期情况见 shequ minzheng review due）"},
        {"id": "minzheng.minzhu_guanli", "title": "民主管理创建检查", "domain": d, "kind": "quota", "per": "year", "min": 2,
         "match": _event("minzheng.inspection", program="民主管理创建"),
         "source": "篇6 L134“民主管理创建实行动态管理,一年不少于2次检查,复查合格率100%”"},
        {"id": "minzheng.zizhi_mofan", "title": "村民自治模范创建检查", "domain": d, "kind": "quota", "per": "year", "min": 2,
         "match": _event("minzheng.inspection", program="村民自治模范创建"),
         "source": "篇6 L134“加强村民自治模范创建动态管理,复查合格率100%”（检查次数原文写在民主管理句中，此处沿用2次，可调整）"},
        {"id": "minzheng.zhucanri_visit", "title": "全国助残日：走访慰问贫困残疾人", "domain": d, "kind": "window",
         "window": "around:全国助残日:7", "min": 1, "match": _event("minzheng.activity", kind="助残日走访慰问"),
         "source": "篇6 L136“一是对贫困残疾人走访慰问”（助残日为五月第三个星期日，外部）"},
        {"id": "minzheng.zhucanri_fun", "title": "全国助残日：残疾人趣味活动", "domain": d, "kind": "window",
         "window": "around:全国助残日:7", "min": 1, "match": _event("minzheng.activity", kind="助残日趣味活动"),
         "source": "篇6 L136“二是开展一次残疾人趣味活动”"},
        {"id": "minzheng.bayi", "title": "八一建军节纪念活动", "domain": d, "kind": "window", "window": "around:建军节:7",
         "min": 1, "match": _event("minzheng.activity", kind="八一纪念活动"), "source": "篇6 L138“开展八一建军节纪念活动”"},
        {"id": "minzheng.yiri", "title": "一日捐", "domain": d, "kind": "quota", "per": "year", "min": 1,
         "match": _event("minzheng.activity", kind="一日捐"), "source": "篇6 L137“组织开展好一日捐活动”（原文未给时间）"},
        {"id": "minzheng.org_check", "title": "社会组织年检", "domain": d, "kind": "quota", "per": "year", "min": 1,
         "match": _event("minzheng.work", item="社会组织年检"),
         "source": "篇6 L126“做好申报和年检工作”（逐个组织的情况见 shequ minzheng org list）"},
    ]
    for i, kind in enumerate(SYMPOSIA, start=1):
        duty: Duty = {"id": f"minzheng.symposium{i}", "title": kind, "domain": d, "kind": "quota", "per": "year", "min": 1,
                      "match": _event("minzheng.symposium", kind=kind),
                      "source": "篇6 L139“组织召开几个座谈会”（原文未给次数，年度计划所列各1次）"}
        if kind.startswith("八一"):
            duty = {**duty, "kind": "window", "window": "around:建军节:7"}
            duty.pop("per")
        duties.append(duty)
    return duties


@hookimpl
def shequ_checklists() -> list[ChecklistTemplate]:
    return [
        {"id": "minzheng.shehui_jiuzhu", "title": "社会救助工作", "domain": "minzheng", "recurrence": "year",
         "source": "篇6 L124；篇16(一) L335–L336",
         "items": [
             {"id": "wujia", "text": "把物价补贴及时发放到位", "evidence": True},
             {"id": "bianyuan", "text": "认真排查边缘困难群众", "evidence": True},
             {"id": "nianshen", "text": "做好各类人员的年审认定工作", "rule": {"duty": "minzheng.annual_review"}},
             {"id": "zhongcan", "text": "对无生活来源的重度残疾人做到应保尽保", "evidence": True},
             {"id": "youfu", "text": "重点优抚对象上门慰问",
              "rule": {"records": {"type": "minzheng.visit", "where": ["target=重点优抚对象"], "date_field": "date", "min": 1}}},
             {"id": "zunlaojin", "text": "每月将老年人的尊老金及时变更、及时发放", "rule": {"duty": "minzheng.zunlaojin_monthly"}},
             {"id": "guer", "text": "孤儿生活费（每月750元）及时打到卡上", "rule": {"duty": "minzheng.orphan_monthly"}},
             {"id": "xuanchuanlan", "text": "建有固定的低保政策宣传栏", "evidence": True},
             {"id": "xinxi", "text": "及时掌握低保对象的信息", "evidence": True},
             {"id": "gongshi", "text": "对特困户开展民主评议并及时向外公示",
              "rule": {"records": {"type": "minzheng.gongshi", "date_field": "posted", "min": 1}}},
             {"id": "peitao", "text": "做好民政对象各种资金的配套发放工作", "evidence": True},
         ]},
        {"id": "minzheng.shuangyong", "title": "双拥优抚安置", "domain": "minzheng", "recurrence": "year", "source": "篇6 L128–L130",
         "items": [{"id": "anzhi", "text": "认真做好退役人员的接收安置工作", "evidence": True},
                   {"id": "zhengce", "text": "全面落实各项优抚安置政策，完善和规范优抚对象管理", "evidence": True},
                   {"id": "xuanchuan", "text": "深化双拥宣传，丰富双拥活动形式", "evidence": True}]},
        {"id": "minzheng.jiceng", "title": "基层政权和社区建设", "domain": "minzheng", "recurrence": "year", "source": "篇6 L134",
         "items": [{"id": "peixun", "text": "组织新的村（居）委会班子成员进行业务培训", "evidence": True},
                   {"id": "kaoshi", "text": "认真组织全国社会工作者职业资格考试", "evidence": True},
                   {"id": "minzhu", "text": "民主管理创建一年不少于2次检查", "rule": {"duty": "minzheng.minzhu_guanli"}},
                   {"id": "hege", "text": "民主管理、村民自治模范创建复查合格率100%", "evidence": True},
                   {"id": "mofan", "text": "村民自治模范创建动态管理", "rule": {"duty": "minzheng.zizhi_mofan"}}]},
        {"id": "minzheng.huodong", "title": "民政各项活动", "domain": "minzheng", "recurrence": "year", "source": "篇6 L136–L139",
         "items": [{"id": "zhucan_visit", "text": "全国助残日：对贫困残疾人走访慰问", "rule": {"duty": "minzheng.zhucanri_visit"}},
                   {"id": "zhucan_fun", "text": "全国助残日：开展一次残疾人趣味活动", "rule": {"duty": "minzheng.zhucanri_fun"}},
                   {"id": "yiri", "text": "组织开展好一日捐活动", "rule": {"duty": "minzheng.yiri"}},
                   {"id": "bayi", "text": "开展八一建军节纪念活动", "rule": {"duty": "minzheng.bayi"}},
                   *({"id": f"zuotan{i}", "text": f"召开{kind}", "rule": {"duty": f"minzheng.symposium{i}"}}
                     for i, kind in enumerate(SYMPOSIA, start=1))]},
    ]


def _youfu_active(files: list[dict[str, Any]], on: Any, kind: str | None = None) -> bool:
    day = on.isoformat()
    return any((not f.get("ended") or f["ended"] > day) and (kind is None or kind in (f.get("kinds") or []))
               for f in files)


def _youfu_members(kind: str | None) -> Any:
    def members(reg: Any) -> list[int]:
        return [pid for pid, files in reg.related("minzheng.youfu").items() if pid in reg and _youfu_active(files, reg.on, kind)]
    return members


@hookimpl
def shequ_person_categories() -> list[PersonCategory]:
    # Only categories that are not sensitive: shequ lists a category's members by name (people list --category)
    # and shows each resident's categories, so 低保、救助、孤儿、残疾 are never categories (see API-NOTES.md).
    return [
        PersonCategory("优抚对象", lambda p, on: _youfu_active(p.related("minzheng.youfu"), on),
                       "在册的重点优抚对象、退役军人、烈军属、新兵家属（篇6 L124、L139）", members=_youfu_members(None)),
        PersonCategory("退役军人", lambda p, on: _youfu_active(p.related("minzheng.youfu"), on, "退役军人"),
                       "优抚对象中的退役军人（篇6 L129、L139）", members=_youfu_members("退役军人")),
    ]


@hookimpl
def shequ_ledger_accounts() -> list[LedgerAccount]:
    # 救助 and 孤儿 payees are sensitive personal data: masked in every ledger output unless --reveal.
    accounts: list[LedgerAccount] = [{"path": account_of(p), "kind": "expense", "sensitive": p != ZUNLAOJIN} for p in MONTHLY]
    accounts += [
        {"path": "支出:民政:优抚慰问", "kind": "expense"},
        {"path": "支出:民政:平安保险", "kind": "expense"},
        {"path": "收入:上级拨款:孤儿生活费", "kind": "income",
         "fund": {"name": ORPHAN, "accounts": [account_of(ORPHAN)], "earmarked": True}},
        {"path": "收入:上级拨款:尊老金", "kind": "income",
         "fund": {"name": ZUNLAOJIN, "accounts": [account_of(ZUNLAOJIN)], "earmarked": True}},
        {"path": "收入:上级拨款:社会救助", "kind": "income"},
        {"path": "收入:配套资金:民政", "kind": "income",
         "fund": {"name": "民政配套资金", "accounts": ["支出:民政"], "earmarked": True}},
        {"path": "收入:捐赠:一日捐", "kind": "income"},
    ]
    return accounts


@hookimpl
def shequ_validate(record: dict, record_type: RecordType, ctx: "PluginContext") -> list[str]:
    if not record_type.id.startswith("minzheng."):  # called for every record of every type: a resident too
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

    add_group(cli, "minzheng", "shequ_minzheng.cli:minzheng", alias="民政",
              help="民政：社会救助（审核→申报→发放、年审、公示）、孤儿生活费和尊老金每月发放、一日捐、社会组织年检、殡改。")
