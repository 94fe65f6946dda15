"""A big import writes finished shards before its commit (Session.spill, store/spill.py): the
same files and the same change log as holding every document until the commit, and nothing at
all when the import fails, is killed or meets a full disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shequ.people import io as people_io
from shequ.store import Home, init_home, shards
from shequ.store.files import TMP_MARK
from shequ.store.home import JOURNAL
from shequ.store.session import Session
from shequ.testing import log_matches_data, runner

ROWS = "姓名,性别,出生日期,联系电话,身份证号\n" + "".join(
    f"居民{i:02d},{'男女'[i % 2]},19{50 + i % 40}-03-0{1 + i % 9},1380000{i:04d},\n" for i in range(37))


@pytest.fixture
def small_shards(monkeypatch):
    """Shards of 5 documents and batches of 3 rows: 37 rows spill six shards."""
    from shequ.people import model

    monkeypatch.setattr(shards, "SHARD_SIZE", 5)
    monkeypatch.setattr(people_io, "IMPORT_BATCH", 3)
    for module in (people_io, model):  # two homes made a second apart hold the same documents
        monkeypatch.setattr(module, "now_iso", lambda: "2025-06-30T09:00:00+08:00")


def home_with_two(path: Path) -> Home:
    home = Home(path)
    init_home(home, name="测试", level="社区")
    run = runner(home.path, today="2025-06-30")
    run("people", "add", "老住户甲", "--phone", "13900000001")
    run("people", "add", "老住户乙", "--phone", "13900000002")
    return home


def files_of(home: Path, log: bool = True) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*"))
            if p.is_file() and p.name != ".lock" and (log or p.name != "changes.jsonl")}


def test_a_spilled_import_writes_what_a_held_one_writes(tmp_path, small_shards, monkeypatch):
    roster = tmp_path / "名单.csv"
    roster.write_text(ROWS, encoding="utf-8")
    spilled, held = home_with_two(tmp_path / "a"), home_with_two(tmp_path / "b")
    written = []
    real = Session.spill
    monkeypatch.setattr(Session, "spill", lambda self, *a, **k: written.append(real(self, *a, **k)) or written[-1])
    runner(spilled.path, today="2025-06-30")("people", "import", str(roster))
    assert sum(written) >= 30  # most rows went to disk before the commit
    monkeypatch.setattr(Session, "spill", lambda self, *a, **k: 0)
    runner(held.path, today="2025-06-30")("people", "import", str(roster))
    assert files_of(spilled.path, log=False) == files_of(held.path, log=False)
    assert sorted(p for p in files_of(spilled.path) if p.startswith("people/")) == [
        f"people/people.{n:03d}.{ext}" for n in range(8) for ext in ("cols", "json")]
    a, b = spilled.log_entries()[-1], held.log_entries()[-1]
    key = lambda c: (c["area"], c["table"], int(c["id"]) if c["id"].isdigit() else -1)  # noqa: E731
    assert sorted(a["changes"], key=key) == sorted(b["changes"], key=key) and len(a["changes"]) == 38  # 37 + the counter
    assert {k: v for k, v in a.items() if k not in ("changes", "tx", "time")} == \
           {k: v for k, v in b.items() if k not in ("changes", "tx", "time")}
    log_matches_data(spilled)
    assert not [p for p in spilled.path.rglob("*") if TMP_MARK in p.name]


def test_a_bad_row_after_spilled_shards_writes_nothing(tmp_path, small_shards):
    home = home_with_two(tmp_path / "h")
    roster = tmp_path / "名单.csv"
    roster.write_text(ROWS + "坏行,男,1950-13-45,12,\n", encoding="utf-8")
    before = files_of(home.path)
    result = runner(home.path, today="2025-06-30")("people", "import", str(roster), code=1)
    assert "导入失败，未写入任何数据" in result.stderr and "第 39 行" in result.stderr
    assert files_of(home.path) == before  # no shard, no temp file, no log line


class Killed(BaseException):
    """The process dying at this point (nothing after it runs)."""


@pytest.mark.parametrize("at", ["after the journal", "after the log line"])
def test_an_import_killed_past_its_journal_is_finished_by_the_next_command(tmp_path, small_shards, monkeypatch, at):
    home = home_with_two(tmp_path / "h")
    reference = tmp_path / "ref"
    shutil.copytree(home.path, reference)
    roster = tmp_path / "名单.csv"
    roster.write_text(ROWS, encoding="utf-8")
    runner(reference, today="2025-06-30")("people", "import", str(roster))
    from shequ.store import home as store_home

    real_append = store_home.append_log_file

    def die(*args):
        if at == "after the log line":
            real_append(*args)
        raise Killed

    monkeypatch.setattr(store_home, "append_log_file", die)
    with pytest.raises(Killed):
        runner(home.path, today="2025-06-30")("people", "import", str(roster), code=None)
    assert (home.path / JOURNAL).exists() and [p for p in home.path.rglob("*") if TMP_MARK in p.name]
    monkeypatch.setattr(store_home, "append_log_file", real_append)
    with Home(home.path).read() as s:  # recovery: the log line appended once, the shards moved in place
        assert len(s.view("people")["people"]) == 39
    assert files_of(home.path, log=False) == files_of(reference, log=False)
    assert [e["action"].startswith("people import") for e in home.log_entries()].count(True) == 1
    log_matches_data(home)
    assert not [p for p in home.path.rglob("*") if TMP_MARK in p.name] and not (home.path / JOURNAL).exists()


def test_a_reimport_matches_rows_against_the_columns_not_every_resident(tmp_path, small_shards, monkeypatch):
    """Re-importing the monthly roster into a big register: each row is matched (身份证, or
    姓名+出生日期 …) and compared with the person as stored, read from the register's columns —
    the same outcome as from the documents, without loading every resident."""
    roster = tmp_path / "名单.csv"
    roster.write_text(ROWS, encoding="utf-8")
    changed = tmp_path / "变动.csv"  # one row brings a new phone, one is new, the rest as before
    changed.write_text(ROWS.replace("13800000005", "13911112222") + "新居民,女,1990-01-01,13800009999,\n",
                       encoding="utf-8")
    outcomes = []
    for how in ("columns", "documents"):
        home = home_with_two(tmp_path / how)
        run = runner(home.path, today="2025-06-30")
        run("people", "import", str(roster))
        viewed = []
        real_view = Session.view
        with monkeypatch.context() as m:
            m.setattr(Session, "view", lambda self, area: (viewed.append(area), real_view(self, area))[1])
            if how == "documents":
                m.setattr(Session, "columns", lambda self, *a, **k: None)
            again = run("people", "import", str(roster))
            update = run("people", "import", str(changed), "--on-duplicate", "update")
        assert ("people" in viewed) == (how == "documents"), viewed
        outcomes.append((again.stderr, update.stderr, files_of(home.path, log=False)))
        log_matches_data(home)
    assert "跳过已登记 37 人" in outcomes[0][0] and "新增 1 人，更新 1 人，跳过已登记 36 人" in outcomes[0][1]
    assert outcomes[0] == outcomes[1]


def test_a_spilled_import_is_undone_like_any_other(tmp_path, small_shards):
    home = home_with_two(tmp_path / "h")
    before = {k: v for k, v in files_of(home.path).items() if k.endswith(".json") and k != "meta.json"}
    roster = tmp_path / "名单.csv"
    roster.write_text(ROWS, encoding="utf-8")
    run = runner(home.path, today="2025-06-30")
    run("people", "import", str(roster))
    run("undo")
    with home.read() as s:
        assert sorted(s.view("people")["people"]) == ["1", "2"]
    after = {k: v for k, v in files_of(home.path).items() if k.endswith(".json") and k != "meta.json"}
    assert {k: v for k, v in after.items() if k != "people.json"} == {k: v for k, v in before.items() if k != "people.json"}
    log_matches_data(home)


def test_a_failed_first_import_leaves_no_shard_folder(tmp_path, small_shards):
    """The first residents' shard folder, made for the early shards, goes with them."""
    home = Home(tmp_path / "h")
    init_home(home, name="测试", level="社区")
    roster = tmp_path / "名单.csv"
    roster.write_text(ROWS + "坏行,男,1950-13-45,12,\n", encoding="utf-8")
    before = sorted(p.relative_to(home.path) for p in home.path.rglob("*") if p.name != ".lock")
    runner(home.path, today="2025-06-30")("people", "import", str(roster), code=1)
    assert sorted(p.relative_to(home.path) for p in home.path.rglob("*") if p.name != ".lock") == before


