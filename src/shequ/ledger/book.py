"""The 台账 archive: every register of a period in one xlsx workbook (“整理有关资料并存档”)."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from shequ.periods import Period
from shequ.store import Session

#: The 收支明细 sheet: 编号 is the entry's id (``ledger show/void 编号``); a void entry keeps its
#: row but its amount moves to 作废金额, so that Excel's SUM of 金额 agrees with the 财务公开 sheet.
REGISTER_HEADERS = ["序号", "编号", "日期", "收支", "金额", "作废金额", "科目", "资金", "收付款人", "凭证号", "摘要", "备注"]


def register_sheet(register: Sequence[tuple[Any, dict[str, Any]]], payee: Callable[[dict[str, Any]], str], title: str,
                   extra: Sequence[tuple[str, str]] = ()) -> Any:
    """The 收支明细 sheet of *register* (``(id, entry)`` in order); *extra* are plugin fields ``(name, title)``."""
    from decimal import Decimal

    from shequ.common.xlsx import Sheet, as_date
    from shequ.ledger.entries import money

    rows = []
    for n, (key, e) in enumerate(register, start=1):
        amount, void = Decimal(money(Decimal(e["amount"]))), bool(e.get("void"))
        rows.append([n, str(key), as_date(e["date"]) or e["date"], "收入" if e["direction"] == "in" else "支出",
                     None if void else amount, amount if void else None, e["account"], e.get("fund") or "", payee(e),
                     e.get("voucher") or "", e.get("memo") or "", "作废：" + (e.get("void_reason") or "") if void else "",
                     *(e.get(k, "") for k, _ in extra)])
    return Sheet("收支明细", [*REGISTER_HEADERS, *(h for _, h in extra)], rows, title=title, text_columns=frozenset({1, 9}))


def build_book(a: Any, session: Session, span: Period, domains: list[str]) -> bytes:
    from shequ.calendar.events import all_events, domain_label, evidence_name
    from shequ.ledger.entries import entries
    from shequ.common.output import mask_id_card, mask_phone
    from shequ.people.register import categories, register
    from shequ.records.records import ref_label
    from shequ.checklists.status import all_results
    from shequ.common.xlsx import Sheet, as_date, write_xlsx

    unit = session.view("meta").get("meta", {}).get("1", {}).get("name") or ""
    s, t = span.start.isoformat(), span.end.isoformat()
    sheets = []
    evs = sorted(((int(k), e) for k, e in all_events(session).items()
                  if s <= e["date"] <= t and (not domains or e.get("domain") in domains)),
                 key=lambda kv: (kv[1]["date"], kv[0]))
    status = {"planned": "计划", "done": "已开展", "cancelled": "已取消"}
    sheets.append(Sheet("活动台账", ["序号", "日期", "时间", "条线", "活动", "地点", "状态", "人次", "参加人员", "小结", "佐证"],
                        [[n, as_date(e["date"]), e.get("time") or "", domain_label(e.get("domain")) or "综合", e.get("title", ""),
                          e.get("place") or "", status.get(e.get("status", ""), ""), e.get("count") or "",
                          "、".join(ref_label(session, "person", p).split(" (#")[0] for p in e.get("attendees", [])),
                          e.get("summary") or "", "、".join(map(evidence_name, e.get("evidence", [])))]
                         for n, (_, e) in enumerate(evs, start=1)],
                        title=f"{unit}活动台账（{span.title}）", text_columns=frozenset({2})))
    meetings = [(k, e) for k, e in evs if "会" in e.get("title", "") or (e.get("fields") or {}).get("form") == "会议"]
    sheets.append(Sheet("会议记录", ["序号", "日期", "会议", "地点", "人次", "内容"],
                        [[n, as_date(e["date"]), e.get("title", ""), e.get("place") or "", e.get("count") or "", e.get("summary") or ""]
                         for n, (_, e) in enumerate(meetings, start=1)],
                        title=f"{unit}会议记录（{span.title}）"))
    on = min(span.end, a.today)
    cats = categories(a.pm)
    reg = register(session, on, cats)
    for name in ("老年人", "高龄", "90岁以上", "空巢老人", "独居老人", "育龄妇女", "0-3岁", "流动人口"):
        if name not in cats:
            continue
        chosen = reg.views(sorted(reg.members(name)))
        chosen.sort(key=lambda v: (v.get("name_py", ""), v.id))
        sheets.append(Sheet(f"名单-{name}", ["序号", "姓名", "性别", "年龄", "身份证号", "联系电话", "住址", "户号"],
                            [[n, v.get("name"), v.get("gender") or "", v.age if v.age is not None else "",
                              mask_id_card(v.get("id_card")) or "", mask_phone(v.get("phone")) or "",
                              v.get("address") or "", v.get("household") or ""] for n, v in enumerate(chosen, start=1)],
                            title=f"{unit}{name}名单（{on.isoformat()}，已脱敏）", text_columns=frozenset({4, 5, 7})))
    led = sorted(((int(k), e) for k, e in entries(session).items() if s <= e["date"] <= t), key=lambda kv: (kv[1]["date"], kv[0]))
    from shequ.ledger.accounts import accounts, sensitive

    acc = accounts(a.pm, session)  # the workbook is handed in: sensitive payees are never in it
    sheets.append(register_sheet(led, lambda e: ("（已隐去）" if e.get("payee_name") else "") if sensitive(acc, e["account"])
                                 else e.get("payee_name") or "", f"{unit}收支明细（{span.title}）"))
    results = all_results(a.pm, a.registry, session, span, a.today, a.home.path)
    rows = []
    states = {"met": "已达标", "unmet": "未达标", "pending": "未到期", "ticked": "已完成", "open": "未完成", "na": "不适用",
              "override": "人工认定"}
    for r in results:
        for i in r.items:
            rows.append([len(rows) + 1, r.title, r.period, i.text, states[i.state], "；".join(i.evidence), i.why])
    sheets.append(Sheet("清单与佐证", ["序号", "清单", "期间", "项目", "状态", "佐证", "依据"], rows,
                        title=f"{unit}创建与台账清单（{span.title}）", text_columns=frozenset({2})))
    return write_xlsx(sheets)
