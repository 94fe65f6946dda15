"""Terminal views: the month grid."""

from __future__ import annotations

from typing import Any

CELL = 10  # display columns per day


def _width(text: str) -> int:
    from shequ.common.output import display_width

    return display_width(text)


def _fit(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if _width(out + ch) > width:
            break
        out += ch
    return out + " " * (width - _width(out))


def month_grid(span: Any, days: list[dict[str, Any]]) -> str:
    """A Monday-first month grid: 休 on rest days of holidays, 班 on 调休 workdays, festivals, ●N events."""
    title = span.title
    total = CELL * 7
    lines = [" " * max((total - _width(title)) // 2, 0) + title]
    lines.append("".join(_fit(f"  {w}", CELL) for w in "一二三四五六日"))
    first_wd = span.start.weekday()
    cells: list[tuple[str, str]] = [("", "")] * first_wd
    for d in days:
        num = int(d["date"][8:10])
        mark = {"节假日": "休", "调休上班": "班"}.get(d["kind"], "")
        events = f"●{d['events']}" if d["events"] else ""
        top = f"{num:>2}{mark}{' ' if mark else ''}{events}"
        bottom = d["festivals"][0] if d["festivals"] else (d["holiday"].split("、")[0] if d["kind"] == "节假日" else "")
        cells.append((top, bottom))
    while len(cells) % 7:
        cells.append(("", ""))
    for i in range(0, len(cells), 7):
        week = cells[i : i + 7]
        lines.append("".join(_fit(t, CELL) for t, _ in week).rstrip())
        lines.append("".join(_fit(" " + b if b else "", CELL) for _, b in week).rstrip())
    lines.append("休 = 法定节假日  班 = 调休上班  ●N = 当天活动数")
    return "\n".join(lines)
