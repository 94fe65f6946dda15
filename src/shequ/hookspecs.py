"""The hooks a shequ plugin can implement.

Every hook is prefixed ``shequ_`` and documented with a runnable example in
``docs/plugin-hooks.md`` (a test checks that each spec below has a heading
there with its exact signature).  Hooks that return lists are called on every
plugin and their results concatenated by the core; the core calls them one
plugin at a time where it needs to know which plugin declared what.

Everything a hook receives or returns is typed: the declaration classes live
in :mod:`shequ.models` (exported by ``shequ``), the contexts and the command
group in :mod:`shequ.api`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from shequ.api import Commands, PluginContext, ReportContext
    from shequ.models import (ChecklistTemplate, Duty, Festival, LedgerAccount, PersonCategory, RecordType, ReportSection,
                         Setting)
    from shequ.periods import Period

hookspec = pluggy.HookspecMarker("shequ")
hookimpl = pluggy.HookimplMarker("shequ")


@hookspec
def shequ_record_types() -> "list[RecordType]":
    """Record and event types this plugin defines, each with its fields.

    Ids are namespaced by the plugin (``dangjian.member``); two plugins
    declaring the same id is an error naming both.  ``kind="record"`` types get
    ``shequ record add/list/show/edit/remove/import/export``; ``kind="event"``
    types are kinds of calendar events; ``kind="ledger"`` declares fields this
    plugin adds to ledger entries (stored, validated, listed and exported with them).
    """


@hookspec
def shequ_duties() -> "list[Duty]":
    """Default duties (recurring rules) with a ``source`` citation.

    Each duty is a dict with at least ``id``, ``title``, ``kind`` (``fixed``,
    ``quota``, ``window``, ``per_person``, ``deadline``, ``event_relative``)
    and ``source``.  Users may enable, disable and adjust them.
    """


@hookspec
def shequ_checklists() -> "list[ChecklistTemplate]":
    """Checklist templates (创建 criteria packs, 台账 checks).

    Each template is a dict with ``id``, ``title``, ``domain``, ``source`` and
    ``items`` (each with ``id`` and ``text``; optional ``weight``, ``rule``).
    """


@hookspec
def shequ_festivals() -> "list[Festival]":
    """Extra named days, e.g. ``{"name": "国家宪法日", "month": 12, "day": 4}``.

    Also ``{"name", "month", "weekday", "nth"}`` for nth-weekday days and
    ``{"name", "lunar_month", "lunar_day"}`` for lunar days.
    """


@hookspec
def shequ_person_categories() -> "list[PersonCategory]":
    """Computed person categories (name, predicate over a person and a date)."""


@hookspec
def shequ_ledger_accounts() -> "list[LedgerAccount]":
    """Ledger accounts and funds this domain uses.

    Each is a dict with ``path`` (``经费:普法:宣传品``), ``kind``
    (``income``/``expense``/``asset``) and optionally ``fund`` with its
    earmarked ``accounts`` (专款专用).
    """


@hookspec
def shequ_settings() -> "list[Setting]":
    """Per-home settings for rules the source leaves open, each with a default.

    Keys are namespaced by the plugin (``fulian.checkup_season``); users see
    and change them with ``shequ config``; code reads them as ``ctx.settings[key]``.
    """


@hookspec
def shequ_report_sections(kind: str, period: "Period", ctx: "ReportContext") -> "list[ReportSection]":
    """Report sections for a report *kind* (``monthly`` …) over *period*.

    *ctx* is a :class:`shequ.api.ReportContext`: read access to the home
    (records, events, people, ledger, checklists, duties) plus the report's
    kind, period, domain filter, section noun (本月/本季度…) and notes.  A
    section must be a pure function of the stored data: the same data and
    period give the same section.  A section raising a ``ShequError`` (bad
    data) stops the report (exit 1, no file); one raising anything else stops
    it too unless the user passes ``--skip-broken``, when the report notes
    what it lacks.
    """


@hookspec
def shequ_validate(record: dict, record_type: "RecordType", ctx: "PluginContext") -> "list[str]":
    """Problems with *record* (already field-checked) as Chinese sentences.

    Every implementation runs, and all problems from all plugins are reported
    together; return an empty list when the record is fine.  *ctx* is the
    :class:`shequ.api.PluginContext` of the command that writes it.
    """


@hookspec
def shequ_register_commands(cli: "Commands") -> None:
    """Add this plugin's commands to the ``shequ`` group.

    Use ``shequ.api.add_group(cli, "pufa", "shequ_pufa.cli:group", alias="普法",
    help=…)``, or ``cli.add_command(cmd)`` and ``cli.add_alias(alias, name)``.
    A name another plugin already registered is refused with an error naming
    both plugins.  Import heavy libraries inside the command functions.
    """
