"""What came in: ``TienDo`` (completeness), ``LoiDuLieu`` (every finding), ``ThongTin`` (provenance)."""

from __future__ import annotations

from datetime import datetime

from xhht_cli import __version__
from xhht_cli.aggregate import Summary
from xhht_cli.findings import Finding
from xhht_cli.results import Entry
from xhht_cli.write.rows import Cell, RowSheet
from xhht_cli.write.summary.formats import (
    STATUS_VI,
    Formats,
    header,
    setup,
)


def write_progress(sheet: RowSheet, summary: Summary, fmt: Formats) -> None:
    """Who sent what per parent (on time or late, valid, with errors, unreadable, nothing),
    with totals; then by name the communes to chase: those that sent nothing, and those to
    send a corrected report (spec/cli.md, "Who to chase")."""
    groups = summary.validation.completeness
    deadline = summary.plan.deadline_of(int(summary.period))
    sheet.merge_range(0, 0, 0, 10, f"TIẾN ĐỘ NỘP BÁO CÁO — NĂM {summary.period}", fmt.title)
    if deadline is not None:
        sheet.merge_range(1, 0, 1, 10, f"Hạn nộp: {deadline.strftime('%d/%m/%Y')}", fmt.subtitle)
    header_row = 2
    header(
        sheet,
        header_row,
        [
            "Mã",
            "Đơn vị",
            "Dự kiến",
            "Đã nhận",
            "Đúng hạn",
            "Trễ hạn",
            "Hợp lệ",
            "Có lỗi",
            "Không đọc được",
            "Chưa nộp",
            "Tỷ lệ hợp lệ (%)",
        ],
        fmt,
    )
    row = header_row
    for group in [*groups, None]:
        row += 1
        parts = groups if group is None else [group]
        text, whole, share = (
            (fmt.cell_bold, fmt.int_bold, fmt.pct_bold)
            if group is None
            else (fmt.cell, fmt.int, fmt.pct)
        )
        expected = sum(len(g.expected) for g in parts)
        valid = sum(len(g.valid) for g in parts)
        timely = all(g.on_time is not None for g in parts)
        counts: list[int | None] = [
            expected,
            sum(len(g.received) for g in parts),
            sum(len(g.on_time or ()) for g in parts) if timely else None,
            sum(len(g.late or ()) for g in parts) if timely else None,
            valid,
            sum(len(g.invalid) for g in parts),
            sum(len(g.unreadable) for g in parts),
            sum(len(g.missing) for g in parts),
        ]
        if group is None:
            code, name = "", "Tổng cộng"
        else:
            code = group.parent.code if group.parent else ""
            name = group.parent.name if group.parent else ""
        sheet.write_string(row, 0, code, text)
        sheet.write_string(row, 1, name, text)
        for col, value in enumerate(counts, start=2):
            fmt.number(sheet, row, col, value, whole)
        fmt.number(sheet, row, 10, valid / expected * 100 if expected else None, share)
    row += 2
    sheet.write_string(row, 0, "CÁC XÃ CHƯA NỘP BÁO CÁO", fmt.bold)
    row += 1
    header(sheet, row, ["Mã", "Tên xã", "Thuộc"], fmt)
    for group in groups:
        owner = group.parent.name if group.parent else ""
        for unit in group.missing:
            row += 1
            sheet.write_cells(
                row, 0, [(unit.code, fmt.cell), (unit.name, fmt.cell), (owner, fmt.cell)]
            )
    row += 2
    sheet.write_string(row, 0, "CÁC XÃ CẦN GỬI LẠI BÁO CÁO (CÓ LỖI HOẶC KHÔNG ĐỌC ĐƯỢC)", fmt.bold)
    row += 1
    header(sheet, row, ["Mã", "Tên xã", "Thuộc", "Tình trạng", "Số lỗi"], fmt)
    sheet.merge_range(row, 5, row, 10, "Lỗi đầu tiên (xem đủ ở trang LoiDuLieu)", fmt.header)
    for group in groups:
        owner = group.parent.name if group.parent else ""
        for chase in group.chase:
            row += 1
            first = chase.first_error
            reason = first.message("vi") if first else ""
            # a merged cell does not grow with its text: the row is given the height it needs
            sheet.set_row(row, 15 * max(1, -(-len(reason) // 70)))
            for col, text in enumerate(
                (chase.unit.code, chase.unit.name, owner, STATUS_VI[chase.status])
            ):
                sheet.write_string(row, col, text, fmt.cell)
            sheet.write_number(row, 4, chase.errors, fmt.int)
            sheet.merge_range(row, 5, row, 10, reason, fmt.cell)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 2, 24)
    sheet.set_column(3, 10, 11)
    setup(sheet, header_row)


def write_findings(sheet: RowSheet, summary: Summary, fmt: Formats) -> None:
    header_row = 0
    header(
        sheet,
        header_row,
        ["Tệp", "Trang", "Ô", "Mã đơn vị", "Chỉ tiêu", "Mức độ", "Mã lỗi", "Nội dung"],
        fmt,
    )

    def cells(finding: Finding) -> list[Cell]:
        values = (
            finding.path,
            finding.sheet or "",
            finding.cell or "",
            finding.unit_code or "",
            finding.field or "",
            {"error": "Lỗi", "warning": "Cảnh báo"}.get(finding.severity, "Thông tin"),
            finding.code,
            finding.message("vi"),
        )
        return [(value, fmt.cell) for value in values]

    findings = summary.validation.findings
    sheet.write_rows(header_row + 1, 0, findings, cells, formats=(fmt.cell,))
    row = header_row + len(findings)
    for col, width in enumerate((40, 12, 7, 10, 14, 10, 22, 90)):
        sheet.set_column(col, col, width)
    sheet.autofilter(header_row, 0, max(row, header_row), 7)
    setup(sheet, header_row)


def write_provenance(sheet: RowSheet, summary: Summary, fmt: Formats, generated: datetime) -> None:
    validation = summary.validation
    info = [
        ("Kế hoạch", f"{summary.plan.name} ({summary.plan.code})"),
        ("Kỳ báo cáo", summary.period),
        ("Danh mục đơn vị", validation.registry.source),
        ("Đơn vị gốc (--parent)", validation.parent or "—"),
        ("Phiên bản xhht", __version__),
        ("Thời điểm tạo", generated.isoformat(timespec="seconds")),
    ]
    for row, (label, value) in enumerate(info):
        sheet.write_string(row, 0, label, fmt.bold)
        sheet.write_string(row, 1, value, fmt.text)
    header_row = len(info) + 1
    header(
        sheet,
        header_row,
        ["Tệp đầu vào", "SHA-256", "Trạng thái", "Mã đơn vị", "Số lỗi", "Số cảnh báo"],
        fmt,
    )

    def cells(entry: Entry) -> list[Cell]:
        return [
            (entry.file.display, fmt.cell),
            (entry.file.sha256, fmt.cell),
            (STATUS_VI.get(entry.status, entry.status), fmt.cell),
            (entry.unit.code if entry.unit else "", fmt.cell),
            (entry.errors, fmt.int),
            (entry.warnings, fmt.int),
        ]

    sheet.write_rows(header_row + 1, 0, validation.entries, cells, formats=(fmt.cell, fmt.int))
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 1, 66)
    sheet.set_column(2, 5, 12)
    sheet.autofilter(header_row, 0, header_row + len(validation.entries), 5)
    sheet.set_paper(9)
    sheet.set_landscape()
