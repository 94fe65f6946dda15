"""``shequ calendar …``: events, festivals, workdays, the month grid, ICS, reminders."""

from __future__ import annotations

from typing import Any

import click

from shequ.cli import completion as complete
from shequ.cli.options import app, output_options, say

EVENT_COLUMNS = [("id", "编号"), ("date", "日期"), ("weekday", "星期"), ("time", "时间"), ("title", "标题"),
                 ("domain", "条线"), ("type", "类型"), ("place", "地点"), ("status", "状态"), ("count", "人次")]


def _fields(pairs: tuple[str, ...]) -> dict[str, str]:
    from shequ.records.records import parse_assignments

    return parse_assignments(pairs)


def workcal(a: Any) -> Any:
    from shequ.calendar.workdays import WorkCalendar

    return WorkCalendar(a.home.path)


def plugin_festivals(a: Any) -> list[tuple[str, dict[str, Any]]]:
    from shequ.calendar.festivals import plugin_festivals as festivals_of

    return festivals_of(a.pm)


def warn_unknown_years(wc: Any) -> None:
    message = wc.warning()
    if message:
        say(message)


@click.group(name="calendar")
def calendar_group() -> None:
    """活动日历：计划与开展、签到、节日、工作日、月历、ICS 导入导出。"""


@calendar_group.command(name="add")
@click.argument("title")
@click.option("--date", "day", required=True, metavar="DATE", help="日期，如 2025-03-05、3月5日")
@click.option("--time", "time_", metavar="HH:MM", help="开始时间")
@click.option("--end", metavar="HH:MM|DATE", help="结束时间（同一天）或结束日期（多日活动）")
@click.option("--domain", help="条线：党建、普法、妇联、关工委、科普、环保……")
@click.option("--type", "type_id", shell_complete=complete.event_types, help="活动类型（shequ record types 中种类为“活动”的），默认 core.activity")
@click.option("--place", help="地点")
@click.option("--field", "-F", "fields", multiple=True, metavar="K=V", help="活动类型的字段，如 --field form=讲座")
@click.option("--duty", help="此活动完成的职责编号")
@click.option("--done", "is_done", is_flag=True, help="已开展（补登记）")
def add_cmd(title: str, day: str, time_: str | None, end: str | None, domain: str | None, type_id: str | None,
            place: str | None, fields: tuple[str, ...], duty: str | None, is_done: bool) -> None:
    """添加一项活动（默认为计划）。

    \b
    例：
      shequ calendar add 三月党课 --date 2025-03-05 --time 14:30 --domain 党建 --place 党群服务中心
      shequ cal add 普法讲座 --date 3月15日 --field form=讲座 --field theme=消费者权益保护
    """
    from shequ.calendar.events import add_event

    a = app()
    raw: dict[str, Any] = {"title": title, "date": day, "time": time_, "domain": domain, "type": type_id,
                           "place": place, "fields": _fields(fields), "duty": duty,
                           "status": "done" if is_done else "planned"}
    if end:
        raw["end_time" if ":" in end or "：" in end else "end_date"] = end
    with a.home.transaction(f"calendar add {title}") as session:
        eid, _ = add_event(a.context(session), raw)
    click.echo(eid)
    say(f"已添加活动“{title}”（#{eid}）")


def _event_rows(a: Any, found: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    from datetime import date

    from shequ.calendar.events import STATUSES, domain_label, weekday_cn

    rows = []
    for eid, ev in found:
        rows.append({
            "id": eid, "date": ev["date"], "weekday": weekday_cn(date.fromisoformat(ev["date"])),
            "time": ev.get("time"), "end_time": ev.get("end_time"), "end_date": ev.get("end_date"),
            "title": ev.get("title"), "domain": ev.get("domain"), "domain_name": domain_label(ev.get("domain")),
            "type": ev.get("type"), "place": ev.get("place"), "status": ev.get("status"),
            "status_name": STATUSES.get(ev.get("status", ""), ""), "count": ev.get("count"),
            "attendees": ev.get("attendees", []), "summary": ev.get("summary"), "evidence": ev.get("evidence", []),
            "duty": ev.get("duty"), "fields": ev.get("fields", {}), "uid": ev.get("uid"),
        })
    return rows


def _table_view(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "domain": r["domain_name"], "status": r["status_name"]} for r in rows]


