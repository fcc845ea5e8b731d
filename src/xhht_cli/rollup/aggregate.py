"""Aggregate: roll the valid reports up every level of the registry (docs/rollup.md).

Counts and flags are summed; ratio indicators are recomputed from the summed counts (never an
average of percentages); standard indicators count the units reaching a level, over the units
*expected*; a parent's own level is the highest k that enough of its children reach.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xhht_cli.plans import Plan, RatioIndicator
from xhht_cli.plans.rules import sum_terms
from xhht_cli.rollup.indicators import Compiled, judge
from xhht_cli.rollup.unit_result import UnitResult
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.values.report import Report
from xhht_cli.values.results import Validation


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
    compiled = Compiled.of(plan, year, registry.levels, once or {})
    for unit, _ in order:
        judge(results[unit.code], results, registry, compiled)
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
