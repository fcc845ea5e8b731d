"""Spreadsheets that are XML: OpenDocument (an .ods's content.xml, a flat .fods) and Excel
2003 XML Spreadsheet — read within the window as they are parsed.

Both are a few elements with plain meaning; no maintained library reads the last two into
cells, and calamine expands an .ods's repeats into its grid (765 bytes repeating a number over
100 columns of 200,000 rows took 697 MB). Here, through :mod:`xhht_cli.read.xmlwalk`:

- a row repeated N times is one list shared by the rows of the window it covers, a cell
  repeated over N columns is written into the window's columns only;
- once a table is past the window's last row, the rest of it is skipped unparsed, and so is
  the rest of a row past its last column, a cell's comment, and a cell of more than
  :data:`CELL_ELEMENTS` elements;
- after :data:`ELEMENTS` elements in all, the reading stops (the sheet then says it was cut).

Cells come as calamine gives them: numbers as float, dates as datetime, text as str, empty "".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from xhht_cli.read.cells import MAX_COLS, MAX_ROWS, Sheet
from xhht_cli.read.xmlwalk import Skip, Stop, walk

ELEMENTS = 1_000_000  # elements read in one document, at most (a report has a few thousand)
CELL_ELEMENTS = 1_000  # elements inside one cell (paragraphs, spans, spaces)
TEXT_CHARS = 32_767  # characters of one cell (Excel's own limit)

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0 "
_SS = "urn:schemas-microsoft-com:office:spreadsheet "
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
# What shows that skipped bytes held a value (the sheet is then said to be cut).
_ODF_VALUES = (b"value-type=", b"<text:p>")
_SS_VALUES = (b"<Data", b":Data")


def _count(value: str | None, default: int = 1) -> int:
    try:
        return max(1, int(value)) if value else default
    except ValueError:
        return default


def _number(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text


def _when(text: str) -> Any:
    try:
        return datetime.fromisoformat(text.strip()[:19])
    except ValueError:
        return text


class _Grid:
    """The rows of one sheet within the window; a repeated row is one shared list."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: list[list[Any]] = []
        self.truncated = False

    def put(self, row: int, repeat: int, line: dict[int, Any]) -> None:
        if not line:
            return
        if row + repeat > MAX_ROWS:
            self.truncated = True
        last = min(row + repeat, MAX_ROWS)
        if row >= last:
            return
        values: list[Any] = [""] * (max(line) + 1)
        for col, value in line.items():
            values[col] = value
        self.rows.extend([] for _ in range(row - len(self.rows)))
        self.rows.extend([values] * (last - row))

    def sheet(self) -> Sheet:
        return Sheet(self.name, self.rows, self.truncated)


class _Reader:
    """What both formats share: sheets, the row and column being read, the open cell."""

    probes: tuple[bytes, ...] = ()

    def __init__(self) -> None:
        self.sheets: list[tuple[Sheet, bool]] = []  # and whether the sheet is hidden
        self.grid: _Grid | None = None
        self.hidden = False
        self.elements = 0
        self.row = self.col = 0
        self.repeat = 1
        self.line: dict[int, Any] = {}
        self.depths = {"table": -1, "row": -1, "cell": -1}
        self.in_cell = False
        self.cell_elements = 0
        self.parts: list[str] | None = None  # the text being gathered
        self.size = 0

    def count(self) -> None:
        self.elements += 1
        if self.elements > ELEMENTS:
            raise Stop
        if self.in_cell:
            self.cell_elements += 1
            if self.cell_elements > CELL_ELEMENTS:
                raise Skip(self.depths["cell"])

    def text(self, data: str) -> None:
        if self.parts is not None and self.size < TEXT_CHARS:
            self.parts.append(data[: TEXT_CHARS - self.size])
            self.size += len(data)

    def put_cell(self, value: Any, repeat: int) -> None:
        if value != "" and value is not None:
            for col in range(self.col, min(self.col + repeat, MAX_COLS)):
                self.line[col] = value
            if self.col + repeat > MAX_COLS and self.grid is not None:
                self.grid.truncated = True
        self.col += repeat

    def too_far(self, where: str) -> None:
        """Past the window: skip the rest of the open row or table."""
        raise Skip(self.depths[where], self.probes)

    def close_sheet(self) -> None:
        if self.grid is not None:
            self.sheets.append((self.grid.sheet(), self.hidden))
            self.grid = None

    def finish(self) -> list[Sheet]:
        if self.grid is not None:  # the reading stopped inside it
            self.grid.truncated = True
            self.close_sheet()
        # Visible sheets first: a hidden sheet may hold a stale copy of the form.
        return [s for s, hidden in self.sheets if not hidden] + [
            s for s, hidden in self.sheets if hidden
        ]


