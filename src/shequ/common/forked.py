"""A pure function over a long stream, on a second core: ``ordered_map``; and the reading of a
long stream, by another process: ``read_ahead``.

An import checks every row (身份证, phones, pinyin, every plugin's ``shequ_validate``): ~85 µs of
pure Python a row, half of a 20k-row import.  The check of a row depends on nothing but the row,
so a forked copy of this process can check some rows while this one checks others and writes
the good ones.  The results come back in the stream's order, and are the same as one process
makes (the copy runs the same code on the same state: forked after the plugins loaded).

The worker only computes: it never writes the home or prints, and ends with ``os._exit`` when
its input closes (this process ending, even by SIGKILL, closes it).  Anything odd in the worker
(an exception in a plugin's check, a crash) makes this process check that chunk itself, so an
error surfaces exactly as it would without the worker.  Without ``os.fork``, with one CPU, with
``SHEQU_WORKERS=0`` or for short streams, everything runs here.

``read_ahead`` does the same for reading the rows of a file (an xlsx sheet's XML takes as long to
read as its rows take to check): a forked copy reads them and hands them over; if it fails, this
process reads on from the row the copy stopped at.
"""

from __future__ import annotations

import marshal
import os
import select
import signal
import struct
from collections import deque
from typing import Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Items per message to the worker: small enough to keep both processes busy, large enough
#: that framing costs nothing.
CHUNK = 250
#: Streams shorter than this stay in one process (a fork costs a few ms).
START_AFTER = 1000
#: Chunks this process may compute past the oldest one the worker still has (memory stays bounded
#: when the worker is slow: a busy machine).
AHEAD = 32
#: Chunks the worker may hold at once: enough to keep it busy while this process writes a batch.
IN_FLIGHT = 2
#: Bytes a pipe to or from the worker holds (the default /proc/sys/fs/pipe-max-size).
PIPE_SIZE = 1 << 20
_HEADER = struct.Struct("<Q")


