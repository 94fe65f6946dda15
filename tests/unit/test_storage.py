"""The store: transactions, atomic files, the change log, undo, schema versions, recovery."""

from __future__ import annotations

import json
import os
import stat

import pytest

from shequ.errors import DataError, StoreError
from shequ.store.migrations import SCHEMA_VERSION
from shequ.store import init_home, undo
from shequ.store import JOURNAL, Home, dumps, undo_target, write_temp
from shequ.store.columns import split_columns


@pytest.fixture
def h(tmp_path) -> Home:
    home = Home(tmp_path / "h")
    init_home(home, name="测试", level="社区")
    return home


def put(home: Home, key: str, value: dict, action: str = "put") -> None:
    with home.transaction(action) as s:
        s.data("records").setdefault("t", {})[key] = value


def test_init_is_idempotent_and_files_are_private(tmp_path):
    home = Home(tmp_path / "h")
    created, meta = init_home(home, name="幸福社区", level="村")
    assert created and meta["name"] == "幸福社区" and meta["schema_version"] == SCHEMA_VERSION
    created, meta = init_home(home, name=None, level=None)
    assert not created and meta["level"] == "村"
    for name in ("meta.json", "people.json", "records.json", "changes.jsonl"):
        mode = stat.S_IMODE((home.path / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))


def test_missing_home_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="数据目录不存在"):
        with Home(tmp_path / "nowhere").read():
            pass


def test_transaction_commits_and_logs(h):
    put(h, "1", {"a": 1})
    with h.read() as s:
        assert s.data("records")["t"]["1"] == {"a": 1}
    entry = h.log_entries()[-1]
    assert entry["action"] == "put" and entry["user"] == "测试员"
    assert entry["changes"] == [{"area": "records", "table": "t", "id": "1", "before": None, "after": {"a": 1}}]


def test_failed_transaction_writes_nothing(h):
    put(h, "1", {"a": 1})
    before = {p: b for p, b in data_files(h).items()}
    with pytest.raises(RuntimeError):
        with h.transaction("boom") as s:
            s.data("records")["t"]["1"]["a"] = 2
            s.data("people")["people"] = {"1": {"name": "x"}}
            raise RuntimeError("boom")
    assert data_files(h) == before
    assert not list(h.path.rglob(".*tmp-*"))


def test_a_write_inside_a_read_fails_at_once_instead_of_waiting_on_itself(h):
    with h.read():
        with pytest.raises(RuntimeError, match="读取数据"):
            with h.transaction("x"):
                pass
    with h.transaction("after") as s:  # the read is over: writing works again
        s.put("people", "people", "9", {"name": "甲"})
    assert [e["action"] for e in h.log_entries()].count("after") == 1


def test_no_change_no_write_no_log(h):
    put(h, "1", {"a": 1})
    n = len(h.log_entries())
    before = {p: (h.path / p).stat().st_mtime_ns for p in data_files(h)}
    with h.transaction("noop") as s:
        s.data("records")["t"]["1"] = {"a": 1}
    assert len(h.log_entries()) == n
    assert {p: (h.path / p).stat().st_mtime_ns for p in data_files(h)} == before


SHARD = "records/t.000.json"  # where documents 0–999 of table t live


def data_files(home: Home) -> dict[str, bytes]:
    return {str(p.relative_to(home.path)): p.read_bytes() for p in sorted(home.path.rglob("*.json"))
            if "backups" not in p.parts}


def test_bytes_are_deterministic(h, tmp_path):
    other = Home(tmp_path / "other")
    init_home(other, name="测试", level="社区")
    for home in (h, other):
        put(home, "2", {"名": "张三", "b": [1, 2]})
        put(home, "10", {"a": "1.50"})
    assert data_files(h) == data_files(other)
    assert "张三" in (h.path / SHARD).read_text("utf-8")  # Chinese stays readable


def test_files_stay_owner_only(h):
    put(h, "1", {"a": 1})
    assert stat.S_IMODE((h.path / SHARD).stat().st_mode) == 0o600
    assert stat.S_IMODE((h.path / "records").stat().st_mode) == 0o700
    os.chmod(h.path / SHARD, 0o640)
    put(h, "1", {"a": 2})
    assert stat.S_IMODE((h.path / SHARD).stat().st_mode) == 0o600  # a loosened file is tightened again


def test_undo_reverts_last_then_previous(h):
    put(h, "1", {"a": 1}, "first")
    put(h, "1", {"a": 2}, "second")
    put(h, "2", {"b": 1}, "third")
    entry, _ = undo(h)
    assert entry["action"] == "third"
    entry, _ = undo(h)
    assert entry["action"] == "second"
    with h.read() as s:
        assert s.data("records")["t"] == {"1": {"a": 1}}
    undo(h)
    with h.read() as s:
        assert s.data("records").get("t", {}) == {}  # an emptied table is removed with its shard
    with pytest.raises(DataError, match="没有可以撤销"):
        undo(h)  # init is not undoable


