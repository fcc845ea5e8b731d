"""Building reports in code for the tests."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from synth import form_grid, plausible_values
from xhht_cli.plans import load_plan
from xhht_cli.read import FileRead, read_file
from xhht_cli.read.discover import classify
from xhht_cli.units.unit import Unit

PLAN = load_plan()
TAN_LOC = Unit("32086", "Xã Tân Lộc", "commune", "967")


def values(seed: str = "x", **overrides: int) -> dict[str, int]:
    return {**plausible_values(random.Random(seed)), **overrides}


def grid(
    vals: dict[str, int] | None = None,
    unit: Unit = TAN_LOC,
    period: str = "2023",
    report_date: date | str | None = date(2023, 11, 30),
) -> list[list[object]]:
    return form_grid(PLAN, unit, period, vals if vals is not None else values(), report_date)


def read(path: Path) -> FileRead:
    return read_file(classify(path, str(path)), PLAN)


def only_report(path: Path):  # type: ignore[no-untyped-def]
    result = read(path)
    assert len(result.reports) == 1, [f.message() for f in result.findings]
    return result.reports[0]


def numbers(report) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    """The values read; an optional row left empty (as the template leaves it) has none."""
    return {
        code: v.value
        for code, v in report.values.items()
        if not (code in PLAN.optional and v.value is None and v.raw in (None, ""))
    }
