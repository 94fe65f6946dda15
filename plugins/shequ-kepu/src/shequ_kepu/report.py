"""科普 report sections, in 篇7's own skeleton (L141–L153):

一、统一思想，明确目标 (words only the office can write: a report note) /
二、注重自身建设，加强宣传力度 (领导小组, 志愿者队伍, 阵地, 宣传载体) /
三、抓主题，突特色，开展丰富多彩的科普活动 (items 1–6 of L148–L153, the 4th carrying
“每月有活动、有小结、有记录”).

Figures come from the data; people appear as counts only (no attendee, volunteer or
group member is named in any report).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shequ import ReportSection, Table

from . import KEJIAO
from .service import MARK_TEXT, MARKS, board_updates, evidence_by_event, gaps, held, month_marks, summaries

if TYPE_CHECKING:
    from shequ.api import ReportContext
    from shequ.periods import Period

ORDER = 44
TITLE = "科普工作"
NOTE = "科普：统一思想，明确目标"
MONTHLY_HEAD = "（一）每月有活动、有小结、有记录（篇7 L151）。"
HEADS = ("（一）统一思想，明确目标。", "（二）注重自身建设，加强宣传力度。", "（三）抓主题，突特色，开展丰富多彩的科普活动。")
ACCOUNTS = (("支出:科普:宣传印制", "宣传印制"), ("支出:科普:竞赛奖品", "竞赛奖品"), ("支出:科普:科普旅游", "科普旅游"))
MONTHS_CN = "一二三四五六七八九十"


def sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    if kind == "ledger-book" or not ctx.wants("kepu"):
        return []  # the 台账 workbook is the core's and takes no plugin sections (API-NOTES.md)
    if kind == "plan":
        return [_plan(period, ctx)]
    return [_summary(kind, period, ctx)]


def _times(e: dict[str, Any]) -> int:
    return int(e.get("count") or len(e.get("attendees") or []))


def _f(e: dict[str, Any], key: str) -> Any:
    return (e.get("fields") or {}).get(key)


def _months(ctx: "ReportContext", period: "Period") -> list[Any]:
    """The triple of every month of *period* that has begun."""
    return [month_marks(ctx, m) for m in period.months() if m.start <= ctx.today]


# -- 月报、季报、半年小结、年终总结 -------------------------------------------------------------------------------
def _summary(kind: str, period: "Period", ctx: "ReportContext") -> ReportSection:
    noun = ctx.noun
    events = held(ctx, period)
    acts = [e for _, e in events]
    evidence = evidence_by_event(ctx)
    times = sum(_times(e) for e in acts)
    paras: list[str] = []
    figures: dict[str, Any] = {"activities": len(acts), "person_times": times}

    if kind == "monthly":
        m = month_marks(ctx, period)
        ytd = _months(ctx, ctx.year_to_date)
        missed = {k: v for k, v in gaps(ytd).items() if v}
        paras.append(MONTHLY_HEAD + _triple_sentence(m))
        paras.append(f"{period.start.year}年1月至{period.start.month}月，" + (
            "缺" + "；缺".join(f"{k}的月份：{'、'.join(v)}" for k, v in missed.items()) + "。" if missed
            else "每月都做到了有活动、有小结、有记录。"))
        figures.update(triple={k: getattr(m, k) for k, _ in MARKS}, year_missing=gaps(ytd))
    else:
        text = ctx.note(NOTE)
        paras.append(HEADS[0] + (text or f"（待填写：shequ report note set {kind} {period.label} {NOTE} 文件）"))

    paras.append(HEADS[1] + _organisation(ctx, period, events, noun, figures))
    paras.append(HEADS[2])
    paras.extend(_lines(ctx, period, events, noun, figures, kind))
    money = _money(ctx, period, noun, figures)
    if money:
        paras.append(money)
    if kind == "monthly":
        found = summaries(ctx).get(period.label)
        if found:
            rid, rec = found[-1]
            body = [p.strip() for p in str(rec["text"]).splitlines() if p.strip()]
            if body and body[0].endswith("小结"):
                body = body[1:]  # the draft's own title line
            paras.append(f"附：本月科普小结（#{rid}，{rec.get('origin') or '手写'}）")
            paras.extend(body)

    rows = [[e["date"], e.get("title", ""), _f(e, "form") or "", _f(e, "festival") or _f(e, "theme") or "", _times(e),
             len(evidence.get(eid, []))] for eid, e in events]
    tables = [Table(f"{noun}科普活动", ["日期", "活动", "形式", "节日或主题", "人次", "记录份数"], rows,
                    ["合计", f"{len(rows)}次", "", "", times, sum(r[5] for r in rows)] if rows else None,
                    text_columns=frozenset({0}))]
    ledger = _months(ctx, ctx.year_to_date if kind == "monthly" else period)
    tables.append(Table("每月有活动、有小结、有记录", ["月份", "活动次数", "有活动", "有小结", "有记录", "说明"],
                        [[m.month, m.activities, MARK_TEXT[m.activity], MARK_TEXT[m.summary], MARK_TEXT[m.record],
                          "；".join(m.why)] for m in ledger], text_columns=frozenset({0})))
    return ReportSection(TITLE, order=ORDER, paragraphs=paras, tables=tables, figures=figures)


def _triple_sentence(m: Any) -> str:
    parts = [x for x in (f"开展科普活动{m.activities}次" if m.activities else "",
                         "已写月小结" if m.summary_id is not None else "",
                         f"留存签到表、照片等记录{m.records}份" if m.records else "") if x]
    if m.complete:
        return "本月做到了有活动、有小结、有记录：" + "，".join(parts) + "。"
    head = "本月尚未做到有活动、有小结、有记录（" + ("缺" + "、".join(m.missing) if m.missing else "本月尚未结束") + "）："
    return head + "，".join(parts) + ("；" if parts else "") + "；".join(m.why) + "。"


def _organisation(ctx: "ReportContext", period: "Period", events: list[tuple[int, dict[str, Any]]], noun: str,
                  figures: dict[str, Any]) -> str:
    on = min(period.end, ctx.today).isoformat()
    group = [r for _, r in ctx.records.list("kepu.group_member")
             if (r.get("start") or "") <= on and (not r.get("end") or r["end"] >= on)]
    leaders = [r for r in group if r.get("role") == "组长"]
    post = ctx.settings["kepu.leader_post"]
    if not group:
        org = "尚未登记科普工作领导小组成员"
    else:
        lead = ("组长由" + post + "担任，牵头总负责" if any(r.get("post") == post for r in leaders)
                else f"组长未由{post}担任（篇7 L145 要求{post}牵头总负责）" if leaders else "未设组长")
        org = f"科普工作领导小组{len(group)}人，{lead}"
    vols = ctx.records.list("kepu.volunteer")
    active = [r for _, r in vols if r["joined"] <= on and (not r.get("left") or r["left"] >= on)]
    joined = [r for _, r in vols if period.start.isoformat() <= r["joined"] <= period.end.isoformat()]
    served = sum(len(_f(e, "volunteers") or []) for _, e in events)
    boards = ctx.records.list("kepu.board")
    updates = board_updates(ctx, period)
    by_item = Counter(u["item"] for _, u in updates)
    venues = ctx.records.list("kepu.venue")
    rooms = {v["name"] for _, v in venues if v["kind"] == "科普活动室"} | {v["place"] for _, v in venues
                                                                        if v["kind"] == "科普活动室" and v.get("place")}
    in_room = sum(1 for _, e in events if e.get("place") in rooms)
    kinds = Counter(b["kind"] for _, b in boards)
    parts = [org,
             f"“科普志愿者服务队伍”在队{len(active)}人" + (f"（{noun}新加入{len(joined)}人）" if joined else "")
             + (f"，{noun}志愿者参加服务{served}人次" if served else ""),
             (f"以科普活动室为主阵地，{noun}在科普活动室开展活动{in_room}次" if rooms else "尚未登记科普活动室"),
             (f"宣传载体{len(boards)}处（" + "、".join(f"{k}{n}处" for k, n in kinds.items()) + "）" if boards
              else "尚未登记宣传载体")
             + (f"，{noun}更新{len(updates)}次（" + "、".join(f"{k}{n}次" for k, n in by_item.items()) + "）" if updates
                else f"，{noun}没有更新记录")]
    figures.update(group=len(group), volunteers=len(active), volunteers_joined=len(joined), volunteer_times=served,
                   boards=len(boards), board_updates=len(updates), in_main_venue=in_room)
    return "；".join(parts) + "。"


def _count(events: list[dict[str, Any]], *forms: str) -> tuple[int, int]:
    hit = [e for e in events if _f(e, "form") in forms]
    return len(hit), sum(_times(e) for e in hit)


def _lines(ctx: "ReportContext", period: "Period", events: list[tuple[int, dict[str, Any]]], noun: str,
           figures: dict[str, Any], kind: str) -> list[str]:
    """Items 1–6 of 篇7 三 (L148–L153) with this period's figures; a monthly report leaves out the empty ones."""
    acts = [e for _, e in events]
    brief = kind == "monthly"
    out = []
    n, t = _count(acts, "科普培训")
    courseware = sum(1 for e in acts if _f(e, "form") == "科普培训" and "远程教育课件" in (_f(e, "materials") or []))
    if n or not brief:
        out.append(f"1. 科普培训：{noun}举办{n}次，参训{t}人次" + (f"，其中利用远程教育课件{courseware}次" if courseware else "") + "。")
    themed = [e for e in acts if _f(e, "theme")]
    themes = Counter(_f(e, "theme") for e in themed)
    if themed or not brief:
        out.append(f"2. 主题活动：{noun}围绕主题开展活动{len(themed)}次" + (
            "（" + "；".join(f"“{k}”{v}次" for k, v in themes.most_common()) + "）" if themes else "") + "。")
    yard, yard_t = _count(acts, "进院落宣传讲解")
    door, door_t = _count(acts, "入户分发资料")
    copies = sum(int(_f(e, "copies") or 0) for e in acts)
    homes = sum(int(_f(e, "households") or 0) for e in acts)
    if yard or door or not brief:
        out.append(f"3. 科普志愿者进院落、进家庭：进院落宣传讲解{yard}次（{yard_t}人次），入户分发资料{door}次"
                   + (f"，入户{homes}户" if homes else "") + "。")
    fests = Counter(_f(e, "festival") for e in acts if _f(e, "festival"))
    line4 = f"4. 以节日、活动为载体：{noun}共开展科普活动{len(acts)}次，参与居民{sum(_times(e) for e in acts)}人次" + (
        "，发放资料" + str(copies) + "份" if copies else "") + (
        "；结合" + "、".join(f"{k}{v}次" for k, v in fests.items()) if fests else "") + "。"
    if not brief:
        marks = _months(ctx, period)
        full = sum(1 for m in marks if m.complete)
        running = [m.title for m in marks if not m.complete and not m.missing]
        missed = gaps(marks)
        line4 += (f"“每月有活动、有小结、有记录”：{len(marks)}个月中{full}个月三项齐全"
                  + (f"（{'、'.join(running)}尚未结束）" if running else "")
                  + "".join(f"；缺{k}：{'、'.join(v)}" for k, v in missed.items() if v) + "。")
        figures.update(months_complete=full, months=len(marks), missing=missed)
    out.append(line4)
    kj = [(form, *_count(acts, form)) for form in KEJIAO]
    if any(k for _, k, _ in kj) or not brief:
        out.append("5. 科教进社区：" + "，".join(f"{form}{k}次（{t}人次）" for form, k, t in kj if k or not brief) + "。")
    ac, ac_t = _count(acts, "反邪教宣传")
    media = Counter(m for e in acts if _f(e, "form") == "反邪教宣传" for m in (_f(e, "materials") or []))
    culture, _ = _count(acts, "文化活动")
    if ac or culture or not brief:
        out.append(f"6. 反对邪教、崇尚科学：反邪教宣传{ac}次（{ac_t}人次）" + (
            "，载体" + "、".join(media) if media else "") + (f"；文化活动{culture}次" if culture else "") + "。")
    figures.update(training=n, yard_visits=yard, door_to_door=door, copies=copies, households=homes,
                   kejiao={form: k for form, k, _ in kj}, anti_cult=ac, festivals=dict(fests))
    return out


