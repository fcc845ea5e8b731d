"""Read: turn whatever a commune sent into reports (unit, period, values with their cells),
or into findings saying why not."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from xhht_cli.base.text import fold, nfc
from xhht_cli.plans import Plan
from xhht_cli.read.cells import HEADER, Sheet, SheetsUnreadable, Text, year_of
from xhht_cli.read.damage import out_of_memory
from xhht_cli.read.discover import InputFile
from xhht_cli.read.fonts import legacy_font_cells
from xhht_cli.read.form import find_table_header, read_form
from xhht_cli.read.legacy import decode, looks_legacy
from xhht_cli.read.limits import Limits, Member, OverLimit
from xhht_cli.read.opening import NotPlaced, Opened, open_file, refused, second_look, unread
from xhht_cli.read.source import Source, load
from xhht_cli.read.tables import (
    find_long_header,
    find_wide_header,
    read_long,
    read_wide,
)
from xhht_cli.read.workbook_extras import formula_cells
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report

__all__ = ["FileRead", "Known", "read_file", "read_source"]

# Contents not to read again (their sha256): what the batch store holds already.
Known = frozenset[str] | set[str]


class FileRead(NamedTuple):
    """What was read from one file: its reports, and the findings about the file as a whole
    (unreadable and the like). The one shape of a read, from a worker, the pool, the store."""

    file: InputFile
    reports: list[Report]
    findings: list[Finding]


@lru_cache(maxsize=1 << 16)  # labels and headers repeat across thousands of files
def _plain_text(raw: str) -> tuple[str, bool]:
    """A cell's text read as Unicode (NFC), and whether it looks like a legacy encoding."""
    return nfc(raw), looks_legacy(raw)


def _text_of(sheet: Sheet, encoding: str | None, suspicious: list[bool]) -> Text:
    """A cell's text (legacy encodings decoded, NFC), worked out once per cell (once per
    process for plain text). Text that looks like a legacy encoding read plainly sets
    ``suspicious[0]``."""
    legacy = sheet.legacy_cells
    cell = sheet.cell
    if encoding is None and not legacy:  # the usual sheet: _plain_text remembers each text

        def plain(r: int, c: int) -> str:
            raw: Any = cell(r, c)
            if raw.__class__ is not str or not raw:
                return "" if raw is None else str(raw)
            out, odd = _plain_text(raw)
            if odd:
                suspicious[0] = True
            return out

        return plain
    memo: dict[tuple[int, int], str] = {}

    def text(r: int, c: int) -> str:
        found = memo.get((r, c))
        if found is not None:
            return found
        raw: Any = cell(r, c)
        if raw.__class__ is not str or not raw:
            out = "" if raw is None else str(raw)
        else:
            cell_encoding = legacy.get((r, c), encoding) if legacy else encoding
            if cell_encoding and (legacy or looks_legacy(raw)):
                raw = decode(raw, cell_encoding)
            elif not suspicious[0] and looks_legacy(raw):
                suspicious[0] = True
            out = nfc(raw)
        memo[(r, c)] = out
        return out

    return text


@dataclass
class _Attempt:
    sheet: Sheet | None = None
    reports: list[Report] = field(default_factory=list)
    suspicious: bool = False
    text: Text | None = None  # the sheet's cells as this attempt read them

    def score(self, plan: Plan) -> int:
        """How many cells read as known labels: which encoding reads best."""
        if self.sheet is None or self.text is None:
            return 0
        return _known_labels(self.sheet, plan, self.text)


def _attempt(sheets: list[Sheet], plan: Plan, path: str, encoding: str | None) -> _Attempt:
    """The first sheet that holds a report, read with *encoding*."""
    suspicious = [False]
    for sheet in sheets:
        text = _text_of(sheet, encoding, suspicious)
        reports = _read_sheet(sheet, plan, path, text)
        if reports:
            return _Attempt(sheet, reports, suspicious[0], text)
    return _Attempt(suspicious=suspicious[0])


