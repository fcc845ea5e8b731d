"""Administrative units: which exist, their codes, names, levels and parents.

A registry is data: a CSV/XLSX file (``code, name, level, parent_code[, valid_from,
valid_to]``) or the built-in ``vn`` (34 provinces → 3,321 communes, from the maintained
``vietnam-provinces`` package). See ``docs/units.md``.

A registry may hold several periods (units with ``valid_from``/``valid_to``, a code used again
by a later unit): its :class:`Timeline`. :meth:`Registry.as_of` gives the units valid on 31
December of a period, the registry a report of that period is identified against. The built-in
``vn`` holds the units before the 2025 reform too (package data written by
``scripts/make_vn_crosswalk.py``), loaded only when an earlier period asks for them.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path

from xhht_cli.base.errors import RegistryError, XhhtError
from xhht_cli.base.i18n import tr
from xhht_cli.base.text import fold, name_key, nfc
from xhht_cli.units.crosswalk import Crosswalk, csv_records, load_crosswalk

LEVELS: tuple[str, ...] = ("nation", "province", "district", "commune")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
# The level column may name a level as Vietnamese officials do, with or without diacritics
# (folded: "Thị xã" → "thi xa"). "thành phố" alone is a city under the central government
# (province level); a provincial city is "thành phố thuộc tỉnh" (district level).
LEVEL_WORDS = {
    **{level: level for level in LEVELS},
    "quoc gia": "nation",
    "tinh": "province",
    "thanh pho": "province",
    "thanh pho truc thuoc trung uong": "province",
    "huyen": "district",
    "quan": "district",
    "thi xa": "district",
    "thanh pho thuoc tinh": "district",
    "xa": "commune",
    "phuong": "commune",
    "thi tran": "commune",
    "dac khu": "commune",
}


def canonical_level(text: str) -> str:
    """The level a registry cell names (``Phường``, ``thi tran``, ``commune`` → ``commune``);
    the text itself when it names none (reported by :func:`check_rows`)."""
    return LEVEL_WORDS.get(fold(text), text)


# GSO code widths; used to restore leading zeros lost when a code was typed as a number.
DEFAULT_WIDTH = {"nation": 0, "province": 2, "district": 3, "commune": 5}
REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    level: str
    parent_code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    def exists_in(self, year: int) -> bool:
        """Whether the unit exists at the end of reporting year *year* (when reports are due)."""
        end = date(year, 12, 31)
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= end
        )


@dataclass(frozen=True, slots=True)
class Former:
    """A unit of an earlier period that today's unit stands for in a view of that period, and
    the codes of its children (now the children of today's unit)."""

    unit: Unit
    children: tuple[str, ...]


class Timeline:
    """Every unit of every period of a registry, and the crosswalk between its periods, both
    loaded when first asked for (the built-in ``vn`` keeps its pre-reform part on disk until
    an earlier period needs it)."""

    def __init__(
        self,
        load_units: Callable[[], list[Unit]],
        load_crosswalk: Callable[[], Crosswalk | None] = lambda: None,
    ) -> None:
        self._load_units, self._load_crosswalk = load_units, load_crosswalk

    @cached_property
    def units(self) -> tuple[Unit, ...]:
        return tuple(self._load_units())

    @cached_property
    def crosswalk(self) -> Crosswalk | None:
        return self._load_crosswalk()


@dataclass
class Registry:
    """An immutable tree of units with the look-ups the pipeline needs.

    ``units`` holds one unit per code: for a registry of several periods, the latest period's;
    ``timeline`` then holds them all and :meth:`as_of` gives another period's registry.
    ``scope`` is the code the registry was narrowed to (``vn:96`` → ``96``); ``former`` the
    units of an earlier period that today's root stands for in a view of that period (old Cà
    Mau and old Bạc Liêu in today's Cà Mau's view of 2024).
    """

    units: dict[str, Unit]
    source: str
    timeline: Timeline | None = None
    scope: str | None = None
    former: tuple[Former, ...] = ()
    children: dict[str | None, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.children = defaultdict(list)
        self._widths: dict[str, int] = {}
        self._as_of: dict[int, Registry] = {}
        for unit in self.units.values():
            self.children[unit.parent_code].append(unit.code)
            self._widths[unit.level] = max(self._widths.get(unit.level, 0), len(unit.code))

    @cached_property
    def _by_name(self) -> dict[str, list[str]]:
        """Name key → codes: folded when a name is first looked up (a view of a year has
        thirteen thousand units, most never looked up by name)."""
        by_name: dict[str, list[str]] = defaultdict(list)
        for unit in self.units.values():
            by_name[name_key(unit.name)].append(unit.code)
        return by_name

    def __len__(self) -> int:
        return len(self.units)

    def __contains__(self, code: object) -> bool:
        return code in self.units

    def __getitem__(self, code: str) -> Unit:
        return self.units[code]

    @property
    def roots(self) -> list[Unit]:
        return [self.units[c] for c in self.children.get(None, [])]

    @property
    def levels(self) -> list[str]:
        """The levels present, from the top down."""
        present = {u.level for u in self.units.values()}
        return [lvl for lvl in LEVELS if lvl in present]

    def children_of(self, code: str) -> list[Unit]:
        return [self.units[c] for c in self.children.get(code, [])]

    def ancestors(self, code: str) -> list[Unit]:
        """The chain of parents of *code*, nearest first."""
        chain: list[Unit] = []
        parent = self.units[code].parent_code
        while parent is not None and parent in self.units:
            chain.append(self.units[parent])
            parent = self.units[parent].parent_code
        return chain

    def walk(self, code: str | None = None) -> Iterator[tuple[Unit, int]]:
        """Units below *code* (or every root) depth-first, with their depth, *code* included."""
        stack = (
            [(c, 0) for c in reversed(self.children.get(None, []))] if code is None else [(code, 0)]
        )
        while stack:
            current, depth = stack.pop()
            yield self.units[current], depth
            stack.extend((c, depth + 1) for c in reversed(self.children.get(current, [])))

    def communes_under(self, code: str | None = None, year: int | None = None) -> list[Unit]:
        """Leaf (commune-level) units under *code* (the whole registry when None)."""
        leaves = [u for u, _ in self.walk(code) if not self.children.get(u.code)]
        leaves = [u for u in leaves if u.level == "commune"] or leaves
        if year is not None:
            leaves = [u for u in leaves if u.exists_in(year)]
        return leaves

    def code_width(self, level: str) -> int:
        return self._widths.get(level) or DEFAULT_WIDTH.get(level, 0)

    @property
    def label(self) -> str:
        """The registry as its user named it: ``vn``, ``vn:96`` or the file's path — without
        the package version, the year of a view or a carried period's mark the source keeps."""
        text = re.sub(r"@\d{4}\*?", "", self.source.split("+", 1)[0])
        return re.sub(r"^vn \(vietnam-provinces [^)]*\)", "vn", text)

    @cached_property
    def fingerprint(self) -> str:
        """The registry's content as one string: equal fingerprints, equal registries."""
        return json.dumps(
            sorted((u.code, u.name, u.parent_code or "", u.level) for u in self.units.values())
        )

    def pad_code(self, raw: str, level: str = "commune") -> str:
        """Restore leading zeros of a code typed as a number (``1234`` → ``01234``)."""
        width = self.code_width(level)
        return raw.zfill(width) if raw.isdigit() and len(raw) < width else raw

    def find_by_name(self, name: str, parent: str | None = None) -> list[Unit]:
        """Units whose name matches *name* ignoring diacritics, case and the type prefix."""
        found = [self.units[c] for c in self._by_name.get(name_key(name), [])]
        if parent is not None:
            found = [u for u in found if parent in {a.code for a in self.ancestors(u.code)}]
        return found

    def names_index(self) -> dict[str, list[str]]:
        """Name key → unit codes, for searching names inside free text (file names)."""
        return dict(self._by_name)

    def subtree(self, code: str) -> Registry:
        """A registry of *code* and everything under it, *code* becoming the root."""
        kept = {u.code: u for u, _ in self.walk(code)}
        root = kept[code]
        kept[code] = Unit(root.code, root.name, root.level, None, root.valid_from, root.valid_to)
        return Registry(kept, f"{self.source}:{code}", self.timeline, code)

    @property
    def crosswalk(self) -> Crosswalk | None:
        """What became of the units of earlier periods (None without one)."""
        return self.timeline.crosswalk if self.timeline else None

    def as_of(self, year: int) -> Registry:
        """The units valid on 31 December of *year*: identify a report of period *year*, and
        count the communes expected then, against this registry.

        A narrowed registry (``vn:96``) whose root did not exist yet in *year* gives the units
        of *year* whose successors, through the crosswalk, lie under its root, under that root
        as it is today: the area of today's Cà Mau in 2024 is old Cà Mau's and old Bạc Liêu's
        districts under today's ``96`` (docs/units.md, "A unit's area before the reform").
        """
        if year not in self._as_of:
            timeless = self.timeline is None and all(u.exists_in(year) for u in self.units.values())
            view = self if timeless else self._view(year)  # nothing to leave out
            view._as_of.setdefault(year, view)  # a view of a year is its own view of that year
            self._as_of[year] = view
        return self._as_of[year]

    def _view(self, year: int) -> Registry:
        every = self.timeline.units if self.timeline else tuple(self.units.values())
        valid = {u.code: u for u in every if u.exists_in(year)}
        source = f"{self.source}@{year}"
        if self.scope is None:
            return Registry(valid, source, self.timeline)
        root = self.units[self.scope]
        if root.exists_in(year) and self.scope in valid:
            same = Registry(valid, source, self.timeline).subtree(self.scope)
            same.source = source  # the subtree keeps the timeline and scope; named by year
            return same
        crosswalk = self.crosswalk
        if crosswalk is None:
            return Registry({}, source, self.timeline, self.scope)
        wanted: set[str] = set()
        for code in crosswalk.predecessors(self.units):
            unit = valid.get(code)
            while unit is not None and unit.level != "nation" and unit.code not in wanted:
                wanted.add(unit.code)
                unit = valid.get(unit.parent_code or "")
        kept = {c: u for c, u in valid.items() if c in wanted}  # in the registry's order
        return _under_today(root, {c: _rooted(u, kept) for c, u in kept.items()}, source, self)

    def wide_as_of(self, year: int) -> Registry:
        """Every unit of *year*, whatever this registry was narrowed to: what a report's code
        is looked up in to tell a unit outside the scope from one that does not exist."""
        if self.scope is None or self.timeline is None:
            return self.as_of(year)
        if -year not in self._as_of:  # cached beside the scoped views, by the negated year
            every = {u.code: u for u in self.timeline.units if u.exists_in(year)}
            self._as_of[-year] = Registry(every, f"{self.source}@{year}*", self.timeline)
        return self._as_of[-year]

    def today_provinces(self, old_code: str) -> set[str]:
        """Codes of the provinces of this registry's latest period that the successors of an
        ended unit (a commune, or a district or province through its communes) lie in."""
        crosswalk = self.crosswalk
        if crosswalk is None or self.timeline is None:
            return set()
        below: dict[str, list[str]] = defaultdict(list)
        for unit in self.timeline.units:
            if unit.valid_to is not None and unit.parent_code:
                below[unit.parent_code].append(unit.code)
        provinces: set[str] = set()
        todo = [old_code]
        while todo:
            code = todo.pop()
            successors = [s.code for s in crosswalk.successors(code)]
            for new in successors:
                if new in self.units:
                    chain = [self.units[new], *self.ancestors(new)]
                    provinces.update(u.code for u in chain if u.level == "province")
            if not successors:
                todo.extend(below.get(code, []))
        return provinces


def _under_today(root: Unit, kept: dict[str, Unit], source: str, today: Registry) -> Registry:
    """*kept* (units of an earlier year, their tops rooted) under *root* as it is today: tops
    of *root*'s level give it their children (it stands for them), lower tops become its
    children. The view keeps *root*'s code, so its reports, counts and titles name today's unit."""
    if not kept:
        return Registry({}, source, today.timeline, today.scope)
    tops = [u for u in kept.values() if u.parent_code is None]
    replaced = [u for u in tops if u.level == root.level or u.code == root.code]
    gone = {u.code for u in replaced}
    here = Unit(root.code, root.name, root.level)  # the area of today's unit, in any year
    units = {root.code: here}
    for code, unit in kept.items():
        if code in gone:
            continue
        if unit.parent_code is None or unit.parent_code in gone:
            unit = Unit(code, unit.name, unit.level, root.code, unit.valid_from, unit.valid_to)
        units[code] = unit
    former = tuple(
        Former(u, tuple(c for c, v in kept.items() if v.parent_code == u.code)) for u in replaced
    )
    return Registry(units, source, today.timeline, today.scope, former)


def _rooted(unit: Unit, kept: dict[str, Unit]) -> Unit:
    if unit.parent_code is None or unit.parent_code in kept:
        return unit
    return Unit(unit.code, unit.name, unit.level, None, unit.valid_from, unit.valid_to)


# -- loading ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    number: int  # line/row number in the file, 1-based, as a reader sees it
    values: dict[str, str]


def load_registry(spec: str, crosswalk: Path | str | None = None) -> Registry:
    """Open a registry: ``vn``, ``vn:<province code>``, or a CSV/XLSX file path.

    *crosswalk* (a CSV file) says what became of the units that ended; ``vn`` has its own,
    the 2025 reform's, unless another is given.
    """
    if spec == "vn" or spec.startswith("vn:"):
        registry = vn_registry(crosswalk)
        if spec == "vn":
            return registry
        province = spec.split(":", 1)[1].strip().zfill(2)
        if province not in registry:
            raise XhhtError(tr("units.bad_province", code=province))
        return registry.subtree(province)
    path = Path(spec)
    if not path.is_file():
        raise XhhtError(tr("units.not_found", name=spec))
    rows = read_registry_rows(path)
    problems = check_rows(rows)
    if problems:
        raise RegistryError(str(path), problems)
    units = list(units_from_rows(rows))
    if crosswalk is None and len({u.code for u in units}) == len(units):
        return Registry({u.code: u for u in units}, str(path))
    timeline = Timeline(lambda: units, _crosswalk_loader(crosswalk))
    return Registry(latest_units(units), str(path), timeline)


def latest_units(units: Iterable[Unit]) -> dict[str, Unit]:
    """One unit per code: those valid on the day the latest period starts (every unit when
    none has a start date)."""
    units = list(units)
    starts = [u.valid_from for u in units if u.valid_from is not None]
    if not starts:
        return {u.code: u for u in units}
    day = max(starts)
    return {
        u.code: u
        for u in units
        if (u.valid_from is None or u.valid_from <= day)
        and (u.valid_to is None or u.valid_to >= day)
    }


def _crosswalk_loader(path: Path | str | None) -> Callable[[], Crosswalk | None]:
    return (lambda: None) if path is None else (lambda: load_crosswalk(path))


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


# -- the built-in registry ----------------------------------------------------------------

NATION_CODE = "VN"


# today's units start with the 2025 reform; the ones before it end the day before
REFORM_2025 = date(2025, 7, 1)
_DATA = Path(__file__).parent / "data"
VN_BEFORE_2025 = _DATA / "vn-truoc-2025.csv.gz"
VN_CROSSWALK_2025 = _DATA / "vn-chuyen-doi-2025.csv.gz"


def vn_registry(crosswalk: Path | str | None = None) -> Registry:
    """Vietnam's units: today's (since 1/7/2025, nation → 34 provinces → communes), and in its
    timeline the 63 provinces, districts and communes before, with the 2025 crosswalk."""
    import vietnam_provinces

    units = {unit.code: unit for unit in _vn_today()}
    timeline = Timeline(
        lambda: [*units.values(), *_vn_before_2025()],
        lambda: load_crosswalk(crosswalk) if crosswalk else _vn_crosswalk_2025(),
    )
    return Registry(units, f"vn (vietnam-provinces {vietnam_provinces.__version__})", timeline)


# The built-in data is read once a process (docs/units.md, "Package data"): it is
# the package's own and never changes while the process runs; a registry made of it keeps
# its own views, the units it shares are frozen, and the crosswalk it shares is only read.


@cache
def _vn_today() -> tuple[Unit, ...]:
    import vietnam_provinces

    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    units = [Unit(NATION_CODE, "Việt Nam", "nation")]
    for province in data:
        pcode = f"{province['code']:02d}"
        pname = province["name"]
        if province.get("division_type") == "tỉnh" and not pname.startswith("Tỉnh"):
            pname = f"Tỉnh {pname}"
        units.append(Unit(pcode, nfc(pname), "province", NATION_CODE, REFORM_2025))
        for ward in province.get("wards", []):
            wcode = f"{ward['code']:05d}"
            units.append(Unit(wcode, nfc(ward["name"]), "commune", pcode, REFORM_2025))
    return tuple(units)


@cache
def _vn_before_2025() -> tuple[Unit, ...]:
    rows = _read_csv_rows(VN_BEFORE_2025)
    return tuple(units_from_rows(rows))


@cache
def _vn_crosswalk_2025() -> Crosswalk:
    return load_crosswalk(VN_CROSSWALK_2025, "vn")
