"""shequ-yanglao: 居家养老 (篇4 L63–90) as a shequ plugin.

Who is served and at which tier, with the rule that decided it (篇4 L70–77, the 无偿 sentence's
two readings a setting); 养老档案 over the register (health and assistance data are sensitive:
masked unless ``--reveal``, counts only in reports); 六助 service visits; 空巢/独居 contact rounds
(篇4 L79); 助老服务券 issued → redeemed → reimbursed from an earmarked fund (L87); 结对 (L90);
应急救助; the 居家养老服务站 (≥5 services, L68); 重阳 gifts, 平安保险 and 敬老月 (篇6 L132).
Only shequ's public API is used; everything heavy is imported inside functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shequ import (ChecklistTemplate, Duty, Field, LedgerAccount, PersonCategory, RecordType, ReportSection, Setting,
                   hookimpl)

from .rules import (ACTIVITY_KINDS, AID_FLAGS, ASSISTANCE, ASSISTANCE_HELP, CATEGORIES, CATEGORY_SOURCES, ECONOMY,
                    MODES, NEEDS, PAIRINGS, PROVIDER_TYPES, SELF_CARE, SERVICE_MODES, TIERS)

if TYPE_CHECKING:
    from shequ.api import Commands, PluginContext, ReportContext
    from shequ.periods import Period

ELDER = RecordType(
    id="yanglao.elder", title="养老档案",
    description="60周岁以上老年人的养老档案：自理能力、救助与优抚、经济状况、病残、健康档案（敏感信息，列表中隐去姓名）。"
                "情况变化时新增一条（起始日期不同），按日期取当时有效的一条",
    source="篇4 L66、L70–L77、L81",
    fields=(
        Field("person", "person", label="老人", required=True, mask="name"),
        Field("since", "date", label="起始日期", required=True, help="自该日起适用"),
        Field("self_care", "choice", label="自理能力", choices=SELF_CARE, help="“生活不能自理”（篇4 L71、L73）"),
        Field("assistance", "list", label="救助优抚", choices=ASSISTANCE, help=ASSISTANCE_HELP),
        Field("civil_aid", "bool", label="享受民政救助", help="“未享受民政各种救助”（篇4 L74）；低保、三无即为享受"),
        Field("economy", "choice", label="经济状况", choices=ECONOMY, help="篇4 L75、L76"),
        Field("needs", "list", label="有偿服务需求", choices=NEEDS, help="“需要日托、送餐或上门照料等服务”（篇4 L76）"),
        Field("sick_disabled", "bool", label="病残", help="“病残老人”（篇4 L77、L89）"),
        Field("health_record", "bool", label="已建健康档案", help="篇4 L81"),
        Field("family_bed", "bool", label="家庭病床", help="篇4 L81"),
        Field("note", "str", label="备注"),
    ),
    columns=("person", "since", "self_care", "assistance", "civil_aid", "economy", "sick_disabled"),
)
OVERRIDE = RecordType(
    id="yanglao.override", title="服务等级调整",
    description="人工调整某位老人的服务等级（须写明理由；记入修改日志，可撤销）",
    source="篇4 L71（“等”：名单未穷尽，允许人工认定）",
    fields=(
        Field("person", "person", label="老人", required=True, mask="name"),
        Field("tier", "choice", label="服务等级", required=True, choices=TIERS),
        Field("reason", "str", label="理由", required=True),
        Field("start", "date", label="起始日期", required=True),
        Field("end", "date", label="截止日期"),
    ),
)
SERVICE = RecordType(
    id="yanglao.service", title="养老服务项目",
    description="服务目录：本社区新增或调整的服务项目及所属类别（默认目录见 shequ yanglao service list）",
    source="篇4 L78–L85",
    fields=(
        Field("name", "str", label="项目", required=True),
        Field("category", "choice", label="类别", required=True, choices=CATEGORIES),
        Field("description", "str", label="说明"),
        Field("price_low", "decimal", label="低偿价"),
        Field("price_paid", "decimal", label="有偿价"),
    ),
)
VISIT = RecordType(
    id="yanglao.visit", title="养老服务记录",
    description="一次居家养老服务：老人、日期、项目、服务方、方式、收费（老人姓名默认隐去）",
    source="篇4 L78–L90",
    fields=(
        Field("elder", "person", label="老人", required=True, mask="name"),
        Field("date", "date", label="日期", required=True),
        Field("item", "str", label="项目", required=True),
        Field("category", "choice", label="类别", choices=CATEGORIES),
        Field("provider_type", "choice", label="服务方类型", required=True, choices=PROVIDER_TYPES),
        Field("provider", "str", label="服务方"),
        Field("mode", "choice", label="方式", choices=MODES, default="走访"),
        Field("fee", "decimal", label="收费"),
        Field("tier", "choice", label="服务等级", choices=TIERS),
        Field("voucher", "str", label="服务券号"),
        Field("note", "str", label="情况"),
    ),
    columns=("date", "elder", "item", "category", "provider_type", "provider", "mode", "fee"),
)
PROVIDER = RecordType(
    id="yanglao.provider", title="养老服务方",
    description="社区助老服务员、家政服务公司、社会组织、志愿者队伍",
    source="篇4 L87–L89",
    fields=(
        Field("name", "str", label="名称", required=True),
        Field("type", "choice", label="类型", required=True, choices=PROVIDER_TYPES),
        Field("phone", "str", label="联系电话", mask="phone"),
        Field("services", "list", label="服务项目"),
        Field("note", "str", label="备注"),
    ),
)
VOUCHER = RecordType(
    id="yanglao.voucher", title="助老服务券",
    description="政府购买服务：发放 → 老人凭券选择服务方使用（一次）→ 从助老服务券资金兑付给服务方（持券人姓名默认隐去）",
    source="篇4 L87",
    fields=(
        Field("code", "str", label="券号", required=True),
        Field("holder", "person", label="持券老人", required=True, mask="name"),
        Field("value", "decimal", label="面值", required=True),
        Field("issued", "date", label="发放日期", required=True),
        Field("expires", "date", label="有效期至"),
        Field("redeemed", "date", label="使用日期"),
        Field("provider", "str", label="服务方"),
        Field("visit", "int", label="服务记录"),
        Field("reimbursed", "date", label="兑付日期"),
        Field("entry", "int", label="兑付账目"),
    ),
    columns=("code", "holder", "value", "issued", "redeemed", "provider", "reimbursed"),
)
PAIRING = RecordType(
    id="yanglao.pairing", title="结对帮扶",
    description="邻里结对、亲属结对、党员结对：按照就近、自愿原则建立的相对固定的结对服务关系",
    source="篇4 L90；篇16(五) L429“结对一帮一”",
    fields=(
        Field("elder", "person", label="老人", required=True),
        Field("kind", "choice", label="结对方式", required=True, choices=PAIRINGS),
        Field("helper", "str", label="帮扶人", required=True),
        Field("helper_person", "person", label="帮扶人（居民）"),
        Field("start", "date", label="开始日期", required=True),
        Field("end", "date", label="结束日期"),
        Field("note", "str", label="备注"),
    ),
    columns=("elder", "kind", "helper", "start", "end"),
)
EMERGENCY = RecordType(
    id="yanglao.emergency", title="应急救助",
    description="老年人遇到意外情况时的应急救助：情况、处置、是否经热线（老人姓名默认隐去）",
    source="篇4 L79“建立相应的应急救助机制”；L85“应急救助服务热线”",
    fields=(
        Field("elder", "person", label="老人", required=True, mask="name"),
        Field("date", "date", label="日期", required=True),
        Field("event", "str", label="情况", required=True),
        Field("response", "str", label="处置"),
        Field("hotline", "bool", label="经热线求助"),
        Field("responder", "str", label="处置人"),
    ),
    columns=("date", "elder", "event", "response", "hotline"),
)
STATION = RecordType(
    id="yanglao.station", title="居家养老服务站",
    description="社区居家养老服务站及其提供的服务项目（不少于5项）",
    source="篇4 L68；篇6 L132（覆盖率100%）",
    fields=(
        Field("name", "str", label="名称", required=True),
        Field("opened", "date", label="建站日期"),
        Field("address", "str", label="地址"),
        Field("services", "list", label="服务项目"),
        Field("hours", "str", label="开放时间"),
        Field("note", "str", label="备注"),
    ),
)
INSURANCE = RecordType(
    id="yanglao.insurance", title="平安保险",
    description="为老年人办理的平安保险（参保率目标见设置 yanglao.insurance_target）",
    source="篇6 L132",
    fields=(
        Field("person", "person", label="老人", required=True),
        Field("start", "date", label="起保日期", required=True),
        Field("end", "date", label="终止日期", required=True),
        Field("insurer", "str", label="保险公司"),
        Field("premium", "decimal", label="保费"),
        Field("note", "str", label="备注"),
    ),
    columns=("person", "start", "end", "insurer", "premium"),
)
CONTACT = RecordType(
    id="yanglao.contact", title="帮扶联系", kind="event",
    description="对“空巢”老人等的定期电话、走访、探视（签到即联系到的老人）",
    source="篇4 L79",
    fields=(
        Field("mode", "choice", label="方式", required=True, choices=MODES),
        Field("worker", "str", label="联系人"),
    ),
)
ACTIVITY = RecordType(
    id="yanglao.activity", title="为老活动", kind="event",
    description="敬老月、重阳节尊老爱老活动与慰问、为老维权、外出观光旅游、老年教育、文体活动",
    source="篇6 L132；篇13 L266；篇4 L82",
    fields=(Field("kind", "choice", label="活动类别", required=True, choices=ACTIVITY_KINDS),),
)
ENTRY = RecordType(
    id="yanglao.entry", title="养老账目字段", kind="ledger",
    description="养老收支记账时记下对应的服务记录和助老服务券",
    source="篇4 L70、L76、L87",
    fields=(
        Field("yanglao_visit", "int", label="养老服务记录"),
        Field("yanglao_vouchers", "list", label="助老服务券号"),
    ),
)
TYPES = (ELDER, OVERRIDE, SERVICE, VISIT, PROVIDER, VOUCHER, PAIRING, EMERGENCY, STATION, INSURANCE, CONTACT, ACTIVITY,
         ENTRY)


@hookimpl
def shequ_record_types() -> list[RecordType]:
    return list(TYPES)


# -- settings -------------------------------------------------------------------------------------
def _reading(text: str) -> str:
    value = text.strip().upper()
    if value not in ("A", "B"):
        # A DataError, not a ValueError: a reading other than A/B is a wrong rule for the home's data
        # (exit 1, as issue 22 asks), where the core turns a ValueError into a usage error (exit 2).
        from shequ import DataError

        raise DataError(f"无偿服务对象的解读应为 A 或 B，而不是“{text}”（篇4 L71）")
    return value


def _days(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise ValueError(f"联系间隔应为正整数天数：{text}")
    return int(text)


def _percent(text: str) -> int:
    t = text.strip().rstrip("%")
    if not t.isdigit() or not 0 < int(t) <= 100:
        raise ValueError(f"参保率目标应为 1–100 的整数（百分比）：{text}")
    return int(t)


def _names(text: str) -> list[str]:
    names = [n.strip() for n in text.replace("，", ",").replace("、", ",").split(",") if n.strip()]
    if not names:
        raise ValueError("至少给出一个人员类别")
    return names


@hookimpl
def shequ_settings() -> list[Setting]:
    return [
        Setting("yanglao.free_reading", "A",
                "无偿服务对象的解读：A＝年满70周岁、生活不能自理、在市区无子女照顾，且为低保/重点优抚/三无/革命五老之一，或百岁老人；"
                "B＝低保老人、重点优抚对象、三无老人、革命五老人员、百岁老人任一即可", parse=_reading, source="篇4 L71"),
        Setting("yanglao.contact_interval", "7", "帮扶联系的间隔天数：超过即为逾期（原文只说“定期”，默认每周）", parse=_days,
                source="篇4 L79"),
        Setting("yanglao.contact_categories", "空巢老人,独居老人", "帮扶联系的对象（人员类别，逗号分隔）", parse=_names,
                source="篇4 L79“‘空巢’老人等”；篇16(五) L429 独居老人"),
        Setting("yanglao.insurance_target", "60", "平安保险参保率目标（%）", parse=_percent, source="篇6 L132“参保率60%以上”"),
        Setting("yanglao.insurance_base", "老年人", "平安保险参保率的分母（人员类别；原文未说明，默认60周岁以上老年人）",
                parse=str.strip, source="篇6 L132"),
    ]


# -- duties and checklists -------------------------------------------------------------------------
@hookimpl
def shequ_duties() -> list[Duty]:
    d = "yanglao"
    return [
        {"id": "yanglao.contact", "title": "空巢老人定期帮扶联系", "domain": d, "kind": "per_person", "per": "month", "min": 4,
         "population": {"category": "空巢老人"}, "match": {"type": "yanglao.contact"},
         "source": "篇4 L79“通过定期打电话、走访、探视等形式，加强对‘空巢’老人等的帮扶联系”（原文未给周期：默认每周，"
                   "按月计每人不少于4次；逐人逾期见 shequ yanglao contact round，间隔见设置 yanglao.contact_interval）"},
        {"id": "yanglao.jinglao_month", "title": "敬老月活动", "domain": d, "kind": "quota", "per": "month", "min": 1,
         "in_months": [10], "match": {"type": "yanglao.activity", "fields": {"kind": "敬老月活动"}},
         "source": "篇6 L132“开展敬老月活动，做好为老维权工作”（月份原文未给，外部：通常为十月，可用 duties set 改 in_months）"},
        {"id": "yanglao.chongyang_activity", "title": "重阳节尊老爱老活动", "domain": d, "kind": "window",
         "window": "around:重阳节:7", "min": 1, "match": {"type": "yanglao.activity", "fields": {"kind": "重阳节尊老爱老活动"}},
         "source": "篇6 L132“开展重阳节尊老爱老活动”（重阳节为农历九月初九）"},
        {"id": "yanglao.chongyang_gifts", "title": "重阳节为90岁以上老人发放慰问品", "domain": d, "kind": "per_person",
         "per": "year", "min": 1, "population": {"category": "重阳慰问对象"},
         "match": {"type": "yanglao.activity", "fields": {"kind": "重阳慰问"}},
         "source": "篇6 L132“为90岁以上的老年人发放慰问品、并为他们办理一份平安保险”（平安保险见 shequ yanglao zhongyang list）"},
    ]


@hookimpl
def shequ_checklists() -> list[ChecklistTemplate]:
    content = []
    for cat in CATEGORIES:
        if cat == "安全保障":  # the regular contacts are this category's core (L79)
            rule: dict[str, Any] = {"events": {"per": "period", "min": 1, "domain": "yanglao", "type": "yanglao.contact"}}
        else:
            rule = {"records": {"type": "yanglao.visit", "where": [f"category={cat}"], "min": 1, "date_field": "date"}}
        content.append({"id": f"c{CATEGORIES.index(cat) + 1}", "text": f"{cat}服务（{CATEGORY_SOURCES[cat]}）", "rule": rule})
    modes = []
    for key, text, src in SERVICE_MODES:
        if key == "government":
            rule = {"records": {"type": "yanglao.voucher", "min": 1, "date_field": "issued"}}
        elif key == "neighbour":
            rule = {"records": {"type": "yanglao.pairing", "min": 1}}
        else:
            kind = "社会组织" if key == "organisation" else "志愿者"
            rule = {"records": {"type": "yanglao.visit", "where": [f"provider_type={kind}"], "min": 1, "date_field": "date"}}
        modes.append({"id": key, "text": f"{text}（{src}）", "rule": rule})
    # No ``recurrence``: the office starts a run when it keeps the year's 台账 (``shequ checklist start
    # yanglao.service_content --period 2025``).  A recurring template is evaluated in every report, and the
    # core evaluates a records rule by scanning every record of the type, once per item: eight items over a
    # year of 11,000 visits cost ~300 ms a report on a 20,000-resident home (API-NOTES.md).
    return [
        {"id": "yanglao.service_content", "title": "居家养老服务内容（七类）", "domain": "yanglao",
         "source": "篇4 L79–L85", "items": content},
        {"id": "yanglao.service_modes", "title": "居家养老服务方式（四种）", "domain": "yanglao",
         "source": "篇4 L87–L90", "items": modes},
    ]


# -- ledger ------------------------------------------------------------------------------------------
@hookimpl
def shequ_ledger_accounts() -> list[LedgerAccount]:
    return [
        {"path": "收入:养老:服务收费", "kind": "income"},
        {"path": "收入:上级拨款:助老服务券", "kind": "income",
         "fund": {"name": "助老服务券", "accounts": ["支出:养老:助老服务券兑付"], "earmarked": True}},
        {"path": "支出:养老:助老服务券兑付", "kind": "expense"},
        {"path": "支出:养老:重阳慰问品", "kind": "expense"},
        {"path": "支出:养老:平安保险", "kind": "expense"},
        {"path": "支出:养老:为老活动", "kind": "expense"},
    ]


# -- person categories -------------------------------------------------------------------------------
def _chongyang_cutoff(on: Any) -> str:
    """Born on or before this ISO date ⇔ 90周岁 or more on 重阳 of *on*'s year."""
    from .rules import chongyang

    cy = chongyang(on.year)
    return f"{cy.year - 90:04d}-{cy.month:02d}-{cy.day:02d}"


