"""``shequ duties …``: recurring rules, whether they are met, and planning them."""

from __future__ import annotations

from typing import Any

import click

from shequ.cli.options import app, output_options, say


@click.group(name="duties")
def duties_group() -> None:
    """工作职责：定期、定量（党课年不少于四次……）、时段、按人、截止、间隔提醒；完成情况与计划。"""


def _summary(d: dict[str, Any]) -> str:
    from shequ.duties.rules import PERIODS

    kind = d["kind"]
    if kind == "fixed":
        return f"{d.get('rrule')}" + (f"，{d['shift']}" if d.get("shift", "none") != "none" else "")
    if kind in ("quota", "per_person"):
        lo, hi = d.get("min"), d.get("max")
        rng = f"{lo:g}–{hi:g}" if lo is not None and hi is not None else (f"≥{lo:g}" if lo is not None else f"≤{hi:g}")
        who = "每人" if kind == "per_person" else ""
        return f"{PERIODS.get(d.get('per'), d.get('per'))}{who}{rng}" + (f"（{d['metric']}）" if d.get("metric") else "")
    if kind == "window":
        return f"{d.get('window')} ≥{d.get('min', 1)}"
    if kind == "deadline":
        return f"{d.get('due')} 前"
    return f"连续 {d.get('months')} 个月未参加则提醒"


@duties_group.command(name="list")
@click.option("--domain", help="只看某条线")
@click.option("--all", "show_all", is_flag=True, help="包括已停用的")
@output_options
def list_cmd(domain: str | None, show_all: bool, out: Any) -> None:
    """列出职责（插件默认的和本社区自定义的）。"""
    from shequ.duties.rules import KINDS, effective
    from shequ.calendar.events import domain_id, domain_label
    from shequ.common.output import Column

    a = app()
    dom = domain_id(domain)
    with a.home.read() as session:
        duties = effective(a.pm, session)
    rows = []
    for did, d in sorted(duties.items()):
        if dom and d.get("domain") != dom:
            continue
        if not show_all and not d.get("enabled", True):
            continue
        rows.append({"id": did, "title": d.get("title"), "domain": d.get("domain"), "kind": d["kind"],
                     "rule": _summary(d), "enabled": d.get("enabled", True), "source": d.get("source", ""),
                     "plugin": d.get("plugin", "")})
    if out.fmt == "table":
        rows = [{**r, "domain": domain_label(r["domain"]), "kind": KINDS[r["kind"]]} for r in rows]
    out.rows(rows, [Column("id", "编号"), Column("title", "名称"), Column("domain", "条线"), Column("kind", "类型"),
                    Column("rule", "规则"), Column("enabled", "启用"), Column("source", "出处")])


@duties_group.command(name="show")
@click.argument("duty_id", metavar="ID")
@output_options
def show_cmd(duty_id: str, out: Any) -> None:
    """显示一项职责的全部设置。"""
    from shequ.duties.rules import effective, get
    from shequ.common.output import Column

    a = app()
    with a.home.read() as session:
        d = dict(get(effective(a.pm, session), duty_id))
    if out.fmt in ("json", "jsonl"):
        out.record(d, [])
        return
    d["rule"] = _summary(d)
    keys = ["id", "title", "kind", "domain", "rule", "rrule", "shift", "per", "min", "max", "window", "due",
            "months", "population", "metric", "match", "schedule", "type", "time", "enabled", "source", "plugin"]
    out.record({k: (d.get(k) if not isinstance(d.get(k), dict) else str(d.get(k))) for k in keys},
               [Column(k, k) for k in keys if d.get(k) is not None])


def _change(duty_id: str, change: dict[str, Any], action: str) -> dict[str, Any]:
    from shequ.duties.rules import effective, get, store_change, validate
    from shequ.errors import ValidationError

    a = app()
    with a.home.transaction(f"duties {action} {duty_id}") as session:
        current = get(effective(a.pm, session), duty_id)
        merged = {**current, **change}
        problems = validate(merged)
        if problems:
            raise ValidationError(problems, subject=f"无法修改职责 {duty_id}")
        store_change(session, duty_id, change)
    return merged


@duties_group.command(name="enable")
@click.argument("duty_id", metavar="ID")
def enable_cmd(duty_id: str) -> None:
    """启用一项职责。"""
    _change(duty_id, {"enabled": True}, "enable")
    say(f"已启用职责 {duty_id}")


