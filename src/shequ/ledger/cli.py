"""``shequ ledger …``: the register, accounts, funds, balances, budgets, disbursements, checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import click

from shequ.cli import completion as complete
from shequ.cli.options import app, log_reveal, output_options, say

REGISTER_COLUMNS = [("id", "编号"), ("date", "日期"), ("direction", "收支"), ("amount", "金额"), ("account", "科目"),
                    ("via", "账户"), ("fund", "资金"), ("payee", "收付款人"), ("voucher", "凭证号"), ("memo", "摘要"),
                    ("void", "作废")]


def _ctx(a: Any, session: Any) -> Any:
    from shequ.ledger.entries import make_ctx

    return make_ctx(a.context(session))


@click.group(name="ledger")
def ledger_group() -> None:
    """经费台账：收支登记、科目、专款、余额、预算执行率、定期发放、检查、财务公开表。"""


def entry_options(fn: Any) -> Any:
    import functools

    command = fn

    @functools.wraps(command)
    def one_direction(*args: Any, is_in: bool, is_out: bool, **kwargs: Any) -> Any:
        if is_in and is_out:  # one flag each: a shared flag_value would let the last one win silently
            raise click.UsageError("--in 与 --out 只能选一个（收入或支出）")
        return command(*args, direction="in" if is_in else "out" if is_out else None, **kwargs)

    fn = one_direction
    for opt in reversed([
        click.option("--date", "day", metavar="DATE", help="日期"),
        click.option("--amount", help="金额，如 1234.50、1,234.50、¥1234.5、1234.50元（最多两位小数，单笔不超过 10 亿元）"),
        click.option("--in", "is_in", is_flag=True, help="收入"),
        click.option("--out", "is_out", is_flag=True, help="支出"),
        click.option("--account", shell_complete=complete.accounts, help="科目，如 支出:活动、经费:普法:宣传品"),
        click.option("--via", help="资金账户（默认 资产:银行；现金用 资产:现金）"),
        click.option("--fund", help="资金来源（专款），如 普法经费"),
        click.option("--payee", shell_complete=complete.people, help="收付款人：居民编号/姓名，或单位名称"),
        click.option("--event", help="对应的活动（编号或标题）"),
        click.option("--voucher", help="凭证号"),
        click.option("--memo", help="摘要"),
        click.option("--field", "-F", "fields", multiple=True, metavar="K=V",
                     help="插件为账目添加的字段，可多次，如 --field dues_month=2025-03"),
    ]):
        fn = opt(fn)
    return fn


@ledger_group.command(name="add")
@entry_options
def add_cmd(day: str | None, amount: str | None, direction: str | None, account: str | None, via: str | None,
            fund: str | None, payee: str | None, event: str | None, voucher: str | None, memo: str | None,
            fields: tuple[str, ...]) -> None:
    """记一笔收入或支出。

    \b
    例：
      shequ ledger add --date 2025-03-15 --amount 1,280.00 --out --account 经费:普法:宣传品 \\
          --fund 普法经费 --voucher 2025-031 --memo 宪法宣传册
    """
    from shequ.ledger.entries import add_entry
    from shequ.records.records import parse_assignments

    a = app()
    raw = {"date": day or a.today.isoformat(), "amount": amount, "direction": direction, "account": account,
           "via": via, "fund": fund, "payee": payee, "event": event, "voucher": voucher, "memo": memo,
           **parse_assignments(fields)}
    with a.home.transaction("ledger add") as session:
        eid, e = add_entry(_ctx(a, session), raw)
        near = outside_payee_hint(session, e)
    click.echo(eid)
    say(f"已记账 #{eid}：{e['date']} {'收入' if e['direction'] == 'in' else '支出'} {e['amount']} 元（{e['account']}）")
    if near:
        say(f"提示：收付款人“{e['payee_name']}”不在花名册中，已按名称记账；{near}（如是居民：shequ ledger edit {eid} --payee 编号）")


def outside_payee_hint(session: Any, e: dict[str, Any]) -> str:
    """"是不是：…" when a payee booked by name (not a resident) looks like a resident's name."""
    if e.get("payee") is not None or not e.get("payee_name"):
        return ""
    from shequ.people.lookup import candidates, did_you_mean

    near = candidates(session, e["payee_name"], wide=False)
    return did_you_mean(near) if near else ""


