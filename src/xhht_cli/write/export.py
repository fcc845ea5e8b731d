"""The long table of current values (``unit_code, period, field, value``) as CSV, XLSX or
Parquet: what ``xhht export`` writes and what other systems read."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from xhht_cli.base.errors import XhhtError
from xhht_cli.base.i18n import tr
from xhht_cli.write.atomic import write_atomic, write_text_atomic

COLUMNS = ["unit_code", "period", "field", "value"]
FORMATS = ("csv", "xlsx", "parquet")
Row = tuple[str, str, str, int | None]


def export_frame(rows: Iterable[Row]) -> Any:
    """The rows as a pandas frame with the long table's column types (codes stay text)."""
    import pandas as pd

    return pd.DataFrame(list(rows), columns=COLUMNS).astype(
        {"unit_code": "string", "period": "string", "field": "string", "value": "Int64"}
    )


def write_export(path: Path, rows: Iterable[Row], kind: str) -> None:
    """Write *rows* to *path* as *kind* (one of :data:`FORMATS`), atomically."""
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        write_text_atomic(path, buffer.getvalue())
        return
    frame = export_frame(rows)
    if kind == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise XhhtError(tr("batch.parquet_missing")) from exc
        write_atomic(path, lambda tmp: frame.to_parquet(tmp, index=False))
    elif kind == "xlsx":
        write_atomic(path, lambda tmp: frame.to_excel(tmp, index=False, engine="openpyxl"))
    else:
        raise ValueError(f"unknown export format {kind!r}")
