"""关工委 use cases over shequ's public API (``ctx`` is a :class:`shequ.api.PluginContext`).

Units (关工委单位), stations and posts are looked up by name; events and records carry the
unit's name.  Students are minors: nothing here returns a student's name unless the caller
asks for it explicitly (``nominations(..., names=True)``, used only by ``--reveal``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Iterable

from shequ import DataError, NotFound

from .plan import ADULT_FORMS, COMMITTEE_ROLES, ITEMS, MONTHS_CN, STANDARD, Item

if TYPE_CHECKING:
    from shequ.api import PluginContext
    from shequ.periods import Period

Doc = dict[str, Any]
DOMAIN = "guangongwei"
EVENT_TYPES = ("guangongwei.activity", "guangongwei.training", "guangongwei.lecture", "guangongwei.inspection")


# -- units, stations, posts ---------------------------------------------------------------------
def units(ctx: "PluginContext") -> dict[str, tuple[int, Doc]]:
    """Every 关工委单位 by name, in the order they were registered."""
    return ctx.memo("guangongwei.units", lambda: {d["name"]: (rid, d) for rid, d in ctx.records.list("guangongwei.unit")})


def villages(ctx: "PluginContext") -> list[str]:
    """The 村(社区) units' names (the units the month items, targets and reports go through)."""
    return [name for name, (_, d) in units(ctx).items() if d.get("level", "村(社区)") == "村(社区)"]


def stations(ctx: "PluginContext") -> dict[str, tuple[int, Doc]]:
    return ctx.memo("guangongwei.stations",
                    lambda: {d["name"]: (rid, d) for rid, d in ctx.records.list("guangongwei.station")})


def head_station(ctx: "PluginContext") -> tuple[int, Doc] | None:
    return next((found for found in stations(ctx).values() if found[1].get("level") == "总站"), None)


def find_unit(ctx: "PluginContext", name: str) -> tuple[int, Doc]:
    found = units(ctx).get(name.strip())
    if found is None:
        have = "、".join(units(ctx)) or "（还没有登记任何单位：shequ guangongwei unit add 名称）"
        raise NotFound(f"找不到关工委单位：{name}（已登记：{have}）")
    return found


def find_station(ctx: "PluginContext", key: str) -> tuple[int, Doc]:
    """A station by its record id (``12``/``#12``) or its name."""
    text = str(key).strip().lstrip("#")
    if text.isdigit():
        try:
            return int(text), ctx.records.get(text, "guangongwei.station")
        except NotFound:
            raise NotFound(f"找不到编号为 {text} 的辅导站") from None
    found = stations(ctx).get(text)
    if found is None:
        have = "、".join(stations(ctx)) or "（还没有登记辅导站：shequ guangongwei station add）"
        raise NotFound(f"找不到辅导站：{key}（已登记：{have}）")
    return found


def add_unit(ctx: "PluginContext", values: Doc) -> int:
    name = str(values.get("name") or "").strip()
    if name in units(ctx):
        raise DataError(f"已有关工委单位“{name}”（#{units(ctx)[name][0]}）")
    return ctx.records.add("guangongwei.unit", {**values, "name": name})


def set_wuhao(ctx: "PluginContext", name: str, status: str | None, day: date | None, model: bool | None) -> Doc:
    rid, doc = find_unit(ctx, name)
    changes: Doc = {}
    if status is not None:
        changes.update(wuhao=status, wuhao_date=day.isoformat() if day and status not in ("未创建",) else None)
    if model is not None:
        changes["model"] = model
    return ctx.records.edit(rid, changes)


def add_station(ctx: "PluginContext", values: Doc) -> int:
    name = str(values.get("name") or "").strip()
    if name in stations(ctx):
        raise DataError(f"已有辅导站“{name}”（#{stations(ctx)[name][0]}）")
    return ctx.records.add("guangongwei.station", {**values, "name": name})


def _resident(ctx: "PluginContext", who: str) -> tuple[str, int | None]:
    """(name, person id): a name found once in the register is linked; one not found is kept as a name only."""
    text = who.strip()
    try:
        pid = ctx.people.resolve(text)
    except NotFound:
        if text.lstrip("#").isdigit():
            raise
        return text, None
    except DataError as exc:
        raise DataError(f"{exc.message}（同名居民请用编号，如 #12）") from None
    return ctx.people.name(pid), pid


