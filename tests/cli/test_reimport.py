"""Every import can be run again: a second import of the same file writes nothing (no change-log
entry either) and says what it skipped; a file that overlaps the home imports only its new rows.

The keys: 花名册 by 身份证号 (else 姓名+出生日期, 姓名+联系电话, 姓名+住址); 活动台账 by UID, else
日期+开始时间+标题; .ics by UID; records by every field; the ledger by its import key.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EVENTS = EXAMPLES / "events-2025.csv"
ROSTER = EXAMPLES / "roster.csv"
ALL = "2025-01..2026-01"  # the sample sheet's 18 activities (the last one is 元旦 2026)


def state(home: Path) -> dict[str, bytes]:
    """Every file of the home, shards and the change log included."""
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file() and p.name != ".lock"}


def rows_of(path: Path, encoding: str = "utf-8-sig") -> tuple[list[str], list[list[str]]]:
    head, *body = list(csv.reader(io.StringIO(path.read_bytes().decode(encoding))))
    return head, body


def write_rows(path: Path, head: list[str], body: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf).writerows([head, *body])
    path.write_text(buf.getvalue(), "utf-8")
    return path


def again_writes_nothing(run, *args: str) -> str:
    before = state(run.home)
    err = run(*args).stderr
    assert state(run.home) == before, "a second import changed the home"
    assert "未写入" in err
    return err


@pytest.fixture
def dec31(monkeypatch):
    monkeypatch.setenv("SHEQU_TODAY", "2025-12-31")


@pytest.fixture
def roster(run, dec31):
    """The sample roster: the 活动台账's attendees are its residents."""
    run("people", "import", str(ROSTER))
    return run


def count(run, *args: str) -> int:
    return len(json.loads(run(*args, "--json").stdout))


# -- 活动台账 ------------------------------------------------------------------------------
def test_event_sheet_twice_adds_nothing_the_second_time(run, roster):
    run("calendar", "import", str(EVENTS))
    n = count(run, "calendar", "list", "--period", ALL)
    assert n == 18
    err = again_writes_nothing(run, "calendar", "import", str(EVENTS))
    assert "新增 0，跳过已有 18 项（UID 或 日期+时间+标题相同）" in err
    assert count(run, "calendar", "list", "--period", ALL) == n


def test_event_sheet_partial_overlap_imports_only_new_rows(run, roster, tmp_path):
    head, body = rows_of(EVENTS)
    run("calendar", "import", str(write_rows(tmp_path / "first.csv", head, body[:10])))
    renamed = [r[:] for r in body[10:12]]
    title = head.index("标题")
    for r in renamed:
        r[title] += "（补）"  # same day, another activity
    more = write_rows(tmp_path / "more.csv", head, body + renamed + [body[0]])  # and a row twice
    err = run("calendar", "import", str(more)).stderr
    assert "新增 10，跳过已有 11 项" in err
    assert count(run, "calendar", "list", "--period", ALL) == 20


def test_own_event_export_reads_back_as_already_there(run, roster, tmp_path):
    run("calendar", "import", str(EVENTS))
    target = tmp_path / "台账.csv"
    run("calendar", "export", str(target), "--period", ALL)
    again_writes_nothing(run, "calendar", "import", str(target))


def test_ics_twice_writes_nothing(run, roster, tmp_path):
    run("calendar", "import", str(EVENTS))
    target = tmp_path / "2025.ics"
    run("calendar", "export", str(target), "--period", ALL)
    err = again_writes_nothing(run, "calendar", "import", str(target))
    assert "新增 0，更新 0，未变 18" in err


# -- records ---------------------------------------------------------------------------------
def test_records_twice_and_partial_overlap(run, tmp_path):
    path = write_rows(tmp_path / "r.csv", ["标题", "数量", "日期"], [["甲", "1", "2025-03-01"], ["乙", "2", "2025-03-02"]])
    run("record", "import", "demo.item", str(path))
    err = again_writes_nothing(run, "record", "import", "demo.item", str(path))
    assert "已导入示例 0 行，跳过已有 2 行（所有字段都相同）" in err
    assert "2 行已有将跳过" in run("record", "import", "demo.item", str(path), "--dry-run").stderr
    more = write_rows(tmp_path / "more.csv", ["编号", "标题", "数量", "日期"],
                      [["1", "甲", "1", "2025-03-01"], ["", "乙", "3", "2025-03-02"], ["", "丙", "", ""], ["", "丙", "", ""]])
    assert "已导入示例 2 行，跳过已有 2 行" in run("record", "import", "demo.item", str(more)).stderr
    titles = sorted((r["title"], r["n"]) for r in json.loads(run("record", "list", "demo.item", "--json").stdout))
    assert titles == [("丙", None), ("乙", 2), ("乙", 3), ("甲", 1)]  # 乙 with another 数量 is another record


