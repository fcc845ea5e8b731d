"""The JSON documents scripts read (docs/json.md): ``xhht/validate/v1``, ``xhht/aggregate/v1``
and ``xhht/status/v1``, each a rendering of the run's :class:`~xhht_cli.rollup.outcome.Outcome`.
Written as text by :func:`xhht_cli.values.codec.dumps` (``pretty=True``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from xhht_cli.base.i18n import Lang, tr
from xhht_cli.rollup.outcome import Course, Outcome, Tally, UnitResult
from xhht_cli.units.unit import Unit
from xhht_cli.values.codec import finding_document
from xhht_cli.values.results import STATUSES, Chase

VALIDATE_SCHEMA = "xhht/validate/v1"
AGGREGATE_SCHEMA = "xhht/aggregate/v1"
STATUS_SCHEMA = "xhht/status/v1"


def validate_document(outcome: Outcome, lang: Lang | None = None) -> dict[str, Any]:
    validation = outcome.validation
    counts = validation.counts()
    findings = validation.findings
    tally = outcome.tally
    return {
        "schema": VALIDATE_SCHEMA,
        "plan": validation.plan.code,
        "period": validation.period,
        "summary": {
            "files": len(validation.entries),
            **{str(status): counts.get(status, 0) for status in STATUSES},
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
        },
        "files": [
            {
                "path": e.file.display,
                "status": e.status,
                "unit_code": e.unit.code if e.unit else (e.report.unit_code if e.report else None),
                "period": e.report.period if e.report else None,
                "report_date": e.report.report_date.isoformat()
                if e.report and e.report.report_date
                else None,
                "sha256": e.file.sha256,
                "errors": e.errors,
                "warnings": e.warnings,
            }
            for e in validation.entries
        ],
        "findings": [finding_document(f, lang) for f in findings],
        "completeness": {
            "expected": tally.expected,
            "received": tally.received,
            "valid": tally.valid,
            **_timeliness(tally),
            "timeliness_basis": outcome.timeliness_basis,
            "missing": [
                {"code": u.code, "name": u.name} for g in outcome.groups for u in g.missing
            ],
            "invalid": [_chase(c, lang) for g in outcome.groups for c in g.chase],
        },
    }


def _timeliness(tally: Tally) -> dict[str, int | None]:
    """Reports received on time and late, and those with no time to tell (``undated``; null
    where the plan sets no deadline); the basis is said once beside (``timeliness_basis``)."""
    return {"on_time": tally.on_time, "late": tally.late, "undated": tally.undated}


def _chase(chase: Chase, lang: Lang | None) -> dict[str, Any]:
    """A commune to ask for a corrected report, and why (its first error)."""
    first = chase.first_error
    return {
        "code": chase.unit.code,
        "name": chase.unit.name,
        "status": str(chase.status),
        "errors": chase.errors,
        "first_error": first.message(lang) if first else None,
        "path": chase.entry.file.display,
    }


# Without history: the same keys, empty (one shared object: nothing is built per indicator).
NO_HISTORY: dict[str, Any] = {
    "previous": None,
    "series": {},
    "carried": [],
    "approximate": [],
    "pace": None,
    "milestones": [],
}


def _course(course: Course | None) -> dict[str, Any]:
    """The additive progress keys (docs/json.md, "xhht/aggregate/v1") for one indicator of one unit."""
    if course is None:
        return NO_HISTORY
    previous = course.previous
    return {
        "previous": None
        if previous is None
        else {"period": previous.period, "value": previous.value, "change": previous.change},
        "series": dict(course.series),
        "carried": list(course.carried),
        "approximate": list(course.approximate),
        "pace": {
            "observed": course.observed,
            "required": {str(year): pace for year, pace in course.required.items()},
        },
        "milestones": [
            {"year": m.year, "target": m.target, "projected": m.projected, "verdict": m.verdict}
            for m in course.milestones
        ],
    }


def _unit(result: UnitResult, outcome: Outcome) -> dict[str, Any]:
    unit = result.unit
    courses = outcome.courses(result) if outcome.compared else {}
    coverage = result.coverage
    standards = outcome.plan.standard_codes
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent_code": unit.parent_code,
        "expected": result.expected,
        "reported": result.reported,
        "coverage": coverage,
        "period_coverage": {
            period: {"expected": c.expected, "reported": c.reported, "coverage": c.coverage}
            for period, c in outcome.period_counts(result).items()
        },
        "values": dict(result.values),
        "levels": dict(result.levels),
        "indicators": {
            code: {
                "value": ind.value,
                "numerator": ind.numerator,
                "denominator": ind.denominator,
                "target": ind.target,
                "target_year": ind.target_year,
                "met": ind.met,
                # the unit's, or for a ratio over optional fields its own (docs/json.md)
                "coverage": (
                    outcome.data_count(result, ind).coverage if outcome.partial(ind) else coverage
                ),
                # a standard's units without data: what TongHop and the .docx say beside k/n
                **({"lacking": ind.lacking} if code in standards else {}),
                **(_course(courses[code]) if courses else NO_HISTORY),
            }
            for code, ind in result.indicators.items()
        },
        "level_targets": [
            {
                "field": t.field,
                "level": t.level,
                "target": t.target,
                "target_year": t.target_year,
                "met": t.met,
            }
            for t in result.level_targets
        ],
    }


def aggregate_document(outcome: Outcome) -> dict[str, Any]:
    head, units = aggregate_parts(outcome)
    return head | {"units": list(units)}


def aggregate_parts(outcome: Outcome) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The aggregate document as its top level (``units`` empty, in its place) and its units
    one by one: written a unit at a time (:func:`xhht_cli.values.codec.document_chunks`)."""
    head = {
        "schema": AGGREGATE_SCHEMA,
        "plan": outcome.plan.code,
        "period": outcome.period,
        "periods": outcome.periods,
        "units": [],
        **_approval(outcome),
    }
    return head, (_unit(u, outcome) | _level_basis(outcome, u) for u in outcome.units)


