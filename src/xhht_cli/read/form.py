"""Find the header block and the field table of a commune form wherever they stand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xhht_cli.base.text import fold, nfc
from xhht_cli.plans import Plan
from xhht_cli.read.cells import (
    HEADER,
    Sheet,
    Text,
    cell_value,
    code_text,
    date_of,
    is_numeric,
    year_of,
)
from xhht_cli.read.cells import code_text as typed_code  # beside the rows' local code_text
from xhht_cli.values.findings import Finding, cell_ref, column_cells
from xhht_cli.values.report import Report, new_value

# Column headers of the field table (folded).
COLUMNS: dict[str, set[str]] = {
    "tt": {"tt", "stt"},
    "code": {"ma chi tieu", "ma so", "ma"},
    "label": {"noi dung", "chi tieu", "ten chi tieu"},
    "unit": {"don vi tinh", "dvt"},
    "value": {"so lieu", "so luong", "ket qua", "gia tri"},
    "note": {"ghi chu"},
}
_HEADER_OF = {alias: name for name, aliases in HEADER.items() for alias in aliases}


@dataclass(frozen=True, slots=True)
class TableHeader:
    row: int
    columns: dict[str, int]
    # Header-block labels met above the table on the way down: (row, column, what it labels).
    labels: tuple[tuple[int, int, str], ...] = ()


# The most headings a process remembers: a form has a dozen; a sheet of household names pasted
# under the form must not grow the memory of a worker that reads thousands of files.
INERT_LABELS = 4_096
INERT_LENGTH = 200  # a heading is a line; a 32,000-character cell is not remembered

_COLUMN_OF = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}


def find_table_header(sheet: Sheet, text: Text) -> TableHeader | None:
    """The first row that has a value column and a code or label column; each text cell above
    it is looked at once, for the header block's labels as well."""
    labels: list[tuple[int, int, str]] = []
    before: list[Any] | None = None
    for r, row in enumerate(sheet.rows):
        if row is before:
            continue  # a repeated row (one list, from an OpenDocument repeat) says nothing new
        before = row
        columns: dict[str, int] = {}
        for c, raw in enumerate(row):
            if not raw or raw.__class__ is not str:
                continue  # labels are text; numbers and empty cells are skipped unread
            key = fold(text(r, c))
            name = _COLUMN_OF.get(key)
            if name is not None:
                columns.setdefault(name, c)
            label = _HEADER_OF.get(key)
            if label is not None:
                labels.append((r, c, label))
        if "value" in columns and ("code" in columns or "label" in columns):
            return TableHeader(r, columns, tuple((lr, lc, n) for lr, lc, n in labels if lr < r))
    return None


def read_form(sheet: Sheet, header: TableHeader, plan: Plan, path: str, text: Text) -> Report:
    """Read the header block above the table and every field row below it."""
    report = Report(
        path=path, layout="form", sheet=sheet.name, value_column=header.columns["value"]
    )
    _read_header_block(sheet, header.labels, report, text)
    if sheet.merged:
        _merged_values(sheet, header, report)
    _read_rows(sheet, header, plan, report, text)
    return report


def _merged_values(sheet: Sheet, header: TableHeader, report: Report) -> None:
    """A figure typed into a row's cells merged across the value column (``D14:E14``, the
    number in D14, what the clerk sees): read as the row's value, with a warning asking to
    unmerge. A merge over several rows gives no row its number (which row's would it be?)."""
    value_col = header.columns["value"]
    for r0, c0, r1, c1 in sheet.merged:
        if r0 != r1 or r0 <= header.row or not c0 < value_col <= c1 or r0 >= len(sheet.rows):
            continue
        row = sheet.rows[r0]
        anchor = row[c0] if c0 < len(row) else None
        own = row[value_col] if value_col < len(row) else None
        if own not in (None, "") or not is_numeric(anchor):
            continue
        row = sheet.rows[r0] = list(row) + [""] * (value_col + 1 - len(row))
        row[value_col] = anchor
        report.findings.append(
            Finding(
                "value.merged",
                "warning",
                report.path,
                sheet.name,
                cell_ref(r0, value_col),
                params={"range": f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}", "value": anchor},
            )
        )


def _next_value(sheet: Sheet, r: int, c: int, text: Text) -> tuple[Any, int] | None:
    """The value of the label at (r, c): the next non-empty cell to its right — unless that
    cell is another label: a label followed by an empty value cell has no value (the user's
    guide, docs/huong-dan-su-dung.md, "Bước 3")."""
    row = sheet.rows[r]
    for cc in range(c + 1, len(row)):
        if row[cc] not in (None, ""):
            if row[cc].__class__ is str and fold(text(r, cc)) in _HEADER_OF:
                return None
            return row[cc], cc
    return None


