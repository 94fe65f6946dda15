"""Declarations that plugins return from hooks.

Plain dataclasses, light to import: a plugin module imports these at top
level without pulling tinydb, rich or anything heavy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Optional

FIELD_TYPES = ("str", "int", "decimal", "date", "datetime", "bool", "choice", "list", "person", "event")
MASKS = ("id_card", "phone")
TYPE_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
FIELD_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")

#: A field validator gets the coerced value and the whole record; returns a problem or None.
Validator = Callable[[Any, dict], Optional[str]]


@dataclass(frozen=True)
class Field:
    """One field of a record type.

    ``type`` is one of :data:`FIELD_TYPES`.  ``label`` is the Chinese column
    header used in tables, CSV and Excel (imports accept the label or the
    name).  ``mask`` hides personal data in output unless ``--reveal``.
    """

    name: str
    type: str = "str"
    label: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    default: Any = None
    validators: tuple[Validator, ...] = ()
    help: str = ""
    mask: Optional[str] = None

    @property
    def title(self) -> str:
        return self.label or self.name

    def problems(self) -> list[str]:
        """What is wrong with this declaration (for the plugin contract)."""
        out = []
        if not FIELD_NAME_RE.match(self.name):
            out.append(f"字段名 {self.name!r} 不合法（应为小写英文/拼音加下划线）")
        if self.type not in FIELD_TYPES:
            out.append(f"字段 {self.name} 的类型 {self.type!r} 未知（可用：{'、'.join(FIELD_TYPES)}）")
        if self.type == "choice" and not self.choices:
            out.append(f"字段 {self.name} 为 choice 类型但没有给出 choices")
        if self.choices and self.type not in ("choice", "list"):
            out.append(f"字段 {self.name} 给了 choices，但类型是 {self.type}（应为 choice 或 list）")
        if self.default is not None and self.choices and self.type == "choice" and self.default not in self.choices:
            out.append(f"字段 {self.name} 的默认值 {self.default!r} 不在可选值中")
        if self.mask is not None and self.mask not in MASKS:
            out.append(f"字段 {self.name} 的 mask {self.mask!r} 未知（可用：{'、'.join(MASKS)}）")
        return out


@dataclass(frozen=True)
class RecordType:
    """A plugin-defined record type; the core gives it add/list/show/edit/remove/import/export.

    ``id`` is namespaced by the plugin: ``hello.greeting``, ``dangjian.member``.
    ``columns`` picks the fields shown by ``record list`` (default: all).
    """

    id: str
    title: str
    fields: tuple[Field, ...]
    description: str = ""
    columns: tuple[str, ...] = ()
    source: str = ""  # citation into the source plans, e.g. "seeds L120-L131"

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name or f.label == name:
                return f
        return None

    def problems(self) -> list[str]:
        out = []
        if not TYPE_ID_RE.match(self.id):
            out.append(f"记录类型编号 {self.id!r} 不合法（应为 插件名.类型，如 hello.greeting）")
        if not self.title:
            out.append(f"记录类型 {self.id} 缺少中文名称 title")
        seen: set[str] = set()
        for f in self.fields:
            out.extend(f"{self.id}：{p}" for p in f.problems())
            for key in {f.name, f.label} - {""}:
                if key in seen:
                    out.append(f"{self.id}：字段名或标签 {key!r} 重复")
                seen.add(key)
        for col in self.columns:
            if not any(f.name == col for f in self.fields):
                out.append(f"{self.id}：columns 中的 {col!r} 不是字段")
        return out


@dataclass(frozen=True)
class PersonCategory:
    """A computed person category (高龄, 育龄妇女 …): never stored, always current."""

    name: str
    test: Callable[[dict, date], bool]
    description: str = ""


@dataclass
class ReportSection:
    """A section of a report: title, order, paragraphs, tables and key figures."""

    title: str
    order: int = 100
    paragraphs: list[str] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
