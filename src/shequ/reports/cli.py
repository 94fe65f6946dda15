"""``shequ report …``: reports for a period, safe to run from cron."""

from __future__ import annotations

import sys
from typing import Any

import click

from shequ.cli.options import app, deliver, output_options, say


@click.group(name="report")
def report_group() -> None:
    """报告：月报、季报、半年小结、年终总结、年度计划、台账归档。

    任何一部分因数据出错（如数据文件损坏）时不生成报告，以退出码 1 结束并指出是哪一部分、哪个文件。

    \b
    例：
      shequ report monthly --period 2025-03                 # 终端中查看
      shequ report monthly -o reports/月报-{period}.docx    # cron：上月月报（原子写入，不改数据）
      shequ report annual --period 2025 -o 年终总结.html
      shequ report ledger-book --period 2025 -o 台账-2025.xlsx
    """


def _make(kind: str, help_text: str) -> click.Command:
    @click.command(name=kind, help=help_text)
    @click.option("--period", "-p", metavar="PERIOD", help="期间（默认为最近一个完整的期间，计划为明年）")
    @click.option("--domain", "-d", "domains", multiple=True, help="只看某些条线（党建、普法……），可多次")
    @click.option("-o", "--output", "output", metavar="FILE", help="写入文件，格式按扩展名（.md .html .txt .json .docx .xlsx）；可用 {period} {kind} 占位")
    @click.option("-f", "--format", "fmt", type=click.Choice(["terminal", "md", "txt", "html", "json", "docx", "xlsx"]), help="输出格式")
    @click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（同 -f json）")
    @click.option("--template", metavar="FILE.docx", help="docx 模板（本单位的版头和样式）")
    @click.option("--stamp", is_flag=True, help="写上生成时间（默认不写，同样的数据生成同样的文件）")
    @click.option("--quiet", "-q", is_flag=True, help="成功时不输出任何内容")
    def command(period: str | None, domains: tuple[str, ...], output: str | None, fmt: str | None, as_json: bool,
                template: str | None, stamp: bool, quiet: bool, skip_broken: bool = False) -> None:
        if as_json and fmt not in (None, "json"):
            raise click.UsageError(f"--json 与 -f {fmt} 不能同时使用")
        run_report(kind, period, domains, output, "json" if as_json else fmt, template, stamp, quiet, skip_broken)

    if kind != "ledger-book":  # the 台账 workbook has no plugin sections to skip
        command = click.option("--skip-broken", is_flag=True,
                               help="某个插件的报告部分因程序缺陷出错时，略过该部分照常生成（报告开头注明缺了什么）；"
                                    "数据出错时仍不生成")(command)
    return command


HELP = {
    "monthly": "月报：本月活动、职责、台账、经费与下月安排。",
    "quarterly": "季报。",
    "half": "半年小结（主要成绩、存在不足、下一步打算可用 report note 补充）。",
    "annual": "年终总结。",
    "plan": "年度工作计划：一月份……十二月份的工作安排（节日、固定职责、定量指标）。",
    "ledger-book": "台账归档：活动、签到、人员名单、收支明细、清单佐证，一个 xlsx 工作簿。",
}
for _kind, _help in HELP.items():
    report_group.add_command(_make(_kind, _help))