class _Odf(_Reader):
    probes = _ODF_VALUES

    def __init__(self) -> None:
        super().__init__()
        self.cell: dict[str, str] = {}
        self.paragraphs: list[str] = []
        self.hidden_styles: set[str] = set()
        self.style = ""

    def start(self, name: str, attributes: dict[str, str], depth: int) -> None:
        self.count()
        if self.in_cell:
            if name == _TEXT + "p":
                self.parts, self.size = [], sum(map(len, self.paragraphs))
            elif name == _TEXT + "s":
                self.text(" " * min(_count(attributes.get(_TEXT + "c")), 1000))
            elif name == _TEXT + "tab":
                self.text("\t")
            elif name == _TEXT + "line-break":
                self.text("\n")
            elif name == _OFFICE + "annotation":
                raise Skip(depth)  # a comment is not the cell's value
            return
        if name in _CELLS:
            if self.col >= MAX_COLS:
                self.too_far("row")
            self.in_cell, self.cell, self.paragraphs = True, attributes, []
            self.cell_elements, self.depths["cell"] = 0, depth
            self.cell["covered"] = "1" if name == _CELLS[1] else ""
        elif name == _TABLE + "table-row":
            if self.row >= MAX_ROWS:
                self.too_far("table")
            self.line, self.col, self.depths["row"] = {}, 0, depth
            self.repeat = _count(attributes.get(_TABLE + "number-rows-repeated"))
        elif name == _TABLE + "table":
            self.close_sheet()
            self.grid = _Grid(attributes.get(_TABLE + "name") or f"Sheet{len(self.sheets) + 1}")
            self.hidden = attributes.get(_TABLE + "style-name", "") in self.hidden_styles
            self.row, self.depths["table"] = 0, depth
        elif name == _STYLE + "style":
            self.style = attributes.get(_STYLE + "name", "")
        elif name == _STYLE + "table-properties" and attributes.get(_TABLE + "display") == "false":
            self.hidden_styles.add(self.style)

    def end(self, name: str, depth: int) -> None:
        if self.in_cell:
            if depth == self.depths["cell"]:
                self._end_cell()
            elif name == _TEXT + "p" and self.parts is not None:
                self.paragraphs.append("".join(self.parts))
                self.parts = None
        elif name == _TABLE + "table-row" and self.grid is not None:
            self.grid.put(self.row, self.repeat, self.line)
            self.row += self.repeat
            self.line = {}
        elif name == _TABLE + "table":
            self.close_sheet()

    def skipped(self, name: str, depth: int, found: bool) -> None:
        if found and self.grid is not None:
            self.grid.truncated = True
        if name != _OFFICE + "annotation":
            self.end(name, depth)

    def _end_cell(self) -> None:
        if self.parts is not None:
            self.paragraphs.append("".join(self.parts))
        self.in_cell, self.parts = False, None
        cell = self.cell
        repeat = _count(cell.get(_TABLE + "number-columns-repeated"))
        kind = cell.get(_OFFICE + "value-type")
        value: Any
        if cell["covered"]:
            value = ""
        elif kind in ("float", "percentage", "currency"):
            value = _number(cell.get(_OFFICE + "value", ""))
        elif kind == "date":
            value = _when(cell.get(_OFFICE + "date-value", ""))
        elif kind == "boolean":
            value = cell.get(_OFFICE + "boolean-value") == "true"
        else:
            value = "\n".join(self.paragraphs)
        self.put_cell(value, repeat)


class _Excel2003(_Reader):
    probes = _SS_VALUES

    def __init__(self) -> None:
        super().__init__()
        self.kind = "String"
        self.value: Any = ""
        self.merge = 0

    def start(self, name: str, attributes: dict[str, str], depth: int) -> None:
        self.count()
        if self.in_cell:
            if name == _SS + "Data":
                self.parts, self.size = [], 0
                self.kind = attributes.get(_SS + "Type", "String")
            elif name == _SS + "Comment":
                raise Skip(depth)
            return
        if name == _SS + "Cell":
            index = _count(attributes.get(_SS + "Index"), self.col + 1) - 1
            if max(index, self.col) >= MAX_COLS:
                self.too_far("row")
            self.col = max(index, self.col)
            self.in_cell, self.value, self.cell_elements = True, "", 0
            self.depths["cell"] = depth
            self.merge = _count(attributes.get(_SS + "MergeAcross"), 0)
        elif name == _SS + "Row":
            row = max(_count(attributes.get(_SS + "Index"), self.row + 2) - 1, self.row + 1)
            if row >= MAX_ROWS:
                self.too_far("table")
            self.row, self.col, self.line, self.depths["row"] = row, 0, {}, depth
        elif name == _SS + "Table":
            self.row, self.depths["table"] = -1, depth
        elif name == _SS + "Worksheet":
            self.close_sheet()
            self.grid = _Grid(attributes.get(_SS + "Name") or f"Sheet{len(self.sheets) + 1}")

    def end(self, name: str, depth: int) -> None:
        if self.in_cell:
            if depth == self.depths["cell"]:
                self.in_cell = False
                self.put_cell(self.value, 1)
                self.col += self.merge
            elif name == _SS + "Data" and self.parts is not None:
                self.value = self._data("".join(self.parts))
                self.parts = None
        elif name == _SS + "Row" and self.grid is not None:
            self.grid.put(self.row, 1, self.line)
        elif name == _SS + "Worksheet":
            self.close_sheet()

    def skipped(self, name: str, depth: int, found: bool) -> None:
        if found and self.grid is not None:
            self.grid.truncated = True
        if name != _SS + "Comment":
            self.end(name, depth)

    def _data(self, text: str) -> Any:
        if self.kind == "Number":
            return _number(text)
        if self.kind == "DateTime":
            return _when(text)
        if self.kind == "Boolean":
            return text.strip() in ("1", "true")
        return text


def odf_sheets(data: bytes) -> list[Sheet]:
    """The tables of an OpenDocument spreadsheet's content (an .ods's content.xml, a .fods)."""
    reader = _Odf()
    walk(data, reader)
    return reader.finish()


def xml2003_sheets(data: bytes) -> list[Sheet]:
    """The worksheets of an Excel 2003 XML Spreadsheet."""
    reader = _Excel2003()
    walk(data, reader)
    return reader.finish()
