"""``shequ people …``: the resident register."""

from __future__ import annotations

from typing import Any, Sequence

import click

from shequ.cli import completion as complete
from shequ.cli.options import app, output_options, reading, reveal_option, say

ON_HELP = "按该日期计算年龄和类别（默认今天）"


def person_options(fn: Any) -> Any:
    """The editable fields of a person, shared by add and edit."""
    opts = [
        click.option("--id-card", help="身份证号（18 位，或旧式 15 位，自动升位）"),
        click.option("--phone", help="手机或带区号的座机"),
        click.option("--gender", type=click.Choice(["男", "女"]), help="性别（有身份证时自动得出）"),
        click.option("--birth", metavar="DATE", help="出生日期（有身份证时自动得出）"),
        click.option("--address", help="住址：小区/楼栋/单元/室"),
        click.option("--grid", help="网格"),
        click.option("--household", help="户号"),
        click.option("--relation", help="与户主关系：户主、配偶、子女、父母……"),
        click.option("--hukou", type=click.Choice(["户籍", "流动"]), help="户籍类型"),
        click.option("--children-in-city/--no-children-in-city", default=None, help="子女是否在本市（判断空巢）"),
        click.option("--lives-alone/--not-alone", default=None, help="是否独居"),
        click.option("--note", help="备注"),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _raw(**kw: Any) -> dict[str, Any]:
    """The options given; one given as an empty string (``--birth ""``) is a mistake, not "leave it out"."""
    for key, value in kw.items():
        if isinstance(value, str) and not value.strip():
            clear = "" if key == "name" else f"（要清空已登记的值请用 shequ people edit … --clear {key}）"
            raise click.UsageError(f"--{key.replace('_', '-')} 的值不能为空{clear}")
    return {k: v for k, v in kw.items() if v is not None}


@click.group(name="people")
def people_group() -> None:
    """居民花名册：登记、查询、户、类别、导入导出。身份证号和电话默认脱敏。"""


@people_group.command(name="add")
@click.argument("name")
@person_options
@click.option("--tag", "tags", multiple=True, help="标签（低保、五老、党员……），可多次")
def add_cmd(name: str, tags: tuple[str, ...], **fields: Any) -> None:
    """登记一位居民。

    \b
    例：
      shequ people add 曾国藩 --id-card 11010519491231002X --phone 13812345678 \\
          --address 幸福小区/3幢/2单元/301 --household H0301 --relation 户主 --tag 党员
    """
    from shequ.people.model import add_person

    a = app()
    if not name.strip():
        raise click.UsageError("姓名不能为空")
    raw = _raw(name=name, **fields)
    if tags:
        raw["tags"] = list(tags)
    with a.home.transaction(f"people add {name}") as session:
        pid, _ = add_person(a.context(session), raw)
    click.echo(pid)
    say(f"已登记 {name}（#{pid}）")


def _shown(cats: Any, reveal: bool) -> list[Any]:
    """The categories a row may show beside a name: sensitive ones only with ``--reveal``."""
    return [c for c in cats.values() if reveal or not getattr(c, "sensitive", False)]


def _rows(people: dict[str, dict[str, Any]], *, session: Any, on: Any, reveal: bool, cats: Any) -> list[dict[str, Any]]:
    """Output rows for a few documents (``show``, a 户, removed people), each category tested."""
    from itertools import repeat

    from shequ.people.register import categories_of, views

    docs = list(people.values())
    by_id = {v.id: categories_of(v, _shown(cats, reveal)) for v in views(session, people, on)}
    cols = {field: list(map(dict.get, docs, repeat(field))) for field in STORED_FIELDS}
    return _assemble(list(map(int, people)), cols, by_id, on=on, reveal=reveal)


def _register_rows(reg: Any, positions: list[int], *, on: Any, reveal: bool, lazy: bool = False) -> Sequence[dict[str, Any]]:
    """Output rows for people of the register, from its columns: a 20k listing parses no document.

    Each category's members meet the selection once, as sets.  *lazy*, from :data:`LAZY_ROWS`
    rows on: rows made as they are read (:func:`shequ.people.export.made_rows`).
    """
    if lazy and len(positions) >= LAZY_ROWS:
        from shequ.people.export import made_rows

        return made_rows(reg, positions, [c.name for c in _shown(reg.cats, reveal)], ROW_FIELDS, on=on, reveal=reveal)
    ids = list(map(reg.ids.__getitem__, positions))
    chosen = set(ids)
    by_id: dict[int, list[str]] = {pid: [] for pid in ids}
    for name in (c.name for c in _shown(reg.cats, reveal)):
        for pid in reg.members(name) & chosen:
            by_id[pid].append(name)
    cols = {field: list(map(reg.column(field).__getitem__, positions)) for field in STORED_FIELDS}
    return _assemble(ids, cols, by_id, on=on, reveal=reveal)


def _assemble(ids: list[int], cols: dict[str, list[Any]], by_id: dict[int, list[str]], *, on: Any,
              reveal: bool) -> list[dict[str, Any]]:
    """Rows sorted by pinyin, built a column at a time with C-level maps (ages in one
    pass, no ``int()`` or tuple per row in Python code)."""
    from itertools import compress, repeat

    from shequ.common.output import MASKERS
    from shequ.people.register import ages_on

    keys = list(zip([p or "" for p in cols["name_py"]], [n or "" for n in cols["name"]], ids))
    order = sorted(range(len(keys)), key=keys.__getitem__)
    cols = {field: list(map(col.__getitem__, order)) for field, col in cols.items()}
    cols["id"] = list(map(ids.__getitem__, order))
    cols["age"] = ages_on(cols["birth"], on)
    cols["tags"] = [t if t is not None else [] for t in cols["tags"]]
    cols["categories"] = list(map(by_id.__getitem__, cols["id"]))
    masked = () if reveal else ("id_card", "phone")
    for key in masked:
        cols[key] = list(map(MASKERS[key], cols[key]))
    # One dict per row, keys in output order, built in C.
    rows = list(map(dict, map(zip, repeat(ROW_FIELDS), zip(*(cols[f] for f in ROW_FIELDS)))))
    for row in compress(rows, cols["removed"]):
        row["removed"] = True
    return rows


#: From this many rows an export makes each row as it writes it (twice: layout, then XML): ~25%
#: slower than holding them, but 200k held rows take ~1.2 KB each (xlsx export 482 → 265 MiB).
LAZY_ROWS = 50_000

#: The keys of a listing row, in output order ("id", "age" and "categories" are computed).
ROW_FIELDS = ("id", "name", "gender", "birth", "age", "id_card", "phone", "address", "grid", "household", "relation",
              "hukou", "tags", "categories", "children_in_city", "lives_alone", "note")
#: What rows are built from: the stored fields among them, the pinyin to sort by, the removed mark.
STORED_FIELDS = tuple(f for f in ROW_FIELDS if f not in ("id", "age", "categories")) + ("name_py", "removed")


def _listing(a: Any, session: Any, *, category: tuple[str, ...], tag: tuple[str, ...], search: str | None,
             grid: str | None, household: str | None, on: Any, removed: bool, reveal: bool,
             lazy: bool = False) -> Sequence[dict[str, Any]]:
    """The rows of everyone matching every filter (categories need the whole register's households);
    *lazy*: rows made as they are read (an export), not held."""
    from shequ.errors import UsageError
    from shequ.people.model import all_people
    from shequ.people.lookup import matches
    from shequ.people.register import _safe, categories, pick, register, resolve_categories, views

    cats = categories(a.pm)
    wanted = resolve_categories(cats, category)
    secret = [c.name for c in wanted if getattr(c, "sensitive", False)]
    if secret and not reveal:
        raise UsageError(f"类别“{'、'.join(secret)}”属于敏感个人信息：列出名单请加 --reveal（记入修改日志）；"
                         "只看人数请用 shequ people categories")
    if not removed:
        # A --reveal listing reads in a transaction (its change-log entry) that writes no resident.
        reg = register(session, on, cats, as_found=session.writable)
        positions = pick(reg, wanted=wanted, tags=tag, grid=grid, household=household, search=search)
        return _register_rows(reg, positions, on=on, reveal=reveal, lazy=lazy)
    # Removed people are not in the register: their documents, tested one by one.
    people = {k: d for k, d in all_people(session, include_removed=True).items() if d.get("removed")}
    people = {k: d for k, d in people.items()
              if set(tag) <= set(d.get("tags") or ()) and (not grid or d.get("grid") == grid)
              and (not household or d.get("household") == household) and (not search or matches(d, search))}
    if wanted:
        people = {str(v.id): v.doc for v in views(session, people, on) if all(_safe(c, v) for c in wanted)}
    return _rows(people, session=session, on=on, reveal=reveal, cats=cats)


def filter_options(fn: Any) -> Any:
    for opt in reversed(
        [
            click.option("--category", "-c", multiple=True, shell_complete=complete.categories, help="人员类别（高龄、90岁以上、空巢老人、育龄妇女……），可多次，需同时满足"),
            click.option("--tag", "-t", multiple=True, help="手工标签，可多次，需同时具备"),
            click.option("--search", "-s", help="按姓名、拼音（zeng / zgf）、电话尾号、住址查找"),
            click.option("--grid", help="只看某个网格"),
            click.option("--household", help="只看某一户"),
            click.option("--on", "on", metavar="DATE", help=ON_HELP),
        ]
    ):
        fn = opt(fn)
    return fn


LIST_COLUMNS = [
    ("id", "编号"), ("name", "姓名"), ("gender", "性别"), ("age", "年龄"), ("id_card", "身份证号"),
    ("phone", "联系电话"), ("address", "住址"), ("household", "户号"), ("tags", "标签"), ("categories", "类别"),
]


@people_group.command(name="list")
@filter_options
@click.option("--removed", is_flag=True, help="只看已删除的居民")
@click.option("--limit", type=int, default=0, help="最多显示条数")
@reveal_option
@output_options
def list_cmd(category: tuple[str, ...], tag: tuple[str, ...], search: str | None, grid: str | None,
             household: str | None, on: str | None, removed: bool, limit: int, reveal: bool, out: Any) -> None:
    """列出居民（按拼音排序）。

    \b
    例：
      shequ people list --category 90岁以上 --on 2025-10-29     # 重阳节慰问名单
      shequ people list --search zeng --json
    """
    from shequ.common.output import Column
    from shequ.periods import parse_date

    a = app()
    day = parse_date(on, today=a.today) if on else a.today
    with reading(a, reveal, "people list") as session:
        rows = _listing(a, session, category=category, tag=tag, search=search, grid=grid, household=household,
                        on=day, removed=removed, reveal=reveal)
    if limit:
        rows = rows[:limit]
    out.rows(rows, [Column(k, h) for k, h in LIST_COLUMNS])


def _forgiving(session: Any, key: str, include_removed: bool = False) -> tuple[int, dict[str, Any]]:
    """A person for a read: exactly, else the one the search (pinyin, initials, phone tail …) finds."""
    from shequ.people.lookup import find_forgiving

    pid, doc, guessed = find_forgiving(session, key, include_removed=include_removed)
    if guessed:
        say(f"按“{key}”找到：{doc.get('name')} #{pid}")
    return pid, doc


@people_group.command(name="show")
@click.argument("person", metavar="ID|姓名|拼音|电话尾号", shell_complete=complete.people)
@click.option("--on", "on", metavar="DATE", help=ON_HELP)
@reveal_option
@output_options
def show_cmd(person: str, on: str | None, reveal: bool, out: Any) -> None:
    """显示一位居民的全部信息、类别和同户成员。

    可按编号、姓名、身份证号，也可像 people list --search 那样按拼音（zeng）、首字母（zgf）、
    电话尾号查找：只找到一人时直接显示，找到几人时列出编号供选择。
    """
    from shequ.common.output import Column
    from shequ.people.model import all_people
    from shequ.people.register import categories
    from shequ.periods import parse_date

    a = app()
    day = parse_date(on, today=a.today) if on else a.today
    with reading(a, reveal, f"people show {person}") as session:
        pid, doc = _forgiving(session, person, include_removed=True)
        (row,) = _rows({str(pid): doc}, session=session, on=day, reveal=reveal, cats=categories(a.pm))
        code = doc.get("household")
        row["household_members"] = [
            {"id": int(k), "name": d.get("name"), "relation": d.get("relation")}
            for k, d in sorted(all_people(session).items(), key=lambda kv: int(kv[0]))
            if code and d.get("household") == code and int(k) != pid
        ]
    cols = [Column(k, h) for k, h in LIST_COLUMNS] + [
        Column("birth", "出生日期"), Column("grid", "网格"), Column("relation", "与户主关系"), Column("hukou", "户籍"),
        Column("children_in_city", "子女在本市"), Column("lives_alone", "独居"), Column("note", "备注"),
    ]
    if out.fmt not in ("json", "jsonl"):
        row["household_members"] = "、".join(f"{m['name']}(#{m['id']},{m.get('relation') or '?'})" for m in row.get("household_members", []))
        cols.append(Column("household_members", "同户成员"))
        if row.get("removed"):
            cols.append(Column("removed", "已删除"))
    out.record(row, cols)


@people_group.command(name="edit")
@click.argument("person", metavar="ID|姓名", shell_complete=complete.people)
@click.option("--name", help="姓名")
@person_options
@click.option("--tag", "tags", multiple=True, help="加上标签，可多次")
@click.option("--untag", "untags", multiple=True, help="去掉标签，可多次")
@click.option("--clear", "clears", multiple=True, metavar="FIELD", help="清空某字段（phone、address……），可多次")
def edit_cmd(person: str, tags: tuple[str, ...], untags: tuple[str, ...], clears: tuple[str, ...], **fields: Any) -> None:
    """修改一位居民的信息。"""
    from shequ.people.model import PERSON, edit_person, find_person

    a = app()
    raw = _raw(**fields)
    for name in clears:
        f = PERSON.field(name)
        if f is None or f.required:
            raise click.UsageError(f"不能清空的字段：{name}")
        raw[f.name] = ""
    with a.home.transaction(f"people edit {person}") as session:
        if tags or untags:
            _, doc = find_person(session, person)
            current = [t for t in doc.get("tags", []) if t not in untags]
            raw["tags"] = current + [t for t in tags if t not in current]
        pid, _ = edit_person(a.context(session), person, raw)
    say(f"已修改居民 #{pid}")


@people_group.command(name="remove")
@click.argument("person", metavar="ID|姓名", shell_complete=complete.people)
def remove_cmd(person: str) -> None:
    """删除一位居民（可用 restore 恢复）。"""
    from shequ.people.model import remove_person

    a = app()
    with a.home.transaction(f"people remove {person}") as session:
        pid, doc = remove_person(session, person)
    say(f"已删除居民 {doc.get('name')}（#{pid}），可用 shequ people restore {pid} 恢复")


@people_group.command(name="restore")
@click.argument("person", metavar="ID")
def restore_cmd(person: str) -> None:
    """恢复已删除的居民。"""
    from shequ.people.model import restore_person

    a = app()
    with a.home.transaction(f"people restore {person}") as session:
        pid, doc = restore_person(session, person)
    say(f"已恢复居民 {doc.get('name')}（#{pid}）")


@people_group.command(name="purge")
@click.argument("person", metavar="ID|姓名")
@click.option("--yes", is_flag=True, help="确认：彻底清除，不可撤销")
def purge_cmd(person: str, yes: bool) -> None:
    """彻底清除一位已删除的居民：其资料连同修改日志和备份中的记录一并抹去（不可撤销）。

    个人信息保护法要求删除不再需要的个人信息时使用；日志中只留下“已清除”这一事实。
    账目中以其为收付款人的记录属财务凭证，予以保留。
    """
    from shequ.people.model import purge_person

    if not yes:
        raise click.UsageError("彻底清除不可撤销：确认请加 --yes")
    done = purge_person(app().home, person)
    say(f"已彻底清除居民 #{done['id']}：修改日志 {done['log']} 条、备份 {done['backups']} 份中的资料已抹去")
    if done["payments"]:
        say(f"提示：账目中仍有 {done['payments']} 笔以其为收付款人（财务凭证依法保留，未改动）")


@people_group.command(name="household")
@click.argument("key", metavar="户号|居民", shell_complete=complete.households)
@click.option("--on", "on", metavar="DATE", help=ON_HELP)
@reveal_option
@output_options
def household_cmd(key: str, on: str | None, reveal: bool, out: Any) -> None:
    """显示一户的全部成员（按户号，或按其中一位居民：编号、姓名、拼音、首字母、电话尾号均可）。"""
    from shequ.errors import NotFound
    from shequ.common.output import Column
    from shequ.people.model import all_people
    from shequ.people.register import categories
    from shequ.periods import parse_date

    a = app()
    day = parse_date(on, today=a.today) if on else a.today
    with reading(a, reveal, f"people household {key}") as session:
        everyone = all_people(session)
        code = key if any(d.get("household") == key for d in everyone.values()) else None
        if code is None:
            _, doc = _forgiving(session, key)
            code = doc.get("household")
            if not code:
                raise NotFound(f"{doc.get('name')} 没有登记户号")
        members = {k: d for k, d in everyone.items() if d.get("household") == code}
        rows = _rows(members, session=session, on=day, reveal=reveal, cats=categories(a.pm))
    order = {r: i for i, r in enumerate(("户主", "配偶", "父母", "祖父母", "子女", "儿媳", "女婿", "孙子女", "兄弟姐妹", "其他"))}
    rows.sort(key=lambda r: (order.get(r["relation"] or "其他", 99), r["id"]))
    if out.fmt == "table":
        say(f"户号 {code}，共 {len(rows)} 人")
    cols = [Column("id", "编号"), Column("name", "姓名"), Column("relation", "与户主关系"), Column("gender", "性别"),
            Column("age", "年龄"), Column("phone", "联系电话"), Column("categories", "类别")]
    out.rows(rows, cols)


@people_group.command(name="categories")
@click.option("--on", "on", metavar="DATE", help=ON_HELP)
@output_options
def categories_cmd(on: str | None, out: Any) -> None:
    """列出人员类别及人数（类别随日期计算，不存储）。"""
    from shequ.common.output import Column
    from shequ.people.register import categories, register
    from shequ.periods import parse_date

    a = app()
    day = parse_date(on, today=a.today) if on else a.today
    cats = categories(a.pm)
    with a.home.read() as session:
        reg = register(session, day, cats)
        counts = {name: reg.count(name) for name in cats}
    owners = _category_owners(a.pm)
    rows = [
        {
            "name": name,
            "count": counts[name],
            "description": cat.description,
            "source": getattr(cat, "source", ""),
            "plugin": owners.get(name, ""),
            "sensitive": bool(getattr(cat, "sensitive", False)),
        }
        for name, cat in cats.items()
    ]
    if out.human:
        rows = [{**r, "name": r["name"] + ("（敏感）" if r["sensitive"] else "")} for r in rows]
    out.rows(rows, [Column("name", "类别"), Column("count", "人数"), Column("description", "说明"), Column("source", "出处")])


def _category_owners(pm: Any) -> dict[str, str]:
    from shequ.plugin.manager import call_each

    return {cat.name: plugin for plugin, declared in call_each(pm, "shequ_person_categories") for cat in declared or []}


@people_group.command(name="import")
@click.argument("path", metavar="FILE")
@click.option("--mapping", metavar="FILE", help="列名映射文件（JSON 或 两列 CSV：列名,字段；字段为空表示忽略该列）")
@click.option("--on-duplicate", type=click.Choice(["error", "skip", "update"]), default="error", show_default=True,
              help="行对应已登记的人、但信息不同时：报错 / 跳过 / 更新（信息相同的总是跳过）")
@click.option("--skip-invalid", is_flag=True, help="只导入正确的行，错误的行连同原因写入 FILE.rejected.csv")
@click.option("--dry-run", is_flag=True, help="只校验，不写入")
def import_cmd(path: str, mapping: str | None, on_duplicate: str, skip_invalid: bool, dry_run: bool) -> None:
    """导入花名册（.csv UTF-8/GBK 或 .xlsx）；先校验全部行，有错则一行也不写入。

    重复导入不会重复登记：每行按 身份证号 识别已登记的人；没有身份证号的行按 姓名+出生日期，
    没有出生日期的按 姓名+联系电话，都没有的按 姓名+住址。与已登记者信息相同的行跳过（计数）；
    信息不同的按 --on-duplicate 处理。同一文件中身份证号重复的行是错误。
    """
    from shequ.people.io import import_people, read_mapping
    from shequ.records.records import write_rejected

    a = app()
    mapped = read_mapping(mapping) if mapping else None
    if dry_run:
        with a.home.read() as session:
            result = import_people(a.context(session), path, mapping=mapped, on_duplicate=on_duplicate,
                                   skip_invalid=True, dry_run=True)
        for lineno, _, reason in result.rejected:
            say(f"  第 {lineno} 行：{reason}")
        say(f"校验完成：{len(result.added)} 行可新增，{len(result.updated)} 行将更新，"
            f"{len(result.skipped)} 行已登记将跳过，{len(result.rejected)} 行有误（--dry-run，未写入）")
        return
    with a.home.transaction(f"people import {path}") as session:
        result = import_people(a.context(session), path, mapping=mapped, on_duplicate=on_duplicate,
                               skip_invalid=skip_invalid)
    parts = [f"新增 {len(result.added)} 人"]
    if result.updated:
        parts.append(f"更新 {len(result.updated)} 人")
    if result.skipped:
        parts.append(f"跳过已登记 {len(result.skipped)} 人")
    nothing = "；没有新数据，未写入" if not result.added and not result.updated else ""
    say("已导入花名册：" + "，".join(parts) + nothing)
    if result.rejected:
        target = write_rejected(path, result.headers, result.rejected)
        say(f"有 {len(result.rejected)} 行有误未导入，已连同原因写入 {target}")


@people_group.command(name="export")
@click.argument("path", metavar="FILE")
@filter_options
@reveal_option
@click.option("--excel", is_flag=True, help="CSV 要用 Excel/WPS 打开：身份证号、电话写成文本，不会变成 3.3E+17（推荐直接导出 .xlsx）")
def export_cmd(path: str, category: tuple[str, ...], tag: tuple[str, ...], search: str | None, grid: str | None,
               household: str | None, on: str | None, reveal: bool, excel: bool) -> None:
    """导出花名册到 .xlsx / .csv / .json（按扩展名）；身份证号、电话默认脱敏。

    要在 Excel/WPS 里打开，请导出 .xlsx（身份证号是文本）；CSV 直接用表格软件打开会把身份证号
    变成科学计数法并丢掉末几位，需要 CSV 时加 --excel。
    """
    from shequ.common.exporting import export_rows
    from shequ.people.io import EXPORT_COLUMNS, TEXT_KEYS
    from shequ.periods import parse_date

    a = app()
    day = parse_date(on, today=a.today) if on else a.today
    with reading(a, reveal, f"people export {path}") as session:
        rows = _listing(a, session, category=category, tag=tag, search=search, grid=grid, household=household,
                        on=day, removed=False, reveal=reveal, lazy=True)
        meta = session.view("meta").get("meta", {}).get("1", {})
    title = f"{meta.get('name') or ''}居民花名册" + (f"（{'、'.join(category)}）" if category else "") + f"（{day.isoformat()}）"
    export_rows(path, rows, EXPORT_COLUMNS, title=title, text_keys=TEXT_KEYS, excel=excel)
    say(f"已导出 {len(rows)} 人到 {path}" + ("（身份证号、电话已脱敏；--reveal 导出明文）" if not reveal else ""))
