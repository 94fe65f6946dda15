"""shequ-guangongwei: 关工委 (关心下一代工作委员会) as a shequ plugin.

The plan of 篇5 (L91–120), written for a 街道 over 17 村(社区): 关工委 units and their 班子,
校外教育辅导站 (one 总站, a 中心站 per 村(社区)) with their 站长/副站长/辅导员, 五老 volunteers,
主题教育 activities, trainings, station reviews (八月 点评, 十二月 考核), 三好标兵 nominations
(students are minors: masked, counts only in reports), 电子阅览室 PCs, 宣讲团 visits and 网吧
supervision (篇3 L59), the twelve month-items as duties, the 五好 creation against its targets.

Units are records, so the same data works in a 街道's home (many 村(社区)) and in one 社区's
(one unit).  Only shequ's public API is used; heavy work is imported inside functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shequ import (ChecklistTemplate, Duty, Field, LedgerAccount, PersonCategory, RecordType, ReportSection, Setting,
                   hookimpl)

from .plan import (ACTIVITY_AUDIENCES, AWARDS, COMMITTEE_ROLES, FORMS, ITEMS, LECTURE_TOPICS, MONTHS_CN,
                   NOMINATION_STATUSES, PC_SOURCES, REVIEW_KINDS, STANDARD, STATION_LEVELS, STATION_ROLES, TERMS,
                   TRAINING_AUDIENCES, UNIT_LEVELS, VENUE_KINDS, WUHAO)

if TYPE_CHECKING:
    from shequ.api import Commands, PluginContext, ReportContext
    from shequ.periods import Period

DOMAIN = "guangongwei"

UNIT = RecordType(
    id="guangongwei.unit", title="关工委单位",
    description="区(街道)或村(社区)的关工委：层级、“五好”创建状态、示范建设", source="篇5 L96、L107",
    fields=(
        Field("name", "str", label="名称", required=True, help="如 新华村、幸福社区、城南街道"),
        Field("level", "choice", label="层级", choices=UNIT_LEVELS, default="村(社区)"),
        Field("wuhao", "choice", label="五好创建", choices=WUHAO, default="未创建",
              help="创建“五好”关工委的进度（篇5 L107）"),
        Field("wuhao_date", "date", label="状态日期", help="达到当前状态（或命名）的日期"),
        Field("model", "bool", label="示范建设", help="列入“2-3个村(社区)关工委的示范建设”（篇5 L107）"),
        Field("note", "str", label="备注"),
    ),
    columns=("name", "level", "wuhao", "wuhao_date", "model"),
)
STATION = RecordType(
    id="guangongwei.station", title="校外教育辅导站",
    description="校外教育辅导总站和村(社区)校外教育辅导中心站", source="篇5 L96、L103、L109、L114",
    fields=(
        Field("name", "str", label="名称", required=True),
        Field("level", "choice", label="级别", required=True, choices=STATION_LEVELS),
        Field("unit", "str", label="单位", help="所属关工委单位（中心站必填）"),
        Field("established", "date", label="建站日期"),
        Field("weekend_pilot", "bool", label="双休日试点",
              help="六月份双休日先行开展辅导活动的试点（篇5 L114 为新华、杨花桥、肖陆、马塘、夏庄）"),
        Field("place", "str", label="地点"),
        Field("note", "str", label="备注"),
    ),
    columns=("name", "level", "unit", "established", "weekend_pilot"),
)
POST = RecordType(
    id="guangongwei.post", title="关工委职务",
    description="关工委班子成员（常务副主任等）和辅导站站长、副站长、辅导员", source="篇5 L96、L107、L113、L119",
    fields=(
        Field("name", "str", label="姓名", required=True),
        Field("person", "person", label="居民", help="在花名册中的居民（不在本花名册的可不填）"),
        Field("role", "choice", label="职务", required=True, choices=COMMITTEE_ROLES + STATION_ROLES),
        Field("unit", "str", label="单位"),
        Field("station", "str", label="辅导站"),
        Field("since", "date", label="任职日期"),
        Field("until", "date", label="离任日期"),
        Field("note", "str", label="备注"),
    ),
    columns=("name", "role", "unit", "station", "since", "until"),
)
WULAO = RecordType(
    id="guangongwei.wulao", title="五老志愿者",
    description="参加关工委工作的“五老”（原文未定义“五老”的构成；与养老服务中的“革命‘五老人员’”不是一回事）",
    source="篇5 L107“督促‘五老’人员不断更新理念”、L112“动员‘五老’同志”",
    fields=(
        Field("person", "person", label="居民", required=True),
        Field("unit", "str", label="单位", required=True),
        Field("kind", "str", label="类别", help="按本地用法填写（原文未定义“五老”的构成）"),
        Field("since", "date", label="起始日期"),
        Field("until", "date", label="结束日期"),
        Field("note", "str", label="备注"),
    ),
    columns=("person", "unit", "kind", "since", "until"),
)
READING_ROOM = RecordType(
    id="guangongwei.reading_room", title="电子阅览室",
    description="村(社区)电子阅览室（电脑见“阅览室电脑”）", source="篇5 L96、L103",
    fields=(Field("unit", "str", label="单位", required=True), Field("opened", "date", label="建成日期"),
            Field("place", "str", label="地点"), Field("note", "str", label="备注")),
)
PC = RecordType(
    id="guangongwei.pc", title="阅览室电脑",
    description="电子阅览室的电脑（资产）：台数与来源；自行配备的可关联支付它的账目，上级扶持的只作记录",
    source="篇5 L103“力争5-6个村(社区)自行配备3台电脑,争取上级扶持3台电脑”",
    fields=(
        Field("unit", "str", label="单位", required=True),
        Field("date", "date", label="日期", required=True),
        Field("count", "int", label="台数", required=True),
        Field("source", "choice", label="来源", required=True, choices=PC_SOURCES),
        Field("value", "decimal", label="金额"),
        Field("entry", "int", label="账目编号"),
        Field("note", "str", label="备注"),
    ),
    columns=("unit", "date", "count", "source", "value", "entry"),
)
NOMINATION = RecordType(
    id="guangongwei.nomination", title="三好推荐",
    description="“三好标兵”评选推荐和配合教育关工委的“三好学生”选评（学生为未成年人：姓名、学校默认隐去）",
    source="篇5 L104–L105；L118",
    fields=(
        Field("student", "person", label="学生", required=True, mask="name"),
        Field("school", "str", label="学校", required=True, mask="name"),
        Field("grade", "str", label="年级"),
        Field("award", "choice", label="评选", choices=AWARDS, default="三好标兵"),
        Field("year", "int", label="年度", required=True),
        Field("date", "date", label="推荐日期", required=True),
        *(Field(key, "bool", label=text) for key, text in STANDARD),
        Field("status", "choice", label="结果", choices=NOMINATION_STATUSES, default="推荐"),
        Field("unit", "str", label="单位"),
    ),
    columns=("student", "school", "award", "year", "status", "unit"),
)
YOUTH = RecordType(
    id="guangongwei.youth", title="青少年学员",
    description="寒暑假培训班等青少年活动的学员（未成年人：姓名、学校默认隐去，报告只给人数）",
    source="篇5 L109、L115、L116",
    fields=(
        Field("event", "event", label="活动", required=True),
        Field("person", "person", label="学员", required=True, mask="name"),
        Field("school", "str", label="学校", mask="name"),
    ),
)
REVIEW = RecordType(
    id="guangongwei.review", title="辅导站点评考核",
    description="区关工委对辅导站办班情况的点评（八月）和年终考核（十二月），逐站记录",
    source="篇5 L116、L120",
    fields=(
        Field("station", "str", label="辅导站", required=True),
        Field("kind", "choice", label="类别", required=True, choices=REVIEW_KINDS),
        Field("date", "date", label="日期", required=True),
        Field("reviewer", "str", label="点评考核单位", default="区关工委"),
        Field("result", "str", label="结果", help="等次或结论（原文未给等次，按上级要求填写）"),
        Field("findings", "str", label="意见", help="点评意见、发现的问题"),
    ),
    columns=("date", "kind", "station", "reviewer", "result"),
)

_UNIT_FIELDS = (Field("unit", "str", label="单位"), Field("station", "str", label="辅导站"))
_PLAN_FIELD = Field("plan_item", "choice", label="工作安排", choices=MONTHS_CN,
                    help="本次活动完成的是篇5“四、工作安排”中哪个月的事项")

ACTIVITY = RecordType(
    id="guangongwei.activity", title="关工委活动", kind="event",
    description="主题教育（“三爱一践行”）、学雷锋、祭扫、双休日辅导、读书活动、专题报告会等",
    source="篇5 L99、L101、L111–L114；篇19 L481",
    fields=(
        Field("form", "choice", label="形式", required=True, choices=FORMS),
        Field("theme", "str", label="教育主题", help="如“爱学习、爱劳动、爱祖国,践行中国梦”（篇5 L100）"),
        Field("audience", "choice", label="对象", choices=ACTIVITY_AUDIENCES, default="青少年"),
        *_UNIT_FIELDS, _PLAN_FIELD,
    ),
)
TRAINING = RecordType(
    id="guangongwei.training", title="关工委培训", kind="event",
    description="辅导中心站人员培训（每年两次）、常务副主任及正副站长培训班、青少年寒暑假及平时培训班",
    source="篇5 L103、L109、L115、L116、L119；篇7 L152",
    fields=(
        Field("audience", "choice", label="对象", required=True, choices=TRAINING_AUDIENCES),
        Field("term", "choice", label="时段", choices=TERMS),
        Field("course", "str", label="内容"),
        *_UNIT_FIELDS, _PLAN_FIELD,
    ),
)
LECTURE = RecordType(
    id="guangongwei.lecture", title="宣讲团进校园", kind="event",
    description="退休干部等组成的宣讲团进入学校，宣讲青少年思想道德建设、法制教育知识",
    source="篇3 L59",
    fields=(
        Field("school", "str", label="学校", required=True),
        Field("topic", "choice", label="宣讲内容", choices=LECTURE_TOPICS),
        Field("lecturers", "list", label="宣讲人"),
        _UNIT_FIELDS[0],
    ),
)
INSPECTION = RecordType(
    id="guangongwei.inspection", title="文化场所监督", kind="event",
    description="对辖区周边网吧等文化场所的监督检查", source="篇3 L59",
    fields=(
        Field("venue", "str", label="场所", required=True),
        Field("venue_kind", "choice", label="场所类别", choices=VENUE_KINDS, default="网吧"),
        Field("problem", "bool", label="发现问题"),
        Field("finding", "str", label="检查情况"),
        Field("action", "str", label="处理"),
        _UNIT_FIELDS[0],
    ),
)
ENTRY = RecordType(
    id="guangongwei.entry", title="关工委账目", kind="ledger",
    description="关工委经费账目所属的单位（按村(社区)统计）", source="篇5 L103",
    fields=(Field("ggw_unit", "str", label="关工委单位"),),
)

RECORD_TYPES = (UNIT, STATION, POST, WULAO, READING_ROOM, PC, NOMINATION, YOUTH, REVIEW, ACTIVITY, TRAINING, LECTURE,
                INSPECTION, ENTRY)


@hookimpl
def shequ_record_types() -> list[RecordType]:
    return list(RECORD_TYPES)


def _month_end(m: int) -> str:
    return f"{m:02d}-{(31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[m - 1]}"


@hookimpl
def shequ_duties() -> list[Duty]:
    d = DOMAIN
    duties: list[Duty] = []
    for item in ITEMS:
        # “X月份” is a deadline at the month's end: an item done early counts, one not done by then is 逾期.
        duties.append({"id": f"guangongwei.m{item.month:02d}", "title": item.text, "domain": d, "kind": "deadline",
                       "due": _month_end(item.month), "match": {"domain": d, "fields": {"plan_item": item.label}},
                       "source": f"{item.source}（四、工作安排；活动登记时注明“工作安排={item.label}”）"})
    duties += [
        {"id": "guangongwei.staff_training", "title": "村(社区)辅导中心站人员培训", "domain": d, "kind": "quota",
         "per": "year", "min": 2, "match": {"type": "guangongwei.training", "fields": {"audience": "辅导中心站人员"}},
         "source": "篇5 L103“全年举办两次村(社区)辅导中心站人员培训活动”"},
        {"id": "guangongwei.winter_youth", "title": "寒假青少年教育活动", "domain": d, "kind": "window", "window": "寒假",
         "min": 1, "match": {"domain": d, "fields": {"audience": "青少年"}},
         "source": "篇16(三) L389“开展两个假期青少年教育活动”（寒假；起止见设置 calendar.winter_vacation）"},
        {"id": "guangongwei.summer_youth", "title": "暑假青少年教育活动", "domain": d, "kind": "window", "window": "暑假",
         "min": 1, "match": {"domain": d, "fields": {"audience": "青少年"}},
         "source": "篇16(三) L389“开展两个假期青少年教育活动”（暑假；起止见设置 calendar.summer_vacation）；篇19 L481 暑期校外辅导站"},
        {"id": "guangongwei.xueleifeng", "title": "学雷锋活动", "domain": d, "kind": "window",
         "window": "around:学雷锋纪念日:7", "min": 1,
         "match": {"type": "guangongwei.activity", "fields": {"form": "学雷锋活动"}},
         "source": "篇5 L111 三月份“号召广大青少年开展‘学雷锋活动’”；3月5日学雷锋纪念日为外部日期（原文只说三月），"
                   "前后7天为默认时段（duties set 可改）"},
        {"id": "guangongwei.jisao", "title": "结合学校祭扫烈士陵墓", "domain": d, "kind": "window", "window": "around:清明:7",
         "min": 1, "match": {"type": "guangongwei.activity", "fields": {"form": "祭扫烈士陵墓"}},
         "source": "篇5 L112 四月份“动员‘五老’同志结合学校祭扫烈士陵墓”；清明为外部节气（原文未提清明），"
                   "前后7天为默认时段（duties set 可改）"},
    ]
    return duties


#: 五好关工委: the source names it (L96, L106–L107, L117) but never lists the five criteria.
#: The default frames five items by the four dimensions L107 gives; the office replaces them
#: with its 上级's standard (``shequ checklist template add``, same id).
WUHAO_ITEMS = (
    ("zuzhi", "组织建设（篇5 L107“加强基层关工委的组织……建设,及时调整区、村(社区)关工委班子”）"),
    ("sixiang", "思想建设（篇5 L107“督促‘五老’人员不断更新理念”；L99“带头学习”）"),
    ("zhidu", "制度建设（篇5 L107；原文未列具体要求）"),
    ("zuofeng", "作风建设（篇5 L107；原文未列具体要求）"),
    ("diwu", "第五项（原文未定义：L107只列出组织、思想、制度、作风四个方面；请按上级“五好”关工委标准改写本项）"),
)
STATION_GOALS = (
    ("jizhi", "完善机制"), ("shuiping", "提高水平"), ("tese", "办出特色"), ("xiyin", "增强吸引力"),
    ("gongxiang", "资源共享、上下共进"), ("banzi", "健全村(社区)辅导中心站班子"),
)


@hookimpl
def shequ_checklists() -> list[ChecklistTemplate]:
    return [
        {"id": "guangongwei.wuhao", "title": "“五好”关工委创建", "domain": DOMAIN,
         "source": "篇5 L96、L106–L107、L117（“五好”的五项标准原文未给；框架取自L107的组织、思想、制度、作风建设，"
                   "第五项留待按上级标准填写；每个村(社区)一份：checklist start guangongwei.wuhao --unit 新华村）",
         "items": [{"id": key, "text": text, "evidence": True} for key, text in WUHAO_ITEMS]},
        {"id": "guangongwei.sanhao", "title": "“三好标兵”标准", "domain": DOMAIN, "source": "篇5 L105",
         "items": [{"id": key, "text": text} for key, text in STANDARD]},
        {"id": "guangongwei.station_goals", "title": "校外教育辅导站建设目标", "domain": DOMAIN, "recurrence": "year",
         "source": "篇5 L103“完善机制、提高水平、办出特色、增强吸引力”“资源共享、上下共进”“健全村(社区)辅导中心站班子”"
                   "“全年举办两次村(社区)辅导中心站人员培训活动”",
         "items": [*({"id": key, "text": text, "evidence": True} for key, text in STATION_GOALS),
                   {"id": "peixun", "text": "全年举办两次村(社区)辅导中心站人员培训活动",
                    "rule": {"duty": "guangongwei.staff_training"}}]},
    ]


@hookimpl
def shequ_ledger_accounts() -> list[LedgerAccount]:
    # The source gives no amounts and no 专款专用 rule for 关工委 money: plain accounts, no earmarked fund.
    return [
        {"path": "支出:关工委:活动", "kind": "expense"},
        {"path": "支出:关工委:培训", "kind": "expense"},
        {"path": "支出:关工委:电子阅览室", "kind": "expense"},
        {"path": "收入:上级拨款:关工委经费", "kind": "income"},
    ]


def _age_band(text: str) -> tuple[int, int]:
    import re

    m = re.fullmatch(r"\s*(\d{1,2})\s*[-–~～至到]\s*(\d{1,2})\s*", text)
    if not m or int(m[1]) > int(m[2]):
        raise ValueError(f"年龄段格式应为 起-止（如 6-18）：{text}")
    return int(m[1]), int(m[2])


@hookimpl
def shequ_settings() -> list[Setting]:
    s = "篇5 L107"
    return [
        Setting("guangongwei.student_ages", "6-18", "“中小学生”的年龄段（周岁，含两端），用于核对三好推荐和青少年学员"
                "（原文只说“中小学生”，未给年龄）", parse=_age_band, source="篇5 L101、L105"),
        Setting("guangongwei.target_xianjin", "2", "市级关心下一代先进村(社区)的目标数", type="int",
                source=f"{s}“确保两个村(社区)成为市级关心下一代先进村(社区)”"),
        Setting("guangongwei.target_wuhao", "1", "市级“五好”示范村(社区)的目标数", type="int",
                source=f"{s}“力争一个村(社区)成为南通市级‘五好’示范村(社区)”"),
        Setting("guangongwei.target_models", "2", "关工委示范建设单位的目标数（原文为“2-3个”，默认取下限）", type="int",
                source=f"{s}“抓好2-3个村(社区)关工委的示范建设”"),
        Setting("guangongwei.xianjin_includes_wuhao", "是", "“五好”示范单位是否同时计入“市级先进”目标（原文未说明）",
                type="bool", source=s),
        Setting("guangongwei.reading_room_units", "5", "自行配备电脑的村(社区)目标数（原文为“5-6个”，默认取下限）",
                type="int", source="篇5 L103"),
        Setting("guangongwei.pcs_self", "3", "每个村(社区)自行配备的电脑台数", type="int", source="篇5 L103"),
        Setting("guangongwei.pcs_higher", "3", "争取上级扶持的电脑台数", type="int", source="篇5 L103"),
        Setting("guangongwei.pcs_higher_scope", "每个单位", "“争取上级扶持3台电脑”是每个村(社区)还是合计（原文有歧义）",
                type="choice", choices=("每个单位", "合计"), source="篇5 L103"),
    ]


def _active(doc: dict[str, Any], on: str) -> bool:
    return (doc.get("since") or "") <= on and (not doc.get("until") or doc["until"] >= on)


def _is_wulao(person: Any, on: Any) -> bool:
    day = on.isoformat()
    return any(_active(doc, day) for doc in person.related("guangongwei.wulao"))


def _wulao_members(register: Any) -> list[int]:
    day = register.on.isoformat()
    return [pid for pid, docs in register.related("guangongwei.wulao").items()
            if pid in register and any(_active(doc, day) for doc in docs)]


@hookimpl
def shequ_person_categories() -> list[PersonCategory]:
    return [PersonCategory("关工委五老", _is_wulao, "参加关工委工作的“五老”志愿者（五老志愿者记录在期内；篇5 L107、L112）",
                           members=_wulao_members)]


@hookimpl
def shequ_validate(record: dict, record_type: RecordType, ctx: "PluginContext") -> list[str]:
    if not record_type.id.startswith("guangongwei."):
        return []
    from .rules import problems

    return problems(record, record_type.id, ctx)


@hookimpl
def shequ_report_sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    from .report import sections

    return sections(kind, period, ctx)


@hookimpl
def shequ_register_commands(cli: "Commands") -> None:
    from shequ.api import add_group

    add_group(cli, "guangongwei", "shequ_guangongwei.cli:guangongwei", alias="关工委",
              help="关工委：辅导站、五老、每月工作安排、培训与点评考核、三好推荐、五好创建。")
