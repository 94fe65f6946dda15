"""docs/plugin-hooks.md documents every hookspec with its exact signature, and its examples run."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from shequ import hookspecs

DOC = Path(__file__).resolve().parents[2] / "docs" / "plugin-hooks.md"


def specs() -> dict[str, str]:
    out = {}
    for name, fn in vars(hookspecs).items():
        if name.startswith("shequ_") and callable(fn):
            params = ", ".join(inspect.signature(fn).parameters)
            out[name] = f"{name}({params})"
    return out


def headings() -> set[str]:
    return {m.group(1).strip() for m in re.finditer(r"^## (.+)$", DOC.read_text("utf-8"), re.M)}


def test_there_are_hooks():
    assert "shequ_register_commands" in specs()


@pytest.mark.parametrize("name", sorted(specs()))
def test_each_hook_has_a_heading_with_its_exact_signature(name):
    assert specs()[name] in headings(), f"docs/plugin-hooks.md 缺少标题：## {specs()[name]}"


def test_no_heading_for_a_hook_that_does_not_exist():
    documented = {h for h in headings() if h.startswith("shequ_")}
    assert documented == set(specs().values())


def examples() -> list[tuple[str, str]]:
    text = DOC.read_text("utf-8")
    out = []
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        title = section.splitlines()[0]
        for block in re.findall(r"```python\n(.*?)```", section, re.S):
            out.append((title, block))
    return out


@pytest.mark.parametrize("title,code", examples(), ids=[t for t, _ in examples()])
def test_examples_run(title, code):
    exec(compile(code, f"plugin-hooks.md:{title}", "exec"), {})


def test_every_hook_has_an_example():
    assert {t for t, _ in examples()} >= set(specs().values())


def test_the_guide_shows_only_the_public_api():
    """A plugin author copies from the guide: it may not teach an internal import."""
    import ast

    from shequ.api import PUBLIC_MODULES

    for title, code in examples():
        for node in ast.walk(ast.parse(code)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            for name in names:
                if name == "shequ" or name.startswith("shequ."):
                    assert name in PUBLIC_MODULES, f"{title}: import {name}"
