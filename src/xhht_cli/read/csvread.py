"""CSV files: their text (UTF-8, UTF-16, or lines in Windows Vietnamese) and their records,
read within the window as they are parsed.

The standard library's reader builds every field of a record before the caller can cut it: a
45 MB line of 15 million fields became 15 million strings (1 GB) before the window of 100
columns applied. This reader reads fields the way the ``csv`` module does (the Excel dialect:
``"…"`` quotes, ``""`` inside them, line ends inside quotes, text after a closing quote kept)
but takes only the first :data:`~xhht_cli.read.cells.MAX_COLS` fields of a record and steps over
the rest with one search, and stops after :data:`~xhht_cli.read.cells.MAX_ROWS` records. A field
of the window longer than :data:`FIELD_LIMIT` characters is damage, named by its cell.
"""

from __future__ import annotations

import re
from typing import Any

from xhht_cli.base.text import utf8_or_cp1258_lines
from xhht_cli.read.cells import MAX_COLS, MAX_ROWS, Sheet, SheetsUnreadable
from xhht_cli.values.findings import cell_ref

FIELD_LIMIT = (
    131_072  # what the csv module allows by default (the message says it: damage.csv_field)
)
_MIXED_LINES = 100_000  # lines decoded one by one when a file mixes encodings; the rest at once
_QUOTED = re.compile(r'"((?:[^"]++|"")*+)("?)', re.DOTALL)
# The rest of a record: unquoted text, and quoted text (line ends and all), to its end.
_REST = re.compile(r'(?:[^"\r\n]++|"(?:[^"]++|"")*+"?)*+', re.DOTALL)


def decode_text(data: bytes) -> tuple[str, bool]:
    """Text of a CSV, and whether its lines were in different encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), False
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    # Lines pasted from several sources: each line UTF-8 if it can be, else Windows Vietnamese
    # (the first lines one by one — a report is read from them —, the rest as one block).
    return utf8_or_cp1258_lines(data, _MIXED_LINES), True


class _Reader:
    def __init__(self, text: str, delimiter: str) -> None:
        self.text, self.delimiter = text, delimiter
        self.unquoted = re.compile(f"[^{re.escape(delimiter)}\r\n]*+")
        self.truncated = False

    def _field(self, at: int, row: int, col: int) -> tuple[str, int]:
        text = self.text
        quoted = _QUOTED.match(text, at) if text.startswith('"', at) else None
        rest = self.unquoted.match(text, at if quoted is None else quoted.end())
        assert rest is not None  # the pattern matches empty text
        if rest.end() - at > FIELD_LIMIT:  # told before the field is built
            raise SheetsUnreadable(
                "file.corrupt",
                damage="csv_field",
                params={"cell": cell_ref(row, col)},
            )
        if quoted is None:
            return rest[0], rest.end()
        return quoted[1].replace('""', '"') + rest[0], rest.end()

    def _record(self, at: int, row: int) -> tuple[list[Any], int]:
        """The fields of the record at *at* (the window's), and where the next one starts."""
        text, size, delimiter = self.text, len(self.text), self.delimiter
        fields: list[Any] = []
        if at < size and text[at] in "\r\n":  # an empty line: no field
            return fields, at + (2 if text.startswith("\r\n", at) else 1)
        while True:
            if len(fields) == MAX_COLS:
                rest = _REST.match(text, at)
                assert rest is not None
                if rest.end() > at:
                    self.truncated = True
                at = rest.end()
                break
            value, at = self._field(at, row, len(fields))
            fields.append(value)
            if at < size and text[at] == delimiter:
                at += 1
                continue
            break
        if text.startswith("\r\n", at):
            return fields, at + 2
        return fields, at + 1

    def rows(self) -> list[list[Any]]:
        rows: list[list[Any]] = []
        at, size = 0, len(self.text)
        while at < size:
            if len(rows) == MAX_ROWS:
                self.truncated = True
                break
            fields, at = self._record(at, len(rows))
            rows.append(fields)
        return rows


def csv_sheet(name: str, data: bytes) -> Sheet:
    text, mixed = decode_text(data)
    text = text.replace("\x00", "")  # NUL bytes (UTF-16 saved without its mark, damage)
    sample = text[:10_000]
    delimiter = max((",", ";", "\t"), key=sample.count)
    reader = _Reader(text, delimiter)
    sheet = Sheet(name, reader.rows(), reader.truncated)
    if mixed:
        sheet.warnings.append("text.mixed_encoding")
    return sheet
