"""The 普法 plugin: contract, themes, activities, disputes, 帮教 privacy, duties, reports, the earmarked fund."""

from __future__ import annotations

import json

import pytest
import shequ_pufa
from shequ.testing import check_plugin, runner


def test_contract():
    assert check_plugin(shequ_pufa) == []


@pytest.fixture
def run(tmp_path):
    invoke = runner(tmp_path / "h", shequ_pufa, today="2025-06-30")
    invoke("init", "--name", "测试社区")
    for name in ("王某某", "李某某", "帮教甲"):
        invoke("people", "add", name)
    return invoke


def test_themes_keep_source_wording_and_official_names(run):
    rows = {r["month"]: r for r in json.loads(run("pufa", "theme", "list", "--json").stdout)}
    assert rows[1]["law"] == "" and rows[2]["law"] == ""  # not invented
    assert rows[7]["source"] == "《安全食品法》" and rows[7]["law"] == "《中华人民共和国食品安全法》" and "有误" in rows[7]["note"]
    assert rows[11]["source"] == "《交通安全法法》" and "道路交通安全法" in rows[11]["law"]
    assert "外部" in rows[12]["anchor"]
    run("pufa", "theme", "set", "1", "《中华人民共和国民法典》")
    assert json.loads(run("pufa", "theme", "list", "--json").stdout)[0]["law"] == "《中华人民共和国民法典》"
    assert "月份应为 1–12" in run("pufa", "theme", "set", "13", "x", code=1).stderr


def test_activity_on_theme_and_missing_months(run):
    run("pufa", "activity", "log", "消法宣传", "--date", "2025-03-15", "--form", "发放资料", "--on-theme",
        "--audience", "居民", "--materials", "200", "--count", "86")
    assert "人次应为非负整数" in run("pufa", "activity", "log", "x", "--date", "2025-04-01", "--form", "讲座", "--count", "-5", code=1).stderr
    status = {r["month"]: r for r in json.loads(run("pufa", "theme", "status", "--year", "2025", "--json").stdout)}
    assert status[3]["status"] == "已开展" and status[4]["status"] == "缺活动" and status[7]["status"] == "未到期"
    ev = json.loads(run("calendar", "list", "--json", "--period", "2025-03").stdout)[0]
    assert ev["fields"]["law"] == "《中华人民共和国城市居民委员会组织法》"
    duty = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025-H1", "--json").stdout)}["pufa.monthly_theme"]
    assert duty["progress"] == "1/4 期达标" and any("4月" in x for x in duty["detail"])  # Jan/Feb have no theme


def test_dispute_lifecycle_and_privacy(run, snap=None):
    rid = run("pufa", "dispute", "add", "--date", "2025-04-02", "--kind", "邻里", "--party", "王某某", "--party", "李某某").stdout.strip()
    run("pufa", "dispute", "update", rid, "--stage", "调处", "--mediator", "调解员")
    run("pufa", "dispute", "close", rid, "--outcome", "调解成功", "--date", "2025-04-20")
    assert "已于 2025-04-20 结案" in run("pufa", "dispute", "close", rid, "--outcome", "转交", code=1).stderr
    listed = run("pufa", "dispute", "list").stdout
    assert "2人（已隐去）" in listed and "王某某" not in listed
    rows = json.loads(run("record", "list", "pufa.dispute", "--json").stdout)
    assert rows[0]["parties"] == "2人（已隐去）"
    assert "王某某" in run("pufa", "dispute", "list", "--reveal").stdout
    assert json.loads(run("log", "--json").stdout)[0]["action"] == "reveal pufa dispute list"


def test_listings_take_the_core_output_options_and_stay_masked(run, tmp_path):
    run("pufa", "dispute", "add", "--date", "2025-04-02", "--kind", "邻里", "--party", "王某某", "--party", "李某某")
    csv = run("pufa", "dispute", "list", "-f", "csv").stdout
    assert csv.splitlines()[0].lstrip("\ufeff").startswith("编号,排查日期,类型,当事人") and "王某某" not in csv
    out = tmp_path / "纠纷.json"
    run("pufa", "dispute", "list", "-o", str(out))
    assert json.loads(out.read_text("utf-8"))[0]["parties"] == "2人（已隐去）"
    assert "王某某" in run("pufa", "dispute", "list", "--reveal", "-f", "jsonl").stdout
    assert json.loads(run("pufa", "theme", "status", "--year", "2025", "--json").stdout)[0]["month"] == 3
    assert run("pufa", "materials", "-p", "2025", "-f", "md").stdout.startswith("| 法律或主题 |")


def test_bangjiao_contact_and_names_never_in_reports(run):
    run("pufa", "bangjiao", "add", "帮教甲", "--category", "社区矫正", "--start", "2025-01-01")
    run("pufa", "bangjiao", "contact", "帮教甲", "--date", "2025-03-10", "--way", "谈话")
    assert "不在帮教期内" in run("pufa", "bangjiao", "contact", "王某某", code=1).stderr
    assert "帮教甲" not in run("pufa", "bangjiao", "list").stdout
    for fmt in ("md", "json", "html", "txt"):
        assert "帮教甲" not in run("report", "monthly", "--period", "2025-03", "-f", fmt).stdout, fmt
    assert "在册安置帮教对象1人，本月开展帮教1次" in run("report", "monthly", "--period", "2025-03", "-f", "md").stdout
    assert "帮教甲" not in run("record", "list", "pufa.bangjiao").stdout


def test_earmarked_fund_refuses_huanbao(run):
    run("ledger", "accounts", "add", "支出:环保", "--kind", "expense")
    run("ledger", "add", "--amount", "3000", "--in", "--account", "收入:上级拨款:普法经费", "--fund", "普法经费")
    err = run("ledger", "add", "--amount", "100", "--out", "--account", "支出:环保", "--fund", "普法经费", code=1).stderr
    assert "普法经费专款专用" in err
    run("ledger", "add", "--amount", "100", "--out", "--account", "支出:普法:宣传资料", "--fund", "普法经费")


def test_checklist_and_report_section(run):
    rid = run("checklist", "start", "pufa.minzhu_fazhi", "--period", "2025").stdout.strip()
    items = {i["id"]: i for i in json.loads(run("checklist", "show", rid, "--json").stdout)["items"]}
    assert len(items) == 4 + 11 + 10 and items["c4"]["auto"] and items["c8"]["auto"]
    run("checklist", "tick", rid, "m1", "--evidence", "居委会选举材料")
    run("pufa", "activity", "log", "宪法宣传", "--date", "2025-06-10", "--form", "讲座", "--count", "40", "--materials", "60")
    r = json.loads(run("report", "monthly", "--period", "2025-06", "-f", "json").stdout)
    sec = next(s for s in r["sections"] if s["title"] == "普法工作")
    assert sec["figures"]["activities"] == 1 and sec["figures"]["materials"] == 60
    assert sec["paragraphs"][0] == "本月普法主题：《中华人民共和国禁毒法》。"
    assert any("民主法治示范社区创建：1/25项已达标" in p for p in sec["paragraphs"])
    run("checklist", "na", rid, "m2", "--reason", "本年无换届")  # 不适用: neither done nor missing
    r = json.loads(run("report", "monthly", "--period", "2025-06", "-f", "json").stdout)
    sec = next(s for s in r["sections"] if s["title"] == "普法工作")
    assert any("民主法治示范社区创建：1/24项已达标（不适用1项）" in p for p in sec["paragraphs"])
