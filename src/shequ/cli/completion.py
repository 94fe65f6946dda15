"""Shell completion of values: what Tab offers after a command name.

``eval "$(_SHEQU_COMPLETE=bash_source shequ)"`` makes the shell ask ``shequ`` itself at every Tab;
click completes command and option names, and the functions here (given to parameters as
``shell_complete=``) complete their values: person names, 人员类别, record types, ledger accounts,
checklist templates.  A Chinese value is also found by its pinyin or initials (``-c gl`` → 高龄,
``people show zgf`` → 曾国藩).

At every Tab, so:

- nothing heavy is imported before a function runs, and each reads only what it needs;
- the home is read without its lock and without recovery — completion never writes to the home,
  never waits for a writer, and never creates a missing home;
- any error (no home, a broken file, a plugin's bug) completes nothing, silently: a traceback
  would land in the middle of the user's command line.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import click
    from click.shell_completion import CompletionItem

    from shequ.store import Session

LIMIT = 100  # values offered at most (a 20k register is not listed at one Tab)


def quiet(fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """Complete nothing rather than fail."""

    @wraps(fn)
    def run(*args: Any) -> list[Any]:
        try:
            return fn(*args)
        except BaseException:  # noqa: BLE001 — SystemExit or KeyboardInterrupt included: never a traceback at Tab
            return []

    return run


# -- what a completion function needs -------------------------------------------------------
def plugin_manager(ctx: click.Context) -> Any:
    return getattr(ctx.find_root().command, "pm", None)


def read_home(ctx: click.Context) -> Session | None:
    """A read-only session on the home (``--home`` or ``SHEQU_HOME``), taken without the lock:
    ``None`` when there is no home."""
    from shequ.store import Home, Session, resolve_home

    home = Home(resolve_home(ctx.find_root().params.get("home")))
    if not home.exists():
        return None
    return Session(home, writable=False)


def from_home(ctx: click.Context, read: Callable[[Any], Any]) -> Any:
    """*read* (a domain function taking a session) on the home, or — no home, or a broken one —
    on nothing, so the plugins' values are still offered."""
    session = read_home(ctx)
    if session is not None:
        try:
            return read(session)
        except Exception:  # noqa: BLE001 — a broken file: fall back to what needs no home
            pass
    return read(_NoHome())


class _NoHome:
    """What the domain functions read from a home, empty: the plugins' values still complete."""

    def view(self, area: str) -> dict[str, Any]:
        return {}

    def table_view(self, area: str, table: str) -> dict[str, Any]:
        return {}


def items(values: Iterable[tuple[str, str]], incomplete: str, *, also: Callable[[str], Iterable[str]] | None = None
          ) -> list[CompletionItem]:
    """``(value, help)`` pairs whose value — or its pinyin or initials, or a word from *also* —
    starts with *incomplete*."""
    from click.shell_completion import CompletionItem

    typed = incomplete.lower()
    ascii_letters = typed.isascii() and typed.isalpha()
    out = []
    for value, help_text in values:
        keys = [value.lower()]
        if ascii_letters:
            keys += _pinyin(value)
        if also is not None:
            keys += [k.lower() for k in also(value)]
        if any(k.startswith(typed) for k in keys):
            out.append(CompletionItem(value, help=help_text or None))
            if len(out) >= LIMIT:
                break
    return out


def _pinyin(text: str) -> list[str]:
    if text.isascii():
        return []
    from shequ.people.pinyin import name_keys

    return list(name_keys(text))