def _extra_columns(found: list[tuple[int, dict[str, Any]]]) -> list[Any]:
    """Columns for the fields plugins added to these entries (党费所属月份, 发放月份 …)."""
    from shequ.common.output import Column

    from shequ.ledger.entries import entry_fields

    declared = entry_fields(app().registry)
    present = {k for _, e in found for k in e if k in declared}
    return [Column(name, f.title) for name, (f, _) in declared.items() if name in present]


def _register_rows(found: list[tuple[int, dict[str, Any]]], *, human: bool, hidden: Any = None) -> list[dict[str, Any]]:
    """Output rows; *hidden(entry)* says whose payee to mask (sensitive accounts, without ``--reveal``)."""
    extra = [c.key for c in _extra_columns(found)]
    rows = []
    for eid, e in found:
        masked = hidden is not None and hidden(e)
        row = {"id": eid, "date": e["date"], "direction": e["direction"], "amount": e["amount"], "account": e["account"],
               "via": e.get("via"), "fund": e.get("fund"),
               "payee": "（已隐去）" if masked and e.get("payee_name") else e.get("payee_name"),
               "payee_id": None if masked else e.get("payee"),
               "event": e.get("event"), "voucher": e.get("voucher"), "memo": e.get("memo"), "void": bool(e.get("void")),
               "void_reason": e.get("void_reason"), **{k: e.get(k) for k in extra}}
        if human:
            row["direction"] = "收入" if e["direction"] == "in" else "支出"
            row["void"] = "作废" if e.get("void") else ""
        rows.append(row)
    return rows


def _payee_mask(a: Any, session: Any, found: list[tuple[int, dict[str, Any]]], reveal: bool) -> tuple[Any, bool]:
    """Which entries' payees to hide — those booked to sensitive accounts, unless ``--reveal`` — and
    whether that reveal is to be logged (only if there was something to reveal; the caller logs it
    once the read is over)."""
    from shequ.ledger.accounts import accounts, sensitive

    acc = accounts(a.pm, session)
    if not any(sensitive(acc, e.get("account")) for _, e in found):
        return None, False
    if reveal:
        return None, True
    return (lambda e: sensitive(acc, e.get("account"))), False


@ledger_group.command(name="list")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年）")
@click.option("--account", shell_complete=complete.accounts, help="只看某科目（含下级）或某资金账户")
@click.option("--fund", help="只看某资金")
@output_options(reveal=True)
def list_cmd(period: str | None, account: str | None, fund: str | None, out: Any) -> None:
    """收支明细（作废的也列出，不计入合计）。"""
    _register(period, account, fund, out)


@ledger_group.command(name="register")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年）")
@click.option("--account", shell_complete=complete.accounts, help="只看某科目（含下级）")
@click.option("--fund", help="只看某资金")
@output_options(reveal=True)
def register_cmd(period: str | None, account: str | None, fund: str | None, out: Any) -> None:
    """收支明细账（同 list），表格末尾给出合计。"""
    _register(period, account, fund, out, with_total=True)


def _register(period: str | None, account: str | None, fund: str | None, out: Any, with_total: bool = False) -> None:
    from shequ.ledger.entries import money
    from shequ.ledger.queries import select
    from shequ.common.output import Column
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period or "this-year", today=a.today)
    with a.home.read() as session:
        found = select(session, period=span, account=account.replace("：", ":") if account else None, fund=fund)
        hidden, revealed = _payee_mask(a, session, found, out.reveal)
    if revealed:
        log_reveal()
    human = out.fmt in ("table", "md", "csv")
    rows = _register_rows(found, human=human, hidden=hidden)
    out.rows(rows, [Column(k, h) for k, h in REGISTER_COLUMNS] + _extra_columns(found))
    if with_total and human and not out.path:
        inc = sum((Decimal(e["amount"]) for _, e in found if e["direction"] == "in" and not e.get("void")), Decimal(0))
        exp = sum((Decimal(e["amount"]) for _, e in found if e["direction"] == "out" and not e.get("void")), Decimal(0))
        say(f"{span.title}：收入 {money(inc)} 元，支出 {money(exp)} 元，结余 {money(inc - exp)} 元")


