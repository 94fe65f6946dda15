"""科普 use cases over shequ's public API (``ctx`` is a :class:`shequ.api.PluginContext`).

The monthly triple (篇7 L151 “做到每月有活动、有小结、有记录”) is decided here, once, for the
``months`` command, the ``--strict`` cron check, the 小结 draft and the report sections:

- 活动: a held event of the 科普 domain in the month (any type: a ``kepu.activity``, or a
  ``core.activity`` with 条线 科普) — the same question the core's checklist rule
  ``{"events": {"per": "month", "domain": "kepu"}}`` and the duty ``kepu.monthly_activity`` ask;
- 小结: a ``kepu.summary`` record for the month (written, or generated from the month's
  activities and then edited);
- 记录: a ``kepu.evidence`` record (签到表, 照片, 文件 …) attached to a held 科普 activity of the month.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from shequ import DataError, NotFound

if TYPE_CHECKING:
    from shequ.api import PluginContext
    from shequ.periods import Period

MET, MISSING, PENDING, FUTURE = "met", "missing", "pending", "future"
MARK_TEXT = {MET: "✔", MISSING: "✘ 缺", PENDING: "… 本月未结束", FUTURE: "—"}
MARKS = (("activity", "活动"), ("summary", "小结"), ("record", "记录"))
_PATHLIKE = re.compile(r"[/\\]|\.(jpe?g|png|gif|bmp|heic|pdf|docx?|xlsx?|pptx?|wps|txt|mp4|mov|avi|mp3|wav|zip)$", re.I)


# -- validation (shequ_validate) ------------------------------------------------------------------
def problems(record: dict[str, Any], type_id: str, ctx: "PluginContext") -> list[str]:
    """Problems with a 科普 record, in Chinese, all at once (the core has checked each field)."""
    check = _CHECKS.get(type_id)
    return check(record, ctx) if check else []


def _check_activity(rec: dict[str, Any], ctx: "PluginContext") -> list[str]:
    out = []
    names = rec.get("volunteers") or []
    if names:
        registered = {r["person"] for _, r in ctx.records.list("kepu.volunteer")}
        for who in names:
            try:
                pid = ctx.people.resolve(who)
            except (NotFound, DataError) as exc:
                out.append(f"科普志愿者：{exc}")
                continue
            if pid not in registered:
                out.append(f"{who} 不是登记在册的科普志愿者（shequ kepu volunteer add {who}）")
    return out


def _check_span(start: str, end: str, start_label: str, end_label: str) -> Any:
    def check(rec: dict[str, Any], ctx: "PluginContext") -> list[str]:
        if rec.get(start) and rec.get(end) and rec[end] < rec[start]:
            return [f"{end_label} {rec[end]} 早于{start_label} {rec[start]}"]
        return []

    return check


def _check_board_update(rec: dict[str, Any], ctx: "PluginContext") -> list[str]:
    name = rec.get("board")
    if name and not ctx.records.list("kepu.board", name=name):
        return [_no_board(ctx, name)]
    return []


def _no_board(ctx: "PluginContext", name: str) -> str:
    known = "、".join(r["name"] for _, r in ctx.records.list("kepu.board")) or "尚未登记任何宣传载体"
    return (f"宣传载体不存在：{name}（现有：{known}；登记：shequ record add kepu.board --field name=… "
            f"--field kind=科普宣传栏）")


def _check_summary(rec: dict[str, Any], ctx: "PluginContext") -> list[str]:
    out = []
    month = str(rec.get("month") or "")[:7]
    if month and month > ctx.today.isoformat()[:7]:
        out.append(f"不能为尚未到来的月份写小结：{month}（今天是 {ctx.today.isoformat()}）")
    if month and rec.get("written") and rec["written"][:7] < month:
        out.append(f"撰写日期 {rec['written']} 早于小结所属月份 {month}")
    if rec.get("written") and rec["written"] > ctx.today.isoformat():
        out.append(f"撰写日期 {rec['written']} 晚于今天（{ctx.today.isoformat()}）")
    if not str(rec.get("text") or "").strip():
        out.append("小结内容是空的")
    return out


def _check_evidence(rec: dict[str, Any], ctx: "PluginContext") -> list[str]:
    out = []
    eid = rec.get("event")
    if eid is not None:
        try:
            ev = ctx.events.get(eid)
        except NotFound:
            return [f"记录指向的活动不存在：#{eid}"]
        if ev.get("domain") != "kepu":
            out.append(f"活动 #{eid}“{ev.get('title')}”不是科普活动（条线：{ev.get('domain') or '无'}）")
        if ev.get("status") != "done":
            out.append(f"活动 #{eid}“{ev.get('title')}”尚未登记为已开展，不能附记录（先 shequ calendar done {eid}）")
        if rec.get("date") and rec["date"] != ev.get("date"):
            out.append(f"活动日期应与活动 #{eid} 一致：{ev.get('date')}（填的是 {rec['date']}）")
    if not rec.get("file") and not str(rec.get("note") or "").strip():
        out.append("记录须有文件，或写明说明（如“纸质签到表存第3号档案盒”）")
    return out


_CHECKS = {
    "kepu.activity": _check_activity,
    "kepu.volunteer": _check_span("joined", "left", "加入日期", "退出日期"),
    "kepu.group_member": _check_span("start", "end", "起始日期", "结束日期"),
    "kepu.board_update": _check_board_update,
    "kepu.summary": _check_summary,
    "kepu.evidence": _check_evidence,
}


# -- activities and their 记录 ------------------------------------------------------------------------
def classify(value: str) -> tuple[str | None, str | None]:
    """A 记录 given on the command line: an existing file → ``(absolute path, None)``; something that
    looks like a path but is missing → ``DataError``; anything else is a note → ``(None, text)``."""
    text = str(value).strip()
    if not text:
        raise DataError("记录不能为空")
    p = Path(text).expanduser()
    if p.is_file():
        return str(p.resolve()), None
    if p.exists():
        raise DataError(f"记录应为文件，而不是目录：{text}")
    if _PATHLIKE.search(text):
        raise DataError(f"记录文件不存在：{text}")
    return None, text


def add_evidence(ctx: "PluginContext", event: int | str, kind: str, value: str) -> int:
    """Attach one 记录 (a file or a note) to a held 科普 activity; returns its id."""
    try:
        eid, ev = ctx.events.find(event)
    except NotFound:
        raise NotFound(f"记录指向的活动不存在：{event}") from None
    file, note = classify(value)
    return ctx.records.add("kepu.evidence", {"event": eid, "date": ev["date"], "kind": kind, "file": file, "note": note})


def log_activity(ctx: "PluginContext", raw: dict[str, Any], records: list[tuple[str, str]]) -> tuple[int, list[int]]:
    """Register a held 科普 activity and its 记录 in the caller's transaction."""
    day = ctx.parse_date(raw["date"])
    if day > ctx.today:
        raise DataError(f"活动日期 {day.isoformat()} 晚于今天（{ctx.today.isoformat()}）：尚未开展的活动请用 "
                        "shequ calendar add … --domain 科普 登记为计划")
    fields = {k: v for k, v in raw.get("fields", {}).items() if v not in (None, "", [], ())}
    if raw.get("on_theme"):
        fields["theme"] = ctx.settings["kepu.theme"]
    eid = ctx.events.add({"title": raw["title"], "date": day.isoformat(), "time": raw.get("time"), "type": "kepu.activity",
                          "domain": "kepu", "place": raw.get("place"), "status": "done", "summary": raw.get("summary"),
                          "count": raw.get("count"), "attendees": list(raw.get("attendees") or []), "fields": fields})
    return eid, [add_evidence(ctx, eid, kind, value) for kind, value in records]


