"""A unit's results in a roll-up: its indicators, its own levels against their targets, and
the counts they stand on (docs/rollup.md). Values, made by :mod:`.aggregate` and
:mod:`.indicators`, read by every output."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from xhht_cli.units.unit import Unit


class IndicatorResult(NamedTuple):
    """One indicator of one unit (a named tuple: a national roll-up makes a quarter million)."""

    code: str
    value: float | None
    numerator: int | None
    denominator: int | None
    target: float | None = None
    target_count: int | None = None
    target_year: int | None = None
    met: bool | None = None
    lacking: int = 0  # standard indicators: expected units without a valid report (or field)
    # a ratio over optional fields (Plan.partial): the communes whose reports have every field
    # of it, which it is computed over; None for the others (their coverage is the unit's)
    having: int | None = None

    @property
    def gap(self) -> float | None:
        """Value minus target (percentage points), or units short of a count target."""
        if self.target_count is not None and self.numerator is not None:
            return None if self.value is None else float(self.numerator - self.target_count)
        if self.target is None or self.value is None:
            return None
        return self.value - self.target


# A value this close under its target meets it: a ratio of whole counts such as 57/100 is
# 56.99999999999999 % in floating point (docs/rollup.md). The outputs colour values by it too.
MET_TOLERANCE = 1e-9

# A quarter million of these are built at national scale: straight from a tuple of all ten
# fields, which is twice as fast as the named tuple's own constructor.
new_result = partial(tuple.__new__, IndicatorResult)


class LevelTarget(NamedTuple):
    field: str
    level: int | None  # None: no unit below had the field (docs/rollup.md)
    target: int
    target_year: int
    met: bool | None  # None: no level to judge


@dataclass
class UnitResult:
    unit: Unit
    depth: int
    expected: int
    reported: int
    values: dict[str, int] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    indicators: dict[str, IndicatorResult] = field(default_factory=dict)
    level_targets: list[LevelTarget] = field(default_factory=list)
    # ratio over optional fields → (numerator, denominator, communes) summed over the communes
    # whose reports have every field of it (docs/rollup.md, "Optional fields")
    partial: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def coverage(self) -> float | None:
        """Communes with a valid report over communes expected (%); None when none expected."""
        return self.reported / self.expected * 100 if self.expected else None

    def covered(self, min_coverage: float, ind: IndicatorResult | None = None) -> bool:
        """Whether enough communes reported for a verdict on a ratio (docs/rollup.md, "Targets
        and verdicts"); for a ratio over optional fields, enough communes have its data."""
        reported = self.reported if ind is None or ind.having is None else ind.having
        return self.expected > 0 and reported * 100 >= min_coverage * self.expected
