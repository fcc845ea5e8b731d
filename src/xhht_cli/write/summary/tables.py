"""``TheoHuyen`` (a sheet per intermediate level) and ``TheoXa`` (every commune)."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from xhht_cli.aggregate import Summary, UnitResult
from xhht_cli.plans import RatioIndicator
from xhht_cli.results import Status
from xhht_cli.write.rows import Cell, RowSheet
from xhht_cli.write.summary.formats import (
    LEVEL_VI,
    STATUS_VI,
    Formats,
    header,
    setup,
)


def _indicator_columns(summary: Summary) -> list[str]:
    return [i.code for i in summary.plan.indicators]


def write_by_level(sheet: Worksheet, summary: Summary, level: str, fmt: Formats) -> None:
    codes = _indicator_columns(summary)
    sheet.merge_range(
        0,
        0,
        0,
        min(len(codes) + 3, 12),
        f"KẾT QUẢ THEO {LEVEL_VI[level].upper()} — NĂM {summary.period}",
        fmt.title,
    )
    header_row = 2
    header(
        sheet,
        header_row,
        ["Mã", "Tên đơn vị", "Báo cáo hợp lệ / dự kiến", *[f"{c} (%)" for c in codes]],
        fmt,
    )
    units = summary.at_level(level)
    row = header_row
    for result in units:
        row += 1
        _unit_row(sheet, row, result, codes, fmt, bold=False)
    first, last = header_row + 1, row
    for top in summary.top:
        row += 1
        _unit_row(sheet, row, top, codes, fmt, bold=True, label=f"Tổng: {top.unit.name}")
    for col, code in enumerate(codes, start=3):
        targets = summary.plan.targets_for(code, int(summary.period), level)
        if targets and targets[0].value is not None and last >= first:
            value = targets[0].value
            sheet.conditional_format(
                first,
                col,
                last,
                col,
                {"type": "cell", "criteria": ">=", "value": value, "format": fmt.met},
            )
            sheet.conditional_format(
                first,
                col,
                last,
                col,
                {"type": "cell", "criteria": "<", "value": value, "format": fmt.not_met},
            )
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, 3 + len(codes), 11)
    sheet.autofilter(header_row, 0, max(last, header_row), 2 + len(codes))
    setup(sheet, header_row)


def _unit_row(
    sheet: Worksheet,
    row: int,
    result: UnitResult,
    codes: list[str],
    fmt: Formats,
    bold: bool,
    label: str | None = None,
) -> None:
    text = fmt.cell_bold if bold else fmt.cell
    sheet.write_string(row, 0, result.unit.code, text)
    sheet.write_string(row, 1, label or result.unit.name, text)
    sheet.write_string(row, 2, f"{result.reported}/{result.expected}", text)
    for col, code in enumerate(codes, start=3):
        fmt.number(
            sheet, row, col, result.indicators[code].value, fmt.pct_bold if bold else fmt.pct
        )


def write_communes(sheet: RowSheet, summary: Summary, fmt: Formats) -> None:
    fields = list(summary.plan.fields)
    codes = [i.code for i in summary.plan.indicators if isinstance(i, RatioIndicator)]
    registry = summary.validation.registry
    sheet.merge_range(0, 0, 0, 10, f"SỐ LIỆU TỪNG XÃ — NĂM {summary.period}", fmt.title)
    header_row = 2
    header(
        sheet,
        header_row,
        [
            "Mã cấp trên",
            "Cấp trên",
            "Mã xã",
            "Tên xã",
            "Báo cáo",
            *fields,
            *[f"{c} (%)" for c in codes],
        ],
        fmt,
    )
    communes = sorted(
        summary.at_level("commune")
        or [u for u in summary.units if not registry.children.get(u.unit.code)],
        key=lambda u: (u.unit.parent_code or "", u.unit.code),
    )
    whole, share = fmt.int, fmt.pct
    sent = submission_words(summary)
    no_whole, no_share = fmt.num(None, whole), fmt.num(None, share)
    units = registry.units

    def cells(result: UnitResult) -> list[Cell]:
        parent = units.get(result.unit.parent_code or "")
        get, indicators = result.values.get, result.indicators
        return [
            (parent.code if parent else "", fmt.cell),
            (parent.name if parent else "", fmt.cell),
            (result.unit.code, fmt.cell),
            (result.unit.name, fmt.cell),
            (sent.get(result.unit.code, "chưa nộp"), fmt.center),
            *[no_whole if (v := get(code)) is None else (v, whole) for code in fields],
            *[no_share if (p := indicators[code].value) is None else (p, share) for code in codes],
        ]

    communes = [result for result in communes if result.expected]
    sheet.write_rows(
        header_row + 1,
        0,
        communes,
        cells,
        formats=(fmt.cell, fmt.center, whole, share, no_whole[1], no_share[1]),
    )
    row = header_row + len(communes)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2, 8)
    sheet.set_column(3, 3, 24)
    sheet.set_column(5, 4 + len(fields) + len(codes), 11)
    sheet.autofilter(header_row, 0, max(row, header_row), 4 + len(fields) + len(codes))
    setup(sheet, header_row)
    sheet.freeze_panes(header_row + 1, 4)


def submission_words(summary: Summary) -> dict[str, str]:
    """Commune code → what it sent, in the words of the sheets: ``hợp lệ``, ``có lỗi``,
    ``không đọc được`` (absent: ``chưa nộp``) — a wrong report is never "not sent"."""
    words: dict[str, str] = {}
    for group in summary.validation.completeness:
        words.update(dict.fromkeys(group.received, STATUS_VI[Status.VALID]))
        for chase in group.chase:
            words[chase.unit.code] = STATUS_VI[chase.status]
    return words
