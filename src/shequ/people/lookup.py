"""Finding a person from what someone typed.

Writes (``calendar done --attendee``, ``ledger add --payee``, a record's person field, ``people
edit``, a plugin's ``ctx.people.resolve``) take only an exact id (``12`` / ``#12``), name or
身份证号: money and attendance are never booked to a guess.  When that finds nobody, or several
people of the same name, the error says "是不是：…" with the people it could have meant.

Reads (``people show``, ``people household``) also accept what ``people list --search`` accepts —
pinyin (``zeng``), initials (``zgf``), a phone's last digits, part of a name or address — and, when
that finds nothing, names that sound the same (曾国帆 for 曾国藩) or else differ in about one character.  One
candidate is shown directly; several are listed with their ids.

The exact path costs what it did before (a dict look-up or one pass over the names); the
candidates are looked for only after it has failed.  This module imports nothing of the register
or of records (both use it), so the search itself (:func:`matches`) lives here too.
"""

from __future__ import annotations

import re
from typing import Any

from shequ.errors import NotFound
from shequ.store import Session

AREA = TABLE = "people"  # as in shequ.people.model, which imports from here
_ID_CARD = re.compile(r"^(\d{17}[\dXx]|\d{15})$")
SHOWN = 8  # candidates named in a message


def looks_like_id_card(text: str) -> bool:
    return bool(_ID_CARD.match(text))


def resolve_person(session: Session, raw: Any) -> int:
    """Exactly one person's id from an id, a name or a 身份证号; ``ValueError`` saying
    "是不是：…" otherwise.  A removed person is found by id or 身份证号, never by name."""
    text = str(raw).strip().lstrip("#")
    if looks_like_id_card(text):
        return _by_id_card(session, text)
    docs = session.view(AREA).get(TABLE, {})
    if text.isdigit():
        if text in docs:
            return int(text)
        raise ValueError(f"找不到编号为 {text} 的人员")
    found = [int(k) for k, d in docs.items() if d.get("name") == text and not d.get("removed")]
    if len(found) == 1:
        return found[0]
    if found:
        named = [(pid, docs[str(pid)]) for pid in sorted(found)]
        raise ValueError(f"人员“{text}”有 {len(found)} 个同名，{did_you_mean(named)}请改用编号")
    near = candidates(session, text, wide=False)
    raise ValueError(f"找不到人员：{text}" + (f"；{did_you_mean(near)}" if near else ""))


def _by_id_card(session: Session, text: str) -> int:
    from shequ.common.output import mask_id_card
    from shequ.people.idcard import parse_id

    try:
        number = parse_id(text).number
    except ValueError:
        raise ValueError(f"找不到身份证号为 {mask_id_card(text)} 的人员（该号码校验不通过）") from None
    owner = id_owner(session, number)
    if owner is None:
        raise ValueError(f"找不到身份证号为 {mask_id_card(number)} 的人员")
    return int(owner)


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


def find_person(session: Session, key: str, *, include_removed: bool = False) -> tuple[int, dict[str, Any]]:
    """By id (``12`` / ``#12``), unique name or 身份证号 — exactly, as writes need; a miss or an
    ambiguous name says whom it could have meant (reads that forgive pinyin, initials and phone
    tails use :func:`find_forgiving`).  Also ``shequ.people.model.find_person``."""
    text = str(key).strip()
    people = session.view(AREA).get(TABLE, {})
    if include_removed and text.lstrip("#").isdigit():
        doc = people.get(text.lstrip("#"))
        if doc is not None:
            return int(text.lstrip("#")), doc
    try:
        pid = resolve_person(session, text)
    except ValueError as exc:
        removed = [k for k, d in people.items() if d.get("removed") and d.get("name") == text]
        if include_removed and len(removed) == 1:  # `people restore 张三` right after `people remove 张三`
            return int(removed[0]), people[removed[0]]
        raise NotFound(str(exc)) from None
    doc = people[str(pid)]
    if doc.get("removed") and not include_removed:
        raise NotFound(f"居民 #{pid} 已删除（可用 shequ people restore {pid} 恢复）")
    return pid, doc


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


def candidates(session: Session, text: str, *, wide: bool = True) -> list[tuple[int, dict[str, Any]]]:
    """People *text* may have meant (removed people left out), most likely first.

    First what ``people list --search`` finds (with ``wide=False``, for writes' suggestions, only
    by name: part of it, pinyin, initials); if that finds nobody, names that sound the same or
    differ in about one character.
    """
    people = {k: d for k, d in session.view(AREA).get(TABLE, {}).items() if not d.get("removed")}
    q = str(text).strip().lstrip("#").lower()
    if not q:
        return []
    if wide:
        found = [(int(k), d) for k, d in people.items() if matches(d, q)]
    else:
        found = [(int(k), d) for k, d in people.items() if _name_match(q, d)]
    if not found and not q.isascii():
        found = _sounds_like(q, people)

    def rank(item: tuple[int, dict[str, Any]]) -> tuple[int, int]:
        pid, d = item
        name = str(d.get("name") or "")
        near = name.startswith(q) or str(d.get("name_py") or "").startswith(q) or d.get("name_ini") == q
        return (0 if near else 1, pid)

    return sorted(found, key=rank)


def _name_match(q: str, doc: dict[str, Any]) -> bool:
    if q.isascii():
        return q.isalpha() and (q in (doc.get("name_py") or "") or (doc.get("name_ini") or "").startswith(q))
    name = str(doc.get("name") or "")
    return bool(name) and (q in name or (len(name) >= 2 and name in q))


def _sounds_like(q: str, people: dict[str, dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Names that sound the same (曾国帆 or 曾国凡 for 曾国藩), else names about one character off."""
    import difflib

    from shequ.people.pinyin import name_keys

    sound = name_keys(q)[0]
    same = [(int(k), d) for k, d in people.items() if sound and d.get("name_py") == sound]
    if same:
        return same
    names = {str(d.get("name") or "") for d in people.values()}
    close = set(difflib.get_close_matches(q, names, n=SHOWN, cutoff=0.6))
    return [(int(k), d) for k, d in people.items() if d.get("name") in close]


def did_you_mean(found: list[tuple[int, dict[str, Any]]], query: str | None = None) -> str:
    """``是不是：曾国藩 #1、曾国荃 #2？`` (the first few, then how many more)."""
    shown = "、".join(f"{d.get('name')} #{pid}" for pid, d in found[:SHOWN])
    if len(found) <= SHOWN:
        return f"是不是：{shown}？"
    return f"是不是：{shown} 等 {len(found)} 人？" + (f"（全部：shequ people list --search {query}）" if query else "")


def find_forgiving(session: Session, text: str, *, include_removed: bool = False) -> tuple[int, dict[str, Any], bool]:
    """For reads: an exact id / name / 身份证号 first, else the one person the search finds.

    Returns ``(id, document, guessed)``; several candidates (or same-named people) are a
    ``NotFound``/``DataError`` listing them.
    """
    try:
        pid, doc = find_person(session, text, include_removed=include_removed)
        return pid, doc, False
    except NotFound as exc:
        if "同名" in exc.message:
            raise
        query = str(text).strip().lstrip("#")
        if query.isdigit() and len(query) < 4:
            raise  # an id that is not there, not the tail of a phone number
        near = candidates(session, query)
        if len(near) == 1:
            return near[0][0], near[0][1], True
        if not near:
            raise
        raise NotFound(f"找不到人员：{query}；{did_you_mean(near, query)}") from None
