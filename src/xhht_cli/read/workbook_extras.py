"""What calamine does not give: cell fonts (for legacy encodings) and formulas without a
cached value. Both open the xlsx with openpyxl, from the bytes the worker read, only when the
cheap checks say it is needed."""

from __future__ import annotations

import io
import zipfile

from xhht_cli.read.legacy import font_encoding

LegacyCells = dict[tuple[int, int], str]


def _styles_have_legacy_fonts(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("xl/styles.xml") as part:
            styles = part.read(2_000_000).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return False
    return any(font_encoding(part.split('"')[0]) for part in styles.split('name val="')[1:])


def legacy_font_cells(data: bytes, sheet_names: list[str]) -> dict[str, LegacyCells]:
    """Sheet name → (row, col) → legacy encoding, for text cells formatted with a TCVN3 or VNI
    font; the workbook (*data*: an xlsx's bytes) is opened once for all its sheets."""
    if not _styles_have_legacy_fonts(data):
        return {}
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return {
            name: _legacy_cells(workbook[name])
            for name in sheet_names
            if name in workbook.sheetnames
        }
    finally:
        workbook.close()


def _legacy_cells(sheet: object) -> LegacyCells:
    cells: LegacyCells = {}
    for row in sheet.iter_rows(max_row=5_000, max_col=100):  # type: ignore[attr-defined]
        for cell in row:
            value = getattr(cell, "value", None)
            font = getattr(cell, "font", None)
            if isinstance(value, str) and font is not None:
                encoding = font_encoding(font.name)
                if encoding:
                    cells[(cell.row - 1, cell.column - 1)] = encoding
    return cells


# A formula element in a worksheet part, with or without a namespace prefix (``<f>``, ``<x:f t=…``).
_FORMULA_TAGS = (b"<f>", b"<f ", b":f>", b":f ")


def _sheets_have_formulas(data: bytes) -> bool:
    """Whether any worksheet part holds a formula: the template leaves its optional rows empty,
    and opening every such report with openpyxl to find none would cost ten times the read.
    Each part is read as a stream, a chunk at a time (the container's bounds already hold)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if not name.replace("\\", "/").lower().startswith("xl/worksheets/"):
                    continue
                with archive.open(name) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        window = tail + chunk
                        if any(tag in window for tag in _FORMULA_TAGS):
                            return True
                        tail = window[-4:]
    except (zipfile.BadZipFile, OSError, EOFError):
        return True  # not for this check to decide: openpyxl says what it finds
    return False


def formula_cells(data: bytes, sheet_name: str, refs: set[str]) -> dict[str, tuple[str, object]]:
    """Of the cells *refs* of *sheet_name*, those holding a formula: ref → (formula, the value
    Excel cached for it, or None when it was never calculated). *data*: the xlsx's bytes."""
    if not _sheets_have_formulas(data):
        return {}
    from openpyxl import load_workbook

    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    cached = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if sheet_name not in formulas.sheetnames:
            return {}
        found: dict[str, tuple[str, object]] = {}
        for ref in refs:
            value = formulas[sheet_name][ref].value
            if isinstance(value, str) and value.startswith("="):
                found[ref] = (value, cached[sheet_name][ref].value)
        return found
    finally:
        formulas.close()
        cached.close()
