"""Finding a person: reads forgive (pinyin, initials, phone tail, a homophone); writes never guess.

``people show`` / ``people household`` accept what ``people list --search`` accepts and show the one
person it finds; several are listed as "是不是：… #id".  Every command that writes a person
(``calendar done --attendee``, ``ledger add --payee``, a record's person field, ``people edit``)
takes only an exact id, name or 身份证号, and its error names the people it could have meant.
"""

from __future__ import annotations

import json

import pytest

ZENG = "11010519491231002X"  # valid, female, 1949-12-31


@pytest.fixture
def town(run):
    run("people", "add", "曾国藩", "--id-card", ZENG, "--phone", "13800001234", "--household", "H1", "--relation", "户主")
    run("people", "add", "曾国荃", "--phone", "13900005678", "--household", "H1", "--relation", "兄弟姐妹")
    run("people", "add", "李四", "--phone", "13700009999", "--household", "H2")
    return run


def shown(run, *args, code=0):
    result = run("people", "show", *args, "--json", code=code)
    return (json.loads(result.stdout) if code == 0 else None), result.stderr


@pytest.mark.parametrize("query", ["zengguofan", "ZGF", "1234", "曾国帆", "曾国凡", "国藩", "李思"])
def test_show_finds_the_one_person_a_search_finds(town, query):
    row, err = shown(town, query)
    who = "李四 #3" if query == "李思" else "曾国藩 #1"  # 李思 sounds like 李四
    assert f"{row['name']} #{row['id']}" == who
    assert f"按“{query}”找到：{who}" in err  # said on stderr: stdout stays the answer


def test_show_lists_the_candidates_when_several_match(town):
    _, err = shown(town, "zeng", code=1)
    assert "是不是：曾国藩 #1、曾国荃 #2？" in err and err.startswith("错误：")
    _, err = shown(town, "曾国潘", code=1)  # one character off both, sounds like neither
    assert "找不到人员：曾国潘；是不是：曾国藩 #1、曾国荃 #2？" in err
    row, _ = shown(town, "zgq")  # initials are a prefix: only 曾国荃's are zgq…
    assert row["name"] == "曾国荃"


def test_show_exact_lookups_win_and_never_search(town, monkeypatch):
    import shequ.people.lookup as lookup

    def boom(*_a, **_k):
        raise AssertionError("an exact lookup must not search")

    monkeypatch.setattr(lookup, "candidates", boom)
    for key in ("1", "#1", "曾国藩", ZENG, ZENG.lower()):
        row, err = shown(town, key)
        assert row["id"] == 1 and err == ""
    row, _ = shown(town, "3")
    assert row["name"] == "李四"


def test_show_nobody_and_short_numbers(town):
    _, err = shown(town, "王五", code=1)
    assert "找不到人员：王五" in err and "是不是" not in err
    _, err = shown(town, "99", code=1)  # an id that is not there, not a phone tail
    assert "找不到编号为 99 的人员" in err


def test_household_by_initials(town):
    rows = json.loads(town("people", "household", "zgf", "--json").stdout)
    assert sorted(r["name"] for r in rows) == ["曾国荃", "曾国藩"]
    assert json.loads(town("people", "household", "H2", "--json").stdout)[0]["name"] == "李四"
    assert "是不是：曾国藩 #1、曾国荃 #2？" in town("people", "household", "zeng", code=1).stderr


def test_writes_take_only_exact_people_and_suggest(town, snap):
    eid = town("calendar", "add", "党课", "--date", "2025-03-05").stdout.strip()
    before = snap(town.home)
    err = town("calendar", "done", eid, "--attendee", "zgf", "--attendee", "曾国凡", code=1).stderr
    assert "参加人员：找不到人员：zgf；是不是：曾国藩 #1？" in err
    assert "参加人员：找不到人员：曾国凡；是不是：曾国藩 #1？" in err
    assert "找不到人员：zgf" in town("people", "edit", "zgf", "--note", "x", code=1).stderr
    err = town("record", "add", "demo.item", "--field", "title=t", "--field", "who=曾国", code=1).stderr
    assert "找不到人员：曾国；是不是：曾国藩 #1、曾国荃 #2？" in err
    assert snap(town.home) == before  # nothing was written, nobody was guessed
    town("calendar", "done", eid, "--attendee", ZENG, "--attendee", "李四")
    ev = json.loads(town("calendar", "show", eid, "--json").stdout)
    assert ev["attendees"] == [1, 3] or [a if isinstance(a, int) else a.get("id") for a in ev["attendees"]] == [1, 3]


def test_same_names_are_listed_never_picked(town):
    town("people", "add", "李四")
    eid = town("calendar", "add", "会议", "--date", "2025-03-06").stdout.strip()
    err = town("calendar", "done", eid, "--attendee", "李四", code=1).stderr
    assert "人员“李四”有 2 个同名，是不是：李四 #3、李四 #4？请改用编号" in err
    # A payee of two residents' name used to be booked as an outsider's name: now refused.
    err = town("ledger", "add", "--amount", "5", "--out", "--account", "支出:活动", "--payee", "李四", code=1).stderr
    assert "收付款人：人员“李四”有 2 个同名" in err
    assert json.loads(town("ledger", "list", "--json").stdout) == []


def test_payee_by_name_that_looks_like_a_resident_gets_a_hint(town):
    result = town("ledger", "add", "--amount", "5", "--out", "--account", "支出:活动", "--payee", "曾国凡")
    assert "提示：收付款人“曾国凡”不在花名册中，已按名称记账；是不是：曾国藩 #1？" in result.stderr
    (entry,) = json.loads(town("ledger", "list", "--json").stdout)
    assert entry["payee"] == "曾国凡" and entry["payee_id"] is None
    quiet = town("ledger", "add", "--amount", "5", "--out", "--account", "支出:活动", "--payee", "幸福物业公司")
    assert "提示" not in quiet.stderr
    town("ledger", "add", "--amount", "5", "--out", "--account", "支出:活动", "--payee", ZENG)
    assert json.loads(town("ledger", "list", "--json").stdout)[-1]["payee_id"] == 1


def test_unknown_id_card_is_masked(town):
    other = "110105194912310037"  # valid, nobody has it
    err = town("calendar", "add", "会", "--date", "2025-03-05").stdout.strip()
    err = town("calendar", "done", err, "--attendee", other, code=1).stderr
    assert "找不到身份证号为 110105********0037 的人员" in err and other not in err


def test_plugin_resolve_suggests_and_keeps_its_errors(town):
    from shequ.api import open_home
    from shequ.errors import DataError, NotFound

    town("people", "add", "李四")
    with open_home(town.home, plugins=[]) as ctx:
        assert ctx.people.resolve(ZENG) == 1
        with pytest.raises(NotFound, match="是不是：曾国藩 #1"):
            ctx.people.resolve("zgf")
        with pytest.raises(DataError, match="有 2 个同名"):
            ctx.people.resolve("李四")
