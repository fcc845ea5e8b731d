"""What the outputs carry of their sources (docs/lineage.md), without growing the main JSON:
the long table of every cell the summary used (``aggregate --sources FILE.csv|.parquet``), the
trace document ``xhht/trace/v1`` (``xhht trace --format json``), and the wording both these and
the workbook's ``NguonSoLieu`` and the .docx appendix share."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from xhht_cli.base.errors import XhhtError
from xhht_cli.base.i18n import Lang, get_lang, tr
from xhht_cli.plans import RatioIndicator
from xhht_cli.rollup.outcome import Line, Outcome, Trace, Unused
from xhht_cli.values.findings import Finding
from xhht_cli.write.atomic import write_atomic, write_text_atomic
from xhht_cli.write.paths import check_file

TRACE_SCHEMA = "xhht/trace/v1"
SOURCE_COLUMNS = ("unit", "period", "field", "value", "file", "sheet", "cell", "sha256")
SOURCE_SUFFIXES = (".csv", ".parquet")
SHA_SHOWN = 16  # characters of a SHA-256 a page shows (the whole of it is in ThongTin)
Row = tuple[str, str, str, int | None, str, str, str, str]


def check_sources(path: Path, option: str = "--sources") -> None:
    """*path* can take the long table (else exit 2, before any report is read): a .csv or a
    .parquet, the latter only with pyarrow installed."""
    check_file(path, SOURCE_SUFFIXES, option)
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise XhhtError(tr("batch.parquet_missing")) from None


def source_rows(outcome: Outcome) -> Iterator[Row]:
    """Every field of every report the run used, each period (the earlier ones first): the
    commune's code in its own period, the value, and where it was read."""
    order = outcome.plan.field_order
    for period in outcome.sources:
        for used in period.used:
            values = sorted(used.report.values.values(), key=lambda v: order.get(v.field, 1 << 30))
            for v in values:
                row = (used.unit.code, used.period, v.field, v.value, used.file, v.sheet, v.cell)
                yield (*row, used.sha256)


def write_sources(path: Path, outcome: Outcome) -> None:
    """The long table of :func:`source_rows` as CSV (UTF-8) or Parquet, atomically."""
    rows = list(source_rows(outcome))
    if path.suffix.lower() != ".parquet":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(SOURCE_COLUMNS)
        writer.writerows(rows)
        write_text_atomic(path, buffer.getvalue())
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(zip(*rows, strict=True)) if rows else [()] * len(SOURCE_COLUMNS)
    table = pa.table(
        {
            name: pa.array(list(values), type=pa.int64() if name == "value" else pa.string())
            for name, values in zip(SOURCE_COLUMNS, columns, strict=True)
        }
    )
    write_atomic(path, lambda tmp: pq.write_table(table, str(tmp)))


# -- the wording every rendering shares ------------------------------------------------------


def why(unused: Unused, lang: Lang | None = None, names: bool = False) -> str:
    """Why a report was not used, in *lang*: the finding that says so, and where; with
    *names*, the other files it names by their names alone (:func:`by_file_name`)."""
    finding = unused.finding
    if finding is None:
        return tr(f"status.{unused.status}", lang)
    if names:
        finding = by_file_name(finding)
    where = finding.where()
    return f"{where}: {finding.message(lang)}" if where else finding.message(lang)


def file_name(display: str) -> str:
    """A file's name without its folders (``/`` or ``\\``, whichever the system wrote)."""
    return display.replace("\\", "/").rsplit("/", 1)[-1]


def by_file_name(finding: Finding) -> Finding:
    """*finding* naming the other files it is about (``other``, ``newer``; a conflict's
    ``files``) by their names: for readers outside the office (the committee's report, the
    clerk's feedback), to whom its folders mean nothing."""
    params = dict(finding.params)
    files = params.get("files")
    if isinstance(files, list):
        params["files"] = [file_name(str(f)) for f in files]
        params["other"] = ", ".join(params["files"])
    elif isinstance(params.get("other"), str):
        params["other"] = file_name(params["other"])
    if isinstance(params.get("newer"), str):
        params["newer"] = file_name(params["newer"])
    return replace(finding, params=params)


def received_text(stamp: float | None) -> str:
    """``30/11/2024 14:05``: when a report was received, local time (— when not known)."""
    return "—" if stamp is None else datetime.fromtimestamp(stamp).strftime("%d/%m/%Y %H:%M")


