"""Building the plugin manager: default plugins, then entry points one by one.

Follows llm/datasette (core features are ``DEFAULT_PLUGINS``) and tox/pytest
(``check_pending`` so a misspelled ``shequ_*`` hook fails loudly).  Unlike
them, each entry point is loaded and checked on its own, so one broken
plugin is skipped with a warning and never takes ``shequ --help`` down.
``SHEQU_LOAD_PLUGINS`` (comma list of entry-point or distribution names;
empty means none) is applied *before* anything is imported.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, Callable

import pluggy

from shequ import hookspecs

DEFAULT_PLUGINS: tuple[str, ...] = (
    "shequ.cli.plugin",
    "shequ.people.plugin",
    "shequ.calendar.plugin",
    "shequ.duties.plugin",
    "shequ.checklists.plugin",
    "shequ.ledger.plugin",
    "shequ.records.plugin",
    "shequ.reports.plugin",
    "shequ.rollup.plugin",
)
ENTRY_POINT_GROUP = "shequ"


class PluginInfo:
    """What ``shequ plugins`` shows about one plugin (a plain class: no dataclass cost at start-up)."""

    __slots__ = ("name", "version", "dist", "module", "default", "errors", "loaded", "api")

    def __init__(self, name: str, version: str = "", dist: str = "", module: str = "", default: bool = False,
                 api: str | None = None) -> None:
        self.name = name
        self.version = version
        self.dist = dist
        self.module = module
        self.default = default
        #: The plugin API range its distribution declares (``shequ_api`` entry point), ``None`` if none.
        self.api = api
        self.errors: list[str] = []
        self.loaded = True


class ShequPluginManager(pluggy.PluginManager):
    """A pluggy manager that remembers versions, failures and clashes per plugin."""

    def __init__(self) -> None:
        super().__init__("shequ")
        self.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        self.warn: Callable[[str], None] = _stderr
        self._cache: dict[str, Any] = {}
        self._warned: set[str] = set()

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """What the plugins declare (settings, entry fields …), gathered once per manager."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def register_plugin(self, module: Any, info: PluginInfo) -> bool:
        """Register and check one plugin; on failure unregister it and record why."""
        try:
            self.register(module, name=info.name)
            try:
                self.check_pending()
            except pluggy.PluginValidationError:
                self.unregister(name=info.name)
                raise
        except Exception as exc:  # any error of a plugin's own making
            info.loaded = False
            info.errors.append(_describe(exc))
            self.infos.setdefault(info.name, info)
            self.warn(f"警告：插件 {info.name} 加载失败，已跳过（{_describe(exc)}）")
            return False
        self.infos[info.name] = info
        return True

    def problem(self, plugin: str, message: str) -> None:
        """Record a contract problem against *plugin* and warn once."""
        info = self.infos.setdefault(plugin, PluginInfo(name=plugin))
        if message not in info.errors:
            info.errors.append(message)
            if message not in self._warned:  # a clash is an error of both plugins, said once
                self._warned.add(message)
                self.warn(f"错误：{message}")

    def plugin_name(self, plugin: object) -> str:
        return self.get_name(plugin) or getattr(plugin, "__name__", repr(plugin))


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _load_error(exc: BaseException) -> str:
    """Why a plugin failed to import; an internal shequ module it relied on is named as such."""
    missing = getattr(exc, "name", None) or ""
    if isinstance(exc, ImportError) and (missing == "shequ" or missing.startswith("shequ.")):
        from shequ import PUBLIC_MODULES

        return (f"插件依赖 shequ 的内部模块 {missing}（{_describe(exc)}）；插件只能使用公开 API："
                f"{'、'.join(PUBLIC_MODULES)}，请升级该插件")
    if isinstance(exc, SystemExit):
        return f"插件在导入时调用了 sys.exit({exc.code!r})"
    return _describe(exc)


def allowed_plugins() -> set[str] | None:
    """Names from ``SHEQU_LOAD_PLUGINS``; ``None`` when unset (load all)."""
    raw = os.environ.get("SHEQU_LOAD_PLUGINS")
    if raw is None:
        return None
    return {part.strip() for part in raw.split(",") if part.strip()}


