"""The 养老 plugin through the CLI: contract, tiers with why, overrides, visits, the contact round,
vouchers through the ledger, 重阳 and 平安保险, duties, checklists, reports (counts only)."""

from __future__ import annotations

import json
from datetime import date

import pytest
import shequ_yanglao
from shequ.testing import check_plugin, runner


def test_contract():
    assert check_plugin(shequ_yanglao) == []


#: name, birth, household, relation, extra options.  On 2025-12-31: 空巢 = 老甲, 老甲妻, 老乙, 老丁, 百岁翁;
#: 独居 (alone in a 户) = 老乙, 百岁翁, 九旬婆, 将九十, 老丁; 老丙 lives with a child; 小青 is 35;
#: 将九十 turns 90 after 重阳 2025.
PEOPLE = [
    ("老甲", "1945-03-01", "H01", "户主", ("--no-children-in-city",)),
    ("老甲妻", "1950-04-01", "H01", "配偶", ("--no-children-in-city",)),
    ("老乙", "1950-06-01", "H02", "户主", ()),
    ("老丙", "1960-05-01", "H03", "户主", ("--children-in-city",)),
    ("老丙子", "1988-01-01", "H03", "子女", ()),
    ("百岁翁", "1924-01-01", "H04", "户主", ()),
    ("小青", "1990-01-01", "H05", "户主", ()),
    ("九旬婆", "1935-10-29", "H06", "户主", ("--children-in-city",)),
    ("将九十", "1935-11-01", "H07", "户主", ("--children-in-city",)),
    ("老丁", "1944-02-02", "H08", "户主", ("--no-children-in-city", "--phone", "13912345678")),
]


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEQU_USER", "养老专干")
    invoke = runner(tmp_path / "h", shequ_yanglao, today="2025-12-31")
    invoke("init", "--name", "测试社区")
    for name, birth, hh, rel, extra in PEOPLE:
        invoke("people", "add", name, "--birth", birth, "--household", hh, "--relation", rel, *extra)
    return invoke


def log(run):
    return json.loads(run("log", "--json").stdout)


def tiers(run, *args):
    return {r["person"]: r for r in json.loads(run("yanglao", "tiers", "--reveal", "--json", *args).stdout)}


def test_tiers_with_their_reasons_and_the_two_readings(run):
    run("yanglao", "elder", "set", "老甲", "--self-care", "不能自理", "--assist", "低保", "--since", "2025-01-01")
    run("yanglao", "elder", "set", "老丙", "--assist", "重点优抚对象", "--civil-aid", "--since", "2025-01-01")
    run("yanglao", "elder", "set", "老丁", "--economy", "有一定经济来源但生活仍很困难", "--no-civil-aid", "--since", "2025-01-01")
    run("yanglao", "elder", "set", "老甲妻", "--economy", "有经济能力", "--need", "送餐", "--no-civil-aid", "--since", "2025-01-01")
    rows = tiers(run)
    assert set(rows) == {"老甲", "老甲妻", "老乙", "老丙", "百岁翁", "九旬婆", "将九十", "老丁"}  # 60+ only
    assert rows["老甲"]["tier"] == "无偿" and "解读A" in rows["老甲"]["reasons"][0]
    assert rows["百岁翁"]["tier"] == "无偿" and rows["百岁翁"]["reasons"] == ["百岁老人（100周岁以上，篇4 L71）"]
    assert rows["老丙"]["tier"] == "志愿"                       # 重点优抚 alone is not enough under A
    assert rows["老丁"]["tier"] == "低偿" and [r[0] for r in rows["老丁"]["reasons"]] == ["②", "③"]
    assert rows["老甲妻"]["tier"] == "有偿"
    assert rows["老乙"]["tier"] == "志愿" and "未建养老档案" in rows["老乙"]["notes"][0]
    assert tiers(run, "--reading", "B")["老丙"]["tier"] == "无偿"
    run("config", "set", "yanglao.free_reading", "B")
    assert tiers(run)["老丙"]["reasons"] == ["重点优抚对象（篇4 L71，解读B：单列即可）"]
    only = json.loads(run("yanglao", "tiers", "--tier", "无偿", "--json").stdout)
    assert len(only) == 3 and {r["tier"] for r in only} == {"无偿"}


