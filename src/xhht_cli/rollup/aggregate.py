"""Aggregate: roll the valid reports up every level of the registry (docs/rollup.md).

Counts and flags are summed; ratio indicators are recomputed from the summed counts (never an
average of percentages); standard indicators count the units reaching a level, over the units
*expected*; a parent's own level is the highest k that enough of its children reach.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from xhht_cli.plans import Plan, RatioIndicator, StandardIndicator, Target
from xhht_cli.plans.rules import Terms, one_or_all, sum_terms, total
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.values.report import Report
from xhht_cli.values.results import Validation


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
_new_result = partial(tuple.__new__, IndicatorResult)


class LevelTarget(NamedTuple):
    field: str
    level: int | None
    target: int
    target_year: int
    met: bool


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


@dataclass
class Summary:
    """The period's roll-up: every unit of the registry, top-down."""

    validation: Validation
    units: list[UnitResult]  # top-down, depth-first, as the registry's tree

    @property
    def plan(self) -> Plan:
        return self.validation.plan

    @property
    def period(self) -> str:
        return self.validation.period


def aggregate(validation: Validation) -> Summary:
    """Roll up *validation*'s current valid reports over its registry."""
    units = roll_up(
        validation.registry,
        validation.plan,
        int(validation.period),
        validation.parent,
        validation.current(),
    )
    return Summary(validation, units)


def roll_up(
    registry: Registry,
    plan: Plan,
    year: int,
    parent: str | None,
    reports: dict[str, Report],
    once: Mapping[str, str] | None = None,
) -> list[UnitResult]:
    """Roll *reports* (commune code → its report) up over *registry* for period *year*: the
    one roll-up of the current period and of every earlier period of a series. *once* maps a
    leaf to what it stands for where several leaves are parts of one commune (a carried period:
    :meth:`xhht_cli.rollup.carry.Carried.once`): above them it is expected, reported and counted once."""
    roots = [parent] if parent else [u.code for u in registry.roots]
    results: dict[str, UnitResult] = {}
    order: list[tuple[Unit, int]] = [pair for root in roots for pair in registry.walk(root)]
    for unit, depth in reversed(order):  # children before parents
        children = [
            results[c.code]
            for c in registry.children_of(unit.code)
            if c.code in results and results[c.code].expected
        ]
        result = (
            _leaf(unit, depth, reports.get(unit.code), plan, year)
            if not registry.children.get(unit.code)
            else _parent(unit, depth, children, plan)
        )
        if plan.partial:
            _partial(result, children, plan)
        results[unit.code] = result
    if once:
        _count_once(order, results, registry, once)
    compiled = _Compiled.of(plan, year, registry.levels, once or {})
    for unit, _ in order:
        _indicators(results[unit.code], results, registry, compiled)
    return [results[u.code] for u, _ in order]


def _count_once(
    order: list[tuple[Unit, int]],
    results: dict[str, UnitResult],
    registry: Registry,
    once: Mapping[str, str],
) -> None:
    """A parent's expected and reported are the distinct communes under it that are (the parts
    of one old commune are one commune), not the sum of its children's."""
    below: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    having: dict[str, dict[str, frozenset[str]]] = {}  # unit → ratio → old communes with data
    for unit, _ in reversed(order):  # children before parents
        result = results[unit.code]
        if not registry.children.get(unit.code):
            origin = frozenset((once.get(unit.code, unit.code),))
            none: frozenset[str] = frozenset()
            below[unit.code] = (
                origin if result.expected else none,
                origin if result.reported else none,
            )
            having[unit.code] = dict.fromkeys(result.partial, origin)
            continue
        kids = [c for c in registry.children.get(unit.code, []) if c in below]
        parts = [below[c] for c in kids]
        expected = frozenset().union(*(e for e, _ in parts))
        reported = frozenset().union(*(r for _, r in parts))
        below[unit.code] = (expected, reported)
        result.expected, result.reported = len(expected), len(reported)
        merged: dict[str, frozenset[str]] = {}
        for kid in kids:
            for code, origins in having[kid].items():
                merged[code] = merged.get(code, frozenset()) | origins
        having[unit.code] = merged
        for code, origins in merged.items():  # a split commune's parts have its data once
            num, den, _ = result.partial[code]
            result.partial[code] = (num, den, len(origins))


