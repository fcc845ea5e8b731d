"""Synthetic reports: plausible, rule-consistent values and the form as a plain grid, written
in any input format. Used by the sample script, the tests and the benchmarks."""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from pathlib import Path
from typing import Any

from xhht_cli.plans import Plan
from xhht_cli.units.unit import Unit

Grid = list[list[Any]]


def plausible_values(
    rng: random.Random, pcthcs: int = 3, xmc: int | None = None, scale: float = 1.0
) -> dict[str, int]:
    """Values of one commune that satisfy every rule of the default form; *scale* grows the
    commune (the same random draws with a larger population give a plausible next year)."""
    r = rng.uniform
    v: dict[str, int] = {}
    v["HO_GD"] = round(rng.randint(1500, 6500) * scale)
    v["HO_GDHT"] = round(v["HO_GD"] * r(0.35, 0.8))
    v["DH"] = rng.randint(8, 60)
    v["DH_DHHT"] = round(v["DH"] * r(0.3, 0.8))
    v["CD"] = rng.randint(5, 16)
    v["CD_CDHT"] = round(v["CD"] * r(0.5, 0.95))
    v["DV"] = rng.randint(10, 40)
    v["DV_DVHT"] = round(v["DV"] * r(0.4, 0.9))
    v["NL_MH"] = round(v["HO_GDHT"] * r(1.8, 2.6))
    v["NL_CDHT"] = round(v["NL_MH"] * r(0.3, 0.7))
    v["CB_DVHT"] = v["DV_DVHT"] * rng.randint(8, 20)
    v["CB_CDHT"] = round(v["CB_DVHT"] * r(0.5, 0.9))
    v["CDHT_KNS"] = round((v["NL_CDHT"] + v["CB_CDHT"]) * r(0.5, 0.85))
    v["CDHT_KNS_TT"] = round(v["CDHT_KNS"] * r(0.6, 0.9))
    v["HKH_HV"] = round(v["HO_GD"] * r(0.2, 0.4))
    v["HKH_QT"] = round(v["HKH_HV"] * r(0.6, 1.0))
    v["DS_15"] = round(v["HO_GD"] * r(2.4, 2.9))
    v["DS_15_60"] = round(v["DS_15"] * r(0.78, 0.86))
    v["DS_15_35"] = round(v["DS_15_60"] * r(0.4, 0.5))
    v["BC1_15_35"] = round(v["DS_15_35"] * r(0.95, 0.995))
    v["BC2_15_60"] = round(v["DS_15_60"] * r(0.9, 0.99))
    v["BC2_15_60_NU"] = round(v["BC2_15_60"] * r(0.48, 0.52))
    v["BC2_15_60_DTTS"] = round(v["BC2_15_60"] * r(0.0, 0.1))
    v["XMC_MUC"] = 2 if xmc is None else xmc
    v["PCMN5"] = 1
    v["PCTH_MUC"] = 3
    v["PCTHCS_MUC"] = pcthcs
    v["XA_DBKK"] = 1 if rng.random() < 0.1 else 0
    v["DS_LD"] = round(v["DS_15"] * r(0.7, 0.8))
    v["LD_KNS"] = round(v["DS_LD"] * r(0.35, 0.65))
    v["DT_CMKT"] = round(v["DS_15"] * r(0.3, 0.55))
    v["DT_DH"] = round(v["DT_CMKT"] * r(0.15, 0.3))
    v["CSGD"] = rng.randint(3, 9)
    v["CSGD_SO"] = round(v["CSGD"] * r(0.4, 0.9))
    v["TTHTCD"] = 1
    v["TTHTCD_CNTT"] = 1 if rng.random() < 0.6 else 0
    v["TTHTCD_LUOT"] = rng.randint(500, 5000)
    v["KH_CB"] = rng.randint(3, 10)
    v["KH_CB_CNTT"] = rng.randint(0, v["KH_CB"])
    return v


