"""The duty engine: validation, occurrences, status states, planning."""

from __future__ import annotations

from datetime import date


from shequ.settings import SETTINGS
from shequ.duties.rules import validate
from shequ.duties.engine import Context, evaluate, occurrences, plan_dates
from shequ.calendar.festivals import find
from shequ.periods import parse_period
from shequ.calendar.workdays import WorkCalendar

D = date.fromisoformat
SETTINGS_PARSED = {k: s.parse(s.default) for k, s in SETTINGS.items()}


def ev(day: str, title: str = "党课", domain: str = "dangjian", status: str = "done", **kw):  # type: ignore[no-untyped-def]
    return {"date": day, "title": title, "domain": domain, "status": status, **kw}


def ctx(events, today="2025-12-31", people=()):  # type: ignore[no-untyped-def]
    return Context(events=events, today=D(today), workcal=WorkCalendar(), settings=SETTINGS_PARSED,
                   people=lambda pop: list(people), festival_date=lambda n, y: find(n, y))


DANGKE = {"id": "d", "title": "党课", "kind": "quota", "per": "year", "min": 4,
          "match": {"domain": "dangjian", "title_contains": "党课"}}


def test_validate_reports_everything():
    assert validate(DANGKE) == []
    bad = validate({"id": "x", "title": "t", "kind": "quota", "per": "week", "min": 5, "max": 2})
    assert any("per 应为" in p for p in bad) and any("大于上限" in p for p in bad)
    assert any("RRULE 无法解析" in p for p in validate({"id": "f", "title": "t", "kind": "fixed", "rrule": "FREQ=SOMETIMES"}))
    assert any("未知的类型" in p for p in validate({"id": "k", "title": "t", "kind": "often"}))
    assert any("window 应为" in p for p in validate({"id": "w", "title": "t", "kind": "window", "window": "雨季"}))


def test_quota_states_over_a_year():
    span = parse_period("2025")
    two = [ev("2025-03-01"), ev("2025-06-01")]
    assert evaluate(DANGKE, span, ctx(two, today="2025-07-01")).status == "pending"  # 2 by July: on pace
    assert evaluate(DANGKE, span, ctx(two[:1], today="2025-09-30")).status == "behind"
    assert evaluate(DANGKE, span, ctx(two, today="2026-01-05")).status == "overdue"
    four = two + [ev("2025-09-01"), ev("2025-11-01")]
    res = evaluate(DANGKE, span, ctx(four))
    assert res.status == "met" and res.progress == "4/4"
    planned = two + [ev("2025-09-01", status="planned"), ev("2025-11-01", status="cancelled")]
    assert evaluate(DANGKE, span, ctx(planned, today="2026-01-05")).progress == "2/4"


def test_quota_half_year_view_of_a_yearly_quota():
    res = evaluate(DANGKE, parse_period("2025-H1"), ctx([ev("2025-03-01"), ev("2025-06-01")]))
    assert res.status == "pending" and res.progress == "2/4"


def test_monthly_quota_and_max():
    duty = {"id": "z", "title": "支委会", "kind": "quota", "per": "month", "min": 1, "max": 2,
            "match": {"title_contains": "支委会"}}
    events = [ev(f"2025-{m:02d}-10", "支委会") for m in (1, 2, 4, 5, 6)] + [ev("2025-05-20", "支委会"), ev("2025-05-25", "支委会")]
    res = evaluate(duty, parse_period("2025-H1"), ctx(events))
    assert res.status == "overdue"  # March missing
    assert "2025年3月：0/1（逾期）" in res.detail and "2025年5月：3/1（超出上限）" in res.detail


def test_linked_events_count_even_without_a_match_rule():
    duty = {"id": "x.y", "title": "自定义", "kind": "quota", "per": "year", "min": 1}
    assert evaluate(duty, parse_period("2025"), ctx([ev("2025-05-01", "随便", duty="x.y")])).status == "met"
    assert evaluate(duty, parse_period("2025"), ctx([ev("2025-05-01", "随便")], today="2026-01-02")).status == "overdue"


def test_fixed_first_wednesdays_2025():
    duty = {"id": "p", "title": "党员活动日", "kind": "fixed", "rrule": "FREQ=MONTHLY;BYDAY=1WE"}
    occ = occurrences(duty, parse_period("2025"), WorkCalendar())
    assert [d.isoformat() for d, _ in occ][:3] == ["2025-01-01", "2025-02-05", "2025-03-05"]
    assert len(occ) == 12
    shifted = occurrences({**duty, "shift": "next-workday"}, parse_period("2025"), WorkCalendar())
    assert shifted[0] == (D("2025-01-01"), D("2025-01-02"))  # 元旦
    assert (D("2025-10-01"), D("2025-10-09")) in shifted  # 国庆 falls on a first Wednesday too
    skipped = occurrences({**duty, "shift": "skip"}, parse_period("2025"), WorkCalendar())
    assert len(skipped) == 10 and D("2025-01-01") not in [d for _, d in skipped]


