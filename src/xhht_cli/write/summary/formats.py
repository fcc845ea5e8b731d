"""What every sheet of the summary shares: fonts and formats, headers, page setup, names."""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xhht_cli.aggregate import IndicatorResult, Summary
from xhht_cli.plans import RatioIndicator
from xhht_cli.write.rows import RowSheet

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


class Formats:
    def __init__(self, book: Workbook) -> None:
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
        cell = {**base, "border": 1, "border_color": "#808080"}
        self.title = book.add_format({**base, "bold": True, "font_size": 14, "align": "center"})
        self.subtitle = book.add_format({**base, "italic": True, "align": "center"})
        self.text = book.add_format(base)
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
        self.pct_bold = book.add_format(
            {**cell, "num_format": "0.0", "bold": True, "bg_color": "#F2F2F2"}
        )
        self.met = book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.not_met = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.center = book.add_format({**cell, "align": "center"})
        # a numeric format → the centred format "—" (no value) is written with in its place
        self.dash: dict[int, Any] = {
            id(numeric): self.center
            for numeric in (self.int, self.pct, self.int_bold, self.pct_bold)
        }

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


def setup(sheet: Worksheet, header_row: int, landscape: bool = True) -> None:
    sheet.set_paper(9)  # A4
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.freeze_panes(header_row + 1, 0)


def header(sheet: Worksheet, row: int, titles: list[str], fmt: Formats) -> None:
    sheet.set_row(row, 32)
    for col, title in enumerate(titles):
        sheet.write_string(row, col, title, fmt.header)


def indicator_name(summary: Summary, code: str) -> tuple[str, str]:
    ind = summary.plan.indicator_map[code]
    return ind.name, ("%" if isinstance(ind, RatioIndicator) else "% đơn vị")


def result_text(ind: IndicatorResult) -> str:
    if ind.numerator is None or ind.denominator is None:
        return "—"
    return f"{ind.numerator:,}/{ind.denominator:,}".replace(",", ".")


def met_text(met: bool | None) -> str:
    return "—" if met is None else ("Đạt" if met else "Chưa đạt")
