"""党建 rules as data: the membership stages, the 党费 table, volunteer stars.

Pure functions, no store access, so they are easy to test and to adjust.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # decimal loads only when dues are computed: this module loads on every start-up
    from decimal import Decimal

#: The development pipeline.  The source (篇16(一) L325, 篇18 L455) names 入党积极分子 →
#: 预备党员 → 转正; 入党申请人 and 发展对象 are standard procedure, not in the source.
STAGES = ("入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员")
NOT_IN_SOURCE = {"入党申请人", "发展对象"}
EXITS = ("退党", "除名", "取消预备党员资格")
STATUSES = STAGES + EXITS
ACTIVE = ("预备党员", "正式党员")
STAGE_DATE = {"入党申请人": "applied", "入党积极分子": "activist", "发展对象": "candidate",
              "预备党员": "admitted", "正式党员": "full"}
MGMT = ("驻地", "流动", "老弱病残行动不便", "在职党员报到")
MEETING_KINDS = ("支委会", "支部党员大会", "党小组会", "党课", "民主生活会", "组织生活会", "民主评议",
                 "党建联席会议", "专题会议", "主题党日")
#: 组织生活 for the 6-month rule (篇18 L460): every meeting kind above counts.
ORG_LIFE = MEETING_KINDS

# 党费 (external: 中组部《关于中国共产党党费收缴、使用和管理的规定》, 2008).  Monthly rates
# on income after tax; fixed monthly amounts for those without a salary.  Edit here if
# the rules change.
# Amounts are strings here and Decimals in use.
DUES_BANDS = {
    "在职": [("3000", "0.005"), ("5000", "0.01"), ("10000", "0.015"), (None, "0.02")],
    "离退休": [("5000", "0.005"), (None, "0.01")],
}
DUES_FIXED = {"学生": "0.20", "下岗失业": "0.20", "抚恤救济": "0.20", "低保": "0.20"}
FARMER_RANGE = ("0.20", "1.00")
DUES_KINDS = tuple(DUES_BANDS) + ("农民",) + tuple(DUES_FIXED)

#: Volunteer points → stars (篇18 L468 says 一星至五星 by accumulated points; the thresholds
#: are not in the source, so these are defaults to adjust).
STAR_THRESHOLDS = (0, 20, 40, 60, 80)


def next_stage(status: str) -> str | None:
    if status not in STAGES:
        return None
    i = STAGES.index(status)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def monthly_dues(kind: str, income: Decimal | None = None, farmer_amount: Decimal | None = None) -> Decimal:
    """The monthly 党费 for a member, exact to the fen."""
    from decimal import ROUND_HALF_UP, Decimal

    if kind in DUES_BANDS:
        if income is None or income < 0:
            raise ValueError("在职和离退休党员需要月收入（税后）")
        for limit, rate in DUES_BANDS[kind]:
            if limit is None or income <= Decimal(limit):
                return (income * Decimal(rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if kind in DUES_FIXED:
        return Decimal(DUES_FIXED[kind])
    if kind == "农民":
        low, high = Decimal(FARMER_RANGE[0]), Decimal(FARMER_RANGE[1])
        amount = farmer_amount if farmer_amount is not None else low
        if not low <= amount <= high:
            raise ValueError(f"农民党员每月交纳 {low}–{high} 元")
        return amount.quantize(Decimal("0.01"))
    raise ValueError(f"未知的党费类别：{kind}（可用：{'、'.join(DUES_KINDS)}）")


def add_year(d: date, years: int = 1) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def stars(points: int, thresholds: tuple[int, ...] = STAR_THRESHOLDS) -> int:
    return max(i + 1 for i, t in enumerate(thresholds) if points >= t)


def months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month - (1 if b.day < a.day else 0)
