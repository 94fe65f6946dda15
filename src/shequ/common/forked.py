"""A pure function over a long stream read from a file, on two cores: ``ordered_map``.

An import checks every row (身份证, phones, pinyin, every plugin's ``shequ_validate``): tens of µs
of pure Python a row, more than half of a 20k-row import; reading an xlsx sheet's XML costs about
half as much again.  The check of a row depends on nothing but the row, so the work is shared
with a forked copy of this process, the *worker*:

- the worker reads the rest of the stream itself (its copy of the iterator, at the same row), a
  chunk at a time, and hands each chunk over either checked or not: it checks a chunk when what
  waits unread here keeps this process busy until the worker can send again (``_Queue``, from
  how long the worker takes to read and to check a chunk), else hands it over as it is, for this
  process to check.  Both stay busy, whatever the file;
- this process checks what comes unchecked, and gets the results in the stream's order.

The worker only reads and computes: it never writes the home or prints, and ends with
``os._exit`` when it is done or when this process stops taking its chunks (a write to a closed
pipe fails: this process ending, even by SIGKILL, closes it).  Anything odd in the worker makes
this process do the work itself, so an error surfaces exactly as it would in one process:

- an exception in a chunk's check: the chunk comes unchecked, and this process meets it;
- an exception reading, a value :mod:`marshal` can't carry, or the worker's death: this process
  reads the stream afresh (*again*) and goes on from the item it had got to.

Without ``os.fork``, with one CPU, with ``SHEQU_WORKERS=0`` or for short streams, everything
runs here.
"""

from __future__ import annotations

import marshal
import os
import signal
import struct
from collections import deque
from itertools import chain, islice
from typing import Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Items per message from the worker: small enough to share the work finely, large enough that
#: framing costs nothing.
CHUNK = 250
#: Items read here before the worker is forked: a short stream stays in one process (a fork
#: costs a few ms).  They are computed here after the fork, while the worker reads on.
START_AFTER = 250
#: Bytes the pipe from the worker holds (the default /proc/sys/fs/pipe-max-size): how far the
#: worker may run ahead, checked chunks waiting while this process writes a batch.
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


def ordered_map(function: Callable[[T], R], items: Iterable[T], again: Callable[[], Iterable[T]], *,
                start_after: int | None = None, chunk: int | None = None) -> Iterator[tuple[T, R]]:
    """``(item, function(item))`` for each item, in order.

    *function* must be pure (no writes, no output); it and the items take and give what
    :mod:`marshal` carries (dicts, lists, tuples, str, numbers, bool, None).  *again* makes the
    same items afresh (it reopens the file).  Past *start_after* items, the worker reads the rest
    of *items*: this process never touches *items* again (they share the file's position)."""
    source = iter(items)
    here = START_AFTER if start_after is None else start_after
    head: list[T] = []  # read before the fork, computed after it: the worker reads on meanwhile
    try:
        head.extend(islice(source, here))
    except Exception:  # as without a worker: the items before the bad one, then the error
        yield from ((item, function(item)) for item in head)
        raise
    if len(head) < here or not workers_wanted():  # all of it, or no worker
        for item in chain(head, source):
            yield item, function(item)
        return
    worker = _Worker(function, source, chunk or CHUNK)
    finished = False
    got = 0
    try:
        for item in head:
            yield item, function(item)
            got += 1
        while (message := worker.take()) is not None:
            if not message:  # the end
                finished = True
                return
            block, results = message
            if results is None:
                results = [function(item) for item in block]
            for pair in zip(block, results):
                yield pair
                got += 1
    finally:
        worker.close(finished)
    # The worker failed: read on from where it was, here.
    for item in islice(again(), got, None):
        yield item, function(item)


