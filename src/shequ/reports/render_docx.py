"""docx reports in the layout of GB/T 9704-2012 (党政机关公文格式), checked by rendering them in LibreOffice.

- A4; margins 37 / 35 / 28 / 26 mm, a 版心 of 156 × 225 mm.
- 22 lines a page: a line grid (``w:docGrid w:type="lines"``, pitch 225 mm / 22 = 579 twips),
  single line spacing snapped to it, and no space before or after any paragraph (python-docx's
  default template adds 10 pt after every paragraph and 24 pt before headings: 20 lines a page).
- 28 characters a line: 28 三号 (16 pt) characters are 158 mm, 2 mm more than the 版心, so the
  standard's characters stand 15.79 pt apart.  Body text is condensed by 0.25 pt
  (``w:spacing w:val="-5"``: 15.75 pt).  A character grid (``linesAndChars`` with a negative
  ``w:charSpace``) squeezes them in Word, but LibreOffice never puts a character in a cell
  narrower than the font: it gives each two cells, 14 a line.  Condensing is the same in all three.
- Page numbers ``— 1 —`` in 4号 (14 pt) 半角宋体, a PAGE field in the footer: odd pages on the
  right and even pages on the left, one character in (单页码居右空一字、双页码居左空一字, GB/T 9704
  7.5, for 双面印刷), about 7 mm under the 版心.
- Title 二号 centred, exactly one line of the grid (LibreOffice gives its tall CJK line two), with a
  blank line under it; headings 黑体 三号; body 仿宋 三号, 两端对齐,
  indented two characters.  Fonts are set for Latin and East-Asian text with theme fonts removed
  (Word and WPS show the theme's otherwise); the names are settings as many offices lack 方正 fonts.
- Tables (小四, off the grid): the header row repeats on every page (``w:tblHeader``), no row
  splits across pages (``w:cantSplit``), the caption and the header row keep with what follows so
  neither is left alone at the foot of a page; widths follow the contents (dates, names and
  figures on one line; long text wraps), figures to the right.

The same report gives the same bytes (fixed core properties and zip timestamps).
"""

from __future__ import annotations

import io
from typing import Any

from shequ.common.docx_fonts import THEME as _THEME, set_fonts
from shequ.reports.build import Report

LINES, CHARS = 22, 28
CONDENSE = -5  # twentieths of a point: 16 pt - 0.25 pt = 15.75 pt, 28 of them in 156 mm
PAGE_FONT = "宋体"
TABLE_SIZE = 24  # half-points: 小四
_RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                      "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                      "w:specVanish", "w:oMath")
_PPR_AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                   "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                   "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _no_spacing(spacing: Any) -> None:
    """No space before or after; single spacing, which the line grid makes 1/22 of the 版心."""
    from docx.oxml.ns import qn

    spacing.attrib.clear()
    for attr, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")):
        spacing.set(qn(attr), value)