@calendar_group.command(name="list")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年），如 2025-03、2025-Q1、2025-H1")
@click.option("--domain", help="只看某条线")
@click.option("--type", "type_id", shell_complete=complete.event_types, help="只看某种活动类型")
@click.option("--status", type=click.Choice(["planned", "done", "cancelled"]), help="只看某种状态")
@output_options
def list_cmd(period: str | None, domain: str | None, type_id: str | None, status: str | None, out: Any) -> None:
    """列出活动（按日期）。"""
    from shequ.calendar.events import domain_id, select
    from shequ.common.output import Column
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period or "this-year", today=a.today)
    with a.home.read() as session:
        rows = _event_rows(a, select(session, period=span, domain=domain_id(domain), type_id=type_id, status=status))
    if out.fmt != "json" and out.fmt != "jsonl":
        rows = _table_view(rows)
    out.rows(rows, [Column(k, h) for k, h in EVENT_COLUMNS])


@calendar_group.command(name="agenda")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本月）")
@click.option("--domain", help="只看某条线")
@output_options
def agenda_cmd(period: str | None, domain: str | None, out: Any) -> None:
    """按日列出活动、节日和休息日（默认本月）。"""
    from datetime import date, timedelta

    from shequ.calendar.events import domain_id, domain_label, select
    from shequ.calendar.festivals import by_date, festivals
    from shequ.common.output import Column
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period or "this-month", today=a.today)
    wc = workcal(a)
    extra = plugin_festivals(a)
    named: dict[date, list[str]] = {}
    for y in range(span.start.year, span.end.year + 1):
        named.update(by_date(festivals(y, extra)))
    with a.home.read() as session:
        found = select(session, period=span, domain=domain_id(domain))
    per_day: dict[str, list[dict[str, Any]]] = {}
    for eid, ev in found:
        if ev.get("status") != "cancelled":
            per_day.setdefault(ev["date"], []).append({"id": eid, **ev})
    rows = []
    d = span.start
    while d <= span.end:
        info = wc.info(d)
        items = per_day.get(d.isoformat(), [])
        names = named.get(d, [])
        if items or names or info.kind in ("节假日", "调休上班"):
            rows.append({
                "date": d.isoformat(), "weekday": "周" + "一二三四五六日"[d.weekday()],
                "day_kind": info.kind + (f"（{info.name}）" if info.name else ""),
                "festivals": names,
                "events": [f"{e.get('time') or ''} {e['title']}（{domain_label(e.get('domain')) or '综合'}，#{e['id']}）".strip()
                           for e in items],
            })
        d += timedelta(days=1)
    warn_unknown_years(wc)
    out.rows(rows, [Column("date", "日期"), Column("weekday", "星期"), Column("day_kind", "日子"),
                    Column("festivals", "节日"), Column("events", "活动")])


@calendar_group.command(name="show")
@click.argument("event", metavar="EVENT")
@output_options
def show_cmd(event: str, out: Any) -> None:
    """显示一项活动的全部内容、签到和佐证。"""
    from shequ.calendar.events import find_event
    from shequ.common.output import Column
    from shequ.records.records import ref_label

    a = app()
    with a.home.read() as session:
        eid, ev = find_event(session, event)
        (row,) = _event_rows(a, [(eid, ev)])
        if out.fmt not in ("json", "jsonl"):
            row = _table_view([row])[0]
            row["attendees"] = [ref_label(session, "person", pid) for pid in row["attendees"]]
            row["fields"] = "；".join(f"{k}={v}" for k, v in row["fields"].items())
    cols = [Column(k, h) for k, h in EVENT_COLUMNS] + [
        Column("end_time", "结束时间"), Column("end_date", "结束日期"), Column("fields", "字段"),
        Column("attendees", "参加人员"), Column("summary", "小结"), Column("evidence", "佐证材料"),
        Column("duty", "对应职责"), Column("uid", "UID")]
    out.record(row, cols)


