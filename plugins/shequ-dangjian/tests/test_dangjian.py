"""The 党建 plugin: contract, lifecycle, meetings, 党费, alerts, reports."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import shequ_dangjian
from shequ.testing import check_plugin, runner
from shequ_dangjian.rules import monthly_dues, stars


def test_contract():
    assert check_plugin(shequ_dangjian) == []


@pytest.mark.parametrize(
    "kind,income,expected",
    [("在职", "3000", "15.00"), ("在职", "3000.01", "30.00"), ("在职", "4800", "48.00"), ("在职", "5000", "50.00"),
     ("在职", "8000", "120.00"), ("在职", "12000", "240.00"), ("离退休", "4000", "20.00"), ("离退休", "6000", "60.00"),
     ("学生", None, "0.20"), ("低保", None, "0.20")],
)
def test_dues_table(kind, income, expected):
    assert monthly_dues(kind, Decimal(income) if income else None) == Decimal(expected)


def test_stars():
    assert [stars(p) for p in (0, 19, 20, 59, 60, 100)] == [1, 1, 2, 3, 4, 5]


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEQU_USER", "书记")
    invoke = runner(tmp_path / "h", shequ_dangjian, today="2025-09-30")
    invoke("init", "--name", "测试社区")
    for name in ("老党员", "新同志", "积极分子甲", "流动党员乙", "群众丙"):
        invoke("people", "add", name)
    invoke("dangjian", "member", "add", "老党员", "--date", "1990-07-01")
    invoke("dangjian", "member", "add", "新同志", "--status", "预备党员", "--date", "2024-10-20")
    invoke("dangjian", "member", "add", "积极分子甲", "--status", "入党积极分子", "--date", "2025-01-10")
    invoke("dangjian", "member", "add", "流动党员乙", "--date", "2010-05-01", "--mgmt", "流动")
    return invoke


def test_lifecycle_and_bad_promotions(run):
    assert "不能跳到预备党员" in run("dangjian", "member", "promote", "积极分子甲", "--to", "预备党员", code=1).stderr
    run("dangjian", "member", "promote", "积极分子甲", "--to", "发展对象", "--date", "2025-06-01")
    assert "早于" in run("dangjian", "member", "promote", "积极分子甲", "--to", "预备党员", "--date", "2025-05-01", code=1).stderr
    assert "才满" in run("dangjian", "member", "promote", "新同志", "--to", "正式党员", "--date", "2025-09-01", code=1).stderr
    assert "不超过一年" in run("dangjian", "member", "extend-probation", "新同志", "--until", "2026-12-01", code=1).stderr
    run("dangjian", "member", "extend-probation", "新同志", "--until", "2026-04-20")
    assert "只能延长一次" in run("dangjian", "member", "extend-probation", "新同志", "--until", "2026-05-20", code=1).stderr
    assert "已有党员档案" in run("dangjian", "member", "add", "老党员", code=1).stderr
    rows = {r["person"]: r for r in json.loads(run("dangjian", "member", "list", "--json").stdout)}
    assert rows["积极分子甲"]["status"] == "发展对象" and rows["新同志"]["probation_end"] == "2026-04-20"
    cats = {c["name"]: c["count"] for c in json.loads(run("people", "categories", "--json").stdout)}
    assert cats["党员"] == 3 and cats["预备党员"] == 1 and cats["入党积极分子"] == 1 and cats["流动党员"] == 1


def test_whole_register_category_answers_equal_per_person_tests(run):
    from datetime import date

    from shequ.testing import check_category_members

    run("dangjian", "member", "promote", "积极分子甲", "--to", "发展对象", "--date", "2025-06-01")
    run("people", "remove", "流动党员乙")  # a removed resident is in no category
    assert check_category_members(run.home, run.pm, date(2025, 9, 30)) == []
    cats = {c["name"]: c["count"] for c in json.loads(run("people", "categories", "--json").stdout)}
    assert cats["党员"] == 2 and cats["流动党员"] == 0 and cats["入党积极分子"] == 1


def test_meetings_quota_attendance_and_bad_attendee(run, tmp_path):
    for d in ("2025-03-20", "2025-06-25"):
        run("dangjian", "meeting", "log", "--kind", "党课", "--date", d, "--topic", "党章", "--attendee", "老党员",
            "--attendee", "新同志", "--absent", "流动党员乙:外出务工")
    st = {s["id"]: s for s in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["dangjian.dangke"]["progress"] == "2/4" and st["dangjian.dangke"]["status"] == "behind"  # September
    err = run("dangjian", "meeting", "log", "--kind", "支委会", "--attendee", "群众丙", code=1).stderr
    assert "不是党员" in err
    info = json.loads(run("dangjian", "attendance", "流动党员乙", "--period", "2025", "--json").stdout)
    assert info["attended"] == 0 and info["absent"][0]["reason"] == "外出务工"


def test_dues_collect_status_and_double_payment(run, snap_home=None):
    assert "不是有效的数字" in run("dangjian", "dues", "standard", "老党员", "--kind", "离退休", "--income", "很多", code=1).stderr
    run("dangjian", "dues", "standard", "老党员", "--kind", "离退休", "--income", "4,200")
    run("dangjian", "dues", "standard", "新同志", "--kind", "在职", "--income", "6500")
    run("dangjian", "dues", "standard", "流动党员乙", "--kind", "农民", "--income", "1")
    run("dangjian", "dues", "collect", "--month", "2025-01..2025-03")
    assert "已交" in run("dangjian", "dues", "collect", "--month", "2025-02", "--member", "老党员", code=1).stderr
    assert "没有应收未收" in run("dangjian", "dues", "collect", "--month", "2025-01..2025-03").stderr
    unpaid = json.loads(run("dangjian", "dues", "status", "--period", "2025-04", "--json").stdout)
    assert {u["person"] for u in unpaid} == {"老党员", "新同志", "流动党员乙"}
    bal = {b["account"]: b["total"] for b in json.loads(run("ledger", "balance", "--period", "2025", "--json").stdout)}
    assert Decimal(bal["收入:党费"]) == 3 * (Decimal("21.00") + Decimal("97.50") + Decimal("1.00"))


def test_dues_standard_answers_on_stdout_so_scripts_capture_it(run, tmp_path):
    import subprocess
    import sys

    done = run("dangjian", "dues", "standard", "新同志", "--kind", "在职", "--income", "4800")
    assert done.stdout == "48.00\n" and "月党费 48.00 元" in done.stderr
    info = json.loads(run("dangjian", "dues", "standard", "新同志", "--kind", "在职", "--income", "4800", "--json").stdout)
    assert info["dues"] == "48.00" and info["kind"] == "在职"
    # A real shell's $(…): only stdout is captured.
    home = str(run.home)
    script = f'd=$({sys.executable} -m shequ --home {home} dangjian dues standard 老党员 --kind 离退休 --income 6000 2>/dev/null); echo "[$d]"'
    env = {"SHEQU_TODAY": "2025-09-30", "SHEQU_LOAD_PLUGINS": "dangjian", "PATH": "/usr/bin:/bin"}
    assert subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env).stdout == "[60.00]\n"


def test_every_listing_takes_the_core_output_options(run, tmp_path):
    out = tmp_path / "党员.csv"
    run("dangjian", "member", "list", "-o", str(out))
    lines = out.read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("编号,姓名,状态") and len(lines) == 5
    assert run("dangjian", "member", "list", "-f", "md").stdout.startswith("| 编号 | 姓名 |")
    assert run("dangjian", "training", "status", "-f", "grid").stdout.startswith("┌")
    assert json.loads(run("dangjian", "volunteer", "stars", "--json").stdout)[0] == {"stars": 5, "label": "★★★★★", "count": 0}
    shown = json.loads(run("dangjian", "member", "show", "新同志", "--json").stdout)
    assert shown["status"] == "预备党员" and shown["person"] == "新同志"


def test_six_month_alert_with_evidence_and_excuse(run):
    run("dangjian", "meeting", "log", "--kind", "支委会", "--date", "2025-01-10", "--attendee", "老党员", "--attendee", "流动党员乙")
    run("dangjian", "meeting", "log", "--kind", "支委会", "--date", "2025-09-10", "--attendee", "老党员", "--attendee", "新同志")
    found = json.loads(run("dangjian", "alerts", "--json").stdout)
    inactive = [a for a in found if a["kind"] == "连续6个月未参加组织生活"]
    assert [a["person"] for a in inactive] == ["流动党员乙"] and "2025-01-10" in inactive[0]["detail"]
    rows = {r["person"]: r["status"] for r in json.loads(run("dangjian", "member", "list", "--json").stdout)}
    assert rows["流动党员乙"] == "正式党员"  # an alert, never an automatic status change
    run("dangjian", "member", "excuse", "流动党员乙", "--reason", "外出务工，已向支部书面报告", "--until", "2025-12-31")
    assert "流动党员乙" not in [a["person"] for a in json.loads(run("dangjian", "alerts", "--json").stdout)]
    run("dangjian", "alerts", "--strict", code=3)  # 党费 alerts remain for the others


def test_report_sections(run):
    run("dangjian", "meeting", "log", "--kind", "党课", "--date", "2025-09-10", "--attendee", "老党员", "--attendee", "新同志")
    r = json.loads(run("report", "monthly", "--period", "2025-09", "-f", "json").stdout)
    sec = next(s for s in r["sections"] if s["title"] == "党建工作")
    assert sec["figures"]["meetings"] == 1 and sec["figures"]["members"] == 3
    assert "党员平均出勤率67%" in sec["paragraphs"][0]
    plan = json.loads(run("report", "plan", "--period", "2026", "-f", "json").stdout)
    days = next(s for s in plan["sections"] if s["title"] == "党建工作安排")["tables"][0]["rows"]
    assert len(days) == 12 and ["2026-10-08", "党员活动日", "原定 2026-10-07，遇节假日顺延"] in days


def test_decision_steps_in_order(run):
    err = run("record", "add", "dangjian.decision", "--field", "title=加装电梯", "--field", "proposal=2025-03-01",
              "--field", "party_review=2025-03-10", code=1).stderr
    assert "“党委审核”之前的步骤“两委商议”还没有日期" in err
    run("record", "add", "dangjian.decision", "--field", "title=加装电梯", "--field", "proposal=2025-03-01",
        "--field", "two_committees=2025-03-05")


def test_training_days_and_scores(run):
    eid = run("calendar", "add", "集中培训", "--date", "2025-04-10", "--type", "dangjian.training", "--field", "days=4",
              "--done").stdout.strip()
    run("calendar", "done", eid, "--attendee", "老党员", "--attendee", "新同志")
    run("dangjian", "training", "score", eid, "老党员", "92")
    rows = {r["person"]: r for r in json.loads(run("dangjian", "training", "status", "--year", "2025", "--json").stdout)}
    assert rows["老党员"]["days"] == "4" and rows["老党员"]["scores"] == ["92"] and rows["老党员"]["met"] is False
    assert "天数应大于 0" in run("calendar", "add", "x", "--date", "2025-04-11", "--type", "dangjian.training",
                                 "--field", "days=0", code=1).stderr


def test_wuhao_score_in_the_annual_report(run):
    rid = run("checklist", "start", "dangjian.wuhao", "--period", "2025").stdout.strip()
    for item in ("banzi", "duiwu", "jizhi"):
        run("checklist", "tick", rid, item, "--evidence", "支部自评材料")
    shown = json.loads(run("checklist", "show", rid, "--json").stdout)
    assert shown["score"] == 60 and shown["level"] == "二星"
    assert shown["items"][0]["text"].startswith("领导班子好：领导班子及其成员能够认真贯彻执行党的路线方针政策")
    annual = json.loads(run("report", "annual", "--period", "2025", "-f", "json").stdout)
    sec = next(s for s in annual["sections"] if s["title"] == "党建工作")
    assert any("五好党支部自评得分60分（二星）" in p for p in sec["paragraphs"])


def test_planning_a_quota_duty_creates_typed_meetings(run):
    run("duties", "plan", "--period", "2026", "--duty", "dangjian.dangke")
    planned = json.loads(run("calendar", "list", "--period", "2026", "--status", "planned", "--json").stdout)
    assert len(planned) == 4 and {e["type"] for e in planned} == {"dangjian.meeting"}
    assert {e["fields"]["meeting_kind"] for e in planned} == {"党课"}


def test_a_planned_training_needs_its_days_only_when_held(run):
    run("duties", "plan", "--period", "2026", "--duty", "dangjian.training_classes")
    planned = json.loads(run("calendar", "list", "--period", "2026", "--json").stdout)
    assert len(planned) == 2 and all(e["type"] == "dangjian.training" for e in planned)
    eid = str(planned[0]["id"])
    assert "缺少必填字段 天数" in run("calendar", "done", eid, "--attendee", "老党员", code=1).stderr
    run("calendar", "edit", eid, "--field", "days=3")
    run("calendar", "done", eid, "--attendee", "老党员")