def test_a_reading_other_than_a_or_b_is_refused_and_nothing_written(run):
    before = log(run)
    err = run("yanglao", "tiers", "--reading", "C", code=1).stderr
    assert "无偿服务对象的解读应为 A 或 B" in err and "Traceback" not in err
    err = run("config", "set", "yanglao.free_reading", "C", code=1).stderr
    assert "应为 A 或 B" in err
    assert log(run) == before
    assert json.loads(run("config", "list", "--json").stdout)  # still readable


def test_tier_on_a_date_uses_the_profile_in_effect_then(run):
    run("yanglao", "elder", "set", "老乙", "--self-care", "能自理", "--no-civil-aid", "--since", "2025-01-01")
    run("yanglao", "elder", "set", "老乙", "--self-care", "不能自理", "--since", "2025-07-01")
    assert tiers(run, "--date", "2025-06-30")["老乙"]["tier"] == "志愿"
    assert tiers(run, "--date", "2025-07-01")["老乙"]["reasons"] == ["①生活不能自理的“空巢”老人（篇4 L73）"]
    profiles = json.loads(run("record", "list", "yanglao.elder", "--reveal", "--json").stdout)
    assert [p["civil_aid"] for p in profiles] == [False, False]  # the new version keeps what did not change


def test_names_and_sensitive_data_are_masked_unless_reveal(run):
    run("yanglao", "elder", "set", "老甲", "--self-care", "不能自理", "--assist", "低保", "--since", "2025-01-01")
    plain = run("yanglao", "tiers").stdout
    assert "老甲" not in plain and "（已隐去）" in plain and "解读A" in plain
    assert "老甲" not in run("record", "list", "yanglao.elder").stdout
    show = json.loads(run("yanglao", "elder", "show", "老甲", "--json").stdout)
    assert show["name"] == "老甲" and show["assistance"] == show["tier"] == show["self_care"] == "（已隐去）"
    assert json.loads(run("yanglao", "elder", "show", "老甲", "--reveal", "--json").stdout)["assistance"] == "低保"
    assert log(run)[0]["action"] == "reveal yanglao elder show"


def test_override_needs_a_reason_is_logged_and_undone(run):
    before = log(run)
    assert "须写明理由" in run("yanglao", "tier", "set", "老乙", "--tier", "无偿", code=1).stderr
    assert "须写明理由" in run("yanglao", "tier", "set", "老乙", "--tier", "无偿", "--reason", "  ", code=1).stderr
    assert log(run) == before
    rid = run("yanglao", "tier", "set", "老乙", "--tier", "无偿", "--reason", "孤寡老人，居委会认定", "--from", "2025-05-01").stdout.strip()
    row = tiers(run)["老乙"]
    assert row["tier"] == "无偿" and row["reasons"] == [f"人工调整：孤寡老人，居委会认定（调整记录 #{rid}）"]
    assert row["notes"][0].startswith("按规则为志愿")
    assert tiers(run, "--date", "2025-04-30")["老乙"]["tier"] == "志愿"
    assert [e["action"] for e in log(run) if not e["action"].startswith("reveal")][0] == "yanglao tier set 无偿"
    run("undo")  # the reveals logged since have no changes: undo takes back the adjustment
    assert tiers(run)["老乙"]["tier"] == "志愿"
    run("yanglao", "tier", "set", "老乙", "--tier", "低偿", "--reason", "临时困难", "--from", "2025-05-01")
    run("yanglao", "tier", "unset", "老乙", "--date", "2025-10-31")
    assert tiers(run, "--date", "2025-10-31")["老乙"]["tier"] == "低偿" and tiers(run)["老乙"]["tier"] == "志愿"
    assert "没有人工调整" in run("yanglao", "tier", "unset", "老乙", code=1).stderr


