"""What Excel opens without asking is read (issue 25): a workbook under Excel's built-in
password, an OpenDocument package whose mimetype entry is not first; older Excel formats are
named with the fix, never "damaged"."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from helpers import grid, numbers, read, values
from synth import write_ods, write_xlsx
from xhht_cli.read import sheets
from xhht_cli.read.encrypted import DEFAULT_PASSWORD


def _encrypted(folder: Path, password: str) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = folder / "plain.xlsx"
    write_xlsx(plain, [("BaoCao", grid(values("mk")))])
    path = folder / f"bao-cao-{len(password)}.xlsx"
    with open(plain, "rb") as source, open(path, "wb") as target:
        OOXMLFile(source).encrypt(password, target)
    return path


def test_a_workbook_under_excels_default_password_is_read(tmp_path):
    result = read(_encrypted(tmp_path, DEFAULT_PASSWORD))
    assert result.findings == []
    (report,) = result.reports
    assert numbers(report) == values("mk")


def test_a_workbook_that_needs_a_password_says_so(tmp_path):
    result = read(_encrypted(tmp_path, "mat-khau-cua-xa"))
    (finding,) = result.findings
    assert finding.code == "file.encrypted" and "mật khẩu" in finding.message()


def test_an_ods_whose_mimetype_is_not_first_is_read(tmp_path):
    source = tmp_path / "lo.ods"
    write_ods(source, [("BaoCao", grid(values("ods")))])
    path = tmp_path / "bao-cao.ods"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        names = src.namelist()
        for name in [*(n for n in names if n != "mimetype"), "mimetype"]:  # mimetype last
            out.writestr(name, src.read(name))
    result = read(path)
    assert result.findings == []
    assert numbers(result.reports[0]) == values("ods")


@pytest.mark.parametrize(
    ("bof", "name"), [(0x0009, "Excel 2.x"), (0x0209, "Excel 3.0"), (0x0409, "Excel 4.0")]
)
def test_an_excel_2_to_4_workbook_is_named_with_the_fix(tmp_path, bof: int, name: str):
    """Before Excel 5 a workbook was a bare BIFF stream, no OLE container."""
    path = tmp_path / "cu.xls"
    path.write_bytes(struct.pack("<HHHHH", bof, 6, 0, 0x0010, 0) + struct.pack("<HH", 0x000A, 0))
    (finding,) = read(path).findings
    assert finding.code == "file.old_format"
    assert name in finding.message() and ".xlsx" in finding.message()


def test_an_excel_95_workbook_calamine_cannot_open_is_named(tmp_path, monkeypatch):
    from synth import write_xls

    path = tmp_path / "excel95.xls"
    write_xls(path, [("BaoCao", grid())])
    data = bytearray(path.read_bytes())
    bof = data.find(struct.pack("<HHH", 0x0809, 16, 0x0600))  # the Workbook stream's first record
    struct.pack_into("<H", data, bof + 4, 0x0500)
    path.write_bytes(bytes(data))

    def cannot(*args: object) -> None:
        raise RuntimeError("Cannot detect file format")

    monkeypatch.setattr(sheets, "_calamine_sheets", cannot)
    (finding,) = read(path).findings
    assert finding.code == "file.old_format" and "Excel 5.0/95" in finding.message()
    assert "Cannot detect" not in finding.message()


def test_an_encrypted_xlsx_given_to_the_worker_as_xls_is_decrypted(tmp_path):
    """Whichever step tells an encrypted package apart, the worker decrypts it."""
    from dataclasses import replace

    from helpers import PLAN
    from xhht_cli.read import read_file
    from xhht_cli.read.discover import classify

    path = _encrypted(tmp_path, DEFAULT_PASSWORD)
    file = replace(classify(path, str(path)), kind="xls", reason=None)
    result = read_file(file, PLAN)
    assert result.findings == [] and numbers(result.reports[0]) == values("mk")
