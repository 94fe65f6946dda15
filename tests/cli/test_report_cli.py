"""``shequ report``: contents checked against the sample data, file formats re-read, cron safety."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from shequ import hookimpl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def year(year, add_books):
    """The sample community's 2025 (as make demo loads it, ledger included); today is 2025-12-31."""
    year("init", "--name", "幸福社区")
    return add_books(year)


def sample(name: str, encoding: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((EXAMPLES / name).read_bytes().decode(encoding))))


def march_json(run):
    return json.loads(run("report", "monthly", "--period", "2025-03", "-f", "json").stdout)


def section(report, title):
    return next(s for s in report["sections"] if s["title"] == title)


def test_monthly_figures_match_the_sample_data(year):
    r = march_json(year)
    assert r["title"] == "幸福社区2025年3月月报"
    rows = sample("events-2025.csv", "utf-8-sig") + sample("events-2025-dangjian.csv", "utf-8-sig") + sample("events-2025-pufa.csv", "utf-8-sig")
    events = [e for e in rows if e["日期"].startswith("2025-03") and e["状态"] == "已开展"]
    times = sum(int(e["人次"] or 0) for e in events)
    overview = section(r, "总体情况")
    assert overview["figures"]["events"] == len(events) == 6
    assert overview["figures"]["person_times"] == times
    assert f"本月共开展各类活动{len(events)}次，参与居民{times}人次" in overview["paragraphs"][0]
    ledger = [x for x in sample("ledger-2025.csv", "gb18030") if x["日期"].startswith("2025-03")]
    inc = sum(Decimal(x["金额"].replace(",", "")) for x in ledger if x["收支"] == "收入")
    out = sum(Decimal(x["金额"].replace(",", "")) for x in ledger if x["收支"] == "支出")
    money = section(r, "经费收支")
    assert money["figures"] == {"income": f"{inc:.2f}", "expense": f"{out:.2f}", "net": f"{inc - out:.2f}"}
    duties = section(r, "工作职责完成情况")
    assert duties["figures"]["overdue"] >= 1 and "支委会" in duties["paragraphs"][1]
    assert [s["title"] for s in r["sections"]][-1] == "下月工作安排"


