"""民政 report sections in 篇6's shape: （一）社会救助 （二）社会化管理 （三）双拥优抚安置 （四）老年人、残疾人事业
（五）基层政权和社区建设 （六）各项活动.  Counts and sums only: no section ever carries a name."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shequ import ReportSection, Table

from .labels import CREATIONS, MONTHLY, ORPHAN, PROGRAMS, SEVERE_GRADES, SYMPOSIA, YOUFU_KINDS, ZUNLAOJIN, account_of
from .rules import month_of, months_later, yuan

if TYPE_CHECKING:
    from shequ.api import ReportContext
    from shequ.periods import Period

ORDER = 50
TITLE = "民政工作"


def sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    if kind == "ledger-book" or not ctx.wants("minzheng"):
        return []
    if kind == "plan":
        return [_plan(period, ctx)]
    return [_summary(kind, period, ctx)]


def _pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.0f}%" if whole else "—"


def _in(day: str | None, s: str, e: str) -> bool:
    return bool(day) and s <= day <= e  # type: ignore[operator]


def _paid_at(c: dict[str, Any], asof: str) -> bool:
    """Being paid on *asof*: granted by then, not stopped by then, not a one-off grant."""
    return bool(c.get("granted")) and c["granted"] <= asof and c.get("stage") != "办结" and \
        not (c.get("stopped") and c["stopped"] <= asof)


# -- 总结 (monthly, quarterly, half, annual) -------------------------------------------------------------
def _summary(kind: str, period: "Period", ctx: "ReportContext") -> ReportSection:
    s, e = period.start.isoformat(), period.end.isoformat()
    asof_day = min(period.end, ctx.today)
    asof = asof_day.isoformat()
    noun = ctx.noun
    ytd = ctx.year_to_date
    figures: dict[str, Any] = {}
    paras: list[str] = []
    tables: list[Table] = []

    # （一）社会救助
    cases = ctx.records.list("minzheng.case")
    on_roll = [(rid, c) for rid, c in cases if _paid_at(c, asof)]
    by_program = Counter(c["program"] for _, c in on_roll)
    people = sum(int(c.get("members") or 1) for _, c in on_roll)
    tekun = sum(1 for _, c in on_roll if c.get("tekun"))
    opened = sum(1 for _, c in cases if _in(c.get("opened"), s, e))
    declared = sum(1 for _, c in cases if _in(c.get("declared"), s, e))
    granted = sum(1 for _, c in cases if _in(c.get("granted"), s, e))
    stopped = sum(1 for _, c in cases if _in(c.get("stopped"), s, e))
    spent = {p: ctx.ledger.total(account_of(p), period, direction="out") for p in PROGRAMS}
    spent_ytd = {p: ctx.ledger.total(account_of(p), ytd, direction="out") for p in PROGRAMS}
    total_spent = sum(spent.values(), Decimal(0))
    matching = ctx.ledger.total("支出:民政", period, direction="out", fund="民政配套资金")
    parts = "、".join(f"{p}{n}户" for p, n in sorted(by_program.items(), key=lambda kv: PROGRAMS.index(kv[0])))
    text = (f"（一）社会救助。截至{asof}，在册救助对象{len(on_roll)}户" + (f"（{parts}）" if parts else "")
            + f"，保障{people}人，其中特困户{tekun}户；{noun}受理救助申请{opened}件、申报{declared}件、批准发放{granted}件、"
            f"停发{stopped}件；发放社会救助资金{yuan(total_spent)}元，其中配套资金{yuan(matching)}元。")
    paras.append(text)
    review = _reviews(ctx, cases, s, e, asof_day)
    paras.append(f"年审认定：{noun}完成年审{review['done']}户；截至{asof}逾期未年审{review['overdue']}户，"
                 f"因收入或家庭人口变化待复核{review['reopened']}户（动态管理）。")
    pay = _payments(ctx, period, asof_day)
    orphans = sum(1 for _, o in ctx.records.list("minzheng.orphan")
                  if o["since"] <= month_of(asof_day) and not (o.get("ended") and o["ended"] <= asof))
    op = pay.get(ORPHAN, {"due": 0, "paid": 0, "due_amount": Decimal(0), "paid_amount": Decimal(0)})
    text = (f"孤儿{orphans}名，{noun}应发生活费{op['due']}人次、已发{op['paid']}人次，共{yuan(op['paid_amount'])}元"
            f"（每人每月{yuan(ctx.settings['minzheng.orphan_allowance'])}元，打到卡上）")
    if op["due"] > op["paid"]:
        text += f"，尚有{op['due'] - op['paid']}人次未发"
    paras.append(text + "。")
    disabled = [d for _, d in ctx.records.list("minzheng.disabled")]
    severe = [d for d in disabled if d.get("grade") in SEVERE_GRADES]
    no_income = {d["person"] for d in severe if d.get("no_income")}
    covered = {c["person"] for _, c in on_roll if c["program"] in ("重度残疾人生活补助", "重残救助")} & no_income
    text = (f"登记残疾人{len(disabled)}名，其中重度（一、二级）{len(severe)}名；无生活来源的重度残疾人{len(no_income)}名，"
            f"已纳入重度残疾人生活补助或重残救助{len(covered)}名")
    paras.append(text + (f"，尚有{len(no_income) - len(covered)}名未纳入，须做到应保尽保。" if len(covered) < len(no_income) else "。"))
    disasters = [d for _, d in ctx.records.list("minzheng.disaster") if _in(d.get("occurred"), s, e)]
    if disasters:
        unfinished = sum(1 for d in disasters if not d.get("relieved"))
        relief = sum((Decimal(str(d.get("relief") or 0)) for d in disasters), Decimal(0))
        paras.append(f"{noun}发生灾情{len(disasters)}起，受灾{sum(int(d.get('households') or 0) for d in disasters)}户，"
                     f"救灾款物折款{yuan(relief)}元" + (f"；{unfinished}起尚未完成救灾。" if unfinished else "，均已完成查灾、援灾、救灾。"))
    rows = [[p, by_program.get(p, 0), sum(int(c.get("members") or 1) for _, c in on_roll if c["program"] == p),
             sum(1 for _, c in cases if c["program"] == p and _in(c.get("opened"), s, e)),
             sum(1 for _, c in cases if c["program"] == p and _in(c.get("stopped"), s, e)),
             yuan(spent[p]), yuan(spent_ytd[p])] for p in PROGRAMS
            if by_program.get(p) or spent_ytd[p] or any(c["program"] == p and c["opened"] <= e for _, c in cases)]
    tables.append(Table("社会救助分项目", ["救助项目", "在册户数", "保障人口", "本期受理", "本期停发", "本期发放（元）", "年度累计（元）"],
                        rows, ["合计", len(on_roll), people, opened, stopped, yuan(total_spent),
                               yuan(sum(spent_ytd.values(), Decimal(0)))]))
    figures.update(cases_on_roll=len(on_roll), cases_by_program=dict(by_program), people_covered=people, tekun=tekun,
                   cases_opened=opened, cases_declared=declared, cases_granted=granted, cases_stopped=stopped,
                   relief_paid=yuan(total_spent), matching_paid=yuan(matching), reviews_done=review["done"],
                   reviews_overdue=review["overdue"], reviews_reopened=review["reopened"], orphans=orphans,
                   disabled=len(disabled), severe_disabled=len(severe), severe_no_income=len(no_income),
                   severe_no_income_covered=len(covered), disasters=len(disasters))

    # （二）社会化管理
    orgs = [(rid, o) for rid, o in ctx.records.list("minzheng.org") if o.get("status") != "已注销"]
    year = period.end.year
    checks = {c["org"]: c for _, c in ctx.records.list("minzheng.org_check", year=year) if c["date"] <= e}
    results = Counter(checks[rid]["result"] for rid, _ in orgs if rid in checks)
    unchecked = sum(1 for rid, _ in orgs if rid not in checks)
    paras.append(f"（二）社会化管理。社会组织{len(orgs)}个，{year}年已年检{len(orgs) - unchecked}个"
                 + (f"（{'、'.join(f'{k}{v}个' for k, v in results.items())}）" if results else "") + f"，未年检{unchecked}个。")
    if kind in ("half", "annual"):
        paras.append("“一居一委一站一办”建设、网格化管理和各村监督委员会发挥作用的情况，原文未给考核口径，请在总结中补充。")
    figures.update(orgs=len(orgs), orgs_checked=len(orgs) - unchecked, orgs_unchecked=unchecked)

    # （三）双拥优抚安置
    youfu = [y for _, y in ctx.records.list("minzheng.youfu") if not (y.get("ended") and y["ended"] <= asof)]
    kinds = Counter(k for y in youfu for k in (y.get("kinds") or []))
    received = sum(1 for _, y in ctx.records.list("minzheng.youfu") if _in(y.get("received"), s, e))
    visits = Counter(v["target"] for _, v in ctx.records.list("minzheng.visit", f"date>={s}", f"date<={e}"))
    youfu_people = {y["person"] for y in youfu}
    medical = {c["person"] for _, c in on_roll if c["program"] in ("医疗救助", "大病救助")} & youfu_people
    held = ctx.events.query(type="minzheng.symposium", status="done", period=period)
    symposia = Counter((ev.get("fields") or {}).get("kind") for _, ev in held)
    paras.append(f"（三）双拥优抚安置。在册优抚对象{len(youfu)}名（" + "、".join(f"{k}{kinds.get(k, 0)}名" for k in YOUFU_KINDS)
                 + f"）；{noun}接收安置退役人员{received}名，上门慰问重点优抚对象{visits.get('重点优抚对象', 0)}人次；"
                 f"优抚对象中享受医疗救助或大病救助{len(medical)}名。{noun}召开座谈会{sum(symposia.values())}次"
                 + (f"（{'、'.join(f'{k}{v}次' for k, v in symposia.items())}）" if symposia else "") + "。")
    figures.update(youfu=len(youfu), youfu_by_kind={k: kinds.get(k, 0) for k in YOUFU_KINDS}, veterans_received=received,
                   visits=dict(visits), symposia=sum(symposia.values()))

    # （四）老年人、残疾人事业
    zp = pay.get(ZUNLAOJIN, {"due": 0, "paid": 0, "due_amount": Decimal(0), "paid_amount": Decimal(0)})
    last_month = month_of(asof_day)
    from .payments import changes

    moves = Counter(r["change"] for r in changes(ctx, last_month, (ZUNLAOJIN,))) if period.start <= asof_day else Counter()
    text = (f"（四）老年人、残疾人事业。尊老金：{noun}应发{zp['due']}人次、已发{zp['paid']}人次，共{yuan(zp['paid_amount'])}元；"
            f"{int(last_month[5:])}月比上月新增{moves.get('新增', 0)}人、调整{moves.get('调整', 0)}人、停发{moves.get('停发', 0)}人")
    paras.append(text + (f"，尚有{zp['due'] - zp['paid']}人次未发。" if zp["due"] > zp["paid"] else "。"))
    insured = _insurance(ctx, year, asof_day)
    paras.append(f"{year}年老年人平安保险参保{insured['pingan']}人，占60周岁以上老年人{insured['rate']}（目标60%以上，篇6 L132；"
                 f"分母原文未定义，此处按60周岁以上老年人计）；90岁以上老年人{insured['n90']}名，已办理平安保险{insured['c90']}名；"
                 f"城镇居民医保参保{insured['yibao']}人。")
    figures.update(zunlaojin_due=zp["due"], zunlaojin_paid=zp["paid"], zunlaojin_amount=yuan(zp["paid_amount"]),
                   zunlaojin_changes=dict(moves), pingan_insured=insured["pingan"], pingan_rate=insured["rate"],
                   over90=insured["n90"], over90_insured=insured["c90"], yibao=insured["yibao"])

    # （五）基层政权和社区建设
    inspections = {p: [ev.get("fields") or {} for _, ev in ctx.events.query(type="minzheng.inspection", status="done",
                                                                             period=period, fields={"program": p})]
                   for p in CREATIONS}
    inspections_ytd = {p: len(ctx.events.query(type="minzheng.inspection", status="done", period=ytd, fields={"program": p}))
                       for p in CREATIONS}
    bits = []
    for p in CREATIONS:
        units = sum(int(f.get("units") or 0) for f in inspections[p])
        passed = sum(int(f.get("passed") or 0) for f in inspections[p])
        bits.append(f"{p}检查{noun}{len(inspections[p])}次、年度累计{inspections_ytd[p]}次（一年不少于2次），"
                    f"检查单位{units}个、复查合格{passed}个，合格率{_pct(passed, units)}（目标100%）")
        figures[f"inspections_{CREATIONS.index(p) + 1}"] = {"count": len(inspections[p]), "ytd": inspections_ytd[p],
                                                            "units": units, "passed": passed}
    paras.append("（五）基层政权和社区建设。" + "；".join(bits) + "。")

    # （六）各项活动
    acts = ctx.events.query(type="minzheng.activity", status="done", period=period)
    act_kinds = Counter((ev.get("fields") or {}).get("kind") for _, ev in acts)
    visited = sum(int((ev.get("fields") or {}).get("households") or 0) for _, ev in acts
                  if (ev.get("fields") or {}).get("kind") == "助残日走访慰问")
    gifts = ctx.ledger.entries(period=period, account="收入:捐赠:一日捐")
    gift_total = sum((Decimal(g["amount"]) for _, g in gifts if g["direction"] == "in"), Decimal(0))
    deaths = [f for _, f in ctx.records.list("minzheng.funeral") if _in(f.get("died"), s, e)]
    cremated = sum(1 for f in deaths if f.get("cremated"))
    paras.append(f"（六）各项活动。{noun}开展全国助残日活动{act_kinds.get('助残日走访慰问', 0) + act_kinds.get('助残日趣味活动', 0)}次"
                 f"（走访慰问贫困残疾人{visited}户）、八一建军节纪念活动{act_kinds.get('八一纪念活动', 0)}次、"
                 f"一日捐活动{act_kinds.get('一日捐', 0)}次（捐款{len(gifts)}笔，共{yuan(gift_total)}元）、座谈会{sum(symposia.values())}次；"
                 f"殡改：死亡{len(deaths)}人，火化{cremated}人，火化率{_pct(cremated, len(deaths))}（目标100%，篇16(一) L339）。")
    figures.update(activities=dict(act_kinds), donations=len(gifts), donation_total=yuan(gift_total), deaths=len(deaths),
                   cremated=cremated)

    pay_rows = [[p, v["due"], v["paid"], v["due"] - v["paid"], yuan(v["due_amount"]), yuan(v["paid_amount"])]
                for p, v in pay.items()]
    if pay_rows:
        tables.append(Table("定期发放", ["项目", "应发人次", "已发人次", "未发人次", "应发金额（元）", "已发金额（元）"], pay_rows,
                            ["合计", *(sum(r[i] for r in pay_rows) for i in (1, 2, 3)),
                             yuan(sum((v["due_amount"] for v in pay.values()), Decimal(0))),
                             yuan(sum((v["paid_amount"] for v in pay.values()), Decimal(0)))]))
    events = sorted([(ev["date"], "座谈会", (ev.get("fields") or {}).get("kind"), ev.get("count") or len(ev.get("attendees", [])))
                     for _, ev in held]
                    + [(ev["date"], "活动", (ev.get("fields") or {}).get("kind"), ev.get("count") or len(ev.get("attendees", [])))
                       for _, ev in acts]
                    + [(ev["date"], "创建检查", (ev.get("fields") or {}).get("program"), "")
                       for _, ev in ctx.events.query(type="minzheng.inspection", status="done", period=period)])
    if events:
        tables.append(Table("民政活动", ["日期", "类别", "内容", "人次"], [list(x) for x in events], text_columns=frozenset({0})))
    figures["payments"] = {p: {"due": v["due"], "paid": v["paid"], "amount": yuan(v["paid_amount"])} for p, v in pay.items()}
    return ReportSection(TITLE, order=ORDER, paragraphs=paras, tables=tables, figures=figures)


def _reviews(ctx: "ReportContext", cases: list[tuple[int, dict[str, Any]]], s: str, e: str, asof: date) -> dict[str, int]:
    """年审 done in the period, and overdue / reopened as of *asof* (from the review records, not today's state)."""
    months = ctx.settings["minzheng.review_months"]
    done, last = 0, {}
    for _, r in ctx.records.list("minzheng.review", kind="年审认定"):
        if _in(r["date"], s, e):
            done += 1
        if r["date"] <= asof.isoformat() and r["date"] > last.get(r["case"], ""):
            last[r["case"]] = r["date"]
    overdue = reopened = 0
    for rid, c in cases:
        if not _paid_at(c, asof.isoformat()):
            continue
        base = last.get(rid) or c["granted"]
        if months_later(date.fromisoformat(base), months) < asof:
            overdue += 1
        elif c.get("reopened") and c["reopened"] <= asof.isoformat():
            reopened += 1
    return {"done": done, "overdue": overdue, "reopened": reopened}


def _payments(ctx: "ReportContext", period: "Period", asof: date) -> dict[str, dict[str, Any]]:
    """Per program: payments due and made for the months of *period* up to *asof*."""
    from .payments import month_rows

    out: dict[str, dict[str, Any]] = {}
    for m in period.months():
        if m.start > asof:
            break
        for r in month_rows(ctx, m.label):
            v = out.setdefault(r["program"], {"due": 0, "paid": 0, "due_amount": Decimal(0), "paid_amount": Decimal(0)})
            v["due"] += 1
            v["due_amount"] += Decimal(r["amount"])
            if r["paid"]:
                v["paid"] += 1
                v["paid_amount"] += Decimal(r["amount"])
    return dict(sorted(out.items(), key=lambda kv: MONTHLY.index(kv[0])))


def _insurance(ctx: "ReportContext", year: int, asof: date) -> dict[str, Any]:
    rows = [r for _, r in ctx.records.list("minzheng.insurance", year=year)]
    pingan = {r["person"] for r in rows if r["kind"] == "平安保险"}
    yibao = {r["person"] for r in rows if r["kind"] == "城镇居民医保"}
    # The core's 老年人 and 90岁以上 (60 and 90 周岁 and over): sets the report has already counted.
    elders, over90 = ctx.people.members("老年人", asof), ctx.people.members("90岁以上", asof)
    return {"pingan": len(pingan), "rate": _pct(len(pingan & elders), len(elders)), "n90": len(over90),
            "c90": len(over90 & pingan), "yibao": len(yibao)}


# -- 年度计划 --------------------------------------------------------------------------------------
def _third_sunday_of_may(year: int) -> date:
    first = date(year, 5, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 14)


def _plan(period: "Period", ctx: "ReportContext") -> ReportSection:
    y = period.start.year
    today = ctx.today.isoformat()
    cases = ctx.records.list("minzheng.case")
    on_roll = [(rid, c) for rid, c in cases if _paid_at(c, today)]
    due_by_month: Counter[int] = Counter()
    overdue = 0
    for _, c in on_roll:
        due = c.get("review_due")
        if not due:
            continue
        if due < period.start.isoformat():  # already overdue: to catch up at the start of the year
            overdue += 1
        elif due[:4] == str(y):
            due_by_month[int(due[5:7])] += 1
    from .payments import month_rows

    now = month_rows(ctx, month_of(ctx.today))
    count = Counter(r["program"] for r in now)
    amount = {p: sum((Decimal(r["amount"]) for r in now if r["program"] == p), Decimal(0)) for p in count}
    standard = yuan(ctx.settings["minzheng.orphan_allowance"])
    orgs = sum(1 for _, o in ctx.records.list("minzheng.org") if o.get("status") != "已注销")
    youfu = sum(1 for _, f in ctx.records.list("minzheng.youfu") if not f.get("ended"))
    zhucan = _third_sunday_of_may(y)
    paras = [
        f"（一）社会救助。做好低保、重残救助的动态管理，把物价补贴及时发放到位，认真排查边缘困难群众；遇灾及时查灾、援灾、救灾；"
        f"做好民政对象各种资金的配套发放和各类人员的年审认定工作（篇6 L124）。现有在册救助对象{len(on_roll)}户，"
        f"{y}年年审到期{sum(due_by_month.values())}户（逐月见下表）" + (f"，另有逾期未年审{overdue}户须在年初补做" if overdue else "") + "。"
        f"孤儿{count.get(ORPHAN, 0)}名，每人每月{standard}元，"
        f"全年约{yuan(amount.get(ORPHAN, Decimal(0)) * 12)}元；尊老金现有{count.get(ZUNLAOJIN, 0)}人，"
        f"每月约{yuan(amount.get(ZUNLAOJIN, Decimal(0)))}元，每月及时变更、及时发放。",
        f"（二）社会化管理。巩固“一居一委一站一办”建设成果（原文未定义其内容），开展网格化管理；现有社会组织{orgs}个，"
        f"做好申报和年检工作（篇6 L126）。",
        f"（三）双拥优抚安置。做好退役人员接收安置，落实优抚安置政策，深化双拥宣传（篇6 L128–L130）；现有优抚对象{youfu}名，"
        f"对因病致贫的优抚对象及时重点救助并上门慰问（篇6 L124）。",
        "（四）老年人、残疾人事业。开展敬老月和重阳节尊老爱老活动，为90岁以上老年人发放慰问品、办理平安保险，"
        "平安保险参保率60%以上（篇6 L132）；对无生活来源的重度残疾人做到应保尽保（篇6 L124）。",
        "（五）基层政权和社区建设。组织村（居）委会班子成员业务培训和全国社会工作者职业资格考试；民主管理创建、"
        "村民自治模范创建一年不少于2次检查，复查合格率100%（篇6 L134）。",
        f"（六）各项活动。全国助残日（{zhucan.month}月{zhucan.day}日，五月第三个星期日）走访慰问贫困残疾人、开展一次残疾人趣味活动；"
        "组织一日捐；八一建军节纪念活动；召开退役军人、烈军属、新兵家属、八一重点优抚对象代表和民政、残联基层干部五个座谈会"
        "（篇6 L136–L139）。",
    ]
    rows = []
    for m in range(1, 13):
        items = ["孤儿生活费、尊老金发放"]
        if m == 1 and overdue:
            items.append(f"补做逾期年审{overdue}户")
        if due_by_month.get(m):
            items.append(f"年审到期{due_by_month[m]}户")
        if m == 5:
            items.append(f"全国助残日（{zhucan.month}月{zhucan.day}日）：走访慰问贫困残疾人、残疾人趣味活动")
        if m == 8:
            items.append("八一建军节纪念活动、八一建军节重点优抚对象代表座谈会")
        rows.append([f"{m}月", "；".join(items)])
    rows.append(["全年（原文未给月份）", "民主管理创建、村民自治模范创建检查各不少于2次；社会组织年检；一日捐；"
                 + "、".join(k for k in SYMPOSIA if not k.startswith("八一"))])
    return ReportSection("民政工作安排", order=ORDER, paragraphs=paras,
                         tables=[Table("民政工作月历", ["月份", "工作安排"], rows)],
                         figures={"cases_on_roll": len(on_roll), "reviews_due": {f"{y}-{m:02d}": n for m, n in sorted(due_by_month.items())}, "reviews_overdue": overdue,
                                  "orphans": count.get(ORPHAN, 0), "zunlaojin": count.get(ZUNLAOJIN, 0)})

