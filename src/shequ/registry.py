"""The record-type registry, fed by ``shequ_record_types()``.

Built once per process when a command needs it (never at import time).
Clashing ids keep the first declaration and record an error naming both
plugins, so one bad plugin cannot hide another's data.
"""

from __future__ import annotations

from .errors import NotFound, UsageError
from .models import RecordType
from .plugins import ShequPluginManager, call_each


class Registry:
    """Record types by id, and which plugin declared each."""

    def __init__(self) -> None:
        self.types: dict[str, RecordType] = {}
        self.owners: dict[str, str] = {}

    def get(self, type_id: str) -> RecordType:
        rt = self.types.get(type_id)
        if rt is not None:
            return rt
        # Accept the Chinese title too: ``shequ record list 问候``.
        for candidate in self.types.values():
            if candidate.title == type_id:
                return candidate
        known = "、".join(sorted(self.types)) or "（没有已安装插件提供记录类型）"
        raise UsageError(f"未知的记录类型：{type_id}（可用：{known}）")


def build_registry(pm: ShequPluginManager) -> Registry:
    reg = Registry()
    for plugin, declared in call_each(pm, "shequ_record_types"):
        for rt in declared or []:
            if not isinstance(rt, RecordType):
                pm.problem(plugin, f"插件 {plugin} 的 shequ_record_types 返回了非 RecordType 对象：{rt!r}")
                continue
            problems = rt.problems()
            if problems:
                pm.problem(plugin, f"插件 {plugin} 的记录类型 {rt.id} 不合法：{'；'.join(problems)}")
                continue
            if rt.id in reg.types:
                pm.problem(
                    plugin,
                    f"记录类型 {rt.id} 冲突：插件 {reg.owners[rt.id]} 与插件 {plugin} 都声明了它（保留前者）",
                )
                continue
            reg.types[rt.id] = rt
            reg.owners[rt.id] = plugin
    return reg


def lookup_error(kind: str, key: str) -> NotFound:
    return NotFound(f"找不到{kind}：{key}")
