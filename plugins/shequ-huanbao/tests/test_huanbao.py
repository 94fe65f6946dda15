"""The 环保 plugin through the CLI: energy and its trend, 日产日清, greening projects against their budget,
绿色家庭, 责任书, groups, checklists, reports — and every bad input of issue 21 (exit 1, nothing written)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import shequ_huanbao
from shequ.testing import check_category_members, check_plugin, runner

PEOPLE = [("张明", "幸福小区/1幢/1单元/101", "H0001", "户主"), ("李芳", "幸福小区/1幢/1单元/101", "H0001", "配偶"),
          ("王强", "幸福小区/2幢/1单元/201", "H0002", "户主"), ("赵丽", "幸福小区/3幢/2单元/301", "H0003", "户主"),
          ("钱乱扔", "幸福小区/3幢/2单元/302", "H0004", "户主")]


def test_contract():
    assert check_plugin(shequ_huanbao) == []


@pytest.fixture
def run(tmp_path):
    invoke = runner(tmp_path / "h", shequ_huanbao, today="2025-12-31")
    invoke("init", "--name", "测试社区")
    for name, address, household, relation in PEOPLE:
        invoke("people", "add", name, "--address", address, "--household", household, "--relation", relation)
    invoke("huanbao", "building", "sync")
    return invoke


def changes(run) -> int:
    return len(json.loads(run("log", "--json", "--limit", "0").stdout))


def refused(run, *args: str) -> str:
    """Run a command that must fail with a data error: exit 1, one Chinese line, nothing written."""
    before = changes(run)
    result = run(*args, code=1)
    assert changes(run) == before, f"{args} wrote something"
    assert "错误：" in result.stderr and "Traceback" not in result.stderr
    return result.stderr


def section(run, kind: str, period: str) -> dict:
    report = json.loads(run("report", kind, "--period", period, "-f", "json").stdout)
    return next(s for s in report["sections"] if s["title"] == ("环保工作安排" if kind == "plan" else "环保工作"))


# -- energy -------------------------------------------------------------------------------------------
def test_energy_month_against_last_month_and_last_year(run):
    run("huanbao", "energy", "record", "--month", "2024-03", "--kwh", "1000", "--water", "20")
    run("huanbao", "energy", "record", "--month", "2025-02", "--kwh", "900", "--meter-kwh", "5000")
    out = run("环保", "energy", "record", "--month", "2025-03", "--meter-kwh", "5950", "--water", "19")
    assert out.stdout.strip().isdigit()
    assert "用电 950 千瓦时，环比+5.6%，同比-5.0%" in out.stderr  # 950 = 5950 − 5000 (read off the meters)
    assert "用水 19 立方米，环比无法计算（2025年2月无数据），同比-5.0%" in out.stderr
    data = json.loads(run("huanbao", "energy", "show", "--period", "2025-Q1", "--json").stdout)
    march = data["months"][2]
    assert (march["electricity"], march["electricity_mom"], march["electricity_yoy"]) == ("950", "5.6", "-5.0")
    assert data["months"][0]["electricity"] is None  # January was never read
    assert any("缺1月的读数" in n for n in data["notes"])
    el = data["summary"]["electricity"]
    assert (el["total"], el["common_months"], el["change"], el["met"]) == ("1850", 1, "-5.0", True)
    # correcting a month edits it rather than adding a second reading
    run("huanbao", "energy", "record", "--month", "2025-03", "--kwh", "940")
    assert len(json.loads(run("record", "list", "huanbao.energy", "--json").stdout)) == 3
    table = run("huanbao", "energy", "show", "--period", "2025-Q1")
    assert "█" in table.stdout and "（缺）" in table.stdout and "比上年同期" in table.stderr


def test_energy_bad_readings_are_refused(run):
    run("huanbao", "energy", "record", "--month", "2025-01", "--meter-kwh", "5000", "--meter-water", "300")
    run("huanbao", "energy", "record", "--month", "2025-03", "--meter-kwh", "5200")
    err = refused(run, "huanbao", "energy", "record", "--month", "2025-02", "--meter-kwh", "4990")
    assert "电表读数 4990 低于 2025-01 的读数 5000" in err
    assert "高于 2025-03 的读数" in refused(run, "huanbao", "energy", "record", "--month", "2025-02", "--meter-kwh", "5300")
    assert "不能为负数" in refused(run, "huanbao", "energy", "record", "--month", "2025-02", "--kwh", "-5")
    assert "不能为负数" in refused(run, "record", "add", "huanbao.energy", "--field", "month=2025-02", "--field", "water=-1")
    assert "低于" in refused(run, "record", "add", "huanbao.energy", "--field", "month=2025-04", "--field", "meter_w=10")
    assert "还没有到" in refused(run, "huanbao", "energy", "record", "--month", "2026-01", "--kwh", "10")
    assert "月份应写成" in refused(run, "record", "add", "huanbao.energy", "--field", "month=2025-13", "--field", "electricity=1")
    run("huanbao", "energy", "record", "--month", "2025-02", "--kwh", "5", code=0)
    run("huanbao", "energy", "record", "--month", "2025-04", code=2)  # nothing to record: a usage error
    run("huanbao", "energy", "record", "--month", "2025-04", "--meter-kwh", "12", "--replaced")  # a new meter


def test_trend_says_what_a_missing_month_hides():
    from shequ_huanbao.energy import trend

    records = [(1, {"month": "2025-01", "electricity": "50", "meter_e": "100"}),
               (2, {"month": "2025-03", "meter_e": "300"}),
               (3, {"month": "2025-04", "meter_e": "420"})]
    t = trend(records, ["2025-01", "2025-02", "2025-03", "2025-04"], upto="2025-12")
    values = [r.values["electricity"] for r in t.rows]
    assert values[0] == 50 and values[1] is None and values[2] is None and values[3] == 120
    assert t.rows[3].mom["electricity"] is None  # March is unknown, so April has no 环比
    assert any("缺2月" in n for n in t.notes)
    assert any("2月至3月用电合计 200" in n for n in t.notes)  # the meters still tell the two months together
    assert t.summary["electricity"]["months"] == 2 and t.summary["electricity"]["change"] is None
    assert any("没有上年同月的用电数据" in n for n in t.notes)


def test_duplicate_month_is_reported_not_summed():
    from shequ_huanbao.energy import trend

    t = trend([(1, {"month": "2025-05", "electricity": "10"}), (2, {"month": "2025-05", "electricity": "30"})],
              ["2025-05"], upto="2025-12")
    assert t.rows[0].values["electricity"] == 30 and any("#1、#2" in n for n in t.notes)


# -- cleaning ---------------------------------------------------------------------------------------------
def _march_logs(tmp_path: Path) -> Path:
    rows = ["楼栋,日期,已清扫,说明"]
    day = date(2025, 3, 1)
    while day.month == 3:
        for b in ("幸福小区/1幢", "幸福小区/2幢", "幸福小区/3幢"):
            if b == "幸福小区/2幢" and day.day == 10:
                continue  # no log at all
            done = "否" if b == "幸福小区/2幢" and day.day == 11 else "是"
            rows.append(f"{b},{day.isoformat()},{done},")
        day += timedelta(days=1)
    path = tmp_path / "logs.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def test_cleaning_coverage_missed_buildings_and_the_monthly_review(run, tmp_path):
    run("record", "import", "huanbao.cleaning", str(_march_logs(tmp_path)))
    rows = {r["building"]: r for r in json.loads(run("huanbao", "cleaning", "coverage", "--period", "2025-03", "--json").stdout)}
    two = rows["幸福小区/2幢"]
    assert (two["expected"], two["cleaned"], two["pct"], two["met"]) == (31, 29, "93.5", False)
    assert two["not_cleaned"] == ["2025-03-11"] and two["unlogged"] == ["2025-03-10"]
    assert rows["幸福小区/1幢"]["pct"] == "100.0" and rows["幸福小区/1幢"]["met"]
    run("huanbao", "cleaning", "coverage", "--period", "2025-03", "--strict", code=3)
    assert "漏扫（或没有记录）1栋：幸福小区/2幢" in run("huanbao", "cleaning", "show", "--date", "2025-03-10").stderr
    week = run("huanbao", "cleaning", "show", "--date", "2025-03-12", "--week")
    assert "✗" in week.stdout and "3/10" in week.stdout and "幸福小区/2幢" in week.stderr
    # the review is what the duty counts
    assert "未达标" in run("huanbao", "cleaning", "review", "--month", "2025-03").stderr
    duty = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025-03", "--json").stdout)}
    assert duty["huanbao.cleaning"]["status"] == "overdue"
    # late logs make the stored review stale: the report says so, a second review updates it
    run("huanbao", "cleaning", "log", "2幢", "--date", "2025-03-10")
    run("huanbao", "cleaning", "log", "2幢", "--date", "2025-03-11")
    assert any("请重新考核" in p for p in section(run, "monthly", "2025-03")["paragraphs"])
    review = run("huanbao", "cleaning", "review", "--month", "2025-03")
    assert "已更新" in review.stderr and "达标" in review.stderr
    duty = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025-03", "--json").stdout)}
    assert duty["huanbao.cleaning"]["status"] == "met"
    assert len(json.loads(run("calendar", "list", "--period", "2025-03", "--json").stdout)) == 1  # one review a month
    assert len(json.loads(run("record", "list", "huanbao.cleaning", "--where", "date=2025-03-11",
                              "--json").stdout)) == 3  # logging again corrected the day, it did not add one


def test_cleaning_bad_inputs(run):
    assert "楼栋“20幢”不存在" in refused(run, "huanbao", "cleaning", "log", "20幢", "--date", "2025-03-01")
    assert "不存在" in refused(run, "record", "add", "huanbao.cleaning", "--field", "building=幸福小区/20幢",
                              "--field", "date=2025-03-01")
    assert "晚于今天" in refused(run, "huanbao", "cleaning", "log", "1幢", "--date", "2026-01-02")
    assert "不能既记为已清扫又记为未清扫" in refused(run, "huanbao", "cleaning", "log", "1幢", "--missed", "1幢")
    run("huanbao", "cleaning", "log", code=2)
    run("huanbao", "building", "add", "幸福小区/1幢", code=1)  # already there
    logged = run("huanbao", "cleaning", "log", "--all", "--except", "3幢", "--missed", "2幢", "--reason", "请假",
                 "--date", "2025-06-01")
    assert len(logged.stdout.split()) == 2 and "未清扫 1 栋" in logged.stderr
    run("huanbao", "cleaning", "log", "2幢", "--date", "2025-06-01")  # it was cleaned after all
    day = json.loads(run("record", "list", "huanbao.cleaning", "--where", "building=幸福小区/2幢", "--json").stdout)
    assert len(day) == 1 and day[0]["done"] is True and day[0]["note"] is None


def test_building_of_reads_the_register_convention():
    from shequ_huanbao.cleaning import building_of

    assert building_of("幸福小区/9幢/1单元/602") == "幸福小区/9幢"
    assert building_of("幸福小区9幢1单元602") == "幸福小区9幢"
    assert building_of("阳光花园/3号楼/2单元/101") == "阳光花园/3号楼"
    assert building_of("幸福路12号") is None and building_of(None) is None and building_of("幸福小区/一单元") is None


# -- greening projects ---------------------------------------------------------------------------------------
def test_project_tracks_quantities_budget_and_the_march_deadline(run):
    account = "支出:环保:绿化工程:工字街绿化带"
    run("ledger", "accounts", "add", account, "--kind", "expense")
    run("ledger", "budget", "set", account, "60000", "--year", "2025")
    pid = run("huanbao", "project", "add", "工字街道绿化带补植", "--location", "杨河小区工字街道", "--start", "2025-02-20",
              "--deadline", "2025-03-31", "--cost", "60000", "--account", account,
              "--item", "风景树:200:株", "--item", "冬青苗::株").stdout.strip()
    run("huanbao", "project", "progress", "工字街", "风景树", "100", "--date", "2025-03-20")
    run("huanbao", "project", "progress", pid, "冬青苗", "800", "--date", "2025-03-21")
    run("ledger", "add", "--date", "2025-03-10", "--amount", "30000", "--out", "--account", account)
    s = json.loads(run("huanbao", "project", "status", "--json", "--date", "2025-03-25").stdout)[0]
    assert (s["budget"], s["spent"], s["rate"]) == ("60000.00", "30000.00", "50.0")
    assert [(i["item"], i["done"], i["pct"]) for i in s["items"]] == [("风景树", "100", "50.0"), ("冬青苗", "800", None)]
    assert s["state"] == "距期限还有6天（2025-03-31）" and not s["overdue"]
    run("huanbao", "project", "status", "--strict", code=3)  # today is past the deadline, half planted
    shown = run("huanbao", "project", "status", "工字街")
    assert "已逾期275天" in shown.stderr and "执行率50.0%" in shown.stderr and "未定" in shown.stdout
    sec = section(run, "monthly", "2025-03")
    table = next(t for t in sec["tables"] if t["title"] == "绿化工程")
    assert table["rows"][0][3:6] == [60000, 30000, "50.0%"] and "今天到期" in table["rows"][0][6]
    assert sec["figures"]["project_rates"] == {"工字街道绿化带补植": "50.0"}
    run("huanbao", "project", "done", pid, "--date", "2025-04-10")
    assert "比期限晚10天" in run("huanbao", "project", "status", pid).stderr


def test_project_bad_inputs(run):
    assert "应大于 0" in refused(run, "huanbao", "project", "add", "x", "--location", "y", "--deadline", "2025-03-31",
                                 "--item", "风景树:0:株")
    assert "经费科目 支出:无此科目 不存在" in refused(run, "huanbao", "project", "add", "x", "--location", "y",
                                                     "--deadline", "2025-03-31", "--account", "支出:无此科目")
    assert "早于开工日期" in refused(run, "huanbao", "project", "add", "x", "--location", "y", "--deadline", "2025-03-01",
                                    "--start", "2025-04-01")
    run("huanbao", "project", "add", "x", "--location", "y", "--deadline", "2025-03-31", "--item", "草坪:100:平方米")
    assert "应大于 0" in refused(run, "huanbao", "project", "progress", "x", "草坪", "0")
    assert "没有内容“树”" in refused(run, "huanbao", "project", "progress", "x", "树", "5")
    assert "没有编号为" in refused(run, "record", "add", "huanbao.project_item", "--field", "project=999",
                                  "--field", "item=树", "--field", "unit=株")


# -- 绿色家庭 -------------------------------------------------------------------------------------------------
def test_green_family_evaluation(run):
    eid = run("huanbao", "family", "evaluate", "--year", "2025", "--date", "2025-11-20", "--green", "H0001",
              "--green", "王强", "--not", "H0003").stdout.strip()
    rows = json.loads(run("huanbao", "family", "list", "--year", "2025", "--json").stdout)
    assert [(r["household"], r["head"], r["result"]) for r in rows] == [
        ("H0001", "张明", "评为绿色家庭"), ("H0002", "王强", "评为绿色家庭"), ("H0003", "赵丽", "未评上")]
    assert json.loads(run("calendar", "show", eid, "--json").stdout)["fields"]["households"] == 3
    assert "已有2025年度评比结果" in refused(run, "huanbao", "family", "evaluate", "--date", "2025-12-01", "--green", "H0001",
                                            "--green", "H0004")
    assert "花名册中没有户号或居民" in refused(run, "huanbao", "family", "evaluate", "--green", "H9999")
    assert "与年度 2025 不符" in refused(run, "record", "add", "huanbao.green_family", "--field", "household=H0004",
                                        "--field", "year=2025", "--field", "result=未评上", "--field", "date=2023-05-01")
    duty = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert duty["huanbao.green_family"]["status"] == "met"
    fam = section(run, "annual", "2025")
    assert fam["figures"]["green_families"] == 2 and fam["figures"]["families_evaluated"] == 3


# -- 责任书 -----------------------------------------------------------------------------------------------------
def test_agreements_due_and_renewal(run):
    rid = run("huanbao", "agreement", "add", "老王面馆", "--kind", "门店", "--signed", "2025-01-10",
              "--phone", "13812345678").stdout.strip()
    run("huanbao", "agreement", "add", "幸福小学", "--kind", "单位", "--signed", "2025-06-01")
    due = run("huanbao", "agreement", "due", "--within", "30")
    assert "老王面馆" in due.stdout and "10天后到期" in due.stdout and "幸福小学" not in due.stdout
    assert "138****5678" in due.stdout and "13812345678" not in due.stdout
    assert "13812345678" in run("huanbao", "agreement", "due", "--reveal").stdout
    assert json.loads(run("log", "--json").stdout)[0]["action"] == "reveal huanbao agreement due"
    run("huanbao", "agreement", "due", "--strict", code=3)
    run("huanbao", "agreement", "renew", rid, "--date", "2025-12-30")
    assert "老王面馆" not in run("huanbao", "agreement", "due").stdout
    run("huanbao", "agreement", "due", "--strict", code=0)
    run("config", "set", "huanbao.renewal_days", "200")
    assert "幸福小学" in run("huanbao", "agreement", "due").stdout


def test_agreement_bad_inputs(run):
    assert "必须写明责任方" in refused(run, "huanbao", "agreement", "add", " ", "--kind", "门店")
    assert "缺少必填字段 责任方" in refused(run, "record", "add", "huanbao.agreement", "--field", "party_kind=门店",
                                          "--field", "signed=2025-01-01")
    assert "早于签订日期" in refused(run, "huanbao", "agreement", "add", "某店", "--kind", "门店", "--signed", "2025-05-01",
                                    "--until", "2025-01-01")
    assert "没有与“无此店”签订的责任书" in refused(run, "huanbao", "agreement", "renew", "无此店")


# -- organisation, category ------------------------------------------------------------------------------------
def test_groups_members_and_the_hulvdui_category(run):
    assert len(run("huanbao", "group", "setup", "--date", "2025-01-10").stdout.split()) == 7
    assert run("huanbao", "group", "setup").stdout == ""  # idempotent
    run("huanbao", "group", "join", "节能环保工作领导小组", "刘书记", "--external", "--role", "组长", "--post", "社区书记")
    run("huanbao", "group", "join", "护绿队", "张明", "--role", "队长", "--date", "2025-02-01")
    run("huanbao", "group", "join", "护绿队", "王强", "--date", "2025-02-01")
    assert "已是护绿队的队员" in refused(run, "huanbao", "group", "join", "护绿队", "王强")
    assert "请加 --external" in refused(run, "huanbao", "group", "join", "护绿队", "无此人")
    assert "队长、副队长 或 队员" in refused(run, "huanbao", "group", "join", "护绿队", "赵丽", "--role", "组长")
    listed = run("huanbao", "group", "list")
    assert "刘书记" in listed.stdout and "三级管理网络已建立" in listed.stderr
    people = json.loads(run("people", "list", "--category", "护绿队员", "--json").stdout)
    assert sorted(p["name"] for p in people) == ["张明", "王强"]
    assert check_category_members(run.home, run.pm, date(2025, 12, 31)) == []
    assert check_category_members(run.home, run.pm, date(2025, 1, 15)) == []  # before they joined: nobody


# -- checklists -------------------------------------------------------------------------------------------------
def test_green_community_checklist_automatic_items(run, tmp_path):
    rid = run("checklist", "start", "huanbao.green_community", "--period", "2025").stdout.strip()

    def states() -> dict:
        return {i["id"]: i for i in json.loads(run("checklist", "show", rid, "--json").stdout)["items"]}

    items = states()
    assert len(items) == 13
    assert {k for k, i in items.items() if i["auto"]} == {"hulvdui", "survey", "green_family", "lecture", "sorting",
                                                          "greening_rules", "daily_clean", "four_seasons"}
    assert items["survey"]["state"] == "pending"  # the year ends today: not yet missed
    assert items["green_family"]["state"] == items["hulvdui"]["state"] == "unmet"
    run("calendar", "add", "环保知识问卷", "--date", "2025-05-16", "--type", "huanbao.survey", "--done",
        "--field", "respondents=120", "--field", "average=82.5")
    run("huanbao", "family", "evaluate", "--date", "2025-11-20", "--green", "H0001")
    run("huanbao", "group", "join", "护绿队", "张明")
    items = states()
    assert items["survey"]["state"] == items["green_family"]["state"] == items["hulvdui"]["state"] == "met"
    # no weights in the source: none by default; a community adds its own with the same id
    assert section(run, "annual", "2025")["figures"]["green_community"] == "3/13"
    weighted = tmp_path / "green.yaml"
    lines = ["id: huanbao.green_community", "title: 创“省绿色社区”（本社区分值）", "domain: huanbao", "recurrence: year",
             "items:"] + [f"  - {{id: i{n}, text: 第{n}项, weight: 10}}" for n in range(1, 11)]
    weighted.write_text("\n".join(lines) + "\n", "utf-8")
    run("checklist", "template", "add", str(weighted))
    run("checklist", "tick", rid, "i1", "--evidence", "文件")
    assert any("得分10/100" in p for p in section(run, "annual", "2025")["paragraphs"])


def test_average_above_full_score_is_refused(run):
    assert "高于满分" in refused(run, "calendar", "add", "问卷", "--date", "2025-05-16", "--type", "huanbao.survey", "--done",
                                "--field", "respondents=10", "--field", "average=120")
    assert "不能表扬" in refused(run, "record", "add", "huanbao.conduct", "--field", "date=2025-05-01", "--field", "kind=表扬",
                                "--field", "who=某人", "--field", "behaviour=乱扔垃圾")


# -- reports ----------------------------------------------------------------------------------------------------
@pytest.fixture
def year(run):
    """A small year: meetings, publicity, readings with a summer peak, a criticised resident."""
    for day in ("2025-03-05", "2025-06-10"):
        run("calendar", "add", "节能环保工作会议", "--date", day, "--type", "huanbao.meeting", "--done")
    run("calendar", "add", "世界环境日宣传", "--date", "2025-06-05", "--type", "huanbao.activity", "--done",
        "--field", "form=发放宣传资料", "--field", "materials=300")
    run("calendar", "add", "讲座", "--date", "2025-03-18", "--type", "huanbao.lecture", "--done", "--field", "venue=市民教室")
    run("calendar", "add", "植树", "--date", "2025-03-12", "--type", "huanbao.greening", "--done", "--field", "kind=植树",
        "--field", "trees=60")
    for m, kwh in enumerate([1100, 950, 900, 850, 900, 1300, 1650, 1700, 1200, 900, 950, 1100], start=1):
        run("huanbao", "energy", "record", "--month", f"2025-{m:02d}", "--kwh", str(kwh), "--water", "20")
        run("huanbao", "energy", "record", "--month", f"2024-{m:02d}", "--kwh", str(kwh + 60), "--water", "21")
    run("record", "add", "huanbao.conduct", "--field", "date=2025-03-09", "--field", "kind=批评", "--field", "who=钱乱扔",
        "--field", "person=钱乱扔", "--field", "behaviour=乱扔垃圾", "--field", "detail=钱乱扔从楼上扔垃圾")
    run("huanbao", "cleaning", "log", "--all", "--date", "2025-03-01")
    return run


def test_monthly_report_section_in_the_sources_shape(year, tmp_path):
    sec = section(year, "monthly", "2025-03")
    assert sec["order"] == 46
    heads = ["一、加强组织领导", "二、广泛宣传动员", "三、主要环保措施。（一）节能走进家庭", "（二）社区带头节能", "四、实行长效管理"]
    found = [next(i for i, p in enumerate(sec["paragraphs"]) if p.startswith(h)) for h in heads]
    assert found == sorted(found)  # 篇15's headings, in its order
    text = "\n".join(sec["paragraphs"])
    assert "本月召开节能环保工作会议1次（年度累计1次）" in text
    assert "本月用电900千瓦时，环比-5.3%，同比-6.3%" in text
    assert "批评乱扔垃圾和浪费资源行为1次" in text and "植树60株" in text
    assert "覆盖率3.2%" in text and "无法区分是没有清扫还是没有登记" in text
    assert sec["figures"]["criticised"] == 1 and sec["figures"]["electricity"] == "900"
    energy = next(t for t in sec["tables"] if "办公室用能" in t["title"])
    assert [r[0] for r in energy["rows"]] == ["1月", "2月", "3月"] and energy["rows"][0][-1].startswith("█")
    annual = "\n".join(section(year, "annual", "2025")["paragraphs"])
    assert "用电最高为8月（1700千瓦时）" in annual and "“降低办公室用能总量”达成" in annual
    md = year("report", "monthly", "--period", "2025-03", "-f", "md").stdout
    assert "## " in md and "环保工作" in md and "| 3月 | 900 |" in md
    docx_path = tmp_path / "月报.docx"
    year("report", "monthly", "--period", "2025-03", "-o", str(docx_path))
    import docx

    doc = docx.Document(str(docx_path))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "环保工作" in body and "一、加强组织领导" in body and "█" in body


def test_criticised_names_never_reach_a_report(year, tmp_path):
    for fmt in ("md", "json", "html", "txt"):
        for kind, period in (("monthly", "2025-03"), ("annual", "2025"), ("quarterly", "2025-Q1")):
            assert "钱乱扔" not in year("report", kind, "--period", period, "-f", fmt).stdout, (kind, fmt)
    docx_path = tmp_path / "r.docx"
    year("report", "monthly", "--period", "2025-03", "-o", str(docx_path))
    import docx

    doc = docx.Document(str(docx_path))
    assert "钱乱扔" not in "\n".join(p.text for p in doc.paragraphs) + "".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "钱乱扔" not in year("record", "list", "huanbao.conduct").stdout
    assert "钱乱扔" not in year("record", "list", "huanbao.conduct", "--json").stdout
    assert "钱乱扔" in year("record", "list", "huanbao.conduct", "--reveal").stdout


def test_plan_lists_the_months_work(year):
    year("huanbao", "agreement", "add", "老王面馆", "--kind", "门店", "--signed", "2025-05-10")
    sec = section(year, "plan", "2026")
    rows = {(r[0], r[1]) for r in sec["tables"][0]["rows"]}
    assert ("3月", "三月植树绿化") in rows and ("5月", "续签到期的市容环境卫生管理责任书1份") in rows
    assert ("每季度", "节能环保工作会议（周期为默认值，原文未给）") in rows
    assert not any("小制作" in r[1] for r in rows)  # no kindergarten: the duty is off
    year("duties", "set", "huanbao.meeting", "per=month")
    assert ("每月", "节能环保工作会议（周期为默认值，原文未给）") in {(r[0], r[1]) for r in section(year, "plan", "2026")["tables"][0]["rows"]}


def test_every_kind_builds_and_domain_filter(year):
    for kind, period in (("quarterly", "2025-Q3"), ("half", "2025-H2")):
        assert section(year, kind, period)["figures"]["meetings"] >= 0
    report = json.loads(year("report", "monthly", "--period", "2025-03", "--domain", "党建", "-f", "json").stdout)
    assert not any(s["title"] == "环保工作" for s in report["sections"])


def test_settings(run):
    run("config", "set", "huanbao.cleaning_target", "90")
    run("config", "set", "huanbao.cleaning_target", "101", code=2)
    run("config", "set", "huanbao.energy_target", "abc", code=2)
    run("config", "set", "huanbao.kindergarten_classes", "小一班、中一班")
    assert "不在设置" in refused(run, "calendar", "add", "环保小制作", "--date", "2025-04-10", "--type", "huanbao.craft",
                                "--done", "--field", "class_name=大三班")
    run("calendar", "add", "环保小制作", "--date", "2025-04-10", "--type", "huanbao.craft", "--done", "--field", "class_name=小一班")
    assert any("幼儿园环保小制作（2025年上半年，每班每学期一次）已开展1/2个班，尚未开展：中一班" in p
               for p in section(run, "monthly", "2025-04")["paragraphs"])
    run("duties", "enable", "huanbao.craft")
    duty = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025-H1", "--json").stdout)}
    assert duty["huanbao.craft"]["status"] == "met"
