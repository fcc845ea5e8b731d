"""A unit's indicators against the plan's targets, once its values are rolled up
(docs/rollup.md): ratios recomputed from its summed counts, standards counting the units that
reach a level over the units expected, each judged against the target of the unit's level."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xhht_cli.plans import Plan, RatioIndicator, StandardIndicator, Target
from xhht_cli.plans.rules import Terms, one_or_all, total
from xhht_cli.rollup.unit_result import (
    MET_TOLERANCE,
    IndicatorResult,
    LevelTarget,
    UnitResult,
    new_result,
)
from xhht_cli.units.registry import Registry

# A ratio as one unit level computes it: (code, numerator, denominator, over optional fields,
# its target or None).
_RatioRow = tuple[str, Terms, Terms, bool, Target | None]
# A standard likewise: (the indicator, its target or None).
_StandardRow = tuple[StandardIndicator, Target | None]


@dataclass
class Compiled:
    """The plan's indicators and targets worked out once per roll-up, not once per unit: for
    each unit level, its ratios and standards with the target that applies to it."""

    ratios: dict[str, list[_RatioRow]]  # unit level → its ratios
    standards: dict[str, list[_StandardRow]]  # unit level → its standards
    level_targets: dict[str, list[tuple[str, Target]]]  # unit level → (field, target)
    min_coverage: float = 80.0  # below it a ratio's verdict is withheld
    optional: frozenset[str] = frozenset()  # optional fields: a standard lacks them
    once: Mapping[str, str] = field(default_factory=dict)  # leaf → the commune it is part of

    @classmethod
    def of(cls, plan: Plan, year: int, levels: list[str], once: Mapping[str, str]) -> Compiled:
        ratios: dict[str, list[_RatioRow]] = {}
        standards: dict[str, list[_StandardRow]] = {}
        for level in levels:
            ratios[level], standards[level] = [], []
            for i in plan.indicators:
                found = plan.targets_for(i.code, year, level)
                target = found[0] if found else None
                if isinstance(i, RatioIndicator):
                    numerator, denominator = (
                        one_or_all(i.numerator_terms),
                        one_or_all(i.denominator_terms),
                    )
                    partial = i.code in plan.partial
                    ratios[level].append((i.code, numerator, denominator, partial, target))
                elif isinstance(i, StandardIndicator):
                    standards[level].append((i, target))
        fields = {
            level: [
                (code, t)
                for code in plan.fields
                for t in plan.targets_for(code, year, level)
                if t.field is not None and t.min_level is not None
            ]
            for level in levels
        }
        return cls(ratios, standards, fields, plan.min_coverage, optional=plan.optional, once=once)


def judge(
    result: UnitResult, results: dict[str, UnitResult], registry: Registry, compiled: Compiled
) -> None:
    """Work out *result*'s indicators and its own levels against the targets of its level
    (docs/rollup.md); *results* holds every unit of the roll-up, its children's included."""
    # 36 indicators of 10,706 units at national scale: the loops keep what they use at hand.
    level_of_unit = result.unit.level
    values = result.values
    get = values.get
    out = result.indicators
    minimum = compiled.min_coverage
    covered = result.covered(minimum)
    expected_here = result.expected
    new, against = new_result, _result
    partials = result.partial
    for code, numerator, denominator, over_part, target in compiled.ratios.get(level_of_unit, ()):
        having = None
        if over_part:  # over the communes that have its optional fields
            num, den, having = partials.get(code, _NO_PARTIAL)
            judged = expected_here > 0 and having * 100 >= minimum * expected_here
        else:  # total(), a single field looked up here
            num = get(numerator) if numerator.__class__ is str else total(get, numerator)
            den = get(denominator) if denominator.__class__ is str else total(get, denominator)
            judged = covered
        value = num / den * 100 if num is not None and den else None
        out[code] = (
            new((code, value, num, den, None, None, None, None, 0, having))
            if target is None
            else against(code, value, num, den, 0, target, judged, having)
        )
    leaf = not registry.children.get(result.unit.code)
    levels = result.levels
    reported_all = result.reported >= expected_here
    counted: dict[str, list[UnitResult]] = {}  # over → the units a parent's standards count
    for indicator, target in compiled.standards.get(level_of_unit, ()):
        code = indicator.code
        if not leaf:
            units = counted.get(indicator.over)
            if units is None:
                units = counted[indicator.over] = _counted(
                    result, indicator.over, results, registry, compiled.once
                )
            reached, expected, lacking, measured = _standard(units, indicator, compiled.optional)
        elif expected_here:  # a commune counts itself, if it is expected
            own = levels.get(indicator.field)
            if own is None:
                own = get(indicator.field, -1)
            reached, expected = (1 if own >= indicator.min_level else 0), 1
            lacking = 0 if reported_all and own != -1 else 1
            measured = 0 if own == -1 else 1
        else:
            reached = expected = lacking = measured = 0
        # No unit with the field (not yet on the form, or no report at all): no value and so
        # no verdict, rather than a 0 % nobody measured (docs/rollup.md)
        value = reached / expected * 100 if measured else None
        out[code] = (
            new((code, value, reached, expected, None, None, None, None, lacking, None))
            if target is None
            else against(code, value, reached, expected, lacking, target)
        )
    for code, target in compiled.level_targets.get(level_of_unit, []):
        assert target.min_level is not None
        level = levels.get(code)
        result.level_targets.append(
            LevelTarget(
                code,
                level,
                target.min_level,
                target.year,
                None if level is None else level >= target.min_level,  # no level: no verdict
            )
        )


