"""Bar charts for reports: inline SVG for html, PNG pictures for docx, bars in the terminal.

Chosen by measurement (docs/decisions/0002-charts.md): no charting library.  A report's
charts are horizontal bars, plain or stacked, with an optional reference line — a few
rectangles — so the SVG is written by hand and the docx pictures are PNGs made here with
``zlib``; every text (labels, values, legend) stays text in the document, in the report's
fonts, never pixels.  Nothing here is imported until a chart is drawn.

A chart (:class:`shequ.models.Chart`) belongs to a section and is drawn right after the
table whose title it names, so its figures are always beside it; a chart naming no table
of its section is drawn with a table of its own figures (:func:`figures_table`).
"""

from __future__ import annotations

from typing import Any

#: Series colours: distinguishable, print well in grey, and not red/green only.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
MARK_COLOUR = "#333333"


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def totals(chart: Any) -> list[float]:
    return [sum(v for v in row if v > 0) for row in chart.values]


def top(chart: Any) -> float:
    """The value at the right end of the axis: the longest bar or the mark, whichever is more."""
    return max([*totals(chart), chart.mark or 0.0, 0.0]) or 1.0


def value_text(chart: Any, value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return f"{text}{chart.unit}" if chart.unit == "%" else f"{text}"


def figures_table(chart: Any) -> Any:
    """A chart's own figures as a :class:`shequ.models.Table` (for a chart without one)."""
    from shequ.models import Table

    multi = len(chart.series) > 1
    cols = ["项目", *chart.series, *(["合计"] if multi else [])]
    rows = [[lab, *(value_text(chart, v) for v in row), *([value_text(chart, sum(row))] if multi else [])]
            for lab, row in zip(chart.labels, chart.values)]
    return Table(chart.title, cols, rows)