@calendar_group.command(name="edit")
@click.argument("event", metavar="EVENT")
@click.option("--title")
@click.option("--date", "day", metavar="DATE")
@click.option("--time", "time_", metavar="HH:MM")
@click.option("--domain")
@click.option("--type", "type_id", shell_complete=complete.event_types)
@click.option("--place")
@click.option("--field", "-F", "fields", multiple=True, metavar="K=V")
@click.option("--duty")
def edit_cmd(event: str, title: str | None, day: str | None, time_: str | None, domain: str | None,
             type_id: str | None, place: str | None, fields: tuple[str, ...], duty: str | None) -> None:
    """修改一项活动。"""
    from shequ.calendar.events import edit_event

    a = app()
    raw = {k: v for k, v in {"title": title, "date": day, "time": time_, "domain": domain, "type": type_id,
                             "place": place, "duty": duty}.items() if v is not None}
    if fields:
        raw["fields"] = _fields(fields)
    if not raw:
        raise click.UsageError("没有要修改的内容")
    with a.home.transaction(f"calendar edit {event}") as session:
        eid, _ = edit_event(a.context(session), event, raw)
    say(f"已修改活动 #{eid}")


@calendar_group.command(name="cancel")
@click.argument("event", metavar="EVENT")
@click.option("--reason", help="取消原因")
def cancel_cmd(event: str, reason: str | None) -> None:
    """取消一项计划中的活动。"""
    from shequ.calendar.events import cancel_event

    a = app()
    with a.home.transaction(f"calendar cancel {event}") as session:
        eid, ev = cancel_event(session, event, reason)
    say(f"已取消活动“{ev.get('title')}”（#{eid}）")


@calendar_group.command(name="done")
@click.argument("event", metavar="EVENT")
@click.option("--attendee", "-a", "attendees", multiple=True, metavar="PERSON", shell_complete=complete.people, help="参加人员（编号或姓名），可多次")
@click.option("--count", type=int, help="参与人次（默认为签到人数）")
@click.option("--summary", help="小结")
@click.option("--evidence", multiple=True, metavar="FILE", help="佐证材料（照片、签到表……），可多次")
def done_cmd(event: str, attendees: tuple[str, ...], count: int | None, summary: str | None,
             evidence: tuple[str, ...]) -> None:
    """登记活动已开展：签到、人次、小结、佐证。"""
    from shequ.calendar.events import mark_done

    a = app()
    with a.home.transaction(f"calendar done {event}") as session:
        eid, ev = mark_done(a.context(session), event, attendees=attendees, count=count, summary=summary,
                            evidence=evidence)
    say(f"已登记活动“{ev.get('title')}”（#{eid}）：{ev.get('count') or 0} 人次")


@calendar_group.command(name="festivals")
@click.option("--year", type=int, help="年份（默认今年）")
@click.option("--kind", type=click.Choice(["all", "festival", "term"]), default="all", help="全部 / 只看节日 / 只看节气")
@output_options
def festivals_cmd(year: int | None, kind: str, out: Any) -> None:
    """列出一年的节日、纪念日和二十四节气（含农历节日与插件节日）。"""
    from shequ.calendar.festivals import festivals
    from shequ.common.output import Column

    a = app()
    days = festivals(a.today.year if year is None else year, plugin_festivals(a))
    if kind == "festival":
        days = [d for d in days if d.kind != "节气"]
    elif kind == "term":
        days = [d for d in days if d.kind == "节气"]
    rows = [{"date": d.day.isoformat(), "weekday": "周" + "一二三四五六日"[d.day.weekday()], "name": d.name,
             "kind": d.kind, "source": d.source} for d in days]
    out.rows(rows, [Column("date", "日期"), Column("weekday", "星期"), Column("name", "名称"),
                    Column("kind", "历法"), Column("source", "出处")])


@calendar_group.command(name="workday")
@click.argument("days", metavar="DATE...", nargs=-1, required=True)
@output_options
def workday_cmd(days: tuple[str, ...], out: Any) -> None:
    """某天是工作日、休息日、节假日还是调休上班（调休按国务院通知）。"""
    from shequ.common.output import Column
    from shequ.periods import parse_date

    a = app()
    wc = workcal(a)
    rows = []
    for text in days:
        info = wc.info(parse_date(text, today=a.today))
        rows.append({"date": info.day.isoformat(), "weekday": "周" + "一二三四五六日"[info.day.weekday()],
                     "kind": info.kind, "name": info.name, "workday": info.workday, "known": info.known})
    warn_unknown_years(wc)
    if out.fmt == "table" and len(rows) == 1 and not out.path:
        r = rows[0]
        click.echo(f"{r['date']}（{r['weekday']}）：{r['kind']}" + (f"（{r['name']}）" if r["name"] else ""))
        return
    out.rows(rows, [Column("date", "日期"), Column("weekday", "星期"), Column("kind", "类型"), Column("name", "节日")])


