"""Reading many files on every core, each within a time budget.

Files are taken from an iterator as workers need them, so discovery (listing, a look at each
file's first bytes) goes on in the parent while the workers read: each worker reads a file's
bytes once, hashes them and reads from memory (:mod:`xhht_cli.read.source`), and its sha256
and settled kind come back with its reports. A worker that takes longer than the budget on
one file (or dies on it) is stopped and replaced; that file becomes a finding and the rest of
its chunk is read by the new worker. Results come back a chunk at a time, in the compact form
of :func:`xhht_cli.read.wire.to_wire`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import time
from collections.abc import Callable, Iterable
from itertools import islice
from multiprocessing.connection import Connection
from typing import Any

from xhht_cli.base.lifetime import as_child, check, detach_stdio
from xhht_cli.plans import Plan
from xhht_cli.read import FileRead, Known, read_source
from xhht_cli.read.contain import contain
from xhht_cli.read.damage import out_of_memory
from xhht_cli.read.discover import InputFile
from xhht_cli.read.limits import Limits
from xhht_cli.read.source import load
from xhht_cli.read.wire import Wire, from_wire, to_wire
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report

Outcome = tuple[list[Report], list[Finding]]
# A file as the worker read it: its sha256, kind and reason (see discover.InputFile).
Identity = tuple[str, str, str | None]
Progress = Callable[[int, int], None]
IDLE = -1


def start_method() -> str:
    """``fork`` on Linux (the plan and limits are inherited, not sent); elsewhere ``spawn``:
    Windows has no fork, and macOS's system libraries are not safe in a forked child. Under
    spawn every worker argument is pickled and ``_work`` imported by name."""
    forks = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
    return "fork" if forks else "spawn"


def _work(
    slot: int,
    plan: Plan,
    limits: Limits,
    known: Known,
    inbox: Connection,
    outbox: Any,
    current: Any,
    started: Any,
    digests: Any,
) -> None:
    """A worker: read the chunks of files it is sent; say which file it is on, since when,
    and (once hashed) the sha256 of its content, for the finding if it has to be stopped.

    It ends with the run (xhht_cli/lifetime.py): it closes the pipes it inherited and does not
    use (under fork: every worker's sending end, its own included, so that the end of the
    parent is the end of its pipe), and holds none of the caller's standard streams."""
    for sender in _SENDERS:  # empty under spawn: nothing is inherited
        sender.close()
    as_child()
    detach_stdio(keep_stderr=True)  # stderr: contain() keeps it only with --verbose
    contain(limits.worker_mb)
    here = slice(slot * 32, slot * 32 + 32)
    pause = _test_pause()
    while True:
        try:
            chunk = inbox.recv()
        except EOFError:  # the parent is gone
            return
        if chunk is None:
            return
        done: list[tuple[int, tuple[list[Wire], list[Finding], Identity]]] = []
        for index, file in chunk:
            digests[here] = _NO_DIGEST
            started[slot] = time.monotonic()
            current[slot] = index
            if pause:
                time.sleep(pause)
            source = load(file, limits)
            if source.file.sha256:
                digests[here] = bytes.fromhex(source.file.sha256)
            read = read_source(source, plan, limits, known)
            wires = [to_wire(r) for r in read.reports]
            identity = (read.file.sha256, read.file.kind, read.file.reason)
            done.append((index, (wires, read.findings, identity)))
        current[slot] = IDLE
        outbox.put((slot, done))


_NO_DIGEST = bytes(32)


def _test_pause() -> float:
    """Seconds a worker waits before each file, from ``XHHT_TEST_SLOW_READ``: only the tests
    set it, to stop a run in the middle of its reading without a large corpus."""
    try:
        return max(0.0, float(os.environ.get("XHHT_TEST_SLOW_READ", "0")))
    except ValueError:
        return 0.0


# The parent's sending ends of the workers' pipes: a worker forked later closes them all.
_SENDERS: list[Connection] = []


class _Worker:
    def __init__(self, ctx: Any, slot: int, args: tuple[Any, ...]) -> None:
        inbox, self.sender = ctx.Pipe(duplex=False)
        _SENDERS.append(self.sender)
        self.process = ctx.Process(
            target=_work, args=(slot, *args[:3], inbox, *args[3:]), daemon=True
        )
        try:
            self.process.start()
        finally:
            inbox.close()  # the worker's end: the parent never reads it
        self.chunks: list[list[int]] = []  # sent and not yet answered, in order

    def send(self, message: object) -> None:
        """Send, unless the worker is gone (then the pool's police replaces it)."""
        with contextlib.suppress(OSError):
            self.sender.send(message)

    def end(self, now: bool) -> None:
        """Stop the worker: at once (*now*), or after it has finished (the run is done)."""
        if not now and self.process.is_alive():
            self.send(None)
            self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=1)
        self.sender.close()
        with contextlib.suppress(ValueError):
            _SENDERS.remove(self.sender)