def test_record_export_imports_back_as_duplicates(run, tmp_path):
    run("record", "add", "demo.item", "--field", "title=一号", "--field", "n=3", "--field", "tags=甲、乙")
    target = tmp_path / "示例.xlsx"
    run("record", "export", "demo.item", str(target))
    again_writes_nothing(run, "record", "import", "demo.item", str(target))


def test_a_plugin_rule_against_doubles_does_not_fail_a_reimport(tmp_path):
    """A type whose validator refuses a second record for the same day: re-importing the file is
    recognised as a re-import before the rule runs."""
    from shequ import Field, RecordType, hookimpl
    from shequ.testing import runner

    once_a_day = RecordType(id="once.log", title="日志", fields=(Field("day", "date", label="日期", required=True),
                                                                   Field("text", "str", label="内容")))

    class Once:
        __name__ = "once"

        @hookimpl
        def shequ_record_types(self):
            return [once_a_day]

        @hookimpl
        def shequ_validate(self, record, record_type, ctx):
            if record_type.id != "once.log":
                return []
            return ["这一天已有日志"] if ctx.records.find("once.log", day=record.get("day")) else []

    run = runner(tmp_path / "home", Once(), today="2025-06-30")
    run("init")
    path = write_rows(tmp_path / "log.csv", ["日期", "内容"], [["2025-03-01", "巡查"]])
    run("record", "import", "once.log", str(path))
    result = run("record", "import", "once.log", str(path))
    assert result.exit_code == 0 and "跳过已有 1 行" in result.stderr


# -- 花名册 ------------------------------------------------------------------------------------
def test_roster_twice_writes_nothing(run, dec31):
    run("people", "import", str(ROSTER))
    err = again_writes_nothing(run, "people", "import", str(ROSTER))
    assert "新增 0 人，跳过已登记 300 人" in err
    for policy in ("skip", "update"):
        again_writes_nothing(run, "people", "import", str(ROSTER), "--on-duplicate", policy)
    assert count(run, "people", "list") == 300


def test_roster_partial_overlap_and_rows_without_id(run, dec31, tmp_path):
    head, body = rows_of(ROSTER, "gb18030")
    run("people", "import", str(write_rows(tmp_path / "first.csv", head, body[:100])))
    no_id = head.index("公民身份号码")
    fresh = [["吴新", "男", "", "1980-02-03", "", "", "", "", "", "户籍", "", "", ""],
             ["郑新", "女", "", "", "13912345678", "", "", "", "", "户籍", "", "", ""],
             ["钱新", "", "", "", "", "幸福小区/9幢", "", "", "", "户籍", "", "", ""]]
    assert all(r[no_id] == "" for r in fresh)
    path = write_rows(tmp_path / "all.csv", head, body + fresh)
    assert "新增 203 人，跳过已登记 100 人" in run("people", "import", str(path)).stderr
    # Rows without 身份证 are recognised by 姓名+出生日期 / 姓名+联系电话 / 姓名+住址.
    err = again_writes_nothing(run, "people", "import", str(path))
    assert "跳过已登记 303 人" in err
    assert count(run, "people", "list") == 303
    # The same 姓名+出生日期 with other data is a conflict, not a silent second person.
    changed = write_rows(tmp_path / "changed.csv", head, [fresh[0][:12] + ["新备注"]])
    err = run("people", "import", str(changed), code=1).stderr
    assert "姓名+出生日期与已登记的 #" in err and "其他信息不同（可用 --on-duplicate skip 或 update）" in err
    run("people", "import", str(changed), "--on-duplicate", "update")
    assert count(run, "people", "list") == 303


# -- ledger ----------------------------------------------------------------------------------
def test_ledger_twice_writes_nothing(run, dec31):
    for path, kind in (("收入:上级拨款:普法经费", "income"), ("经费:普法:宣传品", "expense"), ("支出:社区教育", "expense"),
                       ("收入:捐赠:一日捐", "income"), ("经费:普法:讲座", "expense"), ("支出:活动:科普", "expense")):
        run("ledger", "accounts", "add", path, "--kind", kind)
    run("ledger", "fund", "add", "普法经费", "--accounts", "经费:普法", "--earmarked")
    run("ledger", "import", str(EXAMPLES / "ledger-2025.csv"))
    err = again_writes_nothing(run, "ledger", "import", str(EXAMPLES / "ledger-2025.csv"))
    assert "已导入 0 笔，跳过重复 48 笔" in err


def test_every_import_command_is_one_that_deduplicates():
    """A new ``import`` command (core or a shipped plugin) has to be added here, with its key."""
    from shequ.cli import build_cli
    from shequ.plugin.manager import get_plugin_manager
    from shequ.testing import command_paths

    imports = {p for p in command_paths(build_cli(get_plugin_manager())) if "import" in p.split()}
    assert imports == {"people import", "calendar import", "record import", "ledger import"}
