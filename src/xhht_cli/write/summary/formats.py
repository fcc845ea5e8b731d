"""What every sheet of the summary shares: fonts and formats, headers, page setup, names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xhht_cli.base.i18n import decimals_under, fmt_num
from xhht_cli.rollup.outcome import MET_TOLERANCE, IndicatorResult, Outcome
from xhht_cli.write.rows import RowSheet
from xhht_cli.write.summary.page import print_setup, set_widths

LEVEL_SHEETS = {"nation": "TheoQuocGia", "province": "TheoTinh", "district": "TheoHuyen"}
LEVEL_VI = {"nation": "cả nước", "province": "tỉnh", "district": "huyện", "commune": "xã"}
STATUS_VI = {
    "valid": "hợp lệ",
    "invalid": "có lỗi",
    "unreadable": "không đọc được",
    "ignored": "bỏ qua",
    "superseded": "đã thay thế",
}
FONT = "Times New Roman"
MET_MARK, NOT_MET_MARK = "✓", "✗"  # beside a value against its target, with the colour


def digits_under(value: float | None, bound: float | None) -> int:
    """The decimals a value is shown with beside a bound (a target, a milestone): one, or, short
    of it by more than the outcome's tolerance, as many as it takes not to read as the bound
    (69,96 under 70, not 70,0). The one rule of every output that shows such a pair."""
    if value is None or bound is None or value >= bound - MET_TOLERANCE:
        return 1
    return decimals_under(value, bound)


def short_digits(ind: IndicatorResult) -> int:
    """The decimals an indicator's value and gap are shown with, in the workbook and the
    report alike: :func:`digits_under` its target when the outcome judged it not met."""
    return digits_under(ind.value, ind.target) if ind.met is False else 1


def change_shown(change: float | None, digits: int = 1) -> float | None:
    """A change in percentage points (or a pace) as it can be shown with *digits* decimals: one
    that rounds to nothing is 0. A number format cannot tell -0,04 from a fall (Excel and
    LibreOffice print it "-0,0"), nor can a sign: the workbook and the draft alike."""
    return 0.0 if change is not None and round(change, digits) == 0 else change


def _number(digits: int) -> str:
    """A number format with *digits* decimals: ``0``, ``0.0``, ``0.00`` …"""
    return "0." + "0" * digits if digits else "0"


class Formats:
    def __init__(self, book: Workbook) -> None:
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
        cell = {**base, "border": 1, "border_color": "#808080"}
        self.title = book.add_format({**base, "bold": True, "font_size": 14, "align": "center"})
        self.subtitle = book.add_format({**base, "italic": True, "align": "center"})
        # a wide sheet's title and legend: one cell each, not merged, running on to the right
        # over the empty cells of whichever columns a printed page holds (a merged title is cut
        # to the repeated columns on the pages after the first: "SỐ LI")
        self.title_left = book.add_format({**base, "bold": True, "font_size": 14})
        self.subtitle_left = book.add_format({**base, "italic": True})
        self.text = book.add_format(base)
        self.wrapped = book.add_format({**base, "text_wrap": True, "valign": "top"})
        self.bold = book.add_format({**base, "bold": True})
        self.header = book.add_format(
            {**cell, "bold": True, "bg_color": "#D9E1F2", "align": "center", "text_wrap": True}
        )
        self.cell = book.add_format({**cell, "text_wrap": True})
        self.cell_bold = book.add_format({**cell, "bold": True, "bg_color": "#F2F2F2"})
        self.int = book.add_format({**cell, "num_format": "#,##0"})
        self.int_bold = book.add_format(
            {**cell, "num_format": "#,##0", "bold": True, "bg_color": "#F2F2F2"}
        )
        self.pct = book.add_format({**cell, "num_format": "0.0"})
        self._book, self._cell = book, cell
        # (bordered, decimals) → a number's format: a table's percentage, or a chart's figure
        self._decimals: dict[tuple[bool, int], Any] = {(True, 1): self.pct}
        self.pct_bold = book.add_format(
            {**cell, "num_format": "0.0", "bold": True, "bg_color": "#F2F2F2"}
        )
        self.met = book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.not_met = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        # a value against its target: the colour, and a mark that survives black-and-white
        # printing (the number stays a number): :meth:`marked`
        self._marks: dict[tuple[bool, int], Any] = {}  # met, decimals → a marked value's format
        self.center = book.add_format({**cell, "align": "center"})
        # a numeric format → the centred format "—" (no value) is written with in its place
        self.dash: dict[int, Any] = {
            id(numeric): self.center
            for numeric in (self.int, self.pct, self.int_bold, self.pct_bold)
        }

    def _with_decimals(self, digits: int, bordered: bool = True) -> Any:
        key = (bordered, digits)
        if key not in self._decimals:
            base = self._cell if bordered else {}
            self._decimals[key] = self._book.add_format({**base, "num_format": _number(digits)})
        return self._decimals[key]

    def figure(self, digits: int) -> Any:
        """A chart's figure in the cells it is drawn from, with *digits* decimals (its label
        takes the cell's format)."""
        return self._with_decimals(digits, bordered=False)

    def pct_under(self, value: float | None, bound: float) -> Any:
        """A percentage's format beside a bound it may fall short of (a milestone's target):
        :func:`digits_under` it."""
        return self._with_decimals(digits_under(value, bound))

    def pct_for(self, ind: IndicatorResult) -> Any:
        """The format of an indicator's value (and gap) against its target: one decimal, or
        as many as a value short of its target needs not to read as the target beside "Chưa
        đạt" (69,96 under 70, not 70,0)."""
        return self._with_decimals(short_digits(ind))

    def marked(self, ind: IndicatorResult) -> Any:
        """The format of a value judged against its target, as the outcome judged it (``met``):
        green with ✓, or red with ✗ and as many decimals as a value short of its target needs
        not to read as it (69,96 ✗ under 70, not 70,0 ✗); the plain one without a target
        of its own (a count of units is judged in ``TongHop``) or without a value ("—")."""
        if ind.met is None or ind.target is None or ind.value is None:
            return self.pct
        key = (ind.met, short_digits(ind))
        if key not in self._marks:
            colours = ("#C6EFCE", "#006100") if ind.met else ("#FFC7CE", "#9C0006")
            mark = MET_MARK if ind.met else NOT_MET_MARK
            self._marks[key] = self._book.add_format(
                {
                    **self._cell,
                    "bg_color": colours[0],
                    "font_color": colours[1],
                    "num_format": _number(key[1]) + f'" {mark}"',
                }
            )
        return self._marks[key]

    def num(self, value: float | int | None, fmt: Any) -> tuple[str | float | int, Any]:
        """A number cell for ``RowSheet.write_cells``; "—" (centred) where there is no value."""
        return ("—", self.dash.get(id(fmt), fmt)) if value is None else (value, fmt)

    def number(
        self, sheet: Worksheet, row: int, col: int, value: float | int | None, fmt: Any
    ) -> None:
        """The same cell written on its own (sheets of a few rows)."""
        shown, style = self.num(value, fmt)
        sheet.write(row, col, shown, style)


