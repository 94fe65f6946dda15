"""The hooks a shequ plugin can implement.

Every hook is prefixed ``shequ_`` and documented with a runnable example in
``docs/plugin-hooks.md`` (a test checks that each spec below has a heading
there with its exact signature).  Hooks that return lists are called on every
plugin and their results concatenated by the core; the core calls them one
plugin at a time where it needs to know which plugin declared what.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    import click

    from .models import PersonCategory, RecordType, ReportSection

hookspec = pluggy.HookspecMarker("shequ")
hookimpl = pluggy.HookimplMarker("shequ")


@hookspec
def shequ_record_types() -> "list[RecordType]":
    """Record and event types this plugin defines, each with its fields.

    Ids are namespaced by the plugin (``dangjian.member``); two plugins
    declaring the same id is an error naming both.  The core then offers
    ``shequ record add/list/show/edit/remove/import/export`` for each type.
    """


@hookspec
def shequ_duties() -> "list[dict[str, Any]]":
    """Default duties (recurring rules) with a ``source`` citation.

    Each duty is a dict with at least ``id``, ``title``, ``kind`` (``fixed``,
    ``quota``, ``window``, ``per_person``, ``deadline``, ``event_relative``)
    and ``source``.  Users may enable, disable and adjust them.
    """


@hookspec
def shequ_checklists() -> "list[dict[str, Any]]":
    """Checklist templates (创建 criteria packs, 台账 checks).

    Each template is a dict with ``id``, ``title``, ``domain``, ``source`` and
    ``items`` (each with ``id`` and ``text``; optional ``weight``, ``rule``).
    """


@hookspec
def shequ_festivals() -> "list[dict[str, Any]]":
    """Extra named days, e.g. ``{"name": "国家宪法日", "month": 12, "day": 4}``.

    Also ``{"name", "month", "weekday", "nth"}`` for nth-weekday days and
    ``{"name", "lunar_month", "lunar_day"}`` for lunar days.
    """


@hookspec
def shequ_person_categories() -> "list[PersonCategory]":
    """Computed person categories (name, predicate over a person and a date)."""


@hookspec
def shequ_ledger_accounts() -> "list[dict[str, Any]]":
    """Ledger accounts and funds this domain uses.

    Each is a dict with ``path`` (``经费:普法:宣传品``), ``kind``
    (``income``/``expense``/``asset``) and optionally ``fund`` with its
    earmarked ``accounts`` (专款专用).
    """


@hookspec
def shequ_report_sections(kind: str, period: Any, ctx: Any) -> "list[ReportSection]":
    """Report sections for a report *kind* (``monthly`` …) over *period*.

    *ctx* gives read access to the home.  A section must be a pure function
    of the stored data: the same data and period give the same section.
    """


@hookspec
def shequ_validate(record: dict, record_type: "RecordType", ctx: Any) -> "list[str]":
    """Problems with *record* (already field-checked) as Chinese sentences.

    Every implementation runs, and all problems from all plugins are reported
    together; return an empty list when the record is fine.
    """


@hookspec
def shequ_register_commands(cli: "click.Group") -> None:
    """Add this plugin's commands to the ``shequ`` group.

    Use ``cli.add_command(group)`` or ``@cli.group()``.  A name another
    plugin already registered is refused with an error naming both plugins.
    Import heavy libraries inside the command functions, not at module top.
    """