def add_post(ctx: "PluginContext", who: str, role: str, *, unit: str | None = None, station: str | None = None,
             since: date | None = None) -> tuple[int, str, bool]:
    """A 班子 member or a station's 站长/副站长/辅导员; returns (id, name, linked to the register)."""
    name, pid = _resident(ctx, who)
    station_name = None
    if station:
        _, st = find_station(ctx, station)
        station_name = st["name"]
        unit = unit or st.get("unit")
    for rid, p in ctx.records.list("guangongwei.post", role=role):
        same_place = p.get("station") == station_name if station_name else p.get("unit") == unit
        if same_place and not p.get("until") and (p.get("person") == pid if pid else p.get("name") == name):
            raise DataError(f"{name}已是{station_name or unit}的{role}（#{rid}）")
    rid = ctx.records.add("guangongwei.post", {"name": name, "person": pid, "role": role, "unit": unit,
                                               "station": station_name, "since": since.isoformat() if since else None})
    return rid, name, pid is not None


def active(doc: Doc, on: date) -> bool:
    day = on.isoformat()
    return (doc.get("since") or "") <= day and (not doc.get("until") or doc["until"] >= day)


def posts(ctx: "PluginContext", on: date) -> list[tuple[int, Doc]]:
    return [(rid, p) for rid, p in ctx.records.list("guangongwei.post") if active(p, on)]


def wulao_ids(ctx: "PluginContext", on: date) -> set[int]:
    return {d["person"] for _, d in ctx.records.list("guangongwei.wulao") if active(d, on)}


def add_wulao(ctx: "PluginContext", who: str, unit: str, kind: str | None, since: date | None) -> tuple[int, str]:
    pid = ctx.people.resolve(who)
    for rid, d in ctx.records.list("guangongwei.wulao", person=pid):
        if d.get("unit") == unit and not d.get("until"):
            raise DataError(f"{ctx.people.name(pid)}已登记为{unit}的五老志愿者（#{rid}）")
    rid = ctx.records.add("guangongwei.wulao", {"person": pid, "unit": unit, "kind": kind,
                                                "since": since.isoformat() if since else None})
    return rid, ctx.people.name(pid)


def station_detail(ctx: "PluginContext", key: str, year: int) -> Doc:
    """A station with its 班子 (站长、副站长), tutors, reviews and the year's activities."""
    rid, st = find_station(ctx, key)
    staff = [p for _, p in posts(ctx, ctx.today) if p.get("station") == st["name"]]
    reviews = [r for _, r in ctx.records.list("guangongwei.review", station=st["name"])]
    mine = [(eid, e) for eid, e in _held(ctx, year) if (e.get("fields") or {}).get("station") == st["name"]]
    held = [e for _, e in mine]
    youth_ids = {eid for eid, _ in mine}
    youth = sum(1 for _, y in ctx.records.list("guangongwei.youth") if y.get("event") in youth_ids)
    by_type = Counter(e.get("type") for e in held)
    return {"id": rid, **st,
            "leaders": [{"name": p["name"], "role": p["role"]} for p in staff if p["role"] in ("站长", "副站长")],
            "tutors": [p["name"] for p in staff if p["role"] == "辅导员"],
            "reviews": [{"date": r["date"], "kind": r["kind"], "reviewer": r.get("reviewer"), "result": r.get("result"),
                         "findings": r.get("findings")} for r in sorted(reviews, key=lambda r: r["date"])],
            "year": year, "activities": by_type.get("guangongwei.activity", 0),
            "trainings": by_type.get("guangongwei.training", 0),
            "person_times": sum(int(e.get("count") or 0) for e in held), "youth_enrolled": youth}


# -- events -----------------------------------------------------------------------------------
def vacation(ctx: "PluginContext", which: str, year: int) -> tuple[date, date]:
    """The 寒假/暑假 window of *year* from the core's settings (calendar.winter_vacation …)."""
    key = {"寒假": "calendar.winter_vacation", "暑期": "calendar.summer_vacation"}[which]
    (m1, d1), (m2, d2) = ctx.settings[key]
    start = date(year, m1, d1)
    end = date(year if (m2, d2) >= (m1, d1) else year + 1, m2, d2)
    return start, end


