"""What a sheet is once loaded, and how its cells are read: the shared parsers of :mod:`read`.

The loaders (:mod:`.sheets`, :mod:`.markup`) make :class:`Sheet`s within the reading window;
the layouts (:mod:`.form`, :mod:`.tables`) read them with the parsers here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from xhht_cli.base.text import nfc
from xhht_cli.read.numbers import NumberProblem, parse_whole
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report, Value

# Bounds on what is read of one sheet: a clerk who pasted household data below the form
# must not make the tool hang or swallow memory.
MAX_ROWS = 5_000
MAX_COLS = 100


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)  # finding codes about the whole sheet
    # (row, col) → legacy encoding of the cell's font, where the format keeps fonts.
    legacy_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    # Whether a worksheet part of its workbook holds a formula, where the extent scan of an
    # xlsx learnt it (None: not known; read/workbook_extras.py then looks itself).
    formulas: bool | None = None
    # Merged ranges, 0-based (first row, first column, last row, last column), where the
    # reader gives them (calamine: xlsx).
    merged: tuple[tuple[int, int, int, int], ...] = ()

    def cell(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None


class SheetsUnreadable(Exception):
    """The file cannot be opened as a workbook; ``code`` is the finding to report, ``detail``
    the library's own words, ``damage`` what was seen (a key of :mod:`xhht_cli.read.damage`),
    ``params`` the rest of the finding's message."""

    def __init__(
        self,
        code: str,
        detail: str = "",
        damage: str = "library",
        params: dict[str, object] | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail
        self.damage = damage
        self.params = params or {}


# A cell's text (NFC; legacy encodings converted) by row and column.
Text = Callable[[int, int], str]
# Labels of the header block (folded).
HEADER: dict[str, set[str]] = {
    "unit_code": {"ma don vi", "ma xa", "ma dvhc"},
    "unit_name": {"ten don vi", "ten xa", "don vi"},
    "period": {"nam bao cao", "ky bao cao", "nam"},
    "report_date": {"ngay bao cao", "ngay lap"},
    "preparer": {"nguoi lap", "nguoi lap bieu"},
}
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
# The way a Vietnamese document writes a day: "ngày 30 tháng 11 năm 2025" (NĐ 30/2020).
_DATE_WORDS = re.compile(
    r"ng[aà]y\s*(\d{1,2})\s*th[aá]ng\s*(\d{1,2})\s*n[aă]m\s*(\d{4})", re.IGNORECASE
)


def code_text(raw: Any) -> str:
    """A code as typed: a whole float without its ``.0``, spaces removed."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return re.sub(r"\s+", "", str(raw))


def year_of(raw: Any) -> str | None:
    """The year a cell names (a number, a date, or four digits in text)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 1900 < raw < 2100:
        return str(int(raw))
    if isinstance(raw, (date, datetime)):
        return str(raw.year)
    match = _YEAR.search(str(raw))
    return match.group(0) if match else None


def date_of(raw: Any) -> date | None:
    """A date cell, or ``dd/mm/yyyy`` (or ISO) text."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    match = _DATE.search(str(raw)) or _DATE_WORDS.search(nfc(str(raw)))
    if match:
        day, month, year = map(int, match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    try:
        return date.fromisoformat(str(raw).strip()[:10])
    except ValueError:
        return None


def is_numeric(raw: Any) -> bool:
    """Whether the cell holds a number (a fraction counts: it is a wrong number)."""
    try:
        return parse_whole(raw) is not None
    except NumberProblem as problem:
        return problem.code in ("value.fraction", "value.comma_group")


def cell_value(code: str, raw: Any, sheet: str, where: str, report: Report) -> Value:
    """Field *code*'s value from *raw*; a number that is wrong adds its finding to *report*."""
    try:
        number = parse_whole(raw)
    except NumberProblem as problem:
        report.findings.append(
            Finding(
                problem.code,
                "error",
                report.path,
                sheet,
                where,
                field=code,
                params={"value": raw, "field": code, **_whole_of(raw, problem.code)},
            )
        )
        number = None
    return Value(code, number, raw, sheet, where)


def _whole_of(raw: Any, code: str) -> dict[str, str]:
    """``1,814`` read without its comma, for the message that asks whether it meant 1814."""
    if code != "value.comma_group":
        return {}
    return {"whole": str(raw).replace(",", "").strip()}
