"""Outputs are written to a temporary file in the same folder and renamed into place, so a
crash at any moment leaves the previous output whole. A temporary file a killed run left is
removed by a later write to the folder (:mod:`xhht_cli.write.stale`)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from xhht_cli.write import stale
from xhht_cli.write.paths import system_failure


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside *target*; on success it replaces *target*. A failure of
    the system on the way (disk full, no permission, the file open in Excel on Windows) is a
    :class:`~xhht_cli.base.errors.SystemFailure` naming *target*: the previous output is whole."""
    try:
        with _atomic_path(target) as tmp:
            yield tmp
    except Exception as exc:
        failure = system_failure(exc, target)
        if failure is None:
            raise
        raise failure from exc


@contextlib.contextmanager
def _atomic_path(target: Path) -> Iterator[Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    stale.sweep(target.parent, stale.ATOMIC)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=stale.ATOMIC_SUFFIX, dir=target.parent
    )
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(target: Path, writer: Callable[[Path], object]) -> None:
    with atomic_path(target) as tmp:
        writer(tmp)


def write_text_atomic(target: Path, text: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(target, write)
