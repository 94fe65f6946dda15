"""Tab completes values, not only command names: 人员类别, record types, ledger accounts, checklist
templates, residents, and the Chinese aliases of commands — through click's completion API, as the
shell asks for it.  Completion reads the home without writing to it, and a missing or broken home
completes nothing, without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.shell_completion import ShellComplete


def complete(cli, home: Path | None, *words: str) -> list[str]:
    """What Tab offers after ``shequ [--home HOME] WORDS…`` (the last word is the one being typed)."""
    args = (["--home", str(home)] if home is not None else []) + list(words[:-1])
    return [item.value for item in ShellComplete(cli, {}, "shequ", "_SHEQU_COMPLETE").get_completions(args, words[-1])]


@pytest.fixture
def town(run):
    run("people", "add", "曾国藩", "--household", "H0001")
    run("people", "add", "曾国荃")
    run("people", "add", "李四")
    run("people", "add", "李四")
    run("people", "add", "王五")
    run("people", "remove", "王五")
    run("ledger", "accounts", "add", "经费:普法:宣传品", "--kind", "expense")
    return run


def test_people_list_category_offers_categories(cli, home):
    assert "高龄" in complete(cli, home, "people", "list", "-c", "")
    assert complete(cli, home, "people", "list", "--category", "高") == ["高龄"]
    assert "高龄" in complete(cli, home, "people", "export", "x.xlsx", "-c", "gl")  # by initials
    assert "90岁以上" in complete(cli, home, "people", "list", "-c", "9")


def test_record_commands_offer_record_types(cli, home):
    for command in ("add", "list", "import", "export"):
        assert complete(cli, home, "record", command, "") == ["core.document", "demo.item"]
    assert complete(cli, home, "record", "list", "示") == ["demo.item"]  # by title
    assert complete(cli, home, "record", "list", "x") == []


def test_account_options_offer_the_chart_and_the_homes_own(cli, town):
    offered = complete(cli, town.home, "ledger", "add", "--amount", "5", "--account", "")
    assert {"支出:活动", "资产:银行", "经费:普法:宣传品"} <= set(offered)
    assert complete(cli, town.home, "ledger", "list", "--account", "经费:普法:") == ["经费:普法:宣传品"]
    assert "经费:普法" in complete(cli, town.home, "ledger", "add", "--account", "jf")
    assert "民政:孤儿生活费" not in offered  # a plugin's, and no plugin is loaded here
    assert "支出:活动" in complete(cli, town.home, "ledger", "budget", "set", "支出")
    assert "支出:活动" in complete(cli, town.home, "ledger", "schedule", "add", "--account", "zc")


def test_checklist_start_offers_templates(cli, home):
    offered = complete(cli, home, "checklist", "start", "")
    assert "taizhang.half" in offered
    assert complete(cli, home, "checklist", "start", "taizhang.h") == ["taizhang.half"]


def test_person_arguments_offer_residents(cli, town):
    home = town.home
    assert complete(cli, home, "people", "show", "曾") == ["曾国藩", "曾国荃"]
    assert complete(cli, home, "people", "show", "zgf") == ["曾国藩"]
    assert complete(cli, home, "people", "edit", "zeng") == ["曾国藩", "曾国荃"]
    assert complete(cli, home, "people", "show", "li") == ["3", "4"]  # two 李四: their ids
    assert complete(cli, home, "people", "show", "wang") == []  # removed
    assert complete(cli, home, "calendar", "done", "1", "--attendee", "zgf") == ["曾国藩"]
    assert complete(cli, home, "ledger", "add", "--payee", "曾国") == ["曾国藩", "曾国荃"]
    assert complete(cli, home, "people", "household", "H") == ["H0001"]
    assert "曾国藩" in complete(cli, home, "people", "household", "z")


def test_command_aliases_complete(cli, home):
    assert complete(cli, home, "日") == ["日历"]
    assert {"people", "人员"} <= set(complete(cli, home, ""))
    assert complete(cli, home, "人员", "li") == ["list"]  # an alias leads on to its subcommands


def test_completion_never_writes_and_survives_a_missing_or_broken_home(cli, town, snap, tmp_path):
    (town.home / ".lock").unlink()
    before = snap(town.home)
    assert complete(cli, town.home, "people", "show", "zgf") == ["曾国藩"]
    assert complete(cli, town.home, "ledger", "add", "--account", "经费:普法:")
    assert snap(town.home) == before
    assert not (town.home / ".lock").exists()  # not even the lock: a writer is never waited for

    missing = tmp_path / "nowhere"
    assert complete(cli, missing, "people", "show", "") == []
    assert "支出:活动" in complete(cli, missing, "ledger", "add", "--account", "支出")  # the chart needs no home
    assert "taizhang.half" in complete(cli, missing, "checklist", "start", "")
    assert not missing.exists()

    for path in sorted(town.home.rglob("*.json")) + sorted(town.home.rglob("*.cols")):
        path.write_bytes(b"{not json")
    assert complete(cli, town.home, "people", "show", "z") == []
    assert complete(cli, town.home, "checklist", "start", "taizhang.h") == ["taizhang.half"]  # the plugins' still
    assert complete(cli, town.home, "record", "list", "d") == ["demo.item"]  # needs no home


def test_a_plugin_whose_completion_breaks_completes_nothing(cli, home, monkeypatch):
    import shequ.people.register as register

    monkeypatch.setattr(register, "categories", lambda pm: 1 / 0)
    assert complete(cli, home, "people", "list", "-c", "") == []


def test_a_broken_command_completes_nothing_without_a_traceback(cli, monkeypatch, capsys):
    from shequ.cli import LazyGroup

    cli.add_command(LazyGroup("broken", "no_such_module_anywhere:group", help="坏的插件命令"))
    monkeypatch.setenv("_SHEQU_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", "shequ broken x")
    monkeypatch.setenv("COMP_CWORD", "2")
    with pytest.raises(SystemExit):
        cli.main([], prog_name="shequ")
    said = capsys.readouterr()
    assert "Traceback" not in said.err + said.out and said.out == ""
