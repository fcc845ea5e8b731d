"""``TongHop``: the top unit's indicators against the plan, and its own standard levels."""

from __future__ import annotations

import re
from datetime import datetime

from xlsxwriter.worksheet import Worksheet

from xhht_cli.aggregate import Summary
from xhht_cli.i18n import tr
from xhht_cli.write.summary.formats import (
    Formats,
    header,
    indicator_name,
    met_text,
    result_text,
    setup,
)


def write_overview(sheet: Worksheet, summary: Summary, fmt: Formats, generated: datetime) -> None:
    top = summary.top[0] if summary.top else None
    sheet.merge_range(
        0,
        0,
        0,
        9,
        f"BÁO CÁO TỔNG HỢP KẾT QUẢ XÂY DỰNG XÃ HỘI HỌC TẬP NĂM {summary.period}",
        fmt.title,
    )
    sheet.merge_range(1, 0, 1, 9, top.unit.name if top else "", fmt.subtitle)
    info = [
        ("Kế hoạch", f"{summary.plan.name} ({summary.plan.code})"),
        ("Ngày lập", generated.strftime("%d/%m/%Y %H:%M")),
        ("Số báo cáo hợp lệ / dự kiến", f"{top.reported}/{top.expected}" if top else "0/0"),
    ]
    # provinces without districts: their levels are derived from communes (an assumption)
    registry = summary.validation.registry
    if any(
        u.levels
        and summary.plan.derived_from_communes(
            "province", (c.level for c in registry.children_of(u.unit.code))
        )
        for u in summary.at_level("province")
    ):
        info.append(("Mức đạt chuẩn cấp tỉnh", tr("level_basis.from_communes", "vi")))
    for i, (label, value) in enumerate(info):
        sheet.write_string(3 + i, 0, label, fmt.bold)
        sheet.write_string(3 + i, 2, value, fmt.text)
    header_row = 7
    last_year = max(summary.plan.milestones)
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
        ],
        fmt,
    )
    row = header_row
    for number, (code, ind) in enumerate((top.indicators if top else {}).items(), start=1):
        row += 1
        name, _ = indicator_name(summary, code)
        later = summary.plan.targets_for(code, last_year, top.unit.level) if top else []
        note = f"{ind.lacking} đơn vị thiếu số liệu" if ind.lacking else ""
        if ind.target_count is not None:
            note = (note + "; " if note else "") + f"mục tiêu: {ind.target_count} đơn vị"
        sheet.write_number(row, 0, number, fmt.center)
        sheet.write_string(row, 1, code, fmt.cell)
        sheet.write_string(row, 2, name, fmt.cell)
        sheet.write_string(row, 3, result_text(ind), fmt.center)
        fmt.number(sheet, row, 4, ind.value, fmt.pct)
        fmt.number(sheet, row, 5, ind.target, fmt.pct)
        sheet.write_string(row, 6, met_text(ind.met), fmt.center)
        fmt.number(sheet, row, 7, ind.gap if ind.target_count is None else None, fmt.pct)
        fmt.number(
            sheet, row, 8, later[0].value if later and later[0].value is not None else None, fmt.pct
        )
        sheet.write_string(row, 9, note, fmt.cell)
    for target in top.level_targets if top is not None else []:
        row += 1
        owner = top.unit.name if top is not None else ""
        field_label = re.sub(r"\s*\(.*?\)\s*$", "", summary.plan.fields[target.field].label)
        label = f"{owner}: {field_label}"
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
    for col, width in enumerate((5, 16, 62, 18, 10, 11, 13, 12, 12, 38)):
        sheet.set_column(col, col, width)
    setup(sheet, header_row)
