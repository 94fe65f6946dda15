"""The 科普 plugin: contract, the monthly triple and its cron check, 小结, 记录, boards, volunteers,
duties, checklists, bad inputs (nothing written), reports in every format, and privacy."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import shequ_kepu
from shequ.testing import check_category_members, check_plugin, runner
from shequ_kepu.service import classify

CHILD = "小学生丙"  # 10 years old: sensitive (a minor under 14), never named in a report


def test_contract():
    assert check_plugin(shequ_kepu) == []


@pytest.fixture
def files(tmp_path):
    d = tmp_path / "files"
    d.mkdir()
    for name in ("签到表-0312.jpg", "现场-0312.jpg", "签到表-0415.jpg", "签到表-0520.jpg", "课程表.pdf"):
        (d / name).write_bytes(b"x")
    return d


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEQU_USER", "科普专干")
    invoke = runner(tmp_path / "h", shequ_kepu, today="2025-06-30")
    invoke("init", "--name", "测试社区")
    invoke("people", "add", "社区主任丁", "--birth", "1975-05-01")
    invoke("people", "add", "志愿者乙", "--birth", "1988-02-03")
    invoke("people", "add", "志愿者戊", "--birth", "1990-07-09")
    invoke("people", "add", CHILD, "--birth", "2015-03-01")
    invoke("people", "add", "小小志愿者", "--birth", "2013-09-01")
    return invoke


def changes(run) -> int:
    return len(json.loads(run("log", "--json", "--limit", "1000").stdout))


def marks(run, year: str = "2025") -> dict[str, dict]:
    return {m["month"]: m for m in json.loads(run("kepu", "months", "--year", year, "--json").stdout)}


def log(run, title: str, day: str, form: str = "科普培训", *more: str) -> str:
    return run("kepu", "activity", "log", title, "--date", day, "--form", form, *more).stdout.strip()


# -- the monthly triple -----------------------------------------------------------------------------------
def test_month_with_activity_signin_and_summary_is_complete(run, files):
    eid = log(run, "科普讲座：春季传染病预防", "2025-03-12", "科普培训", "--count", "42", "--material", "远程教育课件",
              "--signin", str(files / "签到表-0312.jpg"), "--photo", str(files / "现场-0312.jpg"))
    assert eid.isdigit()
    m = marks(run)["2025-03"]
    assert (m["activity"], m["summary"], m["record"]) == ("met", "missing", "met")
    assert m["activities"] == 1 and m["records"] == 2
    assert any("shequ kepu summary write 2025-03" in w for w in m["why"])
    rid = run("kepu", "summary", "write", "2025-03", "--text", "三月开展科普讲座一次。", "--author", "科普专干").stdout.strip()
    assert rid.isdigit()
    m = marks(run)["2025-03"]
    assert m["complete"] and m["why"] == []
    # months without anything, and the month that is not over yet, and the future
    assert marks(run)["2025-04"]["activity"] == "missing"
    table = run("kepu", "months").stdout
    assert "✘ 缺" in table and "本月未结束" in table
    assert run("科普", "months", "--year", "2025", "--json").stdout == run("kepu", "months", "--year", "2025", "--json").stdout
    m7 = json.loads(runner(run.home, shequ_kepu, today="2025-06-30")("kepu", "months", "--year", "2026", "--json").stdout)
    assert {x["activity"] for x in m7} == {"future"}


def test_why_names_the_activity_without_records_and_planned_ones(run, files):
    log(run, "科普旅游：参观科技馆", "2025-04-09", "科普旅游", "--count", "32")
    run("calendar", "add", "五月科普讲座", "--date", "2025-05-20", "--domain", "科普")
    m = marks(run)
    assert m["2025-04"]["record"] == "missing"
    assert any("#1“科普旅游：参观科技馆”没有签到表" in w and "evidence add 1" in w for w in m["2025-04"]["why"])
    assert m["2025-05"]["activity"] == "missing"
    assert any("计划中：#2“五月科普讲座”" in w for w in m["2025-05"]["why"])
    # a 记录 attached later completes the month's 记录 mark
    run("kepu", "evidence", "add", "1", "--kind", "签到表", "--note", "纸质签到表存第3号档案盒")
    assert marks(run)["2025-04"]["record"] == "met"


def test_strict_exits_3_when_last_month_is_incomplete(run, files):
    log(run, "五月讲座", "2025-05-20", "科普培训", "--count", "30")
    result = run("kepu", "months", "--strict", code=3)
    assert "上月（2025-05）" in result.stderr and "缺小结、记录" in result.stderr
    assert "2025-05" in result.stdout  # the answer is still printed
    run("kepu", "evidence", "add", "1", "--kind", "签到表", "--file", str(files / "签到表-0520.jpg"))
    run("kepu", "summary", "write", "2025-05", "--generate")
    run("kepu", "months", "--strict")  # exit 0: May complete; earlier months do not matter for cron
    # January: last month is December of the year before
    jan = runner(run.home, shequ_kepu, today="2026-01-05")
    assert "上月（2025-12）" in jan("kepu", "months", "--strict", code=3).stderr
    assert json.loads(jan("kepu", "months", "--json", code=0).stdout)[0]["month"] == "2025-01"  # in January: last year


def test_core_activity_of_the_domain_counts_as_activity(run):
    run("calendar", "add", "科普电影", "--date", "2025-02-10", "--domain", "科普")
    eid = json.loads(run("calendar", "list", "--json", "--period", "2025-02").stdout)[0]["id"]
    run("calendar", "done", str(eid), "--count", "20")
    assert marks(run)["2025-02"]["activity"] == "met"
    duty = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025-02", "--json").stdout)}
    assert duty["kepu.monthly_activity"]["status"] == "met"


# -- 小结 --------------------------------------------------------------------------------------------------
def test_summary_draft_generate_replace_and_edit(run, files, monkeypatch, tmp_path):
    log(run, "科普讲座：春季传染病预防", "2025-03-12", "科普培训", "--count", "42", "--place", "科普活动室",
        "--festival", "植树节", "--signin", str(files / "签到表-0312.jpg"))
    run("kepu", "board", "update", "x", "--item", "海报", "--topic", "y", code=1)  # no board yet
    draft = run("kepu", "summary", "draft", "2025-03").stdout
    assert "本月共开展科普活动1次，参与居民42人次" in draft
    assert "3月12日，在科普活动室开展“科普讲座：春季传染病预防”（科普培训，结合植树节），42人次参加" in draft
    assert "留存签到表" in draft
    assert json.loads(run("kepu", "summary", "draft", "2025-03", "--json").stdout)["month"] == "2025-03"
    rid = run("kepu", "summary", "write", "2025-03", "--generate").stdout.strip()
    shown = json.loads(run("kepu", "summary", "show", "2025-03", "--json").stdout)
    assert shown["origin"] == "由活动生成" and shown["written"] == "2025-06-30"
    err = run("kepu", "summary", "write", "2025-03", "--text", "重写", code=1).stderr
    assert f"已有小结 #{rid}" in err and "--replace" in err
    # --edit opens $EDITOR on the draft; the edited text is saved as 由活动生成后修改
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\np = sys.argv[1]\nopen(p, 'a', encoding='utf-8').write('存在问题：青年参与少。\\n')\n", "utf-8")
    import sys

    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    again = run("kepu", "summary", "write", "2025-03", "--generate", "--edit", "--replace", "--date", "2025-04-02").stdout.strip()
    assert again == rid  # replaced in place, one 小结 per month
    shown = json.loads(run("kepu", "summary", "show", "2025-03", "--json").stdout)
    assert shown["origin"] == "由活动生成后修改" and shown["text"].endswith("存在问题：青年参与少。")
    assert shown["written"] == "2025-04-02"
    listed = {r["month"]: r for r in json.loads(run("kepu", "summary", "list", "--year", "2025", "--json").stdout)}
    assert listed["2025-03"]["state"] == "已写" and listed["2025-04"]["state"] == "缺" and listed["2025-07"]["state"] == "未到"


def test_summary_from_a_gb18030_file(run, tmp_path):
    f = tmp_path / "小结.txt"
    f.write_bytes("二月份没有开展活动，原因是春节假期。".encode("gb18030"))
    run("kepu", "summary", "write", "2025-02", "--file", str(f))
    assert run("kepu", "summary", "show", "2025-02").stdout.strip() == "二月份没有开展活动，原因是春节假期。"
    assert marks(run)["2025-02"]["summary"] == "met" and marks(run)["2025-02"]["activity"] == "missing"


# -- bad inputs: a clear Chinese error, exit 1, nothing written ---------------------------------------------
def test_bad_inputs_write_nothing(run, files, tmp_path):
    planned = run("calendar", "add", "计划中的讲座", "--date", "2025-06-01", "--domain", "科普").stdout.strip()
    other = run("calendar", "add", "党课", "--date", "2025-06-02", "--domain", "党建").stdout.strip()
    run("calendar", "done", other, "--count", "10")
    run("record", "add", "kepu.board", "--field", "name=社区科普宣传栏", "--field", "kind=科普宣传栏")
    before = changes(run)
    cases = [
        (("kepu", "summary", "write", "2025-07", "--text", "七月小结"), "不能为尚未到来的月份写小结：2025-07"),
        (("record", "add", "kepu.summary", "--field", "month=2025-08-01", "--field", "text=x"), "不能为尚未到来的月份写小结"),
        (("kepu", "summary", "write", "2025-04", "--generate"), "2025年4月没有已开展的科普活动，无法生成小结"),
        (("kepu", "evidence", "add", "999", "--kind", "签到表", "--note", "纸质"), "记录指向的活动不存在：999"),
        (("kepu", "evidence", "add", planned, "--kind", "照片", "--file", str(files / "现场-0312.jpg")), "尚未登记为已开展"),
        (("kepu", "evidence", "add", other, "--kind", "照片", "--file", str(files / "现场-0312.jpg")), "不是科普活动"),
        (("kepu", "evidence", "add", planned, "--kind", "照片", "--file", str(tmp_path / "没有这个.jpg")), "记录文件不存在"),
        (("record", "add", "kepu.evidence", "--field", f"event={other}", "--field", "date=2025-06-02",
          "--field", "kind=照片", "--field", f"file={tmp_path / 'x.jpg'}"), "文件不存在"),
        (("record", "add", "kepu.evidence", "--field", "event=999", "--field", "date=2025-06-02", "--field", "kind=照片",
          "--field", "note=x"), "999"),
        (("kepu", "activity", "log", "讲座", "--date", "2025-06-10", "--form", "科普培训", "--signin",
          str(tmp_path / "签到表.jpg")), "记录文件不存在"),
        (("kepu", "activity", "log", "讲座", "--date", "2025-06-10", "--form", "科普培训", "--count", "-5"),
         "人次应为非负整数：-5"),
        (("kepu", "activity", "log", "讲座", "--date", "2025-06-10", "--form", "科普培训", "--copies", "-1"), "不能为负数"),
        (("kepu", "activity", "log", "讲座", "--date", "2025-07-10", "--form", "科普培训"), "晚于今天"),
        (("kepu", "activity", "log", "讲座", "--date", "2025-06-10", "--form", "科普培训", "--volunteer", "社区主任丁"),
         "不是登记在册的科普志愿者"),
        (("kepu", "board", "update", "不存在的栏", "--item", "海报", "--topic", "防诈骗"), "宣传载体不存在：不存在的栏"),
        (("record", "add", "kepu.board_update", "--field", "board=乱写", "--field", "date=2025-06-01",
          "--field", "item=海报", "--field", "topic=x"), "宣传载体不存在：乱写"),
        (("kepu", "volunteer", "add", "无此人"), "无此人"),
    ]
    for args, message in cases:
        result = run(*args, code=1)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        assert result.stdout == ""
    assert changes(run) == before
    assert json.loads(run("record", "list", "kepu.evidence", "--json").stdout) == []
    assert [e["title"] for e in json.loads(run("calendar", "list", "--json").stdout)] == ["计划中的讲座", "党课"]
    # usage errors are exit 2
    run("kepu", "summary", "write", "2025-Q1", "--text", "x", code=2)
    run("kepu", "summary", "write", "2025-03", code=2)
    run("kepu", "evidence", "add", "1", "--kind", "签到表", code=2)


def test_classify_paths_and_notes(tmp_path):
    f = tmp_path / "签到表.jpg"
    f.write_bytes(b"x")
    assert classify(str(f)) == (str(f.resolve()), None)
    assert classify("纸质签到表存第3号档案盒") == (None, "纸质签到表存第3号档案盒")
    for missing in ("签到表.jpg", "scans/x", str(tmp_path / "no.pdf")):
        with pytest.raises(Exception, match="记录文件不存在"):
            classify(missing)


# -- 宣传载体 and volunteers -----------------------------------------------------------------------------------
def test_board_updates(run):
    run("record", "add", "kepu.board", "--field", "name=社区科普宣传栏", "--field", "kind=科普宣传栏", "--field", "place=广场")
    run("record", "add", "kepu.board", "--field", "name=3幢院落张贴栏", "--field", "kind=院落张贴栏")
    assert "不是可选值" in run("record", "add", "kepu.board", "--field", "name=x", "--field", "kind=黑板报", code=1).stderr
    a = run("kepu", "board", "update", "社区科普宣传栏", "--item", "海报", "--topic", "防诈骗", "--date", "2025-03-02").stdout
    run("kepu", "board", "update", "#2", "--item", "横幅", "--topic", "科技活动周", "--date", "2025-05-12")
    assert a.strip().isdigit()
    log_rows = json.loads(run("kepu", "board", "log", "--period", "2025", "--json").stdout)
    assert [(r["board"], r["item"]) for r in log_rows] == [("社区科普宣传栏", "海报"), ("3幢院落张贴栏", "横幅")]
    only = json.loads(run("kepu", "board", "log", "--period", "2025", "--board", "3幢院落张贴栏", "--json").stdout)
    assert len(only) == 1
    boards = {b["name"]: b for b in json.loads(run("kepu", "board", "list", "--period", "2025-Q1", "--json").stdout)}
    assert boards["社区科普宣传栏"]["updates"] == 1 and boards["3幢院落张贴栏"]["updates"] == 0
    assert boards["3幢院落张贴栏"]["last"] == "2025-05-12"
    assert "晚于今天" in run("kepu", "board", "update", "社区科普宣传栏", "--item", "海报", "--topic", "x", "--date",
                             "2025-08-01", code=1).stderr


def test_volunteer_roster_counts_service_and_hides_minors(run):
    run("kepu", "volunteer", "add", "志愿者乙", "--joined", "2024-03-01", "--skill", "计算机")
    run("kepu", "volunteer", "add", "志愿者戊", "--joined", "2025-01-10")
    run("kepu", "volunteer", "add", "小小志愿者", "--joined", "2025-02-01")
    assert "已是科普志愿者" in run("kepu", "volunteer", "add", "志愿者乙", code=1).stderr
    log(run, "进院落讲解", "2025-03-22", "进院落宣传讲解", "--volunteer", "志愿者乙", "--volunteer", "小小志愿者", "--count", "30")
    log(run, "入户发资料", "2025-04-22", "入户分发资料", "--volunteer", "志愿者乙", "--copies", "100", "--households", "80")
    rows = {r["id"]: r for r in json.loads(run("kepu", "volunteer", "list", "--period", "2025", "--json").stdout)}
    names = [r["name"] for r in rows.values()]
    assert "志愿者乙" in names and "小小志愿者" not in names and "（未满14周岁，已隐去）" in names
    served = {r["name"]: r["served"] for r in rows.values()}
    assert served["志愿者乙"] == 2 and served["志愿者戊"] == 0
    revealed = run("kepu", "volunteer", "list", "--reveal").stdout
    assert "小小志愿者" in revealed
    assert json.loads(run("log", "--json").stdout)[0]["action"] == "reveal kepu volunteer list"
    # leaving the team: the category and the roster follow the dates
    vid = next(k for k, r in rows.items() if r["name"] == "志愿者戊")
    run("record", "edit", str(vid), "--field", "left=2025-05-31")
    assert "志愿者戊" not in run("kepu", "volunteer", "list").stdout
    assert "志愿者戊" in run("kepu", "volunteer", "list", "--all").stdout
    assert "早于加入日期" in run("record", "edit", str(vid), "--field", "left=2024-01-01", code=1).stderr


def test_person_categories_agree_with_their_members(run):
    from datetime import date

    run("kepu", "volunteer", "add", "志愿者乙", "--joined", "2024-03-01")
    run("record", "add", "kepu.volunteer", "--field", "person=志愿者戊", "--field", "joined=2025-01-01",
        "--field", "left=2025-03-31")
    run("record", "add", "kepu.group_member", "--field", "person=社区主任丁", "--field", "role=组长",
        "--field", "post=社区主任", "--field", "start=2024-01-01")
    for on in (date(2025, 2, 1), date(2025, 6, 30)):
        assert check_category_members(run.home, run.pm, on) == []
    people = {p["name"]: p for p in json.loads(run("people", "list", "--category", "科普志愿者", "--on", "2025-02-01",
                                                   "--json").stdout)}
    assert set(people) == {"志愿者乙", "志愿者戊"}
    assert [p["name"] for p in json.loads(run("people", "list", "--category", "科普志愿者", "--json").stdout)] == ["志愿者乙"]


# -- duties and checklists ------------------------------------------------------------------------------------
def test_duties_windows_festivals_and_adjustable_period(run):
    log(run, "暑期青少年电脑培训", "2025-06-30", "青少年电脑培训", "--audience", "青少年")  # 暑假 not yet: does not count
    run("config", "set", "calendar.summer_vacation", "06-25..08-31")  # this community's 暑假 starts earlier
    st = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--domain", "科普", "--json").stdout)}
    assert st["kepu.computer_summer"]["status"] == "met" and st["kepu.youth_summer"]["status"] == "met"
    assert st["kepu.computer_winter"]["status"] == "overdue"
    log(run, "科技活动周科普展", "2025-05-20", "科普宣传", "--festival", "科技活动周")
    st = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025", "--domain", "科普", "--json").stdout)}
    assert st["kepu.festival_kejizhou"]["status"] == "met"  # 2025-05-17 ± 7 days (external date)
    assert st["kepu.training"]["progress"] == "0/4 期达标"
    # 定期 is the duty's period: a per-home setting
    run("duties", "set", "kepu.training", "per=month")
    st = {d["id"]: d for d in json.loads(run("duties", "status", "--period", "2025-H1", "--domain", "科普", "--json").stdout)}
    assert st["kepu.training"]["progress"] == "0/6 期达标"
    days = run("calendar", "festivals", "--year", "2025", "--kind", "festival").stdout
    assert "科技活动周" in days and "2025-05-17" in days


def test_checklists_bind_the_triple_to_data(run, files):
    log(run, "科普讲座", "2025-03-12", "科普培训", "--signin", str(files / "签到表-0312.jpg"))
    log(run, "四月讲座", "2025-04-15", "科普培训")
    run("kepu", "summary", "write", "2025-04", "--text", "四月小结")
    march = run("checklist", "start", "kepu.monthly", "--period", "2025-03").stdout.strip()
    items = {i["id"]: i for i in json.loads(run("checklist", "show", march, "--json").stdout)["items"]}
    assert items["activity"]["state"] == "met" and items["record"]["state"] == "met"
    assert items["summary"]["state"] == "unmet" and all(i["auto"] for i in items.values())
    april = run("checklist", "start", "kepu.monthly", "--period", "2025-04").stdout.strip()
    items = {i["id"]: i for i in json.loads(run("checklist", "show", april, "--json").stdout)["items"]}
    assert (items["activity"]["state"], items["summary"]["state"], items["record"]["state"]) == ("met", "met", "unmet")
    assert "按月检查" in run("checklist", "start", "kepu.monthly", "--period", "2025", code=2).stderr
    work = run("checklist", "start", "kepu.work", "--period", "2025").stdout.strip()
    items = {i["id"]: i for i in json.loads(run("checklist", "show", work, "--json").stdout)["items"]}
    assert items["group"]["state"] == "unmet"
    run("record", "add", "kepu.group_member", "--field", "person=社区主任丁", "--field", "role=组长", "--field", "post=社区主任")
    run("record", "add", "kepu.venue", "--field", "name=科普活动室", "--field", "kind=科普活动室", "--field", "main=是")
    items = {i["id"]: i for i in json.loads(run("checklist", "show", work, "--json").stdout)["items"]}
    assert items["group"]["state"] == "met" and items["venue"]["state"] == "met"
    assert items["monthly_activity"]["auto"] and "1月" in items["monthly_activity"]["why"]
    assert not items["monthly_summary"]["auto"] and "kepu.monthly" in items["monthly_summary"]["text"]


# -- reports ------------------------------------------------------------------------------------------------------
@pytest.fixture
def year(run, files):
    """Jan–Jun 2025: May misses its 小结, April its 记录; the June computer class has a child on its list."""
    run("kepu", "volunteer", "add", "志愿者乙", "--joined", "2024-03-01")
    run("record", "add", "kepu.group_member", "--field", "person=社区主任丁", "--field", "role=组长", "--field", "post=社区主任")
    run("record", "add", "kepu.venue", "--field", "name=科普活动室", "--field", "kind=科普活动室", "--field", "main=是")
    run("record", "add", "kepu.board", "--field", "name=社区科普宣传栏", "--field", "kind=科普宣传栏")
    run("kepu", "board", "update", "社区科普宣传栏", "--item", "海报", "--topic", "春季传染病预防", "--date", "2025-03-05")
    sign = ("--signin", str(files / "签到表-0312.jpg"))
    log(run, "寒假电脑培训", "2025-01-22", "青少年电脑培训", "--audience", "青少年", *sign)
    log(run, "元宵科普竞猜", "2025-02-12", "科普知识竞赛", "--festival", "元宵节", "--count", "60", *sign)
    log(run, "科普讲座", "2025-03-12", "科普培训", "--material", "远程教育课件", "--place", "科普活动室", "--count", "42",
        "--on-theme", "--volunteer", "志愿者乙", *sign)
    log(run, "反邪教教育片", "2025-04-16", "反邪教宣传", "--material", "碟片", "--count", "55")
    log(run, "科技活动周展览", "2025-05-20", "科普宣传", "--festival", "科技活动周", "--count", "120", *sign)
    log(run, "电脑兴趣班", "2025-06-20", "青少年电脑培训", "--audience", "青少年", "--attendee", CHILD, "--count", "12", *sign)
    for m in ("01", "02", "03", "04", "06"):
        run("kepu", "summary", "write", f"2025-{m}", "--generate")
    run("ledger", "add", "--date", "2025-03-05", "--amount", "180", "--out", "--account", "支出:科普:宣传印制")
    run("ledger", "add", "--date", "2025-02-12", "--amount", "300", "--out", "--account", "支出:科普:竞赛奖品")
    return run


def _section(report: dict) -> dict:
    return next(s for s in report["sections"] if s["title"] == "科普工作")


def test_monthly_report_carries_the_triple_and_the_year_gaps(year):
    r = json.loads(year("report", "monthly", "--period", "2025-05", "-f", "json").stdout)
    sec = _section(r)
    assert sec["order"] == 44
    assert sec["figures"]["triple"] == {"activity": "met", "summary": "missing", "record": "met"}
    assert sec["figures"]["year_missing"] == {"活动": [], "小结": ["5月"], "记录": ["4月"]}
    text = "\n".join(sec["paragraphs"])
    assert "本月尚未做到有活动、有小结、有记录（缺小结）" in text
    assert "2025年1月至5月，缺小结的月份：5月；缺记录的月份：4月。" in text
    assert "结合科技活动周1次" in text
    march = _section(json.loads(year("report", "monthly", "--period", "2025-03", "-f", "json").stdout))
    text = "\n".join(march["paragraphs"])
    assert "本月做到了有活动、有小结、有记录" in text and "组长由社区主任担任" in text
    assert "本月在科普活动室开展活动1次" in text and "本月更新1次（海报1次）" in text
    assert "其中利用远程教育课件1次" in text and "本月科普经费支出180.00元（宣传印制180.00元）" in text
    assert "附：本月科普小结" in text  # the month's 小结 travels with the 月报
    assert [row[0] for row in march["tables"][1]["rows"]] == ["2025-01", "2025-02", "2025-03"]


def test_annual_report_lists_months_that_missed_a_mark(year):
    sec = _section(json.loads(year("report", "half", "--period", "2025-H1", "-f", "json").stdout))
    text = "\n".join(sec["paragraphs"])
    assert text.startswith("（一）统一思想，明确目标。（待填写）")  # the command to fill it in goes to stderr
    assert "6个月中4个月三项齐全；缺小结：5月；缺记录：4月" in text
    assert "5. 科教进社区：科普知识竞赛1次（60人次），科普文艺汇演0次（0人次），科普旅游0次（0人次），青少年电脑培训2次（12人次）" in text
    assert "6. 反对邪教、崇尚科学：反邪教宣传1次（55人次），载体碟片" in text
    assert sec["figures"]["missing"] == {"活动": [], "小结": ["5月"], "记录": ["4月"]}
    annual = _section(json.loads(year("report", "annual", "--period", "2025", "-f", "json").stdout))
    assert annual["figures"]["months"] == 6 and annual["figures"]["months_complete"] == 4  # July on has not begun
    # a month still running that lacks a mark is “not over yet”, not missing
    year("kepu", "activity", "log", "六月讲座", "--date", "2025-06-28", "--form", "科普培训")
    later = runner(year.home, shequ_kepu, today="2025-07-31")
    later("kepu", "activity", "log", "七月讲座", "--date", "2025-07-02", "--form", "科普培训")
    sec = _section(json.loads(later("report", "annual", "--period", "2025", "-f", "json").stdout))
    assert "7个月中4个月三项齐全（7月尚未结束）" in "\n".join(sec["paragraphs"])
    sec = _section(json.loads(later("report", "monthly", "--period", "2025-07", "-f", "json").stdout))
    assert "本月尚未做到有活动、有小结、有记录（本月尚未结束）" in sec["paragraphs"][0]


def test_report_note_fills_the_first_heading(year, tmp_path):
    note = tmp_path / "目标.txt"
    note.write_text("以科学健康的文化活动为载体，普及科学知识。", "utf-8")
    year("report", "note", "set", "annual", "2025", "科普：统一思想，明确目标", str(note))
    text = year("report", "annual", "--period", "2025", "-f", "md").stdout
    assert "（一）统一思想，明确目标。以科学健康的文化活动为载体，普及科学知识。" in text


def test_plan_lists_the_months_work_from_settings_and_duties(year):
    year("config", "set", "calendar.summer_vacation", "07-10..09-05")
    year("duties", "disable", "kepu.festival_kejizhou")
    sec = _section(json.loads(year("report", "plan", "--period", "2026", "-f", "json").stdout))
    rows = dict(sec["tables"][0]["rows"])
    assert set(rows) == {f"{n}月份" for n in "一二三四五六七八九十"} | {"十一月份", "十二月份"}
    assert all("做到有活动、有小结、有记录" in v for v in rows.values())
    assert "青少年寒假电脑培训" in rows["一月份"] and "青少年寒假电脑培训" in rows["二月份"]
    assert "青少年暑假电脑培训" in rows["九月份"] and "全国科普日" in rows["九月份"]
    assert "科技活动周" not in rows["五月份"]
    text = "\n".join(sec["paragraphs"])
    assert "定期举办科普培训每季度不少于1次" in text and "原文未给" in text


def test_sensitive_names_never_in_any_report_format(year, tmp_path):
    from docx import Document

    for kind, period in (("monthly", "2025-06"), ("half", "2025-H1"), ("annual", "2025"), ("quarterly", "2025-Q2")):
        for fmt in ("md", "json", "html", "txt"):
            out = year("report", kind, "--period", period, "-f", fmt).stdout
            assert CHILD not in out, (kind, fmt)
            assert "志愿者乙" not in out and "社区主任丁" not in out  # reports give counts only
        target = tmp_path / f"{kind}.docx"
        year("report", kind, "--period", period, "-o", str(target))
        doc = Document(io.BytesIO(target.read_bytes()))
        body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
        assert "科普工作" in body and "每月有活动、有小结、有记录" in body
        assert CHILD not in body and "志愿者乙" not in body, kind


def test_domain_filter_leaves_the_section_out(year):
    r = json.loads(year("report", "monthly", "--period", "2025-03", "--domain", "党建", "-f", "json").stdout)
    assert not any(s["title"] == "科普工作" for s in r["sections"])
    r = json.loads(year("report", "monthly", "--period", "2025-03", "--domain", "科普", "-f", "json").stdout)
    assert any(s["title"] == "科普工作" for s in r["sections"])


def test_lists_answer_on_stdout_with_json(year):
    for args in (("kepu", "activity", "list", "--period", "2025"), ("kepu", "evidence", "list", "--period", "2025"),
                 ("kepu", "summary", "list"), ("kepu", "board", "list"), ("kepu", "board", "log"),
                 ("kepu", "volunteer", "list"), ("kepu", "months")):
        data = json.loads(year(*args, "--json").stdout)
        assert isinstance(data, list) and data, args
    acts = json.loads(year("kepu", "activity", "list", "--period", "2025", "--json").stdout)
    assert [a["records"] for a in acts] == [1, 1, 1, 0, 1, 1]
    ev = json.loads(year("kepu", "evidence", "list", "--period", "2025-03", "--json").stdout)
    assert Path(ev[0]["file"]).is_absolute() and ev[0]["kind"] == "签到表"