def load_entrypoints(pm: ShequPluginManager) -> None:
    from shequ.plugin.compat import API_GROUP, refusal
    from shequ.plugin.entrypoints import entry_points

    allowed = allowed_plugins()
    if allowed is not None and not allowed:
        return
    found = sorted(entry_points(ENTRY_POINT_GROUP, API_GROUP), key=lambda e: e.name)
    unknown = sorted(allowed - {ep.name for ep in found} - {ep.dist for ep in found}) if allowed else []
    if unknown:  # a typo here would silently leave a domain out
        pm.warn(f"警告：SHEQU_LOAD_PLUGINS 中的 {'、'.join(unknown)} 不是已安装的插件，已忽略"
                f"（已安装：{'、'.join(ep.name for ep in found) or '无'}）")
    # Name order, not sys.path order: which plugin wins a clash must not depend on PYTHONPATH.
    for ep in found:
        dist_name = ep.dist
        if allowed is not None and ep.name not in allowed and dist_name not in allowed:
            continue
        info = PluginInfo(name=ep.name, version=ep.version, dist=dist_name, module=ep.value, api=ep.api)
        if pm.has_plugin(ep.name) or ep.name in pm.infos:
            pm.problem(ep.name, f"插件名 {ep.name} 重复（{dist_name} 与已加载的同名插件），已跳过")
            continue
        refused = refusal(ep.name, dist_name, ep.version, ep.api)
        if refused:  # checked from the metadata: a plugin built for another API is never imported
            info.loaded = False
            info.errors.append(refused)
            pm.infos[ep.name] = info
            pm.warn(f"警告：插件 {ep.name} 未加载：{refused}")
            continue
        try:
            module = ep.load()
        except (Exception, SystemExit) as exc:  # a plugin that exits on import must not end the command
            info.loaded = False
            info.errors.append(_load_error(exc))
            pm.infos[ep.name] = info
            pm.warn(f"警告：插件 {ep.name} 加载失败，已跳过（{_load_error(exc)}）")
            continue
        pm.register_plugin(module, info)


def get_plugin_manager(*, entrypoints: bool = True, plugins: tuple[Any, ...] = ()) -> ShequPluginManager:
    """A fresh manager: default plugins, then *plugins*, then (optionally) entry points."""
    pm = ShequPluginManager()
    from shequ import API_VERSION, __version__

    for modname in DEFAULT_PLUGINS:
        module = importlib.import_module(modname)
        pm.register_plugin(module, PluginInfo(name=modname, version=__version__, dist="shequ", module=modname, default=True,
                                              api=f"=={API_VERSION}"))
    for module in plugins:
        name = getattr(module, "__name__", repr(module))
        pm.register_plugin(module, PluginInfo(name=name, module=name))
    if entrypoints:
        load_entrypoints(pm)
    return pm


class Declared(dict):  # type: ignore[type-arg]
    """Names → what plugins declared for them (record types, duties, checklist templates, settings,
    person categories), without the names two plugins both declared.

    ``clashes`` maps each of those names to the error naming both plugins; looking one up
    (``declared[name]``, or :meth:`refuse_clash` where the caller says "not found" itself)
    raises it, so a clashing plugin can neither win the name nor make it vanish silently.
    """

    def __init__(self, *args: Any, clashes: dict[str, str] | None = None) -> None:
        super().__init__(*args)
        self.clashes: dict[str, str] = dict(clashes or {})
        self.owners: dict[str, str] = {}

    def __missing__(self, name: str) -> Any:
        self.refuse_clash(name)
        raise KeyError(name)

    def refuse_clash(self, name: Any) -> None:
        if name in self.clashes:
            from shequ.errors import PluginError

            raise PluginError(self.clashes[name])

    def like(self, items: Any) -> "Declared":
        """A new mapping of *items* that keeps these clashes (a derived table: parsed settings …)."""
        out = Declared(items, clashes=self.clashes)
        out.owners = self.owners
        return out


def is_core(pm: ShequPluginManager, plugin: str) -> bool:
    """The core's own declarations (the default plugins, ``shequ`` for built-in settings)."""
    info = pm.infos.get(plugin)
    return plugin == "shequ" or (info is not None and info.default)


