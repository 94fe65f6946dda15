"""``shequ record …``: generic commands for every plugin-defined record type."""

from __future__ import annotations

import click

from shequ.cli import completion as complete
from shequ.cli.options import app, output_options, reading, reveal_option, say


@click.group(name="record")
def record_group() -> None:
    """各插件定义的记录（党员档案、矛盾纠纷、辅导站……）：增删改查、导入导出。"""


@record_group.command(name="types")
@output_options
def types_cmd(out) -> None:  # type: ignore[no-untyped-def]
    """列出可用的记录类型及其字段。"""
    from shequ.common.output import Column

    a = app()
    rows = []
    for type_id, rt in sorted(a.registry.types.items()):
        fields = []
        for f in rt.fields:
            mark = "*" if f.required else ""
            kind = f"{f.type}:{'/'.join(f.choices)}" if f.choices else f.type
            fields.append(f"{f.name}{mark}({f.title},{kind})")
        rows.append(
            {
                "id": type_id,
                "title": rt.title,
                "plugin": a.registry.owners[type_id],
                "kind": rt.kind,
                "fields": fields if out.fmt not in ("json", "jsonl") else [_field_json(f) for f in rt.fields],
                "description": rt.description,
            }
        )
    if out.fmt == "table":
        for r in rows:
            r["kind"] = {"event": "活动", "ledger": "账目字段"}.get(r["kind"], "记录")
    cols = [Column("id", "类型"), Column("title", "名称"), Column("kind", "种类"), Column("plugin", "插件"), Column("fields", "字段（*必填）")]
    out.rows(rows, cols)


def _field_json(f):  # type: ignore[no-untyped-def]
    return {
        "name": f.name,
        "label": f.title,
        "type": f.type,
        "required": f.required,
        "choices": list(f.choices),
        "default": f.default,
    }


@record_group.command(name="add")
@click.argument("type_id", metavar="TYPE", shell_complete=complete.record_types)
@click.option("--field", "-F", "fields", multiple=True, metavar="K=V", help="字段值，可多次：--field title=春节问候")
def add_cmd(type_id: str, fields: tuple[str, ...]) -> None:
    """新增一条记录。

    \b
    例：
      shequ record add hello.greeting --field text=新年好 --field date=2025-01-29
    """
    from shequ.records.records import add, parse_assignments

    a = app()
    rt = a.registry.get(type_id)
    raw = parse_assignments(fields)
    with a.home.transaction(f"record add {rt.id}") as session:
        new_id, _ = add(a.context(session), rt, raw)
    click.echo(new_id)
    say(f"已添加{rt.title} #{new_id}")


@record_group.command(name="list")
@click.argument("type_id", metavar="TYPE", shell_complete=complete.record_types)
@click.option("--where", "-w", "where", multiple=True, metavar="EXPR", help="筛选：字段=值（也可 != > < >= <= ~包含），可多次")
@click.option("--limit", type=int, default=0, help="最多显示条数")
@click.option("--all-fields", is_flag=True, help="表格中显示全部字段")
@reveal_option
@output_options
def list_cmd(type_id: str, where: tuple[str, ...], limit: int, all_fields: bool, reveal: bool, out) -> None:  # type: ignore[no-untyped-def]
    """列出某类型的记录。

    \b
    例：
      shequ record list hello.greeting --where date>=2025-01-01 --json
    """
    from shequ.records.records import columns_for, display_row, list_records, parse_where

    a = app()
    rt = a.registry.get(type_id)
    with reading(a, reveal, f"record list {rt.id}") as session:
        ctx = a.context(session)
        found = list_records(ctx, rt, parse_where(rt, where, ctx))
        if limit:
            found = found[:limit]
        labels = out.fmt not in ("json", "jsonl")
        rows = [display_row(ctx, rt, rid, doc, reveal=reveal, labels=labels) for rid, doc in found]
    out.rows(rows, columns_for(rt, all_fields=all_fields or out.fmt != "table"))


@record_group.command(name="show")
@click.argument("record_id", metavar="ID")
@reveal_option
@output_options
def show_cmd(record_id: str, reveal: bool, out) -> None:  # type: ignore[no-untyped-def]
    """显示一条记录的全部字段。"""
    from shequ.common.output import Column
    from shequ.records.records import columns_for, display_row, find

    a = app()
    with reading(a, reveal, f"record show {record_id}") as session:
        ctx = a.context(session)
        rt, rid, doc = find(ctx, record_id)
        row = display_row(ctx, rt, rid, doc, reveal=reveal, labels=out.fmt not in ("json", "jsonl"))
    row["type"] = rt.id
    cols = [Column("type", "类型")] + columns_for(rt, all_fields=True) + [Column("created", "创建时间"), Column("updated", "修改时间")]
    out.record(row, cols)


