"""Calendar files as phones and mail clients write them (tests/fixtures/ics): each imports as the
``icalendar`` library (with ``recurring_ical_events`` for series) reads it, or gives one Chinese
line; importing it again writes nothing; shequ's own export reads back and is read by khal."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
SHANGHAI = ZoneInfo("Asia/Shanghai")
GOOGLE_SERIES = "7kukuqrfedlm2f9t0vr5k2i1ve@google.com"


@pytest.fixture(autouse=True)
def june30(monkeypatch):
    monkeypatch.setenv("SHEQU_TODAY", "2025-06-30")


def state(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file() and p.name != ".lock"}


def listed(run, period: str = "2025") -> list[dict]:
    return json.loads(run("calendar", "list", "--period", period, "--json").stdout)


def shape(rows: list[dict]) -> set[tuple]:
    return {(r["date"], r["time"], r["end_date"], r["end_time"], r["title"]) for r in rows}


def reference(path: Path, first: date = date(2025, 1, 1), last: date = date(2026, 1, 1)) -> set[tuple]:
    """What the icalendar library and recurring_ical_events see in the file, in Beijing time."""
    import recurring_ical_events
    from icalendar import Calendar

    raw = re.sub(rb"\r?\n[ \t]", b"", path.read_bytes())  # RFC 5545 unfolding, on the octets
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    out = set()
    for ev in recurring_ical_events.of(Calendar.from_ical(text)).between(first, last):
        start = ev.decoded("DTSTART")
        end = ev.decoded("DTEND") if "DTEND" in ev else start + ev.decoded("DURATION") if "DURATION" in ev else None
        title = str(ev["SUMMARY"])
        if isinstance(start, datetime):
            s, e = (t.astimezone(SHANGHAI) if t.tzinfo else t for t in (start, end))  # floating: local already
            out.add((s.date().isoformat(), s.strftime("%H:%M"), e.date().isoformat() if e.date() > s.date() else None,
                     e.strftime("%H:%M"), title))
        else:
            lastday = end - timedelta(days=1)
            out.add((start.isoformat(), None, lastday.isoformat() if lastday > start else None, None, title))
    return out


@pytest.mark.parametrize("name", ["apple-iphone.ics", "google.ics", "outlook.ics", "gbk.ics"])
def test_a_phone_or_mail_client_file_imports_as_icalendar_reads_it_and_twice_writes_nothing(run, name):
    path = FIXTURES / name
    run("calendar", "import", str(path))
    rows = listed(run)
    assert shape(rows) == reference(path)
    assert {r["status"] for r in rows} == {"planned"}  # none held: that is recorded here, not on a phone
    before = state(run.home)
    err = run("calendar", "import", str(path)).stderr
    assert state(run.home) == before and "新增 0，更新 0" in err and "未写入" in err


def test_what_each_file_says_lands_where_it_belongs(run):
    for name in ("apple-iphone.ics", "google.ics", "outlook.ics", "gbk.ics"):
        run("calendar", "import", str(FIXTURES / name))
    rows = {r["title"]: r for r in listed(run)}
    # Apple: TZID=Asia/Shanghai; the place picked on the map (folded X-APPLE-STRUCTURED-LOCATION); overnight.
    assert (rows["三月党课"]["time"], rows["三月党课"]["end_time"]) == ("09:30", "11:30")
    assert rows["三月党课"]["place"].startswith("幸福社区党群服务中心")
    night = rows["夏季夜间巡逻"]
    assert (night["date"], night["time"], night["end_date"], night["end_time"]) == ("2025-06-20", "20:00", "2025-06-21", "02:00")
    # Google: 2025-01-10 23:30 UTC is 07:30 on the 11th in Beijing.
    assert (rows["早市周边环境清扫"]["date"], rows["早市周边环境清扫"]["time"]) == ("2025-01-11", "07:30")
    # Outlook: a Windows zone name, a long folded ATTENDEE line, DURATION, an all-day span.
    assert (rows["街道社区工作例会"]["date"], rows["街道社区工作例会"]["time"]) == ("2025-02-20", "14:30")
    assert "工作台账" in rows["街道社区工作例会"]["summary"]
    assert rows["学雷锋志愿服务"]["end_time"] == "11:30"
    assert (rows["全民国家安全教育宣传周"]["date"], rows["全民国家安全教育宣传周"]["end_date"]) == ("2025-04-15", "2025-04-17")
    # GBK.
    assert rows["老年人防诈骗讲座"]["place"] == "社区老年活动中心"


def test_a_weekly_series_comes_in_as_its_occurrences_with_its_exception_and_its_move(run, tmp_path):
    err = run("calendar", "import", str(FIXTURES / "google.ics")).stderr
    assert "重复活动 1 个，展开为 8 次（2025-01-01～2025-12-31；其他期间用 --period）" in err
    weekly = [r for r in listed(run) if r["uid"].startswith(GOOGLE_SERIES + "/")]
    assert [r["date"] for r in weekly] == ["2025-03-05", "2025-03-12", "2025-03-20", "2025-03-26", "2025-04-09",
                                           "2025-04-16", "2025-04-23", "2025-04-30"]  # 04-02 excluded
    moved = next(r for r in weekly if r["date"] == "2025-03-20")
    assert (moved["uid"], moved["time"], moved["title"]) == (f"{GOOGLE_SERIES}/20250319T013000", "14:00", "居委会周例会（改期）")
    # The phone drops 03-26 and moves 03-20 to 15:00: the occurrence is cancelled, the move updated.
    text = (FIXTURES / "google.ics").read_text("utf-8")
    text = text.replace("EXDATE:20250402T013000Z", "EXDATE:20250402T013000Z,20250326T013000Z")
    text = text.replace("DTSTART;TZID=Asia/Shanghai:20250320T140000", "DTSTART;TZID=Asia/Shanghai:20250320T150000")
    text = text.replace("DTEND;TZID=Asia/Shanghai:20250320T153000", "DTEND;TZID=Asia/Shanghai:20250320T163000")
    changed = tmp_path / "google-2.ics"
    changed.write_text(text, "utf-8")
    assert "新增 0，更新 2" in run("calendar", "import", str(changed)).stderr
    by_date = {r["date"]: r for r in listed(run) if r["uid"].startswith(GOOGLE_SERIES + "/")}
    assert by_date["2025-03-26"]["status"] == "cancelled" and by_date["2025-03-20"]["time"] == "15:00"
    before = state(run.home)
    assert "未写入" in run("calendar", "import", str(changed)).stderr and state(run.home) == before


def test_a_series_imported_by_an_older_shequ_is_not_doubled(run, tmp_path):
    """shequ used to keep a series as its first occurrence under the series' UID."""
    old = tmp_path / "old.csv"
    old.write_text(f"标题,日期,开始时间,UID\n居委会周例会,2025-03-05,09:30,{GOOGLE_SERIES}\n", "utf-8")
    run("calendar", "import", str(old))
    run("calendar", "import", str(FIXTURES / "google.ics"))
    weekly = [r for r in listed(run) if r["uid"].startswith(GOOGLE_SERIES)]
    assert len(weekly) == 8 and weekly[0]["uid"] == f"{GOOGLE_SERIES}/20250305T013000"


