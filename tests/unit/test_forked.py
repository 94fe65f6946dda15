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
            break
        if state in ("Z", "X"):  # ended; nobody reaps it in some containers
            break
        time.sleep(0.05)
    else:
        os.kill(worker, 9)
        raise AssertionError(f"worker {worker} still running")
