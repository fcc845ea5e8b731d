"""Progress over the periods (docs/progress.md): against the previous period, and on the road
to the plan's milestones.

Every earlier period is rolled up by the same :func:`~xhht_cli.rollup.aggregate.roll_up` as the
current one, on **today's** units, so a value of any period is recomputed from that period's
summed counts (never averaged). :func:`xhht_cli.rollup.carry.onto_today` is where an earlier period's
commune values meet today's units: the identity while the units are the same, the crosswalk
across the 2025 reform.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from xhht_cli.plans import Plan, RatioIndicator
from xhht_cli.rollup.aggregate import Summary, roll_up
from xhht_cli.rollup.carry import Origin, onto_today
from xhht_cli.rollup.unit_result import MET_TOLERANCE, IndicatorResult, UnitResult

MET, ON_TRACK, BEHIND, INSUFFICIENT = "met", "on_track", "behind", "insufficient_data"
NOT_MET = "not_met"  # a milestone missed in its own year (or after): not "behind" any more
VERDICTS = (MET, NOT_MET, ON_TRACK, BEHIND, INSUFFICIENT)


class Previous(NamedTuple):
    """The nearest earlier period with a value, its value, and the change to now (points)."""

    period: str
    value: float
    change: float | None


class Milestone(NamedTuple):
    """One milestone not yet past: its target, the fitted line's value there, the pace needed
    from now (points a year; None at the milestone's own year) and the verdict."""

    year: int
    target: float
    projected: float | None
    required: float | None
    verdict: str


@dataclass(frozen=True)
class Course:
    """One indicator of one unit over the periods."""

    series: dict[str, float | None]  # period → value, oldest first, the current one included
    previous: Previous | None
    observed: float | None  # the least-squares slope, points a year (≥ 2 periods)
    milestones: tuple[Milestone, ...]
    carried: tuple[str, ...] = ()  # periods carried onto today's units through a crosswalk
    approximate: tuple[str, ...] = ()  # carried periods whose figures here are estimates

    @property
    def required(self) -> dict[int, float]:
        return {m.year: m.required for m in self.milestones if m.required is not None}


@dataclass
class Progress:
    """The earlier periods rolled up on today's units, and each unit's courses through them,
    worked out when first asked for (without history the JSON asks for none: no work per unit
    beyond its keys). ``periods`` oldest first, the current one last."""

    summary: Summary
    earlier: list[tuple[str, dict[str, UnitResult]]]  # period → unit code → its roll-up
    carried: list[str] = field(default_factory=list)
    approximate: dict[str, set[str]] = field(default_factory=dict)  # period → unit codes
    unmapped: dict[str, list[str]] = field(default_factory=dict)  # period → old communes lost
    # period → each carried leaf's origin (the old commune, the new one, the share): lineage
    origins: dict[str, dict[str, Origin]] = field(default_factory=dict)
    periods: list[str] = field(init=False)
    _courses: dict[str, dict[str, Course]] = field(default_factory=dict, repr=False)
    _judge: _Judge = field(init=False, repr=False)

    def __post_init__(self) -> None:
        summary = self.summary
        self.periods = [p for p, _ in self.earlier] + [summary.period]
        levels = summary.validation.registry.levels
        self._judge = _Judge.of(summary.plan, int(summary.period), levels)

    @property
    def compared(self) -> bool:
        """Whether there is an earlier period (a previous value, a pace) at all."""
        return bool(self.earlier)

    def coverage(self, result: UnitResult) -> dict[str, float | None]:
        """Period → the unit's coverage (%) then."""
        code = result.unit.code
        shares = {
            p: (u.coverage if (u := by_code.get(code)) else None) for p, by_code in self.earlier
        }
        return {**shares, self.summary.period: result.coverage}

    def courses(self, result: UnitResult) -> dict[str, Course]:
        """Indicator → the unit's course through the periods."""
        code = result.unit.code
        if code not in self._courses:
            self._courses[code] = self._follow(result)
        return self._courses[code]

    def _follow(self, result: UnitResult) -> dict[str, Course]:
        minimum = self.summary.plan.min_coverage
        past = [(p, by_code.get(result.unit.code)) for p, by_code in self.earlier]
        counted = [(p, u) for p, u in past if u and u.reported]
        carried = tuple(self.carried)
        code = result.unit.code
        estimated = tuple(p for p in carried if code in self.approximate.get(p, ()))
        judge = self._judge
        # a ratio over optional fields is judged on the communes that have its data
        courses = {
            key: judge.course(
                result,
                ind,
                [
                    (p, (then := u.indicators[key]).value, u.covered(minimum, then))
                    for p, u in counted
                ],
                [p for p, _ in past],
                result.covered(minimum, ind) or not judge.is_ratio[key],
                carried,
            )
            for key, ind in result.indicators.items()
        }
        if estimated:  # a split shared out by estimated shares reached this unit
            courses = {k: replace(c, approximate=estimated) for k, c in courses.items()}
        return courses


def track(summary: Summary) -> Progress:
    """Roll every earlier period of the validation up on today's units (by the same roll-up as
    the current period). Without history: nothing to roll up."""
    validation = summary.validation
    registry, plan = validation.registry, validation.plan
    earlier: list[tuple[str, dict[str, UnitResult]]] = []
    carried: list[str] = []
    approximate: dict[str, set[str]] = {}
    unmapped: dict[str, list[str]] = {}
    origins: dict[str, dict[str, Origin]] = {}
    for old in validation.earlier:
        on = onto_today(old, registry)  # issue 18: through the crosswalk across the reform
        units = roll_up(on.registry, plan, on.year, validation.parent, on.reports, on.once())
        earlier.append((old.period, {u.unit.code: u for u in units if u.unit.code in registry}))
        if on.carried:
            carried.append(old.period)
            approximate[old.period] = on.approximate
            origins[old.period] = on.origins
        if on.unmapped:
            unmapped[old.period] = on.unmapped
    return Progress(summary, earlier, carried, approximate, unmapped, origins)


def slope(points: Iterable[tuple[int, float]]) -> float | None:
    """The least-squares slope through (year, value) points; None with fewer than two years."""
    pts = list(points)  # one point a year
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def projection(points: Iterable[tuple[int, float]], year: int) -> float | None:
    """The fitted line's value at *year*, clipped to 0–100; None with fewer than two years."""
    pts = list(points)
    b = slope(pts)
    if b is None:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    return min(100.0, max(0.0, my + b * (year - mx)))


def verdict(
    current: float | None,
    target: float,
    projected: float | None,
    judged: bool = True,
    due: bool = False,
) -> str:
    """``met``, or for a milestone *due* (its year is the period's, or past) ``not_met``, for
    one still ahead ``on_track`` / ``behind``; ``insufficient_data`` with too few periods with
    a value, or too few reports to judge (docs/progress.md, "Verdicts")."""
    if not judged or current is None:
        return INSUFFICIENT
    if current >= target - MET_TOLERANCE:
        return MET
    if due:
        return NOT_MET
    if projected is None:
        return INSUFFICIENT
    return ON_TRACK if projected >= target - MET_TOLERANCE else BEHIND


@dataclass
class _Judge:
    """The plan's milestones and their targets, looked up once per level, not once per unit."""

    period: int
    milestones: list[int]
    targets: dict[tuple[str, str, int], tuple[float | None, int | None]]  # value or count
    is_ratio: dict[str, bool]

    @classmethod
    def of(cls, plan: Plan, period: int, levels: list[str]) -> _Judge:
        ahead = sorted(m for m in set(plan.milestones) if m >= period)
        targets: dict[tuple[str, str, int], tuple[float | None, int | None]] = {}
        for ind in plan.indicators:
            for level in levels:
                for year in ahead:
                    found = plan.milestone_target(ind.code, year, level)
                    if found is not None:
                        targets[(ind.code, level, year)] = (found.value, found.count)
        is_ratio = {i.code: isinstance(i, RatioIndicator) for i in plan.indicators}
        return cls(period, ahead, targets, is_ratio)

    def course(
        self,
        result: UnitResult,
        ind: IndicatorResult,
        past: list[tuple[str, float | None, bool]],
        periods: list[str],
        judged: bool,
        carried: tuple[str, ...],
    ) -> Course:
        """*past*: (period, value, whether enough communes reported then to count it) of the
        earlier *periods* in which the unit had a valid report."""
        now = ind.value
        values = {p: v for p, v, _ in past}
        series = {**{p: values.get(p) for p in periods}, str(self.period): now}
        # a period with too few reports is shown, but neither compared with nor fitted
        counted = [(p, v) for p, v, enough in past if enough and v is not None]
        previous = next(
            (Previous(p, v, None if now is None else now - v) for p, v in reversed(counted)),
            None,
        )
        points = [(int(p), v) for p, v in counted]
        if now is not None:
            points.append((self.period, now))
        observed = slope(points)
        milestones = []
        for year in self.milestones:
            value, count = self.targets.get((ind.code, result.unit.level, year), (None, None))
            if value is None and count is not None and ind.denominator:
                value = count / ind.denominator * 100
            if value is None:
                continue
            projected = projection(points, year)
            # at the milestone's own year the value itself is the verdict, not a projection
            reach = projected if year > self.period else now
            required = (
                (value - now) / (year - self.period)
                if now is not None and year > self.period
                else None
            )
            milestones.append(
                Milestone(
                    year,
                    value,
                    projected,
                    required,
                    verdict(now, value, reach, judged, due=year <= self.period),
                )
            )
        return Course(series, previous, observed, tuple(milestones), carried)
