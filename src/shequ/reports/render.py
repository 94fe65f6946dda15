"""Rendering a report: terminal (rich), md, txt, html, json, docx, xlsx.

Every renderer is deterministic: the same report gives the same bytes.
docx follows GB/T 9704 (A4; margins 37/35/28/26 mm; title 二号, body 三号 with
the East-Asian font set explicitly and theme fonts removed, so Word and WPS
show 仿宋 rather than the theme's Latin font); the font names are settings
because many offices lack the 方正 fonts.
"""

from __future__ import annotations

import io
from typing import Any

from shequ.reports.build import Report, Table, as_table, to_json

NUMERALS = "一二三四五六七八九十"
FORMATS = ("md", "txt", "html", "json", "docx", "xlsx", "terminal")
EXT = {".md": "md", ".txt": "txt", ".html": "html", ".htm": "html", ".json": "json", ".docx": "docx", ".xlsx": "xlsx"}


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


def render_xlsx(r: Report) -> bytes:
    from shequ.common.xlsx import Sheet, write_xlsx

    sheets = []
    for i, s in enumerate(r.sections):
        for t in map(as_table, s.tables):
            if not t.rows:
                continue
            rows = [[n, *row] for n, row in enumerate(t.rows, start=1)]
            if t.total:
                rows.append(["", *t.total])
            name = t.title if t.title not in [x.name for x in sheets] else f"{s.title}-{t.title}"
            sheets.append(Sheet(name, ["序号", *t.columns], rows, title=f"{r.title}：{t.title}",
                                text_columns=frozenset(j + 1 for j in t.text_columns)))
    if not sheets:
        sheets.append(Sheet(r.title, ["内容"], [[p] for s in r.sections for p in s.paragraphs], title=r.title))
    if r.notes:  # the first sheet a reader sees
        sheets.insert(0, Sheet("注意", ["序号", "注意"], [[n, note] for n, note in enumerate(r.notes, start=1)],
                               title=f"{r.title}：注意"))
    return write_xlsx(sheets)


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


def _fonts(run_or_style: Any, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set Latin and East-Asian font names explicitly and drop theme fonts (Word otherwise shows the theme's)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


def render_docx(r: Report, fonts: dict[str, str], template: str | None = None, stamp: bool = False) -> bytes:
    from datetime import datetime

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document(template) if template else Document()
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    _fonts(normal, fonts["body"], 16)
    normal.paragraph_format.line_spacing = Pt(28)  # GB/T 9704: 22 lines of 三号 text a page
    # Drop theme fonts everywhere (document defaults and every style of the template), or
    # Word and WPS show the theme's fonts instead of the ones set here.
    for style_el in [doc.styles.element.find(qn("w:docDefaults")), *doc.styles.element.findall(qn("w:style"))]:
        if style_el is None:
            continue
        sid = style_el.get(qn("w:styleId")) or ""
        name = fonts["heading"] if sid.startswith(("Heading", "Title", "Subtitle")) else fonts["body"]
        for rfonts in style_el.iter(qn("w:rFonts")):
            themed = any(rfonts.get(qn(a)) for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"))
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
            if themed or sid == "":
                for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
                    rfonts.set(qn(attr), name)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(title.add_run(r.title), fonts["title"], 22)
    if r.stamp and stamp:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _fonts(p.add_run(f"生成时间：{r.stamp}"), fonts["body"], 12)
    for note in r.notes:
        _fonts(doc.add_paragraph().add_run(f"注意：{note}"), fonts["heading"], 16, bold=True)
    body, grid = doc.element.body, None
    for i, s in enumerate(r.sections):
        h = doc.add_paragraph(style="Heading 1")
        _fonts(h.style, fonts["heading"], 16, bold=False)
        h.style.font.color.rgb = None
        _fonts(h.add_run(heading(i, s.title)), fonts["heading"], 16, bold=False)
        for text in s.paragraphs:
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
            _fonts(p.add_run(text), fonts["body"], 16)
        for t, charts in drawn(s):
            if not t.rows:
                continue
            cap = doc.add_paragraph()
            _fonts(cap.add_run(t.title), fonts["heading"], 12)
            if grid is None:  # once: python-docx looks a style up by scanning them all (~10 ms a table)
                grid = doc.styles["Table Grid"]
            end = body.find(qn("w:sectPr"))
            if end is not None:
                end.addprevious(_table_xml(t, fonts))
            else:
                body.append(_table_xml(t, fonts))
            if charts:
                from shequ.charts.docx import add_chart

                for c in charts:
                    add_chart(doc, c, fonts)
    props = doc.core_properties
    props.author = props.last_modified_by = "shequ"
    props.title = r.title
    fixed = datetime(2000, 1, 1)
    props.created = props.modified = fixed
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())


def _table_xml(t: Any, fonts: dict[str, str]) -> Any:
    """A whole table as one XML string, parsed once.

    python-docx builds tables a cell object at a time (~0.5 ms a cell); a month of
    activities on a large community is 1,600 cells.  The fonts are set on every run,
    East-Asian included, as in the rest of the document.
    """
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from shequ.common.xlsx import _BAD_XML

    def run(text: str, font: str, bold: bool) -> str:
        safe = escape(_BAD_XML.sub("", text))
        return (f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
                f'{"<w:b/>" if bold else ""}<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>'
                f'<w:t xml:space="preserve">{safe}</w:t></w:r>')

    def row(values: list[Any], font: str, bold: bool = False) -> str:
        cells = "".join('<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr><w:p><w:pPr>'
                        '<w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="auto"/></w:pPr>'
                        f"{run(_cell(v), font, bold)}</w:p></w:tc>" for v in values)
        return f"<w:tr>{cells}</w:tr>"

    body = "".join(row(list(r), fonts["body"]) for r in t.rows)
    total = row(list(t.total), fonts["body"], bold=True) if t.total else ""
    xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
           '<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>' + "<w:gridCol/>" * len(t.columns) + "</w:tblGrid>"
           + row(t.columns, fonts["heading"]) + body + total + "</w:tbl>")
    return parse_xml(xml)


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
