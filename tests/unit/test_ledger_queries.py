"""The ledger's questions over every entry (shequ.ledger.queries) answer from the columns in a
read and from the documents in a transaction — the same answers as testing each entry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from shequ.ledger.entries import cents
from shequ.periods import parse_period
from shequ.store import Home, init_home

ACCOUNTS = ("支出:民政:低保", "支出:民政", "支出:民政低保", "收入:捐赠:一日捐", "支出:其他")
FUNDS = (None, "民政配套资金")

entry = st.tuples(st.integers(0, 400), st.integers(1, 10**7), st.sampled_from(ACCOUNTS), st.sampled_from(FUNDS),
                  st.booleans(), st.integers(0, 2))


def seed(home: Home, rows: list[tuple]) -> dict[int, dict]:
    docs = {}
    with home.transaction("seed") as s:
        for n, (day, amount, account, fund, void, shard) in enumerate(rows, start=1):
            eid = shard * 1000 + n  # entries in up to three shards
            doc = {"date": (date(2025, 1, 1) + timedelta(days=day)).isoformat(), "amount": f"{amount // 100}.{amount % 100:02d}",
                   "direction": "in" if account.startswith("收入") else "out", "account": account, "via": "资产:银行"}
            if fund:
                doc["fund"] = fund
            if void:
                doc["void"] = True
            s.put("ledger", "entries", eid, doc)
            docs[eid] = doc
    return docs


def brute(docs: dict[int, dict], first: str, last: str, account: str | None, fund: str | None, live: bool) -> list[int]:
    return sorted((k for k, e in docs.items() if first <= e["date"] <= last
                   and (not account or e["account"] == account or e["account"].startswith(account + ":"))
                   and (not fund or e.get("fund") == fund) and not (live and e.get("void"))),
                  key=lambda k: (docs[k]["date"], k))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(entry, min_size=1, max_size=25), st.sampled_from(["2025", "2025-03", "2025-Q2", "2026-01"]),
       st.sampled_from((None, "支出:民政", "收入:捐赠")), st.sampled_from(FUNDS), st.booleans())
def test_select_and_sums_equal_testing_every_entry(tmp_path_factory, rows, period, account, fund, live):
    from shequ.ledger.entries import entry_columns
    from shequ.ledger.queries import dated, select, sums, under_test

    home = Home(tmp_path_factory.mktemp("h"))
    init_home(home, name="", level="社区")
    docs = seed(home, rows)
    span = parse_period(period)
    first, last = span.start.isoformat(), span.end.isoformat()
    want = brute(docs, first, last, account, fund, live)
    for session in (home.read, lambda: home.transaction("read")):  # columns, then documents
        with session() as s:
            found = select(s, period=span, account=account, fund=fund, include_void=not live)
            assert [k for k, _ in found] == want and all(e == docs[k] for k, e in found)
            ids = entry_columns(s, ("date",))[0]
            assert sorted(ids[i] for i in dated(s, first, last)) == sorted(k for k in docs if first <= docs[k]["date"] <= last)
            test = under_test(account) if account else (lambda _: True)
            total = sum(v for (acc, _, f), v in sums(s, first, last).items() if test(acc) and (not fund or f == fund))
            assert total == sum(cents(docs[k]["amount"]) for k in brute(docs, first, last, account, fund, True))


def test_a_filtered_select_parses_only_the_shards_holding_a_match(tmp_path):
    home = Home(tmp_path)
    init_home(home, name="", level="社区")
    seed(home, [(10, 100, "支出:其他", None, False, 0), (20, 200, "收入:捐赠:一日捐", None, False, 2),
                (30, 300, "支出:其他", None, False, 1)])
    with home.read() as s:
        from shequ.ledger.queries import select

        found = select(s, period=parse_period("2025"), account="收入:捐赠:一日捐")
        assert [e["amount"] for _, e in found] == ["2.00"]
        assert sorted(r for r in s._raw["ledger"] if "/" in r) == ["ledger/entries.002.json"]


@pytest.mark.parametrize("writable", [False, True])
def test_dated_finds_the_same_positions_in_a_read_and_a_transaction(tmp_path, writable):
    from shequ.ledger.entries import entry_columns
    from shequ.ledger.queries import dated

    home = Home(tmp_path)
    init_home(home, name="", level="社区")
    seed(home, [(d, 100, "支出:其他", None, False, d % 3) for d in (40, 5, 90, 59, 31, 300)])
    with (home.transaction("t") if writable else home.read()) as s:
        dates = entry_columns(s, ("date",))[1]["date"]
        for _ in range(2):  # the first question tests every date, the next ones use the date index
            got = dated(s, "2025-02-01", "2025-03-31")
            assert sorted(dates[i] for i in got) == sorted(d for d in dates if "2025-02-01" <= d <= "2025-03-31")
            assert got == sorted(got)  # in column order: the sums read the columns in order


AMOUNTS = st.one_of(st.from_regex(r"-?[0-9]{1,12}\.[0-9]{2}", fullmatch=True),  # as stored
                    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9, max_value=10**9).map(str),
                    st.sampled_from(["12.5", "12", "-0.00", "007.10", "1_0.00", " 3.20", "3.20 ", "+1.00", "٣.٢٠", "1e3", "-.50", "1,000.00",
                                    "1.00,2.00", ",", "", "3.20\n"]))


@given(st.lists(AMOUNTS, max_size=12))
@example(["1.00,2.00"])  # plain pieces once joined, one amount too many
@example(["12.00", "1,000.00"])
def test_cents_of_many_amounts_equals_cents_of_each(amounts):
    from shequ.ledger.entries import cents_of

    try:
        each = [cents(a) for a in amounts]
    except Exception as exc:  # a text cents() refuses: so does cents_of, the same way
        with pytest.raises(type(exc)):
            cents_of(amounts)
        return
    assert cents_of(amounts) == each
    assert all(type(c) is int for c in cents_of(amounts))
