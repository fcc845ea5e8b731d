"""Spreadsheets that are markup: what web systems and old tools save as "Excel".

- an **HTML table** in a ``.xls`` (web exports; Excel's "Web Page"): the standard library's
  ``html.parser`` — lenient with the broken HTML such exports carry, no dependency, no entity
  expansion (HTML has no DTD); pandas.read_html would turn ``01234`` into 1234 and ``1.234``
  into 1.234, losing what the clerk typed;
- **Excel 2003 XML Spreadsheet** (``urn:schemas-microsoft-com:office:spreadsheet``) and
  LibreOffice's **flat ODS** (``.fods``): defusedxml's ``iterparse`` — streamed, so memory stays
  bounded by the reading window, and DTDs (hence entity expansion) refused. No maintained
  library reads either format into cells; both are a few elements with plain meaning.

Every reader keeps to the window of :mod:`xhht_cli.read.sheets` (spans and repeats included:
``colspan="1000000"`` or ``number-rows-repeated="1048576"`` cost nothing) and gives cells as
calamine does: numbers as float, dates as datetime, text as str, empty as "".
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from xhht_cli.read.cells import MAX_COLS, MAX_ROWS, Sheet, SheetsUnreadable

_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class _Grid:
    """Cells placed by (row, col), kept only inside the window."""

    def __init__(self) -> None:
        self.cells: dict[int, dict[int, Any]] = {}
        self.truncated = False

    def put(self, row: int, col: int, value: Any) -> None:
        if row >= MAX_ROWS or col >= MAX_COLS:
            self.truncated = True
            return
        self.cells.setdefault(row, {})[col] = value

    def rows(self) -> list[list[Any]]:
        if not self.cells:
            return []
        out: list[list[Any]] = [[] for _ in range(max(self.cells) + 1)]
        for r, row in self.cells.items():
            line = [""] * (max(row) + 1)
            for c, value in row.items():
                line[c] = value
            out[r] = line
        return out


# -- HTML ---------------------------------------------------------------------------------------


def _html_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(codecs.lookup(declared.group(1).decode("ascii")).name, "replace")
        except (LookupError, UnicodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", "replace")  # Vietnamese Windows, what old pages use


def _span(value: str | None, most: int) -> int:
    try:
        return max(1, min(int(value or 1), most))
    except ValueError:
        return 1


class _Tables(HTMLParser):
    """The rows of every top-level table, one after another (a blank row between tables):
    web exports put the header block in one table and the field table in another."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.grid = _Grid()
        self.depth = 0  # tables open; text of a nested table joins its outer cell
        self.row = -1
        self.col = 0
        self.text: list[str] | None = None  # the open cell's text
        self.cell: tuple[int, int] = (1, 1)  # the open cell's (rowspan, colspan)
        self.below: dict[int, int] = {}  # column → rows still covered by a rowspan above
        self.open = False  # a row is open (a <tr> may go unclosed)
        self.skip = 0  # inside <script>/<style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self.depth += 1
            if self.depth == 1 and self.row >= 0:
                self._end_row()
                self.row += 1  # a blank row between tables
        elif self.depth != 1:
            if tag == "br" and self.text is not None:
                self.text.append("\n")
        elif tag == "tr":
            self._start_row()
        elif tag in ("td", "th"):
            self._end_cell()
            if not self.open:
                self._start_row()
            named = dict(attrs)
            self.cell = (
                _span(named.get("rowspan"), MAX_ROWS),
                _span(named.get("colspan"), MAX_COLS),
            )
            self.text = []
        elif tag == "br" and self.text is not None:
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table":
            if self.depth == 1:
                self._end_row()
            self.depth = max(0, self.depth - 1)
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self.depth == 1 and tag == "tr":
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self.text is not None and not self.skip:
            self.text.append(data)

    def _end_cell(self) -> None:
        if self.text is None:
            return
        while self.below.get(self.col, 0) > 0:
            self.col += 1
        text = "\n".join(" ".join(line.split()) for line in "".join(self.text).split("\n"))
        rowspan, colspan = self.cell
        if text.strip():
            self.grid.put(self.row, self.col, text.strip())
        for c in range(self.col, min(self.col + colspan, MAX_COLS + 1)):
            self.below[c] = max(self.below.get(c, 0), rowspan)
        self.col += colspan
        self.text = None

    def _start_row(self) -> None:
        self._end_row()
        self.row += 1
        self.col = 0
        self.open = True

    def _end_row(self) -> None:
        if not self.open:
            return
        self._end_cell()
        self.open = False
        # The row's own cells hold a count of 1 in *below*; what a rowspan left goes on.
        self.below = {c: n - 1 for c, n in self.below.items() if n > 1}


