"""What calamine does not give: formulas without a cached value, read with openpyxl from the
bytes the worker read, for the report's empty value cells only, and only when a worksheet part
holds a formula at all (cell fonts: :mod:`xhht_cli.read.fonts`)."""

from __future__ import annotations

import io
import zipfile

from xhht_cli.read.extent import FORMULA_TAGS, is_worksheet_member


def _sheets_have_formulas(data: bytes) -> bool:
    """Whether any worksheet part holds a formula: the template leaves its optional rows empty,
    and opening every such report with openpyxl to find none would cost ten times the read.
    Each part is read as a stream, a chunk at a time (the container's bounds already hold)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if not is_worksheet_member(name):
                    continue
                with archive.open(name) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        window = tail + chunk
                        if any(tag in window for tag in FORMULA_TAGS):
                            return True
                        tail = window[-4:]
    except (zipfile.BadZipFile, OSError, EOFError):
        return True  # not for this check to decide: openpyxl says what it finds
    return False


def formula_cells(
    data: bytes, sheet_name: str, refs: set[str], any_formula: bool | None = None
) -> dict[str, tuple[str, object]]:
    """Of the cells *refs* of *sheet_name*, those holding a formula: ref → (formula, the value
    Excel cached for it, or None when it was never calculated). *data*: the xlsx's bytes;
    *any_formula*: whether its sheet parts hold one, when the extent scan learnt it (None:
    the parts are searched here)."""
    if not (any_formula if any_formula is not None else _sheets_have_formulas(data)):
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
