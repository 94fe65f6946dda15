"""普法 use cases over shequ's public API."""

from __future__ import annotations

from datetime import date
from typing import Any

from shequ import DataError, NotFound

from .themes import DEFAULT


def themes(ctx: Any) -> dict[int, dict[str, Any]]:
    """month → {source, official, note, anchor, law}; the home's changes override the defaults."""
    out: dict[int, dict[str, Any]] = {}
    for m in range(1, 13):
        t = DEFAULT.get(m)
        out[m] = {"month": m, "source": t.source if t else "", "official": t.official if t else "",
                  "note": t.note if t else "", "anchor": t.anchor if t else "", "law": t.official if t else "", "changed": False}
    for _, rec in ctx.list("pufa.theme"):
        out[rec["month"]].update(law=rec["law"], changed=True)
    return out


def set_theme(ctx: Any, month_text: str, law: str) -> None:
    try:
        m = int(month_text)
    except ValueError:
        raise DataError(f"月份应为 1–12：{month_text}") from None
    if not 1 <= m <= 12:
        raise DataError(f"月份应为 1–12：{m}")
    from shequ.records import edit

    for rid, rec in ctx.list("pufa.theme"):
        if rec["month"] == m:
            edit(ctx, rid, {"law": law})
            return
    ctx.add("pufa.theme", {"month": m, "law": law})


def log_activity(ctx: Any, raw: dict[str, Any]) -> int:
    from shequ.events import add_event

    day = raw["date"]
    fields = {k: v for k, v in raw.get("fields", {}).items() if v not in (None, "", [], ())}
    if fields.get("on_theme") and not fields.get("law"):
        month = int(str(day)[5:7])
        law = themes(ctx)[month]["law"]
        if not law:
            raise DataError(f"{month}月没有普法主题（shequ pufa theme set {month} 法律名称）")
        fields["law"] = law
    eid, _ = add_event(ctx, {"title": raw["title"], "date": day, "time": raw.get("time"), "type": "pufa.activity",
                             "domain": "pufa", "place": raw.get("place"), "status": "done", "summary": raw.get("summary"),
                             "count": raw.get("count"), "fields": fields})
    return eid


def dispute(ctx: Any, key: str) -> tuple[int, dict[str, Any]]:
    text = str(key).lstrip("#")
    for rid, rec in ctx.list("pufa.dispute"):
        if str(rid) == text:
            return rid, rec
    raise NotFound(f"找不到矛盾纠纷：{key}")


def update_dispute(ctx: Any, key: str, changes: dict[str, Any]) -> dict[str, Any]:
    from shequ.records import edit

    rid, rec = dispute(ctx, key)
    if rec.get("stage") == "结案":
        raise DataError(f"矛盾纠纷 #{rid} 已于 {rec.get('closed')} 结案，不能再修改或重复结案")
    _, _, doc = edit(ctx, rid, changes)
    return doc


def bangjiao_of(ctx: Any, who: str, on: date) -> tuple[int, dict[str, Any]]:
    from shequ.records import resolve_ref

    try:
        pid = resolve_ref(ctx.session, "person", who)
    except ValueError as exc:
        raise NotFound(str(exc)) from None
    for rid, rec in ctx.list("pufa.bangjiao"):
        if rec["person"] == pid and (not rec.get("end") or rec["end"] >= on.isoformat()):
            return rid, rec
    raise DataError("该人员不在帮教期内，不能登记帮教记录")  # no name: 帮教 status is restricted


def theme_status(ctx: Any, year: int, today: date) -> list[dict[str, Any]]:
    from shequ.events import all_events

    held: dict[int, int] = {}
    for e in all_events(ctx.session).values():
        f = e.get("fields") or {}
        if e.get("type") == "pufa.activity" and e.get("status") == "done" and e["date"][:4] == str(year) and f.get("on_theme"):
            m = int(e["date"][5:7])
            held[m] = held.get(m, 0) + 1
    rows = []
    for m, t in themes(ctx).items():
        if not t["law"]:
            continue
        ended = date(year, m, 28) < today.replace(day=28) if (year, m) != (today.year, today.month) else False
        rows.append({"month": m, "law": t["law"], "activities": held.get(m, 0),
                     "status": "已开展" if held.get(m) else ("缺活动" if ended or (year, m) < (today.year, today.month) else "未到期")})
    return rows
