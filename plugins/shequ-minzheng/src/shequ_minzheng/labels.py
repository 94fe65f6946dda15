"""民政 labels as data: the lists the source names, each with its citation (篇6 = ``seeds/000_…txt`` L121–139;
篇16(一) L335–339), and the field validators of the declarations.  Light to import (no ``decimal``):
``shequ --help`` loads this module with the plugin.  Where the source names a thing without defining it,
it is a label here, never a rule.
"""

from __future__ import annotations

from typing import Any

#: 篇6 L124: the assistance programs named in “一、做好各类社会救助工作”.
PROGRAMS = ("低保", "重残救助", "物价补贴", "救济救灾", "困难残疾人家庭救助", "边缘困难家庭", "慈善家庭救助", "大病救助",
            "重度残疾人生活补助", "医疗救助")
#: 篇6 L124 “材料审核、申报、发放”, then 停发 (with a reason) or 办结 (a one-off grant paid).
STAGES = ("材料审核", "申报", "发放", "办结", "停发")
OPEN_STAGES = ("材料审核", "申报", "发放")
#: Monthly payments through the core's disbursement schedules: 孤儿生活费 and 尊老金 (篇6 L124), and any case program.
ORPHAN, ZUNLAOJIN = "孤儿生活费", "尊老金"
MONTHLY = (ORPHAN, ZUNLAOJIN, *PROGRAMS)
REVIEW_KINDS = ("年审认定", "动态复核")
REVIEW_RESULTS = ("继续享受", "调整待遇", "停止享受")
#: 动态管理 (篇6 L124; 篇16(一) L336): what reopens a case for review.
CHANGE_KINDS = ("收入变化", "家庭人口变化", "其他")
#: 篇6 L124 “重点优抚对象”; L129 “退役人员”; L139 “烈军属”“新兵家属”.
YOUFU_KINDS = ("重点优抚对象", "退役军人", "烈军属", "新兵家属")
#: 篇6 L139, verbatim.
SYMPOSIA = ("退役军人座谈会", "烈军属座谈会", "新兵家属座谈会", "八一建军节重点优抚对象代表座谈会", "民政、残联基层干部座谈会")
#: 篇6 L132 (敬老月, 重阳, 观光旅游), L130 (双拥宣传), L134 (业务培训, 社会工作者考试), L136–138 (助残日, 一日捐, 八一).
ACTIVITY_KINDS = ("助残日走访慰问", "助残日趣味活动", "八一纪念活动", "一日捐", "双拥宣传", "敬老月活动", "重阳节尊老爱老",
                  "老年人观光旅游", "村（居）委会业务培训", "社会工作者职业资格考试", "低保政策宣传", "边缘困难群众排查", "其他")
#: Work the plugin's commands log in the calendar (no names): what the monthly and yearly duties count.
WORK_ITEMS = ("定期发放", "年审认定", "社会组织年检")
#: 篇6 L134: the two creation programs under 动态管理.
CREATIONS = ("民主管理创建", "村民自治模范创建")
#: 篇6 L124 “上门慰问” (重点优抚对象); 篇16(一) L335 (特困户); L136 (贫困残疾人).
VISIT_TARGETS = ("重点优抚对象", "特困户", "贫困残疾人", "孤儿", "其他")
#: External (GB/T 26341-2010 残疾人残疾分类和分级): the source only says “重度残疾人”.
DISABILITY_KINDS = ("视力", "听力", "言语", "肢体", "智力", "精神", "多重")
DISABILITY_GRADES = ("一级", "二级", "三级", "四级")
SEVERE_GRADES = ("一级", "二级")  # 重度 = 一级、二级 (external, the same standard)
#: External: the usual 年检 conclusions (the source says only “做好申报和年检工作”, 篇6 L126).
ORG_RESULTS = ("合格", "基本合格", "不合格")
ORG_STATUSES = ("培育中", "申报中", "已登记", "已备案", "已注销")
INSURANCE_KINDS = ("城镇居民医保", "平安保险")
ORPHAN_END_REASONS = ("年满十八周岁", "被收养", "死亡", "其他")

ACCOUNT_ROOT = "支出:民政"


def account_of(program: str) -> str:
    """The expense account of a program: ``支出:民政:低保``."""
    return f"{ACCOUNT_ROOT}:{program}"


def cents_problem(value: Any, record: dict | None = None) -> str | None:
    """A field validator: at most two decimals (the ledger refuses more)."""
    from decimal import Decimal

    try:
        exponent = Decimal(str(value)).as_tuple().exponent
    except ArithmeticError:
        return f"不是有效的金额：{value}"
    return f"金额最多两位小数（精确到分）：{value}" if exponent < -2 else None  # type: ignore[operator]


def month_problem(value: Any, record: dict | None = None) -> str | None:
    """A field validator: a month written ``2025-03``."""
    text = str(value)
    ok = len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit() and 1 <= int(text[5:]) <= 12
    return None if ok else f"月份应写成 2025-03 的形式：{value}"