def test_visits_are_for_elders_and_follow_the_fee_rules(run):
    before = log(run)
    err = run("yanglao", "visit", "log", "小青", "--item", "助洁", "--provider-type", "志愿者", code=1).stderr
    assert "小青 在 2025-12-31 为 35 周岁，不是养老服务对象" in err and "篇4 L70" in err
    err = run("record", "add", "yanglao.visit", "--field", "elder=小青", "--field", "date=2025-12-01", "--field", "item=助洁",
              "--field", "category=生活照料", "--field", "provider_type=志愿者", code=1).stderr
    assert "不是养老服务对象" in err
    run("yanglao", "elder", "set", "老甲", "--self-care", "不能自理", "--assist", "低保", "--since", "2025-01-01")
    assert "无偿服务对象不能收费" in run("yanglao", "visit", "log", "老甲", "--item", "助洁", "--provider-type", "家政服务公司",
                                        "--fee", "10", code=1).stderr
    assert "志愿者提供无偿志愿服务" in run("yanglao", "visit", "log", "老乙", "--item", "聊天", "--provider-type", "志愿者",
                                          "--fee", "5", code=1).stderr
    assert "服务项目未登记：理发" in run("yanglao", "visit", "log", "老乙", "--item", "理发", "--provider-type", "志愿者", code=1).stderr
    assert "收费应为非负数" in run("yanglao", "visit", "log", "老乙", "--item", "助餐", "--provider-type", "家政服务公司",
                                  "--fee", "-3", code=1).stderr
    assert json.loads(run("record", "list", "yanglao.visit", "--json").stdout) == []
    assert log(run)[1:] == before  # only the profile was written

    vid = run("yanglao", "visit", "log", "老乙", "--item", "助餐", "--provider-type", "家政服务公司", "--provider", "康乐家政",
              "--fee", "12.50", "--date", "2025-12-10").stdout.strip()
    entries = json.loads(run("ledger", "list", "--json").stdout)
    assert [(e["account"], e["amount"], e["yanglao_visit"]) for e in entries] == [("收入:养老:服务收费", "12.50", int(vid))]
    assert "老乙" not in json.dumps(entries, ensure_ascii=False)  # the ledger names no elder
    visit = json.loads(run("record", "show", vid, "--reveal", "--json").stdout)
    assert visit["category"] == "生活照料" and visit["tier"] == "志愿" and visit["mode"] == "走访"
    contact = {r["person"]: r for r in json.loads(run("yanglao", "contact", "round", "--all", "--json").stdout)}
    assert contact["老乙"]["last"] is None  # a service is not the 帮扶联系 of L79: contacts are logged as such
    listed = run("yanglao", "visit", "list").stdout
    assert "（已隐去）" in listed and "老乙" not in listed and "老乙" in run("yanglao", "visit", "list", "--reveal").stdout


def test_the_contact_round_finds_who_is_overdue(run):
    rows = json.loads(run("yanglao", "contact", "round", "--json").stdout)
    by = {r["person"]: r for r in rows}
    assert set(by) == {"老甲", "老甲妻", "老乙", "老丁", "百岁翁", "九旬婆", "将九十"}
    assert {r["status"] for r in rows} == {"从未联系"} and by["九旬婆"]["categories"] == ["独居老人"]
    assert by["老乙"]["categories"] == ["空巢老人", "独居老人"] and by["老丁"]["phone"] == "139****5678"
    eid = run("yanglao", "contact", "log", "老甲", "老乙", "--mode", "电话", "--date", "2025-12-20").stdout.strip()
    assert run("yanglao", "contact", "log", "老丁", "--mode", "电话", "--date", "2025-12-20").stdout.strip() == eid  # same day
    run("yanglao", "contact", "log", "--all-overdue", "--except", "百岁翁", "--except", "九旬婆", "--mode", "走访",
        "--date", "2025-12-26")
    rows = {r["person"]: r for r in json.loads(run("yanglao", "contact", "round", "--all", "--json").stdout)}
    assert rows["老甲"]["days"] == 11 and rows["老甲"]["status"] == "逾期"
    assert rows["老甲妻"]["last"] == "2025-12-26" and rows["老甲妻"]["status"] == "正常"
    assert rows["百岁翁"]["status"] == "从未联系"
    run("yanglao", "contact", "round", "--strict", code=3)
    run("config", "set", "yanglao.contact_interval", "14")
    assert [r["person"] for r in json.loads(run("yanglao", "contact", "round", "--json").stdout)] == ["九旬婆", "百岁翁"]
    assert "小青 在 2025-12-31 为 35 周岁" in run("yanglao", "contact", "log", "小青", code=1).stderr
    assert "139****5678" not in run("yanglao", "contact", "round", "--all", "--reveal").stdout.replace("13912345678", "")
    assert "13912345678" in run("yanglao", "contact", "round", "--all", "--reveal").stdout


