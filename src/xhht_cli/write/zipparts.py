"""The zip archive a summary workbook is stored in, its parts deflated on every core.

xlsxwriter stores a workbook by handing ``zipfile.ZipFile`` the file of each part in turn
(``write(filename, arcname)``, then ``close()``), and zipfile deflates each 8 KB at a time on the
calling thread. A national summary holds 47 MB of sheet XML: a quarter of a second on one core
at the very end of a run, with the other core idle. :class:`PartsZip` takes the same calls but
reads each part whole when it is handed over and deflates it on a pool of threads (zlib lets
go of the interpreter while it works), in pieces of :data:`PIECE` bytes, joined as pigz joins
them: every piece but a part's last ends with a sync flush, which closes its last block on a
byte boundary without marking it final, so the pieces one after another are one deflate
stream (RFC 1951, 3.2.3). A piece deflated on its own finds no match in the piece before it:
the archive is 0.03 % larger. The pieces are cut by size alone, so the same parts give the
same bytes on any number of cores; a part smaller than a piece comes out exactly as zipfile
deflates it.

The archive is then written as zipfile writes one (APPNOTE.TXT 4.3): each part's local header
and data in order, the central directory, its end record; the names, times and attributes
are those ``zipfile.ZipInfo.from_file`` gives. An archive that would need ZIP64 (a size or
offset past 2 GiB, as zipfile counts, or more than 65,535 parts) is handed to zipfile whole.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import BinaryIO

PIECE = 1 << 22  # 4 MiB: a national TheoXa (36 MB) is nine pieces
_LIMIT = zipfile.ZIP64_LIMIT  # past this zipfile writes ZIP64 records
_VERSION = 20  # 2.0: deflate (APPNOTE.TXT 4.4.3.2), as zipfile writes it
_UTF8 = 0x800  # general purpose bit 11: the name is UTF-8
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


def _deflate(data: memoryview, level: int, last: bool) -> bytes:
    deflater = zlib.compressobj(level, zlib.DEFLATED, -15)
    return deflater.compress(data) + deflater.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


@dataclass
class _Part:
    info: zipfile.ZipInfo
    data: bytes
    pieces: list[Future[bytes]]
    crc: Future[int]


class PartsZip:
    """What xlsxwriter's ``_store_workbook`` calls of a ``zipfile.ZipFile`` opened for writing
    on disk (the constructor's arguments, ``write``, ``close``; an ``in_memory`` workbook,
    which calls ``writestr``, is never one of ours), deflating at *level* on *pool*. Nothing
    is written to *file* before :meth:`close`."""

    def __init__(
        self,
        file: str | BinaryIO,
        mode: str = "w",
        compression: int = zipfile.ZIP_DEFLATED,
        allowZip64: bool = True,  # zipfile's own keyword
        *,
        pool: Executor,
        level: int,
    ) -> None:
        if mode != "w" or compression != zipfile.ZIP_DEFLATED:
            raise ValueError(f"PartsZip writes deflated archives, not mode {mode!r}/{compression}")
        self.file = file
        self.allow_zip64 = allowZip64
        self.pool = pool
        self.level = level
        self.parts: list[_Part] = []

    def write(self, filename: str, arcname: str) -> None:
        """Take the part in *filename* (the caller removes the file next) as *arcname*."""
        info = zipfile.ZipInfo.from_file(filename, arcname)
        with open(filename, "rb") as part:
            data = part.read()
        info.compress_type = zipfile.ZIP_DEFLATED
        view = memoryview(data)
        cuts = range(0, max(len(data), 1), PIECE)
        pieces = [
            self.pool.submit(_deflate, view[at : at + PIECE], self.level, at + PIECE >= len(data))
            for at in cuts
        ]
        self.parts.append(_Part(info, data, pieces, self.pool.submit(zlib.crc32, view)))

    def close(self) -> None:
        """Write the archive: the parts in the order they were given."""
        deflated = [[piece.result() for piece in part.pieces] for part in self.parts]
        for part, pieces in zip(self.parts, deflated, strict=True):
            part.info.CRC = part.crc.result()
            part.info.file_size = len(part.data)
            part.info.compress_size = sum(len(piece) for piece in pieces)
        if self._needs_zip64():
            self._close_with_zipfile()
            return
        if isinstance(self.file, str):
            with open(self.file, "wb") as out:
                self._write(out, deflated)
        else:
            self._write(self.file, deflated)

    def _needs_zip64(self) -> bool:
        size = sum(len(p.info.filename.encode()) + 30 + p.info.compress_size for p in self.parts)
        return (
            len(self.parts) > 0xFFFF
            or size > _LIMIT
            or any(p.info.file_size > _LIMIT or p.info.compress_size > _LIMIT for p in self.parts)
        )

    def _write(self, out: BinaryIO, deflated: list[list[bytes]]) -> None:
        central: list[bytes] = []
        offset = 0
        for part, pieces in zip(self.parts, deflated, strict=True):
            info = part.info
            name, flags = _name(info.filename)
            time, date = _dos(info.date_time)
            fields = (info.CRC, info.compress_size, info.file_size, len(name))
            out.write(
                _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, 8, time, date, *fields, 0) + name
            )
            out.writelines(pieces)
            central.append(
                _CENTRAL.pack(
                    b"PK\x01\x02",
                    _VERSION,
                    info.create_system,
                    _VERSION,
                    0,
                    flags,
                    8,
                    time,
                    date,
                    *fields,
                    0,  # extra field
                    0,  # comment
                    0,  # disk
                    info.internal_attr,
                    info.external_attr,
                    offset,
                )
                + name
            )
            offset += _LOCAL.size + len(name) + info.compress_size
        directory = b"".join(central)
        count = len(central)
        out.write(directory)
        out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0))

    def _close_with_zipfile(self) -> None:
        with zipfile.ZipFile(
            self.file, "w", zipfile.ZIP_DEFLATED, allowZip64=self.allow_zip64
        ) as archive:
            for part in self.parts:
                archive.writestr(part.info, part.data, zipfile.ZIP_DEFLATED, self.level)


def _name(filename: str) -> tuple[bytes, int]:
    try:
        return filename.encode("ascii"), 0
    except UnicodeEncodeError:
        return filename.encode("utf-8"), _UTF8


def _dos(when: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    """A part's time and date as a zip entry keeps them (two seconds apart)."""
    year, month, day, hour, minute, second = when
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
