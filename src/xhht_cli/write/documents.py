"""The JSON documents scripts read (spec/cli.md): ``xhht/validate/v1``, ``xhht/aggregate/v1``
and ``xhht/status/v1``. Written as text by :func:`xhht_cli.codec.dumps` (``pretty=True``)."""

from __future__ import annotations

from typing import Any

from xhht_cli.aggregate import Summary, UnitResult
from xhht_cli.codec import finding_document
from xhht_cli.i18n import Lang, tr
from xhht_cli.progress import Course, Progress, progress_of
from xhht_cli.results import STATUSES, Chase, Completeness, Validation

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
            **_timeliness(validation.completeness),
            "missing": [
                {"code": u.code, "name": u.name} for c in validation.completeness for u in c.missing
            ],
            "invalid": [_chase(c, lang) for g in validation.completeness for c in g.chase],
        },
    }


def _timeliness(groups: list[Completeness]) -> dict[str, int | None]:
    """Reports received on time and late (null where the plan sets no deadline)."""
    if any(g.on_time is None or g.late is None for g in groups):
        return {"on_time": None, "late": None}
    return {
        "on_time": sum(len(g.on_time or ()) for g in groups),
        "late": sum(len(g.late or ()) for g in groups),
    }


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
        "units": [_unit(u, progress) | _level_basis(summary, u) for u in summary.units],
    }


def _level_basis(summary: Summary, result: UnitResult) -> dict[str, Any]:
    """A province's own levels derived from its communes (no district tier) are an
    assumption, said so (spec/plans.md, NĐ 143/2025)."""
    children = summary.validation.registry.children_of(result.unit.code)
    if not result.levels or not summary.plan.derived_from_communes(
        result.unit.level, (c.level for c in children)
    ):
        return {}
    note = tr("level_basis.from_communes", "en")
    return {"level_basis": {"derived": "from_communes", "assumption": True, "note": note}}


def status_document(validation: Validation, lang: Lang | None = None) -> dict[str, Any]:
    """Who to chase, per parent unit: expected, received (on time, late), valid, the communes
    that sent nothing (``missing``) and those whose report cannot be used (``invalid``)."""
    groups = validation.completeness
    deadline = validation.plan.deadline_of(int(validation.period))
    return {
        "schema": STATUS_SCHEMA,
        "period": validation.period,
        "deadline": deadline.isoformat() if deadline else None,
        "parents": [
            {
                "code": g.parent.code if g.parent else None,
                "name": g.parent.name if g.parent else None,
                "expected": len(g.expected),
                "received": len(g.received),
                **_timeliness([g]),
                "valid": len(g.valid),
                "missing": [{"code": u.code, "name": u.name} for u in g.missing],
                "invalid": [_chase(c, lang) for c in g.chase],
            }
            for g in groups
        ],
        "total": {
            "expected": sum(len(g.expected) for g in groups),
            "received": sum(len(g.received) for g in groups),
            **_timeliness(groups),
            "valid": sum(len(g.valid) for g in groups),
            "missing": sum(len(g.missing) for g in groups),
            "invalid": sum(len(g.chase) for g in groups),
        },
    }
