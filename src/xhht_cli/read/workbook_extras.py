"""What calamine does not give: formulas without a cached value, read with openpyxl for the
report's empty value cells only (cell fonts: :mod:`xhht_cli.read.fonts`)."""

from __future__ import annotations

from pathlib import Path


def formula_cells(path: Path, sheet_name: str, refs: set[str]) -> dict[str, tuple[str, object]]:
    """Of the cells *refs* of *sheet_name*, those holding a formula: ref → (formula, the value
    Excel cached for it, or None when it was never calculated)."""
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
