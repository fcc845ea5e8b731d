"""``TongHop``: the top unit's indicators against the plan, and its own standard levels.

A result ``k/n`` stands in two number cells (``Số đạt``, ``Tổng số``), never as the text
``1.097/2.161``: under US regional settings that text reads as decimals beside numbers shown
the US way (docs/documents.md, "The summary workbook")."""

from __future__ import annotations

import re
from datetime import datetime

from xlsxwriter.worksheet import Worksheet

from xhht_cli.rollup.outcome import IndicatorResult, Outcome, UnitResult
from xhht_cli.write.letterhead import Letterhead
from xhht_cli.write.summary.formats import (
    CODE,
    Formats,
    change_shown,
    header,
    indicator_name,
    met_text,
    row_height,
    setup,
)
from xhht_cli.write.summary.page import (
    Block,
    Heights,
    page_starts,
    width_scale,
    write_header,
    write_signature,
)
from xhht_cli.write.summary.progress import data_text, lacking_text, shortage

VERDICT_COL, NOTE_COL = 7, 10


def write_overview(
    sheet: Worksheet,
    outcome: Outcome,
    fmt: Formats,
    generated: datetime,
    letterhead: Letterhead,
    block: Block,
) -> None:
    top = outcome.top
    compared = outcome.compared  # with history: the previous period and the change
    widths = (*_WIDTHS, 10, 11) if compared else _WIDTHS
    right = (_LEFT[1] + 1, len(widths) - 1)  # the motto over the rest of the table
    title = f"Kết quả xây dựng xã hội học tập năm {outcome.period}"
    heights = Heights(sheet, fmt.text)  # every row's, so the page breaks are known (page.py)
    start = write_header(
        sheet,
        letterhead,
        generated.date(),
        f"{title}\n{top.unit.name}" if top else title,
        _LEFT,
        right,
        block,
        heights,
    )
    info = _info(sheet, start, outcome, fmt, generated, len(widths) - 1, heights)
    header_row = start + max(5, info + 1)  # below the information, wherever it ends
    for blank in range(start + info, header_row):
        heights.set(blank)
    heights.set(header_row, HEADER_HEIGHT)
    header(sheet, header_row, _heads(outcome, compared), fmt, HEADER_HEIGHT)
    row = header_row
    for number, ind in enumerate(top.indicators.values() if top else [], start=1):
        row += 1
        assert top is not None
        _indicator_row(sheet, row, number, outcome, top, ind, fmt, heights)
    row = _level_rows(sheet, row, outcome, top, fmt, heights)
    table_end = row
    row += 1
    heights.set(row)
    for text, style in (("Đạt", fmt.met), ("Chưa đạt", fmt.not_met)):
        rule = {"type": "cell", "criteria": "==", "value": f'"{text}"', "format": style}
        sheet.conditional_format(header_row + 1, VERDICT_COL, table_end, VERDICT_COL, rule)
    signed, end = write_signature(sheet, row + 1, letterhead, _LEFT, right, block, heights)
    setup(sheet, header_row, widths)
    _paginate(sheet, heights.points(end), widths, header_row, (table_end, signed))


def _paginate(
    sheet: Worksheet,
    heights: list[float] | None,
    widths: tuple[float, ...],
    header_row: int,
    ends: tuple[int, int],
) -> None:
    """Print at the width's scale, a page beginning where page.py's model says, the signature
    (*ends*: the table's last row, the row after the signer's name) with the table's last
    :data:`KEEP_ROWS` rows (docs/documents.md, "Print setup"); without every row's height (a
    row written without one), one page wide as the other sheets."""
    if heights is None:
        return
    table_end, signed = ends
    scale = width_scale(widths)
    sheet.set_print_scale(scale)
    keep = min(KEEP_ROWS, table_end - header_row)
    starts = page_starts(heights, scale, HEADER_HEIGHT, table_end + 1, keep, signed)
    if starts:
        sheet.set_h_pagebreaks(starts)


def _info(
    sheet: Worksheet,
    start: int,
    outcome: Outcome,
    fmt: Formats,
    generated: datetime,
    last: int,
    heights: Heights,
) -> int:
    """The plan, the date made, the reports, then the outcome's caveats (the .docx states the
    same list); the number of lines written."""
    top = outcome.top
    info = [
        ("Kế hoạch", f"{outcome.plan.name} ({outcome.plan.code})"),
        ("Ngày lập", generated.strftime("%d/%m/%Y %H:%M")),
        ("Báo cáo hợp lệ / dự kiến", f"{top.reported}/{top.expected}" if top else "0/0"),
    ]
    info += [(c.label("vi"), c.text) for c in outcome.caveats("vi")]
    for stamp in outcome.approval.stamps("vi") if outcome.approval else []:  # docs/approval.md
        info.append(("Phê duyệt", stamp))
    for i, (label, value) in enumerate(info):
        wrapped = len(value) > _INFO_CHARS  # a caveat's sentence: across the table's width
        heights.set(start + i, row_height(value, sum(_WIDTHS[2:])) if wrapped else 15.75)
        sheet.write_string(start + i, 0, label, fmt.bold)
        if wrapped:
            sheet.merge_range(start + i, 2, start + i, last, value, fmt.wrapped)
        else:
            sheet.write_string(start + i, 2, value, fmt.text)
    return len(info)


