"""shequ-fulian: 妇联 as a shequ plugin.

妇女之家 / 巾帼文明岗 创建 (主 L2), the 巾帼志愿者、义工、舞蹈 teams (篇1 L22–L27), health checks of
育龄妇女 and 临时救助 referrals — both sensitive: masked in every listing unless ``--reveal``,
counts only in reports —, employment training and job fairs, publicity of the women's laws
(the source's wrong names kept beside the official ones), 好媳妇/好婆婆/好邻居/平安家庭 evaluations,
送春联 outreach, and 爱心助学 as an earmarked fund.  Uses only shequ's public API; heavy work is
imported inside functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shequ import (ChecklistItem, ChecklistTemplate, Duty, Field, LedgerAccount, PersonCategory, RecordType,
                   ReportSection, Setting, hookimpl)

from .laws import BY_KEY, OFFICIAL

if TYPE_CHECKING:
    from shequ.api import Commands, PluginContext, ReportContext
    from shequ.periods import Period

D = "fulian"
PROGRAMS = ("妇女之家", "巾帼文明岗", "温暖之家", "坚持阵地")
ORG_STATUSES = ("筹建", "创建中", "已命名", "已撤销")
TEAM_KINDS = ("巾帼志愿者服务队", "义工服务队", "舞蹈队", "其他")
ROLES = ("队长", "副队长", "队员", "指导老师")
CHECK_KINDS = ("免费体检", "妇科检查", "两癌筛查", "生殖保健", "其他")
SEASONS = ("春季", "夏季", "秋季", "冬季")
REASONS = ("单亲家庭", "两癌妇女", "其他困难")
OUTCOMES = ("待答复", "已救助", "未获救助")
AWARDS = ("好媳妇", "好婆婆", "好邻居", "平安家庭")
PERSON_AWARDS = ("好媳妇", "好婆婆", "好邻居")
TRAINING_KINDS = ("就业培训", "再就业培训", "招聘会")
LECTURE_TOPICS = ("反家庭暴力", "妇女权益保障", "婚前知识", "孕产期知识", "生殖保健", "家庭美德", "其他")
PUBLICITY_TOPICS = ("妇女发展纲要", "妇女权益保障", "未成年人保护", "计划生育", "反家庭暴力", "家庭美德", "其他")
CHANNELS = ("广播", "发放资料", "宣传栏", "横幅", "展板", "微信群")
OUTREACH_ITEMS = ("春联", "慰问品", "其他")
RECIPIENT_KINDS = ("辖区居民", "孤寡老人", "家庭贫困户")
ACTIVITY_KINDS = ("学习活动", "读书活动", "健康驿站", "文体活动", "其他")

# -- records ---------------------------------------------------------------------------------
ORG = RecordType(
    id="fulian.org", title="妇女组织阵地",
    description="“妇女之家”“巾帼文明岗”等创建项目：所在单位、创建状态、命名日期",
    source="主 L2（以创建“妇女之家”“巾帼文明岗”为抓手）；主 L4（“坚持阵地”“温暖之家”，原文未定义，仅作名称）",
    fields=(
        Field("program", "choice", label="创建项目", required=True, choices=PROGRAMS),
        Field("name", "str", label="名称", required=True),
        Field("unit", "str", label="所在单位或岗位"),
        Field("status", "choice", label="创建状态", choices=ORG_STATUSES, default="创建中"),
        Field("started", "date", label="开始创建"),
        Field("named", "date", label="命名日期"),
        Field("named_by", "str", label="命名单位"),
        Field("note", "str", label="备注"),
    ),
    columns=("program", "name", "unit", "status", "started", "named"),
)
TEAM = RecordType(
    id="fulian.team", title="妇女队伍",
    description="社区巾帼志愿者服务队、义工服务队、社区舞蹈队等",
    source="篇1 L22（成立了社区巾帼志愿者服务队伍）；篇1 L24（义工服务队）；篇1 L27（社区舞蹈队）",
    fields=(
        Field("name", "str", label="队名", required=True),
        Field("kind", "choice", label="队伍类别", required=True, choices=TEAM_KINDS),
        Field("founded", "date", label="成立日期"),
        Field("note", "str", label="备注"),
    ),
)
MEMBER = RecordType(
    id="fulian.member", title="队员",
    description="队伍的成员及其角色（加入、退出日期）", source="篇1 L22、L24、L27",
    fields=(
        Field("team", "int", label="队伍编号", required=True),
        Field("person", "person", label="队员", required=True),
        Field("role", "choice", label="角色", choices=ROLES, default="队员"),
        Field("joined", "date", label="加入日期"),
        Field("left", "date", label="退出日期"),
    ),
    columns=("team", "person", "role", "joined", "left"),
)
CHECKED = RecordType(
    id="fulian.checked", title="体检记录",
    description="一位妇女做过的一次体检或妇科检查（健康信息，敏感：姓名和结果默认隐去）",
    source="篇1 L27（春季组织辖区育龄妇女为她们免费体检,让她们有病早医）；主 L13（女工妇科检查和生殖保健）",
    fields=(
        Field("person", "person", label="受检人", required=True, mask="name"),
        Field("date", "date", label="日期", required=True),
        Field("kind", "choice", label="项目", required=True, choices=CHECK_KINDS),
        Field("free", "bool", label="免费", default=True),
        Field("event", "event", label="体检活动"),
        Field("follow_up", "bool", label="需随访", mask="name"),
        Field("result", "str", label="结果与随访", mask="name"),
    ),
    columns=("date", "person", "kind", "free", "follow_up"),
)
REFERRAL = RecordType(
    id="fulian.referral", title="临时救助上报",
    description="为单亲家庭、两癌妇女等上报上级妇联申请临时救助（只记上报与结果，救助款由上级发放，不入本社区账；敏感：对象默认隐去）",
    source="篇1 L26（为单亲家庭和两癌妇女上报妇联,给予了临时救助）",
    fields=(
        Field("person", "person", label="救助对象", required=True, mask="name"),
        Field("reason", "choice", label="上报原因", required=True, choices=REASONS),
        Field("reported", "date", label="上报日期", required=True),
        Field("reported_to", "str", label="上报单位"),
        Field("outcome", "choice", label="结果", choices=OUTCOMES, default="待答复"),
        Field("outcome_date", "date", label="答复日期"),
        Field("amount", "decimal", label="救助金额", help="上级妇联发放的金额（仅记录，不记入本社区经费）"),
        Field("note", "str", label="情况", mask="name"),
    ),
    columns=("reported", "person", "reason", "reported_to", "outcome", "outcome_date"),
)
EVALUATION = RecordType(
    id="fulian.evaluation", title="家庭评比",
    description="好媳妇、好婆婆、好邻居评比和平安家庭创建：按户、按年度",
    source="篇3 L57（“好媳妇、好婆婆、好邻居”评比活动）；篇1 L26（人人学法律,家家创平安）；篇14 L284（家庭美德）",
    fields=(
        Field("award", "choice", label="评比项目", required=True, choices=AWARDS),
        Field("year", "int", label="年度", required=True),
        Field("household", "str", label="户号", required=True),
        Field("person", "person", label="人员"),
        Field("date", "date", label="评定日期"),
        Field("note", "str", label="事迹"),
    ),
    columns=("year", "award", "household", "person", "date"),
)
ENTRY = RecordType(
    id="fulian.entry", title="才艺比赛参赛",
    description="妇女参加区、乡和村组织的才艺比赛（级别见设置 fulian.contest_levels）",
    source="主 L8（鼓励妇女积极参与区、乡和村组织的各项才艺比赛）",
    fields=(
        Field("person", "person", label="参赛者", required=True),
        Field("contest", "str", label="比赛", required=True),
        Field("level", "str", label="级别", required=True),
        Field("date", "date", label="日期", required=True),
        Field("result", "str", label="成绩"),
    ),
)
READING = RecordType(
    id="fulian.reading", title="农家书屋读书",
    description="妇女在“农家书屋”阅读：书名，是否写笔记、留读感",
    source="主 L8（利用我村的“农家书屋”……鼓励妇女阅好书,写笔记,留读感）",
    fields=(
        Field("person", "person", label="读者", required=True),
        Field("date", "date", label="日期", required=True),
        Field("book", "str", label="书名", required=True),
        Field("notes", "bool", label="写笔记"),
        Field("reflection", "bool", label="留读感"),
        Field("venue", "str", label="阅览场所", default="农家书屋"),
    ),
)
RECIPIENT = RecordType(
    id="fulian.recipient", title="送达对象",
    description="送春联、慰问等活动的送达对象（孤寡老人、家庭贫困户属困难信息，默认隐去）",
    source="篇1 L27（为辖区居民及孤寡老人、家庭贫困户送春联）",
    fields=(
        Field("event", "event", label="活动", required=True),
        Field("person", "person", label="对象", required=True, mask="name"),
        Field("group", "str", label="对象类别", mask="name"),
    ),
)
AIDED = RecordType(
    id="fulian.aided", title="爱心助学受助",
    description="爱心助学的发放对象（困难学生，默认隐去）；金额记入经费台账的爱心助学专款",
    source="主 L16（参与各级各类组织的爱心助学活动）",
    fields=(
        Field("person", "person", label="受助人", mask="name"),
        Field("date", "date", label="日期", required=True),
        Field("amount", "decimal", label="金额", required=True),
        Field("entry", "int", label="账目编号"),
        Field("note", "str", label="情况", mask="name"),
    ),
)

# -- event types -------------------------------------------------------------------------------
CHECKUP = RecordType(
    id="fulian.checkup", title="体检活动", kind="event",
    description="组织妇女体检、妇科检查（人次记在活动上，受检人另记体检记录，姓名不上活动）",
    source="篇1 L27；主 L13",
    fields=(
        Field("kind", "choice", label="体检项目", required=True, choices=CHECK_KINDS),
        Field("season", "choice", label="季节", choices=SEASONS),
        Field("free", "bool", label="免费", default=True),
        Field("partner", "str", label="承检单位"),
    ),
)
TRAINING = RecordType(
    id="fulian.training", title="就业培训与招聘会", kind="event",
    description="就业与再就业社区妇女培训，联合社区劳动保障举办的招聘会",
    source="篇1 L24（开展了就业与再就业社区妇女培训,联合社区劳动保障工作先后举办了3次招聘会）",
    fields=(
        Field("kind", "choice", label="培训类别", required=True, choices=TRAINING_KINDS),
        Field("partner", "str", label="合办单位", default="社区劳动保障"),
        Field("units", "int", label="参会单位数"),
        Field("posts", "int", label="提供岗位数"),
        Field("intents", "int", label="达成意向数"),
    ),
)
LECTURE = RecordType(
    id="fulian.lecture", title="妇女讲座", kind="event",
    description="反家庭暴力、妇女权益保障、婚前知识、孕产期知识等讲座",
    source="篇1 L26（反家庭暴力宣传讲座）；篇16(一) L341（婚前知识讲座及孕产期知识讲座）；篇12 L247（预防家庭暴力）",
    fields=(
        Field("topic", "choice", label="讲座内容", required=True, choices=LECTURE_TOPICS),
        Field("law", "choice", label="法律文件", choices=OFFICIAL),
        Field("speaker", "str", label="主讲人"),
        Field("festival", "str", label="节日"),
    ),
)
PUBLICITY = RecordType(
    id="fulian.publicity", title="妇联宣传", kind="event",
    description="利用广播、发放资料等形式宣传纲要、法律和计生国策（计生宣传按阶段定主题）",
    source="主 L12（利用广播、发放资料等形式……）；主 L15（以每一个阶段不同的主题）；篇1 L26（发放宣传资料）",
    fields=(
        Field("topic", "choice", label="宣传内容", required=True, choices=PUBLICITY_TOPICS),
        Field("law", "choice", label="法律文件", choices=OFFICIAL),
        Field("channels", "list", label="宣传渠道", choices=CHANNELS),
        Field("materials", "int", label="资料份数"),
        Field("phase_theme", "str", label="阶段主题"),
        Field("festival", "str", label="节日"),
    ),
)
PERFORMANCE = RecordType(
    id="fulian.performance", title="文艺演出", kind="event",
    description="社区舞蹈队等的文艺演出（如4月“创先进、促和谐”大型文艺演出）",
    source="篇1 L27（定期开展文艺演出；在4月份组织开展了“创先进、促和谐”大型文艺演出活动）",
    fields=(
        Field("team", "str", label="演出队伍"),
        Field("theme", "str", label="演出主题"),
        Field("festival", "str", label="节日"),
    ),
)
OUTREACH = RecordType(
    id="fulian.outreach", title="送春联与慰问", kind="event",
    description="新春佳节前组织书法家送春联等（送达对象另记，默认隐去）",
    source="篇1 L27（新春佳节前,组织书法家为辖区居民及孤寡老人、家庭贫困户送春联）",
    fields=(
        Field("item", "choice", label="送达物品", required=True, choices=OUTREACH_ITEMS),
        Field("quantity", "int", label="数量"),
        Field("helpers", "str", label="协助人员"),
        Field("recipient_kinds", "list", label="对象类别", choices=RECIPIENT_KINDS),
        Field("festival", "str", label="节日"),
    ),
)
SERVICE = RecordType(
    id="fulian.service", title="巾帼志愿服务", kind="event",
    description="巾帼志愿者服务队、义工服务队开展的服务活动",
    source="篇1 L24（组织开展一系列“巾帼志愿者服务”和义工服务队活动）",
    fields=(Field("team", "str", label="服务队"), Field("content", "str", label="服务内容")),
)
ACTIVITY = RecordType(
    id="fulian.activity", title="妇女活动", kind="event",
    description="妇女学习活动、读书活动、健康驿站活动和文体活动",
    source="主 L7（深入开展妇女学习活动）；主 L8（农家书屋）；主 L17（组织开展健康驿站活动）",
    fields=(Field("kind", "choice", label="活动类别", required=True, choices=ACTIVITY_KINDS),
            Field("festival", "str", label="节日")),
)
CHARITY = RecordType(
    id="fulian.charity", title="爱心助学活动", kind="event",
    description="组织、参与爱心助学活动（款项记入经费台账的爱心助学专款）",
    source="主 L16（人人奉献爱心,参与各级各类组织的爱心助学活动）",
    fields=(Field("kind", "choice", label="爱心活动", choices=("爱心助学", "其他爱心活动"), default="爱心助学"),),
)

RECORDS = (ORG, TEAM, MEMBER, CHECKED, REFERRAL, EVALUATION, ENTRY, READING, RECIPIENT, AIDED)
EVENTS = (CHECKUP, TRAINING, LECTURE, PUBLICITY, PERFORMANCE, OUTREACH, SERVICE, ACTIVITY, CHARITY)


@hookimpl
def shequ_record_types() -> list[RecordType]:
    return [*RECORDS, *EVENTS]


# -- duties ---------------------------------------------------------------------------------
def _law_duty(key: str, did: str, title: str) -> Duty:
    law = BY_KEY[key]
    return {"id": did, "title": title, "domain": D, "kind": "quota", "per": "year", "min": 1,
            "match": {"type": PUBLICITY.id, "fields": {"law": law.official}},
            "source": f"{law.where}（“大力宣传和学习”，原文未给次数：默认每年至少1次，可调整）"}


@hookimpl
def shequ_duties() -> list[Duty]:
    return [
        {"id": "fulian.spring_checkup", "title": "春季育龄妇女免费体检", "domain": D, "kind": "window", "window": "春季",
         "min": 1, "match": {"type": CHECKUP.id},
         "source": "篇1 L27“春季组织辖区育龄妇女为她们免费体检”（春季起止见设置 calendar.spring）"},
        {"id": "fulian.chunlian", "title": "新春佳节前送春联", "domain": D, "kind": "window", "window": "before:春节:15",
         "min": 1, "match": {"type": OUTREACH.id, "fields": {"item": "春联"}},
         "source": "篇1 L27“新春佳节前……送春联”（提前几天原文未给：默认春节前15天，duties set 可改）"},
        {"id": "fulian.april_gala", "title": "4月大型文艺演出", "domain": D, "kind": "quota", "per": "month", "min": 1,
         "in_months": [4], "match": {"type": PERFORMANCE.id},
         "source": "篇1 L27“在4月份组织开展了‘创先进、促和谐’大型文艺演出活动”（原文为往年做法，默认每年4月）"},
        {"id": "fulian.sanba", "title": "三八妇女节宣传", "domain": D, "kind": "window", "window": "around:妇女节:7",
         "min": 1, "match": {"domain": D, "fields": {"festival": "妇女节"}},
         "source": "篇12 L245 列出妇女节（3月8日为外部日期；两份妇联计划都没有提到三八，前后7天为默认，可调整）"},
        {"id": "fulian.jisheng", "title": "计划生育宣传（每阶段一个主题）", "domain": D, "kind": "quota", "per": "quarter",
         "min": 1, "match": {"type": PUBLICITY.id, "fields": {"topic": "计划生育"}},
         "source": "主 L15“以每一个阶段不同的主题,做好每一次的宣传工作”（阶段原文未定义：默认每季度，duties set per=… 可改；"
                   "各阶段主题见设置 fulian.jisheng_themes）"},
        _law_duty("gangyao", "fulian.law_gangyao", "宣传《中国妇女发展纲要》"),
        _law_duty("funv", "fulian.law_funv", "宣传《中华人民共和国妇女权益保障法》"),
        _law_duty("jisheng", "fulian.law_jisheng", "学习新的本省《人口与计划生育条例》"),
        {"id": "fulian.fanjiabao", "title": "反家庭暴力宣传讲座", "domain": D, "kind": "quota", "per": "year", "min": 1,
         "match": {"type": LECTURE.id, "fields": {"topic": "反家庭暴力"}},
         "source": "篇1 L26“在社区举办了反家庭暴力宣传讲座”（原文为往年做法，默认每年至少1次，可调整）"},
    ]


# -- checklists -----------------------------------------------------------------------------
#: 主 L7 “做到家庭和睦,邻里关系好,社会影响好” — the only criteria the source gives.
FAMILY_GOALS = (("hemu", "家庭和睦"), ("linli", "邻里关系好"), ("yingxiang", "社会影响好"))
CREATE_NOTE = ("原文未给创建标准：本模板只含主 L7 的三项家庭目标，其余标准请按上级文件补充"
               "（shequ fulian template 导出 → 修改 → shequ checklist template add 导入，同编号即替换）")


def create_templates() -> list[ChecklistTemplate]:
    """The 妇女之家 and 巾帼文明岗 创建 templates, meant to be edited by each home."""
    items: list[ChecklistItem] = [{"id": key, "text": text, "evidence": True} for key, text in FAMILY_GOALS]
    return [
        {"id": "fulian.funv_zhijia", "title": "“妇女之家”创建", "domain": D,
         "source": f"主 L2（以创建“妇女之家”“巾帼文明岗”为抓手）；主 L7。{CREATE_NOTE}", "items": [dict(i) for i in items]},  # type: ignore[misc]
        {"id": "fulian.jinguo_gang", "title": "“巾帼文明岗”创建", "domain": D,
         "source": f"主 L2；主 L7。{CREATE_NOTE}", "items": [dict(i) for i in items]},  # type: ignore[misc]
    ]


def _duty(did: str) -> dict[str, Any]:
    return {"duty": did}


@hookimpl
def shequ_checklists() -> list[ChecklistTemplate]:
    funv, jisheng = BY_KEY["funv"], BY_KEY["jisheng"]
    return [
        *create_templates(),
        {"id": "fulian.xuanchuan", "title": "妇联宣传学习", "domain": D, "recurrence": "year",
         "source": "主 L11–L12；篇1 L26（原文的《妇女儿童权益保障法》不是正式名称，《计划生育条列》为错字，见 shequ fulian laws）",
         "items": [
             {"id": "gangyao", "text": "宣传和学习《中国妇女发展纲要》", "rule": _duty("fulian.law_gangyao")},
             {"id": "funv", "text": f"宣传和学习{funv.official}（原文作{funv.source}，不是正式名称）",
              "rule": _duty("fulian.law_funv")},
             {"id": "jisheng", "text": f"学习新的{jisheng.official}（原文作{jisheng.source}，“条列”为错字）",
              "rule": _duty("fulian.law_jisheng")},
             {"id": "fanjiabao", "text": "举办反家庭暴力宣传讲座", "rule": _duty("fulian.fanjiabao")},
             {"id": "canzheng", "text": "引导妇女积极参政议政", "evidence": True},
             {"id": "fazhi", "text": "做好有关妇女工作、法制法规的宣传教育工作", "evidence": True},
         ]},
        {"id": "fulian.year_frame", "title": "妇联年度工作（篇1 年终总结框架）", "domain": D, "recurrence": "year",
         "source": "篇1 L21–L28（年终总结的各项工作）；年度有计划、年终有总结：主 为年度计划、篇1 为年终总结"
                   "（建议 --unit 妇联，只认妇联的计划、总结）",
         "items": [
             {"id": "plan", "text": "年度有计划", "rule": {"document": {"kind": "计划", "period": "year"}}},
             {"id": "team", "text": "成立社区巾帼志愿者服务队伍",
              "rule": {"records": {"type": TEAM.id, "where": ["kind=巾帼志愿者服务队"], "min": 1}}},
             {"id": "service", "text": "开展“巾帼志愿者服务”和义工服务队活动",
              "rule": {"events": {"per": "year", "min": 1, "domain": "妇联", "type": SERVICE.id}}},
             {"id": "jobs", "text": "开展就业与再就业社区妇女培训，联合社区劳动保障举办招聘会",
              "rule": {"events": {"per": "year", "min": 1, "domain": "妇联", "type": TRAINING.id}}},
             {"id": "materials", "text": "发放宣传资料，鼓励妇女学习妇女权益保障法", "rule": _duty("fulian.law_funv")},
             {"id": "fanjiabao", "text": "举办反家庭暴力宣传讲座", "rule": _duty("fulian.fanjiabao")},
             {"id": "pingan", "text": "人人学法律，家家创平安（平安家庭）",
              "rule": {"records": {"type": EVALUATION.id, "where": ["award=平安家庭"], "date_field": "date", "min": 1}}},
             {"id": "jiuzhu", "text": "为单亲家庭和两癌妇女上报妇联，给予临时救助（无此类情况可标“不适用”）",
              "rule": {"records": {"type": REFERRAL.id, "date_field": "reported", "min": 1}}},
             {"id": "tijian", "text": "春季组织辖区育龄妇女免费体检", "rule": _duty("fulian.spring_checkup")},
             {"id": "chunlian", "text": "新春佳节前为辖区居民及孤寡老人、家庭贫困户送春联", "rule": _duty("fulian.chunlian")},
             {"id": "wudao", "text": "成立社区舞蹈队",
              "rule": {"records": {"type": TEAM.id, "where": ["kind=舞蹈队"], "min": 1}}},
             {"id": "yanchu", "text": "定期开展文艺演出；4月份组织大型文艺演出", "rule": _duty("fulian.april_gala")},
             {"id": "summary", "text": "年终有总结", "rule": {"document": {"kind": "总结", "period": "year"}}},
         ]},
    ]


# -- person categories ------------------------------------------------------------------------
SINGLE_TAGS = ("单亲家庭", "单亲")


def _tags(p: Any) -> list[str]:
    return p.get("tags") or []


def _single_parent(p: Any, on: Any = None) -> bool:
    return any(t in SINGLE_TAGS for t in _tags(p))


def _worker(p: Any, on: Any = None) -> bool:
    return p.get("gender") == "女" and "女工" in _tags(p)


def _tagged(reg: Any, test: Any) -> list[int]:
    """Positions (in ``reg.ids`` and the columns) of the residents whose tags pass *test*: most
    residents have no tag, and those are skipped by a C-level ``compress``."""
    from itertools import compress

    tags = reg.column("tags")
    return [i for i in compress(range(len(tags)), tags) if test(tags[i])]


def _single_members(reg: Any) -> list[int]:
    return list(map(reg.ids.__getitem__, _tagged(reg, lambda tags: "单亲家庭" in tags or "单亲" in tags)))


def _worker_members(reg: Any) -> list[int]:
    ids, genders = reg.ids, reg.column("gender")
    return [ids[i] for i in _tagged(reg, lambda tags: "女工" in tags) if genders[i] == "女"]


@hookimpl
def shequ_person_categories() -> list[PersonCategory]:
    # 两癌妇女 is deliberately not a register category: ``shequ people list`` prints every
    # category beside each name in clear, which would disclose health data (see API-NOTES.md).
    return [
        PersonCategory("单亲家庭", _single_parent, "单亲家庭（花名册标签“单亲家庭”或“单亲”；篇1 L26）", members=_single_members),
        PersonCategory("女工", _worker, "女工（女性且有花名册标签“女工”；主 L10、L13）", members=_worker_members),
    ]


# -- ledger, settings ---------------------------------------------------------------------------
ZHUXUE_FUND = "爱心助学"
ZHUXUE_IN, ZHUXUE_OUT = "收入:捐赠:爱心助学", "支出:妇联:爱心助学"


@hookimpl
def shequ_ledger_accounts() -> list[LedgerAccount]:
    return [
        {"path": "支出:妇联:体检", "kind": "expense"},
        {"path": "支出:妇联:春联", "kind": "expense"},
        {"path": "支出:妇联:活动", "kind": "expense"},
        {"path": ZHUXUE_OUT, "kind": "expense"},
        # 主 L16 爱心助学: donations given for a purpose are spent on it (专款专用).
        {"path": ZHUXUE_IN, "kind": "income", "fund": {"name": ZHUXUE_FUND, "accounts": [ZHUXUE_OUT], "earmarked": True}},
    ]


@hookimpl
def shequ_settings() -> list[Setting]:
    return [
        Setting("fulian.referral_to", "上级妇联", "临时救助上报的单位（原文“上报妇联”：村上报乡妇联，社区上报街道妇联）",
                source="篇1 L26；主 L2（乡妇联）"),
        Setting("fulian.contest_levels", "区,乡,村", "才艺比赛的级别（原文“区、乡和村”；社区可改为 区,街道,社区）",
                type="list", source="主 L8"),
        Setting("fulian.jisheng_themes", "", "计划生育宣传各阶段的主题，按阶段顺序用顿号或逗号分隔（原文未给主题；"
                "阶段长短见职责 fulian.jisheng 的 per，默认每季度）", type="list", source="主 L15"),
    ]


# -- validation ---------------------------------------------------------------------------------
@hookimpl
def shequ_validate(record: dict, record_type: RecordType, ctx: "PluginContext") -> list[str]:
    if not record_type.id.startswith("fulian."):
        return []
    from .service import validate

    return validate(record, record_type.id, ctx)


@hookimpl
def shequ_report_sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    from .report import sections

    return sections(kind, period, ctx)


@hookimpl
def shequ_register_commands(cli: "Commands") -> None:
    from shequ.api import add_group

    add_group(cli, "fulian", "shequ_fulian.cli:fulian", alias="妇联",
              help="妇联：育龄妇女体检、临时救助上报（敏感信息默认隐去）、队伍、家庭评比、送春联、爱心助学。")
