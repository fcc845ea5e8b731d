"""Identify: which unit a report belongs to (docs/pipeline.md, "Identification").

Pure: the report is only read; what was found comes back as an :class:`Identified`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from xhht_cli.base.text import fold, name_key
from xhht_cli.units.registry import Registry
from xhht_cli.units.unit import Unit
from xhht_cli.values.findings import Finding, Severity
from xhht_cli.values.report import Report


@dataclass
class Identified:
    """The unit a report belongs to (None: unknown), and the findings of the search: every
    guess and every contradiction."""

    unit: Unit | None = None
    findings: list[Finding] = field(default_factory=list)


def identify(report: Report, registry: Registry, parent: str | None = None) -> Identified:
    """The report's unit by code (restoring lost zeros), else by name, else by file name."""
    found = Identified()
    if report.unit_code:
        found.unit = _by_code(report, registry, found.findings, parent)
        return found
    if report.unit_name:
        found.unit = _by_name(
            report,
            registry,
            report.unit_name,
            parent,
            "unit.from_name",
            report.unit_name_cell,
            found.findings,
        )
        if found.unit is not None or (
            found.findings and found.findings[-1].code == "unit.ambiguous"
        ):
            return found
    found.unit = _by_file_name(report, registry, parent, found.findings)
    if found.unit is None:
        found.findings.append(
            Finding(
                "unit.not_found",
                "error",
                report.path,
                report.sheet,
                report.unit_code_cell,
                params={"name": report.unit_name or Path(report.path).name},
            )
        )
    return found


def _by_code(
    report: Report, registry: Registry, findings: list[Finding], parent: str | None = None
) -> Unit | None:
    raw = report.unit_code or ""
    code = raw if raw in registry else registry.pad_code(raw)
    if code not in registry and re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        undotted = registry.pad_code(raw.replace(".", ""))  # 32.002: a thousands dot typed
        if undotted in registry:
            findings.append(_code_cell(report, "unit.code_dotted", "warning", undotted, raw))
            return _named_as(report, registry[undotted], findings)
    if code not in registry:
        named = registry.find_by_name(report.unit_name, parent) if report.unit_name else []
        if len(named) == 1 and named[0].level == "commune":
            # a mistyped code beside the commune's own name: the commune's report, wrong — to
            # be sent again, never "not sent" (docs/pipeline.md, "Identification")
            unit = named[0]
            finding = _code_cell(report, "unit.unknown_code_named", "error", unit.code, raw)
            findings.append(replace(finding, params={**finding.params, "name": unit.name}))
            return unit
        findings.append(
            Finding(
                "unit.unknown",
                "error",
                report.path,
                report.sheet,
                report.unit_code_cell,
                unit_code=raw,
                params={"code": raw, "registry": registry.label},
            )
        )
        return None
    if code != raw:
        findings.append(_code_cell(report, "unit.code_padded", "warning", code, raw))
    return _named_as(report, registry[code], findings)


def _code_cell(report: Report, what: str, severity: Severity, code: str, raw: str) -> Finding:
    """A finding on the unit-code cell: *raw* as typed, *code* the unit it was taken for
    (``suggested`` too: the code to type, in the words of ``unit.unknown_code_named``)."""
    return Finding(
        what,
        severity,
        report.path,
        report.sheet,
        report.unit_code_cell,
        unit_code=code,
        params={"raw": raw, "code": code, "suggested": code},
    )


def _named_as(report: Report, unit: Unit, findings: list[Finding]) -> Unit:
    """*unit*, found by the report's code; a name beside it that is another's is an error
    (another commune's form copied)."""
    code = unit.code
    if report.unit_name and name_key(report.unit_name) != name_key(unit.name):
        findings.append(
            Finding(
                "unit.name_mismatch",
                "error",
                report.path,
                report.sheet,
                report.unit_name_cell,
                unit_code=code,
                params={"code": code, "registry_name": unit.name, "name": report.unit_name},
            )
        )
    return unit


def _by_name(
    report: Report,
    registry: Registry,
    name: str,
    parent: str | None,
    finding: str,
    cell: str | None,
    findings: list[Finding],
) -> Unit | None:
    found = registry.find_by_name(name, parent)
    if len(found) > 1:
        findings.append(
            Finding(
                "unit.ambiguous",
                "error",
                report.path,
                report.sheet,
                cell,
                params={"name": name, "codes": ", ".join(u.code for u in found)},
            )
        )
        return None
    if not found:
        return None
    return _guessed(report, found[0], finding, cell, findings)


def _guessed(
    report: Report, unit: Unit, finding: str, cell: str | None, findings: list[Finding]
) -> Unit:
    """Take *unit* for the report, with a warning saying how it was found."""
    findings.append(
        Finding(
            finding,
            "warning",
            report.path,
            report.sheet,
            cell,
            unit_code=unit.code,
            params={"code": unit.code, "registry_name": unit.name},
        )
    )
    return unit


def _by_file_name(
    report: Report, registry: Registry, parent: str | None, findings: list[Finding]
) -> Unit | None:
    unit = unit_from_file_name(report.path, registry, parent, codes=False)
    return None if unit is None else _guessed(report, unit, "unit.from_file_name", None, findings)


# The words before a commune's name that make a file's name say "this commune" (folded).
LEVEL_WORDS = ("xa", "phuong", "thi tran")


def unit_from_file_name(
    path: str,
    registry: Registry,
    parent: str | None = None,
    codes: bool = True,
    named: bool = False,
) -> Unit | None:
    """The commune a file's name points to: a commune code standing as a word (with *codes*),
    else the longest commune name that stands as whole words in it; None if none or several.
    *named*: a name counts only after its level's word ("xa Cao Phong", not "bao cao phong
    giao duc"), where the name is to decide more than a hint."""
    stem = Path(path).stem
    if codes:
        found = {w for w in re.findall(r"(?<!\d)\d{4,6}(?!\d)", stem)}
        units = [registry[c] for w in found if (c := registry.pad_code(w)) in registry]
        units = [u for u in units if u.level == "commune" and _under(registry, u, parent)]
        if len(units) == 1:
            return units[0]
    words = f" {fold(stem)} "
    best: list[Unit] = []
    best_len = 0
    for key, unit_codes in registry.names_index().items():
        if len(key) < 3 or f" {key} " not in words or len(key) < best_len:
            continue
        if named and not any(f" {level} {key} " in words for level in LEVEL_WORDS):
            continue
        units = [registry[c] for c in unit_codes if registry[c].level == "commune"]
        units = [u for u in units if _under(registry, u, parent)]
        if not units:
            continue
        if len(key) > best_len:
            best, best_len = units, len(key)
        else:
            best += units
    return best[0] if len(best) == 1 else None


def _under(registry: Registry, unit: Unit, parent: str | None) -> bool:
    return parent is None or parent in {a.code for a in registry.ancestors(unit.code)}
