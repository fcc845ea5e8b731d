"""What a reading worker does first, so that a library failing on a hostile file costs one
finding and nothing else: a memory ceiling, and stderr kept from the user.

A file can still lie about its extent (a ``<dimension>`` that says A1:B2 over a cell at
XFD1048576): calamine then asks for gigabytes. Under the ceiling that allocation fails at once —
Python raises MemoryError, Rust aborts the worker — instead of swapping the machine, and the
pool turns the file into a finding. Rust prints its panic and abort lines to file descriptor 2
itself, past Python: only a redirection of that descriptor keeps them from the user.
"""

from __future__ import annotations

import faulthandler
import os
from importlib import import_module
from types import ModuleType


def _resource() -> ModuleType | None:
    """The ``resource`` module, absent on Windows."""
    try:
        return import_module("resource")
    except ImportError:
        return None


def _address_space() -> int | None:
    """Bytes of address space this process holds now (Linux), None where it cannot be told."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def cap_memory(headroom_mb: float) -> bool:
    """Let this process take at most *headroom_mb* more address space than it holds now (a
    forked worker holds its parent's). False where the platform has no such limit (Windows:
    no ``resource``; elsewhere without /proc the ceiling is not guessed)."""
    resource = _resource()
    now = _address_space()
    if resource is None or now is None or headroom_mb <= 0:
        return False
    ceiling = now + int(headroom_mb * 2**20)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        for given in (soft, hard):  # a limit the user set already stays the lower one
            if given != resource.RLIM_INFINITY:
                ceiling = min(ceiling, given)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ValueError, OSError):
        return False
    return True


def verbose() -> bool:
    """Whether library output is wanted (``--verbose`` sets ``XHHT_VERBOSE``)."""
    return os.environ.get("XHHT_VERBOSE", "") not in ("", "0")


def silence_stderr() -> None:
    """Send this process's file descriptor 2 (Python's tracebacks, Rust's panic lines) nowhere;
    faulthandler (pytest, PYTHONFAULTHANDLER) writes to its own copy of it, so it stops too."""
    faulthandler.disable()
    quiet = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(quiet, 2)
    finally:
        os.close(quiet)


def contain(headroom_mb: float) -> None:
    """A reading worker's first step: the memory ceiling, and stderr silenced unless verbose."""
    cap_memory(headroom_mb)
    if not verbose():
        silence_stderr()
