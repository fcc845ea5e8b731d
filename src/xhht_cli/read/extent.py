"""How many cells a workbook reader would build, known before it builds them.

calamine turns a sheet into a dense grid from its first to its last cell before our window of
5,000 rows × 100 columns applies: a 1.5 KB xlsx holding A1 and CV1000000 asks for 3.2 GB, one
holding A1 and XFD1048576 for 512 GB (the allocation aborts the process). So each sheet's
extent is read first, from what the format says of it:

- xlsx: the sheet part's ``<dimension ref=…>`` (its first bytes, inflated from the bytes already
  in memory: a few microseconds), else the largest and smallest cell references in the part;
- xlsb: the sheet part's BrtWsDim record;
- xls: each sheet's DIMENSIONS record in the Workbook stream (olefile opens the container);
  the FILEPASS record there says the file is encrypted.

A sheet over :data:`GRID_CELLS` is read by a streaming reader within the window (xlsx), or the
file is refused with a message saying which sheet and range (xls, xlsb: no streaming reader).
A file that lies about its extent is stopped by the worker's memory ceiling (read/pool.py).
"""

from __future__ import annotations

import io
import re
import struct
import zlib

from xhht_cli.read.cells import SheetsUnreadable
from xhht_cli.read.limits import Member
from xhht_cli.values.findings import cell_ref

# calamine's cells are 32 bytes; python-calamine copies the grid once more. 2 million cells
# (about 130 MB at worst) pass — a 200,000-row household list of 6 columns still does.
GRID_CELLS = 2_000_000

_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?"'
)
_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d{1,7})"')
_LOCAL = struct.Struct("<4s22xHH")  # a local file header: signature … name and extra lengths
# Inflated bytes in which a sheet part's <dimension> is looked for: Excel, XlsxWriter and
# openpyxl write it within the first 600; after a long <sheetPr>, within 4 KiB.
_HEADS = (600, 4096)


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


def _member_bytes(data: bytes, member: Member, most: int = 0) -> bytes:
    """A member's content (its first *most* bytes when *most*), inflated from *data*."""
    _, _, size, method, offset = member
    signature, name_length, extra_length = _LOCAL.unpack_from(data, offset)
    if signature != b"PK\x03\x04":
        raise ValueError("no local header")
    start = offset + _LOCAL.size + name_length + extra_length
    # The head of a sheet needs only the head of its deflated bytes (a block's code tables
    # take a few hundred): no copy of the whole member.
    end = start + (min(size, most + 1024) if most else size)
    raw = memoryview(data)[start:end]
    if method == 0:
        return bytes(raw[:most] if most else raw)
    if method != 8:
        raise ValueError(f"compression method {method}")
    return zlib.decompressobj(-15).decompress(raw, most)


def _area(top: int, left: int, bottom: int, right: int) -> int:
    return (abs(bottom - top) + 1) * (abs(right - left) + 1)


def _xlsx_extent(data: bytes, member: Member) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of a sheet part, 0-based."""
    for most in _HEADS:
        found = _DIMENSION.search(_member_bytes(data, member, most))
        if found:
            break
    if found:
        left, top = _column(found[1]), int(found[2]) - 1
        if found[3]:
            return top, left, int(found[4]) - 1, _column(found[3])
        return top, left, top, left
    top = left = 2**31
    bottom = right = 0
    for match in _REF.finditer(_member_bytes(data, member)):
        row, col = int(match[2]) - 1, _column(match[1])
        top, left = min(top, row), min(left, col)
        bottom, right = max(bottom, row), max(right, col)
    return (0, 0, 0, 0) if bottom < top else (top, left, bottom, right)


def _sheet_parts(members: list[Member], suffix: str) -> list[Member]:
    named = [m for m in members if "worksheets" in m[0] and m[0].endswith(suffix)]
    if named:
        return named
    # The workbook at the package root, parts named at will: any part not known to be
    # something else may be a sheet.
    others = ("styles", "sharedStrings", "workbook", "theme", "rels", "Content_Types", "docProps")
    return [m for m in members if m[0].endswith(suffix) and not any(o in m[0] for o in others)]


def xlsx_fits(data: bytes, members: list[Member]) -> bool:
    """Whether every sheet of an xlsx is small enough for calamine's dense grid."""
    try:
        return all(
            _area(*_xlsx_extent(data, member)) <= GRID_CELLS
            for member in _sheet_parts(members, ".xml")
        )
    except (ValueError, zlib.error, struct.error, IndexError):
        return True  # damaged: calamine's error says how, and the memory ceiling holds


