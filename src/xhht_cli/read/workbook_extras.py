"""What calamine does not give: cell fonts (for legacy encodings) and formulas without a
cached value. Both open the xlsx with openpyxl, only when the cheap checks say it is needed."""

from __future__ import annotations

import zipfile
from pathlib import Path

from xhht_cli.read.legacy import font_encoding


def _styles_have_legacy_fonts(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            styles = archive.read("xl/styles.xml")[:2_000_000].decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return any(font_encoding(part.split('"')[0]) for part in styles.split('name val="')[1:])


def legacy_font_cells(path: Path, sheet_name: str) -> dict[tuple[int, int], str]:
    """(row, col) → legacy encoding, for text cells formatted with a TCVN3 or VNI font."""
    if not _styles_have_legacy_fonts(path):
        return {}
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet_name not in workbook.sheetnames:
            return {}
        cells: dict[tuple[int, int], str] = {}
        for row in workbook[sheet_name].iter_rows(max_row=5_000, max_col=100):
            for cell in row:
                value = getattr(cell, "value", None)
                font = getattr(cell, "font", None)
                if isinstance(value, str) and font is not None:
                    encoding = font_encoding(font.name)
                    if encoding:
                        cells[(cell.row - 1, cell.column - 1)] = encoding  # type: ignore[operator]
        return cells
    finally:
        workbook.close()


# A formula element in a worksheet part, with or without a namespace prefix (``<f>``, ``<x:f t=…``).
_FORMULA_TAGS = (b"<f>", b"<f ", b":f>", b":f ")


def _sheets_have_formulas(path: Path) -> bool:
    """Whether any worksheet part holds a formula: the template leaves its optional rows empty,
    and opening every such report with openpyxl to find none would cost ten times the read."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.replace("\\", "/").lower().startswith("xl/worksheets/"):
                    data = archive.read(name)
                    if any(tag in data for tag in _FORMULA_TAGS):
                        return True
    except (zipfile.BadZipFile, OSError):
        return True  # not for this check to decide: openpyxl says what it finds
    return False


def formula_cells(path: Path, sheet_name: str, refs: set[str]) -> dict[str, tuple[str, object]]:
    """Of the cells *refs* of *sheet_name*, those holding a formula: ref → (formula, the value
    Excel cached for it, or None when it was never calculated)."""
    if not _sheets_have_formulas(path):
        return {}
    from openpyxl import load_workbook

    formulas = load_workbook(path, read_only=True, data_only=False)
    cached = load_workbook(path, read_only=True, data_only=True)
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