def log_event(ctx: "PluginContext", type_id: str, raw: Doc, *, plan: bool) -> tuple[int, list[str]]:
    """Record a held 关工委 event; returns its id and warnings for people (stderr)."""
    day = ctx.parse_date(raw["date"])
    fields = {k: v for k, v in (raw.get("fields") or {}).items() if v not in (None, "", [], ())}
    warnings = []
    if fields.get("station"):
        _, st = find_station(ctx, fields["station"])
        fields["station"] = st["name"]
        fields.setdefault("unit", st.get("unit"))
        if not fields["unit"]:
            fields.pop("unit")
    if plan:
        fields["plan_item"] = MONTHS_CN[day.month - 1]
    term = fields.get("term")
    if term in ("寒假", "暑期"):
        start, end = vacation(ctx, term, day.year)
        if not start <= day <= end:
            prev = vacation(ctx, term, day.year - 1)
            if not prev[0] <= day <= prev[1]:
                key = "winter_vacation" if term == "寒假" else "summer_vacation"
                warnings.append(f"注意：{day.isoformat()} 不在{term}内（{start.isoformat()}～{end.isoformat()}，"
                                f"设置 calendar.{key}）")
    eid = ctx.events.add({"title": raw["title"], "date": day.isoformat(), "type": type_id, "domain": DOMAIN,
                          "status": "done", "place": raw.get("place"), "summary": raw.get("summary"),
                          "count": raw.get("count"), "attendees": list(raw.get("attendees") or ()), "fields": fields})
    return eid, warnings


def youth_form(form: str) -> bool:
    return form not in ADULT_FORMS


def enrol(ctx: "PluginContext", eid: int, people: Iterable[str], school: str | None) -> int:
    """Record the youth participants of an event (masked records, never event attendees)."""
    count = 0
    seen: set[int] = set()
    for who in people:
        pid = ctx.people.resolve(who)
        if pid in seen:
            continue
        seen.add(pid)
        ctx.records.add("guangongwei.youth", {"event": eid, "person": pid, "school": school})
        count += 1
    return count


# -- nominations and reviews ------------------------------------------------------------------------
def nominate(ctx: "PluginContext", values: Doc) -> int:
    pid = ctx.people.resolve(values["student"])
    award = values.get("award") or "三好标兵"
    for rid, d in ctx.records.list("guangongwei.nomination", student=pid, year=int(values["year"])):
        if d.get("award", "三好标兵") == award:
            raise DataError(f"该学生已有{values['year']}年度“{award}”推荐（#{rid}）")  # no name: a minor
    return ctx.records.add("guangongwei.nomination", {**values, "student": pid, "award": award})


def nominations(ctx: "PluginContext", year: int | None, *, names: bool = False) -> list[Doc]:
    """Nominations as rows; the student's name only with *names* (``--reveal``), else the id."""
    found = ctx.records.list("guangongwei.nomination", *(() if year is None else (f"year={year}",)))
    names_of = ctx.people.names(d["student"] for _, d in found) if names else {}
    rows = []
    for rid, d in found:
        met = [text for key, text in STANDARD if d.get(key)]
        rows.append({"id": rid, "student": names_of.get(d["student"], d["student"]) if names else d["student"],
                     "school": d.get("school"), "grade": d.get("grade"), "award": d.get("award", "三好标兵"),
                     "year": d["year"], "date": d.get("date"), "standards": f"{len(met)}/3", "status": d.get("status"),
                     "unit": d.get("unit")})
    return rows


def log_review(ctx: "PluginContext", station: str, values: Doc) -> tuple[int, str]:
    _, st = find_station(ctx, station)
    for rid, r in ctx.records.list("guangongwei.review", station=st["name"], kind=values["kind"]):
        if r["date"] == values["date"]:
            raise DataError(f"{values['date']} 已有对“{st['name']}”的{values['kind']}（#{rid}）")
    return ctx.records.add("guangongwei.review", {**values, "station": st["name"]}), st["name"]