@calendar_group.command(name="month")
@click.argument("which", metavar="MONTH", required=False)
@output_options
def month_cmd(which: str | None, out: Any) -> None:
    """月历：标出休/班、节日和每天的活动数，如 shequ calendar month 2025-10。"""
    from shequ.calendar.events import select
    from shequ.common.output import Column
    from shequ.periods import parse_period
    from shequ.calendar.grid import month_grid

    from shequ.calendar.festivals import check_year

    a = app()
    span = parse_period(which or "this-month", today=a.today)
    if span.kind != "month":
        raise click.UsageError(f"请给出一个月份，如 2025-10：{which}")
    check_year(span.start.year)
    wc = workcal(a)
    with a.home.read() as session:
        found = [ev for _, ev in select(session, period=span) if ev.get("status") != "cancelled"]
    days = month_grid_data(span, wc, plugin_festivals(a), found)
    warn_unknown_years(wc)
    if out.fmt == "table" and not out.path:
        click.echo(month_grid(span, days))
        return
    out.rows(days, [Column("date", "日期"), Column("weekday", "星期"), Column("kind", "类型"),
                    Column("festivals", "节日"), Column("events", "活动数")])


def month_grid_data(span: Any, wc: Any, extra: Any, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from datetime import timedelta

    from shequ.calendar.festivals import by_date, festivals

    named = by_date(festivals(span.start.year, extra))
    counts: dict[str, int] = {}
    for ev in events:
        counts[ev["date"]] = counts.get(ev["date"], 0) + 1
    out = []
    d = span.start
    while d <= span.end:
        info = wc.info(d)
        out.append({"date": d.isoformat(), "weekday": "周" + "一二三四五六日"[d.weekday()], "kind": info.kind,
                    "holiday": info.name, "festivals": named.get(d, []), "events": counts.get(d.isoformat(), 0)})
        d += timedelta(days=1)
    return out


@calendar_group.command(name="upcoming")
@click.option("--days", type=int, default=7, show_default=True, help="往后看几天")
@output_options
def upcoming_cmd(days: int, out: Any) -> None:
    """接下来几天的活动、节日和放假安排（适合每天由 cron 发邮件提醒）。"""
    from datetime import timedelta

    from shequ.calendar.events import domain_label, select
    from shequ.calendar.festivals import by_date, festivals
    from shequ.common.output import Column
    from shequ.periods import Period

    a = app()
    if days < 1:
        raise click.UsageError("--days 至少为 1")
    start = a.today
    span = Period(start, start + timedelta(days=days - 1), "upcoming", "range")
    wc = workcal(a)
    named: dict[Any, list[str]] = {}
    for y in range(span.start.year, span.end.year + 1):
        named.update(by_date(festivals(y, plugin_festivals(a))))
    with a.home.read() as session:
        found = select(session, period=span)
    rows = []
    for eid, ev in found:
        if ev.get("status") == "planned":
            rows.append({"date": ev["date"], "what": "活动", "title": ev.get("title"), "time": ev.get("time"),
                         "place": ev.get("place"), "domain": domain_label(ev.get("domain")), "id": eid})
    d = span.start
    while d <= span.end:
        for name in named.get(d, []):
            rows.append({"date": d.isoformat(), "what": "节日", "title": name})
        info = wc.info(d)
        if info.kind in ("节假日", "调休上班"):
            rows.append({"date": d.isoformat(), "what": info.kind, "title": info.name or "调休上班"})
        d += timedelta(days=1)
    rows.sort(key=lambda r: (r["date"], r.get("time") or "", r["what"]))
    warn_unknown_years(wc)
    if out.fmt == "table" and not out.path:
        if not rows:
            click.echo(f"{start.isoformat()} 起 {days} 天内没有安排")
            return
        for r in rows:
            extra = "，".join(x for x in (r.get("time"), r.get("place"), r.get("domain")) if x)
            click.echo(f"{r['date']} {r['what']}：{r['title']}" + (f"（{extra}）" if extra else ""))
        return
    out.rows(rows, [Column("date", "日期"), Column("what", "类别"), Column("title", "内容"), Column("time", "时间"),
                    Column("place", "地点")])


@calendar_group.command(name="export")
@click.argument("path", metavar="FILE")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年）")
@click.option("--festivals/--no-festivals", "with_festivals", default=False, help="同时导出农历节日（RDATE）")
@click.option("--duties/--no-duties", "with_duties", default=True, help="同时导出固定日期的职责（RRULE）")
def export_cmd(path: str, period: str | None, with_festivals: bool, with_duties: bool) -> None:
    """导出到手机日历（.ics），或 .csv / .json / .xlsx 台账。"""
    from shequ.calendar.events import select
    from shequ.common.output import Column, format_for
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period or "this-year", today=a.today)
    if path.lower().endswith(".ics"):
        from shequ.duties.rules import effective
        from shequ.calendar.ics import export_ics
        from shequ.common.output import write_file

        with a.home.read() as session:
            found = select(session, period=span)
            duties = [d for d in effective(a.pm, session).values() if d.get("enabled", True) and d["kind"] == "fixed"] if with_duties else []
            meta = session.view("meta").get("meta", {}).get("1", {})
        wc = workcal(a)
        data = export_ics(found, span, duties=duties, workcal=wc,
                          festivals=plugin_festivals(a) if with_festivals else None, name=meta.get("name") or "shequ")
        write_file(path, data)
        say(f"已导出 {len(found)} 项活动" + (f"、{len(duties)} 项固定职责" if duties else "") + f"到 {path}")
        return
    from shequ.common.exporting import EXPORT_FORMATS, export_rows

    format_for(path, None, allowed=EXPORT_FORMATS)
    with a.home.read() as session:
        rows = _table_view(_event_rows(a, select(session, period=span)))
        from shequ.records.records import ref_label

        for r in rows:
            r["attendees"] = [ref_label(session, "person", pid) for pid in r["attendees"]]
    cols = [Column(k, h) for k, h in EVENT_COLUMNS] + [Column("attendees", "参加人员"), Column("summary", "小结")]
    export_rows(path, rows, cols, title=f"活动台账（{span.title}）", text_keys={"date", "time", "title"})
    say(f"已导出 {len(rows)} 项活动到 {path}")


