"""One entry per report: identified against the units of its period, placed in or out of the
scope, and checked (docs/pipeline.md, "Checks of one report"). :mod:`xhht_cli.check.pipeline`
makes the entries of a batch and decides what depends on all of them (duplicates,
completeness); :class:`EarlyChecks` makes them as the files are read.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from xhht_cli.check.identify import identify, unit_from_file_name
from xhht_cli.check.validate import check_header, check_history, check_rules, check_values
from xhht_cli.plans import Plan
from xhht_cli.read import FileRead
from xhht_cli.read.discover import InputFile
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report
from xhht_cli.values.results import Entry, Status


def report_entry(
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
    findings = [other]
    dated = report.report_date
    if (
        dated is not None
        and report.period is not None
        and report.period.isdigit()
        and period.isdigit()
        and dated.year == int(period) > int(report.period)
        and dated >= date(int(report.period) + 1, 7, 1)
    ):  # made in this period's year, half a year after its own ended: the year mistyped?
        findings.append(
            Finding(
                "period.suspect",
                "warning",
                report.path,
                report.sheet,
                report.period_cell,
                unit.code if unit else report.unit_code,
                params={
                    "period": report.period,
                    "date": dated.strftime("%d/%m/%Y"),
                    "expected": period,
                },
            )
        )
    return Entry(file, Status.IGNORED, report, unit, findings, index)


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


def unreported_entry(
    file: InputFile, findings: list[Finding], registry: Registry, period: str, parent: str | None
) -> Entry:
    """A file that gave no report: ignored, or unreadable — unless its name places it under a
    commune outside the scope (then it is none of this run's business, and said so)."""
    if file.kind == "ignored":
        return Entry(file, Status.IGNORED, findings=list(findings))
    view = registry.as_of(int(period))
    if parent is not None or view.scope is not None:
        wide = view if parent is not None else registry.wide_as_of(int(period))
        unit = unit_from_file_name(file.display, wide, named=True)  # not by chance words
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


def check_entry(
    entry: Entry, plan: Plan, period: str, year: int, previous: dict[str, Report]
) -> None:
    report, unit = entry.report, entry.unit
    assert report is not None
    entry.findings = list(report.findings)
    if report.period is None and not any(f.code == "report.bad_period" for f in report.findings):
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

    def __call__(self, read: FileRead) -> None:
        for index, report in enumerate(read.reports):
            entry = report_entry(read.file, index, report, self.registry, self.period, self.parent)
            if entry.status == Status.PENDING:
                check_entry(entry, self.plan, self.period, self.year, {})
            self.entries[id(report)] = (report, entry)

    def made_for(
        self,
        plan: Plan,
        registry: Registry,
        period: str,
        parent: str | None,
        history: list[FileRead] | None,
    ) -> bool:
        """Whether these checks are the ones a validation of this scope would make."""
        same = plan is self.plan and registry is self.registry
        return same and (period, parent) == (self.period, self.parent) and not history

    def entry(self, report: Report) -> Entry | None:
        """The entry checked early for *report* (the very object read), if any."""
        found = self.entries.get(id(report))
        return found[1] if found is not None and found[0] is report else None
