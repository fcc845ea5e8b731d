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
    sheet.merge_range(0, 0, 0, 6, f"TIẾN ĐỘ NỘP BÁO CÁO — NĂM {summary.period}", fmt.title)
    header_row = 2
    header(
        sheet,
        header_row,
        ["Mã", "Đơn vị", "Dự kiến", "Đã nhận", "Hợp lệ", "Còn thiếu", "Tỷ lệ hợp lệ (%)"],
        fmt,
    )
    row = header_row
    for group in summary.validation.completeness:
        row += 1
        expected = len(group.expected)
        sheet.write_string(row, 0, group.parent.code if group.parent else "", fmt.cell)
        sheet.write_string(row, 1, group.parent.name if group.parent else "", fmt.cell)
        for col, value in enumerate(
            (expected, len(group.received), len(group.valid), len(group.missing)), start=2
        ):
            sheet.write_number(row, col, value, fmt.int)
        fmt.number(sheet, row, 6, len(group.valid) / expected * 100 if expected else None, fmt.pct)
    row += 2
    sheet.write_string(row, 0, "CÁC XÃ CHƯA NỘP BÁO CÁO", fmt.bold)
    row += 1
    header(sheet, row, ["Mã", "Tên xã", "Thuộc"], fmt)
    for group in summary.validation.completeness:
        owner = group.parent.name if group.parent else ""
        for unit in group.missing:
            row += 1
            sheet.write_cells(
                row, 0, [(unit.code, fmt.cell), (unit.name, fmt.cell), (owner, fmt.cell)]
            )
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 2, 28)
    sheet.set_column(3, 6, 12)
    setup(sheet, header_row, landscape=False)


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
            "Lỗi" if finding.severity == "error" else "Cảnh báo",
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
