"""A forked child that renders part of an output into a file of its own, while this process
goes on (:meth:`xhht_cli.write.rows.RowSheet.write_rows` uses it for the summary's big tables).

Kept apart from the rendering so the one speed trick that depends on the system is in one
place: only where ``fork`` without ``exec`` is safe to rely on (Linux), only with more than
one usable core, and never with ``XHHT_SERIAL_WRITE=1``. Elsewhere (Windows, macOS, a job
pinned to one core) :func:`start` is never called and everything is rendered in one process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import select
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from typing import NamedTuple, TextIO

from xhht_cli.base.lifetime import as_child, detach_stdio
from xhht_cli.write import stale


class Child(NamedTuple):
    pid: int
    path: str  # the file it renders into


def allowed() -> bool:
    """Whether this process may fork renderers at all."""
    return (
        sys.platform == "linux"  # fork without exec is safe to rely on there
        and hasattr(os, "sched_getaffinity")
        and len(os.sched_getaffinity(0)) > 1
        and os.environ.get("XHHT_SERIAL_WRITE", "") in ("", "0")
    )


def start(render: Callable[[TextIO], int], folder: str | None = None) -> Child | None:
    """Fork a child that calls ``render(file)`` and exits with what it returns (1 if it
    raises); None when the system would not fork. The child ends with this process, holds
    none of its standard streams, and its file is named so that a later run can tell it
    (:data:`xhht_cli.write.stale.ROWS`) if this one is killed before removing it."""
    where = folder or tempfile.gettempdir()
    stale.sweep(where, stale.ROWS)
    descriptor, path = tempfile.mkstemp(prefix=stale.ROWS_PREFIX, suffix=".rows", dir=where)
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(descriptor)
        os.unlink(path)
        return None
    if pid:
        os.close(descriptor)
        return Child(pid, path)
    status = 1  # the child: whatever happens, it ends here, running no handler of the parent
    try:
        as_child(parent)
        detach_stdio(keep_stderr=False)
        gc.disable()  # short-lived; collecting would copy the parent's pages for nothing
        with open(descriptor, "w", encoding="utf-8") as out:
            status = render(out)
    finally:
        os._exit(status)


def exit_code(pid: int, seconds: float) -> int | None:
    """The exit code of child *pid*, waiting at most *seconds* (then it is killed: None);
    None too when it cannot be known (a parent started with SIGCHLD ignored has its children
    reaped by the system): the caller then does the work itself. The wait wakes when the child
    ends (a pidfd, Linux 5.3 and later), not at the next of a series of growing naps."""
    deadline = time.monotonic() + seconds
    ending = _ending(pid)
    pause = 0.001
    try:
        while True:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # reaped by the system (SIGCHLD ignored): result unknown
                return None
            if done:
                return os.waitstatus_to_exitcode(status)
            left = deadline - time.monotonic()
            if left < 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return None
            if ending is not None:
                ending[1].poll(min(left, 60.0) * 1000)  # readable once the child has ended
            else:
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
    finally:
        if ending is not None:
            os.close(ending[0])


def _ending(pid: int) -> tuple[int, select.poll] | None:
    """A pidfd of child *pid* and a poll on it that wakes when the child ends; None where the
    system has none (before Linux 5.3; the caller then naps between looks)."""
    opener = getattr(os, "pidfd_open", None)
    if opener is None or not hasattr(select, "poll"):
        return None
    try:
        fd: int = opener(pid)
    except OSError:  # an older kernel, or the child already reaped
        return None
    waiter = select.poll()
    waiter.register(fd, select.POLLIN)
    return fd, waiter


def discard(child: Child) -> None:
    """Stop *child* (if it still runs), reap it and remove its file."""
    with contextlib.suppress(OSError):
        os.kill(child.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(child.pid, 0)
    with contextlib.suppress(OSError):
        os.unlink(child.path)
