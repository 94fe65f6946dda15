"""``shequ install`` / ``shequ uninstall``: plugins into and out of shequ's own environment.

Modelled on ``llm install``: pip runs as ``sys.executable -m pip``, so a plugin lands where the
running ``shequ`` is installed — a pipx venv, a plain venv, a development checkout — and nowhere
else.  Installing a plugin never changes the core (pip gets ``shequ==<this version>`` as a
constraint), and uninstalling refuses the core and everything it depends on.  pip's own output
is kept for errors: its tail, then one Chinese line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterable

from shequ.errors import DataError, NotFound, UsageError

#: Chinese names of the plugins maintained with shequ (``shequ install 党建``).
KNOWN = {"党建": "dangjian", "普法": "pufa", "妇联": "fulian", "关工委": "guangongwei", "科普": "kepu",
         "环保": "huanbao", "民政": "minzheng", "养老": "yanglao"}
#: Never removed by ``shequ uninstall``: shequ itself installs plugins with it.
TOOLS = ("pip",)

_NAME = re.compile(r"([^\s<>=!~\[;@]+)(.*)", re.S)
_ARCHIVES = (".whl", ".tar.gz", ".zip", ".tar.bz2")


def canonical(name: str) -> str:
    """A distribution name as pip compares them: ``Shequ_Dangjian`` → ``shequ-dangjian``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def is_path(name: str) -> bool:
    """A local directory or archive: has a slash, starts with ``.`` or ``~``, or ends in ``.whl`` …
    (a bare ``dangjian`` is always a name, even when a folder of that name is here)."""
    return "/" in name or os.sep in name or name.startswith((".", "~")) or name.lower().endswith(_ARCHIVES)


def requirement(name: str) -> str:
    """What pip is asked for NAME: a path made absolute, a URL as is, ``dangjian``/``党建`` →
    ``shequ-dangjian`` (a version range after the name is kept: ``dangjian>=0.2``)."""
    name = name.strip()
    if not name:
        raise UsageError("插件名不能为空")
    if "://" in name:
        return name
    if is_path(name):
        path = Path(name).expanduser()
        if not path.exists():
            raise NotFound(f"找不到文件或目录：{name}")
        return str(path.resolve())
    m = _NAME.fullmatch(name)
    base, rest = (m[1], m[2]) if m else (name, "")
    base = KNOWN.get(base, base)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", base):
        known = "、".join(f"{zh}（shequ-{en}）" for zh, en in KNOWN.items())
        raise UsageError(f"不认识的插件名：{name}（可以写发行包名如 shequ-dangjian、短名如 dangjian，或中文名：{known}）")
    if canonical(base) != "shequ" and not canonical(base).startswith("shequ-"):
        base = f"shequ-{base}"
    return base + rest


def names_core(req: str) -> bool:
    """Whether the requirement *req* is shequ itself (``shequ``, ``shequ>=0.2``, a ``shequ-0.2.0-….whl``):
    then pip may change the core, which is what the user asked for."""
    if req.lower().endswith(".whl"):
        return canonical(Path(req.split("#")[0]).name.split("-")[0]) == "shequ"
    if is_path(req) or "://" in req:
        return False
    m = _NAME.fullmatch(req)
    return m is not None and canonical(m[1]) == "shequ"


def plugin_dists() -> dict[str, tuple[str, list[str], str | None]]:
    """Installed plugin distributions: canonical name → (version, entry-point names, API range)."""
    from shequ.plugin.compat import API_GROUP
    from shequ.plugin.entrypoints import entry_points

    out: dict[str, tuple[str, list[str], str | None]] = {}
    for ep in entry_points("shequ", API_GROUP):
        version, names, api = out.get(canonical(ep.dist), (ep.version, [], ep.api))
        out[canonical(ep.dist)] = (version, [*names, ep.name], api)
    return out


def core_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("shequ")
    except PackageNotFoundError:  # running from a source tree that was never installed
        from shequ import __version__

        return __version__


