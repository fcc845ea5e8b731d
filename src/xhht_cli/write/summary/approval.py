"""``TienDo``'s last block after an approval: the files received after it, kept and answered
but not used (docs/approval.md). Nothing is written without one."""

from __future__ import annotations

from pathlib import PurePath

from xhht_cli.rollup.outcome import Outcome
from xhht_cli.write.rows import RowSheet
from xhht_cli.write.summary.formats import STATUS_VI, Formats, header, row_height

TITLE = "BÁO CÁO NHẬN SAU PHÊ DUYỆT (ĐÃ LƯU, KIỂM TRA VÀ PHẢN HỒI; KHÔNG DÙNG TRONG SỐ LIỆU)"


def write_late(sheet: RowSheet, row: int, outcome: Outcome, fmt: Formats) -> int:
    """Below *row*: the approval stamps, then one row per file received after the approval
    (tình trạng ``nhận sau phê duyệt``); returns the last row written."""
    approval = outcome.approval
    if approval is None:
        return row
    row += 2
    for stamp in approval.stamps("vi"):
        sheet.write_string(row, 0, stamp, fmt.bold)
        row += 1
    if not approval.late:
        return row
    row += 1
    sheet.write_string(row, 0, TITLE, fmt.bold)
    row += 1
    heads = ["Mã", "Tên xã", "Tệp", "", "", "Nhận lúc", "Tình trạng", "Kết quả kiểm tra", "Số lỗi"]
    header(sheet, row, heads, fmt)
    sheet.merge_range(row, 2, row, 4, "Tệp", fmt.header)
    for late in approval.late:
        row += 1
        name = PurePath(late.path).name  # the file's name: the clerk knows it by that
        status = "nhận sau phê duyệt"
        height = max(row_height(name, 46), row_height(late.unit_name or "", 24))
        sheet.set_row(row, max(height, row_height(status, 11)))
        sheet.write_string(row, 0, late.unit_code or "", fmt.cell)
        sheet.write_string(row, 1, late.unit_name or "", fmt.cell)
        sheet.merge_range(row, 2, row, 4, name, fmt.cell)
        sheet.write_string(row, 5, late.received.replace("T", " ")[:16], fmt.cell)
        sheet.write_string(row, 6, status, fmt.cell)
        sheet.write_string(row, 7, STATUS_VI.get(late.status, late.status), fmt.cell)
        sheet.write_number(row, 8, late.errors, fmt.int)
    return row
