"""Load the cells of a file's sheets: python-calamine for workbooks, the csv module for text."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from xhht_cli.read.cells import MAX_COLS, MAX_ROWS, Sheet, SheetsUnreadable
from xhht_cli.read.extent import Extent
from xhht_cli.read.limits import Limits, Member

# What a Rust library may raise besides its errors: pyo3's PanicException derives from
# BaseException (so that `except Exception` does not swallow a panic); a panic in a reader is
# a damaged file all the same. Interrupts and exits still go through.
_NOT_OURS = (KeyboardInterrupt, SystemExit, GeneratorExit)


def load_sheets(
    path: Path,
    kind: str,
    data: bytes,
    members: list[Member] | None = None,
    limits: Limits | None = None,
) -> list[Sheet]:
    """Every sheet of the file at *path*, read from *data* (its bytes), cells as Python values,
    at most MAX_ROWS × MAX_COLS each. *members* (a zip's, from its central directory) let a
    sheet's extent be known before a reader builds it; *limits* bound what a member inflates to."""
    if kind == "csv":
        from xhht_cli.read.csvread import csv_sheet

        return [csv_sheet(path.stem, data)]
    if kind == "html":
        from xhht_cli.read.markup import html_sheets

        return html_sheets(path.stem, data)
    if kind in ("xml2003", "fods", "ods"):
        from xhht_cli.read import xmlsheets

        if kind == "xml2003":
            return xmlsheets.xml2003_sheets(data)
        return xmlsheets.odf_sheets(data if kind == "fods" else _ods_content(data, members, limits))
    return _workbook_sheets(kind, data, members, limits)


def _workbook_sheets(
    kind: str, data: bytes, members: list[Member] | None, limits: Limits | None
) -> list[Sheet]:
    """A binary or zip workbook's sheets: its extent known first, then calamine (or, for an
    xlsx past the grid, a streaming reader)."""
    from xhht_cli.read import biff, extent

    if kind == "xls":
        biff.check_xls(data)
    elif kind == "xlsb" and members:
        biff.check_xlsb(data, members, limits)
    elif kind in ("xlsx", "ooxml") and members:
        extents = extent.sheet_extents(data, members, limits)
        if any(e.over() for e in extents.values()):
            extent.refuse_off_grid(extents)
            return _streamed_xlsx(data, extents)
        known = [e.formulas for e in extents.values()]
        every_part = all(m[0] in extents for m in members if extent.is_worksheet_member(m[0]))
        if known and None not in known and every_part:
            return _formulas(_calamine_or_otherwise(kind, data, members, limits), any(known))
    return _calamine_or_otherwise(kind, data, members, limits)


def _formulas(sheets: list[Sheet], any_formula: bool) -> list[Sheet]:
    """*sheets*, each told whether a sheet part of the workbook holds a formula."""
    for sheet in sheets:
        sheet.formulas = any_formula
    return sheets


def _calamine_or_otherwise(
    kind: str, data: bytes, members: list[Member] | None, limits: Limits | None
) -> list[Sheet]:
    try:
        return _calamine_sheets(data)
    except SheetsUnreadable:
        raise
    except BaseException as exc:
        if isinstance(exc, _NOT_OURS):
            raise
        return _otherwise(kind, data, members, limits, exc)


def _otherwise(
    kind: str, data: bytes, members: list[Member] | None, limits: Limits | None, exc: BaseException
) -> list[Sheet]:
    """calamine could not open the workbook: a part that unpacks to more than its entry says
    is named; an xlsx is read by openpyxl if it can (calamine takes neither UTF-16 parts nor
    some packages other programs write); an xlsb is named with the fix; else it is damaged."""
    if members:
        from xhht_cli.read.zipped import check_sizes

        check_sizes(data, members, limits)
    if kind in ("xlsx", "ooxml"):
        try:
            sheets = _streamed_xlsx(data, {})
        except SheetsUnreadable:
            sheets = []
        if sheets:  # none: a sheet part is missing, say, and the file is damaged
            return sheets
    if kind == "xlsb":
        raise SheetsUnreadable("file.save_as_xlsx", params={"format": "Excel .xlsb"}) from exc
    raise SheetsUnreadable("file.corrupt", _words(exc)) from exc


def _ods_content(data: bytes, members: list[Member] | None, limits: Limits | None) -> bytes:
    """An .ods's content.xml (inflated within the bounds), its manifest checked for
    encryption first."""
    from xhht_cli.read.zipped import read_member

    named = {m[0]: m for m in members or []}
    manifest = named.get("META-INF/manifest.xml")
    if manifest is not None and b"encryption-data" in read_member(data, manifest, limits):
        raise SheetsUnreadable("file.encrypted")
    if "content.xml" not in named:
        raise SheetsUnreadable("file.corrupt", "content.xml", "package")
    return read_member(data, named["content.xml"], limits)


def _words(exc: BaseException) -> str:
    """A library's message, short; its type's name when it has none."""
    return (str(exc).strip() or type(exc).__name__)[:200]


def _calamine_sheets(data: bytes) -> list[Sheet]:
    """Every sheet calamine reads; a sheet it fails on (a chart sheet of an xlsb, a sheet that
    refers to a string that is not there) is passed over, unless every one fails."""
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    try:  # from memory: calamine reading the file itself makes many small system calls
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        metadata = list(enumerate(workbook.sheets_metadata))
        # Visible sheets first: a hidden sheet may hold a stale copy of the form.
        metadata.sort(key=lambda item: item[1].visible != SheetVisibleEnum.Visible)
        failed: BaseException | None = None
        for index, meta in metadata:
            if meta.typ == SheetTypeEnum.ChartSheet:
                continue  # a chart, no cells
            try:
                sheets.append(_bounded(meta.name, workbook.get_sheet_by_index(index)))
            except BaseException as exc:
                if isinstance(exc, _NOT_OURS):
                    raise
                failed = exc
        if failed is not None and not sheets:
            raise failed
    except PasswordError as exc:
        raise SheetsUnreadable("file.encrypted") from exc
    return sheets


def _streamed_xlsx(data: bytes, extents: dict[str, Extent]) -> list[Sheet]:
    """An xlsx whose sheets span more than calamine should build: openpyxl's read-only mode
    streams each sheet part and stops at the window's last row, so memory and time stay
    bounded by the window (openpyxl is already how formulas and fonts are read). *extents*
    (by part name) say which sheets went on past the window."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except BaseException as exc:
        if isinstance(exc, _NOT_OURS):
            raise
        raise SheetsUnreadable("file.corrupt", _words(exc)) from exc
    try:
        sheets = []
        for sheet in sorted(workbook.worksheets, key=lambda s: s.sheet_state != "visible"):
            rows = [
                ["" if value is None else value for value in row]
                for row in sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS, values_only=True)
            ]
            seen = extents.get(str(getattr(sheet, "_worksheet_path", "")).lstrip("/"))
            beyond = None if seen is None else seen.beyond(MAX_ROWS, MAX_COLS)
            if beyond is None:
                beyond = _beyond_window(sheet, rows)
            sheets.append(Sheet(sheet.title, rows, truncated=beyond))
        return sheets
    except BaseException as exc:
        if isinstance(exc, _NOT_OURS):
            raise
        raise SheetsUnreadable("file.corrupt", _words(exc)) from exc
    finally:
        workbook.close()


def _beyond_window(sheet: Any, rows: list[list[Any]]) -> bool:
    """Whether a streamed sheet went on past the window (its dimension says, when it has one)."""
    try:
        return bool(sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLS)
    except (TypeError, ValueError):
        return len(rows) >= MAX_ROWS


def _merged(raw: Any) -> tuple[tuple[int, int, int, int], ...]:
    """The sheet's merged ranges as calamine gives them (xlsx; none where it gives none)."""
    try:
        found = raw.merged_cell_ranges or ()
        return tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in found)
    except (AttributeError, TypeError, ValueError):  # an older calamine, another format
        return ()


def _bounded(name: str, raw: Any) -> Sheet:
    """The sheet's cells from A1 (rows[r][c] is cell (r, c)), at most MAX_ROWS × MAX_COLS."""
    end = raw.end or (0, 0)
    if end[0] < MAX_ROWS and end[1] < MAX_COLS:  # the usual form: one call into calamine
        return Sheet(name, raw.to_python(skip_empty_area=False), merged=_merged(raw))
    rows: list[list[Any]] = []
    for number, row in enumerate(raw.iter_rows()):  # row by row, so no giant grid is built
        if number >= MAX_ROWS:
            break
        rows.append(list(row[:MAX_COLS]))
    top, left = raw.start or (0, 0)
    if left:
        rows = [[""] * left + row for row in rows]
    rows[:0] = [[] for _ in range(top)]
    return Sheet(name, rows[:MAX_ROWS], truncated=True)
