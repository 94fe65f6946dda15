"""The core's person categories (declared to the core by :mod:`shequ.people.plugin`).

Thresholds come from the source plans (citations into seeds/000_…txt):
60周岁以上老年人 [篇4 L70], 高龄老人(70周岁以上) [篇4 L66], 80周岁以上“空巢”老人
[篇4 L74], 90岁以上 [篇6 L132], 百岁老人 [篇4 L71], 0~3岁 [篇10 L218],
空巢 = 子女不在本市区居住生活的老年人 [篇4 L73], 独居老人 [篇16(五) L429],
育龄妇女 [篇1 L27] (the band is not in the source: setting people.fertile_age,
default 15-49), 户籍人口 / 流动人口 [篇13 L268; 篇9 L182].
"""

from __future__ import annotations

from typing import Any

from shequ.models import PersonCategory

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


def empty_nest(p: Any, on: Any = None) -> bool:
    """空巢: an elder whose children do not live in the city.

    The per-person flag ``children_in_city`` wins (staff know a child lives
    elsewhere in the city); otherwise the 户's data decides (no child in the
    户); with neither, the person is not counted (unknown, not assumed).
    """
    if not is_elder(p):
        return False
    flag = p.get("children_in_city")
    if flag is not None:
        return not flag
    wanted = _CHILD_RELATIONS.get(p.get("relation") or "")
    if not p.get("household") or wanted is None:
        return False
    return not any(m.get("relation") in wanted for m in p.household)


def lives_alone(p: Any, on: Any = None) -> bool:
    """独居: an elder flagged so, or alone in a 户."""
    if not is_elder(p):
        return False
    if p.get("lives_alone") is not None:
        return bool(p["lives_alone"])
    return bool(p.get("household")) and not p.household


def fertile_woman(p: Any, on: Any = None) -> bool:
    low, high = p.settings["people.fertile_age"]
    return p.get("gender") == "女" and p.age is not None and low <= p.age <= high


def infant(p: Any, on: Any = None) -> bool:
    return p.age is not None and 0 <= p.age <= p.settings["people.infant_max_age"]


class Category(PersonCategory):
    """A core category with aliases (``--category 70+``) and a source citation."""

    __slots__ = ("aliases", "source")

    def __init__(self, name: str, test: Any, description: str, source: str, aliases: tuple[str, ...] = (),
                 **fast: Any) -> None:
        super().__init__(name, test, description, **fast)
        self.aliases = aliases
        self.source = source


# Whole-register answers (PersonCategory.members): a pass over the birth dates or a field,
# instead of a predicate call per resident.  Sets need no birth order: the bands come in the
# columns' own order (``positions_aged``), read in order.
def _band_ids(reg: Any, low: int, high: int | None = None) -> list[int]:
    return list(map(reg.ids.__getitem__, reg.positions_aged(low, high)))


def _aged(n: int):  # type: ignore[no-untyped-def]
    return lambda reg: _band_ids(reg, n)


def _infants(reg: Any) -> list[int]:
    return _band_ids(reg, 0, reg.settings["people.infant_max_age"])


def _fertile(reg: Any) -> list[int]:
    """The women of the age band: its genders looked up in column order (not a set of every woman)."""
    from itertools import compress, repeat
    from operator import eq

    low, high = reg.settings["people.fertile_age"]
    band, genders = reg.positions_aged(low, high), reg.column("gender")
    return list(compress(map(reg.ids.__getitem__, band), map(eq, map(genders.__getitem__, band), repeat("女"))))


