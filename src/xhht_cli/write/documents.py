"""The JSON documents scripts read (spec/cli.md): ``xhht/validate/v1`` and ``xhht/aggregate/v1``."""

from __future__ import annotations

import json
from typing import Any

from xhht_cli.aggregate import Summary, UnitResult
from xhht_cli.i18n import Lang, tr
from xhht_cli.pipeline import Validation

VALIDATE_SCHEMA = "xhht/validate/v1"
AGGREGATE_SCHEMA = "xhht/aggregate/v1"


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
            **{
                status: counts.get(status, 0)
                for status in ("valid", "invalid", "unreadable", "ignored", "superseded")
            },
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
        "findings": [f.to_json(lang) for f in findings],
        "completeness": {
            "expected": len(expected),
            "received": received,
            "valid": valid,
            "missing": [
                {"code": u.code, "name": u.name} for c in validation.completeness for u in c.missing
            ],
        },
    }


def _unit(result: UnitResult) -> dict[str, Any]:
    unit = result.unit
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent_code": unit.parent_code,
        "expected": result.expected,
        "reported": result.reported,
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
    return {
        "schema": AGGREGATE_SCHEMA,
        "plan": summary.plan.code,
        "period": summary.period,
        "units": [_unit(u) | _level_basis(summary, u) for u in summary.units],
    }


# -- issue 21: a province's own levels derived from its communes are an assumption ----------
def _level_basis(summary: Summary, result: UnitResult) -> dict[str, Any]:
    children = summary.validation.registry.children_of(result.unit.code)
    if not result.levels or not summary.plan.derived_from_communes(
        result.unit.level, (c.level for c in children)
    ):
        return {}
    note = tr("level_basis.from_communes", "en")
    return {"level_basis": {"derived": "from_communes", "assumption": True, "note": note}}


# -- end issue 21 ---------------------------------------------------------------------------


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
