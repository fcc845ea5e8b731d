"""What came in: ``TienDo`` (completeness), ``LoiDuLieu`` (every finding), ``ThongTin`` (provenance)."""

from __future__ import annotations

from datetime import datetime

from xhht_cli import __version__
from xhht_cli.rollup.outcome import Outcome
from xhht_cli.values.findings import Finding
from xhht_cli.values.results import Entry, Status
from xhht_cli.write.rows import Cell, RowSheet
from xhht_cli.write.summary.approval import write_late
from xhht_cli.write.summary.formats import (
    CODE,
    STATUS_VI,
    Formats,
    header,
    row_height,
    setup,
)


def write_progress(sheet: RowSheet, outcome: Outcome, fmt: Formats) -> None:
    """Who sent what per parent (on time or late, valid, with errors, unreadable, nothing),
    with totals; then by name the communes to chase: those that sent nothing, and those to
    send a corrected report (docs/outcome.md, "Who to chase")."""
    groups = outcome.groups
    deadline = outcome.deadline
    sheet.merge_range(0, 0, 0, 11, f"TIẾN ĐỘ NỘP BÁO CÁO — NĂM {outcome.period}", fmt.title)
    if deadline is not None:
        basis = outcome.timeliness_text("vi")
        when = f"Hạn nộp: {deadline.strftime('%d/%m/%Y')}; đúng hạn / trễ hạn {basis}"
        sheet.merge_range(1, 0, 1, 11, when, fmt.subtitle)
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
            "Không xác định hạn",
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
        tally = outcome.tally if group is None else group.tally
        text, whole, share = (
            (fmt.cell_bold, fmt.int_bold, fmt.pct_bold)
            if group is None
            else (fmt.cell, fmt.int, fmt.pct)
        )
        counts: list[int | None] = [
            tally.expected,
            tally.received,
            tally.on_time,
            tally.late,
            tally.undated,
            tally.valid,
            tally.invalid,
            tally.unreadable,
            tally.missing,
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
        fmt.number(sheet, row, 11, tally.valid_share, share)
    row = _missing(sheet, row + 2, outcome, fmt)
    row = _chase(sheet, row + 2, outcome, fmt)
    write_late(sheet, row, outcome, fmt)  # after an approval: what came in and is not used
    setup(sheet, header_row, [10, 24, 24, *[11] * 9])


def _missing(sheet: RowSheet, row: int, outcome: Outcome, fmt: Formats) -> int:
    """The communes that sent nothing, by name (or one line saying there are none); the last
    row written."""
    sheet.write_string(row, 0, "CÁC XÃ CHƯA NỘP BÁO CÁO", fmt.bold)
    if not any(group.missing for group in outcome.groups):
        sheet.write_string(row + 1, 0, "Không có xã nào chưa nộp báo cáo.", fmt.text)
        return row + 1
    row += 1
    header(sheet, row, ["Mã", "Tên xã", "Thuộc"], fmt)
    for group in outcome.groups:
        owner = group.parent.name if group.parent else ""
        for unit in group.missing:
            row += 1
            sheet.write_cells(
                row, 0, [(unit.code, fmt.cell), (unit.name, fmt.cell), (owner, fmt.cell)]
            )
    return row


def _chase(sheet: RowSheet, row: int, outcome: Outcome, fmt: Formats) -> int:
    """The communes to send a corrected report, with their first error (or one line saying
    there are none); the last row written."""
    sheet.write_string(row, 0, "CÁC XÃ CẦN GỬI LẠI BÁO CÁO (CÓ LỖI HOẶC KHÔNG ĐỌC ĐƯỢC)", fmt.bold)
    if not any(group.chase for group in outcome.groups):
        sheet.write_string(row + 1, 0, "Không có xã nào cần gửi lại báo cáo.", fmt.text)
        return row + 1
    row += 1
    header(sheet, row, ["Mã", "Tên xã", "Thuộc", "Tình trạng", "Số lỗi"], fmt)
    sheet.merge_range(row, 5, row, 11, "Lỗi đầu tiên (xem đủ ở trang LoiDuLieu)", fmt.header)
    for group in outcome.groups:
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
            sheet.merge_range(row, 5, row, 11, reason, fmt.cell)
    return row


def write_findings(sheet: RowSheet, outcome: Outcome, fmt: Formats) -> None:
    """Every finding, titled; each row as tall as its wrapped path or message."""
    findings = outcome.validation.findings
    errors = sum(1 for f in outcome.validation.findings if f.severity == "error")
    title = f"LỖI VÀ CẢNH BÁO TRONG CÁC BÁO CÁO — NĂM {outcome.period}"
    sheet.merge_range(0, 0, 0, 7, title, fmt.title)
    counts = f"{errors} lỗi, {len(findings) - errors} cảnh báo và thông tin"
    sheet.merge_range(1, 0, 1, 7, counts, fmt.subtitle)
    header_row = 2
    heads = ["Tệp", "Trang", "Ô", "Mã đơn vị", "Mã chỉ tiêu", "Mức độ", "Mã lỗi", "Nội dung"]
    header(sheet, header_row, heads, fmt)

    # a report a later one replaced: its problems are history, not errors of the period
    replaced = {e.file.display for e in outcome.validation.entries if e.status == Status.SUPERSEDED}

    def cells(finding: Finding) -> list[Cell]:
        severity = {"error": "Lỗi", "warning": "Cảnh báo"}.get(finding.severity, "Thông tin")
        values = (
            finding.path,
            finding.sheet or "",
            finding.cell or "",
            finding.unit_code or "",
            finding.field or "",
            "Báo cáo cũ (đã thay thế)" if finding.path in replaced else severity,
            finding.code,
            finding.message("vi"),
        )
        return [(value, fmt.cell) for value in values]

    def height(finding: Finding) -> float:
        # LibreOffice does not grow a row for wrapped text: the row is given its height
        return max(
            row_height(finding.path, _FINDING_WIDTHS[0], chars=CODE),
            row_height(finding.message("vi"), _FINDING_WIDTHS[7]),
            row_height(finding.code, _FINDING_WIDTHS[6], chars=CODE),
        )

    sheet.write_rows(header_row + 1, 0, findings, cells, formats=(fmt.cell,), height_of=height)
    row = header_row + len(findings)
    sheet.autofilter(header_row, 0, max(row, header_row), 7)
    setup(sheet, header_row, _FINDING_WIDTHS)


_FINDING_WIDTHS = (34, 10, 6, 10, 14, 9, 20, 72)


def write_provenance(sheet: RowSheet, outcome: Outcome, fmt: Formats, generated: datetime) -> None:
    validation = outcome.validation
    info = [
        ("Kế hoạch", f"{outcome.plan.name} ({outcome.plan.code})"),
        ("Kỳ báo cáo", outcome.period),
        ("Danh mục đơn vị", validation.registry.label),
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
    sheet.autofilter(header_row, 0, header_row + len(validation.entries), 5)
    setup(sheet, header_row, [50, 66, 12, 10, 8, 10])
