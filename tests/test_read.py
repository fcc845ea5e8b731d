"""Reading commune reports as clerks really send them (docs/form.md), one test per deviation."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from helpers import PLAN, TAN_LOC, grid, numbers, only_report, read, values
from synth import write_csv, write_ods, write_xls, write_xlsx, write_xlsx_formulas
from xhht_cli.base.text import strip_diacritics
from xhht_cli.read.legacy import _TCVN3_CODES, _TCVN3_LETTERS, _vni_of

VALS = values("read")
FIRST_VALUE_ROW = 14  # HO_GD's row on the canonical form (1-based)


def canonical(tmp_path: Path, name: str = "r.xlsx") -> Path:
    path = tmp_path / name
    write_xlsx(path, [("BaoCao", grid(VALS))])
    return path


def test_canonical_form(tmp_path):
    report = only_report(canonical(tmp_path))
    assert numbers(report) == VALS
    assert (report.unit_code, report.unit_name, report.period) == ("32086", "Xã Tân Lộc", "2023")
    assert report.report_date == date(2023, 11, 30)
    assert report.values["HO_GD"].cell == f"E{FIRST_VALUE_ROW}"
    assert report.unit_code_cell == "C6" and report.period_cell == "C8"
    assert report.findings == []


def test_layout_shifted_and_sheet_renamed_and_moved(tmp_path):
    rows = grid(VALS)[3:]  # title rows removed
    rows = [["", "", *row] for row in rows]  # two blank columns
    rows[4:4] = [[], [], []]  # blank rows
    path = tmp_path / "shifted.xlsx"
    write_xlsx(path, [("Ghi chú", [["xin gửi lại"]]), ("Báo cáo", rows)])
    report = only_report(path)
    assert numbers(report) == VALS
    assert report.sheet == "Báo cáo"
    assert report.unit_code == "32086"
    assert report.values["HO_GD"].cell == f"G{FIRST_VALUE_ROW - 3 + 3}"


def test_labels_without_diacritics_case_nfd_and_no_code_column(tmp_path):
    rows = grid(VALS)
    rows[11] = ["TT", "Ma chi tieu", "NOI DUNG", "don vi tinh", "so  lieu", "Ghi chu"]
    rows[5][1] = "MA DON VI"
    for i, row in enumerate(rows[12:], start=12):
        if len(row) > 2 and isinstance(row[1], str) and row[1]:
            row[1] = ""
            label = row[2]
            row[2] = (
                strip_diacritics(label).upper() if i % 2 else unicodedata.normalize("NFD", label)
            )
    path = tmp_path / "labels.xlsx"
    write_xlsx(path, [("Sheet1", rows)])
    report = only_report(path)
    assert numbers(report) == VALS
    # the repeated label "Trong đó: đạt danh hiệu ..." is told apart by order
    assert report.values["NL_CDHT"].value == VALS["NL_CDHT"]
    assert report.values["CB_CDHT"].value == VALS["CB_CDHT"]


def test_a_heading_learnt_as_naming_nothing_still_warns_of_a_number_beside_it(tmp_path):
    """A row without a code whose label names no field (a section heading) is looked up once
    a process; a later file with a number beside the same heading still gets its warning,
    and a label that names a field is never taken for a heading."""
    rows = grid(VALS)
    heading = rows[12][2]  # "A. MÔ HÌNH HỌC TẬP"
    write_xlsx(tmp_path / "a.xlsx", [("BaoCao", rows)])
    assert only_report(tmp_path / "a.xlsx").findings == []
    assert heading in PLAN.inert_labels
    numbered = [list(row) for row in rows]
    numbered[12][4] = 7  # a number beside the heading
    without_code = [list(row) for row in rows]
    without_code[13][1] = ""  # HO_GD's row found by its label alone, after the heading
    write_xlsx(tmp_path / "b.xlsx", [("BaoCao", numbered)])
    write_xlsx(tmp_path / "c.xlsx", [("BaoCao", without_code)])
    warned = only_report(tmp_path / "b.xlsx").findings
    assert [(f.code, f.cell, f.params["label"]) for f in warned] == [
        ("field.unknown_label", "E13", heading)
    ]
    assert only_report(tmp_path / "c.xlsx").values["HO_GD"].value == VALS["HO_GD"]
    assert rows[13][2] not in PLAN.inert_labels


def test_numbers_typed_as_text(tmp_path):
    rows = grid(VALS)
    for row in rows[12:]:
        if len(row) > 4 and isinstance(row[4], int):
            n = row[4]
            row[4] = f"{n:,}".replace(",", ".") if n % 2 else f" {n:,} ".replace(",", " ")
    path = tmp_path / "text.xlsx"
    write_xlsx(path, [("BaoCao", rows)])
    assert numbers(only_report(path)) == VALS


def test_fraction_in_a_count_is_an_error(tmp_path):
    rows = grid(VALS)
    row = next(r for r in rows if len(r) > 1 and r[1] == "DH")
    row[4] = "12,5"
    path = tmp_path / "frac.xlsx"
    write_xlsx(path, [("BaoCao", rows)])
    report = only_report(path)
    assert report.values["DH"].value is None
    finding = next(f for f in report.findings if f.code == "value.fraction")
    assert (finding.field, finding.cell) == ("DH", report.values["DH"].cell)
    assert '"12,5" có phần lẻ' in finding.message()


def test_cached_formulas_are_used(tmp_path):
    rows = grid(VALS)
    r = next(i for i, row in enumerate(rows) if len(row) > 1 and row[1] == "HO_GDHT")
    path = tmp_path / "formula.xlsx"
    write_xlsx_formulas(path, rows, {(r, 4): (f"=E{r}-0", VALS["HO_GDHT"])})
    report = only_report(path)
    assert numbers(report) == VALS


def test_uncalculated_formula_is_an_error_saying_open_in_excel(tmp_path):
    from openpyxl import load_workbook

    path = canonical(tmp_path)
    workbook = load_workbook(path)
    workbook["BaoCao"][f"E{FIRST_VALUE_ROW}"] = "=SUM(E30:E31)"
    workbook.save(path)
    report = only_report(path)
    finding = next(f for f in report.findings if f.code == "value.formula_uncached")
    assert (finding.cell, finding.field, finding.severity) == (
        f"E{FIRST_VALUE_ROW}",
        "HO_GD",
        "error",
    )
    assert "mở tệp bằng Excel, lưu lại" in finding.message()


def test_unit_code_typed_as_number_keeps_cell_for_padding(tmp_path):
    rows = grid(VALS, unit=TAN_LOC)
    rows[5][2] = 70  # Phường Hoàn Kiếm is 00070: typed as a number
    path = tmp_path / "zeros.xlsx"
    write_xlsx(path, [("BaoCao", rows)])
    report = only_report(path)
    assert report.unit_code == "70" and report.unit_code_cell == "C6"


@pytest.mark.parametrize("fmt", ["xls", "ods", "csv-utf8", "csv-bom-semicolon", "csv-utf16-tab"])
def test_file_formats(tmp_path, fmt):
    rows = grid(VALS)
    if fmt == "xls":
        path = tmp_path / "r.xls"
        write_xls(path, [("BaoCao", rows)])
    elif fmt == "ods":
        path = tmp_path / "r.ods"
        write_ods(path, [("BaoCao", rows)])
    elif fmt == "csv-utf8":
        path = tmp_path / "r.csv"
        write_csv(path, rows, "utf-8", ",")
    elif fmt == "csv-bom-semicolon":
        path = tmp_path / "r.csv"
        write_csv(path, rows, "utf-8-sig", ";")
    else:
        path = tmp_path / "r.txt"
        write_csv(path, rows, "utf-16", "\t")
    report = only_report(path)
    assert numbers(report) == VALS
    assert (report.unit_code, report.unit_name, report.period) == ("32086", "Xã Tân Lộc", "2023")
    assert report.values["HO_GD"].cell == f"E{FIRST_VALUE_ROW}"


def _tcvn3(text: str) -> str:
    return text.lower().translate(
        str.maketrans(dict(zip(_TCVN3_LETTERS, _TCVN3_CODES, strict=True)))
    )


def _vni(text: str) -> str:
    return "".join(
        _vni_of(c.lower()).upper() if c.isupper() else _vni_of(c)
        for c in unicodedata.normalize("NFC", text)
    )


@pytest.mark.parametrize(
    ("encode", "font", "name"),
    [
        (_tcvn3, ".VnTime", "TCVN3"),
        (_vni, "VNI-Times", "VNI"),
        (_tcvn3, None, "TCVN3"),
        (_vni, None, "VNI"),
    ],
)
def test_legacy_encodings(tmp_path, encode, font, name):
    rows = [[encode(c) if isinstance(c, str) else c for c in row] for row in grid(VALS)]
    path = tmp_path / "legacy.xlsx"
    write_xlsx(path, [("BaoCao", rows)], {"BaoCao": font} if font else None)
    report = only_report(path)
    assert numbers(report) == VALS
    assert report.unit_name is not None and report.unit_name.lower() == "xã tân lộc"
    legacy = next(f for f in report.findings if f.code == "text.legacy")
    assert name in legacy.message()


def test_wide_layout(tmp_path):
    other = values("other")
    wide = [
        ["TỔNG HỢP HUYỆN THỚI BÌNH"],
        ["Năm báo cáo", 2023],
        [],
        ["Mã xã", "Tên xã", *PLAN.fields],
        ["32086", "Xã Tân Lộc", *(VALS.get(f) for f in PLAN.fields)],  # optional ones empty
        ["32083", "Xã Tân Lộc Bắc", *(other.get(f) for f in PLAN.fields)],
    ]
    path = tmp_path / "wide.xlsx"
    write_xlsx(path, [("TongHop", wide)])
    reports = read(path).reports
    assert [(r.unit_code, r.period, r.layout) for r in reports] == [
        ("32086", "2023", "wide"),
        ("32083", "2023", "wide"),
    ]
    assert numbers(reports[0]) == VALS and numbers(reports[1]) == other
    assert reports[1].values["HO_GD"].cell == "C6"


def test_long_layout(tmp_path):
    rows = [["unit_code", "period", "field", "value"]]
    rows += [["32086", "2023", f, VALS[f]] for f in PLAN.fields if f in VALS]
    rows += [["32083", "2023", "HO_GD", 10]]
    path = tmp_path / "long.csv"
    write_csv(path, rows)
    reports = read(path).reports
    assert [(r.unit_code, r.period) for r in reports] == [("32086", "2023"), ("32083", "2023")]
    assert numbers(reports[0]) == VALS
    assert reports[0].values["HO_GD"].cell == "D2"


def test_encrypted_workbook_is_unreadable_with_plain_words(tmp_path):
    path = tmp_path / "mat-khau.xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(ole + b"\0" * 500)
    result = read(path)
    assert result.reports == [] and len(result.findings) == 1
    finding = result.findings[0]
    assert finding.code == "file.encrypted" and finding.path == str(path)
    assert "tệp có mật khẩu" in finding.message().lower()


def test_html_saved_as_xls_is_unreadable_with_the_fix(tmp_path):
    path = tmp_path / "bao cao.xls"
    path.write_text("<html><body><table><tr><td>Mã đơn vị</td></tr></table></body></html>")
    finding = read(path).findings[0]
    assert finding.code == "file.html"
    assert "tệp là trang web" in finding.message().lower()
    assert "lưu lại dạng .xlsx" in finding.message()


def test_spreadsheet_without_a_table_says_what_was_looked_for(tmp_path):
    path = tmp_path / "other.xlsx"
    write_xlsx(path, [("Danh sách", [["Họ tên", "Tuổi"], ["A", 3]])])
    finding = read(path).findings[0]
    assert finding.code == "file.no_table" and "Số liệu" in finding.message()


def test_round_trip_chosen_communes(tmp_path):
    """template → fill with openpyxl → read gives back the values, unit, period and cells, for
    communes chosen to differ in what a name can do (a town, a ward with a number, the
    longest name, a name with "Tây"/"Bắc", the last code): 100 communes proved the same."""
    from openpyxl import load_workbook

    from conftest import SAMPLE_REGISTRY
    from xhht_cli.units.load import load_registry
    from xhht_cli.write.template import layout_of, write_template

    registry = load_registry(str(SAMPLE_REGISTRY))
    layout = layout_of(PLAN)
    path = tmp_path / "form.xlsx"
    communes = registry.communes_under("96")
    chosen = [
        next(u for u in communes if u.name.startswith("Thị trấn")),
        next(u for u in communes if u.name.startswith("Phường") and u.name[-1].isdigit()),
        max(communes, key=lambda u: len(u.name)),
        next(u for u in communes if "Tây" in u.name or "Bắc" in u.name),
        communes[-1],
    ]
    for i, unit in enumerate(chosen):
        write_template(path, PLAN, "2024", unit)
        workbook = load_workbook(path)
        sheet = workbook["BaoCao"]
        vals = values(unit.code)
        for code, value in vals.items():
            sheet[layout.value_cell(code)] = value
        workbook.save(path)
        report = only_report(path)
        assert numbers(report) == vals, unit.code
        assert (report.unit_code, report.unit_name, report.period) == (unit.code, unit.name, "2024")
        assert {c: v.cell for c, v in report.values.items()} == {
            c: layout.value_cell(c) for c in PLAN.fields
        }, i


def test_reports_cross_between_processes_unchanged(tmp_path):
    """The compact wire form gives back the same report; a report whose cells are plain
    numbers sends no separate raw values, one with text in a value cell keeps them."""
    import pickle

    from xhht_cli.read.wire import from_wire, to_wire

    plain = only_report(canonical(tmp_path))
    wire = to_wire(plain)
    assert wire.raws is None
    back = from_wire(pickle.loads(pickle.dumps(wire)))
    assert back == plain
    # each raw value is its number, or "" for an optional row left empty
    assert all(v.raw == (v.value if v.value is not None else "") for v in back.values.values())

    rows = grid(VALS)
    rows[FIRST_VALUE_ROW - 1][4] = "1.234"  # a number typed as text, with a thousands dot
    path = tmp_path / "text.xlsx"
    write_xlsx(path, [("BaoCao", rows)])
    typed = only_report(path)
    wire = to_wire(typed)
    assert wire.raws is not None
    back = from_wire(pickle.loads(pickle.dumps(wire)))
    assert back == typed and back.values["HO_GD"].raw == "1.234"
    assert back.values["HO_GD"].value == 1234


def test_cell_names_are_shared_across_files(tmp_path):
    first = only_report(canonical(tmp_path, "a.xlsx"))
    second = only_report(canonical(tmp_path, "b.xlsx"))
    assert first.values["HO_GD"].cell == second.values["HO_GD"].cell == f"E{FIRST_VALUE_ROW}"
    assert first.values["HO_GD"].cell is second.values["HO_GD"].cell  # one string, not two


def test_a_file_grown_past_the_limit_since_it_was_found_is_refused(tmp_path):
    """Discovery saw a small file; by the time it is read, a copy into the inbox has made it
    larger than the size limit: it is refused as changed while read (a copy not finished),
    not read past the limit."""
    from xhht_cli.read import read_file
    from xhht_cli.read.discover import classify
    from xhht_cli.read.limits import Limits

    path = tmp_path / "growing.csv"
    path.write_text("a,b\n", encoding="utf-8")
    found = classify(path, path.name)
    path.write_bytes(b"x," * 700_000)  # 1.4 MB, over a 1 MB limit
    result = read_file(found, PLAN, Limits(file_mb=1))
    assert [f.code for f in result.findings] == ["file.changed_while_reading"]
    assert not result.reports


def test_a_word_file_renamed_xlsx_is_called_a_word_file(tmp_path):
    """A .docx saved under .xlsx: said to be a Word file, with the form to use instead —
    not only "damaged"."""
    import zipfile

    path = tmp_path / "bao cao.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    (finding,) = [f for f in read(path).findings if f.code == "file.corrupt"]
    assert "tệp Word (.docx)" in finding.message() and "xhht template" in finding.message()
    assert "a Word file (.docx)" in finding.message("en")
