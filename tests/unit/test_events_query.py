"""``ctx.events.query`` answers the same in a read (bisects over the events sorted once by date)
as in a transaction (a test of every event), whatever the events and the questions."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shequ.api import open_home
from shequ.store import Home, init_home

EVENT = st.fixed_dictionaries({
    # days from 2025-01-01, the questions' first and last days among them (a bisect's edge cases)
    "day": st.one_of(st.integers(0, 400), st.sampled_from([0, 58, 59, 89, 90, 180, 181, 364, 365])), "time": st.one_of(st.none(), st.sampled_from(["09:00", "14:30"])),
    "status": st.sampled_from(["planned", "done", "cancelled"]), "type": st.sampled_from(["core.activity", "x.meeting"]),
    "domain": st.one_of(st.none(), st.sampled_from(["dangjian", "pufa"])),
})
QUESTION = st.fixed_dictionaries({
    "period": st.one_of(st.none(), st.sampled_from(["2025", "2025-03", "2025-Q2", "2025-12-31", "2026-01", "2024"])),
    "status": st.one_of(st.none(), st.just("done")),
    "type": st.one_of(st.none(), st.just("x.meeting")),
})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(EVENT, max_size=20), questions=st.lists(QUESTION, min_size=1, max_size=4))
def test_a_read_answers_as_a_transaction(tmp_path_factory, events, questions):
    path = tmp_path_factory.mktemp("ev") / "h"
    init_home(Home(path), name="测试", level="社区")
    with Home(path).transaction("seed") as s:
        for i, e in enumerate(events, start=1):
            doc = {"title": f"活动{i}", "date": (date(2025, 1, 1) + timedelta(days=e["day"])).isoformat(),
                   "status": e["status"], "type": e["type"]}
            doc.update({k: e[k] for k in ("time", "domain") if e[k]})
            s.put("events", "events", i, doc)
    answers = []
    for write in (False, True):
        with open_home(path, write=write, plugins=[], today="2025-12-31") as ctx:
            answers.append([ctx.events.query(**q) for q in questions])
    assert answers[0] == answers[1]
