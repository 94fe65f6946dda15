"""Option bundles and output helpers shared by every command module."""

from __future__ import annotations

import functools
from typing import Any, Callable, Sequence

import click

FORMAT_CHOICES = ("table", "json", "jsonl", "csv", "md", "grid")


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``-f/--format``, ``--json`` and ``-o/--output`` for every listing (sqlite-utils style)."""

    @click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_CHOICES), help="输出格式（默认表格；grid 为带框线的表格；-o 时按扩展名）")
    @click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（同 -f json）")
    @click.option("-o", "--output", "output", metavar="FILE", help="写入文件（.csv .json .jsonl .md .txt），默认输出到终端")
    @functools.wraps(fn)
    def wrapper(*args: Any, fmt: str | None, as_json: bool, output: str | None, **kwargs: Any) -> Any:
        from ..output import format_for

        chosen = "json" if as_json else fmt
        kwargs["out"] = Output(format_for(output, chosen), output)
        return fn(*args, **kwargs)

    return wrapper


def reveal_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--reveal", is_flag=True, help="显示完整的身份证号和电话（会记入修改日志）")(fn)


class Output:
    """Where and how a command's result goes."""

    def __init__(self, fmt: str, path: str | None) -> None:
        self.fmt = fmt
        self.path = path if path not in (None, "-") else None

    def emit_text(self, text: str | bytes) -> None:
        if self.path:
            from ..output import write_file

            write_file(self.path, text)
            click.echo(f"已写入 {self.path}", err=True)
        elif isinstance(text, bytes):
            _write_stdout_bytes(text)
        else:
            click.echo(text, nl=False)

    def rows(self, rows: Sequence[dict[str, Any]], columns: Sequence[Any]) -> None:
        from ..output import render, render_json_bytes

        if self.fmt in ("json", "jsonl"):
            # Straight to bytes: 20k rows through click's text layer cost ~40 ms.
            self.emit_text(render_json_bytes(rows, lines=self.fmt == "jsonl"))
        else:
            self.emit_text(render(rows, columns, self.fmt))

    def record(self, row: dict[str, Any], columns: Sequence[Any]) -> None:
        from ..output import render_record

        self.emit_text(render_record(row, columns, self.fmt))


def _write_stdout_bytes(data: bytes) -> None:
    import sys

    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests capture with one)
        click.echo(data.decode("utf-8"), nl=False)
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def app(ctx: click.Context | None = None) -> Any:
    """The ``App`` of the current invocation."""
    return (ctx or click.get_current_context()).find_root().obj


def say(message: str) -> None:
    """A confirmation for people (stderr, so stdout stays clean for scripts)."""
    click.echo(message, err=True)


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

    return logged()