def _varint(data: bytes, at: int, most: int) -> tuple[int, int]:
    value = shift = 0
    for _ in range(most):
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            break
    return value, at


def check_xlsb(data: bytes, members: list[Member]) -> None:
    """Refuse an xlsb a sheet of which spans more than :data:`GRID_CELLS` (BrtWsDim)."""
    for member in _sheet_parts(members, ".bin"):
        try:
            head = _member_bytes(data, member, 512)
            at = 0
            for _ in range(8):  # BrtWsDim follows BrtBeginSheet and BrtWsProp
                kind, at = _varint(head, at, 2)
                size, at = _varint(head, at, 4)
                if kind == 0x94 and size >= 16:
                    top, bottom, left, right = struct.unpack_from("<4I", head, at)
                    _refuse_over(member[0].rsplit("/", 1)[-1], top, left, bottom, right)
                    break
                at += size
        except (ValueError, zlib.error, struct.error, IndexError):
            continue


def _refuse_over(sheet: str, top: int, left: int, bottom: int, right: int) -> None:
    if _area(top, left, bottom, right) > GRID_CELLS:
        raise SheetsUnreadable(
            "sheet.too_large",
            params={
                "sheet": sheet,
                "range": f"{cell_ref(min(top, bottom), min(left, right))}:"
                f"{cell_ref(max(top, bottom), max(left, right))}",
            },
        )


_BOF, _EOF, _FILEPASS, _BOUNDSHEET, _DIMENSIONS = 0x0809, 0x000A, 0x002F, 0x0085, 0x0200


def _records(stream: bytes, at: int) -> list[tuple[int, int, int]]:
    """(type, start of body, length) of the records of one substream, from BOF to EOF."""
    out: list[tuple[int, int, int]] = []
    while at + 4 <= len(stream) and len(out) < 1_000_000:
        kind, length = struct.unpack_from("<HH", stream, at)
        out.append((kind, at + 4, length))
        at += 4 + length
        if kind == _EOF:
            break
    return out


def _workbook_stream(data: bytes) -> bytes | None:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            for name in ("Workbook", "Book"):
                if ole.exists(name):
                    return bytes(ole.openstream(name).read())
    except (OSError, ValueError, struct.error, IndexError, KeyError, TypeError):
        return None
    return None


def check_xls(data: bytes) -> None:
    """Refuse an xls that is encrypted, or a sheet of which spans more than
    :data:`GRID_CELLS` (its DIMENSIONS record), before calamine reads it."""
    stream = _workbook_stream(data)
    if stream is None:
        return  # not an Excel workbook inside: calamine's error says so
    sheets: list[tuple[str, int]] = []
    for kind, start, length in _records(stream, 0):
        if kind == _FILEPASS:
            raise SheetsUnreadable("file.encrypted")
        if kind == _BOUNDSHEET and length >= 8:
            (position,) = struct.unpack_from("<I", stream, start)
            sheets.append((_sheet_name(stream[start + 6 : start + length]), position))
    for name, position in sheets:
        for kind, start, length in _records(stream, position):
            if kind == _DIMENSIONS:
                if length >= 14:  # BIFF8: 32-bit rows, one past the last row and column
                    top, bottom, left, right = struct.unpack_from("<IIHH", stream, start)
                elif length >= 8:  # BIFF5 and older: 16-bit rows
                    top, bottom, left, right = struct.unpack_from("<HHHH", stream, start)
                else:
                    break
                if bottom > top and right > left:
                    _refuse_over(name, top, left, bottom - 1, right - 1)
                break


def _sheet_name(body: bytes) -> str:
    """A BOUNDSHEET's name: a short Unicode string (BIFF8) or bytes (older)."""
    if len(body) < 2:
        return "?"
    length, flags = body[0], body[1]
    if flags & 1:
        return body[2 : 2 + 2 * length].decode("utf-16-le", "replace")
    if flags == 0:
        return body[2 : 2 + length].decode("latin-1")
    return body[1 : 1 + length].decode("latin-1")
