"""Events: what is planned and what was held (活动、会议、培训 …).

An event has a title, a date (and optionally a time and an end), a domain
(党建, 普法 …), a type (``core.activity`` or a plugin's event type such as
``dangjian.meeting``) whose typed fields are validated like records, a
place and a status: planned → done / cancelled.  ``done`` records what
happened: attendees (person ids), 人次, a summary (小结) and evidence files.
Events live in the ``events`` area (table ``events``); ids are short integers and
every event has a stable ``uid`` (for ICS export/import and for planned
events generated from duties, which makes planning idempotent).
"""

from __future__ import annotations

import re
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from shequ.errors import DataError, NotFound, UsageError, ValidationError
from shequ.periods import Period
from shequ.models import Field, RecordType
from shequ.records.records import build_record, editing, resolve_ref
from shequ.store import Session, now_iso

if TYPE_CHECKING:  # pragma: no cover
    from shequ.context import PluginContext as RecordContext

AREA = "events"
TABLE = "events"
STATUSES = {"planned": "计划", "done": "已开展", "cancelled": "已取消"}
DEFAULT_TYPE = "core.activity"
#: Chinese names of the work domains → the ids plugins use.
DOMAINS = {
    "党建": "dangjian", "普法": "pufa", "妇联": "fulian", "关工委": "guangongwei", "科普": "kepu",
    "环保": "huanbao", "养老": "yanglao", "民政": "minzheng", "精神文明": "wenming", "团": "tuan",
    "社区教育": "jiaoyu", "综合": "core",
}
DOMAIN_NAMES = {v: k for k, v in DOMAINS.items()}
_TIME = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


def domain_id(text: str | None) -> str | None:
    """``党建`` or ``dangjian`` → ``dangjian``; other pinyin ids pass through (plugins add domains)."""
    if text is None or not str(text).strip():
        return None
    t = str(text).strip()
    if t in DOMAINS:
        return DOMAINS[t]
    if re.fullmatch(r"[a-z][a-z0-9_]*", t):
        return t
    raise UsageError(f"未知的条线：{text}（可用：{'、'.join(DOMAINS)}，或插件的拼音名）")


def domain_label(d: str | None) -> str:
    return DOMAIN_NAMES.get(d or "", d or "")


def parse_time(text: str) -> str:
    m = _TIME.match(str(text).strip())
    if not m:
        raise ValueError(f"时间格式应为 HH:MM：{text}")
    return f"{int(m[1]):02d}:{m[2]}"


def all_events(session: Session) -> dict[str, dict[str, Any]]:
    return session.view(AREA).get(TABLE, {})


def held_by_domain(session: Session) -> dict[str | None, list[dict[str, Any]]]:
    """Held (done) events by domain id, with every held event under ``None``.

    Built once per read session: a report's checklist rules ask for a domain's
    held events a dozen times over a year of 5,000 events.
    """
    def compute() -> dict[str | None, list[dict[str, Any]]]:
        out: dict[str | None, list[dict[str, Any]]] = {None: []}
        for ev in all_events(session).values():
            if ev.get("status") == "done":
                out[None].append(ev)
                out.setdefault(ev.get("domain"), []).append(ev)
        return out

    return session.memo("events.held_by_domain", compute)


def find_event(session: Session, key: str | int) -> tuple[int, dict[str, Any]]:
    try:
        eid = resolve_ref(session, "event", key)
    except ValueError as exc:
        raise NotFound(str(exc)) from None
    return eid, all_events(session)[str(eid)]


#: An event's own fields, declared like a record type (the event type's fields sit under ``fields``).
EVENT = RecordType(
    id="core.event", title="活动", kind="event", source="DESIGN §2 Event",
    description="计划或已开展的活动：标题、日期（时间、结束）、地点、条线、类型、状态、小结",
    fields=(
        Field("title", "str", label="标题", required=True),
        Field("date", "date", label="日期", required=True),
        Field("time", "str", label="时间", help="HH:MM"),
        Field("end_time", "str", label="结束时间", help="HH:MM"),
        Field("end_date", "date", label="结束日期"),
        Field("place", "str", label="地点"),
        Field("summary", "str", label="小结"),
        Field("duty", "str", label="职责"),
        Field("status", "choice", label="状态", choices=tuple(STATUSES), default="planned"),
        Field("domain", "str", label="条线"),
        Field("type", "str", label="类型", default=DEFAULT_TYPE),
    ),
)
_CORE_KEYS = tuple(f.name for f in EVENT.fields)


def _hint(f: Any) -> str:
    return "活动名称" if f.name == "title" else f"--{f.name.replace('_', '-')}"


