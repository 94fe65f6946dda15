"""The plugin contract (DESIGN §3): ``check_plugin(module)`` returns readable problems, an empty
list when the plugin is fine — the boundary, the declarations, the commands, the report sections."""

from __future__ import annotations

import os
import subprocess
import sys
from types import ModuleType
from typing import Any

import click

from shequ.testing.runners import runner

HEAVY_MODULES = (
    "rich",
    "tabulate",
    "tinydb",
    "orjson",
    "docx",
    "openpyxl",
    "icalendar",
    "pypinyin",
    "lunar_python",
    "chinese_calendar",
    "dateutil",
    "filelock",
)

_DICT_HOOKS = {
    "shequ_duties": ("id", "title", "kind", "source"),
    "shequ_checklists": ("id", "title", "items"),
    "shequ_festivals": ("name",),
    "shequ_ledger_accounts": ("path", "kind"),
}


def heavy_imports(module_name: str) -> list[str]:
    """Heavy modules that ``import module_name`` pulls in (in a clean interpreter)."""
    code = (
        "import sys, importlib; importlib.import_module(%r); "
        "print(','.join(m for m in %r if m in sys.modules))" % (module_name, HEAVY_MODULES)
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        return [f"<导入失败：{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}>"]
    return [m for m in done.stdout.strip().split(",") if m]


#: Attributes that reach past the plugin context into the store or the CLI's internals.
PRIVATE_ATTRIBUTES = ("session", "_session", "home", "app")


def _source_files(module: ModuleType) -> list[Any]:
    from pathlib import Path

    if getattr(module, "__path__", None):
        return sorted(p for d in module.__path__ for p in Path(d).rglob("*.py"))
    return [Path(module.__file__)] if getattr(module, "__file__", None) else []


def boundary_problems(module: ModuleType) -> list[str]:
    """Where *module* (its whole package) steps outside the public API: imports of shequ
    modules not in ``shequ.api.PUBLIC_MODULES`` (also as ``"module:attr"`` strings), and
    direct use of a store session or the CLI's app (``ctx.session``, ``….home``)."""
    import ast
    import re

    from shequ import __all__ as public_names
    from shequ import PUBLIC_MODULES

    allowed = "、".join(PUBLIC_MODULES)
    name = module.__name__
    problems: list[str] = []

    def private(mod: str) -> bool:
        return (mod == "shequ" or mod.startswith("shequ.")) and mod not in PUBLIC_MODULES

    for path in _source_files(module):
        try:
            tree = ast.parse(path.read_text("utf-8"), str(path))
        except (SyntaxError, UnicodeDecodeError) as exc:
            problems.append(f"{path.name}：无法解析（{exc}）")
            continue
        where = f"{path.name}:"
        for node in ast.walk(tree):
            found: list[str] = []
            if isinstance(node, ast.Import):
                found = [a.name for a in node.names if private(a.name)]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                if private(node.module):
                    found = [node.module]
                elif node.module == "shequ":
                    found = [f"shequ.{a.name}" for a in node.names if a.name not in public_names and a.name != "*"
                             and f"shequ.{a.name}" not in PUBLIC_MODULES]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                m = re.fullmatch(r"(shequ(?:\.[a-z_][a-z0-9_]*)*)(?::[A-Za-z_]\w*)?", node.value)
                if m and ("." in m[1] or ":" in node.value) and private(m[1]):
                    found = [m[1]]
            elif isinstance(node, ast.Attribute) and node.attr in PRIVATE_ATTRIBUTES:
                problems.append(f"插件 {name} 直接使用了 .{node.attr}（{where}{node.lineno}）：请通过插件上下文读写数据"
                                "（shequ.api.open_context / ctx.records、ctx.events、ctx.ledger……）")
            for mod in found:
                problems.append(f"插件 {name} 导入了非公开模块 {mod}（{where}{node.lineno}）：插件只能导入 {allowed}")
    return problems


def declared_api(module: ModuleType) -> tuple[str, str | None] | None:
    """Where *module*'s plugin API range is declared and the range (``None``: not declared): the
    installed distribution's entry points (what the loader reads), else the ``pyproject.toml``
    beside its sources (a plugin tried from a checkout); ``None`` when neither names the module."""
    from pathlib import Path

    from shequ.plugin.compat import API_GROUP
    from shequ.plugin.entrypoints import entry_points

    name = getattr(module, "__name__", "")
    for ep in entry_points("shequ", API_GROUP):
        if ep.value.partition(":")[0].strip() == name:
            return f"{ep.dist} {ep.version}（已安装）", ep.api
    source = getattr(module, "__file__", None)
    for folder in Path(source).resolve().parents[:4] if source else ():
        if (folder / "pyproject.toml").is_file():
            import tomllib

            eps = tomllib.loads((folder / "pyproject.toml").read_text("utf-8")).get("project", {}).get("entry-points", {})
            for ep_name, value in eps.get("shequ", {}).items():
                if value.partition(":")[0].strip() == name:
                    api = eps.get(API_GROUP, {}).get(ep_name)
                    return str(folder / "pyproject.toml"), api if isinstance(api, str) else None
            return None
    return None


def api_problems(module: ModuleType) -> list[str]:
    """The plugin's distribution declares the plugin API range it supports, and the range holds
    this shequ's ``API_VERSION`` (the loader refuses the plugin otherwise, before importing it)."""
    from shequ import API_VERSION
    from shequ.plugin.compat import API_GROUP, accepts

    found = declared_api(module)
    name = getattr(module, "__name__", repr(module))
    how = (f"在 pyproject.toml 中加上 [project.entry-points.{API_GROUP}]，与 [project.entry-points.shequ] 的入口同名，"
           f"如 {name.removeprefix('shequ_')} = \">={API_VERSION},<{API_VERSION + 1}\"（见 docs/plugin-hooks.md）")
    if found is None:
        return [f"找不到插件 {name} 的发行包（未安装，旁边也没有声明它的 pyproject.toml），无法检查它支持的插件 API 版本"]
    where, spec = found
    if spec is None:
        return [f"没有声明所支持的插件 API 版本（{where}）：{how}"]
    try:
        if not accepts(spec, API_VERSION):
            return [f"声明的插件 API 范围 {spec} 不含本机 shequ 的插件 API {API_VERSION}（{where}），插件不会被加载"]
    except ValueError as exc:
        return [f"{exc}（{where}）"]
    return []


def check_plugin(module: ModuleType, *, check_imports: bool = True) -> list[str]:
    """Check *module* against the plugin contract; return the problems found."""
    from shequ.cli import build_cli
    from shequ.models import PersonCategory
    from shequ.plugin.manager import PluginInfo, call_each, get_plugin_manager
    from shequ.plugin.registry import build_registry

    problems: list[str] = []
    name = getattr(module, "__name__", repr(module))
    problems.extend(api_problems(module))
    if check_imports:
        problems.extend(boundary_problems(module))
    pm = get_plugin_manager(entrypoints=False)
    pm.warn = lambda message: None
    if not pm.register_plugin(module, PluginInfo(name=name, module=name)):
        return [f"无法注册：{e}" for e in pm.infos[name].errors]
    hooks = [h.name for h in pm.get_hookcallers(module) or []]
    if not hooks:
        problems.append("没有实现任何 shequ_* 钩子")

    registry = build_registry(pm)
    mine = [t for t, owner in registry.owners.items() if owner == name]
    for type_id in mine:
        prefix = name.removeprefix("shequ_").split(".")[-1]
        if not type_id.startswith(prefix + "."):
            problems.append(f"记录类型 {type_id} 应以插件名 {prefix}. 开头")

    for hook, keys in _DICT_HOOKS.items():
        for plugin, result in call_each(pm, hook):
            if plugin != name:
                continue
            problems.extend(_check_dicts(hook, result, keys))
    from shequ.duties.rules import validate as validate_duty

    for plugin, result in call_each(pm, "shequ_duties"):
        if plugin == name:
            for duty in result or []:
                if isinstance(duty, dict):
                    problems.extend(f"shequ_duties：{p}" for p in validate_duty(duty))
    from shequ.people.register import categories

    known = categories(pm)
    for plugin, result in call_each(pm, "shequ_person_categories"):
        if plugin == name:
            for item in result or []:
                if not isinstance(item, PersonCategory):
                    problems.append(f"shequ_person_categories 返回了非 PersonCategory：{item!r}")
                    continue
                if item.within is not None and item.within not in known:
                    problems.append(f"人员类别 {item.name} 的 within 不是已知类别：{item.within}")
                if item.members is not None and not callable(item.members):
                    problems.append(f"人员类别 {item.name} 的 members 应为函数")

    from shequ.settings import declared

    prefix = name.removeprefix("shequ_").split(".")[-1]
    for plugin, result in call_each(pm, "shequ_settings"):
        if plugin == name:
            problems.extend(f"设置项 {s.key} 应以插件名 {prefix}. 开头" for s in result or []
                            if hasattr(s, "key") and not s.key.startswith(prefix + "."))
    declared(pm)  # records clashes and invalid settings against the plugin

    cli = build_cli(pm)
    problems.extend(pm.infos[name].errors)
    problems.extend(_check_reports(module, name))
    owned = [cmd for cmd, owner in cli.owners.items() if owner == name]
    if "shequ_register_commands" in hooks and not owned:
        problems.append("实现了 shequ_register_commands 但没有注册任何命令")
    for cmd_name in owned:
        problems.extend(_check_help(cli, [cmd_name]))

    if check_imports:
        heavy = heavy_imports(module.__name__)
        if heavy:
            problems.append(f"导入插件时加载了重量级模块：{'、'.join(heavy)}（请在函数内部导入）")
    return problems


#: Report kinds and periods the contract builds on an empty home (every section must cope with no data).
_REPORTS = (("monthly", "2025-03"), ("quarterly", "2025-Q1"), ("half", "2025-H1"), ("annual", "2025"),
            ("plan", "2026"), ("ledger-book", "2025-03"))


def _check_reports(module: ModuleType, name: str) -> list[str]:
    """Every report kind builds on an empty home with the plugin's sections, as JSON, Markdown and docx."""
    import tempfile
    from pathlib import Path

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        run = runner(Path(tmp) / "home", module, today="2026-01-15")
        run("init", "--name", "契约检查社区")
        for kind, period in _REPORTS:
            outputs = [("-f", "json"), ("-f", "md")] + ([("-o", str(Path(tmp) / "r.docx"))] if kind == "monthly" else [])
            for option in outputs:
                result = run("report", kind, "--period", period, *option, code=None)
                failed = [line for line in result.stderr.splitlines() if name in line]
                if result.exit_code != 0 or failed:
                    why = "；".join(failed) or (result.stderr.strip().splitlines() or [str(result.exception)])[-1]
                    how = " ".join(option) if option[0] == "-f" else "-o 月报.docx"
                    problems.append(f"空数据目录上的 shequ report {kind} {how} 出错：{why}")
    return problems


def check_category_members(home: Any, pm: Any, on: Any) -> list[str]:
    """Problems where a category's whole-register answer disagrees with its ``test``, on the
    data of *home* (a path, or an open session).

    ``PersonCategory.within`` and ``members`` are shortcuts; on a home with
    real data (a plugin's sample data, the example roster) they must give
    exactly the people ``test`` picks one by one.
    """
    from shequ.people.register import Register, _safe, categories

    if isinstance(home, (str, os.PathLike)):
        from shequ.store import Home

        with Home(home).read() as session:
            return check_category_members(session, pm, on)
    session = home
    cats = categories(pm)
    reg = Register(session, on, cats)
    problems = []
    for name, cat in cats.items():
        slow = {int(k) for k in reg.docs if _safe(cat, reg.view(k))}
        fast = set(reg.members(name))
        if fast != slow:
            extra, missing = sorted(fast - slow)[:5], sorted(slow - fast)[:5]
            problems.append(f"人员类别 {name}：整体计算与逐人判断不一致（多出 {extra}，缺少 {missing}）")
    return problems


def _check_dicts(hook: str, result: Any, keys: tuple[str, ...]) -> list[str]:
    out = []
    if result is None:
        return out
    if not isinstance(result, list):
        return [f"{hook} 应返回列表，实际返回 {type(result).__name__}"]
    seen = set()
    for item in result:
        if not isinstance(item, dict):
            out.append(f"{hook} 的元素应为 dict：{item!r}")
            continue
        missing = [k for k in keys if k not in item]
        if missing:
            out.append(f"{hook} 的 {item.get('id') or item.get('name') or item!r} 缺少键：{'、'.join(missing)}")
        ident = item.get("id") or item.get("name") or item.get("path")
        if ident in seen:
            out.append(f"{hook} 中编号重复：{ident}")
        seen.add(ident)
    return out


def _check_help(cli: click.Group, path: list[str]) -> list[str]:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*path, "--help"], catch_exceptions=True)
    if result.exit_code != 0:
        return [f"shequ {' '.join(path)} --help 失败（退出码 {result.exit_code}）：{result.exception or result.output[-200:]}"]
    out: list[str] = []
    cmd: Any = cli
    for part in path:
        cmd = cmd.get_command(click.Context(cmd), part) if isinstance(cmd, click.Group) else None
    if isinstance(cmd, click.Group):
        for sub in cmd.list_commands(click.Context(cmd)):
            out.extend(_check_help(cli, [*path, sub]))
    return out
