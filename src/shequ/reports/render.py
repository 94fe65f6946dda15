"""Rendering a report: terminal (rich), md, txt, html, json, docx, xlsx.

Every renderer is deterministic: the same report gives the same bytes.
docx follows GB/T 9704 (:mod:`shequ.reports.render_docx`: 28 characters × 22
lines, page numbers ``— 1 —``); xlsx has a sheet a table, money and dates as
numbers and dates, set up to print (:mod:`shequ.common.xlsx`).
"""

from __future__ import annotations

import io
import re
from typing import Any

from shequ.reports.build import Report, Table, as_table, to_json

NUMERALS = "一二三四五六七八九十"
FORMATS = ("md", "txt", "html", "json", "docx", "xlsx", "terminal")
EXT = {".md": "md", ".txt": "txt", ".html": "html", ".htm": "html", ".json": "json", ".docx": "docx", ".xlsx": "xlsx"}


def choose_format(fmt: str | None, target: Any, default: str | None = None) -> str:
    """``-f`` if given, else the output file's extension, else *default* (else the terminal when
    stdout is one, md when piped); docx and xlsx need a file.  ``click.UsageError`` otherwise."""
    import sys

    import click

    if fmt is None:
        if target is not None:
            fmt = EXT.get(target.suffix.lower())
            if fmt is None:
                raise click.UsageError(f"无法从扩展名判断报告格式：{target}（支持 .md .html .txt .json .docx .xlsx）")
        else:
            fmt = default or ("terminal" if sys.stdout.isatty() else "md")
    if fmt in ("docx", "xlsx") and target is None:
        raise click.UsageError(f"{fmt} 格式需要用 -o 指定文件")
    return fmt


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 23 → 二十三 (公文 section numbers, up to 99)."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return NUMERALS[n - 1]
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def heading(i: int, title: str) -> str:
    return f"{chinese_number(i + 1)}、{title}"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v))
    return str(v)


def drawn(s: Any) -> list[tuple[Table, list[Any]]]:
    """The section's tables, each with the charts drawn right after it (html, docx, terminal):
    a chart sits beside the table of its figures.  A chart naming no table of its section comes
    last, with a table of its own figures.  :mod:`shequ.charts` loads only when there is a chart."""
    tables = [as_table(t) for t in s.tables]
    charts = getattr(s, "charts", None)
    if not charts:
        return [(t, []) for t in tables]
    from shequ.charts import figures_table

    titles = {t.title for t in tables}
    out = [(t, [c for c in charts if c.table == t.title]) for t in tables]
    return out + [(figures_table(c), [c]) for c in charts if c.table not in titles]


