"""The teaching plugin: contract, record type and command."""

from __future__ import annotations

import json

from click.testing import CliRunner

import shequ_hello
from shequ.cli import build_cli
from shequ.plugins import get_plugin_manager
from shequ.testing import check_plugin


def test_contract():
    assert check_plugin(shequ_hello) == []


def test_greetings_counted_per_month(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEQU_TODAY", "2025-12-31")
    cli = build_cli(get_plugin_manager(entrypoints=False, plugins=(shequ_hello,)))
    home = ["--home", str(tmp_path / "h")]

    def run(*args, code=0):
        r = CliRunner().invoke(cli, [*home, *args])
        assert r.exit_code == code, r.output
        return r

    run("init")
    for day in ("2025-01-29", "2025-01-30", "2025-10-29"):
        run("record", "add", "hello.greeting", "--field", "text=节日好", "--field", f"date={day}")
    assert run("hello", "--period", "2025").stdout == "2025-01  2 次\n2025-10  1 次\n"
    assert run("问候", "--period", "2025-Q2").stdout == "2025年第二季度没有问候记录\n"
    err = run("record", "add", "hello.greeting", "--field", "text=x", "--field", "date=2026-01-01", "--field", "count=-1", code=1).stderr
    assert "人数不能为负数" in err and "在今天（2025-12-31）之后" in err
    rows = json.loads(run("record", "list", "hello.greeting", "--json").stdout)
    assert [r["channel"] for r in rows] == ["微信群"] * 3


def test_festival_and_duty_reach_the_calendar(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEQU_TODAY", "2025-02-10")
    cli = build_cli(get_plugin_manager(entrypoints=False, plugins=(shequ_hello,)))
    home = ["--home", str(tmp_path / "h")]
    run = lambda *a: CliRunner().invoke(cli, [*home, *a])
    assert run("init").exit_code == 0
    days = json.loads(run("calendar", "festivals", "--year", "2025", "--json").stdout)
    assert {"date": "2025-11-21", "name": "世界问候日"}.items() <= next(d for d in days if d["name"] == "世界问候日").items()
    duties = {d["id"]: d for d in json.loads(run("duties", "list", "--json").stdout)}
    assert duties["hello.new_year_greeting"]["plugin"] == "shequ_hello"
    assert run("calendar", "add", "新春问候", "--date", "2025-01-20", "--done").exit_code == 0
    status = json.loads(run("duties", "status", "--period", "2025", "--json").stdout)
    assert status[0]["id"] == "hello.new_year_greeting" and status[0]["status"] == "met"
