"""普法 report sections: theme and activities, disputes, 帮教 (counts only), 民主法治示范社区, 普法经费."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from shequ import ReportSection


def sections(kind: str, period: Any, ctx: Any) -> list[ReportSection]:
    if kind in ("ledger-book", "plan") or (ctx.domains and "pufa" not in ctx.domains):
        return []
    from shequ.reports import Table

    from .service import themes

    rctx = ctx.app.context(ctx.session)
    acts = [e for _, e in ctx.events_in(period) if e.get("type") == "pufa.activity"]
    times = sum(int(e.get("count") or 0) for e in acts)
    materials = sum(int((e.get("fields") or {}).get("materials") or 0) for e in acts)
    audiences = Counter(a for e in acts for a in (e.get("fields") or {}).get("audience", []))
    paras = []
    if kind == "monthly":
        t = themes(rctx)[period.start.month]
        paras.append(f"本月普法主题：{t['law']}。" if t["law"] else "本月无普法主题（原文未给）。")
    noun = {"monthly": "本月", "quarterly": "本季度", "annual": "全年"}.get(kind, "本期")
    paras.append(f"{noun}开展普法宣传活动{len(acts)}次，参与居民{times}人次，发放宣传资料{materials}份"
                 + (f"，对象包括{'、'.join(a for a, _ in audiences.most_common())}" if audiences else "") + "。")
    s, e = period.start.isoformat(), period.end.isoformat()
    disputes = [d for _, d in rctx.list("pufa.dispute")]
    screened = [d for d in disputes if s <= d["screened"] <= e]
    closed = [d for d in disputes if d.get("closed") and s <= d["closed"] <= e]
    success = sum(1 for d in closed if d.get("outcome") == "调解成功")
    rate = f"{success / len(closed) * 100:.0f}%" if closed else "—"
    paras.append(f"{noun}排查矛盾纠纷{len(screened)}起，调处结案{len(closed)}起，其中调解成功{success}起（成功率{rate}）。")
    active = [b for _, b in rctx.list("pufa.bangjiao") if b["start"] <= e and (not b.get("end") or b["end"] >= s)]
    contacts = [c for _, c in rctx.list("pufa.contact") if s <= c["date"] <= e]
    # Restricted data: counts only, never a name.
    paras.append(f"在册安置帮教对象{len(active)}人，{noun}开展帮教{len(contacts)}次。")
    from shequ.ledger import funds, money

    fund = funds(ctx.pm, ctx.session).get("普法经费")
    if fund:
        from shequ.ledger import budgets_for, dated, entry_columns, fund_balance

        _, c = entry_columns(ctx.session, ("date", "void", "fund", "direction", "amount"))
        spent = sum((Decimal(c["amount"][i]) for i in dated(c["date"], s, e)
                     if not c["void"][i] and c["fund"][i] == "普法经费" and c["direction"][i] == "out"), Decimal(0))
        budget = sum((v for k, v in budgets_for(ctx.session, period.start.year).items()
                      if any(k == a or k.startswith(a + ":") for a in fund["accounts"])), Decimal(0))
        paras.append(f"{noun}普法经费支出{money(spent)}元" + (f"（年度预算{money(budget)}元）" if budget else "")
                     + f"，余额{money(fund_balance(ctx.session, '普法经费'))}元，专款专用。")
    from shequ.services.checklist_status import all_results
    from shequ.periods import year_period

    for r in all_results(ctx.pm, ctx.registry, ctx.session, year_period(period.start.year), ctx.today, ctx.app.home.path):
        if r.template == "pufa.minzhu_fazhi":
            done = sum(1 for i in r.items if i.state in ("met", "ticked", "na", "override"))
            paras.append(f"民主法治示范社区创建：{done}/{len(r.items)}项已达标。")
            break
    rows = [[x["date"], x.get("title", ""), (x.get("fields") or {}).get("law") or "", (x.get("fields") or {}).get("form") or "",
             x.get("count") or "", (x.get("fields") or {}).get("materials") or ""] for x in acts]
    return [ReportSection("普法工作", order=36, paragraphs=paras,
                          tables=[Table("普法宣传活动", ["日期", "活动", "法律或主题", "形式", "人次", "资料份数"], rows,
                                        text_columns=frozenset({0}))],
                          figures={"activities": len(acts), "person_times": times, "materials": materials,
                                   "disputes_screened": len(screened), "disputes_closed": len(closed),
                                   "mediation_success": success, "bangjiao": len(active), "contacts": len(contacts)})]
