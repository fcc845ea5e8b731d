"""What a killed run left behind, removed by a later run: xhht's own temporary files only,
told by their exact names, and only old ones (a run still writing is younger).

A run stopped by Ctrl-C or SIGTERM removes its temporary files itself (docs/huong-dan-su-dung.md,
section 4); one killed outright (``kill -9``, the OOM killer) cannot. Its files are then an
output's temporary copy beside the output (``.tong-hop-2025.xlsx.k3j9_x0a.xhht.tmp``, from
:mod:`xhht_cli.write.atomic`) and a row renderer's part in the temporary folder
(``xhht-k3j9_x0a.rows``, from :mod:`xhht_cli.write.fork`). Each folder is looked at once per
process, the first time something is written there.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

STALE_SECONDS = 3600.0  # older than any write of a run
# tempfile.mkstemp's names: prefix, 8 characters of its alphabet, suffix.
_RANDOM = r"[a-z0-9_]{8}"
ATOMIC_SUFFIX = ".xhht.tmp"
ATOMIC = re.compile(rf"^\..+\.{_RANDOM}{re.escape(ATOMIC_SUFFIX)}$")
ROWS_PREFIX = "xhht-"
ROWS = re.compile(rf"^{ROWS_PREFIX}{_RANDOM}\.rows$")

_swept: set[tuple[str, str]] = set()


def sweep(folder: str | os.PathLike[str], pattern: re.Pattern[str]) -> int:
    """Remove the files of *folder* named by *pattern* and older than :data:`STALE_SECONDS`
    (once per folder and pattern in a process); how many were removed."""
    key = (os.path.abspath(folder), pattern.pattern)
    if key in _swept:
        return 0
    _swept.add(key)
    cutoff = time.time() - STALE_SECONDS
    removed = 0
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not pattern.match(entry.name):
                continue
            with contextlib.suppress(OSError):
                if (
                    entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff
                ):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def sweep_run(output: Path) -> None:
    """What a batch run looks at even when it writes nothing: its output folder, the
    feedback folder in it, and the temporary folder."""
    sweep(output, ATOMIC)
    sweep(output / "phan-hoi", ATOMIC)
    sweep(tempfile.gettempdir(), ROWS)