def _leaf(unit: Unit, depth: int, report: Report | None, plan: Plan, year: int) -> UnitResult:
    expected = 1 if unit.exists_in(year) else 0
    result = UnitResult(unit, depth, expected, 1 if report and expected else 0)
    if report is None or not expected:
        return result
    own = report.values
    result.values = values = {  # in the plan's order, as the JSON document lists them
        code: n
        for code in plan.fields
        if (v := own.get(code)) is not None and (n := v.value) is not None
    }
    result.levels = {code: values[code] for code in plan.level_fields if code in values}
    return result


def _partial(result: UnitResult, children: list[UnitResult], plan: Plan) -> None:
    """The sums of each ratio over optional fields: a commune's own when its report has every
    field of it, a parent's over its children's (docs/rollup.md, "Optional fields")."""
    if children:
        for code in plan.partial:
            parts = [c.partial[code] for c in children if code in c.partial]
            if parts:
                result.partial[code] = tuple(map(sum, zip(*parts, strict=True)))  # type: ignore[assignment]
        return
    values = result.values
    if not values:
        return
    for code, needs in plan.partial.items():
        if all(f in values for f in needs):
            ind = plan.indicator_map[code]
            assert isinstance(ind, RatioIndicator)
            num = sum_terms(values.get, ind.numerator_terms)
            den = sum_terms(values.get, ind.denominator_terms)
            if num is not None and den is not None:
                result.partial[code] = (num, den, 1)


def _parent(unit: Unit, depth: int, children: list[UnitResult], plan: Plan) -> UnitResult:
    result = UnitResult(
        unit, depth, sum(c.expected for c in children), sum(c.reported for c in children)
    )
    for code in plan.fields:
        present = [c.values[code] for c in children if code in c.values]
        if present:
            result.values[code] = sum(present)
    for code, fdef in plan.fields.items():
        if fdef.rollup_share is None or not children or fdef.allowed is None:
            continue
        if not any(code in c.levels for c in children):
            continue  # no child measured it: no level, not level 0 (docs/rollup.md)
        level = 0
        # Level k needs every level below it: a parent's share at level 3 may be lower than
        # at level 2 (NĐ 20: 90 % against 100 %), and passing it does not skip a level failed.
        for k in range(1, fdef.allowed[1] + 1):
            reached = sum(1 for c in children if c.levels.get(code, -1) >= k)
            if reached * 100 < fdef.rollup_share.share(unit.level, k) * len(children):
                break
            level = k
        result.levels[code] = level
    return result


# A ratio as one unit level computes it: (code, numerator, denominator, over optional fields,
# its target or None, the target's value, the target's year).
_RatioRow = tuple[str, Terms, Terms, bool, Target | None, float | None, int | None]
# A standard likewise: (the indicator, its target or None, the target's value, its year).
_StandardRow = tuple[StandardIndicator, Target | None, float | None, int | None]


@dataclass
class _Compiled:
    """The plan's indicators and targets worked out once per roll-up, not once per unit: for
    each unit level, its ratios and standards with the target that applies to it."""

    ratios: dict[str, list[_RatioRow]]  # unit level → its ratios
    standards: dict[str, list[_StandardRow]]  # unit level → its standards
    level_targets: dict[str, list[tuple[str, Target]]]  # unit level → (field, target)
    min_coverage: float = 80.0  # below it a ratio's verdict is withheld
    optional: frozenset[str] = frozenset()  # optional fields: a standard lacks them
    once: Mapping[str, str] = field(default_factory=dict)  # leaf → the commune it is part of

    @classmethod
    def of(cls, plan: Plan, year: int, levels: list[str], once: Mapping[str, str]) -> _Compiled:
        ratios: dict[str, list[_RatioRow]] = {}
        standards: dict[str, list[_StandardRow]] = {}
        for level in levels:
            ratios[level], standards[level] = [], []
            for i in plan.indicators:
                found = plan.targets_for(i.code, year, level)
                target = found[0] if found else None
                value, when = (target.value, target.year) if target else (None, None)
                if isinstance(i, RatioIndicator):
                    numerator, denominator = (
                        one_or_all(i.numerator_terms),
                        one_or_all(i.denominator_terms),
                    )
                    partial = i.code in plan.partial
                    ratios[level].append(
                        (i.code, numerator, denominator, partial, target, value, when)
                    )
                elif isinstance(i, StandardIndicator):
                    standards[level].append((i, target, value, when))
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