@ledger_group.command(name="show")
@click.argument("entry_id", metavar="ID")
@output_options(reveal=True)
def show_cmd(entry_id: str, out: Any) -> None:
    """显示一笔账目。"""
    from shequ.ledger.entries import find_entry
    from shequ.common.output import Column

    a = app()
    with a.home.read() as session:
        eid, e = find_entry(session, entry_id)
        hidden, revealed = _payee_mask(a, session, [(eid, e)], out.reveal)
    if revealed:
        log_reveal()
    (row,) = _register_rows([(eid, e)], human=out.fmt not in ("json", "jsonl"), hidden=hidden)
    out.record(row, [Column(k, h) for k, h in REGISTER_COLUMNS] + [Column("void_reason", "作废原因")]
               + _extra_columns([(eid, e)]))


@ledger_group.command(name="edit")
@click.argument("entry_id", metavar="ID")
@entry_options
def edit_cmd(entry_id: str, day: str | None, amount: str | None, direction: str | None, account: str | None,
             via: str | None, fund: str | None, payee: str | None, event: str | None, voucher: str | None, memo: str | None,
             fields: tuple[str, ...]) -> None:
    """修改一笔账目（作废的不能改）。"""
    from shequ.ledger.entries import edit_entry
    from shequ.records.records import parse_assignments

    a = app()
    raw = {k: v for k, v in {"date": day, "amount": amount, "direction": direction, "account": account, "via": via,
                             "fund": fund, "payee": payee, "event": event, "voucher": voucher, "memo": memo}.items() if v is not None}
    raw.update(parse_assignments(fields))
    if not raw:
        raise click.UsageError("没有要修改的内容")
    with a.home.transaction(f"ledger edit {entry_id}") as session:
        eid, _ = edit_entry(_ctx(a, session), entry_id, raw)
    say(f"已修改账目 #{eid}")


@ledger_group.command(name="void")
@click.argument("entry_id", metavar="ID")
@click.option("--reason", required=True, help="作废原因")
def void_cmd(entry_id: str, reason: str) -> None:
    """作废一笔账目（保留在明细中，不计入合计；账目从不删除）。"""
    from shequ.ledger.entries import void_entry

    a = app()
    with a.home.transaction(f"ledger void {entry_id}") as session:
        eid, e = void_entry(session, entry_id, reason)
    say(f"已作废账目 #{eid}（{e['date']} {e['amount']} 元）：{reason}")


# -- accounts and funds ---------------------------------------------------------------------
@ledger_group.group(name="accounts", invoke_without_command=True)
@output_options
@click.pass_context
def accounts_group(ctx: click.Context, out: Any) -> None:
    """科目表（默认科目、插件科目、本社区科目）。"""
    if ctx.invoked_subcommand:
        return
    from shequ.common.output import Column
    from shequ.ledger.accounts import KINDS, accounts

    a = app()
    with a.home.read() as session:
        acc = accounts(a.pm, session)
    rows = [{"account": p, "kind": v["kind"] if out.fmt in ("json", "jsonl") else KINDS[v["kind"]], "source": v["source"]}
            for p, v in sorted(acc.items())]
    out.rows(rows, [Column("account", "科目"), Column("kind", "类别"), Column("source", "来源")])