def _heads(outcome: Outcome, compared: bool) -> list[str]:
    year = outcome.targets_year(outcome.top) if outcome.top else None
    return [
        "STT",
        "Mã",
        "Chỉ số",
        "Số đạt",
        "Tổng số",
        "Tỷ lệ (%)",
        f"Mục tiêu {year} (%)" if year else "Mục tiêu (%)",  # the year whose targets apply
        "Đạt / Chưa đạt",
        "Chênh lệch (điểm %)",
        f"Mục tiêu {outcome.last_milestone} (%)",
        "Ghi chú",
        *([f"{_previous_head(outcome)} (%)", "Thay đổi (điểm %)"] if compared else []),
    ]


def _previous_head(outcome: Outcome) -> str:
    """``Năm 2023`` when every indicator is compared with the same period, else ``Kỳ trước``
    (an indicator without a value that year is compared with an earlier one)."""
    top = outcome.top
    courses = outcome.courses(top).values() if top is not None else []
    years = {c.previous.period for c in courses if c.previous is not None}
    return f"Năm {years.pop()}" if len(years) == 1 else "Kỳ trước"


def _indicator_row(
    sheet: Worksheet,
    row: int,
    number: int,
    outcome: Outcome,
    top: UnitResult,
    ind: IndicatorResult,
    fmt: Formats,
    heights: Heights,
) -> None:
    name, _ = indicator_name(outcome, ind.code)
    later = outcome.milestone_target(ind.code, top.unit.level, outcome.last_milestone)
    note = lacking_text(outcome, top, ind) or data_text(outcome, top, ind)
    if ind.target_count is not None:
        note = (note + "; " if note else "") + f"mục tiêu: {ind.target_count} đơn vị"
    height = max(row_height(name, _WIDTHS[2]), row_height(note, _WIDTHS[NOTE_COL]))
    heights.set(row, max(height, row_height(ind.code, _WIDTHS[1], chars=CODE)))
    sheet.write_number(row, 0, number, fmt.center)
    sheet.write_string(row, 1, ind.code, fmt.cell)
    sheet.write_string(row, 2, name, fmt.cell)
    fmt.number(sheet, row, 3, ind.numerator, fmt.int)
    fmt.number(sheet, row, 4, ind.denominator, fmt.int)
    shown = fmt.pct_for(ind)  # 69,96 under 70 is not shown as 70,0 beside "Chưa đạt"
    fmt.number(sheet, row, 5, ind.value, shown)
    fmt.number(sheet, row, 6, ind.target, fmt.pct)
    withheld = outcome.withheld(top, ind)
    judged = shortage(outcome.data_count(top, ind)) if withheld else met_text(ind.met)
    sheet.write_string(row, VERDICT_COL, judged, fmt.center)
    fmt.number(sheet, row, 8, ind.gap if ind.target_count is None else None, shown)
    fmt.number(sheet, row, 9, later.value if later is not None else None, fmt.pct)
    sheet.write_string(row, NOTE_COL, note, fmt.cell)
    if outcome.compared:
        course = outcome.courses(top).get(ind.code)
        previous = course.previous if course else None
        fmt.number(sheet, row, 11, previous.value if previous else None, fmt.pct)
        fmt.number(sheet, row, 12, change_shown(previous.change) if previous else None, fmt.pct)


def _level_rows(
    sheet: Worksheet,
    row: int,
    outcome: Outcome,
    top: UnitResult | None,
    fmt: Formats,
    heights: Heights,
) -> int:
    """The top unit's own standard levels against the plan's level targets; the last row."""
    for target in top.level_targets if top is not None else []:
        row += 1
        owner = top.unit.name if top is not None else ""
        field_label = _without_range(outcome.plan.fields[target.field].label)
        label = f"{owner}: {field_label}"
        level = "—" if target.level is None else f"mức {target.level}"
        heights.set(row, row_height(label, _WIDTHS[2]))
        sheet.write_string(row, 1, target.field, fmt.cell)
        sheet.write_string(row, 2, label, fmt.cell)
        sheet.merge_range(row, 3, row, 4, level, fmt.center)
        sheet.write_string(row, 6, f"≥ mức {target.target}", fmt.center)
        sheet.write_string(row, VERDICT_COL, met_text(target.met), fmt.center)
    return row


def _without_range(label: str) -> str:
    """A level field's label without its range: ``… tiểu học (0–3)`` → ``… tiểu học``."""
    return re.sub(r"\s*\(.*?\)\s*$", "", label)


KEEP_ROWS = 3  # the table's rows that go on with the signature to its page
HEADER_HEIGHT = 32.0  # the table's header row, repeated at the top of every page


_WIDTHS = (5, 18, 46, 11, 11, 9, 10, 11, 11, 11, 26)
_INFO_CHARS = 110  # an information line longer than this wraps (the table's width, columns C:K)
_LEFT = (0, 2)  # the issuing body's columns; the motto's run from the next to the last
