"""``NguonSoLieu``: where the summary's figures came from (docs/lineage.md) — one row per
report used (the commune, its file, report date, when it was received, the start of the
file's SHA-256), then the reports not used and why. Printed like the other sheets."""

from __future__ import annotations

from xhht_cli.rollup.outcome import Outcome, Submitted, Unused
from xhht_cli.write.rows import Cell, RowSheet
from xhht_cli.write.sources import SHA_SHOWN, file_name, received_text, why
from xhht_cli.write.summary.formats import STATUS_VI, Formats, header, row_height, setup

SHEET = "NguonSoLieu"
WIDTHS: list[float] = [5, 8, 20, 20, 30, 11, 15, 18]  # the file's column widens to the longest name
FILE, MAX_FILE = 4, 56.0


def write_sources_sheet(sheet: RowSheet, outcome: Outcome, fmt: Formats) -> None:
    """The current period's reports used, by parent then code; the earlier periods' reports
    the comparisons came from; then the files not used (``Outcome.unused_now``)."""
    sources = outcome.sources[-1]
    registry = outcome.registry
    widths = list(WIDTHS)
    # the bulk rows cannot grow in height: the column is as wide as the longest name needs
    longest = max((len(file_name(u.file)) for u in sources.used), default=0)
    widths[FILE] = min(MAX_FILE, max(widths[FILE], longest / 1.4 + 1))
    last = len(widths) - 1
    sheet.merge_range(
        0, 0, 0, last, f"NGUỒN SỐ LIỆU — CÁC BÁO CÁO ĐÃ TỔNG HỢP NĂM {outcome.period}", fmt.title
    )
    unused, earlier = outcome.unused_now, [s for s in outcome.sources[:-1] if s.used]
    enough = outcome.counted(outcome.top) if outcome.top is not None else {}
    before = "".join(f"; {len(s.used)} báo cáo năm {s.period}" for s in reversed(earlier))
    note = (
        f"{len(sources.used)} báo cáo được tổng hợp{before}; {len(unused)} tệp hoặc báo cáo "
        f"không được dùng (bên dưới). SHA-256: {SHA_SHOWN} ký tự đầu (đường dẫn và đủ 64 ký "
        "tự của kỳ này ở trang ThongTin)."
    )
    sheet.merge_range(1, 0, 1, last, note, fmt.subtitle)
    header_row = 2
    heads = ["STT", "Mã xã", "Tên xã", "Thuộc", "Tệp", "Ngày báo cáo", "Ngày nhận", "SHA-256"]
    header(sheet, header_row, heads, fmt)

    def cells(item: tuple[int, Submitted]) -> list[Cell]:
        number, used = item
        parent = registry.units.get(used.unit.parent_code or "")
        day = used.report_date.strftime("%d/%m/%Y") if used.report_date else "—"
        return [
            (number, fmt.int),
            (used.unit.code, fmt.cell),
            (used.unit.name, fmt.cell),
            (parent.name if parent else "", fmt.cell),
            (file_name(used.file), fmt.cell),
            (day, fmt.center),
            (received_text(used.received), fmt.center),
            (used.sha256[:SHA_SHOWN], fmt.cell),
        ]

    rows = list(enumerate(sources.used, start=1))
    formats = (fmt.int, fmt.cell, fmt.center)
    sheet.write_rows(header_row + 1, 0, rows, cells, formats=formats)
    row = header_row + len(rows) + 2
    for period in reversed(earlier):  # the previous period first: its figures are compared
        use = "so sánh và tiến độ" if enough.get(period.period) else "quá ít để so sánh"
        title = f"CÁC BÁO CÁO NĂM {period.period}: {len(period.used)} ({use})"
        sheet.write_string(row, 0, title, fmt.bold)
        header(sheet, row + 1, heads, fmt)
        rows = list(enumerate(period.used, start=1))
        sheet.write_rows(row + 2, 0, rows, cells, formats=formats)
        row += len(rows) + 3
    _write_unused(sheet, row, unused, outcome, fmt, widths)
    setup(sheet, header_row, widths)


def _write_unused(
    sheet: RowSheet,
    row: int,
    unused: list[Unused],
    outcome: Outcome,
    fmt: Formats,
    widths: list[float],
) -> None:
    """The reports not used, each with the finding that says why (the reason merged over
    the last three columns, its row as high as its text)."""
    last = len(widths) - 1
    sheet.write_string(row, 0, "CÁC BÁO CÁO KHÔNG ĐƯỢC DÙNG VÀ LÝ DO", fmt.bold)
    row += 1
    header(sheet, row, ["STT", "Mã", "Tên", "Thuộc", "Tệp"], fmt)
    sheet.merge_range(row, 5, row, last, "Tình trạng, lý do", fmt.header)
    if not unused:
        row += 1
        sheet.merge_range(
            row, 0, row, last, "Không có: mọi báo cáo nhận được đều được dùng.", fmt.cell
        )
        return
    for number, item in enumerate(unused, start=1):
        row += 1
        unit = item.unit
        parent = outcome.registry.units.get(unit.parent_code or "") if unit else None
        reason = f"{STATUS_VI.get(item.status, item.status)}: {why(item, 'vi')}"
        # the reason spans the last three columns
        height = max(row_height(reason, sum(widths[5:])), row_height(item.file, widths[FILE]))
        sheet.set_row(row, height)
        sheet.write_number(row, 0, number, fmt.int)
        for col, text in enumerate(
            (unit.code if unit else "—", unit.name if unit else "", parent.name if parent else ""),
            start=1,
        ):
            sheet.write_string(row, col, text, fmt.cell)
        sheet.write_string(row, 4, item.file, fmt.cell)
        sheet.merge_range(row, 5, row, last, reason, fmt.cell)
