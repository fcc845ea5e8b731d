"""The JSON documents scripts read (spec/cli.md): ``xhht/validate/v1``, ``xhht/aggregate/v1``
and ``xhht/status/v1``. Written as text by :func:`xhht_cli.codec.dumps` (``pretty=True``)."""

from __future__ import annotations

from typing import Any

from xhht_cli.aggregate import Summary, UnitResult
from xhht_cli.codec import finding_document
from xhht_cli.i18n import Lang
from xhht_cli.progress import Course, Progress, progress_of
from xhht_cli.results import STATUSES, Validation

VALIDATE_SCHEMA = "xhht/validate/v1"
AGGREGATE_SCHEMA = "xhht/aggregate/v1"
STATUS_SCHEMA = "xhht/status/v1"


def validate_document(validation: Validation, lang: Lang | None = None) -> dict[str, Any]:
    counts = validation.counts()
    findings = validation.findings
    expected = [u for c in validation.completeness for u in c.expected]
    received = sum(len(c.received) for c in validation.completeness)
    valid = sum(len(c.valid) for c in validation.completeness)
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
            "expected": len(expected),
            "received": received,
            "valid": valid,
            "missing": [
                {"code": u.code, "name": u.name} for c in validation.completeness for u in c.missing
            ],
        },
    }


# Without history: the same keys, empty (one shared object: nothing is built per indicator).
NO_HISTORY: dict[str, Any] = {
    "previous": None,
    "series": {},
    "carried": [],
    "pace": None,
    "milestones": [],
}


def _course(course: Course | None) -> dict[str, Any]:
    """The additive keys of spec/progress.md for one indicator of one unit."""
    if course is None:
        return NO_HISTORY
    previous = course.previous
    return {
        "previous": None
        if previous is None
        else {"period": previous.period, "value": previous.value, "change": previous.change},
        "series": dict(course.series),
        "carried": list(course.carried),
        "pace": {
            "observed": course.observed,
            "required": {str(year): pace for year, pace in course.required.items()},
        },
        "milestones": [
            {"year": m.year, "target": m.target, "projected": m.projected, "verdict": m.verdict}
            for m in course.milestones
        ],
    }


def _unit(result: UnitResult, progress: Progress) -> dict[str, Any]:
    unit = result.unit
    courses = progress.courses(result) if progress.compared else {}
    coverage = result.coverage
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent_code": unit.parent_code,
        "expected": result.expected,
        "reported": result.reported,
        "coverage": coverage,
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
                "coverage": coverage,
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


def aggregate_document(summary: Summary) -> dict[str, Any]:
    progress = progress_of(summary)
    return {
        "schema": AGGREGATE_SCHEMA,
        "plan": summary.plan.code,
        "period": summary.period,
        "periods": progress.periods,
        "units": [_unit(u, progress) for u in summary.units],
    }


def status_document(validation: Validation) -> dict[str, Any]:
    """Completeness per parent unit: expected, received, valid and the missing by name."""
    return {
        "schema": STATUS_SCHEMA,
        "period": validation.period,
        "parents": [
            {
                "code": g.parent.code if g.parent else None,
                "name": g.parent.name if g.parent else None,
                "expected": len(g.expected),
                "received": len(g.received),
                "valid": len(g.valid),
                "missing": [{"code": u.code, "name": u.name} for u in g.missing],
            }
            for g in validation.completeness
        ],
    }
