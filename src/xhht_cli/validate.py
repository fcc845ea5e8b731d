"""Validate: every wrong, missing or duplicate report caught; completeness against the registry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from xhht_cli.discover import InputFile
from xhht_cli.findings import Finding
from xhht_cli.plans import FieldDef, Plan
from xhht_cli.plans.model import (
    ExpectedValueRule,
    LevelNeedsRateRule,
    NotGreaterRule,
    Rule,
    total,
)
from xhht_cli.registry import Registry, Unit
from xhht_cli.report import Report, Value

STATUSES = ("valid", "invalid", "unreadable", "ignored", "superseded")


@dataclass
class Entry:
    """One line of the validation: a report (or a file that gave none) and its status."""

    file: InputFile
    status: str
    report: Report | None = None
    unit: Unit | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def sort_key(self) -> tuple[date, float]:
        report_date = self.report.report_date if self.report else None
        return (report_date or date.min, self.file.mtime)


@dataclass(frozen=True)
class Completeness:
    parent: Unit | None
    expected: list[Unit]
    received: set[str]
    valid: set[str]

    @property
    def missing(self) -> list[Unit]:
        return [u for u in self.expected if u.code not in self.received]


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


def _label(plan: Plan, terms: tuple[str, ...], en: bool = False) -> str:
    labels = [(plan.fields[t].label_en if en else "") or plan.fields[t].label for t in terms]
    return labels[0] if len(labels) == 1 else " + ".join(f"({lbl})" for lbl in labels)


def _on_field(
    report: Report, code: str, rule: Rule, field_code: str, params: dict[str, Any]
) -> Finding:
    """A rule's finding, placed on the cell of *field_code*."""
    where = report.values[field_code]
    custom = (rule.message.vi, rule.message.en) if rule.message else None
    return Finding(
        code,
        rule.severity,
        report.path,
        where.sheet,
        where.cell,
        report.unit_code,
        field_code,
        params=params,
        custom=custom,
    )


def check_rules(report: Report, plan: Plan, unit: Unit | None) -> Iterator[Finding]:
    """Every rule of the plan (the rules are data: spec/plans.md)."""
    get = {code: v.value for code, v in report.values.items()}.get
    for rule, first, second in plan.rule_terms:
        if isinstance(rule, NotGreaterRule):
            left, right = total(get, first), total(get, second)
            if left is not None and right is not None and left > right:
                yield _on_field(
                    report,
                    "rule.not_greater",
                    rule,
                    rule.left_terms[0],
                    {
                        "left_label": _label(plan, rule.left_terms),
                        "left_label_en": _label(plan, rule.left_terms, True),
                        "left_value": left,
                        "right_label": _label(plan, rule.right_terms),
                        "right_label_en": _label(plan, rule.right_terms, True),
                        "right_value": right,
                    },
                )
        elif isinstance(rule, LevelNeedsRateRule):
            level = get(rule.field)
            if level is None or level < rule.min_level:
                continue
            num, den = total(get, first), total(get, second)
            if num is None or not den:
                continue
            rate = num / den * 100
            if rate < rule.threshold:
                yield _on_field(
                    report,
                    "rule.level_needs_rate",
                    rule,
                    rule.field,
                    {"level": level, "rate": f"{rate:.1f}", "threshold": f"{rule.threshold:g}"},
                )
        elif isinstance(rule, ExpectedValueRule):
            value = get(rule.field)
            if value is None or unit is None or unit.level != rule.level or value == rule.value:
                continue
            fdef = plan.fields[rule.field]
            yield _on_field(
                report,
                "rule.expected_value",
                rule,
                rule.field,
                {
                    "label": fdef.label,
                    "label_en": fdef.label_en,
                    "value": value,
                    "expected": rule.value,
                },
            )


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
    received = {e.unit.code for e in entries if e.unit and e.status in {"valid", "invalid"}}
    valid = {e.unit.code for e in entries if e.unit and e.status == "valid"}
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
