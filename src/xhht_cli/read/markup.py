"""An HTML table in a ``.xls``: what web systems and Excel's "Web Page" save as "Excel".

Every top-level table's rows, one after another (a blank row between tables: web exports put
the header block in one table and the field table in another). pandas.read_html would turn
``01234`` into 1234 and ``1.234`` into 1.234, losing what the clerk typed; the standard
library's ``html.parser`` calls into Python for every tag and piece of text (a 43 MB export
took over a minute), and a regular expression tries every ``<`` of the page. So the page is
cut at the few tags that make the grid — table, tr, td, th (and script, style, comments, to
pass over them) — found with ``bytes.find`` in its lower-cased bytes, and a cell's text is what
lies between its tag and the next (other tags removed, ``<br>`` a line break, entities decoded).
Within the window only: once past the 5,000th row the page is left, the rest of a row past the
100th column is stepped over with a few searches, and so is a table nested in a cell (its text
joins the cell's); spans (``colspan="1000000"``) cost nothing. HTML has no DTD, hence no entity
expansion.
"""

from __future__ import annotations

import codecs
import heapq
import html
import re
from typing import Any

from xhht_cli.read.cells import MAX_COLS, MAX_ROWS, Sheet

_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TAGS = (b"table", b"tr", b"td", b"th", b"script", b"style")
_NEEDLES = [b"<" + t for t in _TAGS] + [b"</" + t for t in _TAGS] + [b"<!--"]
_AFTER_NAME = frozenset(b" \t\r\n\f/>")
_SPAN = re.compile(r"""\b(rowspan|colspan)\s*=\s*["']?\s*([0-9]+)""", re.IGNORECASE)
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL
)
_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_CELL_BYTES = 100_000  # of a cell's HTML, at most, are read
_PROBE = "<>/ !-=\"'abcdefghijklmnopqrstuvwxyz"


def _page(data: bytes) -> tuple[bytes, str]:
    """The page as bytes in which tags are ASCII, and the encoding of its text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace").encode("utf-8"), "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], "utf-8"
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
            if _PROBE.encode(name) == _PROBE.encode() and "16" not in name and "32" not in name:
                return data, name
            return data.decode(name, "replace").encode("utf-8"), "utf-8"
        except (LookupError, UnicodeError):
            pass
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        return data, "cp1258"  # Vietnamese Windows, what old pages use


def _cell_text(raw: str) -> str:
    """The text of a cell's HTML: tags gone, ``<br>`` a line break, entities decoded, blanks
    within a line collapsed."""
    if "<" in raw:
        raw = _TAG.sub("", _BREAK.sub("\n", _HIDDEN.sub("", raw)))
    if "&" in raw:
        raw = html.unescape(raw)
    if "\n" not in raw:
        return " ".join(raw.split())
    return "\n".join(" ".join(line.split()) for line in raw.split("\n")).strip()


def _spans(tag: str) -> tuple[int, int]:
    """(rowspan, colspan) of a cell's tag, within the window."""
    spans = {"rowspan": 1, "colspan": 1}
    for name, value in _SPAN.findall(tag):
        spans[name.lower()] = max(1, min(int(value[:8]), MAX_ROWS))
    return spans["rowspan"], min(spans["colspan"], MAX_COLS)


class _Tokens:
    """The grid's tags in order, from a heap of what is known of each tag: where it next occurs,
    or that it does not occur before some position. A tag is searched for again only once
    passed, and only a stretch ahead, doubled at each miss: a tag the page lacks is not searched
    for to the page's end at every step."""

    def __init__(self, low: bytes) -> None:
        self.low = low
        # (position, 0, tag): the tag occurs there; (position, 1, tag): not before there
        self.heap: list[tuple[int, int, bytes]] = [(0, 1, needle) for needle in _NEEDLES]
        self.stretch = dict.fromkeys(_NEEDLES, 1 << 16)

    def find(self, needle: bytes, at: int, end: int | None = None) -> int:
        """The next *needle* in [*at*, *end*) that is a whole tag name (``<tr``, not
        ``<track``)."""
        low = self.low
        end = len(low) if end is None else end
        while True:
            found = low.find(needle, at, end)
            after = found + len(needle)
            if found < 0 or needle == b"<!--" or after >= len(low) or low[after] in _AFTER_NAME:
                return found
            at = found + 1

    def after(self, at: int) -> tuple[int, bytes] | None:
        """The first tag at or after *at* (*at* never goes back): (position, needle)."""
        heap, size = self.heap, len(self.low)
        while heap:
            where, unknown, needle = heap[0]
            if not unknown and where >= at:
                return where, needle
            heapq.heappop(heap)
            start = max(at, where - len(needle)) if unknown else at
            if start >= size:
                continue
            end = min(size, start + self.stretch[needle])
            found = self.find(needle, start, end)
            if found >= 0:
                heapq.heappush(heap, (found, 0, needle))
            elif end < size:
                self.stretch[needle] *= 2
                heapq.heappush(heap, (end, 1, needle))
        return None

    def first(self, needles: tuple[bytes, ...], at: int) -> int:
        """Where the first of *needles* is (the end of the page if none)."""
        found = [f for f in (self.find(n, at) for n in needles) if f >= 0]
        return min(found, default=len(self.low))