def test_docx_is_a_real_gbt9704_document(year, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    year("config", "set", "report.title_font", "黑体")
    year("report", "monthly", "--period", "2025-03", "-o", str(tmp_path / "月报-{period}.docx"))
    doc = Document(str(tmp_path / "月报-2025-03.docx"))
    assert doc.paragraphs[0].text == "幸福社区2025年3月月报"
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["一、总体情况", "二、活动开展情况", "三、工作职责完成情况"]
    assert len(doc.tables) >= 5 and doc.tables[0].rows[0].cells[0].text == "条线"
    title_fonts = doc.paragraphs[0].runs[0].element.rPr.find(qn("w:rFonts"))
    assert title_fonts.get(qn("w:eastAsia")) == "黑体"
    styles_xml = doc.styles.element.xml
    assert 'w:eastAsia="仿宋"' in styles_xml and "asciiTheme" not in styles_xml and "eastAsiaTheme" not in styles_xml
    sec = doc.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28


def test_xlsx_tables_and_ledger_book(year, tmp_path):
    from openpyxl import load_workbook

    year("report", "monthly", "--period", "2025-03", "-o", str(tmp_path / "m.xlsx"))
    wb = load_workbook(tmp_path / "m.xlsx")
    ws = wb["各条线活动"]
    assert [c.value for c in ws[2]] == ["序号", "条线", "活动次数", "参与人次"]
    assert ws.cell(ws.max_row, 2).value == "合计"
    year("report", "ledger-book", "--period", "2025", "-o", str(tmp_path / "book.xlsx"))
    book = load_workbook(tmp_path / "book.xlsx")
    assert {"活动台账", "会议记录", "收支明细", "清单与佐证", "名单-90岁以上"} <= set(book.sheetnames)
    ids = [row[4] for row in book["名单-90岁以上"].iter_rows(min_row=3, values_only=True)]
    assert ids and all(isinstance(x, str) and "********" in x for x in ids)  # text, masked
    reg = book["收支明细"]
    total = {"收入": Decimal(0), "支出": Decimal(0)}
    for row in reg.iter_rows(min_row=3, values_only=True):
        total[row[3]] += Decimal(str(row[4]))
    bal = json.loads(year("ledger", "balance", "--period", "2025", "--depth", "1", "--json").stdout)
    assets = next(b for b in bal if b["account"] == "资产")
    assert total["收入"] - total["支出"] == Decimal(assets["total"])


def test_same_data_same_bytes_and_reports_never_write(year, tmp_path, snap):
    before = snap(year.home)
    for fmt in ("docx", "xlsx", "html", "md", "json"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        year("report", "monthly", "--period", "2025-03", "-o", str(a), "--quiet")
        year("report", "monthly", "--period", "2025-03", "-o", str(b), "--quiet")
        assert a.read_bytes() == b.read_bytes(), fmt
    assert snap(year.home) == before
    stamped = tmp_path / "s.md"
    year("report", "monthly", "--period", "2025-03", "-o", str(stamped), "--stamp")
    assert "生成时间" in stamped.read_text("utf-8")


def test_quiet_and_placeholders(year, tmp_path):
    r = year("report", "monthly", "--period", "2025-03", "-o", str(tmp_path / "out/{kind}/月报-{period}.html"), "-q")
    assert r.stdout == "" and r.stderr == ""
    html = (tmp_path / "out/monthly/月报-2025-03.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "@page" in html and "仿宋" in html and "<table>" in html


def _with(year, *plugins):
    """An invoker on the sample year's home with *plugins* besides the core."""
    from click.testing import CliRunner

    from shequ.cli import build_cli
    from shequ.plugin.manager import get_plugin_manager

    cli = build_cli(get_plugin_manager(entrypoints=False, plugins=plugins))
    return lambda *args: CliRunner().invoke(cli, ["--home", str(year.home), "report", *args])


class Broken:
    """A plugin whose section has a bug."""

    __name__ = "broken"

    @hookimpl
    def shequ_report_sections(self, kind, period, ctx):
        raise RuntimeError("数据库连不上")


def test_a_broken_plugin_section_stops_the_report_unless_skip_broken(year, tmp_path):
    """Hardening #15 item 4: the section was left out with a warning on stderr only (exit 0),
    and cron sent the incomplete 月报.  Now: exit 1, nothing written — or, with --skip-broken,
    the report says inside itself what it lacks."""
    report = _with(year, Broken())
    out = tmp_path / "月报.md"
    r = report("monthly", "--period", "2025-03", "-q", "-o", str(out))
    assert r.exit_code == 1 and not out.exists()
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("错误：月报未生成：插件 broken 的报告部分出错（RuntimeError: 数据库连不上")
    assert "--skip-broken" in r.stderr and "Traceback" not in r.stderr
    note = "本报告不完整：插件 broken 的报告部分生成时出错（RuntimeError: 数据库连不上），已按 --skip-broken 略过。"
    r = report("monthly", "--period", "2025-03", "-q", "-o", str(out), "--skip-broken")
    assert r.exit_code == 0 and f"警告：{note}" in r.stderr
    md = out.read_text("utf-8")
    assert md.index(f"> **注意**：{note}") < md.index("## 一、总体情况")  # under the title, numbering intact
    assert json.loads(report("monthly", "--period", "2025-03", "--json", "--skip-broken").stdout)["notes"] == [note]
    assert f"【注意】{note}" in report("monthly", "--period", "2025-03", "-f", "txt", "--skip-broken").stdout
    assert f'<p class="note">注意：{note}</p>' in report("monthly", "--period", "2025-03", "-f", "html", "--skip-broken").stdout
    from docx import Document
    from openpyxl import load_workbook

    report("monthly", "--period", "2025-03", "-q", "-o", str(tmp_path / "月报.docx"), "--skip-broken")
    assert Document(str(tmp_path / "月报.docx")).paragraphs[1].text == f"注意：{note}"
    report("monthly", "--period", "2025-03", "-q", "-o", str(tmp_path / "月报.xlsx"), "--skip-broken")
    first = load_workbook(tmp_path / "月报.xlsx").worksheets[0]
    assert first.title == "注意" and first["B3"].value == note


def test_a_section_failing_on_the_data_stops_the_report_even_with_skip_broken(year, tmp_path):
    from shequ.errors import DataError

    class Strict:
        __name__ = "strict"

        @hookimpl
        def shequ_report_sections(self, kind, period, ctx):
            raise DataError("数据文件已损坏：records/strict.000.json（unexpected end of data）")

    class Odd:
        __name__ = "odd"

        @hookimpl
        def shequ_report_sections(self, kind, period, ctx):
            return ["不是 ReportSection"]

    out = tmp_path / "月报.docx"
    for skip in ((), ("--skip-broken",)):
        r = _with(year, Strict())("monthly", "--period", "2025-03", "-q", "-o", str(out), *skip)
        assert r.exit_code == 1 and not out.exists()
        assert r.stderr == "错误：月报未生成：插件 strict 的报告部分出错：数据文件已损坏：records/strict.000.json（unexpected end of data）\n"
    r = _with(year, Odd())("monthly", "--period", "2025-03", "-q", "-o", str(out))
    assert r.exit_code == 1 and "插件 odd 的报告部分出错（TypeError: 返回了非 ReportSection 的内容（str））" in r.stderr


def test_a_core_section_failing_on_a_damaged_file_is_named_and_nothing_is_written(year, tmp_path):
    shard = year.home / "ledger" / "entries.000.json"
    shard.write_bytes(shard.read_bytes()[:-200])  # cut short
    out = tmp_path / "月报.docx"
    err = year("report", "monthly", "--period", "2025-03", "-q", "-o", str(out), code=1).stderr
    assert err.startswith("错误：月报未生成：“经费收支”部分出错：数据文件已损坏：ledger/entries.000.json（")
    assert err.count("\n") == 1 and not out.exists()
    assert "“经费收支”部分" in year("report", "monthly", "--period", "2025-03", "--skip-broken", "-f", "md", code=1).stderr


def test_a_core_section_with_a_bug_is_named_and_skipped_only_on_request(year, monkeypatch):
    import shequ.reports.sections as sections

    monkeypatch.setattr(sections, "_activities", lambda period, ctx: {}["missing"])
    err = year("report", "monthly", "--period", "2025-03", "-f", "md", code=1).stderr
    assert err.startswith("错误：月报未生成：“活动开展情况”部分出错（KeyError: 'missing'") and "shequ 的维护者" in err
    md = year("report", "monthly", "--period", "2025-03", "-f", "md", "--skip-broken").stdout
    assert "> **注意**：本报告不完整：“活动开展情况”部分生成时出错" in md and "活动开展情况" not in md.split("## ", 1)[1]


def test_plan_and_notes(year, tmp_path):
    (tmp_path / "不足.txt").write_text("一是台账整理不及时。\n\n二是党员培训天数不足。", "utf-8")
    year("report", "note", "set", "half", "2025-H1", "存在不足", str(tmp_path / "不足.txt"))
    half = year("report", "half", "--period", "2025-H1", "-f", "md")
    md = half.stdout
    assert "存在不足" in md and "一是台账整理不及时。" in md and "二是党员培训天数不足。" in md
    # the report says what is missing; how to fill it in is a hint on stderr, not a command in the document
    assert md.endswith("下一步打算\n\n（待填写）\n") and "shequ" not in md
    assert "提示：“下一步打算”有待填写的内容，可运行：shequ report note set half 2025-H1 下一步打算 文件" in half.stderr
    plan = year("report", "plan", "--period", "2026", "-f", "md").stdout
    assert "# 幸福社区2026年年度工作计划" in plan
    for month in ("一月份", "六月份", "十二月份"):
        assert month in plan
    assert "党员活动日（01-07）" in plan and "春节（02-17）" in plan  # the fixed duty, from its RRULE
    assert "党课每年不少于4次" in plan


def test_bad_report_usage(year):
    assert "月报的期间应为一个月" in year("report", "monthly", "--period", "2025", code=2).stderr
    assert "需要用 -o" in year("report", "monthly", "--period", "2025-03", "-f", "docx", code=2).stderr
    assert "无法从扩展名" in year("report", "monthly", "--period", "2025-03", "-o", "x.pdf", code=2).stderr
    assert "只用于 docx" in year("report", "monthly", "--period", "2025-03", "-f", "md", "--template", "t.docx", code=2).stderr
    assert "没有这个命令" in year("report", "weekly", code=2).stderr
    err = year("report", "monthly", "--period", "2025-03", "-o", "/proc/月报.md", code=1).stderr
    assert err.startswith("错误：无法写入文件：/proc/月报.md") and "Traceback" not in err


def test_default_period_is_the_last_complete_one(year):
    # Today is 2025-12-31: the last complete month is November.
    assert json.loads(year("report", "monthly", "-f", "json").stdout)["period"] == "2025-11"
    assert json.loads(year("report", "annual", "-f", "json").stdout)["period"] == "2024"
    assert json.loads(year("report", "plan", "-f", "json").stdout)["period"] == "2026"


def test_columnar_copies_give_the_same_report_as_the_documents(year):
    """People and ledger entries are read from the shards' columnar copies when they exist; with
    the copies gone (an older home, a hand edit) the documents give byte-identical answers."""
    unvoided = year("ledger", "balance", "--json").stdout
    year("ledger", "void", "3", "--reason", "重复录入")
    year("people", "remove", "5")
    asks = [("report", "monthly", "--period", "2025-03", "-f", "json"), ("report", "annual", "--period", "2025", "-f", "json"),
            ("ledger", "balance", "--json"), ("ledger", "budget", "report", "--year", "2025", "--json"), ("people", "categories", "--json"),
            ("people", "list", "-c", "老年人", "--json"), ("duties", "status", "--period", "2025", "--json")]
    copies = sorted(year.home.rglob("*.cols"))
    assert {p.parent.name for p in copies} == {"people", "ledger"}
    with_copies = [year(*a).stdout for a in asks]
    for p in copies:
        p.unlink()
    assert [year(*a).stdout for a in asks] == with_copies
    assert with_copies[2] != unvoided  # the void entry left the sums, read from the copies too
