"""Several reports of one unit and period: which one is used (docs/pipeline.md, "Several reports of one unit and period").

A clerk corrects the feedback workbook and sends it back, usually without changing the date;
re-sends the same report as .xls; sends twice. So, per unit:

1. reports with the same value in every field are one report, whatever their bytes or format:
   the latest is kept, the copies are ``superseded`` with an info finding;
2. otherwise the latest is used — by report date, then by when it was received — even when it
   is invalid (the commune is then invalid until it sends a correct one); the others are
   ``superseded``. Equal dates give the warning ``report.same_date`` naming the report used;
   Reports the cron store first saw within :data:`SAME_TIME` of each other (taken in by one
   run: a new store, or an inbox that held both) are ordered by their modification times, as
   on the command line;
3. ``report.conflict`` (an error on each) only where nothing orders them: the same date, and
   received and modified within :data:`SAME_TIME` of each other.

One implementation for ``validate``, ``aggregate``, ``status`` and the cron run: they all
validate through :func:`xhht_cli.check.pipeline.validate_reads`, which calls :func:`resolve`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

from xhht_cli.values.findings import Finding, Severity
from xhht_cli.values.results import RECEIVED, Entry, Status

# Reports received this close together cannot be told apart by their arrival: files copied
# into a folder at once, or taken in by the same cron run.
SAME_TIME = 60.0


def content_key(entry: Entry) -> Hashable:
    """What a report says: every field's number (its text where it is not one)."""
    assert entry.report is not None
    return tuple(
        sorted(
            (code, v.value if v.value is not None else f"\0{v.raw}")
            for code, v in entry.report.values.items()
        )
    )


def resolve(entries: list[Entry]) -> None:
    """Mark all but one report of each unit ``superseded`` (or, unordered, in conflict)."""
    by_unit: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.unit and entry.report and entry.status in RECEIVED:
            by_unit[entry.unit.code].append(entry)
    for code, group in by_unit.items():
        if len(group) > 1:
            _resolve_unit(code, _distinct(code, group))


def _distinct(code: str, group: list[Entry]) -> list[Entry]:
    """One report per content (the latest); the copies superseded, saying whose copy they are."""
    by_content: dict[Hashable, list[Entry]] = defaultdict(list)
    for entry in group:
        by_content[content_key(entry)].append(entry)
    kept: list[Entry] = []
    for copies in by_content.values():
        copies.sort(key=lambda e: e.sort_key)
        latest = copies[-1]
        kept.append(latest)
        for copy in copies[:-1]:
            _supersede(copy, "report.same_content", "info", code, latest)
    return kept


def _resolve_unit(code: str, reports: list[Entry]) -> None:
    if len(reports) < 2:
        return
    reports.sort(key=lambda e: e.sort_key)
    latest = reports[-1]
    latest_date = latest.report.report_date if latest.report else None
    together = [
        e
        for e in reports
        if (e.report.report_date if e.report else None) == latest_date
        and abs(e.received - latest.received) < SAME_TIME
    ]
    if len(together) > 1:  # first seen by one cron run: their modification times order them
        latest = max(reversed(together), key=lambda e: e.file.mtime)  # ties: the last
        reports.remove(latest)
        reports.append(latest)
    tied = [
        e for e in together if e is not latest and abs(e.file.mtime - latest.file.mtime) < SAME_TIME
    ]
    if tied:
        _conflict(code, [latest, *tied])
        reports = [e for e in reports[:-1] if e not in tied]
    else:
        reports = reports[:-1]
        same_date = [
            e for e in reports if (e.report.report_date if e.report else None) == latest_date
        ]
        if same_date:
            latest.findings.append(
                Finding(
                    "report.same_date",
                    "warning",
                    latest.file.display,
                    unit_code=code,
                    params={
                        "unit": code,
                        "date": _date_text(latest),
                        "other": ", ".join(e.file.display for e in same_date),
                    },
                )
            )
        earlier_valid = [e for e in reports if e.status == Status.VALID]
        if latest.status == Status.INVALID and earlier_valid:
            latest.findings.append(
                Finding(
                    "report.earlier_valid",
                    "warning",
                    latest.file.display,
                    unit_code=code,
                    params={"unit": code, "other": earlier_valid[-1].file.display},
                )
            )
    for entry in reports:
        _supersede(entry, "report.superseded", "warning", code, latest)


def _supersede(entry: Entry, finding: str, severity: Severity, code: str, used: Entry) -> None:
    entry.status = Status.SUPERSEDED
    entry.findings.append(
        Finding(
            finding,
            severity,
            entry.file.display,
            unit_code=code,
            params={"unit": code, "newer": used.file.display, "other": used.file.display},
        )
    )


def _conflict(code: str, clashing: list[Entry]) -> None:
    for entry in clashing:
        files = [e.file.display for e in clashing if e is not entry]
        entry.status = Status.INVALID
        entry.findings.append(
            Finding(
                "report.conflict",
                "error",
                entry.file.display,
                unit_code=code,
                params={
                    "unit": code,
                    "date": _date_text(clashing[0]),
                    "other": ", ".join(files),
                    "files": files,  # each, for the clerk's feedback (write/feedback.py)
                },
            )
        )


def _date_text(entry: Entry) -> str:
    report_date = entry.report.report_date if entry.report else None
    return report_date.strftime("%d/%m/%Y") if report_date else ""
