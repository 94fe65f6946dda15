"""The hand-in sheet of a checklist run, as xlsx or docx."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from shequ.checklists.templates import ITEM_STATES
from shequ.errors import UsageError
from shequ.common.output import write_file


def _rows(r: Any) -> list[list[Any]]:
    rows = []
    for n, i in enumerate(r.items, start=1):
        score: Any = ""
        if i.weight is not None:  # numbers, so that a spreadsheet adds them up
            score = _num(i.weight) if i.state in ("met", "ticked", "override") else ("—" if i.state == "na" else 0)
        rows.append([n, i.text, "" if i.weight is None else _num(i.weight), ITEM_STATES[i.state], score,
                     "；".join(i.evidence), i.why if i.auto or i.state in ("na", "override") else i.note])
    return rows


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


HEADERS = ["序号", "标准/项目", "分值", "状态", "得分", "佐证材料", "依据/说明"]


def export_run(path: str | os.PathLike[str], r: Any, *, unit_name: str = "") -> None:
    ext = Path(path).suffix.lower()
    title = f"{unit_name}{r.title}（{r.period}{'，' + r.unit if r.unit else ''}）"
    total = f"合计得分：{r.score:g} / {r.total:g}" + (f"，等级：{r.level}" if r.level else "") if r.score is not None else ""
    if ext == ".xlsx":
        from shequ.common.xlsx import Sheet, write_xlsx

        rows = _rows(r)
        if total:
            rows.append(["", total, "", "", _num(r.score), "", ""])
        for ins in r.inspections:
            rows.append(["", f"检查 {ins['date']} {ins.get('inspector', '')}".rstrip(), "", ins.get("result", ""), "", "", ins.get("findings", "")])
        write_file(path, write_xlsx([Sheet(r.title, HEADERS, rows, title=title)]))
    elif ext == ".docx":
        write_file(path, _docx(title, r, total))
    else:
        raise UsageError(f"清单只能导出为 .xlsx 或 .docx：{path}")


def _docx(title: str, r: Any, total: str) -> bytes:
    from shequ.reports.build import Report, Table
    from shequ.models import ReportSection
    from shequ.reports.render_docx import render_docx

    rows = _rows(r)
    paragraphs = [total] if total else []
    paragraphs += [f"检查：{i['date']} {i.get('inspector', '')} {i.get('result', '')} {i.get('findings', '')}".rstrip()
                   for i in r.inspections]
    section = ReportSection(title="清单", order=0, paragraphs=paragraphs, tables=[Table("清单", HEADERS, rows)])
    report = Report(title, "", "checklist", r.period, r.period, [section], [], None)
    return render_docx(report, {"title": "黑体", "heading": "黑体", "body": "仿宋"})
