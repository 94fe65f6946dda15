"""The register on a date: person views, ages, whole-register categories, search and picking.

Categories (高龄, 育龄妇女, 空巢老人 …) are computed on a reference date and never stored, so
they are always current; plugins add their own through ``shequ_person_categories``.  The
:class:`Register` answers questions over every resident from the store's columns, so counting
20,000 residents never parses their documents.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from shequ.errors import DataError
from shequ.models import PersonCategory
from shequ.people.lookup import _match
from shequ.people.model import AREA, TABLE, all_people
from shequ.store import Session


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
    birth dates compared per age band), because a Python call per
    resident costs ~1 µs and 20k of them per category add up.

    The columns come from the store's columnar copies when it has them
    (:meth:`Session.columns`), so counting never parses the residents'
    documents; :attr:`docs` (and :meth:`view`, for predicates) load them on
    first use.  Get one with :func:`register`.
    """

    def __init__(self, session: Session, on: date, cats: dict[str, PersonCategory], *, as_found: bool = False) -> None:
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
        self._texts: list[str] | None = None
        self._sizes: dict[str, int] | None = None
        self._pairs: dict[str, set[tuple[Any, Any]]] = {}
        self._bands: dict[tuple[str, str], list[int]] = {}  # (born on or before, born after) → positions
        self._positions: dict[int, int] | None = None
        self._id_set: frozenset[int] | None = None
        # The store's columns, each parsed when first asked for; removed people left out.
        self._stored: Any = None
        self._keep: list[bool] | None = None
        copies = session.columns(AREA, TABLE, as_found=as_found)
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
        return self._index()[pid]

    def positions(self, pids: Iterable[int]) -> list[int]:
        """Where each of *pids* is in :attr:`ids` and every column (a ``KeyError`` for one not registered)."""
        return list(map(self._index().__getitem__, pids))

    def _index(self) -> dict[int, int]:
        if self._positions is None:
            self._positions = dict(zip(self.ids, range(len(self.ids))))
        return self._positions

    def column(self, field: str, *, keep: bool = True) -> list[Any]:
        """One field of every person (``None`` where missing), in the order of :attr:`ids`.

        *keep=False*: read for one use, not kept (unless it already is): an export's sort key."""
        col = self._columns.get(field)
        if col is None:
            if self._stored is not None and not field.startswith("_"):
                if keep or field not in self._stored:
                    stored = self._stored.get(field)
                else:
                    stored = self._stored.passing(field)
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
            if keep:
                self._columns[field] = col
        return col

    def where(self, field: str, value: Any, default: Any = None) -> list[int]:
        """Ids of people whose *field* equals *value* (a missing field counts as *default*)."""
        from itertools import compress, repeat
        from operator import eq, is_, or_

        col = self.column(field)
        if default is not None and default == value:
            try:  # one C loop: a look-up per person (values that cannot be hashed take the long way)
                return list(compress(self.ids, map({value: True, None: True}.get, col)))
            except TypeError:
                pass
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
        """Ids of people whose 周岁 on the register's date is in ``low..high`` (inclusive), by birth
        date (the same date: in the order of :attr:`ids`).

        周岁 ≥ n exactly when the ISO birth date is ≤ the date n years back
        (as strings: "1935-03-21" ≤ "1955-03-31").
        """
        return list(map(self.ids.__getitem__, self.aged_positions(low, high)))

    def aged_positions(self, low: int, high: int | None = None) -> list[int]:
        """Like :meth:`aged`, as positions in :attr:`ids` and the columns (by birth date)."""
        return self._by_birth(self.positions_aged(low, high))

    def positions_aged(self, low: int, high: int | None = None) -> list[int]:
        """Like :meth:`aged_positions`, in the order of :attr:`ids` (computed once per band):
        walking the columns in their own order is several times faster than in birth order."""
        return self._born(self._cutoff(low), self._cutoff(high + 1) if high is not None else None)

    def born_positions(self, upto: str, after: str | None = None) -> list[int]:
        """Positions (in :attr:`ids` and the columns) of the people whose birth date (a string) is
        on or before ISO date *upto* and, with *after*, later than *after*; by birth date.

        For ages on other days than the register's (周岁 on 重阳).  A birth date that is not
        ``YYYY-MM-DD`` compares as text, so check the length if it matters.
        """
        return self._by_birth(self._born(upto, after))

    def _by_birth(self, positions: list[int]) -> list[int]:
        """*positions* (in column order) by birth date; a stable sort keeps the column order within a day."""
        return sorted(positions, key=self._birth_texts().__getitem__)

    def _born(self, upto: str, after: str | None) -> list[int]:
        """Positions, in column order, of the people born in ``(after, upto]`` (ISO strings), once per band.

        C-level compares over the birth dates in the columns' own order — or over the positions of
        a band already found that holds this one (高龄 within 老年人).  Not a sort of every birth
        date for bisects: at 200k residents the sort, and reading columns in birth order after it,
        cost ~0.3 s of a monthly report.
        """
        from itertools import compress, repeat
        from operator import le, lt

        key = (upto, after or "")  # "": no birth date is in any band
        found = self._bands.get(key)
        if found is None:
            texts = self._birth_texts()
            holding = [pos for (u, a), pos in self._bands.items() if u >= key[0] and a <= key[1]]
            at: Any = min(holding, key=len) if holding else range(len(texts))
            values = list(map(texts.__getitem__, at)) if holding else texts
            # Two filters in turn, not both tests joined by and_ (half the time): born on or
            # before *upto*, and born after *after* (or born at all: not "") — the narrower first,
            # as every 64th birth date says (nearly everyone is born on or before a 0-3岁 band's end).
            sample = values[::64]
            if key[1] and sum(map(lt, repeat(key[1]), sample)) < sum(map(le, sample, repeat(upto))):
                hits = list(compress(at, map(lt, repeat(key[1]), values)))
                found = list(compress(hits, map(le, map(texts.__getitem__, hits), repeat(upto))))
            else:
                hits = list(compress(at, map(le, values, repeat(upto))))
                later = map(texts.__getitem__, hits)
                found = list(compress(hits, map(lt, repeat(key[1]), later) if key[1] else later))
            self._bands[key] = found
        return found

    def _birth_texts(self) -> list[str]:
        """The birth dates, ``""`` where missing or not a string (no age)."""
        if self._texts is None:
            from itertools import repeat

            texts = [b or "" for b in self.column("birth")]
            if not all(map(isinstance, texts, repeat(str))):  # a hand-edited date that is not a string
                texts = [b if isinstance(b, str) else "" for b in texts]
            self._texts = texts
        return self._texts

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

    def let_go(self) -> None:
        """Forget what answering categories built (members, household pairs, age bands, the
        birth dates as text, views); the columns stay.  A 200k export that has its rows' categories writes
        without them (~40 MB); a later question builds them again."""
        self._members, self._pairs, self._bands, self._views = {}, {}, {}, {}
        self._texts = self._id_set = self._positions = None


