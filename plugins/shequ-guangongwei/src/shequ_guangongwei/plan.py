"""The 关工委 plan of 篇5 (L91–120) as data: the month-by-month 工作安排, the five 主要举措,
the goals, and the vocabularies the record types use.

Plain tuples, light to import (the plugin's ``__init__`` reads them for its declarations).
Every text that comes from the source is kept verbatim, typos and ASCII punctuation
included; where shequ adds an interpretation (which units a month's item concerns) it
says so in ``scope_note``.
"""

from __future__ import annotations

from typing import NamedTuple

MONTHS_CN = ("一月份", "二月份", "三月份", "四月份", "五月份", "六月份", "七月份", "八月份", "九月份", "十月份",
             "十一月份", "十二月份")

#: Who a month's item concerns, read from its wording (an interpretation, see ``Item.scope_note``):
#: 总站 = the 校外教育辅导总站 (its unit); 各村(社区) = every 村(社区) unit; 试点 = the units whose
#: 中心站 is a 双休日 pilot; 本级 = the 关工委 keeping this home (any unit's record counts).
SCOPES = ("总站", "各村(社区)", "试点", "本级")


class Item(NamedTuple):
    """One month of 篇5 “四、工作安排”."""

    month: int
    line: int  # the source line
    text: str  # the whole line, verbatim (without its final “。”)
    scope: str
    scope_note: str
    anchor: str = ""  # an external day or a setting the month's work can hang on

    @property
    def label(self) -> str:
        return MONTHS_CN[self.month - 1]

    @property
    def work(self) -> str:
        """The item without its leading “X月份,”."""
        return self.text.split(",", 1)[1]

    @property
    def source(self) -> str:
        return f"篇5 L{self.line}"


ITEMS: tuple[Item, ...] = (
    Item(1, 109, "一月份,校外教育辅导总站举办寒假培训班", "总站", "原文主语为“校外教育辅导总站”",
         "寒假起止见设置 calendar.winter_vacation"),
    Item(2, 110, "二月份,制定全年工作计划", "本级", "原文未写主语，按本级关工委"),
    Item(3, 111, "三月份,配合学校、企事业单位植树绿化,对青少年加强生态文明教育,号召广大青少年开展“学雷锋活动”,弘扬社会公德",
         "各村(社区)", "面向“广大青少年”，按各村(社区)", "3月5日 学雷锋纪念日（外部日期，原文只说三月）"),
    Item(4, 112, "四月份,动员“五老”同志结合学校祭扫烈士陵墓,对青少年加强革命传统义务教育;发动中小学生制作“三爱”书签,实现“我的中国梦”",
         "各村(社区)", "动员“五老”、发动中小学生，按各村(社区)", "清明（节气，外部；原文未提清明，只说祭扫烈士陵墓）"),
    Item(5, 113, "五月份,健全各村(社区)校外教育辅导中心站班子,充实辅导员队伍;集中开展“爱学习、爱劳动、爱祖国,践行中国梦”主题教育活动",
         "各村(社区)", "原文“健全各村(社区)……中心站班子”"),
    Item(6, 114, "六月份,新华、杨花桥、肖陆、马塘、夏庄五个村(社区)双休日先行开展辅导活动", "试点",
         "原文点名五个村(社区)；本插件按辅导站的“双休日试点”标记确定"),
    Item(7, 115, "七月份,辅导总站及部分中心站开展暑期培训活动", "总站", "原文主语为“辅导总站及部分中心站”（中心站不逐一要求）",
         "暑假起止见设置 calendar.summer_vacation"),
    Item(8, 116, "八月份,正常开展辅导站办班培训,区关工委对办班情况进行点评", "各村(社区)",
         "各辅导站正常办班；点评由上级（区关工委）进行，另记点评记录"),
    Item(9, 117, "九月份,对创建“五好”基层关工委工作进行阶段性小结,查找薄弱环节,加大创建力度", "本级", "原文未写主语，按本级关工委"),
    Item(10, 118, "十月份,配合教育关工委做好20xx年度“三好学生”选评工作", "本级", "原文未写主语，按本级关工委"),
    Item(11, 119, "十一月份,举办村(社区)关工委常务副主任及中心辅导站正副站长培训班", "本级", "由本级举办（村(社区)人员参训）"),
    Item(12, 120, "十二月份,对村(社区)关工委工作和辅导站活动进行考核,总结全年工作,整理有关资料并存档", "本级",
         "由本级考核各村(社区)和辅导站；考核结果另记考核记录"),
)

