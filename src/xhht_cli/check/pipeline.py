"""The pipeline over a batch of inputs: discover → read → identify → validate.

Returns a :class:`~xhht_cli.values.results.Validation` (values, not printing); aggregation and
writing take it from here.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import chain, islice
from pathlib import Path

from xhht_cli.base.errors import XhhtError
from xhht_cli.base.i18n import MESSAGES, tr
from xhht_cli.check import duplicates
from xhht_cli.check.entries import EarlyChecks, check_entry, report_entry, unreported_entry
from xhht_cli.check.identify import identify
from xhht_cli.check.validate import completeness, timeliness_basis
from xhht_cli.plans import Plan
from xhht_cli.read import FileRead, Known
from xhht_cli.read.discover import InputFile, found
from xhht_cli.read.limits import Limits
from xhht_cli.read.pool import read_many
from xhht_cli.units.registry import Registry
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report
from xhht_cli.values.results import NO_FILE_OF_PERIOD, REPORT_DATE, Entry, Status, Validation

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
            if any(mark in path.name for mark in "*?"):  # Windows' cmd leaves a * to the program
                raise XhhtError(tr("cli.path_pattern", path=path, folder=path.parent))
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
        raise XhhtError(tr("units.unknown_parent_option", code=parent, option="--parent"))
    earlier = validate_earlier(history or [], plan, registry, period, parent)
    previous = _latest_used(earlier)
    if early is not None and not early.made_for(plan, registry, period, parent, history):
        early = None  # checked against another scope or without the history: checked here
    entries = _entries(reads, registry, period, parent, early)
    for entry in entries:
        if entry.status == Status.PENDING:
            check_entry(entry, plan, period, year, previous)
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
            entries.append(unreported_entry(file, file_findings, registry, period, parent))
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
            entries.append(checked or report_entry(file, index, report, registry, period, parent))
    return entries


def _no_file_of_period(entries: list[Entry], period: str) -> list[Finding]:
    """A run in which no report is of the period says which periods the files are of."""
    if any(e.report is not None and e.report.period == period for e in entries):
        return []
    found = Counter(e.report.period for e in entries if e.report is not None and e.report.period)
    listed = ", ".join(f"{p} ({n})" for p, n in sorted(found.items())) or "—"
    # no file gave a year at all: the files are the problem, not --period (said apart)
    words = None if found else MESSAGES["run.no_year_read"]  # formatted with the params
    return [
        Finding(
            NO_FILE_OF_PERIOD,
            "error",
            "",
            params={"period": period, "periods": listed},
            custom=words,
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


def _latest_used(earlier: list[Validation]) -> dict[str, Report]:
    """Unit code → the report used for it in the latest earlier period that has one: the
    yardstick of the change warnings is the report the outputs' "previous" value comes from
    (validated, its duplicates resolved)."""
    latest: dict[str, Report] = {}
    for validation in earlier:  # oldest first: a later period overwrites
        latest.update(validation.current())
    return latest
