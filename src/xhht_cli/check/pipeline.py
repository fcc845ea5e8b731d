"""The pipeline over a batch of inputs: discover → read → identify → validate.

Returns a :class:`~xhht_cli.values.results.Validation` (values, not printing); aggregation and
writing take it from here.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from itertools import chain, islice
from pathlib import Path

from xhht_cli.base.errors import XhhtError
from xhht_cli.base.i18n import tr
from xhht_cli.check import duplicates
from xhht_cli.check.identify import identify, unit_from_file_name
from xhht_cli.check.validate import (
    check_header,
    check_history,
    check_rules,
    check_values,
    completeness,
    timeliness_basis,
)
from xhht_cli.plans import Plan
from xhht_cli.read import FileRead, Known
from xhht_cli.read.discover import InputFile, found
from xhht_cli.read.limits import Limits
from xhht_cli.read.pool import read_many
from xhht_cli.units.registry import Registry, Unit
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report
from xhht_cli.values.results import REPORT_DATE, Entry, Status, Validation

Progress = Callable[[int, int], None]
Read = FileRead  # (file, reports, findings)


def usable_cores() -> int:
    """The cores this process may run on (a cron job pinned to one core gets one worker)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def read_all(
    files: Iterable[InputFile],
    plan: Plan,
    progress: Progress | None = None,
    workers: int | None = None,
    known: Known = frozenset(),
    each: Callable[[Read], None] | None = None,
) -> list[Read]:
    """Read every file (the costly part; one file never stops the batch) in worker processes
    across the cores, each file within the time budget of :class:`Limits`. *files* may be an
    iterator still finding them; the reads come back in the order of the files' names, each
    file as read (its sha256 and kind). Contents in *known* are hashed, not read; *each* is
    given every file that gave reports as soon as it is read (:func:`read_many`)."""
    cores = workers if workers is not None else usable_cores()
    source = iter(files)
    first = list(islice(source, 32 * cores))  # a few files need no second process
    workers = max(1, min(cores, len(first) // 32 or 1))
    outcomes = read_many(
        chain(first, source), plan, workers, Limits.from_env(), progress, known=known, each=each
    )
    return sorted(outcomes, key=lambda read: read.file.display)


def validate_inputs(
    paths: list[Path],
    plan: Plan,
    registry: Registry,
    period: str | None = None,
    parent: str | None = None,
    history: list[Path] | None = None,
    progress: Progress | None = None,
    infer_scope: bool = False,
    received: str = REPORT_DATE,
) -> Validation:
    """Read and check every report under *paths* (docs/pipeline.md); with *infer_scope*, the
    province every report lies in is the scope (:func:`narrowed`); *received* as in
    :func:`validate_reads`."""
    for path in [*paths, *(history or [])]:
        if not path.exists():
            raise XhhtError(tr("cli.path_missing", path=path))
    inferring = infer_scope and parent is None
    early = None if history or inferring else EarlyChecks.of(plan, registry, period, parent)
    # files are read as they are found, and checked as they are read where nothing read later
    # can change the check
    reads = read_all(found(paths), plan, progress, each=early)
    earlier = read_all(found(history), plan) if history else []
    return validate_scoped(
        reads, earlier, plan, registry, period, parent, inferring, received, early
    )


def validate_scoped(
    reads: list[Read],
    earlier: list[Read],
    plan: Plan,
    registry: Registry,
    period: str | None,
    parent: str | None = None,
    inferring: bool = False,
    received: str = REPORT_DATE,
    early: EarlyChecks | None = None,
) -> Validation:
    """:func:`validate_reads` of files read from paths, in the scope given or, *inferring*,
    the one province every report lies in (:func:`narrowed`): the one place the command line
    decides its scope (``validate``, ``aggregate``, ``status`` and ``trace`` alike)."""
    scoped = narrowed(reads, registry, period) if inferring else None
    validation = validate_reads(
        reads, plan, scoped or registry, period, parent, earlier, received, early
    )
    validation.inferred = scoped is not None
    return validation


class EarlyChecks:
    """Each report identified and checked as soon as its file is read, while the workers read
    on (docs/pipeline.md, "Checked as they are read"): the parent has little else to do then,
    and a national batch's checks (0.4 s) leave the single-core stretch after the reading.

    Only where the check is the one :func:`validate_reads` would make: the period given, no
    history (the change warnings compare with it), the scope given (not inferred from what is
    read). :func:`validate_reads` takes each entry checked here for the report it was made of,
    and decides everything else (duplicates, completeness) itself."""

    def __init__(self, plan: Plan, registry: Registry, period: str, parent: str | None) -> None:
        self.plan, self.registry, self.period, self.parent = plan, registry, period, parent
        self.year = int(period)
        self.entries: dict[int, tuple[Report, Entry]] = {}  # id of the report read → its entry

    @classmethod
    def of(
        cls, plan: Plan, registry: Registry, period: str | None, parent: str | None
    ) -> EarlyChecks | None:
        """The early checks of a run, or None where they would not be the run's own."""
        if period is None or not (period.isdigit() and len(period) == 4):
            return None
        if parent is not None and parent not in registry.as_of(int(period)):
            return None  # validate_reads refuses the parent, naming it
        return cls(plan, registry, period, parent)

    def __call__(self, read: Read) -> None:
        for index, report in enumerate(read.reports):
            entry = _entry(read.file, index, report, self.registry, self.period, self.parent)
            if entry.status == Status.PENDING:
                _check_entry(entry, self.plan, self.period, self.year, {})
            self.entries[id(report)] = (report, entry)

    def made_for(
        self,
        plan: Plan,
        registry: Registry,
        period: str,
        parent: str | None,
        history: list[Read] | None,
    ) -> bool:
        """Whether these checks are the ones a validation of this scope would make."""
        same = plan is self.plan and registry is self.registry
        return same and (period, parent) == (self.period, self.parent) and not history

    def entry(self, report: Report) -> Entry | None:
        """The entry checked early for *report* (the very object read), if any."""
        found = self.entries.get(id(report))
        return found[1] if found is not None and found[0] is report else None


def validate_reads(
    reads: list[Read],
    plan: Plan,
    registry: Registry,
    period: str | None = None,
    parent: str | None = None,
    history: list[Read] | None = None,
    received: str = REPORT_DATE,
    early: EarlyChecks | None = None,
) -> Validation:
    """Check reports already read (from files, or from the submissions store): each identified
    against the units of its own period, the scope (*registry*, narrowed by *parent*) deciding
    both which reports belong and which communes are expected (docs/pipeline.md, "Scope").
    *received*: what on time / late is counted by on the command line (the store's first
    sight of a file always, when there is one). *early*: the entries checked as the reports
    were read (:class:`EarlyChecks`), taken where they are this call's own."""
    period = period or _infer_period([r.period for read in reads for r in read.reports if r.period])
    year = int(period)
    view = registry.as_of(year)
    if parent is not None and parent not in view:
        raise XhhtError(tr("units.unknown_parent_option", code=parent))
    earlier = validate_earlier(history or [], plan, registry, period, parent)
    previous = _latest_used(earlier)
    if early is not None and not early.made_for(plan, registry, period, parent, history):
        early = None  # checked against another scope or without the history: checked here
    entries = _entries(reads, registry, period, parent, early)
    for entry in entries:
        if entry.status == Status.PENDING:
            _check_entry(entry, plan, period, year, previous)
    duplicates.resolve(entries)
    validation = Validation(plan, view, period, parent, entries, earlier=earlier)
    validation.notices = _no_file_of_period(entries, period)
    validation.timeliness = basis = timeliness_basis(entries, received)
    deadline = plan.deadline_of(year)
    validation.completeness = completeness(view, entries, year, parent, deadline, basis)
    return validation


def narrowed(reads: list[Read], registry: Registry, period: str | None) -> Registry | None:
    """*registry* narrowed to the one province every identified report of the period lies in
    (a province's analyst is not shown 3,000 missing communes of the others); None when the
    reports lie in several provinces, or in none."""
    periods = [r.period for read in reads for r in read.reports if r.period]
    if registry.scope is not None or not periods:
        return None
    period = period or _infer_period(periods)
    view = registry.as_of(int(period))
    provinces = {
        _province_of(view, found.unit.code)
        for read in reads
        for report in read.reports
        if report.period == period and (found := identify(report, view)).unit is not None
    }
    if len(provinces) != 1 or None in provinces:
        return None
    code = provinces.pop()
    assert code is not None
    return registry.subtree(code) if code in registry else view.subtree(code)


def _province_of(registry: Registry, code: str) -> str | None:
    """The province *code* lies in (None: not under a province)."""
    chain = [registry[code], *registry.ancestors(code)]
    return next((u.code for u in chain if u.level == "province"), None)


def validate_earlier(
    reads: list[Read], plan: Plan, registry: Registry, period: str, parent: str | None
) -> list[Validation]:
    """Each period before *period* among *reads*, checked like the current one against the
    units of its own period (``registry.as_of``), oldest first."""
    by_period: dict[str, list[Read]] = defaultdict(list)
    for file, reports, findings in reads:
        periods = sorted(
            {r.period for r in reports if r.period and r.period.isdigit() and r.period < period}
        )
        for earlier in periods:
            chosen = [r for r in reports if r.period == earlier]
            by_period[earlier].append(FileRead(file, chosen, findings))
    validations = []
    for earlier, group in sorted(by_period.items()):
        within = parent if parent is None or parent in registry.as_of(int(earlier)) else None
        validations.append(validate_reads(group, plan, registry, earlier, within))
    return validations


def _entries(
    read: list[Read],
    registry: Registry,
    period: str,
    parent: str | None,
    early: EarlyChecks | None = None,
) -> list[Entry]:
    entries: list[Entry] = []
    seen_hashes: dict[str, str] = {}
    for file, reports, file_findings in read:
        if not reports:
            entries.append(_no_report(file, file_findings, registry, period, parent))
            continue
        if file.sha256 in seen_hashes:
            duplicate = Finding(
                "report.duplicate_file",
                "warning",
                file.display,
                params={"other": seen_hashes[file.sha256]},
            )
            entries.append(Entry(file, Status.SUPERSEDED, findings=[duplicate]))
            continue
        seen_hashes[file.sha256] = file.display
        for index, report in enumerate(reports):
            checked = early.entry(report) if early is not None else None
            entries.append(checked or _entry(file, index, report, registry, period, parent))
    return entries


def _no_report(
    file: InputFile, findings: list[Finding], registry: Registry, period: str, parent: str | None
) -> Entry:
    """A file that gave no report: ignored, or unreadable — unless its name places it under a
    commune outside the scope (then it is none of this run's business, and said so)."""
    if file.kind == "ignored":
        return Entry(file, Status.IGNORED, findings=list(findings))
    view = registry.as_of(int(period))
    if parent is not None or view.scope is not None:
        wide = view if parent is not None else registry.wide_as_of(int(period))
        unit = unit_from_file_name(file.display, wide)
        if unit is not None and not (
            unit.code in view and (parent is None or _under(view, unit.code, parent))
        ):
            owner = view.units.get(parent or (view.roots[0].code if view.roots else ""))
            note = Finding(
                "unit.outside_parent",
                "info",
                file.display,
                unit_code=unit.code,
                params={
                    "code": unit.code,
                    "name": unit.name,
                    "parent": owner.name if owner else parent,
                },
            )
            return Entry(file, Status.IGNORED, unit=unit, findings=[note])
    return Entry(file, Status.UNREADABLE, findings=list(findings))


def _entry(
    file: InputFile, index: int, report: Report, registry: Registry, period: str, parent: str | None
) -> Entry:
    """One report identified: against the units of its own period; outside the scope, or of
    another period, it is ``ignored`` with one finding and nothing else said of it here."""
    if report.period and report.period != period:
        return _other_period(file, index, report, registry, period)
    view = registry.as_of(int(period))
    found = identify(report, view, parent)
    unit = found.unit
    if unit is None and parent is not None:  # a name known outside the parent is not unknown
        unit = identify(report, view).unit
    outside = _outside(report, unit, view, registry.wide_as_of(int(period)), parent)
    if outside is not None:
        return Entry(file, Status.IGNORED, report, outside[0], [outside[1]], index)
    if unit is not None and report.unit_code != unit.code:
        # the report as identified (lost zeros restored, or found by name); the one read is
        # left as it was
        report = replace(report, unit_code=unit.code)
    if found.findings:
        report = replace(report, findings=[*report.findings, *found.findings])
    return Entry(file, Status.PENDING, report, unit, index=index)


def _other_period(
    file: InputFile, index: int, report: Report, registry: Registry, period: str
) -> Entry:
    """A report of another period: known by the units of *its* period, never an error here."""
    unit = None
    if report.period and report.period.isdigit() and len(report.period) == 4:
        unit = identify(report, registry.as_of(int(report.period))).unit
    other = Finding(
        "period.other",
        "warning",
        report.path,
        report.sheet,
        report.period_cell,
        unit.code if unit else report.unit_code,
        params={"period": report.period, "expected": period},
    )
    return Entry(file, Status.IGNORED, report, unit, [other], index)


def _outside(
    report: Report, unit: Unit | None, view: Registry, wide: Registry, parent: str | None
) -> tuple[Unit, Finding] | None:
    """The unit of a report that lies outside the scope, and the info saying so; None when it
    belongs (or is known nowhere: identification has said so)."""
    if unit is not None:
        if parent is None or _under(view, unit.code, parent):
            return None
        scope: str | None = parent
    else:
        if view is wide or not report.unit_code:  # nothing wider to look the code up in
            return None
        raw = report.unit_code
        unit = wide.units.get(raw if raw in wide else wide.pad_code(raw))
        if unit is None:
            return None
        scope = parent or (view.roots[0].code if view.roots else None)
    owner = view.units.get(scope or "")
    note = Finding(
        "unit.outside_parent",
        "info",
        report.path,
        report.sheet,
        report.unit_code_cell,
        unit.code,
        params={"code": unit.code, "name": unit.name, "parent": owner.name if owner else scope},
    )
    return unit, note


def _under(registry: Registry, code: str, parent: str) -> bool:
    return code == parent or any(a.code == parent for a in registry.ancestors(code))


def _no_file_of_period(entries: list[Entry], period: str) -> list[Finding]:
    """A run in which no report is of the period says which periods the files are of."""
    if any(e.report is not None and e.report.period == period for e in entries):
        return []
    found = Counter(e.report.period for e in entries if e.report is not None and e.report.period)
    listed = ", ".join(f"{p} ({n})" for p, n in sorted(found.items())) or "—"
    return [
        Finding(
            "report.no_file_of_period",
            "error",
            "",
            params={"period": period, "periods": listed},
        )
    ]


def _infer_period(found: list[str]) -> str:
    periods = Counter(found)
    if len(periods) == 1:
        return next(iter(periods))
    if not periods:
        raise XhhtError(tr("cli.no_period"))
    listed = ", ".join(f"{p} ({n})" for p, n in sorted(periods.items()))
    raise XhhtError(tr("cli.periods_differ", periods=listed))


def _named(finding: Finding, plan: Plan) -> Finding:
    """A finding whose message names a field by its code (the reader knows no plan's labels):
    named as people read it, the code beside (``"Số cán bộ khuyến học" (KH_CB)``)."""
    code = finding.params.get("field")
    if code is None or code != finding.field or code not in plan.fields:
        return finding
    fdef = plan.fields[code]
    english = f'"{fdef.label_en}" ({code})' if fdef.label_en else code
    named = {"field": f'"{fdef.label}" ({code})', "field_en": english}
    return replace(finding, params={**finding.params, **named})


def _latest_used(earlier: list[Validation]) -> dict[str, Report]:
    """Unit code → the report used for it in the latest earlier period that has one: the
    yardstick of the change warnings is the report the outputs' "previous" value comes from
    (validated, its duplicates resolved)."""
    latest: dict[str, Report] = {}
    for validation in earlier:  # oldest first: a later period overwrites
        latest.update(validation.current())
    return latest


def _check_entry(
    entry: Entry, plan: Plan, period: str, year: int, previous: dict[str, Report]
) -> None:
    report, unit = entry.report, entry.unit
    assert report is not None
    entry.findings = list(report.findings)
    if report.period is None:
        entry.findings.append(
            Finding(
                "report.no_period",
                "error",
                report.path,
                report.sheet,
                report.period_cell,
                report.unit_code,
            )
        )
    if unit is not None and not unit.exists_in(year):
        entry.findings.append(
            Finding(
                "unit.not_expected",
                "error",
                report.path,
                report.sheet,
                report.unit_code_cell,
                unit.code,
                params={"code": unit.code, "name": unit.name, "period": period},
            )
        )
    if report.layout == "form":  # wide and long tables carry no header block
        entry.findings.extend(check_header(report))
    entry.findings.extend(check_values(report, plan))
    entry.findings.extend(check_rules(report, plan, unit))
    if unit is not None and unit.code in previous:
        entry.findings.extend(check_history(report, previous[unit.code], plan))
    if unit is not None:
        entry.findings = [
            f if f.unit_code else replace(f, unit_code=unit.code) for f in entry.findings
        ]
    entry.findings = [_named(f, plan) for f in entry.findings]
    entry.status = Status.INVALID if entry.errors or unit is None else Status.VALID