def test_report_counts_agree_with_the_tier_list_and_the_contact_round(run):
    """The report counts tiers and the contact round a column at a time (``tier_columns``,
    ``contact_summary``); those counts are the listings' own, on every kind of day: contacts due
    today, overdue, recent, never; profiles and an adjustment; a different interval."""
    from collections import Counter

    from shequ.api import open_home
    from shequ_yanglao.service import contact_round, contact_summary, tiers

    _load_year(run)
    run("yanglao", "contact", "log", "老乙", "九旬婆", "--mode", "走访", "--date", "2025-03-24")
    run("yanglao", "contact", "log", "百岁翁", "--mode", "电话", "--date", "2025-03-31")
    run("yanglao", "tier", "set", "老乙", "--tier", "无偿", "--reason", "特殊困难", "--from", "2025-03-01")
    for interval in ("7", "10"):
        run("config", "set", "yanglao.contact_interval", interval)
        for day in ("2025-03-10", "2025-03-17", "2025-03-20", "2025-03-31", "2025-04-03", "2025-12-31"):
            with open_home(run.home, plugins=[shequ_yanglao], today="2025-12-31") as ctx:
                rows = contact_round(ctx, date.fromisoformat(day))
                who, overdue = contact_summary(ctx, date.fromisoformat(day))
            assert who == {r.pid for r in rows} and overdue == sum(r.status in ("逾期", "从未联系") for r in rows), day
        for period, day in (("2025-03", "2025-03-31"), ("2025-04", "2025-04-30")):
            with open_home(run.home, plugins=[shequ_yanglao], today="2025-12-31") as ctx:
                listed = tiers(ctx, date.fromisoformat(day))
                who, overdue = contact_summary(ctx, date.fromisoformat(day))
            report = json.loads(run("report", "monthly", "--period", period, "-f", "json").stdout)
            f = next(s for s in report["sections"] if s["title"] == "居家养老服务")["figures"]
            by = {r.name: r for r in listed}
            assert by["老甲"].profiled and not by["老乙"].profiled and by["老乙"].verdict.tier == "无偿"  # adjusted, no file
            counts = Counter(r.verdict.tier for r in listed)
            assert (f["elders"], f["empty_nest"], f["alone"], f["unprofiled"]) == (
                len(listed), sum(r.empty_nest for r in listed), sum(r.alone for r in listed),
                sum(not r.profiled for r in listed))
            assert [f["tier_free"], f["tier_low"], f["tier_paid"], f["tier_volunteer"]] == [counts[t] for t in
                                                                                         ("无偿", "低偿", "有偿", "志愿")]
            assert f["contacts_overdue"] == overdue and f["contact_population"] == len(who)


