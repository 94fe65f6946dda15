"""The resident register (花名册): each person, checked and kept.

People live in the ``people`` area (table ``people``, sharded in ``people/``).  Each person is checked
with the same machinery as plugin records (``records.build_record`` over the
``PERSON`` schema, then every plugin's ``shequ_validate``), plus the
register's own rules: the 身份证 checksum and its agreement with birth date
and gender, phone formats, and one person per 身份证 in a home.

``name_py`` / ``name_ini`` (pinyin) are computed on write, so reading and searching never
import pypinyin.  The register on a date (categories, ages, search) is :mod:`shequ.people.register`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shequ.common.values import is_blank, shorten
from shequ.errors import DataError, NotFound, UsageError, ValidationError
from shequ.people.idcard import normalize_phone, parse_id
from shequ.people.lookup import find_person, id_owner
from shequ.models import Field, RecordType
from shequ.records.records import build_record, field_coercer
from shequ.store import Session, now_iso

if TYPE_CHECKING:  # pragma: no cover
    from shequ.context import PluginContext as RecordContext

AREA = "people"
TABLE = "people"
RELATIONS = ("户主", "配偶", "子女", "父母", "孙子女", "祖父母", "兄弟姐妹", "儿媳", "女婿", "其他")
HUKOU = ("户籍", "流动")


def _phone_ok(value: Any, record: dict) -> str | None:
    try:
        normalize_phone(value)
    except ValueError:
        return f"“{value}”不是有效的电话号码（手机为 11 位、以 13–19 开头；座机需带区号，如 0571-88001234）"
    return None


PERSON = RecordType(
    id="core.person",
    title="居民",
    description="花名册中的一名居民",
    fields=(
        Field("name", "str", label="姓名", required=True),
        Field("gender", "choice", label="性别", choices=("男", "女")),
        Field("birth", "date", label="出生日期"),
        Field("id_card", "str", label="身份证号", mask="id_card"),
        Field("phone", "str", label="联系电话", mask="phone", validators=(_phone_ok,)),
        Field("address", "str", label="住址", help="小区/楼栋/单元/室"),
        Field("grid", "str", label="网格"),
        Field("household", "str", label="户号"),
        Field("relation", "choice", label="与户主关系", choices=RELATIONS),
        Field("hukou", "choice", label="户籍", choices=HUKOU, default="户籍"),
        Field("tags", "list", label="标签"),
        Field("children_in_city", "bool", label="子女在本市", help="判断空巢：户内数据不全时手工标注"),
        Field("lives_alone", "bool", label="独居"),
        Field("note", "str", label="备注"),
    ),
)

#: Headers found in real rosters → field names (the label and the name are accepted too).
HEADER_ALIASES = {
    "公民身份号码": "id_card", "身份证": "id_card", "身份证号码": "id_card", "证件号码": "id_card",
    "出生年月": "birth", "生日": "birth", "出生年月日": "birth",
    "手机": "phone", "手机号": "phone", "手机号码": "phone", "电话": "phone", "联系方式": "phone",
    "地址": "address", "家庭住址": "address", "居住地址": "address", "现住址": "address",
    "所属网格": "grid", "户编号": "household", "户主关系": "relation", "关系": "relation",
    "户籍类型": "hukou", "户口性质": "hukou", "人口类型": "hukou", "户籍性质": "hukou",
    "人员类别": "tags", "类别标签": "tags",
}
#: Columns shequ writes on export that are computed, so ignored on import.
COMPUTED_COLUMNS = {"序号", "编号", "id", "年龄", "类别", "拼音", "原因", "行号"}
_VALUE_SYNONYMS = {
    "gender": {"男性": "男", "女性": "女", "m": "男", "f": "女", "male": "男", "female": "女"},
    "hukou": {"户籍人口": "户籍", "本地": "户籍", "常住": "户籍", "流动人口": "流动", "外来": "流动", "外来人口": "流动", "暂住": "流动"},
    "relation": {"本人": "户主", "妻": "配偶", "夫": "配偶", "妻子": "配偶", "丈夫": "配偶", "子": "子女", "女": "子女",
                 "长子": "子女", "次子": "子女", "长女": "子女", "次女": "子女", "儿子": "子女", "女儿": "子女",
                 "父亲": "父母", "母亲": "父母", "孙子": "孙子女", "孙女": "孙子女", "外孙": "孙子女", "外孙女": "孙子女",
                 "兄": "兄弟姐妹", "弟": "兄弟姐妹", "姐": "兄弟姐妹", "妹": "兄弟姐妹"},
}


# -- checks -------------------------------------------------------------------------
def normalize_input(raw: dict[str, Any]) -> dict[str, Any]:
    """Synonyms people type (男性, 户籍人口, 长子 …) → the stored choices."""
    out = dict(raw)
    for key, table in _VALUE_SYNONYMS.items():
        value = out.get(key)
        if isinstance(value, str) and value.strip():
            v = value.strip()
            out[key] = table.get(v.lower(), table.get(v, v))
    return out


def check_person(ctx: RecordContext, raw: dict[str, Any], *, base: dict[str, Any] | None = None,
                 self_id: str | None = None, others: dict[str, str] | None = None) -> tuple[dict[str, Any], list[str]]:
    """Build a person from *raw* (over *base* for edits); return it and every problem.

    *others* maps 身份证 → person id for the duplicate check (built once for imports).
    """
    record, problems = build_record(PERSON, normalize_input(raw), ctx, base=base)
    return _register_rules(ctx, raw, record, problems, self_id, others)


def _register_rules(ctx: RecordContext, raw: dict[str, Any], record: dict[str, Any], problems: list[str],
                    self_id: str | None, others: dict[str, str] | None) -> tuple[dict[str, Any], list[str]]:
    """The register's own rules over a built person: 身份证 (and its agreement with birth and
    gender, and one person per 身份证), the phone's stored form, no birth after today, pinyin."""
    get = record.get
    if get("id_card"):
        try:
            info = parse_id(record["id_card"], today=ctx.today)
        except ValueError as exc:
            problems.append(str(exc))
        else:
            record["id_card"] = info.number
            born = info.birth.isoformat()
            given_birth = get("birth")
            if given_birth and given_birth != born and "birth" in raw:
                problems.append(f"出生日期与身份证号不符（身份证为 {born}，填写为 {given_birth}）")
            elif not given_birth or "birth" not in raw:
                record["birth"] = born
            given_gender = get("gender")
            if given_gender and given_gender != info.gender and "gender" in raw:
                problems.append(f"性别与身份证号不符（身份证为{info.gender}，填写为{given_gender}）")
            elif not given_gender or "gender" not in raw:
                record["gender"] = info.gender
            owner = others.get(info.number) if others is not None else id_owner(ctx.session, info.number)
            if owner is not None and owner != self_id:
                problems.append(f"身份证号 {mask(info.number)} 已登记为 #{owner}，同一身份证不能登记两次")
    if get("phone") and not (problems and any(p.startswith("联系电话") for p in problems)):
        try:
            record["phone"] = normalize_phone(record["phone"])
        except ValueError:
            pass
    if get("birth") and record["birth"] > ctx.today.isoformat():
        problems.append(f"出生日期 {record['birth']} 晚于今天")
    if get("name"):
        from shequ.people.pinyin import name_keys  # writes only: reading never loads the table

        record["name_py"], record["name_ini"] = name_keys(record["name"])
    return record, problems


