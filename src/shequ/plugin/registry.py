"""The record-type registry, fed by ``shequ_record_types()``.

Built once per process when a command needs it (never at import time).
An id two plugins declare is disabled for both, with an error naming both
plugins on each use: which plugin sorts first must not decide whether a
type's personal data are masked.
"""

from __future__ import annotations

from shequ.errors import UsageError
from shequ.models import Field, RecordType
from shequ.plugin.manager import Declared, ShequPluginManager, call_each, declare_once


class Registry:
    """Record types by id, and which plugin declared each."""

    def __init__(self) -> None:
        #: Ids two plugins both declared are left out; looking one up names both (``clashes``).
        self.types: Declared = Declared()
        self.owners: dict[str, str] = {}
        #: Fields plugins add to ledger entries (``kind="ledger"`` types): name → (field, type).
        self.entry_fields: dict[str, tuple[Field, RecordType]] = {}

    def get(self, type_id: str, kind: str = "record") -> RecordType:
        """A type by id or Chinese title; *kind* ``record`` or ``event`` (calendar types)."""
        rt = self.types.get(type_id)
        if rt is None:
            # Accept the Chinese title too: ``shequ record list 问候``.
            rt = next((c for c in self.types.values() if c.title == type_id and c.kind == kind), None)
        if rt is not None and rt.kind == kind:
            return rt
        if rt is not None and rt.kind == "event":
            raise UsageError(f"{type_id} 是活动类型，请用 shequ calendar 管理")
        if rt is not None and rt.kind == "ledger":
            raise UsageError(f"{type_id} 是账目的字段，请用 shequ ledger 管理（--field 名称=值）")
        if rt is not None:
            raise UsageError(f"{type_id} 是记录类型，不是活动类型（请用 shequ record 管理）")
        self.types.refuse_clash(type_id)
        known = "、".join(sorted(t for t, r in self.types.items() if r.kind == kind)) or "（没有已安装插件提供）"
        noun = "记录类型" if kind == "record" else "活动类型"
        raise UsageError(f"未知的{noun}：{type_id}（可用：{known}）")

    def of_kind(self, kind: str) -> dict[str, RecordType]:
        return {k: v for k, v in self.types.items() if v.kind == kind}


def build_registry(pm: ShequPluginManager) -> Registry:
    """The registry of *pm*'s record types, built once per plugin manager."""
    return pm.cached("registry", lambda: _build(pm))  # type: ignore[no-any-return]


def _build(pm: ShequPluginManager) -> Registry:
    reg = Registry()
    valid = []
    for plugin, declared in call_each(pm, "shequ_record_types"):
        for rt in declared or []:
            if not isinstance(rt, RecordType):
                pm.problem(plugin, f"插件 {plugin} 的 shequ_record_types 返回了非 RecordType 对象：{rt!r}")
                continue
            problems = rt.problems()
            if problems:
                pm.problem(plugin, f"插件 {plugin} 的记录类型 {rt.id} 不合法：{'；'.join(problems)}")
                continue
            valid.append((plugin, rt.id, rt))
    # Two plugins declaring one id: neither wins (an earlier-sorted plugin could otherwise replace
    # a type's masks and list its personal data in clear).
    once = declare_once(pm, "记录类型", valid)
    reg.types.clashes = once.clashes
    for type_id, rt in once.items():
        plugin = once.owners[type_id]
        if rt.kind == "ledger" and not _entry_fields_ok(pm, reg, plugin, rt):
            continue
        reg.types[type_id] = rt
        reg.owners[type_id] = plugin
        if rt.kind == "ledger":
            reg.entry_fields.update((f.name, (f, rt)) for f in rt.fields)
    return reg


def _entry_fields_ok(pm: ShequPluginManager, reg: Registry, plugin: str, rt: RecordType) -> bool:
    """A ledger type's fields may not take a name (or a Chinese label) another ledger type declared
    — the core's entry (``core.entry``) first among them."""
    labels = {f.label: name for name, (f, _) in reg.entry_fields.items() if f.label}
    for f in rt.fields:
        taken = f.name if f.name in reg.entry_fields else labels.get(f.label) if f.label else None
        if taken is None:
            continue
        other_type = reg.entry_fields[taken][1]
        other = reg.owners[other_type.id]
        if other_type.id.startswith("core."):
            pm.problem(plugin, f"插件 {plugin} 的账目字段 {f.name}（{f.title}）与核心账目字段重名，{rt.id} 已忽略"
                               f"（核心字段：{'、'.join(n for n, (_, t) in reg.entry_fields.items() if t.id.startswith('core.'))}）")
        else:
            pm.problem(plugin, f"账目字段 {f.name} 冲突：插件 {other} 与插件 {plugin} 都声明了它（保留前者，{rt.id} 已忽略）")
        return False
    return True
