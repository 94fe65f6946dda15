"""Which plugin API versions a plugin supports, read from its distribution before it is imported.

A plugin declares the range in its ``pyproject.toml``, next to its entry point and under the same
name::

    [project.entry-points.shequ]
    kepu = "shequ_kepu"

    [project.entry-points.shequ_api]
    kepu = ">=1,<2"

The range is a comma list of ``>=N``, ``>N``, ``<=N``, ``<N``, ``==N``, ``!=N`` on whole API
versions (``shequ.API_VERSION``); a bare ``N`` means ``==N``.  The loader reads it from the
installed ``entry_points.txt`` and leaves a plugin outside the range unimported, so a plugin built
for another API is one line in ``shequ plugins``, never a traceback in the middle of a command.
A plugin that declares nothing was written before declarations existed: it is taken as API 1.
"""

from __future__ import annotations

import re

#: The entry-point group holding each plugin's supported API range.
API_GROUP = "shequ_api"
#: What a plugin without a declaration is taken to support (API 1 is the first public API).
UNDECLARED = "==1"

_CLAUSE = re.compile(r"\s*(>=|<=|==|!=|>|<)?\s*(\d+)(?:\.0)*\s*")
_OPS = {
    ">=": lambda v, n: v >= n,
    "<=": lambda v, n: v <= n,
    "==": lambda v, n: v == n,
    "!=": lambda v, n: v != n,
    ">": lambda v, n: v > n,
    "<": lambda v, n: v < n,
}


def parse_range(spec: str) -> list[tuple[str, int]]:
    """``">=1,<2"`` → ``[(">=", 1), ("<", 2)]``; ``ValueError`` (in Chinese) when it is not a range."""
    clauses = []
    for part in spec.split(","):
        m = _CLAUSE.fullmatch(part)
        if not m:
            raise ValueError(f"插件 API 版本范围无法识别：{spec!r}（应写成 \">=1,<2\" 这样的整数范围）")
        clauses.append((m[1] or "==", int(m[2])))
    return clauses


def accepts(spec: str, version: int) -> bool:
    """Whether the range *spec* includes API *version* (``ValueError`` if *spec* is not a range)."""
    return all(_OPS[op](version, n) for op, n in parse_range(spec))


def refusal(name: str, dist: str, version: str, spec: str | None) -> str | None:
    """Why the plugin *name* (from *dist* at *version*) must not be loaded, or ``None`` when its
    declared range (``None``: undeclared) includes this shequ's API."""
    from shequ import API_VERSION, __version__

    what = f"{dist} {version}".strip() if dist else name
    try:
        if accepts(spec if spec is not None else UNDECLARED, API_VERSION):
            return None
    except ValueError as exc:
        return f"{what} 的{exc}"
    needs = f"插件 API {spec}" if spec is not None else "插件 API 1（它没有声明，按 1 处理）"
    return (f"{what} 需要{needs}，本机 shequ {__version__} 提供的是插件 API {API_VERSION}"
            f"（请换用支持插件 API {API_VERSION} 的 {dist or name}，或换用相应版本的 shequ）")