def received_iso(stamp: float | None) -> str | None:
    """``2024-11-30T14:05:00+07:00`` (None when not known)."""
    if stamp is None:
        return None
    return datetime.fromtimestamp(stamp).astimezone().isoformat(timespec="seconds")


# -- xhht/trace/v1 ---------------------------------------------------------------------------


def trace_document(trace: Trace, outcome: Outcome, lang: Lang | None = None) -> dict[str, Any]:
    """One figure walked back to its cells (docs/json.md, "xhht/trace/v1")."""
    lang = lang or get_lang()
    numerator, denominator = trace.line_totals
    return {
        "schema": TRACE_SCHEMA,
        "plan": outcome.plan.code,
        "run_period": outcome.period,
        "period": trace.period,
        "carried": trace.carried,
        "unit": {"code": trace.unit.code, "name": trace.unit.name, "level": trace.unit.level},
        "indicator": _indicator(trace, lang),
        "value": trace.value,
        "numerator": trace.numerator,
        "denominator": trace.denominator,
        "expected": trace.expected,
        "reported": trace.reported,
        "target": _target(trace),
        "rule": _rule(trace),
        "lines": [_line(line) for line in trace.lines],
        "totals": {"numerator": numerator, "denominator": denominator},
        "not_used": [_unused(u, lang) for u in trace.unused],
        "missing": [{"code": u.code, "name": u.name} for u in trace.missing],
        "sources": _sources(trace),
    }


def _indicator(trace: Trace, lang: Lang) -> dict[str, Any]:
    ind = trace.indicator
    name = ind.named(lang)
    if isinstance(ind, RatioIndicator):
        formula = {"numerator": ind.numerator, "denominator": ind.denominator}
        return {"code": ind.code, "type": "ratio", "name": name, **formula}
    kept = {"field": ind.field, "min_level": ind.min_level, "over": ind.over}
    return {"code": ind.code, "type": "standard", "name": name, **kept}


def _sources(trace: Trace) -> dict[str, str]:
    """Every plan source the trace cites: key → text."""
    found: dict[str, str] = {}
    if trace.target is not None:
        found.update(trace.target.sources)
    if trace.rule is not None:
        found.update(trace.rule.sources)
    return found


def _target(trace: Trace) -> dict[str, Any] | None:
    cited = trace.target
    if cited is None:
        return None
    t = cited.target
    return {
        "value": t.value,
        "count": t.count,
        "year": t.year,
        "level": t.level,
        "met": cited.met,
        "source": list(cited.sources),
        "evidence": t.evidence,
    }


def _rule(trace: Trace) -> dict[str, Any] | None:
    rule = trace.rule
    if rule is None:
        return None
    return {
        "field": rule.field,
        "tier": rule.tier,
        "k": rule.k,
        "share": rule.share,
        "tiers": rule.tiers,
        "level": rule.level,
        "assumption": rule.assumption,
        "source": list(rule.sources),
    }


def _line(line: Line) -> dict[str, Any]:
    source, origin = line.source, line.origin
    return {
        "code": line.unit.code,
        "name": line.unit.name,
        "level": line.unit.level,
        "numerator": line.numerator,
        "denominator": line.denominator,
        "standing": line.standing,
        "reached": line.reached,
        "into": origin.new_code if origin else None,
        "share": origin.share if origin else None,
        "approximate": origin.approximate if origin else False,
        "file": source.file if source else None,
        "sha256": source.sha256 if source else None,
        "report_date": source.report_date.isoformat() if source and source.report_date else None,
        "received": received_iso(source.received) if source else None,
        "cells": [
            {
                "field": c.field,
                "value": c.value,
                "sheet": c.sheet,
                "cell": c.cell,
                "whole": c.whole,
                "exact": c.exact,
            }
            for c in line.cells
        ],
    }


def _unused(unused: Unused, lang: Lang) -> dict[str, Any]:
    finding = unused.finding
    return {
        "file": unused.file,
        "sha256": unused.sha256,
        "status": str(unused.status),
        "reason": unused.reason,
        "unit_code": unused.unit.code if unused.unit else None,
        "unit_name": unused.unit.name if unused.unit else None,
        "newer": unused.newer,
        "code": finding.code if finding else None,
        "sheet": finding.sheet if finding else None,
        "cell": finding.cell if finding else None,
        "message": finding.message(lang) if finding else None,
    }