def _empty_nest_members(reg: Any) -> list[int]:
    """``empty_nest`` over the whole register: the same rule, as C-level passes over columns.

    An elder's own relation is never among those wanted (a 户主's child is
    子女, never 户主), so "some member of the 户 has a wanted relation" may
    look at the whole 户: the 户 holding a 子女 (户主, …) are found once, and
    each elder is a set look-up of (户号, own relation) among those with a
    child.  ``check_category_members`` holds this to ``empty_nest``.
    """
    from itertools import compress, repeat
    from operator import and_, eq, is_, is_not, not_, truth

    elders = reg.positions_aged(60)
    ids, flags = reg.ids, reg.column("children_in_city")
    codes, relations = reg.column("household"), reg.column("relation")
    own = list(map(flags.__getitem__, elders))
    # A flag wins: "children not in the city" (a falsy flag) is 空巢.
    out = list(compress(map(ids.__getitem__, elders), map(and_, map(is_not, own, repeat(None)), map(not_, own))))
    rest = list(compress(elders, map(is_, own, repeat(None))))
    if not rest:
        return out
    holding: dict[str, set[Any]] = {}  # relation → the 户 where someone has it
    for rel in set().union(*_CHILD_RELATIONS.values()):
        holding[rel] = set(compress(codes, map(eq, relations, repeat(rel))))
    r_ids, r_codes, r_rels = (list(map(ids.__getitem__, rest)), list(map(codes.__getitem__, rest)),
                              list(map(relations.__getitem__, rest)))
    for own_rel, wanted in _CHILD_RELATIONS.items():
        mine = list(map(eq, r_rels, repeat(own_rel)))
        child = holding[next(iter(wanted))] if len(wanted) == 1 else set().union(*(holding[rel] for rel in wanted))
        hit = map(and_, map(truth, compress(r_codes, mine)), map(not_, map(child.__contains__, compress(r_codes, mine))))
        out.extend(compress(compress(r_ids, mine), hit))
    return out


def _alone_members(reg: Any) -> list[int]:
    """``lives_alone`` over the whole register: a flag wins, else alone in a 户 (one member).
    Held to ``lives_alone`` by ``check_category_members``."""
    from itertools import compress, repeat
    from operator import is_, is_not, truth

    elders = reg.positions_aged(60)
    ids, flags, codes = reg.ids, reg.column("lives_alone"), reg.column("household")
    own = list(map(flags.__getitem__, elders))
    flagged = list(compress(elders, map(is_not, own, repeat(None))))
    out = list(compress(map(ids.__getitem__, flagged), map(truth, map(flags.__getitem__, flagged))))
    singles = {code for code, n in reg.household_sizes().items() if n == 1 and code}
    rest = list(compress(elders, map(is_, own, repeat(None))))
    out.extend(compress(map(ids.__getitem__, rest), map(singles.__contains__, map(codes.__getitem__, rest))))
    return out


def _hukou(value: str | None):  # type: ignore[no-untyped-def]
    if value is None:  # 流动
        return lambda reg: reg.where("hukou", "流动")
    return lambda reg: reg.where("hukou", "户籍", default="户籍")


CATEGORIES = (
    Category("老年人", _age_at_least(60), "60周岁以上", "篇4 L70", ("60+", "60岁以上"), members=_aged(60)),
    Category("高龄", _age_at_least(70), "高龄老人（70周岁以上）", "篇4 L66", ("70+", "高龄老人", "70岁以上"), members=_aged(70)),
    Category("80岁以上", _age_at_least(80), "80周岁以上", "篇4 L74", ("80+",), members=_aged(80)),
    Category("90岁以上", _age_at_least(90), "90周岁以上（重阳慰问、平安保险）", "篇6 L132", ("90+",), members=_aged(90)),
    Category("百岁老人", _age_at_least(100), "100周岁以上", "篇4 L71", ("100+",), members=_aged(100)),
    Category("空巢老人", empty_nest, "子女不在本市区居住生活的老年人（按户内数据，或“子女在本市”标注）", "篇4 L73", ("空巢",),
             members=_empty_nest_members),
    Category("独居老人", lives_alone, "独自居住的老年人（按户内数据，或“独居”标注）", "篇16(五) L429", ("独居",),
             members=_alone_members),
    Category("0-3岁", infant, "0~3周岁儿童（上限见设置 people.infant_max_age）", "篇10 L218", ("0~3岁", "婴幼儿"),
             members=_infants),
    Category("育龄妇女", fertile_woman, "育龄妇女（年龄段见设置 people.fertile_age，默认 15-49）", "篇1 L27", ("育龄",),
             members=_fertile),
    Category("户籍人口", lambda p, on: p.get("hukou", "户籍") == "户籍", "户籍在本社区", "篇13 L268", ("户籍",),
             members=_hukou("户籍")),
    Category("流动人口", lambda p, on: p.get("hukou") == "流动", "流动人口、外来人口", "篇9 L182", ("流动", "外来人口"),
             members=_hukou(None)),
)
