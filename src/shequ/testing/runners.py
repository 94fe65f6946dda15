"""Running shequ in tests: a CLI with chosen plugins on a home, a small demo home, a fresh venv
with the core and one plugin installed alone, and wheels built with no network."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any


def dependency_wheelhouse() -> Any:
    """A folder of wheels for everything the core needs (and hatchling, to build shequ and its
    plugins from source), built once per machine and dependency list and shared by every
    :func:`install_alone` — so a plugin's install test costs seconds, not a resolver run.

    Built under a file lock (parallel test workers wait for one build); a failed build leaves
    nothing behind, and the next call tries again.
    """
    import fcntl
    import hashlib
    import shutil
    import tempfile
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    wanted = [*sorted(project["project"]["dependencies"]), *project["build-system"]["requires"]]
    key = hashlib.sha1(f"{sys.version_info[:2]}|{'|'.join(wanted)}".encode()).hexdigest()[:12]
    house = Path(tempfile.gettempdir()) / f"shequ-wheelhouse-{key}"
    with open(Path(tempfile.gettempdir()) / f"shequ-wheelhouse-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (house / ".complete").exists():
            shutil.rmtree(house, ignore_errors=True)
            building = house.with_name(house.name + ".part")
            shutil.rmtree(building, ignore_errors=True)
            done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
                                   "-w", str(building), *wanted], capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                shutil.rmtree(building, ignore_errors=True)
                raise AssertionError(f"无法准备依赖的 wheel：{done.stderr[-2000:]}")
            (building / ".complete").write_text("\n".join(wanted))
            building.rename(house)
    return house


def core_wheel() -> Any:
    """shequ's own wheel, built once per machine and source tree (a hash of ``src/shequ``,
    ``pyproject.toml`` and the README) and shared by every :func:`install_alone`: nine plugins'
    install tests then build only their plugin, not the core nine times."""
    import fcntl
    import hashlib
    import shutil
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    digest = hashlib.sha1()
    for f in sorted([*(root / "src" / "shequ").rglob("*.py"), root / "pyproject.toml", root / "README.md"]):
        if "__pycache__" not in f.parts:
            digest.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    folder = Path(tempfile.gettempdir()) / f"shequ-core-wheel-{digest.hexdigest()[:12]}"
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = sorted(folder.glob("shequ-*.whl"))
        if not found:
            building = folder.with_name(folder.name + ".part")
            shutil.rmtree(building, ignore_errors=True)
            try:
                build_wheels(root, dest=building)
            except AssertionError:
                shutil.rmtree(building, ignore_errors=True)
                raise
            shutil.rmtree(folder, ignore_errors=True)
            building.rename(folder)
            found = sorted(folder.glob("shequ-*.whl"))
    return found[0]


def build_wheels(*sources: Any, dest: Any, epoch: int | None = None) -> list[Any]:
    """Build the wheels of *sources* (shequ's checkout, plugin folders) into *dest*, with no network:
    with the build backend of this environment when it has one (``pip install 'shequ[test]'``),
    else in pip's build isolation from :func:`dependency_wheelhouse`.  ``epoch`` sets
    ``SOURCE_DATE_EPOCH`` (the same sources and epoch give the same bytes).  Returns the new wheels."""
    import importlib.util
    from pathlib import Path

    dest = Path(dest)
    before = set(dest.glob("*.whl"))
    env = {**os.environ, **({"SOURCE_DATE_EPOCH": str(epoch)} if epoch is not None else {})}
    backend = (["--no-build-isolation"] if importlib.util.find_spec("hatchling") else
               ["--no-index", "--find-links", str(dependency_wheelhouse())])
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
                           *backend, "-w", str(dest), *(str(s) for s in sources)],
                          capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        raise AssertionError(f"pip wheel 失败：{done.stderr[-2000:]}")
    return sorted(set(dest.glob("*.whl")) - before)


def install_alone(plugin_dir: str | Any, tmp_path: Any, *, env: dict[str, str] | None = None) -> Any:
    """Install the core and one plugin, from source, into a fresh venv with nothing else; return
    ``run(*args)`` for its ``shequ``.

    For a plugin's own tests: "the plugin installs and works alone beside the core".  The
    dependencies come from :func:`dependency_wheelhouse` with no index, so only shequ and the
    plugin are built (the core comes from :func:`core_wheel`).  ``run`` asserts exit 0 and returns the ``CompletedProcess``.
    """
    from pathlib import Path

    house = dependency_wheelhouse()
    venv = Path(tmp_path) / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
                           "--disable-pip-version-check", "--no-compile", "--no-index", "--find-links", str(house),
                           str(core_wheel()), str(plugin_dir)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise AssertionError(f"pip install 失败：{done.stderr[-2000:]}")
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SHEQU_LOAD_PLUGINS")}
    base.update(SHEQU_HOME=str(Path(tmp_path) / "home"), **(env or {}))
    shequ = str(venv / "bin" / "shequ")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        r = subprocess.run([shequ, *args], capture_output=True, text=True, env=base, timeout=120)
        if r.returncode != 0:
            raise AssertionError(f"shequ {' '.join(args)} 退出码 {r.returncode}：{r.stderr}")
        return r

    return run


def runner(home: Any, *plugins: Any, today: str | None = None) -> Any:
    """A CLI with the core and *plugins* only, bound to *home*: ``invoke(*args, code=0)``.

    For plugin tests::

        run = runner(tmp_path / "h", my_plugin, today="2025-09-30")
        run("init")
        assert "党课" in run("dangjian", "meeting", "log", "--kind", "党课").stderr
        run("dangjian", "member", "add", "无此人", code=1)

    ``invoke`` asserts the exit code and returns click's ``Result`` (``.stdout``/``.stderr``).
    ``today`` pins ``SHEQU_TODAY`` for each call; ``invoke.home``, ``invoke.pm`` and ``invoke.cli``
    are the home, the plugin manager (for ``check_category_members``) and the command group
    (for ``command_paths``).
    """
    from click.testing import CliRunner

    from shequ.cli import build_cli
    from shequ.plugin.manager import get_plugin_manager

    pm = get_plugin_manager(entrypoints=False, plugins=plugins)
    cli = build_cli(pm)
    env = {"SHEQU_TODAY": today} if today else {}

    def invoke(*args: str, code: int | None = 0) -> Any:
        result = CliRunner(env=env).invoke(cli, ["--home", str(home), *args])
        if code is not None and result.exit_code != code:
            raise AssertionError(f"shequ {' '.join(args)}：退出码 {result.exit_code}（应为 {code}）\n"
                                 f"{result.stdout}{result.stderr}")
        return result

    invoke.home = home  # type: ignore[attr-defined]
    invoke.pm = pm  # type: ignore[attr-defined]
    invoke.cli = cli  # type: ignore[attr-defined]
    return invoke



def demo_home(path: Any = None, *plugins: Any) -> Any:
    """A small home to try the API on (the guide's examples use it): 幸福社区 with five residents,
    two held activities and one planned, on 2025-03-31.  Returns its path."""
    import tempfile
    from pathlib import Path

    home = Path(path) if path is not None else Path(tempfile.mkdtemp(prefix="shequ-demo-")) / "home"
    run = runner(home, *plugins, today="2025-03-31")
    run("init", "--name", "幸福社区")
    for args in (("张建国", "--gender", "男", "--birth", "1950-05-01", "--phone", "13812345678", "--tag", "党员"),
                 ("李梅", "--gender", "女", "--birth", "1990-08-15", "--household", "H01"),
                 ("王秀英", "--gender", "女", "--birth", "1933-02-02", "--household", "H02", "--lives-alone"),
                 ("赵小军", "--gender", "男", "--birth", "2015-07-07", "--household", "H01"),
                 ("孙志强", "--gender", "男", "--birth", "1978-11-30")):
        run("people", "add", *args)
    run("calendar", "add", "防诈骗讲座", "--date", "2025-03-08", "--domain", "科普", "--done")
    run("calendar", "done", "防诈骗讲座", "--attendee", "张建国", "--attendee", "李梅", "--count", "35",
        "--summary", "讲解常见诈骗手法")
    run("calendar", "add", "植树活动", "--date", "2025-03-12", "--domain", "环保", "--done")
    run("calendar", "add", "端午包粽子", "--date", "2025-05-30", "--domain", "妇联")
    return home


def log_matches_data(home: Any) -> None:
    """Assert the store's invariant: replaying the change log from nothing gives exactly the
    documents in *home* (a :class:`shequ.store.Home` or its path) — after a crash, a full disk,
    a purge, or a plugin's writes."""
    from shequ.store import Home
    from shequ.store.shards import AREAS

    home = home if isinstance(home, Home) else Home(home)
    replayed: dict[tuple[str, str, str], object] = {}
    for entry in home.log_entries():
        for c in entry["changes"]:
            key = (c["area"], c["table"], c["id"])
            if c["after"] is None:
                replayed.pop(key, None)
            else:
                replayed[key] = c["after"]
    with home.read() as s:
        stored = {(area, table, doc_id): doc for area in AREAS for table, docs in s.view(area).items()
                  for doc_id, doc in docs.items()}
    assert stored == replayed, "变更日志与数据不一致"
