"""The resident register (花名册): people, households, computed categories.

People live in the ``people`` area (table ``people``, sharded in ``people/``).  Each person is checked
with the same machinery as plugin records (``records.build_record`` over the
``PERSON`` schema, then every plugin's ``shequ_validate``), plus the
register's own rules: the 身份证 checksum and its agreement with birth date
and gender, phone formats, and one person per 身份证 in a home.

Categories (高龄, 育龄妇女, 空巢老人 …) are computed on a reference date and
never stored, so they are always current; plugins add their own through
``shequ_person_categories``.  ``name_py`` / ``name_ini`` (pinyin) are
computed on write, so reading and searching never import pypinyin.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from shequ.errors import DataError, NotFound, UsageError, ValidationError
from shequ.people.idcard import normalize_phone, parse_id
from shequ.models import Field, PersonCategory, RecordType
from shequ.records.records import RecordContext, build_record, resolve_ref
from shequ.store import Session, now_iso

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
    if record.get("id_card"):
        try:
            info = parse_id(record["id_card"], today=ctx.today)
        except ValueError as exc:
            problems.append(str(exc))
        else:
            record["id_card"] = info.number
            given_birth = record.get("birth")
            if given_birth and given_birth != info.birth.isoformat() and "birth" in raw:
                problems.append(f"出生日期与身份证号不符（身份证为 {info.birth.isoformat()}，填写为 {given_birth}）")
            elif not given_birth or "birth" not in raw:
                record["birth"] = info.birth.isoformat()
            given_gender = record.get("gender")
            if given_gender and given_gender != info.gender and "gender" in raw:
                problems.append(f"性别与身份证号不符（身份证为{info.gender}，填写为{given_gender}）")
            elif not given_gender or "gender" not in raw:
                record["gender"] = info.gender
            owner = others.get(info.number) if others is not None else id_owner(ctx.session, info.number)
            if owner is not None and owner != self_id:
                problems.append(f"身份证号 {mask(info.number)} 已登记为 #{owner}，同一身份证不能登记两次")
    if record.get("phone") and not any(p.startswith("联系电话") for p in problems):
        try:
            record["phone"] = normalize_phone(record["phone"])
        except ValueError:
            pass
    if record.get("birth") and record["birth"] > ctx.today.isoformat():
        problems.append(f"出生日期 {record['birth']} 晚于今天")
    if record.get("name"):
        from shequ.people.pinyin import name_keys

        record["name_py"], record["name_ini"] = name_keys(record["name"])
    return record, problems


def mask(number: str) -> str:
    from shequ.common.output import mask_id_card

    return mask_id_card(number) or ""


def id_index(session: Session) -> dict[str, str]:
    """身份证 → person id, over every person (removed ones too: restore them instead)."""
    return {doc["id_card"]: key for key, doc in session.view(AREA).get(TABLE, {}).items() if doc.get("id_card")}


def id_owner(session: Session, number: str) -> str | None:
    """The id of the person (removed ones too) holding 身份证 *number*, if any.

    Only the shards whose bytes contain the number's first 17 digits are
    parsed: one add into a 20k register then costs a byte search, not a parse.
    (The check character is left out of the probe, so a hand-typed lower-case
    "x" is found too.)
    """
    table = session.scan(AREA, number[:17].encode()).get(TABLE, {})
    for key, doc in table.items():
        if str(doc.get("id_card") or "").upper() == number:
            return key
    return None


# -- store ---------------------------------------------------------------------------
def _next_id(session: Session, count: int = 1) -> int:
    seq = session.get(AREA, "_seq", "1") or {"next": 1}
    first = int(seq["next"])
    session.put(AREA, "_seq", "1", {"next": first + count})
    return first


def add_person(ctx: RecordContext, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    record, problems = check_person(ctx, raw)
    if problems:
        raise ValidationError(problems, subject=f"无法登记 {raw.get('name') or '居民'}")
    record["_created"] = record["_updated"] = now_iso()
    pid = _next_id(ctx.session)
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


def find_person(session: Session, key: str, *, include_removed: bool = False) -> tuple[int, dict[str, Any]]:
    """By id (``12`` / ``#12``) or unique name; an ambiguous name lists the matches."""
    text = str(key).strip()
    if include_removed and text.lstrip("#").isdigit():
        doc = session.view(AREA).get(TABLE, {}).get(text.lstrip("#"))
        if doc is not None:
            return int(text.lstrip("#")), doc
    try:
        pid = resolve_ref(session, "person", text)
    except ValueError as exc:
        removed = [k for k, d in session.view(AREA).get(TABLE, {}).items() if d.get("removed") and d.get("name") == text]
        if include_removed and len(removed) == 1:  # `people restore 张三` right after `people remove 张三`
            return int(removed[0]), session.view(AREA)[TABLE][removed[0]]
        raise NotFound(str(exc)) from None
    doc = session.view(AREA)[TABLE][str(pid)]
    if doc.get("removed") and not include_removed:
        raise NotFound(f"居民 #{pid} 已删除（可用 shequ people restore {pid} 恢复）")
    return pid, doc


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


# -- categories ----------------------------------------------------------------------
class PersonView:
    """A person as category predicates see it: read access to the stored fields
    (``p.get("tags")``, ``p["name"]``) plus ``id``, ``age`` (周岁 on ``on``),
    ``settings`` and ``household`` (the other members of the same 户).

    A thin wrapper, not a copy: listing 20k residents builds 20k of these.
    """

    __slots__ = ("id", "on", "settings", "_doc", "_households", "age", "_session")

    def __init__(self, pid: int, doc: dict[str, Any], on: date, settings: dict[str, Any],
                 households: "dict[str, list[dict[str, Any]]] | Register", session: Session | None = None) -> None:
        # *households* may be the Register, whose index is built only if a predicate asks.
        self.id = pid
        self.on = on
        self.settings = settings
        self._doc = doc
        self._households = households
        self._session = session
        birth = doc.get("birth")
        self.age: int | None = _age_iso(birth, on) if birth else None

    def get(self, key: str, default: Any = None) -> Any:
        return self._doc.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self._doc[key]

    def __contains__(self, key: object) -> bool:
        return key in self._doc

    def keys(self) -> Any:
        return self._doc.keys()

    @property
    def doc(self) -> dict[str, Any]:
        return self._doc

    def related(self, type_id: str, field: str = "person") -> list[dict[str, Any]]:
        """Plugin records of *type_id* whose *field* points at this person (党员档案 …).

        The index is built once per session, so category predicates such as
        "党员" (from ``dangjian.member`` records) cost a dict look-up per person.
        """
        if self._session is None:
            return []
        return related_index(self._session, type_id, field).get(self.id, [])

    @property
    def household(self) -> list[dict[str, Any]]:
        key = self._doc.get("household")
        if not key:
            return []
        index = self._households
        if not isinstance(index, dict):
            index = index.households
        return [m for m in index.get(key, []) if m is not self._doc]


def _age_iso(birth: str, on: date) -> int:
    """周岁 from an ISO date string, without building a date (hot in 20k-row listings)."""
    y, m, d = int(birth[:4]), int(birth[5:7]), int(birth[8:10])
    return on.year - y - ((on.month, on.day) < (m, d))


def ages_on(births: list[Any], on: date) -> list[int | None]:
    """周岁 on *on* for many birth dates at once (``None`` where missing or unreadable).

    The arithmetic of :func:`_age_iso` as C-level maps over the column: the year
    difference, less one if "MM-DD" of *on* sorts before the birthday's.  A
    Python call per row cost ~10k instructions, a quarter of a 4k-row listing.
    Any value that is not a ``YYYY-MM-DD`` string sends the column to the slow,
    careful path.
    """
    from itertools import repeat
    from operator import eq, getitem, lt, sub

    given = list(filter(None, births))  # no birth date: no age
    try:
        if all(map(eq, map(len, given), repeat(10))) and all(map(eq, map(getitem, given, repeat(7)), repeat("-"))):
            years = map(int, map(getitem, given, repeat(slice(0, 4))))
            before = map(lt, repeat(on.isoformat()[5:]), map(getitem, given, repeat(slice(5, None))))
            ages = list(map(sub, map(sub, repeat(on.year), years), before))
            if len(given) == len(births):
                return ages  # type: ignore[return-value]
            found = iter(ages)
            return [next(found) if b else None for b in births]
    except (TypeError, ValueError):  # a number, or "19xx-…" typed into a file by hand
        pass
    return [_age_or_none(b, on) for b in births]


def _age_or_none(birth: Any, on: date) -> int | None:
    try:
        return _age_iso(birth, on) if birth else None
    except (TypeError, ValueError):
        return None


def households_of(people: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for doc in people.values():
        if doc.get("household"):
            out.setdefault(doc["household"], []).append(doc)
    return out


def related_index(session: Session, type_id: str, field: str = "person") -> dict[int, list[dict[str, Any]]]:
    """Person id → the records of *type_id* pointing at them, built once per read session."""
    def build() -> dict[int, list[dict[str, Any]]]:
        index: dict[int, list[dict[str, Any]]] = {}
        for doc in session.view("records").get(type_id, {}).values():
            ref = doc.get(field)
            if isinstance(ref, int):
                index.setdefault(ref, []).append(doc)
        return index

    return session.memo(("people.related", type_id, field), build)


def views(session: Session, people: dict[str, dict[str, Any]], on: date) -> list[PersonView]:
    """Views of *people*; households always come from the whole register, so a
    filtered selection never makes an elder look as if living alone."""
    from shequ.settings import get_settings

    settings = get_settings(session)
    # One household index per read session (a listing builds views more than once).
    households = session.memo("people.households", lambda: households_of(all_people(session)))
    return [PersonView(int(k), d, on, settings, households, session) for k, d in people.items()]


class Register:
    """The whole register on one date, for questions about categories over everyone.

    Each category's members are computed once, as a set of ids: the monthly
    report counts 15 categories over 20k residents, and a listing shows each
    row's categories, so 300k predicate calls become one pass per category
    and set look-ups.  The passes work on columns (``column("hukou")``, the
    birth dates sorted once for :meth:`aged`), because a Python call per
    resident costs ~1 µs and 20k of them per category add up.

    The columns come from the store's columnar copies when it has them
    (:meth:`Session.columns`), so counting never parses the residents'
    documents; :attr:`docs` (and :meth:`view`, for predicates) load them on
    first use.  Get one with :func:`register`.
    """

    def __init__(self, session: Session, on: date, cats: dict[str, PersonCategory]) -> None:
        from shequ.settings import get_settings

        self.session = session
        self.on = on
        self.cats = cats
        self.settings = get_settings(session)
        self._docs: dict[str, dict[str, Any]] | None = None
        self._households: dict[str, list[dict[str, Any]]] | None = None
        self._views: dict[str, PersonView] = {}
        self._members: dict[str, frozenset[int]] = {}
        self._columns: dict[str, list[Any]] = {}
        self._ids: list[int] | None = None
        self._values: list[dict[str, Any]] | None = None
        self._births: tuple[list[str], list[int], list[int]] | None = None
        self._sizes: dict[str, int] | None = None
        self._pairs: dict[str, set[tuple[Any, Any]]] = {}
        self._positions: dict[int, int] | None = None
        self._id_set: frozenset[int] | None = None
        # The store's columns, each parsed when first asked for; removed people left out.
        self._stored: Any = None
        self._keep: list[bool] | None = None
        copies = session.columns(AREA, TABLE)
        if copies is not None:
            ids, self._stored = copies
            removed = self._stored.get("removed")
            if removed is not None and any(removed):
                from itertools import compress

                self._keep = [not r for r in removed]
                ids = list(compress(ids, self._keep))
            self._ids = ids

    @property
    def docs(self) -> dict[str, dict[str, Any]]:
        """id (as stored, a string) → document, removed people left out (parsed on first use)."""
        if self._docs is None:
            self._docs = all_people(self.session)
        return self._docs

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, pid: object) -> bool:
        """``12 in reg``: is resident 12 registered (and not removed)?"""
        if self._id_set is None:
            self._id_set = frozenset(self.ids)
        return pid in self._id_set

    @property
    def ids(self) -> list[int]:
        """Every id, in the order of :meth:`column`."""
        if self._ids is None:
            self._ids = list(map(int, self.docs))
        return self._ids

    @property
    def values(self) -> list[dict[str, Any]]:
        """Every document, in the order of :attr:`ids`."""
        if self._values is None:
            self._values = list(self.docs.values())
        return self._values

    def position(self, pid: int) -> int:
        """Where person *pid* is in :attr:`ids` and in every column."""
        if self._positions is None:
            self._positions = dict(zip(self.ids, range(len(self.ids))))
        return self._positions[pid]

    def column(self, field: str) -> list[Any]:
        """One field of every person (``None`` where missing), in the order of :attr:`ids`."""
        col = self._columns.get(field)
        if col is None:
            if self._stored is not None and not field.startswith("_"):
                stored = self._stored.get(field)
                if stored is None:
                    col = [None] * len(self.ids)  # the copies have every field some resident has
                elif self._keep is not None:
                    from itertools import compress

                    col = list(compress(stored, self._keep))
                else:
                    col = stored
            else:
                from itertools import repeat

                col = list(map(dict.get, self.values, repeat(field)))  # a C loop
            self._columns[field] = col
        return col

    def where(self, field: str, value: Any, default: Any = None) -> list[int]:
        """Ids of people whose *field* equals *value* (a missing field counts as *default*)."""
        from itertools import compress, repeat
        from operator import eq, is_, or_

        col = self.column(field)
        hits = map(eq, col, repeat(value))  # C loops: no Python call per person
        if default is not None and default == value:
            hits = map(or_, hits, map(is_, col, repeat(None)))
        return list(compress(self.ids, hits))

    @property
    def households(self) -> dict[str, list[dict[str, Any]]]:
        if self._households is None:
            self._households = households_of(self.docs)
        return self._households

    def household_sizes(self) -> dict[str, int]:
        """户号 → how many registered people live in it."""
        if self._sizes is None:
            from collections import Counter

            sizes = Counter(self.column("household"))
            sizes.pop(None, None)
            self._sizes = dict(sizes)
        return self._sizes

    def household_pairs(self, field: str) -> set[tuple[Any, Any]]:
        """Every (户号, value of *field*) found among the members: ``("H0301", "子女") in pairs``
        asks whether 户 H0301 has a 子女 (one set built in C, then a look-up per question)."""
        found = self._pairs.get(field)
        if found is None:
            found = self._pairs[field] = set(zip(self.column("household"), self.column(field)))
        return found

    def view(self, pid: int | str) -> PersonView:
        key = str(pid)
        v = self._views.get(key)
        if v is None:
            v = self._views[key] = PersonView(int(key), self.docs[key], self.on, self.settings, self, self.session)
        return v

    def views(self, ids: Iterable[int | str] | None = None) -> list[PersonView]:
        return [self.view(k) for k in (self.docs if ids is None else ids)]

    def related(self, type_id: str, field: str = "person") -> dict[int, list[dict[str, Any]]]:
        """Person id → records of *type_id* pointing at them (for plugins' ``members``)."""
        return related_index(self.session, type_id, field)

    def aged(self, low: int, high: int | None = None) -> list[int]:
        """Ids of people whose 周岁 on the register's date is in ``low..high`` (inclusive).

        周岁 ≥ n exactly when the ISO birth date is ≤ the date n years back
        (as strings: "1935-03-21" ≤ "1955-03-31"), so after one sort this is
        two bisects.
        """
        bottom, top = self._age_slice(low, high)
        return self._births[2][bottom:top]  # type: ignore[index]

    def aged_positions(self, low: int, high: int | None = None) -> list[int]:
        """Like :meth:`aged`, as positions in :attr:`ids` and the columns."""
        bottom, top = self._age_slice(low, high)
        return self._births[1][bottom:top]  # type: ignore[index]

    def _age_slice(self, low: int, high: int | None) -> tuple[int, int]:
        from bisect import bisect_right

        if self._births is None:
            col = [b or "" for b in self.column("birth")]
            try:
                order = sorted(range(len(col)), key=col.__getitem__)
            except TypeError:  # a hand-edited file with a birth date that is not a string
                col = [b if isinstance(b, str) else "" for b in col]
                order = sorted(range(len(col)), key=col.__getitem__)
            births = [col[i] for i in order]
            start = bisect_right(births, "")  # no (usable) birth date: no age
            ids = self.ids
            self._births = (births[start:], order[start:], [ids[i] for i in order[start:]])
        births = self._births[0]
        top = bisect_right(births, self._cutoff(low))
        bottom = bisect_right(births, self._cutoff(high + 1)) if high is not None else 0
        return bottom, top

    def _cutoff(self, years: int) -> str:
        on = self.on
        return f"{on.year - years:04d}-{on.month:02d}-{on.day:02d}"

    def members(self, name: str) -> frozenset[int]:
        """Ids of the people in category *name* (computed once)."""
        found = self._members.get(name)
        if found is None:
            cat = self.cats[name]
            if cat.members is not None:
                found = frozenset(cat.members(self))
            else:
                pool: Iterable[Any] = self.docs
                if cat.within and cat.within in self.cats and cat.within != name:
                    pool = self.members(cat.within)
                found = frozenset(int(k) for k in pool if _safe(cat, self.view(k)))
            self._members[name] = found
        return found

    def count(self, name: str) -> int:
        return len(self.members(name))


def register(session: Session, on: date, cats: dict[str, PersonCategory]) -> Register:
    """The register on *on*, shared by every section of a report (one per read session and date)."""
    # Plugins build new category objects per call: their names identify them.
    return session.memo(("people.register", on, tuple(cats)), lambda: Register(session, on, cats))


def categories(pm: Any) -> dict[str, PersonCategory]:
    """Every category from every plugin (the core's own come from ``shequ.people.plugin``)."""
    from shequ.plugin.manager import call_each

    out: dict[str, PersonCategory] = {}
    for plugin, declared in call_each(pm, "shequ_person_categories"):
        for cat in declared or []:
            if cat.name in out:
                pm.problem(plugin, f"人员类别“{cat.name}”重复声明（插件 {plugin}），保留先声明者")
                continue
            out[cat.name] = cat
    return out


def resolve_categories(cats: dict[str, PersonCategory], names: Iterable[str]) -> list[PersonCategory]:
    chosen = []
    for name in names:
        cat = cats.get(name) or next((c for c in cats.values() if name in getattr(c, "aliases", ())), None)
        if cat is None:
            # Categories are data (plugins and settings define them): exit 1, as issue #3 asks.
            raise DataError(f"未知的人员类别：{name}（可用：{'、'.join(cats)}）")
        chosen.append(cat)
    return chosen


def categories_of(person: PersonView, cats: Iterable[PersonCategory]) -> list[str]:
    cats = list(cats)
    on = person.on
    try:  # one try per person, not per category: this runs 11 × 20k times in a listing
        return [c.name for c in cats if c.test(person, on)]
    except (KeyError, TypeError, ValueError):
        return [c.name for c in cats if _safe(c, person)]


def _safe(cat: PersonCategory, person: PersonView) -> bool:
    try:
        return bool(cat.test(person, person.on))
    except (KeyError, TypeError, ValueError):
        return False  # a predicate over missing data says "no", never crashes a listing


# -- search and listing ------------------------------------------------------------------
def matches(doc: dict[str, Any], query: str) -> bool:
    """Name, pinyin (``zengguofan`` / ``zgf``), phone tail, address, 户号."""
    q = query.strip().lower()
    return not q or _match(q, doc.get("name"), doc.get("name_py"), doc.get("name_ini"), doc.get("phone"),
                           doc.get("address"), doc.get("household"))


def _match(q: str, name: Any, name_py: Any, name_ini: Any, phone: Any, address: Any, household: Any) -> bool:
    if q.isascii() and q.isalpha():
        return q in (name_py or "") or (name_ini or "").startswith(q)
    if q.isdigit():
        return (phone or "").endswith(q) or q == (household or "")
    return q in (name or "") or q in (address or "") or q == (household or "")


def pick(reg: Register, *, wanted: Iterable[PersonCategory] = (), tags: Iterable[str] = (), grid: str | None = None,
         household: str | None = None, search: str | None = None) -> list[int]:
    """Positions (in ``reg.ids`` and its columns) of the people matching every filter.

    Categories meet as sets of ids; the other filters look at a column or
    two, so a listing never needs the residents' documents.
    """
    from itertools import compress

    wanted = list(wanted)
    positions: list[int] = list(range(len(reg)))
    if wanted:
        ids = frozenset.intersection(*(reg.members(c.name) for c in wanted))
        positions = list(compress(positions, map(ids.__contains__, reg.ids)))
    need = set(tags)
    if need:
        col = reg.column("tags")
        positions = [i for i in positions if need.issubset(col[i] or ())]
    for field, value in (("grid", grid), ("household", household)):
        if value:
            col = reg.column(field)
            positions = [i for i in positions if col[i] == value]
    q = (search or "").strip().lower()
    if q:
        cols = [reg.column(f) for f in ("name", "name_py", "name_ini", "phone", "address", "household")]
        positions = [i for i in positions if _match(q, *(c[i] for c in cols))]
    return positions


def sort_key(item: tuple[str, dict[str, Any]]) -> tuple[str, str, int]:
    key, doc = item
    return (doc.get("name_py", ""), doc.get("name", ""), int(key))
