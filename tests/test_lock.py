"""The store's lock: one run at a time, never left behind by a forked child, and the same on a
system without fcntl (Windows), simulated here."""

from __future__ import annotations

import os
import sys
import time
import types
from pathlib import Path

import pytest

from xhht_cli.batch import lock


def test_a_second_holder_waits_then_gives_up(tmp_path: Path) -> None:
    path = tmp_path / "s.lock"
    with lock.file_lock(path, 0):
        started = time.monotonic()
        with pytest.raises(lock.Busy), lock.file_lock(path, 0.3):
            pass
        assert time.monotonic() - started >= 0.3
    with lock.file_lock(path, 0):  # released
        pass


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_forked_child_does_not_keep_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "s.lock"
    ready, told = os.pipe()
    with lock.file_lock(path, 0):
        pid = os.fork()
        if pid == 0:  # a worker that outlives the run (as after a kill -9 of the run)
            os.write(told, b"x")  # it runs (its fork handlers have run)
            time.sleep(3)
            os._exit(0)
        assert os.read(ready, 1) == b"x"
    try:
        with lock.file_lock(path, 0):  # the run is over: the lock is free at once
            pass
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


def test_without_fcntl_the_windows_lock_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held: set[str] = set()
    calls: list[tuple[int, int]] = []

    def locking(fd: int, mode: int, nbytes: int) -> None:
        calls.append((mode, nbytes))
        name = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else str(fd)
        if name in held:
            raise OSError("locked")
        held.add(name)

    fake = types.SimpleNamespace(LK_NBLCK=2, locking=locking)
    monkeypatch.setattr(lock, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    path = tmp_path / "s.lock"
    with lock.file_lock(path, 0), pytest.raises(lock.Busy), lock.file_lock(path, 0):
        pass
    assert calls[0] == (2, 1)  # non-blocking, the first byte
