"""The 关工委 plugin: contract, units and stations, the month-by-month calendar per unit, trainings,
reviews, nominations (minors' names never shown), 五好 targets, the 九月 小结 and 十二月 考核, reports."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
import shequ_guangongwei
from shequ.testing import check_category_members, check_plugin, runner

from shequ_guangongwei.plan import ITEMS

SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "000_c75d0e016daded29.txt"
STUDENTS = ("小明同学", "小红同学")  # minors: their names must never reach a report


def test_contract():
    assert check_plugin(shequ_guangongwei) == []


def test_month_items_are_the_source_lines_verbatim():
    duties = {d["id"]: d for d in shequ_guangongwei.shequ_duties()}
    months = [duties[f"guangongwei.m{m:02d}"] for m in range(1, 13)]
    assert [d["due"] for d in months][:3] == ["01-31", "02-28", "03-31"] and months[-1]["due"] == "12-31"
    assert all(d["kind"] == "deadline" and d["source"].startswith(f"篇5 L{108 + i}") for i, d in enumerate(months, 1))
    if not SEED.is_file():
        pytest.skip("the source plans are not next to this checkout")
    lines = SEED.read_text("utf-8").splitlines()
    for i, d in enumerate(months, start=1):
        assert lines[108 + i - 1] == d["title"] + "。", d["id"]
    assert duties["guangongwei.staff_training"]["min"] == 2 and "全年举办两次" in lines[102]


def _people(run, today_year=2025):
    # Adults (五老, staff) and two students; birth dates make the ages.
    for name, birth in (("曾老", "1945-03-01"), ("罗老", "1950-06-01"), ("站长甲", "1975-01-01"),
                        ("小明同学", "2014-05-01"), ("小红同学", "2016-09-01"), ("大龄青年", "1995-01-01")):
        run("people", "add", name, "--birth", birth)


@pytest.fixture
def run(tmp_path):
    """A 街道-style home: 城南街道 over three 村(社区), a 总站 and three 中心站 (新华村 a 双休日 pilot)."""
    invoke = runner(tmp_path / "h", shequ_guangongwei, today="2025-12-31")
    invoke("init", "--name", "城南街道", "--level", "街道")
    _people(invoke)
    g = ("guangongwei",)
    invoke(*g, "unit", "add", "城南街道", "--level", "区(街道)")
    for u in ("新华村", "杨花桥村", "幸福社区"):
        invoke(*g, "unit", "add", u)
    invoke(*g, "station", "add", "城南街道校外教育辅导总站", "--level", "总站", "--unit", "城南街道", "--since", "2020-01-01")
    invoke(*g, "station", "add", "新华村中心站", "--level", "中心站", "--unit", "新华村", "--since", "2021-03-01", "--pilot")
    invoke(*g, "station", "add", "杨花桥村中心站", "--level", "中心站", "--unit", "杨花桥村", "--since", "2021-03-01")
    invoke(*g, "station", "add", "幸福社区中心站", "--level", "中心站", "--unit", "幸福社区", "--since", "2025-05-10")
    return invoke


def _at(run, today):
    """The same home, with another 'today'."""
    return runner(run.home, shequ_guangongwei, today=today)


def _log_len(run):
    return len(json.loads(run("log", "--json", "--limit", "1000").stdout))


def test_bad_inputs_are_refused_and_write_nothing(run):
    before = _log_len(run)
    stations = run("record", "list", "guangongwei.station", "--json").stdout
    err = run("guangongwei", "station", "add", "无名站", "--level", "中心站", "--unit", "无此村", code=1).stderr
    assert "单位“无此村”不存在（已登记：城南街道、新华村、杨花桥村、幸福社区）" in err
    err = run("guangongwei", "station", "add", "第二总站", "--level", "总站", code=1).stderr
    assert "已有校外教育辅导总站“城南街道校外教育辅导总站”" in err and "一个关工委只设一个总站" in err
    err = run("record", "add", "guangongwei.station", "--field", "name=另一总站", "--field", "level=总站", code=1).stderr
    assert "只设一个总站" in err  # the generic command meets the same rule
    assert "每个村(社区)设一个中心站" in run("guangongwei", "station", "add", "新华村二站", "--level", "中心站",
                                           "--unit", "新华村", code=1).stderr
    assert "须写明所属单位" in run("guangongwei", "station", "add", "x站", "--level", "中心站", code=1).stderr
    err = run("guangongwei", "nominate", "曾老", "--school", "城南小学", "--all-standards", "--date", "2025-10-10", code=1).stderr
    assert "80 周岁，不在中小学生年龄段 6-18 周岁内" in err
    err = run("guangongwei", "nominate", "大龄青年", "--school", "城南中学", "--all-standards", "--date", "2025-10-10",
              code=1).stderr
    assert "30 周岁" in err and "大龄青年" not in err  # the message names no one (the student may be a minor)
    err = run("guangongwei", "review", "log", "幸福社区中心站", "--kind", "点评", "--date", "2025-04-20", code=1).stderr
    assert "点评日期 2025-04-20 早于辅导站“幸福社区中心站”的建站日期 2025-05-10" in err
    assert "找不到辅导站：无此站" in run("guangongwei", "review", "log", "无此站", "--kind", "点评", code=1).stderr
    assert _log_len(run) == before
    assert run("record", "list", "guangongwei.station", "--json").stdout == stations
    assert json.loads(run("record", "list", "guangongwei.review", "--json").stdout) == []
    assert json.loads(run("record", "list", "guangongwei.nomination", "--json").stdout) == []


def test_this_months_work_from_the_plan_per_unit(run):
    march = _at(run, "2025-03-20")
    march("guangongwei", "activity", "log", "学雷锋进社区", "--form", "学雷锋活动", "--station", "新华村中心站",
          "--date", "2025-03-05", "--count", "45", "--plan", "--attendee", "曾老")
    w = json.loads(march("guangongwei", "calendar", "--json").stdout)
    assert w["label"] == "三月份" and w["item"].startswith("三月份,配合学校、企事业单位植树绿化") and w["source"] == "篇5 L111"
    assert {r["unit"]: r["status"] for r in w["rows"]} == {"新华村": "done", "杨花桥村": "open", "幸福社区": "open"}
    assert "学雷锋纪念日（外部日期" in w["anchor"]
    shown = march("关工委", "calendar").stdout
    assert "三月份,配合学校" in shown and "新华村" in shown and "已完成" in shown and "进行中" in shown
    # After the month: the others are overdue, and the cron check says so.
    w = json.loads(run("guangongwei", "calendar", "2025-03", "--json").stdout)
    assert w["done"] == 1 and w["missed"] == ["杨花桥村", "幸福社区"]
    run("guangongwei", "calendar", "2025-03", "--strict", code=3)
    # June concerns the 双休日 pilots only; January the 总站.
    assert [r["unit"] for r in json.loads(run("guangongwei", "calendar", "2025-06", "--json").stdout)["rows"]] == ["新华村"]
    assert [r["unit"] for r in json.loads(run("guangongwei", "calendar", "2025-01", "--json").stdout)["rows"]] == \
        ["城南街道校外教育辅导总站"]
    # The core's duty for the month sees the same event.
    st = {s["id"]: s for s in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["guangongwei.m03"]["status"] == "met" and st["guangongwei.m04"]["status"] == "overdue"
    assert st["guangongwei.xueleifeng"]["status"] == "met"
    year = json.loads(run("guangongwei", "calendar", "--year", "2025", "--json").stdout)
    assert len(year) == 12 and year[2]["status"] == "部分完成（1/3）" and year[1]["item"] == "制定全年工作计划"


def test_a_stations_winter_class_and_the_august_review(run):
    eid = run("guangongwei", "training", "log", "寒假培训班", "--audience", "青少年", "--term", "寒假",
              "--station", "城南街道校外教育辅导总站", "--date", "2025-01-22", "--plan",
              "--participant", "小明同学", "--participant", "小红同学", "--school", "城南小学").stdout.strip()
    ev = json.loads(run("calendar", "show", eid, "--json").stdout)
    assert ev["fields"]["unit"] == "城南街道" and ev["fields"]["plan_item"] == "一月份" and ev["count"] == 2
    assert not ev.get("attendees")  # minors are never event attendees (the 台账 prints attendees by name)
    w = json.loads(run("guangongwei", "calendar", "2025-01", "--json").stdout)
    assert w["rows"][0]["status"] == "done"
    st = {s["id"]: s for s in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["guangongwei.m01"]["status"] == "met" and st["guangongwei.winter_youth"]["status"] == "met"
    assert st["guangongwei.summer_youth"]["status"] == "overdue"
    # Outside the 寒假 of the settings: a warning, and the window duty does not count it.
    err = run("guangongwei", "training", "log", "寒假班（早）", "--audience", "青少年", "--term", "寒假",
              "--station", "新华村中心站", "--date", "2025-01-10").stderr
    assert "不在寒假内（2025-01-20～2025-02-20，设置 calendar.winter_vacation）" in err
    run("config", "set", "calendar.winter_vacation", "01-05..02-15")
    assert "不在寒假内" not in run("guangongwei", "training", "log", "寒假班（二）", "--audience", "青少年", "--term", "寒假",
                                  "--station", "杨花桥村中心站", "--date", "2025-01-08").stderr
    # The August 点评.
    rid = run("guangongwei", "review", "log", "新华村中心站", "--kind", "点评", "--date", "2025-08-25",
              "--result", "较好", "--findings", "办班规范，辅导员不足").stdout.strip()
    assert "已有" in run("guangongwei", "review", "log", "新华村中心站", "--kind", "点评", "--date", "2025-08-25", code=1).stderr
    run("guangongwei", "station", "staff", "新华村中心站", "站长甲", "--role", "站长")
    run("guangongwei", "station", "staff", "新华村中心站", "王老师", "--role", "辅导员")
    shown = json.loads(run("guangongwei", "station", "show", "新华村中心站", "--json").stdout)
    assert shown["leaders"] == [{"name": "站长甲", "role": "站长"}] and shown["tutors"] == ["王老师"]
    assert shown["reviews"][0]["findings"] == "办班规范，辅导员不足" and shown["trainings"] == 1
    assert "班子：站长 站长甲" in run("guangongwei", "station", "show", "新华村中心站").stdout
    aug = json.loads(run("report", "monthly", "--period", "2025-08", "-f", "json").stdout)
    sec = next(s for s in aug["sections"] if s["title"] == "关心下一代工作")
    assert sec["figures"]["reviews"] == 1 and "上级对辅导站点评1站次。" in sec["paragraphs"]
    assert "点评：1/3个中心站，未点评：杨花桥村中心站、幸福社区中心站" in sec["paragraphs"][1]
    w = json.loads(run("guangongwei", "calendar", "2025-08", "--json").stdout)
    assert w["review"]["done"] == ["新华村中心站"] and w["review"]["missing"] == ["杨花桥村中心站", "幸福社区中心站"]
    assert any(t["title"] == "辅导站点评考核" and t["rows"][0][2] == "新华村中心站" for t in sec["tables"])
    assert rid.isdigit()


def test_staff_training_twice_a_year_and_attendance_per_unit(run):
    for d, u in (("2025-04-10", "新华村"), ("2025-10-12", "杨花桥村")):
        run("guangongwei", "training", "log", "辅导中心站人员培训", "--audience", "辅导中心站人员", "--unit", u,
            "--date", d, "--count", "17", "--attendee", "站长甲")
    st = {s["id"]: s for s in json.loads(run("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["guangongwei.staff_training"]["status"] == "met" and st["guangongwei.staff_training"]["progress"] == "2/2"
    r = json.loads(run("report", "quarterly", "--period", "2025-Q4", "-f", "json").stdout)
    sec = next(s for s in r["sections"] if s["title"] == "关心下一代工作")
    table = next(t for t in sec["tables"] if t["title"] == "各单位情况")
    assert ["杨花桥村", 0, 1, 17, 0] in table["rows"] and table["total"] == ["合计", 0, 1, 17, 0]
    assert "年内已举办辅导中心站人员培训2期（篇5 L103 要求全年两次）。" in " ".join(sec["paragraphs"])
    assert "只有面向青少年" in run("guangongwei", "training", "log", "x", "--audience", "辅导中心站人员",
                                   "--participant", "小明同学", code=2).stderr


def test_wuhao_creation_against_the_targets(run):
    run("guangongwei", "unit", "status", "新华村", "--wuhao", "市级先进", "--date", "2025-06-30", "--model")
    run("guangongwei", "unit", "status", "杨花桥村", "--wuhao", "市级“五好”示范", "--date", "2025-11-20", "--model")
    run("guangongwei", "unit", "status", "幸福社区", "--wuhao", "创建中")
    goals = {g["goal"]: g for g in json.loads(run("guangongwei", "targets", "--json").stdout)}
    assert goals["市级关心下一代先进村(社区)"]["count"] == 2 and goals["市级关心下一代先进村(社区)"]["met"]
    assert goals["市级“五好”示范村(社区)"]["met"] and goals["关工委示范建设"]["met"]
    assert goals["开展“五好”关工委创建的村(社区)"]["met"]
    run("config", "set", "guangongwei.xianjin_includes_wuhao", "否")
    goals = {g["goal"]: g for g in json.loads(run("guangongwei", "targets", "--json").stdout)}
    assert goals["市级关心下一代先进村(社区)"]["count"] == 1 and not goals["市级关心下一代先进村(社区)"]["met"]
    run("guangongwei", "targets", "--strict", code=3)
    assert "状态日期" in run("record", "edit", "3", "--field", "wuhao=市级先进", "--field", "wuhao_date=", code=1).stderr


def test_september_interim_summary_finds_the_weak_points(run):
    run("guangongwei", "unit", "status", "新华村", "--wuhao", "创建中", "--model")
    rid = run("checklist", "start", "guangongwei.wuhao", "--period", "2025", "--unit", "新华村").stdout.strip()
    run("checklist", "tick", rid, "zuzhi", "--evidence", "班子调整文件")
    run("checklist", "tick", rid, "sixiang", "--evidence", "专题报告会记录")
    rows = {r["unit"]: r for r in json.loads(run("guangongwei", "wuhao", "--json").stdout)}
    assert rows["新华村"]["progress"] == "2/5" and rows["新华村"]["weak"] == "制度建设、作风建设、第五项"
    assert rows["杨花桥村"]["progress"] == "未开始自查"
    sept = json.loads(run("report", "monthly", "--period", "2025-09", "-f", "json").stdout)
    titles = [s["title"] for s in sept["sections"]]
    assert titles.index("关心下一代工作") + 1 == titles.index("创建“五好”基层关工委阶段性小结")
    sec = sept["sections"][titles.index("创建“五好”基层关工委阶段性小结")]
    assert "薄弱环节：新华村：制度建设、作风建设、第五项。" in sec["paragraphs"]
    assert sec["figures"]["by_status"] == {"创建中": 1, "未创建": 2}
    assert "阶段性小结" not in " ".join(s["title"] for s in
                                        json.loads(run("report", "monthly", "--period", "2025-08", "-f", "json").stdout)["sections"])


def test_december_assessment_summary_and_archive(run):
    run("guangongwei", "review", "log", "新华村中心站", "--kind", "点评", "--date", "2025-08-20", "--result", "好")
    run("guangongwei", "review", "log", "新华村中心站", "--kind", "考核", "--date", "2025-12-15", "--result", "优秀",
        "--findings", "活动常态化")
    run("guangongwei", "review", "log", "杨花桥村中心站", "--kind", "考核", "--date", "2025-12-16", "--result", "合格")
    run("record", "add", "core.document", "--field", "kind=总结", "--field", "period=2025", "--field", "domain=关工委",
        "--field", "title=城南街道2025年关心下一代工作总结")
    a = json.loads(run("guangongwei", "assess", "--json").stdout)
    assert a["assessed"] == 2 and a["reviewed"] == 1 and a["summary"] == ["城南街道2025年关心下一代工作总结"]
    assert a["archive"] == []
    annual = json.loads(run("report", "annual", "--period", "2025", "-f", "json").stdout)
    titles = [s["title"] for s in annual["sections"]]
    mine = [t for t in titles if t in ("关心下一代工作", "创建“五好”基层关工委阶段性小结", "考核、总结与存档（关工委）")]
    assert mine == ["关心下一代工作", "创建“五好”基层关工委阶段性小结", "考核、总结与存档（关工委）"]
    assert titles.index(mine[-1]) - titles.index(mine[0]) == 2  # together, in that order
    sec = annual["sections"][titles.index("考核、总结与存档（关工委）")]
    assert "3个村(社区)中心站中已考核2个，未考核：幸福社区中心站；八月份点评1个。" in sec["paragraphs"][0]
    assert sec["paragraphs"][1] == "总结全年工作：已登记城南街道2025年关心下一代工作总结。"
    assert sec["paragraphs"][2].startswith("整理有关资料并存档：未登记")
    dec = json.loads(run("report", "monthly", "--period", "2025-12", "-f", "json").stdout)
    assert "考核、总结与存档（关工委）" in [s["title"] for s in dec["sections"]]


def test_minors_are_masked_and_counted_only(run, tmp_path):
    eid = run("guangongwei", "training", "log", "暑期培训班", "--audience", "青少年", "--term", "暑期",
              "--station", "幸福社区中心站", "--date", "2025-07-15", "--plan", "--count", "25",
              "--participant", "小明同学", "--participant", "小红同学", "--school", "城南小学").stdout.strip()
    assert "小明同学" not in run("guangongwei", "training", "log", "x", "--audience", "青少年", "--station", "幸福社区中心站",
                                "--date", "2025-07-16", "--participant", "小明同学").stderr
    nid = run("guangongwei", "nominate", "小明同学", "--school", "城南小学", "--grade", "五年级", "--all-standards",
              "--date", "2025-10-15", "--unit", "幸福社区").stdout.strip()
    run("guangongwei", "nominate", "小红同学", "--award", "三好学生", "--school", "城南小学", "--date", "2025-10-15")
    assert "该学生已有2025年度“三好标兵”推荐" in run("guangongwei", "nominate", "小明同学", "--school", "城南小学",
                                                "--date", "2025-10-16", code=1).stderr
    assert "须同时符合三项标准" in run("guangongwei", "nominate", "小红同学", "--school", "城南小学", "--status", "当选",
                                     "--meets", "在家做个好孩子", "--date", "2025-10-15", code=1).stderr
    run("guangongwei", "nomination", "result", nid, "--status", "当选")
    listings = [run("guangongwei", "nomination", "list").stdout, run("guangongwei", "nomination", "list", "--json").stdout,
                run("record", "list", "guangongwei.nomination").stdout, run("record", "list", "guangongwei.youth").stdout,
                run("record", "list", "guangongwei.youth", "--json").stdout, run("record", "show", nid).stdout,
                run("calendar", "list", "--json").stdout, run("calendar", "show", eid).stdout]
    for text in listings:
        assert not any(s in text for s in STUDENTS) and "城南小学" not in text, text
    assert "（已隐去）" in listings[0]
    revealed = run("guangongwei", "nomination", "list", "--reveal").stdout
    assert "小明同学" in revealed and "城南小学" in revealed
    assert json.loads(run("log", "--json").stdout)[0]["action"] == "reveal guangongwei nomination list"
    outputs = {fmt: run("report", kind, "--period", period, "-f", fmt).stdout
               for fmt in ("md", "json", "html", "txt") for kind, period in (("monthly", "2025-07"), ("monthly", "2025-10"))}
    outputs |= {f"annual-{fmt}": run("report", "annual", "--period", "2025", "-f", fmt).stdout for fmt in ("md", "json")}
    docx, xlsx, book = tmp_path / "r.docx", tmp_path / "r.xlsx", tmp_path / "book.xlsx"
    run("report", "monthly", "--period", "2025-10", "-o", str(docx))
    run("report", "annual", "--period", "2025", "-o", str(xlsx))
    run("report", "ledger-book", "--period", "2025", "-o", str(book))
    for path in (docx, xlsx, book):
        with zipfile.ZipFile(path) as z:
            outputs[path.name] = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    assert "关心下一代工作" in outputs["r.docx"] and "暑期培训班" in outputs["book.xlsx"]
    for where, text in outputs.items():
        assert not any(s in text for s in STUDENTS), where
        assert "城南小学" not in text, where
    oct_ = json.loads(run("report", "monthly", "--period", "2025-10", "-f", "json").stdout)
    sec = next(s for s in oct_["sections"] if s["title"] == "关心下一代工作")
    assert sec["figures"]["nominations"] == 2 and sec["figures"]["elected"] == 1
    assert "本月推荐三好标兵1人、三好学生1人，其中当选1人（学生为未成年人，只列人数）。" in sec["paragraphs"]
    jul = json.loads(run("report", "monthly", "--period", "2025-07", "-f", "json").stdout)
    assert next(s for s in jul["sections"] if s["title"] == "关心下一代工作")["figures"]["youth_enrolled"] == 3


def test_wulao_category_and_committee(run):
    run("guangongwei", "wulao", "add", "曾老", "--unit", "幸福社区", "--kind", "老干部", "--since", "2020-01-01")
    rid = run("guangongwei", "wulao", "add", "罗老", "--unit", "新华村").stdout.strip()
    assert "已登记为幸福社区的五老志愿者" in run("guangongwei", "wulao", "add", "曾老", "--unit", "幸福社区", code=1).stderr
    run("guangongwei", "unit", "member", "幸福社区", "曾老", "--role", "常务副主任")
    run("guangongwei", "unit", "member", "幸福社区", "外来干部", "--role", "委员")
    assert "不属于辅导站" in run("record", "add", "guangongwei.post", "--field", "name=甲", "--field", "role=委员",
                                "--field", "unit=幸福社区", "--field", "station=幸福社区中心站", code=1).stderr
    c = json.loads(run("guangongwei", "unit", "show", "幸福社区", "--json").stdout)
    assert c["members"] == [{"name": "曾老", "role": "常务副主任", "wulao": True},
                            {"name": "外来干部", "role": "委员", "wulao": False}] and c["wulao"] == 1
    units = {u["name"]: u for u in json.loads(run("guangongwei", "unit", "list", "--json").stdout)}
    assert units["幸福社区"]["deputy"] == "曾老" and units["新华村"]["wulao"] == 1
    cats = {c["name"]: c["count"] for c in json.loads(run("people", "categories", "--json").stdout)}
    assert cats["关工委五老"] == 2
    run("record", "edit", rid, "--field", "until=2025-06-30")
    run("people", "remove", "曾老")
    assert check_category_members(run.home, run.pm, date(2025, 12, 31)) == []
    assert check_category_members(run.home, run.pm, date(2025, 3, 1)) == []
    cats = {c["name"]: c["count"] for c in json.loads(run("people", "categories", "--json").stdout)}
    assert cats["关工委五老"] == 0


def test_reading_room_pcs_and_the_ledger(run):
    run("record", "add", "guangongwei.reading_room", "--field", "unit=新华村", "--field", "opened=2025-04-01")
    run("guangongwei", "pc", "add", "--unit", "新华村", "--count", "3", "--source", "自行配备", "--amount", "10,500",
        "--date", "2025-04-01")
    run("guangongwei", "pc", "add", "--unit", "新华村", "--count", "3", "--source", "上级扶持", "--date", "2025-05-01")
    assert "不经本级账目" in run("guangongwei", "pc", "add", "--unit", "新华村", "--count", "1", "--source", "上级扶持",
                               "--amount", "100", code=2).stderr
    assert "电脑台数应为正整数" in run("guangongwei", "pc", "add", "--unit", "新华村", "--count", "0", "--source", "自行配备",
                                    code=1).stderr
    assert "关工委单位“无此村”不存在" in run("ledger", "add", "--amount", "50", "--out", "--account", "支出:关工委:活动",
                                       "--field", "ggw_unit=无此村", code=1).stderr
    rows = {r["unit"]: r for r in json.loads(run("guangongwei", "pc", "status", "--json").stdout)}
    assert rows["新华村"] == {"unit": "新华村", "room": True, "opened": "2025-04-01", "self": 3, "higher": 3, "self_met": True}
    entries = json.loads(run("ledger", "list", "--period", "2025", "--json").stdout)
    assert entries[0]["account"] == "支出:关工委:电子阅览室" and entries[0]["ggw_unit"] == "新华村"
    pcs = json.loads(run("record", "list", "guangongwei.pc", "--json").stdout)
    assert pcs[0]["entry"] == entries[0]["id"] and pcs[1].get("entry") is None
    goals = {g["goal"]: g for g in json.loads(run("guangongwei", "targets", "--json").stdout)}
    assert goals["自行配备电脑的村(社区)"]["count"] == 1 and not goals["自行配备电脑的村(社区)"]["met"]


def test_posts_link_residents_and_refuse_namesakes(run):
    run("people", "add", "同名人")
    run("people", "add", "同名人")
    assert "有 2 个同名" in run("guangongwei", "station", "staff", "新华村中心站", "同名人", "--role", "辅导员", code=1).stderr
    run("guangongwei", "station", "staff", "新华村中心站", "#7", "--role", "站长")
    posts = json.loads(run("record", "list", "guangongwei.post", "--json").stdout)
    assert posts[0]["person"] == 7 and posts[0]["unit"] == "新华村" and posts[0]["station"] == "新华村中心站"
    assert "已是新华村中心站的站长" in run("guangongwei", "station", "staff", "新华村中心站", "#7", "--role", "站长",
                                         code=1).stderr


def test_the_plan_in_the_shape_of_the_source(run, tmp_path):
    plan = json.loads(run("report", "plan", "--period", "2026", "-f", "json").stdout)
    sec = next(s for s in plan["sections"] if s["title"] == "关心下一代工作计划")
    p = sec["paragraphs"]
    heads = [p.index(h) for h in ("（一）指导思想", "（二）工作目标", "（三）主要举措", "（四）工作安排")]
    assert heads == sorted(heads)
    assert p[-12] == "一月份,校外教育辅导总站举办寒假培训班。" and p[-3] == "十月份,配合教育关工委做好2026年度“三好学生”选评工作。"
    assert p[-1] == "十二月份,对村(社区)关工委工作和辅导站活动进行考核,总结全年工作,整理有关资料并存档。"
    assert "2、围绕“爱学习、爱劳动、爱祖国,践行中国梦”主题教育活动,切实加强社会主义核心价值体系建设。（篇5 L100）" in p
    rows = sec["tables"][0]["rows"]
    assert rows[5][2] == "试点：新华村" and rows[0][2] == "总站：城南街道校外教育辅导总站"
    assert rows[2][2] == "各村(社区)：新华村、杨花桥村、幸福社区"
    note = tmp_path / "指导思想.txt"
    note.write_text("以习近平新时代中国特色社会主义思想为指导。", "utf-8")
    run("report", "note", "set", "plan", "2026", "关工委指导思想", str(note))
    plan = json.loads(run("report", "plan", "--period", "2026", "-f", "json").stdout)
    sec = next(s for s in plan["sections"] if s["title"] == "关心下一代工作计划")
    assert sec["paragraphs"][1] == "以习近平新时代中国特色社会主义思想为指导。"
    out = tmp_path / "plan.docx"
    run("report", "plan", "--period", "2026", "-o", str(out))
    with zipfile.ZipFile(out) as z:
        assert "校外教育辅导总站举办寒假培训班" in z.read("word/document.xml").decode("utf-8")


def test_monthly_report_md_and_docx_show_the_section(run, tmp_path):
    run("guangongwei", "activity", "log", "三爱书签制作", "--form", "制书签", "--sanai", "--unit", "幸福社区",
        "--date", "2025-04-12", "--plan", "--count", "60")
    md = run("report", "monthly", "--period", "2025-04", "-f", "md").stdout
    assert "关心下一代工作" in md and "本月工作安排（篇5 L112）：四月份,动员“五老”同志结合学校祭扫烈士陵墓" in md
    assert "应完成单位3个，已完成1个，未完成：新华村、杨花桥村。" in md
    assert "其中“三爱一践行”主题教育1次" in md and "| 幸福社区 | 已完成 | 1 | 0 | 0 | 60 |" in md
    out = tmp_path / "m.docx"
    run("report", "monthly", "--period", "2025-04", "-o", str(out))
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "关心下一代工作" in xml and "应完成单位3个，已完成1个" in xml
    only = json.loads(run("report", "monthly", "--period", "2025-04", "--domain", "党建", "-f", "json").stdout)
    assert "关心下一代工作" not in [s["title"] for s in only["sections"]]


def test_a_one_community_home_works_too(tmp_path):
    """The same plugin in one 社区's home: one unit, no 总站 — the 总站 and 本级 items fall to the 社区 itself."""
    run = runner(tmp_path / "one", shequ_guangongwei, today="2025-02-10")
    run("init", "--name", "幸福社区")
    run("guangongwei", "unit", "add", "幸福社区")
    run("guangongwei", "station", "add", "幸福社区辅导中心站", "--level", "中心站", "--unit", "幸福社区")
    run("guangongwei", "training", "log", "寒假班", "--audience", "青少年", "--term", "寒假", "--station", "幸福社区辅导中心站",
        "--date", "2025-01-25", "--plan", "--count", "20")
    jan = json.loads(run("guangongwei", "calendar", "2025-01", "--json").stdout)
    assert jan["rows"] == [{"unit": "幸福社区", "status": "done", "status_label": "已完成",
                            "events": ["#1 2025-01-25 寒假班"]}] and "未登记校外教育辅导总站" in jan["scope_note"]
    assert json.loads(run("guangongwei", "calendar", "2025-06", "--json").stdout)["total"] == 0
    feb = json.loads(run("guangongwei", "calendar", "--json").stdout)
    assert feb["label"] == "二月份" and feb["rows"][0]["status"] == "open"
    assert len(ITEMS) == 12


