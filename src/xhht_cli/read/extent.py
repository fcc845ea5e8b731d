"""How many cells a workbook reader would build, known before it builds them.

calamine turns a sheet into a dense grid from its first to its last cell before our window of
5,000 rows × 100 columns applies: a 1.5 KB xlsx holding A1 and CV1000000 asks for 3.2 GB, one
holding A1 and XFD1048576 for 512 GB (the allocation aborts the process). So each sheet's
extent is worked out first, from the cells themselves — a sheet's ``<dimension>`` or an xls's
DIMENSIONS record may say anything:

- xlsx: a scan of the sheet part as it inflates (:mod:`xhht_cli.read.zipped`: a chunk at a
  time, never past its declared size), reading each cell's position as calamine does — any
  quoting, spacing and prefix, lower-case references, any number of letters and digits, and
  cells and rows without ``r`` placed after the one before — and stopping as soon as the
  extent passes :data:`GRID_CELLS`;
- xlsb: the same from the sheet's row and cell records (:mod:`xhht_cli.read.biff`);
- xls: from the cell records of each sheet in the Workbook stream (:mod:`xhht_cli.read.biff`).

A sheet over :data:`GRID_CELLS` is read by a streaming reader within the window (xlsx), or the
file is refused with a message saying which sheet and range (xls, xlsb: no streaming reader).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from xhht_cli.read.cells import SheetsUnreadable
from xhht_cli.read.limits import Limits, Member
from xhht_cli.read.zipped import chunks
from xhht_cli.values.findings import cell_ref

# calamine's cells are 32 bytes; python-calamine copies the grid once more. 2 million cells
# (about 130 MB at worst) pass — a 200,000-row household list of 6 columns still does.
GRID_CELLS = 2_000_000
_CARRY = 1 << 20  # a tag cut by a chunk's end is carried over, up to this long

# What Excel, LibreOffice, openpyxl and XlsxWriter write: every cell with r="A1" first. A
# report's cells are all within A1:CZ9999 (at most 1.04 million cells): two searches tell.
_NOT_NEAR = re.compile(rb'<c(?! r="[A-C]?[A-Z][0-9]{1,4}")[\s/>]')
_PREFIXED = re.compile(rb":c[\s/>]")
# The same two searches, each also stopping at a formula element (FORMULA_TAGS): a report's
# part holds none, so one pass of each answers both questions.
_NOT_NEAR_OR_FORMULA = re.compile(rb'<(?:c(?! r="[A-C]?[A-Z][0-9]{1,4}")[\s/>]|f[ >])')
_PREFIXED_OR_FORMULA = re.compile(rb":(?:c[\s/>]|f[ >])")
_ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c[\s/>]")
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
# Anything else: every row and cell tag, its attributes as XML allows them.
_TAG = re.compile(
    rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c)"
    rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
)
_R = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]*)([0-9]+)")
# A formula element, with or without a namespace prefix (``<f>``, ``<x:f t=…``).
FORMULA_TAGS = (b"<f>", b"<f ", b":f>", b":f ")


def has_formula(body: bytes) -> bool:
    """Whether *body* holds a formula element: two searches for the usual part (none)."""
    return (b"<f" in body or b":f" in body) and any(tag in body for tag in FORMULA_TAGS)


def column_number(letters: bytes) -> int:
    """0-based column of letters, either case (A → 0, AAAA → 18,278), as calamine reads them."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number - 1