def pip_command() -> list[str]:
    """``python -m pip`` for the environment shequ runs in, or a clear error when it has no pip."""
    import importlib.util

    if importlib.util.find_spec("pip") is None:
        raise DataError(f"shequ 所在的 Python 环境（{sys.prefix}）没有 pip，无法安装插件："
                        f"用 pipx 安装的请改用 pipx inject shequ 插件名，否则先运行 {sys.executable} -m ensurepip")
    return [sys.executable, "-m", "pip"]


def run_pip(args: list[str], *, verbose: bool, doing: str, wheelhouse: str | None = None) -> None:
    """Run pip; on failure raise one line (with pip's tail as the details)."""
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    cmd = [*pip_command(), *args]
    if verbose:
        code = subprocess.run(cmd, env=env).returncode
        output = ""
    else:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        code, output = done.returncode, f"{done.stdout}\n{done.stderr}"
    if code != 0:
        raise DataError(pip_failure(output, code, doing, wheelhouse),
                        details=[line for line in output.splitlines() if line.strip()][-12:])


def pip_failure(output: str, code: int, doing: str, wheelhouse: str | None) -> str:
    """The one line for a failed pip run, from pip's own ``ERROR:`` lines."""
    missing = re.findall(r"No matching distribution found for (\S+)", output)
    if missing:
        if wheelhouse:
            return f"pip 未能{doing}：{wheelhouse} 中没有 {missing[-1]} 的 wheel（它本身或它所需的依赖）"
        return f"pip 未能{doing}：找不到 {missing[-1]}（请检查名称和网络；离线时用 --from 目录）"
    if "externally-managed-environment" in output:
        return (f"pip 未能{doing}：shequ 装在由系统管理的 Python 里（{sys.prefix}），不能往里装插件；"
                "请用 pipx 安装 shequ（见 README 的安装一节）")
    errors = [line.strip() for line in output.splitlines() if line.strip().startswith("ERROR:")]
    why = errors[-1].removeprefix("ERROR:").strip() if errors else f"退出码 {code}"
    return f"pip 未能{doing}（退出码 {code}）：{why}"


def install(names: Iterable[str], *, editable: Iterable[str] = (), wheelhouse: str | None = None, upgrade: bool = False,
            force: bool = False, verbose: bool = False, announce: Any = None) -> list[str]:
    """Install NAMEs (and ``-e`` paths) with pip into shequ's environment; return the lines saying
    what changed.  A plugin that arrived but declares another plugin API is an error naming it.
    ``announce(line)`` is told what pip is about to install once the names are checked."""
    import tempfile

    from shequ.plugin.compat import refusal

    reqs = [requirement(n) for n in names]
    paths = []
    for p in editable:
        if not Path(p).expanduser().is_dir():
            raise NotFound(f"找不到插件源码目录：{p}（-e 需要一个含 pyproject.toml 的目录）")
        paths.append(str(Path(p).expanduser().resolve()))
    if not reqs and not paths:
        raise UsageError("请给出要安装的插件，如 shequ install shequ-dangjian")
    args = ["install", *reqs]
    for p in paths:
        args += ["-e", p]
    if wheelhouse is not None:
        if not Path(wheelhouse).is_dir():
            raise NotFound(f"找不到 wheel 目录：{wheelhouse}")
        args += ["--no-index", "--find-links", str(Path(wheelhouse).resolve())]
    args += ["--upgrade"] * upgrade + ["--force-reinstall"] * force
    if announce is not None:
        announce(f"正在安装：{' '.join([*reqs, *paths])}（pip）……")
    core = core_version()
    before = plugin_dists()
    with tempfile.TemporaryDirectory(prefix="shequ-install-") as tmp:
        if not any(names_core(r) for r in reqs):
            pin = Path(tmp) / "constraints.txt"  # a plugin may not upgrade or downgrade the core
            pin.write_text(f"shequ=={core}\n", encoding="utf-8")
            args += ["--constraint", str(pin)]
        run_pip(args, verbose=verbose, doing="安装 " + " ".join([*reqs, *(f"-e {p}" for p in paths)]), wheelhouse=wheelhouse)
    lines, refused = [], []
    new_core = core_version()
    if new_core != core:
        lines.append(f"shequ 已从 {core} 换成 {new_core}：请运行 shequ init 升级数据目录（会先备份）")
    for dist, (version, eps, api) in sorted(plugin_dists().items()):
        if before.get(dist) == (version, eps, api):
            continue
        why = refusal(eps[0], dist, version, api)
        if why:
            refused.append(why)
        else:
            lines.append(f"已安装 {dist} {version}（命令 shequ {'、'.join(eps)}，插件 API {api or '未声明，按 1'}）")
    if refused:
        raise DataError(f"插件已装入，但不会加载：{refused[0]}；不需要它时运行 shequ uninstall 卸载", details=refused[1:])
    if not lines:
        lines.append(f"已重新安装：{' '.join([*reqs, *paths])}" if force else
                     "没有新装或升级的插件：已安装的版本已满足要求（要升级请加 --upgrade）")
    return lines