# -- the month-by-month calendar ------------------------------------------------------------------
def _month_span(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    last = (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)
    return first, last


def _held(ctx: "PluginContext", year: int) -> list[tuple[int, Doc]]:
    return ctx.memo(("guangongwei.held", year),
                    lambda: ctx.events.query(domain=DOMAIN, status="done", period=str(year)))


def event_unit(ev: Doc, station_units: dict[str, str | None]) -> str | None:
    f = ev.get("fields") or {}
    return f.get("unit") or station_units.get(f.get("station") or "")


def _targets(ctx: "PluginContext", item: Item) -> tuple[list[tuple[str, Any]], str]:
    """Who the item concerns: [(row label, test(event) -> bool)] and a note on how it was read."""
    st_units = {name: d.get("unit") for name, (_, d) in stations(ctx).items()}
    tops = [name for name, (_, d) in units(ctx).items() if d.get("level") == "区(街道)"]
    own = [(tops[0] if len(tops) == 1 else (ctx.unit or "本级"), lambda ev: True)]
    if item.scope == "本级":
        return own, item.scope_note
    if item.scope == "总站":
        head = head_station(ctx)
        if head is None:
            return own, "未登记校外教育辅导总站，按本级"
        name, unit = head[1]["name"], head[1].get("unit")
        return [(name, lambda ev: (ev.get("fields") or {}).get("station") == name
                 or (unit is not None and event_unit(ev, st_units) == unit))], item.scope_note
    if item.scope == "试点":
        pilots = [d.get("unit") for _, d in stations(ctx).values() if d.get("weekend_pilot") and d.get("unit")]
        if not pilots:
            return [], "没有登记双休日试点辅导站，本单位本月无此项要求"
        return [(u, lambda ev, u=u: event_unit(ev, st_units) == u) for u in pilots], item.scope_note
    names = villages(ctx)
    if not names:
        return own, "未登记村(社区)单位，按本级"
    return [(u, lambda ev, u=u: event_unit(ev, st_units) == u) for u in names], item.scope_note


def who(ctx: "PluginContext", item: Item) -> str:
    """The units an item concerns in this home, for people: “新华村、幸福社区”."""
    targets, note = _targets(ctx, item)
    return "、".join(label for label, _ in targets) or note


STATUS = {"done": "已完成", "late": "逾期后补做", "missed": "未完成（已逾期）", "open": "进行中", "upcoming": "未到期"}


def month_work(ctx: "PluginContext", year: int, month: int) -> Doc:
    """This month's work from the plan (篇5 L108–120): the item, and for each unit it concerns
    whether it was done (a held 关工委 event marked with the month's item)."""
    item = ITEMS[month - 1]
    first, last = _month_span(year, month)
    evs = [(eid, e) for eid, e in _held(ctx, year) if (e.get("fields") or {}).get("plan_item") == item.label]
    targets, note = _targets(ctx, item)
    rows = []
    for label, test in targets:
        mine = [(eid, e) for eid, e in evs if test(e)]
        on_time = [x for x in mine if x[1]["date"] <= last.isoformat()]
        if on_time:
            state = "done"
        elif mine:
            state = "late"
        elif ctx.today > last:
            state = "missed"
        elif ctx.today >= first:
            state = "open"
        else:
            state = "upcoming"
        rows.append({"unit": label, "status": state, "status_label": STATUS[state],
                     "events": [f"#{eid} {e['date']} {e.get('title', '')}" for eid, e in mine]})
    done = sum(1 for r in rows if r["status"] == "done")
    review = reviewed(ctx, year, {8: "点评", 12: "考核"}[month]) if month in (8, 12) else None
    return {"year": year, "review": review, "month": month, "label": item.label, "item": fill_year(item.text, year), "work": fill_year(item.work, year),
            "source": item.source, "scope": item.scope, "scope_note": note, "anchor": item.anchor, "rows": rows,
            "done": done, "total": len(rows), "due": last.isoformat(), "late": sum(1 for r in rows if r["status"] == "late"),
            "missed": [r["unit"] for r in rows if r["status"] == "missed"]}


def centres(ctx: "PluginContext") -> list[str]:
    """The 村(社区)中心站 (what the 区/街道 reviews in 八月 and assesses in 十二月)."""
    return [name for name, (_, d) in stations(ctx).items() if d.get("level") == "村(社区)中心站"]


def reviewed(ctx: "PluginContext", year: int, kind: str) -> Doc:
    """Which 中心站 had a *kind* review (点评/考核) in *year*, and which did not."""
    done = {r["station"] for _, r in ctx.records.list("guangongwei.review", kind=kind) if r["date"][:4] == str(year)}
    names = centres(ctx)
    return {"kind": kind, "done": [n for n in names if n in done], "missing": [n for n in names if n not in done],
            "total": len(names), "text": f"{kind}：{len(done & set(names))}/{len(names)}个中心站"
            + (f"，未{kind}：{'、'.join(n for n in names if n not in done)}" if set(names) - done else "")}


def fill_year(text: str, year: int) -> str:
    """The source's “20xx年度” placeholder, filled with the plan's year."""
    return text.replace("20xx", str(year))


def month_state(work: Doc) -> str:
    if not work["total"]:
        return "无此项要求"
    if work["done"] == work["total"]:
        return "已完成"
    states = {r["status"] for r in work["rows"]}
    if states <= {"upcoming"}:
        return "未到期"
    if states <= {"open", "upcoming"}:
        return "进行中"
    if work["done"] or work["late"]:
        return f"部分完成（{work['done']}/{work['total']}）"
    return "未完成" if "missed" in states else "进行中"


def year_work(ctx: "PluginContext", year: int, months: Iterable[int] = range(1, 13)) -> list[Doc]:
    return [month_work(ctx, year, m) for m in months]


# -- figures per unit ------------------------------------------------------------------------------
def unit_figures(ctx: "PluginContext", period: "Period") -> list[Doc]:
    """Per unit (and a row for events naming no unit): activities, trainings and their 人次,
    youth 人次, 宣讲 and inspections in *period*."""
    st_units = {name: d.get("unit") for name, (_, d) in stations(ctx).items()}
    names = list(units(ctx))
    rows = {n: {"unit": n, "activities": 0, "trainings": 0, "training_times": 0, "youth_times": 0, "lectures": 0,
                "inspections": 0} for n in names}
    other = {"unit": "（未注明单位）", "activities": 0, "trainings": 0, "training_times": 0, "youth_times": 0,
             "lectures": 0, "inspections": 0}
    s, e = period.start.isoformat(), period.end.isoformat()
    for _, ev in ctx.events.query(domain=DOMAIN, status="done", period=period):
        if not s <= ev["date"] <= e or ev.get("type") not in EVENT_TYPES:
            continue
        row = rows.get(event_unit(ev, st_units) or "", other)
        times = int(ev.get("count") or len(ev.get("attendees", [])))
        kind = ev["type"].split(".")[1]
        if kind == "activity":
            row["activities"] += 1
        elif kind == "training":
            row["trainings"] += 1
            row["training_times"] += times
        elif kind == "lecture":
            row["lectures"] += 1
        else:
            row["inspections"] += 1
        if (ev.get("fields") or {}).get("audience") == "青少年" or kind == "lecture":
            row["youth_times"] += times
    out = list(rows.values())
    if any(other[k] for k in other if k != "unit"):
        out.append(other)
    return out


def youth_enrolled(ctx: "PluginContext", period: "Period") -> int:
    """How many youth participants (records) were enrolled in the period's events: a count, never names."""
    ids = {eid for eid, ev in ctx.events.query(domain=DOMAIN, status="done", period=period)}
    return sum(1 for _, y in ctx.records.list("guangongwei.youth") if y.get("event") in ids)


def trainings(ctx: "PluginContext", period: "Period") -> Counter[str]:
    """Held trainings in the period, by audience."""
    return Counter((e.get("fields") or {}).get("audience") or "" for _, e in
                   ctx.events.query(type="guangongwei.training", status="done", period=period))


# -- 五好 creation, targets, reading rooms -------------------------------------------------------------
def reading_rooms(ctx: "PluginContext") -> list[Doc]:
    rooms = {d["unit"]: d for _, d in ctx.records.list("guangongwei.reading_room")}
    pcs: dict[str, Counter[str]] = {}
    for _, d in ctx.records.list("guangongwei.pc"):
        if d["date"] <= ctx.today.isoformat():
            pcs.setdefault(d["unit"], Counter())[d["source"]] += int(d["count"])
    need = ctx.settings["guangongwei.pcs_self"]
    rows = []
    for name in villages(ctx):
        c = pcs.get(name, Counter())
        rows.append({"unit": name, "room": bool(rooms.get(name)), "opened": (rooms.get(name) or {}).get("opened"),
                     "self": c["自行配备"], "higher": c["上级扶持"], "self_met": c["自行配备"] >= need})
    return rows


def targets(ctx: "PluginContext") -> list[Doc]:
    """The goals of 篇5 L96, L103 and L107 against the units' recorded status (as of today)."""
    s = ctx.settings
    vill = villages(ctx)
    docs = {name: units(ctx)[name][1] for name in vill}
    wuhao = [n for n in vill if docs[n].get("wuhao") == "市级“五好”示范"]
    xianjin = [n for n in vill if docs[n].get("wuhao") == "市级先进" or
               (s["guangongwei.xianjin_includes_wuhao"] and n in wuhao)]
    started = [n for n in vill if docs[n].get("wuhao", "未创建") != "未创建"]
    models = [n for n in vill if docs[n].get("model")]
    centres = {d.get("unit"): d["name"] for _, d in stations(ctx).values() if d.get("level") == "村(社区)中心站"}
    heads = {p.get("station") for _, p in posts(ctx, ctx.today) if p.get("role") == "站长"}
    staffed = [n for n in vill if centres.get(n) in heads]
    rooms = reading_rooms(ctx)
    self_met = [r["unit"] for r in rooms if r["self_met"]]
    higher = s["guangongwei.pcs_higher"]
    per_unit = s["guangongwei.pcs_higher_scope"] == "每个单位"
    got_higher = sum(r["higher"] for r in rooms)
    higher_units = [r["unit"] for r in rooms if r["higher"] >= higher]

    def row(goal: str, want: str, have: list[str] | str, met: bool, source: str, count: int | None = None) -> Doc:
        text = have if isinstance(have, str) else (f"{len(have)}个" + (f"（{'、'.join(have)}）" if have else ""))
        return {"goal": goal, "target": want, "actual": text, "count": len(have) if count is None else count,
                "met": met, "source": source}

    out = [
        row("市级关心下一代先进村(社区)", f"确保{s['guangongwei.target_xianjin']}个", xianjin,
            len(xianjin) >= s["guangongwei.target_xianjin"], "篇5 L107"),
        row("市级“五好”示范村(社区)", f"力争{s['guangongwei.target_wuhao']}个", wuhao,
            len(wuhao) >= s["guangongwei.target_wuhao"], "篇5 L107"),
        row("开展“五好”关工委创建的村(社区)", f"全部{len(vill)}个村(社区)", started, bool(vill) and len(started) == len(vill),
            "篇5 L96“开展各村(社区)创建‘五好’关工委活动”"),
        row("关工委示范建设", f"抓好{s['guangongwei.target_models']}个以上（原文2-3个）", models,
            len(models) >= s["guangongwei.target_models"], "篇5 L107"),
        row("村(社区)中心辅导站班子健全（有站长）", f"全部{len(vill)}个村(社区)", staffed,
            bool(vill) and len(staffed) == len(vill), "篇5 L96、L113"),
        row("自行配备电脑的村(社区)", f"力争{s['guangongwei.reading_room_units']}个以上，各{s['guangongwei.pcs_self']}台",
            self_met, len(self_met) >= s["guangongwei.reading_room_units"], "篇5 L103"),
    ]
    if per_unit:
        out.append(row("争取上级扶持电脑", f"每个村(社区){higher}台（设置 pcs_higher_scope）", higher_units,
                       bool(vill) and len(higher_units) == len(vill), "篇5 L103"))
    else:
        out.append(row("争取上级扶持电脑", f"合计{higher}台（设置 pcs_higher_scope）", f"{got_higher}台", got_higher >= higher,
                       "篇5 L103", count=got_higher))
    return out


def wuhao_runs(ctx: "PluginContext", year: int) -> dict[str, Any]:
    """The year's “五好”关工委 checklist run of each unit (``checklist start guangongwei.wuhao --unit 名称``)."""
    return {r.unit: r for r in ctx.checklists.results(str(year)) if r.template == "guangongwei.wuhao" and r.unit}


def short(text: str) -> str:
    """A checklist item's name without its citation."""
    return text.split("（", 1)[0]


def wuhao_summary(ctx: "PluginContext", year: int) -> list[Doc]:
    """The 九月份 阶段性小结 of the 五好 creation: each 村(社区)'s status and its weak points (薄弱环节)."""
    runs = wuhao_runs(ctx, year)
    rows = []
    for name in villages(ctx):
        doc = units(ctx)[name][1]
        run = runs.get(name)
        if run is None:
            progress, weak = "未开始自查", "未开始自查"
        else:
            done, applicable, na = run.counts()  # 不适用 items are neither done nor missing
            progress = f"{done}/{applicable}" + (f"（不适用{na}项）" if na else "")
            weak = "、".join(short(i.text) for i in run.items if i.state in ("open", "unmet")) or "无"
        rows.append({"unit": name, "wuhao": doc.get("wuhao", "未创建"), "since": doc.get("wuhao_date"),
                     "model": bool(doc.get("model")), "progress": progress, "weak": weak})
    return rows


def documents(ctx: "PluginContext", year: int) -> dict[str, list[str]]:
    """The 关工委's registered plan/summary/台账 documents (``core.document``) of *year*, by kind."""
    out: dict[str, list[str]] = {}
    for _, d in ctx.records.list("core.document"):
        if d.get("domain") in ("关工委", DOMAIN) and str(d.get("period", ""))[:4] == str(year):
            out.setdefault(d["kind"], []).append(d.get("title", ""))
    return out


def assessment(ctx: "PluginContext", year: int) -> Doc:
    """The 十二月份 work: 考核 of each station (and the 点评 of 八月份), the year's items, 总结 and 存档."""
    reviews = [r for _, r in ctx.records.list("guangongwei.review") if r["date"][:4] == str(year)]
    rows = []
    for name in centres(ctx):
        st = stations(ctx)[name][1]
        mine = sorted((r for r in reviews if r["station"] == name), key=lambda r: r["date"])
        dianping = [r for r in mine if r["kind"] == "点评"]
        kaohe = [r for r in mine if r["kind"] == "考核"]
        rows.append({"station": name, "unit": st.get("unit") or "", "dianping": dianping[-1]["date"] if dianping else "",
                     "kaohe": kaohe[-1]["date"] if kaohe else "", "result": kaohe[-1].get("result") or "" if kaohe else "",
                     "findings": (kaohe or dianping)[-1].get("findings") or "" if (kaohe or dianping) else ""})
    docs = documents(ctx, year)
    return {"year": year, "stations": rows, "assessed": sum(1 for r in rows if r["kaohe"]),
            "reviewed": sum(1 for r in rows if r["dianping"]), "summary": docs.get("总结", []),
            "archive": docs.get("台账", []), "plan": docs.get("计划", [])}


def committee(ctx: "PluginContext", name: str, on: date) -> Doc:
    """A unit's 关工委: status, 班子 (and which members are 五老), stations, 五老 count."""
    rid, doc = find_unit(ctx, name)
    wulao = wulao_ids(ctx, on)
    members = [{"name": p["name"], "role": p["role"], "wulao": p.get("person") in wulao}
               for _, p in posts(ctx, on) if p.get("unit") == name and p["role"] in COMMITTEE_ROLES]
    order = {r: i for i, r in enumerate(COMMITTEE_ROLES)}
    members.sort(key=lambda m: order[m["role"]])
    return {"id": rid, **doc, "members": members,
            "stations": [st["name"] for _, st in stations(ctx).values() if st.get("unit") == name],
            "wulao": sum(1 for _, d in ctx.records.list("guangongwei.wulao", unit=name) if active(d, on))}
