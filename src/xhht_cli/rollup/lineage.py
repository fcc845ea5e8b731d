"""Lineage: every figure of a run walked back to the cells it came from (docs/lineage.md).

Pure functions over the run's :class:`~xhht_cli.rollup.outcome.Outcome`, nothing printed. A
value keeps its file, sheet and cell from the moment it is read (:class:`Value`); the roll-up
keeps only the integer. So a figure is traced by taking the very reports the roll-up took —
the period's reports used, or for an earlier period the same :func:`onto_today` the progress
ran (a commune split across the 2025 reform: the same parts, rounded by the same largest
remainders) — and giving, for each, its part of the figure with the cells it came from. The
parts add up to the figure the outputs print; ``tests/test_lineage.py`` checks it for every
indicator and unit of the samples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from xhht_cli.plans import RatioIndicator, StandardIndicator, Target
from xhht_cli.rollup.carry import Origin
from xhht_cli.units.unit import Unit
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report
from xhht_cli.values.results import INBOX, MTIME, Entry, Status, Validation

if TYPE_CHECKING:  # lineage renders an outcome; the outcome offers it (no cycle)
    from xhht_cli.rollup.outcome import Outcome

# Why a report was not used (Unused.reason)
SUPERSEDED, INVALID, OTHER_PERIOD, OUTSIDE, UNREADABLE, IGNORED = (
    "superseded",
    "invalid",
    "other_period",
    "outside",
    "unreadable",
    "ignored",
)
_SUPERSEDING = ("report.superseded", "report.same_content", "report.duplicate_file")


@dataclass(frozen=True)
class Submitted:
    """A report used, and the file it came from."""

    period: str
    unit: Unit  # the commune, as the registry of its own period names it
    file: str  # as the run shows it (relative to the folder given, or to the inbox)
    sha256: str
    report_date: date | None
    # seconds since the epoch when the run knows when the file arrived (the store's first
    # sight, or the file's time with --received mtime); None: not known (docs/outcome.md,
    # "The deadline")
    received: float | None
    report: Report = field(compare=False, repr=False)


@dataclass(frozen=True)
class Unused:
    """A report (or a file that gave none) the run did not use, and why."""

    period: str
    file: str
    sha256: str
    status: Status
    reason: str  # SUPERSEDED, INVALID, OTHER_PERIOD, OUTSIDE, UNREADABLE or IGNORED
    unit: Unit | None  # the commune it is of, where known
    finding: Finding | None  # the finding that says why (an invalid report's first error)
    newer: str | None = None  # superseded: the file used instead


@dataclass(frozen=True)
class Sources:
    """One period's reports: those used (by parent, then code) and those not used."""

    period: str
    used: list[Submitted]
    unused: list[Unused]


class Cell(NamedTuple):
    """One field of a line: the number rolled up and the cell it was read from. In a carried
    period a split commune's ``whole`` is the number in its cell, ``exact`` that number times
    the share, ``value`` the part rolled up (``exact`` rounded by largest remainders)."""

    field: str
    value: int | None
    sheet: str
    cell: str
    whole: int | None = None
    exact: float | None = None

    @property
    def where(self) -> str:
        """``BaoCao!E14``."""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


@dataclass(frozen=True)
class Line:
    """One unit's part of a figure: its part of the numerator and of the denominator, the
    cells they came from and the report that holds them (None: a unit without a valid
    report, or a parent whose level a standard counts)."""

    unit: Unit  # in a carried period, the old commune
    numerator: int
    denominator: int
    cells: tuple[Cell, ...] = ()
    source: Submitted | None = None
    origin: Origin | None = None  # carried: the old commune, today's commune, the share
    standing: int | None = None  # standards: the unit's level or flag (None: no data)
    reached: bool | None = None  # standards: whether it reaches the indicator's level


