"""Whole rows of plain values for xlsxwriter's constant-memory worksheets, in one call.

xlsxwriter spends about 4 µs on a cell: ``write_number`` checks and stores it, and the row
writer later turns it back into XML one attribute at a time. The summary of a national batch
has some 700,000 cells (10,599 communes × 61 columns), so that alone took three seconds — half
of what the simplest script needs to read all the files. :class:`RowSheet` is a worksheet
(xlsxwriter's documented ``worksheet_class`` extension point) with one more method that writes
a row of numbers and strings straight into the sheet's row data, the XML xlsxwriter's own
constant-memory writer produces for the same cells (inline strings, ``.16G`` numbers, control
characters as ``_xHHHH_``). Everything else about the sheet — formats, merged titles, panes,
filters, charts over its cells — stays xlsxwriter's. ``tests/test_rows.py`` checks the two
ways give the same cells.

:meth:`RowSheet.write_rows` writes a whole table that way, one row per item. Rendering the
rows is the one long stretch of the summary that runs on a single core (the reading before it
uses them all), so with thousands of rows a forked child renders the first part while this
process renders the rest and the other sheets; the parts are joined in order before the sheet
is stored, and a child that fails is replaced by rendering its part here.

:class:`SummaryWorkbook` is the workbook these sheets go in. It stores its parts with deflate at
level 1 rather than zipfile's default 6 (on the 25 MB of sheet XML of a national summary that
was 0.13 s instead of 0.40 s, for a file about a quarter larger), on every core
(:mod:`xhht_cli.write.zipparts`). A sheet's rows go from their file into the sheet's part as
bytes: xlsxwriter's copy decodes and encodes them again (0.14 s for a national TheoXa).

These rely on parts of xlsxwriter it does not document (``_write_single_row``,
``_check_dimensions``, ``Format._get_xf_index``, ``Workbook._store_workbook`` opening the
module's ``ZipFile``, ``_write_optimized_sheet_data`` and the files it copies, the sheet's
``fh``/``table``/``row_info``); ``tests/test_xlsxwriter_hooks.py``
fails by name if a new version changes one. Forking lives in :mod:`xhht_cli.write.fork`.
"""

from __future__ import annotations

import functools
import math
import os
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple, TextIO, TypeVar

import xlsxwriter.workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xhht_cli.write import fork
from xhht_cli.write.zipparts import PartsZip

Cell = tuple[str | int | float, Format] | None  # None: leave the cell empty
T = TypeVar("T")

