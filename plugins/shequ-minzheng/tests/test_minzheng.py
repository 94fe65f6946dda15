"""The 民政 plugin through the CLI: contract, cases, payments, reviews, 公示, privacy, bad inputs, reports."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
import shequ_minzheng
from shequ.testing import check_category_members, check_plugin, runner

#: Sensitive people: their names must never appear in a report or a masked listing.
SENSITIVE = ("低保甲", "低保乙", "孤儿甲", "孤儿乙", "残疾甲")
ID_CARD = "330106195407190516"  # 低保甲 (a valid number: 1954-07-19)


def test_contract():
    assert check_plugin(shequ_minzheng) == []


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEQU_USER", "民政专干")
    invoke = runner(tmp_path / "h", shequ_minzheng, today="2025-03-20")
    invoke("init", "--name", "测试社区")
    invoke("people", "add", "低保甲", "--id-card", ID_CARD, "--household", "H0001")
    invoke("people", "add", "低保乙", "--birth", "1970-05-01", "--household", "H0002")
    invoke("people", "add", "孤儿甲", "--birth", "2014-06-01")
    invoke("people", "add", "孤儿乙", "--birth", "2016-09-01")
    invoke("people", "add", "残疾甲", "--birth", "1960-01-01")
    invoke("people", "add", "老人九十", "--birth", "1935-03-15")  # turns 90 in March 2025
    invoke("people", "add", "老人八十", "--birth", "1945-04-05")  # turns 80 in April 2025
    invoke("people", "add", "老人甲", "--birth", "1940-01-01")
    invoke("people", "add", "退伍兵", "--birth", "1990-01-01")
    invoke("ledger", "add", "--in", "--amount", "20000", "--account", "收入:上级拨款:孤儿生活费", "--fund", "孤儿生活费",
           "--date", "2025-01-02")
    invoke("ledger", "add", "--in", "--amount", "5000", "--account", "收入:上级拨款:尊老金", "--fund", "尊老金",
           "--date", "2025-01-02")
    return invoke


def log(run):
    return json.loads(run("log", "--json").stdout)


def entries(run):
    return json.loads(run("ledger", "list", "--json").stdout)


def dibao(run, who="低保甲", opened="2025-01-03", declared="2025-01-10", granted="2025-01-20", *extra):
    """A 低保 case taken through its stages; returns its id."""
    rid = run("minzheng", "case", "add", who, "--program", "低保", "--date", opened, "--members", "2").stdout.strip()
    run("minzheng", "case", "advance", rid, "--to", "申报", "--date", declared)
    run("minzheng", "case", "advance", rid, "--to", "发放", "--date", granted, *extra)
    return rid


# -- 孤儿: monthly, to the card, never twice -----------------------------------------------------------
def test_orphan_payments_run_twice_without_paying_twice(run):
    for who in ("孤儿甲", "孤儿乙"):
        run("minzheng", "orphan", "add", who, "--from", "2025-01", "--card", "6222021234567890123")
    before = log(run)
    dry = run("minzheng", "pay", "run", "--month", "2025-03", "--json")
    rows = json.loads(dry.stdout)
    assert [r["amount"] for r in rows] == ["750.00", "750.00"] and not any(r["paid"] for r in rows)
    assert "试算（未记账）" in dry.stderr and "共 1500.00 元" in dry.stderr
    assert log(run) == before and entries(run) and len(entries(run)) == 2  # a dry run writes nothing (2 = the incomes)
    run("minzheng", "pay", "run", "--month", "2025-03", "--yes", "--date", "2025-03-10")
    paid = [e for e in entries(run) if e["account"] == "支出:民政:孤儿生活费"]
    assert len(paid) == 2 and {e["schedule_month"] for e in paid} == {"2025-03"} and {e["fund"] for e in paid} == {"孤儿生活费"}
    again = run("minzheng", "pay", "run", "--month", "2025-03", "--yes")
    assert "已全部发放，未重复记账" in again.stderr
    before = log(run)
    err = run("minzheng", "pay", "run", "--month", "2025-03", "--person", "孤儿甲", "--yes", code=1).stderr
    assert "已发放" in err and "不能重复发放" in err and "孤儿甲" not in err
    assert log(run) == before and len(entries(run)) == 4
    status = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025-03", "--json").stdout)}
    assert status["minzheng.orphan_monthly"]["status"] == "met"
    assert status["minzheng.zunlaojin_monthly"]["status"] != "met"  # nothing paid for 尊老金
    # one event per program and month, no names
    events = json.loads(run("calendar", "list", "--period", "2025-03", "--json").stdout)
    assert [e["title"] for e in events] == ["2025年3月孤儿生活费发放"] and events[0]["fields"]["cases"] == 2


def test_orphan_standard_is_a_setting_and_stops_take_effect_in_the_month(run):
    run("config", "set", "minzheng.orphan_allowance", "800")
    rid = run("minzheng", "orphan", "add", "孤儿甲", "--from", "2025-01").stdout.strip()
    assert json.loads(run("minzheng", "pay", "list", "--month", "2025-01", "--json").stdout)[0]["amount"] == "800.00"
    assert "最多两位小数" in run("config", "set", "minzheng.orphan_allowance", "750.005", code=2).stderr
    assert "已在孤儿生活费发放名单中" in run("minzheng", "orphan", "add", "孤儿甲", code=1).stderr
    run("minzheng", "pay", "run", "--month", "2025-01", "--yes", "--date", "2025-01-10")
    run("minzheng", "orphan", "stop", rid, "--reason", "被收养", "--date", "2025-03-05")
    months = {r["month"] for m in ("2025-02", "2025-03")
              for r in json.loads(run("minzheng", "pay", "list", "--month", m, "--json").stdout)}
    assert months == {"2025-02"}  # 当月: stopped in March, February is the last month
    changes = json.loads(run("minzheng", "pay", "changes", "--month", "2025-03", "--json").stdout)
    assert [(c["change"], c["reason"]) for c in changes] == [("停发", f"孤儿 #{rid}：被收养")]
    err = run("minzheng", "pay", "run", "--month", "2025-03", "--person", "孤儿甲", "--yes", code=1).stderr
    assert "已停发" in err and "最后发放月份 2025-02" in err
    before = log(run)
    err = run("minzheng", "orphan", "add", "孤儿甲", "--from", "2025-02", code=1).stderr
    assert "与自 2025-02 起的新发放重叠" in err and log(run) == before  # February belongs to the first payment
    run("minzheng", "orphan", "add", "孤儿甲", "--from", "2025-04")


def test_a_fund_that_cannot_cover_the_run_is_refused_whole(run, tmp_path):
    other = runner(tmp_path / "h2", shequ_minzheng, today="2025-03-20")
    other("init")
    other("people", "add", "孤儿丙", "--birth", "2015-01-01")
    other("minzheng", "orphan", "add", "孤儿丙", "--from", "2025-01")
    assert "孤儿生活费余额 0.00 元，不足本次应发 750.00 元" in other("minzheng", "pay", "run", "--month", "2025-01").stderr
    before = json.loads(other("log", "--json").stdout)
    err = other("minzheng", "pay", "run", "--month", "2025-01", "--yes", code=1).stderr
    assert "余额" in err and json.loads(other("log", "--json").stdout) == before


# -- 社会救助: stages, stop, review, and the bad inputs of the issue ----------------------------------------------
def test_case_moves_through_its_stages_and_refuses_the_bad_inputs(run):
    rid = run("minzheng", "case", "add", "低保甲", "--program", "低保", "--date", "2025-01-03", "--members", "2",
              "--tekun").stdout.strip()
    before = log(run)
    err = run("minzheng", "case", "advance", rid, "--to", "发放", "--monthly", "650", code=1).stderr
    assert "尚未申报，不能直接发放" in err and log(run) == before
    run("minzheng", "case", "advance", rid, "--to", "申报", "--date", "2025-01-10")
    before = log(run)
    err = run("minzheng", "case", "advance", rid, "--to", "发放", "--date", "2025-01-20", "--monthly", "650.125", code=1).stderr
    assert err.strip() == "错误：月救助金额最多两位小数（精确到分）：650.125"
    assert log(run) == before and json.loads(run("ledger", "schedule", "list", "--json").stdout) == []
    run("minzheng", "case", "advance", rid, "--to", "发放", "--date", "2025-01-20", "--monthly", "650")
    case = json.loads(run("minzheng", "case", "list", "--json").stdout)[0]
    assert case["stage"] == "发放" and case["monthly"] == "650.00" and case["review_due"] == "2026-01-20"
    run("minzheng", "pay", "run", "--month", "2025-01", "--yes", "--date", "2025-01-25")
    run("minzheng", "pay", "run", "--month", "2025-02", "--yes", "--date", "2025-02-25")
    assert "该人员已有在办的低保救助" in run("minzheng", "case", "add", "低保甲", "--program", "低保", code=1).stderr
    run("minzheng", "case", "stop", rid, "--reason", "家庭收入超过低保标准", "--date", "2025-03-05")
    before = log(run)
    err = run("minzheng", "case", "review", rid, "--result", "继续享受", code=1).stderr
    assert "已于 2025-03-05 停发" in err and "不能再年审" in err
    err = run("minzheng", "pay", "run", "--month", "2025-03", "--person", "低保甲", "--yes", code=1).stderr
    assert "已停发" in err and "家庭收入超过低保标准" in err
    err = run("minzheng", "case", "pay", rid, "--amount", "100", code=1).stderr
    assert "已于 2025-03-05 停发" in err
    assert "已停发，不能再推进" in run("minzheng", "case", "advance", rid, "--to", "申报", code=1).stderr
    assert log(run) == before
    # the record-level rule holds for the generic commands too
    err = run("record", "add", "minzheng.case", "--field", "person=低保乙", "--field", "program=低保",
              "--field", "opened=2025-03-01", "--field", "stage=发放", "--field", "granted=2025-03-02", code=1).stderr
    assert "须先申报" in err


def test_a_payment_with_three_decimals_or_twice_in_a_month_is_refused(run):
    big = run("minzheng", "case", "add", "低保乙", "--program", "大病救助", "--date", "2025-02-01").stdout.strip()
    run("minzheng", "case", "advance", big, "--to", "申报", "--date", "2025-02-05")
    before = log(run)
    assert "救助金额最多两位小数" in run("minzheng", "case", "advance", big, "--to", "发放", "--once", "5000.001",
                                          code=1).stderr
    assert log(run) == before
    run("minzheng", "case", "advance", big, "--to", "发放", "--date", "2025-02-10", "--once", "5000")
    paid = [e for e in entries(run) if e["account"] == "支出:民政:大病救助"]
    assert len(paid) == 1 and paid[0]["mz_case"] == int(big) and paid[0]["memo"] == f"大病救助（救助 #{big}）"
    assert json.loads(run("minzheng", "case", "list", "--json").stdout)[0]["stage"] == "办结"
    assert "已办结，不需要年审" in run("minzheng", "case", "review", big, "--result", "继续享受", code=1).stderr
    rid = dibao(run)  # paid by the level above: no schedule
    run("minzheng", "case", "pay", rid, "--amount", "300", "--date", "2025-03-02")
    before = log(run)
    err = run("minzheng", "case", "pay", rid, "--amount", "300", "--date", "2025-03-15", code=1).stderr
    assert "2025-03 已发放" in err and "每月只发放一次" in err
    assert "金额最多两位小数" in run("minzheng", "case", "pay", rid, "--amount", "1.999", "--date", "2025-04-01", code=1).stderr
    assert "不是有效的数字" in run("minzheng", "case", "pay", rid, "--amount", "三百", code=1).stderr
    assert log(run) == before


def test_adjusting_a_monthly_amount_keeps_the_months_already_paid(run):
    rid = dibao(run, "低保甲", "2024-12-01", "2024-12-10", "2025-01-05", "--monthly", "650")
    run("minzheng", "pay", "run", "--month", "2025-01", "--yes", "--date", "2025-01-10")
    run("minzheng", "pay", "run", "--month", "2025-02", "--yes", "--date", "2025-02-10")
    assert "须给出调整后的月救助金额" in run("minzheng", "case", "review", rid, "--result", "调整待遇", code=1).stderr
    run("minzheng", "case", "change", rid, "--kind", "家庭人口变化", "--date", "2025-03-01", "--note", "新增一名子女")
    run("minzheng", "case", "review", rid, "--result", "调整待遇", "--monthly", "800", "--date", "2025-03-10")
    rows = json.loads(run("minzheng", "pay", "list", "--month", "2025-03", "--json").stdout)
    assert [(r["amount"], r["change"], r["old_amount"]) for r in rows] == [("800.00", "调整", "650.00")]
    paid = sorted((e["schedule_month"], e["amount"]) for e in entries(run) if e["account"] == "支出:民政:低保")
    assert paid == [("2025-01", "650.00"), ("2025-02", "650.00")]
    review = json.loads(run("record", "list", "minzheng.review", "--json").stdout)[0]
    assert review["kind"] == "动态复核" and review["monthly"] == "800.00"  # a change was open: 动态复核
    case = json.loads(run("minzheng", "case", "list", "--json").stdout)[0]
    assert case["reopened"] is None and case["review_due"] == "2026-01-05"  # 动态复核 keeps the yearly cycle


def test_reviews_due_overdue_and_reopened(run):
    late = dibao(run, "低保甲", "2024-01-05", "2024-01-20", "2024-02-10")
    soon = dibao(run, "低保乙", "2024-03-05", "2024-03-10", "2024-04-01")
    fresh = run("minzheng", "case", "add", "残疾甲", "--program", "重度残疾人生活补助", "--date", "2025-01-02").stdout.strip()
    run("minzheng", "case", "advance", fresh, "--to", "申报", "--date", "2025-01-05")
    run("minzheng", "case", "advance", fresh, "--to", "发放", "--date", "2025-01-10")
    run("minzheng", "case", "change", fresh, "--kind", "收入变化", "--date", "2025-03-01")
    due = json.loads(run("minzheng", "review", "due", "--json").stdout)
    assert [(r["id"], r["status"]) for r in due] == [(int(late), "逾期"), (int(fresh), "情况变化待复核"), (int(soon), "即将到期")]
    assert due[0]["days_late"] == (date(2025, 3, 20) - date(2025, 2, 10)).days and due[0]["person"] == "（已隐去）"
    run("minzheng", "review", "due", "--strict", code=3)
    table = run("minzheng", "review", "due").stdout
    assert "低保甲" not in table and "逾期" in table
    assert json.loads(run("duties", "status", "--period", "2025", "--json").stdout)  # builds
    run("minzheng", "case", "review", late, "--result", "继续享受", "--date", "2025-03-18")
    run("minzheng", "case", "review", fresh, "--result", "继续享受", "--date", "2025-03-19")
    due = json.loads(run("minzheng", "review", "due", "--json").stdout)
    assert [(r["id"], r["status"]) for r in due] == [(int(soon), "即将到期")]
    run("minzheng", "review", "due", "--strict")  # 即将到期 alone needs no attention yet
    st = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["minzheng.annual_review"]["status"] == "met"
    reviewed = json.loads(run("minzheng", "case", "list", "--json").stdout)
    assert {r["id"]: r["review_due"] for r in reviewed}[int(late)] == "2026-03-18"


def test_stop_in_the_month_payments_started_needs_an_explicit_last_month(run):
    rid = dibao(run, "低保甲", "2025-02-01", "2025-03-01", "2025-03-02", "--monthly", "500")
    before = log(run)
    err = run("minzheng", "case", "stop", rid, "--reason", "迁出", "--date", "2025-03-15", code=1).stderr
    assert "一个月也不应发放" in err and "--last-paid 2025-03" in err and log(run) == before
    run("minzheng", "case", "stop", rid, "--reason", "迁出", "--date", "2025-03-15", "--last-paid", "2025-03")
    assert json.loads(run("ledger", "schedule", "list", "--json").stdout)[0]["to"] == "2025-03"


def test_change_effective_next_month_is_a_setting(run):
    run("config", "set", "minzheng.change_effective", "次月")
    rid = dibao(run, "低保甲", "2025-01-02", "2025-01-05", "2025-01-20", "--monthly", "600")
    assert json.loads(run("ledger", "schedule", "list", "--json").stdout)[0]["from"] == "2025-02"
    run("minzheng", "case", "stop", rid, "--reason", "迁出", "--date", "2025-03-15")
    assert json.loads(run("ledger", "schedule", "list", "--json").stdout)[0]["to"] == "2025-03"


# -- 尊老金 -------------------------------------------------------------------------------------------
def test_zunlaojin_follows_the_register_month_by_month(run):
    assert "尊老金标准尚未设置" in run("minzheng", "zunlaojin", "sync", "--month", "2025-01", code=1).stderr
    run("config", "set", "minzheng.zunlaojin", "80=50,90=100")
    plan = json.loads(run("minzheng", "zunlaojin", "sync", "--month", "2025-02", "--json").stdout)
    assert sorted((r["action"], r["age"], r["amount"]) for r in plan) == [("新增", 85, "50.00"), ("新增", 89, "50.00")]
    assert json.loads(run("ledger", "schedule", "list", "--json").stdout) == []  # a dry run
    run("minzheng", "zunlaojin", "sync", "--month", "2025-02", "--yes")
    march = json.loads(run("minzheng", "zunlaojin", "sync", "--month", "2025-03", "--yes", "--json").stdout)
    assert [(r["action"], r["age"], r["old_amount"], r["amount"]) for r in march] == [("调整", 90, "50.00", "100.00")]
    assert "已按 2025-03 同步过" in run("minzheng", "zunlaojin", "sync", "--month", "2025-02", code=1).stderr
    run("minzheng", "death", "老人甲", "--date", "2025-03-08", "--cremated")
    changes = json.loads(run("minzheng", "pay", "changes", "--month", "2025-03", "--program", "尊老金", "--json").stdout)
    assert sorted((c["change"], c["old_amount"], c["amount"]) for c in changes) == [("停发", "50.00", None),
                                                                                   ("调整", "50.00", "100.00")]
    run("minzheng", "pay", "run", "--month", "2025-03", "--yes")
    assert "未重复记账" in run("minzheng", "pay", "run", "--month", "2025-03", "--program", "尊老金", "--yes").stderr
    paid = [e for e in entries(run) if e["account"] == "支出:民政:尊老金"]
    assert [e["amount"] for e in paid] == ["100.00"]  # the one who died in March is not paid for March (当月)
    status = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025-03", "--json").stdout)}
    assert status["minzheng.zunlaojin_monthly"]["status"] == "met"


def test_death_stops_every_payment_and_counts_for_cremation(run):
    run("minzheng", "orphan", "add", "孤儿甲", "--from", "2025-01")
    rid = dibao(run, "孤儿甲", "2025-01-02", "2025-01-03", "2025-01-04", "--monthly", "300", "--from", "2025-01")
    run("minzheng", "pay", "run", "--month", "2025-02", "--yes")
    run("minzheng", "pay", "run", "--month", "2025-03", "--yes")
    out = run("minzheng", "death", "孤儿甲", "--date", "2025-02-20", "--buried")
    assert "已发放 2025-02、2025-03" in out.stderr and "请追回" in out.stderr
    schedules = json.loads(run("ledger", "schedule", "list", "--json").stdout)
    assert {s["to"] for s in schedules} == {"2025-01"}
    case = {c["id"]: c for c in json.loads(run("minzheng", "case", "list", "--json").stdout)}[int(rid)]
    assert case["stage"] == "停发" and case["stop_reason"] == "死亡"
    assert "已经登记过" in run("minzheng", "death", "孤儿甲", "--buried", code=1).stderr
    # a payment that started in the month of death cannot be ended by the core: it is left out of every run
    rid = dibao(run, "低保乙", "2025-03-01", "2025-03-02", "2025-03-03", "--monthly", "400")
    out = run("minzheng", "death", "低保乙", "--date", "2025-03-15", "--cremated")
    assert "从未发放" in out.stderr and "已将其排除" in out.stderr
    assert json.loads(run("minzheng", "pay", "list", "--month", "2025-03", "--program", "低保", "--json").stdout) == []
    run("minzheng", "pay", "run", "--month", "2025-03", "--yes")
    assert not [e for e in entries(run) if e["account"] == "支出:民政:低保" and e["schedule_month"] == "2025-03"
                and e["amount"] == "400.00"]
    sec = _section(run, "monthly", "2025-02")
    assert sec["figures"]["deaths"] == 1 and sec["figures"]["cremated"] == 0
    assert any("火化率0%" in p for p in sec["paragraphs"])


# -- 公示 --------------------------------------------------------------------------------------------------
def test_gongshi_sheet_shows_names_masks_ids_and_is_logged(run):
    rid = dibao(run, "低保甲", "2025-01-03", "2025-01-10", "2025-01-20", "--monthly", "650")
    run("minzheng", "case", "pingyi", rid, "--result", "通过", "--date", "2025-01-15")
    new = run("minzheng", "case", "add", "低保乙", "--program", "低保", "--date", "2025-03-01").stdout.strip()
    run("minzheng", "case", "advance", new, "--to", "申报", "--date", "2025-03-05")
    sheet = run("minzheng", "gongshi", "sheet", "--period", "2025-Q1")
    assert "低保甲" in sheet.stdout and "低保乙" in sheet.stdout
    assert ID_CARD not in sheet.stdout and "330106********0516" in sheet.stdout
    rows = json.loads(run("minzheng", "gongshi", "sheet", "--period", "2025-Q1", "--json").stdout)
    assert [(r["status"], r["pingyi"]) for r in rows] == [("在保", "通过（2025-01-15）"), ("新申报", "")]
    assert rows[0]["id_card"] == "330106********0516"
    assert log(run)[0]["action"] == "minzheng gongshi sheet 2025-Q1 社会救助"
    records = json.loads(run("record", "list", "minzheng.gongshi", "--json").stdout)
    assert len(records) == 1 and records[0]["cases"] == 2  # generating twice updates one record
    assert "早于张贴日期" in run("minzheng", "gongshi", "post", str(records[0]["id"]), "--date", "2025-03-20",
                              "--until", "2025-03-10", code=1).stderr
    run("minzheng", "gongshi", "post", str(records[0]["id"]), "--date", "2025-03-20", "--until", "2025-03-27",
        "--place", "社区公开栏")
    cl = run("checklist", "start", "minzheng.shehui_jiuzhu", "--period", "2025").stdout.strip()
    items = {i["id"]: i for i in json.loads(run("checklist", "show", cl, "--json").stdout)["items"]}
    assert items["gongshi"]["state"] == "met" and items["guer"]["auto"]


# -- privacy: listings and every report format --------------------------------------------------------------
def _year(run):
    run("minzheng", "orphan", "add", "孤儿甲", "--from", "2025-01", "--guardian", "孤儿乙")
    run("minzheng", "orphan", "add", "孤儿乙", "--from", "2025-01")
    dibao(run, "低保甲", "2024-01-05", "2024-01-20", "2024-02-10", "--monthly", "650", "--from", "2025-01")
    dibao(run, "低保乙", "2025-01-05", "2025-01-20", "2025-02-10", "--monthly", "500")
    run("record", "add", "minzheng.disabled", "--field", "person=残疾甲", "--field", "grade=一级", "--field", "no_income=是")
    run("record", "add", "minzheng.visit", "--field", "person=残疾甲", "--field", "date=2025-03-03", "--field", "target=贫困残疾人")
    run("record", "add", "minzheng.youfu", "--field", "person=退伍兵", "--field", "kinds=退役军人,重点优抚对象",
        "--field", "received=2025-03-01")
    for m in ("2025-01", "2025-02", "2025-03"):
        run("minzheng", "pay", "run", "--month", m, "--yes", "--date", f"{m}-10")


def test_names_stay_hidden_in_listings_and_every_report_format(run, tmp_path):
    _year(run)
    for args in (("minzheng", "case", "list"), ("minzheng", "orphan", "list"), ("minzheng", "pay", "list"),
                 ("minzheng", "pay", "list", "--json"), ("minzheng", "review", "due", "--within", "400"),
                 ("record", "list", "minzheng.case"), ("record", "list", "minzheng.disabled"),
                 ("record", "list", "minzheng.visit", "--json"),
                 # the core's ledger: 救助 and 孤儿 accounts are sensitive, their payees masked
                 ("ledger", "list"), ("ledger", "list", "--json"), ("ledger", "schedule", "list"),
                 ("ledger", "schedule", "due", "--all", "--json")):
        shown = run(*args).stdout
        assert not [n for n in SENSITIVE if n in shown], args
    run("record", "export", "minzheng.orphan", str(tmp_path / "o.csv"))
    run("ledger", "export", str(tmp_path / "l.csv"))
    for exported in ("o.csv", "l.csv"):
        assert not [n for n in SENSITIVE if n in (tmp_path / exported).read_text("utf-8-sig")]
    assert "孤儿甲" in run("ledger", "list", "--reveal").stdout
    shown = run("minzheng", "orphan", "list", "--reveal").stdout
    assert "孤儿甲" in shown
    assert [e["action"] for e in log(run)[:2]] == ["reveal minzheng orphan list", "reveal ledger list"]
    texts = []
    for kind, period in (("monthly", "2025-03"), ("quarterly", "2025-Q1"), ("annual", "2025"), ("plan", "2026")):
        for fmt in ("md", "json", "html", "txt"):
            texts.append(run("report", kind, "--period", period, "-f", fmt).stdout)
    docx, xlsx = tmp_path / "月报.docx", tmp_path / "月报.xlsx"
    run("report", "monthly", "--period", "2025-03", "-o", str(docx))
    run("report", "monthly", "--period", "2025-03", "-o", str(xlsx))
    from docx import Document
    from openpyxl import load_workbook

    doc = Document(str(docx))
    texts.append("\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]))
    wb = load_workbook(str(xlsx))
    texts.append("\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value))
    assert "民政工作" in texts[-2] and "（一）社会救助" in texts[-2]
    assert "社会救助分项目" in texts[-1] and "定期发放" in texts[-1]
    for text in texts:
        assert not [n for n in SENSITIVE if n in text]
        assert ID_CARD not in text


def _section(run, kind, period, title="民政工作"):
    report = json.loads(run("report", kind, "--period", period, "-f", "json").stdout)
    return next(s for s in report["sections"] if s["title"] == title)


def test_report_section_in_the_source_shape_with_counts_and_sums(run, tmp_path):
    _year(run)
    sec = _section(run, "monthly", "2025-03")
    assert [p[:3] for p in sec["paragraphs"] if p.startswith("（")] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
    f = sec["figures"]
    assert f["cases_on_roll"] == 2 and f["cases_by_program"] == {"低保": 2} and f["orphans"] == 2
    assert f["payments"]["孤儿生活费"] == {"due": 2, "paid": 2, "amount": "1500.00"}
    assert f["reviews_overdue"] == 1  # granted 2024-02-10, never reviewed
    assert f["severe_no_income"] == 1 and f["severe_no_income_covered"] == 0
    assert f["youfu"] == 1 and f["veterans_received"] == 1 and f["visits"] == {"贫困残疾人": 1}
    assert any("尚有1名未纳入，须做到应保尽保" in p for p in sec["paragraphs"])
    assert f["relief_paid"] == "1150.00"  # March: 650 + 500
    q = _section(run, "quarterly", "2025-Q1")["figures"]
    assert q["payments"]["孤儿生活费"]["due"] == 6 and q["payments"]["低保"] == {"due": 5, "paid": 5, "amount": "2950.00"}
    table = next(t for t in _section(run, "annual", "2025")["tables"] if t["title"] == "社会救助分项目")
    assert table["total"][1] == 2
    plan = _section(run, "plan", "2026", "民政工作安排")
    months = dict(plan["tables"][0]["rows"][:12])
    assert "全国助残日（5月17日）" in months["5月"] and "年审到期1户" in months["2月"]  # 低保乙, granted 2025-02-10
    assert "补做逾期年审1户" in months["1月"] and plan["figures"]["reviews_overdue"] == 1  # 低保甲, never reviewed
    assert plan["figures"]["orphans"] == 2
    run("report", "monthly", "--period", "2025-03", "-o", str(tmp_path / "r.docx"))
    assert (tmp_path / "r.docx").stat().st_size > 0
    assert run("report", "ledger-book", "--period", "2025-03", "-o", str(tmp_path / "t.xlsx"))


# -- records, duties, categories ----------------------------------------------------------------------------
def test_record_rules_for_disasters_inspections_and_org_checks(run):
    err = run("record", "add", "minzheng.disaster", "--field", "occurred=2025-03-01", "--field", "kind=暴雨",
              "--field", "surveyed=2025-03-05", "--field", "aided=2025-03-03", code=1).stderr
    assert "援灾日期 2025-03-03 早于查灾日期 2025-03-05" in err
    err = run("calendar", "add", "民主管理创建复查", "--date", "2025-03-10", "--type", "minzheng.inspection", "--field",
              "program=民主管理创建", "--field", "units=3", "--field", "passed=4", "--done", code=1).stderr
    assert "复查合格数应在 0 到检查单位数" in err
    for day in ("2025-03-10", "2025-03-18"):
        run("calendar", "add", "民主管理创建复查", "--date", day, "--type", "minzheng.inspection", "--field",
            "program=民主管理创建", "--field", "units=3", "--field", "passed=3", "--done")
    st = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["minzheng.minzhu_guanli"]["status"] == "met"
    org = run("record", "add", "minzheng.org", "--field", "name=夕阳红志愿服务队", "--field", "category=志愿服务").stdout.strip()
    run("minzheng", "org", "check", "夕阳红志愿服务队", "--result", "合格", "--date", "2025-03-12")
    assert "2025 年度已年检" in run("minzheng", "org", "check", org, "--result", "不合格", code=1).stderr
    assert "找不到社会组织" in run("minzheng", "org", "check", "无此组织", "--result", "合格", code=1).stderr
    rows = json.loads(run("minzheng", "org", "list", "--json").stdout)
    assert rows == [{"id": int(org), "name": "夕阳红志愿服务队", "category": "志愿服务", "status": "已登记", "contact": None,
                     "checked": "2025-03-12", "result": "合格"}]
    st = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["minzheng.org_check"]["status"] == "met"
    sec = _section(run, "monthly", "2025-03")
    assert sec["figures"]["inspections_1"] == {"count": 2, "ytd": 2, "units": 6, "passed": 6}


def test_yiri_donations_are_ledger_income(run):
    before = log(run)
    assert "捐款金额最多两位小数" in run("minzheng", "yiri", "give", "幸福超市", "100.005", code=1).stderr
    assert log(run) == before
    run("minzheng", "yiri", "give", "幸福超市", "500", "--date", "2025-03-05")
    run("minzheng", "yiri", "give", "老人甲", "¥50", "--date", "2025-03-05")
    rows = json.loads(run("minzheng", "yiri", "list", "--period", "2025", "--json").stdout)
    assert [(r["donor"], r["amount"]) for r in rows] == [("幸福超市", "500.00"), ("老人甲", "50.00")]
    run("calendar", "add", "一日捐活动", "--date", "2025-03-05", "--type", "minzheng.activity", "--field", "kind=一日捐", "--done")
    bal = {b["account"]: Decimal(b["total"]) for b in json.loads(run("ledger", "balance", "--period", "2025", "--json").stdout)}
    assert bal["收入:捐赠:一日捐"] == Decimal("550")
    f = _section(run, "monthly", "2025-03")["figures"]
    assert f["donations"] == 2 and f["donation_total"] == "550.00" and f["activities"] == {"一日捐": 1}


def test_matching_funds_are_visible_as_such(run):
    run("ledger", "add", "--in", "--amount", "3000", "--account", "收入:配套资金:民政", "--fund", "民政配套资金",
        "--date", "2025-01-05")
    dibao(run, "低保甲", "2025-01-02", "2025-01-03", "2025-01-04", "--monthly", "400", "--fund", "民政配套资金")
    run("minzheng", "pay", "run", "--month", "2025-03", "--yes")
    assert {e["fund"] for e in entries(run) if e["account"] == "支出:民政:低保"} == {"民政配套资金"}
    assert _section(run, "monthly", "2025-03")["figures"]["matching_paid"] == "400.00"


def test_categories_are_only_the_non_sensitive_ones(run):
    run("record", "add", "minzheng.youfu", "--field", "person=退伍兵", "--field", "kinds=退役军人")
    run("record", "add", "minzheng.youfu", "--field", "person=老人甲", "--field", "kinds=烈军属",
        "--field", "ended=2025-02-01")
    dibao(run)
    cats = {c["name"]: c["count"] for c in json.loads(run("people", "categories", "--json").stdout)}
    assert cats["优抚对象"] == 1 and cats["退役军人"] == 1 and "低保对象" not in cats
    assert check_category_members(run.home, run.pm, date(2025, 3, 20)) == []
    assert check_category_members(run.home, run.pm, date(2025, 1, 20)) == []


def test_plugin_settings_refuse_bad_values(run):
    assert "未知的救助项目" in run("config", "set", "minzheng.monthly_amounts", "低保金=500", code=2).stderr
    assert "年龄=月金额" in run("config", "set", "minzheng.zunlaojin", "八十=50", code=2).stderr
    run("config", "set", "minzheng.monthly_amounts", "重度残疾人生活补助=120")
    rid = run("minzheng", "case", "add", "残疾甲", "--program", "重度残疾人生活补助", "--date", "2025-02-01").stdout.strip()
    run("minzheng", "case", "advance", rid, "--to", "申报", "--date", "2025-02-05")
    out = run("minzheng", "case", "advance", rid, "--to", "发放", "--date", "2025-02-10")
    assert "统一标准每月 120.00 元" in out.stderr
    assert json.loads(run("ledger", "schedule", "list", "--json").stdout)[0]["amount"] == "120.00"


# -- the output contract ------------------------------------------------------------------------------------
def test_every_command_keeps_the_output_contract(run):
    """Answers on stdout with --json; changes print only their new ids and confirm on stderr."""
    from shequ.testing import Case, check_outputs, command_paths

    _year(run)
    run("record", "add", "minzheng.org", "--field", "name=夕阳红志愿服务队")
    run("minzheng", "gongshi", "sheet", "--period", "2025-Q1")
    run("config", "set", "minzheng.zunlaojin", "80=50,90=100")
    m = "minzheng"
    declared = run(m, "case", "add", "老人甲", "--program", "物价补贴", "--date", "2025-03-01").stdout.strip()
    run(m, "case", "advance", declared, "--to", "申报", "--date", "2025-03-02")
    paid = run(m, "case", "add", "老人九十", "--program", "物价补贴", "--date", "2025-03-01").stdout.strip()
    run(m, "case", "advance", paid, "--to", "申报", "--date", "2025-03-02")
    run(m, "case", "advance", paid, "--to", "发放", "--date", "2025-03-03")
    opened = run(m, "case", "add", "退伍兵", "--program", "大病救助", "--date", "2025-03-01").stdout.strip()
    orphans = [o["id"] for o in json.loads(run(m, "orphan", "list", "--json").stdout)]
    cases = {
        "minzheng case add": Case(m, "case", "add", "老人八十", "--program", "大病救助", kind="act"),
        "minzheng case advance": Case(m, "case", "advance", declared, "--to", "发放", "--once", "200", kind="act"),
        "minzheng case stop": Case(m, "case", "stop", opened, "--reason", "迁出", kind="act"),
        "minzheng case review": Case(m, "case", "review", paid, "--result", "继续享受", kind="act"),
        "minzheng case change": Case(m, "case", "change", paid, "--kind", "收入变化", kind="act"),
        "minzheng case pingyi": Case(m, "case", "pingyi", opened, "--result", "通过", kind="act"),
        "minzheng case pay": Case(m, "case", "pay", paid, "--amount", "80", kind="act"),
        "minzheng case list": Case(m, "case", "list"),
        "minzheng case show": Case(m, "case", "show", paid),
        "minzheng review due": Case(m, "review", "due", "--within", "400"),
        "minzheng gongshi sheet": Case(m, "gongshi", "sheet", "--period", "2025-Q1"),
        "minzheng gongshi post": Case(m, "gongshi", "post", "2025-Q1", "--place", "公开栏", kind="act"),
        "minzheng orphan add": Case(m, "orphan", "add", "孤儿乙", "--from", "2025-04", "--amount", "750", kind="act",
                                    setup=((m, "orphan", "stop", str(orphans[1]), "--reason", "其他", "--last-paid", "2025-03"),)),
        "minzheng orphan stop": Case(m, "orphan", "stop", str(orphans[0]), "--reason", "被收养", kind="act"),
        "minzheng orphan adjust": Case(m, "orphan", "adjust", "--from", "2025-04", "--amount", "800", kind="act"),
        "minzheng orphan list": Case(m, "orphan", "list", "--all"),
        "minzheng zunlaojin sync": Case(m, "zunlaojin", "sync", "--month", "2025-03"),
        "minzheng pay list": Case(m, "pay", "list", "--month", "2025-03"),
        "minzheng pay changes": Case(m, "pay", "changes", "--month", "2025-02"),
        "minzheng pay run": Case(m, "pay", "run", "--month", "2025-03"),
        "minzheng death": Case(m, "death", "老人八十", "--date", "2025-03-01", "--cremated", kind="act"),
        "minzheng yiri give": Case(m, "yiri", "give", "幸福超市", "300", kind="act"),
        "minzheng yiri list": Case(m, "yiri", "list", "--period", "2025"),
        "minzheng org check": Case(m, "org", "check", "夕阳红志愿服务队", "--result", "合格", kind="act"),
        "minzheng org list": Case(m, "org", "list"),
    }
    assert set(command_paths(run.cli, roots={"minzheng"})) == set(cases)
    assert check_outputs(run.home, (shequ_minzheng,), cases, today="2025-03-20") == []


# -- the sample year ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_sample_year_loads_and_shows_the_overdue_review(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "SHEQU_HOME": str(tmp_path / "home"), "SHEQU_TODAY": "2025-12-31", "SHEQU_LOAD_PLUGINS": "minzheng",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}

    def sh(*args: str, code: int = 0) -> str:
        done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=root, timeout=900)
        assert done.returncode == code, done.stderr
        return done.stdout

    sh("shequ", "init", "--name", "幸福社区")
    sh("shequ", "people", "import", "examples/roster.csv")
    sh("bash", "examples/minzheng/load.sh")
    annual = sh("shequ", "report", "annual", "--period", "2025", "-f", "md")
    assert "截至2025-12-31逾期未年审1户" in annual and "孤儿8名，全年应发生活费96人次、已发96人次，共72000.00元" in annual
    assert "火化率100%" in annual
    due = json.loads(sh("shequ", "minzheng", "review", "due", "--json"))
    assert [(r["status"], r["review_due"]) for r in due] == [("逾期", "2025-09-12")]
    sh("shequ", "minzheng", "review", "due", "--strict", code=3)
    assert "未发现问题" in sh("shequ", "ledger", "check", "--period", "2025")  # every month of every schedule paid
    env_file = (root / "examples/minzheng/names.env").read_text("utf-8")
    names = [n for line in env_file.splitlines() if line.startswith(("ORPHANS", "DIBAO", "SEVERE", "ILLNESS"))
             for n in line.split("=", 1)[1].strip("()").split()]
    assert len(names) == 16
    monthly = sh("shequ", "report", "monthly", "--period", "2025-06", "-f", "md")
    for text in (annual, monthly, sh("shequ", "report", "monthly", "--period", "2025-06", "-f", "json")):
        assert not [n for n in names if n in text]
    pm = runner(tmp_path / "home", shequ_minzheng).pm
    assert check_category_members(tmp_path / "home", pm, date(2025, 12, 31)) == []
