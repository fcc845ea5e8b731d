"""Load the cells of a file's sheets: python-calamine for workbooks, the csv module for text."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from xhht_cli.read.cells import MAX_COLS, MAX_ROWS, Sheet, SheetsUnreadable

# What a Rust library may raise besides its errors: pyo3's PanicException derives from
# BaseException (so that `except Exception` does not swallow a panic); a panic in a reader is
# a damaged file all the same. Interrupts and exits still go through.
_NOT_OURS = (KeyboardInterrupt, SystemExit, GeneratorExit)


def load_sheets(
    path: Path, kind: str, data: bytes, members: list[tuple[str, int, int, int, int]] | None = None
) -> list[Sheet]:
    """Every sheet of the file at *path*, read from *data* (its bytes), cells as Python values,
    at most MAX_ROWS × MAX_COLS each. *members* (a zip's, from its central directory) let a
    sheet's extent be known before a reader builds it."""
    if kind == "csv":
        return [_csv_sheet(path.stem, data)]
    if kind in ("html", "xml2003", "fods"):
        from xhht_cli.read import markup

        if kind == "html":
            return markup.html_sheets(path.stem, data)
        return markup.xml2003_sheets(data) if kind == "xml2003" else markup.fods_sheets(data)
    from xhht_cli.read import extent

    if kind == "xls":
        extent.check_xls(data)
    elif kind == "xlsb" and members:
        extent.check_xlsb(data, members)
    elif kind in ("xlsx", "ooxml") and members and not extent.xlsx_fits(data, members):
        return _streamed_xlsx(data)
    try:
        return _calamine_sheets(data)
    except SheetsUnreadable:
        raise
    except BaseException as exc:
        if isinstance(exc, _NOT_OURS):
            raise
        raise SheetsUnreadable("file.corrupt", _words(exc)) from exc


def _words(exc: BaseException) -> str:
    """A library's message, short; its type's name when it has none."""
    return (str(exc).strip() or type(exc).__name__)[:200]


def _calamine_sheets(data: bytes) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, PasswordError, SheetVisibleEnum

    try:  # from memory: calamine reading the file itself makes many small system calls
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        metadata = list(enumerate(workbook.sheets_metadata))
        # Visible sheets first: a hidden sheet may hold a stale copy of the form.
        metadata.sort(key=lambda item: item[1].visible != SheetVisibleEnum.Visible)
        for index, meta in metadata:
            sheets.append(_bounded(meta.name, workbook.get_sheet_by_index(index)))
    except PasswordError as exc:
        raise SheetsUnreadable("file.encrypted") from exc
    return sheets


def _streamed_xlsx(data: bytes) -> list[Sheet]:
    """An xlsx whose sheets span more than calamine should build: openpyxl's read-only mode
    streams each sheet part and stops at the window's last row, so memory and time stay
    bounded by the window (openpyxl is already how formulas and fonts are read)."""
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
            sheets.append(Sheet(sheet.title, rows, truncated=_beyond_window(sheet, rows)))
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


def _bounded(name: str, raw: Any) -> Sheet:
    """The sheet's cells from A1 (rows[r][c] is cell (r, c)), at most MAX_ROWS × MAX_COLS."""
    end = raw.end or (0, 0)
    if end[0] < MAX_ROWS and end[1] < MAX_COLS:  # the usual form: one call into calamine
        return Sheet(name, raw.to_python(skip_empty_area=False))
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


def _decode_text(data: bytes) -> tuple[str, bool]:
    """Text of a CSV, and whether its lines were in different encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), False
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    # Lines pasted from several sources: each line UTF-8 if it can be, else Windows Vietnamese.
    lines = data.split(b"\n")
    decoded, mixed = [], False
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1258", errors="replace"))
            mixed = True
    return "\n".join(decoded), mixed


def _csv_sheet(name: str, data: bytes) -> Sheet:
    text, mixed = _decode_text(data)
    text = text.replace("\x00", "")  # NUL bytes (UTF-16 saved without its mark, damage)
    sample = text[:10_000]
    delimiter = max((",", ";", "\t"), key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = []
    truncated = False
    try:
        for number, row in enumerate(reader):
            if number >= MAX_ROWS:
                truncated = True
                break
            rows.append(row[:MAX_COLS])
    except csv.Error as exc:  # a field beyond csv's limit (131,072 characters), a broken quote
        raise SheetsUnreadable("file.corrupt", str(exc), "csv") from exc
    sheet = Sheet(name, rows, truncated)
    if mixed:
        sheet.warnings.append("text.mixed_encoding")
    return sheet
