"""``ordered_map``: a pure function over a stream, partly in a forked worker, with the same results.

The worker is forced on (``workers_wanted``) and started at once, so these tests do not depend on
the machine's cores or speed: the first chunk after the start always goes to the worker.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from unittest import mock

import pytest

from shequ.common import forked
from shequ.common.forked import ordered_map

PARENT = os.getpid()


def square(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def forced(function: Any, items: Any, part: Any = lambda i: i, chunk: int = 7) -> list[tuple[Any, Any]]:
    with mock.patch.object(forked, "workers_wanted", lambda: True):
        return list(ordered_map(function, items, part, start_after=3, chunk=chunk))


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_same_results_in_order_and_the_worker_did_some() -> None:
    out = forced(square, range(500))
    assert [item for item, _ in out] == list(range(500))
    assert [r[0] for _, r in out] == [x * x for x in range(500)]
    pids = {r[1] for _, r in out}
    assert PARENT in pids and len(pids) == 2  # the first chunk after the start went to the worker
    assert no_children_left()


def test_the_part_is_what_the_function_gets() -> None:
    rows = [(n, {"name": f"居民{n}"}) for n in range(100)]
    out = forced(lambda raw: raw["name"] + "！", rows, part=lambda row: row[1])
    assert out == [(row, f"居民{row[0]}！") for row in rows]


def test_an_error_in_the_worker_is_raised_here_as_it_would_be() -> None:
    def picky(x: int) -> int:
        if x == 4:  # in the first chunk after the start: the worker's
            raise ValueError("四不行")
        return x

    with pytest.raises(ValueError, match="四不行"):
        forced(picky, range(200))
    assert no_children_left()


def test_a_worker_that_dies_leaves_its_chunks_to_us() -> None:
    def fragile(x: int) -> tuple[int, int]:
        if os.getpid() != PARENT:
            os._exit(9)  # the worker dies on its first chunk
        return x + 1, os.getpid()

    out = forced(fragile, range(300))
    assert [r[0] for _, r in out] == [x + 1 for x in range(300)]
    assert no_children_left()


def test_values_marshal_cannot_carry_stay_here() -> None:
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(60)]  # xlsx cells can be dates
    out = forced(lambda d: (d.isoformat(), os.getpid()), days)
    assert [r[0] for _, r in out] == [d.isoformat() for d in days]
    assert {r[1] for _, r in out} == {PARENT}


def test_stopping_early_ends_the_worker() -> None:
    with mock.patch.object(forked, "workers_wanted", lambda: True):
        stream = ordered_map(square, range(10_000), lambda i: i, start_after=3, chunk=7)
        for n, _ in zip(range(50), stream):
            pass
        stream.close()
    assert no_children_left()


def test_no_worker_when_asked_or_for_short_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEQU_WORKERS", "0")
    assert not forked.workers_wanted()
    out = list(ordered_map(square, range(3000), lambda i: i, start_after=3, chunk=7))
    assert {r[1] for _, r in out} == {PARENT}
    monkeypatch.delenv("SHEQU_WORKERS")
    out = list(ordered_map(square, range(500), lambda i: i))  # under START_AFTER: one process
    assert {r[1] for _, r in out} == {PARENT}


KILLED = """
import os, sys, time
from unittest import mock
from shequ.common import forked

def slow(x):
    time.sleep(0.002)
    return os.getpid()

with mock.patch.object(forked, "workers_wanted", lambda: True):
    for item, pid in forked.ordered_map(slow, range(10**6), lambda i: i, start_after=0, chunk=5):
        if pid != os.getpid():  # the worker answered: it is alive
            print(pid, flush=True)
            time.sleep(0.5)  # it finishes what it has and waits for more
            os.kill(os.getpid(), 9)
