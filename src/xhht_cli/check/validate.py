"""Validate: every wrong, missing or duplicate report caught; completeness against the registry."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from xhht_cli.base.i18n import fmt_num
from xhht_cli.check.identify import unit_from_file_name
from xhht_cli.plans import FieldDef, Plan, RatioIndicator
from xhht_cli.plans.rules import check_all, sum_terms
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report, Value
from xhht_cli.values.results import (
    INBOX,
    MTIME,
    RECEIVED,
    REPORT_DATE,
    Chase,
    Completeness,
    Entry,
    Status,
)

# -- checks of one report -----------------------------------------------------------------


def check_header(report: Report) -> Iterator[Finding]:
    """The header block's optional values a resubmission and the committee rely on."""
    bad = any(f.code == "report.bad_date" for f in report.findings)  # there, but not a date
    if report.report_date is None and not bad:
        yield Finding(
            "report.no_date", "warning", report.path, report.sheet, None, report.unit_code
        )
    if not (report.preparer or "").strip():
        yield Finding(
            "report.no_preparer", "warning", report.path, report.sheet, None, report.unit_code
        )


def check_values(report: Report, plan: Plan) -> Iterator[Finding]:
    """Required values, kinds and allowed values; then the percentages the clerk typed
    (:func:`check_percents`). An optional field left out is no finding (docs/plans.md)."""
    values = report.values
    for code, fdef, allowed in plan.value_checks:
        value = values.get(code)
        if value is None or (value.value is None and value.raw in (None, "")):
            if fdef.required and not any(f.field == code for f in report.findings):
                # no row of the field on the form at all (deleted): said apart from an empty cell
                gone = value is None and report.layout == "form"
                missing = "value.row_missing" if gone else "value.missing"
                yield _finding(report, missing, "error", code, fdef, value, value=None, row=code)
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
    if report.typed_percents:
        yield from check_percents(report, plan)


# A typed percentage: "62,5", "62.5", "62,5 %" (a cell formatted as a percentage holds 0.625).
_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")
PERCENT_TOLERANCE = 0.1  # points: a difference over it is a mistake (docs/form.md)


def check_percents(report: Report, plan: Plan) -> Iterator[Finding]:
    """Each percentage the clerk typed against the ratio of the report's own counts: more than
    0,1 point apart (or, for a figure typed with fewer decimals, more than its rounding) is
    ``value.percent_mismatch``, naming both numbers. The counts are what the roll-up uses;
    a percentage that is no number, or a ratio without counts, is passed over."""
    for code, typed in report.typed_percents.items():
        ind = plan.indicator_map.get(code)
        if not isinstance(ind, RatioIndicator):
            continue
        num = sum_terms(report.number, ind.numerator_terms)
        den = sum_terms(report.number, ind.denominator_terms)
        read = _typed_percent(typed.raw)
        if num is None or not den or read is None:
            continue
        computed = num / den * 100
        value, decimals = read
        if not isinstance(typed.raw, str) and value <= 1 < computed - PERCENT_TOLERANCE:
            value, decimals = value * 100, max(decimals - 2, 0)  # a percentage-formatted cell
        if abs(value - computed) <= max(PERCENT_TOLERANCE, 0.5 * 10**-decimals) + 1e-9:
            continue
        shown = max(decimals, 1)
        yield Finding(
            "value.percent_mismatch",
            "warning",
            report.path,
            typed.sheet,
            typed.cell,
            report.unit_code,
            code,
            params={
                "label": ind.name,
                "label_en": ind.name_en,
                "typed": fmt_num(value, "vi", decimals),
                "typed_en": fmt_num(value, "en", decimals),
                "computed": fmt_num(computed, "vi", shown),
                "computed_en": fmt_num(computed, "en", shown),
                "numerator": num,
                "denominator": den,
            },
        )