def _styles(doc: Any, fonts: dict[str, str]) -> None:
    """Fonts, sizes and spacing of the document defaults and every paragraph style (template's too)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    root = doc.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = root.makeelement(qn("w:docDefaults"), {})
        root.insert(0, defaults)
    for path in ("w:rPrDefault", "w:pPrDefault"):
        if defaults.find(qn(path)) is None:
            defaults.append(defaults.makeelement(qn(path), {}))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default.find(qn("w:rPr")) is None:
        rpr_default.append(rpr_default.makeelement(qn("w:rPr"), {}))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = ppr_default.makeelement(qn("w:pPr"), {})
        ppr_default.append(ppr)
    if ppr.find(qn("w:spacing")) is None:
        ppr.append(ppr.makeelement(qn("w:spacing"), {}))
    lang = rpr_default.find(qn("w:rPr")).find(qn("w:lang"))
    if lang is not None:  # Chinese line breaking (标点禁则) and font fallback
        lang.set(qn("w:eastAsia"), "zh-CN")
    for el in [defaults, *root.findall(qn("w:style"))]:
        sid = el.get(qn("w:styleId")) or ""
        name = fonts["heading"] if sid.startswith(("Heading", "Title", "Subtitle")) else fonts["body"]
        for rfonts in el.iter(qn("w:rFonts")):
            themed = any(rfonts.get(qn(a)) for a in _THEME)
            for attr in _THEME:
                rfonts.attrib.pop(qn(attr), None)
            if themed or sid == "":
                for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
                    rfonts.set(qn(attr), name)
        if el is defaults or el.get(qn("w:type")) == "paragraph":
            for spacing in el.iter(qn("w:spacing")):
                if spacing.getparent().tag == qn("w:pPr"):
                    _no_spacing(spacing)
    for sz in rpr_default.iter(qn("w:sz")):
        sz.set(qn("w:val"), "32")
    normal = doc.styles["Normal"]
    set_fonts(normal, fonts["body"], 16)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _no_spacing(normal.element.get_or_add_pPr().get_or_add_spacing())
    rpr = normal.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    rpr.insert_element_before(rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(CONDENSE)}), *_RPR_AFTER_SPACING)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _page(doc: Any, numbers: bool) -> None:
    """A4, the 版心, the line grid and, unless a template brings its own footer, page numbers."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(22)
        sect = section._sectPr
        grid = sect.find(qn("w:docGrid"))
        if grid is None:
            grid = sect.makeelement(qn("w:docGrid"), {})
            sect.append(grid)
        grid.attrib.clear()
        height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(height // LINES))
        if numbers and section.footer.is_linked_to_previous and section.even_page_footer.is_linked_to_previous:
            _page_number(section.footer, odd=True)
            _page_number(section.even_page_footer, odd=False)
            doc.settings.odd_and_even_pages_header_footer = True


def _page_number(footer: Any, odd: bool) -> None:
    """``— N —`` with a PAGE field: odd pages right, even pages left, one character (4号) in."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    font = PAGE_FONT

    def run(inner: str) -> str:
        return (f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" '
                f'w:hint="eastAsia"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>{inner}</w:r>')

    side = "right" if odd else "left"
    xml = (f'<w:p {nsdecls("w")}><w:pPr><w:snapToGrid w:val="0"/>'
           '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
           f'<w:ind w:{side}="280"/><w:jc w:val="{side}"/></w:pPr>'
           + run('<w:t xml:space="preserve">— </w:t>') + run('<w:fldChar w:fldCharType="begin"/>')
           + run('<w:instrText xml:space="preserve"> PAGE </w:instrText>') + run('<w:fldChar w:fldCharType="separate"/>')
           + run("<w:t>1</w:t>") + run('<w:fldChar w:fldCharType="end"/>') + run('<w:t xml:space="preserve"> —</w:t>')
           + "</w:p>")
    body = footer._element
    for p in list(body):
        body.remove(p)
    body.append(parse_xml(xml))


def _one_line(paragraph: Any, doc: Any) -> None:
    """Exactly one line of the grid for a paragraph in a larger font (the 二号 title), which a
    renderer whose CJK font is tall (LibreOffice with Noto) would otherwise give two."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Twips

    s = doc.sections[0]
    paragraph.paragraph_format.line_spacing = Twips((s.page_height.twips - s.top_margin.twips - s.bottom_margin.twips) // LINES)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _keep_with_next(paragraph: Any) -> None:
    paragraph.paragraph_format.keep_with_next = True


def _off_grid(paragraph: Any) -> None:
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(ppr.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"}), *_PPR_AFTER_SNAP)


def render_docx(r: Report, fonts: dict[str, str], template: str | None = None, stamp: bool = False) -> bytes:
    from datetime import datetime

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from shequ.reports.render import drawn, heading

    doc = Document(template) if template else Document()
    _page(doc, numbers=True)
    _styles(doc, fonts)
    width = doc.sections[0].page_width.twips - doc.sections[0].left_margin.twips - doc.sections[0].right_margin.twips
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(title.add_run(r.title), fonts["title"], 22)
    _keep_with_next(title)
    _one_line(title, doc)
    _off_grid(title)
    if r.stamp and stamp:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_fonts(p.add_run(f"生成时间：{r.stamp}"), fonts["body"], 12)
    for note in r.notes:
        set_fonts(doc.add_paragraph().add_run(f"注意：{note}"), fonts["heading"], 16, bold=True)
    _keep_with_next(doc.add_paragraph())  # 标题下空一行
    for i, s in enumerate(r.sections):
        h = doc.add_paragraph(style="Heading 1")
        set_fonts(h.style, fonts["heading"], 16, bold=False)
        h.style.font.color.rgb = None
        set_fonts(h.add_run(heading(i, s.title)), fonts["heading"], 16, bold=False)
        _keep_with_next(h)
        for text in s.paragraphs:
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
            set_fonts(p.add_run(text), fonts["body"], 16)
        for t, charts in drawn(s):
            if not t.rows:
                continue
            cap = doc.add_paragraph()
            set_fonts(cap.add_run(t.title), fonts["heading"], 12)
            _keep_with_next(cap)  # a caption is never the last line of a page
            placeholder = doc.add_table(rows=0, cols=len(t.columns))
            placeholder.style = "Table Grid"
            placeholder._tbl.getparent().replace(placeholder._tbl, _table_xml(t, fonts, width))
            if charts:  # beside the table of its figures; shequ.charts loads only here
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
    from shequ.reports.render import normalize_zip

    return normalize_zip(buf.getvalue())


def render_docx_with(r: Report, fonts: dict[str, str], template: str | None, stamp: bool = False) -> bytes:
    """:func:`render_docx` on an office's own template (``--template``), checked first: a .doc, a
    renamed file, a broken zip or a template without the styles a report uses is one line."""
    if not template:
        return render_docx(r, fonts, stamp=stamp)
    from docx import Document

    from shequ.common.tabular import input_file
    from shequ.errors import DataError

    input_file(template, "模板文件")
    try:
        Document(template)
    except Exception as exc:  # python-docx raises a different error for each way a file is not a docx
        raise DataError(f"模板不是有效的 docx 文件：{template}（{type(exc).__name__}；请在 Word/WPS 中另存为 .docx）") from None
    try:
        return render_docx(r, fonts, template=template, stamp=stamp)
    except KeyError as exc:  # python-docx: "no style with name 'Heading 1'"
        import re

        style = re.search(r"'([^']+)'", str(exc))
        raise DataError(f"docx 模板缺少报告要用的样式“{style[1] if style else exc}”：{template}"
                        f"（请在 Word/WPS 中另存一个含“标题 1”和表格样式的模板）") from None


def _numeric(v: Any) -> bool:
    from decimal import Decimal

    from shequ.common.xlsx import as_money

    return (isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)) or as_money(v) is not None


def _twips(text: str) -> int:
    """Width of *text* in 小四 (12 pt): 240 twips a CJK character, 144 (0.6 em, generous) any other."""
    return sum(240 if ord(ch) > 0x2E80 else 144 for ch in text)


def column_widths(t: Any, total: int) -> list[int]:
    """Widths in twips that add up to *total*: columns of short values (dates, names, figures, up to
    six characters) get what they need on one line; the others share the rest evenly, a column
    that needs less than its share giving the difference to the others (so a 地点 of eight
    characters is not squeezed to one by a long 小结), and their text wraps."""
    from shequ.reports.render import _cell

    n = len(t.columns)
    rows = [t.columns, *t.rows[:500], *([t.total] if t.total else [])]
    need = [max([_twips(_cell(r[i])) for r in rows if i < len(r)] + [480]) for i in range(n)]
    natural = [w + 216 + 72 for w in need]  # + the cell's margins and a little air
    if sum(natural) <= total:
        widths = [w * total // sum(natural) for w in natural]
    else:
        widths = list(natural)
        longs = sorted((i for i in range(n) if need[i] > 1500), key=lambda i: natural[i])
        rest = total - sum(natural[i] for i in range(n) if i not in longs)
        if longs and rest >= len(longs) * (4 * 240 + 216):
            for k, i in enumerate(longs):  # water-filling, narrowest first
                widths[i] = min(natural[i], rest // (len(longs) - k))
                rest -= widths[i]
        else:
            widths = [w * total // sum(natural) for w in natural]
    widths[-1] += total - sum(widths)
    return widths


def _table_xml(t: Any, fonts: dict[str, str], total: int) -> Any:
    """A whole table as one XML string, parsed once.

    python-docx builds tables a cell object at a time (~0.5 ms a cell); a month of
    activities on a large community is 1,600 cells.  The fonts are set on every run,
    East-Asian included, as in the rest of the document.
    """
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from shequ.common.xlsx import _BAD_XML
    from shequ.reports.render import _cell

    widths = column_widths(t, total)
    right = [all(_numeric(r[i]) for r in t.rows if i < len(r) and r[i] not in (None, "")) and
             any(i < len(r) and r[i] not in (None, "") for r in t.rows) for i in range(len(t.columns))]

    def run(text: str, font: str, bold: bool) -> str:
        safe = escape(_BAD_XML.sub("", text))
        return (f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
                f'{"<w:b/>" if bold else ""}<w:spacing w:val="0"/><w:sz w:val="{TABLE_SIZE}"/>'
                f'<w:szCs w:val="{TABLE_SIZE}"/></w:rPr><w:t xml:space="preserve">{safe}</w:t></w:r>')

    def row(values: list[Any], font: str, bold: bool = False, header: bool = False) -> str:
        cells = []
        for i, v in enumerate(values):
            jc = "center" if header else ("right" if i < len(right) and right[i] else "left")
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[i] if i < len(widths) else 0}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>'
                         + ("<w:keepNext/>" if header else "")
                         + '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="auto"/>'
                         f'<w:ind w:firstLine="0"/><w:jc w:val="{jc}"/></w:pPr>{run(_cell(v), font, bold)}</w:p></w:tc>')
        trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
        return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"

    body = "".join(row(list(r), fonts["body"]) for r in t.rows)
    total_row = row(list(t.total), fonts["body"], bold=True) if t.total else ""
    xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{total}" w:type="dxa"/>'
           '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
           + row(t.columns, fonts["heading"], header=True) + body + total_row + "</w:tbl>")
    return parse_xml(xml)