@record_group.command(name="edit")
@click.argument("record_id", metavar="ID")
@click.option("--field", "-F", "fields", multiple=True, metavar="K=V", help="要修改的字段，可多次；K= 清空该字段")
def edit_cmd(record_id: str, fields: tuple[str, ...]) -> None:
    """修改一条记录。"""
    from shequ.records.records import edit, parse_assignments

    a = app()
    raw = parse_assignments(fields)
    with a.home.transaction(f"record edit {record_id}") as session:
        rt, rid, _ = edit(a.context(session), record_id, raw)
    say(f"已修改{rt.title} #{rid}")


@record_group.command(name="remove")
@click.argument("record_ids", metavar="ID...", nargs=-1, required=True)
def remove_cmd(record_ids: tuple[str, ...]) -> None:
    """删除记录（可用 shequ undo 恢复）。"""
    from shequ.records.records import remove

    a = app()
    with a.home.transaction(f"record remove {' '.join(record_ids)}") as session:
        removed = [remove(a.context(session), rid) for rid in record_ids]
    for rt, rid, _ in removed:
        say(f"已删除{rt.title} #{rid}（可 shequ undo 恢复）")


@record_group.command(name="import")
@click.argument("type_id", metavar="TYPE", shell_complete=complete.record_types)
@click.argument("path", metavar="FILE")
@click.option("--skip-invalid", is_flag=True, help="只导入正确的行，错误的行连同原因写入 FILE.rejected.csv")
@click.option("--dry-run", is_flag=True, help="只校验，不写入")
def import_cmd(type_id: str, path: str, skip_invalid: bool, dry_run: bool) -> None:
    """从 CSV（UTF-8/GBK）、xlsx、JSON 导入记录；先校验全部行，有错则一行也不写入。

    重复导入不会重复记录：与该类型已有记录（或文件中前面的行）所有字段都相同的行跳过并计数；
    编号、创建时间、修改时间列不参与比较。
    """
    from shequ.records.records import import_rows, write_rejected
    from shequ.common.tabular import read_table

    a = app()
    rt = a.registry.get(type_id)
    if dry_run:
        with a.home.read() as session:
            result = import_rows(a.context(session), rt, path, skip_invalid=True, dry_run=True)
        for lineno, _, reason in result.rejected:
            say(f"  第 {lineno} 行：{reason}")
        dupes = f"，{result.duplicates} 行已有将跳过" if result.duplicates else ""
        say(f"校验完成：{len(result.added)} 行可导入{dupes}，{len(result.rejected)} 行有误（未写入，--dry-run）")
        return
    with a.home.transaction(f"record import {rt.id} {path}") as session:
        result = import_rows(a.context(session), rt, path, skip_invalid=skip_invalid)
    skipped = f"，跳过已有 {result.duplicates} 行（所有字段都相同）" if result.duplicates else ""
    nothing = "；没有新数据，未写入" if not result.added else ""
    say(f"已导入{rt.title} {len(result.added)} 行{skipped}{nothing}")
    if result.rejected:
        target = write_rejected(path, read_table(path).headers, result.rejected)
        say(f"跳过 {len(result.rejected)} 行有误的数据，已连同原因写入 {target}")


@record_group.command(name="export")
@click.argument("type_id", metavar="TYPE", shell_complete=complete.record_types)
@click.argument("path", metavar="FILE")
@click.option("--where", "-w", "where", multiple=True, metavar="EXPR", help="筛选，同 record list")
@reveal_option
def export_cmd(type_id: str, path: str, where: tuple[str, ...], reveal: bool) -> None:
    """导出记录到 .csv / .xlsx / .json / .jsonl / .md（按扩展名）；默认脱敏。"""
    from shequ.common.exporting import export_rows
    from shequ.records.records import columns_for, display_row, list_records, parse_where

    a = app()
    rt = a.registry.get(type_id)
    with reading(a, reveal, f"record export {rt.id}") as session:
        ctx = a.context(session)
        found = list_records(ctx, rt, parse_where(rt, where, ctx))
        rows = [display_row(ctx, rt, rid, doc, reveal=reveal) for rid, doc in found]
    export_rows(path, rows, columns_for(rt, all_fields=True), title=rt.title, text_keys=_text_keys(rt),
                decimal_keys={f.name for f in rt.fields if f.type == "decimal" and not f.mask})
    say(f"已导出{rt.title} {len(rows)} 条到 {path}")


def _text_keys(rt) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.name for f in rt.fields if f.mask or f.type == "str"}
