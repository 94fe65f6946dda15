"""What must never leave the community: residents' names, 身份证号, phones and addresses.

A bundle is built from figures, so it has no free text to begin with.  The labels it does
carry (the keys of a figure such as ``{"党建": 3}``, the first column of a table of counts,
a duty's or an account's name) are checked here against the home's own personal data —
every resident's name, number, phone and address, and every value of a record field that
is masked or names a person, and every ledger payee — and a label that contains one is
left out, with its figures.  Numbers shaped like a 身份证号 or a mobile number are left out
whoever they belong to.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

ID_OR_PHONE = re.compile(r"\d{15}|\d{17}[\dXx]|(?<!\d)1[3-9]\d{9}(?!\d)")


class Personal:
    """The home's personal strings, and :meth:`found` to test a label against them."""

    def __init__(self, names: Iterable[str], whole: Iterable[str]) -> None:
        #: Names (2–6 characters) looked for anywhere inside a label.
        self.names = {n for n in (x.strip() for x in names) if 2 <= len(n) <= 6}
        self.lengths = sorted({len(n) for n in self.names})
        #: Longer strings (addresses, free text) looked for as the whole label or inside it.
        self.whole = {w for w in (x.strip() for x in whole) if len(w) >= 2}
        self.whole_lengths = sorted({len(w) for w in self.whole})

    def found(self, label: Any) -> bool:
        """Whether *label* names a person (or holds their number, phone or address)."""
        text = str(label).strip()
        if not text or ID_OR_PHONE.search(text):
            return bool(text)
        if text in self.whole or text in self.names:
            return True
        # Every piece of the label of a length some name (or address …) has, looked up in a set:
        # labels are short and a 20,000-resident home has 20,000 addresses to look for.
        return _inside(text, self.names, self.lengths) or (len(text) >= 6 and _inside(text, self.whole, self.whole_lengths))


def _inside(text: str, pool: set[str], lengths: list[int]) -> bool:
    """Whether a piece of *text* is in *pool* (whose strings have the sorted *lengths*)."""
    for n in lengths:
        if n > len(text):
            return False
        for i in range(len(text) - n + 1):
            if text[i:i + n] in pool:
                return True
    return False


#: Labels of record fields that hold a person's name; the weak ones only when the field is masked
#: as a name (a 问候's 对象 “高龄老人” is a group, a 表扬's masked 对象 is a person).
PERSON_LABELS = ("姓名", "当事人", "监护人", "联系人")
WEAK_LABELS = ("对象", "学生", "学员", "受检人", "受助人", "申请人", "居民")


def _names_people(f: Any) -> bool:
    """Whether record field *f* holds a name, a number, a phone or an address."""
    if f.type == "person" or f.mask in ("id_card", "phone") or f.name in ("phone", "address", "id_card"):
        return True
    if f.choices or f.type == "choice":  # fixed values (类别, 对象 such as 青少年) name nobody
        return False
    label = f.label or ""
    if "类别" in label or "单位" in label:
        return False
    return any(w in label for w in PERSON_LABELS) or (f.mask == "name" and any(w in label for w in WEAK_LABELS))


def personal_strings(session: Any, registry: Any) -> Personal:
    """Every name, number, phone and address the home holds (people, plugin records, payees)."""
    names: set[str] = set()
    whole: set[str] = set()
    people = session.view("people").get("people", {})
    for doc in people.values():
        for key in ("name", "name_alias"):
            if isinstance(doc.get(key), str):
                names.add(doc[key])
        for key in ("id_card", "phone", "address"):
            if isinstance(doc.get(key), str) and doc[key]:
                whole.add(doc[key])
    for type_id, rt in registry.types.items():
        if rt.kind != "record":
            continue
        fields = [f.name for f in rt.fields if _names_people(f)]
        if not fields:
            continue
        for doc in session.view("records").get(type_id, {}).values():
            for name in fields:
                value = doc.get(name)
                for v in (value if isinstance(value, list) else [value]):
                    if isinstance(v, str) and v:
                        (names if len(v) <= 6 else whole).add(v)
    try:
        from shequ.ledger.entries import entry_columns

        _, cols = entry_columns(session, ("payee",))
        for payee in cols.get("payee", []):
            if isinstance(payee, str) and payee:
                (names if len(payee) <= 6 else whole).add(payee)
    except Exception:  # no ledger yet: nothing to add
        pass
    return Personal(names, whole)