def test_every_command_keeps_the_output_contract(run):
    """Answers on stdout with --json; changes print only their new ids and confirm on stderr."""
    from shequ.testing import Case, check_outputs, command_paths

    from shequ_guangongwei.cli import guangongwei

    g = "guangongwei"
    run(g, "wulao", "add", "曾老", "--unit", "幸福社区")
    run(g, "training", "log", "寒假班", "--audience", "青少年", "--station", "新华村中心站", "--date", "2025-01-25", "--plan")
    run(g, "review", "log", "新华村中心站", "--kind", "点评", "--date", "2025-08-25")
    run(g, "nominate", "小明同学", "--school", "城南小学", "--all-standards", "--date", "2025-10-15")
    cases = {
        "unit add": Case(g, "unit", "add", "夏庄村", kind="act"),
        "unit list": Case(g, "unit", "list"),
        "unit show": Case(g, "unit", "show", "幸福社区"),
        "unit status": Case(g, "unit", "status", "新华村", "--wuhao", "创建中", kind="act"),
        "unit member": Case(g, "unit", "member", "幸福社区", "曾老", "--role", "常务副主任", kind="act"),
        "station add": Case(g, "station", "add", "肖陆村中心站", "--level", "中心站", "--unit", "肖陆村", kind="act",
                            setup=((g, "unit", "add", "肖陆村"),)),
        "station list": Case(g, "station", "list"),
        "station show": Case(g, "station", "show", "新华村中心站"),
        "station staff": Case(g, "station", "staff", "新华村中心站", "站长甲", "--role", "站长", kind="act"),
        "wulao add": Case(g, "wulao", "add", "罗老", "--unit", "新华村", kind="act"),
        "wulao list": Case(g, "wulao", "list"),
        "activity log": Case(g, "activity", "log", "读书活动", "--form", "读书活动", "--unit", "新华村", kind="act"),
        "training log": Case(g, "training", "log", "暑期班", "--audience", "青少年", "--term", "暑期", "--date", "2025-07-10",
                             "--station", "新华村中心站", "--participant", "小红同学", kind="act"),
        "review log": Case(g, "review", "log", "杨花桥村中心站", "--kind", "考核", kind="act"),
        "review list": Case(g, "review", "list"),
        "nominate": Case(g, "nominate", "小红同学", "--school", "城南小学", "--date", "2025-10-15", kind="act"),
        "nomination list": Case(g, "nomination", "list"),
        "nomination result": Case(g, "nomination", "result", "{last}", "--status", "未当选", kind="act",
                                  setup=((g, "nominate", "小红同学", "--school", "城南小学", "--date", "2025-10-15"),)),
        "calendar": Case(g, "calendar", "2025-08"),
        "targets": Case(g, "targets"),
        "wuhao": Case(g, "wuhao"),
        "assess": Case(g, "assess"),
        "pc add": Case(g, "pc", "add", "--unit", "新华村", "--count", "3", "--source", "自行配备", "--amount", "9000", kind="act"),
        "pc status": Case(g, "pc", "status"),
    }
    assert set(command_paths(guangongwei)) == set(cases)  # a new command must be listed here
    assert check_outputs(run.home, (shequ_guangongwei,), {f"{g} {k}": c for k, c in cases.items()}) == []
