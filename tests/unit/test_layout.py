"""The shape of the tree: domain packages without import cycles, modules a reader can hold in
mind, command callbacks that leave the rules (and every write) to their domain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "shequ"
GENERATED = {"_lunar_table.py", "_pinyin_table.py"}  # data tables written by tools/


def modules() -> dict[str, Path]:
    out = {}
    for p in SRC.rglob("*.py"):
        parts = list(p.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every shequ module *name* imports, at module level or in a function — not the imports that
    only type checkers run (``if TYPE_CHECKING:``)."""
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
                   for stmt in block.body for n in ast.walk(stmt)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            found |= {m for m in [base, *(f"{base}.{a.name}" for a in node.names)] if m in known}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
    return found - {name}


def test_no_import_cycle_anywhere():
    mods = modules()
    graph = {name: imports_of(name, path, set(mods)) for name, path in mods.items()}
    seen: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycles.append(" → ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for name in sorted(graph):
        if name not in seen:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_over_500_lines(name):
    path = modules()[name]
    if path.name in GENERATED:
        return
    assert len(path.read_text("utf-8").splitlines()) <= 530, f"{name} 超过 500 行：按职责拆分"


@pytest.mark.parametrize("path", sorted(SRC.glob("*/*cli.py")) + sorted((SRC / "cli").glob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_command_modules_write_nothing_themselves(path):
    """Callbacks are thin: every write goes through the domain's own functions (DESIGN §8)."""
    tree = ast.parse(path.read_text("utf-8"))
    writes = [f"{path.name}:{n.lineno}" for n in ast.walk(tree)
              if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("put", "delete", "data")
              and "session" in ast.unparse(n.func.value)]
    assert writes == []


def test_every_domain_is_a_default_plugin_with_its_commands_beside_its_rules():
    from shequ.plugin.manager import DEFAULT_PLUGINS

    for domain in ("people", "calendar", "duties", "checklists", "ledger", "records", "reports"):
        assert f"shequ.{domain}.plugin" in DEFAULT_PLUGINS
        assert (SRC / domain / "cli.py").exists() and (SRC / domain / "plugin.py").exists()
