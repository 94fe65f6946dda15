"""shequ — a command-line toolkit for a Chinese community's year of work.

The public API for plugins lives here and is light to import: ``hookimpl``,
the declaration classes and the errors.  Anything heavy is imported lazily.
"""

from __future__ import annotations

from .errors import DataError, NotFound, ShequError, UsageError, ValidationError
from .hookspecs import hookimpl
from .models import Field, PersonCategory, RecordType, ReportSection

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Field",
    "NotFound",
    "PersonCategory",
    "RecordType",
    "ReportSection",
    "ShequError",
    "UsageError",
    "ValidationError",
    "__version__",
    "hookimpl",
]
