"""One run at a time per store: a lock on a file beside it, on Linux, macOS and Windows.

On POSIX systems ``flock``; on Windows ``msvcrt.locking`` on the file's first byte. Either is
released by the system when the process that holds it ends, however it ends (``kill -9``, a
power cut), so a lock is never left behind.

An ``flock`` is shared by the processes forked while it is held (the reading workers, the
row renderers): after a ``kill -9`` of the run they held it on for a moment and the next run,
started at once, found the store busy. So every forked child closes its copy at once
(``os.register_at_fork``); the lock is then the run's alone.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from xhht_cli.base.errors import XhhtError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

_HELD: list[IO[Any]] = []  # the lock files this process holds


def _close_in_child() -> None:
    for handle in _HELD:
        with suppress(OSError):
            handle.close()  # the child's copy only: the parent still holds the lock
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


class Busy(XhhtError):
    """Another process holds the lock."""


def _try_lock(handle: IO[Any]) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held elsewhere
            return False
        return True
    import msvcrt

    try:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


@contextmanager
def file_lock(path: Path, wait: float) -> Iterator[None]:
    """Hold an exclusive lock on *path* (created if missing), waiting up to *wait* seconds;
    :class:`Busy` when it is still held elsewhere then."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+b")  # noqa: SIM115  (closed below, which releases the lock)
    deadline = time.monotonic() + wait
    try:
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise Busy(str(path))
            time.sleep(0.1)
        _HELD.append(handle)
        yield
    finally:
        if handle in _HELD:
            _HELD.remove(handle)
        handle.close()
