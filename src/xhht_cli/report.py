"""A report as read from a file: unit, period, date and field values with where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import NamedTuple

from xhht_cli.findings import Finding


class Value(NamedTuple):
    """One field's value and its cell; ``value`` is None when the cell was empty or wrong.

    A named tuple, not a dataclass: a national batch makes half a million of them, and a
    tuple is built (and pickled) several times faster."""

    field: str
    value: int | None
    raw: object
    sheet: str
    cell: str


@dataclass
class Report:
    path: str
    layout: str  # form, wide, long
    sheet: str
    unit_code: str | None = None
    unit_code_cell: str | None = None
    unit_name: str | None = None
    unit_name_cell: str | None = None
    period: str | None = None
    period_cell: str | None = None
    report_date: date | None = None
    preparer: str | None = None
    values: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    value_column: int | None = None  # 0-based column of the values (form layout)

    def number(self, code: str) -> int | None:
        value = self.values.get(code)
        return value.value if value else None


# -- a compact form for sending reports between processes -----------------------------------
# Pickling thousands of small dataclasses costs as much as reading the files; one flat tuple of
# strings and numbers per report costs a fraction of that.


class Wire(NamedTuple):
    path: str
    layout: str
    sheet: str
    unit_code: str | None
    unit_code_cell: str | None
    unit_name: str | None
    unit_name_cell: str | None
    period: str | None
    period_cell: str | None
    report_date: int | None  # proleptic ordinal
    preparer: str | None
    value_column: int | None
    codes: tuple[str, ...]
    numbers: tuple[int | None, ...]
    raws: tuple[object, ...] | None  # None: each is its number (the usual numeric cell)
    sheets: tuple[str, ...]
    cells: tuple[str, ...]
    findings: tuple[Finding, ...]


# Value(...) checks its arguments one by one in Python; building the tuple directly is twice as
# fast, and the wire (or the reader's fast path) always gives all five fields.
new_value = partial(tuple.__new__, Value)


def to_wire(report: Report) -> Wire:
    if report.values:
        codes, numbers, raws, sheets, cells = zip(*report.values.values(), strict=True)
    else:
        codes = numbers = raws = sheets = cells = ()
    return Wire(
        report.path,
        report.layout,
        report.sheet,
        report.unit_code,
        report.unit_code_cell,
        report.unit_name,
        report.unit_name_cell,
        report.period,
        report.period_cell,
        report.report_date.toordinal() if report.report_date else None,
        report.preparer,
        report.value_column,
        codes,
        numbers,
        None if raws == numbers else raws,
        sheets,
        cells,
        tuple(report.findings),
    )


def from_wire(wire: Wire) -> Report:
    report = Report(
        path=wire.path,
        layout=wire.layout,
        sheet=wire.sheet,
        unit_code=wire.unit_code,
        unit_code_cell=wire.unit_code_cell,
        unit_name=wire.unit_name,
        unit_name_cell=wire.unit_name_cell,
        period=wire.period,
        period_cell=wire.period_cell,
        report_date=date.fromordinal(wire.report_date) if wire.report_date else None,
        preparer=wire.preparer,
        value_column=wire.value_column,
    )
    report.values = dict(
        zip(
            wire.codes,
            map(
                new_value,
                zip(
                    wire.codes,
                    wire.numbers,
                    wire.numbers if wire.raws is None else wire.raws,
                    wire.sheets,
                    wire.cells,
                    strict=True,
                ),
            ),
            strict=True,
        )
    )
    report.findings = list(wire.findings)
    return report