def test_put_run_writes_what_puts_write(tmp_path, small_shards):
    """An import's batch put in one call (Session.put_run): the same files and the same log as a
    put a document, across shard boundaries and into a shard that already has people."""
    homes = [home_with_two(tmp_path / name) for name in ("run", "one")]
    docs = [{"name": f"居民{n}", "_created": "x", "_updated": "x"} for n in range(12)]
    for home, whole in zip(homes, (True, False)):
        with home.transaction("import") as session:
            first = session.next_id("people", len(docs))
            if whole:
                session.put_run("people", "people", first, [dict(d) for d in docs])
            else:
                for n, doc in enumerate(docs):
                    session.put("people", "people", first + n, dict(doc))
    assert files_of(homes[0].path, log=False) == files_of(homes[1].path, log=False)
    assert homes[0].log_entries()[-1]["changes"] == homes[1].log_entries()[-1]["changes"]
    assert len({p for p in files_of(homes[0].path) if p.startswith("people/") and p.endswith(".json")}) == 3
    log_matches_data(homes[0])


def test_put_run_refuses_a_spilled_shard(tmp_path, small_shards):
    from shequ.errors import StoreError

    home = home_with_two(tmp_path / "h")
    with pytest.raises(StoreError, match="提前写出"):
        with home.transaction("import") as session:
            session.put_run("people", "people", 10, [{"name": f"居民{n}"} for n in range(5)])
            session.spill("people", "people", below=15)
            session.put_run("people", "people", 12, [{"name": "又一位"}])
    assert len(files_of(home.path, log=False)) == len(files_of(home_with_two(tmp_path / "b").path, log=False))


