"""Write data/samples/: the pre-2025 Cà Mau province's commune reports for 2023 and 2024.

Every commune reports each year on the template with plausible, rule-consistent values; in
2023 a handful of files show what clerks really send, in 2024 a few what offices report beyond
the required rows (registrations, typed percentages, a special-difficulty commune's age band):
each explained in data/samples/README.md. Needs the test extra (xlwt, odfpy, xlsxwriter write
the .xls/.ods/formula files)::

    python scripts/make_samples.py

The output is the same bytes on every run: zip members and document properties carry the
report's date, not the time of the run, and the hash seed is fixed (odfpy orders its
namespaces by it), so a run after a merge rewrites only what changed.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import sys
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

from xhht_cli.base.text import slug, strip_diacritics
from xhht_cli.plans import load_plan
from xhht_cli.read.legacy import _TCVN3_CODES, _TCVN3_LETTERS, _vni_of
from xhht_cli.units.load import load_registry
from xhht_cli.units.unit import Unit
from xhht_cli.write.template import build_template, layout_of, template_name

# Test-data generation lives with the tests (it is not shipped): tests/synth.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from synth import (
    Grid,
    fill_template,
    form_grid,
    plausible_values,
    write_csv,
    write_ods,
    write_xls,
    write_xlsx,
    write_xlsx_formulas,
)

ROOT = Path(__file__).resolve().parents[1] / "data" / "samples"
REGISTRY = ROOT / "don-vi-ca-mau-2024.csv"
PLAN = load_plan()
# Districts whose communes all reach lower-secondary level 3 (the others mix levels 2 and 3).
PCTHCS3_DISTRICTS = {"964", "966", "967", "968"}
DATE = {"2023": date(2023, 11, 30), "2024": date(2024, 11, 29)}


def values_of(unit: Unit, period: str, index: int) -> dict[str, int]:
    level = 3 if unit.parent_code in PCTHCS3_DISTRICTS or index % 2 == 0 else 2
    scale = 1.0 if period == "2023" else 1.04
    return plausible_values(random.Random(unit.code), pcthcs=level, scale=scale)


def folder(period: str, unit: Unit, registry) -> Path:  # type: ignore[no-untyped-def]
    district = registry[unit.parent_code]
    path = ROOT / period / f"{district.code}-{slug(district.name)}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":  # odfpy's namespaces follow the hash seed
        os.execve(
            sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"}
        )
    registry = load_registry(str(REGISTRY))
    for period in ("2023", "2024"):
        shutil.rmtree(ROOT / period, ignore_errors=True)
    communes = registry.communes_under("96")
    values = {p: {u.code: values_of(u, p, i) for i, u in enumerate(communes)} for p in DATE}
    special = deviations(registry, values["2023"])
    for unit in communes:
        if unit.code not in special:
            fill_template(
                folder("2023", unit, registry) / template_name(unit),
                PLAN,
                unit,
                "2023",
                values["2023"][unit.code],
                DATE["2023"],
            )
    # Xã Trần Phán's report was saved twice, in two folders (identical bytes).
    tran_phan = registry["32161"]
    shutil.copy(
        folder("2023", tran_phan, registry) / template_name(tran_phan),
        ROOT / "2023" / "khac" / template_name(tran_phan),
    )
    history_outliers(values["2024"])
    typed = offices_2024(registry, values["2024"])
    for unit in communes:
        write_2024(
            folder("2024", unit, registry) / template_name(unit),
            unit,
            values["2024"][unit.code],
            typed.get(unit.code, []),
        )
    for period in DATE:
        for path in sorted((ROOT / period).rglob("*")):
            if path.suffix in {".xlsx", ".ods", ".docx"} and zipfile.is_zipfile(path):
                fixed_times(path, DATE[period])


# -- 2024: what offices report beyond the required rows (issue 29) ---------------------------

REGISTERING = ("964", "967")  # districts whose communes report registrations and their CĐHT level
SPECIAL_AT_LEVEL_1 = "32029"  # Xã Tắc Vân: special difficulty, literacy level 1 on its own band
# Communes that type percentages below the table: (code, [(code cell, label, indicator)]); the
# second row of 32014 is typed wrong (62,5 where the counts give 61,0).
TYPED = {
    "32008": [("", "Tỷ lệ hộ gia đình đăng ký (%)", "TL_DK_GD")],
    "32014": [
        ("", "Tỷ lệ gia đình học tập (%)", "TL_GDHT"),
        ("", "Tỷ lệ hộ gia đình đăng ký (%)", "TL_DK_GD"),
        ("TL_CNDK_GD", "Tỷ lệ gia đình được công nhận so với số đăng ký", "TL_CNDK_GD"),
    ],
}
WRONG = ("32014", "TL_DK_GD", "62,5")


def offices_2024(registry, values: dict[str, dict[str, int]]) -> dict[str, list[list[object]]]:  # type: ignore[no-untyped-def]
    """Add the optional rows to the 2024 values: registrations and the commune's "Cộng đồng
    học tập" level in two districts, every special-difficulty commune's age bands, and Tắc Vân
    at literacy level 1 on its own band; return the percentage rows typed below the table."""
    for district in REGISTERING:
        for unit in registry.children_of(district):
            registrations(values[unit.code], random.Random(f"{unit.code}-dk"))
    tac_van = values[SPECIAL_AT_LEVEL_1]
    tac_van.update(XA_DBKK=1, XMC_MUC=1, BC1_15_35=round(tac_van["DS_15_35"] * 0.85))
    for code, vals in values.items():
        if vals["XA_DBKK"] == 1:
            bands(vals, random.Random(f"{code}-bands"), code == SPECIAL_AT_LEVEL_1)
    wrong = values[WRONG[0]]  # 61,0 % of households registered: the typed 62,5 is wrong
    wrong["HO_DK"] = max(round(wrong["HO_GD"] * 0.61), wrong["HO_GDHT"])
    wrong["HO_GD"] = round(wrong["HO_DK"] / 0.61)
    typed: dict[str, list[list[object]]] = {}
    for code, rows in TYPED.items():
        vals = values[code]
        for cell, label, indicator in rows:
            ind = PLAN.indicator_map[indicator]
            num = sum(vals[t] for t in ind.numerator_terms)  # type: ignore[union-attr]
            den = sum(vals[t] for t in ind.denominator_terms)  # type: ignore[union-attr]
            shown: object = round(num / den * 100, 1)
            if (code, indicator) == WRONG[:2]:
                shown = WRONG[2]
            typed.setdefault(code, []).append(["", cell, label, "%", shown, ""])
    return typed


def registrations(vals: dict[str, int], rng: random.Random) -> None:
    """Registered counts between the recognised count and the total, and a CĐHT level."""
    for total, registered, recognised in (
        ("HO_GD", "HO_DK", "HO_GDHT"),
        ("DH", "DH_DK", "DH_DHHT"),
        ("CD", "CD_DK", "CD_CDHT"),
        ("DV", "DV_DK", "DV_DVHT"),
    ):
        gap = vals[total] - vals[recognised]
        vals[registered] = vals[recognised] + round(gap * rng.uniform(0.2, 0.7))
    vals["CDXA_MUC"] = rng.choice((0, 1, 1, 1, 2, 2))


def bands(vals: dict[str, int], rng: random.Random, at_92: bool) -> None:
    """A special-difficulty commune's age bands (NĐ 20/2014 Điều 20, 21 khoản 1)."""
    vals["DS_15_25"] = round(vals["DS_15_35"] * rng.uniform(0.45, 0.55))
    share = 0.92 if at_92 else rng.uniform(0.93, 0.99)
    vals["BC1_15_25"] = round(vals["DS_15_25"] * share)
    vals["BC2_15_35"] = round(vals["DS_15_35"] * rng.uniform(0.92, 0.98))


