"""The monthly law themes of 篇8 L162, kept beside the laws' official names.

The source gives March–December and names some laws wrongly; each entry keeps the
source's wording (``source``), the official name (``official``) and a note saying
what was wrong.  January and February are left empty: the source gives no theme,
and shequ does not invent one.  Offices change themes with ``shequ pufa theme set``.
"""

from __future__ import annotations

from typing import NamedTuple


class Theme(NamedTuple):
    month: int
    source: str  # the source's own words
    official: str  # the official name(s)
    kind: str  # law | topic
    note: str = ""
    anchor: str = ""  # an external day the month's work can hang on


DEFAULT = {
    3: Theme(3, "《居民委员会法》", "《中华人民共和国城市居民委员会组织法》", "law", "原文名称有误：正式名称为《城市居民委员会组织法》"),
    4: Theme(4, "《税法》和《知识产权法》", "税收法律（《税收征收管理法》等）、知识产权法律（《专利法》《商标法》《著作权法》）", "law",
             "原文为统称：并无名为《税法》《知识产权法》的单行法律", "4月15日 全民国家安全教育日（外部）"),
    5: Theme(5, "《劳动法》", "《中华人民共和国劳动法》", "law"),
    6: Theme(6, "禁毒宣传", "《中华人民共和国禁毒法》", "topic", "", "6月26日 国际禁毒日（外部）"),
    7: Theme(7, "《安全食品法》", "《中华人民共和国食品安全法》", "law", "原文名称有误：应为《食品安全法》"),
    8: Theme(8, "预防青少年犯罪宣传", "《中华人民共和国预防未成年人犯罪法》", "topic", "暑假期间"),
    9: Theme(9, "药品、食品安全宣传", "《中华人民共和国药品管理法》《中华人民共和国食品安全法》", "topic"),
    10: Theme(10, "《行政许可法》", "《中华人民共和国行政许可法》", "law"),
    11: Theme(11, "《交通安全法法》", "《中华人民共和国道路交通安全法》", "law", "原文名称有误：多一“法”字，且应为《道路交通安全法》"),
    12: Theme(12, "《宪法》", "《中华人民共和国宪法》", "law", "", "12月4日 国家宪法日（外部）"),
}
#: Festivals the source names for publicity (篇12 L245): each gets a configurable window duty.
FESTIVALS = (("yuandan", "元旦"), ("chunjie", "春节"), ("funv", "妇女节"), ("qingnian", "青年节"), ("ertong", "儿童节"),
             ("jiandang", "建党纪念日"), ("jianjun", "建军节"), ("guoqing", "国庆节"), ("chongyang", "重阳节"))
