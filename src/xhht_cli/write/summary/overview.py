"""``TongHop``: the top unit's indicators against the plan, and its own standard levels."""

from __future__ import annotations

import re
from datetime import datetime

from xlsxwriter.worksheet import Worksheet

from xhht_cli.rollup.outcome import Outcome
from xhht_cli.write.letterhead import Letterhead
from xhht_cli.write.summary.formats import (
    Formats,
    header,
    indicator_name,
    met_text,
    result_text,
    row_height,
    setup,
)
from xhht_cli.write.summary.page import Block, write_header, write_signature
from xhht_cli.write.summary.progress import lacking_text, shortage


def write_overview(
    sheet: Worksheet,
    outcome: Outcome,
    fmt: Formats,
    generated: datetime,
    letterhead: Letterhead,
    block: Block,
) -> None:
    top = outcome.top
    title = f"Kết quả xây dựng xã hội học tập năm {outcome.period}"
    start = write_header(
        sheet,
        letterhead,
        generated.date(),
        f"{title}\n{top.unit.name}" if top else title,
        _LEFT,
        _RIGHT,
        block,
    )
    info = [
        ("Kế hoạch", f"{outcome.plan.name} ({outcome.plan.code})"),
        ("Ngày lập", generated.strftime("%d/%m/%Y %H:%M")),
        ("Số báo cáo hợp lệ / dự kiến", f"{top.reported}/{top.expected}" if top else "0/0"),
    ]
    info += [(c.label("vi"), c.text) for c in outcome.caveats("vi")]  # as the .docx says them
    for i, (label, value) in enumerate(info):
        sheet.write_string(start + i, 0, label, fmt.bold)
        if len(value) <= _INFO_CHARS:
            sheet.write_string(start + i, 2, value, fmt.text)
        else:  # a caveat's sentence: wrapped across the table's width
            sheet.merge_range(start + i, 2, start + i, len(_WIDTHS) - 1, value, fmt.wrapped)
            sheet.set_row(start + i, row_height(value, sum(_WIDTHS[2:])))
    header_row = start + max(5, len(info) + 1)  # below the information, wherever it ends
    last_year = outcome.last_milestone
    compared = outcome.compared  # with history: the previous period and the change
    courses = outcome.courses(top) if top and compared else {}
    header(
        sheet,
        header_row,
        [
            "STT",
            "Mã",
            "Chỉ số",
            "Kết quả (đạt/tổng)",
            "Tỷ lệ (%)",
            "Mục tiêu (%)",
            "Đạt / Chưa đạt",
            "Chênh lệch (điểm %)",
            f"Mục tiêu {last_year} (%)",
            "Ghi chú",
            *(["Kỳ trước (%)", "Thay đổi (điểm %)"] if compared else []),
        ],
        fmt,
    )
    row = header_row
    for number, (code, ind) in enumerate((top.indicators if top else {}).items(), start=1):
        row += 1
        name, _ = indicator_name(outcome, code)
        later = outcome.milestone_target(code, top.unit.level, last_year) if top else None
        note = lacking_text(outcome, top, ind) if top else ""
        if ind.target_count is not None:
            note = (note + "; " if note else "") + f"mục tiêu: {ind.target_count} đơn vị"
        sheet.set_row(row, max(row_height(name, _WIDTHS[2]), row_height(note, _WIDTHS[9])))
        sheet.write_number(row, 0, number, fmt.center)
        sheet.write_string(row, 1, code, fmt.cell)
        sheet.write_string(row, 2, name, fmt.cell)
        sheet.write_string(row, 3, result_text(ind), fmt.center)
        fmt.number(sheet, row, 4, ind.value, fmt.pct)
        fmt.number(sheet, row, 5, ind.target, fmt.pct)
        judged = shortage(top) if top and outcome.withheld(top, ind) else met_text(ind.met)
        sheet.write_string(row, 6, judged, fmt.center)
        fmt.number(sheet, row, 7, ind.gap if ind.target_count is None else None, fmt.pct)
        fmt.number(sheet, row, 8, later.value if later is not None else None, fmt.pct)
        sheet.write_string(row, 9, note, fmt.cell)
        if compared:
            previous = courses[code].previous if code in courses else None
            fmt.number(sheet, row, 10, previous.value if previous else None, fmt.pct)
            fmt.number(sheet, row, 11, previous.change if previous else None, fmt.pct)
    for target in top.level_targets if top is not None else []:
        row += 1
        owner = top.unit.name if top is not None else ""
        field_label = re.sub(r"\s*\(.*?\)\s*$", "", outcome.plan.fields[target.field].label)
        label = f"{owner}: {field_label}"
        sheet.set_row(row, row_height(label, _WIDTHS[2]))
        sheet.write_string(row, 1, target.field, fmt.cell)
        sheet.write_string(row, 2, label, fmt.cell)
        sheet.write_string(
            row, 3, f"mức {target.level if target.level is not None else '—'}", fmt.center
        )
        sheet.write_string(row, 5, f"≥ mức {target.target}", fmt.center)
        sheet.write_string(row, 6, met_text(target.met), fmt.center)
    sheet.conditional_format(
        header_row + 1,
        6,
        row,
        6,
        {"type": "cell", "criteria": "==", "value": '"Đạt"', "format": fmt.met},
    )
    sheet.conditional_format(
        header_row + 1,
        6,
        row,
        6,
        {"type": "cell", "criteria": "==", "value": '"Chưa đạt"', "format": fmt.not_met},
    )
    end = write_signature(sheet, row + 2, letterhead, _LEFT, _RIGHT, block)
    # with history, the previous value and the change in two more columns
    setup(sheet, header_row, (*_WIDTHS, 10, 11) if compared else _WIDTHS)
    if end <= ONE_PAGE_ROWS:  # a sheet has no "keep together": the signature stays on the page
        sheet.fit_to_pages(1, 1)


# Rows TongHop fits on one page (shrunk a little) rather than let the signature block go over
# to a page of its own; a plan of some 30 indicators takes 60.
ONE_PAGE_ROWS = 75


_WIDTHS = (5, 15, 46, 14, 9, 10, 11, 11, 11, 26)
_INFO_CHARS = 110  # an information line longer than this wraps (the table's width, columns C:J)
_LEFT, _RIGHT = (0, 2), (3, 9)  # the issuing body's columns, and the motto's
