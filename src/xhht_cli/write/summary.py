"""The summary workbook the steering committee receives (issue: aggregation).

Written with xlsxwriter (fast for tens of thousands of rows, native charts); every string
that came from a report or a registry goes through ``write_string``, so it can never become
a formula.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xhht_cli import __version__
from xhht_cli.aggregate import IndicatorResult, Summary, UnitResult
from xhht_cli.findings import Finding
from xhht_cli.i18n import tr
from xhht_cli.plans import RatioIndicator
from xhht_cli.validate import Entry
from xhht_cli.write.atomic import write_atomic
from xhht_cli.write.rows import Cell, RowSheet, SummaryWorkbook

LEVEL_SHEETS = {"nation": "TheoQuocGia", "province": "TheoTinh", "district": "TheoHuyen"}
LEVEL_VI = {"nation": "cả nước", "province": "tỉnh", "district": "huyện", "commune": "xã"}
STATUS_VI = {
    "valid": "hợp lệ",
    "invalid": "có lỗi",
    "unreadable": "không đọc được",
    "ignored": "bỏ qua",
    "superseded": "đã thay thế",
}
FONT = "Times New Roman"
_DASH: dict[int, Any] = {}  # numeric format → the centred format "—" is written with


class _Formats:
    def __init__(self, book: Workbook) -> None:
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
        cell = {**base, "border": 1, "border_color": "#808080"}
        self.title = book.add_format({**base, "bold": True, "font_size": 14, "align": "center"})
        self.subtitle = book.add_format({**base, "italic": True, "align": "center"})
        self.text = book.add_format(base)
        self.bold = book.add_format({**base, "bold": True})
        self.header = book.add_format(
            {**cell, "bold": True, "bg_color": "#D9E1F2", "align": "center", "text_wrap": True}
        )
        self.cell = book.add_format({**cell, "text_wrap": True})
        self.cell_bold = book.add_format({**cell, "bold": True, "bg_color": "#F2F2F2"})
        self.int = book.add_format({**cell, "num_format": "#,##0"})
        self.int_bold = book.add_format(
            {**cell, "num_format": "#,##0", "bold": True, "bg_color": "#F2F2F2"}
        )
        self.pct = book.add_format({**cell, "num_format": "0.0"})
        self.pct_bold = book.add_format(
            {**cell, "num_format": "0.0", "bold": True, "bg_color": "#F2F2F2"}
        )
        self.met = book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.not_met = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.center = book.add_format({**cell, "align": "center"})
        for numeric in (self.int, self.pct, self.int_bold, self.pct_bold):
            _DASH[id(numeric)] = self.center


def write_summary(target: Path, summary: Summary, generated: datetime | None = None) -> None:
    """Write the workbook atomically to *target*."""
    write_atomic(target, lambda tmp: _build(tmp, summary, generated or datetime.now()))


def _build(path: Path, summary: Summary, generated: datetime) -> None:
    # constant_memory: each row goes to disk as the next begins (every sheet is written top
    # down), so tens of thousands of communes cost neither memory nor a slow final pass.
    book = SummaryWorkbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True}
    )
    # The creation time is the data's, not the clock's: the same inputs give the same bytes.
    book.set_properties({"created": generated, "title": "Tổng hợp xây dựng xã hội học tập"})
    try:
        _sheets(book, summary, generated)
        book.close()
    except BaseException:
        book.discard()
        raise


def _sheets(book: SummaryWorkbook, summary: Summary, generated: datetime) -> None:
    fmt = _Formats(book)
    _overview(book.add_worksheet("TongHop"), summary, fmt, generated)
    levels = [lvl for lvl in summary.validation.registry.levels if lvl != "commune"]
    intermediate = levels[1:] if len(levels) > 1 else []
    for level in intermediate:
        _by_level(book.add_worksheet(LEVEL_SHEETS[level]), summary, level, fmt)
    _communes(_rows_sheet(book, "TheoXa"), summary, fmt)
    _progress(_rows_sheet(book, "TienDo"), summary, fmt)
    _findings(_rows_sheet(book, "LoiDuLieu"), summary, fmt)
    chart_level = intermediate[-1] if intermediate else "commune"
    _charts(book, book.add_worksheet("BieuDo"), summary, chart_level, fmt)
    _provenance(_rows_sheet(book, "ThongTin"), summary, fmt, generated)


def _rows_sheet(book: Workbook, name: str) -> RowSheet:
    """A sheet whose table rows (one per commune, file or finding) go in whole."""
    sheet = book.add_worksheet(name, worksheet_class=RowSheet)
    assert isinstance(sheet, RowSheet)
    return sheet


def _setup(sheet: Worksheet, header_row: int, landscape: bool = True) -> None:
    sheet.set_paper(9)  # A4
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.freeze_panes(header_row + 1, 0)


def _header(sheet: Worksheet, row: int, titles: list[str], fmt: _Formats) -> None:
    sheet.set_row(row, 32)
    for col, title in enumerate(titles):
        sheet.write_string(row, col, title, fmt.header)


def _name(summary: Summary, code: str) -> tuple[str, str]:
    ind = summary.plan.indicator_map[code]
    return ind.name, ("%" if isinstance(ind, RatioIndicator) else "% đơn vị")


def _result_text(ind: IndicatorResult) -> str:
    if ind.numerator is None or ind.denominator is None:
        return "—"
    return f"{ind.numerator:,}/{ind.denominator:,}".replace(",", ".")


def _met_text(met: bool | None) -> str:
    return "—" if met is None else ("Đạt" if met else "Chưa đạt")


def _overview(sheet: Worksheet, summary: Summary, fmt: _Formats, generated: datetime) -> None:
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
    # -- issue 21: provinces without districts have levels derived from communes (assumption)
    registry = summary.validation.registry
    if any(
        u.levels
        and summary.plan.derived_from_communes(
            "province", (c.level for c in registry.children_of(u.unit.code))
        )
        for u in summary.at_level("province")
    ):
        info.append(("Mức đạt chuẩn cấp tỉnh", tr("level_basis.from_communes", "vi")))
    # -- end issue 21
    for i, (label, value) in enumerate(info):
        sheet.write_string(3 + i, 0, label, fmt.bold)
        sheet.write_string(3 + i, 2, value, fmt.text)
    header_row = 7
    last_year = max(summary.plan.milestones)
    _header(
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
        name, _ = _name(summary, code)
        later = summary.plan.targets_for(code, last_year, top.unit.level) if top else []
        note = f"{ind.lacking} đơn vị thiếu số liệu" if ind.lacking else ""
        if ind.target_count is not None:
            note = (note + "; " if note else "") + f"mục tiêu: {ind.target_count} đơn vị"
        sheet.write_number(row, 0, number, fmt.center)
        sheet.write_string(row, 1, code, fmt.cell)
        sheet.write_string(row, 2, name, fmt.cell)
        sheet.write_string(row, 3, _result_text(ind), fmt.center)
        _number(sheet, row, 4, ind.value, fmt.pct)
        _number(sheet, row, 5, ind.target, fmt.pct)
        sheet.write_string(row, 6, _met_text(ind.met), fmt.center)
        _number(sheet, row, 7, ind.gap if ind.target_count is None else None, fmt.pct)
        _number(
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
        sheet.write_string(row, 6, _met_text(target.met), fmt.center)
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
    _setup(sheet, header_row)


def _num(value: float | int | None, fmt: Any) -> tuple[str | float | int, Any]:
    """A number cell for ``RowSheet.write_cells``; "—" (centred) where there is no value."""
    return ("—", _DASH.get(id(fmt), fmt)) if value is None else (value, fmt)


def _number(sheet: Worksheet, row: int, col: int, value: float | int | None, fmt: Any) -> None:
    """The same cell written on its own (sheets of a few rows)."""
    shown, style = _num(value, fmt)
    sheet.write(row, col, shown, style)


def _indicator_columns(summary: Summary) -> list[str]:
    return [i.code for i in summary.plan.indicators]


def _by_level(sheet: Worksheet, summary: Summary, level: str, fmt: _Formats) -> None:
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
    _header(
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
    _setup(sheet, header_row)


def _unit_row(
    sheet: Worksheet,
    row: int,
    result: UnitResult,
    codes: list[str],
    fmt: _Formats,
    bold: bool,
    label: str | None = None,
) -> None:
    text = fmt.cell_bold if bold else fmt.cell
    sheet.write_string(row, 0, result.unit.code, text)
    sheet.write_string(row, 1, label or result.unit.name, text)
    sheet.write_string(row, 2, f"{result.reported}/{result.expected}", text)
    for col, code in enumerate(codes, start=3):
        _number(sheet, row, col, result.indicators[code].value, fmt.pct_bold if bold else fmt.pct)


def _communes(sheet: RowSheet, summary: Summary, fmt: _Formats) -> None:
    fields = list(summary.plan.fields)
    codes = [i.code for i in summary.plan.indicators if isinstance(i, RatioIndicator)]
    registry = summary.validation.registry
    sheet.merge_range(0, 0, 0, 10, f"SỐ LIỆU TỪNG XÃ — NĂM {summary.period}", fmt.title)
    header_row = 2
    _header(
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
    no_whole, no_share = _num(None, whole), _num(None, share)
    units = registry.units

    def cells(result: UnitResult) -> list[Cell]:
        parent = units.get(result.unit.parent_code or "")
        get, indicators = result.values.get, result.indicators
        return [
            (parent.code if parent else "", fmt.cell),
            (parent.name if parent else "", fmt.cell),
            (result.unit.code, fmt.cell),
            (result.unit.name, fmt.cell),
            ("có" if result.reported else "chưa có", fmt.center),
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
    _setup(sheet, header_row)
    sheet.freeze_panes(header_row + 1, 4)


def _progress(sheet: RowSheet, summary: Summary, fmt: _Formats) -> None:
    sheet.merge_range(0, 0, 0, 6, f"TIẾN ĐỘ NỘP BÁO CÁO — NĂM {summary.period}", fmt.title)
    header_row = 2
    _header(
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
        _number(sheet, row, 6, len(group.valid) / expected * 100 if expected else None, fmt.pct)
    row += 2
    sheet.write_string(row, 0, "CÁC XÃ CHƯA NỘP BÁO CÁO", fmt.bold)
    row += 1
    _header(sheet, row, ["Mã", "Tên xã", "Thuộc"], fmt)
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
    _setup(sheet, header_row, landscape=False)


def _findings(sheet: RowSheet, summary: Summary, fmt: _Formats) -> None:
    header_row = 0
    _header(
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
    _setup(sheet, header_row)


def _charts(book: Workbook, sheet: Worksheet, summary: Summary, level: str, fmt: _Formats) -> None:
    """One chart per ratio indicator with a target: values by unit, and the target as a line."""
    units = summary.at_level(level) or summary.units
    ratios = [i.code for i in summary.plan.indicators if isinstance(i, RatioIndicator)]
    year = int(summary.period)
    sheet.write_string(0, 0, "Số liệu cho biểu đồ", fmt.bold)
    _header(
        sheet, 1, ["Đơn vị", *[f"{c} (%)" for c in ratios], *[f"Mục tiêu {c}" for c in ratios]], fmt
    )
    for r, result in enumerate(units, start=2):
        sheet.write_string(r, 0, result.unit.name, fmt.cell)
        for c, code in enumerate(ratios, start=1):
            value = result.indicators[code].value
            if value is not None:
                sheet.write_number(r, c, round(value, 2), fmt.pct)
            targets = summary.plan.targets_for(code, year, level)
            if targets and targets[0].value is not None:
                sheet.write_number(r, c + len(ratios), targets[0].value, fmt.pct)
    last = 1 + len(units)
    chart_row = last + 3
    for c, code in enumerate(ratios, start=1):
        if not summary.plan.targets_for(code, year, level):
            continue
        chart = book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": code,
                "categories": ["BieuDo", 2, 0, last, 0],
                "values": ["BieuDo", 2, c, last, c],
                "fill": {"color": "#4472C4"},
            }
        )
        line = book.add_chart({"type": "line"})
        line.add_series(
            {
                "name": "Mục tiêu",
                "categories": ["BieuDo", 2, 0, last, 0],
                "values": ["BieuDo", 2, c + len(ratios), last, c + len(ratios)],
                "line": {"color": "#C00000", "dash_type": "dash", "width": 2},
                "marker": {"type": "none"},
            }
        )
        chart.combine(line)
        chart.set_title({"name": _name(summary, code)[0], "name_font": {"size": 11}})
        chart.set_y_axis({"min": 0, "max": 100, "name": "%"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 720, "height": 300})
        sheet.insert_chart(chart_row, 0, chart)
        chart_row += 16
    sheet.set_column(0, 0, 26)


def _provenance(sheet: RowSheet, summary: Summary, fmt: _Formats, generated: datetime) -> None:
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
    _header(
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