def _chongyang_test(p: Any, on: Any) -> bool:
    birth = p.get("birth")
    return isinstance(birth, str) and len(birth) == 10 and birth <= _chongyang_cutoff(on)


def _chongyang_members(reg: Any) -> list[int]:
    # Born on or before the cutoff (the register's birth dates, sorted once), then the same test.
    ids, births = reg.ids, reg.column("birth")
    return [ids[i] for i in reg.born_positions(_chongyang_cutoff(reg.on)) if _plain(births[i])]


def _plain(birth: Any) -> bool:
    return isinstance(birth, str) and len(birth) == 10


@hookimpl
def shequ_person_categories() -> list[PersonCategory]:
    return [
        PersonCategory("重阳慰问对象", _chongyang_test, "当年重阳节（农历九月初九）时90周岁以上的老人（篇6 L132）",
                       members=_chongyang_members),
    ]


# -- validation ----------------------------------------------------------------------------------------
#: Record type → (the person field, the date field the 60周岁 rule is checked on).
_ELDER_FIELDS = {"yanglao.elder": ("person", "since"), "yanglao.override": ("person", "start"),
                 "yanglao.visit": ("elder", "date"), "yanglao.voucher": ("holder", "issued"),
                 "yanglao.pairing": ("elder", "start"), "yanglao.emergency": ("elder", "date"),
                 "yanglao.insurance": ("person", "start")}