class _Grid:
    def __init__(self, raw: bytes, encoding: str) -> None:
        self.raw, self.encoding = raw, encoding
        self.rows: list[dict[int, str]] = []
        self.truncated = False
        self.row = -1
        self.col = 0
        self.open = False  # a row is open (a <tr> may go unclosed)
        self.cell: tuple[int, int, int] | None = None  # the open cell: start, rowspan, colspan
        self.below: dict[int, int] = {}  # column → rows still covered by a rowspan above

    def end_cell(self, at: int) -> None:
        if self.cell is None:
            return
        start, rowspan, colspan = self.cell
        self.cell = None
        while self.below.get(self.col, 0) > 0:
            self.col += 1
        raw = self.raw[start : min(at, start + _CELL_BYTES)]
        text = _cell_text(raw.decode(self.encoding, "replace"))
        if text:
            if self.col < MAX_COLS:
                self.rows[self.row][self.col] = text
            else:
                self.truncated = True
        if rowspan > 1:  # a cell's own row needs no mark: the columns only go right
            for c in range(self.col, min(self.col + colspan, MAX_COLS + 1)):
                self.below[c] = max(self.below.get(c, 0), rowspan)
        self.col += colspan

    def start_row(self, at: int) -> bool:
        """Open the next row (the one before ends at *at*); False once past the window."""
        self.end_row(at)
        self.row += 1
        if self.row >= MAX_ROWS:
            return False
        self.rows.extend({} for _ in range(self.row + 1 - len(self.rows)))
        self.col, self.open = 0, True
        return True

    def end_row(self, at: int) -> None:
        if not self.open:
            return
        self.end_cell(at)
        self.open = False
        # A rowspan's mark counts down the rows it covers.
        self.below = {c: n - 1 for c, n in self.below.items() if n > 1}


class _Page:
    def __init__(self, data: bytes) -> None:
        raw, encoding = _page(data)
        self.grid = _Grid(raw, encoding)
        self.tokens = _Tokens(raw.lower())
        self.size = len(raw)

    def read(self) -> None:
        grid, tokens, depth, at = self.grid, self.tokens, 0, 0
        while (token := tokens.after(at)) is not None:
            start, needle = token
            closing, name = needle.startswith(b"</"), needle.strip(b"</")
            tag_end = tokens.low.find(b">", start)
            at = self.size if tag_end < 0 else tag_end + 1
            if needle == b"<!--":
                ends = tokens.low.find(b"-->", start + 4)
                at = self.size if ends < 0 else ends + 3
            elif name in (b"script", b"style"):
                if not closing:
                    at = tokens.first((b"</" + name,), at)
            elif name == b"table":
                if closing:
                    if depth == 1:
                        grid.end_row(start)
                    depth = max(0, depth - 1)
                elif depth:  # a table in a cell: its text joins the cell's
                    at = self._nested(at)
                else:
                    depth = 1
                    if grid.row >= 0:
                        grid.end_row(start)
                        grid.row += 1  # a blank row between tables
            elif depth == 1:
                at = self._grid(start, at, closing, name)
                if at < 0:
                    grid.truncated = grid.truncated or self._more_cells(start)
                    return
        grid.end_row(self.size)

    def _grid(self, start: int, at: int, closing: bool, name: bytes) -> int:
        """Read a tr, td or th tag of a top-level table; where to go on (-1: past the window)."""
        grid = self.grid
        if name == b"tr":
            if closing:
                grid.end_row(start)
                return at
            return at if grid.start_row(start) else -1
        grid.end_cell(start)
        if closing:
            return at
        if not grid.open and not grid.start_row(start):
            return -1
        if grid.col >= MAX_COLS:  # the rest of the row is past the window
            grid.truncated = True
            return self.tokens.first((b"<tr", b"</tr", b"<table", b"</table"), at)
        tag = grid.raw[start:at]
        spans = _spans(tag.decode("latin-1")) if b"span" in tag.lower() else (1, 1)
        grid.cell = (at, *spans)
        return at

    def _nested(self, at: int) -> int:
        """Past the table nested at *at* (and any nested in it)."""
        level = 1
        while level:
            opens = self.tokens.find(b"<table", at)
            closes = self.tokens.find(b"</table", at)
            if closes < 0:
                return self.size
            if 0 <= opens < closes:
                level, at = level + 1, opens + 6
            else:
                level, at = level - 1, closes + 7
        ends = self.tokens.low.find(b">", at)
        return self.size if ends < 0 else ends + 1

    def _more_cells(self, at: int) -> bool:
        return self.tokens.first((b"<td", b"<th"), at) < self.size


def html_sheets(name: str, data: bytes) -> list[Sheet]:
    """The tables of an HTML page as one sheet named *name*."""
    page = _Page(data)
    page.read()
    rows: list[list[Any]] = []
    for cells in page.grid.rows:
        line: list[Any] = [""] * (max(cells) + 1) if cells else []
        for col, value in cells.items():
            line[col] = value
        rows.append(line)
    while rows and not rows[-1]:
        rows.pop()
    return [Sheet(name, rows, page.grid.truncated)]