def dependencies_of(dist: str) -> dict[str, str]:
    """Every distribution *dist* needs, directly or not: canonical name → the chain that needs it."""
    from importlib.metadata import PackageNotFoundError, distribution

    chains: dict[str, str] = {}
    todo = [(canonical(dist), canonical(dist))]
    while todo:
        name, chain = todo.pop()
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for req in requires:
            if re.search(r"\bextra\s*==", req):  # an optional extra (shequ[test]) is not needed
                continue
            m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
            if m and canonical(m[1]) not in chains:
                chains[canonical(m[1])] = f"{chain} → {canonical(m[1])}"
                todo.append((canonical(m[1]), chains[canonical(m[1])]))
    return chains


def installed(name: str) -> tuple[str, str] | None:
    """(distribution name, version) of an installed distribution, or ``None``."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        d = distribution(name)
    except PackageNotFoundError:
        return None
    return d.metadata["Name"] or name, d.version


def to_remove(name: str, plugins: dict[str, Any], aliases: dict[str, str]) -> tuple[str, str]:
    """The installed distribution NAME means: a plugin's name or alias (``dangjian``, ``党建``), a
    distribution name, or a short name; refused for the core and what it depends on."""
    if is_path(name):
        raise UsageError(f"shequ uninstall 需要插件名，不是路径：{name}")
    key = aliases.get(name, name)
    if key in plugins:
        dist = plugins[key]
    elif name in KNOWN:
        dist = f"shequ-{KNOWN[name]}"
    else:
        dist = name if installed(name) or canonical(name).startswith("shequ") else f"shequ-{name}"
    if canonical(dist) == "shequ":
        raise UsageError("不能用 shequ uninstall 卸载 shequ 本身：用 pipx 安装的请运行 pipx uninstall shequ")
    chain = dependencies_of("shequ").get(canonical(dist))
    if chain or canonical(dist) in TOOLS:
        why = f"shequ 依赖它（{chain}）" if chain else "shequ install 要用它"
        raise DataError(f"不能卸载 {dist}：{why}")
    found = installed(dist)
    if found is None:
        names = "、".join(sorted(plugin_dists())) or "无"
        raise NotFound(f"没有安装：{name}（已安装的插件：{names}）")
    return found


def uninstall(names: Iterable[str], plugins: dict[str, Any], aliases: dict[str, str], *, verbose: bool = False) -> list[str]:
    """Remove the distributions NAMEs mean (all checked before pip runs); return what was removed."""
    found = []
    for name in names:
        dist = to_remove(name, plugins, aliases)
        if dist not in found:
            found.append(dist)
    if not found:
        raise UsageError("请给出要卸载的插件，如 shequ uninstall shequ-dangjian")
    run_pip(["uninstall", "--yes", *(d for d, _ in found)], verbose=verbose, doing="卸载 " + " ".join(d for d, _ in found))
    return [f"已卸载 {dist} {version}" for dist, version in found]