def test_the_series_window_is_the_period_and_has_a_cap(run, tmp_path, snap):
    daily = tmp_path / "daily.ics"
    daily.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:d1\r\n"
                     "DTSTART;VALUE=DATE:20240101\r\nRRULE:FREQ=DAILY\r\nSUMMARY:晨练\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "utf-8")
    run("calendar", "import", str(daily), "--period", "2025-03")
    assert len(listed(run)) == 31
    before = snap(run.home)
    err = run("calendar", "import", str(daily), "--period", "2024..2025", code=1).stderr
    assert err.count("\n") == 1 and err.startswith("错误：") and "超过 500 次" in err and "--period" in err
    assert snap(run.home) == before
    sheet = tmp_path / "x.csv"
    sheet.write_text("标题,日期\n甲,2025-03-01\n", "utf-8")
    assert "只用于 .ics" in run("calendar", "import", str(sheet), "--period", "2025", code=2).stderr


def test_confirmed_is_not_held_and_only_shequs_today_decides_the_past(run, tmp_path, monkeypatch):
    """Google writes STATUS:CONFIRMED on every event; shequ's own export marks held events, and one
    dated after shequ's today (SHEQU_TODAY, not the machine's) is not held."""
    run("calendar", "import", str(FIXTURES / "google.ics"))
    assert {r["status"] for r in listed(run)} == {"planned"}
    done = run("calendar", "add", "议事会", "--date", "2025-06-10", "--domain", "党建", "--done").stdout.strip()
    target = tmp_path / "mine.ics"
    run("calendar", "export", str(target), "--period", "2025")
    assert "X-SHEQU-STATUS:done" in target.read_text("utf-8") and done
    fresh = run.__class__(run.cli, run.home.parent / "fresh")
    fresh("init", "--name", "新社区")
    monkeypatch.setenv("SHEQU_TODAY", "2025-06-01")  # before the 10th: not yet held
    fresh("calendar", "import", str(target))
    (ev,) = [r for r in listed(fresh) if r["title"] == "议事会"]
    assert ev["status"] == "planned" and ev["domain"] == "dangjian"
    monkeypatch.setenv("SHEQU_TODAY", "2025-06-30")
    fresh("calendar", "import", str(target))  # the same UID, now in the past: the mark is kept
    (ev,) = [r for r in listed(fresh) if r["title"] == "议事会"]
    assert ev["status"] == "done"


