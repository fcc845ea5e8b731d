"""How every sheet of the summary prints, and the administrative header and signature block
of ``TongHop`` (NĐ 30/2020/NĐ-CP, Phụ lục I; docs/documents.md).

A sheet that fits one A4 page wide at a readable size is fitted to the width, portrait or
landscape by its width. A wider one (``TheoXa``: 61 columns) is not squeezed onto one page
width — at a fifth of its size nobody can read it — but printed at :data:`WIDE_SCALE` with its
code and name columns repeated on every page, so each page is a readable block of columns that
still says which unit a row is.

``TongHop`` ends with a signature, and a sheet has no "keep together": fitted to the width,
its table could end at the foot of a page and leave the signature alone on the next; fitted to
one page, it printed at 5 pt. So it prints at its width's scale (:func:`width_scale`) with
page breaks of its own (:func:`page_starts`): every row is given its height before it is
written (:class:`Heights`; a row left at the default height is as tall as each program's fit
of its font, 15.6 pt in LibreOffice, 15 in Excel), so where a page ends is known, and the
signature goes to a new page only with the last rows of the table. The page's size in an
unscaled sheet's points was measured in LibreOffice 7.4 and is the smaller of its and Excel's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from xhht_cli.write.letterhead import MOTTO, Letterhead
from xhht_cli.write.style import FONT

A4 = 9
# NĐ 30, Phụ lục I, I.3: 20–25 mm top and bottom, 30–35 mm left, 15–20 mm right (in inches)
MARGINS = {"left": 30 / 25.4, "right": 15 / 25.4, "top": 20 / 25.4, "bottom": 20 / 25.4}
FOOTER = '&C&"Times New Roman,Regular"&10Trang &P/&N'
# Column widths (characters of the default font) a page holds at 100 %: A4 less the margins
# (150 mm portrait, 252 mm landscape), some 7.4 px a character at 96 dpi
PORTRAIT_CHARS, LANDSCAPE_CHARS = 75, 128
MIN_FIT_SCALE = 0.6  # fitted below this (11 pt → 6.6 pt), a sheet is not readable on paper
WIDE_SCALE = 60  # the print scale (%) of a sheet too wide to fit a page width readably
# What a landscape A4 page between NĐ 30's margins holds at 100 %, in points of columns (as
# xlsxwriter sizes them: 7 pixels a character and 5 more, ¾ point a pixel) and of rows.
# LibreOffice printed 675 pt of columns on a page and not 688 (Excel: 714, the page less the
# margins); rows: Excel 481.9 (LibreOffice some 500), less 4 % for rounding (a printed row is
# some 10 pt: a page ends a row early rather than one late).
LANDSCAPE_WIDTH_PT = 670.0
LANDSCAPE_HEIGHT_PT = 462.0


def print_setup(
    sheet: Worksheet,
    widths: Sequence[float],
    header_rows: tuple[int, int] | None,
    repeat_columns: tuple[int, int] | None = None,
    running: str | None = None,
) -> None:
    """A4, NĐ 30's margins, ``Trang X/Y`` in the footer, *header_rows* on every page (None: a
    sheet whose later pages are charts, not more of its table); fitted to the page width when
    that stays readable, else at :data:`WIDE_SCALE` with *repeat_columns* (the code and name)
    on every page, and *running* (the sheet's title) at the head of every page: the pages of
    its later columns have no title row."""
    total = sum(widths)
    sheet.set_paper(A4)
    sheet.set_margins(**MARGINS)
    sheet.set_footer(FOOTER)
    if header_rows is not None:
        sheet.repeat_rows(*header_rows)
    if total <= PORTRAIT_CHARS:
        sheet.set_portrait()
        sheet.fit_to_pages(1, 0)
        return
    sheet.set_landscape()
    if total * MIN_FIT_SCALE <= LANDSCAPE_CHARS or repeat_columns is None:
        sheet.fit_to_pages(1, 0)
        return
    sheet.repeat_columns(*repeat_columns)
    sheet.set_print_scale(WIDE_SCALE)
    if running:
        text = running.replace("&", "&&")  # & starts a code in a page header
        sheet.set_header(f'&L&"{FONT},Italic"&9{text}')


def width_scale(widths: Sequence[float]) -> int:
    """The print scale (%) at which columns *widths* fill a landscape page's width, at most
    100."""
    points = sum((int(w * 7 + 0.5) + 5) * 0.75 for w in widths)
    return max(10, min(100, int(100 * LANDSCAPE_WIDTH_PT / points))) if points else 100


class Heights:
    """Each row's height, set before the row is written and remembered (in whole pixels, as
    xlsxwriter keeps them). A height that comes to the default 20 pixels is made 21: xlsxwriter
    writes no height for the default, and each program would then size the row itself. Each
    row is given an empty cell in *blank* too: a constant-memory sheet writes only the rows
    that hold a cell, and a blank row left out would be of the default height."""

    def __init__(self, sheet: Worksheet, blank: Format) -> None:
        self.sheet = sheet
        self.blank = blank
        self.pixels: dict[int, int] = {}

    def set(self, row: int, points: float = 15.75) -> None:
        pixels = int(points * 4 / 3 + 0.5)
        pixels = 21 if pixels == 20 else pixels
        self.sheet.set_row_pixels(row, pixels)
        self.sheet.write_blank(row, 0, None, self.blank)
        self.pixels[row] = pixels

    def points(self, end: int) -> list[float] | None:
        """Rows 0 to *end* (excluded), in points; None if one was written without a height."""
        if any(row not in self.pixels for row in range(end)):
            return None
        return [self.pixels[row] * 0.75 for row in range(end)]


def page_starts(
    heights: Sequence[float],
    scale: int,
    repeated: float,
    keep_from: int,
    keep: int,
    keep_to: int | None = None,
) -> list[int]:
    """The rows that begin a page at *scale* (%): each page filled in turn, *repeated* points of
    header rows at the top of every page after the first; the rows from *keep_from* to
    *keep_to* (the signature, up to the signer's name; default: to the end) then go on one
    page with the *keep* rows before them, never alone; the rows after them (the recipients)
    fill pages in turn again."""
    room = LANDSCAPE_HEIGHT_PT * 100 / scale
    tail = max(keep_from - keep, 0)
    end = len(heights) if keep_to is None else min(keep_to, len(heights))
    starts: list[int] = []
    used = 0.0

    def fill(first: int, last: int) -> None:
        nonlocal used
        for row in range(first, last):
            if used + heights[row] > room and row > 0:
                starts.append(row)
                used = repeated
            used += heights[row]

    fill(0, tail)
    kept = sum(heights[tail:end])
    if used + kept > room and tail > 0:
        starts.append(tail)
        used = repeated
    used += kept
    fill(end, len(heights))
    return starts


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)


class Block:
    """Formats of the header and signature block (NĐ 30, Phụ lục I, II: sizes 12–14 pt)."""

    def __init__(self, book: object, font: str) -> None:
        add = book.add_format  # type: ignore[attr-defined]
        base = {"font_name": font, "align": "center", "valign": "vcenter"}
        # a long name shrinks to its cells rather than be cut at their edge
        self.parent = add({**base, "font_size": 12, "shrink": True})
        self.agency = add({**base, "font_size": 12, "bold": True, "shrink": True})
        self.motto_1 = add({**base, "font_size": 12, "bold": True})
        self.motto_2 = add({**base, "font_size": 13, "bold": True, "underline": 1})
        self.rule = add({**base, "font_size": 8})
        self.number = add({**base, "font_size": 13})
        self.date = add({**base, "font_size": 13, "italic": True})
        self.kind = add({**base, "font_size": 14, "bold": True})
        self.summary = add({**base, "font_size": 13, "bold": True, "text_wrap": True})
        self.sign = add({**base, "font_size": 13, "bold": True})
        self.to_head = add({"font_name": font, "font_size": 12, "italic": True, "bold": True})
        self.to_line = add({"font_name": font, "font_size": 11})


def write_header(
    sheet: Worksheet,
    letterhead: Letterhead,
    day: date,
    title: str,
    left: tuple[int, int],
    right: tuple[int, int],
    fmt: Block,
    heights: Heights,
) -> int:
    """The issuing body top left (under its parent body), the motto top right, the number
    and the place and date, then ``BÁO CÁO`` and *title*; the next free row."""
    (l0, l1), (r0, r1) = left, right
    lines = [
        (letterhead.parent_agency.upper(), fmt.parent, MOTTO[0], fmt.motto_1),
        (letterhead.agency.upper(), fmt.agency, MOTTO[1], fmt.motto_2),
        ("────────", fmt.rule, "", fmt.rule),
        (letterhead.number_line, fmt.number, letterhead.date_line(day), fmt.date),
    ]
    if not letterhead.parent_agency:
        lines[0] = ("", fmt.parent, MOTTO[0], fmt.motto_1)
    for row, (left_text, left_fmt, right_text, right_fmt) in enumerate(lines):
        heights.set(row, 12 if row == 2 else 18)
        sheet.merge_range(row, l0, row, l1, left_text, left_fmt)
        sheet.merge_range(row, r0, row, r1, right_text, right_fmt)
    heights.set(4)
    heights.set(5, 21)  # 14 pt
    sheet.merge_range(5, l0, 5, r1, "BÁO CÁO", fmt.kind)
    heights.set(6, 36)
    sheet.merge_range(6, l0, 6, r1, title, fmt.summary)
    heights.set(7)
    return 8


def write_signature(
    sheet: Worksheet,
    row: int,
    letterhead: Letterhead,
    left: tuple[int, int],
    right: tuple[int, int],
    fmt: Block,
    heights: Heights,
) -> tuple[int, int]:
    """From *row* down: the preparer (left) and the signer's authority, title and name
    (right), room to sign between; then the recipients. The row after the names (what must
    stay on one page), and the next free row."""
    (l0, l1), (r0, r1) = left, right
    titles = letterhead.title_lines or [""]
    for i, title in enumerate(titles):
        heights.set(row + i, 19.5)  # 13 pt
        sheet.merge_range(row + i, l0, row + i, l1, "NGƯỜI LẬP BIỂU" if i == 0 else "", fmt.sign)
        sheet.merge_range(row + i, r0, row + i, r1, title, fmt.sign)
    for room in range(4):  # for the signatures and the seal
        heights.set(row + len(titles) + room)
    row += len(titles) + 4
    heights.set(row, 19.5)
    sheet.merge_range(row, l0, row, l1, letterhead.preparer, fmt.sign)
    sheet.merge_range(row, r0, row, r1, letterhead.signer_name, fmt.sign)
    signed = row + 1
    heights.set(row + 1)
    row += 2
    heights.set(row, 18)  # 12 pt
    sheet.write_string(row, l0, "Nơi nhận:", fmt.to_head)
    for recipient in letterhead.recipients:
        row += 1
        heights.set(row)
        sheet.write_string(row, l0, f"- {recipient.lstrip('- ')}", fmt.to_line)
    return signed, row + 1