def _typed_percent(raw: object) -> tuple[float, int] | None:
    """A typed percentage and the number of decimals it was typed with; None: no number."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return None
    if not isinstance(raw, str):
        text = repr(float(raw)).removesuffix(".0")
        return float(raw), len(text.partition(".")[2]) if "e" not in text else 6
    found = _PERCENT.match(raw)
    if found is None:
        return None
    digits = found[1].replace(",", ".")
    return float(digits), len(digits.partition(".")[2])


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
    """Every rule of the plan (the rules are data: docs/plans.md; each kind checks itself)."""
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
    registry: Registry,
    entries: list[Entry],
    year: int,
    parent: str | None,
    deadline: date | None = None,
    basis: str = REPORT_DATE,
) -> list[Completeness]:
    """Expected / received / valid per parent of the communes (district, or province); the
    communes to chase for a corrected report; received on time or late against *deadline*, by
    the time *basis* gives (:func:`timeliness_basis`) — a report with none is ``undated``."""
    used = {e.unit.code: e for e in entries if e.unit and e.status in RECEIVED}
    valid = {code for code, e in used.items() if e.status == Status.VALID}
    sent = set(used)
    unreadable = _unreadable_by_unit(registry, entries, parent, sent)
    groups: dict[str | None, list[Unit]] = defaultdict(list)
    for unit in registry.communes_under(parent, year):
        groups[unit.parent_code].append(unit)
    out = []
    for code, units in groups.items():
        codes = {u.code for u in units}
        received = codes & sent
        chase = [
            Chase(u, Status.INVALID, used[u.code])
            for u in units
            if u.code in received and u.code not in valid
        ] + [Chase(u, Status.UNREADABLE, unreadable[u.code]) for u in units if u.code in unreadable]
        chase.sort(key=lambda c: c.unit.code)
        on_time = late = undated = None
        if deadline is not None:
            days = {c: received_day(used[c], basis) for c in received}
            undated = {c for c, day in days.items() if day is None}
            on_time = {c for c, day in days.items() if day is not None and day <= deadline}
            late = received - on_time - undated
        out.append(
            Completeness(
                registry.units.get(code) if code else None,
                units,
                received,
                codes & valid,
                chase,
                on_time,
                late,
                undated,
            )
        )
    return out


def timeliness_basis(entries: list[Entry], asked: str = REPORT_DATE) -> str:
    """What "received" means for on time / late (docs/outcome.md, "The deadline"): the inbox's
    first sight when the files came through one (``xhht run``), else *asked* — the form's
    report date, or the files' modification times when the user asked for them."""
    return INBOX if any(e.file.received is not None for e in entries) else asked


def received_day(entry: Entry, basis: str) -> date | None:
    """The local calendar day *entry* was received on *basis* (a deadline is a day in the
    office's time); None when the basis gives no time (a form without its report date)."""
    if basis == INBOX and entry.file.received is not None:
        return _day(entry.file.received)
    if basis == MTIME:
        return _day(entry.file.mtime)
    return entry.report.report_date if entry.report is not None else None


def _day(timestamp: float) -> date:
    """The local calendar day of *timestamp*."""
    return datetime.fromtimestamp(timestamp).date()


def _unreadable_by_unit(
    registry: Registry, entries: list[Entry], parent: str | None, received: set[str]
) -> dict[str, Entry]:
    """Unreadable files whose name says which commune sent them (and that commune sent no
    readable report): commune code → the file's entry."""
    found: dict[str, Entry] = {}
    for entry in entries:
        if entry.status != Status.UNREADABLE:
            continue
        unit = named_commune(entry, registry, parent)
        if unit is not None and unit.code not in received:
            found.setdefault(unit.code, entry)
    return found


def named_commune(entry: Entry, registry: Registry, parent: str | None) -> Unit | None:
    """The commune of the scope an unreadable file's name points to (who is chased for it,
    unless that commune sent a readable report); None: the file names nobody."""
    return unit_from_file_name(entry.file.display, registry, parent)
