"""Identify: which unit and period a report belongs to (spec/registry.md)."""

from __future__ import annotations

from pathlib import Path

from xhht_cli.findings import Finding
from xhht_cli.registry import Registry, Unit
from xhht_cli.report import Report
from xhht_cli.text import fold, name_key


def identify(report: Report, registry: Registry, parent: str | None = None) -> Unit | None:
    """The report's unit by code (restoring lost zeros), else by name, else by file name.

    Adds findings for every guess and every contradiction; returns None when unknown.
    """
    if report.unit_code:
        return _by_code(report, registry)
    if report.unit_name:
        found = _by_name(
            report, registry, report.unit_name, parent, "unit.from_name", report.unit_name_cell
        )
        if found is not None or report.findings[-1].code == "unit.ambiguous":
            return found
    unit = _by_file_name(report, registry, parent)
    if unit is None:
        report.findings.append(
            Finding(
                "unit.not_found",
                "error",
                report.path,
                report.sheet,
                report.unit_code_cell,
                params={"name": report.unit_name or Path(report.path).name},
            )
        )
    return unit


def _by_code(report: Report, registry: Registry) -> Unit | None:
    raw = report.unit_code or ""
    code = raw if raw in registry else registry.pad_code(raw)
    if code not in registry:
        report.findings.append(
            Finding(
                "unit.unknown",
                "error",
                report.path,
                report.sheet,
                report.unit_code_cell,
                unit_code=raw,
                params={"code": raw, "registry": registry.source},
            )
        )
        return None
    if code != raw:
        report.findings.append(
            Finding(
                "unit.code_padded",
                "warning",
                report.path,
                report.sheet,
                report.unit_code_cell,
                unit_code=code,
                params={"raw": raw, "code": code},
            )
        )
    report.unit_code = code
    unit = registry[code]
    if report.unit_name and name_key(report.unit_name) != name_key(unit.name):
        report.findings.append(
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
) -> Unit | None:
    found = registry.find_by_name(name, parent)
    if len(found) > 1:
        report.findings.append(
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
    return _guessed(report, found[0], finding, cell)


def _guessed(report: Report, unit: Unit, finding: str, cell: str | None) -> Unit:
    """Take *unit* for the report, with a warning saying how it was found."""
    report.unit_code = unit.code
    report.findings.append(
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


def _by_file_name(report: Report, registry: Registry, parent: str | None) -> Unit | None:
    """The longest unit name that stands as whole words in the file name."""
    words = f" {fold(Path(report.path).stem)} "
    best: list[Unit] = []
    best_len = 0
    for key, codes in registry.names_index().items():
        if len(key) < 3 or f" {key} " not in words or len(key) < best_len:
            continue
        units = [registry[c] for c in codes if registry[c].level == "commune"]
        if parent is not None:
            units = [u for u in units if parent in {a.code for a in registry.ancestors(u.code)}]
        if not units:
            continue
        if len(key) > best_len:
            best, best_len = units, len(key)
        else:
            best += units
    if len(best) != 1:
        return None
    return _guessed(report, best[0], "unit.from_file_name", None)
