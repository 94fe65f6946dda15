"""``shequ calendar`` and ``shequ duties`` as a user runs them, with bad input."""

from __future__ import annotations

import json
from pathlib import Path


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def events(run, *args):
    return json.loads(run("calendar", "list", "--json", *args).stdout)


def test_add_done_with_attendance_and_evidence(run, tmp_path):
    run("people", "add", "张三")
    run("people", "add", "李四")
    eid = run("calendar", "add", "三月党课", "--date", "2025-03-05", "--time", "14:30", "--end", "16:00",
              "--domain", "党建", "--place", "党群服务中心", "--field", "form=讲座").stdout.strip()
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"jpg")
    run("calendar", "done", eid, "--attendee", "张三", "--attendee", "2", "--summary", "学习党章", "--evidence", str(photo))
    (ev,) = events(run, "--period", "2025")
    assert ev["status"] == "done" and ev["attendees"] == [1, 2] and ev["count"] == 2
    assert ev["domain"] == "dangjian" and ev["fields"] == {"form": "讲座"} and ev["end_time"] == "16:00"
    shown = run("calendar", "show", "三月党课").stdout
    assert "张三 (#1)" in shown and "学习党章" in shown and "签到表.jpg" in shown
    run("calendar", "done", eid, "--count", "40")
    assert events(run, "--period", "2025")[0]["count"] == 40


def test_bad_event_input_writes_nothing(run, snap, tmp_path):
    eid = run("calendar", "add", "活动", "--date", "2025-03-05").stdout.strip()
    run("calendar", "cancel", eid, "--reason", "下雨")
    before = snap(run.home)
    assert "已取消，不能登记" in run("calendar", "done", eid, code=1).stderr
    other = run("calendar", "add", "另一个", "--date", "2025-03-06").stdout.strip()
    before = snap(run.home)
    assert "找不到人员：无此人" in run("calendar", "done", other, "--attendee", "无此人", code=1).stderr
    assert "佐证材料文件不存在" in run("calendar", "done", other, "--evidence", str(tmp_path / "nope.jpg"), code=1).stderr
    assert "日期不存在" in run("calendar", "add", "x", "--date", "2025-02-30", code=1).stderr
    assert "时间格式" in run("calendar", "add", "x", "--date", "2025-02-03", "--time", "25:00", code=1).stderr
    assert "未知的活动类型" in run("calendar", "add", "x", "--date", "2025-02-03", "--type", "nope.x", code=1).stderr
    assert "不是可选值" in run("calendar", "add", "x", "--date", "2025-02-03", "--field", "form=跳舞", code=1).stderr
    assert snap(run.home) == before


def test_workday_command_and_unknown_year_warning(run):
    assert run("calendar", "workday", "2025-09-28").stdout.strip() == "2025-09-28（周日）：调休上班"
    assert "节假日（国庆节、中秋节）" in run("calendar", "workday", "2025-10-03").stdout
    r = run("calendar", "workday", "2031-03-03")
    assert "工作日" in r.stdout and "2031 年的调休安排尚未公布" in r.stderr
    r = run("calendar", "workday", "1999-03-01")
    assert "工作日" in r.stdout and "没有 1999 年的法定节假日数据" in r.stderr


def test_a_year_whose_tiaoxiu_is_not_published_keeps_its_statutory_holidays(run):
    """2027's notice is not out: 国庆 10-01..10-03 are still days off (they used to show as 工作日)."""
    assert run("calendar", "workday", "2027-10-01").stdout.strip() == "2027-10-01（周五）：节假日（国庆节）"
    r = run("calendar", "workday", "2031-10-03")
    assert r.stdout.strip() == "2031-10-03（周五）：节假日（国庆节）"
    assert r.stderr.strip() == ("警告：2031 年的调休安排尚未公布：已按《全国年节及纪念日放假办法》标出法定节假日，"
                                "调休上班和调休放假的日子未知；国务院公布安排后请写入数据目录下的 holidays.json")
    grid = run("calendar", "month", "2031-05")
    assert " 1休" in grid.stdout and " 2休" in grid.stdout and "调休安排尚未公布" in grid.stderr


def test_festivals_and_month_grid(run):
    rows = json.loads(run("calendar", "festivals", "--year", "2025", "--json").stdout)
    names = {r["name"]: r["date"] for r in rows}
    assert names["春节"] == "2025-01-29" and names["重阳节"] == "2025-10-29" and names["清明"] == "2025-04-04"
    grid = run("calendar", "month", "2025-10").stdout
    assert "2025年10月" in grid and " 1休" in grid and "11班" in grid and "重阳节" in grid
    days = json.loads(run("calendar", "month", "2025-10", "--json").stdout)
    assert len(days) == 31 and days[10]["kind"] == "调休上班"
    assert run("calendar", "month", "2025", code=2)