def test_undo_refuses_when_data_moved_on(h):
    put(h, "1", {"a": 1})
    # Edit the file behind shequ's back: the log no longer matches.
    data = json.loads((h.path / SHARD).read_text())
    data["t"]["1"] = {"a": 99}
    (h.path / SHARD).write_text(json.dumps(data))
    with pytest.raises(DataError, match="之后又被修改"):
        undo(h)


def test_undo_target_skips_undone_and_empty():
    entries = [
        {"tx": "a", "changes": [1]},
        {"tx": "b", "changes": [1]},
        {"tx": "c", "changes": [], "reveal": "x"},
        {"tx": "d", "changes": [1], "undoes": "b"},
    ]
    assert undo_target(entries)["tx"] == "a"


def test_newer_schema_is_refused(h):
    meta = json.loads((h.path / "meta.json").read_text())
    meta["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    (h.path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(StoreError, match="更新版本的 shequ"):
        with h.read():
            pass
    with pytest.raises(StoreError, match="更新版本的 shequ"):
        put(h, "1", {})


def test_older_schema_is_migrated_with_a_backup(h):
    meta = json.loads((h.path / "meta.json").read_text())
    meta["meta"]["1"]["schema_version"] = 0
    (h.path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(StoreError, match="需要升级"):
        with h.read():
            pass
    put(h, "1", {"a": 1})  # a write migrates
    with h.read() as s:
        assert s.data("meta")["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert list((h.path / "backups").iterdir())


def test_corrupt_file_is_reported(h):
    (h.path / "records.json").write_text("{broken")
    with pytest.raises(StoreError, match="已损坏"):
        with h.read() as s:
            s.data("records")


def test_stale_temp_files_are_removed(h):
    tmp = write_temp(h.path / "records.json", b"garbage")
    assert tmp.exists()
    with h.read():
        pass
    assert not tmp.exists()


def test_committed_journal_is_rolled_forward(h):
    """A crash after the commit point: the next command finishes the transaction."""
    put(h, "1", {"a": 1})
    new = {"t": {"1": {"a": 1}, "2": {"a": 2}}}
    tmp = write_temp(h.path / "records.json", dumps(new))
    entry = {"tx": "crashed1", "time": "t", "user": "u", "action": "crashed", "changes": [
        {"area": "records", "table": "t", "id": "2", "before": None, "after": {"a": 2}}]}
    (h.path / JOURNAL).write_bytes(dumps({"files": [[tmp.name, "records.json"]], "log": entry}))
    with h.read() as s:
        assert s.data("records")["t"]["2"] == {"a": 2}
    assert not (h.path / JOURNAL).exists()
    assert [e["tx"] for e in h.log_entries()].count("crashed1") == 1
    # Recovering twice never duplicates the log entry.
    (h.path / JOURNAL).write_bytes(dumps({"files": [], "log": entry}))
    with h.read():
        pass
    assert [e["tx"] for e in h.log_entries()].count("crashed1") == 1


@pytest.mark.parametrize("plan", [
    lambda out: {"files": [["../victim.txt", "records.json"]]},  # moves a file from outside in
    lambda out: {"files": [[".records.json.tmp-1-aa", "../victim.txt"]]},  # overwrites outside
    lambda out: {"files": [[".records.json.tmp-1-aa", str(out)]]},  # absolute target
    lambda out: {"files": [["/" + ".records.json.tmp-1-aa", "records.json"]]},  # absolute temp file
    lambda out: {"files": [], "drop": ["../victim.txt"]},
    lambda out: {"files": [], "drop": [str(out)]},
    lambda out: {"files": [], "drop": ["backups/x.json"]},
    lambda out: {"files": [["people/.x.tmp-1", "people/.x"]]},  # hidden file: not the store's
    lambda out: {"files": "records.json"},
    lambda out: {"files": [], "log_file": "../victim.txt"},  # a big entry's line from outside the home
    lambda out: {"files": [], "log_file": str(out)},
    lambda out: {"files": [], "log_file": ".records.json.tmp-1-aa"},  # not a log line's temp file
])
def test_a_planted_journal_moves_and_deletes_nothing(h, tmp_path, plan):
    """Recovery runs on every command, reads included: a journal.json the store did not write
    (a home kept in git or a shared folder) must not touch anything, in or outside the home."""
    victim = tmp_path / "victim.txt"
    victim.write_text("outside the home")
    put(h, "1", {"a": 1})
    (h.path / ".records.json.tmp-1-aa").write_bytes(dumps({"t": {"1": {"a": "forged"}}}))
    entry = {"tx": "forged1", "time": "t", "user": "u", "action": "forged", "changes": []}
    (h.path / JOURNAL).write_bytes(dumps({**plan(victim), "log": entry}))
    before = {p: p.read_bytes() for p in h.path.rglob("*") if p.is_file()}
    with pytest.raises(StoreError, match="journal.json 不是 shequ 写的"):
        with h.read():
            pass
    assert victim.read_text() == "outside the home"
    assert {p: p.read_bytes() for p in h.path.rglob("*") if p.is_file()} == before
    assert "forged1" not in [e["tx"] for e in h.log_entries()]


class Crash(BaseException):
    """A crash between two steps of a commit (BaseException: nothing catches it on the way out)."""


def test_a_big_transaction_logged_before_a_crash_is_logged_once(h, monkeypatch):
    """Recovery knows the entry is there whatever its size (it used to read only the last 1 MiB,
    and logged a 20k-row import twice)."""
    import shequ.store.home as home_module

    put(h, "1", {"a": 1})
    monkeypatch.setattr(home_module.Home, "_apply", lambda self, files, drop: (_ for _ in ()).throw(Crash()))
    with pytest.raises(Crash):
        with h.transaction("big import") as s:
            for i in range(2, 40):
                s.put("records", "t", i, {"text": "长" * 20000 + str(i)})  # a 2 MB log line
    monkeypatch.undo()
    assert (h.path / JOURNAL).exists() and h.log_path.stat().st_size > 2 << 20
    with h.read() as s:  # recovery: moves the files, does not log the transaction again
        assert len(s.view("records")["t"]) == 39
    actions = [e["action"] for e in h.log_entries()]
    assert actions.count("big import") == 1 and not (h.path / JOURNAL).exists()
    undo(h)  # the one entry undoes the whole import
    with h.read() as s:
        assert list(s.view("records")["t"]) == ["1"]


def test_a_crash_before_the_log_append_is_logged_by_recovery(h, monkeypatch):
    import shequ.store.home as home_module

    def die(path, entry):
        raise Crash()

    monkeypatch.setattr(home_module, "append_log", die)
    with pytest.raises(Crash):
        put(h, "7", {"a": 7}, "interrupted")
    monkeypatch.undo()
    with h.read() as s:
        assert s.get("records", "t", 7) == {"a": 7}
    assert [e["action"] for e in h.log_entries()].count("interrupted") == 1


def test_a_document_changed_in_place_through_view_is_never_written_unlogged(h):
    """view() hands out the session's own documents; changing one and put()ting a neighbour in
    the same file used to write the change with no log entry and no undo."""
    with h.transaction("seed") as s:
        s.put("records", "t", 1, {"v": "a"})
        s.put("records", "t", 2, {"v": "b"})
    before = (h.path / "records" / "t.000.json").read_bytes()
    entries = len(h.log_entries())
    with pytest.raises(StoreError, match="编号 1 的记录在事务中被直接改动"):
        with h.transaction("sneaky") as s:
            s.view("records")["t"]["1"]["v"] = "MUTATED"
            s.put("records", "t", 2, {"v": "b2"})
    assert (h.path / "records" / "t.000.json").read_bytes() == before and len(h.log_entries()) == entries
    with h.read() as s:
        assert s.get("records", "t", 1) == {"v": "a"} and s.get("records", "t", 2) == {"v": "b"}


def test_torn_log_tail_is_repaired(h):
    put(h, "1", {"a": 1})
    with open(h.log_path, "ab") as fh:
        fh.write(b'{"tx": "half')
    put(h, "2", {"a": 2})
    lines = h.log_path.read_bytes().splitlines()
    assert all(json.loads(line) for line in lines)


def test_lock_timeout_is_a_clear_error(h, monkeypatch):
    import fcntl

    monkeypatch.setenv("SHEQU_LOCK_TIMEOUT", "0.2")
    fd = os.open(h.path / ".lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(StoreError, match="正被另一个 shequ 进程占用"):
            put(h, "1", {})
    finally:
        os.close(fd)


def test_tracked_put_and_delete_are_logged_exactly(h):
    put(h, "1", {"a": 1})
    with h.transaction("tracked") as s:
        s.put("records", "t", 2, {"b": 2})
        s.put("records", "t", 1, {"a": 5})
        s.delete("records", "t", 2)  # added then deleted in one transaction: no change
        s.view("people")  # read only: not rewritten
    entry = h.log_entries()[-1]
    assert [(c["id"], c["before"], c["after"]) for c in entry["changes"]] == [("1", {"a": 1}, {"a": 5})]


def test_view_mutations_are_neither_written_nor_logged(h):
    n = len(h.log_entries())
    with h.transaction("sneaky") as s:
        s.view("records").setdefault("t", {})["9"] = {"x": 1}
    assert len(h.log_entries()) == n
    with h.read() as s:
        assert "9" not in s.view("records").get("t", {})


def test_nested_in_place_mutation_through_data_is_logged(h):
    with h.transaction("seed") as s:
        s.put("events", "events", 1, {"title": "党课", "attendees": [1]})
    with h.transaction("attend") as s:
        s.data("events")["events"]["1"]["attendees"] += [2]  # data(): changed in place, diffed at commit
    change = h.log_entries()[-1]["changes"][0]
    assert change["before"]["attendees"] == [1] and change["after"]["attendees"] == [1, 2]
    undo(h)
    with h.read() as s:
        assert s.view("events")["events"]["1"]["attendees"] == [1]


def test_read_session_refuses_tracked_writes(h):
    with h.read() as s:
        with pytest.raises(StoreError):
            s.put("records", "t", 1, {})


def test_memo_keeps_answers_for_read_sessions_only(h):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    with h.read() as s:
        assert s.memo("k", compute) == 1 and s.memo("k", compute) == 1
    with h.read() as s:
        assert s.memo("k", compute) == 2  # a new session asks again
    with h.transaction("w") as s:
        assert s.memo("k", compute) == 3 and s.memo("k", compute) == 4  # data may change mid-transaction


def test_one_add_touches_only_its_shard_and_the_head(h):
    """The point of shards: a write rewrites the files it touched, not the area."""
    with h.transaction("bulk") as s:
        for i in range(1, 2501):
            s.put("records", "t", i, {"n": i})
    before = {p: (h.path / p).stat().st_mtime_ns for p in data_files(h)}
    assert sorted(p for p in before if p.startswith("records/")) == [
        "records/t.000.json", "records/t.001.json", "records/t.002.json"]
    with h.transaction("one") as s:
        s.put("records", "t", 1500, {"n": "changed"})
        assert s.get("records", "t", 2) == {"n": 2}
    after = {p: (h.path / p).stat().st_mtime_ns for p in data_files(h)}
    assert [p for p in after if after[p] != before.get(p)] == ["records/t.001.json"]
    with h.transaction("gone") as s:
        for i in range(2000, 2501):
            s.delete("records", "t", i)
    assert not (h.path / "records/t.002.json").exists()  # an emptied shard is removed
    with h.read() as s:
        assert len(s.view("records")["t"]) == 1999 and s.view("records")["t"]["1500"] == {"n": "changed"}
    entry, _ = undo(h)  # undo brings the shard back
    with h.read() as s:
        assert len(s.view("records")["t"]) == 2500


def test_a_shard_holds_one_document_per_line_and_tinydb_reads_it(h):
    """Shards drop the indentation (a quarter of their bytes) but stay one tinydb JSON object."""
    from tinydb import TinyDB

    with h.transaction("bulk") as s:
        for i in (3, 1, 20, 2):
            s.put("records", "t", i, {"名": f"张{i}", "n": i, "a": [i]})
    raw = (h.path / SHARD).read_bytes()
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == "{" and lines[1] == '"t": {' and lines[-2:] == ["}", "}"]
    docs = [json.loads("{" + line.rstrip(",") + "}") for line in lines[2:-2]]
    assert [next(iter(d)) for d in docs] == ["1", "2", "20", "3"]  # sorted as strings, as in the heads
    assert docs[1] == {"2": {"a": [2], "n": 2, "名": "张2"}}  # keys sorted, Chinese readable
    with TinyDB(h.path / SHARD, access_mode="r") as db:
        assert db.table("t").get(doc_id=20) == {"a": [20], "n": 20, "名": "张20"}


def test_an_indented_shard_is_read_and_rewritten_one_document_per_line(h):
    """Shards written with indentation (by hand, or by an earlier shequ) still read; the next
    change in one rewrites it in the current layout and logs only what changed."""
    put(h, "1", {"n": 1})
    indented = dumps({"t": {"1": {"n": 1}, "2": {"n": 2}}})
    (h.path / SHARD).write_bytes(indented)
    with h.read() as s:
        assert s.view("records")["t"] == {"1": {"n": 1}, "2": {"n": 2}}
    with h.transaction("nothing") as s:  # no change, no rewrite
        s.data("records")
    assert (h.path / SHARD).read_bytes() == indented
    with h.transaction("two") as s:
        s.put("records", "t", 2, {"n": "二"})
    assert (h.path / SHARD).read_text("utf-8") == '{\n"t": {\n"1": {"n":1},\n"2": {"n":"二"}\n}\n}\n'
    assert h.log_entries()[-1]["changes"] == [
        {"area": "records", "table": "t", "id": "2", "before": {"n": 2}, "after": {"n": "二"}}]


def test_a_home_written_before_shards_is_read_and_split_on_write(h):
    legacy = {"t": {str(i): {"n": i} for i in range(1, 1201)}, "_seq": {"1": {"next": 1201}}}
    (h.path / "records.json").write_bytes(dumps(legacy))
    with h.read() as s:
        assert len(s.view("records")["t"]) == 1200
    with h.transaction("one") as s:
        s.put("records", "t", 5, {"n": "x"})
    head = json.loads((h.path / "records.json").read_text())
    assert head == {"_seq": {"1": {"next": 1201}}}
    with h.read() as s:
        t = s.view("records")["t"]
        assert len(t) == 1200 and t["5"] == {"n": "x"} and t["1100"] == {"n": 1100}
    assert [e["changes"] for e in h.log_entries() if e["action"] == "one"] == [
        [{"area": "records", "table": "t", "id": "5", "before": {"n": 5}, "after": {"n": "x"}}]]


def test_a_corrupt_shard_is_named(h):
    put(h, "1", {"a": 1})
    (h.path / SHARD).write_text("{broken")
    with pytest.raises(StoreError, match="records/t.000.json"):
        with h.read() as s:
            s.view("records")


from hypothesis import HealthCheck, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule  # noqa: E402

KEYS = st.integers(min_value=1, max_value=3500)  # spans four shards of table t


class ShardedAreaMachine(RuleBasedStateMachine):
    """Random puts, deletes and bulk edits, through every write path, against a plain dict.

    Table t is made columnar (like ``people``) for the run, so the columnar copies
    are held to the documents after every step too.
    """

    def __init__(self) -> None:
        super().__init__()
        import tempfile

        import shequ.store.columns as storage

        self.columnar = storage.COLUMNAR
        storage.COLUMNAR = self.columnar | {("records", "t")}

        self.dir = tempfile.TemporaryDirectory()
        self.home = Home(os.path.join(self.dir.name, "h"))
        init_home(self.home, name="测试", level="社区")
        self.model: dict[str, dict] = {}

    @rule(key=KEYS, value=st.integers(min_value=-(2**53), max_value=2**53))
    def put_one(self, key, value):
        with self.home.transaction("put") as s:
            s.put("records", "t", key, {"v": value})
        self.model[str(key)] = {"v": value}

    @rule(key=KEYS, data=st.data())
    def delete_one(self, key, data):
        if self.model and data.draw(st.booleans()):  # mostly a document that exists
            key = int(data.draw(st.sampled_from(sorted(self.model))))
        with self.home.transaction("delete") as s:
            s.delete("records", "t", key)
        self.model.pop(str(key), None)

    @rule(keys=st.lists(KEYS, max_size=30), value=st.integers(min_value=-(2**53), max_value=2**53))
    def bulk_through_data(self, keys, value):
        with self.home.transaction("bulk") as s:
            t = s.data("records").setdefault("t", {})
            for k in keys:
                if str(k) in t and value % 2:
                    del t[str(k)]
                else:
                    t[str(k)] = {"v": value}
        for k in keys:
            if str(k) in self.model and value % 2:
                del self.model[str(k)]
            else:
                self.model[str(k)] = {"v": value}

    @rule(key=KEYS, value=st.integers(min_value=-(2**53), max_value=2**53))
    def change_a_viewed_document_in_place(self, key, value):
        """A write that changes a document through view() and puts another: refused, nothing written."""
        """Change a document through view() and put another: the in-place change never reaches the
        disk (refused when the put rewrites its file; left in memory otherwise) — the invariant
        below holds the files to the model, which never saw "MUTATED"."""
        if not self.model:
            return
        victim = sorted(self.model)[0]
        try:
            with self.home.transaction("sneaky") as s:
                s.view("records")["t"][victim]["v"] = "MUTATED"
                s.put("records", "t", key, {"v": value})
        except StoreError:
            return
        self.model[str(key)] = {"v": value}

    @rule()
    def undo_last(self):
        entries = [e for e in self.home.log_entries() if e.get("changes")]
        try:
            entry, _ = undo(self.home)
        except DataError:
            return
        for change in reversed(entry["changes"]):
            if change["before"] is None:
                self.model.pop(change["id"], None)
            else:
                self.model[change["id"]] = change["before"]
        assert entries

    @invariant()
    def files_hold_exactly_the_model(self):
        with self.home.read() as s:
            assert s.view("records").get("t", {}) == self.model
        with self.home.read() as s:  # piecemeal reads agree with the whole view
            for k in list(self.model)[:5]:
                assert s.get("records", "t", k) == self.model[k]
        shards = sorted(p.name for p in (self.home.path / "records").glob("*.json")) if (self.home.path / "records").is_dir() else []
        assert shards == sorted({f"t.{int(k) // 1000:03d}.json" for k in self.model})  # no empty or stray shard
        copies = sorted(p.name for p in (self.home.path / "records").glob("*.cols")) if shards else []
        assert copies == [name.replace(".json", ".cols") for name in shards]  # one columnar copy per shard
        with self.home.read() as s:
            ids, cols = s.columns("records", "t")  # every copy matches its shard: no fallback
            in_order = [int(k) for k in s.view("records").get("t", {})]
        assert ids == in_order and dict(cols) == ({"v": [self.model[str(i)]["v"] for i in ids]} if ids else {})

    def teardown(self):
        import shequ.store.columns as storage

        storage.COLUMNAR = self.columnar
        self.dir.cleanup()


TestShardedArea = ShardedAreaMachine.TestCase
TestShardedArea.settings = settings(max_examples=25, stateful_step_count=12, deadline=None,
                                    suppress_health_check=[HealthCheck.too_slow])


def test_a_document_moved_by_hand_to_the_wrong_shard_is_put_back_on_the_next_write(h):
    with h.transaction("bulk") as s:
        for i in (5, 1500):
            s.put("records", "t", i, {"v": i})
    # By hand: document 1500 copied into shard 2, where a stale copy would shadow shard 1.
    stray = h.path / "records" / "t.002.json"
    stray.write_bytes(dumps({"t": {"1500": {"v": "stale"}}}))
    with h.read() as s:
        assert s.view("records")["t"]["1500"] == {"v": 1500}  # the copy in its own shard wins
    with h.transaction("edit") as s:  # a write that touches shard 1 only
        s.put("records", "t", 1500, {"v": "new"})
    with h.read() as s:
        assert s.view("records")["t"] == {"5": {"v": 5}, "1500": {"v": "new"}}
    with h.transaction("whole") as s:  # a write that reads the whole area puts things back
        s.view("records")
        s.put("records", "t", 5, {"v": 6})
    assert not stray.exists()
    with h.read() as s:
        assert s.view("records")["t"] == {"5": {"v": 6}, "1500": {"v": "new"}}
    assert [c["id"] for c in h.log_entries()[-1]["changes"]] == ["5"]  # the clean-up is not a change


def test_mentions_is_a_byte_search_over_every_file_of_an_area(h):
    with h.transaction("bulk") as s:
        s.put("records", "t", 5, {"a": 1})
        s.put("records", "t", 2500, {"removed": True})  # in another shard
    with h.read() as s:
        assert s.mentions("records", b'"removed"') and not s.mentions("records", b'"gone"')
        assert not s.mentions("people", b'"removed"')  # an empty area


@pytest.fixture
def columnar(h, monkeypatch):
    """Home *h* with records table t kept in columns too (as people is)."""
    import shequ.store.columns as storage

    monkeypatch.setattr(storage, "COLUMNAR", storage.COLUMNAR | {("records", "t")})
    with h.transaction("bulk") as s:
        for i in (1, 2, 1500):
            s.put("records", "t", i, {"v": i, "名": f"张{i}"})
    return h


def test_columns_stand_in_for_documents_only_when_every_copy_matches(columnar):
    h = columnar
    with h.read() as s:
        ids, cols = s.columns("records", "t")
        assert ids == [1, 2, 1500] and dict(cols) == {"v": [1, 2, 1500], "名": ["张1", "张2", "张1500"]}
        assert s.view("records")["t"]["2"] == {"v": 2, "名": "张2"}  # the documents are still there to read
    with h.read() as s:
        s.view("records")
        assert s.columns("records", "t") is None  # documents loaded: callers use them
    with h.transaction("nothing") as s:
        assert s.columns("records", "t") is None  # a transaction may have changed documents
    # A shard edited by hand: its copy no longer matches, so it is not believed; the columns are
    # made again from the shard, and the new copy is kept for the next command.
    shard = h.path / "records/t.000.json"
    shard.write_bytes(shard.read_bytes().replace(b'"v":2', b'"v":22'))
    with h.read() as s:
        ids, cols = s.columns("records", "t")
        assert cols["v"] == [1, 22, 1500] and s.view("records")["t"]["2"]["v"] == 22
    assert split_columns((h.path / "records/t.000.cols").read_bytes(), shard.read_bytes()) is not None
    (h.path / "records/t.001.cols").unlink()  # a copy gone (an older shequ wrote the shard)
    with h.transaction("whole") as s:  # a whole-area write refreshes every missing or stale copy
        s.data("records")["t"]["3"] = {"v": 3}
    with h.read() as s:
        ids, cols = s.columns("records", "t")
        assert ids == [1, 2, 3, 1500] and dict(cols) == {"v": [1, 22, 3, 1500], "名": ["张1", "张2", None, "张1500"]}


def test_a_dropped_shard_takes_its_columns_along(columnar):
    h = columnar
    with h.transaction("gone") as s:
        s.delete("records", "t", 1500)
    assert not (h.path / "records/t.001.json").exists() and not (h.path / "records/t.001.cols").exists()
    with h.read() as s:
        ids, cols = s.columns("records", "t")
        assert ids == [1, 2] and dict(cols) == {"v": [1, 2], "名": ["张1", "张2"]}


def test_documents_in_the_head_turn_columns_off(columnar):
    h = columnar
    head = json.loads((h.path / "records.json").read_text("utf-8"))
    head["t"] = {"7": {"v": 7}}  # by hand, outside the shards
    (h.path / "records.json").write_text(json.dumps(head), "utf-8")
    with h.read() as s:
        assert s.columns("records", "t") is None and s.view("records")["t"]["7"] == {"v": 7}


def test_a_damaged_columnar_copy_is_never_believed(columnar):
    """The copy names its shard's CRC and its own body's: an edit to either sends readers to the documents."""
    h = columnar
    copy = h.path / "records/t.000.cols"
    good = copy.read_bytes()
    copy.write_bytes(good.replace(b'"\xe5\xbc\xa02"', b'"\xe6\x9d\x8e2"'))  # 张2 → 李2 in the body only
    assert copy.read_bytes() != good
    with h.read() as s:
        assert s.columns("records", "t")[1]["名"] == ["张1", "张2", "张1500"]  # remade from the shard
    assert copy.read_bytes() == good  # and written back
    copy.write_bytes(b"not json\n")
    with h.read() as s:
        assert s.columns("records", "t")[1]["名"] == ["张1", "张2", "张1500"]
    assert copy.read_bytes() == good


def test_missing_columns_are_made_on_first_use_and_kept(columnar, monkeypatch):
    """A home copied without its ``*.cols`` (or written by an older shequ) reads as fast as ever
    from the second command on; a home that cannot be written still reads, and a damaged
    shard is left to the documents' reader, which names it."""
    from shequ.store import files

    h = columnar
    for copy in (h.path / "records").glob("*.cols"):
        copy.unlink()
    with monkeypatch.context() as m:  # a read-only copy of a home: nothing kept, nothing said
        m.setattr(files, "atomic_write", lambda *a: (_ for _ in ()).throw(OSError(30, "Read-only file system")))
        with h.read() as s:
            assert s.columns("records", "t")[0] == [1, 2, 1500]
    assert not list((h.path / "records").glob("*.cols"))
    with h.read() as s:
        assert s.columns("records", "t")[0] == [1, 2, 1500]
    copies = sorted((h.path / "records").glob("*.cols"))
    assert [c.name for c in copies] == ["t.000.cols", "t.001.cols"]
    assert all(c.stat().st_mode & 0o777 == 0o600 for c in copies)
    (h.path / "records/t.000.cols").unlink()
    (h.path / "records/t.000.json").write_bytes(b'{"t": {"1": ')  # damaged
    with h.read() as s:
        assert s.columns("records", "t") is None
        with pytest.raises(StoreError, match="t.000.json"):
            s.view("records")


def test_table_view_reads_the_head_and_that_tables_shards_only(columnar):
    h = columnar
    with h.transaction("small") as s:
        s.put("records", "cfg", "a", {"x": 1})  # a key that is not a number: lives in the head
        s.put("records", "u", 7, {"y": 7})
    with h.read() as s:
        assert s.table_view("records", "cfg") == {"a": {"x": 1}}
        assert s.table_view("records", "u") == {"7": {"y": 7}}
        assert s.columns("records", "t") is not None  # t's documents were not parsed for that
        assert list(s.table_view("records", "t")) == ["1", "2", "1500"]
        assert s.view("records")["t"]["2"]["v"] == 2


def test_undo_gives_back_the_bytes_it_found(tmp_path):
    """``config set`` then ``undo`` used to leave ``"config": {}`` behind: an emptied table is no table."""
    from shequ.testing import runner

    run = runner(tmp_path / "h")
    run("init")
    before = {p.name: p.read_bytes() for p in (tmp_path / "h").glob("*.json")}
    run("config", "set", "people.fertile_age", "20-49")
    run("people", "add", "张三")
    run("undo")
    run("undo")
    assert {p.name: p.read_bytes() for p in (tmp_path / "h").glob("*.json")} == before


def test_repeated_values_share_one_object_and_lists_are_kept_whole(columnar):
    h = columnar
    with h.transaction("more") as s:
        for i in range(3, 1200):
            s.put("records", "t", i, {"v": i, "g": "女" if i % 2 else "男", "tags": ["低保"] if i % 3 else [],
                                      "名": f"张{i}"})
    with h.read() as s:
        ids, cols = s.columns("records", "t")
        docs = s.view("records")["t"]
        for field in ("g", "tags", "名", "v"):
            assert cols[field] == [docs[str(i)].get(field) for i in ids]
        women = [g for g in cols["g"] if g == "女"]
        assert len(women) > 500 and len({id(g) for g in women}) == 1  # one str, not 600
        assert cols["tags"][2] == ["低保"] and cols["tags"][2] is not cols["tags"][5]  # lists: never shared


def test_columns_read_before_some_documents_stay_in_use(columnar):
    """A ledger query finds its entries in the columns, then reads just their shards: later
    questions still get the columns, not a parse of every shard."""
    h = columnar
    with h.read() as s:
        ids, cols = s.columns("records", "t")
        assert s.get("records", "t", 1500) == {"v": 1500, "名": "张1500"}
        assert s.columns("records", "t") == (ids, cols)
        assert "records/t.000.json" not in s._raw["records"]  # the other shard was never parsed


def test_shards_are_fsynced_before_the_journal_and_columnar_copies_need_not_be(columnar, monkeypatch):
    """A copy is checked against its shard on every read: one a power cut left empty or zeroed
    is made again (below), so its temp file skips the fsync; the shard's never does."""
    import shequ.store.files as store_files

    h = columnar
    opened: list[str] = []
    synced: list[str] = []
    real_temp, real_fsync = store_files._private_temp, store_files.os.fsync

    def private_temp(target, folder=None):
        tmp, fd = real_temp(target, folder)
        opened.append(tmp.name)
        return tmp, fd

    def fsync(fd):
        synced.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))  # what the descriptor is now
        real_fsync(fd)

    with monkeypatch.context() as m:
        m.setattr(store_files, "_private_temp", private_temp)
        m.setattr(store_files.os, "fsync", fsync)
        with h.transaction("more") as s:
            s.put("records", "t", 3, {"v": 3})
    assert any(n.startswith(".t.000.json") for n in opened) and any(n.startswith(".t.000.cols") for n in opened)
    assert any(n.startswith(".t.000.json") for n in synced) and not any(".cols" in n for n in synced)
    (h.path / "records/t.000.cols").write_bytes(b"\0" * 100)  # what a power cut may leave
    with h.read() as s:
        assert s.columns("records", "t")[1]["v"] == [1, 2, 3, 1500]


def test_columns_take_each_shard_as_it_is_read_and_keep_one_buffer_a_field():
    """A 200k register's columns come from ~400 shards: each shard's pieces are let go as it is
    added (one buffer a field, given back whole once parsed; small pieces left holes that a
    200k export's strings never filled), a field some shards lack is None there."""
    from shequ.store.columns import Columns

    shards = [(2, {"v": b"[1,2]", "名": b'["a","b"]'}), (1, {"v": b"[3]"}), (2, {"名": b'["c",null]', "x": b"[true,false]"})]
    cols = Columns()
    for count, lines in shards:
        cols.add(count, lines)
        assert lines == {}  # the shard's pieces: let go
    assert list(cols) == ["v", "x", "名"] and len(cols) == 3 and "x" in cols and "y" not in cols
    assert cols["名"] == ["a", "b", None, "c", None] and cols["x"] == [None] * 3 + [True, False]
    assert cols["v"] == [1, 2, 3, None, None] and cols["名"] is cols["名"]  # parsed once
    assert list(cols) == ["v", "x", "名"] and "名" in cols and not cols._raw  # every field's JSON let go
    with pytest.raises(KeyError):
        cols["y"]
    assert dict(Columns([(1, {"v": b"[7]"})])) == {"v": [7]}
    once = Columns([(2, {"py": b'["li","wang"]'})])  # an export's sort key: read for one use
    assert once.passing("py") == ["li", "wang"] and "py" in once._raw and not once._parsed
    assert once["py"] == ["li", "wang"] and once.passing("py") is once["py"] and not once._raw
