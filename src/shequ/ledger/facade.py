"""The plugin context's Ledger: see :class:`shequ.context.PluginContext`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterable

from shequ.common.access import Doc, copy_doc as _copy, need_write as _need_write

if TYPE_CHECKING:  # pragma: no cover
    from decimal import Decimal

    from shequ.context import PluginContext
    from shequ.periods import Period


class Ledger:
    """The community's money: entries (with plugin fields), accounts, funds, budgets."""

    def __init__(self, ctx: PluginContext) -> None:
        self._ctx = ctx

    def _lctx(self) -> Any:
        from shequ.ledger.entries import make_ctx

        return make_ctx(self._ctx)

    def add(self, values: dict[str, Any]) -> int:
        """Book an entry: ``date``, ``amount``, ``direction`` (``in``/``out``), ``account``;
        optionally ``via``, ``fund``, ``payee`` (a person's id or name, or a unit's name),
        ``event``, ``voucher``, ``memo`` — and the fields plugins declare for entries
        (a ``kind="ledger"`` record type), stored and listed with the entry.  The earmark,
        balance and voucher rules apply; every problem at once.  Returns its id."""
        from shequ.ledger.entries import add_entry

        _need_write(self._ctx)
        return add_entry(self._lctx(), values)[0]

    def get(self, entry_id: int | str) -> Doc:
        from shequ.ledger.entries import find_entry

        return self._ctx._out(find_entry(self._ctx.session, str(entry_id))[1])

    def void(self, entry_id: int | str, reason: str) -> Doc:
        """Void an entry (it stays in the register, out of every sum)."""
        from shequ.ledger.entries import void_entry

        _need_write(self._ctx)
        return _copy(void_entry(self._ctx.session, str(entry_id), reason)[1])

    def entries(self, *, period: "Period | str | None" = None, account: str | None = None, fund: str | None = None,
                include_void: bool = False, **fields: Any) -> list[tuple[int, Doc]]:
        """``[(id, entry), …]`` by date: in a period, under an account (or through an asset
        account), of a fund, with plugin fields equal to the given values (``dues_month="2025-03"``)."""
        from shequ.ledger.queries import select

        span = self._ctx.parse_period(period) if period is not None else None
        found = select(self._ctx.session, period=span, account=account, fund=fund, include_void=include_void)
        if fields:
            found = [(k, e) for k, e in found if all(e.get(f) == v for f, v in fields.items())]
        return [(k, self._ctx._out(e)) for k, e in found]

    def columns(self, fields: Iterable[str]) -> tuple[list[int], dict[str, list[Any]]]:
        """Every entry (void ones too) as columns: ``(ids, {field: values})``, ``None`` where an entry
        lacks a field.  Sums over 20,000 entries read a few columns instead of every entry."""
        from shequ.ledger.entries import entry_columns

        return entry_columns(self._ctx.session, tuple(fields))

    def total(self, account: str | None = None, period: "Period | str | None" = None, *,
              direction: str | None = None, fund: str | None = None) -> "Decimal":
        """The sum of live entries under *account* (and sub-accounts), in *period*, of a
        direction (``in``/``out``) and a fund."""
        from shequ.ledger.entries import from_cents
        from shequ.ledger.queries import sums, under_test

        span = self._ctx.parse_period(period) if period is not None else None
        first, last = (span.start.isoformat(), span.end.isoformat()) if span else ("", "9999-99-99")
        test = under_test(account) if account else None
        return from_cents(sum(v for (acc, way, f), v in sums(self._ctx.session, first, last).items()
                              if (not direction or way == direction) and (not fund or f == fund)
                              and (test is None or test(acc))))

    def accounts(self) -> dict[str, dict[str, Any]]:
        """Every account: ``{path: {"kind", "source"}}``."""
        from shequ.ledger.accounts import accounts

        return accounts(self._ctx.pm, self._ctx.session)

    def funds(self) -> dict[str, dict[str, Any]]:
        """Every fund: ``{name: {"accounts", "earmarked", "source"}}``."""
        from shequ.ledger.accounts import funds

        return funds(self._ctx.pm, self._ctx.session)

    def fund_balance(self, name: str) -> "Decimal":
        from shequ.ledger.entries import fund_balance

        return fund_balance(self._ctx.session, name)

    def budgets(self, year: int) -> "dict[str, Decimal]":
        """The year's budgets: ``{account: amount}``."""
        from shequ.ledger.budgets import budgets_for

        return budgets_for(self._ctx.session, year)

    # -- scheduled disbursements (孤儿生活费 750元/月, 尊老金 …) --------------------------------
    def schedules(self) -> dict[int, dict[str, Any]]:
        """Every disbursement schedule: ``{id: {"payee", "payee_name", "amount", "account", "from", "to",
        "fund", "memo"}}`` (amounts per month; months as ``YYYY-MM``)."""
        from shequ.ledger.entries import AREA, SCHEDULES

        return {int(k): self._ctx._out(v) for k, v in self._ctx.session.table_view(AREA, SCHEDULES).items()}

    def add_schedule(self, values: dict[str, Any]) -> int:
        """Pay *payee* (a person) *amount* every month from ``from`` (to ``to``, if given) out of
        *account* (and *fund*); returns its id.  Validated like an entry."""
        from shequ.ledger.schedules import add_schedule

        _need_write(self._ctx)
        return add_schedule(self._lctx(), values)[0]

    def edit_schedule(self, schedule_id: int | str, changes: dict[str, Any]) -> dict[str, Any]:
        """Change a schedule from now on: a new ``amount``, an end month ``to`` (停发), ``fund``, ``memo``."""
        from shequ.ledger.schedules import edit_schedule

        _need_write(self._ctx)
        return _copy(edit_schedule(self._lctx(), schedule_id, changes)[1])

    def cancel_schedule(self, schedule_id: int | str) -> dict[str, Any]:
        """Remove a schedule that never paid a month (one that did is stopped with ``to``)."""
        from shequ.ledger.schedules import cancel_schedule

        _need_write(self._ctx)
        return _copy(cancel_schedule(self._lctx(), schedule_id)[1])

    def due(self, period: "Period | str") -> list[dict[str, Any]]:
        """Each month every schedule owes in *period* (up to today): ``schedule``, ``payee``,
        ``payee_id``, ``month``, ``amount``, ``account``, ``paid`` and the paying ``entry``."""
        from shequ.ledger.schedules import due

        return due(self._ctx.session, self._ctx.parse_period(period), self._ctx.today)

    def pay(self, period: "Period | str", *, schedules: Iterable[int] = (), day: date | None = None) -> list[int]:
        """Book every unpaid month of *period* (of *schedules*, if given), once per schedule and
        month — running it twice pays nothing twice.  Returns the new entries' ids."""
        from shequ.ledger.schedules import pay

        _need_write(self._ctx)
        return pay(self._lctx(), self._ctx.parse_period(period), only=schedules, day=day)

    def budget(self, account: str, year: int) -> "Decimal | None":
        """The budget of *account* and its sub-accounts for *year*, ``None`` if none is set."""
        from shequ.ledger.accounts import under

        found = [v for k, v in self.budgets(year).items() if under(k, account)]
        return sum(found[1:], found[0]) if found else None


# -- checklists and duties --------------------------------------------------------------------
