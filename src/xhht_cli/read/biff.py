"""The extent of the sheets of binary workbooks (xls, xlsb), from their cell records.

calamine builds a dense grid from a sheet's first to its last cell, and for an xls it also
reserves room for as many cells as the DIMENSIONS record says: either may be made to ask for
gigabytes. So before calamine reads the file, each sheet's records are walked (a few hundred in
a report) and a sheet whose cells, or whose DIMENSIONS, span more than
:data:`~xhht_cli.read.extent.GRID_CELLS` is refused, naming it and its range. An xls's
Workbook stream comes out of its OLE container through :mod:`xhht_cli.read.ole`, which refuses
a sector chain that loops or runs past the file.
"""

from __future__ import annotations

import struct

from xhht_cli.read.cells import SheetsUnreadable
from xhht_cli.read.extent import GRID_CELLS, sheet_parts, too_large
from xhht_cli.read.limits import Limits, Member
from xhht_cli.read.ole import workbook_stream
from xhht_cli.read.zipped import read_member

_BOF, _EOF, _FILEPASS, _BOUNDSHEET, _DIMENSIONS = 0x0809, 0x000A, 0x002F, 0x0085, 0x0200
_MULRK = 0x00BD
# Records holding one value at (row, column), BIFF2 to BIFF8: what calamine keeps as cells.
_VALUES = frozenset(
    {0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006, 0x0002, 0x0003, 0x0004, 0x0005}
    | {0x0206, 0x0406}
)
_WORD2 = struct.Struct("<HH")


def refuse_over(sheet: str, top: int, left: int, bottom: int, right: int) -> None:
    if (abs(bottom - top) + 1) * (abs(right - left) + 1) > GRID_CELLS:
        raise too_large(sheet, top, left, bottom, right)


def _globals(stream: bytes) -> list[tuple[str, int]]:
    """(name, position) of each sheet, from the BOUNDSHEET records of the globals substream;
    an encrypted workbook (FILEPASS) is refused."""
    sheets: list[tuple[str, int]] = []
    at, end = 0, len(stream)
    while at + 4 <= end:
        kind, length = _WORD2.unpack_from(stream, at)
        start, at = at + 4, at + 4 + length
        if kind == _FILEPASS:
            raise SheetsUnreadable("file.encrypted")
        if kind == _BOUNDSHEET and length >= 8:
            (position,) = struct.unpack_from("<I", stream, start)
            sheets.append((_sheet_name(stream[start + 6 : start + length]), position))
        elif kind == _EOF:
            break
    return sheets


def _dimensions(stream: bytes, start: int, length: int) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) that a DIMENSIONS record says (bottom and right one past)."""
    if length >= 14:  # BIFF8: 32-bit rows
        top, bottom, left, right = struct.unpack_from("<IIHH", stream, start)
    elif length >= 8:  # BIFF5 and older: 16-bit rows
        top, bottom, left, right = struct.unpack_from("<HHHH", stream, start)
    else:
        return None
    return top, left, bottom, right


def _sheet(stream: bytes, name: str, at: int) -> None:
    """Refuse the sheet whose substream starts at *at* if its cells or its DIMENSIONS span
    more than the grid allows. Embedded substreams (charts) are passed over, as calamine does."""
    depth, end, seen = 0, len(stream), False
    top = left = 1 << 40
    bottom = right = -1
    unpack = _WORD2.unpack_from
    while at + 4 <= end:
        kind, length = unpack(stream, at)
        start, at = at + 4, at + 4 + length
        if kind == _BOF:
            depth += seen
            seen = True
        elif kind == _EOF:
            if not depth:
                break
            depth -= 1
        elif depth:
            continue
        elif kind in _VALUES and length >= 4:
            row, col = unpack(stream, start)
            top, bottom = min(top, row), max(bottom, row)
            left, right = min(left, col), max(right, col)
        elif kind == _MULRK and length >= 6:
            row, col = unpack(stream, start)
            (last,) = struct.unpack_from("<H", stream, start + length - 2)
            top, bottom = min(top, row), max(bottom, row)
            left, right = min(left, col), max(right, last)
        elif kind == _DIMENSIONS:
            said = _dimensions(stream, start, length)
            if said is not None and said[2] > said[0] and said[3] > said[1]:
                refuse_over(name, said[0], said[1], said[2] - 1, said[3] - 1)
    if bottom >= 0:
        refuse_over(name, top, left, bottom, right)


def check_xls(data: bytes) -> None:
    """Refuse an xls that is encrypted, or a sheet of which spans more than
    :data:`GRID_CELLS` (its cells, or its DIMENSIONS record), before calamine reads it."""
    stream = workbook_stream(data)
    if stream is None:
        return  # not an Excel workbook inside: calamine's error says so
    for name, position in _globals(stream):
        try:
            _sheet(stream, name, position)
        except struct.error:
            continue  # a record cut short: calamine's error says how


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


# -- xlsb ----------------------------------------------------------------------------------------

_ROW_HEADER, _END_SHEET_DATA = 0x0000, 0x0092
_XLSB_VALUES = frozenset(range(0x0002, 0x000C))  # BrtCellRk … BrtFmlaError (BrtCellBlank: 1)


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


def _xlsb_sheet(name: str, part: bytes) -> None:
    top = left = 1 << 40
    bottom = right = -1
    row, at, end = 0, 0, len(part)
    unpack = struct.unpack_from
    while at < end:
        kind = part[at]  # a record's type: one or two bytes of 7 bits
        if kind < 0x80:
            at += 1
        else:
            kind, at = (kind & 0x7F) | (part[at + 1] & 0x7F) << 7, at + 2
        size = part[at]  # its size: one to four bytes of 7 bits
        if size < 0x80:
            at += 1
        else:
            size, at = _varint(part, at, 4)
        if kind in _XLSB_VALUES and size >= 4:
            (col,) = unpack("<I", part, at)
            top, bottom = min(top, row), max(bottom, row)
            left, right = min(left, col), max(right, col)
        elif kind == _ROW_HEADER and size >= 4:
            (row,) = unpack("<I", part, at)
        elif kind == _END_SHEET_DATA:
            break
        at += size
    if bottom >= 0:
        refuse_over(name, top, left, bottom, right)


def check_xlsb(data: bytes, members: list[Member], limits: Limits | None = None) -> None:
    """Refuse an xlsb a sheet of which spans more than :data:`GRID_CELLS` (its cells)."""
    for member in sheet_parts(members, ".bin"):
        part = read_member(data, member, limits)
        try:
            _xlsb_sheet(member[0].rsplit("/", 1)[-1], part)
        except (struct.error, IndexError):
            continue
