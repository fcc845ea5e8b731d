"""Load the cells of a file's sheets: python-calamine for workbooks, the csv module for text."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Bounds on what is read of one sheet: a clerk who pasted household data below the form
# must not make the tool hang or swallow memory.
MAX_ROWS = 5_000
MAX_COLS = 100


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    truncated: bool = False
    # (row, col) → legacy encoding of the cell's font, where the format keeps fonts.
    legacy_cells: dict[tuple[int, int], str] = field(default_factory=dict)

    def cell(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None


class SheetsUnreadable(Exception):
    """The file cannot be opened as a workbook; ``code`` is the finding to report."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def load_sheets(path: Path, kind: str) -> list[Sheet]:
    """Every sheet of the file, cells as Python values, at most MAX_ROWS × MAX_COLS each."""
    if kind == "csv":
        return [_csv_sheet(path)]
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = []
        for index, meta in enumerate(workbook.sheets_metadata):
            sheets.append(_bounded(meta.name, workbook.get_sheet_by_index(index)))
    except PasswordError as exc:
        raise SheetsUnreadable("file.encrypted") from exc
    except (CalamineError, ValueError, OSError, RuntimeError) as exc:
        raise SheetsUnreadable("file.corrupt", str(exc)[:200]) from exc
    return sheets


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


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")  # Windows Vietnamese


def _csv_sheet(path: Path) -> Sheet:
    text = _decode_text(path.read_bytes())
    sample = text[:10_000]
    delimiter = max((",", ";", "\t"), key=sample.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[Any]] = []
    truncated = False
    try:
        for number, row in enumerate(reader):
            if number >= MAX_ROWS:
                truncated = True
                break
            rows.append(row[:MAX_COLS])
    except csv.Error as exc:
        raise SheetsUnreadable("file.corrupt", str(exc)) from exc
    return Sheet(path.stem, rows, truncated)
