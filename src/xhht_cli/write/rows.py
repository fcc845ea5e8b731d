"""Whole rows of plain values for xlsxwriter's constant-memory worksheets, in one call.

xlsxwriter spends about 4 µs on a cell: ``write_number`` checks and stores it, and the row
writer later turns it back into XML one attribute at a time. The summary of a national batch
has some 700,000 cells (10,599 communes × 61 columns), so that alone took three seconds — half
of what the simplest script needs to read all the files. :class:`RowSheet` is a worksheet
(xlsxwriter's documented ``worksheet_class`` extension point) with one more method that writes
a row of numbers and strings straight into the sheet's row data, the XML xlsxwriter's own
constant-memory writer produces for the same cells (inline strings, ``.16G`` numbers, control
characters as ``_xHHHH_``). Everything else about the sheet — formats, merged titles, panes,
filters, charts over its cells — stays xlsxwriter's. ``tests/test_summary.py`` checks the two
ways give the same cells.

:class:`SummaryWorkbook` is the workbook these sheets go in. It stores its parts with deflate at
level 1 rather than zipfile's default 6: on the 25 MB of sheet XML of a national summary that
is 0.13 s instead of 0.40 s, for a file about a quarter larger (6.4 MB instead of 5.1 MB).
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from typing import Any

import xlsxwriter.workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

Cell = tuple[str | int | float, Format] | None  # None: leave the cell empty

_ESCAPE = re.compile(r"[&<>]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{4}_")
_MAX_STRING = 32_767  # Excel's limit, which xlsxwriter's write_string also keeps
_EXACT = 2**53  # whole numbers below this are exact as floats: str() prints what .16G does


def _control(match: re.Match[str]) -> str:
    found = match.group(0)
    if len(found) == 1:
        return f"_x{ord(found):04X}_"
    return "_x005F" + found  # a literal "_x0041_" must not read back as "A"


def _string_xml(text: str) -> str:
    if len(text) > _MAX_STRING:
        text = text[:_MAX_STRING]
    if _CONTROL.search(text):
        text = _CONTROL.sub(_control, text)
    if _ESCAPE.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


class RowSheet(Worksheet):  # type: ignore[misc]  # xlsxwriter ships no type hints
    """A worksheet that also takes whole rows: ``write_cells(row, col, cells)``.

    Only for a workbook opened with ``constant_memory``; rows must go down the sheet, and a
    row is written either cell by cell or by ``write_cells``, not both.
    """

    def __init__(self) -> None:
        super().__init__()
        self._letters: list[str] = []
        self._styles: dict[int, str] = {}  # id of a format → its style index, as text
        self._last_bulk = -1

    def _ref(self, col: int) -> str:
        letters = self._letters
        while len(letters) <= col:
            letters.append(xl_col_to_name(len(letters)))
        return letters[col]

    def write_cells(self, row: int, col: int, cells: Sequence[Cell]) -> None:
        """Write *cells* (value and format, or None for an empty cell) from (row, col) right."""
        if not self.constant_memory:
            raise RuntimeError("RowSheet.write_cells needs a constant_memory workbook")
        if row <= self._last_bulk or row < self.previous_row or self.table.get(row):
            raise ValueError(f"row {row} is already written")
        if row in self.row_info:  # set_row's height or format would need xlsxwriter's writer
            raise ValueError(f"row {row} has row settings; write it cell by cell")
        if not any(cell is not None for cell in cells):
            return
        last = col + len(cells) - 1
        if self._check_dimensions(row, col) or self._check_dimensions(row, last):
            raise ValueError(f"row {row}, columns {col}–{last} are outside the sheet")
        if row > self.previous_row or self.table:
            self._write_single_row(row)  # what xlsxwriter still holds goes out first
        self._last_bulk = row
        number = str(row + 1)
        self._ref(last)
        letters, styles = self._letters, self._styles
        parts = [f'<row r="{number}">']
        append = parts.append
        c = col - 1
        for cell in cells:
            c += 1
            if cell is None:
                continue
            value, fmt = cell
            style = styles.get(id(fmt))
            if style is None:  # a format's index is fixed once it is first asked for
                style = styles[id(fmt)] = str(fmt._get_xf_index())
            if type(value) is int and -_EXACT < value < _EXACT:  # str() is what .16G gives here
                append(f'<c r="{letters[c]}{number}" s="{style}"><v>{value}</v></c>')
            elif isinstance(value, str):
                append(f'<c r="{letters[c]}{number}" s="{style}" t="inlineStr">')
                append(_string_xml(value))
                append("</c>")
            elif isinstance(value, int) or math.isfinite(value):
                append(f'<c r="{letters[c]}{number}" s="{style}"><v>{value:.16G}</v></c>')
            else:
                raise ValueError(f"{value!r} cannot be written as a number")
        append("</row>")
        fh: Any = self.fh
        fh.write("".join(parts))


DEFLATE_LEVEL = 1


class _FastZip(zipfile.ZipFile):
    """The zip file xlsxwriter stores a workbook in, compressing at :data:`DEFLATE_LEVEL`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("compresslevel", DEFLATE_LEVEL)
        super().__init__(*args, **kwargs)


class SummaryWorkbook(Workbook):  # type: ignore[misc]  # xlsxwriter ships no type hints
    """An xlsxwriter workbook whose parts are deflated at :data:`DEFLATE_LEVEL`.

    xlsxwriter has no option for the level: it opens ``xlsxwriter.workbook.ZipFile`` in
    ``_store_workbook``, so that name is pointed at :class:`_FastZip` while this workbook is
    stored (and put back after, whatever happens).
    """

    def _store_workbook(self) -> None:
        module: Any = xlsxwriter.workbook
        original = module.ZipFile
        module.ZipFile = _FastZip
        try:
            super()._store_workbook()
        finally:
            module.ZipFile = original