def run_report(kind: str, period: str | None, domains: tuple[str, ...], output: str | None, fmt: str | None,
               template: str | None, stamp: bool, quiet: bool, skip_broken: bool = False) -> None:
    """Build and write one report.  Any section failing on the home's data (or, without
    *skip_broken*, any section raising at all) is an error: exit 1, no file written."""
    from shequ.calendar.events import domain_id
    from shequ.reports.render import choose_format
    from shequ.reports.build import build, output_path, report_period

    a = app()
    span = report_period(kind, period, a.today)
    doms = [d for d in (domain_id(x) for x in domains) if d]
    target = output_path(output, kind, span) if output else None
    fmt = choose_format(fmt, target, "xlsx" if kind == "ledger-book" else None)
    if template and fmt != "docx":
        raise click.UsageError("--template 只用于 docx 格式")
    with a.home.read() as session:  # a report never writes data
        if kind == "ledger-book":
            from shequ.ledger.book import build_book

            data, warnings = build_book(a, session, span, doms), []
        else:
            from shequ.reports.render import split_hints

            report = build(a, session, kind, span, doms, stamp=stamp, skip_broken=skip_broken)
            hints = split_hints(report)  # the document says （待填写）; how to fill it in goes to stderr
            warnings = report.warnings + ([] if quiet else hints)
            data = _render(report, fmt, session, template, stamp)
    for w in warnings:
        click.echo(w, err=True)
    deliver(data, target, quiet=quiet, done=f"已生成 {target}")


def _render(report: Any, fmt: str, session: Any, template: str | None, stamp: bool) -> Any:
    from shequ.reports import render as rr

    if fmt == "terminal":
        rr.print_terminal(report)
        return None
    if fmt == "md":
        return rr.render_md(report)
    if fmt == "txt":
        return rr.render_txt(report)
    if fmt == "html":
        return rr.render_html(report)
    if fmt == "json":
        return rr.render_json(report)
    if fmt == "xlsx":
        return rr.render_xlsx(report)
    from shequ.settings import get_settings

    s = get_settings(session)
    fonts = {"title": s["report.title_font"], "heading": s["report.heading_font"], "body": s["report.body_font"]}
    from shequ.reports.render_docx import render_docx_with

    return render_docx_with(report, fonts, template, stamp=stamp)


@report_group.group(name="note")
def note_group() -> None:
    """报告中数据无法生成的文字（指导思想、存在不足……），按报告类型、期间、章节保存。"""


@note_group.command(name="set")
@click.argument("kind", type=click.Choice(["monthly", "quarterly", "half", "annual", "plan"]))
@click.argument("period")
@click.argument("section")
@click.argument("source", metavar="FILE|-")
def note_set(kind: str, period: str, section: str, source: str) -> None:
    """保存一段文字，如：shequ report note set half 2025-H1 存在不足 不足.txt（- 表示从标准输入读取）。"""
    from shequ.common.tabular import decode_text
    from shequ.reports.build import KINDS, note_sections, report_period, set_note

    a = app()
    span = report_period(kind, period, a.today)
    with a.home.read() as session:
        known = note_sections(a, session, kind, span)
    if section not in known:
        from shequ.common.values import shorten

        noun = KINDS[kind][1]
        choices = f"可填写的章节：{'、'.join(known)}" if known else "这份报告没有需要填写的章节"
        raise click.UsageError(f"{span.label} {noun}中没有“{shorten(section)}”这一章节（{choices}）")
    if source == "-":
        text = sys.stdin.read()
    else:
        from shequ.common.tabular import input_file

        p = input_file(source)
        text = decode_text(p.read_bytes(), p.name)
    with a.home.transaction(f"report note set {kind} {span.label} {section}") as session:
        set_note(session, kind, span, section, text)
    say(f"已保存 {kind} {span.label} 的“{section}”（{len(text.strip())} 字）")


@note_group.command(name="list")
@output_options
def note_list(out: Any) -> None:
    """列出已保存的文字（表格中只显示开头，--json 给出全文）。"""
    from shequ.reports.build import NOTES

    a = app()
    with a.home.read() as session:
        notes = session.view("meta").get(NOTES, {})
    rows = []
    for key, v in sorted(notes.items()):
        kind, period, section = key.split("|")
        text = v["text"] if not out.human else v["text"][:30] + ("…" if len(v["text"]) > 30 else "")
        rows.append({"kind": kind, "period": period, "section": section, "text": text, "at": v.get("at")})
    out.rows(rows, [("kind", "报告"), ("period", "期间"), ("section", "部分"), ("text", "内容"), ("at", "保存时间")])