def _times(ctx: RecordContext, ev: dict[str, Any], raw: dict[str, Any]) -> list[str]:
    out = []
    for key in ("time", "end_time"):
        if ev.get(key):
            try:
                ev[key] = parse_time(ev[key])
            except ValueError as exc:
                out.append(str(exc))
                ev.pop(key)
    if ev.get("end_date") and ev.get("date") and ev["end_date"] < ev["date"]:
        out.append(f"结束日期 {ev['end_date']} 早于开始日期 {ev['date']}")
    return out


def _domain(ctx: RecordContext, ev: dict[str, Any], raw: dict[str, Any]) -> list[str]:
    """A domain by its Chinese name or id; a plugin's event type belongs to its plugin's domain."""
    try:
        dom = domain_id(ev.get("domain"))
    except UsageError as exc:
        ev.pop("domain", None)
        return [exc.message]
    if dom is None and not str(ev.get("type") or DEFAULT_TYPE).startswith("core."):
        dom = str(ev["type"]).split(".")[0]
    if dom:
        ev["domain"] = dom
    else:
        ev.pop("domain", None)
    return []


def _typed_fields(ctx: RecordContext, ev: dict[str, Any], raw: dict[str, Any], base: dict[str, Any] | None) -> list[str]:
    """The event type's own fields; validators see the whole event as ``ctx.event``.  Required
    typed fields describe what was held: a planned event may not know them yet."""
    try:
        rt = ctx.registry.get(ev.get("type") or DEFAULT_TYPE, kind="event")
    except UsageError as exc:
        return [exc.message]
    ev["type"] = rt.id
    previous = getattr(ctx, "event", None)
    ctx.event = ev
    try:
        fields, problems = build_record(rt, raw.get("fields") or {}, ctx, base=(base or {}).get("fields"),
                                        require=ev.get("status") != "planned")
    finally:
        ctx.event = previous
    if fields:
        ev["fields"] = fields
    else:
        ev.pop("fields", None)
    return problems


def build_event(ctx: RecordContext, raw: dict[str, Any], *, base: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[str]]:
    """Validate the event's own fields (:data:`EVENT`), their cross-field checks, then the event
    type's fields; return the event and every problem."""
    given = {k: raw[k] for k in _CORE_KEYS if k in raw and raw[k] is not None}
    ev, problems = build_record(EVENT, given, ctx, base={k: v for k, v in (base or {}).items() if k != "fields"} if base
                                is not None else None, hint=_hint, validate=False)
    if base is not None:  # keep what the core fields do not cover (attendees, uid, evidence …)
        ev = {**{k: v for k, v in base.items() if k not in _CORE_KEYS}, **ev}
    ev.setdefault("status", "planned")
    problems += _times(ctx, ev, raw) + _domain(ctx, ev, raw)
    problems += _typed_fields(ctx, ev, raw, base)
    return ev, problems


def add_event(ctx: RecordContext, raw: dict[str, Any], *, uid: str | None = None) -> tuple[int, dict[str, Any]]:
    ev, problems = build_event(ctx, raw)
    if raw.get("attendees") or raw.get("count") is not None:
        problems += _attendance(ctx, ev, raw)
    if problems:
        raise ValidationError(problems, subject=f"无法添加活动 {raw.get('title') or ''}".rstrip())
    ev["uid"] = uid or os.urandom(8).hex()
    ev["_created"] = ev["_updated"] = now_iso()
    eid = ctx.session.next_id(AREA)
    ctx.session.put(AREA, TABLE, eid, ev)
    return eid, ev