def register(session: Session, on: date, cats: dict[str, PersonCategory], *, as_found: bool = False) -> Register:
    """The register on *on*, shared by every section of a report (one per read session and date).

    *as_found*: from the store's columns in a transaction too (:meth:`Session.columns`), for one
    that writes no resident, such as the change-log entry of a ``--reveal`` listing."""
    # Plugins build new category objects per call: their names identify them.
    key = ("people.register", on, tuple(cats)) + (("as found",) if as_found else ())
    return session.memo(key, lambda: Register(session, on, cats, as_found=as_found))


def categories(pm: Any) -> dict[str, PersonCategory]:
    """Every category from every plugin (the core's own come from ``shequ.people.plugin``)."""
    from shequ.plugin.manager import call_each, declare_once

    # A name two plugins declare is neither's: one could otherwise redefine a sensitive category.
    return declare_once(pm, "人员类别", ((plugin, cat.name, cat) for plugin, declared
                                          in call_each(pm, "shequ_person_categories") for cat in declared or []))


def resolve_categories(cats: dict[str, PersonCategory], names: Iterable[str]) -> list[PersonCategory]:
    chosen = []
    for name in names:
        cat = cats.get(name) or next((c for c in cats.values() if name in getattr(c, "aliases", ())), None)
        if cat is None:
            getattr(cats, "refuse_clash", lambda _: None)(name)
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
