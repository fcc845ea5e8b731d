"""Reports as other programs write them, built in code: web systems' HTML tables and Excel 2003
XML Spreadsheets, LibreOffice's flat ODS, zip packages with unusual part names, password
markers (LibreOffice's own conversions: tests/office.py)."""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

Grid = list[list[object]]


def _web_text(value: object) -> str:
    """A cell as a web page shows it: thousands with dots, dates as dd/mm/yyyy."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def html_export(rows: Grid, tables: int = 1, encoding: str = "utf-8") -> bytes:
    """An HTML page as web systems export "Excel": one table (or the header block and the
    field table in two), a title cell spanning the width, &nbsp; in empty cells."""
    width = max(len(r) for r in rows)
    split = next(i for i, r in enumerate(rows) if "Số liệu" in r) if tables == 2 else -1
    out = [
        f'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>'
        f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
        "<style>td {mso-number-format:'\\@';}</style><title>Báo cáo</title></head><body>",
        "<table border='1'>",
    ]
    for i, row in enumerate(rows):
        if i == split:
            out.append("</table><p>&nbsp;</p><table border='1'>")
        cells = [c for c in row if c not in ("", None)]
        if len(cells) == 1 and row and row[0] not in ("", None):
            out.append(f"<tr><td colspan='{width}'><b>{html.escape(str(row[0]))}</b></td></tr>")
            continue
        tag = "th" if "Số liệu" in row else "td"
        out.append(
            "<tr>"
            + "".join(
                f"<{tag}>{html.escape(_web_text(v)) if v not in ('', None) else '&nbsp;'}</{tag}>"
                for v in row
            )
            + "</tr>"
        )
    out.append("</table></body></html>")
    text = "\n".join(out)
    # Characters the code page lacks as numeric references, as old page editors write them.
    return text.encode(encoding, "xmlcharrefreplace")


def xml2003_export(sheets: list[tuple[str, Grid]]) -> bytes:
    """An Excel 2003 XML Spreadsheet: empty rows and cells skipped with ss:Index."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?mso-application progid="Excel.Sheet"?>',
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel"'
        ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:html="http://www.w3.org/TR/REC-html40">',
        "<Styles><Style ss:ID='Default' ss:Name='Normal'/></Styles>",
    ]
    for name, rows in sheets:
        out.append(f"<Worksheet ss:Name={quoteattr(name)}><Table>")
        for r, row in enumerate(rows, start=1):
            cells = [(c, v) for c, v in enumerate(row, start=1) if v not in ("", None)]
            if not cells:
                continue
            out.append(f'<Row ss:Index="{r}">')
            for c, value in cells:
                if isinstance(value, bool):
                    kind, text = "Boolean", str(int(value))
                elif isinstance(value, (int, float)):
                    kind, text = "Number", str(value)
                elif isinstance(value, (date, datetime)):
                    kind, text = "DateTime", value.strftime("%Y-%m-%dT00:00:00.000")
                else:
                    kind, text = "String", xml_escape(str(value))
                out.append(f'<Cell ss:Index="{c}"><Data ss:Type="{kind}">{text}</Data></Cell>')
            out.append("</Row>")
        out.append("</Table><WorksheetOptions xmlns='urn:schemas-microsoft-com:office:excel'/>")
        out.append("</Worksheet>")
    out.append("</Workbook>")
    return "\n".join(out).encode("utf-8")


_FODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"'
)


