"""Reading within bounds: a sheet's extent is known before a reader builds it, a library's
panic is a finding, a worker has a memory ceiling (where the platform has one); and the formats
other programs write go through the whole command."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY
from helpers import PLAN, grid, numbers, read, values
from synth import write_xls, write_xlsx
from xhht_cli.check.pipeline import validate_inputs
from xhht_cli.cli import app
from xhht_cli.read import biff, contain, extent, sheets
from xhht_cli.read.limits import Limits, check_container
from xhht_cli.units.load import load_registry

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
from exports import fods_export, html_export, xml2003_export

REGISTRY = load_registry(str(SAMPLE_REGISTRY))
COMMUNES = REGISTRY.children_of("967")[:3]


def _fits(path: Path) -> bool:
    data = path.read_bytes()
    extents = extent.sheet_extents(data, check_container(data, Limits()))
    return not any(e.over() for e in extents.values())


def test_extent_from_the_dimension_or_the_cell_references(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    write_xlsx(path, [("BaoCao", grid())])
    assert _fits(path)
    workbook = load_workbook(path)
    workbook["BaoCao"]["CV1000000"] = 1
    workbook.save(path)
    assert not _fits(path)  # <dimension ref="A1:CV1000000"/>
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if name.startswith("xl/worksheets/"):
                data = data.replace(b'<dimension ref="A1:CV1000000" />', b"")
                assert b"<dimension" not in data
            out.writestr(name, data)
    assert not _fits(bare)  # no dimension: the largest cell reference says it


def test_a_panic_in_the_reader_is_a_finding_in_the_users_words(tmp_path, monkeypatch):
    class PanicException(BaseException):  # what pyo3 raises: not an Exception
        pass

    def panic(*args: object) -> None:
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(sheets, "_calamine_sheets", panic)
    path = tmp_path / "r.xls"  # an xlsx would be read by openpyxl then
    write_xls(path, [("BaoCao", grid())])
    (finding,) = read(path).findings
    assert finding.code == "file.corrupt"
    vi, en = finding.message(), finding.message("en")
    assert vi.startswith("Tệp bị hỏng") and "không đọc được cấu trúc tệp" in vi
    assert vi.index("không đọc được") < vi.index("Option::unwrap")  # the library's words last
    assert "cannot read the file's structure" in en and " ()" not in vi + en


def test_an_interrupt_is_not_taken_for_a_damaged_file(tmp_path, monkeypatch):
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sheets, "_calamine_sheets", interrupted)
    path = tmp_path / "r.xlsx"
    write_xlsx(path, [("BaoCao", grid())])
    with pytest.raises(KeyboardInterrupt):
        read(path)


def test_the_memory_ceiling_refuses_a_huge_allocation():
    code = (
        "from xhht_cli.read.contain import cap_memory\n"
        "assert cap_memory(64)\n"
        "try:\n"
        "    bytearray(1024 * 2**20)\n"
        "except MemoryError:\n"
        "    print('refused')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.strip() == "refused", proc.stderr


def test_without_the_resource_module_there_is_no_ceiling_and_no_error(monkeypatch):
    """Windows has no ``resource``: the worker goes on without a ceiling."""

    def missing(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(contain, "import_module", missing)
    assert contain.cap_memory(1024) is False
    silenced: list[bool] = []
    monkeypatch.setattr(contain, "silence_stderr", lambda: silenced.append(True))
    monkeypatch.delenv("XHHT_VERBOSE", raising=False)
    contain.contain(1024)
    assert silenced == [True]
    monkeypatch.setenv("XHHT_VERBOSE", "1")
    contain.contain(1024)
    assert silenced == [True]  # --verbose: libraries' own output goes through


def test_validate_reads_fods_html_and_excel_2003_xml_as_reports(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    vals = {unit.code: values(unit.code) for unit in COMMUNES}
    fods, page, xml = COMMUNES
    (inbox / f"{fods.code}.fods").write_bytes(
        fods_export([("BaoCao", grid(vals[fods.code], fods))])
    )
    (inbox / f"{page.code}.xls").write_bytes(html_export(grid(vals[page.code], page)))
    (inbox / f"{xml.code}.xml").write_bytes(xml2003_export([("BaoCao", grid(vals[xml.code], xml))]))
    target = tmp_path / "kiem-tra.json"
    args = ["--units", str(SAMPLE_REGISTRY), "--period", "2023", "--format", "json"]
    result = CliRunner().invoke(app, ["validate", str(inbox), *args, "-o", str(target)])
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [f["status"] for f in document["files"]] == ["valid"] * 3, document["findings"]
    assert document["summary"]["valid"] == 3 and document["summary"]["ignored"] == 0
    assert all(f["errors"] == 0 for f in document["files"])
    assert result.exit_code in (0, 1)  # the other communes of the registry are missing
    validation = validate_inputs([inbox], PLAN, REGISTRY, "2023")
    got = {e.report.unit_code: numbers(e.report) for e in validation.entries if e.report}
    assert got == vals


def test_an_xlsb_whose_sheet_spans_the_whole_grid_is_refused_naming_it(tmp_path):
    """A number at A1 and one at XFD1048576 (BrtRowHdr, BrtCellReal records), whatever the
    sheet's BrtWsDim (record 148) says."""
    import struct

    from xhht_cli.read.cells import SheetsUnreadable

    def cell(row: int, col: int) -> bytes:
        return b"\x00\x04" + struct.pack("<I", row) + b"\x05\x10" + struct.pack("<IId", col, 0, 1)

    dimension = b"\x94\x01\x10" + struct.pack("<4I", 0, 0, 0, 0)
    sheet = b"\x81\x01\x00" + dimension + cell(0, 0) + cell(1_048_575, 16_383) + b"\x92\x01\x00"
    path = tmp_path / "r.xlsb"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.bin", b"")
        archive.writestr("xl/worksheets/sheet1.bin", sheet)
    data = path.read_bytes()
    with pytest.raises(SheetsUnreadable) as refused:
        biff.check_xlsb(data, check_container(data, Limits()))
    assert refused.value.code == "sheet.too_large"
    assert refused.value.params == {"sheet": "sheet1.bin", "range": "A1:XFD1048576"}