@accounts_group.command(name="add")
@click.argument("path")
@click.option("--kind", type=click.Choice(["income", "expense", "asset"]), required=True, help="收入 / 支出 / 资产")
@click.option("--sensitive", "is_sensitive", is_flag=True, help="收付款人属于敏感个人信息（低保、救助……）：默认隐去")
def accounts_add(path: str, kind: str, is_sensitive: bool) -> None:
    """添加科目，如：shequ ledger accounts add 经费:普法:宣传品 --kind expense"""
    from shequ.ledger.accounts import KINDS, add_account

    a = app()
    with a.home.transaction(f"ledger accounts add {path}") as session:
        path = add_account(a.pm, session, path, kind, is_sensitive=is_sensitive)
    say(f"已添加{KINDS[kind]}科目 {path}")


@ledger_group.group(name="fund")
def fund_group() -> None:
    """资金（经费来源），可设为专款专用。"""


@fund_group.command(name="add")
@click.argument("name")
@click.option("--accounts", "accounts_", required=True, help="可使用的支出科目，逗号分隔（含下级）")
@click.option("--earmarked", is_flag=True, help="专款专用：不得支出到其他科目，不得透支")
def fund_add(name: str, accounts_: str, earmarked: bool) -> None:
    """添加资金，如：shequ ledger fund add 普法经费 --accounts 经费:普法 --earmarked"""
    from shequ.common.values import parse_list
    from shequ.ledger.accounts import add_fund

    a = app()
    with a.home.transaction(f"ledger fund add {name}") as session:
        paths = add_fund(a.pm, session, name, parse_list(accounts_), earmarked)
    say(f"已添加资金 {name}" + ("（专款专用：" + "、".join(paths) + "）" if earmarked else ""))


@fund_group.command(name="list")
@output_options
def fund_list(out: Any) -> None:
    """资金及其余额。"""
    from shequ.ledger.entries import fund_balance, money
    from shequ.ledger.accounts import funds
    from shequ.common.output import Column

    a = app()
    with a.home.read() as session:
        rows = [{"name": n, "accounts": f.get("accounts", []), "earmarked": bool(f.get("earmarked")),
                 "balance": money(fund_balance(session, n)), "source": f.get("source")}
                for n, f in sorted(funds(a.pm, session).items())]
    if out.fmt == "table":
        rows = [{**r, "earmarked": "专款专用" if r["earmarked"] else ""} for r in rows]
    out.rows(rows, [Column("name", "资金"), Column("accounts", "可用科目"), Column("earmarked", "性质"),
                    Column("balance", "余额"), Column("source", "来源")])


# -- balances ---------------------------------------------------------------------------------
@ledger_group.command(name="balance")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年）")
@click.option("--depth", type=int, help="科目汇总到第几级")
@click.option("--monthly", "-M", "by", flag_value="month", help="按月分列")
@click.option("--quarterly", "-Q", "by", flag_value="quarter", help="按季度分列")
@output_options
def balance_cmd(period: str | None, depth: int | None, by: str | None, out: Any) -> None:
    """各科目收支合计与账户余额（可按月/季度分列，如 hledger bal -M）。"""
    from shequ.ledger.accounts import KINDS, accounts
    from shequ.ledger.entries import money
    from shequ.ledger.queries import balance
    from shequ.common.output import Column
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period or "this-year", today=a.today)
    if by:
        from shequ.duties.rules import subperiods

        cols = subperiods(by, span)
    else:
        cols = [span]
    with a.home.read() as session:
        acc = accounts(a.pm, session)
        tot: dict[str, Decimal] = {}
        rows = balance(session, acc, period=span, depth=depth, columns=cols, totals_out=tot)
    names = [c.label for c in cols]
    out_rows = []
    for r in rows:
        row = {"account": r["account"], "kind": r["kind"] if out.fmt in ("json", "jsonl") else KINDS.get(r["kind"], "")}
        if by:
            row.update({n: money(v) for n, v in zip(names, r["values"])})
        row["total"] = money(r["total"])
        out_rows.append(row)
    columns = [Column("account", "科目"), Column("kind", "类别")] + ([Column(n, n) for n in names] if by else []) + [Column("total", "合计")]
    out.rows(out_rows, columns)
    if out.fmt == "table" and not out.path:
        say(f"{span.title}：收入 {money(tot['income'])} 元，支出 {money(tot['expense'])} 元，结余 {money(tot['net'])} 元")


