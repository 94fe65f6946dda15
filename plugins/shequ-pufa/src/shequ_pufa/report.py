"""普法 report sections: theme and activities, disputes, 帮教 (counts only), 民主法治示范社区, 普法经费."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from shequ import ReportSection, Table

if TYPE_CHECKING:
    from shequ.api import ReportContext
    from shequ.periods import Period


def sections(kind: str, period: "Period", ctx: "ReportContext") -> list[ReportSection]:
    if kind in ("ledger-book", "plan") or not ctx.wants("pufa"):
        return []
    acts = [e for _, e in ctx.events.query(type="pufa.activity", status="done", period=period)]
    paras = []
    if kind == "monthly":
        from .service import themes

        t = themes(ctx)[period.start.month]
        paras.append(f"本月普法主题：{t['law']}。" if t["law"] else "本月无普法主题（原文未给）。")
    paras.append(_activities(acts, ctx.noun))
    disputes = _disputes(ctx, period)
    paras.append(disputes.pop("text"))
    bangjiao = _bangjiao(ctx, period)
    paras.append(bangjiao.pop("text"))  # restricted data: counts only, never a name
    money = _fund(ctx, period)
    if money:
        paras.append(money)
    result = ctx.checklists.result("pufa.minzhu_fazhi", str(period.start.year))
    if result is not None:
        done, applicable, na = result.counts()  # 不适用 items are neither done nor missing
        paras.append(f"民主法治示范社区创建：{done}/{applicable}项已达标" + (f"（不适用{na}项）" if na else "") + "。")
    rows = [[x["date"], x.get("title", ""), _f(x, "law"), _f(x, "form"), x.get("count") or "", _f(x, "materials")]
            for x in acts]
    return [ReportSection("普法工作", order=36, paragraphs=paras,
                          tables=[Table("普法宣传活动", ["日期", "活动", "法律或主题", "形式", "人次", "资料份数"], rows,
                                        text_columns=frozenset({0}))],
                          figures={"activities": len(acts), "person_times": sum(int(e.get("count") or 0) for e in acts),
                                   "materials": sum(int(_f(e, "materials") or 0) for e in acts), **disputes, **bangjiao},
                          labels=LABELS)]


#: The figures' names in the 街道 roll-up (``shequ rollup report``).
LABELS = {"activities": "普法宣传活动（次）", "person_times": "参与人次", "materials": "发放资料（份）",
          "disputes_screened": "矛盾纠纷排查（次）", "disputes_closed": "结案纠纷（件）", "mediation_success": "调解成功（件）",
          "bangjiao": "帮教对象（人）", "contacts": "帮教联系（次）"}


def _f(event: dict[str, Any], key: str) -> Any:
    return (event.get("fields") or {}).get(key) or ""


def _activities(acts: list[dict[str, Any]], noun: str) -> str:
    times = sum(int(e.get("count") or 0) for e in acts)
    materials = sum(int(_f(e, "materials") or 0) for e in acts)
    audiences = Counter(a for e in acts for a in (e.get("fields") or {}).get("audience", []))
    return (f"{noun}开展普法宣传活动{len(acts)}次，参与居民{times}人次，发放宣传资料{materials}份"
            + (f"，对象包括{'、'.join(a for a, _ in audiences.most_common())}" if audiences else "") + "。")


def _disputes(ctx: "ReportContext", period: "Period") -> dict[str, Any]:
    s, e = period.start.isoformat(), period.end.isoformat()
    screened = ctx.records.list("pufa.dispute", f"screened>={s}", f"screened<={e}")
    closed = [d for _, d in ctx.records.list("pufa.dispute", f"closed>={s}", f"closed<={e}")]
    success = sum(1 for d in closed if d.get("outcome") == "调解成功")
    rate = f"{success / len(closed) * 100:.0f}%" if closed else "—"
    return {"text": f"{ctx.noun}排查矛盾纠纷{len(screened)}起，调处结案{len(closed)}起，其中调解成功{success}起（成功率{rate}）。",
            "disputes_screened": len(screened), "disputes_closed": len(closed), "mediation_success": success}


def _bangjiao(ctx: "ReportContext", period: "Period") -> dict[str, Any]:
    s, e = period.start.isoformat(), period.end.isoformat()
    active = [b for _, b in ctx.records.list("pufa.bangjiao", f"start<={e}") if not b.get("end") or b["end"] >= s]
    contacts = ctx.records.list("pufa.contact", f"date>={s}", f"date<={e}")
    return {"text": f"在册安置帮教对象{len(active)}人，{ctx.noun}开展帮教{len(contacts)}次。",
            "bangjiao": len(active), "contacts": len(contacts)}


def _fund(ctx: "ReportContext", period: "Period") -> str | None:
    fund = ctx.ledger.funds().get("普法经费")
    if not fund:
        return None
    spent = ctx.ledger.total(period=period, direction="out", fund="普法经费")
    budget = sum((b for a in fund["accounts"] if (b := ctx.ledger.budget(a, period.start.year)) is not None), start=spent * 0)
    return (f"{ctx.noun}普法经费支出{spent:.2f}元" + (f"（年度预算{budget:.2f}元）" if budget else "")
            + f"，余额{ctx.ledger.fund_balance('普法经费'):.2f}元，专款专用。")
