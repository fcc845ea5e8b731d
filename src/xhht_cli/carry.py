"""An earlier period's commune reports on today's units (spec/progress.md, "Across the 2025
reform").

While the units are the same this is the identity. A report of a commune that is not one of
today's (it ended in the reform) goes through the registry's crosswalk to its successors: each
old commune becomes a leaf under the new commune it went into (under each, for a commune split
among several, with its counts × the share), so the one roll-up of
:func:`xhht_cli.aggregate.roll_up` recomputes every ratio from the carried counts at every
level of today's registry, and a standard over communes counts the old communes that map into
a unit, over the old communes expected there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from xhht_cli.registry import Registry, Unit
from xhht_cli.report import Report
from xhht_cli.results import Validation


@dataclass
class Carried:
    """What an earlier period's roll-up runs over: a registry, commune code → report, the year
    a leaf must exist in; whether anything went through the crosswalk, and the units of today
    whose carried figures are approximate (a split without shares, or shares estimated)."""

    registry: Registry
    reports: dict[str, Report]
    year: int
    carried: bool = False
    approximate: set[str] = field(default_factory=set)


def onto_today(earlier: Validation, today: Registry) -> Carried:
    """Map an earlier period's commune values onto today's units."""
    year = int(earlier.period)
    units = today.units
    same: dict[str, Report] = {}
    ended: dict[str, Report] = {}
    for code, report in earlier.current().items():
        if code in units and units[code].exists_in(year):
            same[code] = report
        else:
            ended[code] = report
    crosswalk = today.crosswalk
    expected_ended = [
        u
        for u in earlier.registry.communes_under(None, year)
        if not (u.code in units and units[u.code].exists_in(year))
    ]
    if crosswalk is None or not expected_ended:
        return Carried(today, same, year)
    counts = {c for c, f in earlier.plan.fields.items() if f.kind == "count"}
    leaves: dict[str, Unit] = {}
    reports = dict(same)
    approximate: set[str] = set()
    for old in expected_ended:
        successors = [s for s in crosswalk.successors(old.code) if s.code in units]
        for successor in successors:
            code = f"{old.code}>{successor.code}"  # never one of today's codes
            # an old commune counts where it went, as a unit of its own period
            leaves[code] = Unit(code, old.name, "commune", successor.code)
            if successor.approximate or successor.share != 1.0:
                approximate.add(successor.code)
            sent = ended.get(old.code)
            if sent is not None:
                reports[code] = _share(sent, successor.share, code, counts)
    if not leaves:
        return Carried(today, same, year)
    merged = Registry({**units, **leaves}, f"{today.source}+carried@{year}", today.timeline)
    approximate |= {a.code for code in approximate for a in merged.ancestors(code)}
    return Carried(merged, reports, year, True, approximate)


def _share(report: Report, share: float, code: str, counts: set[str]) -> Report:
    """*report* as the leaf *code*, its *counts* × *share* (levels and flags as they are: the
    old commune reached a level or did not)."""
    if share == 1.0:
        return replace(report, unit_code=code)
    values = {
        f: v._replace(value=round(v.value * share)) if v.value is not None and f in counts else v
        for f, v in report.values.items()
    }
    return replace(report, unit_code=code, values=values)
