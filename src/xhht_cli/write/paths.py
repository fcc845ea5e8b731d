"""Output paths, checked before any work, and what the system's failures while writing mean.

A wrong output (a folder where a file is wanted, a missing parent folder, a wrong extension,
a place one cannot write to) is the user's to fix and is found before a single report is read
(exit 2). A failure while writing (the disk fills up, the file is open in Excel) is the
system's: exit 74, one line naming the path, the cause and the fix; never a "bug" (exit 3).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from pathlib import Path

from xhht_cli.base.errors import SystemFailure, XhhtError
from xhht_cli.base.i18n import tr

# What an output of each kind must be called.
XLSX, JSON, DOCX, TOML = (".xlsx",), (".json",), (".docx",), (".toml",)


def check_file(path: Path, suffixes: tuple[str, ...], option: str) -> None:
    """*path* can take a new output file ending in one of *suffixes* (else exit 2)."""
    if path.is_dir():
        raise XhhtError(tr("paths.is_folder", option=option, path=path))
    if path.suffix.lower() not in suffixes:
        raise XhhtError(
            tr("paths.bad_suffix", option=option, path=path, suffix=" | ".join(suffixes))
        )
    _check_parent(path, option)
    if path.exists() and not os.access(path, os.W_OK):  # the file, not its folder (checked)
        raise XhhtError(tr("paths.file_read_only", option=option, path=path))


def check_folder(path: Path, option: str) -> None:
    """*path* is, or can be made, a folder to write outputs into (else exit 2)."""
    if path.exists() and not path.is_dir():
        raise XhhtError(tr("paths.is_file", option=option, path=path))
    if path.is_dir():
        _check_writable(path, path, option)
    else:
        _check_parent(path, option)


def check_outside(folder: Path, inputs: list[Path], option: str) -> None:
    """*folder* (feedback written there) lies outside every input folder (else exit 2): the
    next check would read each feedback workbook as the commune's report."""
    here = folder.resolve()
    for given in inputs:
        root = given.resolve()
        if given.is_dir() and (here == root or here.is_relative_to(root)):
            raise XhhtError(tr("paths.inside_inputs", option=option, path=folder, inputs=given))


def _check_parent(path: Path, option: str) -> None:
    parent = path.parent
    if not parent.exists():
        raise XhhtError(tr("paths.no_parent", option=option, path=path, parent=parent))
    if not parent.is_dir():
        raise XhhtError(tr("paths.parent_is_file", option=option, path=path, parent=parent))
    _check_writable(parent, path, option)


def _check_writable(folder: Path, path: Path, option: str) -> None:
    # Trying is the one portable test: os.access says yes on Windows to a folder one may not
    # write to, and on a read-only mount.
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        raise XhhtError(tr("paths.not_writable", option=option, path=path)) from None


# errno → the message key of its cause and fix
_CAUSES = {
    errno.ENOSPC: "paths.cause.full",
    errno.EDQUOT: "paths.cause.full",
    errno.EFBIG: "paths.cause.full",
    errno.EACCES: "paths.cause.denied",
    errno.EPERM: "paths.cause.denied",
    errno.EROFS: "paths.cause.read_only",
    errno.EISDIR: "paths.cause.is_folder",
    errno.ENOTDIR: "paths.cause.not_folder",
    errno.ENOENT: "paths.cause.gone",
    errno.ENAMETOOLONG: "paths.cause.too_long",
    errno.EIO: "paths.cause.io",
}


def system_failure(exc: BaseException, path: Path | str | None = None) -> SystemFailure | None:
    """The :class:`SystemFailure` an error while writing means, or None for any other error
    (a bug). Looks through the chain: writers wrap the OSError they met in their own error."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in _CAUSES:
            where = path or seen.filename or "?"
            return SystemFailure(tr("paths.failed", path=where, cause=tr(_CAUSES[seen.errno])))
        if isinstance(seen, sqlite3.OperationalError):
            text = str(seen).lower()
            key = "paths.cause.full" if "full" in text else "paths.cause.denied"
            if "full" in text or "readonly" in text or "read-only" in text:
                return SystemFailure(tr("paths.failed", path=path or "?", cause=tr(key)))
        seen = seen.__cause__ or seen.__context__
    return None