def edit_event(ctx: RecordContext, key: str, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    eid, doc = find_event(ctx.session, key)
    base = {k: v for k, v in doc.items() if not k.startswith("_")}
    with editing(ctx, eid):
        ev, problems = build_event(ctx, raw, base=base)
    if problems:
        raise ValidationError(problems, subject=f"无法修改活动 #{eid}")
    ev["_created"], ev["_updated"] = doc.get("_created"), now_iso()
    ctx.session.put(AREA, TABLE, eid, ev)
    return eid, ev


def cancel_event(session: Session, key: str, reason: str | None) -> tuple[int, dict[str, Any]]:
    eid, doc = find_event(session, key)
    if doc.get("status") == "done":
        raise DataError(f"活动 #{eid} 已开展，不能取消（如需更正请用 edit）")
    new = {**doc, "status": "cancelled", "_updated": now_iso()}
    if reason:
        new["cancel_reason"] = reason
    session.put(AREA, TABLE, eid, new)
    return eid, new


def _attendance(ctx: RecordContext, ev: dict[str, Any], raw: dict[str, Any]) -> list[str]:
    problems = []
    ids: list[int] = list(ev.get("attendees", []))
    for person in raw.get("attendees") or []:
        try:
            pid = resolve_ref(ctx.session, "person", person)
        except ValueError as exc:
            problems.append(f"参加人员：{exc}")
            continue
        if pid not in ids:
            ids.append(pid)
    if ids:
        ev["attendees"] = ids
    if raw.get("count") is not None:
        try:
            count = int(str(raw["count"]).strip())
            if count < 0:
                raise ValueError
        except ValueError:
            problems.append(f"人次应为非负整数：{raw['count']}")
        else:
            if count < len(ids):
                problems.append(f"人次 {count} 少于签到人数 {len(ids)}")
            ev["count"] = count
    elif ids:
        ev["count"] = max(len(ids), int(ev.get("count") or 0))
    return problems


#: The biggest evidence file kept (a phone's photo or a scanned 签到表 is a few MB).
MAX_EVIDENCE = 50 * 1024 * 1024


def keep_file(session: Any, path: str) -> str:
    """Copy an evidence file into the home with the transaction (the 台账 keeps its own copy,
    wherever the command ran and whatever becomes of the original); returns its path in the home."""
    p = Path(path).expanduser()
    if not p.exists():
        raise DataError(f"佐证材料文件不存在：{path}")
    if not p.is_file():
        raise DataError(f"佐证材料不是文件：{path}")
    if p.stat().st_size > MAX_EVIDENCE:
        raise DataError(f"佐证材料文件过大：{path}（{p.stat().st_size // 1048576} MB，上限 {MAX_EVIDENCE // 1048576} MB）")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DataError(f"无法读取佐证材料：{path}（{exc.strerror}）") from None
    return session.attach(p.name, data)


def evidence_name(kept: str) -> str:
    """``files/3fa2…-签到表.jpg`` → ``签到表.jpg`` (a path recorded before files were kept: its name)."""
    name = Path(kept).name
    return name[17:] if kept.startswith("files/") and len(name) > 17 and name[16] == "-" else name


def mark_done(ctx: RecordContext, key: str, *, attendees: Iterable[str] = (), count: int | None = None,
              summary: str | None = None, evidence: Iterable[str] = ()) -> tuple[int, dict[str, Any]]:
    """Record what happened; repeatable (adds attendees and evidence)."""
    eid, doc = find_event(ctx.session, key)
    if doc.get("status") == "cancelled":
        raise DataError(f"活动 #{eid}“{doc.get('title')}”已取消，不能登记开展情况")
    ev = {k: v for k, v in doc.items()}
    problems = _attendance(ctx, ev, {"attendees": list(attendees), "count": count})
    rt = ctx.registry.types.get(ev.get("type", DEFAULT_TYPE))
    for f in rt.fields if rt is not None else ():
        if f.required and (ev.get("fields") or {}).get(f.name) in (None, "", []):
            problems.append(f"缺少必填字段 {f.title}（先用 shequ calendar edit {eid} --field {f.name}=…）")
    files = list(ev.get("evidence", []))
    for item in evidence:
        try:
            kept = keep_file(ctx.session, item)
        except DataError as exc:
            problems.append(str(exc))
            continue
        if kept not in files:
            files.append(kept)
    if problems:
        raise ValidationError(problems, subject=f"无法登记活动 #{eid}")
    if files:
        ev["evidence"] = files
    if summary:
        ev["summary"] = summary.strip()
    ev["status"] = "done"
    ev["_updated"] = now_iso()
    ctx.session.put(AREA, TABLE, eid, ev)
    return eid, ev


def in_period(ev: dict[str, Any], period: Period) -> bool:
    return period.start.isoformat() <= ev["date"] <= period.end.isoformat()


def select(session: Session, *, period: Period | None = None, domain: str | None = None,
           type_id: str | None = None, status: str | None = None) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for key, ev in all_events(session).items():
        if period is not None and not in_period(ev, period):
            continue
        if domain and ev.get("domain") != domain:
            continue
        if type_id and ev.get("type") != type_id:
            continue
        if status and ev.get("status") != status:
            continue
        out.append((int(key), ev))
    out.sort(key=lambda item: (item[1]["date"], item[1].get("time") or "", item[0]))
    return out


def by_uid(session: Session) -> dict[str, int]:
    return {ev["uid"]: int(k) for k, ev in all_events(session).items() if ev.get("uid")}


def weekday_cn(d: date) -> str:
    return "周" + "一二三四五六日"[d.weekday()]