def test_vouchers_issued_redeemed_once_and_reimbursed_from_the_fund(run):
    run("ledger", "add", "--in", "--account", "收入:上级拨款:助老服务券", "--fund", "助老服务券", "--amount", "120",
        "--date", "2025-03-01")
    ids = run("yanglao", "voucher", "issue", "老甲", "老乙", "--value", "50", "--count", "2", "--date", "2025-03-02").stdout.split()
    assert len(ids) == 4 and all(i.isdigit() for i in ids)
    codes = [v["code"] for v in json.loads(run("yanglao", "voucher", "list", "--json").stdout)]
    assert codes == ["ZL2025-0001", "ZL2025-0002", "ZL2025-0003", "ZL2025-0004"]
    run("yanglao", "voucher", "redeem", "ZL2025-0001", "--provider", "康乐家政", "--date", "2025-03-05", "--item", "助浴",
        "--provider-type", "家政服务公司")
    before = log(run)
    err = run("yanglao", "voucher", "redeem", "ZL2025-0001", "--provider", "夕阳红", "--date", "2025-03-06", code=1).stderr
    assert "已于 2025-03-05 在“康乐家政”使用，不能重复使用" in err
    assert "还没有使用" in run("yanglao", "voucher", "reimburse", "ZL2025-0002", code=1).stderr
    assert log(run) == before
    run("yanglao", "voucher", "redeem", "#" + ids[2], "--provider", "夕阳红", "--date", "2025-03-06")
    run("yanglao", "voucher", "redeem", "ZL2025-0004", "--provider", "夕阳红", "--date", "2025-03-07")
    err = run("yanglao", "voucher", "reimburse", "--date", "2025-03-31", code=1).stderr
    assert "余额不足" in err  # 150 owed, 120 in the fund: 专款不能透支, nothing paid
    assert json.loads(run("yanglao", "voucher", "list", "--status", "已兑付", "--json").stdout) == []
    paid = run("yanglao", "voucher", "reimburse", "--provider", "夕阳红", "--date", "2025-03-31").stdout.split()
    (entry,) = [e for e in json.loads(run("ledger", "list", "--json").stdout) if [str(e["id"])] == paid]
    assert entry["fund"] == "助老服务券" and entry["amount"] == "100.00" and entry["account"] == "支出:养老:助老服务券兑付"
    assert entry["yanglao_vouchers"] == ["ZL2025-0003", "ZL2025-0004"] and entry["payee"] == "夕阳红"
    assert "不能重复兑付" in run("yanglao", "voucher", "reimburse", "ZL2025-0003", code=1).stderr
    status = json.loads(run("yanglao", "voucher", "status", "--json").stdout)
    assert status["issued"] == 4 and status["reimbursed"] == 2 and status["fund_balance"] == "20.00"
    assert status["owed"] == 1 and status["unused"] == 1 and status["short"] == "80.00"
    visits = json.loads(run("record", "list", "yanglao.visit", "--reveal", "--json").stdout)
    assert [v["voucher"] for v in visits] == ["ZL2025-0001"]
    assert "老甲" not in run("yanglao", "voucher", "list").stdout


def test_zhongyang_list_gifts_and_insurance(run):
    listed = json.loads(run("yanglao", "zhongyang", "list", "--year", "2025", "--json").stdout)
    assert [r["person"] for r in listed] == ["百岁翁", "九旬婆"]  # 90 on 10-29; 将九十 turns 90 on 11-01
    err = run("yanglao", "zhongyang", "list", "--year", "2025").stderr
    assert "2025年重阳节（10月29日）90周岁以上老人 2 人" in err
    eid = run("yanglao", "zhongyang", "give", "--year", "2025", "--cost-each", "200").stdout.strip()
    assert json.loads(run("calendar", "list", "--json", "--period", "2025-10").stdout)[0]["id"] == int(eid)
    assert json.loads(run("ledger", "list", "--json").stdout)[0]["amount"] == "400.00"
    assert "没有待发放" in run("yanglao", "zhongyang", "give", "--year", "2025", code=1).stderr
    run("yanglao", "insurance", "enroll", "--zhongyang", "2025", "--start", "2025-10-20", "--end", "2026-10-19",
        "--premium", "100", "--insurer", "某保险公司", "--book")
    rows = json.loads(run("yanglao", "zhongyang", "list", "--json").stdout)
    assert all(r["gift"] == "2025-10-29" and r["insured"] == "2025-10-20～2026-10-19" for r in rows)
    status = json.loads(run("yanglao", "insurance", "status", "--json").stdout)
    assert (status["insured"], status["population"], status["base"], status["met"]) == (2, 8, "老年人", False)
    run("yanglao", "insurance", "status", "--strict", code=3)
    assert "已有在保的平安保险" in run("yanglao", "insurance", "enroll", "百岁翁", "--start", "2025-11-01",
                                       "--end", "2026-10-31", code=1).stderr
    run("yanglao", "insurance", "enroll", "老甲", "老乙", "老丙", "--start", "2025-11-01", "--end", "2026-10-31")
    run("yanglao", "insurance", "status", "--strict")  # 5/8 ≥ 60%
    duty = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert duty["yanglao.chongyang_gifts"]["status"] == "met"


