"""A third-party corpus: the canonical report as other programs write it — LibreOffice (its
files kept in tests/data/libreoffice), openpyxl, xlwt, odfpy, XlsxWriter, web systems' HTML and Excel 2003 XML, flat ODS,
zips with unusual part names — reads to the canonical values."""

from __future__ import annotations

from pathlib import Path

import pytest
from exports import (
    backslash_parts,
    fods_export,
    html_export,
    workbook_at_root,
    xml2003_export,
)

from helpers import PLAN, grid, numbers, only_report, read, values
from synth import write_ods, write_xls, write_xlsx, write_xlsx_formulas
from xhht_cli.read import read_file
from xhht_cli.read.discover import classify

VALS = values("exports")
ROWS = grid(VALS)


def _same_as_canonical(path: Path, kind: str, same_cells: bool = True) -> None:
    result = read_file(classify(path, path.name), PLAN)
    assert result.file.kind == kind, (result.file.kind, result.file.reason)  # as the worker saw
    assert len(result.reports) == 1, [f.message() for f in result.findings]
    report = result.reports[0]
    assert numbers(report) == VALS
    assert (report.unit_code, report.unit_name, report.period) == ("32086", "Xã Tân Lộc", "2023")
    assert str(report.report_date) == "2023-11-30"
    if same_cells:
        assert report.values["HO_GD"].cell == "E14"
    assert [f.code for f in report.findings] == []


@pytest.mark.parametrize(
    ("suffix", "kind"),
    [("ods", "ods"), ("xls", "xls"), ("xlsx", "xlsx"), ("fods", "fods"), ("html", "html")],
)
def test_libreoffice_conversions(libreoffice, tmp_path, suffix, kind):
    """The canonical report as LibreOffice saves it (tests/data/libreoffice)."""
    path = libreoffice[suffix]
    if suffix == "html":  # saved by a web system as .xls
        path = tmp_path / "bao-cao.xls"
        path.write_bytes(libreoffice["html"].read_bytes())
    _same_as_canonical(path, kind)


def test_python_writers(tmp_path):
    writers = {
        "openpyxl.xlsx": (write_xlsx, "xlsx"),
        "xlwt.xls": (write_xls, "xls"),
        "odfpy.ods": (write_ods, "ods"),
    }
    for name, (write, kind) in writers.items():
        write(tmp_path / name, [("BaoCao", ROWS)])
        _same_as_canonical(tmp_path / name, kind)
    write_xlsx_formulas(tmp_path / "xlsxwriter.xlsx", ROWS, {})
    _same_as_canonical(tmp_path / "xlsxwriter.xlsx", "xlsx")


@pytest.mark.parametrize(
    ("name", "tables", "encoding"),
    [
        ("web.xls", 1, "utf-8"),
        ("two-tables.xls", 2, "utf-8"),
        ("unicode.xls", 1, "utf-16"),
        ("windows.xls", 1, "windows-1258"),
    ],
)
def test_html_tables_in_xls(tmp_path, name, tables, encoding):
    path = tmp_path / name
    path.write_bytes(html_export(ROWS, tables, encoding))
    _same_as_canonical(path, "html", same_cells=tables == 1)


@pytest.mark.parametrize("name", ["excel-2003.xls", "excel-2003.xml"])
def test_excel_2003_xml(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(xml2003_export([("Ghi chú", [["xin gửi"]]), ("BaoCao", ROWS)]))
    _same_as_canonical(path, "xml2003")


def test_flat_ods(tmp_path):
    path = tmp_path / "bao-cao.fods"
    path.write_bytes(fods_export([("BaoCao", ROWS)]))
    _same_as_canonical(path, "fods")


def test_zip_parts_named_unusually(tmp_path):
    source = tmp_path / "canonical.xlsx"
    write_xlsx(source, [("BaoCao", ROWS)])
    _same_as_canonical(backslash_parts(source, tmp_path / "back-slashes.xlsx"), "ooxml")
    _same_as_canonical(workbook_at_root(source, tmp_path / "root.xlsx"), "ooxml")


def test_markup_in_english_and_vietnamese_messages_name_what_it_is(tmp_path):
    page = tmp_path / "danh-sach.xls"
    page.write_bytes(html_export([["Họ tên", "Tuổi"], ["A", 3]]))
    (finding,) = read(page).findings
    assert finding.code == "file.html" and "trang web" in finding.message()
    xml = tmp_path / "danh-sach.xml"
    xml.write_bytes(xml2003_export([("DS", [["Họ tên", "Tuổi"], ["A", 3]])]))
    (finding,) = read(xml).findings
    assert finding.code == "file.xml_no_table"
    assert "Excel 2003 XML" in finding.message() and "Excel 2003 XML" in finding.message("en")
    flat = tmp_path / "danh-sach.fods"
    flat.write_bytes(fods_export([("DS", [["Họ tên", "Tuổi"], ["A", 3]])]))
    assert [f.code for f in read(flat).findings] == ["file.no_table"]


def test_markup_stays_in_the_window(tmp_path):
    rows = [["x" * 3] * 3 for _ in range(6_000)]
    path = tmp_path / "long.xls"
    path.write_bytes(html_export([*ROWS, *rows]))
    report = only_report(path)
    assert numbers(report) == VALS
    assert "sheet.truncated" in [f.code for f in report.findings]


def test_feedback_for_a_package_openpyxl_cannot_open(tmp_path):
    """An invalid report with back-slashed part names gets its feedback workbook (a fresh
    form: openpyxl finds no xl/workbook.xml to copy)."""
    from typer.testing import CliRunner

    from conftest import SAMPLE_REGISTRY
    from xhht_cli.cli import app

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = tmp_path / "wrong.xlsx"
    write_xlsx(source, [("BaoCao", grid(values("exports", HO_GD=1, HO_GDHT=5)))])
    backslash_parts(source, inbox / "wrong.xlsx")
    args = ["--units", str(SAMPLE_REGISTRY), "--period", "2023", "--feedback", str(tmp_path / "fb")]
    result = CliRunner().invoke(app, ["validate", str(inbox), *args])
    assert result.exit_code == 1, result.output
    assert len(list((tmp_path / "fb").glob("*.xlsx"))) == 1
