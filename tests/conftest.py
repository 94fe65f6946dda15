"""Shared fixtures: an isolated home, a fresh plugin manager with a demo plugin, a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from shequ import Field, RecordType, hookimpl
from shequ.cli import build_cli
from shequ.plugin.manager import get_plugin_manager

DEMO = RecordType(
    id="demo.item",
    title="示例",
    fields=(
        Field("title", "str", label="标题", required=True),
        Field("n", "int", label="数量"),
        Field("amount", "decimal", label="金额"),
        Field("day", "date", label="日期"),
        Field("at", "datetime", label="时间"),
        Field("ok", "bool", label="完成"),
        Field("kind", "choice", label="类别", choices=("甲", "乙", "丙"), default="甲"),
        Field("tags", "list", label="标签"),
        Field("who", "person", label="人员"),
        Field("event", "event", label="活动"),
        Field("id_card", "str", label="身份证号", mask="id_card"),
        Field("phone", "str", label="电话", mask="phone"),
    ),
    columns=("title", "n", "kind"),
)


class DemoPlugin:
    """A throwaway plugin used by the core's tests (pluggy accepts any object)."""

    __name__ = "demo"

    @hookimpl
    def shequ_record_types(self) -> list[RecordType]:
        return [DEMO]

    @hookimpl
    def shequ_validate(self, record: dict, record_type: RecordType, ctx: Any) -> list[str]:
        if record_type.id == "demo.item" and record.get("title") == "坏":
            return ["标题不能是“坏”"]
        return []


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test touches the real data dir or loads plugins it did not ask for."""
    monkeypatch.setenv("SHEQU_HOME", str(tmp_path / "default-home"))
    monkeypatch.setenv("SHEQU_USER", "测试员")
    monkeypatch.setenv("SHEQU_TODAY", "2025-06-30")
    monkeypatch.delenv("SHEQU_LOAD_PLUGINS", raising=False)


@pytest.fixture
def pm():
    return get_plugin_manager(entrypoints=False, plugins=(DemoPlugin(),))


@pytest.fixture
def cli(pm) -> click.Group:
    return build_cli(pm)


@pytest.fixture
def home(tmp_path: Path, cli) -> Path:
    path = tmp_path / "home"
    result = CliRunner().invoke(cli, ["--home", str(path), "init", "--name", "测试社区"])
    assert result.exit_code == 0, result.output
    return path


class Invoker:
    def __init__(self, cli: click.Group, home: Path) -> None:
        self.cli = cli
        self.home = home

    def __call__(self, *args: str, code: int | None = 0, input: str | None = None):  # type: ignore[no-untyped-def]
        result = CliRunner().invoke(self.cli, ["--home", str(self.home), *args], input=input, catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
        return result


@pytest.fixture
def run(cli, home) -> Invoker:
    return Invoker(cli, home)


def snapshot(home: Path) -> dict[str, bytes]:
    """Every file of the home — heads, shards, columnar copies, log, backups — with its bytes and
    mode, to prove a failed command wrote nothing (and left no temp file)."""
    return {str(p.relative_to(home)): (p.read_bytes(), p.stat().st_mode) for p in sorted(home.rglob("*"))
            if p.is_file() and p.name != ".lock"}


@pytest.fixture
def snap():
    return snapshot


VENV_BIN = Path(os.sys.executable).parent  # type: ignore[attr-defined]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def year(run, monkeypatch):
    """The sample community's 2025 as the core alone sees it: roster, every event file, duties;
    today is 2025-12-31."""
    monkeypatch.setenv("SHEQU_TODAY", "2025-12-31")
    run("people", "import", str(EXAMPLES / "roster.csv"))
    for name in ("events-2025.csv", "events-2025-dangjian.csv", "events-2025-pufa.csv"):
        run("calendar", "import", str(EXAMPLES / name))
    run("duties", "add", str(EXAMPLES / "duties.json"))
    return run


def _add_books(run: Invoker) -> Invoker:
    """The sample year's ledger (as ``make demo`` loads it): its accounts, the earmarked 普法经费 fund,
    then examples/ledger-2025.csv."""
    for path, kind in (("收入:上级拨款:普法经费", "income"), ("收入:捐赠:一日捐", "income"), ("经费:普法:宣传品", "expense"),
                       ("经费:普法:讲座", "expense"), ("支出:活动:科普", "expense"), ("支出:社区教育", "expense")):
        run("ledger", "accounts", "add", path, "--kind", kind)
    run("ledger", "fund", "add", "普法经费", "--accounts", "经费:普法", "--earmarked")
    run("ledger", "import", str(EXAMPLES / "ledger-2025.csv"))
    return run


@pytest.fixture
def add_books():
    return _add_books


def _load_sample_year(run: Any) -> Any:
    """The sample community's year as examples/demo.sh loads it, without its ledger: 幸福社区's roster,
    events, duties, 党建 members and meetings, 普法 activities, disputes and 帮教 (党建 and 普法 loaded)."""
    run("init", "--name", "幸福社区")
    run("people", "import", str(EXAMPLES / "roster.csv"))
    run("calendar", "import", str(EXAMPLES / "events-2025.csv"))
    run("duties", "add", str(EXAMPLES / "duties.json"), "--skip-existing")
    run("record", "import", "dangjian.member", str(EXAMPLES / "dangjian" / "members.csv"))
    run("calendar", "import", str(EXAMPLES / "dangjian" / "meetings-2025.csv"))
    run("calendar", "import", str(EXAMPLES / "pufa" / "activities-2025.csv"))
    run("record", "import", "pufa.dispute", str(EXAMPLES / "pufa" / "disputes-2025.csv"))
    run("record", "import", "pufa.bangjiao", str(EXAMPLES / "pufa" / "bangjiao.csv"))
    return run


@pytest.fixture(scope="session")
def load_sample_year():
    return _load_sample_year