def _read_header_block(
    sheet: Sheet, labels: tuple[tuple[int, int, str], ...], report: Report, text: Text
) -> None:
    seen: set[str] = set()
    for r, c, name in labels:
        if name in seen:
            continue
        found = _next_value(sheet, r, c, text)
        if found is None:
            continue
        seen.add(name)
        raw, cc = found
        where = cell_ref(r, cc)
        if name == "unit_code":
            report.unit_code, report.unit_code_cell = code_text(raw), where
        elif name == "unit_name":
            report.unit_name, report.unit_name_cell = nfc(text(r, cc)), where
        elif name == "period":
            report.period, report.period_cell = year_of(raw), where
            if report.period is None:  # something typed that is no year ("2O25")
                report.findings.append(
                    Finding(
                        "report.bad_period",
                        "error",
                        report.path,
                        sheet.name,
                        where,
                        params={"value": raw},
                    )
                )
        elif name == "report_date":
            report.report_date = date_of(raw)
            if report.report_date is None:
                report.findings.append(
                    Finding(
                        "report.bad_date",
                        "warning",
                        report.path,
                        sheet.name,
                        where,
                        params={"value": raw},
                    )
                )
        else:
            report.preparer = nfc(text(r, cc))


def _read_rows(sheet: Sheet, header: TableHeader, plan: Plan, report: Report, text: Text) -> None:
    cols = header.columns
    labels = plan.label_index
    order = plan.field_order
    inert = plan.inert_labels
    code_col, label_col, value_col = cols.get("code"), cols.get("label"), cols["value"]
    cells = column_cells(value_col, len(sheet.rows))
    values = report.values
    name = sheet.name
    last = -1
    # The usual row is read on a fast path: the field's own code, as the form prints it, in
    # the code column, and a whole number in the value column.
    reach = max(value_col, code_col or 0)  # the row must have both cells
    start = header.row + 1
    for r, row in enumerate(sheet.rows[start:], start):
        if code_col is not None and len(row) > reach:
            raw_code = row[code_col]
            if raw_code.__class__ is str and raw_code in order and raw_code not in values:
                raw = row[value_col]
                where = cells[r]
                if raw.__class__ is float and raw.is_integer():
                    values[raw_code] = new_value((raw_code, int(raw), raw, name, where))
                else:
                    values[raw_code] = cell_value(raw_code, raw, name, where, report)
                last = order[raw_code]
                continue
        raw = row[value_col] if value_col < len(row) else None
        where = cells[r]
        raw_code = row[code_col] if code_col is not None and code_col < len(row) else None
        code_text = ""
        if isinstance(raw_code, str) and raw_code.isascii():
            code_text = raw_code.strip().upper()  # codes are ASCII: no decoding needed
        elif isinstance(raw_code, float):  # a number typed in the code column: 1000, not 1000.0
            code_text = typed_code(raw_code)
        elif raw_code not in (None, ""):
            code_text = text(r, code_col).strip().upper()  # type: ignore[arg-type]
        label = text(r, label_col) if label_col is not None and code_text not in order else ""
        if not code_text and label in inert:  # a heading: nothing, unless a number stands by it
            if raw is not None and raw != "" and label.strip() and is_numeric(raw):
                report.findings.append(_unknown_label(report.path, name, where, label))
            continue
        code = _field_of(code_text, label, labels, order, report, last)
        if code is None:
            percent = plan.typed_percent(code_text, label)
            if percent is not None:  # a rate the clerk typed: compared, never used (check/)
                report.typed_percents.setdefault(
                    percent, new_value((percent, None, raw, name, where))
                )
                continue
            if (
                not code_text
                and len(label) <= INERT_LENGTH
                and len(inert) < INERT_LABELS
                and not labels.get(fold(label))
            ):
                inert.add(label)  # names nothing, in any report: not looked up again
            if code_text and code_text not in plan.fields:
                report.findings.append(
                    Finding(
                        "field.unknown_code",
                        "warning",
                        report.path,
                        name,
                        cell_ref(r, cols["code"]),
                        params={"code": code_text},
                    )
                )
            elif label.strip() and is_numeric(raw):  # signature rows carry names, not numbers
                report.findings.append(_unknown_label(report.path, name, where, label))
            continue
        last = order[code]
        if code in values:
            report.findings.append(
                Finding(
                    "field.duplicate",
                    "error",
                    report.path,
                    name,
                    where,
                    field=code,
                    params={"code": code, "first": values[code].cell},
                )
            )
            continue
        values[code] = cell_value(code, raw, name, where, report)


def _unknown_label(path: str, sheet: str, where: str, label: str) -> Finding:
    return Finding(
        "field.unknown_label", "warning", path, sheet, where, params={"label": nfc(label)[:80]}
    )


def _field_of(
    code_text: str,
    label: str,
    labels: dict[str, list[str]],
    order: dict[str, int],
    report: Report,
    last: int,
) -> str | None:
    if code_text:
        return code_text if code_text in order else None
    candidates = [c for c in labels.get(fold(label), []) if c not in report.values]
    if not candidates:
        return None
    after = [c for c in candidates if order[c] > last]
    return (after or candidates)[0]