def declare_once(pm: ShequPluginManager, what: str, declared: Any) -> Declared:
    """*declared* = ``(plugin, name, value)`` in registration order → a :class:`Declared`.

    A name the core declared stays the core's (a plugin declaring it again is ignored, with an
    error on that plugin).  A name two plugins declare is disabled on both sides: which plugin
    sorts first must not decide whether, say, 帮教 names are masked.  Each clash is an error on
    every plugin involved (``shequ plugins`` lists it) and on every use of the name.
    """
    out = Declared()
    clashing: dict[str, list[str]] = {}
    for plugin, name, value in declared:
        if name in clashing:
            if plugin not in clashing[name]:
                clashing[name].append(plugin)
            continue
        if name not in out:
            out[name], out.owners[name] = value, plugin
            continue
        first = out.owners[name]
        if first == plugin:
            pm.problem(plugin, f"{what} {name} 重复声明（插件 {plugin}），保留先声明者")
        elif is_core(pm, first):
            pm.problem(plugin, f"{what} {name} 冲突：{first} 与插件 {plugin} 都声明了它（核心的声明优先，已忽略插件 {plugin} 的）")
        else:
            del out[name], out.owners[name]
            clashing[name] = [first, plugin]
    for name, plugins in clashing.items():
        message = (f"{what} {name} 冲突：插件 {' 与插件 '.join(plugins)} 都声明了它，两者的声明都已停用"
                   f"（请只保留其中一个插件，或请插件作者改名）")
        out.clashes[name] = message
        for plugin in plugins:
            pm.problem(plugin, message)
    return out


def call_each(pm: pluggy.PluginManager, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """Call *hook* one implementation at a time: ``[(plugin_name, result), …]``.

    pluggy's normal call merges results; shequ needs to know which plugin
    declared which record type or command, to name both sides of a clash.
    Implementations run in registration order (``get_hookimpls`` order), so
    the default plugins come first and keep their names on a clash.
    """
    caller = getattr(pm.hook, hook)
    out = []
    for impl in caller.get_hookimpls():
        args = {name: kwargs[name] for name in impl.argnames}
        out.append((pm.get_name(impl.plugin) or impl.plugin_name, impl.function(**args)))
    return out


def hook_calls(pm: pluggy.PluginManager, hook: str) -> Callable[..., list[Any]]:
    """``pm.hook.<hook>`` with its implementations looked up once, for a hook called per row
    (an import's ``shequ_validate``: pluggy's own call costs more than nine plugins' checks).

    Same order (last registered first) and same results (the non-``None`` ones) as pluggy's
    call; a hook with wrappers, ``firstresult`` or keyword-only arguments goes through pluggy."""
    caller = getattr(pm.hook, hook)
    impls = caller.get_hookimpls()
    if (caller.spec and caller.spec.opts.get("firstresult")) or any(
            i.wrapper or i.hookwrapper or i.kwargnames for i in impls):
        return lambda **kwargs: caller(**kwargs)
    spec = tuple(caller.spec.argnames) if caller.spec else ()
    order = [(i.function, None if tuple(i.argnames) == spec else i.argnames) for i in reversed(impls)]

    def call(**kwargs: Any) -> list[Any]:
        out = []
        every = [kwargs[a] for a in spec]
        for function, argnames in order:
            found = function(*every) if argnames is None else function(*[kwargs[a] for a in argnames])
            if found is not None:
                out.append(found)
        return out

    return call


def call_each_safely(pm: pluggy.PluginManager, hook: str, **kwargs: Any) -> list[tuple[str, Any, str | None]]:
    """Like :func:`call_each`, but a plugin that raises yields ``(name, None, error)`` instead of
    stopping the others (reports must render even when one plugin's section breaks)."""
    caller = getattr(pm.hook, hook)
    out: list[tuple[str, Any, str | None]] = []
    for impl in caller.get_hookimpls():
        name = pm.get_name(impl.plugin) or impl.plugin_name
        try:
            out.append((name, impl.function(**{n: kwargs[n] for n in impl.argnames}), None))
        except Exception as exc:  # a plugin's bug, reported by the caller
            out.append((name, None, _describe(exc)))
    return out


def plugin_rows(pm: ShequPluginManager, *, include_default: bool = False) -> list[dict[str, Any]]:
    """Rows for ``shequ plugins``."""
    rows = []
    for name, info in pm.infos.items():
        if info.default and not include_default:
            continue
        plugin = pm.get_plugin(name)
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or []) if plugin is not None else []
        rows.append(
            {
                "name": name,
                "version": info.version,
                "dist": info.dist,
                "api": info.api,
                "hooks": hooks,
                "loaded": info.loaded,
                "default": info.default,
                "errors": list(info.errors),
            }
        )
    return rows
