"""The wire: reports as they travel from a reading worker to the pool, in one flat tuple each.

A speed trick, kept next to the pool that needs it: pickling thousands of small dataclasses
costs as much as reading the files; one flat tuple of strings and numbers per report costs a
fraction of that. Nothing but :mod:`xhht_cli.read.pool` (and its tests) uses it; the store and
the JSON documents use :mod:`xhht_cli.values.codec`.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report, new_value


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
    # None: each is its number, or "" where it has none (the usual numeric or empty cell: an
    # optional row left empty, as the template leaves it)
    raws: tuple[object, ...] | None
    sheets: tuple[str, ...]
    cells: tuple[str, ...]
    findings: tuple[Finding, ...]
    percents: tuple[tuple[str, object, str, str], ...] = ()  # typed: (indicator, raw, sheet, cell)


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
        None if _plain(numbers, raws) else raws,
        sheets,
        cells,
        tuple(report.findings),
        tuple((v.field, v.raw, v.sheet, v.cell) for v in report.typed_percents.values()),
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
                    _raws(wire.numbers) if wire.raws is None else wire.raws,
                    wire.sheets,
                    wire.cells,
                    strict=True,
                ),
            ),
            strict=True,
        )
    )
    report.findings = list(wire.findings)
    if wire.percents:
        report.typed_percents = {c: new_value((c, None, r, s, w)) for c, r, s, w in wire.percents}
    return report


def _plain(numbers: tuple[int | None, ...], raws: tuple[object, ...]) -> bool:
    """Whether each raw value is its number, or an empty cell ("") without one."""
    if raws == numbers:
        return True
    return all(r == n if n is not None else r == "" for n, r in zip(numbers, raws, strict=True))


def _raws(numbers: tuple[int | None, ...]) -> tuple[object, ...]:
    """The raw values :func:`_plain` left out."""
    return numbers if None not in numbers else tuple("" if n is None else n for n in numbers)
