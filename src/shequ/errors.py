"""Exceptions raised by the shequ core.

The core never imports click; the CLI edge (``shequ.cli``) turns these into
one Chinese line on stderr and an exit status: 1 for data problems, 2 for
usage problems.  Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class ShequError(Exception):
    """Base of every expected error.  ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: Extra lines (e.g. one per bad row of an import) printed before the message.
        self.details = details or []


class DataError(ShequError):
    """The stored data or the given data is wrong (exit 1)."""


class NotFound(DataError):
    """A person, record, event … that does not exist (exit 1)."""


class ValidationError(DataError):
    """One or more validation problems, all reported at once (exit 1)."""

    def __init__(self, problems: list[str], *, subject: str = "") -> None:
        self.problems = list(problems)
        head = f"{subject}：" if subject else ""
        if len(self.problems) == 1:
            message = head + self.problems[0]
            details: list[str] = []
        else:
            message = f"{head}共 {len(self.problems)} 处问题"
            details = self.problems
        super().__init__(message, details=details)


class UsageError(ShequError):
    """The command was called wrongly: bad option value, unknown period … (exit 2)."""

    exit_code = 2


class StoreError(DataError):
    """The data home is missing, locked, corrupt or from a newer shequ (exit 1)."""


class PluginError(ShequError):
    """A plugin broke the contract (clashing ids, bad declarations)."""
