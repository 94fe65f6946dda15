"""Generic storage for plugin-defined record types.

Plugins declare types (``shequ_record_types``); this module gives every type
add / list / show / edit / remove / import / export, with field coercion,
``shequ_validate`` from every plugin, and all problems reported at once.
Records live in the ``records`` area, one tinydb table per type; ids are global,
short integers (``shequ record show 12`` needs no type), allocated from a
counter so a removed id is never reused.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, NamedTuple

from shequ.errors import DataError, NotFound, UsageError, ValidationError
from shequ.models import Field, RecordType
from shequ.common.output import MASKERS, Column
from shequ.store import Session, now_iso
from shequ.common.values import (NAME_LIMIT, TITLE_LIMIT, check_name, check_text, coerce_scalar, is_blank, names,
                                 parse_bool, parse_list)
from shequ.periods import parse_date

if TYPE_CHECKING:  # pragma: no cover
    from shequ.context import PluginContext as RecordContext

AREA = "records"
SEQ_TABLE = "_seq"
IGNORED_IMPORT_COLUMNS = {"编号", "id", "序号", "行号", "_created", "_updated", "原因", "created", "updated", "创建时间", "修改时间"}

# Where references point: (area, table, name field, Chinese noun).
REFS = {
    "person": ("people", "people", "name", "人员"),
    "event": ("events", "events", "title", "活动"),
}




# -- references -----------------------------------------------------------------
def resolve_ref(session: Session, kind: str, raw: Any) -> int:
    """An id or a unique name → the id; an ambiguous name lists the matches.

    People are also found by 身份证号, and a miss says whom it could have meant
    (:func:`shequ.people.lookup.resolve_person`)."""
    if kind == "person":
        from shequ.people.lookup import resolve_person

        return resolve_person(session, raw)
    area, table, name_key, noun = REFS[kind]
    docs = session.view(area).get(table, {})
    text = str(raw).strip().lstrip("#")
    if text.isdigit():
        if text in docs:
            return int(text)
        raise ValueError(f"找不到编号为 {text} 的{noun}")
    matches = [int(k) for k, d in docs.items() if d.get(name_key) == text and not d.get("removed")]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValueError(f"找不到{noun}：{text}")
    listing = "、".join(f"#{m}" for m in sorted(matches))
    raise ValueError(f"{noun}“{text}”有 {len(matches)} 个同名：{listing}，请改用编号")


def ref_label(session: Session, kind: str, ref_id: Any) -> str:
    area, table, name_key, _ = REFS[kind]
    doc = session.view(area).get(table, {}).get(str(ref_id))
    return f"{doc.get(name_key)} (#{ref_id})" if doc else f"#{ref_id}"


# -- coercion and validation ------------------------------------------------------
def coerce_field(f: Field, raw: Any, ctx: RecordContext) -> Any:
    """Coerce one value for *f*; ``ValueError`` with a Chinese reason."""
    if f.type in REFS:
        return resolve_ref(ctx.session, f.type, raw)
    value = coerce_scalar(f.type, raw, ctx.today)
    if f.type == "str" and f.name in ("name", "title"):  # one line, no control characters, a sane length
        check_name(value, NAME_LIMIT if f.name == "name" else TITLE_LIMIT)
    if f.mask and isinstance(value, str) and "****" in value:
        raise ValueError("看起来是脱敏后的数据（含 ****），请用 --reveal 导出的原始数据")
    if f.type == "choice" and value not in f.choices:
        raise ValueError(f"“{value}”不是可选值（可选：{'、'.join(f.choices)}）")
    if f.type == "list" and f.choices:
        bad = [v for v in value if v not in f.choices]
        if bad:
            raise ValueError(f"“{'、'.join(bad)}”不是可选值（可选：{'、'.join(f.choices)}）")
    return value


def field_coercer(f: Field, ctx: RecordContext) -> Callable[[Any], Any]:
    """:func:`coerce_field` for *f* with its type looked at once (an import coerces a column's
    every value): the same checks in the same order, the same results and messages."""
    if f.type in REFS or f.mask and f.type != "str" or f.type not in ("str", "choice", "date", "list", "bool"):
        return lambda raw: coerce_field(f, raw, ctx)
    if f.type == "str":
        limit = NAME_LIMIT if f.name == "name" else TITLE_LIMIT if f.name == "title" else 0
        masked = bool(f.mask)

        def text(raw: Any) -> str:
            value = check_text(str(raw).strip())
            if limit:
                check_name(value, limit)
            if masked and "****" in value:
                raise ValueError("看起来是脱敏后的数据（含 ****），请用 --reveal 导出的原始数据")
            return value
        return text
    if f.type == "choice":
        choices, listed = f.choices, "、".join(f.choices)

        def choice(raw: Any) -> str:
            value = str(raw).strip()
            if value not in choices:
                raise ValueError(f"“{value}”不是可选值（可选：{listed}）")
            return value
        return choice
    if f.type == "date":
        today = ctx.today

        def day(raw: Any) -> str:
            text = raw.strip() if raw.__class__ is str else ""
            if len(text) == 10 and text[4] == text[7] == "-" and text.isascii() and (text[:4] + text[5:7] + text[8:]).isdigit():
                try:  # 2025-03-15, as parse_date's first pattern reads it
                    return date(int(text[:4]), int(text[5:7]), int(text[8:])).isoformat()
                except ValueError:
                    pass  # no such day: parse_date says so
            try:
                return parse_date(str(raw), today=today).isoformat()
            except UsageError as exc:
                raise ValueError(exc.message) from None
        return day
    if f.type == "bool":
        return parse_bool
    if not f.choices:
        return parse_list
    return lambda raw: coerce_field(f, raw, ctx)


def build_record(
    rt: RecordType,
    raw: dict[str, Any],
    ctx: RecordContext,
    *,
    base: dict[str, Any] | None = None,
    require: bool = True,
    hint: Callable[[Field], str] | None = None,
    validate: bool = True,
) -> tuple[dict[str, Any], list[str]]:
    """Coerce *raw* over *base* (for edits); return the record and every problem found.

    ``require=False`` skips required-field checks (a *planned* event's 天数 is not known yet);
    *hint* says how to give a missing field (default ``--field name=…``); ``validate=False``
    leaves the field validators and ``shequ_validate`` to the caller (the core's own
    documents run their cross-field checks first).
    """
    problems: list[str] = []
    record: dict[str, Any] = dict(base or {})
    for key, value in raw.items():
        f = rt.field(key)
        if f is None:
            names = "、".join(x.name for x in rt.fields)
            problems.append(f"未知字段 {key}（{rt.title} 的字段：{names}）")
            continue
        if is_blank(value):
            record.pop(f.name, None)
            continue
        try:
            record[f.name] = coerce_field(f, value, ctx)
        except ValueError as exc:  # "日期不存在：…" needs no "日期：" before it
            problems.append(str(exc) if str(exc).startswith(f.title) else f"{f.title}：{exc}")
    if base is None:
        for f in rt.fields:
            if f.name not in record and f.default is not None:
                record[f.name] = f.default
    for f in rt.fields if require else ():
        if f.required and is_blank(record.get(f.name)) and not any(f.title in p for p in problems):
            problems.append(f"缺少必填字段 {f.title}（{hint(f) if hint else f'--field {f.name}=…'}）")
    if problems or not validate:
        return record, problems
    return record, validate_record(rt, record, ctx)


def validate_record(rt: RecordType, record: dict[str, Any], ctx: RecordContext) -> list[str]:
    """The field validators, then every plugin's ``shequ_validate``: the problems found."""
    problems = []
    for f in rt.fields:
        if f.name in record:
            for check in f.validators:
                message = check(record[f.name], record)
                if message:
                    problems.append(f"{f.title}：{message}")
    for found in ctx.pm.hook.shequ_validate(record=record, record_type=rt, ctx=ctx):
        problems.extend(found or [])
    return problems


@contextmanager
def editing(ctx: Any, rid: int) -> Iterator[None]:
    """Validators of a change see the id being changed as ``ctx.record_id`` (``None`` for a new one)."""
    previous = getattr(ctx, "record_id", None)
    ctx.record_id = rid
    try:
        yield
    finally:
        ctx.record_id = previous


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """``--field k=v`` options → dict; a pair without ``=`` is a usage error."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--field 的格式应为 字段=值：{pair}")
        out[key.strip()] = value
    return out


# -- storage ------------------------------------------------------------------------
def _tables(session: Session) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in session.view(AREA).items() if k != SEQ_TABLE}


def add(ctx: RecordContext, rt: RecordType, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    record, problems = build_record(rt, raw, ctx)
    if problems:
        raise ValidationError(problems, subject=f"无法添加{rt.title}")
    stamp = now_iso()
    record["_created"] = record["_updated"] = stamp
    new_id = ctx.session.next_id(AREA)
    ctx.session.put(AREA, rt.id, new_id, record)
    return new_id, record


def find(ctx: RecordContext, record_id: str | int) -> tuple[RecordType, int, dict[str, Any]]:
    text = str(record_id).strip().lstrip("#")
    if not text.isdigit():
        raise UsageError(f"记录编号应为数字：{record_id}")
    for type_id, table in _tables(ctx.session).items():
        doc = table.get(text)
        if doc is not None:
            rt = ctx.registry.types.get(type_id)
            if rt is None:
                ctx.registry.types.refuse_clash(type_id)  # two plugins declared it: name both
                raise DataError(f"记录 #{text} 属于类型 {type_id}，但提供它的插件没有加载")
            return rt, int(text), doc
    raise NotFound(f"找不到编号为 {text} 的记录")


def edit(ctx: RecordContext, record_id: str | int, raw: dict[str, Any]) -> tuple[RecordType, int, dict[str, Any]]:
    rt, rid, doc = find(ctx, record_id)
    if not raw:
        raise UsageError("没有要修改的字段（用 --field 字段=值）")
    base = {k: v for k, v in doc.items() if not k.startswith("_")}
    with editing(ctx, rid):
        record, problems = build_record(rt, raw, ctx, base=base)
    if problems:
        raise ValidationError(problems, subject=f"无法修改记录 #{rid}")
    record["_created"] = doc.get("_created")
    record["_updated"] = now_iso()
    ctx.session.put(AREA, rt.id, rid, record)
    return rt, rid, record


def remove(ctx: RecordContext, record_id: str | int) -> tuple[RecordType, int, dict[str, Any]]:
    rt, rid, doc = find(ctx, record_id)
    ctx.session.delete(AREA, rt.id, rid)
    return rt, rid, doc


# -- listing --------------------------------------------------------------------------
_WHERE = re.compile(r"^(?P<k>[^=!<>~]+?)\s*(?P<op>!=|>=|<=|=|~|>|<)\s*(?P<v>.*)$")


class Condition(NamedTuple):
    field: Field
    op: str
    value: Any

    def test(self, record: dict[str, Any]) -> bool:
        have = record.get(self.field.name)
        if self.op == "~":
            hay = "、".join(map(str, have)) if isinstance(have, list) else str(have or "")
            return str(self.value) in hay
        if self.field.type == "list" and self.op in ("=", "!="):
            hit = self.value in (have or [])
            return hit if self.op == "=" else not hit
        if self.op == "=":
            return have == self.value
        if self.op == "!=":
            return have != self.value
        if have is None:
            return False
        a, b = _comparable(self.field, have), _comparable(self.field, self.value)
        return {">": a > b, "<": a < b, ">=": a >= b, "<=": a <= b}[self.op]


def _comparable(f: Field, value: Any) -> Any:
    if f.type == "decimal":
        from decimal import Decimal

        return Decimal(str(value))
    return value


def parse_where(rt: RecordType, exprs: Iterable[str], ctx: RecordContext) -> list[Condition]:
    out = []
    for expr in exprs:
        m = _WHERE.match(expr.strip())
        if not m:
            raise UsageError(f"--where 的格式应为 字段=值（也可用 != > < >= <= ~）：{expr}")
        f = rt.field(m["k"].strip())
        if f is None:
            raise UsageError(f"--where 中的未知字段：{m['k']}（{rt.title} 的字段：{'、'.join(x.name for x in rt.fields)}）")
        raw = m["v"]
        if m["op"] == "~" or (f.type == "list" and m["op"] in ("=", "!=")):
            value: Any = raw.strip()
        elif is_blank(raw):
            value = None
        else:
            try:
                value = coerce_field(f, raw, ctx) if f.type not in ("choice",) else raw.strip()
            except ValueError as exc:
                raise UsageError(f"--where {expr}：{exc}") from None
        out.append(Condition(f, m["op"], value))
    return out


def list_records(
    ctx: RecordContext,
    rt: RecordType,
    conditions: list[Condition] = (),  # type: ignore[assignment]
) -> list[tuple[int, dict[str, Any]]]:
    table = ctx.session.table_view(AREA, rt.id)  # this type's shards only, not every plugin's records
    out = []
    for key, doc in table.items():
        if all(c.test(doc) for c in conditions):
            out.append((int(key), doc))
    out.sort(key=lambda item: item[0])
    return out


def columns_for(rt: RecordType, *, all_fields: bool = False) -> list[Column]:
    names = rt.columns if (rt.columns and not all_fields) else tuple(f.name for f in rt.fields)
    cols = [Column("id", "编号")]
    for name in names:
        f = rt.field(name)
        assert f is not None
        cols.append(Column(f.name, f.title))
    return cols


def display_row(
    ctx: RecordContext,
    rt: RecordType,
    rid: int,
    doc: dict[str, Any],
    *,
    reveal: bool = False,
    labels: bool = False,
) -> dict[str, Any]:
    """A row for output: id first, masked personal data, refs as ``名 (#id)`` if *labels*."""
    row: dict[str, Any] = {"id": rid}
    for f in rt.fields:
        value = doc.get(f.name)
        if value is not None and f.mask and not reveal:
            row[f.name] = MASKERS[f.mask](value)  # masked: never resolved to a name
            continue
        if value is not None and labels and f.type in REFS:
            value = ref_label(ctx.session, f.type, value)
        row[f.name] = value
    row["created"] = doc.get("_created")
    row["updated"] = doc.get("_updated")
    return row


# -- import ---------------------------------------------------------------------------
class ImportResult(NamedTuple):
    added: list[int]
    rejected: list[tuple[int, dict[str, Any], str]]  # (row number, raw values, reason)
    total: int
    duplicates: int = 0  # rows equal in every field to a stored record (or an earlier row)


def content_key(record: dict[str, Any]) -> bytes:
    """A record's fields (not its ``_created``/``_updated``) as canonical bytes: the import key."""
    import orjson

    from shequ.store import json_default

    return orjson.dumps({k: v for k, v in record.items() if not k.startswith("_")},
                        option=orjson.OPT_SORT_KEYS, default=json_default)


def map_headers(rt: RecordType, headers: list[str]) -> dict[str, str]:
    """File header → field name (by name or Chinese label); unknown columns are an error."""
    mapping: dict[str, str] = {}
    unknown = []
    for h in headers:
        f = rt.field(h)
        if f is not None:
            mapping[h] = f.name
        elif h not in IGNORED_IMPORT_COLUMNS and h.lower() not in IGNORED_IMPORT_COLUMNS:
            unknown.append(h)
    if unknown:
        known = "、".join(f"{f.title}({f.name})" for f in rt.fields)
        raise DataError(f"文件中有未知的列：{names(unknown)}（{rt.title} 可用的列：{known}）")
    return mapping


def import_rows(
    ctx: RecordContext,
    rt: RecordType,
    path: str | Path,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Validate every row first; import all of them, or (``skip_invalid``) only the valid ones.

    A row whose every field equals a record of this type already stored (or an earlier row
    of the file) is skipped and counted: re-importing a file writes nothing.  It is
    recognised before the validators run, so a plugin's "only one per …" rule does not turn
    a re-import into an error.  With ``dry_run`` nothing is written (a read session is
    enough); the result says which rows would be imported.
    """
    from shequ.common.output import progress
    from shequ.common.tabular import read_table

    table = read_table(path, as_shown=any(f.type == "decimal" for f in rt.fields))  # 3.50 stays 3.50
    mapping = map_headers(rt, table.headers)
    known = {content_key(doc) for doc in ctx.session.table_view(AREA, rt.id).values()}
    good: list[dict[str, Any]] = []
    rejected: list[tuple[int, dict[str, Any], str]] = []
    duplicates = 0
    for lineno, values in progress(table.rows, len(table.rows), f"校验 {rt.title}"):
        raw = {mapping[h]: v for h, v in values.items() if h in mapping}
        record, problems = build_record(rt, raw, ctx, validate=False)
        if not problems:
            key = content_key(record)
            if key in known:
                duplicates += 1
                continue
            problems = validate_record(rt, record, ctx)
            if not problems:
                known.add(key)  # the same row again later in the file is a duplicate too
        if problems:
            rejected.append((lineno, values, "；".join(problems)))
        else:
            good.append(record)
    refuse_rejected(rejected, skip_invalid)
    if dry_run:
        return ImportResult(added=[0] * len(good), rejected=rejected, total=len(table.rows), duplicates=duplicates)
    if not good:
        return ImportResult(added=[], rejected=rejected, total=len(table.rows), duplicates=duplicates)
    stamp = now_iso()
    first = ctx.session.next_id(AREA, len(good))
    added = []
    for offset, record in enumerate(good):
        record["_created"] = record["_updated"] = stamp
        ctx.session.put(AREA, rt.id, first + offset, record)
        added.append(first + offset)
    return ImportResult(added=added, rejected=rejected, total=len(table.rows), duplicates=duplicates)


def refuse_rejected(rejected: list[tuple[int, dict[str, Any], str]], skip_invalid: bool) -> None:
    """The importers' rule: any bad row means nothing is written, unless ``--skip-invalid``.
    The reasons are masked (a wrong 身份证 is still someone's): the row number finds it."""
    from shequ.common.output import mask_text

    if rejected and not skip_invalid:
        raise ValidationError(
            [f"第 {n} 行：{mask_text(reason)}" for n, _, reason in rejected],
            subject=f"导入失败，未写入任何数据（{len(rejected)} 行有误，可加 --skip-invalid 只导入正确的行）",
        )


def rejected_path(path: str | Path) -> Path:
    p = Path(path)
    return p.with_name(p.name + ".rejected.csv")


def write_rejected(path: str | Path, headers: list[str], rejected: list[tuple[int, dict[str, Any], str]]) -> Path:
    from shequ.common.output import render_csv, write_file

    cols = [Column("_row", "行号")] + [Column(h, h) for h in headers] + [Column("_reason", "原因")]
    rows = [{**values, "_row": n, "_reason": reason} for n, values, reason in rejected]
    target = rejected_path(path)
    write_file(target, render_csv(rows, cols))
    return target