def test_html_spans_leave_their_cells_empty_as_merged_cells_do():
    from xhht_cli.read.markup import html_sheets

    page = (
        "<table><tr><td rowspan=2>a</td><td colspan=2>b</td><td>c</td></tr>"
        "<tr><td>d</td><td>e</td><td>f</td></tr>"
        "<tr><td colspan=999999>g</td></tr></table>"
        "<table><tr><td>h<br>i</td><td><table><tr><td>j</td></tr></table></td></tr></table>"
    )
    (sheet,) = html_sheets("web", page.encode())
    assert sheet.rows == [["a", "b", "", "c"], ["", "d", "e", "f"], ["g"], [], ["h\ni", "j"]]
    assert not sheet.truncated


def test_an_xlsx_calamine_cannot_open_is_read_by_openpyxl(tmp_path, monkeypatch):
    """calamine takes neither UTF-16 parts nor some packages other programs write: openpyxl
    reads them, within the window."""

    def cannot(*args: object) -> None:
        raise RuntimeError("Cannot detect file format")

    monkeypatch.setattr(sheets, "_calamine_sheets", cannot)
    path = tmp_path / "r.xlsx"
    write_xlsx(path, [("BaoCao", grid(values("khac")))])
    result = read(path)
    assert result.findings == [] and numbers(result.reports[0]) == values("khac")


def test_an_xlsb_calamine_cannot_open_is_named_with_the_fix(tmp_path, monkeypatch):
    def cannot(*args: object) -> None:
        raise RuntimeError("no entry found for key")

    monkeypatch.setattr(sheets, "_calamine_sheets", cannot)
    path = tmp_path / "r.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    (finding,) = read(path).findings
    assert finding.code == "file.save_as_xlsx"
    assert ".xlsb" in finding.message() and "no entry" not in finding.message()


@pytest.mark.parametrize(
    "cells",
    [
        '<c r="A1"><v>1</v></c>',
        '<c r="A1"><f>B1+1</f><v>2</v></c>',
        '<c r="A1"><f t="shared" si="0">B1</f></c><c r="DA10"><v>1</v></c>',
        '<c r="A1"><f>B1</f></c><c r="CV1000000"><v>1</v></c>',
        '<c r="A1"><x:f>B1</x:f></c><x:c r="A2"><v>1</v></x:c>',
        '<c r="A1"><x:f>B1</x:f></c><c r="A2"><v>1</v></c>',
        '<c r="XFD7"><v>1</v></c><c r="A1"><f>1</f></c>',
        '<c r="A1"><f>1</f></c><c><v>2</v></c>',
        '<c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c>',
    ],
)
def test_the_extent_scan_learns_formulas_and_far_cells_in_one_pass(cells: str) -> None:
    """The usual part's two searches also stop at a formula; a cell written otherwise, or far
    away, after the formula still sends the part to the closer scans, and the extent and the
    formula flag are what the tag-by-tag scan (which learns formulas on its own) gives."""
    import io

    xml = f'<worksheet><sheetData><row r="1">{cells}</row></sheetData></worksheet>'.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", xml)
    data = buffer.getvalue()
    member = check_container(data, Limits.from_env())[0]
    found = extent.sheet_extent(data, member)
    tags = extent._scan(data, member, None, "tags")
    if tags.over():  # past the grid the scan stops, formulas unknown
        assert found.over() and found.formulas is None
        return
    assert found.formulas == extent.has_formula(xml) == tags.formulas
    if not found.near:
        assert (found.top, found.left, found.bottom, found.right) == (
            tags.top,
            tags.left,
            tags.bottom,
            tags.right,
        )
    else:
        assert tags.bottom < 9999 and tags.right < 104
