"""The canonical report form (docs/form.md): what `xhht template` writes and clerks fill."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from xhht_cli.base.text import slug
from xhht_cli.plans import FieldDef, Plan
from xhht_cli.units.unit import Unit
from xhht_cli.write.atomic import write_atomic
from xhht_cli.write.style import (
    BORDER,
    CENTER,
    HEADER_FILL,
    INPUT_FILL,
    SECTION_FILL,
    WRAP,
    font,
    put,
)

SHEET = "BaoCao"
HEADER_ROW = 12  # 1-based row of the field table's header
VALUE_COL = "E"
COLUMNS = ("STT", "Mã chỉ tiêu", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú")
WIDTHS = (6, 16, 62, 12, 14, 24)


@dataclass(frozen=True, slots=True)
class FormLayout:
    """Where the template puts things (1-based rows), for filling and round-trip tests."""

    unit_code: str = "C6"
    unit_name: str = "C7"
    period: str = "C8"
    report_date: str = "C9"
    preparer: str = "C10"
    field_rows: tuple[tuple[str, int], ...] = ()

    def value_cell(self, code: str) -> str:
        return f"{VALUE_COL}{dict(self.field_rows)[code]}"


def layout_of(plan: Plan) -> FormLayout:
    rows: list[tuple[str, int]] = []
    row = HEADER_ROW
    for section in plan.sections:
        row += 1
        for fdef in section.fields:
            row += 1
            rows.append((fdef.code, row))
    return FormLayout(field_rows=tuple(rows))


def template_name(unit: Unit) -> str:
    return f"{unit.code}-{slug(unit.name)}.xlsx"


def write_template(target: Path, plan: Plan, period: str, unit: Unit | None = None) -> None:
    """Write the form for *unit* (or a blank generic one) atomically to *target*."""
    workbook = build_template(plan, period, unit)
    write_atomic(target, lambda tmp: workbook.save(tmp))


def build_template(plan: Plan, period: str, unit: Unit | None = None) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    _title(sheet, period, unit)
    _header_block(sheet, period, unit)
    _table(sheet, plan)
    _page_setup(sheet)
    _instructions(workbook.create_sheet("HuongDan"), plan)
    return workbook


def _title(sheet: Worksheet, period: str, unit: Unit | None) -> None:
    put(sheet["A1"], f"UBND {unit.name.upper()}" if unit else "UBND XÃ/PHƯỜNG ..............")
    sheet["D1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet["D2"] = "Độc lập - Tự do - Hạnh phúc"
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("D1:F1")
    sheet.merge_cells("D2:F2")
    sheet["A4"] = f"BÁO CÁO KẾT QUẢ XÂY DỰNG XÃ HỘI HỌC TẬP NĂM {period}"
    sheet.merge_cells("A4:F4")
    for ref, bold in (("A1", True), ("D1", True), ("D2", True), ("A4", True)):
        sheet[ref].font = font(bold=bold, size=14 if ref == "A4" else 12)
        sheet[ref].alignment = CENTER


def _header_block(sheet: Worksheet, period: str, unit: Unit | None) -> None:
    labels = (
        ("Mã đơn vị", unit.code if unit else None),
        ("Tên đơn vị", unit.name if unit else None),
        ("Năm báo cáo", period),
        ("Ngày báo cáo", None),
        ("Người lập biểu", None),
    )
    for offset, (label, value) in enumerate(labels):
        row = 6 + offset
        sheet[f"B{row}"] = label
        sheet[f"B{row}"].font = font(bold=True)
        cell = sheet[f"C{row}"]
        put(cell, value)
        cell.number_format = "@" if label != "Ngày báo cáo" else "dd/mm/yyyy"
        cell.font = font()
        cell.fill = INPUT_FILL
        cell.border = BORDER
        cell.protection = Protection(locked=False)


def _table(sheet: Worksheet, plan: Plan) -> None:
    for col, (title, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(HEADER_ROW, col, title)
        cell.font, cell.fill, cell.border, cell.alignment = (
            font(bold=True),
            HEADER_FILL,
            BORDER,
            CENTER,
        )
        sheet.column_dimensions[cell.column_letter].width = width
    row, number = HEADER_ROW, 0
    validations: dict[tuple[tuple[int, int] | None, bool], DataValidation] = {}
    for section in plan.sections:
        row += 1
        sheet.cell(row, 1, section.code)
        sheet.cell(row, 3, f"{section.code}. {section.label}")
        for col in range(1, 7):
            section_cell = sheet.cell(row, col)
            section_cell.font, section_cell.fill = font(bold=True), SECTION_FILL
            section_cell.border = BORDER
        for fdef in section.fields:
            row += 1
            number += 1
            _field_row(sheet, row, number, fdef)
            key = (fdef.allowed, fdef.required)
            dv = validations.get(key)
            if dv is None:
                dv = validations[key] = _validation(fdef)
                sheet.add_data_validation(dv)
            dv.add(f"{VALUE_COL}{row}")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.protection.sheet = True  # no password: protects the form from slips, not from people
    sheet.protection.formatColumns = False


# What the note cell of an optional row says (docs/form.md): the clerk may leave the value empty.
OPTIONAL_NOTE = "Không bắt buộc"


def _field_row(sheet: Worksheet, row: int, number: int, fdef: FieldDef) -> None:
    note = None if fdef.required else OPTIONAL_NOTE
    values = (number, fdef.code, fdef.label, fdef.unit, None, note)
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row, col, value)
        cell.font, cell.border = font(), BORDER
        cell.alignment = WRAP if col == 3 else CENTER
    if not fdef.required:  # an optional row reads as one: its label and note in grey italics
        for col in (3, 6):
            sheet.cell(row, col).font = font(italic=True, color="595959")
    for col in (5, 6):
        sheet.cell(row, col).protection = Protection(locked=False)
    sheet.cell(row, 5).fill = INPUT_FILL
    sheet.cell(row, 5).number_format = "#,##0"


def _validation(fdef: FieldDef) -> DataValidation:
    if fdef.allowed is None:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        dv.prompt = "Nhập số nguyên ≥ 0 (nhập 0 nếu không có)."
        dv.error = "Chỉ được nhập số nguyên lớn hơn hoặc bằng 0."
    else:
        low, high = fdef.allowed
        dv = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high))
        dv.prompt = f"Nhập một mức từ {low} đến {high}."
        dv.error = f"Chỉ được nhập số nguyên từ {low} đến {high}."
    if not fdef.required:
        what = "số nguyên ≥ 0." if fdef.allowed is None else dv.prompt.removeprefix("Nhập ")
        dv.prompt = f"Không bắt buộc: để trống nếu xã không theo dõi; có thì nhập {what}"
    dv.promptTitle, dv.errorTitle = "Số liệu", "Số liệu không hợp lệ"
    dv.showInputMessage = dv.showErrorMessage = True
    dv.allow_blank = True
    return dv


def _page_setup(sheet: Worksheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True


INSTRUCTIONS = (
    "HƯỚNG DẪN ĐIỀN VÀ GỬI BÁO CÁO XÂY DỰNG XÃ HỘI HỌC TẬP",
    "",
    "1. Kiểm tra ô Mã đơn vị, Tên đơn vị và Năm báo cáo ở đầu trang BaoCao (đã điền sẵn).",
    "2. Điền Ngày báo cáo (dd/mm/yyyy) và Người lập biểu.",
    '3. Chỉ nhập số liệu vào cột "Số liệu" (các ô màu vàng). Không sửa mã, nội dung, đơn vị tính.',
    "4. Nhập số nguyên, không ghi chữ, không dùng số lẻ. Không có thì nhập 0, không để trống "
    '(trừ các dòng ghi "Không bắt buộc" ở cột Ghi chú: để trống nếu xã không theo dõi số liệu đó).',
    "5. Các chỉ tiêu về mức đạt chuẩn chỉ nhập 0, 1, 2 (xóa mù chữ) hoặc 0–3 (phổ cập); đạt/không đạt nhập 1/0.",
    '6. Các số "Trong đó" không được lớn hơn số tổng ngay phía trên.',
    "7. Không đổi tên trang, không chèn hay xóa dòng trong bảng, không đặt mật khẩu cho tệp.",
    "8. Lưu tệp dạng Excel (.xlsx), giữ nguyên tên tệp, gửi về đơn vị tổng hợp đúng hạn.",
    '9. Nếu nhận lại tệp có trang "Loi", sửa các ô được tô màu theo ghi chú rồi gửi lại.',
)


# The instructions' column, in characters, and the characters of 12 pt text a line of it
# holds: a row is made as tall as its wrapped lines (LibreOffice does not grow it).
GUIDE_WIDTH, GUIDE_LINE = 72, 88


def _instructions(sheet: Worksheet, plan: Plan) -> None:
    for row, line in enumerate(INSTRUCTIONS, start=1):
        cell = sheet.cell(row, 1, line)
        cell.font = font(bold=row == 1, size=14 if row == 1 else 12)
        cell.alignment = WRAP
        sheet.row_dimensions[row].height = 18 * max(1, -(-len(line) // GUIDE_LINE))
    sheet.cell(
        len(INSTRUCTIONS) + 2, 1, f"Kế hoạch áp dụng: {plan.name} ({plan.code})"
    ).font = font(italic=True)
    # As wide as an A4 page in portrait holds at 12 pt, so each line wraps on the page, not
    # beyond its edge; printed one page wide whatever the clerk's printer adds as margins.
    sheet.column_dimensions["A"].width = GUIDE_WIDTH
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