def held(ctx: "PluginContext", period: "Period | str") -> list[tuple[int, dict[str, Any]]]:
    """Held events of the 科普 domain in *period*, by date."""
    return ctx.events.query(status="done", domain="kepu", period=period)


def evidence_by_event(ctx: "PluginContext") -> dict[int, list[tuple[int, dict[str, Any]]]]:
    def build() -> dict[int, list[tuple[int, dict[str, Any]]]]:
        out: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        for rid, rec in ctx.records.list("kepu.evidence"):
            out.setdefault(int(rec["event"]), []).append((rid, rec))
        return out

    return ctx.memo("kepu.evidence_by_event", build)


def summaries(ctx: "PluginContext") -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """``YYYY-MM`` → the 小结 records of that month (normally one; the newest last)."""
    def build() -> dict[str, list[tuple[int, dict[str, Any]]]]:
        out: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        for rid, rec in ctx.records.list("kepu.summary"):
            out.setdefault(str(rec["month"])[:7], []).append((rid, rec))
        return out

    return ctx.memo("kepu.summaries", build)


# -- the monthly triple ----------------------------------------------------------------------------
class Month(NamedTuple):
    month: str  # 2025-03
    title: str  # 3月
    activities: int
    activity: str  # met | missing | pending | future
    summary: str
    record: str
    records: int  # 记录 attached to the month's activities
    summary_id: int | None
    why: list[str]

    @property
    def complete(self) -> bool:
        return self.activity == self.summary == self.record == MET

    @property
    def missing(self) -> list[str]:
        return [label for key, label in MARKS if getattr(self, key) == MISSING]

    def row(self, human: bool) -> dict[str, Any]:
        out = {"month": self.month, "activities": self.activities, "activity": self.activity, "summary": self.summary,
               "record": self.record, "records": self.records, "complete": self.complete,
               "why": "；".join(self.why) if human else self.why}
        if human:
            out.update({k: MARK_TEXT[getattr(self, k)] for k, _ in MARKS}, complete="是" if self.complete else "")
        return out


