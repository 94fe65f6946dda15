"""The register's age bands (``aged``, ``aged_positions``, ``positions_aged``, ``born_positions``)
equal a plain reading of the birth dates, whatever order the bands are asked in: a band is
found by comparing every birth date, or by filtering a band already found that holds it."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shequ.people.register import Register
from shequ.store import Home, init_home

ON = date(2025, 3, 31)
BIRTHS = st.one_of(st.none(), st.just(""), st.just(19350101), st.just("19xx-01-01"),
                   st.sampled_from(["1925-03-31", "1925-04-01", "1935-03-31", "1955-03-31", "1955-04-01", "1964-02-29",
                                    "1965-03-31", "2021-04-01", "2022-03-31", "2025-03-31"]),
                   st.dates(date(1915, 1, 1), date(2025, 3, 31)).map(date.isoformat))
ASKS = st.lists(st.tuples(st.integers(0, 110), st.one_of(st.none(), st.integers(0, 110))), min_size=1, max_size=8)


def _expected(births: list, upto: str, after: str | None) -> list[int]:
    """Positions born in (after, upto], by birth date then position: the old sort-and-bisect answer."""
    texts = [b if isinstance(b, str) else "" for b in births]
    found = [i for i, b in enumerate(texts) if b and b <= upto and (after is None or b > after)]
    return sorted(found, key=lambda i: (texts[i], i))


def _cutoff(years: int) -> str:
    return f"{ON.year - years:04d}-{ON.month:02d}-{ON.day:02d}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(births=st.lists(BIRTHS, min_size=1, max_size=25), asks=ASKS)
def test_bands_equal_a_plain_reading_in_any_order(tmp_path_factory, births, asks):
    home = Home(tmp_path_factory.mktemp("bands") / "h")
    init_home(home, name="测试", level="社区")
    with home.transaction("seed") as s:
        for i, birth in enumerate(births, start=1):
            s.put("people", "people", i, {"name": f"人{i}", **({"birth": birth} if birth is not None else {})})
    with home.read() as s:
        reg = Register(s, ON, {})
        col = reg.column("birth")
        for low, high in asks:
            if high is not None and high < low:
                low, high = high, low
            want = _expected(col, _cutoff(low), _cutoff(high + 1) if high is not None else None)
            assert reg.aged_positions(low, high) == want
            assert reg.positions_aged(low, high) == sorted(want)
            assert reg.aged(low, high) == [reg.ids[i] for i in want]
            upto = _cutoff(low)
            assert reg.born_positions(upto) == _expected(col, upto, None)


def test_a_narrow_band_of_the_young_among_many_elders(tmp_path):
    """Where few are born after the band's start (0-3岁 among elders) that test goes first:
    the same people, its edges included."""
    births = ["1950-06-01"] * 130 + ["2025-03-31", "2022-03-31", "2021-04-01", "2021-03-31", "2025-04-01"]
    home = Home(tmp_path / "h")
    init_home(home, name="测试", level="社区")
    with home.transaction("seed") as s:
        for i, birth in enumerate(births, start=1):
            s.put("people", "people", i, {"name": f"人{i}", "birth": birth})
    with home.read() as s:
        reg = Register(s, ON, {})
        col = reg.column("birth")
        assert reg.positions_aged(0, 3) == sorted(_expected(col, _cutoff(0), _cutoff(4)))
        assert [col[i] for i in reg.aged_positions(0, 3)] == ["2021-04-01", "2022-03-31", "2025-03-31"]
        assert len(reg.aged(60)) == 130
