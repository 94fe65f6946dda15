"""shequ-dangjian: 党建 as a shequ plugin.

Members and their lifecycle (入党申请人 → … → 正式党员, or 退党/除名/取消预备党员资格),
三会一课 with attendance, 党费 by the 2008 rules, training days, volunteer stars,
the 6-month alert (篇18 L460), the 五好 frame (篇16(一) L313–318) and report
sections.  Uses only shequ's public API; heavy work is imported lazily.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from shequ import (ChecklistTemplate, Duty, Field, LedgerAccount, PersonCategory, RecordType, ReportSection,
                   hookimpl)

from .rules import ACTIVE, DUES_KINDS, EXITS, MEETING_KINDS, MGMT, STAGES, STATUSES

if TYPE_CHECKING:
    from shequ.api import Commands, PluginContext, ReportContext
    from shequ.periods import Period

MEMBER = RecordType(
    id="dangjian.member",
    title="党员档案",
    description="党员和入党积极分子的档案：阶段与日期、党小组、管理类别、党费",
    source="篇16(一) L325；篇18 L455–L461",
    fields=(
        Field("person", "person", label="人员", required=True),
        Field("status", "choice", label="状态", required=True, choices=STATUSES),
        Field("applied", "date", label="申请日期", help="入党申请人（标准程序，原文未提）"),
        Field("activist", "date", label="确定积极分子日期"),
        Field("candidate", "date", label="确定发展对象日期", help="标准程序，原文未提"),
        Field("admitted", "date", label="接收预备党员日期"),
        Field("probation_end", "date", label="预备期满"),
        Field("extended_until", "date", label="延长预备期至"),
        Field("full", "date", label="转正日期"),
        Field("group", "str", label="党小组"),
        Field("grid", "str", label="网格"),
        Field("mgmt", "choice", label="管理类别", choices=MGMT, default="驻地"),
        Field("dues_kind", "choice", label="党费类别", choices=DUES_KINDS),
        Field("income", "decimal", label="月收入"),
        Field("dues", "decimal", label="月党费"),
        Field("exit_date", "date", label="出党日期"),
        Field("exit_body", "str", label="决定机关"),
        Field("exit_approved", "date", label="上级批准日期"),
        Field("excuse", "str", label="正当理由", help="不参加组织生活或未交党费的正当理由（不提醒）"),
        Field("excuse_until", "date", label="正当理由有效至"),
        Field("note", "str", label="备注"),
    ),
    columns=("person", "status", "group", "mgmt", "admitted", "full", "dues"),
)
MEETING = RecordType(
    id="dangjian.meeting",
    title="党组织会议",
    kind="event",
    description="三会一课、民主生活会、民主评议、联席会议、专题会议、主题党日",
    source="篇16(三) L380–L382；篇16(一) L327；篇16(四) L393；篇18 L457",
    fields=(
        Field("meeting_kind", "choice", label="会议类型", required=True, choices=MEETING_KINDS),
        Field("topic", "str", label="议题"),
        Field("speaker", "str", label="主讲人"),
        Field("absentees", "list", label="缺席（姓名:原因）"),
        Field("resolutions", "str", label="决议"),
        Field("publicized", "bool", label="已公示"),
    ),
)
TRAINING = RecordType(
    id="dangjian.training",
    title="党员培训",
    kind="event",
    description="集中培训：天数、主题、培训后知识测试",
    source="篇16(四) L398“每个党员每年集中培训不少于7天,培训后进行知识测试”",
    fields=(
        Field("days", "decimal", label="天数", required=True),
        Field("topic", "str", label="主题"),
        Field("trainer", "str", label="授课人"),
        Field("tested", "bool", label="已测试"),
    ),
)
TEST_SCORE = RecordType(
    id="dangjian.test_score",
    title="培训测试成绩",
    description="集中培训后的知识测试成绩",
    source="篇16(四) L398",
    fields=(
        Field("training", "event", label="培训", required=True),
        Field("person", "person", label="人员", required=True),
        Field("score", "decimal", label="成绩", required=True),
    ),
)
EVALUATION = RecordType(
    id="dangjian.evaluation",
    title="民主评议",
    description="每年一次民主评议的结果（等次原文只提到“不合格”，其余为通行做法）",
    source="篇16(一) L325；篇16(三) L382",
    fields=(
        Field("person", "person", label="人员", required=True),
        Field("year", "int", label="年度", required=True),
        Field("grade", "choice", label="等次", required=True, choices=("优秀", "合格", "基本合格", "不合格")),
        Field("publicized", "bool", label="已公示"),
    ),
)
VOLUNTEER = RecordType(
    id="dangjian.volunteer",
    title="党员志愿岗",
    description="党员本人志愿报名、组织定岗、本人选岗、年终评岗；积分评一星至五星",
    source="篇18 L468",
    fields=(
        Field("person", "person", label="人员", required=True),
        Field("year", "int", label="年度", required=True),
        Field("team", "str", label="服务队"),
        Field("post", "str", label="岗位", required=True),
        Field("points", "int", label="积分", default=0),
    ),
)


def _month(value: Any, record: dict) -> str | None:
    return None if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(value)) else f"月份应写成 2025-03 的形式：{value}"


DUES = RecordType(
    id="dangjian.dues",
    title="党费",
    kind="ledger",
    description="党费收缴记账时记下所属月份：每人每月只收一次，未交名单据此计算",
    source="篇18 L460（连续6个月不交纳党费）；收缴标准见中组部2008年规定（外部）",
    fields=(Field("dues_month", "str", label="党费所属月份", validators=(_month,)),),
)
DECISION_STEPS = (("proposal", "支书、主任提议"), ("two_committees", "两委商议"), ("party_review", "党委审核"),
                  ("member_meeting", "党员大会审议"), ("resident_meeting", "居民代表会议决议"),
                  ("decision_public", "决议公开"), ("result_public", "实施结果公开"))
DECISION = RecordType(
    id="dangjian.decision",
    title="5+2民主决策",
    description="社区重大事项的五步决策、两次公开，按顺序记录日期",
    source="篇18 L463",
    fields=(Field("title", "str", label="事项", required=True),
            *(Field(key, "date", label=label) for key, label in DECISION_STEPS)),
)


@hookimpl
def shequ_record_types() -> list[RecordType]:
    return [MEMBER, MEETING, TRAINING, TEST_SCORE, EVALUATION, VOLUNTEER, DECISION, DUES]


def _meeting(kind: str) -> dict[str, Any]:
    return {"type": "dangjian.meeting", "fields": {"meeting_kind": kind}}


@hookimpl
def shequ_duties() -> list[Duty]:
    d = "dangjian"
    return [
        {"id": "dangjian.party_day", "title": "党员活动日", "domain": d, "kind": "fixed", "rrule": "FREQ=MONTHLY;BYDAY=1WE",
         "shift": "next-workday", "type": "dangjian.meeting", "match": _meeting("主题党日"),
         "source": "篇16(三) L373“每月的第一个星期三”；篇18 L457 为“每月第一个星期二”（duties set 可改为 BYDAY=1TU）"},
        {"id": "dangjian.zhiweihui", "title": "支委会", "domain": d, "kind": "quota", "per": "month", "min": 1,
         "match": _meeting("支委会"), "source": "篇18 L457“每月一次支委会”"},
        {"id": "dangjian.dangke", "title": "党课", "domain": d, "kind": "quota", "per": "year", "min": 4,
         "match": _meeting("党课"), "source": "篇16(三) L380“党课年不少于四次”"},
        {"id": "dangjian.shenghuohui", "title": "民主生活会", "domain": d, "kind": "quota", "per": "half", "min": 1,
         "match": _meeting("民主生活会"), "source": "篇16(三) L382；篇18 L457“每半年一次”"},
        {"id": "dangjian.pingyi", "title": "民主评议", "domain": d, "kind": "quota", "per": "year", "min": 1,
         "match": _meeting("民主评议"), "source": "篇16(一) L325“每年对党员进行一次民主评议”"},
        {"id": "dangjian.lianxi", "title": "党建工作联席会议", "domain": d, "kind": "quota", "per": "quarter", "min": 1, "max": 1,
         "match": _meeting("党建联席会议"), "source": "篇16(一) L327“每季度召开一次”"},
        {"id": "dangjian.zhuanti", "title": "党建工作专题会议", "domain": d, "kind": "quota", "per": "quarter", "min": 1,
         "match": _meeting("专题会议"), "source": "篇16(四) L393“每季度至少召开一次”"},
        {"id": "dangjian.training_classes", "title": "党员培训班", "domain": d, "kind": "quota", "per": "year", "min": 2,
         "match": {"type": "dangjian.training"},
         "source": "篇16(三) L374“每年至少二次”（篇18 L457 为“一至两次”：可改 min/max）"},
        {"id": "dangjian.training_days", "title": "党员集中培训不少于7天", "domain": d, "kind": "per_person", "per": "year",
         "min": 7, "metric": "sum:days", "population": {"category": "党员"}, "match": {"type": "dangjian.training"},
         "source": "篇16(四) L398"},
        {"id": "dangjian.flow_card", "title": "流动党员登记卡", "domain": d, "kind": "deadline", "due": "03-31",
         "match": {"domain": d, "title_contains": "流动党员登记"},
         "source": "篇18 L458“每年年初”（年初按一季度末，可调整）"},
    ]


FIVE_GOOD = [
    ("banzi", "领导班子好", "领导班子及其成员能够认真贯彻执行党的路线方针政策,密切联系群众,政治坚定,求真务实,开拓创新,勤政廉政,团结协作。"),
    ("duiwu", "党员干部队伍好", "社区工作者能够发挥骨干带头作用,共产党员能够发挥先锋模范作用。"),
    ("jizhi", "工作机制好", "社区党组织工作制度健全、运行规范,社区党建工作协调机制完善。"),
    ("yeji", "工作业绩好", "社区各项工作协调发展,民政事务、综合治理、计划生育、环境卫生、文化娱乐工作成绩再新台阶。"),
    ("qunzhong", "群众反映好", "社区群众和辖区单位社区党组织的工作满意,社区党组织得到社区群众的拥护。"),
]
SHIHUA = ("领导体制化", "运行机制规范化", "组织设置网格化", "活动方式多样化", "发挥作用常态化", "服务群众常效化",
          "工作载体品牌化", "队伍建设专职化", "阵地建设标准化", "经费制度保障化")


@hookimpl
def shequ_checklists() -> list[ChecklistTemplate]:
    return [
        {"id": "dangjian.wuhao", "title": "五好党支部（五星级党支部百分制）", "domain": "dangjian", "recurrence": "year",
         "source": "篇16(一) L313–318（定义原文）；篇18 L467“以百分制评分方式”（分值与星级分数线原文未给，默认各20分，可用模板文件修改）",
         "total": 100, "levels": [[95, "五星"], [85, "四星"], [75, "三星"], [60, "二星"], [0, "一星"]],
         "items": [{"id": key, "text": f"{name}：{text}", "weight": 20, "evidence": True} for key, name, text in FIVE_GOOD]},
        {"id": "dangjian.grid_shihua", "title": "网格党建“十化”", "domain": "dangjian", "source": "篇18 L465",
         "items": [{"id": f"s{i}", "text": t} for i, t in enumerate(SHIHUA, start=1)]},
        {"id": "dangjian.plan_check_summary", "title": "党建工作年初有计划、年中有检查、年终有总结", "domain": "dangjian",
         "recurrence": "year", "source": "篇16(三) L385",
         "items": [{"id": "plan", "text": "年初有计划", "rule": {"document": {"kind": "计划", "period": "year"}}},
                   {"id": "check", "text": "年中有检查", "rule": {"document": {"kind": "小结", "period": "half"}}},
                   {"id": "summary", "text": "年终有总结", "rule": {"document": {"kind": "总结", "period": "year"}}}]},
    ]


def _status(p: Any) -> str | None:
    members = p.related("dangjian.member")
    return members[-1].get("status") if members else None


def _members_where(keep: Any) -> Any:
    """The whole register at once: one pass over the 党员档案, not a look-up per resident."""
    def members(reg: Any) -> list[int]:
        return [pid for pid, files in reg.related("dangjian.member").items() if pid in reg and keep(files)]
    return members


def _flowing(files: list[dict[str, Any]]) -> bool:
    return files[-1].get("status") in ACTIVE and any(m.get("mgmt") == "流动" for m in files)


@hookimpl
def shequ_person_categories() -> list[PersonCategory]:
    return [
        PersonCategory("党员", lambda p, on: _status(p) in ACTIVE, "预备党员和正式党员（党员档案）",
                       members=_members_where(lambda f: f[-1].get("status") in ACTIVE)),
        PersonCategory("预备党员", lambda p, on: _status(p) == "预备党员", "预备期内的党员",
                       members=_members_where(lambda f: f[-1].get("status") == "预备党员")),
        PersonCategory("入党积极分子", lambda p, on: _status(p) in ("入党积极分子", "发展对象"), "积极分子和发展对象",
                       members=_members_where(lambda f: f[-1].get("status") in ("入党积极分子", "发展对象"))),
        PersonCategory("流动党员", lambda p, on: _status(p) in ACTIVE and any(m.get("mgmt") == "流动" for m in p.related("dangjian.member")),
                       "外出务工的流动党员（篇18 L458）", members=_members_where(_flowing)),
    ]


@hookimpl
def shequ_ledger_accounts() -> list[LedgerAccount]:
    return [
        {"path": "收入:党费", "kind": "income"},
        {"path": "支出:党费上缴", "kind": "expense"},
        {"path": "支出:党建经费", "kind": "expense"},
    ]


@hookimpl
def shequ_validate(record: dict, record_type: RecordType, ctx: "PluginContext") -> list[str]:
    if record_type.id == "dangjian.decision":
        problems, seen_gap, last = [], None, None
        for key, label in DECISION_STEPS:
            value = record.get(key)
            if value is None:
                seen_gap = seen_gap or label
                continue
            if seen_gap:
                problems.append(f"“{label}”之前的步骤“{seen_gap}”还没有日期（5+2 程序须按顺序）")
                break
            if last and value < last[1]:
                problems.append(f"“{label}”（{value}）早于上一步“{last[0]}”（{last[1]}）")
            last = (label, value)
        return problems
    if record_type.id == "dangjian.training":
        days = record.get("days")
        if days is not None and float(days) <= 0:
            return ["培训天数应大于 0"]
    if record_type.id == "dangjian.member":
        from .rules import STAGE_DATE

        problems = []
        order = [record.get(STAGE_DATE[s]) for s in STAGES]
        dated = [(s, d) for s, d in zip(STAGES, order) if d]
        for (s1, d1), (s2, d2) in zip(dated, dated[1:]):
            if d2 < d1:
                problems.append(f"{s2}日期（{d2}）早于{s1}日期（{d1}）")
        if record.get("status") in EXITS and not record.get("exit_date"):
            problems.append(f"状态为{record['status']}时需要出党日期")
        return problems
    return []


@hookimpl
def shequ_report_sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    from .report import sections

    return sections(kind, period, ctx)


@hookimpl
def shequ_register_commands(cli: "Commands") -> None:
    from shequ.api import add_group

    add_group(cli, "dangjian", "shequ_dangjian.cli:dangjian", alias="党建",
              help="党建：党员档案与发展、三会一课签到、党费、培训、志愿岗、提醒。")
