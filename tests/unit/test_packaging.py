"""What the wheels say about themselves (read from the pyproject files, no build), the plugin API
ranges and the names `shequ install` / `shequ uninstall` understand."""

from __future__ import annotations

import re
import subprocess
import tomllib
import types
from pathlib import Path

import pytest

from shequ import API_VERSION
from shequ.errors import DataError, NotFound, UsageError
from shequ.plugin.compat import accepts, parse_range, refusal
from shequ.plugin.installer import dependencies_of, names_core, requirement, to_remove

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = sorted(ROOT.glob("plugins/*/pyproject.toml")) + [ROOT / "examples" / "shequ-hello" / "pyproject.toml"]


def project(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


@pytest.mark.parametrize("path", [ROOT / "pyproject.toml", *PLUGINS], ids=lambda p: p.parent.name)
def test_each_distribution_has_the_metadata_an_index_shows(path):
    meta = project(path)["project"]
    assert meta["readme"] == "README.md" and (path.parent / "README.md").is_file()
    assert meta["license"] == "Apache-2.0" and (path.parent / "LICENSE").is_file()
    assert meta["requires-python"] == ">=3.10"
    assert "Programming Language :: Python :: 3.10" in meta["classifiers"]
    assert any(c.startswith("Natural Language :: Chinese") for c in meta["classifiers"])
    assert project(path)["build-system"]["requires"] == ["hatchling>=1.27"]  # PEP 639 licence metadata


@pytest.mark.parametrize("path", PLUGINS, ids=lambda p: p.parent.name)
def test_each_plugin_needs_the_core_in_a_range_and_declares_its_api(path):
    meta = project(path)["project"]
    assert meta["dependencies"] == ["shequ>=0.1,<1"]
    eps = meta["entry-points"]
    assert set(eps["shequ_api"]) == set(eps["shequ"]), "one API range per plugin entry point, same name"
    assert all(accepts(spec, API_VERSION) for spec in eps["shequ_api"].values())


def test_make_dist_builds_every_plugin_with_a_fixed_date():
    done = subprocess.run(["make", "-n", "dist"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    line = next(x for x in done.stdout.splitlines() if "pip wheel" in x)
    assert re.search(r"SOURCE_DATE_EPOCH=\d+ ", line) and "--no-deps" in line
    assert all(f"plugins/{p.parent.name}/" in line for p in PLUGINS[:-1]) and "examples" not in line
    wheelhouse = subprocess.run(["make", "-n", "wheelhouse"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "--find-links dist -w wheelhouse dist/*.whl pip setuptools wheel" in wheelhouse.stdout  # pipx needs pip


@pytest.mark.parametrize("spec,ok", [(">=1,<2", True), ("1", True), ("==1", True), (">=1", True), ("1.0", True),
                                     (">=2,<3", False), ("<1", False), ("!=1", False), (" >= 1 , < 2 ", True)])
def test_api_ranges(spec, ok):
    assert accepts(spec, 1) is ok


@pytest.mark.parametrize("spec", ["", ">=1,", "~=1", "1.2", "one", ">=1;<2"])
def test_a_range_that_is_not_one_is_said_in_chinese(spec):
    with pytest.raises(ValueError, match="插件 API 版本范围无法识别"):
        parse_range(spec)


def test_the_refusal_is_one_line_naming_both_versions():
    assert refusal("x", "shequ-x", "0.1", ">=1,<2") is None
    assert refusal("x", "shequ-x", "0.1", None) is None  # undeclared: taken as API 1
    why = refusal("x", "shequ-x", "2.0", ">=2,<3")
    assert why.startswith("shequ-x 2.0 需要插件 API >=2,<3，本机 shequ ") and f"插件 API {API_VERSION}" in why
    assert "\n" not in why
    assert "版本范围无法识别" in refusal("x", "shequ-x", "2.0", "two")


@pytest.mark.parametrize("name,want", [("shequ-dangjian", "shequ-dangjian"), ("dangjian", "shequ-dangjian"),
                                       ("党建", "shequ-dangjian"), ("关工委", "shequ-guangongwei"),
                                       ("shequ_kepu", "shequ_kepu"), ("Shequ-Kepu", "Shequ-Kepu"),
                                       ("kepu>=0.2", "shequ-kepu>=0.2"), ("党建==0.1.0", "shequ-dangjian==0.1.0"),
                                       ("shequ", "shequ"), ("https://example.org/x.whl", "https://example.org/x.whl")])
def test_names_install_understands(name, want):
    assert requirement(name) == want


@pytest.mark.parametrize("req,core", [("shequ", True), ("Shequ>=0.2", True), ("shequ-dangjian", False),
                                      ("/w/dist/shequ-0.2.0-py3-none-any.whl", True),
                                      ("/w/dist/shequ_dangjian-0.1.0-py3-none-any.whl", False), ("/w/shequ", False)])
def test_only_asking_for_the_core_lets_pip_change_it(req, core):
    assert names_core(req) is core


def test_paths_are_made_absolute_and_must_exist(tmp_path, monkeypatch):
    wheel = tmp_path / "shequ_x-0.1-py3-none-any.whl"
    wheel.write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    assert requirement("./shequ_x-0.1-py3-none-any.whl") == str(wheel)
    assert requirement("shequ_x-0.1-py3-none-any.whl") == str(wheel)  # a wheel file name is a path
    (tmp_path / "dangjian").mkdir()
    assert requirement("dangjian") == "shequ-dangjian"  # a bare name is a name, even beside a folder of that name
    with pytest.raises(NotFound, match="找不到文件或目录：./nope"):
        requirement("./nope")
    with pytest.raises(UsageError, match="不认识的插件名：宣传.*党建（shequ-dangjian）"):
        requirement("宣传")


def test_uninstall_refuses_the_core_and_what_it_needs():
    with pytest.raises(UsageError, match="不能用 shequ uninstall 卸载 shequ 本身"):
        to_remove("shequ", {}, {})
    with pytest.raises(DataError, match=r"不能卸载 click：shequ 依赖它（shequ → click）"):
        to_remove("click", {}, {})
    chain = dependencies_of("shequ")
    assert chain["pygments"] == "shequ → rich → pygments" and "pytest" not in chain  # an extra is not a need
    with pytest.raises(DataError, match="不能卸载 pip"):
        to_remove("pip", {}, {})
    with pytest.raises(NotFound, match="没有安装：wenti（已安装的插件："):
        to_remove("wenti", {}, {})


def test_uninstall_knows_plugins_by_name_alias_and_distribution():
    assert to_remove("hello", {"hello": "shequ-hello"}, {})[0] == "shequ-hello"
    assert to_remove("问候", {"hello": "shequ-hello"}, {"问候": "hello"})[0] == "shequ-hello"
    assert to_remove("shequ_hello", {}, {})[0] == "shequ-hello"
    assert to_remove("党建", {}, {})[0] == "shequ-dangjian"


def fake_plugin(tmp_path: Path, api: str | None) -> types.ModuleType:
    """A plugin tried from a checkout: its module beside a pyproject.toml, not installed."""
    root = tmp_path / f"shequ-api{abs(hash(api))}"
    (root / "src" / "shequ_apitest").mkdir(parents=True)
    (root / "src" / "shequ_apitest" / "__init__.py").write_text("")
    declared = f'\n[project.entry-points.shequ_api]\napitest = "{api}"\n' if api is not None else ""
    (root / "pyproject.toml").write_text('[project]\nname = "shequ-apitest"\n\n[project.entry-points.shequ]\n'
                                         f'apitest = "shequ_apitest"\n{declared}', encoding="utf-8")
    module = types.ModuleType("shequ_apitest")
    module.__file__ = str(root / "src" / "shequ_apitest" / "__init__.py")
    return module


def test_check_plugin_wants_the_api_declaration(tmp_path):
    from shequ.testing.contract import api_problems

    assert api_problems(fake_plugin(tmp_path, ">=1,<2")) == []
    missing, = api_problems(fake_plugin(tmp_path, None))
    assert missing.startswith("没有声明所支持的插件 API 版本") and 'apitest = ">=1,<2"' in missing
    outside, = api_problems(fake_plugin(tmp_path, ">=2"))
    assert "不含本机 shequ 的插件 API 1" in outside
    assert "无法识别" in api_problems(fake_plugin(tmp_path, "soon"))[0]
    assert "找不到插件" in api_problems(types.ModuleType("shequ_nowhere"))[0]


def test_installed_plugins_declare_it_where_the_loader_reads_it():
    import shequ_hello

    from shequ.testing.contract import declared_api

    where, spec = declared_api(shequ_hello)
    assert where == "shequ-hello 0.1.0（已安装）" and spec == ">=1,<2"
