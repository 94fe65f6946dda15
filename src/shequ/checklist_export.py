"""The hand-in sheet of a checklist run, as xlsx or docx."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .checklists import ITEM_STATES
from .errors import UsageError
from .output import write_file


def _rows(r: Any) -> list[list[Any]]:
    rows = []
    for n, i in enumerate(r.items, start=1):
        score = ""
        if i.weight is not None:
            score = f"{i.weight:g}" if i.state in ("met", "ticked", "override") else ("—" if i.state == "na" else "0")
        rows.append([n, i.text, "" if i.weight is None else f"{i.weight:g}", ITEM_STATES[i.state], score,
                     "；".join(i.evidence), i.why if i.auto or i.state in ("na", "override") else i.note])
    return rows


HEADERS = ["序号", "标准/项目", "分值", "状态", "得分", "佐证材料", "依据/说明"]


def export_run(path: str | os.PathLike[str], r: Any, *, unit_name: str = "") -> None:
    ext = Path(path).suffix.lower()
    title = f"{unit_name}{r.title}（{r.period}{'，' + r.unit if r.unit else ''}）"
    total = f"合计得分：{r.score:g} / {r.total:g}" + (f"，等级：{r.level}" if r.level else "") if r.score is not None else ""
    if ext == ".xlsx":
        from .xlsx import Sheet, write_xlsx

        rows = _rows(r)
        if total:
            rows.append(["", total, "", "", f"{r.score:g}", "", ""])
        for ins in r.inspections:
            rows.append(["", f"检查 {ins['date']} {ins.get('inspector', '')}", "", ins.get("result", ""), "", "", ins.get("findings", "")])
        write_file(path, write_xlsx([Sheet(r.title, HEADERS, rows, title=title, widths=(6, 36, 8, 14, 8, 30, 40))]))
    elif ext == ".docx":
        write_file(path, _docx(title, r, total))
    else:
        raise UsageError(f"清单只能导出为 .xlsx 或 .docx：{path}")


def _docx(title: str, r: Any, total: str) -> bytes:
    import io

    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")  # without this Word shows CJK in the theme font
    heading = doc.add_paragraph()
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(16)
    run.font.name = "黑体"
    run.element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")
    heading.alignment = 1
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS):
        cell.text = text
    for values in _rows(r):
        cells = table.add_row().cells
        for cell, v in zip(cells, values):
            cell.text = str(v)
    if total:
        doc.add_paragraph(total)
    for ins in r.inspections:
        doc.add_paragraph(f"检查：{ins['date']} {ins.get('inspector', '')} {ins.get('result', '')} {ins.get('findings', '')}".rstrip())
    doc.core_properties.author = "shequ"
    from datetime import datetime

    doc.core_properties.created = doc.core_properties.modified = datetime(2000, 1, 1)  # same data, same file
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