@duties_group.command(name="disable")
@click.argument("duty_id", metavar="ID")
def disable_cmd(duty_id: str) -> None:
    """停用一项职责（不再计入完成情况）。"""
    _change(duty_id, {"enabled": False}, "disable")
    say(f"已停用职责 {duty_id}")


@duties_group.command(name="set")
@click.argument("duty_id", metavar="ID")
@click.argument("pairs", metavar="KEY=VALUE...", nargs=-1, required=True)
def set_cmd(duty_id: str, pairs: tuple[str, ...]) -> None:
    """调整职责，如：shequ duties set dangjian.party_day rrule='FREQ=MONTHLY;BYDAY=1TU' shift=next-workday"""
    from shequ.duties.rules import coerce_value
    from shequ.records.records import parse_assignments

    change = {k: coerce_value(k, v) for k, v in parse_assignments(pairs).items()}
    merged = _change(duty_id, change, "set")
    say(f"已修改职责 {duty_id}：{_summary(merged)}")


@duties_group.command(name="add")
@click.argument("path", metavar="FILE")
@click.option("--skip-existing", is_flag=True, help="跳过与插件职责同名的条目（保留插件的定义）")
def add_cmd(path: str, skip_existing: bool) -> None:
    """从 JSON 文件添加本社区自己的职责（一个对象或对象数组；同 id 则更新）。"""
    import orjson

    from shequ.duties.rules import add_own
    from shequ.errors import DataError

    a = app()
    from shequ.common.tabular import input_file

    p = input_file(path)
    try:
        data = orjson.loads(p.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise DataError(f"JSON 格式错误：{p.name}（{exc}）") from None
    items = data if isinstance(data, list) else [data]
    with a.home.transaction(f"duties add {p.name}") as session:
        kept, skipped = add_own(a.pm, session, items, skip_existing=skip_existing)
    if skipped:
        say(f"跳过与插件同名的职责：{'、'.join(skipped)}")
    say(f"已添加/更新 {len(kept)} 项职责")


@duties_group.command(name="remove")
@click.argument("duty_id", metavar="ID")
def remove_cmd(duty_id: str) -> None:
    """删除本社区自定义的职责（插件的职责只能停用），或撤销对插件职责的调整。"""
    from shequ.duties.rules import remove_own

    a = app()
    with a.home.transaction(f"duties remove {duty_id}") as session:
        remove_own(session, duty_id)
    say(f"已删除 {duty_id} 的本社区设置")


def status_rows(a: Any, session: Any, span: Any, domain: str | None) -> list[Any]:
    from shequ.duties.rules import effective
    from shequ.duties.engine import evaluate
    from shequ.duties.context import duty_context
    from shequ.calendar.cli import warn_unknown_years

    ctx = duty_context(a.pm, session, a.today, span, a.home.path)
    out = [evaluate(duty, span, ctx) for did, duty in sorted(effective(a.pm, session).items())
           if not domain or duty.get("domain") == domain]
    warn_unknown_years(ctx.workcal)
    return out


@duties_group.command(name="status")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年），如 2025-H1")
@click.option("--domain", help="只看某条线")
@click.option("--strict", is_flag=True, help="有逾期的职责时以退出码 3 结束（供 cron 使用）")
@click.option("--details", is_flag=True, help="表格中显示明细（逐月、逐人）")
@output_options
def status_cmd(period: str | None, domain: str | None, strict: bool, details: bool, out: Any) -> None:
    """职责完成情况：已完成 / 进行中 / 落后 / 逾期 / 不适用（按活动记录计算，不存储）。

    本期没有该职责的月份、时段、日期或人员时为“不适用”：不算已完成，也不算问题（--strict 只看逾期）。

    \b
    例：
      shequ duties status --period 2025-H1
      shequ duties status --strict || mail -s 有逾期的工作 书记 < /dev/null
    """
    from shequ.duties.rules import KINDS, STATUS_LABELS, parse_span
    from shequ.duties.engine import tally, tally_text
    from shequ.calendar.events import domain_id, domain_label
    from shequ.common.output import Column

    a = app()
    span = parse_span(period, a.today)
    with a.home.read() as session:
        results = status_rows(a, session, span, domain_id(domain))
    rows = [r._asdict() for r in results]
    if out.fmt in ("table", "md", "csv"):
        for r in rows:
            r["status"] = STATUS_LABELS[r["status"]]
            r["domain"] = domain_label(r["domain"])
            r["kind"] = KINDS[r["kind"]]
            r["detail"] = "；".join(r["detail"]) if details or out.fmt != "table" else (r["detail"][0] if len(r["detail"]) == 1 else "")
    cols = [Column("id", "编号"), Column("title", "职责"), Column("domain", "条线"), Column("kind", "类型"),
            Column("status", "状态"), Column("progress", "进度"), Column("detail", "明细")]
    if out.fmt == "table" and not out.path:
        t = tally(results)
        off = f"；另有已停用{t['off']}项" if t["off"] else ""
        say(f"{span.title}职责完成情况（截至 {min(a.today, span.end).isoformat()}）：{tally_text(t)}{off}")
    out.rows(rows, cols)
    if strict and any(r.status == "overdue" for r in results):
        raise SystemExit(3)


@duties_group.command(name="plan")
@click.option("--period", "-p", metavar="PERIOD", required=True, help="期间，如 2026")
@click.option("--duty", "only", multiple=True, metavar="ID", help="只计划这些职责")
@click.option("--dry-run", is_flag=True, help="只列出将要创建的计划活动")
@output_options
def plan_cmd(period: str, only: tuple[str, ...], dry_run: bool, out: Any) -> None:
    """把固定日期和定量的职责展开为计划活动（重复运行不会重复创建）。"""
    from shequ.duties.rules import parse_span
    from shequ.calendar.cli import workcal

    a = app()
    span = parse_span(period, a.today)
    wc = workcal(a)
    created, existing, rows = 0, 0, []
    try:
        created, existing, rows = _plan(a, span, wc, only, dry_run)
    except _DryRun as stop:
        rows = stop.rows
        _report(out, rows, sum(1 for r in rows if r["status"] == "新建"), sum(1 for r in rows if r["status"] == "已存在"), dry_run=True)
        return
    _report(out, rows, created, existing, dry_run=False)


def _plan(a: Any, span: Any, wc: Any, only: tuple[str, ...], dry_run: bool) -> tuple[int, int, list[dict[str, Any]]]:
    from shequ.duties.rules import effective
    from shequ.duties.engine import plan_dates
    from shequ.calendar.events import add_event, by_uid

    created, existing, rows = 0, 0, []
    with a.home.transaction(f"duties plan {span.label}") as session:
        duties = effective(a.pm, session)
        known = by_uid(session)
        ctx = a.context(session)
        for did in only:
            if did not in duties:
                from shequ.errors import DataError

                raise DataError(f"找不到职责：{did}")
        for did, duty in sorted(duties.items()):
            if (only and did not in only) or not duty.get("enabled", True):
                continue
            for scheduled, day in plan_dates(duty, span, wc):
                uid = f"duty-{did}-{scheduled.isoformat()}"
                row = {"date": day.isoformat(), "scheduled": scheduled.isoformat(), "duty": did,
                       "title": duty.get("title"), "status": "已存在" if uid in known else "新建"}
                rows.append(row)
                if uid in known:
                    existing += 1
                    continue
                created += 1
                if not dry_run:
                    # The event's typed fields: the duty's own, or those its match rule asks for
                    # (a planned 主题党日 is a dangjian.meeting with meeting_kind=主题党日).
                    match = duty.get("match") or {}
                    fields = duty.get("fields") or match.get("fields") or {}
                    add_event(ctx, {"title": duty.get("title"), "date": day.isoformat(), "time": duty.get("time"),
                                    "domain": duty.get("domain"), "type": duty.get("type") or match.get("type"),
                                    "fields": fields,
                                    "place": duty.get("place"), "duty": did, "status": "planned"}, uid=uid)
        if dry_run:
            raise _DryRun(rows)
    return created, existing, rows


class _DryRun(Exception):
    """Leaves the transaction without writing (a failed block writes nothing)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__("dry run")
        self.rows = rows


def _report(out: Any, rows: list[dict[str, Any]], created: int, existing: int, *, dry_run: bool) -> None:
    from shequ.common.output import Column

    shifted = sum(1 for r in rows if r["date"] != r["scheduled"])
    out.rows(rows, [Column("date", "日期"), Column("scheduled", "原定"), Column("duty", "职责"),
                    Column("title", "名称"), Column("status", "状态")])
    verb = "将新建" if dry_run else "新建"
    say(f"{verb} {created} 项计划活动，已存在 {existing} 项" + (f"，其中 {shifted} 项因节假日调整了日期" if shifted else ""))