def _state(ok: bool, span: "Period", today: date) -> str:
    if span.start > today:
        return FUTURE
    if ok:
        return MET
    return PENDING if span.end >= today else MISSING


def month_marks(ctx: "PluginContext", span: "Period") -> Month:
    """The three marks of one month, and why each missing one is missing."""
    events = held(ctx, span)
    evidence = evidence_by_event(ctx)
    sums = summaries(ctx).get(span.label, [])
    with_records = [(eid, e) for eid, e in events if evidence.get(eid)]
    n_records = sum(len(evidence.get(eid, [])) for eid, _ in events)
    today = ctx.today
    activity = _state(bool(events), span, today)
    summary = _state(bool(sums), span, today)
    record = _state(bool(with_records), span, today)
    why: list[str] = []
    if activity in (MISSING, PENDING):
        planned = ctx.events.query(status="planned", domain="kepu", period=span)
        why.append("没有已开展的科普活动" + (
            "（计划中：" + "、".join(f"#{eid}“{e.get('title')}”" for eid, e in planned[:3]) + "，开展后用 shequ calendar done 登记）"
            if planned else ""))
    if summary in (MISSING, PENDING):
        why.append(f"没有本月小结（shequ kepu summary write {span.label} --generate）")
    if record in (MISSING, PENDING):
        if events:
            shown = "、".join(f"#{eid}“{e.get('title')}”" for eid, e in events[:3]) + ("等" if len(events) > 3 else "")
            which = f"活动{shown}没有" if len(events) == 1 else f"{len(events)}项活动（{shown}）都没有"
            why.append(f"{which}签到表、照片等记录（shequ kepu evidence add {events[0][0]} --kind 签到表 --file …）")
        else:
            why.append("无活动可附记录")
    if len(sums) > 1:
        why.append(f"本月有{len(sums)}份小结（{'、'.join(f'#{rid}' for rid, _ in sums)}），以最后一份为准")
    return Month(span.label, f"{span.start.month}月", len(events), activity, summary, record, n_records,
                 sums[-1][0] if sums else None, why)