def _known_labels(sheet: Sheet, plan: Plan, text: Text) -> int:
    known = set(plan.label_index) | {a for aliases in HEADER.values() for a in aliases}
    return sum(
        1
        for r in range(min(len(sheet.rows), 80))
        for c in range(min(len(sheet.rows[r]), 12))
        if fold(text(r, c)) in known
    )


def read_file(
    file: InputFile, plan: Plan, limits: Limits | None = None, known: Known = frozenset()
) -> FileRead:
    """Read one file found by discovery into reports, never raising for a bad file; the
    file comes back as read (its sha256, its kind settled: :mod:`xhht_cli.read.source`)."""
    limits = limits or Limits.from_env()
    return read_source(load(file, limits), plan, limits, known)


def read_source(source: Source, plan: Plan, limits: Limits, known: Known = frozenset()) -> FileRead:
    """Read a file's bytes already in memory (docs/pipeline.md). A content in *known* (the
    batch store holds it already) is not read again: it comes back with its hash alone."""
    file, data = source.file, source.data
    result = FileRead(file, [], [])
    if file.sha256 and file.sha256 in known:
        return result
    if source.refused is not None:  # too big, or changed while it was read
        result.findings.append(unread(file, source.refused))
        return result
    if data is None or (not file.readable and not second_look(file)):
        result.findings.append(refused(file, data))
        return result
    try:  # decrypted where Excel opens it without asking, its container checked, its sheets
        opened = open_file(file, data, limits)
    except NotPlaced:
        result.findings.append(refused(file, data))
        return result
    except (OverLimit, SheetsUnreadable) as exc:
        result.findings.append(unread(file, exc))
        return result
    except MemoryError:  # the worker's memory ceiling, met by a file that hid its size
        result.findings.append(out_of_memory(file.kind, file.display))
        return result
    return _read_sheets(result, opened, plan, limits, data)


def _read_sheets(
    result: FileRead, opened: Opened, plan: Plan, limits: Limits, data: bytes
) -> FileRead:
    """The reports of the first sheet that holds one (after trying legacy encodings)."""
    file, sheets = result.file, opened.sheets
    best, used = _attempt(sheets, plan, file.display, None), None
    if best.suspicious:  # text that reads as TCVN3 or VNI somewhere: try them
        members = opened.members
        fonts = (opened.data, members, limits) if opened.kind == "xlsx" and members else None
        best, used = _legacy_attempt(file, sheets, plan, best, fonts)
    if best.sheet is None:
        result.findings.append(
            Finding(
                NO_TABLE.get(opened.kind, "file.no_table"),
                "error",
                file.display,
                params={"sheets": ", ".join(s.name for s in sheets)},
            )
        )
        return result
    for report in best.reports:
        if used:
            report.findings.append(
                Finding(
                    "text.legacy",
                    "warning",
                    file.display,
                    best.sheet.name,
                    params={"encoding": LEGACY_NAMES[used]},
                )
            )
        for code in best.sheet.warnings:
            report.findings.append(Finding(code, "warning", file.display, best.sheet.name))
        if best.sheet.truncated:
            report.findings.append(
                Finding("sheet.truncated", "warning", file.display, best.sheet.name)
            )
    if opened.kind == "xlsx" and opened.data is data:  # a decrypted workbook: not reopened
        _check_formulas(data, best.reports, best.sheet.formulas)
    result.reports.extend(best.reports)
    return result


# What a file that holds no table is, where the format says more than "a spreadsheet".
NO_TABLE = {"html": "file.html", "xml2003": "file.xml_no_table"}


