"""The plugin context's Checklists: see :class:`shequ.context.PluginContext`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:  # pragma: no cover
    from shequ.context import PluginContext
    from shequ.periods import Period


class Checklists:
    """创建 and 台账 checklists: the results of every template for a period."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def results(self, period: "Period | str") -> list[Any]:
        """Each run in *period* (started, or due by a template's recurrence): ``template``,
        ``title``, ``period``, ``status`` (``done``/``open``/``not_started``), ``score``,
        ``total``, ``level`` and ``items`` (each ``id``, ``text``, ``state`` —
        ``met``/``ticked``/``na``/``override``/``open``/``behind`` … — and ``why``).
        ``counts()`` gives ``(done, applicable, not applicable)``: count with it, since a 不适用
        item is neither done nor missing."""
        from shequ.checklists.status import all_results

        c = self._ctx
        return all_results(c.pm, c.registry, c.session, c.parse_period(period), c.today, c.home_path)

    def result(self, template_id: str, period: "Period | str") -> Any | None:
        """The first run of *template_id* in *period*, or ``None``."""
        return next((r for r in self.results(period) if r.template == template_id), None)

    def templates(self) -> dict[str, dict[str, Any]]:
        from shequ.checklists.templates import templates

        return templates(self._ctx.pm, self._ctx.session)
