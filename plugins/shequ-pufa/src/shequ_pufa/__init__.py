"""shequ-pufa: 普法 as a shequ plugin.

Monthly law themes (篇8 L162, editable), publicity activities, disputes (矛盾纠纷) and
安置帮教 — whose people are restricted data, never shown by name without ``--reveal`` —,
the 民主法治示范社区 criteria (篇9 L167–182), and the 普法经费 as an earmarked fund (篇2 L46).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shequ import ChecklistItem, ChecklistTemplate, Duty, Field, LedgerAccount, RecordType, ReportSection, hookimpl

from .themes import FESTIVALS

if TYPE_CHECKING:
    from shequ.api import Commands, PluginContext, ReportContext
    from shequ.periods import Period

FORMS = ("讲座", "以案说法", "知识竞赛", "文艺演出", "法律咨询", "发放资料", "宣传栏更新", "其他")
CHANNELS = ("广播", "有线电视", "黑板报", "橱窗", "标语", "横幅", "宣传栏", "宣传车", "法制展板", "网站", "微信群")
SCOPES = ("进单位", "进企业", "进学校", "进社区", "进农村", "进家庭")
AUDIENCES = ("干部", "青少年", "妇女", "外来务工人员", "企业", "居民", "老年人")
STAGES = ("排查", "调处", "结案")
OUTCOMES = ("调解成功", "转交", "未成功")
DISPUTE_KINDS = ("邻里", "家庭", "婚姻", "物业", "劳资", "房屋土地", "其他")

ACTIVITY = RecordType(
    id="pufa.activity", title="普法宣传活动", kind="event",
    description="法制宣传教育活动：形式、渠道、“六进”、对象、法律、资料份数", source="篇2 L34–L41；篇8 L162–L164；篇12 L243–L247",
    fields=(
        Field("form", "choice", label="形式", required=True, choices=FORMS),
        Field("law", "str", label="法律或主题"),
        Field("on_theme", "bool", label="本月主题"),
        Field("channels", "list", label="宣传渠道", choices=CHANNELS),
        Field("scope", "choice", label="六进", choices=SCOPES),
        Field("audience", "list", label="对象", choices=AUDIENCES),
        Field("materials", "int", label="资料份数"),
        Field("festival", "str", label="节日"),
    ),
)
DISPUTE = RecordType(
    id="pufa.dispute", title="矛盾纠纷",
    description="矛盾纠纷的排查、调处、结案（当事人为受限信息，默认隐去）", source="篇9 L180；篇16(一) L340",
    fields=(
        Field("screened", "date", label="排查日期", required=True),
        Field("kind", "choice", label="类型", required=True, choices=DISPUTE_KINDS),
        Field("parties", "list", label="当事人", mask="name"),
        Field("mediator", "str", label="调解人"),
        Field("stage", "choice", label="阶段", choices=STAGES, default="排查"),
        Field("outcome", "choice", label="结果", choices=OUTCOMES),
        Field("closed", "date", label="结案日期"),
        Field("follow_up", "str", label="回访"),
        Field("summary", "str", label="情况"),
    ),
    columns=("screened", "kind", "parties", "stage", "outcome", "closed"),
)
BANGJIAO = RecordType(
    id="pufa.bangjiao", title="安置帮教",
    description="刑释解教、社区矫正、戒毒康复人员的安置帮教（受限信息，名单默认隐去）", source="篇9 L181；篇16(三) L389",
    fields=(
        Field("person", "person", label="帮教对象", required=True, mask="name"),
        Field("category", "choice", label="类别", required=True, choices=("刑释解教", "社区矫正", "戒毒康复")),
        Field("start", "date", label="起始日期", required=True),
        Field("end", "date", label="结束日期"),
        Field("officer", "str", label="帮教责任人"),
    ),
)
CONTACT = RecordType(
    id="pufa.contact", title="帮教记录",
    description="对帮教对象的走访、谈话、电话联系", source="篇9 L181",
    fields=(
        Field("bangjiao", "int", label="帮教编号", required=True),
        Field("date", "date", label="日期", required=True),
        Field("way", "choice", label="方式", choices=("走访", "谈话", "电话"), default="走访"),
        Field("note", "str", label="情况"),
    ),
)
TEAM = RecordType(
    id="pufa.team", title="普法队伍", description="普法骨干、法制副校长、社区工作指导员", source="篇2 L32；篇8 L164；篇12 L241",
    fields=(Field("person", "person", label="人员", required=True),
            Field("role", "choice", label="角色", required=True, choices=("普法骨干", "法制副校长", "社区工作指导员", "普法志愿者")),
            Field("trained", "date", label="最近培训")),
)
CHARTER = RecordType(
    id="pufa.charter", title="自治章程公约", description="居民自治章程、村规民约、居民公约", source="篇9 L174–L179",
    fields=(Field("kind", "choice", label="类别", required=True, choices=("居民自治章程", "村规民约", "居民公约")),
            Field("title", "str", label="名称", required=True),
            Field("adopted", "date", label="通过日期", required=True),
            Field("revised", "date", label="修订日期"),
            Field("guided", "bool", label="经司法所指导")),
)
MATTER = RecordType(
    id="pufa.matter", title="重大事项", description="提交居民会议或居民代表会议讨论决定的重大事项（一事一议）", source="篇9 L176",
    fields=(Field("subject", "str", label="事项", required=True),
            Field("meeting", "choice", label="会议", required=True, choices=("居民会议", "居民代表会议")),
            Field("date", "date", label="日期", required=True),
            Field("decision", "str", label="决定"),
            Field("publicized", "bool", label="已公开")),
)
THEME = RecordType(
    id="pufa.theme", title="每月法律主题", description="本社区对每月普法主题的调整（默认见篇8 L162）",
    fields=(Field("month", "int", label="月份", required=True), Field("law", "str", label="法律或主题", required=True)),
)


@hookimpl
def shequ_record_types() -> list[RecordType]:
    return [ACTIVITY, DISPUTE, BANGJIAO, CONTACT, TEAM, CHARTER, MATTER, THEME]


@hookimpl
def shequ_duties() -> list[Duty]:
    d = "pufa"
    duties: list[Duty] = [
        {"id": "pufa.monthly_theme", "title": "每月主题普法宣传", "domain": d, "kind": "quota", "per": "month", "min": 1,
         "in_months": list(range(3, 13)), "match": {"type": "pufa.activity", "fields": {"on_theme": True}},
         "source": "篇8 L162（三月至十二月各有主题）"},
        {"id": "pufa.screening", "title": "矛盾纠纷排查", "domain": d, "kind": "quota", "per": "month", "min": 1,
         "match": {"domain": d, "title_contains": "排查"}, "source": "篇9 L180；篇16(一) L340（原文未给周期，默认每月，可调整）"},
        {"id": "pufa.disclosure", "title": "社区事务、财务定期定点公开", "domain": d, "kind": "quota", "per": "quarter", "min": 1,
         "match": {"title_contains": "公开"}, "source": "篇9 L182（原文未给周期，默认每季度，可调整）"},
    ]
    for key, name in FESTIVALS:
        duties.append({"id": f"pufa.festival.{key}", "title": f"{name}普法宣传", "domain": d, "kind": "window",
                       "window": f"around:{name}:7", "min": 1, "match": {"type": "pufa.activity", "fields": {"festival": name}},
                       "source": "篇12 L245“利用元旦、春节……重阳节等重大节日”（节日可逐个停用）"})
    return duties


DEMOCRACY = ("民主选举", "民主决策", "民主管理", "民主监督")
CRITERIA = ("健全新型社区管理和服务体制，依法做好居委会选举工作", "建立健全居民民主议事决策制度和议事规则",
            "完善居委会自治章程或居民公约", "社区事务、财务定期定点公开", "实行民主决策、民主管理、民主监督",
            "实现党组织领导下的各类组织的协调运作", "支持居民委员会协助政府做好公共服务和社会管理工作",
            "广泛开展“法律进社区”活动", "落实基层社会治安综合治理措施", "加强流动人口服务和管理",
            "完善社区公共服务，开展群众性自助、互助服务")
INSTITUTIONS = ("居民会议制度", "居民代表会议制度", "《居民自治章程》", "《村规民约》", "“一事一议”制度", "村务公开",
                "民主评议居民委员会干部", "居民委员会干部任期、离任审计", "过错责任追究制度", "“民主理财小组”")


@hookimpl
def shequ_checklists() -> list[ChecklistTemplate]:
    items: list[ChecklistItem] = [{"id": f"m{i}", "text": t, "evidence": True} for i, t in enumerate(DEMOCRACY, start=1)]
    for i, t in enumerate(CRITERIA, start=1):
        item: ChecklistItem = {"id": f"c{i}", "text": t, "evidence": True}
        if i == 4:
            item = {"id": "c4", "text": t, "rule": {"duty": "pufa.disclosure"}}
        if i == 8:
            item = {"id": "c8", "text": t, "rule": {"events": {"per": "quarter", "min": 1, "domain": "pufa"}}}
        items.append(item)
    items += [{"id": f"i{i}", "text": t, "evidence": True} for i, t in enumerate(INSTITUTIONS, start=1)]
    return [
        {"id": "pufa.minzhu_fazhi", "title": "民主法治示范社区", "domain": "pufa", "recurrence": "year",
         "source": "篇9 L167（四个民主）、L182（十一项）、L174–L178（制度）", "items": items},
        {"id": "pufa.leadership", "title": "普法工作领导与经费", "domain": "pufa", "recurrence": "year",
         "source": "篇2 L32、L46、L47",
         "items": [{"id": "agenda", "text": "普法工作列入重要的议事日程", "evidence": True},
                   {"id": "assessment", "text": "纳入年度综治考核", "evidence": True},
                   {"id": "plan", "text": "年度有计划", "rule": {"document": {"kind": "计划", "period": "year"}}},
                   {"id": "half", "text": "半年有小结", "rule": {"document": {"kind": "小结", "period": "half"}}},
                   {"id": "summary", "text": "年终有总结", "rule": {"document": {"kind": "总结", "period": "year"}}},
                   {"id": "group", "text": "建立和调整工作小组", "evidence": True},
                   {"id": "training", "text": "社区工作指导员培训", "evidence": True},
                   {"id": "funds", "text": "落实普法经费，做到专款专用", "evidence": True}]},
    ]


@hookimpl
def shequ_ledger_accounts() -> list[LedgerAccount]:
    return [
        {"path": "支出:普法:宣传资料", "kind": "expense"},
        {"path": "支出:普法:讲座", "kind": "expense"},
        {"path": "收入:上级拨款:普法经费", "kind": "income",
         "fund": {"name": "普法经费", "accounts": ["支出:普法", "经费:普法"], "earmarked": True}},
    ]


@hookimpl
def shequ_validate(record: dict, record_type: RecordType, ctx: "PluginContext") -> list[str]:
    if record_type.id == "pufa.dispute":
        p = []
        if record.get("stage") == "结案" and not (record.get("outcome") and record.get("closed")):
            p.append("结案须写明结果和结案日期")
        if record.get("closed") and record.get("screened") and record["closed"] < record["screened"]:
            p.append(f"结案日期 {record['closed']} 早于排查日期 {record['screened']}")
        return p
    if record_type.id == "pufa.theme" and not 1 <= int(record.get("month", 0)) <= 12:
        return [f"月份应为 1–12：{record.get('month')}"]
    if record_type.id == "pufa.activity" and record.get("materials") is not None and record["materials"] < 0:
        return ["资料份数不能为负数"]
    return []


@hookimpl
def shequ_report_sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    from .report import sections

    return sections(kind, period, ctx)


@hookimpl
def shequ_register_commands(cli: "Commands") -> None:
    from shequ.api import add_group

    add_group(cli, "pufa", "shequ_pufa.cli:pufa", alias="普法", help="普法：每月法律主题、宣传活动、矛盾纠纷、安置帮教、宣传资料。")
