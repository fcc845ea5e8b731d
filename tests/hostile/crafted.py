"""Files crafted against the reading bounds (issue 25), built in code.

Each builder writes one file into a folder and returns its path. ``full=False`` (the tests)
builds the smallest file that still passes the bound it attacks — a few KB to a few MB;
``full=True`` (benchmarks/hostile.py) builds it at the size of the issue's table, for the
memory and time measurement.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from helpers import grid
from synth import write_xls

Builder = Callable[[Path, bool], Path]
_SHEET = "xl/worksheets/sheet1.xml"


def _form_xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "BaoCao"
    for r, row in enumerate(grid(), start=1):
        for c, value in enumerate(row, start=1):
            if value not in ("", None):
                sheet.cell(r, c, value)
    workbook.save(buffer)
    return buffer.getvalue()


_FORM: list[bytes] = []


def form_xlsx() -> bytes:
    """The report form as an xlsx (openpyxl), built once."""
    if not _FORM:
        _FORM.append(_form_xlsx())
    return _FORM[0]


def rewrite_zip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A zip member by member; *change* may replace a member's bytes or drop it (None)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in src.infolist():
            content = change(item.filename, src.read(item.filename))
            if content is not None:
                target.writestr(item.filename, content)
    return out.getvalue()


def _with_rows(extra: bytes, dimension: bytes = b"") -> bytes:
    """The form with *extra* rows at the end of its sheet data and its <dimension> replaced."""

    def change(name: str, content: bytes) -> bytes:
        if name != _SHEET:
            return content
        content = re.sub(rb"<dimension[^>]*/>", dimension, content)
        return content.replace(b"</sheetData>", extra + b"</sheetData>")

    return rewrite_zip(form_xlsx(), change)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# -- xlsx: cell positions the old extent scan did not parse ----------------------------------


def lowercase_ref(folder: Path, full: bool = False) -> Path:
    row = b'<row r="200000"><c r="cv200000"><v>1</v></c></row>'
    return _write(folder, "lowercase-ref.xlsx", _with_rows(row))


def spaced_ref(folder: Path, full: bool = False) -> Path:
    row = b'<row r = "200000" ><c  r = "CV200000" ><v>1</v></c></row>'
    return _write(folder, "spaced-ref.xlsx", _with_rows(row))


def single_quoted_ref(folder: Path, full: bool = False) -> Path:
    row = b"<row r='200000'><c r='CV200000'><v>1</v></c></row>"
    return _write(folder, "single-quoted-ref.xlsx", _with_rows(row))


def implicit_cells(folder: Path, full: bool = False) -> Path:
    """Cells without ``r``: each one column right of the one before (100 of them reach CV)."""
    row = b'<row r="200000">' + b"<c><v>1</v></c>" * 100 + b"</row>"
    return _write(folder, "implicit-cells.xlsx", _with_rows(row))


def implicit_rows(folder: Path, full: bool = False) -> Path:
    """Rows without ``r``: each one below the one before."""
    rows = b"<row><c><v>1</v></c></row>" * (300_000 if full else 6_000)
    return _write(folder, "implicit-rows.xlsx", _with_rows(b'<row r="70">' + rows[5:]))


def four_letter_column(folder: Path, full: bool = False) -> Path:
    row = b'<row r="1100"><c r="AAAA1100"><v>1</v></c></row>'
    return _write(folder, "column-aaaa.xlsx", _with_rows(row))


def eight_digit_row(folder: Path, full: bool = False) -> Path:
    row = b'<row r="20000000"><c r="A20000000"><v>1</v></c></row>'
    return _write(folder, "row-20000000.xlsx", _with_rows(row))


def lying_dimension(folder: Path, full: bool = False) -> Path:
    row = b'<row r="1000000"><c r="CV1000000"><v>1</v></c></row>'
    return _write(folder, "lying-dimension.xlsx", _with_rows(row, b'<dimension ref="A1:F60"/>'))


# -- zip directories that lie -------------------------------------------------------------


def _lie_about_sizes(data: bytes, member: str, declared: int) -> bytes:
    """Say in the local header and the central directory that *member* inflates to *declared*
    bytes (and its CRC-32 is whatever is there)."""
    out = bytearray(data)
    name = member.encode()
    at = 0
    while True:
        at = out.find(name, at)
        if at < 0:
            return bytes(out)
        if out[at - 46 : at - 42] == b"PK\x01\x02":
            struct.pack_into("<I", out, at - 46 + 24, declared)
        elif out[at - 30 : at - 26] == b"PK\x03\x04":
            struct.pack_into("<I", out, at - 30 + 22, declared)
        at += len(name)


def _padded(member: str, megabytes: int) -> bytes:
    """The form with *megabytes* of blanks inside the part *member* (a sheet without its
    <dimension>: the old extent scan then inflated all of it)."""

    def change(name: str, content: bytes) -> bytes:
        if name != member:
            return content
        content = re.sub(rb"<dimension[^>]*/>", b"", content)
        head, tail = content.rsplit(b"</", 1)
        return head + b" " * (megabytes * 2**20) + b"</" + tail

    return rewrite_zip(form_xlsx(), change)


def lying_sheet_size(folder: Path, full: bool = False) -> Path:
    """The sheet part inflates to 400 MB (2 in the tests); its directory entry says 40 KB."""
    data = _padded(_SHEET, 400 if full else 2)
    return _write(folder, "lying-sheet-size.xlsx", _lie_about_sizes(data, _SHEET, 40_000))


def lying_styles_size(folder: Path, full: bool = False) -> Path:
    data = _padded("xl/styles.xml", 400 if full else 2)
    data = _lie_about_sizes(data, "xl/styles.xml", 40_000)
    return _write(folder, "lying-styles-size.xlsx", data)


# -- xls -------------------------------------------------------------------------------------


def xls_lying_dimensions(folder: Path, full: bool = False) -> Path:
    """A cell at IV65536 while every DIMENSIONS record says A1:F60."""
    path = folder / "lying-dimensions.xls"
    rows = grid()
    rows.extend([[] for _ in range(65_536 - len(rows) - 1)])
    rows.append([""] * 255 + ["x"])
    write_xls(path, [("BaoCao", rows)])
    data = bytearray(path.read_bytes())
    dimensions = struct.pack("<HH", 0x0200, 14)
    at = 0
    while (at := data.find(dimensions, at)) >= 0:
        struct.pack_into("<IIHH", data, at + 4, 0, 60, 0, 6)
        at += 4
    path.write_bytes(bytes(data))
    return path


def ole_loop(folder: Path, full: bool = False) -> Path:
    """An OLE file whose FAT chains the Workbook stream's sectors in a circle."""
    path = folder / "ole-loop.xls"
    write_xls(path, [("BaoCao", grid())])
    data = bytearray(path.read_bytes())
    sector = 512
    (first_fat,) = struct.unpack_from("<I", data, 0x4C)
    fat = 512 + first_fat * sector
    directory = 512 + struct.unpack_from("<I", data, 0x30)[0] * sector
    for entry in range(directory, directory + sector, 128):
        name = data[entry : entry + 64].decode("utf-16-le", "ignore").split("\0")[0]
        if name == "Workbook":
            (start,) = struct.unpack_from("<I", data, entry + 116)
            struct.pack_into("<I", data, fat + 4 * (start + 1), start)  # second → first
            struct.pack_into("<I", data, entry + 120, 2**31 - 1)  # and a stream "of 2 GB"
    path.write_bytes(bytes(data))
    return path