def render_md(r: Report) -> str:
    out = [f"# {r.title}", ""]
    if r.stamp:
        out += [f"生成时间：{r.stamp}", ""]
    for note in r.notes:
        out += [f"> **注意**：{note}", ""]
    for i, s in enumerate(r.sections):
        out += [f"## {heading(i, s.title)}", ""]
        for p in s.paragraphs:
            out += [p, ""]
        for t in map(as_table, s.tables):
            if not t.rows:
                continue
            out += [f"**{t.title}**", "", "| " + " | ".join(t.columns) + " |", "|" + "|".join(" --- " for _ in t.columns) + "|"]
            rows = t.rows + ([t.total] if t.total else [])
            out += ["| " + " | ".join(_cell(c).replace("|", "\\|") for c in row) + " |" for row in rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_txt(r: Report) -> str:
    from shequ.common.output import Column, render

    out = [r.title, "=" * 20, ""]
    if r.stamp:
        out += [f"生成时间：{r.stamp}", ""]
    out += [f"【注意】{note}" for note in r.notes] + ([""] if r.notes else [])
    for i, s in enumerate(r.sections):
        out += [heading(i, s.title), ""]
        out += ["    " + p for p in s.paragraphs]
        for t in map(as_table, s.tables):
            if not t.rows:
                continue
            cols = [Column(str(j), c) for j, c in enumerate(t.columns)]
            rows = [{str(j): _cell(c) for j, c in enumerate(row)} for row in t.rows + ([t.total] if t.total else [])]
            out += ["", f"【{t.title}】", render(rows, cols, "table").rstrip()]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "仿宋", "仿宋_GB2312", "FangSong", "STFangsong", "Noto Serif CJK SC", serif; font-size: 16pt;
       line-height: 1.75; max-width: 156mm; margin: 2em auto; color: #000; }
h1 { font-family: "方正小标宋简体", "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 22pt; text-align: center;
     font-weight: normal; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; margin-top: 1.2em; }
p { text-indent: 2em; margin: 0.3em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-size: 12pt; line-height: 1.4; }
caption { font-family: "黑体", "SimHei", sans-serif; text-align: left; padding: 0.2em 0; }
th, td { border: 1px solid #000; padding: 2px 6px; vertical-align: top; }
.n { white-space: nowrap; word-break: keep-all; }
th { background: #eee; }
tr.total td { font-weight: bold; }
figure.chart { margin: 0.2em 0 1em; break-inside: avoid; }
.stamp { text-align: right; font-size: 12pt; }
.note { text-indent: 0; border: 2px solid #000; padding: 0.3em 0.6em; font-weight: bold; }
@media print { body { margin: 0; max-width: none; } th { background: none; } }
""".strip()


def render_html(r: Report) -> str:
    import html  # here, not at the top: ~2 ms that Markdown and text reports do not need

    e = html.escape
    out = ['<!DOCTYPE html>', '<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{e(r.title)}</title>", f"<style>\n{CSS}\n</style></head><body>", f"<h1>{e(r.title)}</h1>"]
    if r.stamp:
        out.append(f'<p class="stamp">生成时间：{e(r.stamp)}</p>')
    out += [f'<p class="note">注意：{e(note)}</p>' for note in r.notes]
    for i, s in enumerate(r.sections):
        out.append(f"<h2>{e(heading(i, s.title))}</h2>")
        out += [f"<p>{e(p)}</p>" for p in s.paragraphs]
        for t, charts in drawn(s):
            if not t.rows:
                continue
            # Short columns (dates, 条线, counts) never wrap; long text wraps at characters.
            short = [max([len(str(c))] + [len(_cell(r[i])) for r in t.rows if i < len(r)]) <= 12 for i, c in enumerate(t.columns)]
            cls = [' class="n"' if s else "" for s in short]
            out.append(f"<table><caption>{e(t.title)}</caption><thead><tr>" + "".join(f"<th{k}>{e(c)}</th>" for c, k in zip(t.columns, cls)) + "</tr></thead><tbody>")
            out += ["<tr>" + "".join(f"<td{k}>{e(_cell(c))}</td>" for c, k in zip(row, cls)) + "</tr>" for row in t.rows]
            if t.total:
                out.append('<tr class="total">' + "".join(f"<td{k}>{e(_cell(c))}</td>" for c, k in zip(t.total, cls)) + "</tr>")
            out.append("</tbody></table>")
            if charts:
                from shequ.charts.svg import svg

                out += [f'<figure class="chart">{svg(c)}</figure>' for c in charts]
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render_json(r: Report) -> bytes:
    import orjson

    from shequ.store.files import json_default as _default

    return orjson.dumps(to_json(r), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE, default=_default)


def _typed(v: Any) -> Any:
    """A table cell for Excel: money (two decimals) a number, an ISO date a date, the rest as is."""
    from shequ.common.xlsx import as_date, as_money

    if isinstance(v, str):
        return as_money(v) or as_date(v) or v
    return v


def render_xlsx(r: Report) -> bytes:
    from shequ.common.xlsx import Sheet, write_xlsx

    sheets = []
    for i, s in enumerate(r.sections):
        for t in map(as_table, s.tables):
            if not t.rows:
                continue
            rows = [[n, *map(_typed, row)] for n, row in enumerate(t.rows, start=1)]
            if t.total:
                rows.append(["", *map(_typed, t.total)])
            name = t.title if t.title not in [x.name for x in sheets] else f"{s.title}-{t.title}"
            sheets.append(Sheet(name, ["序号", *t.columns], rows, title=f"{r.title}：{t.title}",
                                text_columns=frozenset(j + 1 for j in t.text_columns)))
    if not sheets:
        sheets.append(Sheet(r.title, ["内容"], [[p] for s in r.sections for p in s.paragraphs], title=r.title))
    if r.notes:  # the first sheet a reader sees
        sheets.insert(0, Sheet("注意", ["序号", "注意"], [[n, note] for n, note in enumerate(r.notes, start=1)],
                               title=f"{r.title}：注意"))
    return write_xlsx(sheets)


#: A placeholder a section writes where the office has not written its text yet, with the command to do it.
_TODO = re.compile(r"（待填写：\s*(shequ [^；）]*?)\s*(?:；([^）]*))?）")


def split_hints(r: Report) -> list[str]:
    """Take the commands out of the report's 待填写 placeholders (an official document shows
    （待填写）, not a shell command) and give them back as lines for stderr."""
    hints = []
    for s in r.sections:
        def take(m: re.Match[str], title: str = s.title) -> str:
            extra = f"；{m[2]}" if m[2] else ""
            hints.append(f"提示：“{title}”有待填写的内容，可运行：{m[1]}{extra}")
            return "（待填写）"

        s.paragraphs = [_TODO.sub(take, p) for p in s.paragraphs]
    return hints


def normalize_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and order: python-docx stamps entries with the clock."""
    import zipfile  # here: with shutil, bz2 and lzma it costs ~7 ms, and Markdown needs none of it

    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for name in sorted(src.namelist()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return buf.getvalue()


def print_terminal(r: Report) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.rule import Rule
    from rich.table import Table as RichTable

    console = Console()
    console.print(Rule(f"[bold]{r.title}"))
    for note in r.notes:
        console.print(f"[bold red]注意：{escape(note)}", highlight=False)
    for i, s in enumerate(r.sections):
        console.print(f"\n[bold]{heading(i, s.title)}[/bold]")
        for p in s.paragraphs:
            console.print("　　" + p, highlight=False)
        for t, charts in drawn(s):
            if not t.rows:
                continue
            table = RichTable(title=t.title, title_justify="left", show_lines=False)
            for c in t.columns:
                table.add_column(c)
            for row in t.rows:
                table.add_row(*[_cell(c) for c in row])
            if t.total:
                table.add_row(*[f"[bold]{_cell(c)}" for c in t.total])
            console.print(table)
            if charts:
                from shequ.charts.term import term_chart

                for c in charts:
                    console.print(term_chart(c))
