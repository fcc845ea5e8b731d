"""One figure of a run walked back to its cells: what ``xhht trace`` prints (docs/lineage.md).

The lines are worked out from the very reports the roll-up took: the period's reports used,
or for an earlier period those :func:`~xhht_cli.rollup.carry.onto_today` gives (the progress
runs the same call, so a split commune's parts are the same numbers). A ratio's line is a
commune's numerator and denominator terms with their cells; a standard's line is a unit it
counts, its level and whether it reaches the indicator's; the totals of the lines are the
figure the outputs print.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xhht_cli.plans import Plan, RatioIndicator, StandardIndicator
from xhht_cli.plans.model import split_keys
from xhht_cli.rollup.aggregate import roll_up
from xhht_cli.rollup.carry import Origin, onto_today
from xhht_cli.rollup.lineage import Cell, Cited, Line, Rule, Trace, Unused, not_used, submitted
from xhht_cli.rollup.unit_result import UnitResult
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.values.report import Report
from xhht_cli.values.results import Entry, Validation

if TYPE_CHECKING:  # the outcome offers the trace (no cycle)
    from xhht_cli.rollup.outcome import Outcome


@dataclass
class _View:
    """What one period's roll-up ran over: its registry (with the carried leaves), leaf →
    report, leaf → origin, and every unit's result."""

    plan: Plan
    validation: Validation
    registry: Registry
    year: int
    reports: dict[str, Report]
    results: dict[str, UnitResult]
    origins: dict[str, Origin] = field(default_factory=dict)
    carried: bool = False
    used: dict[str, Entry] = field(init=False)
    unused: list[Unused] = field(init=False)
    _leaves: dict[str, list[Unit]] = field(init=False, default_factory=dict)
    _inside: dict[str, set[str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.used = self.validation.used()
        self.unused = not_used(self.validation)

    def leaves(self, code: str) -> list[Unit]:
        """The leaves under *code* that exist in the period, in the registry's order (a unit
        is traced once per indicator: walked once)."""
        if code not in self._leaves:
            self._leaves[code] = [
                u
                for u, _ in self.registry.walk(code)
                if self.leaf(u.code) and u.exists_in(self.year)
            ]
        return self._leaves[code]

    def inside(self, code: str) -> set[str]:
        """The codes a report under *code* may carry: every unit below it (itself included)
        and, in a carried period, the old communes that went into them."""
        if code not in self._inside:
            found = {u.code for u, _ in self.registry.walk(code)}
            found |= {o.old.code for leaf, o in self.origins.items() if leaf in found}
            self._inside[code] = found
        return self._inside[code]

    def entry(self, leaf: str) -> Entry:
        """The entry whose report a leaf rolled up (a carried leaf: its old commune's)."""
        origin = self.origins.get(leaf)
        return self.used[origin.old.code if origin else leaf]

    def leaf(self, code: str) -> bool:
        return not self.registry.children.get(code)


class Tracer:
    """Traces of one run: each period's view worked out once, however many are asked for."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self._views: dict[str, _View] = {}
        self._shown: dict[str, dict[str, UnitResult]] = {}

    def traceable(self, unit_code: str, period: str) -> bool:
        """Whether *unit_code* is one of the run's units in *period*, one of its periods."""
        return period in self.outcome.periods and unit_code in self.shown(period)

    def shown(self, period: str) -> dict[str, UnitResult]:
        """Unit code → its result as the outputs print it (the progress's, earlier)."""
        if period not in self._shown:
            outcome = self.outcome
            if period == outcome.period:
                found = {u.unit.code: u for u in outcome.units}
            else:
                found = dict(outcome.progress.earlier if outcome.progress else []).get(period, {})
            self._shown[period] = found
        return self._shown[period]

    def view(self, period: str) -> _View:
        if period not in self._views:
            self._views[period] = _view(self.outcome, period)
        return self._views[period]

    def trace(self, unit_code: str, code: str, period: str) -> Trace:
        """Indicator *code* of unit *unit_code* in *period* (the run's or an earlier one),
        line by line; the unit must be :meth:`traceable`, the indicator the plan's."""
        view = self.view(period)
        plan = view.plan
        indicator = plan.indicator_map[code]
        result = self.shown(period)[unit_code]
        figure = result.indicators[code]
        rule = None
        if isinstance(indicator, RatioIndicator):
            lines = _ratio_lines(view, unit_code, indicator)
        else:
            lines = _standard_lines(view, unit_code, indicator)
            rule = _rule(view, result, indicator)
        unused = _unused_under(view, unit_code, top=result.depth == 0)
        return Trace(
            result.unit,
            indicator,
            period,
            figure.value,
            figure.numerator,
            figure.denominator,
            result.expected,
            result.reported,
            lines,
            unused,
            _missing(view, unit_code, unused),
            view.carried,
            rule,
            _cited(plan, code, result, period, figure.met),
        )


def _view(outcome: Outcome, period: str) -> _View:
    validation, plan = outcome.validation, outcome.plan
    if period == validation.period:
        results = {u.unit.code: u for u in outcome.units}
        return _View(
            plan, validation, validation.registry, int(period), validation.current(), results
        )
    earlier = next(v for v in validation.earlier if v.period == period)
    on = onto_today(earlier, validation.registry)  # as the progress carries it
    units = roll_up(on.registry, plan, on.year, validation.parent, on.reports, on.once())
    results = {u.unit.code: u for u in units}
    return _View(plan, earlier, on.registry, on.year, on.reports, results, on.origins, on.carried)


def _ratio_lines(view: _View, unit_code: str, indicator: RatioIndicator) -> list[Line]:
    """Every leaf under the unit whose report was rolled up: its parts of both sums."""
    above, below = indicator.numerator_terms, indicator.denominator_terms
    fields = list(dict.fromkeys((*above, *below)))
    # a ratio over optional fields stands on the communes that gave every one of them
    needs = view.plan.partial.get(indicator.code, ())
    lines = []
    for unit in view.leaves(unit_code):
        report = view.reports.get(unit.code)
        if report is None or any(report.number(f) is None for f in needs):
            continue
        lines.append(_line(view, unit, report, fields, _sum(report, above), _sum(report, below)))
    return lines


def _sum(report: Report, terms: Iterable[str]) -> int:
    """The report's part of a sum of fields (a field without a value adds nothing above)."""
    return sum(n for t in terms if (n := report.number(t)) is not None)


def _line(
    view: _View,
    unit: Unit,
    report: Report,
    fields: list[str],
    numerator: int,
    denominator: int,
    standing: int | None = None,
    reached: bool | None = None,
) -> Line:
    origin = view.origins.get(unit.code)
    entry = view.entry(unit.code)
    cells = tuple(_cell(view, report, entry, f, origin) for f in fields if f in report.values)
    source = submitted(view.validation, entry.unit or unit, entry)
    shown = origin.old if origin else unit
    return Line(shown, numerator, denominator, cells, source, origin, standing, reached)


def _cell(view: _View, part: Report, entry: Entry, code: str, origin: Origin | None) -> Cell:
    """A field's cell; for a part of a split commune, the whole and the exact product too."""
    value = part.values[code]
    if origin is None or origin.share == 1.0 or view.plan.fields[code].kind != "count":
        return Cell(code, value.value, value.sheet, value.cell)
    whole = entry.report.number(code) if entry.report else None
    exact = whole * origin.share if whole is not None else None
    return Cell(code, value.value, value.sheet, value.cell, whole, exact)


def _standard_lines(view: _View, unit_code: str, indicator: StandardIndicator) -> list[Line]:
    """The units the standard counts (docs/rollup.md, "Standard indicators"): the commune
    itself, its children, or every commune below; each old commune once."""
    registry, results = view.registry, view.results
    if view.leaf(unit_code):
        counted = [unit_code]
    elif indicator.over == "commune":
        counted = [u.code for u in registry.communes_under(unit_code)]
    else:
        counted = [c.code for c in registry.children_of(unit_code)]
    counted = _once_each([c for c in counted if c in results and results[c].expected], view)
    lines = []
    for code in counted:
        result = results[code]
        standing = result.levels.get(indicator.field, result.values.get(indicator.field))
        reached = standing is not None and standing >= indicator.min_level
        report = view.reports.get(code) if view.leaf(code) and result.reported else None
        if report is not None:
            lines.append(
                _line(
                    view, result.unit, report, [indicator.field], int(reached), 1, standing, reached
                )
            )
            continue
        origin = view.origins.get(code)
        shown = origin.old if origin else result.unit
        lines.append(
            Line(shown, int(reached), 1, origin=origin, standing=standing, reached=reached)
        )
    return lines


def _once_each(codes: list[str], view: _View) -> list[str]:
    """An old commune split among several of today's counts once (its first part), as the
    roll-up counts it."""
    seen: set[str] = set()
    kept = []
    for code in codes:
        origin = view.origins.get(code)
        key = origin.old.code if origin else code
        if key not in seen:
            seen.add(key)
            kept.append(code)
    return kept


def _rule(view: _View, result: UnitResult, indicator: StandardIndicator) -> Rule | None:
    """The share of its children a parent needs at the indicator's level, and the article
    the plan cites for it (none for a commune: its level is its own report's)."""
    plan = view.plan
    fdef = plan.fields.get(indicator.field)
    shares = fdef.rollup_share if fdef else None
    unit = result.unit
    children = view.registry.children_of(unit.code)
    if shares is None or not children or unit.level == "commune":
        return None
    k = indicator.min_level
    keys = split_keys(shares.source.get(k, ""))
    return Rule(
        indicator.field,
        unit.level,
        children[0].level,
        k,
        shares.share(unit.level, k),
        {lvl: shares.share(lvl, k) for lvl in view.registry.levels if lvl != "commune"},
        {key: plan.sources.get(key, "") for key in keys},
        result.levels.get(indicator.field),
        plan.derived_from_communes(unit.level, (c.level for c in children)),
    )


def _cited(
    plan: Plan, code: str, result: UnitResult, period: str, met: bool | None
) -> Cited | None:
    """The target that applies to the period at the unit's level, and its sources."""
    found = plan.targets_for(code, int(period), result.unit.level)
    if not found:
        return None
    target = found[0]
    return Cited(target, {k: plan.sources.get(k, "") for k in target.source_keys}, met)


def _unused_under(view: _View, unit_code: str, top: bool) -> list[Unused]:
    """The reports not used of the communes under the unit (at the top of the run: every
    one, those of no known commune and outside the scope included)."""
    every = view.unused
    if top:
        return every
    inside = view.inside(unit_code)
    return [u for u in every if u.unit is not None and u.unit.code in inside]


def _missing(view: _View, unit_code: str, unused: list[Unused]) -> list[Unit]:
    """The communes under the unit expected in the period that sent nothing at all."""
    sent = {u.unit.code for u in unused if u.unit is not None}
    missing: dict[str, Unit] = {}
    for unit in view.leaves(unit_code):
        if unit.code in view.reports:
            continue
        origin = view.origins.get(unit.code)
        shown = origin.old if origin else unit
        if shown.code not in sent and shown.code not in view.used:
            missing.setdefault(shown.code, shown)
    return list(missing.values())