# -- checks, import, export ----------------------------------------------------------------------
@ledger_group.command(name="check")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年）")
@click.option("--strict", is_flag=True, help="有问题时以退出码 3 结束（供 cron 使用）")
@output_options
def check_cmd(period: str | None, strict: bool, out: Any) -> None:
    """检查：凭证号重复、专款挪用或透支、预算超支、定期发放未发。"""
    from shequ.ledger.checks import findings
    from shequ.common.output import Column
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period or "this-year", today=a.today)
    with a.home.read() as session:
        rows = findings(a.pm, session, span, a.today)
    if not rows and out.fmt == "table" and not out.path:
        click.echo(f"{span.title}账目检查未发现问题")
    else:
        out.rows(rows, [Column("kind", "问题"), Column("detail", "说明")])
    if strict and rows:
        raise SystemExit(3)


@ledger_group.command(name="import")
@click.argument("path", metavar="FILE")
@click.option("--mapping", metavar="FILE", help="列名映射（JSON 或 两列 CSV：列名,字段）")
@click.option("--account", "default_account", shell_complete=complete.accounts, help="文件中没有科目列时使用的科目")
@click.option("--skip-invalid", is_flag=True, help="只导入正确的行，错误的行写入 FILE.rejected.csv")
def import_cmd(path: str, mapping: str | None, default_account: str | None, skip_invalid: bool) -> None:
    """导入银行流水或财务导出（CSV/xlsx）；先校验全部行；重复导入的行自动跳过。

    日期、金额、收支、科目、凭证号、摘要、收付款人都与已有账目（或文件中前面的行）相同的行
    视为已导入，跳过并计数；作废的账目不算。
    """
    from shequ.ledger.io import import_entries, read_mapping

    a = app()
    mapped = read_mapping(mapping) if mapping else {}
    with a.home.transaction(f"ledger import {path}") as session:
        result = import_entries(_ctx(a, session), path, mapping=mapped, default_account=default_account,
                                skip_invalid=skip_invalid)
    nothing = "；没有新数据，未写入" if not result.added else ""
    say(f"已导入 {result.added} 笔，跳过重复 {result.duplicates} 笔{nothing}")
    if result.rejected:
        from shequ.records.records import write_rejected

        target = write_rejected(path, result.headers, result.rejected)
        say(f"有 {len(result.rejected)} 行有误未导入，已连同原因写入 {target}")


@ledger_group.command(name="export")
@click.argument("path", metavar="FILE")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年）")
@click.option("--depth", type=int, default=2, show_default=True, help="公开表按第几级科目汇总")
@click.option("--reveal", is_flag=True, help="显示敏感科目（低保、救助……）的收付款人（记入修改日志）")
def export_cmd(path: str, period: str | None, depth: int, reveal: bool) -> None:
    """导出财务公开表（.xlsx：公开表 + 明细账），或明细账 .csv/.json；敏感科目的收付款人默认隐去。"""
    from shequ.ledger.io import export_ledger
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period or "this-year", today=a.today)
    if reveal:
        log_reveal(f"ledger export {path}")
    with a.home.read() as session:
        meta = session.view("meta").get("meta", {}).get("1", {})
        export_ledger(a, session, path, span, depth=depth, unit=meta.get("name") or "", reveal=reveal)
    say(f"已导出{span.title}财务公开表到 {path}")


def _attach() -> None:
    """Budgets and schedules live in :mod:`shequ.ledger.plan_cli`; they are the ledger's subgroups."""
    from shequ.ledger.plan_cli import budget_group, schedule_group

    ledger_group.add_command(budget_group)
    ledger_group.add_command(schedule_group)


_attach()
