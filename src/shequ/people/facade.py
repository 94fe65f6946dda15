"""The plugin context's People: see :class:`shequ.context.PluginContext`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterable

from shequ.common.access import Doc
from shequ.errors import DataError, NotFound

if TYPE_CHECKING:  # pragma: no cover
    from shequ.context import PluginContext


class People:
    """The register (花名册): look people up, their names and categories, the register's columns."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def resolve(self, who: int | str) -> int:
        """A person's id from an id (``12``, ``#12``), a unique name or a 身份证号 — never a guess;
        ``NotFound`` for nobody, ``DataError`` when several people share the name, both saying
        whom it could have meant (``是不是：王秀英 #3？``)."""
        from shequ.records.records import resolve_ref

        try:
            return resolve_ref(self._ctx.session, "person", who)
        except ValueError as exc:
            if "同名" in str(exc):
                raise DataError(str(exc)) from None
            raise NotFound(str(exc)) from None

    def get(self, pid: int | str) -> Doc:
        """A person's document (name, gender, birth, id_card, phone, address, grid, household, tags …).

        Personal data is in clear here: mask it in output (``Column(..., mask="id_card")``)."""
        doc = self._ctx.session.get("people", "people", str(pid).lstrip("#"))
        if doc is None:
            raise NotFound(f"找不到编号为 {pid} 的人员")
        return self._ctx._out(doc)

    def name(self, pid: int | str) -> str:
        """A person's name (``#12`` if there is no such person)."""
        doc = self._ctx.session.get("people", "people", str(pid).lstrip("#"))
        return str(doc.get("name")) if doc else f"#{pid}"

    def names(self, ids: Iterable[int]) -> dict[int, str]:
        """Names of many people at once, from the register's columns."""
        reg = self.register()
        names = reg.column("name")
        out = {}
        for pid in ids:
            out[pid] = names[reg.position(pid)] if pid in reg else self.name(pid)
        return out

    def register(self, on: date | None = None) -> Any:
        """The register on a date (default today): ``ids``, ``column(field)``, ``members(category)``,
        ``count(category)``, ``aged(low, high)``, ``related(type_id)``, ``pid in register``, ``len()``.

        It answers from the store's columns, so questions over 20,000 residents stay fast."""
        from shequ.people.register import categories, register

        return register(self._ctx.session, on or self._ctx.today, categories(self._ctx.pm))

    def members(self, category: str, on: date | None = None) -> frozenset[int]:
        """The ids of everyone in a category (``高龄``, ``育龄妇女``, a plugin's own …) on a date."""
        return self.register(on).members(self._category(category))

    def count(self, category: str, on: date | None = None) -> int:
        return len(self.members(category, on))

    def categories_of(self, pid: int, on: date | None = None) -> list[str]:
        """The categories a person is in, on a date."""
        reg = self.register(on)
        return [name for name in reg.cats if pid in reg.members(name)]

    def categories(self) -> dict[str, str]:
        """Every category's name and description."""
        from shequ.people.register import categories

        return {name: cat.description for name, cat in categories(self._ctx.pm).items()}

    def _category(self, name: str) -> str:
        from shequ.people.register import categories, resolve_categories

        return resolve_categories(categories(self._ctx.pm), [name])[0].name


# -- ledger -------------------------------------------------------------------------------