@calendar_group.command(name="import")
@click.argument("path", metavar="FILE")
@click.option("--skip-invalid", is_flag=True, help="只导入正确的行（表格文件），错误的行写入 FILE.rejected.csv")
@click.option("--period", "-p", metavar="PERIOD",
              help="（.ics）只导入此期间的活动，重复活动在此期间内展开；默认展开今年的")
def import_cmd(path: str, skip_invalid: bool, period: str | None) -> None:
    """从 .ics 或活动台账 .csv/.xlsx/.json 导入活动；可重复导入，不会重复添加。

    .ics 按 UID 识别（有变化的更新）：重复活动（RRULE）按期间展开为每一次的计划活动，
    每次的 UID 为“UID/原定时间”；手机上的“已确认”不算已开展，开展情况在本程序登记。
    表格有 UID 列的按 UID，否则按 日期+开始时间+标题 识别：
    与已有活动（或文件中前面的行）相同的行跳过并计数。
    """
    from pathlib import Path

    from shequ.calendar.io import import_events
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period, today=a.today) if period is not None else None
    with a.home.transaction(f"calendar import {path}") as session:
        result = import_events(a.context(session), path, skip_invalid=skip_invalid, period=span)
    nothing = "；没有新数据，未写入" if not result.added and not result.updated else ""
    if Path(path).suffix.lower() == ".ics":
        note = f"；{result.note}" if result.note else ""
        say(f"已导入活动：新增 {result.added}，更新 {result.updated}，未变 {result.unchanged}{note}{nothing}")
    else:
        skipped = f"，跳过已有 {result.duplicates} 项（UID 或 日期+时间+标题相同）" if result.duplicates else ""
        say(f"已导入活动：新增 {result.added}{skipped}{nothing}")
    if result.rejected:
        from shequ.records.records import write_rejected

        target = write_rejected(path, result.headers, result.rejected)
        say(f"有 {len(result.rejected)} 行有误未导入，已连同原因写入 {target}")


from shequ.calendar.evidence import evidence_cmd  # noqa: E402  (its own module: listing and export)

calendar_group.add_command(evidence_cmd)
