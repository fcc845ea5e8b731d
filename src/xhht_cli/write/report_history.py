"""What the written report says of earlier periods: the one place it reads them from.

The report's sections 2 (the previous period and the change) and 3 (progress to the
milestones) take a :class:`History` of a unit, or None ("no history": the sections then say
``lần tổng hợp này không có số liệu kỳ trước``), from the run's
:class:`~xhht_cli.rollup.outcome.Outcome`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from xhht_cli.rollup.outcome import Outcome

NO_HISTORY_TEXT = "lần tổng hợp này không có số liệu kỳ trước"  # a signed page names no option


class Change(NamedTuple):
    """The nearest earlier period with a value, that value, and the change to now (points)."""

    period: str
    value: float
    change: float | None


class Milestone(NamedTuple):
    year: int
    target: float
    projected: float | None
    verdict: str  # a key of VERDICT_VI


@dataclass(frozen=True)
class IndicatorHistory:
    previous: Change | None = None
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class History:
    """The top unit's indicators over the periods (oldest first, the current one last)."""

    periods: list[str]
    indicators: dict[str, IndicatorHistory] = field(default_factory=dict)


def history_of(outcome: Outcome, unit_code: str) -> History | None:
    """The history of *unit_code*'s indicators in *outcome*; None: no earlier period given."""
    result = next((u for u in outcome.units if u.unit.code == unit_code), None)
    if result is None or not outcome.compared:
        return None
    return History(
        outcome.periods,
        {
            code: IndicatorHistory(
                Change(*course.previous) if course.previous else None,
                tuple(
                    Milestone(m.year, m.target, m.projected, m.verdict) for m in course.milestones
                ),
            )
            for code, course in outcome.courses(result).items()
        },
    )
