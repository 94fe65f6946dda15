"""``ordered_map``: a pure function over a stream, the rest of the stream read (and partly
computed) by a forked worker, with the same results as one process.

The worker is forced on (``workers_wanted``), starts after three items, and is told whether the
parent is busy (``_Queue.busy``), so these tests do not depend on the machine's cores or speed.
The policy itself is tested on its own, with the pipe's unread bytes given.
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


def forced(function: Any, again: Any, *, busy: bool = True, chunk: int = 7) -> list[tuple[Any, Any]]:
    """``ordered_map`` over ``again()``, the worker forced on; it computes every chunk (*busy*)
    or hands every one over."""
    with mock.patch.object(forked, "workers_wanted", lambda: True), \
            mock.patch.object(forked._Queue, "busy", lambda self, read=0.0: busy):
        return list(ordered_map(function, again(), again, start_after=3, chunk=chunk))


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_same_results_in_order_computed_by_the_worker_when_we_are_busy() -> None:
    out = forced(square, lambda: range(500))
    assert out == [(x, (x * x, r[1])) for x, r in out] and [x for x, _ in out] == list(range(500))
    assert {r[1] for x, r in out if x < 3} == {PARENT}
    assert PARENT not in {r[1] for x, r in out if x >= 3}  # every chunk after the start
    assert no_children_left()


def test_chunks_handed_over_are_computed_here() -> None:
    out = forced(square, lambda: range(500), busy=False)
    assert [r for _, r in out] == [(x * x, PARENT) for x in range(500)]
    assert no_children_left()


def test_the_worker_reads_the_rest_of_the_stream_itself() -> None:
    def rows() -> Any:
        for n in range(100):
            yield n, os.getpid()  # who read it

    out = forced(lambda row: row[0] + 1, rows, busy=False)
    assert [row[0] for row, _ in out] == list(range(100)) and [r for _, r in out] == list(range(1, 101))
    assert {row[1] for row, _ in out if row[0] < 3} == {PARENT}
    assert PARENT not in {row[1] for row, _ in out if row[0] >= 3}


def test_an_error_in_the_workers_check_is_raised_here_as_it_would_be() -> None:
    def picky(x: int) -> int:
        if x == 4:  # in the first chunk after the start: the worker's
            raise ValueError("四不行")
        return x

    with pytest.raises(ValueError, match="四不行"):
        forced(picky, lambda: range(200))
    assert no_children_left()


def numbered(n: int, fail_at: int | None = None, only_in_worker: bool = False) -> Any:
    """``again``: (i, the pid that read it) for i < n, failing at *fail_at*."""
    def again() -> Any:
        for i in range(n):
            if i == fail_at and (not only_in_worker or os.getpid() != PARENT):
                raise ValueError(f"第 {i} 行读不了")
            yield i, os.getpid()
    return again


def test_where_the_worker_fails_to_read_we_read_on_from_there() -> None:
    out = forced(lambda row: row[0], numbered(3000, fail_at=1234, only_in_worker=True))
    assert [r for _, r in out] == list(range(3000))
    assert PARENT not in {row[1] for row, _ in out if 3 <= row[0] < 1200}  # the worker's, up to its failure
    assert {row[1] for row, _ in out if row[0] >= 1234} == {PARENT}  # read here, from the row it stopped at
    assert no_children_left()


def test_an_error_of_the_file_is_raised_here_as_it_would_be() -> None:
    got = []
    again = numbered(3000, fail_at=2500)
    with pytest.raises(ValueError, match="第 2500 行读不了"), mock.patch.object(forked, "workers_wanted", lambda: True):
        for item, _ in ordered_map(lambda row: row, again(), again, start_after=3, chunk=7):
            got.append(item[0])
    assert got == list(range(2500))
    assert no_children_left()


def test_the_first_items_are_computed_after_the_fork_while_the_worker_reads_on() -> None:
    """The items read before the fork are computed after it (the worker reads meanwhile); an
    error reading them comes after the items before it, as without a worker."""
    seen = []

    def function(row: Any) -> Any:
        seen.append(row[0])
        try:  # a child, alive or not (not reaped: WNOWAIT)
            os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return os.getpid(), 0
        return os.getpid(), 1

    with mock.patch.object(forked, "workers_wanted", lambda: True):
        out = list(ordered_map(function, numbered(20)(), numbered(20), start_after=5, chunk=4))
    assert [item[0] for item, _ in out] == list(range(20))
    assert [children for _, (_, children) in out[:5]] == [1] * 5  # the worker was there already
    got = []
    again = numbered(3000, fail_at=2)
    with pytest.raises(ValueError, match="第 2 行读不了"), mock.patch.object(forked, "workers_wanted", lambda: True):
        for item, _ in ordered_map(lambda row: row, again(), again, start_after=5, chunk=4):
            got.append(item[0])
    assert got == [0, 1]
    assert no_children_left()


def test_a_worker_that_dies_or_values_marshal_cannot_carry_leave_the_work_to_us() -> None:
    def dying() -> Any:
        for i in range(2000):
            if i == 700 and os.getpid() != PARENT:
                os._exit(9)
            yield i
    out = forced(square, dying)
    assert [x for x, _ in out] == list(range(2000)) and [r[0] for _, r in out] == [x * x for x in range(2000)]
    assert {r[1] for x, r in out if x >= 700} == {PARENT}  # read and computed here once it died

    def dated() -> Any:  # an xlsx cell can be a date
        for i in range(60):
            yield dt.date(2025, 1, 1) + dt.timedelta(days=i)
    out = forced(lambda d: (d.isoformat(), os.getpid()), dated)
    assert [r for _, r in out] == [((dt.date(2025, 1, 1) + dt.timedelta(days=i)).isoformat(), PARENT) for i in range(60)]
    assert no_children_left()


def test_a_worker_that_dies_half_way_through_a_message_leaves_the_work_to_us(monkeypatch: pytest.MonkeyPatch) -> None:
    def cut_short(function: Any, source: Any, chunk: int, out: int) -> None:
        os.write(out, forked._HEADER.pack(1000) + b"\x00" * 10)  # a message that never ends

    monkeypatch.setattr(forked, "_serve", cut_short)
    assert [r for _, r in forced(square, lambda: range(50))] == [(x * x, PARENT) for x in range(50)]
    assert no_children_left()


def test_stopping_early_ends_the_worker() -> None:
    again = numbered(10**7)
    with mock.patch.object(forked, "workers_wanted", lambda: True):
        stream = ordered_map(lambda row: row, again(), again, start_after=3, chunk=7)
        assert [item[0] for (item, _), _ in zip(stream, range(50))] == list(range(50))
        stream.close()
    assert no_children_left()


def test_no_worker_when_asked_or_for_short_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEQU_WORKERS", "0")
    assert not forked.workers_wanted()
    out = list(ordered_map(square, range(3000), lambda: range(3000), start_after=3, chunk=7))
    assert {r[1] for _, r in out} == {PARENT}
    monkeypatch.delenv("SHEQU_WORKERS")
    out = list(ordered_map(square, range(forked.START_AFTER), lambda: range(forked.START_AFTER)))
    assert {r[1] for _, r in out} == {PARENT}  # nothing left for a worker: no fork


def test_the_worker_computes_a_chunk_when_what_waits_unread_keeps_us_busy_until_it_sends_again() -> None:
    """The worker checks the chunk it has read when what waits unread keeps the parent busy while it
    checks that chunk and reads the next: an unchecked chunk costs the parent a check and a quarter
    (taking it, writing), a checked one a quarter.  The times are the worker's own, on average."""
    queue = forked._Queue(pipe=-1)
    unread = [0]
    with mock.patch.object(forked, "_unread", lambda pipe: unread[0]):
        assert not queue.busy(read=0.001)  # nothing sent
        queue.sent(100, unchecked=True)
        unread[0] = 100
        assert not queue.busy(read=0.001)  # no check timed yet: only when two unchecked chunks wait
        queue.sent(100, unchecked=True)
        unread[0] = 200
        assert queue.busy(read=0.001)
        queue.checked(0.020)  # a check takes 20 ms; reads take 1 ms
        queue.sent(100, unchecked=False)
        unread[0] = 200  # the parent has started on the first: one unchecked and one checked wait
        assert queue.busy(read=0.001)  # 25 + 5 ms ≥ 20 + 1 - 5
        unread[0] = 100  # only the checked one waits
        assert not queue.busy(read=0.001)  # 5 ms < 16
        # Reading costs as much as checking (a sheet's XML): one unchecked chunk is not enough.
        slow = forked._Queue(pipe=-1)
        slow.checked(0.020)
        slow.sent(100, unchecked=True)
        unread[0] = 100
        assert slow.busy(read=0.001)  # 25 ms ≥ 16
        assert not slow.busy(read=0.069)  # reads average 35 ms: 25 < 50
        slow.sent(100, unchecked=True)
        unread[0] = 200
        assert slow.busy(read=0.032)  # two: 50 ≥ 49
    with mock.patch.object(forked, "_unread", lambda pipe: None):  # can't be asked: every other chunk
        assert [queue.busy() for _ in range(4)] == [True, False, True, False]


KILLED = """
import os, sys, time
from unittest import mock
from shequ.common import forked

def rows():
    i = 0
    while True:
        yield i, os.getpid()
        i += 1

with mock.patch.object(forked, "workers_wanted", lambda: True):
    for (i, reader), _ in forked.ordered_map(lambda row: row, rows(), rows, start_after=3, chunk=5):
        if reader != os.getpid():  # the worker's: it is alive
            print(reader, flush=True)
            time.sleep(0.5)  # it fills the pipe and waits
            os.kill(os.getpid(), 9)
"""


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_killed_parent_leaves_no_worker_behind():
    """SIGKILL on an import: its worker's next write fails, and it ends (it holds the home's lock too)."""
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-c", KILLED], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    worker = int(proc.stdout.readline())  # not read to the end: the worker holds the pipe while it lives
    assert proc.wait(timeout=120) == -9
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            state = open(f"/proc/{worker}/stat").read().rpartition(")")[2].split()[0]
        except FileNotFoundError:
            return
        if state in ("Z", "X"):  # ended; nobody reaps it in some containers
            return
        time.sleep(0.05)
    os.kill(worker, 9)
    raise AssertionError(f"worker {worker} still running")
