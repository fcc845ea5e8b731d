"""``TongHop``: the top unit's indicators against the plan, and its own standard levels."""

from __future__ import annotations

import re
from datetime import datetime

from xlsxwriter.worksheet import Worksheet

from xhht_cli.base.i18n import tr
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
from xhht_cli.write.summary.progress import data_text, lacking_text, shortage


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
    former = outcome.registry.former  # a period before the reform, on today's province
    if former and top is not None:
        names = ", ".join(f.unit.name for f in former)
        info.append(("Địa bàn", f"{top.unit.name} hiện nay; trước 01/7/2025 gồm: {names}"))
    # provinces without districts: their levels are derived from communes (an assumption)
    if outcome.derived_provinces:
        info.append(("Mức đạt chuẩn cấp tỉnh", tr("level_basis.from_communes", "vi")))
    carried = outcome.carried
    if carried:  # earlier periods on today's units, through the 2025 reform's crosswalk
        info.append(
            ("Số liệu kỳ trước", tr("progress.carried_note", "vi", periods=", ".join(carried)))
        )
    for i, (label, value) in enumerate(info):
        sheet.write_string(start + i, 0, label, fmt.bold)
        sheet.write_string(start + i, 2, value, fmt.text)
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
        note = (lacking_text(outcome, top, ind) or data_text(outcome, top, ind)) if top else ""
        if ind.target_count is not None:
            note = (note + "; " if note else "") + f"mục tiêu: {ind.target_count} đơn vị"
        sheet.set_row(row, max(row_height(name, _WIDTHS[2]), row_height(note, _WIDTHS[9])))
        sheet.write_number(row, 0, number, fmt.center)
        sheet.write_string(row, 1, code, fmt.cell)
        sheet.write_string(row, 2, name, fmt.cell)
        sheet.write_string(row, 3, result_text(ind), fmt.center)
        fmt.number(sheet, row, 4, ind.value, fmt.pct)
        fmt.number(sheet, row, 5, ind.target, fmt.pct)
        withheld = top is not None and outcome.withheld(top, ind)
        judged = shortage(outcome.data_count(top, ind)) if top and withheld else met_text(ind.met)
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
    if outcome.unverified_shares:  # a footnote: the shares of NĐ 20 no text read supports
        row += 1
        sheet.write_string(row, 1, "Ghi chú:", fmt.bold)
        sheet.write_string(row, 2, _unverified(outcome), fmt.text)
    end = write_signature(sheet, row + 2, letterhead, _LEFT, _RIGHT, block)
    # with history, the previous value and the change in two more columns
    setup(sheet, header_row, (*_WIDTHS, 10, 11) if compared else _WIDTHS)
    if end <= ONE_PAGE_ROWS:  # a sheet has no "keep together": the signature stays on the page
        sheet.fit_to_pages(1, 1)


def _unverified(outcome: Outcome) -> str:
    """``PCTH_MUC mức 3 (NĐ 20/2014/NĐ-CP, Điều 11)``, … in the plan's words."""
    sources = outcome.plan.sources
    shares = ", ".join(
        f"{code} mức {k} ({sources.get(key, key).split(' (')[0]})"
        for code, k, key in outcome.unverified_shares
    )
    return tr("plan.unverified_shares", "vi", shares=shares)


# Rows TongHop fits on one page (shrunk a little) rather than let the signature block go over
# to a page of its own; a plan of some 30 indicators takes 60.
ONE_PAGE_ROWS = 75


_WIDTHS = (5, 15, 46, 14, 9, 10, 11, 11, 11, 26)
_LEFT, _RIGHT = (0, 2), (3, 9)  # the issuing body's columns, and the motto's
