"""A report as read from a file: unit, period, date and field values with where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import NamedTuple

from xhht_cli.values.findings import Finding


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
    # Percentages the clerk typed, by ratio indicator (``field`` is the indicator's code): read
    # to be compared with the ratio of the counts, never used instead (docs/form.md).
    typed_percents: dict[str, Value] = field(default_factory=dict)

    def number(self, code: str) -> int | None:
        value = self.values.get(code)
        return value.value if value else None


# Value(...) checks its arguments one by one in Python; building the tuple directly is twice as
# fast, and the wire (or the reader's fast path) always gives all five fields.
new_value = partial(tuple.__new__, Value)
