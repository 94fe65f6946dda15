"""Whole-register category answers (``PersonCategory.members``, computed over columns) equal
the per-person ``test`` on generated registers with the awkward cases: no birth date, removed
people, 户 of one, no 户, the flags that override the 户's data, birthdays on the reference date."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shequ.people.model import RELATIONS
from shequ.plugin.manager import get_plugin_manager
from shequ.store import Home, init_home
from shequ.testing import check_category_members

ON = date(2025, 3, 31)
BIRTHS = st.one_of(st.none(), st.sampled_from(["1935-01-01"] * 6 + ["1925-03-31", "1925-04-01", "1935-03-31", "1945-04-01", "1955-03-31",
                                                "1955-04-01", "1964-02-29", "1965-03-31", "1965-04-01", "1980-07-15",
                                                "2010-01-01", "2022-03-31", "2021-04-01", "2025-03-31"]),
                   st.dates(date(1915, 1, 1), date(2025, 3, 31)).map(date.isoformat))
PERSON = st.fixed_dictionaries({
    "name": st.sampled_from(["甲", "乙", "丙"]),
    "birth": BIRTHS,
    "gender": st.one_of(st.none(), st.sampled_from(["男", "女"])),
    "household": st.one_of(st.none(), st.just(""), st.sampled_from(["H1", "H2", "H3", "H4"])),
    "relation": st.one_of(st.none(), st.sampled_from(RELATIONS)),
    "children_in_city": st.one_of(st.none(), st.booleans()),
    "lives_alone": st.one_of(st.none(), st.booleans()),
    "hukou": st.one_of(st.none(), st.sampled_from(["户籍", "流动"])),
    "removed": st.one_of(st.none(), st.just(True)),
})


def _clean(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if v is not None}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(PERSON, min_size=6, max_size=30))
def test_generated_register_members_equal_per_person_tests(tmp_path_factory, people):
    home = Home(tmp_path_factory.mktemp("reg") / "h")
    init_home(home, name="测试", level="社区")
    with home.transaction("seed") as s:
        for i, doc in enumerate(people, start=1):
            s.put("people", "people", i, _clean(doc))
    assert check_category_members(home.path, get_plugin_manager(entrypoints=False), ON) == []