# -- text ------------------------------------------------------------------------------------


def csv_wide_line(folder: Path, full: bool = False) -> Path:
    """One line of 15 M fields (45 MB); 20,000 in the tests."""
    path = folder / "wide-line.csv"
    fields = 15_000_000 if full else 20_000
    path.write_bytes(b"Ma don vi,x\n" + b"ab," * fields + b"\n")
    return path


def csv_long_field(folder: Path, full: bool = False) -> Path:
    path = folder / "long-field.csv"
    path.write_bytes(b'Ma don vi,"' + b"x" * (45 * 2**20 if full else 200_000) + b'"\n')
    return path


def html_big(folder: Path, full: bool = False) -> Path:
    """A web export of 43 MB: 390,000 rows of 10 cells (6,000 in the tests)."""
    rows = 390_000 if full else 6_000
    row = "<tr>" + "".join(f"<td>{i}</td>" for i in range(10)) + "</tr>\n"
    text = "<html><body><table>\n" + row * rows + "</table></body></html>"
    return _write(folder, "web-big.xls", text.encode())


def html_wide(folder: Path, full: bool = False) -> Path:
    cells = 4_000_000 if full else 1_000
    text = "<html><body><table><tr>" + "<td>1</td>" * cells + "</tr></table></body></html>"
    return _write(folder, "web-wide.xls", text.encode())


# -- OpenDocument and Excel 2003 XML ------------------------------------------------------------

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)
_REPEATED = (
    '<table:table-row table:number-rows-repeated="200000">'
    '<table:table-cell table:number-columns-repeated="100" office:value-type="float"'
    ' office:value="1"/></table:table-row>'
)