class _Feed:
    """The files, numbered as they are taken from the iterator, in chunks."""

    def __init__(self, files: Iterable[InputFile], size: int) -> None:
        self.source = iter(files)
        self.size = size
        self.files: list[InputFile] = []
        self.outcomes: list[Outcome | None] = []  # by file number, None until read
        self.todo: list[list[int]] = []  # chunks taken and not (or no longer) with a worker
        self.exhausted = False

    def ready(self) -> bool:
        """Whether a chunk is waiting, taking one more from the iterator if need be."""
        if not self.todo and not self.exhausted:
            start = len(self.files)
            self.files.extend(islice(self.source, self.size))
            self.outcomes.extend([None] * (len(self.files) - start))
            if len(self.files) - start < self.size:
                self.exhausted = True
            if len(self.files) > start:
                self.todo.append(list(range(start, len(self.files))))
        return bool(self.todo)

    def next_chunk(self) -> list[int] | None:
        return self.todo.pop(0) if self.ready() else None

    def assign(self, worker: _Worker) -> None:
        while len(worker.chunks) < IN_FLIGHT:
            chunk = self.next_chunk()
            if chunk is None:
                return
            worker.chunks.append(chunk)
            worker.send([(i, self.files[i]) for i in chunk])


def read_many(
    files: Iterable[InputFile],
    plan: Plan,
    workers: int,
    limits: Limits,
    progress: Progress | None = None,
    chunk: int = 32,
    known: Known = frozenset(),
    each: Callable[[FileRead], None] | None = None,
) -> list[FileRead]:
    """Read *files* with *workers* processes; what each gave, in the order files were taken,
    each file as read (its sha256 and kind). A content in *known* is hashed and not read.
    *each* is given every file that gave reports as soon as it is read, while the workers
    read on (the reports are the very objects returned)."""
    feed = _Feed(files, chunk)
    if not feed.ready():  # nothing to read: no process is started
        return []
    outcomes = feed.outcomes
    ctx = multiprocessing.get_context(start_method())
    outbox = ctx.Queue()
    current = ctx.Array("q", [IDLE] * workers, lock=False)
    started = ctx.Array("d", [0.0] * workers, lock=False)
    digests = ctx.Array("c", bytes(32 * workers), lock=False)
    args = (plan, limits, known, outbox, current, started, digests)
    pool: list[_Worker] = []
    received = 0
    done_well = False
    try:
        pool.extend(_Worker(ctx, slot, args) for slot in range(workers))
        for worker in pool:
            feed.assign(worker)
        while received < len(feed.files) or feed.todo or not feed.exhausted:
            check()  # an interruption lost in a fork's hooks is raised here
            try:
                slot, done = outbox.get(timeout=0.1)
            except queue.Empty:
                received += _police(ctx, pool, args, feed, outcomes, limits)
                continue
            for index, (wires, findings, identity) in done:
                if outcomes[index] is None:  # a stopped worker's late results count once
                    reports = [from_wire(w) for w in wires]
                    outcomes[index] = (reports, findings)
                    feed.files[index] = _as_read(feed.files[index], identity)
                    received += 1
                    if each is not None and reports:
                        each(FileRead(feed.files[index], reports, findings))
                    if progress is not None:
                        progress(received, len(feed.files))
            worker = pool[slot]
            worker.chunks = [c for c in worker.chunks if any(outcomes[i] is None for i in c)]
            feed.assign(worker)
        done_well = True
    finally:  # Ctrl-C, SIGTERM or a failure here: the workers are stopped at once
        for worker in pool:
            worker.end(now=not done_well)
    return [FileRead(f, *o) for f, o in zip(feed.files, outcomes, strict=True) if o is not None]


IN_FLIGHT = 2  # chunks sent ahead, so a worker never waits for the parent


def _as_read(file: InputFile, identity: Identity) -> InputFile:
    sha256, kind, reason = identity
    return InputFile(
        file.path, file.display, file.size, file.mtime, sha256, kind, reason, file.received
    )


def _stopped(file: InputFile, overdue: bool, exitcode: int | None, seconds: float) -> Finding:
    """The finding for a file whose worker was stopped past the time budget, or died on it:
    an abort is, almost always, Rust failing to allocate under the worker's memory ceiling
    (read/contain.py)."""
    if overdue:
        return Finding("file.timeout", "error", file.display, params={"seconds": f"{seconds:g}"})
    if exitcode == -signal.SIGABRT:
        return out_of_memory(file.kind, file.display)
    return Finding("file.crashed", "error", file.display)


def _police(
    ctx: Any,
    pool: list[_Worker],
    args: tuple[Any, ...],
    feed: _Feed,
    outcomes: list[Outcome | None],
    limits: Limits,
) -> int:
    """Stop a worker past its budget or dead; its file becomes a finding. Returns files settled."""
    current, started, digests = args[-3:]
    settled = 0
    for slot, worker in enumerate(pool):
        index = current[slot]
        overdue = index != IDLE and time.monotonic() - started[slot] > limits.file_seconds
        if not overdue and worker.process.is_alive():
            continue
        if not worker.chunks:  # nothing sent to it is outstanding
            continue
        worker.end(now=True)
        if index != IDLE and outcomes[index] is None:
            file = feed.files[index]
            digest = bytes(digests[slot * 32 : slot * 32 + 32])
            if digest != _NO_DIGEST:  # hashed before it was stopped: the store keys it so
                feed.files[index] = _as_read(file, (digest.hex(), file.kind, file.reason))
            finding = _stopped(file, overdue, worker.process.exitcode, limits.file_seconds)
            outcomes[index] = ([], [finding])
            settled += 1
        rest = [i for c in worker.chunks for i in c if outcomes[i] is None and i != index]
        if rest:
            feed.todo.insert(0, rest)
        current[slot] = IDLE
        pool[slot] = _Worker(ctx, slot, args)
        feed.assign(pool[slot])
    return settled
