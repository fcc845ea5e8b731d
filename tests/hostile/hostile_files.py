"""Broken and hostile input files, built in code at test time. Each builder writes one case
into a folder and returns the path the finding will name."""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from exports import (
    backslash_parts,
    encrypted_ods,
    encrypted_xls,
    fods_export,
    html_export,
    workbook_at_root,
    xml2003_export,
)

from helpers import grid, values
from synth import write_csv, write_ods, write_xls, write_xlsx, write_xlsx_formulas

Builder = Callable[[Path], Path]
ZIP_BOMB_MB = 40  # inflates 1000×: a zip bomb by its ratio, below the member size limit
LOL = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def good(folder: Path, name: str = "good.xlsx") -> Path:
    path = folder / name
    write_xlsx(path, [("BaoCao", grid())])
    return path


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip member by member; *change* may replace a member's bytes or drop it (None)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = change(item.filename, src.read(item.filename))
            if data is not None:
                out.writestr(item.filename, data)
    return target


def truncated_zip(folder: Path) -> Path:
    path = good(folder, "cut.xlsx")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def zero_bytes(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def encrypted(folder: Path) -> Path:
    path = folder / "mat-khau.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 1000
        + "EncryptedPackage".encode("utf-16-le")
        + b"\0" * 1000
    )
    return path


def html_as_xls(folder: Path) -> Path:
    path = folder / "web.xls"
    path.write_text(
        "<html><body><table><tr><td>Mã đơn vị</td></tr></table></body></html>", encoding="utf-8"
    )
    return path


def zip_bomb(folder: Path, megabytes: int = ZIP_BOMB_MB) -> Path:
    source = good(folder / "..", "bomb-source.xlsx")
    path = folder / "bomb.xlsx"
    _rewrite(source, path, lambda name, data: data)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/image1.bin", "w", force_zip64=True) as member,
    ):
        block = b"\0" * 2**20
        for _ in range(megabytes):
            member.write(block)
    return path