def _indicators(
    result: UnitResult, results: dict[str, UnitResult], registry: Registry, compiled: _Compiled
) -> None:
    # 36 indicators of 10,706 units at national scale: the loops keep what they use at hand,
    # and a value target's verdict is worked out here rather than in a call of _result.
    level_of_unit = result.unit.level
    values = result.values
    get = values.get
    out = result.indicators
    minimum = compiled.min_coverage
    covered = result.covered(minimum)
    expected_here = result.expected
    new, against, tolerance = _new_result, _result, MET_TOLERANCE
    partials = result.partial
    for code, numerator, denominator, over_part, target, goal, when in compiled.ratios.get(
        level_of_unit, ()
    ):
        having = None
        if over_part:  # over the communes that have its optional fields
            num, den, having = partials.get(code, _NO_PARTIAL)
            judged = expected_here > 0 and having * 100 >= minimum * expected_here
        else:  # total(), a single field looked up here
            num = get(numerator) if numerator.__class__ is str else total(get, numerator)
            den = get(denominator) if denominator.__class__ is str else total(get, denominator)
            judged = covered
        value = num / den * 100 if num is not None and den else None
        if target is None:
            out[code] = new((code, value, num, den, None, None, None, None, 0, having))
        elif goal is not None and target.count is None:  # as _result, without the call
            met = None if value is None or not judged else value >= goal - tolerance
            out[code] = new((code, value, num, den, goal, None, when, met, 0, having))
        else:
            out[code] = against(code, value, num, den, 0, target, judged, having)
    leaf = not registry.children.get(result.unit.code)
    levels = result.levels
    reported_all = result.reported >= expected_here
    for indicator, target, goal, when in compiled.standards.get(level_of_unit, ()):
        code = indicator.code
        if not leaf:
            reached, expected, lacking, measured = _standard(
                result, indicator, results, registry, compiled.once, compiled.optional
            )
        elif expected_here:  # a commune counts itself, if it is expected
            own = levels.get(indicator.field)
            if own is None:
                own = get(indicator.field, -1)
            reached, expected = (1 if own >= indicator.min_level else 0), 1
            lacking = 0 if reported_all and own != -1 else 1
            measured = 0 if own == -1 else 1
        else:
            reached = expected = lacking = measured = 0
        if expected and not measured:
            # No unit with the field (not yet on the form, or no report at all): no value and
            # no verdict, rather than a 0 % nobody measured (docs/rollup.md)
            out[code] = (
                new((code, None, reached, expected, None, None, None, None, lacking, None))
                if target is None
                else against(code, None, reached, expected, lacking, target)._replace(met=None)
            )
            continue
        value = reached / expected * 100 if expected else None
        if target is None:
            out[code] = new((code, value, reached, expected, None, None, None, None, lacking, None))
        elif goal is not None and target.count is None:
            met = None if value is None else value >= goal - tolerance
            out[code] = new((code, value, reached, expected, goal, None, when, met, lacking, None))
        else:
            out[code] = against(code, value, reached, expected, lacking, target)
    for code, target in compiled.level_targets.get(level_of_unit, []):
        assert target.min_level is not None
        level = levels.get(code)
        result.level_targets.append(
            LevelTarget(
                code,
                level,
                target.min_level,
                target.year,
                level is not None and level >= target.min_level,
            )
        )


_NO_PARTIAL = (None, None, 0)


def _standard(
    result: UnitResult,
    indicator: StandardIndicator,
    results: dict[str, UnitResult],
    registry: Registry,
    once: Mapping[str, str],
    optional: frozenset[str] = frozenset(),
) -> tuple[int, int, int, int]:
    """A parent's standard: (units reaching the level, units expected, expected units without
    data: no valid report, or, for an optional field, none of it; units with a level or a
    value of the field at all)."""
    code = result.unit.code
    field, low = indicator.field, indicator.min_level
    if indicator.over == "commune":
        units = [results[u.code] for u in registry.communes_under(code) if u.code in results]
    else:
        units = [results[c.code] for c in registry.children_of(code) if c.code in results]
    units = _once_each([u for u in units if u.expected], once)
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
        return _new_result(
            (
                code,
                value,
                num,
                den,
                share,
                target.count,
                target.year,
                num is not None and num >= target.count,
                lacking,
                having,
            )
        )
    met = (
        None
        if value is None or target.value is None or not judged
        else value >= target.value - MET_TOLERANCE
    )
    return _new_result(
        (code, value, num, den, target.value, None, target.year, met, lacking, having)
    )
