"""Option bundles and output helpers shared by every command module."""

from __future__ import annotations

import functools
from typing import Any, Callable, Sequence

import click

FORMAT_CHOICES = ("table", "json", "jsonl", "csv", "md", "grid")


def output_options(fn: Callable[..., Any] | None = None, *, reveal: bool = False) -> Any:
    """``-f/--format``, ``--json`` and ``-o/--output`` for every listing (sqlite-utils style).

    The command gets ``out``, an :class:`Output`.  With ``reveal=True`` it also takes
    ``--reveal``: masked columns (``Column(..., mask=…)``) are then shown in clear, and
    the reveal is written to the change log before anything is shown.
    """
    if fn is None:
        return functools.partial(output_options, reveal=reveal)

    @click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_CHOICES), help="输出格式（默认表格；grid 为带框线的表格；-o 时按扩展名）")
    @click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（同 -f json）")
    @click.option("-o", "--output", "output", metavar="FILE", help="写入文件（.csv .json .jsonl .md .txt），默认输出到终端")
    @functools.wraps(fn)
    def wrapper(*args: Any, fmt: str | None, as_json: bool, output: str | None, **kwargs: Any) -> Any:
        from shequ.common.output import format_for

        chosen = "json" if as_json else fmt
        shown = kwargs.pop("reveal") if reveal else False
        kwargs["out"] = Output(format_for(output, chosen), output, reveal=shown)
        return fn(*args, **kwargs)

    return reveal_option(wrapper) if reveal else wrapper


def reveal_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--reveal", is_flag=True, help="显示完整的个人信息（身份证号、电话、受限人员姓名；会记入修改日志）")(fn)


class Output:
    """Where and how a command's result goes: stdout (or ``-o FILE``) in the chosen format.

    Answers go to stdout, so ``x=$(shequ …)`` captures them; messages for people
    go to stderr (:func:`say`).  Masked columns stay masked unless ``reveal``.
    """

    def __init__(self, fmt: str, path: str | None, *, reveal: bool = False) -> None:
        self.fmt = fmt
        self.path = path if path not in (None, "-") else None
        self.reveal = reveal

    @property
    def human(self) -> bool:
        """True for formats people read (table, grid, md, csv): show 是/否, 收入/支出 rather than raw values."""
        return self.fmt not in ("json", "jsonl")

    def _masked(self, rows: Sequence[dict[str, Any]], columns: Sequence[Any]) -> Sequence[dict[str, Any]]:
        from shequ.common.output import MASKERS

        masks = [(c.key, MASKERS[c.mask]) for c in columns if getattr(c, "mask", None)]
        if not masks:
            return rows
        if self.reveal:
            log_reveal()
            return rows
        out = []
        for row in rows:
            row = dict(row)
            for key, masker in masks:
                if row.get(key) is not None:
                    row[key] = masker(row[key])
            out.append(row)
        return out

    def emit_text(self, text: str | bytes) -> None:
        if self.path:
            from shequ.common.output import write_file

            write_file(self.path, text)
            click.echo(f"已写入 {self.path}", err=True)
            return
        try:
            if isinstance(text, bytes):
                _write_stdout_bytes(text)
            else:
                click.echo(text, nl=False)
        except OSError as exc:
            import errno

            if exc.errno == errno.EPIPE:  # `shequ … | head`: the reader has what it wanted
                raise
            from shequ.errors import DataError
            from shequ.store import os_reason

            raise DataError(f"无法写出结果（标准输出）：{os_reason(exc)}") from None

    def rows(self, rows: Sequence[dict[str, Any]], columns: Sequence[Any]) -> None:
        """Rows as a table, JSON, CSV …; *columns* are ``Column`` objects or ``(key, header)`` pairs."""
        from shequ.common.output import render, render_json_bytes

        columns = _columns(columns)
        rows = self._masked(rows, columns)
        if self.fmt in ("json", "jsonl"):
            # Straight to bytes: 20k rows through click's text layer cost ~40 ms.
            self.emit_text(render_json_bytes(rows, lines=self.fmt == "jsonl"))
        else:
            self.emit_text(render(rows, columns, self.fmt))

    def record(self, row: dict[str, Any], columns: Sequence[Any]) -> None:
        """One record: a 字段/值 table, or the object itself in JSON."""
        from shequ.common.output import render_record

        columns = _columns(columns)
        (row,) = self._masked([row], columns)
        self.emit_text(render_record(row, columns, self.fmt))

    def answer(self, data: Any, text: str) -> None:
        """A computed answer (a figure, a status): *text* for people, *data* as JSON for scripts."""
        from shequ.common.output import _json, render

        if self.fmt in ("json", "jsonl"):
            self.emit_text(_json(data, indent=self.fmt == "json"))
        elif self.fmt == "table" or not isinstance(data, dict):
            self.emit_text(text if text.endswith("\n") else text + "\n")
        else:
            self.emit_text(render([data], _columns([(k, k) for k in data]), self.fmt))


def _columns(columns: Sequence[Any]) -> list[Any]:
    from shequ.common.output import Column

    return [c if isinstance(c, Column) else Column(*c) for c in columns]


def log_reveal(what: str | None = None) -> None:
    """Write "who saw personal data in clear, when, through which command" to the change log, once
    per command (``--reveal``, 个人信息保护法)."""
    ctx = click.get_current_context()
    a = ctx.find_root().obj
    if getattr(a, "reveal_logged", False):
        return
    what = what or ctx.command_path.partition(" ")[2] or ctx.command_path
    with a.home.transaction(f"reveal {what}") as session:
        session.force_log = True
        session.log_extra["reveal"] = what
    a.reveal_logged = True


def _write_stdout_bytes(data: bytes) -> None:
    import sys

    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests capture with one)
        click.echo(data.decode("utf-8"), nl=False)
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def deliver(data: str | bytes | None, target: Any, *, quiet: bool, done: str) -> None:
    """A rendered document to *target* (owner-only folders, written atomically: a crashed run never
    leaves half a file; *done* is said unless *quiet*), or to stdout; ``None``: already printed."""
    if target is not None:
        from shequ.common.output import write_file
        from shequ.store.files import make_private_dirs

        make_private_dirs(target.parent)  # reports name residents: folders shequ makes are owner-only
        write_file(target, data)
        if not quiet:
            say(done)
    elif isinstance(data, bytes):
        _write_stdout_bytes(data)
    elif data is not None:
        click.echo(data, nl=False)


def app(ctx: click.Context | None = None) -> Any:
    """The ``App`` of the current invocation."""
    return (ctx or click.get_current_context()).find_root().obj


def say(message: str) -> None:
    """A confirmation for people (stderr, so stdout stays clean for scripts); control characters
    from the data (an ESC in a name) are shown as ``\\x1b``, never sent to the terminal."""
    from shequ.cli import printable

    click.echo(printable(message, keep="\n"), err=True)


def reading(a: Any, reveal: bool, what: str) -> Any:
    """A read session, or with ``--reveal`` a logged transaction (who saw the plain data, when)."""
    if not reveal:
        return a.home.read()
    from contextlib import contextmanager

    @contextmanager
    def logged():  # type: ignore[no-untyped-def]
        with a.home.transaction(f"reveal {what}") as session:
            session.force_log = True
            session.log_extra["reveal"] = what
            yield session
        a.reveal_logged = True

    return logged()
