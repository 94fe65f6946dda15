"""Duties a period asks nothing of are 不适用 — never 已完成 — in every count (hardening #15, item 6).

The 月报 said "29项工作职责中已完成20项" where 6 were "本期无此时段", one "0/0" and a duty
for everyone in an empty category: counted as done, they overstated the work.
"""

from __future__ import annotations

import json

import pytest

DUTIES = [
    {"id": "own.meeting", "title": "居民例会", "kind": "quota", "per": "month", "min": 1, "match": {"title_contains": "例会"}},
    {"id": "own.summer", "title": "暑假青少年活动", "kind": "window", "window": "暑假", "match": {"title_contains": "暑假"}},
    {"id": "own.flag", "title": "国庆升旗", "kind": "fixed", "rrule": "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1",
     "match": {"title_contains": "升旗"}},
    {"id": "own.elders", "title": "百岁老人每年走访", "kind": "per_person", "per": "year", "min": 1,
     "population": {"tag": "百岁老人"}, "match": {"title_contains": "走访"}},
]


@pytest.fixture
def home(run, tmp_path, monkeypatch):
    monkeypatch.setenv("SHEQU_TODAY", "2025-12-31")
    path = tmp_path / "duties.json"
    path.write_text(json.dumps(DUTIES, ensure_ascii=False), "utf-8")
    run("duties", "add", str(path))
    for m in ("01", "02", "03"):  # the 月报 counts the year to date
        run("calendar", "add", "居民例会", "--date", f"2025-{m}-12", "--done")
    return run


def test_duties_status_shows_not_applicable_apart_and_strict_is_not_alarmed(home):
    rows = {r["id"]: r for r in json.loads(home("duties", "status", "--period", "2025-03", "--json").stdout)}
    assert {k: r["status"] for k, r in rows.items()} == {
        "own.meeting": "met", "own.summer": "na", "own.flag": "na", "own.elders": "na"}
    table = home("duties", "status", "--period", "2025-03")
    assert "4项工作职责：已完成1项，未完成0项，本期不适用3项" in table.stderr
    assert table.stdout.count("不适用") == 3 and table.stdout.count("已完成") == 1
    home("duties", "status", "--period", "2025-03", "--strict")  # 不适用 is no problem: exit 0


def test_monthly_report_counts_not_applicable_apart(home):
    report = json.loads(home("report", "monthly", "--period", "2025-03", "--json").stdout)
    duties = next(s for s in report["sections"] if s["title"] == "工作职责完成情况")
    assert duties["paragraphs"][0] == "截至2025-03-31，4项工作职责：已完成1项，未完成0项，本期不适用3项。"
    assert duties["figures"]["met"] == 1 and duties["figures"]["na"] == 3 and duties["figures"]["total"] == 4
    states = {row[0]: row[2] for row in duties["tables"][0]["rows"]}
    assert states == {"居民例会": "已完成", "暑假青少年活动": "不适用", "国庆升旗": "不适用", "百岁老人每年走访": "不适用"}


def test_a_checklist_item_bound_to_a_not_applicable_duty_is_not_applicable(home, tmp_path):
    template = tmp_path / "t.json"
    template.write_text(json.dumps({"id": "own.month", "title": "月度工作", "items": [
        {"id": "meeting", "text": "召开居民例会", "rule": {"duty": "own.meeting"}, "weight": 50},
        {"id": "summer", "text": "暑假青少年活动", "rule": {"duty": "own.summer"}, "weight": 50}]}, ensure_ascii=False), "utf-8")
    home("checklist", "template", "add", str(template))
    rid = home("checklist", "start", "own.month", "--period", "2025-03").stdout.strip()
    shown = json.loads(home("checklist", "show", rid, "--json").stdout)
    assert {i["id"]: i["state"] for i in shown["items"]} == {"meeting": "met", "summer": "na"}
    assert shown["score"] == 100  # the 不适用 item weighs nothing either way
    row = next(r for r in json.loads(home("checklist", "status", "--period", "2025-03", "--json").stdout) if r["id"] == int(rid))
    assert (row["progress"], row["done"], row["applicable"], row["na"]) == ("1/1（不适用1项）", 1, 1, 1)
    report = json.loads(home("report", "monthly", "--period", "2025-03", "--json").stdout)
    lists = next(s for s in report["sections"] if s["title"] == "台账与创建工作")
    assert lists["tables"][0]["rows"][0][3] == "1/1（不适用1项）"