def workers_wanted() -> bool:
    """One worker when this machine has a spare core and the user didn't say ``SHEQU_WORKERS=0``."""
    if os.environ.get("SHEQU_WORKERS", "").strip() == "0" or not hasattr(os, "fork"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return cores > 1


def ordered_map(function: Callable[[Any], R], items: Iterable[T], part: Callable[[T], Any],
                *, start_after: int | None = None, chunk: int | None = None) -> Iterator[tuple[T, R]]:
    """``(item, function(part(item)))`` for each item, in order.

    *function* must be pure (no writes, no output) and take and return what :mod:`marshal`
    carries (dicts, lists, str, numbers, bool, None).  Past *start_after* items, chunks go to a
    forked worker whenever it is idle, and this process computes the others meanwhile."""
    source = iter(items)
    chunk = chunk or CHUNK
    for _ in range(START_AFTER if start_after is None else start_after):
        try:
            item = next(source)
        except StopIteration:
            return
        yield item, function(part(item))
    worker = _Worker(function) if workers_wanted() else None
    if worker is None:
        for item in source:
            yield item, function(part(item))
        return
    # Chunks in stream order: [items, results or None while the worker has them].
    queue: deque[list[Any]] = deque()
    sent: deque[list[Any]] = deque()  # the chunks the worker has, oldest first
    try:
        exhausted = False
        while not exhausted or queue:
            if not exhausted:
                block = _take(source, chunk)
                exhausted = len(block) < chunk
                if block:
                    entry = [block, None]
                    queue.append(entry)
                    if worker.alive and len(sent) < IN_FLIGHT and worker.send([part(i) for i in block]):
                        sent.append(entry)  # keep it busy through our pauses (a spill)
                    else:
                        entry[1] = [function(part(i)) for i in block]
            # Collect what the worker finished; wait for it at the end, or when we ran far ahead.
            while sent and (exhausted or len(queue) > AHEAD or worker.ready()):
                done = sent.popleft()
                got = worker.take()
                done[1] = got if got is not None else [function(part(i)) for i in done[0]]
            while queue and queue[0][1] is not None:
                block, results = queue.popleft()
                yield from zip(block, results)
    finally:
        worker.close()


def read_ahead(items: Iterator[T], again: Callable[[], Iterable[T]], *, long: bool) -> Iterator[T]:
    """*items*, read by a forked copy of this process while this one uses them.

    *again* makes the same items afresh (it reopens the file): the copy reads them from it, and
    should it fail (an exception, a value :mod:`marshal` can't carry, its death), this process
    reads them from *again* too, on from the item the copy stopped at — so the items and any
    error are those of reading here.  A stream that is not *long* (a few hundred items), like
    any when ``ordered_map`` would not fork, is read here, from *items*."""
    if not long or not workers_wanted():
        yield from items
        return
    close = getattr(items, "close", None)
    if close is not None:
        close()  # the copy reads afresh: let go of this reading's file
    inp, out = os.pipe()
    _widen(out)
    pid = os.fork()
    if pid == 0:  # the reader
        os.close(inp)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        code = 0
        try:
            _produce(again, out)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(out)
    got, finished = 0, False
    try:
        with os.fdopen(inp, "rb") as reader:
            while True:
                head = reader.read(8)
                if len(head) < 8:
                    break  # the copy died
                status, value = marshal.loads(reader.read(_HEADER.unpack(head)[0]))
                if status == "end":
                    finished = True
                    break
                if status != "ok":
                    break
                for item in value:
                    yield item
                    got += 1
    finally:
        if not finished:  # stopped early, or it failed: it has nothing more to give
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
    if not finished:
        for n, item in enumerate(again()):
            if n >= got:
                yield item


def _produce(again: Callable[[], Iterable[Any]], out: int) -> None:
    """The reader's loop: ``("ok", items)`` a chunk at a time, then ``("end", None)``, or
    ``("error", None)`` where it fails."""
    with os.fdopen(out, "wb") as writer:
        def send(message: Any) -> None:
            data = marshal.dumps(message)
            writer.write(_HEADER.pack(len(data)) + data)

        chunk: list[Any] = []
        try:
            for item in again():
                chunk.append(item)
                if len(chunk) == CHUNK:
                    send(("ok", chunk))
                    chunk = []
            send(("ok", chunk))
            send(("end", None))
        except BrokenPipeError:
            raise
        except Exception:  # this process's reader meets it, and says what it is
            send(("error", None))


def _take(source: Iterator[T], n: int) -> list[T]:
    out = []
    for item in source:
        out.append(item)
        if len(out) == n:
            break
    return out


class _Worker:
    """A forked copy of this process running *function* over the chunks sent to it."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        for fd in (from_parent, from_child):
            _widen(fd)
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(from_parent)
            os.close(to_parent)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which closes our input
            code = 0
            try:
                _serve(function, to_child, from_child)
            except BaseException:
                code = 1
            os._exit(code)
        os.close(to_child)
        os.close(from_child)
        self.pid, self.out, self.inp = pid, from_parent, to_parent
        os.set_blocking(self.out, False)
        self.alive = True
        self.buffer = bytearray()

    def send(self, items: list[Any]) -> bool:
        """Hand the worker a chunk; False when it can't take it (a value marshal can't carry:
        an xlsx cell's datetime; or the worker is gone)."""
        try:
            data = marshal.dumps(items)
        except ValueError:
            return False
        pending = memoryview(_HEADER.pack(len(data)) + data)
        while pending and self.alive:
            readable, writable, _ = select.select([self.inp], [self.out], [])
            if writable:
                try:
                    pending = pending[os.write(self.out, pending):]
                except BrokenPipeError:
                    self.alive = False
            if readable and not self._read():  # drain its answers so it never waits on us
                self.alive = False
        return self.alive

    def ready(self) -> bool:
        """A whole answer has arrived (reads what is there without waiting)."""
        if select.select([self.inp], [], [], 0)[0]:
            self._read()
        return self._complete()

    def take(self) -> list[Any] | None:
        """The next answer; None when the worker failed on it (or is gone)."""
        while not self._complete():
            if not self._read():
                self.alive = False
                return None
        size = _HEADER.unpack_from(self.buffer)[0]
        body = bytes(self.buffer[8:8 + size])
        del self.buffer[:8 + size]
        status, value = marshal.loads(body)
        if status != "ok":
            return None
        return value  # type: ignore[no-any-return]

    def _complete(self) -> bool:
        return len(self.buffer) >= 8 and len(self.buffer) >= 8 + _HEADER.unpack_from(self.buffer)[0]

    def _read(self) -> bool:
        data = os.read(self.inp, 1 << 20)
        self.buffer += data
        return bool(data)

    def close(self) -> None:
        for fd in (self.out, self.inp):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _widen(pipe: int) -> None:
    """Let the pipe hold a few chunks (Linux: 64 KiB by default, less than one chunk of roster rows),
    so that handing the worker a chunk does not wait for it to finish the one before."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (ImportError, AttributeError, OSError):  # not Linux, or over /proc/sys/fs/pipe-max-size
        pass


def _serve(function: Callable[[Any], Any], inp: int, out: int) -> None:
    """The worker's loop: read a chunk, answer ``("ok", results)`` or ``("error", "")``."""
    with os.fdopen(inp, "rb") as reader, os.fdopen(out, "wb") as writer:
        while True:
            head = reader.read(8)
            if len(head) < 8:
                return
            items = marshal.loads(reader.read(_HEADER.unpack(head)[0]))
            try:
                answer = ("ok", [function(item) for item in items])
                data = marshal.dumps(answer)
            except Exception:  # the parent checks this chunk itself and meets the error there
                data = marshal.dumps(("error", ""))
            writer.write(_HEADER.pack(len(data)) + data)
            writer.flush()