class PersonChecker:
    """:func:`check_person` with ``others={}`` (an import checks duplicates itself) for the many
    rows of an import: each column's field and coercer, and the ``shequ_validate``
    implementations, are looked up once instead of for every value.  The same people and the
    same problems as :func:`check_person` (tests/unit/test_person_checker.py compares them)."""

    def __init__(self, ctx: RecordContext) -> None:
        from shequ.plugin.manager import hook_calls

        self.ctx = ctx
        self.columns: dict[str, tuple[Field | None, Any]] = {}
        self.defaults = [(f.name, f.default) for f in PERSON.fields if f.default is not None]
        self.required = [f for f in PERSON.fields if f.required]
        self.checks = [(f.name, f.title, f.validators) for f in PERSON.fields if f.validators]
        self.validate = hook_calls(ctx.pm, "shequ_validate")

    def _column(self, key: str) -> tuple[Field | None, Any]:
        f = PERSON.field(key)
        found = self.columns[key] = (f, f and field_coercer(f, self.ctx))
        return found

    def check(self, raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        ctx = self.ctx
        problems: list[str] = []
        record: dict[str, Any] = {}
        for key, value in raw.items():  # build_record over normalize_input(raw)
            f, coerce = self.columns.get(key) or self._column(key)
            if f is None:  # not a field: the generic path names it
                return check_person(ctx, raw, others={})
            if value.__class__ is str:  # a file's cell: is_blank and normalize_input inline
                v = value.strip()
                if not v:
                    record.pop(f.name, None)
                    continue
                synonyms = _VALUE_SYNONYMS.get(key)
                if synonyms is not None:
                    value = synonyms.get(v.lower(), synonyms.get(v, v))
            else:
                synonyms = _VALUE_SYNONYMS.get(key)
                if synonyms is not None and isinstance(value, str) and value.strip():
                    v = value.strip()
                    value = synonyms.get(v.lower(), synonyms.get(v, v))
                if is_blank(value):
                    record.pop(f.name, None)
                    continue
            try:
                record[f.name] = coerce(value)
            except ValueError as exc:
                text = str(exc)
                problems.append(text if text.startswith(f.title) else f"{f.title}：{text}")
        for name, default in self.defaults:
            if name not in record:
                record[name] = default
        for f in self.required:
            if is_blank(record.get(f.name)) and not any(f.title in p for p in problems):
                problems.append(f"缺少必填字段 {f.title}（--field {f.name}=…）")
        if not problems:  # validate_record
            for name, title, validators in self.checks:
                if name in record:
                    for check in validators:
                        message = check(record[name], record)
                        if message:
                            problems.append(f"{title}：{message}")
            for found in self.validate(record=record, record_type=PERSON, ctx=ctx):
                problems.extend(found or [])
        return _register_rules(ctx, raw, record, problems, None, {})


def mask(number: str) -> str:
    from shequ.common.output import mask_id_card

    return mask_id_card(number) or ""


def id_index(session: Session) -> dict[str, str]:
    """身份证 → person id, over every person (removed ones too: restore them instead)."""
    return {doc["id_card"]: key for key, doc in session.view(AREA).get(TABLE, {}).items() if doc.get("id_card")}


# -- store ---------------------------------------------------------------------------
def add_person(ctx: RecordContext, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    record, problems = check_person(ctx, raw)
    if problems:
        raise ValidationError(problems, subject=f"无法登记 {shorten(raw.get('name') or '居民')}")
    record["_created"] = record["_updated"] = now_iso()
    pid = ctx.session.next_id(AREA)
    ctx.session.put(AREA, TABLE, pid, record)
    return pid, record


def all_people(session: Session, *, include_removed: bool = False) -> dict[str, dict[str, Any]]:
    """id → document; removed people left out unless asked for.  Read-only in read sessions."""
    table = session.view(AREA).get(TABLE, {})
    if include_removed:
        return table
    if not session.writable and not session.mentions(AREA, b'"removed"'):  # no copy, no look at each document
        return table
    return {k: d for k, d in table.items() if not d.get("removed")}


def edit_person(ctx: RecordContext, key: str, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    if not raw:
        raise UsageError("没有要修改的内容")
    pid, doc = find_person(ctx.session, key)
    base = {k: v for k, v in doc.items() if not k.startswith("_") and k not in ("name_py", "name_ini", "removed")}
    record, problems = check_person(ctx, raw, base=base, self_id=str(pid))
    if problems:
        raise ValidationError(problems, subject=f"无法修改居民 #{pid}")
    record["_created"] = doc.get("_created")
    record["_updated"] = now_iso()
    ctx.session.put(AREA, TABLE, pid, record)
    return pid, record


def remove_person(session: Session, key: str) -> tuple[int, dict[str, Any]]:
    """Soft delete: the person disappears from lists and categories, and can be restored."""
    pid, doc = find_person(session, key)
    session.put(AREA, TABLE, pid, {**doc, "removed": True, "_removed": now_iso()})
    return pid, doc


def restore_person(session: Session, key: str) -> tuple[int, dict[str, Any]]:
    pid, doc = find_person(session, key, include_removed=True)
    if not doc.get("removed"):
        raise DataError(f"居民 #{pid} 没有被删除")
    restored = {k: v for k, v in doc.items() if k not in ("removed", "_removed")}
    session.put(AREA, TABLE, pid, restored)
    return pid, restored


PERSONAL = ("name", "id_card", "phone")  # what a purge also cuts from the log's action text


def purge_person(home: Any, key: str) -> dict[str, Any]:
    """Erase a removed resident for good (个人信息保护法 deletion): the document, and its contents
    in the change log and every backup (see :mod:`shequ.store.purge`).  Not undoable.

    Run again on the same id, it finishes a purge a crash interrupted.  Returns
    ``{"id", "log", "backups", "payments"}`` — payments: ledger entries that still name the
    resident as payee (财务凭证 are kept by law; the ledger is not touched).
    """
    from shequ.store.purge import PURGED, purge_history

    text = str(key).strip().lstrip("#")
    with home.read() as session:
        if text.isdigit():  # by id also once the document is gone (finishing an interrupted purge)
            pid, doc = int(text), session.view(AREA).get(TABLE, {}).get(text)
        else:
            pid, doc = find_person(session, key, include_removed=True)
    if doc is not None and not doc.get("removed"):
        raise DataError(f"居民 #{pid} 尚未删除：先运行 shequ people remove {pid}，再彻底清除")
    ident = ("people", TABLE, str(pid))
    docs = [doc] if doc else []
    for entry in home.log_entries():  # every version the log still holds: a rename leaves two names
        docs += [c[side] for c in entry.get("changes", []) if (c["area"], c["table"], c["id"]) == ident
                 for side in ("before", "after") if c.get(side) not in (None, PURGED)]
    if not docs:
        raise NotFound(f"没有编号为 {text} 的居民（或已彻底清除）")
    words = tuple(sorted({str(d[f]) for d in docs for f in PERSONAL if d.get(f)}, key=len, reverse=True))
    if doc is not None:
        with home.transaction(f"people purge #{pid}") as session:
            session.delete(AREA, TABLE, pid)
            session.redacted.add(ident)
            session.log_extra["undoable"] = False
    done = purge_history(home, ident, words)
    with home.read() as session:
        entries = session.view("ledger").get("entries", {})
        payments = sum(1 for e in entries.values() if str(e.get("payee")) == str(pid))
    return {"id": pid, **done, "payments": payments}
