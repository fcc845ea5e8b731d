"""The outcome of a run, decided once (docs/outcome.md): what every output renders.

Which units are in scope, which reports count, what each count is, which target applies, which
milestones are ahead, what is withheld or estimated: each is decided here, before any writer
starts. The terminal, the status and JSON documents, the workbook and the draft report only
render an :class:`Outcome`; none of them sums a count, looks up a target or asks the roll-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from xhht_cli.base.i18n import Lang, tr
from xhht_cli.base.lifetime import uncollected
from xhht_cli.check.validate import named_commune
from xhht_cli.plans import Plan, RatioIndicator, StandardIndicator, Target
from xhht_cli.rollup.aggregate import Summary, aggregate
from xhht_cli.rollup.caveats import Caveat, caveats
from xhht_cli.rollup.lineage import (
    OTHER_PERIOD,
    Line,
    Sources,
    Submitted,
    Trace,
    Unused,
    sources_of,
)
from xhht_cli.rollup.progress import (
    BEHIND,
    INSUFFICIENT,
    MET,
    NOT_MET,
    ON_TRACK,
    VERDICTS,
    Course,
    Milestone,
    Previous,
    Progress,
    track,
)
from xhht_cli.rollup.tally import Group, PeriodCount, Standing, Tally
from xhht_cli.rollup.trace import Tracer
from xhht_cli.rollup.unit_result import MET_TOLERANCE, IndicatorResult, LevelTarget, UnitResult
from xhht_cli.units.registry import Registry
from xhht_cli.values.approval import Approval
from xhht_cli.values.results import Entry, Status, Validation

__all__ = [
    "BEHIND",
    "INSUFFICIENT",
    "MET",
    "MET_TOLERANCE",
    "NOT_MET",
    "ON_TRACK",
    "VERDICTS",
    "Caveat",
    "Course",
    "Group",
    "IndicatorResult",
    "LevelTarget",
    "Line",
    "Milestone",
    "Outcome",
    "PeriodCount",
    "Previous",
    "Sources",
    "Standing",
    "Submitted",
    "Tally",
    "Trace",
    "Tracer",
    "UnitResult",
    "Unused",
    "decide",
]


@dataclass
class Outcome:
    """Everything a run's outputs say, decided once (docs/outcome.md)."""

    validation: Validation
    groups: list[Group]
    tally: Tally
    deadline: date | None
    summary: Summary | None = None  # the roll-up (aggregate and run; not validate or status)
    progress: Progress | None = None  # the earlier periods on today's units
    sent: dict[str, Status] = field(default_factory=dict)  # commune → what it sent
    # the approvals in force and the files they hold back (the cron run; docs/approval.md)
    approval: Approval | None = None

    # -- the run ---------------------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        return self.validation.plan

    @property
    def period(self) -> str:
        return self.validation.period

    @property
    def registry(self) -> Registry:
        """The units in scope for the period (expected, rolled up)."""
        return self.validation.registry

    @property
    def timely(self) -> bool:
        """Whether on time / late is said at all (the plan sets a deadline)."""
        return self.deadline is not None

    @property
    def timeliness_basis(self) -> str | None:
        """What "received" means for on time / late (docs/outcome.md, "The deadline"):
        ``inbox`` (``xhht run``: when the inbox first saw the file), ``report_date`` (the
        form's ``Ngày báo cáo``) or ``mtime`` (``--received mtime``); None without a deadline."""
        return self.validation.timeliness if self.timely else None

    def caveats(self, lang: Lang | None = None) -> list[Caveat]:
        """What a reader must know before trusting the figures, worded once for ``TongHop``
        and the draft report alike (:mod:`xhht_cli.rollup.caveats`)."""
        return caveats(self, lang)

    def timeliness_text(self, lang: Lang | None = None) -> str:
        """The basis as every output words it ("theo ngày báo cáo ghi trên biểu"); empty
        without a deadline."""
        basis = self.timeliness_basis
        return tr(f"timeliness.{basis}", lang) if basis else ""

    @property
    def milestones(self) -> list[int]:
        """The plan's milestones at or after the period, in order."""
        return sorted({m for m in self.plan.milestones if m >= int(self.period)})

    @property
    def last_milestone(self) -> int:
        return max(self.plan.milestones)

    def targets_year(self, unit: UnitResult) -> int | None:
        """The year of the targets *unit*'s indicators are held against, when they share one
        (in 2024 the 2025 targets apply: the outputs head their column "Mục tiêu 2025")."""
        years = {i.target_year for i in unit.indicators.values() if i.target_year is not None}
        return years.pop() if len(years) == 1 else None

    def exit_code(self, require_complete: bool = False) -> int:
        return self.validation.exit_code(require_complete)

    # -- the units ---------------------------------------------------------------------------

    @property
    def units(self) -> list[UnitResult]:
        """Every unit of the roll-up, top-down (empty without a roll-up)."""
        return self.summary.units if self.summary else []

    @property
    def top(self) -> UnitResult | None:
        """The unit the run reports on (the headline, the titles)."""
        return next((u for u in self.units if u.depth == 0), None)

    def at_level(self, level: str) -> list[UnitResult]:
        return [u for u in self.units if u.unit.level == level]

    @cached_property
    def intermediate_levels(self) -> list[str]:
        """The levels between the top and the communes (a sheet each)."""
        levels = [lvl for lvl in self.registry.levels if lvl != "commune"]
        return levels[1:] if len(levels) > 1 else []

    @property
    def chart_level(self) -> str:
        """The level the units are compared at (charts, leaders): the lowest above communes."""
        return self.intermediate_levels[-1] if self.intermediate_levels else "commune"

    @cached_property
    def communes(self) -> list[UnitResult]:
        """The expected communes, by parent then code (the leaves where there are none)."""
        registry = self.registry
        found = self.at_level("commune") or [
            u for u in self.units if not registry.children.get(u.unit.code)
        ]
        found = [u for u in found if u.expected]
        return sorted(found, key=lambda u: (u.unit.parent_code or "", u.unit.code))

    def level_basis(self, result: UnitResult) -> bool:
        """Whether the unit's own standard levels are derived from its communes (a province
        without districts: an assumption, docs/plans.md)."""
        children = self.registry.children_of(result.unit.code)
        return bool(result.levels) and self.plan.derived_from_communes(
            result.unit.level, (c.level for c in children)
        )

    @cached_property
    def derived_provinces(self) -> bool:
        """Whether any province's levels rest on the two-tier assumption."""
        return any(self.level_basis(u) for u in self.at_level("province"))

    # -- targets and verdicts ------------------------------------------------------------

    def is_ratio(self, code: str) -> bool:
        return isinstance(self.plan.indicator_map[code], RatioIndicator)

    def target(self, code: str, level: str) -> Target | None:
        """The target of indicator *code* that applies to the period at *level* (that year's,
        else the next milestone's)."""
        found = self.plan.targets_for(code, int(self.period), level)
        return found[0] if found else None

    def milestone_target(self, code: str, level: str, year: int) -> Target | None:
        """The target set for milestone *year* itself (None: none for that year)."""
        return self.plan.milestone_target(code, year, level)

    def withheld(self, result: UnitResult, ind: IndicatorResult) -> bool:
        """A ratio's verdict withheld: a value and a target, too few communes reported (for a
        ratio over optional fields: too few have its data)."""
        return (
            ind.met is None
            and ind.value is not None
            and ind.target is not None
            and self.is_ratio(ind.code)
            and not result.covered(self.plan.min_coverage, ind)
        )

    def verdict_withheld(self, result: UnitResult, code: str, verdict: str) -> bool:
        """A progress verdict is "not enough data" because too few communes reported."""
        return (
            verdict == INSUFFICIENT
            and self.is_ratio(code)
            and not result.covered(self.plan.min_coverage, result.indicators.get(code))
        )

    def data_count(self, result: UnitResult, ind: IndicatorResult) -> PeriodCount:
        """The communes an indicator of a unit stands on: its expected communes, those with a
        valid report or, for a ratio over optional fields, with its data (``k/n xã có số
        liệu``, docs/outcome.md), and the share."""
        if ind.having is None:
            return PeriodCount(result.expected, result.reported, result.coverage)
        share = ind.having * 100 / result.expected if result.expected else None
        return PeriodCount(result.expected, ind.having, share)

    def partial(self, ind: IndicatorResult) -> bool:
        """Whether the indicator is a ratio over optional fields (its own coverage)."""
        return ind.having is not None

    @cached_property
    def unplaced(self) -> list[Entry]:
        """The files that cannot be used and for which no commune is chased: unreadable, or a
        report whose commune is unknown, and not counted for a commune by its file name (it
        names none, or one that sent a valid report; a second file named for a commune chased
        already is that commune's). Someone opens them and asks who sent
        them (docs/outcome.md); ``approve`` counts them among its gaps."""
        chased = {c.unit.code for g in self.groups for c in g.chase}  # its own file among them
        registry, parent = self.registry, self.validation.parent
        return [
            e
            for e in self.validation.entries
            if e.status in (Status.INVALID, Status.UNREADABLE)
            and e.unit is None
            and ((named := named_commune(e, registry, parent)) is None or named.code not in chased)
        ]

    @cached_property
    def warned(self) -> list[Entry]:
        """The reports used whose figures carry a warning (a change far from the previous
        period's, a typed rate unlike its counts): counted as sent, to be looked at before the
        summary is signed (docs/outcome.md, "Caveats")."""
        return [e for e in self.validation.used().values() if e.warnings]

    @property
    def warnings_counted(self) -> int:
        """The warnings of the reports counted (:attr:`warned`), all together."""
        return sum(e.warnings for e in self.warned)

    @cached_property
    def unverified_shares(self) -> list[tuple[str, int, str]]:
        """(field, level, source key) of each roll-up share no text read supports, when the
        run derives a parent's own level at all (docs/plans.md, "Sources")."""
        if not any(u.levels for u in self.units if self.registry.children.get(u.unit.code)):
            return []
        return self.plan.unverified_shares

    def standing(self, result: UnitResult, ind: IndicatorResult) -> Standing | None:
        """A standard counted over units some of which lack a valid report; None otherwise."""
        standard = self.plan.indicator_map[ind.code]
        if not isinstance(standard, StandardIndicator) or not ind.lacking:
            return None
        if ind.numerator is None or ind.denominator is None:
            return None
        children = self.registry.children_of(result.unit.code)
        level = "commune" if standard.over == "commune" or not children else children[0].level
        return Standing(ind.numerator, ind.denominator, ind.lacking, level)

    # -- over time -----------------------------------------------------------------------

    @property
    def compared(self) -> bool:
        """Whether there is an earlier period (a previous value, a pace) at all."""
        return self.progress is not None and self.progress.compared

    @property
    def periods(self) -> list[str]:
        """Every period shown, oldest first, the current one last."""
        return self.progress.periods if self.progress else [self.period]

    def courses(self, result: UnitResult) -> dict[str, Course]:
        """Indicator → the unit's course through the periods (the current one alone without
        history; empty without a roll-up)."""
        return self.progress.courses(result) if self.progress else {}

    @property
    def carried(self) -> list[str]:
        """The earlier periods carried onto today's units through a crosswalk."""
        return self.progress.carried if self.progress else []

    def estimated(self, result: UnitResult) -> list[str]:
        """The carried periods whose figures for *result* are estimates."""
        if self.progress is None:
            return []
        code = result.unit.code
        return [p for p in self.carried if code in self.progress.approximate.get(p, ())]

    @property
    def unmapped(self) -> dict[str, list[str]]:
        """Period → old communes the crosswalk does not know (their figures reach no unit)."""
        return self.progress.unmapped if self.progress else {}

    def period_counts(self, result: UnitResult) -> dict[str, PeriodCount]:
        """Period → the unit's communes then, oldest first (a carried period counts old
        communes, each once)."""
        code = result.unit.code
        counts: dict[str, PeriodCount] = {}
        for period, by_code in self.progress.earlier if self.progress else []:
            past = by_code.get(code)
            if past is not None:
                counts[period] = PeriodCount(past.expected, past.reported, past.coverage)
        counts[self.period] = PeriodCount(result.expected, result.reported, result.coverage)
        return counts

    def counted(self, result: UnitResult, code: str | None = None) -> dict[str, bool]:
        """Period → whether enough communes reported then for it to be compared and fitted; for
        indicator *code* over optional fields, enough communes had its data then."""
        minimum = self.plan.min_coverage
        ind = result.indicators.get(code) if code else None
        if ind is not None and ind.having is not None:
            code = ind.code
            then = (
                {p: by.get(result.unit.code) for p, by in self.progress.earlier}
                if self.progress
                else {}
            )
            then[self.period] = result
            return {
                p: (u := then.get(p)) is not None and u.covered(minimum, u.indicators.get(code))
                for p in self.periods
            }
        counts = self.period_counts(result)
        return {
            p: (c := counts.get(p)) is not None and c.coverage is not None and c.coverage >= minimum
            for p in self.periods
        }

    # -- lineage (docs/lineage.md) -----------------------------------------------------------

    @cached_property
    def sources(self) -> list[Sources]:
        """Per period, the earlier ones first and the current one last: every report used
        (its file, date, received time, SHA-256 and cells) and every report not used, and why."""
        return sources_of(self)

    @cached_property
    def misdated(self) -> dict[str, list[Entry]]:
        """Commune code → its files of an earlier period made in this period's year, half a
        year after their own ended (``period.suspect``: the year perhaps mistyped), for the
        communes that sent nothing of this period: said beside them, not left "not sent"
        without a word."""
        missing = {u.code for g in self.groups for u in g.missing}
        found: dict[str, list[Entry]] = {}
        for e in self.validation.entries:
            suspect = any(f.code == "period.suspect" for f in e.findings)
            if suspect and e.unit is not None and e.unit.code in missing:
                found.setdefault(e.unit.code, []).append(e)
        return found

    @cached_property
    def unused_now(self) -> list[Unused]:
        """The current period's files not used, but for those an earlier period's figures came
        from (a cron inbox holds last year's reports: they are that period's sources, listed
        with it, not files "of another period, ignored")."""
        earlier = {(u.file, u.sha256) for s in self.sources[:-1] for u in s.used}
        return [
            u
            for u in self.sources[-1].unused
            if not (u.reason == OTHER_PERIOD and (u.file, u.sha256) in earlier)
        ]

    @cached_property
    def tracer(self) -> Tracer:
        """Traces of the run's figures (``xhht trace``), each period worked out once."""
        return Tracer(self)

    def trace(self, unit: str, indicator: str, period: str | None = None) -> Trace:
        """Indicator *indicator* of *unit* in *period* (the run's by default) walked back to
        the cells it came from."""
        return self.tracer.trace(unit, indicator, period or self.period)


@uncollected
def decide(validation: Validation, roll: bool = True) -> Outcome:
    """The outcome of *validation*: the completeness tallied; with *roll*, the roll-up of the
    period and of every earlier period on today's units (docs/outcome.md)."""
    deadline = validation.plan.deadline_of(int(validation.period))
    timely = deadline is not None
    groups = [
        Group(c.parent, c.missing, c.chase, Tally.of([c], timely)) for c in validation.completeness
    ]
    sent: dict[str, Status] = {}
    for c in validation.completeness:
        sent.update(dict.fromkeys(c.received, Status.VALID))
        sent.update({chase.unit.code: chase.status for chase in c.chase})
    outcome = Outcome(
        validation, groups, Tally.of(validation.completeness, timely), deadline, sent=sent
    )
    if roll:
        outcome.summary = aggregate(validation)
        outcome.progress = track(outcome.summary)
    return outcome