@hookimpl
def shequ_validate(record: dict, record_type: RecordType, ctx: "PluginContext") -> list[str]:
    if not record_type.id.startswith("yanglao."):
        return []
    problems: list[str] = []
    if record_type.id in _ELDER_FIELDS:
        person, day = _ELDER_FIELDS[record_type.id]
        if record.get(person) is not None and record.get(day):
            from .service import elder_problem

            found = elder_problem(ctx, record[person], record[day])
            if found:
                problems.append(found)
    check = _CHECKS.get(record_type.id)
    if check is not None:
        problems.extend(check(record, ctx))
    return problems


def _check_elder(r: dict, ctx: "PluginContext") -> list[str]:
    out = []
    aid = [a for a in AID_FLAGS if a in (r.get("assistance") or ())]
    if aid and r.get("civil_aid") is False:
        out.append(f"{'、'.join(aid)}属于民政救助（《社会救助暂行办法》，外部），不能同时登记为未享受民政救助")
    return out


def _check_override(r: dict, ctx: "PluginContext") -> list[str]:
    out = []
    if not str(r.get("reason") or "").strip():
        out.append("调整服务等级须写明理由")
    if r.get("end") and r.get("start") and r["end"] < r["start"]:
        out.append(f"截止日期 {r['end']} 早于起始日期 {r['start']}")
    return out


