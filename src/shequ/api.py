"""The public store API for plugins and scripts.

Plugins never touch ``storage`` internals; they open a context, which wraps
a read session or a write transaction, and use its methods (``list``,
``get``, ``add``) or, for their own areas, ``ctx.session.table(area, name)``
(a tinydb table living only inside the lock).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from .records import RecordContext


@contextmanager
def open_context(app: Any, *, write: bool = False, action: str = "") -> Iterator[RecordContext]:
    """Open the home of *app* (``ctx.find_root().obj``) for reading, or in a transaction.

    With ``write=True`` everything done inside the block is committed
    atomically and logged under *action*; an exception writes nothing.
    """
    if write:
        with app.home.transaction(action or "plugin") as session:
            yield app.context(session)
    else:
        with app.home.read() as session:
            yield app.context(session)