def test_last_workday_of_each_month():
    duty = {"id": "l", "title": "月底报表", "kind": "fixed", "rrule": "FREQ=MONTHLY;BYMONTHDAY=-1", "shift": "previous-workday"}
    days = [d for _, d in occurrences(duty, parse_period("2025"), WorkCalendar())]
    assert D("2025-05-30") in days and D("2025-08-29") in days and D("2025-09-30") in days
    assert all(WorkCalendar().is_workday(d) for d in days)


def test_fixed_status():
    duty = {"id": "p", "title": "党员活动日", "kind": "fixed", "rrule": "FREQ=MONTHLY;BYDAY=1WE", "shift": "next-workday",
            "match": {"title_contains": "党员活动日"}}
    events = [ev("2025-01-02", "党员活动日"), ev("2025-02-05", "党员活动日")]
    res = evaluate(duty, parse_period("2025-Q1"), ctx(events, today="2025-03-10"))
    assert res.status == "overdue" and res.detail == ["2025-03-05 未开展"]


def test_window_before_spring_festival_and_spring():
    couplets = {"id": "c", "title": "春联", "kind": "window", "window": "before:春节:30", "min": 1,
                "match": {"title_contains": "春联"}}
    assert evaluate(couplets, parse_period("2025"), ctx([ev("2025-01-20", "送春联")])).status == "met"
    assert evaluate(couplets, parse_period("2025"), ctx([ev("2025-02-20", "送春联")])).status == "overdue"
    spring = {"id": "s", "title": "体检", "kind": "window", "window": "春季", "match": {"title_contains": "体检"}}
    assert evaluate(spring, parse_period("2025"), ctx([ev("2025-06-01", "体检")])).status == "overdue"


def test_deadline():
    duty = {"id": "f", "title": "登记卡", "kind": "deadline", "due": "01-31", "match": {"title_contains": "登记"}}
    assert evaluate(duty, parse_period("2025"), ctx([ev("2025-01-15", "登记")])).status == "met"
    assert evaluate(duty, parse_period("2025"), ctx([ev("2025-02-15", "登记")])).status == "overdue"
    assert evaluate(duty, parse_period("2025"), ctx([], today="2025-01-10")).status == "pending"


def test_per_person_training_days():
    duty = {"id": "t", "title": "培训", "kind": "per_person", "per": "year", "min": 7, "metric": "sum:days",
            "population": {"tag": "党员"}, "match": {"fields": {"form": "培训"}}}
    events = [ev("2025-03-01", "培训", attendees=[1, 2], fields={"form": "培训", "days": "4"}),
              ev("2025-09-01", "培训", attendees=[1], fields={"form": "培训", "days": "3"})]
    res = evaluate(duty, parse_period("2025"), ctx(events, today="2026-01-02", people=[(1, "甲"), (2, "乙")]))
    assert res.status == "overdue" and "乙(4)" in res.detail[0] and "甲" not in res.detail[0]


def test_event_relative_six_months():
    duty = {"id": "r", "title": "连续6个月", "kind": "event_relative", "months": 6, "population": {"tag": "党员"},
            "match": {"domain": "dangjian"}}
    events = [ev("2025-01-10", "活动日", attendees=[1, 2]), ev("2025-08-10", "活动日", attendees=[1])]
    res = evaluate(duty, parse_period("2025"), ctx(events, people=[(1, "甲"), (2, "乙"), (3, "丙")]))
    assert res.status == "overdue" and res.detail == ["乙：最近一次 2025-01-10", "丙：从未参加"]