def form_grid(
    plan: Plan,
    unit: Unit | None,
    period: str,
    values: dict[str, Any],
    report_date: date | str | None = None,
    preparer: str = "Nguyễn Văn A",
) -> Grid:
    """The canonical form (as `xhht template` lays it out) as rows of plain values."""
    name = unit.name if unit else ""
    grid: Grid = [
        [f"UBND {name.upper()}", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["", "", "", "Độc lập - Tự do - Hạnh phúc"],
        [],
        [f"BÁO CÁO KẾT QUẢ XÂY DỰNG XÃ HỘI HỌC TẬP NĂM {period}"],
        [],
        ["", "Mã đơn vị", unit.code if unit else ""],
        ["", "Tên đơn vị", name],
        ["", "Năm báo cáo", period],
        [
            "",
            "Ngày báo cáo",
            report_date.strftime("%d/%m/%Y")
            if isinstance(report_date, date)
            else (report_date or ""),
        ],
        ["", "Người lập biểu", preparer],
        [],
        ["STT", "Mã chỉ tiêu", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú"],
    ]
    number = 0
    for section in plan.sections:
        grid.append([section.code, "", f"{section.code}. {section.label}", "", "", ""])
        for fdef in section.fields:
            number += 1
            grid.append([number, fdef.code, fdef.label, fdef.unit, values.get(fdef.code, ""), ""])
    grid += [[], ["", "", "Người lập biểu", "", "Chủ tịch UBND"]]
    return grid


# -- writers -------------------------------------------------------------------------------


def write_xlsx(
    path: Path, sheets: list[tuple[str, Grid]], fonts: dict[str, str] | None = None
) -> None:
    """Sheets in order; *fonts* maps a sheet name to the font of all its cells (legacy tests)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, grid in sheets:
        sheet = workbook.create_sheet(name)
        font = Font(name=fonts[name]) if fonts and name in fonts else None
        for r, row in enumerate(grid, start=1):
            for c, value in enumerate(row, start=1):
                if value in ("", None):
                    continue
                cell = sheet.cell(r, c, value)
                if font is not None:
                    cell.font = font
    workbook.save(path)


def write_xlsx_formulas(
    path: Path, grid: Grid, formulas: dict[tuple[int, int], tuple[str, int]]
) -> None:
    """A workbook whose cells (row, col) hold formulas with their cached results, as Excel
    saves them."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("BaoCao")
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if (r, c) in formulas:
                formula, result = formulas[(r, c)]
                sheet.write_formula(r, c, formula, None, result)
            elif value not in ("", None):
                sheet.write(r, c, value)
    workbook.close()


def write_xls(path: Path, sheets: list[tuple[str, Grid]]) -> None:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for name, grid in sheets:
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if value not in ("", None):
                    sheet.write(r, c, value)
    workbook.save(str(path))


def write_ods(path: Path, sheets: list[tuple[str, Grid]]) -> None:
    import pandas as pd

    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, grid in sheets:
            width = max((len(r) for r in grid), default=1)
            rows = [list(r) + [None] * (width - len(r)) for r in grid]
            frame = pd.DataFrame([[None if v == "" else v for v in r] for r in rows])
            frame.to_excel(writer, sheet_name=name, header=False, index=False)


def write_csv(path: Path, grid: Grid, encoding: str = "utf-8-sig", delimiter: str = ",") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(grid)
    path.write_bytes(buffer.getvalue().encode(encoding))


def fill_template(
    path: Path,
    plan: Plan,
    unit: Unit,
    period: str,
    values: dict[str, int],
    report_date: date | None,
) -> None:
    """The styled template of *unit*, filled in as a careful clerk would."""
    from xhht_cli.write.template import build_template, layout_of

    workbook = build_template(plan, period, unit)
    sheet = workbook["BaoCao"]
    layout = layout_of(plan)
    for code, value in values.items():
        sheet[layout.value_cell(code)] = value
    if report_date:
        sheet[layout.report_date] = report_date
    sheet[layout.preparer] = "Nguyễn Văn A"
    workbook.save(path)