def test_duties_status_plan_and_strict(year):
    rows = {r["id"]: r for r in json.loads(year("duties", "status", "--period", "2025-H1", "--json").stdout)}
    assert rows["dangjian.dangke"]["status"] == "pending" and rows["dangjian.dangke"]["progress"] == "2/4"
    assert rows["dangjian.party_day"]["status"] == "overdue" and rows["dangjian.party_day"]["detail"] == ["2025-04-02 未开展"]
    assert rows["dangjian.zhiweihui"]["status"] == "overdue"
    assert rows["kepu.monthly"]["status"] == "met"
    assert rows["fulian.couplets"]["status"] == "met"
    year("duties", "status", "--period", "2025-H1", "--domain", "科普", "--strict")  # 科普 all met: exit 0
    assert year("duties", "status", "--period", "2025", "--strict", code=3).stdout
    # Plan 2026's 党员活动日 on first Wednesdays shifted off holidays; twice creates nothing new.
    out = year("duties", "plan", "--period", "2026", "--duty", "dangjian.party_day")
    assert "新建 12 项" in out.stderr and "1 项因节假日调整" in out.stderr
    assert "新建 0 项" in year("duties", "plan", "--period", "2026", "--duty", "dangjian.party_day").stderr
    planned = [e["date"] for e in events(year, "--period", "2026", "--status", "planned") if e["duty"] == "dangjian.party_day"]
    assert planned[0] == "2026-01-07" and "2026-10-08" in planned and "2026-10-07" not in planned
    dry = year("duties", "plan", "--period", "2027", "--duty", "dangjian.dangke", "--dry-run")
    assert "将新建 4 项" in dry.stderr
    assert not [e for e in events(year, "--period", "2027")]


def test_duties_adjust_and_bad_rules(year, snap):
    year("duties", "set", "dangjian.party_day", "rrule=FREQ=MONTHLY;BYDAY=1TU")
    assert "1TU" in json.loads(year("duties", "show", "dangjian.party_day", "--json").stdout)["rrule"]
    before = snap(year.home)
    assert "RRULE 无法解析" in year("duties", "set", "dangjian.party_day", "rrule=FREQ=NEVER", code=1).stderr
    assert "大于上限" in year("duties", "set", "dangjian.dangke", "max=2", code=1).stderr
    assert "不能修改的项" in year("duties", "set", "dangjian.dangke", "colour=red", code=2).stderr
    assert "找不到职责" in year("duties", "show", "nope", code=1).stderr
    assert snap(year.home) == before
    year("duties", "disable", "dangjian.dangke")
    assert "dangjian.dangke" not in [r["id"] for r in json.loads(year("duties", "list", "--json").stdout)]
    assert json.loads(year("duties", "status", "--json").stdout)[0]["id"] == "dangjian.dangke"
    year("duties", "enable", "dangjian.dangke")


def test_duties_add_file_errors(run, tmp_path, snap):
    bad = tmp_path / "d.json"
    bad.write_text(json.dumps([{"id": "a", "title": "甲", "kind": "quota", "per": "month", "min": 3, "max": 1},
                               {"id": "a", "title": "乙", "kind": "fixed", "rrule": "nonsense"}]), "utf-8")
    before = snap(run.home)
    err = run("duties", "add", str(bad), code=1).stderr
    assert "大于上限" in err and "RRULE 无法解析" in err and "id 重复" in err
    assert snap(run.home) == before


def test_ics_export_import_round_trip(year, tmp_path):
    from icalendar import Calendar

    year("duties", "set", "dangjian.party_day", "shift=none")
    target = tmp_path / "2026.ics"
    year("calendar", "export", str(target), "--period", "2026", "--festivals")
    cal = Calendar.from_ical(target.read_bytes())
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Asia/Shanghai"
    vevents = cal.walk("VEVENT")
    uids = [str(v["UID"]) for v in vevents]
    assert len(uids) == len(set(uids))
    party = next(v for v in vevents if str(v["UID"]) == "dutyrule-2026-dangjian.party_day@shequ")
    assert "RRULE" in party and party["RRULE"]["BYDAY"] == ["1WE"]
    spring = next(v for v in vevents if str(v["SUMMARY"]) == "重阳节")
    assert spring.decoded("DTSTART").isoformat() == "2026-10-18"
    # Same data, same bytes (the file can be regenerated by cron).
    again = tmp_path / "again.ics"
    year("calendar", "export", str(again), "--period", "2026", "--festivals")
    assert again.read_bytes() == target.read_bytes()
    # Shifted duties become RDATE lists.
    year("duties", "set", "dangjian.party_day", "shift=next-workday")
    year("calendar", "export", str(target), "--period", "2026")
    party = next(v for v in Calendar.from_ical(target.read_bytes()).walk("VEVENT")
                 if str(v["UID"]) == "dutyrule-2026-dangjian.party_day@shequ")
    assert "RRULE" not in party and party.decoded("DTSTART").date().isoformat() == "2026-01-07"
    # Importing our own export into the same home changes nothing (idempotent by UID).
    target = tmp_path / "2025.ics"
    year("calendar", "export", str(target), "--period", "2025")
    before = len(events(year, "--period", "2025"))
    assert "新增 0，更新 0" in year("calendar", "import", str(target)).stderr
    assert len(events(year, "--period", "2025")) == before