class Extent:
    """The smallest rectangle holding the cells seen so far; or, when ``near``, only that
    they are all within A1:CZ9999 (fewer cells than :data:`GRID_CELLS`). ``formulas``: whether
    the part holds a formula element, known once the scan reached its end (None before): what
    :mod:`xhht_cli.read.workbook_extras` would otherwise inflate the part again to learn."""

    def __init__(self, near: bool = False) -> None:
        self.top = self.left = 2**63
        self.bottom = self.right = -1
        self.near = near
        self.formulas: bool | None = None

    def add(self, row: int, col: int) -> None:
        self.top, self.bottom = min(self.top, row), max(self.bottom, row)
        self.left, self.right = min(self.left, col), max(self.right, col)

    def area(self) -> int:
        if self.bottom < 0:
            return 0
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)

    def over(self) -> bool:
        return self.area() > GRID_CELLS

    def beyond(self, rows: int, cols: int) -> bool | None:
        """Whether some cell lies outside the first *rows* × *cols* (None: not known)."""
        if self.near:
            return None
        return self.bottom >= rows or self.right >= cols


class _Odd(Exception):
    """A cell written otherwise than the plain way (or, in the first pass, far away): the
    sheet is scanned again, more closely."""


def _near(body: bytes, extent: Extent) -> bool:
    """Nothing to do if every cell of *body* is plain and within A1:CZ9999; else :class:`_Odd`.
    Whether *body* holds a formula element, learnt in the same searches."""
    formula = False
    for either, cells in ((_NOT_NEAR_OR_FORMULA, _NOT_NEAR), (_PREFIXED_OR_FORMULA, _PREFIXED)):
        found = either.search(body)
        if found is None:
            continue
        if found[0][1:2] == b"c":  # a cell: "<c" or ":c"
            raise _Odd
        formula = True  # a formula; the cells after it are searched for alone
        if cells.search(body, found.end()):
            raise _Odd
    return formula


def _plain(body: bytes, extent: Extent) -> None:
    """The cells of *body*, each with a plain reference; :class:`_Odd` if any has none."""
    refs = _PLAIN_CELL.findall(body)
    if len(refs) != len(_ANY_CELL.findall(body)):
        raise _Odd
    if refs:
        rows = [int(digits) for _, digits in refs]
        columns = [column_number(letters) for letters in {letters for letters, _ in refs}]
        extent.add(min(rows) - 1, min(columns))
        extent.add(max(rows) - 1, max(columns))


class _Tags:
    """Row and cell tags one by one, positions as calamine gives them: a row's ``r`` sets the
    row, a row's end moves to the next; a cell's ``r`` sets row and column, a cell without one
    takes the current row and the column after the last cell."""

    def __init__(self, extent: Extent) -> None:
        self.extent = extent
        self.row = self.col = 0

    def scan(self, body: bytes, extent: Extent) -> None:
        for closing, name, attributes, empty in _TAG.findall(body):
            if name == b"row":
                if not closing:
                    ref = _position(attributes)
                    if ref is not None:
                        self.row = ref[0]
                if closing or empty:
                    self.row, self.col = self.row + 1, 0
            elif not closing:
                ref = _position(attributes)
                row, self.col = ref if ref is not None else (self.row, self.col)
                if not empty:  # an empty <c/> holds no value: calamine keeps no cell
                    self.extent.add(row, self.col)
                self.col += 1


def _position(attributes: bytes) -> tuple[int, int] | None:
    """(row, column), 0-based, of an ``r`` attribute; None when there is none. A reference
    calamine would refuse counts as far away (calamine then fails before it builds a grid)."""
    found = _R.search(attributes)
    if found is None:
        return None
    ref = _REF.fullmatch((found[1] if found[1] is not None else found[2]).strip())
    if ref is None:
        return 2**40, 2**40
    try:
        return int(ref[2]) - 1, column_number(ref[1]) if ref[1] else 0
    except ValueError:  # more digits than int() takes
        return 2**40, 2**40