"""


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_killed_parent_leaves_no_worker_behind(tmp_path):
    """SIGKILL on an import: its worker sees its input close and ends (it holds the home's lock too)."""
    child_of_killed(KILLED)


def child_of_killed(script: str) -> None:
    """Run *script*, which prints a child's pid and kills itself: the child must end."""
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    child = int(proc.stdout.readline())  # not read to the end: the child holds the pipe while it lives
    assert proc.wait(timeout=120) == -9
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            state = open(f"/proc/{child}/stat").read().rpartition(")")[2].split()[0]
        except FileNotFoundError:
            return
        if state in ("Z", "X"):  # ended; nobody reaps it in some containers
            return
        time.sleep(0.05)
    os.kill(child, 9)
    raise AssertionError(f"child {child} still running")


# --- read_ahead: a stream read by a forked copy, the same items, its failures met here ---

def numbered(n: int, fail_at: int | None = None, only_in_copy: bool = False) -> Any:
    """``again`` for read_ahead: (i, the pid that read it) for i < n, failing at *fail_at*."""
    def again() -> Any:
        for i in range(n):
            if i == fail_at and (not only_in_copy or os.getpid() != PARENT):
                raise ValueError(f"第 {i} 行读不了")
            yield i, os.getpid()
    return again


def ahead(again: Any, long: bool = True) -> list[Any]:
    with mock.patch.object(forked, "workers_wanted", lambda: True):
        return list(forked.read_ahead(iter(again()), again, long=long))


def test_read_ahead_gives_the_same_items_read_by_the_copy() -> None:
    out = ahead(numbered(3000))
    assert [i for i, _ in out] == list(range(3000))
    assert PARENT not in {pid for _, pid in out}  # every one read by the copy
    assert no_children_left()


def test_where_the_copy_fails_we_read_on_from_there() -> None:
    out = ahead(numbered(3000, fail_at=1234, only_in_copy=True))
    assert [i for i, _ in out] == list(range(3000))
    assert PARENT not in {pid for i, pid in out if i < 1000}  # the copy's chunks up to its failure
    assert {pid for i, pid in out if i >= 1234} == {PARENT}
    assert no_children_left()


def test_an_error_of_the_file_is_raised_here_as_it_would_be() -> None:
    got = []
    with pytest.raises(ValueError, match="第 2500 行读不了"), mock.patch.object(forked, "workers_wanted", lambda: True):
        again = numbered(3000, fail_at=2500)
        for item in forked.read_ahead(iter(again()), again, long=True):
            got.append(item[0])
    assert got == list(range(2500))
    assert no_children_left()


def test_a_copy_that_dies_or_values_marshal_cannot_carry_leave_the_reading_to_us() -> None:
    def dying() -> Any:
        for i in range(2000):
            if i == 700 and os.getpid() != PARENT:
                os._exit(9)
            yield i
    assert ahead(dying) == list(range(2000))

    def dated() -> Any:  # an xlsx cell can be a date
        for i in range(2000):
            yield i, dt.date(2025, 1, 1), os.getpid()
    out = ahead(dated)
    assert [i for i, _, _ in out] == list(range(2000)) and {pid for _, _, pid in out} == {PARENT}
    assert no_children_left()


def test_stopping_early_ends_the_copy_and_short_or_unwanted_streams_stay_here(monkeypatch: pytest.MonkeyPatch) -> None:
    again = numbered(10**7)
    with mock.patch.object(forked, "workers_wanted", lambda: True):
        stream = forked.read_ahead(iter(again()), again, long=True)
        assert [i for (i, _), _ in zip(stream, range(10))] == list(range(10))
        stream.close()
    assert no_children_left()
    small = numbered(500)
    assert {pid for _, pid in ahead(small, long=False)} == {PARENT}  # a short stream
    monkeypatch.setenv("SHEQU_WORKERS", "0")
    assert {pid for _, pid in forked.read_ahead(iter(small()), small, long=True)} == {PARENT}


KILLED_READING = """
import os, sys, time
from unittest import mock
from shequ.common import forked

def again():
    i = 0
    while True:
        yield i, os.getpid()
        i += 1

with mock.patch.object(forked, "workers_wanted", lambda: True):
    for i, pid in forked.read_ahead(iter(again()), again, long=True):
        print(pid, flush=True)
        time.sleep(0.5)  # the copy fills the pipe and waits
        os.kill(os.getpid(), 9)
"""


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_killed_parent_leaves_no_reader_behind():
    """SIGKILL on an import of a sheet: its reader's next write fails, and it ends."""
    child_of_killed(KILLED_READING)