def year_marks(ctx: "PluginContext", year: int) -> list[Month]:
    from shequ.periods import month

    return ctx.memo(("kepu.year_marks", year, ctx.today), lambda: [month_marks(ctx, month(year, m)) for m in range(1, 13)])


def last_month(today: date) -> "Period":
    from shequ.periods import month

    return month(today.year - 1, 12) if today.month == 1 else month(today.year, today.month - 1)


def gaps(marks: list[Month]) -> dict[str, list[str]]:
    """Months (``3月`` …) that missed each mark: ``{"活动": [...], "小结": [...], "记录": [...]}``."""
    return {label: [m.title for m in marks if getattr(m, key) == MISSING] for key, label in MARKS}


def gaps_text(marks: list[Month]) -> str:
    found = {k: v for k, v in gaps(marks).items() if v}
    if not found:
        return ""
    return "；".join(f"缺{k}：{'、'.join(v)}" for k, v in found.items())


# -- the month's 小结 ----------------------------------------------------------------------------------
def parse_month(ctx: "PluginContext", text: str) -> "Period":
    from shequ import UsageError

    span = ctx.parse_period(text)
    if span.kind != "month":
        raise UsageError(f"小结按月写，月份应为如 2025-03 的形式：{text}")
    return span


def _not_future(ctx: "PluginContext", span: "Period") -> None:
    if span.start > ctx.today:
        raise DataError(f"不能为尚未到来的月份写小结：{span.label}（今天是 {ctx.today.isoformat()}）")


def draft(ctx: "PluginContext", span: "Period") -> str:
    """A first draft of the month's 小结 from what was recorded: activities, 人次, 记录, board updates."""
    _not_future(ctx, span)
    events = held(ctx, span)
    if not events:
        raise DataError(f"{span.title}没有已开展的科普活动，无法生成小结（可用 --text 或 --file 手写）")
    evidence = evidence_by_event(ctx)
    times = sum(int(e.get("count") or len(e.get("attendees") or [])) for _, e in events)
    lines = [f"{span.title}科普工作小结", "",
             f"本月共开展科普活动{len(events)}次，参与居民{times}人次。"]
    for eid, e in events:
        f = e.get("fields") or {}
        d = date.fromisoformat(e["date"])
        bits = [x for x in (f.get("form"), f"结合{f['festival']}" if f.get("festival") else "",
                            f"主题“{f['theme']}”" if f.get("theme") else "") if x]
        count = int(e.get("count") or len(e.get("attendees") or []))
        sentence = (f"{d.month}月{d.day}日，" + (f"在{e['place']}" if e.get("place") else "") + f"开展“{e.get('title')}”"
                    + (f"（{'，'.join(bits)}）" if bits else "") + (f"，{count}人次参加" if count else ""))
        if f.get("copies"):
            sentence += f"，发放资料{f['copies']}份"
        if f.get("households"):
            sentence += f"，入户{f['households']}户"
        if e.get("summary"):
            sentence += f"。{e['summary'].rstrip('。')}"
        kinds = sorted({r["kind"] for _, r in evidence.get(eid, [])})
        sentence += f"。留存{'、'.join(kinds)}。" if kinds else "。"
        lines.append(sentence)
    updates = board_updates(ctx, span)
    if updates:
        from collections import Counter

        by_item = Counter(u["item"] for _, u in updates)
        lines.append(f"本月更新宣传载体{len(updates)}次（" + "、".join(f"{k}{n}次" for k, n in by_item.items()) + "）。")
    return "\n".join(lines) + "\n"


