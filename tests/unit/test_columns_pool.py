"""Pooling a column's repeated values (``shequ.store.columns._shared``) never changes a value:
only which object holds it, and only where that saves memory."""

from __future__ import annotations

from hypothesis import given, strategies as st

from shequ.store.columns import _shared

VALUE = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["男", "女", "H0001", "2025-03-01"]),
                  st.text(max_size=3), st.lists(st.sampled_from(["党员", "低保"]), max_size=2))


def _pooled(shards: list[list]) -> tuple[list, dict | None]:
    pool: dict | None = {}
    into: list = []
    for values in shards:
        pool = _shared(values, pool, into)
    return into, pool


@given(st.lists(st.lists(VALUE, max_size=20), max_size=5))
def test_pooling_keeps_every_value(shards):
    into, _ = _pooled([list(s) for s in shards])
    flat = [v for s in shards for v in s]
    assert into == flat and [type(v) for v in into] == [type(v) for v in flat]


def test_repeated_strings_share_one_object():
    into, pool = _pooled([[str(n % 2) * 3 for n in range(100)] for _ in range(3)])
    assert pool is not None and len({id(v) for v in into}) == 2


def test_only_strings_are_pooled():
    """None, True and False are single objects already: a dict operation per flag would save nothing,
    and pooling numbers would give back ``False`` for a later ``0`` (they are equal)."""
    _, pool = _pooled([[None, True, False] * 10])
    assert pool is None
    into, pool = _pooled([[False, True] * 5, [0, 1] * 5])
    assert pool is None and into[10:] == [0, 1] * 5 and type(into[10]) is int
    _, pool = _pooled([[None] * 10, [None, "低保", None] * 10])  # strings after a shard of None: pooled
    assert pool is not None
