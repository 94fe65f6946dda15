"""Importing events: ICS files (idempotent by UID) and 活动台账 tables (CSV/xlsx/JSON).

Both can be imported again: an ICS event is matched by its UID, an occurrence of a series by
``UID/RECURRENCE-ID`` (and updated if it changed; reading the file is :mod:`shequ.calendar.ics_import`);
a table row by its UID column if it has one, else by 日期 + 开始时间 + 标题 (:func:`event_key`),
against every event in the home and the rows above it — a match is skipped and counted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from shequ.common.values import names
from shequ.errors import DataError, UsageError, ValidationError
from shequ.calendar.events import AREA, TABLE, add_event, all_events, build_event, by_uid
from shequ.records.records import refuse_rejected
from shequ.store import now_iso

if TYPE_CHECKING:  # pragma: no cover
    from shequ.context import PluginContext as RecordContext

HEADERS = {
    "标题": "title", "活动名称": "title", "名称": "title", "主题": "title", "title": "title",
    "日期": "date", "时间": "time", "开始时间": "time", "结束时间": "end_time", "date": "date", "time": "time",
    "条线": "domain", "部门": "domain", "domain": "domain", "类型": "type", "活动类型": "type", "type": "type",
    "地点": "place", "place": "place", "状态": "status", "status": "status",
    "参加人员": "attendees", "参与人员": "attendees", "人次": "count", "参与人次": "count", "count": "count",
    "小结": "summary", "summary": "summary", "职责": "duty", "duty": "duty", "UID": "uid", "uid": "uid",
}
STATUS_WORDS = {"计划": "planned", "已开展": "done", "已完成": "done", "已取消": "cancelled", "取消": "cancelled"}


class EventImport(NamedTuple):
    added: int
    updated: int
    unchanged: int
    rejected: list[tuple[int, dict[str, Any], str]]
    headers: list[str]
    duplicates: int = 0  # table rows already in the home (or earlier in the file): skipped
    note: str = ""  # how an .ics file's series were expanded


def event_key(ev: dict[str, Any]) -> tuple[str, str, str]:
    """How a 活动台账 row is recognised on a re-import: 日期 + 开始时间 + 标题 (spaces folded)."""
    return (str(ev.get("date") or ""), str(ev.get("time") or ""), " ".join(str(ev.get("title") or "").split()))


def import_events(ctx: RecordContext, path: str | os.PathLike[str], *, skip_invalid: bool = False,
                  period: Any = None) -> EventImport:
    from shequ.common.tabular import input_file

    p = input_file(path)
    if p.suffix.lower() == ".ics":
        return _import_ics(ctx, p, period)
    if period is not None:
        raise UsageError("--period 只用于 .ics 文件（重复活动的展开范围）")
    return _import_table(ctx, p, skip_invalid)


#: What an .ics file says about an event; the rest (attendance, 小结 recorded here …) stays.
_TIMING = ("date", "time", "end_time", "end_date")


def _import_ics(ctx: RecordContext, p: Path, period: Any) -> EventImport:
    """Events by UID: new ones added, changed ones updated.  The file's timing replaces the event's;
    its place, description and 条线 replace the event's where it has them.  An event recorded as held
    (or cancelled) here stays so whatever a phone says; an EXDATE occurrence still planned is
    cancelled."""
    from shequ.calendar.ics_import import read_ics

    got = read_ics(p.read_bytes(), p.name, today=ctx.today, period=period)
    known = by_uid(ctx.session)
    table = all_events(ctx.session)
    added = updated = unchanged = 0
    problems = []
    for item in got.events:
        raw = {"title": item.title, "date": item.date, "time": item.time, "end_time": item.end_time,
               "end_date": item.end_date, "place": item.place, "summary": item.summary, "status": item.status,
               "domain": item.domain}
        eid = known.get(item.uid)
        if eid is None and item.series in known and table[str(known[item.series])].get("date") == item.date:
            eid = known.pop(item.series)  # an older shequ imported a series as its first occurrence
        if eid is None:
            try:
                add_event(ctx, raw, uid=item.uid)
            except ValidationError as exc:
                problems += [f"{item.date} {item.title}：{m}" for m in exc.problems]
                continue
            added += 1
            continue
        old = table[str(eid)]
        base = {k: v for k, v in old.items() if not k.startswith("_") and k not in _TIMING}
        ev, more = build_event(ctx, {k: v for k, v in raw.items() if v is not None}, base=base)
        ev["uid"] = item.uid
        if old.get("status") == "done" or (old.get("status") == "cancelled" and item.status == "planned"):
            ev["status"] = old["status"]  # recorded here: outranks the phone's copy
        if more:
            problems += [f"{item.date} {item.title}：{m}" for m in more]
            continue
        if {k: v for k, v in old.items() if not k.startswith("_")} == ev:
            unchanged += 1
            continue
        ev["_created"], ev["_updated"] = old.get("_created"), now_iso()
        ctx.session.put(AREA, TABLE, eid, ev)
        updated += 1
    for uid in sorted(got.excluded):
        eid = known.get(uid)
        if eid is not None and table[str(eid)].get("status") == "planned":
            ctx.session.put(AREA, TABLE, eid, {**table[str(eid)], "status": "cancelled",
                                               "cancel_reason": f"日历文件 {p.name} 中已删除这一次", "_updated": now_iso()})
            updated += 1
    if problems:
        raise ValidationError(problems, subject=f"导入失败，未写入任何数据（{p.name}）")
    note = ""
    if got.window is not None:
        lo, hi = got.window
        note = (f"重复活动 {got.series} 个，展开为 {got.occurrences} 次（{lo.isoformat()}～{hi.isoformat()}"
                + ("" if period is not None else "；其他期间用 --period") + "）")
    return EventImport(added, updated, unchanged, [], [], note=note)


def _import_table(ctx: RecordContext, p: Path, skip_invalid: bool) -> EventImport:
    from shequ.common.tabular import read_table
    from shequ.common.values import parse_list

    table = read_table(p)
    # Columns of the event types' own fields (形式, 天数, 会议类型 …) go into ``fields``, mapped
    # with each row's own type (two types may both have a 主题 column).
    event_types = ctx.registry.of_kind("event")
    type_fields = {f.label: f.name for rt in event_types.values() for f in rt.fields if f.label}
    unknown = [h for h in table.headers
               if h not in HEADERS and h not in type_fields and h not in ("序号", "编号", "星期", "原因", "行号")]
    if unknown:
        usable = sorted(set(HEADERS) - set(HEADERS.values())) + sorted(type_fields)
        raise DataError(f"无法识别的列：{names(unknown)}（可用：{'、'.join(usable)}）")
    known = by_uid(ctx.session)
    keys = {event_key(ev) for ev in all_events(ctx.session).values()}
    rejected: list[tuple[int, dict[str, Any], str]] = []
    plans = []
    duplicates = 0
    for lineno, values in table.rows:
        raw: dict[str, Any] = {}
        for h, v in values.items():
            if str(v).strip() and h in HEADERS:
                raw[HEADERS[h]] = v
        row_type = event_types.get(str(raw.get("type") or "core.activity").strip())
        wrong = []
        for h, v in values.items():
            if not str(v).strip() or h in HEADERS or h not in type_fields:
                continue
            f = row_type.field(h) if row_type is not None else None
            if f is None:
                wrong.append(h)
            else:
                raw.setdefault("fields", {})[f.name] = v
        if "status" in raw:
            raw["status"] = STATUS_WORDS.get(str(raw["status"]).strip(), str(raw["status"]).strip())
        if "attendees" in raw:
            raw["attendees"] = parse_list(raw["attendees"])
        uid = str(raw.pop("uid", "") or "") or None
        if uid and uid in known:
            duplicates += 1  # already imported: re-importing a sheet is harmless
            continue
        # Validate with a throwaway id; the real write happens once every row passed.
        ev, problems = build_event(ctx, raw)
        key = event_key(ev)
        # Recognised before the other checks (as the ledger does): an event already here is not
        # "wrong" a second time.  A date, title or time that did not parse cannot match.
        if ev.get("date") and ev.get("title") and bool(raw.get("time")) == bool(ev.get("time")) and key in keys:
            duplicates += 1
            continue
        if wrong and row_type is not None:
            problems.append(f"活动类型 {row_type.title} 没有这些字段：{'、'.join(wrong)}")
        if raw.get("attendees") or raw.get("count") is not None:
            from shequ.calendar.events import _attendance

            problems += _attendance(ctx, ev, raw)
        if problems:
            rejected.append((lineno, values, "；".join(problems)))
        else:
            plans.append((raw, uid))
            keys.add(key)
    refuse_rejected(rejected, skip_invalid)
    for raw, uid in plans:
        add_event(ctx, raw, uid=uid)
    return EventImport(len(plans), 0, 0, rejected, table.headers, duplicates)
