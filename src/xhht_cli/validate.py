"""Validate: every wrong, missing or duplicate report caught; completeness against the registry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from xhht_cli.findings import Finding
from xhht_cli.plans import FieldDef, Plan
from xhht_cli.plans.rules import check_all
from xhht_cli.registry import Registry, Unit
from xhht_cli.report import Report, Value
from xhht_cli.results import RECEIVED, Completeness, Entry, Status

# -- checks of one report -----------------------------------------------------------------


def check_values(report: Report, plan: Plan) -> Iterator[Finding]:
    """Required values, kinds and allowed values."""
    values = report.values
    for code, fdef, allowed in plan.value_checks:
        value = values.get(code)
        if value is None or (value.value is None and value.raw in (None, "")):
            if not any(f.field == code for f in report.findings):
                yield _finding(report, "value.missing", "error", code, fdef, value, value=None)
            continue
        number = value.value
        if number is None:
            continue
        if number < 0:
            yield _finding(report, "value.negative", "error", code, fdef, value, value=number)
        elif allowed is not None and not allowed[0] <= number <= allowed[1]:
            low, high = allowed
            yield _finding(
                report,
                "value.not_allowed",
                "error",
                code,
                fdef,
                value,
                value=number,
                allowed=" hoặc ".join(map(str, range(low, high + 1))),
                allowed_en=" or ".join(map(str, range(low, high + 1))),
            )


def _finding(
    report: Report,
    code: str,
    severity: str,
    field_code: str,
    fdef: FieldDef,
    where: Value | None,
    **params: Any,
) -> Finding:
    return Finding(
        code,
        "error" if severity == "error" else "warning",
        report.path,
        where.sheet if where else report.sheet,
        where.cell if where else None,
        report.unit_code,
        field_code,
        params={"label": fdef.label, "label_en": fdef.label_en, **params},
    )


def check_rules(report: Report, plan: Plan, unit: Unit | None) -> Iterator[Finding]:
    """Every rule of the plan (the rules are data: spec/plans.md; each kind checks itself)."""
    return check_all(plan.rules, report, plan, unit)


def check_history(report: Report, previous: Report, plan: Plan) -> Iterator[Finding]:
    """Changes beyond ±max_change_pct %, and recognised counts falling to 0."""
    limit = plan.history.max_change_pct
    for code, fdef in plan.fields.items():
        now, before = report.number(code), previous.number(code)
        if fdef.kind != "count" or now is None or not before:
            continue
        where = report.values[code]
        params = {
            "label": fdef.label,
            "label_en": fdef.label_en,
            "value": now,
            "previous": before,
            "previous_period": previous.period or "?",
        }
        if now == 0 and code in plan.history.recognised:
            kind = "history.drop_to_zero"
        elif abs(now - before) / before * 100 > limit:
            kind = "history.change"
            params["change"] = f"{(now - before) / before * 100:+.0f}"
        else:
            continue
        yield Finding(
            kind,
            "warning",
            report.path,
            where.sheet,
            where.cell,
            report.unit_code,
            code,
            params=params,
        )


# -- completeness -----------------------------------------------------------------------


def completeness(
    registry: Registry, entries: list[Entry], year: int, parent: str | None
) -> list[Completeness]:
    """Expected / received / valid per parent of the communes (district, or province)."""
    received = {e.unit.code for e in entries if e.unit and e.status in RECEIVED}
    valid = {e.unit.code for e in entries if e.unit and e.status == Status.VALID}
    groups: dict[str | None, list[Unit]] = defaultdict(list)
    for unit in registry.communes_under(parent, year):
        groups[unit.parent_code].append(unit)
    return [
        Completeness(
            registry.units.get(code) if code else None,
            units,
            {u.code for u in units} & received,
            {u.code for u in units} & valid,
        )
        for code, units in groups.items()
    ]
