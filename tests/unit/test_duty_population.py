"""A duty's population (``{"category": …}``, ``{"tag": …}``) is taken from the register's columns
with C-level maps; it is exactly the per-resident loop it replaced, on generated registers: tags
missing, empty or shared between residents, names missing, sensitive categories named by number."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shequ.duties.context import _population

TAGS = [None, [], ["党员"], ["党员", "志愿者"], ["志愿者"], "党员"]  # a hand-edited string, too


class FakeRegister:
    def __init__(self, ids: list[int], columns: dict[str, list]) -> None:
        self.ids, self._columns = ids, columns

    def column(self, field: str) -> list:
        return self._columns[field]

    def position(self, pid: int) -> int:
        return self.ids.index(pid)

    def positions(self, pids) -> list[int]:
        return [self.ids.index(pid) for pid in pids]


def _by_loop(reg: FakeRegister, members, tag, secret):  # the code before: a Python pass per resident
    ids = members if members is not None else reg.ids
    names, tags = reg.column("name"), reg.column("tags")
    chosen = []
    for pid in ids:
        i = reg.position(pid)
        if not tag or tag in (tags[i] or ()):
            chosen.append((pid, f"#{pid}" if secret else names[i]))
    return sorted(chosen)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(["甲", "乙", "丙"])), st.sampled_from(range(len(TAGS))),
                               st.booleans()), max_size=30),
       order=st.randoms(), tag=st.sampled_from([None, "", "党员", "志愿者", "团员"]), everyone=st.booleans(),
       secret=st.booleans())
def test_population_equals_the_per_resident_loop(rows, order, tag, everyone, secret):
    ids = list(range(1, len(rows) + 1))
    order.shuffle(ids)  # ids need not be in order in the columns
    shared = [list(t) if isinstance(t, list) else t for t in TAGS]  # one object per distinct list, as the store keeps them
    reg = FakeRegister(ids, {"name": [r[0] for r in rows], "tags": [shared[r[1]] for r in rows]})
    members = None if everyone else frozenset(pid for pid, r in zip(ids, rows) if r[2])
    assert _population(reg, members, tag, secret and not everyone) == _by_loop(reg, members, tag, secret and not everyone)