def _approval(outcome: Outcome) -> dict[str, Any]:
    """The approval in force and the files it holds back (cron runs only; docs/approval.md)."""
    return {"approval": outcome.approval.document()} if outcome.approval else {}


def _level_basis(outcome: Outcome, result: UnitResult) -> dict[str, Any]:
    """A province's own levels derived from its communes (no district tier) are an
    assumption, said so (docs/plans.md, NĐ 143/2025)."""
    if not outcome.level_basis(result):
        return {}
    note = tr("level_basis.from_communes", "en")
    return {"level_basis": {"derived": "from_communes", "assumption": True, "note": note}}


def status_document(outcome: Outcome, lang: Lang | None = None) -> dict[str, Any]:
    """Who to chase, per parent unit: expected, received (on time, late), valid, the communes
    that sent nothing (``missing``) and those whose report cannot be used (``invalid``: with
    errors or unreadable; ``with_errors`` and ``unreadable`` count each)."""
    deadline = outcome.deadline
    return {
        "schema": STATUS_SCHEMA,
        "period": outcome.period,
        "deadline": deadline.isoformat() if deadline else None,
        "timeliness_basis": outcome.timeliness_basis,
        "parents": [
            {
                "code": g.parent.code if g.parent else None,
                "name": g.parent.name if g.parent else None,
                **_counts(g.tally),
                "missing": [_missing(u, outcome) for u in g.missing],
                "invalid": [_chase(c, lang) for c in g.chase],
            }
            for g in outcome.groups
        ],
        "total": {
            **_counts(outcome.tally),
            "missing": outcome.tally.missing,
            "invalid": outcome.tally.to_correct,
        },
        # files that could not be read and name no commune (additive, docs/json.md)
        "unplaced": [{"path": e.file.display} for e in outcome.unplaced],
        **_approval(outcome),
    }


def _missing(unit: Unit, outcome: Outcome) -> dict[str, Any]:
    """A commune that sent nothing of the period; ``misdated``: its files of an earlier
    period made this year (the year perhaps mistyped: ``Outcome.misdated``)."""
    return {
        "code": unit.code,
        "name": unit.name,
        "misdated": [
            {
                "path": e.file.display,
                "period": e.report.period if e.report else None,
                "report_date": e.report.report_date.isoformat()
                if e.report and e.report.report_date
                else None,
            }
            for e in outcome.misdated.get(unit.code, [])
        ],
    }


def _counts(tally: Tally) -> dict[str, int | None]:
    return {
        "expected": tally.expected,
        "received": tally.received,
        **_timeliness(tally),
        "valid": tally.valid,
        "with_errors": tally.invalid,
        "unreadable": tally.unreadable,
    }
