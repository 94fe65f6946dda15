"""A full disk at any byte of a transaction: the command either fails having written nothing, or
succeeds; the change log matches the data either way, and every message says which it was.

The disk is modelled at the store's one choke point for bytes (``write_all``): it takes what
fits (a short write, as a real disk does) and then fails with ENOSPC.  The sweep tries every
page boundary of the transaction's writes and every few bytes of its change-log line, so it is
exhaustive and deterministic; a test on a real, tiny tmpfs follows where the machine allows one.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shequ.store import Home, dumps, init_home, write_temp
from shequ.store import files as store_files
from shequ.store import log as store_log
from shequ.store.home import JOURNAL, RecoveryPending
from shequ.testing import log_matches_data, runner

ROWS = "姓名,性别,出生日期,联系电话\n" + "".join(f"居民{i:02d},{'男女'[i % 2]},19{50 + i}-03-0{1 + i % 9},1380000{i:04d}\n"
                                                   for i in range(20))


class Disk:
    """A disk with *free* bytes left."""

    def __init__(self, free: int) -> None:
        self.free = free
        self.written = 0
        self.refused = False  # did a write not fit?

    def write_all(self, fd: int, payload: bytes) -> None:
        view = memoryview(payload)
        while view:
            if self.free <= 0:
                self.refused = True
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            n = os.write(fd, view[: self.free])
            self.free -= n
            self.written += n
            view = view[n:]


def full_disk(monkeypatch: pytest.MonkeyPatch, free: int) -> Disk:
    disk = Disk(free)
    monkeypatch.setattr(store_files, "write_all", disk.write_all)
    monkeypatch.setattr(store_log, "write_all", disk.write_all)
    return disk


def files_of(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.fixture
def home(tmp_path) -> Home:
    h = Home(tmp_path / "h")
    init_home(h, name="测试", level="社区")
    (tmp_path / "名单.csv").write_text(ROWS, encoding="utf-8")
    return h


@pytest.mark.parametrize("spilled", [False, True], ids=["held", "spilled"])
def test_a_full_disk_at_any_byte_of_an_import_leaves_log_and_data_in_step(home, tmp_path, monkeypatch, spilled):
    """*spilled*: shards of 5 and batches of 3, so the import writes finished shards (and their
    changes) to temp files before its commit, as a 200k-row roster does (store/spill.py)."""
    if spilled:
        from shequ.people import io as people_io
        from shequ.store import shards

        monkeypatch.setattr(shards, "SHARD_SIZE", 5)
        monkeypatch.setattr(people_io, "IMPORT_BATCH", 3)
    pristine = tmp_path / "pristine"
    shutil.copytree(home.path, pristine)
    run = runner(home.path, today="2025-06-30")
    with monkeypatch.context() as m:
        disk = full_disk(m, 1 << 30)
        log_before = home.log_path.stat().st_size
        run("people", "import", str(tmp_path / "名单.csv"))
        total, log_line = disk.written, home.log_path.stat().st_size - log_before
    assert log_line > 1000 and total > 3 * 4096  # the sweep below crosses files, pages and the log line
    budgets = sorted({*range(0, total, 4096), *range(total - log_line, total, max(1, log_line // 16)), total - 1})
    outcomes = {"failed": 0, "done": 0}
    for free in [*budgets, total + 65536]:  # and once with room to spare: it succeeds
        shutil.rmtree(home.path)
        shutil.copytree(pristine, home.path)
        before = files_of(home.path)
        with monkeypatch.context() as m:
            disk = full_disk(m, free)
            result = run("people", "import", str(tmp_path / "名单.csv"), code=None)
        if disk.refused:
            assert result.exit_code == 1, (free, result.stderr)
            assert result.stderr == "错误：写入失败，数据未改动：磁盘空间已满\n", (free, result.stderr)
            assert files_of(home.path) == before, free  # nothing written: no temp file, journal or log line
            outcomes["failed"] += 1
        else:
            assert result.exit_code == 0, result.stderr
            outcomes["done"] += 1
        log_matches_data(home)
        assert len(run("people", "list", "--json").stdout) > 2  # the home works on, with space again
    assert outcomes["done"] >= 1 and outcomes["failed"] >= len(budgets) - 1


def test_a_crash_then_a_full_disk_still_reads_and_says_why_it_cannot_write(home, monkeypatch, capsys):
    """After a crash past the commit point, recovery must append the log entry; with the disk full
    it cannot: reads go on with the data as it was (said on stderr), writes are refused, and
    with space again the next command finishes the transaction."""
    with home.transaction("seed") as s:
        s.put("records", "t", "1", {"a": 1})
    tmp = write_temp(home.path / "records.json", dumps({"t": {"1": {"a": 1}, "2": {"a": 2}}}))
    entry = {"tx": "crashed1", "time": "t", "user": "u", "action": "crashed", "changes": [
        {"area": "records", "table": "t", "id": "2", "before": None, "after": {"a": 2}}]}
    (home.path / JOURNAL).write_bytes(dumps({"files": [[tmp.name, "records.json"]], "log": entry}))
    with monkeypatch.context() as m:
        full_disk(m, 100)
        with home.read() as s:
            assert s.data("records")["t"] == {"1": {"a": 1}}
        assert "上次中断的修改未能补全：磁盘空间已满" in capsys.readouterr().err
        with pytest.raises(RecoveryPending, match="请释放空间后再运行 shequ"):
            with home.transaction("x"):
                pass
        assert "crashed1" not in [e["tx"] for e in home.log_entries()]
    with home.read() as s:  # space again: rolled forward, logged once
        assert s.data("records")["t"] == {"1": {"a": 1}, "2": {"a": 2}}
    assert [e["tx"] for e in home.log_entries()].count("crashed1") == 1
    assert not (home.path / JOURNAL).exists()
    log_matches_data(home)


def test_a_real_full_filesystem(tmp_path):
    """The same on a real 1 MiB tmpfs (needs mount rights: root in a container; skipped elsewhere)."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        env = {**os.environ, "SHEQU_HOME": str(mnt / "h"), "SHEQU_TODAY": "2025-06-30", "SHEQU_LOAD_PLUGINS": ""}
        shequ = [sys.executable, "-m", "shequ"]
        csv = tmp_path / "名单.csv"
        csv.write_text(ROWS, encoding="utf-8")
        filler = mnt / "filler"
        seen = set()
        for leave in range(0, 13 * 4096, 4096):  # every page the import needs, and one more
            shutil.rmtree(mnt / "h", ignore_errors=True)
            filler.unlink(missing_ok=True)
            assert subprocess.run([*shequ, "init", "--name", "测试"], env=env, capture_output=True).returncode == 0
            st = os.statvfs(mnt)
            filler.write_bytes(b"\0" * max(0, st.f_bavail * st.f_frsize - leave))
            done = subprocess.run([*shequ, "people", "import", str(csv)], env=env, capture_output=True, text=True)
            assert "Traceback" not in done.stderr, done.stderr
            assert done.returncode in (0, 1), done.stderr
            if done.returncode:
                assert done.stderr.startswith("错误：") and "磁盘空间已满" in done.stderr, done.stderr
            seen.add(done.returncode)
            filler.unlink()
            log_matches_data(Home(mnt / "h"))
            assert not [p.name for p in (mnt / "h").rglob("*") if ".tmp-" in p.name or p.name == JOURNAL]
        assert seen == {0, 1}
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)
