"""The plugin context's Records: see :class:`shequ.context.PluginContext`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shequ.common.access import Doc, copy_doc as _copy, need_write as _need_write
from shequ.errors import DataError, NotFound, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from shequ.context import PluginContext
    from shequ.models import RecordType


class Records:
    """Plugin-typed records (``kind="record"`` types): list, get, find, add, edit, remove."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def type(self, type_id: str) -> "RecordType":
        """The record type *type_id* (or its Chinese title); ``UsageError`` if unknown."""
        return self._ctx.registry.get(type_id)

    def list(self, type_id: str, *where: str, **equals: Any) -> list[tuple[int, Doc]]:
        """``[(id, record), …]`` of a type, oldest first.

        *where* takes the CLI's ``--where`` expressions (``"date>=2025-03-01"``,
        ``"kind=邻里"``, ``"parties~张"``); *equals* compares stored values
        (``person=12``, ``year=2025``).
        """
        from shequ.records.records import list_records, parse_where

        rt = self.type(type_id)
        found = list_records(self._ctx, rt, parse_where(rt, where, self._ctx))
        if equals:
            _check_fields(rt, equals)
            found = [(rid, doc) for rid, doc in found if all(doc.get(k) == v for k, v in equals.items())]
        return [(rid, self._ctx._out(doc)) for rid, doc in found]

    def table(self, type_id: str) -> Any:
        """The records of a type as a read-only `tinydb <https://tinydb.readthedocs.io>`_ ``Table``
        (document ids are the record ids), for ad-hoc questions in scripts::

            from tinydb import Query
            ctx.records.table("pufa.dispute").search(Query().kind == "邻里")

        Writing through it raises ``UsageError``: change records with :meth:`add`/:meth:`edit`."""
        from tinydb import TinyDB
        from tinydb.storages import Storage

        rt = self.type(type_id)

        class ReadOnly(Storage):
            def __init__(self, data: dict[str, Any]) -> None:
                self.data = data

            def read(self) -> dict[str, Any]:
                return self.data

            def write(self, data: dict[str, Any]) -> None:
                raise UsageError(f"{rt.title}的查询表是只读的：请用 ctx.records.add / edit / remove 修改记录")

        docs = {str(rid): self._ctx._out(doc) for rid, doc in self.list(rt.id)}
        return TinyDB(storage=ReadOnly, data={rt.id: docs}).table(rt.id)

    def get(self, record_id: int | str, type_id: str | None = None) -> Doc:
        """One record by id; ``NotFound`` if there is none (or it is not of *type_id*)."""
        from shequ.records.records import find

        rt, rid, doc = find(self._ctx, record_id)
        if type_id is not None and rt.id != self.type(type_id).id:
            raise NotFound(f"#{rid} 不是{self.type(type_id).title}（是{rt.title}）")
        return self._ctx._out(doc)

    def find(self, type_id: str, *where: str, **equals: Any) -> tuple[int, Doc] | None:
        """The one record matching (as :meth:`list`), ``None`` if none, ``DataError`` if several."""
        found = self.list(type_id, *where, **equals)
        if len(found) > 1:
            rt = self.type(type_id)
            ids = "、".join(f"#{rid}" for rid, _ in found[:10])
            raise DataError(f"符合条件的{rt.title}有 {len(found)} 条：{ids}")
        return found[0] if found else None

    def add(self, type_id: str, values: dict[str, Any]) -> int:
        """Add a record (write contexts only); every problem at once as a ``ValidationError``."""
        from shequ.records.records import add

        _need_write(self._ctx)
        return add(self._ctx, self.type(type_id), values)[0]

    def edit(self, record_id: int | str, changes: dict[str, Any]) -> Doc:
        """Change fields of a record (``None`` or ``""`` clears one); returns the new record."""
        from shequ.records.records import edit

        _need_write(self._ctx)
        changes = {k: ("" if v is None else v) for k, v in changes.items()}
        return _copy(edit(self._ctx, record_id, changes)[2])

    def remove(self, record_id: int | str) -> Doc:
        """Remove a record (``shequ undo`` brings it back); returns what was removed."""
        from shequ.records.records import remove

        _need_write(self._ctx)
        return _copy(remove(self._ctx, record_id)[2])


def _check_fields(rt: "RecordType", equals: dict[str, Any]) -> None:
    unknown = [k for k in equals if rt.field(k) is None]
    if unknown:
        raise UsageError(f"{rt.title}没有字段：{'、'.join(unknown)}（字段：{'、'.join(f.name for f in rt.fields)}）")