def entity_expansion(folder: Path) -> Path:
    source = good(folder / "..", "lol-source.xlsx")

    def change(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        text = data.decode("utf-8").split("?>", 1)[-1]
        return ('<?xml version="1.0"?>' + LOL + text.replace(">Mã đơn vị<", ">&lol9;<")).encode()

    return _rewrite(source, folder / "lol.xlsx", change)


def wrong_type_cells(folder: Path) -> Path:
    rows = grid()
    for row in rows[12:]:
        if len(row) > 4 and row[1] in ("HO_GD", "DH", "CD"):
            row[4] = {"HO_GD": True, "DH": date(2023, 1, 1), "CD": "nhiều"}[row[1]]
    path = folder / "types.xlsx"
    write_xlsx(path, [("BaoCao", rows)])
    return path


def columns_16384(folder: Path) -> Path:
    from openpyxl import load_workbook

    path = good(folder, "wide.xlsx")
    workbook = load_workbook(path)
    workbook["BaoCao"].cell(1, 16384, "XFD")
    workbook.save(path)
    return path


def merged_over_table(folder: Path) -> Path:
    from openpyxl import load_workbook

    path = good(folder, "merged.xlsx")
    workbook = load_workbook(path)
    workbook["BaoCao"].merge_cells("E14:E20")
    workbook.save(path)
    return path


def hidden_stale_sheet(folder: Path) -> Path:
    from openpyxl import load_workbook

    path = folder / "hidden.xlsx"
    write_xlsx(path, [("Cu", grid(values(HO_GD=1))), ("BaoCao", grid())])
    workbook = load_workbook(path)
    workbook["Cu"].sheet_state = "hidden"
    workbook.save(path)
    return path


def sheet_named_like_formula(folder: Path) -> Path:
    path = folder / "formula-sheet.xlsx"
    write_xlsx(path, [("=HYPERLINK(1)", grid(values(HO_GD=10, HO_GDHT=20)))])
    return path


def control_characters(folder: Path) -> Path:
    rows = grid()
    rows[6][2] = "Xã Tân\x00 Lộc\x07"
    rows[13][2] = "Tổng số hộ\x1b gia đình"
    path = folder / "control.csv"
    write_csv(path, rows)
    return path


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: â ê ô ă ơ ư đ precomposed, tones combining."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            rest = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
            out += (rest + "".join(tones)).encode("cp1258")
    return out


def mixed_encodings_csv(folder: Path) -> Path:
    path = folder / "mixed.csv"
    write_csv(path, grid(), "utf-8")
    lines = path.read_bytes().split(b"\r\n")
    lines[6] = _cp1258(",Tên đơn vị,Xã Tân Lộc")
    path.write_bytes(b"\r\n".join(lines))
    return path


def csv_10mb_line(folder: Path) -> Path:
    path = folder / "long-line.csv"
    write_csv(path, [*grid()[:5], ["x" * (10 * 2**20)]])
    return path


def pdf_named_xlsx(folder: Path) -> Path:
    path = folder / "scan.xlsx"
    path.write_bytes(b"%PDF-1.7\n" + b"\0" * 100)
    return path


def jpeg_named_xls(folder: Path) -> Path:
    path = folder / "photo.xls"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    return path


def docx_named_xlsx(folder: Path) -> Path:
    path = folder / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def missing_sheet_part(folder: Path) -> Path:
    source = good(folder / "..", "part-source.xlsx")
    return _rewrite(
        source,
        folder / "no-sheet.xlsx",
        lambda name, data: None if name == "xl/worksheets/sheet1.xml" else data,
    )


def garbage_xlsx(folder: Path) -> Path:
    path = folder / "garbage.xlsx"
    path.write_bytes(bytes(range(256)) * 40)
    return path


def ole_doc_as_xls(folder: Path) -> Path:
    path = folder / "old-word.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4096))
    return path


def symlink_loop(folder: Path) -> Path:
    path = folder / "loop"
    os.symlink(folder, path)
    return path


def fifo(folder: Path) -> Path:
    path = folder / "pipe.xlsx"
    os.mkfifo(path)
    return path


def oversized(folder: Path) -> Path:
    path = folder / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(60 * 2**20)  # sparse: costs no disk
    return path


def binary_csv(folder: Path) -> Path:
    path = folder / "binary.csv"
    path.write_bytes(bytes(range(1, 256)) * 64)
    return path


def rows_past_window(folder: Path) -> Path:
    """A household list pasted under the form: past the reading window of 5,000 rows (as far
    past as the window needs; 200,000 rows cost 9 s and prove the same)."""
    rows = grid() + [[f"Hộ {i}", i] for i in range(6_000)]
    path = folder / "household-list.xlsx"
    write_xlsx_formulas(path, rows, {})
    return path


def formula_text_in_report(folder: Path) -> Path:
    rows = grid()
    rows[6][2] = '=HYPERLINK("http://example.invalid","bấm")'  # text in a CSV, not a formula
    path = folder / "inject.csv"
    write_csv(path, rows)
    return path


def excel_error_value(folder: Path) -> Path:
    rows = grid()
    r = next(i for i, row in enumerate(rows) if len(row) > 1 and row[1] == "DH")
    path = folder / "div0.xlsx"
    write_xlsx_formulas(path, rows, {(r, 4): ("=1/0", "#DIV/0!")})  # type: ignore[dict-item]
    return path


def empty_workbook(folder: Path) -> Path:
    path = folder / "blank.xlsx"
    write_xlsx(path, [("Sheet1", [])])
    return path


def csv_with_nul(folder: Path) -> Path:
    path = folder / "nul.csv"
    write_csv(path, grid())
    path.write_bytes(path.read_bytes().replace(b",", b",\x00", 40))
    return path


def broken_link(folder: Path) -> Path:
    path = folder / "gone.xlsx"
    os.symlink(folder / "nowhere.xlsx", path)
    return path


# -- issue 16: what other programs write, and files that hide their size --------------------


def _stray_cell(folder: Path, name: str, ref: str) -> Path:
    """The report with one stray cell far away: openpyxl writes <dimension ref="A1:ref">."""
    from openpyxl import load_workbook

    path = good(folder, name)
    workbook = load_workbook(path)
    workbook["BaoCao"][ref] = "x"
    workbook.save(path)
    return path


def sparse_corner(folder: Path) -> Path:
    return _stray_cell(folder, "corner-cv.xlsx", "CV1000000")  # 3.2 GB as calamine's grid


def far_corner(folder: Path) -> Path:
    return _stray_cell(folder, "corner-xfd.xlsx", "XFD1048576")  # 512 GB as calamine's grid


def _sheet_xml(source: Path, target: Path, change: Callable[[bytes], bytes]) -> Path:
    return _rewrite(
        source,
        target,
        lambda name, data: change(data) if name == "xl/worksheets/sheet1.xml" else data,
    )


def no_dimension(folder: Path) -> Path:
    source = _stray_cell(folder / "..", "no-dimension-source.xlsx", "CV1000000")
    return _sheet_xml(
        source, folder / "no-dimension.xlsx", lambda d: re.sub(rb"<dimension[^>]*/>", b"", d)
    )


def lying_dimension(folder: Path) -> Path:
    source = _stray_cell(folder / "..", "liar-source.xlsx", "CV1000000")
    return _sheet_xml(
        source,
        folder / "liar.xlsx",
        lambda d: re.sub(rb"<dimension[^>]*/>", b'<dimension ref="A1:F60"/>', d),
    )


def xls_whole_sheet(folder: Path) -> Path:
    path = folder / "ca-trang.xls"
    rows = grid()
    rows.extend([[] for _ in range(65_536 - len(rows) - 1)])
    rows.append([""] * 255 + ["x"])  # IV65536: a used range of 16.7 million cells
    write_xls(path, [("BaoCao", rows)])
    return path


def xls_whole_other_sheet(folder: Path) -> Path:
    """The report, beside a sheet used to IV65536: calamine parses every sheet of an xls as it
    opens it, so the file is refused all the same, naming that sheet."""
    path = folder / "ca-trang-khac.xls"
    write_xls(
        path,
        [
            ("BaoCao", grid()),
            ("DanhSach", [["x"], *[[] for _ in range(65_534)], [""] * 255 + ["x"]]),
        ],
    )
    return path


def back_slashes(folder: Path) -> Path:
    return backslash_parts(good(folder / "..", "slash-source.xlsx"), folder / "slashes.xlsx")


def root_workbook(folder: Path) -> Path:
    return workbook_at_root(good(folder / "..", "root-source.xlsx"), folder / "root.xlsx")


def password_xls(folder: Path) -> Path:
    source = folder / ".." / "xls-source.xls"
    write_xls(source, [("BaoCao", grid())])
    return encrypted_xls(source, folder / "mat-khau.xls")


def password_ods(folder: Path) -> Path:
    source = folder / ".." / "ods-source.ods"
    write_ods(source, [("BaoCao", grid())])
    return encrypted_ods(source, folder / "mat-khau.ods")


def html_report(folder: Path) -> Path:
    path = folder / "tai-ve-tu-phan-mem.xls"
    rows = grid()
    path.write_bytes(html_export(rows).replace(b"colspan='6'", b"colspan='1000000'", 1))
    return path


def xml2003_report(folder: Path) -> Path:
    path = folder / "excel-2003.xls"
    path.write_bytes(xml2003_export([("BaoCao", grid())]))
    return path


def xml2003_list(folder: Path) -> Path:
    path = folder / "danh-sach.xml"
    path.write_bytes(xml2003_export([("DS", [["Họ tên", "Năm sinh"], ["Nguyễn Văn A", 1990]])]))
    return path


def xml2003_entities(folder: Path) -> Path:
    path = folder / "lol.xml"
    text = xml2003_export([("BaoCao", grid())]).decode()
    text = text.replace("?>\n<?mso", "?>\n" + LOL + "\n<?mso", 1).replace(">Mã đơn vị<", ">&lol9;<")
    path.write_text(text, encoding="utf-8")
    return path


def other_xml_as_xls(folder: Path) -> Path:
    path = folder / "cau-hinh.xls"
    path.write_text('<?xml version="1.0"?><config><item>1</item></config>', encoding="utf-8")
    return path


def fods_report(folder: Path) -> Path:
    path = folder / "bao-cao.fods"
    path.write_bytes(fods_export([("BaoCao", grid())]))
    return path


def fods_repeats(folder: Path) -> Path:
    """A cell repeated over every column of a million rows: 17 billion cells in 400 bytes."""
    path = folder / "lap.fods"
    text = fods_export([("BaoCao", [["x"]])]).decode()
    text = text.replace(
        '<table:table-row><table:table-cell office:value-type="string">',
        '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">',
    )
    path.write_text(text, encoding="utf-8")
    return path


# name → (builder, status, finding code, a phrase of the Vietnamese message)
CASES: dict[str, tuple[Builder, str, str, str]] = {
    "truncated_zip": (truncated_zip, "unreadable", "file.corrupt", "bị hỏng"),
    "zero_bytes": (zero_bytes, "unreadable", "file.empty", "Tệp rỗng"),
    "encrypted": (encrypted, "unreadable", "file.encrypted", "mật khẩu"),
    "html_as_xls": (html_as_xls, "unreadable", "file.html", "trang web"),
    "zip_bomb": (zip_bomb, "unreadable", "file.zip_bomb", "có thể là tệp độc hại"),
    "entity_expansion": (entity_expansion, "unreadable", "file.corrupt", "entity"),
    "wrong_type_cells": (wrong_type_cells, "invalid", "value.not_number", "không phải là số"),
    "columns_16384": (columns_16384, "valid", "sheet.truncated", "100 cột"),
    "merged_over_table": (merged_over_table, "invalid", "value.missing", "Chưa nhập số liệu"),
    "hidden_stale_sheet": (hidden_stale_sheet, "valid", "", ""),
    "sheet_named_like_formula": (
        sheet_named_like_formula,
        "invalid",
        "rule.not_greater",
        "lớn hơn",
    ),
    "control_characters": (control_characters, "valid", "", ""),
    "mixed_encodings_csv": (mixed_encodings_csv, "valid", "text.mixed_encoding", "nhiều bảng mã"),
    "csv_10mb_line": (csv_10mb_line, "unreadable", "file.corrupt", "ô A6 của tệp văn bản (CSV)"),
    "pdf_named_xlsx": (pdf_named_xlsx, "ignored", "file.not_spreadsheet", "Không phải bảng tính"),
    "jpeg_named_xls": (jpeg_named_xls, "ignored", "file.not_spreadsheet", "Không phải bảng tính"),
    "docx_named_xlsx": (docx_named_xlsx, "unreadable", "file.corrupt", "bị hỏng"),
    "missing_sheet_part": (missing_sheet_part, "unreadable", "file.corrupt", "bị hỏng"),
    "garbage_xlsx": (garbage_xlsx, "unreadable", "file.corrupt", "bị hỏng"),
    "ole_doc_as_xls": (ole_doc_as_xls, "unreadable", "file.corrupt", "bị hỏng"),
    "symlink_loop": (symlink_loop, "ignored", "file.symlink_dir", "symlink"),
    "fifo": (fifo, "ignored", "file.not_regular", "ống dẫn"),
    "oversized": (oversized, "unreadable", "file.too_big", "quá lớn"),
    "binary_csv": (binary_csv, "unreadable", "file.no_table", "Không tìm thấy bảng"),
    "rows_past_window": (rows_past_window, "valid", "sheet.truncated", "5.000 dòng"),
    "formula_text_in_report": (
        formula_text_in_report,
        "invalid",
        "unit.name_mismatch",
        "=HYPERLINK",
    ),
    "excel_error_value": (excel_error_value, "invalid", "value.formula_error", "#DIV/0!"),
    "empty_workbook": (empty_workbook, "unreadable", "file.no_table", "Không tìm thấy bảng"),
    "csv_with_nul": (csv_with_nul, "valid", "", ""),
    "broken_link": (broken_link, "ignored", "file.broken_link", "hỏng"),
    "sparse_corner": (sparse_corner, "valid", "sheet.truncated", "5.000 dòng"),
    "far_corner": (far_corner, "valid", "sheet.truncated", "5.000 dòng"),
    "no_dimension": (no_dimension, "valid", "sheet.truncated", "5.000 dòng"),
    "lying_dimension": (lying_dimension, "valid", "sheet.truncated", "5.000 dòng"),
    "xls_whole_sheet": (xls_whole_sheet, "unreadable", "sheet.too_large", "A1:IV65536"),
    "xls_whole_other_sheet": (
        xls_whole_other_sheet,
        "unreadable",
        "sheet.too_large",
        "Trang DanhSach dùng vùng A1:IV65536",
    ),
    "back_slashes": (back_slashes, "valid", "", ""),
    "root_workbook": (root_workbook, "valid", "", ""),
    "password_xls": (password_xls, "unreadable", "file.encrypted", "bỏ mật khẩu"),
    "password_ods": (password_ods, "unreadable", "file.encrypted", "bỏ mật khẩu"),
    "html_report": (html_report, "valid", "", ""),
    "xml2003_report": (xml2003_report, "valid", "", ""),
    "xml2003_list": (xml2003_list, "unreadable", "file.xml_no_table", "Excel 2003 XML"),
    "xml2003_entities": (xml2003_entities, "unreadable", "file.corrupt", "DTD"),
    "other_xml_as_xls": (other_xml_as_xls, "unreadable", "file.xml_other", "Tệp XML"),
    "fods_report": (fods_report, "valid", "", ""),
    "fods_repeats": (fods_repeats, "unreadable", "file.no_table", "Không tìm thấy bảng"),
}
