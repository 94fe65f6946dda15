"""The 妇联 plugin: contract, health checks, referrals, teams, evaluations, 爱心助学, checklists, duties, reports.

Sensitive people (受检人, 救助对象, 送达对象, 受助人) must never appear by name in a listing without
``--reveal`` or in any report format; bad inputs fail with one Chinese line, exit 1, and write nothing.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import shequ_fulian
from shequ.testing import check_category_members, check_plugin, runner

TODAY = "2025-12-31"
#: name → (birth, household, relation, tags): four 育龄妇女, an older woman, a man, a girl of 15.
PEOPLE = {
    "张秀英": ("1985-05-01", "H01", "户主", ["女工"]),
    "李红": ("1990-07-15", "H02", "户主", ["单亲家庭"]),
    "王芳": ("1995-03-20", "H03", "户主", []),
    "赵敏": ("1980-11-11", "H01", "配偶", ["女工"]),
    "刘婆婆": ("1950-02-02", "H04", "户主", ["孤寡"]),
    "陈刚": ("1978-01-01", "H03", "配偶", ["女工"]),  # a man tagged 女工 by mistake is not a 女工
    "周小妹": ("2010-06-01", "H02", "子女", []),
}
GENDER = {"陈刚": "男"}


@pytest.fixture
def run(tmp_path):
    invoke = runner(tmp_path / "h", shequ_fulian, today=TODAY)
    invoke("init", "--name", "测试社区")
    for name, (birth, household, relation, tags) in PEOPLE.items():
        args = ["people", "add", name, "--gender", GENDER.get(name, "女"), "--birth", birth, "--household", household,
                "--relation", relation]
        for t in tags:
            args += ["--tag", t]
        invoke(*args)
    return invoke


def log(run) -> list:
    return json.loads(run("log", "--json").stdout)


def refused(run, *args: str, says: str) -> str:
    """Run a command that must fail with exit 1, a Chinese message and no write at all."""
    before = log(run)
    err = run(*args, code=1).stderr
    assert says in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 4
    assert log(run) == before, "a failed command wrote something"
    return err


def report_texts(run, tmp_path: Path, kind: str, period: str) -> dict[str, str]:
    import docx

    out = {fmt: run("report", kind, "--period", period, "-f", fmt).stdout for fmt in ("md", "json", "html", "txt")}
    path = tmp_path / f"{kind}.docx"
    run("report", kind, "--period", period, "-o", str(path))
    d = docx.Document(str(path))
    out["docx"] = "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])
    return out


def test_contract():
    assert check_plugin(shequ_fulian) == []


# -- categories ---------------------------------------------------------------------------------
def test_categories_from_tags_agree_with_per_person_tests(run):
    cats = {c["name"]: c["count"] for c in json.loads(run("people", "categories", "--json").stdout)}
    assert cats["育龄妇女"] == 5 and cats["单亲家庭"] == 1 and cats["女工"] == 2  # 陈刚 is a man
    assert "两癌妇女" not in cats  # health data never becomes a category shown beside names (API-NOTES.md)
    run("people", "edit", "王芳", "--tag", "单亲")
    assert check_category_members(run.home, run.pm, date(2025, 12, 31)) == []
    listed = json.loads(run("people", "list", "--category", "单亲家庭", "--json").stdout)
    assert {p["name"] for p in listed} == {"李红", "王芳"}


# -- health checks -------------------------------------------------------------------------------
def test_spring_checkup_todo_log_and_masking(run, tmp_path):
    todo = json.loads(run("fulian", "checkup", "todo", "--json").stdout)
    assert todo == [{"grid": "（未分网格）", "women": 5, "checked": 0, "todo": 5}]
    assert "张秀英" not in run("fulian", "checkup", "todo").stdout
    run("fulian", "checkup", "todo", "--strict", code=3)
    eid = run("妇联", "checkup", "log", "张秀英", "李红", "--date", "2025-04-12", "--partner", "社区卫生服务中心").stdout.strip()
    out = run("fulian", "checkup", "log", "王芳", "--date", "2025-04-12")
    assert out.stdout.strip() == eid  # the same day's 免费体检 is one 体检活动
    assert "育龄妇女 4 人，已体检 3 人，尚未体检 1 人" in out.stderr  # on 4月12日 周小妹 was 14
    names = {r["name"] for r in json.loads(run("fulian", "checkup", "todo", "--season", "春季", "--reveal", "--json").stdout)}
    assert names == {"赵敏", "周小妹"}
    assert log(run)[0]["action"] == "reveal fulian checkup todo"
    ev = json.loads(run("calendar", "show", eid, "--json").stdout)
    assert ev["status"] == "done" and ev["count"] == 3 and ev["attendees"] == [] and ev["fields"]["season"] == "春季"
    listed = run("fulian", "checkup", "list").stdout + run("record", "list", "fulian.checked").stdout
    assert "张秀英" not in listed and "（已隐去）" in listed
    assert "张秀英" in run("fulian", "checkup", "list", "--reveal").stdout
    run("record", "export", "fulian.checked", str(tmp_path / "体检.csv"))
    exported = (tmp_path / "体检.csv").read_text("utf-8-sig")
    assert "张秀英" not in exported and "（已隐去）" in exported
    run("fulian", "checkup", "result", "李红", "--date", "2025-04-12", "--follow-up", "--result", "两癌筛查异常，建议复查")
    row = json.loads(run("fulian", "checkup", "list", "--json").stdout)[1]
    assert row["follow_up"] == "（已隐去）" and row["result"] == "（已隐去）"
    status = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert status["fulian.spring_checkup"]["status"] == "met"


def test_the_report_counts_the_women_checked_as_the_todo_list_does(run):
    """The report counts 育龄妇女 checked and not (without sorting 50,000 names); the counts are
    the todo list's, before and after checks, and a check after the report's day is not counted."""
    from shequ.api import open_home
    from shequ.periods import Period
    from shequ_fulian.service import todo

    run("fulian", "checkup", "log", "张秀英", "李红", "--date", "2025-04-12")
    run("fulian", "checkup", "log", "王芳", "--date", "2025-06-02")
    for month, last in (("2025-03", "31"), ("2025-04", "30"), ("2025-06", "30")):
        on = date.fromisoformat(f"{month}-{last}")
        with open_home(run.home, plugins=[shequ_fulian], today=TODAY) as ctx:
            left, women, done = todo(ctx, Period(date(2025, 1, 1), on, "", "range"), on)
        md = run("report", "monthly", "--period", month, "-f", "md").stdout
        assert f"2025年辖区育龄妇女{women}人，已体检{done}人" in md and f"尚未体检{len(left)}人。" in md, month


def test_checkup_bad_inputs_write_nothing(run):
    refused(run, "fulian", "checkup", "log", "张秀英", "--date", "2026-04-12", says="晚于今天")
    refused(run, "fulian", "checkup", "log", "张秀英", "无此人", "--date", "2025-04-12", says="“无此人”：不在花名册中")
    refused(run, "record", "add", "fulian.checked", "--field", "person=张秀英", "--field", "date=2026-01-05",
            "--field", "kind=妇科检查", says="体检记录只登记已做的检查")
    run("fulian", "checkup", "log", "张秀英", "--date", "2025-04-12")
    refused(run, "fulian", "checkup", "log", "张秀英", "--date", "2025-04-12", says="已登记过")
    planned = run("fulian", "checkup", "plan", "--date", "2026-03-20").stdout.strip()
    refused(run, "fulian", "checkup", "log", "李红", "--event", planned, says="晚于今天")
    assert "没有写受检人" in run("fulian", "checkup", "log", code=2).stderr


def test_checkup_from_file_and_outside_the_band(run, tmp_path):
    names = tmp_path / "签到.txt"
    names.write_bytes("# 签到表\n张秀英\n刘婆婆\n".encode("gb18030"))
    r = run("fulian", "checkup", "log", "--from-file", str(names), "--date", "2025-05-08", "--kind", "妇科检查")
    assert "刘婆婆 不在 2025-05-08 的育龄妇女名单中" in r.stderr  # a warning: 女工妇科检查 may include her
    assert len(json.loads(run("fulian", "checkup", "list", "--json").stdout)) == 2
    planned = run("fulian", "checkup", "plan", "--date", "2025-10-10", "--kind", "两癌筛查").stdout.strip()
    assert json.loads(run("calendar", "show", planned, "--json").stdout)["status"] == "planned"
    assert run("fulian", "checkup", "log", "王芳", "赵敏", "--event", planned).stdout.strip() == planned
    ev = json.loads(run("calendar", "show", planned, "--json").stdout)
    assert ev["status"] == "done" and ev["count"] == 2
    kinds = {r["kind"] for r in json.loads(run("fulian", "checkup", "list", "--period", "2025-10", "--json").stdout)}
    assert kinds == {"两癌筛查"}


# -- referrals -----------------------------------------------------------------------------------
def test_referral_lifecycle_masked(run):
    refused(run, "fulian", "refer", "add", "王二麻", "--reason", "单亲家庭", says="“王二麻”不在花名册中")
    refused(run, "fulian", "refer", "add", "李红", "--reason", "单亲家庭", "--date", "2026-02-01", says="晚于今天")
    rid = run("fulian", "refer", "add", "李红", "--reason", "两癌妇女", "--date", "2025-05-06", "--note", "确诊").stdout.strip()
    assert "上报上级妇联" in run("fulian", "refer", "add", "王芳", "--reason", "单亲家庭", "--date", "2025-09-01").stderr
    rows = json.loads(run("fulian", "refer", "list", "--json").stdout)
    assert [r["person"] for r in rows] == ["（已隐去）", "（已隐去）"] and rows[0]["note"] == "（已隐去）"
    assert "李红" not in run("record", "list", "fulian.referral").stdout
    refused(run, "fulian", "refer", "outcome", rid, "--outcome", "已救助", "--date", "2025-04-01", says="早于上报日期")
    run("fulian", "refer", "outcome", rid, "--outcome", "已救助", "--date", "2025-06-10", "--amount", "3000")
    refused(run, "fulian", "refer", "outcome", rid, "--outcome", "未获救助", says="不能重复登记")
    assert [r["id"] for r in json.loads(run("fulian", "refer", "list", "--pending", "--json").stdout)] == [int(rid) + 1]
    assert "李红" in run("fulian", "refer", "list", "--reveal").stdout
    run("config", "set", "fulian.referral_to", "街道妇联")
    assert "上报街道妇联" in run("fulian", "refer", "add", "张秀英", "--reason", "其他困难").stderr


def test_sensitive_people_never_named_in_any_report_format(run, tmp_path):
    run("fulian", "checkup", "log", "张秀英", "王芳", "--date", "2025-04-12")
    run("fulian", "checkup", "result", "王芳", "--follow-up", "--result", "异常")
    run("fulian", "refer", "add", "李红", "--reason", "两癌妇女", "--date", "2025-04-20", "--note", "两癌筛查确诊")
    run("fulian", "outreach", "log", "新春送春联", "--date", "2025-01-20", "--tag", "孤寡", "--quantity", "20")
    run("fulian", "zhuxue", "donate", "1000", "--from", "爱心企业", "--date", "2025-03-01")
    run("fulian", "zhuxue", "pay", "500", "--to", "周小妹", "--date", "2025-03-02")
    secret = ("张秀英", "王芳", "李红", "刘婆婆", "周小妹")
    for kind, period in (("monthly", "2025-04"), ("annual", "2025"), ("half", "2025-H1")):
        for fmt, text in report_texts(run, tmp_path, kind, period).items():
            assert "妇联工作" in text, (kind, fmt)
            for name in secret:
                assert name not in text, (kind, fmt, name)
    md = run("report", "monthly", "--period", "2025-04", "-f", "md").stdout
    assert "为困难妇女上报临时救助1件（两癌妇女1件）" in md and "检查2人次（免费2人次），需随访1人次" in md
    assert "周小妹" not in run("ledger", "list", "--json").stdout  # the student is no ledger payee
    assert "周小妹" not in run("fulian", "zhuxue", "list").stdout
    assert "刘婆婆" not in run("record", "list", "fulian.recipient").stdout


# -- teams, evaluations, outreach ----------------------------------------------------------------
def test_teams_and_members(run):
    tid = run("fulian", "team", "add", "社区舞蹈队", "--kind", "舞蹈队", "--founded", "2022-05-01").stdout.strip()
    refused(run, "fulian", "team", "add", "社区舞蹈队", "--kind", "舞蹈队", says="已有名为")
    run("fulian", "team", "join", "社区舞蹈队", "张秀英", "--role", "队长", "--date", "2025-01-05")
    run("fulian", "team", "join", tid, "王芳", "--date", "2025-02-01")
    refused(run, "fulian", "team", "join", "社区舞蹈队", "王芳", says="已是“社区舞蹈队”的队员")
    refused(run, "fulian", "team", "join", "无此队", "王芳", says="找不到队伍")
    refused(run, "record", "add", "fulian.member", "--field", "team=999", "--field", "person=王芳", says="队伍编号 999 不存在")
    run("fulian", "team", "leave", "社区舞蹈队", "王芳", "--date", "2025-06-30")
    teams = json.loads(run("fulian", "team", "list", "--json").stdout)
    assert teams == [{"id": int(tid), "name": "社区舞蹈队", "kind": "舞蹈队", "founded": "2022-05-01", "members": 1}]
    members = json.loads(run("fulian", "team", "members", "社区舞蹈队", "--all", "--json").stdout)
    assert [(m["person"], m["role"], m["left"]) for m in members] == [("张秀英", "队长", None), ("王芳", "队员", "2025-06-30")]


def test_evaluations_per_household_and_year(run):
    refused(run, "fulian", "eval", "add", "--award", "平安家庭", "--household", "H99", says="户号 H99 不存在")
    refused(run, "record", "add", "fulian.evaluation", "--field", "award=平安家庭", "--field", "year=2025",
            "--field", "household=H99", says="户号 H99 不存在")
    refused(run, "fulian", "eval", "add", "--award", "好婆婆", "--household", "H01", says="评的是人")
    refused(run, "fulian", "eval", "add", "--award", "好媳妇", "--household", "H02", "--person", "张秀英",
            says="张秀英 不是 H02 户的成员")
    run("fulian", "eval", "add", "--award", "平安家庭", "--household", "H01", "--date", "2025-12-10")
    run("fulian", "eval", "add", "--award", "好媳妇", "--person", "赵敏", "--date", "2025-12-10")  # household from the register
    refused(run, "fulian", "eval", "add", "--award", "平安家庭", "--household", "H01", "--year", "2025", says="已评为")
    rows = json.loads(run("fulian", "eval", "list", "--year", "2025", "--json").stdout)
    assert [(r["award"], r["household"], r["person"]) for r in rows] == [("平安家庭", "H01", None), ("好媳妇", "H01", "赵敏")]


def test_outreach_recipients_from_register(run):
    refused(run, "fulian", "outreach", "log", "送春联", "--tag", "无此标签", says="没有带这些标签的人")
    refused(run, "fulian", "outreach", "log", "送春联", "--date", "2026-01-20", "--tag", "孤寡", says="晚于今天")
    eid = run("fulian", "outreach", "log", "新春送春联", "--date", "2025-01-20", "--tag", "孤寡", "--person", "李红",
              "--quantity", "30", "--helper", "社区书法家").stdout.strip()
    ev = json.loads(run("calendar", "show", eid, "--json").stdout)
    assert ev["count"] == 2 and ev["attendees"] == [] and ev["fields"]["festival"] == "春节"
    st = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["fulian.chunlian"]["status"] == "met"  # 春节 2025-01-29: the 15 days before it


# -- 爱心助学 ---------------------------------------------------------------------------------------
def test_zhuxue_is_an_earmarked_fund_that_cannot_be_overdrawn(run):
    run("fulian", "zhuxue", "donate", "5,000", "--from", "幸福超市", "--date", "2025-03-01")
    run("fulian", "zhuxue", "pay", "3000", "--to", "周小妹", "--date", "2025-09-01", "--note", "学费")
    err = refused(run, "fulian", "zhuxue", "pay", "2500", "--date", "2025-09-02", says="爱心助学余额不足")
    assert "专款不能透支" in err and "-500.00" in err
    refused(run, "fulian", "zhuxue", "pay", "100", "--to", "无此人", says="“无此人”不在花名册中")
    refused(run, "ledger", "add", "--amount", "100", "--out", "--account", "支出:妇联:活动", "--fund", "爱心助学",
            says="爱心助学专款专用")
    status = json.loads(run("fulian", "zhuxue", "status", "--period", "2025", "--json").stdout)
    assert status == {"period": "2025", "raised": "5000.00", "paid": "3000.00", "balance": "2000.00", "aided": 1}
    rows = json.loads(run("fulian", "zhuxue", "list", "--json").stdout)
    assert rows[0]["person"] == "（已隐去）" and rows[0]["amount"] == "3000"


# -- laws, checklists, settings ------------------------------------------------------------------
def test_laws_keep_the_source_wording_beside_the_official_names(run):
    laws = {r["source"]: r for r in json.loads(run("fulian", "laws", "--json").stdout)}
    wrong = laws["《妇女儿童权益保障法》"]
    assert wrong["official"] == "《中华人民共和国妇女权益保障法》" and "原文名称有误" in wrong["note"]
    assert "《中华人民共和国未成年人保护法》" in wrong["note"]
    assert "“条列”为错字" in laws["新的《计划生育条列》"]["note"]
    refused(run, "calendar", "add", "宣传", "--date", "2025-03-01", "--type", "fulian.publicity", "--field", "topic=妇女权益保障",
            "--field", "law=《妇女儿童权益保障法》", says="不是可选值")
    refused(run, "calendar", "add", "宣传", "--date", "2025-03-01", "--type", "fulian.publicity", "--field", "topic=计划生育",
            "--field", "materials=-5", says="资料份数不能为负数")


def test_create_checklists_are_editable_templates_seeded_from_the_source(run, tmp_path):
    shown = json.loads(run("checklist", "template", "show", "fulian.funv_zhijia", "--json").stdout)
    assert [i["text"] for i in shown["items"]] == ["家庭和睦", "邻里关系好", "社会影响好"]
    assert "原文未给创建标准" in shown["source"]
    path = tmp_path / "妇女之家.yaml"
    run("fulian", "template", "妇女之家", "-o", str(path))
    text = path.read_text("utf-8")
    assert text.startswith("# “妇女之家”创建") and "主 L7" in text
    path.write_text(text.replace("  - id: yingxiang", "  - id: zhidu\n    text: \"有场所、有制度\"\n    weight: 10\n"
                                 "    evidence: true\n  - id: yingxiang"), "utf-8")
    run("checklist", "template", "add", str(path))
    rid = run("checklist", "start", "fulian.funv_zhijia", "--period", "2025").stdout.strip()
    run("checklist", "tick", rid, "hemu", "--evidence", "家庭走访记录")
    items = {i["id"]: i["state"] for i in json.loads(run("checklist", "show", rid, "--json").stdout)["items"]}
    assert items == {"hemu": "ticked", "linli": "open", "zhidu": "open", "yingxiang": "open"}
    assert "zhidu" in run("fulian", "template", "妇女之家").stdout  # exports the home's edited copy
    gang = json.loads(run("checklist", "template", "show", "fulian.jinguo_gang", "--json").stdout)
    assert len(gang["items"]) == 3


def test_year_frame_and_publicity_checklists_read_the_data(run):
    run("record", "add", "fulian.team", "--field", "name=巾帼志愿者服务队", "--field", "kind=巾帼志愿者服务队")
    run("calendar", "add", "普法宣传", "--date", "2025-03-06", "--type", "fulian.publicity", "--field", "topic=妇女权益保障",
        "--field", "law=《中华人民共和国妇女权益保障法》", "--field", "festival=妇女节", "--done")
    run("calendar", "add", "招聘会", "--date", "2025-02-27", "--type", "fulian.training", "--field", "kind=招聘会", "--done")
    run("fulian", "refer", "add", "李红", "--reason", "两癌妇女", "--date", "2025-05-06")
    rid = run("checklist", "start", "fulian.year_frame", "--period", "2025", "--unit", "妇联").stdout.strip()
    items = {i["id"]: i for i in json.loads(run("checklist", "show", rid, "--json").stdout)["items"]}
    assert items["team"]["state"] == "met" and items["materials"]["state"] == "met" and items["jiuzhu"]["state"] == "met"
    assert items["jobs"]["state"] == "met" and items["service"]["state"] == "pending"  # the year ends today
    assert items["wudao"]["state"] == "unmet" and items["yanchu"]["state"] == "unmet" and items["plan"]["state"] == "unmet"
    assert "李红" not in json.dumps(items, ensure_ascii=False)
    run("record", "add", "core.document", "--field", "kind=计划", "--field", "period=2025", "--field", "title=妇联计划",
        "--field", "domain=妇联")
    items = {i["id"]: i for i in json.loads(run("checklist", "show", rid, "--json").stdout)["items"]}
    assert items["plan"]["state"] == "met"
    pub = run("checklist", "start", "fulian.xuanchuan", "--period", "2025").stdout.strip()
    texts = {i["id"]: i for i in json.loads(run("checklist", "show", pub, "--json").stdout)["items"]}
    assert "原文作《妇女儿童权益保障法》，不是正式名称" in texts["funv"]["text"] and texts["funv"]["state"] == "met"
    assert "“条列”为错字" in texts["jisheng"]["text"]
    st = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["fulian.sanba"]["status"] == "met"  # 3月6日 is within 7 days of 妇女节 (3月8日)


def test_contest_levels_are_a_setting(run):
    refused(run, "record", "add", "fulian.entry", "--field", "person=王芳", "--field", "contest=厨艺比赛", "--field", "level=社区",
            "--field", "date=2025-05-01", says="比赛级别应为 区、乡、村")
    run("config", "set", "fulian.contest_levels", "区,街道,社区")
    run("record", "add", "fulian.entry", "--field", "person=王芳", "--field", "contest=厨艺比赛", "--field", "level=社区",
        "--field", "date=2025-05-01")


# -- reports -------------------------------------------------------------------------------------
def _year(run):
    run("fulian", "team", "add", "巾帼志愿者服务队", "--kind", "巾帼志愿者服务队", "--founded", "2023-03-05")
    run("fulian", "team", "join", "巾帼志愿者服务队", "张秀英", "--date", "2025-01-05")
    run("record", "add", "fulian.org", "--field", "program=妇女之家", "--field", "name=社区妇女之家", "--field", "status=创建中")
    for day in ("2025-02-20", "2025-05-15", "2025-11-12"):  # no 计生 publicity in Q3: the gap
        run("calendar", "add", "计生宣传", "--date", day, "--type", "fulian.publicity", "--field", "topic=计划生育", "--done")
    run("calendar", "add", "招聘会", "--date", "2025-03-27", "--type", "fulian.training", "--field", "kind=招聘会",
        "--field", "units=12", "--done")
    run("calendar", "add", "大型文艺演出", "--date", "2025-04-26", "--type", "fulian.performance", "--done")
    run("fulian", "checkup", "log", "张秀英", "王芳", "--date", "2025-04-12")
    run("fulian", "refer", "add", "李红", "--reason", "两癌妇女", "--date", "2025-04-20")


def test_monthly_section_in_the_shape_of_the_source_summary(run):
    _year(run)
    r = json.loads(run("report", "monthly", "--period", "2025-04", "-f", "json").stdout)
    sec = next(s for s in r["sections"] if s["title"] == "妇联工作")
    assert sec["order"] == 40
    heads = [p[:5] for p in sec["paragraphs"] if p.startswith("（")]
    assert heads == ["（一）强化", "（二）发挥", "（三）存在", "（四）下一"]
    numbered = [p[:2] for p in sec["paragraphs"] if p[:1].isdigit()]
    assert numbered == ["1.", "2.", "3.", "4.", "5.", "6."]
    f = sec["figures"]
    assert f["referrals"] == 1 and f["referral_reasons"] == {"两癌妇女": 1} and f["checked"] == 2
    assert f["fertile_women"] == 4 and f["fertile_checked"] == 2 and f["fertile_unchecked"] == 2  # 周小妹 is 14
    assert f["performances"] == 1 and f["job_fairs"] == 0
    table = sec["tables"][0]
    assert table["columns"] == ["项目", "本月", "年度累计"] and ["招聘会（次）", 0, 1] in table["rows"]
    assert any("2025年5月：春季育龄妇女免费体检（3月1日—5月31日）" in p for p in sec["paragraphs"])
    march = json.loads(run("report", "monthly", "--period", "2025-03", "-f", "json").stdout)
    sec3 = next(s for s in march["sections"] if s["title"] == "妇联工作")
    assert sec3["figures"]["fertile_checked"] == 0  # April's checks are not counted in March


def test_annual_section_shows_the_gap(run):
    _year(run)
    md = run("report", "annual", "--period", "2025", "-f", "md").stdout
    part = md[md.index("妇联工作"):]
    assert "计划生育宣传（每阶段一个主题）：2025年第三季度未开展" in part
    assert "（四）今后打算。下一步要跟进待答复的临时救助1件" in part
    notes = Path(run.home).parent / "不足.txt"
    notes.write_text("工作上创新意识不够，社区妇女工作的力度还有待于加强。", "utf-8")
    run("report", "note", "set", "annual", "2025", "妇联·存在不足", str(notes))
    md = run("report", "annual", "--period", "2025", "-f", "md").stdout
    assert "未开展。工作上创新意识不够" in md


def test_plan_lists_the_three_blocks_and_the_months(run):
    run("config", "set", "fulian.jisheng_themes", "优生优育,生殖健康,婚育新风,关爱女孩")
    run("fulian", "checkup", "plan", "--date", "2026-04-15")
    r = json.loads(run("report", "plan", "--period", "2026", "-f", "json").stdout)
    sec = next(s for s in r["sections"] if s["title"] == "妇联工作计划")
    assert [p[:3] for p in sec["paragraphs"][:3]] == ["（一）", "（二）", "（三）"]
    assert "原文作《妇女儿童权益保障法》，不是正式名称" in sec["paragraphs"][1]
    assert "每季度一个主题（优生优育、生殖健康、婚育新风、关爱女孩）" in sec["paragraphs"][2]
    rows = sec["tables"][0]["rows"]
    assert ["2月", "新春佳节前送春联（2月2日—2月16日）", "篇1 L27"] in rows  # 春节 2026-02-17
    assert ["3月", "三八妇女节宣传（3月1日—3月15日）", "篇12 L245"] in rows
    assert ["4月", "4月大型文艺演出", "篇1 L27"] in rows
    assert ["第三季度", "计划生育宣传（每阶段一个主题）：婚育新风", "主 L15"] in rows
    assert any(row[1].startswith("妇女免费体检（4月15日") for row in rows)
    assert rows[-1] == ["12月", "年终总结（年终有总结）", "篇1"]
    run("duties", "disable", "fulian.april_gala")
    run("duties", "set", "fulian.jisheng", "per=half")
    r = json.loads(run("report", "plan", "--period", "2026", "-f", "json").stdout)
    rows = next(s for s in r["sections"] if s["title"] == "妇联工作计划")["tables"][0]["rows"]
    assert ["上半年", "计划生育宣传（每阶段一个主题）：优生优育", "主 L15"] in rows
    assert not any("文艺演出" in row[1] for row in rows)  # a disabled duty is not planned


def test_sections_respect_the_domain_filter_and_skip_the_ledger_book(run):
    md = run("report", "monthly", "--period", "2025-04", "-f", "md", "--domain", "党建").stdout
    assert "妇联工作" not in md
    assert "妇联工作" in run("report", "monthly", "--period", "2025-04", "-f", "md", "--domain", "妇联").stdout
    from shequ.api import open_home

    from shequ_fulian.report import sections

    with open_home(run.home, plugins=[shequ_fulian], today=TODAY) as ctx:
        assert sections("ledger-book", ctx.parse_period("2025-04"), ctx) == []


# -- the sample year -------------------------------------------------------------------------------
@pytest.mark.slow
def test_sample_year_loads_and_shows_the_gap(tmp_path):
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "SHEQU_HOME": str(tmp_path / "home"), "SHEQU_TODAY": TODAY, "SHEQU_LOAD_PLUGINS": "fulian",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}

    def sh(*args: str) -> str:
        done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=root, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout

    sh("shequ", "init", "--name", "幸福社区")
    sh("shequ", "people", "import", "examples/roster.csv")
    sh("bash", "examples/fulian/load.sh")
    md = sh("shequ", "report", "annual", "--period", "2025", "-f", "md")
    assert "计划生育宣传（每阶段一个主题）：2025年第三季度未开展" in md
    assert "联合社区劳动保障举办招聘会3次" in md
    for name in (root / "examples/fulian/referral-names.txt").read_text("utf-8").split():
        assert name not in md
    pm = runner(tmp_path / "home", shequ_fulian).pm
    assert check_category_members(tmp_path / "home", pm, date(2025, 12, 31)) == []


# -- the output contract -----------------------------------------------------------------------------
def test_every_command_keeps_the_output_contract(tmp_path):
    """Answers on stdout with --json; changes print only their new ids and confirm on stderr."""
    from shequ.testing import Case, check_outputs, command_paths

    from shequ_fulian.cli import fulian

    home = tmp_path / "home"
    run = runner(home, shequ_fulian, today=TODAY)
    run("init", "--name", "测试社区")
    for name, (birth, household, relation, tags) in PEOPLE.items():
        run("people", "add", name, "--gender", GENDER.get(name, "女"), "--birth", birth, "--household", household,
            "--relation", relation, *[x for t in tags for x in ("--tag", t)])
    run("fulian", "checkup", "log", "张秀英", "--date", "2025-04-12")
    run("fulian", "refer", "add", "李红", "--reason", "两癌妇女", "--date", "2025-05-06")
    run("fulian", "team", "add", "社区舞蹈队", "--kind", "舞蹈队")
    run("fulian", "team", "join", "社区舞蹈队", "张秀英")
    run("fulian", "eval", "add", "--award", "平安家庭", "--household", "H01")
    run("fulian", "zhuxue", "donate", "1000", "--from", "爱心企业")
    run("fulian", "zhuxue", "pay", "200", "--to", "周小妹")
    f = "fulian"
    cases = {
        "fulian checkup todo": Case(f, "checkup", "todo"),
        "fulian checkup log": Case(f, "checkup", "log", "王芳", "--date", "2025-04-12", kind="act"),
        "fulian checkup plan": Case(f, "checkup", "plan", "--date", "2026-03-20", kind="act"),
        "fulian checkup list": Case(f, "checkup", "list", "--period", "2025"),
        "fulian checkup result": Case(f, "checkup", "result", "张秀英", "--follow-up", kind="act"),
        "fulian refer add": Case(f, "refer", "add", "王芳", "--reason", "单亲家庭", kind="act"),
        "fulian refer outcome": Case(f, "refer", "outcome", "{last}", "--outcome", "已救助", kind="act",
                                     setup=((f, "refer", "add", "王芳", "--reason", "单亲家庭"),)),
        "fulian refer list": Case(f, "refer", "list", "--period", "2025"),
        "fulian team add": Case(f, "team", "add", "社区义工服务队", "--kind", "义工服务队", kind="act"),
        "fulian team join": Case(f, "team", "join", "社区舞蹈队", "王芳", kind="act"),
        "fulian team leave": Case(f, "team", "leave", "社区舞蹈队", "张秀英", kind="act"),
        "fulian team list": Case(f, "team", "list"),
        "fulian team members": Case(f, "team", "members", "社区舞蹈队"),
        "fulian eval add": Case(f, "eval", "add", "--award", "好媳妇", "--person", "赵敏", kind="act"),
        "fulian eval list": Case(f, "eval", "list"),
        "fulian outreach log": Case(f, "outreach", "log", "送春联", "--tag", "孤寡", kind="act"),
        "fulian zhuxue donate": Case(f, "zhuxue", "donate", "500", "--from", "居民", kind="act"),
        "fulian zhuxue pay": Case(f, "zhuxue", "pay", "100", kind="act"),
        "fulian zhuxue status": Case(f, "zhuxue", "status", "--period", "2025"),
        "fulian zhuxue list": Case(f, "zhuxue", "list", "--period", "2025"),
        "fulian laws": Case(f, "laws"),
        "fulian template": Case(f, "template", "妇女之家"),
    }
    assert {f"fulian {p}" for p in command_paths(fulian)} == set(cases)  # a new command must be listed here
    assert check_outputs(home, (shequ_fulian,), cases, today=TODAY) == []
    assert json.loads(run(f, "template", "巾帼文明岗", "--json").stdout)["id"] == "fulian.jinguo_gang"
    assert "模板文件应为" in run(f, "template", "妇女之家", "-o", str(tmp_path / "x.txt"), code=2).stderr
