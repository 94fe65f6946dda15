"""Input the audit of issue 15 found accepted though wrong, answered with a traceback, or answered
misleadingly: each is now refused (or explained) in one Chinese line with the right exit status."""

from __future__ import annotations

import json
import zipfile

import pytest

from shequ.testing import runner


def last_line(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.output
    return lines[-1] if lines else ""


# -- amounts ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("amount", ["123456789012345678901234567", "9" * 40, "12345678901234567890", "1000000000.01"])
def test_absurd_amounts_are_refused_with_the_limit(run, amount):
    err = last_line(run("ledger", "add", "--amount", amount, "--out", "--account", "支出:活动", code=1))
    assert err == f"错误：无法记账：金额太大：{amount}（单笔不超过 1,000,000,000 元）"


def test_the_largest_amount_is_booked_and_the_limit_is_in_the_help(run):
    run("ledger", "add", "--amount", "1,000,000,000", "--in", "--account", "收入:上级拨款")
    assert json.loads(run("ledger", "list", "--json").stdout)[0]["amount"] == "1000000000.00"
    assert "单笔不超过 10 亿元" in run("ledger", "add", "--help").stdout
    assert "单笔不超过 10 亿元" in run("ledger", "schedule", "add", "--help").stdout


def test_a_huge_decimal_field_is_refused_not_a_traceback(run):
    err = last_line(run("record", "add", "demo.item", "--field", "title=甲", "--field", f"amount={'9' * 30}", code=1))
    assert "数字太大" in err and "9" * 31 not in err


def test_in_and_out_together_is_a_usage_error(run):
    err = last_line(run("ledger", "add", "--amount", "5", "--in", "--out", "--account", "支出:活动", code=2))
    assert err == "错误：--in 与 --out 只能选一个（收入或支出）"
    assert json.loads(run("ledger", "list", "--json").stdout) == []


# -- names, blanks, control characters ---------------------------------------------------------------
def test_an_empty_option_is_not_leaving_it_out(run):
    err = last_line(run("people", "add", "李四", "--phone", "", code=2))
    assert err == "错误：--phone 的值不能为空（要清空已登记的值请用 shequ people edit … --clear phone）"
    err = last_line(run("people", "add", "李四", "--birth", "", code=2))
    assert err == "错误：--birth 的值无效：不能为空（不写这一项即为默认值）"
    assert last_line(run("people", "add", " ", code=2)) == "错误：姓名不能为空"
    assert json.loads(run("people", "list", "--json").stdout) == []


def test_a_name_has_a_sane_length(run):
    err = last_line(run("people", "add", "王" * 10_000, code=1))
    assert err.endswith("姓名：太长：10000 个字符（最多 50 个）") and len(err) < 200
    run("people", "add", "阿卜杜热合曼·买买提依明")
    err = last_line(run("calendar", "add", "会" * 101, "--date", "2025-03-01", code=1))
    assert "标题：太长：101 个字符（最多 100 个）" in err


def test_control_characters_are_refused_in_names_and_never_echoed_raw(run):
    done = run("people", "add", "赵\x1b[31m红", code=1)
    assert "\x1b" not in done.stderr
    assert last_line(done) == "错误：无法登记 赵\\x1b[31m红：姓名：含有控制字符 '\\x1b'（如终端转义序列），请删去"
    assert "换行或制表符" in last_line(run("calendar", "add", "甲\n乙", "--date", "2025-03-01", code=1))
    assert "\x07" not in run("people", "show", "无此人\x07", code=1).stderr


def test_confirmations_escape_control_characters(run):
    from shequ.cli.options import say

    import click
    from click.testing import CliRunner

    @click.command()
    def speak() -> None:
        say("已保存“\x1b]0;标题\x07”\n第二行")

    done = CliRunner().invoke(speak)
    assert done.stderr == "已保存“\\x1b]0;标题\\x07”\n第二行\n"


# -- periods, years, months ---------------------------------------------------------------------------
@pytest.mark.parametrize("args", [("duties", "status", "--period", ""), ("report", "monthly", "-p", " "),
                                  ("ledger", "add", "--date", "", "--amount", "5", "--in", "--account", "收入:上级拨款"),
                                  ("calendar", "month", "")])
def test_an_empty_period_or_date_is_not_the_default(run, args):
    err = last_line(run(*args, code=2))
    assert err.endswith("的值无效：不能为空（不写这一项即为默认值）"), err


@pytest.mark.parametrize("year", ["0", "99999", "1899", "2101"])
def test_years_the_calendar_cannot_answer_for_are_refused(run, year):
    assert last_line(run("calendar", "festivals", "--year", year, code=2)) == \
        f"错误：--year 的值无效：年份应在 1900–2100 之间：{year}"
    assert "年份应在 1900–2100 之间" in last_line(run("ledger", "budget", "report", "--year", year, code=2))


def test_the_calendar_edges_work(run):
    for year in ("1900", "2100"):
        assert json.loads(run("calendar", "festivals", "--year", year, "--json").stdout)


def test_a_month_out_of_range_says_so(run):
    assert last_line(run("calendar", "month", "1800-01", code=2)) == "错误：年份超出范围：1800-01（支持 1900–2200 年）"
    assert last_line(run("calendar", "month", "2101-03", code=2)) == "错误：年份应在 1900–2100 之间：2101"
    assert "1900年1月" in run("calendar", "month", "1900-01").stdout


def test_click_choices_in_a_missing_option_are_chinese(tmp_path):
    import shequ_fulian

    run = runner(tmp_path / "h", shequ_fulian)
    run("init")
    err = last_line(run("fulian", "eval", "add", code=2))
    assert err.startswith("错误：缺少选项 --award（可选：好媳妇、好婆婆") and "Choose" not in err


# -- reports ---------------------------------------------------------------------------------------------
@pytest.fixture
def not_docx(tmp_path):
    (tmp_path / "text.docx").write_text("这不是 Word 文件")
    with zipfile.ZipFile(tmp_path / "zip.docx", "w") as z:
        z.writestr("a.txt", "x")
    (tmp_path / "dir.docx").mkdir()
    return tmp_path


@pytest.mark.parametrize("name,needle", [("text.docx", "模板不是有效的 docx 文件"), ("zip.docx", "模板不是有效的 docx 文件"),
                                         ("dir.docx", "这是一个目录，不是模板文件"), ("none.docx", "模板文件不存在")])
def test_a_template_that_is_not_a_docx_is_one_line(run, not_docx, name, needle):
    err = last_line(run("report", "monthly", "--period", "2025-03", "--template", str(not_docx / name),
                        "-o", str(not_docx / "out.docx"), code=1))
    assert err.startswith(f"错误：{needle}"), err
    assert not (not_docx / "out.docx").exists()


def test_a_template_without_the_report_styles_is_named(run, tmp_path):
    from docx import Document

    doc = Document()
    heading = next(s for s in doc.styles if s.name == "Heading 1").element
    heading.getparent().remove(heading)
    doc.save(tmp_path / "bare.docx")
    err = last_line(run("report", "monthly", "--period", "2025-03", "--template", str(tmp_path / "bare.docx"),
                        "-o", str(tmp_path / "out.docx"), code=1))
    assert err.startswith("错误：docx 模板缺少报告要用的样式“Heading 1”")


def test_a_note_for_a_section_no_report_has_is_refused(run, tmp_path):
    text = tmp_path / "n.txt"
    text.write_text("还需加强。", encoding="utf-8")
    err = last_line(run("report", "note", "set", "half", "2025-H1", "存在不租", str(text), code=2))
    assert err == "错误：2025-H1 半年小结中没有“存在不租”这一章节（可填写的章节：主要成绩、存在不足、下一步打算）"
    assert "这份报告没有需要填写的章节" in last_line(run("report", "note", "set", "monthly", "2025-03", "小结", str(text),
                                                      code=2))
    run("report", "note", "set", "half", "2025-H1", "存在不足", str(text))
    assert "还需加强。" in run("report", "half", "--period", "2025-H1", "-f", "md").stdout


def test_a_note_a_plugin_asks_for_is_accepted(tmp_path):
    import shequ_guangongwei

    run = runner(tmp_path / "h", shequ_guangongwei, today="2025-12-31")
    run("init")
    (tmp_path / "n.txt").write_text("以习近平新时代中国特色社会主义思想为指导。", encoding="utf-8")
    run("report", "note", "set", "plan", "2026", "关工委指导思想", str(tmp_path / "n.txt"))
    assert "以习近平新时代" in run("report", "plan", "--period", "2026", "-f", "md").stdout


# -- imports ---------------------------------------------------------------------------------------------
IMPORTS = [("people", "import"), ("calendar", "import"), ("ledger", "import"), ("record", "import", "demo.item"),
           ("duties", "add"), ("checklist", "template", "add")]


@pytest.mark.parametrize("command", IMPORTS, ids=" ".join)
def test_importing_a_folder_says_it_is_a_folder(run, tmp_path, command):
    (tmp_path / "roster.csv").mkdir()
    err = last_line(run(*command, str(tmp_path / "roster.csv"), code=1))
    assert "这是一个目录，不是" in err and "不存在" not in err


@pytest.mark.parametrize("command", IMPORTS[:4], ids=" ".join)
def test_a_csv_with_a_huge_line_is_one_line(run, tmp_path, command):
    big = tmp_path / "big.csv"
    # 出生日期: a roster column, so people import (which reads rows as it goes) gets past the header
    big.write_text("姓名,出生日期\n" + "D" * 300_000 + "\n", encoding="utf-8")
    err = last_line(run(*command, str(big), code=1))
    assert err == "错误：big.csv 第 2 行无法读取：一个单元格超过 131,072 个字符（这不像花名册或台账表格，请检查文件）"


@pytest.mark.parametrize("command", IMPORTS[:4], ids=" ".join)
def test_unknown_columns_of_a_garbage_file_are_shortened(run, tmp_path, command):
    junk = tmp_path / "junk.csv"
    junk.write_text("D" * 200 + "," + "E" * 200 + "\nx,y\n", encoding="utf-8")
    err = last_line(run(*command, str(junk), code=1))
    assert "D" * 30 + "…（共 200 个字符）、" + "E" * 30 + "…（共 200 个字符）" in err and "D" * 31 not in err


def test_an_ics_missing_its_end_says_so_in_chinese(run, tmp_path):
    ics = tmp_path / "cut.ics"
    ics.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:党课\nDTSTART:20250305T143000\n")
    assert last_line(run("calendar", "import", str(ics), code=1)) == \
        "错误：ICS 文件不完整：第 3 行的 BEGIN:VEVENT 没有对应的 END:VEVENT（文件可能被截断）：cut.ics"
    ics.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:党课\nEND:VCALENDAR\n")
    assert last_line(run("calendar", "import", str(ics), code=1)) == \
        "错误：ICS 文件第 4 行的 END:VCALENDAR 不配对（第 2 行的 BEGIN:VEVENT 尚未结束）：cut.ics"
