"""Evidence (佐证材料) kept in the home: listing it for a period and handing it in with the 台账.

``calendar done --evidence 签到表.jpg`` and ``checklist tick --evidence 照片.jpg`` copy the file
into ``files/<hash>-<name>`` with their transaction (:func:`shequ.calendar.events.keep_file`);
this module finds every kept file a period's activities and checklist runs refer to.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from shequ.cli.options import app, output_options, say


def evidence_rows(home_path: Path, session: Any, span: Any) -> list[dict[str, Any]]:
    """One row per evidence file of the period's activities and checklist runs (a path recorded
    before files were kept in the home is listed too, marked if it is gone)."""
    from shequ.calendar.events import all_events, evidence_name, in_period

    rows = []
    for eid, ev in sorted(all_events(session).items(), key=lambda kv: (kv[1]["date"], int(kv[0]))):
        if in_period(ev, span):
            for kept in ev.get("evidence", []):
                rows.append(_row(home_path, kept, evidence_name(kept), ev["date"], f"活动 #{eid} {ev.get('title', '')}"))
    runs = session.view("checklists").get("runs", {})
    for rid, run in sorted(runs.items(), key=lambda kv: int(kv[0])):
        if not _overlaps(run.get("period", ""), span):
            continue
        for item_id, mark in sorted((run.get("items") or {}).items()):
            for ev in mark.get("evidence", []):
                if ev.get("kind") == "file":
                    rows.append(_row(home_path, ev["ref"], ev.get("label") or Path(ev["ref"]).name,
                                     (mark.get("at") or "")[:10], f"清单 #{rid} {run.get('template', '')} {item_id}"))
    return rows


def _overlaps(period: str, span: Any) -> bool:
    from shequ.errors import ShequError
    from shequ.periods import parse_period

    try:
        p = parse_period(period)
    except ShequError:
        return False
    return p.start <= span.end and span.start <= p.end


def _row(home_path: Path, kept: str, name: str, day: str, of: str) -> dict[str, Any]:
    path = home_path / kept if not os.path.isabs(kept) else Path(kept)
    size = path.stat().st_size if path.is_file() else None
    return {"date": day, "of": of, "name": name, "size": size, "file": kept, "kept": kept.startswith("files/"),
            "missing": size is None}


@click.command(name="evidence")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年）")
@click.option("--export", "target", metavar="DIR", help="把这些佐证材料复制到 DIR（按 日期-活动 分文件夹），随台账上交")
@output_options
def evidence_cmd(period: str | None, target: str | None, out: Any) -> None:
    """列出一个期间的佐证材料（活动和清单所附的照片、签到表……），或导出随台账上交。

    \b
    例：
      shequ calendar evidence -p 2025
      shequ calendar evidence -p 2025-H1 --export 台账佐证/
    """
    from shequ.common.output import Column
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period or "this-year", today=a.today)
    with a.home.read() as session:
        rows = evidence_rows(a.home.path, session, span)
    if target:
        copied = export_evidence(a.home.path, rows, Path(target))
        say(f"已把{span.title}的 {copied} 个佐证材料复制到 {target}")
        missing = [r for r in rows if r["missing"]]
        if missing:
            say(f"提示：{len(missing)} 个佐证材料找不到（登记时记的是原文件路径）：{'、'.join(r['name'] for r in missing[:5])}")
        return
    out.rows(rows, [Column("date", "日期"), Column("of", "所属"), Column("name", "文件"), Column("size", "字节"),
                    Column("file", "位置")])


def export_evidence(home_path: Path, rows: list[dict[str, Any]], target: Path) -> int:
    """Copy each file into ``target/<日期> <所属>/<name>`` (owner-only: evidence may show people)."""
    from shequ.common.output import write_file

    count = 0
    for r in rows:
        if r["missing"]:
            continue
        folder = target / _safe(f"{r['date']} {r['of']}")
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        source = home_path / r["file"] if r["kept"] else Path(r["file"])
        write_file(folder / _safe(r["name"]), source.read_bytes())
        count += 1
    return count


def _safe(name: str) -> str:
    return "".join("_" if ch in '/\\:*?"<>|' or not ch.isprintable() else ch for ch in name).strip(" .")[:120] or "_"