def _check_visit(r: dict, ctx: "PluginContext") -> list[str]:
    from decimal import Decimal

    from .service import catalogue

    out = []
    known = catalogue(ctx)
    item = known.get(r.get("item", ""))
    if item is None:
        out.append(f"服务项目未登记：{r.get('item')}（可用：{'、'.join(known)}；新项目先用 shequ record add yanglao.service 登记）")
    elif not r.get("category"):
        out.append(f"缺少类别：服务项目“{item['name']}”属于“{item['category']}”（--field category={item['category']}）")
    elif r["category"] != item["category"]:
        out.append(f"服务项目“{item['name']}”属于“{item['category']}”，不是“{r['category']}”")
    fee = Decimal(r["fee"]) if r.get("fee") is not None else Decimal(0)
    if fee < 0:
        out.append("收费不能为负数")
    elif fee > 0 and r.get("provider_type") == "志愿者":
        out.append("志愿者提供无偿志愿服务，不能收费（篇4 L68“志愿者队伍提供无偿志愿服务”）")
    elif fee > 0 and r.get("tier") == "无偿":
        out.append("无偿服务对象不能收费（篇4 L71）")
    return out


def _check_voucher(r: dict, ctx: "PluginContext") -> list[str]:
    from decimal import Decimal

    out = []
    if Decimal(r["value"]) <= 0:
        out.append("面值应大于 0")
    for key, label in (("expires", "有效期"), ("redeemed", "使用日期")):
        if r.get(key) and r[key] < r["issued"]:
            out.append(f"{label} {r[key]} 早于发放日期 {r['issued']}")
    if r.get("redeemed") and r.get("expires") and r["redeemed"] > r["expires"]:
        out.append(f"使用日期 {r['redeemed']} 已过有效期（{r['expires']}）")
    if r.get("reimbursed") and not r.get("redeemed"):
        out.append("未使用的服务券不能兑付")
    elif r.get("reimbursed") and r["reimbursed"] < r["redeemed"]:
        out.append(f"兑付日期 {r['reimbursed']} 早于使用日期 {r['redeemed']}")
    return out


