"""``shequ init``, ``shequ log`` and ``shequ undo``: the data home and its history."""

from __future__ import annotations

import click

from shequ.cli.options import app, output_options, say

LEVELS = ("社区", "村", "街道")


@click.command(name="init")
@click.option("--name", default=None, help="社区/村/街道名称，如 幸福社区")
@click.option("--level", type=click.Choice(LEVELS), default=None, help="单位层级（默认 社区）")
def init_cmd(name: str | None, level: str | None) -> None:
    """建立（或升级）数据目录；重复运行是安全的。

    \b
    例：
      shequ --home ~/幸福社区 init --name 幸福社区 --level 社区
    """
    from shequ.store import init_home

    a = app()
    upgrade: dict = {}
    created, meta = init_home(a.home, name=name, level=level, upgrade=upgrade)
    verb = "已建立" if created else "已升级" if "from" in upgrade else "已存在"
    say(f"{verb}数据目录：{a.home.path}（{meta.get('name') or '未命名'}，{meta.get('level')}）")
    if "from" in upgrade:
        say(f"数据版本 {upgrade['from']} → {upgrade['to']}；升级前的文件已备份到 backups/{upgrade['backup']}")
    if upgrade.get("columns"):
        say(f"已为 {upgrade['columns']} 个分片文件重建列存副本（.cols，供统计快速读取）")


@click.command(name="log")
@click.option("--since", metavar="DATE", help="只看该日期及之后的修改")
@click.option("--limit", type=int, default=50, show_default=True, help="最多显示条数（0 为全部）")
@click.option("--changes", "with_changes", is_flag=True, help="JSON 中包含每条记录的修改前后内容（个人信息脱敏）")
@output_options(reveal=True)
def log_cmd(since: str | None, limit: int, with_changes: bool, out) -> None:  # type: ignore[no-untyped-def]
    """查看修改日志：谁、何时、做了什么。身份证号、电话和受限人员默认脱敏。"""
    from shequ.cli.options import log_reveal
    from shequ.common.output import Column
    from shequ.store import log_rows

    a = app()
    if out.reveal:
        log_reveal()
    rows = log_rows(a.home, since=since, limit=limit, with_changes=with_changes, today=a.today)
    if not out.reveal:
        rows = _masked(rows, _log_masks(a) if with_changes else None)
    cols = [
        Column("time", "时间"),
        Column("user", "操作人"),
        Column("action", "操作"),
        Column("summary", "内容"),
        Column("tx", "事务号"),
    ]
    out.rows(rows, cols)


def _masked(rows: list, masks) -> list:  # type: ignore[no-untyped-def]
    """Personal data masked in the action text and in every logged document: what its type
    declares (``masks(change)``), and whatever looks like a 身份证, bank card or phone number."""
    from shequ.common.output import mask_text, mask_value

    out = []
    for row in rows:
        row = {**row, "action": mask_text(row["action"])}
        if "changes" in row:
            row["changes"] = [{**c, "before": mask_value(c["before"], masks(c)), "after": mask_value(c["after"], masks(c))}
                              for c in row["changes"]]
        out.append(row)
    return out


def _log_masks(a):  # type: ignore[no-untyped-def]
    """``change → {field: masker}``: what each logged document's type declares masked — a resident's
    身份证 and phone, a record type's masked fields, the payee of money on a sensitive account."""
    from shequ.common.output import MASKERS, mask_name
    from shequ.ledger.accounts import accounts, sensitive
    from shequ.people.model import PERSON

    with a.home.read() as session:
        acc = accounts(a.pm, session)
    person = {f.name: MASKERS[f.mask] for f in PERSON.fields if f.mask}
    payee = {"payee": mask_name, "payee_name": mask_name}
    registered = a.registry.of_kind("record")
    types: dict[str, dict] = {}

    def masks(change: dict) -> dict:
        area, table = change["area"], change["table"]
        if area == "people" and table == "people":
            return person
        if area == "ledger":
            doc = change["after"] or change["before"] or {}
            return payee if sensitive(acc, doc.get("account")) else {}
        if area == "records" and table not in types:  # a type whose plugin is gone: the number patterns still apply
            declared = registered.get(table)
            types[table] = {f.name: MASKERS[f.mask] for f in declared.fields if f.mask} if declared else {}
        return types.get(table, {})

    return masks


@click.command(name="undo")
def undo_cmd() -> None:
    """撤销最近一次修改（再运行一次撤销再前一次）。"""
    from shequ.store import undo

    entry, count = undo(app().home)
    say(f"已撤销：{entry['action']}（{entry['time']}，{entry['user']}，{count} 条记录）")