def write_summary(ctx: "PluginContext", span: "Period", text: str, *, origin: str, author: str | None,
                  replace: bool, written: date | None = None) -> tuple[int, bool]:
    """Write the month's 小结; an existing one is replaced only with *replace*.  ``(id, replaced)``."""
    _not_future(ctx, span)
    if not text.strip():
        raise DataError("小结内容是空的")
    existing = summaries(ctx).get(span.label, [])
    values = {"month": span.start.isoformat(), "text": text.strip(), "origin": origin,
              "written": (written or ctx.today).isoformat(), "author": author}
    if existing and not replace:
        rid = existing[-1][0]
        raise DataError(f"{span.title}已有小结 #{rid}（加 --replace 覆盖；shequ undo 可撤销）")
    if existing:
        rid = existing[-1][0]
        ctx.records.edit(rid, values)
        return rid, True
    return ctx.records.add("kepu.summary", values), False


def summary_text(ctx: "PluginContext", span: "Period") -> tuple[int, dict[str, Any]]:
    found = summaries(ctx).get(span.label, [])
    if not found:
        raise NotFound(f"{span.title}还没有科普小结（shequ kepu summary write {span.label} --generate）")
    return found[-1]


# -- 宣传载体 -------------------------------------------------------------------------------------------
def board(ctx: "PluginContext", key: str) -> tuple[int, dict[str, Any]]:
    """A board by name or id (``#3``)."""
    text = str(key).strip()
    found = ctx.records.list("kepu.board", name=text)
    if not found and text.lstrip("#").isdigit():
        try:
            return int(text.lstrip("#")), ctx.records.get(text, "kepu.board")
        except NotFound:
            pass
    if not found:
        raise NotFound(_no_board(ctx, text))
    if len(found) > 1:
        raise DataError(f"有 {len(found)} 个宣传载体叫“{text}”：{'、'.join(f'#{rid}' for rid, _ in found)}（请用编号）")
    return found[0]


def update_board(ctx: "PluginContext", key: str, day: date, item: str, topic: str, note: str | None) -> int:
    _, b = board(ctx, key)
    if day > ctx.today:
        raise DataError(f"更新日期 {day.isoformat()} 晚于今天（{ctx.today.isoformat()}）")
    return ctx.records.add("kepu.board_update", {"board": b["name"], "date": day.isoformat(), "item": item,
                                                 "topic": topic, "note": note})


def board_updates(ctx: "PluginContext", period: "Period") -> list[tuple[int, dict[str, Any]]]:
    s, e = period.start.isoformat(), period.end.isoformat()
    found = ctx.records.list("kepu.board_update", f"date>={s}", f"date<={e}")
    return sorted(found, key=lambda kv: (kv[1]["date"], kv[0]))


# -- 科普志愿者 -----------------------------------------------------------------------------------------
def add_volunteer(ctx: "PluginContext", who: str, joined: date, skill: str | None) -> int:
    pid = ctx.people.resolve(who)
    on = joined.isoformat()
    for rid, rec in ctx.records.list("kepu.volunteer", person=pid):
        if not rec.get("left") or rec["left"] >= on:
            raise DataError(f"{ctx.people.name(pid)} 已是科普志愿者（#{rid}，{rec['joined']} 加入）")
    return ctx.records.add("kepu.volunteer", {"person": pid, "joined": on, "skill": skill})


def volunteer_activity(ctx: "PluginContext", period: "Period") -> dict[int, int]:
    """Person id → the held 科普 activities of *period* they served at (field 科普志愿者)."""
    cache: dict[str, int | None] = {}
    out: dict[int, int] = {}
    for _, e in held(ctx, period):
        for who in (e.get("fields") or {}).get("volunteers") or []:
            if who not in cache:
                try:
                    cache[who] = ctx.people.resolve(who)
                except (NotFound, DataError):
                    cache[who] = None
            pid = cache[who]
            if pid is not None:
                out[pid] = out.get(pid, 0) + 1
    return out


def age_on(person: dict[str, Any], on: date) -> int | None:
    birth = person.get("birth")
    if not birth:
        return None
    y, m, d = int(birth[:4]), int(birth[5:7]), int(birth[8:10])
    return on.year - y - ((on.month, on.day) < (m, d))
