"""Run one function over many files in worker processes, surviving workers that die or hang.

Returned questionnaires are untrusted: whatever a file does to the process reading it (a crash
in a C library, a hang, the kernel killing it for memory) must cost that file only. Each
worker has its own pipe, so the parent always knows which file a worker is on: the first one
it has been given and not answered. A worker that dies is replaced and that file gets a
`Failure("crashed")`; a worker silent on one file for longer than `timeout` is killed and
replaced and the file gets a `Failure("timeout")`; the files it had queued behind it go back
to the queue. `concurrent.futures.ProcessPoolExecutor` cannot do this: one dead worker breaks
the whole pool and loses all pending work.

Files are handed out a few at a time (less messaging per file); results come back one by one
and are collected every few milliseconds (what they carry: `outcomes`).
The outcome list is in the order of `items`, whatever the order of completion.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import select
import selectors
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Generic, Literal, TypeVar

from perfreg_xlsx.reading.outcomes import HEADER, Failure, Packed, dumps, unpack
from perfreg_xlsx.survey import catalogue

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_TIMEOUT = 60.0  # seconds for one file; a real questionnaire takes milliseconds
BATCH = 8  # files handed to a worker at once
_IN_FLIGHT = 4 * BATCH  # files queued at a worker, so it never waits for the parent
# How often the parent collects answers. It wakes early only when a worker ends: woken by
# every answer, it spent more time being woken than the answers cost. A worker is kept at
# least a batch (milliseconds of work per file) ahead, so it does not run dry in between.
_TICK = 0.005
_TAKE = 256  # items taken from a generator of items between two looks at the workers
_PR_SET_PDEATHSIG = 1  # prctl option, from <linux/prctl.h>


def default_jobs() -> int:
    """The number of worker processes by default: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _context() -> Any:
    # fork starts a worker in milliseconds with the modules already imported; spawn elsewhere.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    return mp.get_context(method)


def _worker(
    conn: Connection,
    func: Callable[[Any], Any],
    dumps: Callable[[Any], bytes],
    parent: int,
    definition: catalogue.Catalogue,
) -> None:
    # The survey definition the parent runs under: a forked worker has it already, a spawned
    # one starts with the built-in and would read every file against the wrong questions.
    catalogue.use(definition)
    # Ctrl-C goes to the whole process group: the parent handles it and ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the parent's SIGTERM handler, which raises to clean up the
    # parent's files; here SIGTERM just ends the process (no traceback from the worker).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for index, item in batch:
            try:
                data = HEADER.pack(index, True) + dumps(func(item))
            except Exception as exc:  # the function's own bug: that item's failure, not ours
                data = HEADER.pack(index, False) + type(exc).__name__.encode()
            conn.send_bytes(data)


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the parent ends, however it ends (SIGKILL too):
    a worker hung on a file would otherwise outlive it, never reading the closed pipe."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)


@dataclass
class _Worker:
    proc: Any  # multiprocessing.Process of the chosen context
    conn: Connection
    queued: deque[int] = field(default_factory=deque)  # given, not yet answered, in order
    since: float = 0.0  # when the worker started on queued[0]
    poller: Any = None  # select.poll watching `conn`, where the platform has it

    def __post_init__(self) -> None:
        # `Connection.poll` builds a new selector on every call, which costs the parent more
        # than the answer it then reads; a poll object made once asks the kernel directly.
        if hasattr(select, "poll"):
            self.poller = select.poll()
            self.poller.register(self.conn.fileno(), select.POLLIN)

    def has_answer(self) -> bool:
        """Data (or the end of the pipe) waits in `conn`."""
        if self.poller is None:
            return self.conn.poll()
        return bool(self.poller.poll(0))


