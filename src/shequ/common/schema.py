"""Declared shapes for the core's own documents: their keys (types, choices, required) and their
cross-key checks, validated in one pass that reports every problem at once.

Duties, checklist templates and their items are dicts that plugins return from hooks and users
edit; instead of a long hand-written validator each declares a :class:`Schema` — what its keys
are, and the rules that relate them — the way record types declare their fields.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, NamedTuple

#: A check over the whole document: ``None`` (fine), one problem, or several.
Check = Callable[[dict[str, Any]], "str | Iterable[str] | None"]

_TYPE_NAMES = {str: "文本", int: "整数", float: "数字", bool: "是/否", list: "列表", dict: "对象"}


class Key(NamedTuple):
    """One key of a document: its name, the Python types it may hold, whether it is required,
    its allowed values, and a check of its value (a problem, or ``None``)."""

    name: str
    types: tuple[type, ...] = (str,)
    required: bool = False
    choices: tuple[Any, ...] = ()
    check: Callable[[Any], str | None] | None = None
    #: What to say when a required key is missing (default: 缺少 <name>).
    missing: str = ""


class Schema(NamedTuple):
    """A document's keys and its cross-key checks; ``label(doc)`` names the document in messages."""

    keys: tuple[Key, ...]
    checks: tuple[Check, ...] = ()
    label: Callable[[dict[str, Any]], str] = lambda doc: ""

    def problems(self, doc: Any) -> list[str]:
        """Every problem with *doc*, as Chinese sentences (each prefixed with the document's label)."""
        if not isinstance(doc, dict):
            return [f"应为对象，而不是 {type(doc).__name__}"]
        head = self.label(doc)
        prefix = f"{head}：" if head else ""
        out: list[str] = []
        for key in self.keys:
            value = doc.get(key.name)
            if value is None:
                if key.required:
                    out.append(prefix + (key.missing or f"缺少 {key.name}"))
                continue
            if not isinstance(value, key.types) or (isinstance(value, bool) and bool not in key.types):
                want = "或".join(_TYPE_NAMES.get(t, t.__name__) for t in key.types)
                out.append(f"{prefix}{key.name} 应为{want}，而不是 {value!r}")
                continue
            if key.choices and value not in key.choices:
                out.append(f"{prefix}{key.name} 应为 {'、'.join(map(str, key.choices))}，而不是 {value!r}")
                continue
            if key.check is not None:
                found = key.check(value)
                if found:  # "window 应为 …" reads as one phrase; other problems follow the key's name
                    out.append(f"{prefix}{key.name} {found}" if found.startswith("应为") else f"{prefix}{key.name}：{found}")
        if out and any(k.required for k in self.keys if doc.get(k.name) is None):
            return out  # the cross-key checks need the required keys
        for check in self.checks:
            found = check(doc)
            if isinstance(found, str):
                out.append(prefix + found)
            elif found:
                out.extend(prefix + p for p in found)
        return out


def non_negative(value: Any) -> str | None:
    return "应为非负数" if isinstance(value, (int, float)) and value < 0 else None
