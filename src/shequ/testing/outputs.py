"""The output contract: answers on stdout (with ``--json``), messages on stderr, for every command."""

from __future__ import annotations

from typing import Any

import click

from shequ.testing.runners import runner

# -- the output contract: answers on stdout, messages on stderr ---------------------------------
class Case:
    """How to run one command on a sample home, and what kind of command it is.

    ``kind`` is ``"answer"`` (a list, a figure, a status: on stdout, with ``--json``),
    ``"act"`` (changes data: stdout empty or the new ids, one per line; a confirmation on
    stderr) or ``"file"`` (writes ``{out}``, a path the check fills in).  ``setup`` runs
    first on the same copy of the home; ``{last}`` in *args* is the last id a setup step printed;
    ``{tmp}`` in *args* and *setup* is a folder of the case's own (for files one step hands the next).
    """

    __slots__ = ("args", "kind", "setup", "code", "ext")

    def __init__(self, *args: str, kind: str = "answer", setup: tuple[tuple[str, ...], ...] = (), code: int = 0,
                 ext: str = ".csv") -> None:
        self.args, self.kind, self.setup, self.code, self.ext = args, kind, setup, code, ext


def command_paths(cli: click.Group, roots: Any = None) -> list[str]:
    """Every command a user can run under *roots* (top-level names; all if ``None``): leaf
    commands, and groups that answer on their own (``shequ plugins``, ``shequ ledger accounts``)."""
    out: list[str] = []

    def walk(cmd: click.Command, path: list[str]) -> None:
        if isinstance(cmd, click.Group):
            ctx = click.Context(cmd)
            if path and cmd.invoke_without_command:
                out.append(" ".join(path))
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), [*path, name])  # type: ignore[arg-type]
        else:
            out.append(" ".join(path))

    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        if roots is None or name in roots:
            walk(cli.get_command(ctx, name), [name])  # type: ignore[arg-type]
    return sorted(out)


def check_outputs(home: Any, plugins: Any, cases: dict[str, Case], *, today: str = "2025-12-31") -> list[str]:
    """Run every case on its own copy of *home* and check the output contract; return the problems."""
    import json
    import re
    import shutil
    import tempfile
    from pathlib import Path

    problems: list[str] = []
    for name, case in cases.items():
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "home"
            shutil.copytree(home, copy)
            run = runner(copy, *plugins, today=today)
            target = str(Path(tmp) / f"out{case.ext}")
            last = ""
            for step in case.setup:
                printed = run(*(a.replace("{tmp}", tmp) for a in step)).stdout.strip()
                last = printed if printed.isdigit() else last
            args = [a.replace("{out}", target).replace("{last}", last).replace("{tmp}", tmp) for a in case.args]
            if case.kind == "answer":
                flag = [] if "--json" in args or "json" in args else ["--json"]
                result = run(*args, *flag, code=None)
                if result.exit_code != case.code:
                    problems.append(f"{name}：退出码 {result.exit_code}（应为 {case.code}）：{result.stderr.strip()[-300:]}")
                    continue
                text = result.stdout.strip()
                try:
                    json.loads(text) if text.startswith(("[", "{")) or not text else [json.loads(x) for x in text.splitlines()]
                except ValueError:
                    problems.append(f"{name} --json：标准输出不是 JSON：{text[:120]!r}")
                if not text:
                    problems.append(f"{name} --json：标准输出为空（答案应在标准输出上）")
                plain = run(*args, code=None)
                if plain.exit_code != case.code or not (plain.stdout.strip() or plain.stderr.strip()):
                    problems.append(f"{name}：不加 --json 时没有输出或退出码 {plain.exit_code}")
                continue
            result = run(*args, code=None)
            if result.exit_code != case.code:
                problems.append(f"{name}：退出码 {result.exit_code}（应为 {case.code}）：{result.stderr.strip()[-300:]}")
                continue
            for line in result.stdout.splitlines():
                if not (re.fullmatch(r"#?\d+", line.strip()) or Path(line.strip()).exists()):
                    problems.append(f"{name}：标准输出只应有新建的编号或文件，却有：{line[:80]!r}")
                    break
            if not result.stderr.strip():
                problems.append(f"{name}：没有在标准错误上给出确认信息")
            if case.kind == "file" and not (Path(target).exists() and Path(target).stat().st_size):
                problems.append(f"{name}：没有写出文件 {case.ext}")
    return problems
