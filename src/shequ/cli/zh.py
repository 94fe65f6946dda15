"""What click says, said in Chinese: usage errors, help headings, metavars (``[选项]``, ``文本``,
``整数``), help extras (``[默认：50]``, ``[必填]``), and data echoed safely (:func:`printable`).

Loaded with the CLI (click and ``re`` only); compiled patterns wait for first use.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click

_UNPRINTABLE = None


def printable(text: str, keep: str = "") -> str:
    """*text* with terminal control characters (ESC, BEL, line breaks unless in *keep*, bidi overrides)
    written out as ``\\x1b``: data echoed in a message can neither recolour the terminal nor
    break the message's one line."""
    global _UNPRINTABLE
    if _UNPRINTABLE is None:
        _UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")
    return _UNPRINTABLE.sub(lambda m: m[0] if m[0] in keep else repr(m[0])[1:-1], text)


# click's own usage messages, said in Chinese (compiled on first use: start-up stays cheap).
_USAGE_PATTERNS_SRC = [
    # click says "Did you mean '--x'?" for one candidate and "(Did you mean one of: '--x', '--y'?)" for several.
    ((r"^No such option:? '?(.+?)'?\.?(?:\s+\(?Did you mean(?: one of:)? (.+?)\?\)?)?$",),
     lambda m: f"没有这个选项：{m[1]}" + (f"（是不是 {m[2].replace(chr(39), '')}？）" if m[2] else "")),
    ((r"^No such command '(.+?)'\.(?:\s+Did you mean '(.+)'\?)?$",), lambda m: f"没有这个命令：{m[1]}" + (f"（是不是 {m[2]}？）" if m[2] else "")),
    # click adds "Choose from:\n\ta,\n\tb" for a Choice.
    ((r"^Missing argument '(.+?)'\.?(?:\s*Choose from:\s*(.+))?$", re.S), lambda m: f"缺少参数 {m[1]}" + _choices(m[2])),
    ((r"^Missing option '(.+?)'\.(?:\s*Choose from:\s*(.+))?$", re.S), lambda m: f"缺少选项 {m[1]}" + _choices(m[2])),
    ((r"^Option '(.+)' requires an argument\.$",), lambda m: f"选项 {m[1]} 需要一个值"),
    ((r"^Got unexpected extra arguments? \((.+)\)$",), lambda m: f"多余的参数：{m[1]}"),
    ((r"^Invalid value for (.+?): (.+)$", re.S), lambda m: f"{m[1].replace(chr(39), '')} 的值无效：{_zh_invalid(m[2])}"),
]


_USAGE_PATTERNS: list[tuple[re.Pattern[str], Any]] = []


def _usage_patterns() -> list[tuple[re.Pattern[str], Any]]:
    if not _USAGE_PATTERNS:
        _USAGE_PATTERNS.extend((re.compile(*src), make) for src, make in _USAGE_PATTERNS_SRC)
    return _USAGE_PATTERNS


def _choices(listed: str | None) -> str:
    names = [c.strip(" ,\t") for c in (listed or "").splitlines()]
    return f"（可选：{'、'.join(n for n in names if n)}）" if listed else ""


def _zh_invalid(text: str) -> str:
    m = re.match(r"^'(.+)' is not one of (.+)\.$", text)
    if m:
        return f"“{m[1]}”不是可选值（可选：{m[2].replace(chr(39), '')}）"
    m = re.match(r"^'(.+)' is not a valid integer(?: range)?\.$", text)
    if m:
        return f"“{m[1]}”不是整数"
    m = re.match(r"^(?:File|Path|Directory) '(.+)' does not exist\.$", text)
    if m:
        return f"文件不存在：{m[1]}"
    return text


class ChineseUsageError(click.UsageError):
    def show(self, file: Any = None) -> None:
        out = file or sys.stderr
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), file=out, err=file is None)
            click.echo(f"提示：运行 '{self.ctx.command_path} --help' 查看帮助", file=out, err=file is None)
        click.echo(f"错误：{printable(self.format_message())}", file=out, err=file is None)


