"""Reading many files on every core, each within a time budget.

A worker that takes longer than the budget on one file (or dies on it) is stopped and replaced;
that file becomes a finding and the rest of its chunk is read by the new worker. Results come
back a chunk at a time, in the compact form of :func:`xhht_cli.report.to_wire`.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from xhht_cli.discover import InputFile
from xhht_cli.findings import Finding
from xhht_cli.plans import Plan
from xhht_cli.read import read_file
from xhht_cli.read.limits import Limits
from xhht_cli.report import Report, Wire, from_wire, to_wire

Outcome = tuple[list[Report], list[Finding]]
Progress = Callable[[int, int], None]
IDLE = -1


def read_one(file: InputFile, plan: Plan, limits: Limits) -> Outcome:
    result = read_file(file, plan, limits)
    return result.reports, result.findings


def _work(
    slot: int,
    files: Sequence[InputFile],
    plan: Plan,
    limits: Limits,
    inbox: Connection,
    outbox: Any,
    current: Any,
    started: Any,
) -> None:
    """A worker: read the chunks of indices it is sent; say which file it is on, and since when."""
    while True:
        chunk = inbox.recv()
        if chunk is None:
            return
        done: list[tuple[int, tuple[list[Wire], list[Finding]]]] = []
        for index in chunk:
            started[slot] = time.monotonic()
            current[slot] = index
            reports, findings = read_one(files[index], plan, limits)
            done.append((index, ([to_wire(r) for r in reports], findings)))
        current[slot] = IDLE
        outbox.put((slot, done))


class _Worker:
    def __init__(self, ctx: Any, slot: int, args: tuple[Any, ...]) -> None:
        self.inbox, sender = ctx.Pipe(duplex=False)
        self.send = sender.send
        self.process = ctx.Process(
            target=_work, args=(slot, *args[:3], self.inbox, *args[3:]), daemon=True
        )
        self.process.start()
        self.chunks: list[list[int]] = []  # sent and not yet answered, in order


def read_many(
    files: Sequence[InputFile],
    plan: Plan,
    workers: int,
    limits: Limits,
    progress: Progress | None = None,
) -> list[Outcome]:
    """Read *files* with *workers* processes; the outcomes come back in the files' order."""
    outcomes: list[Outcome | None] = [None] * len(files)
    if not files:
        return []
    ctx = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    outbox = ctx.Queue()
    current = ctx.Array("q", [IDLE] * workers, lock=False)
    started = ctx.Array("d", [0.0] * workers, lock=False)
    args = (files, plan, limits, outbox, current, started)
    size = max(1, min(64, len(files) // (workers * 8) or 1))
    todo = [list(range(i, min(i + size, len(files)))) for i in range(0, len(files), size)]
    pool = [_Worker(ctx, slot, args) for slot in range(workers)]
    received = 0
    try:
        for worker in pool:
            _assign(worker, todo)
        while received < len(files):
            try:
                slot, done = outbox.get(timeout=0.1)
            except queue.Empty:
                received += _police(
                    ctx, pool, args, todo, outcomes, files, limits, current, started
                )
                continue
            for index, (wires, findings) in done:
                if outcomes[index] is None:  # a stopped worker's late results count once
                    outcomes[index] = ([from_wire(w) for w in wires], findings)
                    received += 1
                    if progress is not None:
                        progress(received, len(files))
            worker = pool[slot]
            worker.chunks = [c for c in worker.chunks if any(outcomes[i] is None for i in c)]
            _assign(worker, todo)
    finally:
        for worker in pool:
            if worker.process.is_alive():
                worker.send(None)
        for worker in pool:
            worker.process.join(timeout=1)
            if worker.process.is_alive():
                worker.process.kill()
    return [o for o in outcomes if o is not None]


IN_FLIGHT = 2  # chunks sent ahead, so a worker never waits for the parent


def _assign(worker: _Worker, todo: list[list[int]]) -> None:
    while todo and len(worker.chunks) < IN_FLIGHT:
        worker.chunks.append(todo.pop(0))
        worker.send(worker.chunks[-1])


def _police(
    ctx: Any,
    pool: list[_Worker],
    args: tuple[Any, ...],
    todo: list[list[int]],
    outcomes: list[Outcome | None],
    files: Sequence[InputFile],
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
            code = "file.timeout" if overdue else "file.crashed"
            outcomes[index] = (
                [],
                [
                    Finding(
                        code,
                        "error",
                        files[index].display,
                        params={"seconds": f"{limits.file_seconds:g}"},
                    )
                ],
            )
            settled += 1
        rest = [i for c in worker.chunks for i in c if outcomes[i] is None and i != index]
        if rest:
            todo.insert(0, rest)
        current[slot] = IDLE
        pool[slot] = _Worker(ctx, slot, args)
        _assign(pool[slot], todo)
    return settled