@pytest.mark.parametrize("body,words", [
    ("DTSTART:20250101T100000\r\nDTSTART:20250102T100000\r\n", "DTSTART（开始时间）出现 2 次"),
    ("DTSTART:INVALID-DATE\r\n", "开始时间无法识别：DTSTART"),
    ("DTSTART:20250101T100000\r\nDTEND:tomorrow\r\n", "结束时间无法识别"),
    ("SUMMARY:x\r\n", "缺少开始时间"),
    ("DTSTART:20250101T100000\r\nRRULE:FREQ=HOURLY\r\n", "不支持的重复规则"),
    ("DTSTART:20250101T100000\r\nRRULE:FREQ=WEEKLY;BYDAY=XX\r\n", "重复规则无法识别"),
])
def test_a_broken_event_is_one_chinese_line_naming_it(run, tmp_path, snap, body, words):
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:b1\r\nSUMMARY:坏活动\r\n" + body
                   + "END:VEVENT\r\nEND:VCALENDAR\r\n", "utf-8")
    before = snap(run.home)
    r = run("calendar", "import", str(bad), code=1)
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("错误：ICS 文件有误，未导入任何活动（bad.ics）：第 3 行起的活动“坏活动”")
    assert words in r.stderr and "Traceback" not in r.stderr
    assert snap(run.home) == before


def test_encodings(run, tmp_path):
    text = (FIXTURES / "gbk.ics").read_bytes().decode("gbk")
    (tmp_path / "utf16.ics").write_bytes(text.encode("utf-16"))  # with its BOM
    run("calendar", "import", str(tmp_path / "utf16.ics"))
    assert [r["title"] for r in listed(run)] == ["老年人防诈骗讲座"]
    (tmp_path / "bare16.ics").write_bytes(text.encode("utf-16-le"))
    err = run("calendar", "import", str(tmp_path / "bare16.ics"), code=1).stderr
    assert err.startswith("错误：文件编码不受支持：bare16.ics") and err.count("\n") == 1
    (tmp_path / "binary.ics").write_bytes(b"BEGIN:VCALENDAR\r\nSUMMARY:\xff\xfe\xfd\x80\r\n")
    err = run("calendar", "import", str(tmp_path / "binary.ics"), code=1).stderr
    assert err.startswith("错误：无法识别文件编码") and err.count("\n") == 1


def test_export_round_trip_keeps_times_overnight_days_and_domains(run, tmp_path):
    for name in ("apple-iphone.ics", "outlook.ics"):
        run("calendar", "import", str(FIXTURES / name))
    run("calendar", "edit", "三月党课", "--domain", "党建")
    target = tmp_path / "out.ics"
    run("calendar", "export", str(target), "--period", "2025")
    fresh = run.__class__(run.cli, run.home.parent / "fresh")
    fresh("init", "--name", "新社区")
    fresh("calendar", "import", str(target))
    keys = ("date", "time", "end_time", "end_date", "title", "place", "domain", "status", "uid")
    mine = sorted(tuple(r[k] for k in keys) for r in listed(run))
    assert sorted(tuple(r[k] for k in keys) for r in listed(fresh)) == mine
    assert shape(listed(fresh)) == reference(target)


