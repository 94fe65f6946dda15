"""shequ's public plugin API: the context plugins work with, and the command kit.

A plugin imports only the public modules listed in :data:`PUBLIC_MODULES` —
``shequ`` (declarations, errors, ``hookimpl``), ``shequ.api`` (this module),
``shequ.periods`` and ``shequ.testing`` — and reaches the home only through a
:class:`PluginContext`.  ``shequ.testing.check_plugin`` enforces both.

In a command::

    from shequ.api import group, listing, open_context, say

    @group("hello")
    def hello():
        "问候（教学示例）。"

    @hello.command(name="list")
    @listing
    def list_cmd(out):
        "列出问候。"
        with open_context() as ctx:
            rows = [{"id": rid, **r} for rid, r in ctx.records.list("hello.greeting")]
        out.rows(rows, [("id", "编号"), ("text", "内容")])

The guide with runnable examples is ``docs/plugin-hooks.md``.  This module is
light to import (click only); the contexts load on first use.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol

import click

from shequ import API_VERSION, PUBLIC_MODULES

if TYPE_CHECKING:  # pragma: no cover
    from datetime import date

    from shequ.cli.options import Output
    from shequ.context import PluginContext
    from shequ.common.values import parse_decimal
    from shequ.common.output import Column
    from shequ.periods import Period
    from shequ.reports.build import ReportContext


__all__ = [
    "API_VERSION", "PUBLIC_MODULES", "Column", "Commands", "Output", "PluginContext", "ReportContext",
    "add_group", "date_option", "group", "listing", "log_reveal", "open_context", "open_home", "parse_decimal",
    "period_option",
    "reveal_option", "say",
]

# Loaded on first use, so that ``from shequ.api import add_group`` in a plugin costs ``shequ --help`` nothing.
_LAZY = {"PluginContext": "shequ.context", "ReportContext": "shequ.reports.build", "Column": "shequ.common.output",
         "Output": "shequ.cli.options",
         # Numbers as people type them: 1,234.50 / ¥1234.5 / 1234.50元 → Decimal (ValueError in Chinese otherwise).
         "parse_decimal": "shequ.common.values"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'shequ.api' has no attribute {name!r}")


class Commands(Protocol):
    """The ``shequ`` group that ``shequ_register_commands(cli)`` receives."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Add a command or group; a name already taken is refused, naming both plugins."""

    def add_alias(self, alias: str, name: str) -> None:
        """Let ``shequ <alias>`` (e.g. a Chinese name) run ``shequ <name>``."""


# -- commands ---------------------------------------------------------------------------------
def add_group(cli: Commands, name: str, target: str | None = None, *, help: str, alias: str | None = None) -> click.Group:
    """Register ``shequ <name>`` (and ``shequ <alias>``) in one call; return the group.

    With *target* (``"shequ_pufa.cli:group"``) the group's module is imported only
    when the group is used, so ``shequ --help`` stays fast; without it, add
    commands to the returned group.
    """
    from shequ.cli import LazyGroup, ShequGroup

    grp: click.Group = LazyGroup(name, target, help=help) if target else ShequGroup(name, help=help)
    cli.add_command(grp)
    if alias:
        cli.add_alias(alias, name)
    return grp


def group(name: str, **kwargs: Any) -> Callable[[Callable[..., Any]], click.Group]:
    """``@group("pufa")``: a command group that speaks Chinese on errors (the target of :func:`add_group`)."""
    from shequ.cli import ShequGroup

    return click.group(name=name, cls=ShequGroup, **kwargs)


def listing(fn: Callable[..., Any] | None = None, *, reveal: bool = False) -> Any:
    """The core's output options for a command that answers: ``-f table|json|jsonl|csv|md|grid``,
    ``--json`` and ``-o FILE`` (and ``--reveal`` with ``reveal=True``).

    The command receives ``out`` (:class:`Output`): ``out.rows(rows, columns)`` for a list,
    ``out.record(row, columns)`` for one item, ``out.answer(data, text)`` for a figure.
    Columns are ``Column(key, header, mask=None)`` or ``(key, header)`` pairs; a column with
    ``mask="id_card" | "phone" | "name"`` is masked unless ``--reveal``, which is logged.
    """
    from shequ.cli.options import output_options

    return output_options(fn, reveal=reveal) if fn is not None else output_options(reveal=reveal)