def ods_repeats(folder: Path, full: bool = False) -> Path:
    """765 bytes: a number repeated over 100 columns of 200,000 rows (20 M cells)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}>'
        '<office:body><office:spreadsheet><table:table table:name="BaoCao">'
        f"{_REPEATED}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return _write(folder, "repeats.ods", out.getvalue())


def _fods(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document {_ODS_NS} '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document>"
    ).encode()


def fods_empty_rows(folder: Path, full: bool = False) -> Path:
    """2.5 M empty rows (50 MB); 6,000 in the tests."""
    rows = "<table:table-row/>" * (2_500_000 if full else 6_000)
    return _write(
        folder, "empty-rows.fods", _fods(f'<table:table table:name="A">{rows}</table:table>')
    )


def fods_wide_repeats(folder: Path, full: bool = False) -> Path:
    """205 KB: rows of cells each repeated over 1,000 columns, each row repeated 5,000 times."""
    cell = (
        '<table:table-cell table:number-columns-repeated="1000" office:value-type="float"'
        ' office:value="1"/>'
    )
    row = f'<table:table-row table:number-rows-repeated="5000">{cell * 10}</table:table-row>'
    count = 200 if full else 20
    return _write(
        folder,
        "wide-repeats.fods",
        _fods(f'<table:table table:name="A">{row * count}</table:table>'),
    )


def xml2003_empty_rows(folder: Path, full: bool = False) -> Path:
    """6 M empty rows (36 MB); 6,000 in the tests."""
    rows = "<Row/>" * (6_000_000 if full else 6_000)
    text = (
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="A"><Table>{rows}</Table></Worksheet></Workbook>'
    )
    return _write(folder, "empty-rows.xml", text.encode())


# -- many sheets ----------------------------------------------------------------------------------


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def _workbook(sheets: list[bytes]) -> bytes:
    """An xlsx of the given sheet parts, written part by part (openpyxl takes seconds for
    thousands of sheets); cell format 1 uses the TCVN3 font .VnTime."""
    out = io.BytesIO()
    count = len(sheets)
    kinds = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{kinds}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE}"><Relationship Id="r1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        names = "".join(
            f'<sheet name="S{i}" sheetId="{i}" r:id="r{i}"/>' for i in range(1, count + 1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>{names}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="r{i}" Type="{_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, count + 1)
        )
        rels += f'<Relationship Id="s" Type="{_RELS}/styles" Target="styles.xml"/>'
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE}">{rels}</Relationships>',
        )
        archive.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{_MAIN}"><fonts count="2"><font><name val="Calibri"/></font>'
            '<font><name val=".VnTime"/></font></fonts><fills count="1"><fill/></fills>'
            '<borders count="1"><border/></borders><cellXfs count="2"><xf fontId="0"/>'
            '<xf fontId="1"/></cellXfs></styleSheet>',
        )
        for i, sheet in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", sheet)
    return out.getvalue()


def many_sheets(folder: Path, full: bool = False) -> Path:
    """3,000 sheets (300 in the tests) in a legacy font and no report: the font check looks
    at each."""
    sheets = [
        f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" s="1" t="inlineStr">'
        f'<is><t>Tæng sè {i}</t></is></c><c r="B1"><v>{i}</v></c></row></sheetData>'
        "</worksheet>".encode()
        for i in range(3000 if full else 300)
    ]
    return _write(folder, "many-sheets.xlsx", _workbook(sheets))


# name → (builder, status, finding code)
CRAFTED: dict[str, tuple[Builder, str, str]] = {
    "lowercase_ref": (lowercase_ref, "valid", "sheet.truncated"),
    "spaced_ref": (spaced_ref, "valid", "sheet.truncated"),
    "single_quoted_ref": (single_quoted_ref, "valid", "sheet.truncated"),
    "implicit_cells": (implicit_cells, "valid", "sheet.truncated"),
    "implicit_rows": (implicit_rows, "valid", "sheet.truncated"),
    "four_letter_column": (four_letter_column, "unreadable", "sheet.too_large"),
    "eight_digit_row": (eight_digit_row, "unreadable", "sheet.too_large"),
    "lying_dimension": (lying_dimension, "valid", "sheet.truncated"),
    "lying_sheet_size": (lying_sheet_size, "unreadable", "file.corrupt"),
    "lying_styles_size": (lying_styles_size, "unreadable", "file.corrupt"),
    "xls_lying_dimensions": (xls_lying_dimensions, "unreadable", "sheet.too_large"),
    "ole_loop": (ole_loop, "unreadable", "file.corrupt"),
    "csv_wide_line": (csv_wide_line, "unreadable", "file.no_table"),
    "csv_long_field": (csv_long_field, "unreadable", "file.corrupt"),
    "html_big": (html_big, "unreadable", "file.html"),
    "html_wide": (html_wide, "unreadable", "file.html"),
    "ods_repeats": (ods_repeats, "unreadable", "file.no_table"),
    "fods_empty_rows": (fods_empty_rows, "unreadable", "file.no_table"),
    "fods_wide_repeats": (fods_wide_repeats, "unreadable", "file.no_table"),
    "xml2003_empty_rows": (xml2003_empty_rows, "unreadable", "file.xml_no_table"),
    "many_sheets": (many_sheets, "unreadable", "file.no_table"),
}
