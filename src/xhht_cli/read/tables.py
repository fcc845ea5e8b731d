"""The two table layouts: a district's wide sheet (one row per unit) and the long table
(``unit_code, period, field, value``). Each gives one report per unit."""

from __future__ import annotations

from xhht_cli.base.text import fold, nfc
from xhht_cli.plans import Plan
from xhht_cli.read.cells import HEADER, Sheet, Text, cell_value, code_text, year_of
from xhht_cli.values.findings import cell_ref
from xhht_cli.values.report import Report, Value

LONG_COLUMNS = ("unit code", "period", "field", "value")
PERCENT = "%"  # a wide column holding a typed percentage of the ratio indicator after it


def find_long_header(sheet: Sheet, text: Text) -> tuple[int, dict[str, int]] | None:
    for r in range(min(len(sheet.rows), 50)):
        keys = {fold(text(r, c)): c for c in range(len(sheet.rows[r]))}
        if all(k in keys for k in LONG_COLUMNS):
            return r, {k: keys[k] for k in LONG_COLUMNS}
    return None


def read_long(
    sheet: Sheet, header: tuple[int, dict[str, int]], plan: Plan, path: str, text: Text
) -> list[Report]:
    row0, cols = header
    reports: dict[tuple[str, str], Report] = {}
    for r in range(row0 + 1, len(sheet.rows)):
        unit = code_text(sheet.cell(r, cols["unit code"]) or "")
        field = text(r, cols["field"]).strip().upper()
        if not unit or not field:
            continue
        period = year_of(sheet.cell(r, cols["period"]) or "") or ""
        key = (unit, period)
        if key not in reports:
            reports[key] = Report(
                path=path,
                layout="long",
                sheet=sheet.name,
                unit_code=unit,
                unit_code_cell=cell_ref(r, cols["unit code"]),
                period=period or None,
                period_cell=cell_ref(r, cols["period"]),
            )
        report = reports[key]
        if field in plan.fields and field not in report.values:
            report.values[field] = cell_value(
                field, sheet.cell(r, cols["value"]), sheet.name, cell_ref(r, cols["value"]), report
            )
    return list(reports.values())


_LABELS: dict[int, tuple[Plan, dict[str, str]]] = {}


def _field_labels(plan: Plan) -> dict[str, str]:
    """Folded field label → field code, worked out once per plan (a workbook of 3,000 sheets
    asks for it 12,000 times)."""
    known = _LABELS.get(id(plan))
    if known is None or known[0] is not plan:
        known = _LABELS[id(plan)] = (plan, {fold(f.label): code for code, f in plan.fields.items()})
    return known[1]


def find_wide_header(sheet: Sheet, plan: Plan, text: Text) -> tuple[int, dict[str, int]] | None:
    """A row with a unit-code column and at least three field columns (by code or label)."""
    labels = _field_labels(plan)
    for r in range(min(len(sheet.rows), 50)):
        columns: dict[str, int] = {}
        for c in range(len(sheet.rows[r])):
            raw = text(r, c)
            key = fold(raw)
            if key in HEADER["unit_code"]:
                columns.setdefault("@unit_code", c)
            elif key in HEADER["unit_name"]:
                columns.setdefault("@unit_name", c)
            elif key in HEADER["period"]:
                columns.setdefault("@period", c)
            elif raw.strip().upper() in plan.fields:
                columns.setdefault(raw.strip().upper(), c)
            elif key in labels:
                columns.setdefault(labels[key], c)
            elif percent := plan.typed_percent(raw.strip().upper(), raw):
                columns.setdefault(PERCENT + percent, c)  # a typed rate: compared, never used
        fields = sum(1 for k in columns if not k.startswith(("@", PERCENT)))
        if "@unit_code" in columns and fields >= 3:
            return r, columns
    return None


def read_wide(
    sheet: Sheet,
    header: tuple[int, dict[str, int]],
    plan: Plan,
    path: str,
    text: Text,
    period: str | None,
) -> list[Report]:
    row0, cols = header
    reports = []
    for r in range(row0 + 1, len(sheet.rows)):
        unit = code_text(sheet.cell(r, cols["@unit_code"]) or "")
        if not unit or not any(ch.isdigit() for ch in unit):
            continue
        row_period = year_of(sheet.cell(r, cols["@period"]) or "") if "@period" in cols else None
        report = Report(
            path=path,
            layout="wide",
            sheet=sheet.name,
            unit_code=unit,
            unit_code_cell=cell_ref(r, cols["@unit_code"]),
            period=row_period or period,
        )
        if "@unit_name" in cols:
            report.unit_name = nfc(text(r, cols["@unit_name"])) or None
            report.unit_name_cell = cell_ref(r, cols["@unit_name"])
        for code, c in cols.items():
            if code.startswith(PERCENT):
                ind = code.removeprefix(PERCENT)
                where = cell_ref(r, c)
                report.typed_percents[ind] = Value(ind, None, sheet.cell(r, c), sheet.name, where)
            elif not code.startswith("@"):
                report.values[code] = cell_value(
                    code, sheet.cell(r, c), sheet.name, cell_ref(r, c), report
                )
        reports.append(report)
    return reports