# -- the values -----------------------------------------------------------------------------
@quiet
def categories(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """人员类别 (``people list -c``): the core's and every plugin's."""
    from shequ.people.register import categories as all_categories

    cats = all_categories(plugin_manager(ctx))
    aliases = {name: tuple(getattr(cat, "aliases", ())) for name, cat in cats.items()}
    return items(((name, cat.description) for name, cat in cats.items()), incomplete, also=lambda v: aliases.get(v, ()))


def _types(ctx: click.Context, incomplete: str, kind: str) -> list[CompletionItem]:
    from shequ.plugin.registry import build_registry

    types = build_registry(plugin_manager(ctx)).of_kind(kind)
    titles = {tid: rt.title for tid, rt in types.items()}
    return items(((tid, rt.title) for tid, rt in sorted(types.items())), incomplete, also=lambda v: [titles[v], *_pinyin(titles[v])])


@quiet
def record_types(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """Record types (``record add|list|import|export TYPE``), by id or by title."""
    return _types(ctx, incomplete, "record")


@quiet
def event_types(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """Activity types (``calendar add --type``)."""
    return _types(ctx, incomplete, "event")


@quiet
def accounts(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """Ledger accounts: the standard chart, the plugins' and the home's own."""
    from shequ.ledger.accounts import accounts as all_accounts

    kinds = {"income": "收入", "expense": "支出", "asset": "资产"}
    pm = plugin_manager(ctx)
    chart = from_home(ctx, lambda session: all_accounts(pm, session))
    typed = incomplete.replace("：", ":")  # shequ takes 经费：普法 too
    return items(((path, kinds.get(acc["kind"], "")) for path, acc in sorted(chart.items())), typed)


@quiet
def templates(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """Checklist templates (``checklist start TEMPLATE``), by id or by title."""
    from shequ.checklists.templates import templates as all_templates

    pm = plugin_manager(ctx)
    found = from_home(ctx, lambda session: all_templates(pm, session))
    titles = {tid: str(t.get("title") or "") for tid, t in found.items()}
    return items(((tid, titles[tid]) for tid in sorted(found)), incomplete,
                 also=lambda v: [titles[v], *_pinyin(titles[v])])


@quiet
def people(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """Residents by name, pinyin or initials (a name two people share completes to their ids),
    or by id."""
    from click.shell_completion import CompletionItem

    session = read_home(ctx)
    if session is None:
        return []
    rows = _people(session)
    typed = incomplete.strip().lstrip("#").lower()
    counts: dict[str, int] = {}
    for _, name, _, _ in rows:
        counts[name] = counts.get(name, 0) + 1
    out = []
    for pid, name, py, ini in rows:
        if typed.isdigit():
            hit = str(pid).startswith(typed)
        else:
            hit = name.lower().startswith(typed) or py.startswith(typed) or ini.startswith(typed)
        if hit:
            unique = counts[name] == 1 and not typed.isdigit()
            out.append(CompletionItem(name if unique else str(pid), help=f"#{pid}" if unique else name))
            if len(out) >= LIMIT:
                break
    return out


@quiet
def households(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """户号, then residents (``people household 户号|居民``)."""
    from shequ.people.model import all_people

    session = read_home(ctx)
    if session is None:
        return []
    codes = sorted({str(d["household"]) for d in all_people(session).values() if d.get("household")})
    found = items(((c, "户号") for c in codes), incomplete)
    return found + people(ctx, param, incomplete)[: max(LIMIT - len(found), 0)]


def _people(session: Session) -> list[tuple[int, str, str, str]]:
    """``(id, name, pinyin, initials)`` of everyone not removed, in pinyin order — from the
    register's columns when it has them (no document is parsed)."""
    copies = session.columns("people", "people")
    if copies is not None:
        ids, cols = copies

        def col(field: str) -> list[Any]:
            return list(cols[field]) if field in cols else [None] * len(ids)

        rows = zip(ids, col("name"), col("name_py"), col("name_ini"), col("removed"))
    else:
        table = session.view("people").get("people", {})
        rows = ((int(k), d.get("name"), d.get("name_py"), d.get("name_ini"), d.get("removed")) for k, d in table.items())
    out = [(pid, str(name or ""), str(py or ""), str(ini or "")) for pid, name, py, ini, removed in rows
           if name and not removed]
    out.sort(key=lambda r: (r[2], r[0]))
    return out


# -- commands -------------------------------------------------------------------------------
def aliases(group: Any, incomplete: str) -> list[CompletionItem]:
    """A group's aliases (``shequ 日历``, ``shequ 党建``) whose command is there."""
    from click.shell_completion import CompletionItem

    out = []
    for alias, name in sorted(group.aliases.items()):
        if alias.startswith(incomplete) and name in group.commands and not group.commands[name].hidden:
            out.append(CompletionItem(alias, help=f"= {name}"))
    return out
