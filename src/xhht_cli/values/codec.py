"""Reports and findings as JSON: one codec per type, and one ``dumps``.

The store keeps exactly what was read from each file (:func:`report_to_dict`,
:func:`finding_to_dict` and back); the JSON documents show a finding as
:func:`finding_document` (its codec form with the message rendered, without its parameters).
Between worker processes reports travel in a flatter form still (:mod:`xhht_cli.read.wire`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

import orjson

from xhht_cli.base.i18n import Lang
from xhht_cli.values.findings import Finding
from xhht_cli.values.report import Report, Value


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):  # the files of a conflict
        return [_plain(v) for v in value]
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


# The keys of a finding in the JSON documents, in their order (docs/json.md), then its message.
_DOCUMENT_KEYS = ("path", "severity", "code", "unit_code", "field", "sheet", "cell")


def finding_document(finding: Finding, lang: Lang | None = None) -> dict[str, Any]:
    """A finding as the JSON documents list it: where and what (the fields its stored form
    copies as they are, without the parameters), and the message in *lang*."""
    document: dict[str, Any] = {key: getattr(finding, key) for key in _DOCUMENT_KEYS}
    document["message"] = finding.message(lang)
    return document


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
        "typed_percents": {
            code: [_plain(v.raw), v.sheet, v.cell] for code, v in report.typed_percents.items()
        },
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
    report.typed_percents = {  # absent from what the store kept before issue 29
        code: Value(code, None, v[0], v[1], v[2])
        for code, v in data.get("typed_percents", {}).items()
    }
    return report


def document_bytes(value: Any) -> bytes:
    """A JSON document as UTF-8 bytes, exactly ``dumps(value, pretty=True)`` encoded: written
    to a file as they are, a national document (over 100 MB) is never held twice, as bytes
    and as text."""
    try:
        data = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # orjson.JSONEncodeError is one: see dumps
        return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return _python_floats(data)


def document_chunks(head: dict[str, Any], key: str, items: Iterable[Any]) -> Iterator[bytes]:
    """The bytes of ``document_bytes(head | {key: list(items)})`` (*key*, a key of the top
    level, where it stands in *head*), a piece at a time: each item is encoded on its own and indented into place, so a
    national document (165 MB, 10,706 units) is never held whole, nor are all its units'
    dicts at once. JSON text holds no raw line break, so indenting every line is safe. (A NaN
    in an item orjson encodes, in a document the standard library must encode, would differ:
    ``null`` against ``NaN``; no document holds either.)"""
    marker = "\u0000xhht-items\u0000"
    whole = document_bytes({k: (marker if k == key else v) for k, v in head.items()})
    quoted = document_bytes(marker)[:-1]  # as orjson or json quote it, without the newline
    if whole.count(quoted) != 1:  # the marker not found once: the whole list, in one piece
        yield document_bytes(head | {key: list(items)})
        return
    before, _, after = whole.partition(quoted)
    yield before
    first = True
    for item in items:
        body = document_bytes(item)[:-1].replace(b"\n", b"\n    ")
        yield (b"[\n    " if first else b",\n    ") + body
        first = False
    yield b"[]" if first else b"\n  ]"
    yield after


def dumps(value: Any, pretty: bool = False) -> str:
    """JSON text: compact for the store, or indented with a final newline for the documents
    people and scripts read.

    Written by orjson: at national scale (a 70 MB ``aggregate --json``) the standard
    library's indenting encoder took 2.8 s, orjson 0.08 s. The documents stay byte for byte
    what ``json.dumps(value, ensure_ascii=False, indent=2)`` wrote: orjson writes the same
    text but for floats below 1e-4, which it spells ``0.00001`` where Python says ``1e-05``
    (put back by :func:`_python_floats`). What orjson refuses (a key that is not text, an
    integer beyond 64 bits, a lone surrogate) goes to the standard library as before.
    """
    if pretty:
        return document_bytes(value).decode("utf-8")
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is one
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# In indented output a number is alone on its line: after the indent and maybe a key, before
# a comma or the line's end; text never matches, being quoted.
_SMALL_FLOAT = re.compile(
    rb'(?m)^( *(?:"(?:[^"\\\n]|\\.)*": )?)(-?(?:0\.0000[0-9]+|[0-9](?:\.[0-9]+)?e-[0-9]+))(,?)$'
)


_DASHES = 100_000  # dashes looked at one by one before the search for "e-" takes over


def _candidates(data: bytes) -> set[tuple[int, int]]:
    """The lines of *data* that may hold a float orjson spells ``0.0000…`` or ``…e-…`` (a
    digit before the ``e``: text such as "ke-hoach" does not count), as (start, end)."""
    found: list[int] = []
    at = data.find(b"0.0000")
    while at != -1:
        found.append(at)
        at = data.find(b"0.0000", at + 6)
    # One byte is found fastest, then the "e" before it: a document holds few dashes (paths,
    # dates). Past _DASHES of them (text full of dashes), "e-" is looked for instead.
    at, dashes = data.find(b"-"), 0
    while at != -1 and dashes < _DASHES:
        if at > 1 and data[at - 1] == 101 and data[at - 2] in b"0123456789":  # 101: "e"
            found.append(at)
        at, dashes = data.find(b"-", at + 1), dashes + 1
    at = data.find(b"e-", at - 1) if at != -1 else -1
    while at != -1:
        if at and data[at - 1] in b"0123456789":
            found.append(at)
        at = data.find(b"e-", at + 2)
    lines = set()
    for at in found:
        end = data.find(b"\n", at)
        lines.add((data.rfind(b"\n", 0, at) + 1, len(data) if end == -1 else end))
    return lines


def _python_floats(data: bytes) -> bytes:
    """Floats as Python's ``repr`` spells them, where orjson spells them otherwise: only the
    few lines that may hold one are looked at (the regex over 70 MB would cost 3 s)."""
    lines = sorted(_candidates(data))
    if not lines:  # the usual case: two fast scans
        return data
    parts, done = [], 0
    for start, end in lines:
        parts += [data[done:start], _SMALL_FLOAT.sub(_repr, data[start:end])]
        done = end
    parts.append(data[done:])
    return b"".join(parts)


def _repr(match: re.Match[bytes]) -> bytes:
    return match[1] + repr(float(match[2])).encode() + match[3]
