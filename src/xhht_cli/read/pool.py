"""Reading many files on every core, each within a time budget.

Files are taken from an iterator as workers need them, so discovery (hashing, classifying)
goes on in the parent while the workers read. A worker that takes longer than the budget on one file (or dies on it) is stopped and replaced;
that file becomes a finding and the rest of its chunk is read by the new worker. Results come
back a chunk at a time, in the compact form of :func:`xhht_cli.values.report.to_wire`.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import sys
import time
from collections.abc import Callable, Iterable
from itertools import islice
from multiprocessing.connection import Connection
from typing import Any

from xhht_cli.plans import Plan
from xhht_cli.read import FileRead, read_file
from xhht_cli.read.contain import contain
from xhht_cli.read.discover import InputFile
from xhht_cli.read.limits import Limits
from xhht_cli.read.wire import Wire, from_wire, to_wire
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report

Outcome = tuple[list[Report], list[Finding]]
Progress = Callable[[int, int], None]
IDLE = -1


def start_method() -> str:
    """``fork`` on Linux (the plan and limits are inherited, not sent); elsewhere ``spawn``:
    Windows has no fork, and macOS's system libraries are not safe in a forked child. Under
    spawn every worker argument is pickled and ``_work`` imported by name."""
    forks = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
    return "fork" if forks else "spawn"


def read_one(file: InputFile, plan: Plan, limits: Limits) -> Outcome:
    """Read one file here (a worker's step): its reports and file-level findings."""
    result = read_file(file, plan, limits)
    return result.reports, result.findings


def _work(
    slot: int,
    plan: Plan,
    limits: Limits,
    inbox: Connection,
    outbox: Any,
    current: Any,
    started: Any,
) -> None:
    """A worker: read the chunks of files it is sent; say which file it is on, and since when."""
    contain(limits.worker_mb)
    while True:
        chunk = inbox.recv()
        if chunk is None:
            return
        done: list[tuple[int, tuple[list[Wire], list[Finding]]]] = []
        for index, file in chunk:
            started[slot] = time.monotonic()
            current[slot] = index
            reports, findings = read_one(file, plan, limits)
            done.append((index, ([to_wire(r) for r in reports], findings)))
        current[slot] = IDLE
        outbox.put((slot, done))


class _Worker:
    def __init__(self, ctx: Any, slot: int, args: tuple[Any, ...]) -> None:
        self.inbox, sender = ctx.Pipe(duplex=False)
        self.send = sender.send
        self.process = ctx.Process(
            target=_work, args=(slot, *args[:2], self.inbox, *args[2:]), daemon=True
        )
        self.process.start()
        self.chunks: list[list[int]] = []  # sent and not yet answered, in order


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
) -> list[FileRead]:
    """Read *files* with *workers* processes; what each gave, in the order files were taken."""
    feed = _Feed(files, chunk)
    if not feed.ready():  # nothing to read: no process is started
        return []
    outcomes = feed.outcomes
    ctx = multiprocessing.get_context(start_method())
    outbox = ctx.Queue()
    current = ctx.Array("q", [IDLE] * workers, lock=False)
    started = ctx.Array("d", [0.0] * workers, lock=False)
    args = (plan, limits, outbox, current, started)
    pool = [_Worker(ctx, slot, args) for slot in range(workers)]
    received = 0
    try:
        for worker in pool:
            feed.assign(worker)
        while received < len(feed.files) or feed.todo or not feed.exhausted:
            try:
                slot, done = outbox.get(timeout=0.1)
            except queue.Empty:
                received += _police(ctx, pool, args, feed, outcomes, limits, current, started)
                continue
            for index, (wires, findings) in done:
                if outcomes[index] is None:  # a stopped worker's late results count once
                    outcomes[index] = ([from_wire(w) for w in wires], findings)
                    received += 1
                    if progress is not None:
                        progress(received, len(feed.files))
            worker = pool[slot]
            worker.chunks = [c for c in worker.chunks if any(outcomes[i] is None for i in c)]
            feed.assign(worker)
    finally:
        for worker in pool:
            if worker.process.is_alive():
                worker.send(None)
        for worker in pool:
            worker.process.join(timeout=1)
            if worker.process.is_alive():
                worker.process.kill()
    return [FileRead(f, *o) for f, o in zip(feed.files, outcomes, strict=True) if o is not None]


IN_FLIGHT = 2  # chunks sent ahead, so a worker never waits for the parent


def _death(exitcode: int | None) -> str:
    """The finding for a worker that died on a file: an abort is, almost always, Rust failing
    to allocate under the worker's memory ceiling (read/contain.py)."""
    return "file.out_of_memory" if exitcode == -signal.SIGABRT else "file.crashed"


def _police(
    ctx: Any,
    pool: list[_Worker],
    args: tuple[Any, ...],
    feed: _Feed,
    outcomes: list[Outcome | None],
    limits: Limits,
    current: Any,
    started: Any,
) -> int:
    """Stop a worker past its budget or dead; its file becomes a finding. Returns files settled."""
    settled = 0
    for slot, worker in enumerate(pool):
        index = current[slot]
        overdue = index != IDLE and time.monotonic() - started[slot] > limits.file_seconds
        if not overdue and worker.process.is_alive():
            continue
        if not worker.chunks:  # nothing sent to it is outstanding
            continue
        worker.process.kill()
        worker.process.join()
        if index != IDLE and outcomes[index] is None:
            code = "file.timeout" if overdue else _death(worker.process.exitcode)
            outcomes[index] = (
                [],
                [
                    Finding(
                        code,
                        "error",
                        feed.files[index].display,
                        params={"seconds": f"{limits.file_seconds:g}"},
                    )
                ],
            )
            settled += 1
        rest = [i for c in worker.chunks for i in c if outcomes[i] is None and i != index]
        if rest:
            feed.todo.insert(0, rest)
        current[slot] = IDLE
        pool[slot] = _Worker(ctx, slot, args)
        feed.assign(pool[slot])
    return settled
