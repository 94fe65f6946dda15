"""``shequ ledger budget …`` and ``shequ ledger schedule …``: budgets and their 执行率, and
disbursement schedules (孤儿生活费、尊老金 …) — attached to the ``ledger`` group in :mod:`shequ.ledger.cli`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import click

from shequ.cli import completion as complete
from shequ.cli.options import app, log_reveal, output_options, say


def _ctx(a: Any, session: Any) -> Any:
    from shequ.ledger.entries import make_ctx

    return make_ctx(a.context(session))


# -- budgets -------------------------------------------------------------------------------------
@click.group(name="budget")
def budget_group() -> None:
    """预算与执行率；按人均标准的预算规则（如 社区教育 ≥ 5元 × 户籍人口，逐年递增）。"""


@budget_group.command(name="set")
@click.argument("account", shell_complete=complete.accounts)
@click.argument("amount")
@click.option("--year", type=int, help="年度（默认今年）")
def budget_set(account: str, amount: str, year: int | None) -> None:
    """设置某科目某年的预算。"""
    from shequ.ledger.budgets import set_budget
    from shequ.ledger.entries import money

    a = app()
    y = year or a.today.year
    with a.home.transaction(f"ledger budget set {account} {y}") as session:
        account, value = set_budget(a.pm, session, account, y, amount)
    say(f"已设置 {y} 年 {account} 预算 {money(value)} 元")


@budget_group.command(name="rule")
@click.argument("account", shell_complete=complete.accounts)
@click.option("--per-capita", required=True, help="人均标准（元），如 5")
@click.option("--population", default="户籍人口", show_default=True, help="按哪类人口计算（人员类别或标签）")
@click.option("--increase/--no-increase", default=False, help="要求逐年递增")
def budget_rule(account: str, per_capita: str, population: str, increase: bool) -> None:
    """设置人均预算规则，如：shequ ledger budget rule 支出:社区教育 --per-capita 5 --increase"""
    from shequ.ledger.budgets import set_rule
    from shequ.ledger.entries import money

    a = app()
    with a.home.transaction(f"ledger budget rule {account}") as session:
        account, value = set_rule(a.pm, session, account, per_capita, population, increase)
    say(f"已设置规则：{account} 预算 ≥ {money(value)} 元 × {population}" + ("，且逐年递增" if increase else ""))


@budget_group.command(name="report")
@click.option("--year", type=int, help="年度（默认今年）")
@click.option("--period", "-p", metavar="PERIOD", help="截至某期间（默认全年），如 2025-H1")
@output_options
def budget_report(year: int | None, period: str | None, out: Any) -> None:
    """预算执行情况：预算、实际、余额、执行率；以及人均预算规则是否达标。"""
    from shequ.common.output import Column
    from shequ.ledger.budgets import budget_rows
    from shequ.periods import parse_period, year_period

    a = app()
    y = year or a.today.year
    span = parse_period(period, today=a.today) if period else year_period(y)
    with a.home.read() as session:
        rows, rules = budget_rows(a.pm, session, y, span, a.today)
    if out.fmt in ("json", "jsonl"):
        out.record({"year": y, "period": span.label, "budgets": rows, "rules": rules}, [])
        return
    say(f"{y}年预算执行情况（{span.title}）")
    out.rows([{**r, "over": "超支" if r["over"] else ""} for r in rows],
             [Column("account", "科目"), Column("budget", "预算"), Column("actual", "实际"), Column("remaining", "余额"),
              Column("rate", "执行率"), Column("over", "")])
    if rules:
        from shequ.common.output import render

        click.echo(render([{**r, "met": "达标" if r["met"] else "未达标"} for r in rules],
                          [Column("account", "科目"), Column("rule", "规则"), Column("budget", "预算"),
                           Column("increase", "逐年递增"), Column("met", "结论")], out.fmt), nl=False)


# -- schedules -----------------------------------------------------------------------------------
@click.group(name="schedule")
def schedule_group() -> None:
    """定期发放（孤儿生活费每月750元、尊老金……）：应发、已发、发放。"""


@schedule_group.command(name="add")
@click.option("--payee", required=True, shell_complete=complete.people, help="领取人（居民编号或姓名）")
@click.option("--amount", required=True, help="每期金额（单笔不超过 10 亿元）")
@click.option("--every", type=click.Choice(["month"]), default="month", show_default=True, help="周期")
@click.option("--account", required=True, shell_complete=complete.accounts, help="支出科目，如 民政:孤儿生活费")
@click.option("--from", "start", required=True, metavar="YYYY-MM", help="起始月份")
@click.option("--to", "end", metavar="YYYY-MM", help="截止月份（含）")
@click.option("--fund", help="资金来源")
@click.option("--memo", help="摘要，如 孤儿生活费")
def schedule_add(payee: str, amount: str, every: str, account: str, start: str, end: str | None, fund: str | None, memo: str | None) -> None:
    """添加定期发放（输出编号）。"""
    from shequ.ledger.schedules import add_schedule

    a = app()
    raw = {"payee": payee, "amount": amount, "account": account, "from": start, "to": end, "fund": fund, "memo": memo}
    with a.home.transaction("ledger schedule add") as session:
        sid, s = add_schedule(_ctx(a, session), raw)
    click.echo(sid)
    say(f"已添加定期发放 #{sid}：{s['payee_name']} 每月 {s['amount']} 元，自 {s['from']} 起")


@schedule_group.command(name="edit")
@click.argument("schedule_id", metavar="ID")
@click.option("--amount", help="新的每期金额（此后各月按新金额发放）")
@click.option("--to", "end", metavar="YYYY-MM", help="截止月份（停发：最后发放的月份）；空字符串表示不再截止")
@click.option("--fund", help="资金来源")
@click.option("--memo", help="摘要")
def schedule_edit(schedule_id: str, amount: str | None, end: str | None, fund: str | None, memo: str | None) -> None:
    """修改定期发放：调整金额、停发（--to 最后一个月）；已发放的月份不变。"""
    from shequ.ledger.schedules import edit_schedule

    a = app()
    raw = {k: v for k, v in {"amount": amount, "to": end, "fund": fund, "memo": memo}.items() if v is not None}
    if not raw:
        raise click.UsageError("没有要修改的内容（--amount、--to、--fund 或 --memo）")
    with a.home.transaction(f"ledger schedule edit {schedule_id}") as session:
        sid, s = edit_schedule(_ctx(a, session), schedule_id, raw)
    say(f"已修改定期发放 #{sid}：每月 {s['amount']} 元，{s['from']} 起" + (f"，至 {s['to']} 止" if s.get("to") else ""))


@schedule_group.command(name="cancel")
@click.argument("schedule_id", metavar="ID")
def schedule_cancel(schedule_id: str) -> None:
    """删除一项从未发放过的定期发放（已发放过的请用 edit --to 停发）。"""
    from shequ.ledger.schedules import cancel_schedule

    a = app()
    with a.home.transaction(f"ledger schedule cancel {schedule_id}") as session:
        sid, s = cancel_schedule(_ctx(a, session), schedule_id)
    say(f"已删除定期发放 #{sid}（{s['payee_name']}，每月 {s['amount']} 元，自 {s['from']} 起）")


def _due(a: Any, session: Any, span: Any) -> list[dict[str, Any]]:
    from shequ.ledger.schedules import due

    return due(session, span, a.today)


def _hide_payees(a: Any, session: Any, rows: list[dict[str, Any]], name: str, ident: str,
                 reveal: bool) -> tuple[list[dict[str, Any]], bool]:
    """Payees of schedules on sensitive accounts (低保, 孤儿生活费 …) hidden, unless ``--reveal``;
    also whether that reveal is to be logged (by the caller, once the read is over)."""
    from shequ.ledger.accounts import accounts, sensitive

    acc = accounts(a.pm, session)
    if not any(sensitive(acc, r.get("account")) for r in rows):
        return rows, False
    if reveal:
        return rows, True
    return [{**r, name: "（已隐去）", ident: None} if sensitive(acc, r.get("account")) else r for r in rows], False


@schedule_group.command(name="list")
@output_options(reveal=True)
def schedule_list(out: Any) -> None:
    """列出定期发放（敏感科目的领取人默认隐去）。"""
    from shequ.common.output import Column

    a = app()
    with a.home.read() as session:
        rows = [{"id": int(k), **s} for k, s in sorted(session.view("ledger").get("schedules", {}).items(), key=lambda kv: int(kv[0]))]
        rows, revealed = _hide_payees(a, session, rows, "payee_name", "payee", out.reveal)
    if revealed:
        log_reveal()
    out.rows(rows, [Column("id", "编号"), Column("payee_name", "领取人"), Column("amount", "每月金额"), Column("account", "科目"),
                    Column("from", "起始"), Column("to", "截止"), Column("fund", "资金")])


@schedule_group.command(name="due")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年，截至今天）")
@click.option("--all", "show_all", is_flag=True, help="也列出已发放的")
@output_options(reveal=True)
def schedule_due(period: str | None, show_all: bool, out: Any) -> None:
    """应发未发的明细（敏感科目的领取人默认隐去）。"""
    from shequ.common.output import Column
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period or "this-year", today=a.today)
    with a.home.read() as session:
        rows, revealed = _hide_payees(a, session, _due(a, session, span), "payee", "payee_id", out.reveal)
    if revealed:
        log_reveal()
    if not show_all:
        rows = [r for r in rows if not r["paid"]]
    if out.fmt == "table":
        rows = [{**r, "paid": "已发放" if r["paid"] else "未发放"} for r in rows]
    out.rows(rows, [Column("schedule", "发放"), Column("payee", "领取人"), Column("month", "月份"), Column("amount", "金额"),
                    Column("account", "科目"), Column("paid", "状态")])


@schedule_group.command(name="pay")
@click.option("--period", "-p", metavar="PERIOD", help="发放哪些月份（默认截至本月的全部应发）")
@click.option("--schedule", "only", multiple=True, type=int, help="只发放这些编号")
@click.option("--date", "day", metavar="DATE", help="记账日期（默认今天）")
def schedule_pay(period: str | None, only: tuple[int, ...], day: str | None) -> None:
    """为应发未发的月份记账（同一人同一月只记一次）。"""
    from shequ.ledger.entries import entries
    from shequ.ledger.schedules import pay
    from shequ.periods import parse_date, parse_period

    a = app()
    span = parse_period(period or "this-year", today=a.today)
    with a.home.transaction("ledger schedule pay") as session:
        booked = pay(_ctx(a, session), span, only=only, day=parse_date(day, today=a.today) if day else None)
        total = sum((Decimal(entries(session)[str(eid)]["amount"]) for eid in booked), Decimal(0))
    say(f"已发放 {len(booked)} 笔，共 {total.quantize(Decimal('0.01'))} 元" if booked else "没有应发未发的款项")
