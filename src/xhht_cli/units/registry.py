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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from xhht_cli.base.text import name_key
from xhht_cli.units.crosswalk import Crosswalk
from xhht_cli.units.unit import DEFAULT_WIDTH, LEVELS, Former, Unit


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
