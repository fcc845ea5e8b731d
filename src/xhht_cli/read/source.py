"""A file's bytes, read once, in the worker that reads it.

Discovery, in the parent, only listed the file. Here, under the worker's memory ceiling and
time budget, the file is opened once: over the size limit only its first bytes are read (to
tell a spreadsheet too big from a file that is no report); else it is read whole, hashed (the sha256 that duplicates, the batch
store and the outputs use), its kind settled from all its bytes; and refused as
``file.changed_while_reading`` when its size or time are no longer those of the listing (a
file still being copied in is never half-read). Everything after — the container's checks,
the readers, the fonts and formulas of ``workbook_extras``, the words of ``damage`` — takes
the bytes from memory.
"""

from __future__ import annotations

import hashlib
import os
from typing import NamedTuple

from xhht_cli.read.discover import (
    HEAD_BYTES,
    NOT_OPENED,
    SPREADSHEET_SUFFIXES,
    UNREAD,
    InputFile,
    kind_of,
    settled_kind,
)
from xhht_cli.read.limits import Limits, OverLimit


class Source(NamedTuple):
    file: InputFile  # as read: its sha256, and its kind settled (the listing's when not read)
    data: bytes | None  # None: not read
    refused: OverLimit | None = None  # why it is not read further (the finding's code)


def load(file: InputFile, limits: Limits) -> Source:
    """Read *file* once, if it is to be read at all."""
    if file.reason in NOT_OPENED or file.reason == "file.no_access":
        return Source(file, None)
    most = int(limits.file_mb * 2**20)
    if file.size > most:
        return _unread(file, limits)
    try:
        with open(file.path, "rb", buffering=0) as handle:
            before = os.fstat(handle.fileno())
            data = handle.read(min(before.st_size, most) + 1) or b""
            after = os.fstat(handle.fileno())
    except OSError as exc:
        return Source(file, None, OverLimit("file.corrupt", detail=str(exc)[:200], damage="io"))
    digest = hashlib.sha256(data).hexdigest()
    if (
        len(data) > most  # it grew past the limit since it was listed
        or len(data) != before.st_size
        or (before.st_size, before.st_mtime) != (file.size, file.mtime)
        or (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)
    ):
        changed = _with(file, digest, file.kind, file.reason)
        return Source(changed, None, OverLimit("file.changed_while_reading"))
    kind, reason = settled_kind(file.path, data)
    return Source(_with(file, digest, kind, reason), data)


def _unread(file: InputFile, limits: Limits) -> Source:
    """A file over the size limit, told by its name and first bytes: a spreadsheet too big to
    read, or no report at all (a video, an archive) left aside."""
    kind, reason = file.kind, file.reason
    if kind == UNREAD:
        try:
            with open(file.path, "rb", buffering=0) as handle:
                head = handle.read(HEAD_BYTES) or b""
        except OSError as exc:
            return Source(file, None, OverLimit("file.corrupt", detail=str(exc)[:200], damage="io"))
        kind, reason = kind_of(file.path, head, whole=False)
    suffix = file.path.suffix.lower()
    if kind == "ignored" or (kind in ("zip", "ole") and suffix not in SPREADSHEET_SUFFIXES):
        return Source(_with(file, "", "ignored", reason or "file.not_spreadsheet"), None)
    size, limit = round(file.size / 2**20), round(limits.file_mb)
    return Source(
        _with(file, "", kind, reason), None, OverLimit("file.too_big", size=size, limit=limit)
    )


def _with(file: InputFile, sha256: str, kind: str, reason: str | None) -> InputFile:
    return InputFile(
        file.path, file.display, file.size, file.mtime, sha256, kind, reason, file.received
    )