def _money(ctx: "ReportContext", period: "Period", noun: str, figures: dict[str, Any]) -> str | None:
    spent = [(label, ctx.ledger.total(path, period, direction="out")) for path, label in ACCOUNTS]
    total = sum((v for _, v in spent), Decimal(0))
    figures["spent"] = f"{total:.2f}"
    if not total:
        return None
    return f"{noun}科普经费支出{total:.2f}元（" + "、".join(f"{k}{v:.2f}元" for k, v in spent if v) + "）。"


# -- 年度工作计划 -------------------------------------------------------------------------------------------------
def _plan(period: "Period", ctx: "ReportContext") -> ReportSection:
    duties = ctx.duties.all()

    def on(did: str) -> bool:
        return bool(duties.get(did, {}).get("enabled", True)) and did in duties

    settings = ctx.settings
    winter = _months_of(settings["calendar.winter_vacation"])
    summer = _months_of(settings["calendar.summer_vacation"])
    rows = []
    for m in range(1, 13):
        items = ["开展科普活动，做到有活动、有小结、有记录"]
        for months, name, key in ((winter, "寒假", "winter"), (summer, "暑假", "summer")):
            if m in months:
                if on(f"kepu.computer_{key}"):
                    items.append(f"青少年{name}电脑培训")
                if on(f"kepu.youth_{key}"):
                    items.append(f"{name}青少年科普教育活动")
        if m == 5 and on("kepu.festival_kejizhou"):
            items.append("科技活动周科普宣传（日期以当年通知为准）")
        if m == 9 and on("kepu.festival_kepuri"):
            items.append("全国科普日科普宣传（日期以当年通知为准）")
        rows.append([f"{MONTHS_CN[m - 1] if m <= 10 else '十' + MONTHS_CN[m - 11]}月份", "；".join(items)])
    per = {"month": "每月", "quarter": "每季度", "half": "每半年", "year": "全年"}
    regular = [f"{d['title']}{per.get(d.get('per', ''), '')}不少于{d.get('min', 1):g}次"
               for did, d in sorted(duties.items()) if did.startswith("kepu.") and on(did) and d.get("kind") == "quota"
               and did != "kepu.monthly_activity"]
    note = ctx.note(NOTE)
    paras = [HEADS[0] + (note or f"（待填写：shequ report note set plan {period.label} {NOTE} 文件）"),
             HEADS[1] + f"完善科普工作领导小组，以{settings['kepu.leader_post']}牵头总负责、社区其他干部共同参与；充实壮大"
             "“科普志愿者服务队伍”；以科普活动室为主阵地，以科普宣传栏、文化画廊、院落张贴栏、基层信息公开平台为宣传载体，"
             "张贴宣传海报、架设横幅、发布科普活动信息（篇7 L145–L146）。",
             HEADS[2] + f"年度主题：“{settings['kepu.theme']}”（篇7 L149，可在设置 kepu.theme 中修改）。",
             "定期工作：" + ("；".join(regular) if regular else "—") + "（次数为本社区的设置，原文未给）。"]
    return ReportSection(TITLE, order=ORDER, paragraphs=paras,
                         tables=[Table("科普工作月度安排", ["月份", "工作安排"], rows)], figures={"months": 12})


def _months_of(window: Any) -> set[int]:
    (m1, d1), (m2, d2) = window
    out, m = {m1}, m1
    while m != m2:
        m = m % 12 + 1
        out.add(m)
    return out
