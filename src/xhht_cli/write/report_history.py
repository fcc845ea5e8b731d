"""What the written report says of earlier periods: the one place it reads them from.

The report's sections 2 (the previous period and the change) and 3 (progress to the
milestones) take a :class:`History` of the top unit, or None: "no history". Today the
:class:`~xhht_cli.aggregate.Summary` carries no earlier periods, so :func:`history_of` returns
None and the sections say ``chưa có số liệu kỳ trước (chạy với --history)``.

Issue 17 (``--history``) adds ``xhht_cli.progress.progress_of(summary) -> Progress`` with, per
unit and indicator, a ``Course`` (``previous``: period, value, change; ``milestones``: year,
target, projected, required, verdict). Wiring it in is the body of :func:`history_of`::

    from xhht_cli.progress import progress_of

    progress = progress_of(summary)
    if len(progress.periods) < 2:
        return None
    courses = progress.courses.get(unit_code, {})
    return History(
        progress.periods,
        {
            code: IndicatorHistory(
                Change(*course.previous) if course.previous else None,
                tuple(Milestone(m.year, m.target, m.projected, m.verdict)
                      for m in course.milestones),
            )
            for code, course in courses.items()
        },
    )
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from xhht_cli.aggregate import Summary

NO_HISTORY_TEXT = "chưa có số liệu kỳ trước (chạy với --history)"
VERDICT_VI = {
    "met": "đã đạt",
    "on_track": "đúng tiến độ",
    "behind": "chậm tiến độ",
    "insufficient_data": "chưa đủ số liệu",
}


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


def history_of(summary: Summary, unit_code: str) -> History | None:
    """The history of *unit_code*'s indicators in *summary*; None: no earlier period given
    (see the module's docstring for issue 17's few lines)."""
    del summary, unit_code  # nothing of earlier periods is in the summary yet
    return None
