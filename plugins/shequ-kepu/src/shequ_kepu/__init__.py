"""shequ-kepu: 科普 (science popularization) as a shequ plugin.

The source is 篇7 (L140–154, 八里庄社区's 科普工作计划), with related lines 篇16(三) L389
(两个假期青少年教育活动), 篇19 L481 (暑期 宣传科普知识), 篇12 L246 (科技进社区),
篇16(五) L412 (远教平台 科技培训) and 篇17 L439–442 (a district 团 plan: 科普宣传、科技下乡).

Its strongest rule is “做到每月有活动、有小结、有记录” (L151): every month a held 科普
activity, the month's 小结 (``kepu.summary``) and a 记录 — a sign-in sheet, photos or a file
attached to an activity (``kepu.evidence``).  ``shequ kepu months`` shows the year as
12 months × 3 marks and why a mark is missing.

This module holds the declarations and hooks only (light: ``shequ --help`` imports it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shequ import (ChecklistTemplate, Duty, Festival, Field, LedgerAccount, PersonCategory, RecordType, ReportSection,
                   Setting, hookimpl)

if TYPE_CHECKING:
    from shequ.api import Commands, PluginContext, ReportContext
    from shequ.periods import Period

DOMAIN = "kepu"

#: The activity forms 篇7 names, in its order (L146–L153).
FORMS = ("进院落宣传讲解", "入户分发资料", "科普培训", "科普知识竞赛", "科普文艺汇演", "科普旅游", "青少年电脑培训",
         "反邪教宣传", "科普宣传", "文化活动", "其他")
#: 科教进社区 (L152): the four activities the plan names for it.
KEJIAO = ("科普知识竞赛", "科普文艺汇演", "科普旅游", "青少年电脑培训")
#: 载体: 远程教育课件 (L148), 碟片、宣传画 (L153), 生活常识、科普知识 leaflets (L150), 海报、横幅 (L146).
MATERIALS = ("远程教育课件", "碟片", "宣传画", "宣传资料", "海报", "横幅", "其他")
AUDIENCES = ("居民", "青少年", "老年人", "家庭", "其他")
BOARD_KINDS = ("科普宣传栏", "文化画廊", "院落张贴栏", "基层信息公开平台")  # L146
BOARD_ITEMS = ("海报", "横幅", "活动信息")  # L146 “张贴…海报，架设…横幅，发布科普活动信息”
VENUE_KINDS = ("科普活动室", "其他")  # L146 “以科普活动室为社区科普活动主阵地”
EVIDENCE_KINDS = ("签到表", "照片", "文件", "音像资料", "其他")
GROUP_ROLES = ("组长", "副组长", "成员")  # L145
SUMMARY_SOURCES = ("手写", "由活动生成", "由活动生成后修改")
#: Named days 篇7 L151 “以各种节日、活动为载体” is commonly hung on (dates external, not in the source).
FESTIVALS = (("kejizhou", "科技活动周"), ("kepuri", "全国科普日"))


def _file_exists(value: Any, record: dict) -> str | None:
    from pathlib import Path  # here: importing the plugin must stay light (shequ --help)

    p = Path(str(value)).expanduser()
    return None if p.is_file() else f"文件不存在：{value}"


def _not_negative(value: Any, record: dict) -> str | None:
    return "不能为负数" if value is not None and int(value) < 0 else None


ACTIVITY = RecordType(
    id="kepu.activity", title="科普活动", kind="event",
    description="科普活动：形式、主题、结合的节日、对象、载体、人次（每月有活动，篇7 L151）",
    source="篇7 L146–L153；篇16(三) L389；篇19 L481",
    fields=(
        Field("form", "choice", label="形式", required=True, choices=FORMS),
        Field("theme", "str", label="主题", help="如“推动科技创新发展方式，开展民生科普共建田园城市”（篇7 L149）"),
        Field("festival", "str", label="节日", help="结合的节日或活动（科技活动周、全国科普日……，篇7 L151）"),
        Field("audience", "list", label="对象", choices=AUDIENCES),
        Field("materials", "list", label="载体", choices=MATERIALS),
        Field("copies", "int", label="资料份数", validators=(_not_negative,)),
        Field("households", "int", label="入户户数", validators=(_not_negative,)),
        Field("volunteers", "list", label="科普志愿者", help="参加服务的科普志愿者（姓名或编号）"),
    ),
)
GROUP = RecordType(
    id="kepu.group_member", title="科普工作领导小组",
    description="科普工作领导小组成员：社区主任牵头总负责，社区其他干部共同参与", source="篇7 L145",
    fields=(
        Field("person", "person", label="成员", required=True),
        Field("role", "choice", label="职务", required=True, choices=GROUP_ROLES),
        Field("post", "str", label="社区职务", help="如 社区主任"),
        Field("task", "str", label="分工"),
        Field("start", "date", label="起始日期"),
        Field("end", "date", label="结束日期"),
    ),
    columns=("person", "role", "post", "task", "start", "end"),
)
VOLUNTEER = RecordType(
    id="kepu.volunteer", title="科普志愿者",
    description="“科普志愿者服务队伍”队员", source="篇7 L145、L146、L150",
    fields=(
        Field("person", "person", label="志愿者", required=True),
        Field("joined", "date", label="加入日期", required=True),
        Field("left", "date", label="退出日期"),
        Field("skill", "str", label="特长"),
        Field("note", "str", label="备注"),
    ),
)
VENUE = RecordType(
    id="kepu.venue", title="科普阵地", description="科普活动室等活动阵地", source="篇7 L146",
    fields=(
        Field("name", "str", label="名称", required=True),
        Field("kind", "choice", label="类别", required=True, choices=VENUE_KINDS),
        Field("main", "bool", label="主阵地"),
        Field("place", "str", label="位置"),
        Field("note", "str", label="备注"),
    ),
)
BOARD = RecordType(
    id="kepu.board", title="科普宣传载体",
    description="科普宣传栏、文化画廊、院落张贴栏、基层信息公开平台", source="篇7 L146",
    fields=(
        Field("name", "str", label="名称", required=True),
        Field("kind", "choice", label="类别", required=True, choices=BOARD_KINDS),
        Field("place", "str", label="位置"),
        Field("note", "str", label="备注"),
    ),
)
BOARD_UPDATE = RecordType(
    id="kepu.board_update", title="宣传载体更新",
    description="张贴科普知识宣传海报、架设宣传横幅、发布科普活动信息", source="篇7 L146",
    fields=(
        Field("board", "str", label="宣传载体", required=True, help="已登记的宣传载体名称"),
        Field("date", "date", label="日期", required=True),
        Field("item", "choice", label="内容", required=True, choices=BOARD_ITEMS),
        Field("topic", "str", label="主题", required=True),
        Field("note", "str", label="备注"),
    ),
    columns=("date", "board", "item", "topic"),
)
SUMMARY = RecordType(
    id="kepu.summary", title="科普月小结",
    description="每月的科普工作小结（每月有小结，篇7 L151）", source="篇7 L151",
    fields=(
        Field("month", "date", label="月份", required=True, help="该月任一天，通常写当月1日（shequ kepu summary write 2025-03 自动填写）"),
        Field("text", "str", label="小结", required=True),
        Field("origin", "choice", label="来源", choices=SUMMARY_SOURCES, default="手写"),
        Field("written", "date", label="撰写日期"),
        Field("author", "str", label="撰写人"),
    ),
    columns=("month", "origin", "written", "author"),
)
EVIDENCE = RecordType(
    id="kepu.evidence", title="科普活动记录",
    description="活动的签到表、照片、文件等记录（每月有记录，篇7 L151）", source="篇7 L151",
    fields=(
        Field("event", "event", label="活动", required=True),
        Field("date", "date", label="活动日期", required=True, help="与活动日期一致（shequ kepu evidence add 自动填写）"),
        Field("kind", "choice", label="类别", required=True, choices=EVIDENCE_KINDS),
        Field("file", "str", label="文件", validators=(_file_exists,)),
        Field("note", "str", label="说明", help="无电子文件时写明存放处，如“纸质签到表存第3号档案盒”"),
    ),
    columns=("event", "date", "kind", "file", "note"),
)
TYPES = (ACTIVITY, GROUP, VOLUNTEER, VENUE, BOARD, BOARD_UPDATE, SUMMARY, EVIDENCE)


@hookimpl
def shequ_record_types() -> list[RecordType]:
    return list(TYPES)


def _form(form: str) -> dict[str, Any]:
    return {"type": "kepu.activity", "fields": {"form": form}}


UNSTATED = "原文“定期”未给周期，默认每季度至少1次，可用 shequ duties set {id} per=month|quarter|half|year 或 min=… 调整"
ONCE = "原文未给次数，按全年至少1次计，可调整或停用"


@hookimpl
def shequ_duties() -> list[Duty]:
    d = DOMAIN
    duties: list[Duty] = [
        {"id": "kepu.monthly_activity", "title": "每月有科普活动", "domain": d, "kind": "quota", "per": "month", "min": 1,
         "match": {"domain": d},
         "source": "篇7 L151“做到每月有活动、有小结、有记录”（小结、记录逐月核对：shequ kepu months、清单 kepu.monthly）"},
        {"id": "kepu.training", "title": "定期举办科普培训", "domain": d, "kind": "quota", "per": "quarter", "min": 1,
         "match": _form("科普培训"), "source": "篇7 L148（" + UNSTATED.format(id="kepu.training") + "）；篇16(五) L412"},
        {"id": "kepu.yard_visits", "title": "定期组织科普志愿者进院落宣传讲解", "domain": d, "kind": "quota", "per": "quarter",
         "min": 1, "match": _form("进院落宣传讲解"), "source": "篇7 L146（" + UNSTATED.format(id="kepu.yard_visits") + "）"},
        {"id": "kepu.door_to_door", "title": "科普志愿者进家庭，入户分发生活常识、科普知识", "domain": d, "kind": "quota",
         "per": "year", "min": 1, "match": _form("入户分发资料"), "source": f"篇7 L150（{ONCE}）"},
    ]
    for key, name in (("winter", "寒假"), ("summer", "暑假")):
        duties.append({"id": f"kepu.computer_{key}", "title": f"青少年{name}电脑培训", "domain": d, "kind": "window",
                       "window": name, "min": 1, "match": _form("青少年电脑培训"),
                       "source": f"篇7 L152“青少年寒署[sic]期电脑培训”（{name}起止见设置 calendar.{key}_vacation）"})
        duties.append({"id": f"kepu.youth_{key}", "title": f"{name}青少年科普教育活动", "domain": d, "kind": "window",
                       "window": name, "min": 1, "match": {"type": "kepu.activity", "fields": {"audience": "青少年"}},
                       "source": "篇16(三) L389“开展两个假期青少年教育活动”" + ("；篇19 L481 暑期宣传科普知识" if key == "summer" else "")})
    for key, name in FESTIVALS:
        duties.append({"id": f"kepu.festival_{key}", "title": f"{name}科普宣传", "domain": d, "kind": "window",
                       "window": f"around:{name}:7", "min": 1,
                       "match": {"type": "kepu.activity", "fields": {"festival": name}},
                       "source": f"篇7 L151“以各种节日、活动为载体”（{name}的日期为外部日期，原文未提及；前后7天内，可调整或停用）"})
    for key, form in (("contest", "科普知识竞赛"), ("show", "科普文艺汇演"), ("trip", "科普旅游")):
        duties.append({"id": f"kepu.{key}", "title": f"举办{form}（科教进社区）", "domain": d, "kind": "quota", "per": "year",
                       "min": 1, "match": _form(form), "source": f"篇7 L152（{ONCE}）"})
    duties.append({"id": "kepu.anti_cult", "title": "反邪教宣传（组织居民观看碟片、宣传画）", "domain": d, "kind": "quota",
                   "per": "year", "min": 1, "match": _form("反邪教宣传"), "source": f"篇7 L153（{ONCE}）"})
    return duties


MONTHLY = [
    {"id": "activity", "text": "本月有科普活动", "rule": {"events": {"per": "month", "min": 1, "domain": DOMAIN}}},
    {"id": "summary", "text": "本月有小结（科普月小结）",
     "rule": {"records": {"type": "kepu.summary", "date_field": "month", "min": 1}}},
    {"id": "record", "text": "本月有记录（活动签到表、照片、文件等）",
     "rule": {"records": {"type": "kepu.evidence", "date_field": "date", "min": 1}}},
]


@hookimpl
def shequ_checklists() -> list[ChecklistTemplate]:
    def duty(item_id: str, text: str, duty_id: str) -> dict[str, Any]:
        return {"id": item_id, "text": text, "rule": {"duty": duty_id}}

    def records(item_id: str, text: str, type_id: str, *where: str, date_field: str | None = None) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": type_id, "min": 1, "where": list(where)}
        if date_field:
            spec["date_field"] = date_field
        return {"id": item_id, "text": text, "rule": {"records": spec}}

    pointer = "（逐月见清单 kepu.monthly 或 shequ kepu months）"  # no rule can count months of records (API-NOTES.md)
    items = [
        records("group", "完善科普工作领导小组（社区主任牵头总负责、其他干部共同参与）", "kepu.group_member", "role=组长", "end="),
        records("volunteers", "充实壮大“科普志愿者服务队伍”", "kepu.volunteer", "left="),
        records("venue", "以科普活动室为社区科普活动主阵地", "kepu.venue", "kind=科普活动室"),
        records("boards", "以科普宣传栏、文化画廊、院落张贴栏、基层信息公开平台等作为宣传载体", "kepu.board"),
        records("postings", "张贴科普知识宣传海报，架设宣传横幅，发布科普活动信息", "kepu.board_update", date_field="date"),
        duty("yard_visits", "定期组织科普志愿者进院落开展科普宣传讲解", "kepu.yard_visits"),
        duty("training", "利用远程教育课件资源，定期举办各类科普培训", "kepu.training"),
        duty("door_to_door", "科普志愿者进院落、进家庭，入户分发生活常识、科普知识", "kepu.door_to_door"),
        {"id": "monthly_activity", "text": "每月有活动", "rule": {"events": {"per": "month", "min": 1, "domain": DOMAIN}}},
        {"id": "monthly_summary", "text": "每月有小结" + pointer, "evidence": True},
        {"id": "monthly_record", "text": "每月有记录" + pointer, "evidence": True},
        duty("festival_kejizhou", "结合科技活动周开展科普宣传", "kepu.festival_kejizhou"),
        duty("festival_kepuri", "结合全国科普日开展科普宣传", "kepu.festival_kepuri"),
        duty("contest", "科教进社区：科普知识竞赛", "kepu.contest"),
        duty("show", "科教进社区：科普文艺汇演", "kepu.show"),
        duty("trip", "科教进社区：科普旅游", "kepu.trip"),
        duty("computer_winter", "科教进社区：青少年寒假电脑培训", "kepu.computer_winter"),
        duty("computer_summer", "科教进社区：青少年暑假电脑培训", "kepu.computer_summer"),
        duty("anti_cult", "反对邪教、崇尚科学：组织居民观看碟片、宣传画", "kepu.anti_cult"),
    ]
    return [
        {"id": "kepu.work", "title": "科普工作", "domain": DOMAIN, "recurrence": "year",
         "source": "篇7 L145–L153（DOMAIN §1.4.d；次数原文未给，按全年至少1次计）", "items": items},
        {"id": "kepu.monthly", "title": "科普每月台账（有活动、有小结、有记录）", "domain": DOMAIN, "recurrence": "month",
         "source": "篇7 L151“做到每月有活动、有小结、有记录”", "items": MONTHLY},
    ]


@hookimpl
def shequ_festivals() -> list[Festival]:
    # 全国科普日 is the core's (9月第三个星期六, 外部).
    return [{"name": "科技活动周", "month": 5, "weekday": 5, "nth": 3,
             "source": "外部：全国科技活动周的日期每年由主办部门公布（多在5月中下旬），原文未提及；"
                       "默认取5月第三个星期六，仅作提醒"}]


@hookimpl
def shequ_settings() -> list[Setting]:
    return [
        Setting("kepu.leader_post", "社区主任", "科普工作领导小组牵头总负责人的社区职务（报告核对组长是否由其担任）",
                source="篇7 L145“以社区主任牵头总负责”"),
        Setting("kepu.theme", "推动科技创新发展方式，开展民生科普共建田园城市",
                "科普活动的年度主题（shequ kepu activity log --on-theme 使用；原文为八里庄社区的提法，可改）",
                source="篇7 L149"),
    ]


@hookimpl
def shequ_ledger_accounts() -> list[LedgerAccount]:
    return [
        {"path": "支出:科普:宣传印制", "kind": "expense"},  # 海报、横幅 (L146)
        {"path": "支出:科普:竞赛奖品", "kind": "expense"},  # 科普知识竞赛 (L152)
        {"path": "支出:科普:科普旅游", "kind": "expense"},  # 科普旅游 (L152)
    ]


def _active(files: list[dict[str, Any]], on: str, start: str, end: str) -> bool:
    return any((f.get(start) or "") <= on and (not f.get(end) or f[end] >= on) for f in files)


def _category(type_id: str, start: str, end: str) -> tuple[Any, Any]:
    def test(p: Any, on: Any) -> bool:
        return _active(p.related(type_id), on.isoformat(), start, end)

    def members(reg: Any) -> list[int]:
        on = reg.on.isoformat()
        return [pid for pid, files in reg.related(type_id).items() if pid in reg and _active(files, on, start, end)]

    return test, members


@hookimpl
def shequ_person_categories() -> list[PersonCategory]:
    vt, vm = _category("kepu.volunteer", "joined", "left")
    gt, gm = _category("kepu.group_member", "start", "end")
    return [PersonCategory("科普志愿者", vt, "科普志愿者服务队伍在队队员（篇7 L145）", members=vm),
            PersonCategory("科普工作领导小组", gt, "科普工作领导小组在任成员（篇7 L145）", members=gm)]


@hookimpl
def shequ_validate(record: dict, record_type: RecordType, ctx: "PluginContext") -> list[str]:
    if record_type.id.startswith("kepu."):
        from .service import problems

        return problems(record, record_type.id, ctx)
    return []


@hookimpl
def shequ_report_sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    from .report import sections

    return sections(kind, period, ctx)


@hookimpl
def shequ_register_commands(cli: "Commands") -> None:
    from shequ.api import add_group

    add_group(cli, "kepu", "shequ_kepu.cli:kepu", alias="科普",
              help="科普：每月有活动、有小结、有记录，活动与记录、月小结、宣传载体更新、志愿者队伍。")
