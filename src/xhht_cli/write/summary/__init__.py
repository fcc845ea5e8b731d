"""The summary workbook the steering committee receives (issue: aggregation).

Written with xlsxwriter (fast for tens of thousands of rows, native charts); every string
that came from a report or a registry goes through ``write_string``, so it can never become
a formula.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from xhht_cli.aggregate import Summary
from xhht_cli.write.atomic import write_atomic
from xhht_cli.write.letterhead import Letterhead
from xhht_cli.write.rows import SummaryWorkbook
from xhht_cli.write.summary.charts import write_charts
from xhht_cli.write.summary.formats import FONT, LEVEL_SHEETS, Formats, rows_sheet
from xhht_cli.write.summary.overview import write_overview
from xhht_cli.write.summary.page import Block
from xhht_cli.write.summary.progress import SHEET as COURSE_SHEET
from xhht_cli.write.summary.progress import write_course
from xhht_cli.write.summary.submissions import write_findings, write_progress, write_provenance
from xhht_cli.write.summary.tables import write_by_level, write_communes

__all__ = ["write_summary"]


def write_summary(
    target: Path,
    summary: Summary,
    generated: datetime | None = None,
    letterhead: Letterhead | None = None,
) -> None:
    """Write the workbook atomically to *target*, under *letterhead* (filled in from the
    registry where blank)."""
    top = summary.top[0].unit.name if summary.top else None
    head = (letterhead or Letterhead()).filled(top)
    write_atomic(target, lambda tmp: _build(tmp, summary, generated or datetime.now(), head))


def _build(path: Path, summary: Summary, generated: datetime, head: Letterhead) -> None:
    # constant_memory: each row goes to disk as the next begins (every sheet is written top
    # down), so tens of thousands of communes cost neither memory nor a slow final pass.
    book = SummaryWorkbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True}
    )
    # The creation time is the data's, not the clock's: the same inputs give the same bytes.
    book.set_properties({"created": generated, "title": "Tổng hợp xây dựng xã hội học tập"})
    try:
        _sheets(book, summary, generated, head)
        book.close()
    except BaseException:
        book.discard()
        raise


def _sheets(book: SummaryWorkbook, summary: Summary, generated: datetime, head: Letterhead) -> None:
    fmt = Formats(book)
    block = Block(book, FONT)
    write_overview(book.add_worksheet("TongHop"), summary, fmt, generated, head, block)
    write_course(book, book.add_worksheet(COURSE_SHEET), summary, fmt)
    levels = [lvl for lvl in summary.validation.registry.levels if lvl != "commune"]
    intermediate = levels[1:] if len(levels) > 1 else []
    for level in intermediate:
        write_by_level(book.add_worksheet(LEVEL_SHEETS[level]), summary, level, fmt)
    write_communes(rows_sheet(book, "TheoXa"), summary, fmt)
    write_progress(rows_sheet(book, "TienDo"), summary, fmt)
    write_findings(rows_sheet(book, "LoiDuLieu"), summary, fmt)
    chart_level = intermediate[-1] if intermediate else "commune"
    write_charts(book, book.add_worksheet("BieuDo"), summary, chart_level, fmt)
    write_provenance(rows_sheet(book, "ThongTin"), summary, fmt, generated)