def rows_sheet(book: Workbook, name: str) -> RowSheet:
    """A sheet whose table rows (one per commune, file or finding) go in whole."""
    sheet = book.add_worksheet(name, worksheet_class=RowSheet)
    assert isinstance(sheet, RowSheet)
    return sheet


def setup(
    sheet: Worksheet,
    header_row: int,
    widths: Sequence[float] = (),
    repeat_columns: tuple[int, int] | None = None,
    first_header_row: int | None = None,
    running: str | None = None,
) -> None:
    """The sheet's columns *widths*, its print setup (:func:`page.print_setup`) with the
    header rows (*first_header_row* to *header_row*) on every page, and panes frozen below."""
    set_widths(sheet, widths)
    first = header_row if first_header_row is None else first_header_row
    print_setup(sheet, widths, (first, header_row), repeat_columns, running)
    sheet.freeze_panes(header_row + 1, 0)


# Characters of 11 pt Times New Roman a unit of column width holds, as lines wrap: plain text;
# bold heads; codes and paths (capitals, underscores; a path breaks only at / and -)
TEXT, BOLD, CODE = 1.2, 1.0, 0.85


def row_height(text: str, width: float, line: float = 15.0, chars: float = TEXT) -> float:
    """The height (points) of a row whose wrapped *text* sits in a column *width* wide, *chars*
    characters a unit: LibreOffice does not grow a row for wrapped text xlsxwriter wrote."""
    per_line = max(1, int(width * chars))
    return line * max(1, -(-len(text) // per_line))


def header(sheet: Worksheet, row: int, titles: list[str], fmt: Formats, height: float = 32) -> None:
    sheet.set_row(row, height)
    for col, title in enumerate(titles):
        sheet.write_string(row, col, title, fmt.header)


def named_header(
    sheet: Worksheet,
    row: int,
    names: list[str],
    codes: list[str],
    width: float,
    fmt: Formats,
) -> int:
    """Two header rows: *names* (what people read), and under each its code (what the form
    and the JSON call it); the second row's number. *width*: the named columns' width."""
    # bold heads wrap at their words: some two thirds of the plain text's line
    height = max((row_height(name, width, chars=BOLD) for name in names), default=15.0)
    header(sheet, row, names, fmt, height=min(max(height, 32), 105))
    # codes are bold capitals and underscores: wider than the names' text, so given more room
    low = max((row_height(code, width, chars=CODE) for code in codes), default=15.0)
    header(sheet, row + 1, codes, fmt, height=min(low, 45))
    return row + 1


def indicator_name(outcome: Outcome, code: str) -> tuple[str, str]:
    ind = outcome.plan.indicator_map[code]
    return ind.name, ("%" if outcome.is_ratio(code) else "% đơn vị")


def result_text(ind: IndicatorResult) -> str:
    if ind.numerator is None or ind.denominator is None:
        return "—"
    return f"{fmt_num(ind.numerator, 'vi')}/{fmt_num(ind.denominator, 'vi')}"


def met_text(met: bool | None) -> str:
    return "—" if met is None else ("Đạt" if met else "Chưa đạt")
