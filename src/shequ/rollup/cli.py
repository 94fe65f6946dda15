"""``shequ bundle …`` (a community hands in a period's figures) and ``shequ rollup …`` (the 街道
checks who has handed in and reports across them)."""

from __future__ import annotations

from typing import Any

import click

from shequ.cli.options import app, deliver, output_options, say

FORMATS = ["terminal", "md", "txt", "html", "json", "docx", "xlsx"]


@click.group(name="bundle")
def bundle_group() -> None:
    """报送包：本社区一期的数字，交给街道汇总。

    报送包只含数字（活动次数、人次、职责状态、清单完成项、各科目金额……），不含任何居民的姓名、身份证号、电话和住址。

    \b
    例：
      shequ bundle export --period 2025-03 -o 幸福社区-{period}.bundle.json
    """


@bundle_group.command(name="export")
@click.option("--period", "-p", metavar="PERIOD", required=True, help="期间：一个月、季度、半年或一年（如 2025-03）")
@click.option("-o", "--output", "output", metavar="FILE", required=True,
              help="写入的文件（建议以 .bundle.json 结尾，街道按文件夹汇总时只读这种文件）；可用 {period} 占位；- 为标准输出")
@click.option("--quiet", "-q", is_flag=True, help="成功时不输出任何内容")
def export_cmd(period: str, output: str, quiet: bool) -> None:
    """导出本期的报送包（月报、季报、半年、年度的全部数字，不含个人信息）。"""
    from shequ.common.output import write_file
    from shequ.periods import parse_period
    from shequ.reports.build import output_path
    from shequ.rollup.bundle import build_bundle, dump, kind_for

    a = app()
    span = parse_period(period, today=a.today)
    kind = kind_for(span)
    with a.home.read() as session:  # an export never writes data
        bundle = build_bundle(a, session, span)
    data = dump(bundle)
    m = bundle["manifest"]
    if output == "-":
        from shequ.cli.options import _write_stdout_bytes

        _write_stdout_bytes(data)
        return
    target = output_path(output, kind, span)
    write_file(target, data)
    if not quiet:
        note = f"，略去可能涉及个人信息的 {m['withheld']} 项" if m["withheld"] else ""
        say(f"已生成 {target}（{m['community'] or '未命名单位'} {span.label}：{len(bundle['sections'])} 个部分、"
            f"{len(bundle['duties'])} 项职责、{len(bundle['checklists'])} 份清单{note}）")


@click.group(name="rollup")
def rollup_group() -> None:
    """街道汇总：核验各单位的报送包，列出报送情况，生成汇总报告。

    报送包可以是文件、文件夹（读取其中的 *.bundle.json）或通配符。校验值不符、由较新版本生成、期间不符、
    同一单位两份的报送包会被拒绝（指出文件），此时不生成任何文件。应报送的单位是设置项 rollup.expected。

    \b
    例：
      shequ config set rollup.expected 幸福社区,和平社区,光明村
      shequ rollup status --period 2025-03 报送/2025-03/
      shequ rollup report monthly --period 2025-03 报送/2025-03/ -o 街道月报-{period}.docx
    """


def _street(a: Any) -> tuple[str, list[str], dict[str, Any]]:
    """The 街道's name, its expected units and report settings — from its home if it has one."""
    from shequ.settings import SETTINGS

    fonts = {k: SETTINGS[f"report.{k}_font"].default for k in ("title", "heading", "body")}
    if not a.home.exists():
        return "", [], {"fonts": fonts}
    from shequ.settings import get_settings

    with a.home.read() as session:
        s = get_settings(session, a.pm)
        name = session.view("meta").get("meta", {}).get("1", {}).get("name") or ""
    fonts = {k: s[f"report.{k}_font"] for k in ("title", "heading", "body")}
    return name, list(s.get("rollup.expected") or []), {"fonts": fonts}