def reveal_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--reveal`` on its own (a listing gets it from ``listing(reveal=True)``)."""
    from shequ.cli.options import reveal_option as option

    return option(fn)


def _app() -> Any:
    return click.get_current_context().find_root().obj


def date_option(*param_decls: str, help: str = "日期（默认今天）", required: bool = False,
                default_today: bool = True) -> Callable[[Callable[..., Any]], Any]:
    """A date option accepting every form the core accepts (``2025-03-15``, ``2025/3/15``,
    ``2025年3月15日``, ``3月15日``); the command gets a ``datetime.date`` (today if omitted and
    *default_today*, else ``None``).  ``date_option("--date", "day")`` names the parameter ``day``."""

    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> "date | None":
        from shequ.errors import UsageError
        from shequ.periods import parse_date

        a = ctx.find_root().obj
        if value is None:
            return a.today if default_today else None
        try:
            return parse_date(value, today=a.today)
        except UsageError as exc:
            raise click.BadParameter(exc.message, ctx=ctx, param=param) from None

    return click.option(*(param_decls or ("--date",)), metavar="DATE", help=help, required=required, callback=convert)


def period_option(*param_decls: str, default: str = "this-year", help: str = "") -> Callable[[Callable[..., Any]], Any]:
    """A period option accepting every form the core accepts (``2025-03``, ``2025-Q1``, ``2025-H1``,
    ``2025上半年``, ``2025``, ``2025-03..2025-05``, ``this-month``, ``last-quarter`` …); the
    command gets a :class:`shequ.periods.Period`."""

    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> "Period":
        from shequ.errors import UsageError
        from shequ.periods import parse_period

        try:
            return parse_period(value or default, today=ctx.find_root().obj.today)
        except UsageError as exc:
            raise click.BadParameter(exc.message, ctx=ctx, param=param) from None

    decls = param_decls or ("--period", "-p", "period")
    return click.option(*decls, metavar="PERIOD", help=help or f"期间（默认 {default}）", callback=convert)


def log_reveal(what: str) -> None:
    """Write to the change log that the running command showed personal data in clear on purpose
    (a 公示 sheet, a list for a home visit …): who, when, *what* — once per command.  A listing
    with ``listing(reveal=True)`` does this by itself when ``--reveal`` is given."""
    from shequ.cli.options import log_reveal as log

    log(what)


def say(message: str) -> None:
    """A message for people (a confirmation, a warning) on stderr; answers go to stdout.  Control
    characters from the data are shown escaped (``\\x1b``), never sent to the terminal."""
    from shequ.cli.options import say as core_say

    core_say(message)


# -- contexts ---------------------------------------------------------------------------------
@contextmanager
def open_context(write: bool = False, *, action: str = "") -> Iterator["PluginContext"]:
    """The home of the running command, for reading or (``write=True``) in one transaction.

    Everything written inside the block is committed atomically and logged under
    *action* (default: the command, e.g. ``pufa dispute add``); an exception writes nothing.
    """
    a = _app()
    if write:
        if not action:
            ctx = click.get_current_context()
            action = ctx.command_path.partition(" ")[2] or ctx.command_path
        with a.home.transaction(action) as session:
            yield a.context(session)
    else:
        with a.home.read() as session:
            yield a.context(session)


@contextmanager
def open_home(home: Any = None, *, write: bool = False, action: str = "script", plugins: Iterable[Any] | None = None,
              today: "str | date | None" = None) -> Iterator["PluginContext"]:
    """A home outside any command — for scripts, notebooks and tests.

    *home* defaults to ``SHEQU_HOME``; *plugins* (modules) replaces the installed
    plugins; *today* pins the reference date.  ``write=True`` opens one transaction.
    """
    from shequ.cli import App
    from shequ.plugin.manager import get_plugin_manager

    pm = get_plugin_manager(entrypoints=plugins is None, plugins=tuple(plugins or ()))
    a = App(pm, str(home) if home is not None else None)
    if today is not None:
        from shequ.periods import parse_date

        a.today = parse_date(today)  # type: ignore[misc]  # overrides the cached property
    opened = a.home.transaction(action) if write else a.home.read()
    with opened as session:
        yield a.context(session)