def test_duties_and_the_contact_duty(run):
    ids = {d["id"] for d in json.loads(run("duties", "list", "--json").stdout)}
    assert {"yanglao.contact", "yanglao.jinglao_month", "yanglao.chongyang_activity", "yanglao.chongyang_gifts"} <= ids
    for day in ("2025-11-03", "2025-11-10", "2025-11-17", "2025-11-24"):
        run("yanglao", "contact", "log", "老甲", "老甲妻", "老乙", "百岁翁", "--date", day)
    run("yanglao", "contact", "log", "老丁", "--date", "2025-11-03")
    st = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025-11", "--json").stdout)}
    assert st["yanglao.contact"]["status"] == "overdue" and st["yanglao.contact"]["detail"] == ["2025年11月：1/5 人未达 4：老丁(1)"]
    run("calendar", "add", "敬老月文艺汇演", "--date", "2025-10-15", "--type", "yanglao.activity", "--field", "kind=敬老月活动", "--done")
    st = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["yanglao.jinglao_month"]["status"] == "met" and st["yanglao.chongyang_activity"]["status"] == "overdue"


def test_checklists_bound_to_the_data(run):
    rid = run("checklist", "start", "yanglao.service_content", "--period", "2025").stdout.strip()
    items = {i["id"]: i for i in json.loads(run("checklist", "show", rid, "--json").stdout)["items"]}
    assert len(items) == 7 and all(i["auto"] for i in items.values()) and items["c2"]["state"] == "unmet"
    run("yanglao", "visit", "log", "老乙", "--item", "助餐", "--provider-type", "社会组织", "--date", "2025-05-05")
    items = {i["id"]: i for i in json.loads(run("checklist", "show", rid, "--json").stdout)["items"]}
    assert items["c2"]["state"] == "met" and items["c1"]["state"] == "pending"  # no contact yet (the year ends today)
    run("yanglao", "contact", "log", "老乙", "--date", "2025-05-06")
    items = {i["id"]: i for i in json.loads(run("checklist", "show", rid, "--json").stdout)["items"]}
    assert items["c1"]["state"] == "met"  # 安全保障: the regular contacts (L79)
    rid = run("checklist", "start", "yanglao.service_modes", "--period", "2025").stdout.strip()
    items = {i["id"]: i["state"] for i in json.loads(run("checklist", "show", rid, "--json").stdout)["items"]}
    assert items == {"government": "unmet", "organisation": "met", "volunteer": "unmet", "neighbour": "unmet"}


def test_station_pairings_and_emergencies(run):
    run("yanglao", "station", "--strict", code=3)
    run("record", "add", "yanglao.station", "--field", "name=居家养老服务站", "--field", "services=助餐、助洁、聊天")
    assert json.loads(run("yanglao", "station", "--json").stdout)[0]["count"] == 3
    assert "服务项目未登记：理发" in run("record", "add", "yanglao.station", "--field", "name=二站", "--field", "services=理发",
                                        code=1).stderr
    run("record", "add", "yanglao.service", "--field", "name=理发", "--field", "category=生活照料", "--field", "price_low=5")
    sid = json.loads(run("record", "list", "yanglao.station", "--json").stdout)[0]["id"]
    run("record", "edit", str(sid), "--field", "services=助餐、助洁、聊天、助浴、理发")
    run("yanglao", "station", "--strict")
    assert {"name": "理发", "category": "生活照料"}.items() <= json.loads(run("yanglao", "service", "list", "--json").stdout)[-1].items()
    pid = run("yanglao", "pair", "add", "老乙", "--kind", "邻里结对", "--helper", "小青", "--start", "2025-02-01").stdout.strip()
    run("yanglao", "pair", "add", "老乙", "--kind", "亲属结对", "--helper", "外地女儿")
    pairs = json.loads(run("yanglao", "pair", "list", "--json").stdout)
    assert [p["helper"] for p in pairs] == ["小青", "外地女儿"]
    assert json.loads(run("record", "show", pid, "--json").stdout)["helper_person"] is not None
    run("yanglao", "pair", "end", pid, "--date", "2025-06-30")
    assert len(json.loads(run("yanglao", "pair", "list", "--json").stdout)) == 1
    assert "已于 2025-06-30 结束" in run("yanglao", "pair", "end", pid, code=1).stderr
    assert "不是养老服务对象" in run("yanglao", "pair", "add", "小青", "--kind", "邻里结对", "--helper", "老乙", code=1).stderr
    run("yanglao", "emergency", "老甲", "--event", "夜间跌倒", "--response", "送医", "--hotline", "--date", "2025-12-20")
    assert "老甲" not in run("record", "list", "yanglao.emergency").stdout


