"""A chart as bars in the terminal (rich), up to 40 cells long."""

from __future__ import annotations

from typing import Any

from shequ.charts import colour, top, totals, value_text

CELLS = 40


def term_chart(chart: Any) -> Any:
    """A rich renderable: title, legend (stacked bars), one bar per label with its value."""
    from rich.cells import cell_len
    from rich.text import Text

    out = Text()
    out.append(f"图：{chart.title}\n", style="bold")
    if len(chart.series) > 1:
        for j, name in enumerate(chart.series):
            out.append("■ ", style=colour(j))
            out.append(f"{name}  ")
        out.append("\n")
    width = max((cell_len(str(lab)) for lab in chart.labels), default=0)
    scale = CELLS / top(chart)
    mark = None if chart.mark is None else round(chart.mark * scale)
    for lab, values, tot in zip(chart.labels, chart.values, totals(chart)):
        out.append(" " * (width - cell_len(str(lab))) + str(lab) + " │")
        used, x = 0, 0.0
        for j, v in enumerate(values):
            if v <= 0:
                continue
            x += v * scale
            n = max(1, round(x) - used)
            out.append("█" * n, style=colour(j))
            used += n
        if mark is not None and used < mark:
            out.append(" " * (mark - used) + "┆")
            used = mark + 1
        out.append(f" {value_text(chart, tot)}\n")
    if chart.mark is not None:
        out.append(" " * (width + 2) + f"（┆ 为 {value_text(chart, chart.mark)}）\n")
    return out