class _Worker:
    """A forked copy of this process reading *source* on and checking some of its chunks."""

    def __init__(self, function: Callable[[Any], Any], source: Iterator[Any], chunk: int) -> None:
        inp, out = os.pipe()
        _widen(out)
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(inp)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which closes the pipe
            code = 0
            try:
                _serve(function, source, chunk, out)
            except BaseException:
                code = 1
            os._exit(code)
        os.close(out)
        self.pid, self.inp = pid, inp

    def take(self) -> tuple[list[Any], list[Any] | None] | tuple[()] | None:
        """The next chunk ``(items, results or None)``; ``()`` at the end; None if the worker failed."""
        head = self._read(_HEADER.size)
        if len(head) < _HEADER.size:
            return None  # it died
        size = _HEADER.unpack(head)[0]
        body = self._read(size)
        if len(body) < size:
            return None  # it died half way through a message
        status, block, results = marshal.loads(body)
        if status == "ok":
            return block, results
        return () if status == "end" else None

    def _read(self, size: int) -> bytes:
        """*size* bytes (fewer at the end), and not one more: the worker sees from the pipe what we
        have started on (a buffered reader would take the start of its next message too)."""
        data = bytearray()
        while len(data) < size and (got := os.read(self.inp, size - len(data))):
            data += got
        return bytes(data)

    def close(self, finished: bool) -> None:
        os.close(self.inp)
        if not finished:  # stopped early, or it failed: it has nothing more to give
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _serve(function: Callable[[Any], Any], source: Iterator[Any], chunk: int, out: int) -> None:
    """The worker's loop: ``("ok", items, results or None)`` a chunk at a time, then
    ``("end", None, None)``; ``("error", None, None)`` where reading fails."""
    from time import perf_counter

    queue = _Queue(out)
    with os.fdopen(out, "wb") as writer:
        def send(message: tuple[Any, Any, Any]) -> None:
            data = marshal.dumps(message)
            writer.write(_HEADER.pack(len(data)) + data)
            writer.flush()
            queue.sent(len(data) + _HEADER.size, message[2] is None)

        while True:
            start = perf_counter()
            try:
                block = list(islice(source, chunk))
            except Exception:  # the parent reads it again, and says what it is
                send(("error", None, None))
                return
            if not block:
                send(("end", None, None))
                return
            results = None
            now = perf_counter()
            read, start = now - start, now
            if queue.busy(read):  # the parent has enough to do while we check this chunk
                try:
                    results = [function(item) for item in block]
                except Exception:  # the parent checks it, and meets the error there
                    results = None
                queue.checked(perf_counter() - start)
            try:
                send(("ok", block, results))
            except ValueError:  # a value marshal can't carry
                send(("error", None, None))
                return


class _Queue:
    """What the worker sent that the parent has not started on, and what the worker's own work
    takes, to decide who checks the next chunk.

    The parent's time on an unchecked chunk is mostly the check (*C*, timed here on the chunks
    the worker checks), plus what it does with any chunk (taking it, writing: about ``SIDE`` × *C*);
    on a checked chunk, only the latter.  The worker checks the chunk it has just read when what
    waits unread keeps the parent busy until the parent next gets something: the check, and the
    reading of the next chunk (*R*, timed here), less the parent's time on the checked chunk.
    Else it hands the chunk over as it is.  So reading a sheet's XML (*R* about 2/3 of *C*) makes
    the worker check fewer chunks than reading a CSV (*R* a tenth of *C*), and the parent is
    never left waiting while the worker checks."""

    #: The parent's time on a checked chunk, as a share of a chunk's check (measured on 250 roster
    #: rows: 2 ms to take it and 4 ms of batch writes, against 20 ms to check it).
    SIDE = 0.25

    def __init__(self, pipe: int) -> None:
        self.pipe = pipe
        self.written = 0
        self.waiting: deque[tuple[int, bool]] = deque()  # (where it starts, unchecked)
        self.flip = False
        self.reads = [0.0, 0]  # seconds spent reading, chunks read
        self.checks = [0.0, 0]  # … checking, chunks checked

    def sent(self, size: int, unchecked: bool) -> None:
        self.waiting.append((self.written, unchecked))
        self.written += size

    def checked(self, seconds: float) -> None:
        self.checks[0] += seconds
        self.checks[1] += 1

    def busy(self, read: float = 0.0) -> bool:
        """Whether to check the chunk just read (in *read* seconds)."""
        self.reads[0] += read
        self.reads[1] += 1
        unread = _unread(self.pipe)
        if unread is None:  # can't be asked (not Linux): every other chunk
            self.flip = not self.flip
            return self.flip
        taken = self.written - unread  # bytes the parent has read
        while self.waiting and self.waiting[0][0] < taken:  # it has started on these
            self.waiting.popleft()
        unchecked = sum(1 for _, u in self.waiting if u)
        if not self.checks[1]:  # no check timed yet: when two unchecked chunks wait
            return unchecked >= 2
        # On average: a chunk's read varies with where the sheet's XML is cut into parts.
        check, read = self.checks[0] / self.checks[1], self.reads[0] / self.reads[1]
        side = self.SIDE * check
        waits = unchecked * check + len(self.waiting) * side
        return waits >= check + read - side


def _unread(pipe: int) -> int | None:
    """Bytes written to *pipe* that the other end has not read yet; None where that can't be asked."""
    try:
        import fcntl
        import termios

        return int(struct.unpack("i", fcntl.ioctl(pipe, termios.FIONREAD, b"\0\0\0\0"))[0])
    except (ImportError, AttributeError, OSError):
        return None


def _widen(pipe: int) -> None:
    """Let the pipe hold a few chunks (Linux: 64 KiB by default, less than one chunk of roster rows)."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (ImportError, AttributeError, OSError):  # not Linux, or over /proc/sys/fs/pipe-max-size
        pass