def html_sheets(name: str, data: bytes) -> list[Sheet]:
    """The tables of an HTML page as one sheet named *name*."""
    parser = _Tables()
    parser.feed(_html_text(data))
    parser.close()
    parser._end_row()
    return [Sheet(name, parser.grid.rows(), parser.grid.truncated)]


# -- XML: Excel 2003 and flat ODS ------------------------------------------------------------

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _events(data: bytes) -> Iterator[tuple[str, Element]]:
    """Start and end events of the document; a DTD (the way to entity expansion) is refused."""
    try:
        yield from iterparse(io.BytesIO(data), ("start", "end"), forbid_dtd=True)
    except (ParseError, DefusedXmlException) as exc:
        raise SheetsUnreadable("file.corrupt", str(exc)[:200], "xml") from exc


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


def _index(value: str | None, default: int) -> int:
    """A 1-based position attribute as a 0-based index (the default when absent or odd)."""
    try:
        return int(value) - 1 if value else default
    except ValueError:
        return default


def xml2003_sheets(data: bytes) -> list[Sheet]:
    """The worksheets of an Excel 2003 XML Spreadsheet."""
    sheets: list[Sheet] = []
    grid, name, row, col = _Grid(), "", -1, 0
    for event, element in _events(data):
        tag = element.tag
        if event == "start":
            if tag == f"{_SS}Worksheet":
                grid, name, row = _Grid(), element.get(f"{_SS}Name", ""), -1
            elif tag == f"{_SS}Row":
                row, col = max(_index(element.get(f"{_SS}Index"), row + 1), row + 1), 0
            elif tag == f"{_SS}Cell":
                col = max(_index(element.get(f"{_SS}Index"), col), col)
            continue
        if tag == f"{_SS}Data":
            text = "".join(element.itertext())
            kind = element.get(f"{_SS}Type", "String")
            value: Any = text
            if kind == "Number":
                value = _number(text)
            elif kind == "DateTime":
                value = _when(text)
            elif kind == "Boolean":
                value = text.strip() in ("1", "true")
            grid.put(row, col, value)
        elif tag == f"{_SS}Cell":
            col += 1 + max(0, _index(element.get(f"{_SS}MergeAcross"), -1) + 1)
            element.clear()
        elif tag == f"{_SS}Row":
            element.clear()
        elif tag == f"{_SS}Worksheet":
            sheets.append(Sheet(name or f"Sheet{len(sheets) + 1}", grid.rows(), grid.truncated))
            element.clear()
    return sheets


def _paragraph(element: Element) -> str:
    """A text:p's text, with text:s (spaces), text:tab and text:line-break as they show."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}s":
            parts.append(" " * _span(child.get(f"{_TEXT}c"), 1000))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        else:
            parts.append(_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _ods_value(cell: Element) -> Any:
    kind = cell.get(f"{_OFFICE}value-type")
    if kind in ("float", "percentage", "currency"):
        return _number(cell.get(f"{_OFFICE}value", ""))
    if kind == "date":
        return _when(cell.get(f"{_OFFICE}date-value", ""))
    if kind == "boolean":
        return cell.get(f"{_OFFICE}boolean-value") == "true"
    text = "\n".join(_paragraph(p) for p in cell if p.tag == f"{_TEXT}p")
    return text


def fods_sheets(data: bytes) -> list[Sheet]:
    """The tables of a flat OpenDocument spreadsheet (LibreOffice's .fods)."""
    sheets: list[Sheet] = []
    grid, name, row = _Grid(), "", 0
    line: dict[int, Any] = {}
    col = 0
    for event, element in _events(data):
        tag = element.tag
        if event == "start":
            if tag == f"{_TABLE}table":
                grid, name, row = _Grid(), element.get(f"{_TABLE}name", ""), 0
            elif tag == f"{_TABLE}table-row":
                line, col = {}, 0
            continue
        if tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            repeat = _span(element.get(f"{_TABLE}number-columns-repeated"), MAX_COLS + 1)
            value = _ods_value(element) if tag == f"{_TABLE}table-cell" else ""
            if value != "":
                for c in range(col, col + repeat):
                    line[c] = value
            col += repeat
            element.clear()
        elif tag == f"{_TABLE}table-row":
            repeat = _span(element.get(f"{_TABLE}number-rows-repeated"), MAX_ROWS + 1)
            if line:
                for r in range(row, min(row + repeat, MAX_ROWS + 1)):
                    for c, value in line.items():
                        grid.put(r, c, value)
            row += repeat
            element.clear()
        elif tag == f"{_TABLE}table":
            sheets.append(Sheet(name or f"Sheet{len(sheets) + 1}", grid.rows(), grid.truncated))
            element.clear()
    return sheets