def _chinese(exc: click.UsageError) -> ChineseUsageError:
    message = exc.format_message()
    for pattern, make in _usage_patterns():
        m = pattern.match(message)
        if m:
            message = make(m)
            break
    return ChineseUsageError(message, ctx=exc.ctx)


_HELP_WORDS = {
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
}
# click's own metavars (from the parameter types) and usage pieces, said in Chinese.
_METAVARS = {"TEXT": "文本", "INTEGER": "整数", "FLOAT": "数字", "BOOLEAN": "是/否", "FILENAME": "文件",
             "UUID": "UUID", "OPTIONS": "选项", "COMMAND": "命令", "ARGS": "参数"}
_METAVAR_RE = r"\b(TEXT|INTEGER|FLOAT|BOOLEAN|FILENAME|OPTIONS|COMMAND|ARGS)(?: RANGE)?\b"
# The bracket click appends to an option's help: "[default: 50; required]", "[x>=1]", "[env var: X]".
_EXTRA_RE = r"\s*\[((?:default: |env var: |required|x[<>]=|-?[\d.]+<=?x)[^\[\]]*)\]$"


def _columns(text: str) -> int:
    """Terminal columns of a help term: wide (CJK) characters take two."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _zh_metavars(text: str) -> str:
    return re.sub(_METAVAR_RE, lambda m: _METAVARS[m[1]], text) if text else text


def _zh_extra(item: str) -> str:
    if item.startswith("default: "):
        value = item[9:]
        return "默认：" + {"(dynamic)": "（动态）", '""': "空"}.get(value, value)
    if item.startswith("env var: "):
        return "环境变量：" + item[9:]
    if item == "required":
        return "必填"
    m = re.fullmatch(r"(?:(-?[\d.]+)(<=?))?x(?:(<=?|>=?)(-?[\d.]+))?", item)
    if m:  # click's ranges: x>=1, 0<=x<=10, x<5
        low = f"{'≥' if m[2] == '<=' else '＞'}{m[1]}" if m[1] else ""
        high = {"<=": "≤", "<": "＜", ">=": "≥", ">": "＞"}[m[3]] + m[4] if m[3] else ""
        return "，".join(filter(None, (low, high)))
    return item


def _zh_help_text(text: str) -> str:
    text = _HELP_WORDS.get(text, text)
    m = re.search(_EXTRA_RE, text)
    if not m:
        return text
    extra = "；".join(_zh_extra(item) for item in m[1].split("; "))
    return f"{text[:m.start()]}  [{extra}]" if m.start() else f"[{extra}]"


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help with Chinese headings (the text of each command is already Chinese)."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        if width is None:
            # click would import shutil (and with it bz2/lzma, ~3 ms) just to ask the terminal width.
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
            except (OSError, AttributeError, ValueError):
                columns = int(os.environ.get("COLUMNS", "80") or 80)
            width = max(min(columns, max_width or 80) - 2, 50)
        super().__init__(indent_increment=indent_increment, width=width, max_width=max_width)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _zh_metavars(args), prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HELP_WORDS.get(heading, heading)}：\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        """click's definition list, lined up by terminal columns (``--limit 整数`` is 10 wide, not 8)."""
        from click.formatting import wrap_text

        rows = [(_zh_metavars(a), _zh_help_text(b)) for a, b in rows]
        first_col = min(max((_columns(a) for a, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            width = _columns(first)
            self.write(" " * (first_col - width) if width <= first_col - col_spacing
                       else "\n" + " " * (first_col + self.current_indent))
            lines = wrap_text(second, max(self.width - first_col - 2, 10), preserve_paragraphs=True).splitlines()
            self.write("\n".join([lines[0], *(f"{indent}{'':>{first_col}}{line}" for line in lines[1:])]) + "\n"
                       if lines else "\n")