def test_whole_register_category_answers_equal_per_person_tests(run):
    from shequ.testing import check_category_members

    run("people", "remove", "九旬婆")
    for day in (date(2025, 10, 29), date(2025, 12, 31), date(2026, 10, 18), date(2026, 10, 17)):
        assert check_category_members(run.home, run.pm, day) == []
    cats = {c["name"]: c["count"] for c in json.loads(run("people", "categories", "--json").stdout)}
    assert cats["重阳慰问对象"] == 1  # 百岁翁 (九旬婆 was removed; 将九十 was 89 on 重阳)


def _load_year(run):
    run("yanglao", "elder", "set", "老甲", "--self-care", "不能自理", "--assist", "低保", "--since", "2025-01-01")
    run("yanglao", "elder", "set", "老丁", "--economy", "有一定经济来源但生活仍很困难", "--no-civil-aid", "--since", "2025-01-01")
    run("yanglao", "visit", "log", "老甲", "--item", "助医", "--provider-type", "社区助老服务员", "--date", "2025-03-04")
    run("yanglao", "visit", "log", "老丁", "--item", "助餐", "--provider-type", "家政服务公司", "--fee", "8", "--date", "2025-03-05")
    run("yanglao", "contact", "log", "老甲", "老乙", "老丁", "--date", "2025-03-10")
    run("yanglao", "emergency", "老甲", "--event", "夜间跌倒", "--hotline", "--date", "2025-03-20")
    run("ledger", "add", "--in", "--account", "收入:上级拨款:助老服务券", "--fund", "助老服务券", "--amount", "500", "--date", "2025-03-01")
    run("yanglao", "voucher", "issue", "老甲", "--value", "50", "--count", "2", "--date", "2025-03-02")
    run("yanglao", "pair", "add", "老甲", "--kind", "党员结对", "--helper", "小青", "--start", "2025-03-01")


def test_report_sections_count_and_name_nobody(run, tmp_path):
    _load_year(run)
    r = json.loads(run("report", "monthly", "--period", "2025-03", "-f", "json").stdout)
    sec = next(s for s in r["sections"] if s["title"] == "居家养老服务")
    f = sec["figures"]
    assert sec["order"] == 48 and [p[:8] for p in sec["paragraphs"][:3]] == ["（一）服务对象。", "（二）服务内容。", "（三）服务方式。"]
    assert f["tier_free"] == 2 and f["tier_low"] == 1 and f["visits"] == 2 and f["visits_3"] == 1 and f["contacts"] == 3
    assert f["emergencies"] == 1 and f["vouchers_issued"] == 2 and f["fees"] == "8.00" and f["pairings"] == 1
    assert f["contacts_overdue"] == 7 and f["contact_population"] == 7  # on 2025-03-31: all more than 7 days ago
    assert "尚未登记居家养老服务站" in "".join(sec["paragraphs"])
    md = run("report", "monthly", "--period", "2025-03", "-f", "md").stdout
    assert "## " in md and "（一）服务对象。截至2025年3月31日，辖区60周岁以上老年人" in md
    texts = {fmt: run("report", "monthly", "--period", "2025-03", "-f", fmt).stdout for fmt in ("md", "json", "html", "txt")}
    texts["annual"] = run("report", "annual", "--period", "2025", "-f", "md").stdout
    docx = tmp_path / "r.docx"
    run("report", "monthly", "--period", "2025-03", "-o", str(docx))
    import docx as python_docx

    doc = python_docx.Document(str(docx))
    texts["docx"] = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    assert "居家养老服务" in texts["docx"] and "（二）服务内容" in texts["docx"]
    for fmt, text in texts.items():
        for name in ("老甲", "老丁", "老乙"):  # the elders with health and assistance data
            assert name not in text, (fmt, name)
    plan = json.loads(run("report", "plan", "--period", "2026", "-f", "json").stdout)
    rows = next(s for s in plan["sections"] if s["title"] == "居家养老工作安排")["tables"][0]["rows"]
    assert len(rows) == 12 and "10月18日重阳节" in rows[9][2] and "敬老月" in rows[9][2]


