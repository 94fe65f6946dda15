"""A chart as inline SVG for the html report: text stays text (selectable, in the page's fonts)."""

from __future__ import annotations

from typing import Any

from shequ.charts import MARK_COLOUR, colour, top, totals, value_text

WIDTH = 640
LABEL_W = 150
VALUE_W = 70
ROW_H = 24
BAR_H = 15
FONT = '"黑体","SimHei","Noto Sans CJK SC","Microsoft YaHei",sans-serif'


def _width(text: str) -> float:
    """Rough width in px at 12px: CJK characters are square, the rest about half."""
    return sum(12 if ord(ch) > 0x2E80 else 6.6 for ch in text)


def _fit(text: str, room: float) -> str:
    while text and _width(text) > room:
        text = text[:-2] + "…" if len(text) > 2 else text[:-1]
    return text


def svg(chart: Any) -> str:
    """The chart as one ``<svg>`` element (no XML declaration: it sits inside the html)."""
    from html import escape

    e = escape
    legend = len(chart.series) > 1
    places, x, line = [], 0.0, 0  # the legend wraps onto as many lines as it needs
    for name in chart.series if legend else ():
        if x and x + 16 + _width(name) > WIDTH:
            x, line = 0.0, line + 1
        places.append((x, 28 + 20 * line))
        x += 28 + _width(name)
    head = 26 + (22 + 20 * line if legend else 0)
    height = head + ROW_H * max(1, len(chart.labels)) + 12
    area = WIDTH - LABEL_W - VALUE_W
    scale = area / top(chart)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
           f'width="100%" style="max-width:{WIDTH}px" font-family=\'{FONT}\' font-size="12">',
           f"<title>{e(chart.title)}</title>",
           f'<text x="0" y="16" font-size="14">{e(chart.title)}</text>']
    for j, (name, (x, y)) in enumerate(zip(chart.series, places)):
        out.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{colour(j)}"/>'
                   f'<text x="{x + 16:.1f}" y="{y + 10}">{e(name)}</text>')
    for i, (lab, row, tot) in enumerate(zip(chart.labels, chart.values, totals(chart))):
        y = head + i * ROW_H
        out.append(f'<text x="{LABEL_W - 6}" y="{y + BAR_H - 3}" text-anchor="end">{e(_fit(str(lab), LABEL_W - 8))}</text>')
        x = float(LABEL_W)
        for j, v in enumerate(row):
            if v <= 0:
                continue
            w = v * scale
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="{colour(j)}">'
                       f"<title>{e(str(lab))} {e(chart.series[j])}：{e(value_text(chart, v))}</title></rect>")
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + BAR_H - 3}">{e(value_text(chart, tot))}</text>')
    if chart.mark is not None:
        mx = LABEL_W + chart.mark * scale
        bottom = head + ROW_H * len(chart.labels)
        out.append(f'<line x1="{mx:.1f}" y1="{head - 4}" x2="{mx:.1f}" y2="{bottom}" stroke="{MARK_COLOUR}" '
                   f'stroke-dasharray="4 3"/><text x="{mx:.1f}" y="{bottom + 11}" text-anchor="middle" font-size="10">'
                   f"{e(value_text(chart, chart.mark))}</text>")
    out.append(f'<line x1="{LABEL_W}" y1="{head - 4}" x2="{LABEL_W}" y2="{head + ROW_H * len(chart.labels)}" stroke="#000"/>')
    out.append("</svg>")
    return "".join(out)
