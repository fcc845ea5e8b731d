"""A registry file's rows (CSV or a spreadsheet): read as text, checked (every problem with
its line), and made units (docs/units.md, "Registries")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from xhht_cli.base.errors import RegistryError
from xhht_cli.base.i18n import tr
from xhht_cli.base.text import fold, nfc
from xhht_cli.units.crosswalk import csv_records
from xhht_cli.units.unit import DEFAULT_WIDTH, LEVEL_RANK, Unit, canonical_level

REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")


@dataclass(frozen=True, slots=True)
class _Row:
    number: int  # line/row number in the file, 1-based, as a reader sees it
    values: dict[str, str]


def read_registry_rows(path: Path) -> list[_Row]:
    """Rows of a registry file as text; ``#`` lines at the top of a CSV are comments."""
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}:
            return _read_sheet_rows(path)
        return _read_csv_rows(path)
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise RegistryError(str(path), [tr("reg.read_failed", error=exc)]) from exc


def _read_csv_rows(path: Path) -> list[_Row]:
    skipped, reader = csv_records(path)
    columns: dict[str, str] = {}  # each heading folded once, not once a row
    rows = [
        _Row(
            skipped + i + 2,
            {
                columns.get(k) or columns.setdefault(k, _column(k)): (v or "").strip()
                for k, v in rec.items()
                if k
            },
        )
        for i, rec in enumerate(reader)
    ]
    _require_columns(path, [_column(c) for c in reader.fieldnames or []])
    return _canonical_levels(rows)


def _read_sheet_rows(path: Path) -> list[_Row]:
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    if not sheet:
        raise ValueError("empty sheet")
    header = [_column(str(c)) for c in sheet[0]]
    _require_columns(path, header)
    rows = []
    for number, cells in enumerate(sheet[1:], start=2):
        values = {h: _cell_text(c) for h, c in zip(header, cells, strict=False) if h}
        if any(values.values()):
            rows.append(_Row(number, values))
    return _restore_zeros(_canonical_levels(rows))


def _canonical_levels(rows: list[_Row]) -> list[_Row]:
    for row in rows:
        if "level" in row.values:
            row.values["level"] = canonical_level(row.values["level"])
    return rows


def _restore_zeros(rows: list[_Row]) -> list[_Row]:
    """Codes typed as numbers in a spreadsheet lost their leading zeros: pad them by level."""
    for row in rows:
        code, level = row.values.get("code", ""), row.values.get("level", "")
        if code.isdigit() and level in DEFAULT_WIDTH:
            row.values["code"] = code.zfill(DEFAULT_WIDTH[level])
    codes = {row.values.get("code") for row in rows}
    for row in rows:
        parent = row.values.get("parent_code", "")
        if parent.isdigit() and parent not in codes:
            padded = [parent.zfill(w) for w in (2, 3, 5) if parent.zfill(w) in codes]
            row.values["parent_code"] = padded[0] if padded else parent
    return rows


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()[:10]
    return "" if value is None else str(value).strip()


def _column(name: str) -> str:
    return fold(name).replace(" ", "_")