def test_output_contract_of_every_command(run):
    from shequ.testing import Case, check_outputs, command_paths

    _load_year(run)
    run("yanglao", "voucher", "redeem", "ZL2025-0001", "--provider", "康乐家政", "--date", "2025-03-05")
    home = run.home
    cases = {
        "yanglao elder set": Case("yanglao", "elder", "set", "老乙", "--self-care", "能自理", kind="act"),
        "yanglao elder show": Case("yanglao", "elder", "show", "老甲"),
        "yanglao tiers": Case("yanglao", "tiers"),
        "yanglao tier set": Case("yanglao", "tier", "set", "老乙", "--tier", "低偿", "--reason", "临时困难", kind="act"),
        "yanglao tier unset": Case("yanglao", "tier", "unset", "老乙", kind="act",
                                   setup=(("yanglao", "tier", "set", "老乙", "--tier", "低偿", "--reason", "临时困难"),)),
        "yanglao visit log": Case("yanglao", "visit", "log", "老乙", "--item", "聊天", "--provider-type", "志愿者", kind="act"),
        "yanglao visit list": Case("yanglao", "visit", "list"),
        "yanglao service list": Case("yanglao", "service", "list"),
        "yanglao contact log": Case("yanglao", "contact", "log", "老乙", kind="act"),
        "yanglao contact round": Case("yanglao", "contact", "round"),
        "yanglao voucher issue": Case("yanglao", "voucher", "issue", "老甲", "--value", "20", kind="act"),
        "yanglao voucher redeem": Case("yanglao", "voucher", "redeem", "ZL2025-0002", "--provider", "夕阳红",
                                       "--item", "助洁", "--provider-type", "社会组织", kind="act"),
        "yanglao voucher reimburse": Case("yanglao", "voucher", "reimburse", kind="act"),
        "yanglao voucher list": Case("yanglao", "voucher", "list"),
        "yanglao voucher status": Case("yanglao", "voucher", "status"),
        "yanglao pair add": Case("yanglao", "pair", "add", "老乙", "--kind", "邻里结对", "--helper", "小青", kind="act"),
        "yanglao pair end": Case("yanglao", "pair", "end", "{last}", kind="act",
                                 setup=(("yanglao", "pair", "add", "老乙", "--kind", "邻里结对", "--helper", "小青"),)),
        "yanglao pair list": Case("yanglao", "pair", "list"),
        "yanglao emergency": Case("yanglao", "emergency", "老乙", "--event", "突发疾病", kind="act"),
        "yanglao zhongyang list": Case("yanglao", "zhongyang", "list"),
        "yanglao zhongyang give": Case("yanglao", "zhongyang", "give", kind="act"),
        "yanglao insurance enroll": Case("yanglao", "insurance", "enroll", "老乙", "--end", "2026-12-30", kind="act"),
        "yanglao insurance status": Case("yanglao", "insurance", "status"),
        "yanglao station": Case("yanglao", "station"),
    }
    assert set(cases) == set(command_paths(run.cli, roots={"yanglao"}))
    assert check_outputs(home, (shequ_yanglao,), cases) == []
