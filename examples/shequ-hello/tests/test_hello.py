"""The teaching plugin: contract, record type, command, festival and duty.

``shequ.testing`` gives plugin tests two helpers: ``check_plugin`` runs the plugin
contract, and ``runner`` gives a CLI with the core and this plugin only.
"""

from __future__ import annotations

import json

import shequ_hello
from shequ.testing import check_plugin, runner


def test_contract():
    assert check_plugin(shequ_hello) == []


def test_greetings_counted_per_month(tmp_path):
    run = runner(tmp_path / "h", shequ_hello, today="2025-12-31")
    run("init")
    for day in ("2025-01-29", "2025-01-30", "2025-10-29"):
        run("record", "add", "hello.greeting", "--field", "text=节日好", "--field", f"date={day}")
    assert json.loads(run("hello", "--period", "2025", "--json").stdout) == [
        {"month": "2025-01", "count": 2}, {"month": "2025-10", "count": 1}]
    assert "2025-01" in run("hello", "--period", "2025").stdout
    assert run("hello", "-p", "2025", "-f", "csv").stdout.splitlines()[1:] == ["2025-01,2", "2025-10,1"]
    assert run("问候", "--period", "2025-Q2").stdout == "2025年第二季度没有问候记录\n"
    assert json.loads(run("问候", "--period", "2025-Q2", "--json").stdout) == []
    err = run("record", "add", "hello.greeting", "--field", "text=x", "--field", "date=2026-01-01",
              "--field", "count=-1", code=1).stderr
    assert "人数不能为负数" in err and "在今天（2025-12-31）之后" in err
    rows = json.loads(run("record", "list", "hello.greeting", "--json").stdout)
    assert [r["channel"] for r in rows] == ["微信群"] * 3


def test_festival_and_duty_reach_the_calendar(tmp_path):
    run = runner(tmp_path / "h", shequ_hello, today="2025-02-10")
    run("init")
    days = json.loads(run("calendar", "festivals", "--year", "2025", "--json").stdout)
    assert next(d for d in days if d["name"] == "世界问候日")["date"] == "2025-11-21"
    duties = {d["id"]: d for d in json.loads(run("duties", "list", "--json").stdout)}
    assert duties["hello.new_year_greeting"]["plugin"] == "shequ_hello"
    run("calendar", "add", "新春问候", "--date", "2025-01-20", "--done")
    status = json.loads(run("duties", "status", "--period", "2025", "--json").stdout)
    assert status[0]["id"] == "hello.new_year_greeting" and status[0]["status"] == "met"
