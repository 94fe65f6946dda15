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
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    rfonts = run.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    return run


def _tight(paragraph: Any) -> None:
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.first_line_indent = Pt(0)


def add_chart(doc: Any, chart: Any, fonts: dict[str, str]) -> None:
    """Append *chart* to *doc* (a python-docx ``Document``)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
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
    table = doc.add_table(rows=len(chart.labels), cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = (Mm(LABEL_MM), Mm(BAR_MM), Mm(VALUE_MM))
    for column, w in zip(table.columns, widths):  # the grid: LibreOffice and WPS go by it, Word by the cells
        column.width = w
    pictures: dict[tuple[Any, ...], bytes] = {}
    for row, lab, values, tot in zip(table.rows, chart.labels, chart.values, totals(chart)):
        cells = row.cells
        for cell, w in zip(cells, widths):
            cell.width = w
            _tight(cell.paragraphs[0])
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(cells[0].paragraphs[0], str(lab), fonts["body"], 10.5)
        key = tuple(values)
        if key not in pictures:
            pictures[key] = bar([(v, colour(j)) for j, v in enumerate(values)], scale, chart.mark)
        cells[1].paragraphs[0].add_run().add_picture(io.BytesIO(pictures[key]), width=Mm(BAR_MM), height=Mm(4))
        _run(cells[2].paragraphs[0], value_text(chart, tot), fonts["body"], 10.5)
    if chart.mark is not None:
        note = doc.add_paragraph()
        _tight(note)
        _run(note, f"（虚线为 {value_text(chart, chart.mark)}）", fonts["body"], 10.5)
