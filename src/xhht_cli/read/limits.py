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
"""

from __future__ import annotations

import os
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

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            _env("XHHT_MAX_UNCOMPRESSED_MB", cls.uncompressed_mb),
            _env("XHHT_MAX_MEMBER_MB", cls.member_mb),
            _env("XHHT_MAX_RATIO", cls.ratio),
            _env("XHHT_MAX_FILE_MB", cls.file_mb),
            _env("XHHT_FILE_SECONDS", cls.file_seconds),
        )


class OverLimit(Exception):
    """The file is over a limit; ``params`` fill the finding's message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def check_container(path: os.PathLike[str] | str, limits: Limits) -> None:
    """Read a zip's central directory (nothing is inflated) and refuse a bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise OverLimit("file.corrupt", detail=str(exc)[:200]) from exc
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 2**20 and ratio > limits.ratio:
            raise OverLimit(
                "file.zip_bomb",
                member=member.filename,
                ratio=round(ratio),
                limit=round(limits.ratio),
            )
        if member.file_size > limits.member_mb * 2**20:
            raise OverLimit(
                "file.too_big_inside",
                member=member.filename,
                size=round(member.file_size / 2**20),
                limit=round(limits.member_mb),
            )
    if total > limits.uncompressed_mb * 2**20:
        raise OverLimit(
            "file.too_big_inside",
            member="*",
            size=round(total / 2**20),
            limit=round(limits.uncompressed_mb),
        )