def _legacy_attempt(
    file: InputFile,
    sheets: list[Sheet],
    plan: Plan,
    plain: _Attempt,
    package: tuple[bytes, list[Member], Limits] | None,
) -> tuple[_Attempt, str | None]:
    """Text looked like TCVN3/VNI: decode by the cells' fonts where the format keeps them
    (*package*: an xlsx's bytes, members and limits), else try each encoding and keep the one
    that reads the most labels."""
    if not any(map(_beyond_ascii, sheets)):
        return plain, None  # TCVN3 and VNI leave ASCII text as it is: nothing to try
    if package is not None:
        data, members, limits = package
        fonts = legacy_font_cells(data, members, [sheet.name for sheet in sheets], limits)
        for sheet in sheets:
            sheet.legacy_cells = fonts.get(sheet.name, {})
        if any(sheet.legacy_cells for sheet in sheets):
            by_font = _attempt(sheets, plan, file.display, None)
            if by_font.sheet is not None:
                return by_font, _font_encoding(by_font.sheet)
            plain = by_font  # with the fonts known, this is what a plain reading gives
    best, used, best_score = plain, None, plain.score(plan)
    for encoding in ("tcvn3", "vni"):
        tried = _attempt(sheets, plan, file.display, encoding)
        if tried.sheet is None:
            continue
        score = tried.score(plan)
        if best.sheet is None or score > best_score:
            best, used, best_score = tried, encoding, score
    return best, used


def _beyond_ascii(sheet: Sheet) -> bool:
    """Whether some text cell of *sheet* has a character beyond ASCII."""
    before: list[Any] | None = None
    for row in sheet.rows:
        if row is not before:  # a repeated row (one list) is looked at once
            before = row
            if any(v.__class__ is str and not v.isascii() for v in row):
                return True
    return False


LEGACY_NAMES = {
    "tcvn3": "TCVN3 (.VnTime…)",
    "tcvn3-upper": "TCVN3 (.VnTimeH…)",
    "vni": "VNI (VNI-Times…)",
}


def _font_encoding(sheet: Sheet) -> str | None:
    """The legacy encoding most of the sheet's legacy-font cells use, if any."""
    if not sheet.legacy_cells:
        return None
    counts: dict[str, int] = {}
    for encoding in sheet.legacy_cells.values():
        counts[encoding] = counts.get(encoding, 0) + 1
    return max(counts, key=lambda e: counts[e])


def _read_sheet(sheet: Sheet, plan: Plan, path: str, text: Text) -> list[Report]:
    # The form first: its table header is found near the top, and most files are forms.
    header = find_table_header(sheet, text)
    if header:
        return [read_form(sheet, header, plan, path, text)]
    long_header = find_long_header(sheet, text)
    if long_header:
        return read_long(sheet, long_header, plan, path, text)
    wide = find_wide_header(sheet, plan, text)
    if wide:
        return read_wide(sheet, wide, plan, path, text, _block_period(sheet, wide[0], text))
    return []


def _block_period(sheet: Sheet, stop: int, text: Text) -> str | None:
    for r in range(stop):
        for c in range(len(sheet.rows[r])):
            if fold(text(r, c)) in HEADER["period"]:
                for cc in range(c + 1, len(sheet.rows[r])):
                    if sheet.rows[r][cc] not in (None, ""):
                        return year_of(sheet.rows[r][cc])
    return None


def _check_formulas(data: bytes, reports: list[Report], any_formula: bool | None) -> None:
    """An empty value cell may be a formula never calculated (a file written by a program);
    *any_formula*: whether the workbook's sheet parts hold one, if known already."""
    for report in reports:
        empty = {v.cell for v in report.values.values() if v.value is None and v.raw in ("", None)}
        if not empty:
            continue
        try:
            formulas = formula_cells(data, report.sheet, empty, any_formula)
        except Exception:  # parts openpyxl cannot find (back-slashed names): calamine read them
            continue
        for code, value in list(report.values.items()):
            if value.cell not in formulas:
                continue
            formula, result = formulas[value.cell]
            error = isinstance(result, str) and result.startswith("#")  # #DIV/0!, #REF! …
            report.findings.append(
                Finding(
                    "value.formula_error" if error else "value.formula_uncached",
                    "error",
                    report.path,
                    report.sheet,
                    value.cell,
                    field=code,
                    params={"formula": formula, "error": result} if error else {"formula": formula},
                )
            )
