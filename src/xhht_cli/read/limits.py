"""Bounds on what one input file may cost: files come from hundreds of offices, a few crafted.

Each limit has a default and an environment variable to change it (cron jobs and worker
processes inherit the environment):

| variable | default | what |
| --- | --- | --- |
| ``XHHT_MAX_UNCOMPRESSED_MB`` | 100 | total uncompressed size of a zip-based workbook (xlsx, ods …) |
| ``XHHT_MAX_MEMBER_MB`` | 50 | uncompressed size of one member of it |
| ``XHHT_MAX_RATIO`` | 200 | compression ratio of a member (a zip bomb is thousands) |
| ``XHHT_MAX_FILE_MB`` | 50 | size of any input file |
| ``XHHT_FILE_SECONDS`` | 60 | time to read one file; a worker past it is stopped |
| ``XHHT_WORKER_MB`` | 1024 | memory a reading worker may take beyond what it started with |
| ``XHHT_VERBOSE`` | (unset) | ``1``: what a library prints in a worker reaches stderr (``--verbose``) |
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from dataclasses import dataclass


def _env(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    uncompressed_mb: float = 100
    member_mb: float = 50
    ratio: float = 200
    file_mb: float = 50
    file_seconds: float = 60
    worker_mb: float = 1024

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            _env("XHHT_MAX_UNCOMPRESSED_MB", cls.uncompressed_mb),
            _env("XHHT_MAX_MEMBER_MB", cls.member_mb),
            _env("XHHT_MAX_RATIO", cls.ratio),
            _env("XHHT_MAX_FILE_MB", cls.file_mb),
            _env("XHHT_FILE_SECONDS", cls.file_seconds),
            _env("XHHT_WORKER_MB", cls.worker_mb),
        )


class OverLimit(Exception):
    """The file is over a limit; ``params`` fill the finding's message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# A zip member as its central directory gives it: (name, uncompressed size, compressed size,
# method (0 stored, 8 deflated), offset of its local header). A plain tuple: a national batch
# builds tens of thousands.
Member = tuple[str, int, int, int, int]


def check_container(data: bytes, limits: Limits) -> list[Member]:
    """Read the central directory of a zip held in *data* (nothing is inflated) and refuse a
    bomb; the members, for what is read next."""
    members = _directory(data)
    total = 0
    for name, file_size, compress_size, _, _ in members:
        total += file_size
        ratio = file_size / max(compress_size, 1)
        if file_size > 2**20 and ratio > limits.ratio:
            raise OverLimit(
                "file.zip_bomb",
                member=name,
                ratio=round(ratio),
                limit=round(limits.ratio),
            )
        if file_size > limits.member_mb * 2**20:
            raise OverLimit(
                "file.too_big_inside",
                member=name,
                size=round(file_size / 2**20),
                limit=round(limits.member_mb),
            )
    if total > limits.uncompressed_mb * 2**20:
        raise OverLimit(
            "file.too_big_inside",
            member="*",
            size=round(total / 2**20),
            limit=round(limits.uncompressed_mb),
        )
    return members


_END = struct.Struct("<4s4H2LH")  # end of central directory record
_ENTRY = struct.Struct("<4s6H3L5H2L")  # central directory file header
_SIZES = slice(8, 10)  # (compressed, uncompressed) in an unpacked _ENTRY


def _directory(data: bytes) -> list[Member]:
    """Every member (name, sizes, method, where it is).

    The common case — a small plain zip, its directory at the end — is read with two
    ``struct`` unpacks a member (zipfile builds an object each; at national scale that cost
    more than the check is worth). Anything else (zip64, a comment, a directory that does not
    add up) goes to zipfile, which knows every variant."""
    tail = min(len(data), 64 * 1024)
    try:
        found = _plain_directory(data[len(data) - tail :], len(data) - tail)
        if found is not None:
            return found
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [
                (m.filename, m.file_size, m.compress_size, m.compress_type, m.header_offset)
                for m in archive.infolist()
            ]
    # NotImplementedError: zipfile's word for a directory entry of an unknown zip version
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        struct.error,
        NotImplementedError,
        EOFError,
    ) as exc:
        raise OverLimit("file.corrupt", detail=str(exc)[:200], damage="zip") from exc


def read_bytes(path: os.PathLike[str] | str, limits: Limits) -> bytes:
    """A file's bytes, read once: the limits, the workbook reader and the CSV reader all take
    them from memory (fewer system calls than each opening the file). A file that has grown
    past the size limit since it was found (still being copied in) is refused all the same."""
    most = int(limits.file_mb * 2**20)
    try:
        with open(path, "rb") as handle:
            data = handle.read(most + 1)
    except OSError as exc:
        raise OverLimit("file.corrupt", detail=str(exc)[:200], damage="io") from exc
    if len(data) > most:
        raise OverLimit("file.too_big", size=round(len(data) / 2**20), limit=round(limits.file_mb))
    return data


def _plain_directory(data: bytes, offset: int) -> list[Member] | None:
    """The members from the last 64 KiB of the file (starting at *offset*), or None when the
    directory is not simply there."""
    if len(data) < _END.size or data[-_END.size : -_END.size + 4] != b"PK\x05\x06":
        return None  # a comment after the record, or no record: zipfile searches
    _, disk, _, _, count, length, start, _ = _END.unpack_from(data, len(data) - _END.size)
    if disk or count == 0xFFFF or start == 0xFFFFFFFF or length == 0xFFFFFFFF:
        return None  # multi-disk or zip64
    at = start - offset
    if at < 0 or at + length != len(data) - _END.size:
        return None  # the directory is not where the record says, or not all in the tail
    members: list[Member] = []
    for _ in range(count):
        entry = _ENTRY.unpack_from(data, at)
        if entry[0] != b"PK\x01\x02":
            return None
        compressed, uncompressed = entry[_SIZES]
        if compressed == 0xFFFFFFFF or uncompressed == 0xFFFFFFFF:
            return None  # zip64 sizes live in the extra field
        name_length, extra_length, comment_length = entry[10:13]
        name = data[at + _ENTRY.size : at + _ENTRY.size + name_length]
        members.append(
            (name.decode("utf-8", "replace"), uncompressed, compressed, entry[4], entry[-1])
        )
        at += _ENTRY.size + name_length + extra_length + comment_length
    return members if at == len(data) - _END.size else None
