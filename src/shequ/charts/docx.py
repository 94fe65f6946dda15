"""A chart in a Word document, sized for A4 (156 mm of text width under GB/T 9704's margins).

A caption, a legend of colour squares when the bars are stacked, then a borderless table:
the label (35 mm), a picture of the bar (95 mm, :mod:`shequ.charts.png`) and the value
(26 mm).  Labels, values and legend are text in the report's fonts, so Word and WPS show
them as the rest of the report, and a reader can copy them.
"""

from __future__ import annotations

import io
from typing import Any

from shequ.charts import colour, top, totals, value_text

LABEL_MM, BAR_MM, VALUE_MM = 35, 95, 26


def _run(paragraph: Any, text: str, font: str, size: float, bold: bool = False) -> Any:
    """A run of *text* in *font* (Latin and East-Asian), as the report's own text is set."""
    from shequ.common.docx_fonts import set_fonts

    run = paragraph.add_run(text)
    set_fonts(run, font, size, bold)
    return run


def _tight(paragraph: Any) -> None:
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.first_line_indent = Pt(0)
    fmt.keep_with_next = True  # the caption and legend stay with their bars


def add_chart(doc: Any, chart: Any, fonts: dict[str, str]) -> None:
    """Append *chart* to *doc* (a python-docx ``Document``).

    The table of bars is written as one XML string (as the report's tables are): python-docx's
    ``add_picture`` looks for a free id over the whole document for every picture, which made a
    50-community roll-up spend seconds on its charts.  Pictures are shared by bars of the same
    length (one image part each), and their ids count on from the document's next free one.
    """
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm

    from shequ.charts.png import bar, swatch

    cap = doc.add_paragraph()
    _tight(cap)
    _run(cap, f"图：{chart.title}", fonts["heading"], 12)
    if len(chart.series) > 1:
        legend = doc.add_paragraph()
        _tight(legend)
        for j, name in enumerate(chart.series):
            legend.add_run().add_picture(io.BytesIO(swatch(colour(j))), width=Mm(3), height=Mm(3))
            _run(legend, f" {name}　", fonts["body"], 10.5)
    scale = top(chart)
    ids = [doc.part.next_id]
    images: dict[tuple[Any, ...], str] = {}

    def picture(values: list[float]) -> str:
        key = tuple(values)
        if key not in images:
            png = bar([(v, colour(j)) for j, v in enumerate(values)], scale, chart.mark)
            images[key] = doc.part.get_or_add_image(io.BytesIO(png))[0]
        n = ids[0]
        ids[0] += 1
        cx, cy = Mm(BAR_MM), Mm(4)
        return (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
                f'<wp:docPr id="{n}" name="图 {n}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
                '</wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
                f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="bar{n}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
                f'<pic:blipFill><a:blip r:embed="{images[key]}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
                f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
                "<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")

    def text(value: Any, align: str) -> str:
        font = fonts["body"]
        return (f'<w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" '
                f'w:eastAsia="{font}" w:cs="{font}"/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>'
                f'<w:t xml:space="preserve">{escape(str(value))}</w:t></w:r>')

    widths = [int(Mm(w).twips) for w in (LABEL_MM, BAR_MM, VALUE_MM)]

    def cell(width: int, body: str) -> str:
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>{body}</w:p></w:tc>'

    bare = ('<w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:ind w:firstLine="0"/></w:pPr>')
    rows = "".join(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell(widths[0], text(lab, 'right'))}{cell(widths[1], bare + picture(values))}"
                   f"{cell(widths[2], text(value_text(chart, tot), 'left'))}</w:tr>"
                   for lab, values, tot in zip(chart.labels, chart.values, totals(chart)))
    xml = (f'<w:tbl {nsdecls("w", "wp", "a", "pic", "r")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
           '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + f"</w:tblGrid>{rows}</w:tbl>")
    body = doc.element.body
    end = body.find(qn("w:sectPr"))
    table = parse_xml(xml)
    if end is not None:
        end.addprevious(table)
    else:
        body.append(table)
    if chart.mark is not None:
        note = doc.add_paragraph()
        _tight(note)
        note.paragraph_format.keep_with_next = False
        _run(note, f"（虚线为 {value_text(chart, chart.mark)}）", fonts["body"], 10.5)
