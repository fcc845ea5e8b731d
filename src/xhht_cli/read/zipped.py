"""A zip member read as a bounded stream, from the file's bytes already in memory.

The central directory says how large each member is, and :func:`~xhht_cli.read.limits.
check_container` refuses what it says is too large — but a crafted zip may say 40 KB of a
member that inflates to 400 MB. So a member is inflated a chunk at a time, never past what its
entry declares (nor past the member limit): a member that goes on is damaged (a reader that
trusted the directory would stop at the declared size and fail anyway), and no process holds
more than a chunk of it at once unless the caller keeps them.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from xhht_cli.read.cells import SheetsUnreadable
from xhht_cli.read.limits import Limits, Member

CHUNK = 1 << 20  # bytes of inflated content handed over at a time
_LOCAL = struct.Struct("<4s22xHH")  # a local file header: signature … name and extra lengths


def _raw(data: bytes, member: Member) -> memoryview:
    """The member's compressed bytes (as many as the file holds)."""
    _, _, _, _, offset = member
    try:
        signature, name_length, extra_length = _LOCAL.unpack_from(data, offset)
    except struct.error as exc:
        raise SheetsUnreadable("file.corrupt", str(exc), "zip") from exc
    if signature != b"PK\x03\x04":
        raise SheetsUnreadable("file.corrupt", f"{member[0]}: no local header", "zip")
    start = offset + _LOCAL.size + name_length + extra_length
    return memoryview(data)[start : start + member[2]]


def _overrun(member: Member) -> SheetsUnreadable:
    return SheetsUnreadable(
        "file.corrupt", damage="zip_size", params={"member": member[0], "size": member[1]}
    )


def chunks(data: bytes, member: Member, limits: Limits | None = None) -> Iterator[bytes]:
    """The member's content, inflated a chunk at a time; at most its declared size (and the
    member limit), else :class:`SheetsUnreadable` (``file.corrupt``, the directory lied)."""
    most = member[1]
    if limits is not None:
        most = min(most, int(limits.member_mb * 2**20))
    raw, method = _raw(data, member), member[3]
    if method == 0:
        for at in range(0, min(len(raw), most + 1), CHUNK):
            yield bytes(raw[at : min(at + CHUNK, most + 1)])
        if len(raw) > most:
            raise _overrun(member)
        return
    if method != 8:
        raise SheetsUnreadable("file.corrupt", f"{member[0]}: compression method {method}", "zip")
    inflate = zlib.decompressobj(-15)
    given = 0
    try:
        for at in range(0, len(raw), CHUNK):
            pending = bytes(raw[at : at + CHUNK])
            while pending:
                out = inflate.decompress(pending, CHUNK)
                pending = inflate.unconsumed_tail
                given += len(out)
                if given > most:
                    raise _overrun(member)
                if out:
                    yield out
            if inflate.eof:
                return
    except zlib.error as exc:
        raise SheetsUnreadable("file.corrupt", f"{member[0]}: {exc}", "zip") from exc


def read_member(data: bytes, member: Member, limits: Limits | None = None) -> bytes:
    """The whole member, within the same bounds as :func:`chunks`."""
    return b"".join(chunks(data, member, limits))


def check_sizes(data: bytes, members: list[Member], limits: Limits | None = None) -> None:
    """Inflate every member within its bounds (a chunk at a time, nothing kept): a member that
    unpacks to more than its entry declares raises, naming it."""
    for member in members:
        for _ in chunks(data, member, limits):
            pass