#: 一、指导思想 (L94) is about a particular year's political study and full of placeholders
#: (“党的、xx届三中全会”): the plan leaves it to the office's own text (``report note``).
HEADINGS = ("一、指导思想", "二、工作目标", "三、主要举措", "四、工作安排")  # L93, L95, L97, L108

#: 三、主要举措 (L98, L100, L102, L104, L106), verbatim.
MEASURES = (
    ("1、以学习贯彻党的、xx届三中全会和系列讲话精神为抓手,推动关工委工作扎实开展。", "篇5 L98"),
    ("2、围绕“爱学习、爱劳动、爱祖国,践行中国梦”主题教育活动,切实加强社会主义核心价值体系建设。", "篇5 L100"),
    ("3、加强校外教育辅导站建设,促进关工委管理机制长效化、关工委活动常态化。", "篇5 L102"),
    ("4、组织开展“三好标兵”竞赛评选活动,引导青少年积极向上,积聚道德正能量。", "篇5 L104"),
    ("5、深入开展“五好”关工委创建工作,促进关心下一代工作再上新台阶。", "篇5 L106"),
)

THEME = "爱学习、爱劳动、爱祖国,践行中国梦"  # “三爱一践行” (L96, L100, L113)

#: 主题教育 forms (L101), then the forms the month items name (L99 专题报告会, L111, L112, L114) and 篇19 L481.
FORMS_L101 = ("座谈会", "文艺表演", "图片展示", "影像播放", "征文比赛", "讲故事", "手抄报", "制书签")
FORMS = FORMS_L101 + ("专题报告会", "植树绿化", "学雷锋活动", "祭扫烈士陵墓", "辅导活动", "读书活动", "工作会议", "其他")
#: Forms that are not youth activities by default (the 关工委's own study and meetings, L99).
ADULT_FORMS = ("专题报告会", "工作会议")
ACTIVITY_AUDIENCES = ("青少年", "五老", "关工委成员", "其他")
#: Trainings: L103 (辅导中心站人员, twice a year), L119 (常务副主任及正副站长), L109/L115/L116 (youth classes).
TRAINING_AUDIENCES = ("青少年", "辅导中心站人员", "常务副主任及正副站长")
TERMS = ("寒假", "暑期", "双休日", "平时")

UNIT_LEVELS = ("区(街道)", "村(社区)")
#: 五好 creation status of a 关工委 (L107); the order is the ladder.
WUHAO = ("未创建", "创建中", "市级先进", "市级“五好”示范")
STATION_LEVELS = ("总站", "村(社区)中心站")  # L103, L109
COMMITTEE_ROLES = ("主任", "常务副主任", "副主任", "委员")  # 常务副主任: L119; the others are common usage
STATION_ROLES = ("站长", "副站长", "辅导员")  # L119 正副站长, L113 辅导员队伍
REVIEW_KINDS = ("点评", "考核")  # L116, L120
PC_SOURCES = ("自行配备", "上级扶持")  # L103
AWARDS = ("三好标兵", "三好学生")  # L104–L105, L118
NOMINATION_STATUSES = ("推荐", "当选", "未当选")
#: The 三好标兵 standard (L105), verbatim, as the names of the nomination's three fields.
STANDARD = (("home", "在家做个好孩子"), ("school_good", "在校做个好学生"), ("society", "在社会做个好公民"))
LECTURE_TOPICS = ("思想道德建设", "法制教育", "其他")  # 篇3 L59
VENUE_KINDS = ("网吧", "其他文化场所")  # 篇3 L59 “网吧等文化场所”