def test_export_uids_are_per_year_and_a_duty_is_not_shown_twice(year, tmp_path):
    """Next year's file must not replace this year's festivals in a phone; a 党员活动日 already held
    (or planned) is not repeated by the duty's own entry."""
    import recurring_ical_events
    from icalendar import Calendar

    def uids(period: str) -> set[str]:
        target = tmp_path / f"{period}.ics"
        year("calendar", "export", str(target), "--period", period, "--festivals")
        return {str(v["UID"]) for v in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}

    this, again, following = uids("2025"), uids("2025"), uids("2026")
    generated = {u for u in this if u.startswith(("festival-", "dutyrule-"))}
    assert generated and this == again and not generated & following
    assert "festival-20250129-春节@shequ" in this and "dutyrule-2025-dangjian.party_day@shequ" in this
    cal = Calendar.from_ical((tmp_path / "2025.ics").read_bytes())
    days: dict[str, int] = {}
    for ev in recurring_ical_events.of(cal).between(date(2025, 1, 1), date(2026, 1, 1)):
        if str(ev["SUMMARY"]) == "党员活动日":
            day = ev.decoded("DTSTART")
            days[str(day.date() if isinstance(day, datetime) else day)] = days.get(str(day), 0) + 1
    assert days and max(days.values()) == 1
    assert "2025-04-02" in days  # the one month it was not held is still on the phone
    # Planned from the duty: the duty's own entry for 2026 has nothing left to show.
    year("duties", "plan", "--period", "2026", "--duty", "dangjian.party_day")
    assert "dutyrule-2026-dangjian.party_day@shequ" not in uids("2026")


@pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed (apt-get install khal)")
def test_khal_reads_shequs_export(run, tmp_path):
    run("calendar", "import", str(FIXTURES / "apple-iphone.ics"))
    run("calendar", "add", "元旦游园", "--date", "2025-01-01", "--time", "09:00", "--end", "11:00", "--domain", "综合")
    target = tmp_path / "shequ.ics"
    run("calendar", "export", str(target), "--period", "2025", "--festivals")
    (tmp_path / "cal").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[shequ]]\npath = {tmp_path / 'cal'}\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Asia/Shanghai\ndefault_timezone = Asia/Shanghai\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n", "utf-8")
    khal = ["khal", "-c", str(config)]
    done = subprocess.run([*khal, "import", "--batch", str(target)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = subprocess.run([*khal, "list", "2025-01-01", "2025-12-31"], capture_output=True, text=True, timeout=120).stdout
    assert "09:30-11:30 三月党课" in out and "09:00-11:00 元旦游园" in out and "20:00→ 夏季夜间巡逻" in out
    assert "→02:00 夏季夜间巡逻" in out and "腊八节" in out


def test_planned_duty_events_travel_and_generated_entries_do_not(year, tmp_path):
    """A planned 党员活动日 (UID duty-ID-DATE) is an event and imports into another home; the
    entries shequ generates — this version's and older ones' (festival-春节@shequ, duty-ID@shequ) — do not."""
    from shequ.calendar.ics_import import generated

    year("duties", "plan", "--period", "2026", "--duty", "dangjian.party_day")
    target = tmp_path / "2026.ics"
    year("calendar", "export", str(target), "--period", "2026", "--festivals")
    fresh = year.__class__(year.cli, year.home.parent / "fresh")
    fresh("init", "--name", "新社区")
    fresh("calendar", "import", str(target))
    planned = [r for r in listed(fresh, "2026") if r["title"] == "党员活动日"]
    assert len(planned) == 12 and planned[0]["uid"] == "duty-dangjian.party_day-2026-01-07"
    assert not [r for r in listed(fresh, "2026") if r["title"] in ("春节", "腊八节")]
    assert generated("festival-春节@shequ") and generated("duty-dangjian.party_day@shequ")
    assert generated("dutyrule-2026-dangjian.party_day@shequ") and generated("festival-20260126-腊八节@shequ")
    assert not generated("duty-dangjian.party_day-2026-01-07@shequ") and not generated("festival-x@google.com")
