"""The summary workbook the steering committee receives (issue: aggregation).

Written with xlsxwriter (fast for tens of thousands of rows, native charts); every string
that came from a report or a registry goes through ``write_string``, so it can never become
a formula.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from xhht_cli.rollup.outcome import Outcome
from xhht_cli.write.atomic import write_atomic
from xhht_cli.write.letterhead import Letterhead
from xhht_cli.write.rows import SummaryWorkbook
from xhht_cli.write.summary.charts import write_charts
from xhht_cli.write.summary.course_charts import SHEET as COURSE_SHEET
from xhht_cli.write.summary.formats import FONT, LEVEL_SHEETS, Formats, rows_sheet
from xhht_cli.write.summary.overview import write_overview
from xhht_cli.write.summary.page import Block
from xhht_cli.write.summary.progress import write_course
from xhht_cli.write.summary.sources import SHEET as SOURCES_SHEET
from xhht_cli.write.summary.sources import write_sources_sheet
from xhht_cli.write.summary.submissions import write_findings, write_progress, write_provenance
from xhht_cli.write.summary.tables import write_by_level, write_communes

__all__ = ["write_summary"]


def write_summary(
    target: Path,
    outcome: Outcome,
    generated: datetime | None = None,
    letterhead: Letterhead | None = None,
) -> None:
    """Write the workbook of *outcome* atomically to *target*, under *letterhead* (filled in
    from the registry where blank)."""
    top = outcome.top.unit.name if outcome.top else None
    head = (letterhead or Letterhead()).filled(top)
    write_atomic(target, lambda tmp: _build(tmp, outcome, generated or datetime.now(), head))


def _build(path: Path, outcome: Outcome, generated: datetime, head: Letterhead) -> None:
    # constant_memory: each row goes to disk as the next begins (every sheet is written top
    # down), so tens of thousands of communes cost neither memory nor a slow final pass.
    book = SummaryWorkbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "constant_memory": True,
            # the sheets' font is the column widths' unit too: Times New Roman (or its metric
            # twin) measures the same in Excel and LibreOffice, so a page holds what
            # write/summary/page.py counts on. No font is tied to the theme's (scheme "minor",
            # xlsxwriter's default): Excel shows such a font in the theme's Calibri, whatever
            # its name says (openxlsx2#1672, OpenXLSX#391)
            "default_format_properties": {
                "font_name": FONT,
                "font_size": 11,
                "font_scheme": "none",
            },
        },
    )
    # The creation time is the data's, not the clock's: the same inputs give the same bytes.
    book.set_properties({"created": generated, "title": "Tổng hợp xây dựng xã hội học tập"})
    try:
        _sheets(book, outcome, generated, head)
        book.close()
    except BaseException:
        book.discard()
        raise


def _sheets(book: SummaryWorkbook, outcome: Outcome, generated: datetime, head: Letterhead) -> None:
    fmt = Formats(book)
    block = Block(book, FONT)
    write_overview(book.add_worksheet("TongHop"), outcome, fmt, generated, head, block)
    write_course(book, book.add_worksheet(COURSE_SHEET), outcome, fmt)
    for level in outcome.intermediate_levels:
        write_by_level(book.add_worksheet(LEVEL_SHEETS[level]), outcome, level, fmt)
    write_communes(rows_sheet(book, "TheoXa"), outcome, fmt)
    write_progress(rows_sheet(book, "TienDo"), outcome, fmt)
    write_findings(rows_sheet(book, "LoiDuLieu"), outcome, fmt)
    write_charts(book, book.add_worksheet("BieuDo"), outcome, outcome.chart_level, fmt)
    write_provenance(rows_sheet(book, "ThongTin"), outcome, fmt, generated)
    write_sources_sheet(rows_sheet(book, SOURCES_SHEET), outcome, fmt)