def _require_columns(path: Path, columns: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise RegistryError(str(path), [tr("reg.missing_columns", columns=", ".join(missing))])


def _parse_date(text: str) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def check_rows(rows: list[_Row]) -> list[str]:
    """Every problem of a registry: bad cells, duplicates, unknown parents, cycles, level order,
    sibling names equal but for diacritics or case."""
    problems: list[str] = []
    for row in rows:
        problems.extend(_row_problems(row))
    problems.extend(_duplicate_problems(rows))
    by_code: dict[str, _Row] = {}
    for row in rows:
        if row.values.get("code"):
            by_code.setdefault(row.values["code"], row)
    problems.extend(_parent_problems(rows, by_code))
    problems.extend(_cycle_problems(by_code))
    problems.extend(_sibling_problems(rows))
    if rows and not any(not r.values.get("parent_code") for r in rows):
        problems.append(tr("reg.no_root"))
    return problems


def _row_problems(row: _Row) -> Iterator[str]:
    v, n = row.values, row.number
    code = v.get("code", "")
    if not code:
        yield tr("reg.empty_code", row=n)
        return
    if not v.get("name"):
        yield tr("reg.empty_name", row=n, code=code)
    if v.get("level") not in LEVEL_RANK:
        yield tr("reg.bad_level", row=n, code=code, level=v.get("level", ""))
    for column in ("valid_from", "valid_to"):
        try:
            _parse_date(v.get(column, ""))
        except ValueError:
            yield tr("reg.bad_date", row=n, value=v.get(column), column=column)


def _duplicate_problems(rows: list[_Row]) -> Iterator[str]:
    """A code used twice at the same time; a later unit may reuse the code of one that ended."""
    seen: dict[str, list[tuple[_Row, date, date]]] = defaultdict(list)
    for row in rows:
        code = row.values.get("code", "")
        if not code:
            continue
        start, end = _validity(row)
        for first, first_start, first_end in seen[code]:
            if start <= first_end and first_start <= end:
                dated = any(row.values.get(c) or first.values.get(c) for c in _DATES)
                key = "reg.overlap" if dated else "reg.duplicate"
                yield tr(key, row=row.number, code=code, first=first.number)
                break
        seen[code].append((row, start, end))


_DATES = ("valid_from", "valid_to")


def _validity(row: _Row) -> tuple[date, date]:
    try:
        start = _parse_date(row.values.get("valid_from", "")) or date.min
        end = _parse_date(row.values.get("valid_to", "")) or date.max
    except ValueError:  # reported by _row_problems
        return date.min, date.max
    return start, end


def _parent_problems(rows: list[_Row], by_code: dict[str, _Row]) -> Iterator[str]:
    for row in rows:
        code, parent = row.values.get("code", ""), row.values.get("parent_code", "")
        if not code or not parent:
            continue
        if parent not in by_code:
            yield tr("reg.unknown_parent", row=row.number, code=code, parent=parent)
            continue
        level, parent_level = row.values.get("level", ""), by_code[parent].values.get("level", "")
        known = level in LEVEL_RANK and parent_level in LEVEL_RANK
        if known and LEVEL_RANK[level] <= LEVEL_RANK[parent_level]:
            yield tr(
                "reg.level_order",
                row=row.number,
                code=code,
                level=level,
                parent=parent,
                parent_level=parent_level,
            )


def _cycle_problems(by_code: dict[str, _Row]) -> Iterator[str]:
    settled: set[str] = set()
    for start in by_code:
        path: list[str] = []
        current: str | None = start
        while current and current in by_code and current not in settled:
            if current in path:
                cycle = [*path[path.index(current) :], current]
                yield tr("reg.cycle", chain=" → ".join(cycle))
                break
            path.append(current)
            current = by_code[current].values.get("parent_code") or None
        settled.update(path)


def _sibling_problems(rows: list[_Row]) -> Iterator[str]:
    groups: dict[tuple[str, str], list[_Row]] = defaultdict(list)
    for row in rows:
        if row.values.get("name"):
            groups[(row.values.get("parent_code", ""), fold(row.values["name"]))].append(row)
    for (parent, _), group in groups.items():
        names = {nfc(r.values["name"]) for r in group}
        if len(group) > 1 and len(names) > 1:
            yield tr(
                "reg.sibling_names",
                codes=", ".join(r.values["code"] for r in group),
                parent=parent or "—",
                names=" / ".join(sorted(names)),
            )


def units_from_rows(rows: Iterable[_Row]) -> Iterator[Unit]:
    """The units of rows read from a registry file."""
    for row in rows:
        v = row.values
        yield Unit(
            code=v["code"],
            name=nfc(v["name"]),
            level=v["level"],
            parent_code=v.get("parent_code") or None,
            valid_from=_parse_date(v.get("valid_from", "")),
            valid_to=_parse_date(v.get("valid_to", "")),
        )