@dataclass
class _Run(Generic[T, R]):
    func: Callable[[T], R]
    items: Sequence[T]
    timeout: float
    progress: Callable[[int], None] | None
    dumps: Callable[[Any], bytes]
    jobs: int = 1  # worker processes
    ctx: Any = field(default_factory=_context)
    todo: deque[int] = field(default_factory=deque)
    out: dict[int, R | Failure | Packed] = field(default_factory=dict)
    # One selector for the whole run: `multiprocessing.connection.wait` builds one per call.
    watch: selectors.BaseSelector = field(default_factory=selectors.DefaultSelector)
    # Every worker started, so that an interrupted run ends even one it had not yet recorded.
    started: list[Any] = field(default_factory=list)

    def start(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        args = (child, self.func, self.dumps, os.getpid(), catalogue.current())
        proc = self.ctx.Process(target=_worker, args=args, daemon=True)
        self.started.append(proc)
        proc.start()
        child.close()
        self.watch.register(proc.sentinel, selectors.EVENT_READ)
        return _Worker(proc, parent)

    def stop(self, w: _Worker) -> None:
        """End `w` (killed if it still runs) and forget it."""
        self.watch.unregister(w.proc.sentinel)
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join()
        w.conn.close()
        with contextlib.suppress(ValueError):
            self.started.remove(w.proc)

    def ready(self, timeout: float) -> set[Any]:
        """The sentinels of the workers that ended, waiting up to `timeout` for one."""
        return {key.fileobj for key, _ in self.watch.select(timeout)}

    def feed(self, w: _Worker) -> _Worker:
        """Give `w` more files when it is running short; returns the worker to use."""
        if len(w.queued) > self.depth() - BATCH or not self.todo:
            return w
        if not w.queued and not w.proc.is_alive():
            # Died between files (killed from outside): no file to blame, just replace it.
            self.stop(w)
            w = self.start()
        while len(w.queued) <= self.depth() - BATCH and self.todo:
            batch = [self.todo.popleft() for _ in range(min(BATCH, len(self.todo)))]
            if not w.queued:
                w.since = time.monotonic()
            w.queued.extend(batch)
            # A worker that is gone cannot take it; its death is noticed through its sentinel.
            with contextlib.suppress(OSError):
                w.conn.send([(i, self.items[i]) for i in batch])
        return w

    def depth(self) -> int:
        """How many files a worker may have queued: deep queues keep it busy between the
        parent's ticks; near the end, shallow ones share the last files out evenly."""
        return _IN_FLIGHT if len(self.todo) > _IN_FLIGHT * self.jobs else 2 * BATCH

    def take(self, source: Iterator[T], taken: list[T], count: int) -> bool:
        """Queue up to `count` more items of `source` (kept in `taken`, which `items` is);
        False once `source` is exhausted."""
        for got, item in enumerate(source, start=1):
            self.todo.append(len(taken))
            taken.append(item)
            if got == count:
                return True
        return False

    def done(self, index: int, value: R | Failure | Packed) -> None:
        self.out[index] = value
        if self.progress is not None:
            self.progress(1)

    def drain(self, w: _Worker) -> bool:
        """Take every answer waiting in the pipe; False when the pipe is closed."""
        try:
            while w.has_answer():
                message = w.conn.recv_bytes()
                index, ok = HEADER.unpack_from(message)
                body = message[HEADER.size :]
                if not w.queued or w.queued[0] != index:
                    raise RuntimeError("a worker answered out of order")
                w.queued.popleft()
                w.since = time.monotonic()
                if ok:
                    self.done(index, Packed(body))
                else:  # the body is the name of the exception `func` raised
                    name = body.decode(errors="replace")
                    self.done(index, Failure("error", f"unexpected {name}"))
        except (EOFError, OSError):
            return False
        return True

    def replace(self, w: _Worker, kind: Literal["crashed", "timeout"]) -> _Worker:
        """Blame the file `w` was on, requeue the files behind it, start a new worker."""
        self.stop(w)
        if kind == "timeout":
            failure = Failure(kind, f"reading the file took longer than {self.timeout:g} seconds")
        else:
            failure = Failure(kind, _how_it_ended(w.proc))
        if w.queued:
            self.done(w.queued.popleft(), failure)
            self.todo.extendleft(reversed(w.queued))
        return self.start()


def _how_it_ended(proc: Any) -> str:
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            return f"the reading process was ended by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"the reading process was ended by signal {-code}"
    return f"the reading process ended unexpectedly (exit code {code})"


class Pool(Generic[T, R]):
    """`jobs` worker processes for `func` (none: 0, `func` runs in this process), started
    before the items are known.

    Starting them early keeps them small: a forked worker carries whatever the parent holds
    at that moment, so a pool started before a big folder is listed does not carry the
    listing (ten thousand paths) in each worker's memory.

        with Pool(func, jobs=2) as pool:
            items = list_the_folder()
            outcomes = pool.map(items)
    """

    def __init__(
        self,
        func: Callable[[T], R],
        *,
        jobs: int,
        timeout: float = DEFAULT_TIMEOUT,
        dumps: Callable[[Any], bytes] = dumps,
    ) -> None:
        self.func, self.jobs, self.timeout, self.dumps = func, jobs, timeout, dumps
        self.workers: list[_Worker] = []
        self.run: _Run[T, R] | None = None

    def __enter__(self) -> Pool[T, R]:
        if self.jobs > 0:
            self.run = _Run(self.func, [], self.timeout, None, self.dumps, self.jobs)
            self.workers = [self.run.start() for _ in range(self.jobs)]
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_exc: object) -> None:
        run, workers = self.run, self.workers
        if run is None:
            return
        self.run, self.workers = None, []
        if exc_type is None:  # done: let the workers end on their own
            for w in workers:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
            for w in workers:
                w.proc.join(timeout=1)
        # Interrupted (Ctrl-C, SIGTERM, an error): no worker may outlive the run, not even
        # one started in the middle of the interruption; a worker busy on a file is killed.
        for proc in run.started:
            if proc.pid is not None and proc.exitcode is None:
                proc.kill()
        for proc in run.started:
            if proc.pid is not None:
                proc.join()
        for w in workers:
            w.conn.close()
        run.watch.close()

    def map(
        self, items: Iterable[T], progress: Callable[[int], None] | None = None
    ) -> list[R | Failure]:
        """`func` of every item (a `Failure` where it failed), in the order of `items`."""
        return unpack(self.map_packed(items, progress))

    def map_packed(
        self, items: Iterable[T], progress: Callable[[int], None] | None = None
    ) -> list[R | Failure | Packed]:
        """As `map`, but the workers' answers stay `Packed` until `unpack` (after the pool
        is closed, when the workers' memory is free again).

        `items` may be a generator: it is taken a few hundred at a time while the workers
        already read the first, so a folder can be listed while it is read.
        """
        run = self.run
        if run is None:
            return [_in_process(self.func, item, progress) for item in items]
        source = iter(items)
        taken: list[T] = []
        run.items, run.progress = taken, progress
        run.out = {}
        workers = self.workers
        more = True  # `source` may hold more items
        try:
            while more or len(run.out) < len(taken):
                if more:
                    more = run.take(source, taken, _TAKE)
                workers = [run.feed(w) for w in workers]
                now = time.monotonic()
                deadlines = [w.since + self.timeout - now for w in workers if w.queued]
                # No wait while items are still being taken: the workers have work already.
                wait = 0.0 if more else max(0.0, min([_TICK, *deadlines]))
                ready = run.ready(wait)
                for n, w in enumerate(workers):
                    ended = w.proc.sentinel in ready
                    if not w.queued:
                        if ended:  # between files: nothing to blame, but it must not stay ready
                            workers[n] = run.replace(w, "crashed")
                        continue
                    # Answers sent just before a worker died are still in its pipe: take them
                    # first.
                    open_ = run.drain(w)
                    if ended or not open_:
                        workers[n] = run.replace(w, "crashed")
                    elif w.queued and time.monotonic() - w.since > self.timeout:
                        workers[n] = run.replace(w, "timeout")
        finally:
            self.workers = workers
        return [run.out[i] for i in range(len(taken))]


def map_files(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[int], None] | None = None,
    dumps: Callable[[Any], bytes] = dumps,
) -> list[R | Failure]:
    """`func` applied to every item in `jobs` worker processes; a `Failure` where it failed.

    `func` must be a module-level function (it is pickled where processes are spawned) and
    should return small, picklable values. An exception `func` raises is that item's
    `Failure("error")`. `progress` is called with 1 after each item, in the calling process.
    `dumps` pickles a worker's answers (`pickle.loads` reads them): a caller may pass one
    that writes its values more compactly. `jobs` 1 or less runs `func` in this process.
    """
    workers = 0 if jobs <= 1 else min(jobs, len(items))
    with Pool(func, jobs=workers, timeout=timeout, dumps=dumps) as pool:
        return pool.map(items, progress)


def _in_process(
    func: Callable[[T], R], item: T, progress: Callable[[int], None] | None
) -> R | Failure:
    try:
        value: R | Failure = func(item)
    except Exception as exc:
        value = Failure("error", f"unexpected {type(exc).__name__}")
    if progress is not None:
        progress(1)
    return value