_ESCAPE = re.compile(r"[&<>]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{4}_")
_EITHER = re.compile(r"[\x00-\x08\x0b-\x1f&<>]|_x[0-9A-Fa-f]{4}_")  # one search for most text
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
    if _EITHER.search(text):  # a national summary has 350,000 strings, almost all plain
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
        self._styles: dict[Format, str] = {}  # a format (hashed by identity) → its style index
        self._last_bulk = -1
        self._pending: _Pending | None = None
        self._new_formats = 0  # formats first given an index while rendering rows

    def _ref(self, col: int) -> str:
        letters = self._letters
        while len(letters) <= col:
            letters.append(xl_col_to_name(len(letters)))
        return letters[col]

    def write_cells(self, row: int, col: int, cells: Sequence[Cell]) -> None:
        """Write *cells* (value and format, or None for an empty cell) from (row, col) right."""
        self._settle()
        self._check_rows(row, row)
        if any(cell is not None for cell in cells):
            self._extend(row, row, col, col + len(cells) - 1)
            self.fh.write(self._row_xml(row, col, cells))

    def write_rows(
        self,
        row: int,
        col: int,
        items: Sequence[T],
        cells_of: Callable[[T], Sequence[Cell]],
        formats: Iterable[Format] = (),
        height_of: Callable[[T], float | None] | None = None,
    ) -> None:
        """One row per item from (row, col) down, the row's cells being ``cells_of(item)`` (the
        same width for every item): what :meth:`write_cells` would write for each in turn.
        *height_of* gives a row's height in points (None: the default), for wrapped text that
        LibreOffice would not grow a row for.

        With many rows, on a system that forks, a child process renders the first part of the
        rows while this one renders the rest and goes on with the workbook's other sheets; the
        parts are joined in order before anything else reaches this sheet's rows, and at the
        latest when the workbook is stored. A child that fails, or that meets a format this
        process has not given an index yet, is not trusted: its part is rendered here instead.
        *formats* are the formats the rows use, given their index here first for that reason.
        """
        self._settle()
        for fmt in formats:
            self._styles.setdefault(fmt, str(fmt._get_xf_index()))
        if not items:
            return
        width = len(cells_of(items[0]))
        end = row + len(items) - 1
        self._check_rows(row, end)
        self._extend(row, end, col, col + width - 1)
        split = round(len(items) * CHILD_SHARE) if _can_fork(len(items)) else 0
        child = (
            self._fork_rows(row, col, items[:split], cells_of, width, height_of) if split else None
        )
        if child is None:
            split = 0
        xml = self._row_xml
        tail = [
            xml(row + i, col, cells_of(item), width, height_of(item) if height_of else None)
            for i, item in enumerate(items)
            if i >= split
        ]
        self._pending = _Pending(child, row, col, items[:split], cells_of, width, tail, height_of)

    def _check_rows(self, first: int, last: int) -> None:
        """Rows *first*–*last* may be written: below everything written, no row settings."""
        if not self.constant_memory:
            raise RuntimeError("RowSheet rows need a constant_memory workbook")
        if first <= self._last_bulk or first < self.previous_row or self.table.get(first):
            raise ValueError(f"row {first} is already written")
        if any(first <= r <= last for r in self.row_info):  # set_row's height or format
            raise ValueError(f"row {first}–{last} has row settings; write it cell by cell")

    def _extend(self, first: int, last: int, col: int, last_col: int) -> None:
        """Count rows *first*–*last* in the sheet's dimensions, and let xlsxwriter write out
        the row it still holds."""
        if self._check_dimensions(first, col) or self._check_dimensions(last, last_col):
            raise ValueError(f"rows {first}–{last}, columns {col}–{last_col} are outside the sheet")
        if first > self.previous_row or self.table:
            self._write_single_row(first)
        self._last_bulk = last

    def _row_xml(
        self,
        row: int,
        col: int,
        cells: Sequence[Cell],
        width: int = -1,
        height: float | None = None,
    ) -> str:
        """The ``<row>`` element of *cells* from (row, col), or "" when they are all empty;
        *height* in points, as ``set_row`` writes it."""
        if width >= 0 and len(cells) != width:
            raise ValueError(f"row {row} has {len(cells)} cells, not {width}")
        number = str(row + 1)
        self._ref(col + len(cells) - 1)
        styles = self._styles
        parts = [
            f'<row r="{number}">'
            if height is None
            else f'<row r="{number}" ht="{height:g}" customHeight="1">'
        ]
        append = parts.append
        for letter, cell in zip(self._letters[col : col + len(cells)], cells, strict=True):
            if cell is None:
                continue
            value, fmt = cell
            style = styles.get(fmt)
            if style is None:  # a format's index is fixed once it is first asked for
                if fmt.xf_index is None:
                    self._new_formats += 1
                style = styles[fmt] = str(fmt._get_xf_index())
            if value.__class__ is int and -_EXACT < value < _EXACT:  # str() is what .16G gives
                append(f'<c r="{letter}{number}" s="{style}"><v>{value}</v></c>')
            elif isinstance(value, str):
                append(
                    f'<c r="{letter}{number}" s="{style}" t="inlineStr">{_string_xml(value)}</c>'
                )
            elif isinstance(value, int) or math.isfinite(value):
                append(f'<c r="{letter}{number}" s="{style}"><v>{value:.16G}</v></c>')
            else:
                raise ValueError(f"{value!r} cannot be written as a number")
        if len(parts) == 1:
            return ""
        append("</row>")
        return "".join(parts)

    def _fork_rows(
        self,
        row: int,
        col: int,
        items: Sequence[T],
        cells_of: Callable[[T], Sequence[Cell]],
        width: int,
        height_of: Callable[[T], float | None] | None = None,
    ) -> fork.Child | None:
        """Start a child rendering *items*' rows into a file of their own."""

        def render(out: TextIO) -> int:
            self._new_formats = 0
            for i, item in enumerate(items):
                height = height_of(item) if height_of else None
                out.write(self._row_xml(row + i, col, cells_of(item), width, height))
            return 0 if self._new_formats == 0 else 3  # 3: a format without its index here

        return fork.start(render, self.tmpdir)

    def _settle(self) -> None:
        """Write the rows of :meth:`write_rows` still pending, in order."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        fh: Any = self.fh
        trusted = False
        if pending.child is not None:
            pid, path = pending.child
            try:
                trusted = fork.exit_code(pid, CHILD_SECONDS) == 0
                if trusted:
                    fh.flush()
                    with open(path, "rb") as part:
                        shutil.copyfileobj(part, fh.buffer, 1 << 20)
            finally:
                os.unlink(path)
        if not trusted:
            xml = self._row_xml
            height_of = pending.height_of
            for i, item in enumerate(pending.items):
                height = height_of(item) if height_of else None
                cells = pending.cells_of(item)
                fh.write(xml(pending.row + i, pending.col, cells, pending.width, height))
        fh.write("".join(pending.tail))

    def _discard(self) -> None:
        """Stop the child of a pending :meth:`write_rows` and remove its file (the workbook
        is being given up)."""
        pending, self._pending = self._pending, None
        if pending is not None and pending.child is not None:
            fork.discard(pending.child)

    def _write_single_row(self, current_row_num: int = 0) -> None:
        self._settle()  # xlsxwriter writes its rows (and the last one before storing) here
        super()._write_single_row(current_row_num)

    def _write_optimized_sheet_data(self) -> None:
        """xlsxwriter's, but the rows copied from their file as bytes (the sheet's part is
        written through a UTF-8 text file, as the rows' file is: nothing to decode)."""
        if self.dim_rowmin is None:
            super()._write_optimized_sheet_data()
            return
        self._xml_start_tag("sheetData")
        fh: Any = self.fh
        fh.flush()
        self.row_data_fh.close()
        with open(self.row_data_filename, "rb") as rows:
            shutil.copyfileobj(rows, fh.buffer, 1 << 20)
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")


