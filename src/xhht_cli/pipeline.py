"""The pipeline over a batch of inputs: discover → read → identify → validate.

Returns a :class:`~xhht_cli.results.Validation` (values, not printing); aggregation and
writing take it from here.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from itertools import chain, islice
from pathlib import Path

from xhht_cli import duplicates
from xhht_cli.discover import InputFile, found
from xhht_cli.errors import XhhtError
from xhht_cli.findings import Finding
from xhht_cli.i18n import tr
from xhht_cli.identify import identify
from xhht_cli.plans import Plan
from xhht_cli.read import FileRead, Known
from xhht_cli.read.limits import Limits
from xhht_cli.read.pool import read_many
from xhht_cli.registry import Registry
from xhht_cli.report import Report
from xhht_cli.results import Entry, Status, Validation
from xhht_cli.validate import (
    check_header,
    check_history,
    check_rules,
    check_values,
    completeness,
)

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
) -> list[Read]:
    """Read every file (the costly part; one file never stops the batch) in worker processes
    across the cores, each file within the time budget of :class:`Limits`. *files* may be an
    iterator still finding them; the reads come back in the order of the files' names, each
    file as read (its sha256 and kind). Contents in *known* are hashed, not read."""
    cores = workers if workers is not None else usable_cores()
    source = iter(files)
    first = list(islice(source, 32 * cores))  # a few files need no second process
    workers = max(1, min(cores, len(first) // 32 or 1))
    outcomes = read_many(
        chain(first, source), plan, workers, Limits.from_env(), progress, known=known
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
) -> Validation:
    """Read and check every report under *paths*; see spec/cli.md for the statuses."""
    for path in [*paths, *(history or [])]:
        if not path.exists():
            raise XhhtError(tr("cli.path_missing", path=path))
    reads = read_all(found(paths), plan, progress)  # files are read as they are found
    earlier = read_all(found(history), plan) if history else []
    return validate_reads(reads, plan, registry, period, parent, earlier)


def validate_reads(
    reads: list[Read],
    plan: Plan,
    registry: Registry,
    period: str | None = None,
    parent: str | None = None,
    history: list[Read] | None = None,
) -> Validation:
    """Check reports already read (from files, or from the submissions store): each identified,
    and the communes expected counted, against the units valid in the period (spec/registry.md:
    a registry may hold units of several periods)."""
    period = period or _infer_period([r.period for read in reads for r in read.reports if r.period])
    year = int(period)
    registry = registry.as_of(year)
    if parent is not None and parent not in registry:
        raise XhhtError(tr("units.unknown_parent_option", code=parent))
    entries = _entries(reads, registry, plan, parent)
    previous = _latest_earlier(history or [], registry, parent, period)
    for entry in entries:
        if entry.status == Status.PENDING:
            _check_entry(entry, plan, period, year, previous)
    duplicates.resolve(entries)
    validation = Validation(plan, registry, period, parent, entries)
    validation.completeness = completeness(registry, entries, year, parent, plan.deadline_of(year))
    validation.earlier = validate_earlier(history or [], plan, registry, period, parent)
    return validation


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
    plan: Plan,
    parent: str | None,
) -> list[Entry]:
    entries: list[Entry] = []
    seen_hashes: dict[str, str] = {}
    for file, reports, file_findings in read:
        if not reports:
            status = Status.IGNORED if file.kind == "ignored" else Status.UNREADABLE
            entries.append(Entry(file, status, findings=list(file_findings)))
            continue
        if file.sha256 in seen_hashes:
            entries.append(
                Entry(
                    file,
                    Status.SUPERSEDED,
                    findings=[
                        Finding(
                            "report.duplicate_file",
                            "warning",
                            file.display,
                            params={"other": seen_hashes[file.sha256]},
                        )
                    ],
                )
            )
            continue
        seen_hashes[file.sha256] = file.display
        for index, report in enumerate(reports):
            found = identify(report, registry, parent)
            unit = found.unit
            if unit is not None and report.unit_code != unit.code:
                # the report as identified (lost zeros restored, or found by name); the one
                # read is left as it was
                report = replace(report, unit_code=unit.code)
            if found.findings:
                report = replace(report, findings=[*report.findings, *found.findings])
            entries.append(Entry(file, Status.PENDING, report, unit, index=index))
    return entries


def _infer_period(found: list[str]) -> str:
    periods = Counter(found)
    if len(periods) == 1:
        return next(iter(periods))
    if not periods:
        raise XhhtError(tr("cli.no_period"))
    listed = ", ".join(f"{p} ({n})" for p, n in sorted(periods.items()))
    raise XhhtError(tr("cli.periods_differ", periods=listed))


def _latest_earlier(
    reads: list[Read], registry: Registry, parent: str | None, period: str
) -> dict[str, Report]:
    """Unit code → its latest error-free report of an earlier period."""
    latest: dict[str, Report] = {}
    for _file, reports, _ in reads:
        for report in reports:
            found = identify(report, registry, parent)
            unit = found.unit
            if unit is None or not report.period or report.period >= period:
                continue
            if any(f.severity == "error" for f in (*report.findings, *found.findings)):
                continue  # a wrong report of an earlier period is no yardstick
            known = latest.get(unit.code)
            if known is None or (known.period or "") < report.period:
                latest[unit.code] = report
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
    elif report.period != period:
        entry.status = Status.IGNORED
        entry.findings.append(
            Finding(
                "period.other",
                "warning",
                report.path,
                report.sheet,
                report.period_cell,
                report.unit_code,
                params={"period": report.period, "expected": period},
            )
        )
        return
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
    entry.status = Status.INVALID if entry.errors or unit is None else Status.VALID
