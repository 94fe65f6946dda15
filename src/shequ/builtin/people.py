"""The core's person categories, declared through the same hook plugins use.

Thresholds come from the source plans (citations into seeds/000_…txt):
60周岁以上老年人 [篇4 L70], 高龄老人(70周岁以上) [篇4 L66], 80周岁以上“空巢”老人
[篇4 L74], 90岁以上 [篇6 L132], 百岁老人 [篇4 L71], 0~3岁 [篇10 L218],
空巢 = 子女不在本市区居住生活的老年人 [篇4 L73], 独居老人 [篇16(五) L429],
育龄妇女 [篇1 L27] (the band is not in the source: setting people.fertile_age,
default 15-49), 户籍人口 / 流动人口 [篇13 L268; 篇9 L182].
"""

from __future__ import annotations

from typing import Any

from ..hookspecs import hookimpl
from ..models import PersonCategory

# A child of this person, by the person's own relation to the head of the 户.
_CHILD_RELATIONS = {
    "户主": {"子女"},
    "配偶": {"子女"},
    "父母": {"户主", "兄弟姐妹"},
    "祖父母": {"父母"},
}


def _age_at_least(n: int):  # type: ignore[no-untyped-def]
    return lambda p, on: p.age is not None and p.age >= n


def is_elder(p: Any) -> bool:
    return p.age is not None and p.age >= 60


def has_child_at_home(p: Any) -> bool | None:
    """True/False from household data; None when the data cannot tell."""
    wanted = _CHILD_RELATIONS.get(p.get("relation") or "")
    if not p.get("household") or wanted is None:
        return None
    return any(m.get("relation") in wanted for m in p.household)


def empty_nest(p: Any, on: Any = None) -> bool:
    """空巢: an elder whose children do not live in the city.

    The per-person flag ``children_in_city`` wins (staff know a child lives
    elsewhere in the city); otherwise household data decides; with neither,
    the person is not counted (unknown, not assumed).
    """
    if not is_elder(p):
        return False
    flag = p.get("children_in_city")
    if flag is not None:
        return not flag
    at_home = has_child_at_home(p)
    return at_home is False


def lives_alone(p: Any, on: Any = None) -> bool:
    if p.get("lives_alone") is not None:
        return bool(p["lives_alone"]) and is_elder(p)
    return is_elder(p) and bool(p.get("household")) and not p.household


def fertile_woman(p: Any, on: Any = None) -> bool:
    low, high = p.settings["people.fertile_age"]
    return p.get("gender") == "女" and p.age is not None and low <= p.age <= high


def infant(p: Any, on: Any = None) -> bool:
    return p.age is not None and 0 <= p.age <= p.settings["people.infant_max_age"]


class Category(PersonCategory):
    """A core category with aliases (``--category 70+``) and a source citation."""

    __slots__ = ("aliases", "source")

    def __init__(self, name: str, test: Any, description: str, source: str, aliases: tuple[str, ...] = ()) -> None:
        super().__init__(name, test, description)
        self.aliases = aliases
        self.source = source


CATEGORIES = (
    Category("老年人", _age_at_least(60), "60周岁以上", "篇4 L70", ("60+", "60岁以上")),
    Category("高龄", _age_at_least(70), "高龄老人（70周岁以上）", "篇4 L66", ("70+", "高龄老人", "70岁以上")),
    Category("80岁以上", _age_at_least(80), "80周岁以上", "篇4 L74", ("80+",)),
    Category("90岁以上", _age_at_least(90), "90周岁以上（重阳慰问、平安保险）", "篇6 L132", ("90+",)),
    Category("百岁老人", _age_at_least(100), "100周岁以上", "篇4 L71", ("100+",)),
    Category("空巢老人", empty_nest, "子女不在本市区居住生活的老年人（按户内数据，或“子女在本市”标注）", "篇4 L73", ("空巢",)),
    Category("独居老人", lives_alone, "独自居住的老年人（按户内数据，或“独居”标注）", "篇16(五) L429", ("独居",)),
    Category("0-3岁", infant, "0~3周岁儿童（上限见设置 people.infant_max_age）", "篇10 L218", ("0~3岁", "婴幼儿")),
    Category("育龄妇女", fertile_woman, "育龄妇女（年龄段见设置 people.fertile_age，默认 15-49）", "篇1 L27", ("育龄",)),
    Category("户籍人口", lambda p, on: p.get("hukou", "户籍") == "户籍", "户籍在本社区", "篇13 L268", ("户籍",)),
    Category("流动人口", lambda p, on: p.get("hukou") == "流动", "流动人口、外来人口", "篇9 L182", ("流动", "外来人口")),
)


@hookimpl
def shequ_person_categories() -> list[PersonCategory]:
    return list(CATEGORIES)


@hookimpl
def shequ_register_commands(cli: Any) -> None:
    from ..cli import LazyGroup

    cli.add_command(LazyGroup("people", "shequ.cli.people:people_group", help="居民花名册：登记、查询、户、类别、导入导出。"))
    cli.add_alias("人员", "people")
    cli.add_command(LazyGroup("config", "shequ.cli.config_cmd:config_group", help="本社区的设置（育龄年龄段等原文未定义的规则）。"))