_values = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                       max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(docs=st.dictionaries(st.integers(1, 5000).map(str), st.dictionaries(st.text(max_size=6), _values, max_size=5),
                            min_size=1, max_size=12))
def test_added_changes_are_the_change_log_lines(docs):
    """A spilled shard's change lines come from its documents' JSON: the bytes change_json makes."""
    from shequ.store.files import doc_lines
    from shequ.store.shards import Change, id_key
    from shequ.store.spill import added_json, change_json

    expected = b",".join(change_json(Change("people", "people", k, None, docs[k])) for k in sorted(docs, key=id_key))
    assert added_json("people", "people", doc_lines(docs)) == expected


@settings(max_examples=200, deadline=None)
@given(docs=st.dictionaries(st.integers(1, 5000).map(str), st.dictionaries(st.text(max_size=6), _values, max_size=5),
                            min_size=1, max_size=12))
def test_a_spilled_shards_columns_are_those_of_its_bytes(docs):
    """A spilled shard's columnar copy is made from the documents it was just made from, not
    parsed back: the same bytes as parsing them."""
    from shequ.store.columns import dumps_columns
    from shequ.store.files import dumps_shard

    shard = dumps_shard({"people": docs})
    assert dumps_columns("people/people.000.json", shard, docs) == dumps_columns("people/people.000.json", shard)
