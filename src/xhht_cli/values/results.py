"""The values the pipeline hands on: a status, a validated entry, completeness, the validation.

Everything downstream of validation (aggregation, the outcome, the outputs, the cron run) takes
these and nothing of the orchestrator that made them (docs/pipeline.md for the statuses).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report

if TYPE_CHECKING:  # held, never used: values stand below the units, plans and readers
    from xhht_cli.plans import Plan
    from xhht_cli.read.discover import InputFile
    from xhht_cli.units.registry import Registry
    from xhht_cli.units.unit import Unit


# The run-level error of a run in which no report is of the period (check/pipeline.py)
NO_FILE_OF_PERIOD = "report.no_file_of_period"


class Status(StrEnum):
    """What became of a report (or of a file that gave none)."""

    VALID = "valid"  # no errors: rolled up
    INVALID = "invalid"  # errors: left out of the roll-up
    UNREADABLE = "unreadable"  # could not be read as a report
    IGNORED = "ignored"  # not a spreadsheet, or another period
    SUPERSEDED = "superseded"  # another report of the unit and period is used instead
    PENDING = "pending"  # read and identified, not checked yet (never in an output)


# The statuses an output lists, in the order it lists them.
STATUSES: tuple[Status, ...] = (
    Status.VALID,
    Status.INVALID,
    Status.UNREADABLE,
    Status.IGNORED,
    Status.SUPERSEDED,
)
RECEIVED = frozenset({Status.VALID, Status.INVALID})  # a report of the unit came in

# What "received" means when on time / late is counted (docs/outcome.md, "The deadline"): the
# time the inbox first saw the file (``xhht run``), the form's ``Ngày báo cáo`` (the command
# line), or, when asked for (``--received mtime``), the file's modification time.
INBOX, REPORT_DATE, MTIME = "inbox", "report_date", "mtime"
FAILED = frozenset({Status.INVALID, Status.UNREADABLE})  # the exit code is 1


@dataclass
class Entry:
    """One line of the validation: a report (or a file that gave none) and its status.

    ``index`` is the report's place among the reports of its file: with the file's SHA-256 it
    names the report for good (the store keys submissions by it)."""

    file: InputFile
    status: Status
    report: Report | None = None
    unit: Unit | None = None
    findings: list[Finding] = field(default_factory=list)
    index: int = 0

    @property
    def key(self) -> tuple[str, int]:
        """The report's stable identity: (the file's SHA-256, its place in the file)."""
        return self.file.sha256, self.index

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def received(self) -> float:
        """When the report was received: the store's first sight of it in a cron run, the
        file's modification time on the command line."""
        return self.file.mtime if self.file.received is None else self.file.received

    @property
    def sort_key(self) -> tuple[date, float]:
        """Later reports sort last: by report date, then by when they were received."""
        report_date = self.report.report_date if self.report else None
        return (report_date or date.min, self.received)

    @property
    def first_error(self) -> Finding | None:
        return next((f for f in self.findings if f.severity == "error"), None)


@dataclass(frozen=True)
class Chase:
    """A commune that sent a report that cannot be used: to ask for a corrected one."""

    unit: Unit
    status: Status  # INVALID, or UNREADABLE (its file found by name, nothing else from it)
    entry: Entry  # the report used (the latest), or the unreadable file

    @property
    def errors(self) -> int:
        return self.entry.errors

    @property
    def first_error(self) -> Finding | None:
        return self.entry.first_error


@dataclass(frozen=True)
class Completeness:
    """Expected, received and valid reports of the communes under one parent, who to chase,
    and (with the plan's deadline) who sent in time."""

    parent: Unit | None
    expected: list[Unit]
    received: set[str]
    valid: set[str]
    chase: list[Chase] = field(default_factory=list)  # invalid or unreadable, by code
    on_time: set[str] | None = None  # None: the plan sets no deadline
    late: set[str] | None = None
    undated: set[str] | None = None  # received, but no time on the basis: neither of the two

    @property
    def missing(self) -> list[Unit]:
        """The communes that sent nothing (an unreadable file counts as something sent)."""
        sent = self.received | {c.unit.code for c in self.chase}
        return [u for u in self.expected if u.code not in sent]

    @property
    def invalid(self) -> list[Chase]:
        return [c for c in self.chase if c.status == Status.INVALID]

    @property
    def unreadable(self) -> list[Chase]:
        return [c for c in self.chase if c.status == Status.UNREADABLE]


@dataclass
class Validation:
    """Every entry of a batch, checked against a plan and a registry for one period."""

    plan: Plan
    registry: Registry
    period: str
    parent: str | None
    entries: list[Entry]
    completeness: list[Completeness] = field(default_factory=list)
    # earlier periods (``--history``), each validated on its own against the units of its own
    # period, oldest first: the series of docs/progress.md
    earlier: list[Validation] = field(default_factory=list)
    # findings of the run rather than of a file (no report is of the period)
    notices: list[Finding] = field(default_factory=list)
    inferred: bool = False  # the scope was narrowed to the one province of the reports
    # what "received" means against the deadline: INBOX, REPORT_DATE or MTIME
    timeliness: str = REPORT_DATE

    @property
    def findings(self) -> list[Finding]:
        return [*self.notices, *(f for e in self.entries for f in e.findings)]

    @property
    def other_periods_only(self) -> bool:
        """Reports were read and none is of the period: ``--period`` (or the folder) is wrong,
        not the reports; a summary of nobody would replace the one there is (docs/pipeline.md,
        "Exit codes")."""
        no_file = any(n.code == NO_FILE_OF_PERIOD for n in self.notices)
        return no_file and any(e.report and e.report.period for e in self.entries)

    def used(self) -> dict[str, Entry]:
        """Unit code → the valid entry whose report is used for that unit."""
        return {
            e.unit.code: e for e in self.entries if e.status == Status.VALID and e.unit and e.report
        }

    def current(self) -> dict[str, Report]:
        """Unit code → the valid report used for that unit."""
        return {code: e.report for code, e in self.used().items() if e.report}

    def counts(self) -> Counter[str]:
        return Counter(e.status for e in self.entries)

    @property
    def missing(self) -> int:
        return sum(len(c.missing) for c in self.completeness)

    def exit_code(self, require_complete: bool = False) -> int:
        """1 when a report has errors or is unreadable (or, if asked, an expected unit is
        missing), else 0 (docs/pipeline.md, "Exit codes")."""
        bad = any(e.status in FAILED for e in self.entries) or bool(self.notices)
        return 1 if bad or (require_complete and self.missing) else 0

    def status_exit_code(self) -> int:
        """``status``'s rule: 1 when an expected unit has no valid report, or a report is
        wrong or unreadable; else 0."""
        incomplete = any(g.missing or len(g.valid) < len(g.received) for g in self.completeness)
        return 1 if incomplete or self.exit_code() else 0
