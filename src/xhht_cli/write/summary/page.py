"""How every sheet of the summary prints, and the administrative header and signature block
of ``TongHop`` (NĐ 30/2020/NĐ-CP, Phụ lục I; docs/documents.md).

A sheet that fits one A4 page wide at a readable size is fitted to the width, portrait or
landscape by its width. A wider one (``TheoXa``: 61 columns) is not squeezed onto one page
width — at a fifth of its size nobody can read it — but printed at :data:`WIDE_SCALE` with its
code and name columns repeated on every page, so each page is a readable block of columns that
still says which unit a row is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from xlsxwriter.worksheet import Worksheet

from xhht_cli.write.letterhead import MOTTO, Letterhead

A4 = 9
# NĐ 30, Phụ lục I, I.3: 20–25 mm top and bottom, 30–35 mm left, 15–20 mm right (in inches)
MARGINS = {"left": 30 / 25.4, "right": 15 / 25.4, "top": 20 / 25.4, "bottom": 20 / 25.4}
FOOTER = '&C&"Times New Roman,Regular"&10Trang &P/&N'
# Column widths (characters of the default font) a page holds at 100 %: A4 less the margins
# (150 mm portrait, 252 mm landscape), some 7.4 px a character at 96 dpi
PORTRAIT_CHARS, LANDSCAPE_CHARS = 75, 128
MIN_FIT_SCALE = 0.6  # fitted below this (11 pt → 6.6 pt), a sheet is not readable on paper
WIDE_SCALE = 60  # the print scale (%) of a sheet too wide to fit a page width readably


def print_setup(
    sheet: Worksheet,
    widths: Sequence[float],
    header_rows: tuple[int, int] | None,
    repeat_columns: tuple[int, int] | None = None,
) -> None:
    """A4, NĐ 30's margins, ``Trang X/Y`` in the footer, *header_rows* on every page (None: a
    sheet whose later pages are charts, not more of its table); fitted to the page width when
    that stays readable, else at :data:`WIDE_SCALE` with *repeat_columns* (the code and name)
    on every page."""
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


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)


class Block:
    """Formats of the header and signature block (NĐ 30, Phụ lục I, II: sizes 12–14 pt)."""

    def __init__(self, book: object, font: str) -> None:
        add = book.add_format  # type: ignore[attr-defined]
        base = {"font_name": font, "align": "center", "valign": "vcenter"}
        self.parent = add({**base, "font_size": 12})
        self.agency = add({**base, "font_size": 12, "bold": True})
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
        sheet.set_row(row, 12 if row == 2 else 18)
        sheet.merge_range(row, l0, row, l1, left_text, left_fmt)
        sheet.merge_range(row, r0, row, r1, right_text, right_fmt)
    sheet.merge_range(5, l0, 5, r1, "BÁO CÁO", fmt.kind)
    sheet.set_row(6, 36)
    sheet.merge_range(6, l0, 6, r1, title, fmt.summary)
    return 8


def write_signature(
    sheet: Worksheet,
    row: int,
    letterhead: Letterhead,
    left: tuple[int, int],
    right: tuple[int, int],
    fmt: Block,
) -> int:
    """From *row* down: the preparer (left) and the signer's authority, title and name
    (right), room to sign between; then the recipients. The next free row."""
    (l0, l1), (r0, r1) = left, right
    titles = letterhead.title_lines or [""]
    for i, title in enumerate(titles):
        sheet.merge_range(row + i, l0, row + i, l1, "NGƯỜI LẬP BIỂU" if i == 0 else "", fmt.sign)
        sheet.merge_range(row + i, r0, row + i, r1, title, fmt.sign)
    row += len(titles) + 4  # room for the signatures and the seal
    sheet.merge_range(row, l0, row, l1, letterhead.preparer, fmt.sign)
    sheet.merge_range(row, r0, row, r1, letterhead.signer_name, fmt.sign)
    row += 2
    sheet.write_string(row, l0, "Nơi nhận:", fmt.to_head)
    for recipient in letterhead.recipients:
        row += 1
        sheet.write_string(row, l0, f"- {recipient.lstrip('- ')}", fmt.to_line)
    return row + 1