@dataclass(frozen=True)
class Rule:
    """How a parent's own standard level is derived: at least ``share`` % of its children at
    level ``k`` (the parent's tier), the article the plan cites for level ``k``."""

    field: str
    tier: str
    below: str  # the level of the children whose share counts
    k: int
    share: float
    tiers: dict[str, float]  # every tier above communes → its share at level k
    sources: dict[str, str]  # plan source key → its text
    level: int | None  # the unit's own derived level
    assumption: bool  # a province without districts: shares of its communes (docs/plans.md)


@dataclass(frozen=True)
class Cited:
    """The target that applies, and the plan's sources for it."""

    target: Target
    sources: dict[str, str]
    met: bool | None


@dataclass(frozen=True)
class Trace:
    """One indicator of one unit in one period, walked back to its cells."""

    unit: Unit
    indicator: RatioIndicator | StandardIndicator
    period: str
    value: float | None
    numerator: int | None
    denominator: int | None
    expected: int
    reported: int
    lines: list[Line]
    unused: list[Unused]
    missing: list[Unit]  # expected communes that sent nothing
    carried: bool = False
    rule: Rule | None = None
    target: Cited | None = None

    @property
    def line_totals(self) -> tuple[int, int]:
        return sum(x.numerator for x in self.lines), sum(x.denominator for x in self.lines)


# -- every report of a run -----------------------------------------------------------------


def sources_of(outcome: Outcome) -> list[Sources]:
    """Per period, the earlier ones first and the current one last: the reports used and
    those not used."""
    validation = outcome.validation
    return [_sources(v) for v in (*validation.earlier, validation)]


def _sources(validation: Validation) -> Sources:
    used = [
        submitted(validation, entry.unit, entry)
        for entry in validation.used().values()
        if entry.unit is not None
    ]
    used.sort(key=lambda s: (s.unit.parent_code or "", s.unit.code))
    return Sources(validation.period, used, not_used(validation))


def submitted(validation: Validation, unit: Unit, entry: Entry) -> Submitted:
    """The report of *entry* used for *unit* in *validation*'s period: when it arrived only
    where the run knows it (not a copied file's time: on the command line the form's date is
    what the run goes by)."""
    report = entry.report
    assert report is not None
    file = entry.file
    known = validation.timeliness in (INBOX, MTIME)
    return Submitted(
        validation.period,
        unit,
        file.display,
        file.sha256,
        report.report_date,
        entry.received if known else None,
        report,
    )


def not_used(validation: Validation) -> list[Unused]:
    """Every entry of *validation* that is not the report used for its unit, and why."""
    chased = {id(c.entry): c.unit for g in validation.completeness for c in g.chase}
    # a copy of a file (the same bytes) is set aside before it is read: its twin says whose
    twins = {e.file.sha256: e.unit for e in validation.entries if e.unit is not None}
    out = []
    for entry in validation.entries:
        if entry.status == Status.VALID:
            continue
        unit = entry.unit or chased.get(id(entry)) or twins.get(entry.file.sha256)
        reason, finding, newer = _why(entry)
        file = entry.file
        out.append(
            Unused(
                validation.period,
                file.display,
                file.sha256,
                entry.status,
                reason,
                unit,
                finding,
                newer,
            )
        )
    return out


def _why(entry: Entry) -> tuple[str, Finding | None, str | None]:
    """The reason, the finding that gives it, and the file used instead (superseded)."""
    findings = entry.findings
    if entry.status == Status.SUPERSEDED:
        found = next((f for f in findings if f.code in _SUPERSEDING), None)
        newer = found.params.get("newer") or found.params.get("other") if found else None
        return SUPERSEDED, found, str(newer) if newer else None
    if entry.status == Status.INVALID:
        return INVALID, entry.first_error, None
    if entry.status == Status.UNREADABLE:
        return UNREADABLE, entry.first_error or (findings[0] if findings else None), None
    for code, reason in (("period.other", OTHER_PERIOD), ("unit.outside_parent", OUTSIDE)):
        found = next((f for f in findings if f.code == code), None)
        if found is not None:
            return reason, found, None
    return IGNORED, findings[0] if findings else None, None