def test_a_duty_the_period_asks_nothing_of_is_not_applicable_never_met():
    """Hardening #15 item 6: "本期无此时段", a fixed duty with no date in the period (0/0) and a
    per-person duty with nobody to count were 已完成, and 月报 said 20 of 29 duties were done."""
    march = parse_period("2025-03")
    summer = {"id": "w", "title": "暑假活动", "kind": "window", "window": "暑假", "match": {"title_contains": "暑假"}}
    themes = {"id": "q", "title": "主题活动", "kind": "quota", "per": "month", "min": 1, "in_months": [7, 8],
              "match": {"title_contains": "主题"}}
    yearly = {"id": "f", "title": "年报", "kind": "deadline", "due": "12-31", "match": {"title_contains": "年报"}}
    day = {"id": "x", "title": "国庆升旗", "kind": "fixed", "rrule": "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1",
           "match": {"title_contains": "升旗"}}
    training = {"id": "t", "title": "培训", "kind": "per_person", "per": "year", "min": 7, "population": {"tag": "党员"}}
    absent = {"id": "r", "title": "连续6个月", "kind": "event_relative", "months": 6, "population": {"tag": "党员"}}
    got = {d["id"]: evaluate(d, march, ctx([], today="2025-12-31")) for d in (summer, themes, yearly, day, training, absent)}
    assert {k: s.status for k, s in got.items()} == dict.fromkeys(got, "na")
    assert got["w"].progress == "本期无此时段" and got["x"].progress == "本期无此日期" and got["t"].progress.startswith("0 人")
    # The same duties where the period does ask: met, overdue … as before.
    assert evaluate(day, parse_period("2025"), ctx([ev("2025-10-01", "升旗")])).status == "met"
    assert evaluate(training, march, ctx([], people=[(1, "甲")])).status == "behind"


def test_tally_counts_not_applicable_apart():
    from shequ.duties.engine import Status, tally, tally_text

    states = ["met"] * 13 + ["pending"] * 5 + ["behind"] * 2 + ["overdue"] * 2 + ["na"] * 7 + ["off"]
    t = tally([Status("i", "t", "", "quota", s, "", [], "") for s in states])
    assert (t["total"], t["met"], t["undone"], t["na"], t["off"]) == (29, 13, 9, 7, 1)
    assert tally_text(t) == "29项工作职责：已完成13项，未完成9项（进行中5项、落后2项、逾期2项），本期不适用7项"


def test_disabled_duty_is_off():
    assert evaluate({**DANGKE, "enabled": False}, parse_period("2025"), ctx([])).status == "off"


def test_plan_dates_spread_a_quota_on_workdays():
    dates = plan_dates(DANGKE, parse_period("2026"), WorkCalendar())
    assert len(dates) == 4 and all(WorkCalendar().is_workday(d) for _, d in dates)
    assert [d.month for _, d in dates] == [1, 4, 7, 10]
    # 2026-01-01..03 is 元旦; Sunday 01-04 is a 调休 workday, so the first 党课 lands there.
    assert dates[0] == (D("2026-01-01"), D("2026-01-04"))


def test_shared_event_index_changes_no_status(monkeypatch):
    """``Context.index`` narrows each duty to its domain's, linked and inspection events;
    over a mixed year every kind of match rule must give what a scan of all events gives."""
    import random

    rng = random.Random(7)
    domains = ["dangjian", "pufa", "kepu", None]
    titles = ["党课", "支委会", "普法讲座", "科普活动", "检查"]
    events = []
    for n in range(400):
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        extra = {}
        if rng.random() < 0.1:
            extra["duty"] = rng.choice(["d", "z", "linked", "insp"])
        if rng.random() < 0.05:
            extra["inspection_of"] = "tpl"
        if rng.random() < 0.3:
            extra["type"] = rng.choice(["pufa.activity", "kepu.activity"])
        events.append(ev(day, rng.choice(titles), rng.choice(domains), rng.choice(["done", "done", "planned"]), **extra))
    duties = [
        DANGKE,
        {"id": "z", "title": "支委会", "kind": "quota", "per": "month", "min": 4, "match": {"title_contains": "支委会"}},
        {"id": "linked", "title": "只认关联", "kind": "quota", "per": "year", "min": 3},
        {"id": "dom", "title": "普法", "kind": "quota", "per": "quarter", "min": 40, "domain": "pufa"},
        {"id": "insp", "title": "检查", "kind": "quota", "per": "year", "min": 2, "match": {"inspection": "tpl"}},
        {"id": "kepu", "title": "科普", "kind": "window", "window": "上半年", "min": 30, "match": {"domain": "kepu"}},
        {"id": "typed", "title": "普法活动", "kind": "quota", "per": "month", "min": 2, "domain": "pufa",
         "match": {"type": "pufa.activity", "title_contains": "讲座"}},
    ]
    import shequ.duties.engine as engine

    span = parse_period("2025")
    shared = ctx(events)._replace(index={})
    indexed = [evaluate(duty, span, shared) for duty in duties]
    # The index really narrows: a domain rule never sees another domain's events …
    assert all(e["domain"] == "pufa" or e.get("duty") == "dom" for e in engine._candidates(duties[3], shared))
    # … and yet every status equals a scan of all held events.
    monkeypatch.setattr(engine, "_candidates", lambda duty, c: engine._done(c))
    assert [evaluate(duty, span, ctx(events)) for duty in duties] == indexed
    assert {s.status for s in indexed} - {"met"}  # not a trivial year
