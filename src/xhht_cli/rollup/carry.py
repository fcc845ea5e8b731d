"""An earlier period's commune reports on today's units (docs/progress.md, "Across the 2025
reform").

While the units are the same this is the identity. A report of a commune that is not one of
today's (it ended in the reform) goes through the registry's crosswalk to its successors: each
old commune becomes a leaf under the new commune it went into (under each, for a commune split
among several, with its counts × the share), so the one roll-up of
:func:`xhht_cli.rollup.aggregate.roll_up` recomputes every ratio from the carried counts at every
level of today's registry, and a standard over communes counts the old communes that map into
a unit, over the old communes expected there.

Where each leaf came from is data (:class:`Origin`: the old commune, the new one, the share),
never read back out of a code: an old commune split among several counts once above them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.values.report import Report
from xhht_cli.values.results import Validation


@dataclass(frozen=True)
class Origin:
    """A leaf of a carried roll-up: the part of an old commune that went into one of today's
    communes (``share`` of its counts; the whole of it when 1)."""

    old: Unit
    new_code: str
    share: float
    approximate: bool  # a split without shares, or shares estimated


@dataclass
class Carried:
    """What an earlier period's roll-up runs over: a registry, commune code → report, the year
    a leaf must exist in; whether anything went through the crosswalk, the units of today whose
    carried figures are approximate, and each carried leaf's origin (by the leaf's code)."""

    registry: Registry
    reports: dict[str, Report]
    year: int
    carried: bool = False
    approximate: set[str] = field(default_factory=set)
    unmapped: list[str] = field(default_factory=list)  # ended old communes with no successor
    origins: dict[str, Origin] = field(default_factory=dict)

    def once(self) -> dict[str, str]:
        """Leaf code → the old commune it stands for: what counts once above a split."""
        return {code: origin.old.code for code, origin in self.origins.items()}


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
    origins: dict[str, Origin] = {}
    reports = dict(same)
    approximate: set[str] = set()
    unmapped: list[str] = []
    for old in expected_ended:
        every = crosswalk.successors(old.code)
        if not every:
            unmapped.append(old.code)  # its values reach none of today's units: said aloud
        sent = ended.get(old.code)
        parts: list[Report | None] = [None] * len(every)
        if sent is not None:
            parts = list(_split(sent, [s.share for s in every], counts))
        for successor, part in zip(every, parts, strict=True):
            if successor.code not in units:
                continue
            # a key of its own, never one of today's codes, and never read back: the origin
            # says what the leaf is
            code = f"{old.code}\x1f{successor.code}"
            # an old commune counts where it went, as a unit of its own period
            leaves[code] = Unit(code, old.name, "commune", successor.code)
            rough = successor.approximate or successor.share != 1.0
            origins[code] = Origin(old, successor.code, successor.share, rough)
            if rough:
                approximate.add(successor.code)
            if part is not None:
                reports[code] = replace(part, unit_code=code)
    if not leaves:
        return Carried(today, same, year, unmapped=unmapped)
    merged = Registry({**units, **leaves}, f"{today.source}+carried@{year}", today.timeline)
    approximate |= {a.code for code in approximate for a in merged.ancestors(code)}
    return Carried(merged, reports, year, True, approximate, unmapped, origins)


def _split(report: Report, shares: list[float], counts: set[str]) -> list[Report]:
    """*report* divided among successors by *shares*: each count × its share, rounded so the
    parts add up to the whole (largest remainders), so a province's carried total is the sum
    of its old communes exactly; levels and flags as they are (the old commune reached a
    level or did not)."""
    if len(shares) == 1 and shares[0] == 1.0:
        return [report]
    split: list[dict[str, object]] = [{} for _ in shares]
    for code, value in report.values.items():
        if value.value is None or code not in counts:
            for part in split:
                part[code] = value
            continue
        exact = [value.value * share for share in shares]
        whole = [int(x) for x in exact]
        order = sorted(range(len(shares)), key=lambda i: exact[i] - whole[i], reverse=True)
        for i in order[: max(0, round(sum(exact)) - sum(whole))]:
            whole[i] += 1
        for part, number in zip(split, whole, strict=True):
            part[code] = value._replace(value=number)
    return [replace(report, values=part) for part in split]  # type: ignore[arg-type]
