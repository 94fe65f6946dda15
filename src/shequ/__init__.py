"""shequ — a command-line toolkit for a Chinese community's year of work.

The public API for plugins lives here and in :mod:`shequ.api`, and is light to
import: ``hookimpl``, the declaration classes (``RecordType``, ``Field``,
``PersonCategory``, ``ReportSection``, ``Table``, ``Chart``, ``Setting`` and the shapes of
duties, checklists, festivals and accounts) and the errors.  The plugin
context and the command kit are in :mod:`shequ.api`; dates and periods in
:mod:`shequ.periods`; the contract and test helpers in :mod:`shequ.testing`.
"""

from __future__ import annotations

from shequ.errors import DataError, NotFound, ShequError, UsageError, ValidationError
from shequ.hookspecs import hookimpl
from shequ.models import (Chart, ChecklistItem, ChecklistTemplate, Duty, Festival, Field, LedgerAccount, PersonCategory, RecordType,
                     ReportSection, Setting, Table)

__version__ = "0.1.0"
#: The version of the plugin API (``shequ.api``, the hooks, the declarations).
API_VERSION = 1
#: The only shequ modules a plugin may import (``shequ.testing.check_plugin`` fails any other).
PUBLIC_MODULES = ("shequ", "shequ.api", "shequ.periods", "shequ.testing")

__all__ = [
    "API_VERSION",
    "Chart",
    "ChecklistItem",
    "ChecklistTemplate",
    "DataError",
    "Duty",
    "Festival",
    "Field",
    "LedgerAccount",
    "NotFound",
    "PUBLIC_MODULES",
    "PersonCategory",
    "RecordType",
    "ReportSection",
    "Setting",
    "ShequError",
    "Table",
    "UsageError",
    "ValidationError",
    "__version__",
    "hookimpl",
]