_NO_PARTIAL = (None, None, 0)


def _counted(
    result: UnitResult,
    over: str,
    results: dict[str, UnitResult],
    registry: Registry,
    once: Mapping[str, str],
) -> list[UnitResult]:
    """The units a parent's standards *over* communes or its children count: those expected,
    each commune once."""
    code = result.unit.code
    if over == "commune":
        units = [results[u.code] for u in registry.communes_under(code) if u.code in results]
    else:
        units = [results[c.code] for c in registry.children_of(code) if c.code in results]
    return _once_each([u for u in units if u.expected], once)


def _standard(
    units: list[UnitResult], indicator: StandardIndicator, optional: frozenset[str] = frozenset()
) -> tuple[int, int, int, int]:
    """A parent's standard over *units* (:func:`_counted`): (units reaching the level, units
    expected, expected units without data: no valid report, or, for an optional field, none
    of it; units with a level or a value of the field at all)."""
    field, low = indicator.field, indicator.min_level
    own = [u.levels.get(field, u.values.get(field, -1)) for u in units]
    reached = sum(1 for level in own if level >= low)
    if field in optional:
        lacking = sum(1 for u in units if u.reported < u.expected or field not in u.values)
    else:
        lacking = sum(1 for u in units if u.reported < u.expected)
    return reached, len(units), lacking, sum(1 for level in own if level != -1)


def _once_each(units: list[UnitResult], once: Mapping[str, str]) -> list[UnitResult]:
    """Each commune once: in a period carried across the 2025 reform an old commune split among
    several of today's communes stands under each (*once* says whose part a leaf is), but a
    standard counts old communes, so above them it counts it once (its first part)."""
    if not once:
        return units
    seen: set[str] = set()
    kept = []
    for u in units:
        origin = once.get(u.unit.code, u.unit.code)
        if origin not in seen:
            seen.add(origin)
            kept.append(u)
    return kept


def _result(
    code: str,
    value: float | None,
    num: int | None,
    den: int | None,
    lacking: int,
    target: Target,
    judged: bool = True,
    having: int | None = None,
) -> IndicatorResult:
    """The indicator against *target*; ``met`` None when not *judged* (too few reports)."""
    if target.count is not None:
        share = target.count / den * 100 if den else None
        met_count = None if value is None or num is None else num >= target.count
        return new_result(
            (code, value, num, den, share, target.count, target.year, met_count, lacking, having)
        )
    met = (
        None
        if value is None or target.value is None or not judged
        else value >= target.value - MET_TOLERANCE
    )
    return new_result(
        (code, value, num, den, target.value, None, target.year, met, lacking, having)
    )