class _Pending(NamedTuple):
    child: fork.Child | None  # the child process rendering the first part, and its file
    row: int
    col: int
    items: Sequence[Any]  # the child's part
    cells_of: Callable[[Any], Sequence[Cell]]
    width: int
    tail: list[str]  # the rest, rendered here
    height_of: Callable[[Any], float | None] | None = None


# The child's share of the rows: this process renders the rest and then the other sheets.
CHILD_SHARE = 0.65
PARALLEL_ROWS = 2_000  # fewer rows than this are rendered here: a fork costs milliseconds
CHILD_SECONDS = 120.0  # a child not done by then is stopped, and its part rendered here


def _can_fork(rows: int) -> bool:
    return rows >= PARALLEL_ROWS and fork.allowed()


DEFLATE_LEVEL = 1


class SummaryWorkbook(Workbook):  # type: ignore[misc]  # xlsxwriter ships no type hints
    """An xlsxwriter workbook stored as :mod:`xhht_cli.write.zipparts` stores it: its parts
    deflated at :data:`DEFLATE_LEVEL` on every core.

    xlsxwriter has no option for either: it opens ``xlsxwriter.workbook.ZipFile`` in
    ``_store_workbook``, so that name is pointed at :class:`~xhht_cli.write.zipparts.PartsZip`
    while this workbook is stored (and put back after, whatever happens).
    """

    def _store_workbook(self) -> None:
        module: Any = xlsxwriter.workbook
        original = module.ZipFile
        with ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
            module.ZipFile = functools.partial(PartsZip, pool=pool, level=DEFLATE_LEVEL)
            try:
                super()._store_workbook()
            finally:
                module.ZipFile = original

    def discard(self) -> None:
        """After a failure, before the workbook is closed: stop the processes still rendering
        rows and remove their files."""
        for sheet in self.worksheets():
            if isinstance(sheet, RowSheet):
                sheet._discard()
