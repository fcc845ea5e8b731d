"""The streams of an OLE (Compound File) container — an .xls, an encrypted Office file — read
with every sector chain checked.

A chain of sectors may be made to loop: calamine follows the directory's chain "to its end"
and a stream's chain up to the length its entry declares (up to 4 GB), so a looping chain takes
it to all the memory there is (PhpSpreadsheet's ``oleloop.xls``: 616 MB, then an abort). This
reader walks the same chains calamine walks — the DIFAT, the directory, the mini stream and its
FAT, the stream asked for — and refuses, as a damaged file, a chain that comes back on itself,
points past the end of the file or outside the FAT; it costs a few hundred microseconds."""

from __future__ import annotations

import struct

from xhht_cli.read.cells import SheetsUnreadable

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END, _RESERVED, _DIFSECT = 0xFFFFFFFE, 0xFFFFFFFA, 0xFFFFFFFC
_WORKBOOK = ("Workbook", "Book", "WORKBOOK", "BOOK")  # the names calamine tries, in order


def _damaged(what: str) -> SheetsUnreadable:
    return SheetsUnreadable("file.corrupt", damage="ole_chain", params={"what": what})


class Ole:
    """The container's header, FAT, directory and mini stream, every chain checked."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(SIGNATURE):
            raise _damaged("header")
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise _damaged("header")
        self.data, self.size = data, 1 << shift
        self.version = struct.unpack_from("<H", data, 26)[0]
        self.maxid = len(data) // self.size
        self.fat = self._fat()
        (dir_start,) = struct.unpack_from("<I", data, 48)
        directory = self._read(self._chain(dir_start, self.fat, 1 << 62, "directory"))
        self.entries = [directory[at : at + 128] for at in range(0, len(directory) - 127, 128)]
        if not self.entries:
            raise _damaged("directory")
        self.mini_fat: list[int] = []
        self.mini_stream = b""
        mini_start, mini_sectors = struct.unpack_from("<II", data, 60)
        if mini_sectors:
            root_start, root_length = self._entry(self.entries[0])
            self.mini_stream = self._read(
                self._chain(root_start, self.fat, root_length, "mini stream"), root_length
            )
            table = self._read(
                self._chain(mini_start, self.fat, mini_sectors * self.size, "mini FAT")
            )
            self.mini_fat = list(struct.unpack_from(f"<{len(table) // 4}I", table))

    def _sector(self, sector: int) -> bytes:
        start = (sector + 1) * self.size
        return self.data[start : start + self.size]

    def _fat(self) -> list[int]:
        difat = list(struct.unpack_from("<109I", self.data, 76))
        sector, seen = struct.unpack_from("<I", self.data, 68)[0], set()
        while sector < _RESERVED:
            if sector in seen or sector > self.maxid:
                raise _damaged("DIFAT")
            seen.add(sector)
            block = self._sector(sector)
            difat.extend(struct.unpack_from(f"<{len(block) // 4}I", block))
            sector = difat.pop()
        fat: list[int] = []
        for sector in difat:
            if sector < _DIFSECT:
                if sector > self.maxid:
                    raise _damaged("FAT")
                block = self._sector(sector)
                fat.extend(struct.unpack_from(f"<{len(block) // 4}I", block))
        return fat

    def _chain(
        self, sector: int, fat: list[int], length: int, what: str, size: int = 0, maxid: int = 0
    ) -> list[int]:
        """The sectors of a chain, as far as *length* bytes need; a loop, a sector past the end
        of the file or outside the FAT is damage."""
        size, maxid = size or self.size, maxid or self.maxid
        chain: list[int] = []
        seen: set[int] = set()
        while sector != _END:
            if sector > maxid or sector in seen:
                raise _damaged(what)
            seen.add(sector)
            chain.append(sector)
            if len(chain) * size >= length:
                break
            if sector >= len(fat):
                raise _damaged(what)
            sector = fat[sector]
        return chain

    def _read(self, chain: list[int], length: int | None = None) -> bytes:
        out = b"".join(self._sector(sector) for sector in chain)
        return out if length is None else out[:length]

    def _entry(self, entry: bytes) -> tuple[int, int]:
        (start,) = struct.unpack_from("<I", entry, 116)
        if self.size == 512:
            (length,) = struct.unpack_from("<I", entry, 120)
        else:
            (length,) = struct.unpack_from("<Q", entry, 120)
        return start, length

    def names(self) -> list[str]:
        return [
            entry[:64].decode("utf-16-le", "replace").split("\0", 1)[0] for entry in self.entries
        ]

    def stream(self, name: str) -> bytes | None:
        """The named stream (the first entry of that name), None when there is none."""
        names = self.names()
        if name not in names:
            return None
        start, length = self._entry(self.entries[names.index(name)])
        if length < 4096:
            chain = self._chain(start, self.mini_fat, length, name, 64, self.maxid * 8)
            out = b"".join(self.mini_stream[s * 64 : s * 64 + 64] for s in chain)
            return out[:length]
        return self._read(self._chain(start, self.fat, length, name), length)


def workbook_stream(data: bytes) -> bytes | None:
    """The Workbook (or, before Excel 97, Book) stream of an xls; None when the container holds
    neither (not an Excel file: calamine says so). A looping or broken chain is damage."""
    try:
        ole = Ole(data)
        for name in _WORKBOOK:
            stream = ole.stream(name)
            if stream is not None:
                return stream
    except (struct.error, IndexError) as exc:
        raise _damaged("header") from exc
    return None