def _check_span(start: str, end: str, start_label: str, end_label: str) -> Any:
    def check(r: dict, ctx: "PluginContext") -> list[str]:
        if r.get(end) and r.get(start) and r[end] < r[start]:
            return [f"{end_label} {r[end]} 早于{start_label} {r[start]}"]
        return []
    return check


def _check_insurance(r: dict, ctx: "PluginContext") -> list[str]:
    from decimal import Decimal

    out = _check_span("start", "end", "起保日期", "终止日期")(r, ctx)
    if r.get("premium") is not None and Decimal(r["premium"]) < 0:
        out.append("保费不能为负数")
    return out


def _check_station(r: dict, ctx: "PluginContext") -> list[str]:
    from .service import catalogue

    known = catalogue(ctx)
    unknown = [s for s in r.get("services") or () if s not in known]
    return [f"服务项目未登记：{'、'.join(unknown)}（可用：{'、'.join(known)}）"] if unknown else []


_CHECKS = {"yanglao.elder": _check_elder, "yanglao.override": _check_override, "yanglao.visit": _check_visit,
           "yanglao.voucher": _check_voucher, "yanglao.pairing": _check_span("start", "end", "开始日期", "结束日期"),
           "yanglao.insurance": _check_insurance, "yanglao.station": _check_station}


@hookimpl
def shequ_report_sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    from .report import sections

    return sections(kind, period, ctx)


@hookimpl
def shequ_register_commands(cli: "Commands") -> None:
    from shequ.api import add_group

    add_group(cli, "yanglao", "shequ_yanglao.cli:yanglao", alias="养老",
              help="居家养老：服务对象与等级、服务记录、空巢老人帮扶联系、助老服务券、结对、重阳与平安保险。")