def write_2024(path: Path, unit: Unit, values: dict[str, int], typed: list[list[object]]) -> None:
    """The template filled in, with the rows an office added below the table."""
    workbook = build_template(PLAN, "2024", unit)
    sheet = workbook["BaoCao"]
    layout = layout_of(PLAN)
    for code, value in values.items():
        sheet[layout.value_cell(code)] = value
    sheet[layout.report_date] = DATE["2024"]
    sheet[layout.preparer] = "Nguyễn Văn A"
    below = max(row for _, row in layout.field_rows) + 1
    for offset, row in enumerate(typed):
        for col, value in enumerate(row, start=1):
            if value != "":
                sheet.cell(below + offset, col, value)
    workbook.save(path)


def fixed_times(path: Path, day: date) -> None:
    """Rewrite a zip file (xlsx, ods, docx) with *day* as every member's time and as the
    document's created and modified dates: the same bytes on every run."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    stamp = f"{day.isoformat()}T00:00:00Z".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data
                )
            fixed = zipfile.ZipInfo(
                info.filename, date_time=(day.year, day.month, day.day, 0, 0, 0)
            )
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            out.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


def history_outliers(values: dict[str, dict[str, int]]) -> None:
    """Two 2024 reports that differ sharply from 2023 (warnings with --history)."""
    values["32002"]["TTHTCD_LUOT"] *= 3
    values["32005"]["DH_DHHT"] = 0


def grid_of(registry, code: str, values: dict[str, dict[str, int]], **kw) -> Grid:  # type: ignore[no-untyped-def]
    return form_grid(
        PLAN,
        registry[code],
        kw.pop("period", "2023"),
        values[code],
        kw.pop("report_date", DATE["2023"]),
        **kw,
    )


def deviations(registry, values: dict[str, dict[str, int]]) -> set[str]:  # type: ignore[no-untyped-def]
    """Write the files that deviate from the template; return the communes they cover."""
    d = lambda code: folder("2023", registry[code], registry)  # noqa: E731
    handled: set[str] = set()

    # 1. Tân Lộc sent twice: first with an error, then a corrected file with a shifted layout.
    first = dict(values["32086"], HO_GDHT=values["32086"]["HO_GD"] + 120)
    write_xlsx(
        d("32086") / "BC XHHT xa Tan Loc 2023.xlsx",
        [("BaoCao", form_grid(PLAN, registry["32086"], "2023", first, date(2023, 11, 15)))],
    )
    final = grid_of(registry, "32086", values)[3:]  # title rows removed
    final = [["", *row] for row in final]  # a blank column inserted
    final.insert(5, [])  # blank rows inserted
    final.insert(5, [])
    write_xlsx(
        d("32086") / "BC XHHT xa Tan Loc 2023 (final) (1).xlsx",
        [("Ghi chú", [["Báo cáo gửi lại, đã sửa số hộ gia đình học tập"]]), ("Báo cáo", final)],
    )
    handled.add("32086")

    # 2. Labels without diacritics, in upper case or NFD, and the code column emptied.
    grid = grid_of(registry, "32044", values)
    for i, row in enumerate(grid):
        if len(row) > 2 and isinstance(row[1], str) and row[1][:1].isupper() and i > 11:
            row[1] = ""
            row[2] = (
                strip_diacritics(row[2]) if i % 3 else unicodedata.normalize("NFD", row[2].upper())
            )
    grid[11] = ["TT", "Ma chi tieu", "NOI DUNG", "Don vi tinh", "So lieu", "Ghi chu"]
    grid[5][1], grid[7][1] = "ma don vi", "NAM BAO CAO"
    write_xlsx(d("32044") / "bao cao xhht thi tran u minh.xlsx", [("Sheet1", grid)])
    handled.add("32044")

    # 3. Numbers typed as text with Vietnamese separators.
    grid = grid_of(registry, "32008", values)
    for row in grid[12:]:
        if len(row) > 4 and isinstance(row[4], int) and row[4] >= 1000:
            row[4] = (
                f"{row[4]:,}".replace(",", ".") if row[4] % 2 else f" {row[4]:,} ".replace(",", " ")
            )
    write_xlsx(d("32008") / "Phuong 5 - bao cao 2023.xlsx", [("BaoCao", grid)])
    handled.add("32008")

    # 4. Cached formulas: the totals computed by Excel formulas.
    grid = grid_of(registry, "32014", values)
    rows = {row[1]: r for r, row in enumerate(grid) if len(row) > 1 and isinstance(row[1], str)}
    v = values["32014"]
    formulas = {
        (rows["HO_GDHT"], 4): (
            f"=ROUND(E{rows['HO_GD'] + 1}*{v['HO_GDHT'] / v['HO_GD']:.6f},0)",
            v["HO_GDHT"],
        ),
        (rows["TTHTCD"], 4): ("=0+1", 1),
    }
    write_xlsx_formulas(d("32014") / "32014 Phuong 8.xlsx", grid, formulas)
    handled.add("32014")

    # 5. File formats: Excel 97–2003, OpenDocument, CSV in UTF-16 (Excel "Unicode text") and
    #    UTF-8 with BOM and semicolons.
    write_xls(
        d("32233") / "BC_XHHT_Tam_Giang_Tay.xls", [("BaoCao", grid_of(registry, "32233", values))]
    )
    write_ods(
        d("32047") / "bao-cao-xhht-2023.ods", [("BaoCao", grid_of(registry, "32047", values))]
    )
    write_csv(d("32050") / "32050 bao cao.txt", grid_of(registry, "32050", values), "utf-16", "\t")
    write_csv(
        d("32098") / "32098-bao-cao.csv", grid_of(registry, "32098", values), "utf-8-sig", ";"
    )
    handled |= {"32233", "32047", "32050", "32098"}

    # 6. Legacy fonts: TCVN3 (.VnTime) and VNI (VNI-Times) text.
    tcvn = str.maketrans(dict(zip(_TCVN3_LETTERS, _TCVN3_CODES, strict=True)))
    grid = [
        [c.lower().translate(tcvn) if isinstance(c, str) else c for c in row]
        for row in grid_of(registry, "32131", values)
    ]
    write_xlsx(d("32131") / "bc xhht 2023 (tcvn3).xlsx", [("BaoCao", grid)], {"BaoCao": ".VnTime"})
    grid = [
        [_to_vni(c) if isinstance(c, str) else c for c in row]
        for row in grid_of(registry, "32155", values)
    ]
    write_xlsx(d("32155") / "bc xhht 2023 (vni).xlsx", [("BaoCao", grid)], {"BaoCao": "VNI-Times"})
    handled |= {"32131", "32155"}

    # 7. Identified without a unit code: by name, and by the file name.
    grid = grid_of(registry, "32017", values)
    grid[5][2] = ""
    write_xlsx(d("32017") / "bao cao.xlsx", [("BaoCao", grid)])
    grid = grid_of(registry, "32101", values)
    grid[5][2], grid[6][2] = "", ""
    write_xlsx(d("32101") / "BC XHHT xa Khanh Binh Tay Bac 2023.xlsx", [("BaoCao", grid)])
    handled |= {"32017", "32101"}

    # 8. A district's consolidated wide sheet (Năm Căn) and a long table export (Phú Tân).
    nam_can = registry.children_of("971")
    wide: Grid = [
        ["TỔNG HỢP SỐ LIỆU XÂY DỰNG XHHT HUYỆN NĂM CĂN"],
        ["Năm báo cáo", "2023"],
        [],
        ["Mã xã", "Tên xã", *PLAN.fields],
    ]
    wide += [[u.code, u.name, *(values[u.code].get(f) for f in PLAN.fields)] for u in nam_can]
    write_xlsx(
        folder("2023", nam_can[0], registry) / "TH XHHT huyen Nam Can 2023.xlsx",
        [("TongHop", wide)],
    )
    phu_tan = registry.children_of("972")
    long: Grid = [["unit_code", "period", "field", "value"]]
    long += [[u.code, "2023", f, values[u.code][f]] for u in phu_tan for f in values[u.code]]
    write_csv(folder("2023", phu_tan[0], registry) / "xuat-du-lieu-phu-tan-2023.csv", long, "utf-8")
    handled |= {u.code for u in nam_can} | {u.code for u in phu_tan}

    # -- mistakes ---------------------------------------------------------------------------
    # 9. A formula never calculated (a file written by a program).
    grid = grid_of(registry, "32020", values)
    write_xlsx(d("32020") / "32020 Phuong 7 (xuat tu phan mem).xlsx", [("BaoCao", grid)])
    _uncalculated(d("32020") / "32020 Phuong 7 (xuat tu phan mem).xlsx", grid)
    # 10. Missing values and words in number cells.
    grid = grid_of(registry, "32104", values)
    for row in grid:
        if len(row) > 4 and row[1] == "DT_DH":
            row[4] = ""
        if len(row) > 4 and row[1] == "KH_CB":
            row[4] = "khoảng 5"
        if len(row) > 4 and row[1] == "DS_15_35":
            row[4] = "12,5"
    write_xlsx(d("32104") / "32104-bao-cao-thieu-so-lieu.xlsx", [("BaoCao", grid)])
    # 11. Another commune's form copied: the code says one commune, the name another.
    grid = grid_of(registry, "32131", values)
    grid[5][2] = "32134"
    write_xlsx(d("32134") / "BC XHHT 2023 (sao chep).xlsx", [("BaoCao", grid)])
    # 12. Two different reports of one commune with the same date: a conflict.
    other = dict(values["32158"], HO_GDHT=values["32158"]["HO_GDHT"] - 50)
    write_xlsx(
        d("32158") / "32158 bao cao lan 1.xlsx", [("BaoCao", grid_of(registry, "32158", values))]
    )
    write_xlsx(
        d("32158") / "32158 bao cao lan 2.xlsx",
        [("BaoCao", form_grid(PLAN, registry["32158"], "2023", other, DATE["2023"]))],
    )
    # 13. Warnings only: two learning centres reported, working-age population above 15+.
    warn = dict(values["32107"], TTHTCD=2, DS_LD=values["32107"]["DS_15"] + 10)
    write_xlsx(
        d("32107") / "32107-bao-cao.xlsx",
        [("BaoCao", form_grid(PLAN, registry["32107"], "2023", warn, DATE["2023"]))],
    )
    handled |= {"32020", "32104", "32134", "32158", "32107"}
    # 14. Not reports: a Word file, a photo, an Excel lock file, a web page saved as .xls, an
    #     empty file, a report of the previous year, and a second copy of a file.
    misc = ROOT / "2023" / "khac"
    misc.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(misc / "cong-van-huong-dan.docx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    (misc / "anh-chup-bieu-mau.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    (misc / "~$BC XHHT xa Tan Loc 2023.xlsx").write_bytes(b"\x0bNguyen Van A" + b"\0" * 40)
    (misc / "BC XHHT xa Tran Phan 2023.xls").write_text(
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>Mã đơn vị</td>"
        "<td>32161</td></tr></table></body></html>",
        encoding="utf-8",
    )
    (misc / "BC XHHT moi.xlsx").write_bytes(b"")
    fill_template(
        misc / "32023-xa-an-xuyen-2022.xlsx",
        PLAN,
        registry["32023"],
        "2022",
        values["32023"],
        date(2022, 12, 1),
    )
    # 15. One commune (32092) never reported: it stays missing.
    return handled | {"32092"}


def _to_vni(text: str) -> str:
    return "".join(
        _vni_of(ch.lower()) if ch.isupper() is False else _vni_of(ch.lower()).upper()
        for ch in unicodedata.normalize("NFC", text)
    )


def _uncalculated(path: Path, grid: Grid) -> None:
    """Put a formula without a cached value in place of the HO_GD total."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["BaoCao"]
    row = next(r for r, line in enumerate(grid, start=1) if len(line) > 1 and line[1] == "HO_GD")
    sheet[f"E{row}"] = "=SUM(E30:E31)"
    workbook.save(path)


if __name__ == "__main__":
    main()
