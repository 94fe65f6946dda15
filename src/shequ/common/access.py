"""How the plugin context hands out documents: as they are in read sessions, as copies in writes."""

from __future__ import annotations

from typing import Any

from shequ.errors import UsageError

Doc = dict[str, Any]


def copy_doc(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, scalars): what write contexts hand out."""
    if isinstance(value, dict):
        return {k: copy_doc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_doc(v) for v in value]
    return value


def need_write(ctx: Any) -> None:
    """Writing through a read context is a bug of the caller's."""
    if not ctx.session.writable:
        raise UsageError("内部错误：只读上下文中不能写入（请用 open_context(write=True)）")
