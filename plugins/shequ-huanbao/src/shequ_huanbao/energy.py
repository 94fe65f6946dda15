"""The office's monthly electricity and water: use per month, 环比, 同比, and the goal “降低办公室用能总量”
(篇15 L304).  Pure functions over the stored readings, so the command and the report say the same.

A month's use is what was entered, or — when only meter readings were entered — this month's reading
minus last month's.  A month with no reading leaves holes, and the notes say which figures they make
unknowable (that month's 环比 and the next one's, its 同比, a complete year's total), instead of
guessing.  Electricity and water are never added together: a combined 用能总量 would need conversion
factors to 标准煤, an external standard the source does not give.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

#: (use field, meter field, name, unit)
RESOURCES = (("electricity", "meter_e", "用电", "千瓦时"), ("water", "meter_w", "用水", "立方米"))
BAR_WIDTH = 20


def shift(month: str, delta: int) -> str:
    y, m = int(month[:4]), int(month[5:7])
    i = y * 12 + m - 1 + delta
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def month_name(month: str, year: bool = False) -> str:
    return (f"{int(month[:4])}年" if year else "") + f"{int(month[5:7])}月"


class Use(NamedTuple):
    value: Decimal | None
    how: str  # entered | meter | ""


class Row(NamedTuple):
    month: str
    values: dict[str, Decimal | None]  # resource → use
    mom: dict[str, Decimal | None]  # 环比 (%)
    yoy: dict[str, Decimal | None]  # 同比 (%)
    how: dict[str, str]


class Trend(NamedTuple):
    rows: list[Row]
    notes: list[str]
    summary: dict[str, dict[str, Any]]  # resource → total, months, last_total, common, change, met, peak


def readings(records: list[tuple[int, dict[str, Any]]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """month → reading; a month entered twice keeps the later record and says so."""
    by_month: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for rid, r in records:
        by_month.setdefault(r["month"], []).append((rid, r))
    out, notes = {}, []
    for month, found in sorted(by_month.items()):
        out[month] = found[-1][1]
        if len(found) > 1:
            ids = "、".join(f"#{rid}" for rid, _ in found)
            notes.append(f"{month_name(month, True)}有 {len(found)} 条读数（{ids}），按最后一条（#{found[-1][0]}）计算；请删除多余的")
    return out, notes


def tenth(value: Decimal) -> Decimal:
    """One decimal, rounded half up (四舍五入) as offices round percentages."""
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def pct(value: Decimal | None, base: Decimal | None) -> Decimal | None:
    if value is None or base is None or base == 0:
        return None
    return tenth((value - base) / base * 100)


def signed(p: Decimal | None) -> str:
    if p is None:
        return "—"
    return f"+{p}%" if p > 0 else f"{p}%"


def uses(data: dict[str, dict[str, Any]], use_key: str, meter_key: str) -> dict[str, Use]:
    out: dict[str, Use] = {}
    for month, r in data.items():
        if r.get(use_key) is not None:
            out[month] = Use(Decimal(r[use_key]), "entered")
            continue
        prev = data.get(shift(month, -1))
        if r.get(meter_key) is not None and not r.get("replaced") and prev and prev.get(meter_key) is not None:
            out[month] = Use(Decimal(r[meter_key]) - Decimal(prev[meter_key]), "meter")
        else:
            out[month] = Use(None, "")
    return out


def trend(records: list[tuple[int, dict[str, Any]]], months: list[str], *, upto: str,
          target: Decimal = Decimal(0)) -> Trend:
    """The trend over *months* (``YYYY-MM``, in order), counting only months up to *upto* (this month)."""
    data, notes = readings(records)
    months = [m for m in months if m <= upto]
    series = {res: uses(data, res, meter) for res, meter, _, _ in RESOURCES}
    rows = []
    for m in months:
        values = {res: series[res].get(m, Use(None, "")).value for res, *_ in RESOURCES}
        mom = {res: pct(values[res], series[res].get(shift(m, -1), Use(None, "")).value) for res, *_ in RESOURCES}
        yoy = {res: pct(values[res], series[res].get(shift(m, -12), Use(None, "")).value) for res, *_ in RESOURCES}
        rows.append(Row(m, values, mom, yoy, {res: series[res].get(m, Use(None, "")).how for res, *_ in RESOURCES}))
    missing = [m for m in months if m not in data]
    if missing:
        names = "、".join(month_name(m) for m in missing)
        notes.append(f"缺{names}的读数：这些月份的用量、环比、同比都无法计算，其后一个月的环比也无法计算")
    summary = {}
    for res, meter, name, unit in RESOURCES:
        notes.extend(_meter_notes(data, series[res], months, meter, name, unit))
        summary[res] = _summary(series[res], months, name, unit, target, notes)
    return Trend(rows, notes, summary)


def _meter_notes(data: dict[str, dict[str, Any]], series: dict[str, Use], months: list[str], meter: str, name: str,
                 unit: str) -> list[str]:
    """What meter readings can still say across a gap, and where the entered use disagrees with them."""
    out = []
    for m in months:
        r = data.get(m)
        if not r or r.get(meter) is None or r.get("replaced"):
            continue
        prev = data.get(shift(m, -1))
        if prev is not None and prev.get(meter) is not None:
            diff = Decimal(r[meter]) - Decimal(prev[meter])
            if series[m].how == "entered" and series[m].value != diff:
                out.append(f"{month_name(m)}{name}量 {series[m].value} 与读数之差 {diff} 不一致（按填写的{name}量计算；"
                           "如电表有倍率，这是正常的）")
            continue
        if series[m].value is not None:
            continue
        earlier = [k for k in data if k < m and data[k].get(meter) is not None]
        if earlier:
            k = max(earlier)
            if not any(data[j].get("replaced") for j in data if k < j <= m):
                total = Decimal(r[meter]) - Decimal(data[k][meter])
                out.append(f"{month_name(shift(k, 1))}至{month_name(m)}{name}合计 {total} {unit}（由读数相减得出；"
                           "中间缺读数，无法分到各月）")
    return out


def _summary(series: dict[str, Use], months: list[str], name: str, unit: str, target: Decimal,
             notes: list[str]) -> dict[str, Any]:
    known = {m: series[m].value for m in months if m in series and series[m].value is not None}
    total = sum(known.values(), Decimal(0))
    last = {m: series[shift(m, -12)].value for m in known
            if shift(m, -12) in series and series[shift(m, -12)].value is not None}
    common_now = sum((known[m] for m in last), Decimal(0))
    common_last = sum(last.values(), Decimal(0))
    change = pct(common_now, common_last) if last else None
    met = None if change is None else change <= -target and (target > 0 or change < 0)
    peak = max(known, key=lambda m: known[m]) if known else None
    out: dict[str, Any] = {"name": name, "unit": unit, "total": total, "months": len(known), "of": len(months),
                           "common_months": len(last), "last_total": common_last if last else None,
                           "this_total_common": common_now if last else None, "change": change, "met": met,
                           "peak": peak, "peak_value": known.get(peak) if peak else None}
    if known and not last:
        notes.append(f"没有上年同月的{name}数据，无法计算同比，也无法判断是否“降低办公室用能总量”")
    return out


def goal_sentence(s: dict[str, Any], target: Decimal) -> str:
    """One sentence for a resource: the total, the comparison with last year, and the goal."""
    name, unit = s["name"], s["unit"]
    if not s["months"]:
        return f"{name}：没有读数。"
    text = f"{name}{s['total']}{unit}（{s['months']}个月有数据" + ("" if s["months"] == s["of"] else f"，共{s['of']}个月") + "）"
    if s["change"] is None:
        return text + "，无上年同期数据可比。"
    word = "下降" if s["change"] < 0 else "上升" if s["change"] > 0 else "持平"
    goal = f"比上年同期降低{target}%以上" if target > 0 else "降低办公室用能总量"
    verdict = "达成" if s["met"] else "未达成"
    same = "" if s["common_months"] == s["months"] else f"（只比较两年都有数据的{s['common_months']}个月）"
    return (text + f"，比上年同期{s['last_total']}{unit}{word}{abs(s['change'])}%{same}，“{goal}”{verdict}。")


def bar(value: Decimal | None, top: Decimal | None) -> str:
    if value is None:
        return "（缺）"
    if not top or value <= 0:
        return ""
    return "█" * max(1, int((value / top * BAR_WIDTH).to_integral_value()))


def versus(data: Trend, month: str, res: str) -> tuple[str, str]:
    """(环比, 同比) of *month* as sentences that say why a figure is missing.  *data* must hold
    the month, the month before and the same month a year before."""
    rows = {r.month: r for r in data.rows}
    row = rows.get(month)
    out = []
    for label, other in (("环比", shift(month, -1)), ("同比", shift(month, -12))):
        p = (row.mom if label == "环比" else row.yoy).get(res) if row else None
        base = rows[other].values.get(res) if other in rows else None
        if p is not None:
            out.append(f"{label}{signed(p)}")
        elif row is None or row.values.get(res) is None:
            out.append(f"{label}无法计算（本月无数据）")
        elif base is None:
            out.append(f"{label}无法计算（{month_name(other, True)}无数据）")
        else:
            out.append(f"{label}无法计算（{month_name(other, True)}为0）")
    return out[0], out[1]