def test_ics_import_from_a_phone_and_broken_files(run, tmp_path, snap):
    ics = tmp_path / "phone.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\nUID:abc-1\r\n"
        "DTSTAMP:20250101T000000Z\r\nDTSTART:20250310T010000Z\r\nDTEND:20250310T020000Z\r\n"
        "SUMMARY:居民议事会\r\nLOCATION:会议室\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "utf-8")
    run("calendar", "import", str(ics))
    (ev,) = events(run, "--period", "2025")
    assert (ev["title"], ev["date"], ev["time"], ev["place"]) == ("居民议事会", "2025-03-10", "09:00", "会议室")
    assert "新增 0，更新 0，未变 1" in run("calendar", "import", str(ics)).stderr
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nthis line is broken\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "utf-8")
    before = snap(run.home)
    assert "第 3 行格式错误" in run("calendar", "import", str(broken), code=1).stderr
    (tmp_path / "x.ics").write_text("hello", "utf-8")
    assert "不是 iCalendar 文件" in run("calendar", "import", str(tmp_path / "x.ics"), code=1).stderr
    assert snap(run.home) == before


def test_upcoming_and_agenda(year):
    out = year("calendar", "upcoming", "--days", "10").stdout
    assert "2026-01-01 活动：元旦游园" in out and "2026-01-01 节假日：元旦" in out and "2026-01-09 活动：一月支委会" in out
    rows = json.loads(year("calendar", "agenda", "--period", "2025-10", "--json").stdout)
    by_day = {r["date"]: r for r in rows}
    assert "重阳节" in by_day["2025-10-29"]["festivals"] and by_day["2025-10-29"]["events"]
    assert by_day["2025-10-11"]["day_kind"] == "调休上班"


def test_activity_ledger_export(year, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "台账.xlsx"
    year("calendar", "export", str(target), "--period", "2025-Q1")
    ws = load_workbook(target).active
    assert "活动台账" in ws.cell(1, 1).value and ws.cell(2, 3).value == "日期"
    assert ws.max_row > 10


def test_evidence_is_kept_in_the_home_listed_and_exported_with_the_taizhang(run, tmp_path, snap, monkeypatch):
    """The 台账 keeps its own copy of each evidence file: it survives the original being moved or
    deleted and the command being run from another folder; the same file is kept once."""
    import os
    import stat

    eid = run("calendar", "add", "三月党课", "--date", "2025-03-05").stdout.strip()
    other = run("calendar", "add", "四月党课", "--date", "2025-04-05").stdout.strip()
    work = tmp_path / "下载"
    work.mkdir()
    (work / "签到表.jpg").write_bytes(b"\xff\xd8 sign-in sheet")
    (work / "现场照片.jpg").write_bytes(b"\xff\xd8 photo")
    monkeypatch.chdir(work)
    run("calendar", "done", eid, "--evidence", "签到表.jpg", "--evidence", "现场照片.jpg")  # relative paths
    run("calendar", "done", other, "--evidence", "签到表.jpg")  # the same file again: kept once
    for f in work.iterdir():
        f.unlink()
    kept = sorted((run.home / "files").iterdir())
    assert sorted(p.name[17:] for p in kept) == ["现场照片.jpg", "签到表.jpg"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in kept)
    assert stat.S_IMODE((run.home / "files").stat().st_mode) == 0o700
    rows = json.loads(run("calendar", "evidence", "-p", "2025", "--json").stdout)
    assert [(r["date"], r["name"], r["missing"]) for r in rows] == [
        ("2025-03-05", "签到表.jpg", False), ("2025-03-05", "现场照片.jpg", False), ("2025-04-05", "签到表.jpg", False)]
    out = tmp_path / "上交"
    run("calendar", "evidence", "-p", "2025-03", "--export", str(out))
    copied = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert copied == ["2025-03-05 活动 #1 三月党课/现场照片.jpg", "2025-03-05 活动 #1 三月党课/签到表.jpg"]
    assert (out / copied[1]).read_bytes() == b"\xff\xd8 sign-in sheet"
    # a failed command keeps nothing: the copy comes with the commit
    before = snap(run.home)
    (work / "新照片.jpg").write_bytes(b"new")
    assert "找不到人员" in run("calendar", "done", eid, "--attendee", "无此人", "--evidence", "新照片.jpg", code=1).stderr
    assert snap(run.home) == before
    os.chdir(tmp_path)