def _fods_cell(value: object) -> str:
    if isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="boolean" '
            f'office:boolean-value="{str(value).lower()}"><text:p>{value}</text:p></table:table-cell>'
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, (date, datetime)):
        return (
            f'<table:table-cell office:value-type="date" '
            f'office:date-value="{value.strftime("%Y-%m-%d")}"><text:p>x</text:p></table:table-cell>'
        )
    words = xml_escape(str(value)).split("  ")  # double spaces as text:s, as LibreOffice does
    text = '<text:s text:c="1"/> '.join(words)
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def fods_export(sheets: list[tuple[str, Grid]]) -> bytes:
    """A flat ODS as LibreOffice writes it: blank cells and rows as repeats, the rest of the
    sheet as one row repeated a million times."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f"<office:document {_FODS_NS}>"]
    out.append("<office:body><office:spreadsheet>")
    for name, rows in sheets:
        out.append(f"<table:table table:name={quoteattr(name)}>")
        blank = 0
        for row in rows:
            if all(v in ("", None) for v in row):
                blank += 1
                continue
            if blank:
                out.append(
                    f'<table:table-row table:number-rows-repeated="{blank}">'
                    '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
                )
                blank = 0
            cells = []
            for value in row:
                cells.append("<table:table-cell/>" if value in ("", None) else _fods_cell(value))
            cells.append('<table:table-cell table:number-columns-repeated="1018"/>')
            out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        out.append(
            '<table:table-row table:number-rows-repeated="1048500">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        out.append("</table:table>")
    out.append("</office:spreadsheet></office:body></office:document>")
    return "\n".join(out).encode("utf-8")


def _repack(source: Path, target: Path, rename: dict[str, str], edit: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = edit.get(name, src.read(name))
            out.writestr(rename.get(name, name), data)
    return target


def backslash_parts(source: Path, target: Path) -> Path:
    """Every part named with Windows back-slashes (xl\\workbook.xml), as some tools write."""
    with zipfile.ZipFile(source) as src:
        names = src.namelist()
    return _repack(source, target, {n: n.replace("/", "\\") for n in names}, {})


def workbook_at_root(source: Path, target: Path) -> Path:
    """The workbook part at the package root, the package's relationships saying so."""
    with zipfile.ZipFile(source) as src:
        rels = src.read("_rels/.rels").replace(b"xl/workbook.xml", b"workbook.xml")
        types = src.read("[Content_Types].xml").replace(b"/xl/workbook.xml", b"/workbook.xml")
        book_rels = re.sub(
            rb'Target="(/xl/)?', b'Target="xl/', src.read("xl/_rels/workbook.xml.rels")
        )
    return _repack(
        source,
        target,
        {
            "xl/workbook.xml": "workbook.xml",
            "xl/_rels/workbook.xml.rels": "_rels/workbook.xml.rels",
        },
        {
            "_rels/.rels": rels,
            "[Content_Types].xml": types,
            "xl/_rels/workbook.xml.rels": book_rels,
        },
    )


def encrypted_ods(source: Path, target: Path) -> Path:
    """An ODS saved with a password: the manifest declares encryption data, content.xml is
    ciphertext (random bytes stand in for it)."""
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="/" '
        b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" '
        b'manifest:size="4000"><manifest:encryption-data manifest:checksum-type="SHA1/1K" '
        b'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
        b'manifest:initialisation-vector="AAAA"/><manifest:key-derivation '
        b'manifest:key-derivation-name="PBKDF2" manifest:iteration-count="1024" '
        b'manifest:salt="AAAA"/></manifest:encryption-data></manifest:file-entry>'
        b"</manifest:manifest>"
    )
    import random

    noise = random.Random(16).randbytes(4000)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        out.writestr("mimetype", src.read("mimetype"), zipfile.ZIP_STORED)
        for name in src.namelist():
            if name == "mimetype":
                continue
            data = {"META-INF/manifest.xml": manifest, "content.xml": noise}.get(
                name, src.read(name)
            )
            out.writestr(name, data, zipfile.ZIP_DEFLATED)
    return target


def encrypted_xls(source: Path, target: Path) -> Path:
    """An xls saved with a password: a FILEPASS record (RC4 CryptoAPI header) follows the
    workbook's BOF, as Excel writes it. xlwt's WRITEACCESS record gives it room, so no offset
    in the stream moves."""
    import olefile

    shutil.copyfile(source, target)
    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        at = 0
        while at < len(stream):
            kind, length = (
                int.from_bytes(stream[at : at + 2], "little"),
                int.from_bytes(stream[at + 2 : at + 4], "little"),
            )
            if kind == 0x005C:  # WRITEACCESS, 112 bytes
                filepass = (0x002F).to_bytes(2, "little") + (6).to_bytes(2, "little")
                filepass += (1).to_bytes(2, "little") + b"\x02\x00\x02\x00"
                rest = length - 6 - 4
                filler = (0x005C).to_bytes(2, "little") + rest.to_bytes(2, "little") + b" " * rest
                stream[at : at + 4 + length] = filepass + filler
                break
            at += 4 + length
        ole.write_stream("Workbook", bytes(stream))
    return target
