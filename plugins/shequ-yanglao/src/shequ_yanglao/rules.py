"""养老 rules as plain data and pure functions: the service tiers of 篇4 L70–77, the service
catalogue of L78–85, the modes of L87–90, and the date of 重阳 (lunar 9/9).

Everything here is importable without the home (tests call :func:`classify` directly) and light:
the package ``__init__`` imports these constants at ``shequ --help`` time.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

#: 服务对象 and the four kinds of service (篇4 L70).
TIERS = ("无偿", "低偿", "有偿", "志愿")
#: The 7 service categories of 篇4 L79–85, in the source's order.
CATEGORIES = ("安全保障", "生活照料", "医疗保健", "文化娱乐", "精神慰藉", "法律维权", "其它")
CATEGORY_SOURCES = {"安全保障": "篇4 L79", "生活照料": "篇4 L80", "医疗保健": "篇4 L81", "文化娱乐": "篇4 L82",
                    "精神慰藉": "篇4 L83", "法律维权": "篇4 L84", "其它": "篇4 L85"}
#: Who provides a service (篇4 L87 社区助老服务员、家政服务公司; L88 社会组织; L89 志愿者).
PROVIDER_TYPES = ("社区助老服务员", "家政服务公司", "社会组织", "志愿者")
#: How an elder is reached: “定期打电话、走访、探视” (篇4 L79).
MODES = ("电话", "走访", "探视")
#: 结对 kinds (篇4 L90).
PAIRINGS = ("邻里结对", "亲属结对", "党员结对")
#: The four service modes of 篇4 L87–90 (the checklist).
SERVICE_MODES = (("government", "政府购买服务方式：发放助老服务券", "篇4 L87"),
                 ("organisation", "社会组织服务方式", "篇4 L88"),
                 ("volunteer", "志愿者服务方式", "篇4 L89"),
                 ("neighbour", "邻里互帮互助方式：邻里结对、亲属结对、党员结对", "篇4 L90"))
#: The groups the 无偿 sentence lists (篇4 L71; 特殊群体 also L66).  Stored as these short names.
ASSISTANCE = ("低保", "重点优抚对象", "三无", "革命五老")
ASSISTANCE_HELP = "低保老人、重点优抚对象、分散供养的“三无”老人、革命“五老人员”（篇4 L66、L71；“五老”原文未定义）"
#: 低保 and 分散供养“三无” (特困人员供养) are forms of 社会救助 (《社会救助暂行办法》2014, external):
#: an elder with either flag receives 民政救助 (篇4 L74).
AID_FLAGS = ("低保", "三无")
SELF_CARE = ("能自理", "不能自理")
#: 经济状况 as the source words it: 有经济能力 (L76), 有一定经济来源但生活仍很困难 (L75).
ECONOMY = ("有经济能力", "有一定经济来源但生活仍很困难")
#: The services a paying elder needs (篇4 L76 “需要日托、送餐或上门照料等服务”).
NEEDS = ("日托", "送餐", "上门照料")
#: 为老活动 kinds: 篇6 L132 (敬老月, 为老维权, 观光旅游, 重阳), 篇13 L266 (老年教育), 篇4 L82 (文体).
ACTIVITY_KINDS = ("敬老月活动", "为老维权", "重阳节尊老爱老活动", "重阳慰问", "外出观光旅游", "老年教育", "文体活动", "其他")
#: The station offers “不少于5项的居家养老服务” (篇4 L68).
STATION_MIN_SERVICES = 5

ELDER_AGE, HIGH_AGE, EIGHTY, CENTENARIAN = 60, 70, 80, 100  # 篇4 L70, L66/L71, L74, L71


class Service(NamedTuple):
    name: str
    category: str
    source: str
    note: str = ""


#: The default catalogue: 六助 and the other services of 篇4 L78, each filed under one of the 7
#: categories of L79–85.  The source names the items and the categories but never pairs them: the
#: pairing is this plugin's (the cited words of L79–85 are why), and an office changes it with its own
#: ``yanglao.service`` record of the same name.
DEFAULT_SERVICES = (
    Service("助餐", "生活照料", "篇4 L78；L80“配餐、送餐”"),
    Service("助洁", "生活照料", "篇4 L78；L80“打扫卫生……洗衣物”"),
    Service("助浴", "生活照料", "篇4 L78；L80“特殊照料”", "归类为本插件的理解"),
    Service("助医", "医疗保健", "篇4 L78；L81“陪同看病”"),
    Service("助行", "生活照料", "篇4 L78；L80“陪护”", "归类为本插件的理解"),
    Service("助急", "安全保障", "篇4 L78；L79“应急救助机制”"),
    Service("文化娱乐", "文化娱乐", "篇4 L78；L82"),
    Service("学习教育", "文化娱乐", "篇4 L78；L82“学习培训……知识讲座”；篇13 L266 老年教育"),
    Service("聊天", "精神慰藉", "篇4 L78；L83“聊天谈心”"),
    Service("法律维权", "法律维权", "篇4 L78；L84"),
    Service("代购代办", "生活照料", "篇4 L78；L80“购物”"),
)


# -- the tier classifier (篇4 L70–77) ---------------------------------------------------------------
class Verdict(NamedTuple):
    """One elder's tier on a date and why: ``reasons`` are the rules that decided it (with their
    lines), ``notes`` what the data could not say, ``priority`` the 志愿 重点 groups (L77)."""

    tier: str
    reasons: list[str]
    notes: list[str]
    priority: list[str]
    computed: str  # the tier the rules give (differs from ``tier`` under a manual override)


def receives_aid(profile: dict[str, Any] | None) -> bool | None:
    """享受民政救助 (L74): the flag, or 低保/三无 (which are 社会救助); ``None`` when not recorded."""
    if not profile:
        return None
    if any(a in (profile.get("assistance") or ()) for a in AID_FLAGS):
        return True
    flag = profile.get("civil_aid")
    return None if flag is None else bool(flag)


def classify(age: int, empty_nest: bool, profile: dict[str, Any] | None, reading: str = "A",
             override: tuple[str, str, int] | None = None) -> Verdict:
    """The tier of an elder aged *age* (周岁, ≥60) on a date.

    *empty_nest* is the core's 空巢 rule on that date (子女不在本市区, L73), *profile* the 养老档案
    in effect (or ``None``), *reading* how the 无偿 sentence of L71 is read:

    - ``A``: 年满70周岁 AND 生活不能自理 AND 在市区无子女照顾 AND one of 低保/重点优抚/三无/革命五老;
      or 百岁老人;
    - ``B``: any one of 低保老人、重点优抚对象、“三无”老人、革命“五老人员”、百岁老人 on its own.

    Then 低偿 ① 空巢 AND 不能自理 (L73), ② 空巢 AND ≥80 AND 未享受民政救助 (L74), ③ 有一定经济来源但生活仍很困难
    (L75); 有偿: 有经济能力 AND 需要日托/送餐/上门照料 (L76); everyone else 志愿 (L77).  The first tier that
    matches wins (无偿, 低偿, 有偿, 志愿).  *override* ``(tier, reason, record id)`` replaces the result
    and keeps the computed tier in the notes.
    """
    if reading not in ("A", "B"):
        raise ValueError(f"无偿服务对象的解读应为 A 或 B：{reading}")
    p = profile or {}
    flags = [a for a in ASSISTANCE if a in (p.get("assistance") or ())]
    unable = p.get("self_care") == "不能自理"
    care_known = p.get("self_care") in SELF_CARE
    aid = receives_aid(profile)
    notes: list[str] = []
    if profile is None:
        notes.append("未建养老档案：自理能力、救助、经济状况未知")
    tier, reasons = "", []
    if age >= CENTENARIAN:
        tier, reasons = "无偿", ["百岁老人（100周岁以上，篇4 L71）"]
    elif reading == "A":
        if age >= HIGH_AGE and unable and empty_nest and flags:
            tier = "无偿"
            reasons = [f"年满70周岁、生活不能自理、在市区无子女照顾的{'、'.join(_flag_names(flags))}（篇4 L71，解读A）"]
        elif age >= HIGH_AGE and empty_nest and flags and not care_known and profile is not None:
            notes.append("未登记自理能力：若生活不能自理，则为无偿服务对象（篇4 L71）")
    elif flags:
        tier, reasons = "无偿", [f"{'、'.join(_flag_names(flags))}（篇4 L71，解读B：单列即可）"]
    if not tier:
        low = []
        if empty_nest and unable:
            low.append("①生活不能自理的“空巢”老人（篇4 L73）")
        if empty_nest and age >= EIGHTY:
            if aid is False:
                low.append("②未享受民政救助的80周岁以上“空巢”老人（篇4 L74）")
            elif aid is None:
                notes.append("80周岁以上“空巢”老人，未登记是否享受民政救助，无法判定低偿②（篇4 L74）")
        if p.get("economy") == "有一定经济来源但生活仍很困难":
            low.append("③有一定经济来源但生活仍很困难（篇4 L75）")
        if low:
            tier, reasons = "低偿", low
    if not tier and p.get("economy") == "有经济能力" and p.get("needs"):
        tier, reasons = "有偿", [f"有经济能力，需要{'、'.join(p['needs'])}服务，自费购买（篇4 L76）"]
    if not tier:
        tier, reasons = "志愿", ["社区内所有老年人均为志愿服务对象（篇4 L77）"]
    priority = [label for label, hit in (("空巢", empty_nest), ("高龄", age >= HIGH_AGE), ("病残", bool(p.get("sick_disabled"))))
                if hit]
    computed = tier
    if override is not None:
        o_tier, o_reason, o_id = override
        notes.insert(0, f"按规则为{tier}：{'；'.join(reasons)}")
        tier, reasons = o_tier, [f"人工调整：{o_reason}（调整记录 #{o_id}）"]
    return Verdict(tier, reasons, notes, priority, computed)


def signature(age: int, empty_nest: bool, profile: dict[str, Any] | None) -> tuple[Any, ...]:
    """What :func:`classify` depends on, as a hashable key: the age only through its thresholds
    (70, 80, 100), the profile only through the fields the rules read.  5,000 elders fall into a
    few hundred keys, so a listing classifies each key once."""
    band = sum(age >= n for n in (HIGH_AGE, EIGHTY, CENTENARIAN))
    if profile is None:
        return band, empty_nest, None
    p = profile
    return (band, empty_nest, p.get("self_care"), tuple(p.get("assistance") or ()), p.get("civil_aid"), p.get("economy"),
            tuple(p.get("needs") or ()), bool(p.get("sick_disabled")))


def _flag_names(flags: list[str]) -> list[str]:
    names = {"低保": "低保老人", "重点优抚对象": "重点优抚对象", "三无": "分散供养的“三无”老人", "革命五老": "革命“五老人员”"}
    return [names[f] for f in flags]


def age_on(birth: Any, on: date) -> int | None:
    """周岁 on *on* from an ISO birth date (``None`` when missing or unreadable)."""
    if not isinstance(birth, str) or len(birth) < 10:
        return None
    try:
        y, m, d = int(birth[:4]), int(birth[5:7]), int(birth[8:10])
    except ValueError:
        return None
    return on.year - y - ((on.month, on.day) < (m, d))


def in_effect(docs: list[dict[str, Any]], on: str, start: str = "since", end: str | None = None) -> dict[str, Any] | None:
    """The record among *docs* in effect on ISO date *on*: the latest *start* on or before it (and,
    with *end*, not ended before it)."""
    best = None
    for doc in docs:
        s = doc.get(start)
        if not isinstance(s, str) or s > on or (end and doc.get(end) and doc[end] < on):
            continue
        if best is None or s >= best.get(start, ""):
            best = doc
    return best


# -- 重阳 (lunar 9/9) ------------------------------------------------------------------------------
#: The solar date (MMDD) of 重阳 for 1900–2100, computed with lunar-python (the core's festival source;
#: a test checks every year against it), so that no lunar library is imported at run time.
_CHONGYANG_FIRST = 1900
_CHONGYANG = (
    "1031 1020 1010 1028 1017 1007 1026 1015 1003 1022 1011 1030 1018 1008 1027 1017 1005 1024 1013 1101 "
    "1020 1009 1028 1018 1007 1026 1015 1004 1021 1011 1030 1019 1008 1027 1016 1006 1023 1012 1031 1021 "
    "1009 1028 1018 1007 1025 1014 1003 1022 1011 1030 1019 1009 1027 1016 1005 1024 1012 1031 1021 1010 "
    "1028 1018 1007 1025 1014 1003 1022 1012 1030 1019 1008 1027 1015 1004 1023 1013 1031 1021 1010 1029 "
    "1017 1006 1025 1014 1003 1022 1012 1031 1019 1008 1026 1016 1004 1023 1013 1101 1020 1010 1028 1017 "
    "1006 1025 1014 1004 1022 1011 1030 1019 1007 1026 1016 1005 1023 1013 1002 1021 1009 1028 1017 1007 "
    "1025 1014 1004 1023 1011 1029 1018 1008 1026 1016 1005 1024 1012 1001 1020 1009 1027 1017 1007 1026 "
    "1014 1003 1022 1011 1029 1018 1008 1027 1016 1005 1024 1013 1030 1020 1009 1028 1017 1007 1025 1014 "
    "1002 1021 1011 1030 1018 1008 1027 1016 1004 1023 1012 1031 1020 1009 1028 1018 1006 1025 1014 1003 "
    "1021 1011 1030 1019 1008 1027 1016 1005 1022 1012 1031 1021 1009 1028 1017 1006 1024 1013 1003 1022 "
    "1012 "
).split()


def chongyang(year: int) -> date:
    """重阳节 (农历九月初九) of *year*, 1900–2100."""
    i = year - _CHONGYANG_FIRST
    if not 0 <= i < len(_CHONGYANG):
        raise ValueError(f"只能计算 1900–2100 年的重阳节：{year}")
    md = _CHONGYANG[i]
    return date(year, int(md[:2]), int(md[2:]))
