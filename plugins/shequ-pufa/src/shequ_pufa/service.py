"""普法 use cases over shequ's public API (``ctx`` is a :class:`shequ.api.PluginContext`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from shequ import DataError, NotFound

from .themes import DEFAULT

if TYPE_CHECKING:
    from shequ.api import PluginContext


def themes(ctx: "PluginContext") -> dict[int, dict[str, Any]]:
    """month → {source, official, note, anchor, law}; the home's changes override the defaults."""
    out: dict[int, dict[str, Any]] = {}
    for m in range(1, 13):
        t = DEFAULT.get(m)
        out[m] = {"month": m, "source": t.source if t else "", "official": t.official if t else "",
                  "note": t.note if t else "", "anchor": t.anchor if t else "", "law": t.official if t else "", "changed": False}
    for _, rec in ctx.records.list("pufa.theme"):
        out[rec["month"]].update(law=rec["law"], changed=True)
    return out


def set_theme(ctx: "PluginContext", month_text: str, law: str) -> None:
    try:
        m = int(month_text)
    except ValueError:
        raise DataError(f"月份应为 1–12：{month_text}") from None
    if not 1 <= m <= 12:
        raise DataError(f"月份应为 1–12：{m}")
    found = ctx.records.find("pufa.theme", month=m)
    if found:
        ctx.records.edit(found[0], {"law": law})
    else:
        ctx.records.add("pufa.theme", {"month": m, "law": law})


def log_activity(ctx: "PluginContext", raw: dict[str, Any]) -> int:
    day = raw["date"]
    fields = {k: v for k, v in raw.get("fields", {}).items() if v not in (None, "", [], ())}
    if fields.get("on_theme") and not fields.get("law"):
        month = int(str(day)[5:7])
        law = themes(ctx)[month]["law"]
        if not law:
            raise DataError(f"{month}月没有普法主题（shequ pufa theme set {month} 法律名称）")
        fields["law"] = law
    return ctx.events.add({"title": raw["title"], "date": day, "time": raw.get("time"), "type": "pufa.activity",
                           "domain": "pufa", "place": raw.get("place"), "status": "done", "summary": raw.get("summary"),
                           "count": raw.get("count"), "fields": fields})


def dispute(ctx: "PluginContext", key: str) -> tuple[int, dict[str, Any]]:
    text = str(key).strip().lstrip("#")
    try:
        return int(text), ctx.records.get(text, "pufa.dispute")
    except (NotFound, ValueError):
        raise NotFound(f"找不到矛盾纠纷：{key}") from None


def update_dispute(ctx: "PluginContext", key: str, changes: dict[str, Any]) -> dict[str, Any]:
    rid, rec = dispute(ctx, key)
    if rec.get("stage") == "结案":
        raise DataError(f"矛盾纠纷 #{rid} 已于 {rec.get('closed')} 结案，不能再修改或重复结案")
    return ctx.records.edit(rid, changes)


def bangjiao_of(ctx: "PluginContext", who: str, on: date) -> tuple[int, dict[str, Any]]:
    pid = ctx.people.resolve(who)
    for rid, rec in ctx.records.list("pufa.bangjiao", person=pid):
        if not rec.get("end") or rec["end"] >= on.isoformat():
            return rid, rec
    raise DataError("该人员不在帮教期内，不能登记帮教记录")  # no name: 帮教 status is restricted


def theme_status(ctx: "PluginContext", year: int) -> list[dict[str, Any]]:
    """Per themed month of *year*: its law, how many theme activities were held, and 已开展 / 缺活动 / 未到期."""
    held: dict[int, int] = {}
    for _, e in ctx.events.query(type="pufa.activity", status="done", period=str(year), fields={"on_theme": True}):
        m = int(e["date"][5:7])
        held[m] = held.get(m, 0) + 1
    today = ctx.today
    rows = []
    for m, t in themes(ctx).items():
        if not t["law"]:
            continue
        past = (year, m) < (today.year, today.month)
        rows.append({"month": m, "law": t["law"], "activities": held.get(m, 0),
                     "status": "已开展" if held.get(m) else ("缺活动" if past else "未到期")})
    return rows
