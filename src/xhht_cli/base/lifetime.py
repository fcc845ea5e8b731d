"""A run's processes end with the run (docs/huong-dan-su-dung.md, section 4).

The parent ends on Ctrl-C or SIGTERM by raising :class:`Interrupted` in its main thread, so
every ``finally`` runs (workers stopped, temporary files removed) before the command says so
in one line and exits 130 or 143. A child — a reading worker, a row renderer — cannot count
on being told: when the run is killed outright (``kill -9``, the OOM killer, a cron
``timeout -s KILL``) it must notice by itself that its parent is gone, and end within a
second. On Linux the kernel does it (``PR_SET_PDEATHSIG``); on every system a thread of the
child also watches the parent: the multiprocessing sentinel where there is one (a pipe whose
end means the parent died; on Windows, the parent's process handle), and the parent's pid
(a POSIX orphan is given another parent).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import wait
from types import FrameType
from typing import Any, TypeVar

WATCH_SECONDS = 0.25  # how often a child looks at its parent: it ends well within a second
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM reached the run; ``signum`` says which (the exit code is 128 + it).
    A KeyboardInterrupt, so that code which lets Ctrl-C through lets this through too."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_pending: list[int] = []  # the signals received, in order


def _raise(signum: int, _frame: FrameType | None) -> None:
    # A second signal ends the process at once, as the system would: the user insists.
    signal.signal(signum, signal.SIG_DFL)
    _pending.append(signum)
    raise Interrupted(signum)


def check() -> None:
    """Raise :class:`Interrupted` again if a signal came and its exception was lost: Python
    ignores an exception raised where it cannot be passed on (the hooks ``fork`` runs, a
    finaliser), and a signal may land there. The reading loop calls this as it waits."""
    if _pending:
        raise Interrupted(_pending[0])


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An :class:`Interrupted` Python could not pass on is not printed: :func:`check` raises
    it again where it can be."""
    if not isinstance(unraisable.exc_value, Interrupted):
        sys.__unraisablehook__(unraisable)


def catch_signals() -> None:
    """In the main process: Ctrl-C and SIGTERM (Ctrl-Break on Windows) raise
    :class:`Interrupted` in the main thread."""
    sys.unraisablehook = _unraisable
    for name in ("SIGINT", "SIGTERM", "SIGBREAK"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(OSError, ValueError):  # not the main thread
                signal.signal(number, _raise)


def signal_name(signum: int) -> str:
    if signum == signal.SIGINT:
        return "Ctrl-C"
    with contextlib.suppress(ValueError):
        return signal.Signals(signum).name
    return str(signum)


def as_child(parent: int | None = None) -> None:
    """In a child process: Ctrl-C (sent by a terminal to the whole group) is the parent's to
    handle, SIGTERM ends it at once; and it ends when its parent is gone."""
    with contextlib.suppress(OSError, ValueError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)


def die_with_parent(parent: int | None = None) -> None:
    """End this process (within :data:`WATCH_SECONDS`) when the one that started it ends.
    *parent*: its pid as the parent knew it (a multiprocessing child knows it already): the
    parent may be gone before this runs, and then ``getppid`` names another process."""
    started_by = multiprocessing.parent_process()
    if parent is None:
        parent = started_by.pid if started_by is not None and started_by.pid else os.getppid()
    _death_signal()
    if os.name == "posix" and os.getppid() != parent:  # it ended before the signal was asked
        os._exit(1)
    sentinel = None if started_by is None else started_by.sentinel
    threading.Thread(target=_watch, args=(parent, sentinel), daemon=True).start()


def _death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent thread ends; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:  # the C library Python itself is linked with (no ldconfig search: no subprocess)
        prctl = ctypes.CDLL(None, use_errno=True).prctl
        return bool(prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent: int, sentinel: object | None) -> None:
    """*sentinel*: what becomes ready when a multiprocessing parent ends (under ``fork`` a
    sibling may hold that pipe too, hence the pid as well)."""
    while True:
        if sentinel is not None:
            try:
                if wait([sentinel], WATCH_SECONDS):  # type: ignore[list-item]
                    os._exit(1)
            except (OSError, ValueError):
                sentinel = None
        else:
            time.sleep(WATCH_SECONDS)
        if os.name == "posix" and os.getppid() != parent:
            os._exit(1)


def detach_stdio(keep_stderr: bool) -> None:
    """Point this child's standard input and output (and its error output unless
    *keep_stderr*) at the null device: a child must not hold the caller's pipes open (``xhht
    … | mail`` waits for every holder of its pipe to end)."""
    quiet = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in (0, 1) if keep_stderr else (0, 1, 2):
            with contextlib.suppress(OSError):
                os.dup2(quiet, fd)
    finally:
        os.close(quiet)


# -- the end of the process ------------------------------------------------------------------
# A national run holds millions of small objects until its command ends. Freed one by one as
# the command's frames are let go (Typer drops the command's Exit, and the frames with it),
# they cost ~0.2 s for nothing: the process ends a moment later and the system takes its
# memory back at once. So the console entry point asks for them to be kept
# (:func:`keep_until_exit`); the commands' wrapper (cli/handling.py) hands over the ending
# command's exception, whose traceback holds its frames; and the entry point freezes them out
# of the collector's sight before it exits (cli/root.py). Tests and callers of ``app`` free as
# usual: nothing is kept unless asked for.
_kept: list[object] = []
_keeping: list[bool] = [False]


def keep_until_exit() -> None:
    """From now on, :func:`keep` keeps what it is given until the process ends."""
    _keeping[0] = True


def keep(thing: object) -> None:
    """Keep *thing* (and what it holds) alive until the process ends, if asked to."""
    if _keeping[0]:
        _kept.append(thing)


F = TypeVar("F", bound=Callable[..., Any])


def uncollected(function: F) -> F:
    """*function* run with the cyclic collector held off, and put back as it was after.

    For the steps that build the run's results from reports already read (the roll-up, the
    outputs): at national scale each makes a million objects that live until the run ends
    and forms no cycle worth collecting, and the collector's passes over them (one per
    100,000 new objects, each looking at all of them) cost a tenth of the roll-up. Nothing
    read from a file is parsed there: a hostile file is read, under the collector, by a
    worker (docs/pipeline.md, "Two cores at the end")."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        was = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return run  # type: ignore[return-value]
