"""Reports and findings as JSON: one codec per type, and one ``dumps``.

The store keeps exactly what was read from each file (:func:`report_to_dict`,
:func:`finding_to_dict` and back); the JSON documents show a finding as
:func:`finding_document` (its codec form with the message rendered, without its parameters).
Between worker processes reports travel in a flatter form still (:mod:`xhht_cli.read.wire`).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from xhht_cli.findings import Finding
from xhht_cli.i18n import Lang
from xhht_cli.report import Report, Value


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "path": finding.path,
        "sheet": finding.sheet,
        "cell": finding.cell,
        "unit_code": finding.unit_code,
        "field": finding.field,
        "params": {k: _plain(v) for k, v in finding.params.items()},
        "custom": list(finding.custom) if finding.custom else None,
    }


# The keys of a finding in the JSON documents, in their order (spec/cli.md), then its message.
_DOCUMENT_KEYS = ("path", "severity", "code", "unit_code", "field", "sheet", "cell")


def finding_document(finding: Finding, lang: Lang | None = None) -> dict[str, Any]:
    """A finding as the JSON documents list it: where and what (its codec form without the
    parameters), and the message in *lang*."""
    stored = finding_to_dict(finding)
    return {key: stored[key] for key in _DOCUMENT_KEYS} | {"message": finding.message(lang)}


def finding_from_dict(data: dict[str, Any]) -> Finding:
    custom = data.get("custom")
    return Finding(
        data["code"],
        data["severity"],
        data["path"],
        data["sheet"],
        data["cell"],
        data["unit_code"],
        data["field"],
        dict(data["params"]),
        (custom[0], custom[1]) if custom else None,
    )


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "path": report.path,
        "layout": report.layout,
        "sheet": report.sheet,
        "unit_code": report.unit_code,
        "unit_code_cell": report.unit_code_cell,
        "unit_name": report.unit_name,
        "unit_name_cell": report.unit_name_cell,
        "period": report.period,
        "period_cell": report.period_cell,
        "report_date": report.report_date.isoformat() if report.report_date else None,
        "preparer": report.preparer,
        "value_column": report.value_column,
        "values": {
            code: [v.value, _plain(v.raw), v.sheet, v.cell] for code, v in report.values.items()
        },
        "findings": [finding_to_dict(f) for f in report.findings],
    }


def report_from_dict(data: dict[str, Any]) -> Report:
    report = Report(
        path=data["path"],
        layout=data["layout"],
        sheet=data["sheet"],
        unit_code=data["unit_code"],
        unit_code_cell=data["unit_code_cell"],
        unit_name=data["unit_name"],
        unit_name_cell=data["unit_name_cell"],
        period=data["period"],
        period_cell=data["period_cell"],
        report_date=date.fromisoformat(data["report_date"]) if data["report_date"] else None,
        preparer=data["preparer"],
        value_column=data["value_column"],
    )
    report.values = {
        code: Value(code, v[0], v[1], v[2], v[3]) for code, v in data["values"].items()
    }
    report.findings = [finding_from_dict(f) for f in data["findings"]]
    return report


def dumps(value: Any, pretty: bool = False) -> str:
    """JSON text: compact for the store, or indented with a final newline for the documents
    people and scripts read."""
    if pretty:
        return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_INLINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def dumps_outline(
    value: Any, depth: int, inline: frozenset[str] = frozenset(), indent: int = 2
) -> str:
    """JSON text indented like ``dumps(pretty=True)`` down to *depth* levels (and not inside
    the keys *inline*), each value below on one line. The C encoder writes those lines: a
    national ``xhht/aggregate/v1`` (a quarter million indicator objects) is written faster than
    the indenting encoder writes it, and reads one indicator to a line."""

    def render(item: Any, level: int) -> str:
        if level >= depth or not isinstance(item, dict | list) or not item:
            return _INLINE.encode(item)
        pad, end = " " * (indent * (level + 1)), " " * (indent * level)
        if isinstance(item, dict):
            lines = [
                f"{pad}{_INLINE.encode(str(k))}: "
                + (_INLINE.encode(v) if k in inline else render(v, level + 1))
                for k, v in item.items()
            ]
            return "{\n" + ",\n".join(lines) + "\n" + end + "}"
        lines = [pad + render(v, level + 1) for v in item]
        return "[\n" + ",\n".join(lines) + "\n" + end + "]"

    return render(value, 0) + "\n"