@rollup_group.command(name="report")
@click.argument("kind", type=click.Choice(["monthly", "quarterly", "half", "annual"]))
@click.argument("bundles", nargs=-1, required=True, metavar="BUNDLE…")
@click.option("--period", "-p", metavar="PERIOD", required=True, help="期间（各报送包必须是这一期的）")
@click.option("-o", "--output", "output", metavar="FILE", help="写入文件，格式按扩展名（.md .html .txt .json .docx .xlsx）；可用 {period} {kind} 占位")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="输出格式")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（同 -f json）")
@click.option("--template", metavar="FILE.docx", help="docx 模板（本单位的版头和样式）")
@click.option("--quiet", "-q", is_flag=True, help="成功时不输出任何内容")
def report_cmd(kind: str, bundles: tuple[str, ...], period: str, output: str | None, fmt: str | None, as_json: bool,
               template: str | None, quiet: bool) -> None:
    """街道汇总报告：各部分一单位一列，另有合计；落后的职责、清单得分、分科目分单位的经费，并附图表。"""
    from shequ.reports.build import output_path, report_period
    from shequ.reports.render import choose_format
    from shequ.rollup.load import load
    from shequ.rollup.report import build_rollup

    if as_json and fmt not in (None, "json"):
        raise click.UsageError(f"--json 与 -f {fmt} 不能同时使用")
    fmt = "json" if as_json else fmt
    a = app()
    span = report_period(kind, period, a.today)
    target = output_path(output, kind, span) if output else None
    fmt = choose_format(fmt, target)
    if template and fmt != "docx":
        raise click.UsageError("--template 只用于 docx 格式")
    unit, expected, opts = _street(a)
    found = load(list(bundles), span)  # every refusal happens here, before anything is written
    report = build_rollup(found, kind, span, unit or "街道", expected)
    data = _render(report, fmt, opts["fonts"], template)
    deliver(data, target, quiet=quiet, done=f"已生成 {target}（{len(found)} 个单位）")


def _render(report: Any, fmt: str, fonts: dict[str, str], template: str | None) -> Any:
    from shequ.reports import render as rr

    if fmt == "terminal":
        rr.print_terminal(report)
        return None
    simple = {"md": rr.render_md, "txt": rr.render_txt, "html": rr.render_html, "json": rr.render_json,
              "xlsx": rr.render_xlsx}
    if fmt in simple:
        return simple[fmt](report)
    from shequ.reports.render_docx import render_docx_with

    return render_docx_with(report, fonts, template)


@rollup_group.command(name="status")
@click.argument("bundles", nargs=-1, required=True, metavar="BUNDLE…")
@click.option("--period", "-p", metavar="PERIOD", required=True, help="期间")
@output_options
def status_cmd(bundles: tuple[str, ...], period: str, out: Any) -> None:
    """报送情况：哪些单位已报送、哪些未报送，各单位落后和逾期的职责数。

    有单位未报送，或有单位的职责落后、逾期时，退出码为 3（供 cron 检查）。
    """
    from shequ.common.output import Column
    from shequ.periods import parse_period
    from shequ.rollup.load import load
    from shequ.rollup.bundle import kind_for

    a = app()
    span = parse_period(period, today=a.today)
    kind_for(span)
    _, expected, _ = _street(a)
    found = {b.community: b for b in load(list(bundles), span)}
    rows = []
    for name in [*expected, *sorted(n for n in found if n not in expected)]:
        b = found.get(name)
        if b is None:
            rows.append({"unit": name, "status": "missing", "state": "未报送", "behind": None, "overdue": None,
                         "created_by": None, "file": None})
            continue
        duties = b.data["duties"]
        late = {k: sum(1 for d in duties if d["status"] == k) for k in ("behind", "overdue")}
        state = "已报送" if name in expected or not expected else "已报送（不在应报送名单中）"
        rows.append({"unit": name, "status": "in" if name in expected or not expected else "extra", "state": state,
                     **late, "created_by": b.manifest.get("created_by"), "file": str(b.path)})
    out.rows(rows, [Column("unit", "单位"), Column("state", "报送情况"), Column("behind", "落后职责"),
                    Column("overdue", "逾期职责"), Column("created_by", "报送人"), Column("file", "文件")])
    missing = [r["unit"] for r in rows if r["status"] == "missing"]
    late_units = [r["unit"] for r in rows if (r["behind"] or 0) + (r["overdue"] or 0)]
    if not expected:
        say("提示：未设置应报送的单位（shequ config set rollup.expected 单位1,单位2…），无法列出未报送的单位")
    if missing or late_units:
        parts = ([f"未报送 {len(missing)} 个：{'、'.join(missing)}"] if missing else []) + \
                ([f"有落后或逾期职责 {len(late_units)} 个：{'、'.join(late_units)}"] if late_units else [])
        say("需要关注：" + "；".join(parts))
        raise SystemExit(3)