def _scan(data: bytes, member: Member, limits: Limits | None, mode: str) -> Extent:
    """Feed the inflated part, in chunks cut before a tag, to the *mode*'s step (``near``,
    ``plain`` or ``tags``), until the end or until the extent is over the grid."""
    extent, carry = Extent(near=mode == "near"), b""
    # A step returns whether the body holds a formula where it learnt it (None: not looked).
    step: Callable[[bytes, Extent], bool | None] = {"near": _near, "plain": _plain}.get(
        mode, _Tags(extent).scan
    )
    formulas = False  # a chunk is cut before a "<": a tag lies whole in one body
    for chunk in chunks(data, member, limits):
        text = carry + chunk
        cut = text.rfind(b"<")
        body, carry = (text, b"") if cut < 0 else (text[:cut], text[cut:])
        if len(carry) > _CARRY:  # no tag is this long: text, not a tag
            body, carry = text, b""
        seen = step(body, extent)
        if extent.over():
            return extent  # stopped early: formulas not known
        formulas = formulas or (has_formula(body) if seen is None else seen)
    seen = step(carry, extent)
    extent.formulas = formulas or (has_formula(carry) if seen is None else seen)
    return extent


def sheet_extent(data: bytes, member: Member, limits: Limits | None = None) -> Extent:
    """The extent of the cells of a sheet part, as far as it needs to be known (the scan stops
    once it is over :data:`GRID_CELLS`): a report's part is inflated and searched twice; a
    larger sheet's references are read; an unusual one is read tag by tag."""
    for mode in ("near", "plain"):
        try:
            return _scan(data, member, limits, mode)
        except _Odd:
            continue
    return _scan(data, member, limits, "tags")


# The largest sheet Excel makes: XFD1048576. A cell past it was not written by Excel, and not
# every reader takes it.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


def too_large(sheet: str, top: int, left: int, bottom: int, right: int) -> SheetsUnreadable:
    """The finding for a sheet refused for its extent, naming it and its range."""
    return SheetsUnreadable(
        "sheet.too_large",
        params={
            "sheet": sheet,
            "range": f"{cell_ref(min(top, bottom), min(left, right))}:"
            f"{cell_ref(max(top, bottom), max(left, right))}",
        },
    )


def refuse_off_grid(extents: dict[str, Extent]) -> None:
    """Refuse a sheet with a cell beyond Excel's own grid, naming it and its range."""
    for part, e in extents.items():
        if e.bottom >= EXCEL_ROWS or e.right >= EXCEL_COLUMNS:
            raise too_large(part.rsplit("/", 1)[-1], e.top, e.left, e.bottom, e.right)


def sheet_parts(members: list[Member], suffix: str) -> list[Member]:
    """The members that are sheets (names compared as zip readers do: any case, either
    slash; ``xl/Worksheets/sheet2.XML`` is a sheet for calamine and openpyxl alike)."""
    named = [m for m in members if _is_sheet(m[0], suffix)]
    if named:
        return named
    # The workbook at the package root, parts named at will: any part not known to be
    # something else may be a sheet.
    others = ("styles", "sharedStrings", "workbook", "theme", "rels", "Content_Types", "docProps")
    return [m for m in members if m[0].endswith(suffix) and not any(o in m[0] for o in others)]


def _folded(name: str) -> str:
    """A member's name as zip readers match it: either slash, any case."""
    return name.replace("\\", "/").lower()


def _is_sheet(name: str, suffix: str) -> bool:
    folded = _folded(name)
    return "worksheets" in folded and folded.endswith(suffix) and "/_rels/" not in folded


def is_worksheet_member(name: str) -> bool:
    """A member under ``xl/worksheets/`` but its relationships, whatever its extension: the
    parts a formula may stand in (read/workbook_extras.py)."""
    folded = _folded(name)
    return folded.startswith("xl/worksheets/") and "/_rels/" not in folded


def sheet_extents(
    data: bytes, members: list[Member], limits: Limits | None = None
) -> dict[str, Extent]:
    """The extent of each sheet part of an xlsx, by part name (each scan stops once over
    :data:`GRID_CELLS`). A damaged part raises :class:`~xhht_cli.read.cells.SheetsUnreadable`."""
    return {m[0]: sheet_extent(data, m, limits) for m in sheet_parts(members, ".xml")}
