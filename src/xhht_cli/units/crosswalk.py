"""What became of units that ended: a crosswalk ``old_code, new_code[, share][, approximate]``.

One row per (old, new) pair. ``share`` (0–1) is the part of the old unit's counts that goes to
the new one; the shares of one old code sum to 1. One successor without a share takes it all;
an old unit split among several without shares goes wholly to the successor listed first, and
the figure is *approximate* (docs/progress.md). ``approximate`` = 1 marks shares that are
themselves estimates (the built-in ``vn`` crosswalk's splits, shared by area). See
``docs/units.md`` ("The crosswalk").
"""

from __future__ import annotations

import csv
import gzip
import io
import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from xhht_cli.base.errors import RegistryError
from xhht_cli.base.i18n import tr
from xhht_cli.base.text import csv_delimiter, decode_text, fold

if TYPE_CHECKING:
    from xhht_cli.units.unit import Unit

COLUMNS = ("old_code", "new_code")
# shares are written with a few decimals; their sum may miss 1 by the rounding
SUM_TOLERANCE = 1e-3
_TRUE = {"1", "x", "true", "yes", "co", "dung"}


@dataclass(frozen=True, slots=True)
class Link:
    """One row: *old_code* → *new_code*; ``share`` None when the file gives none."""

    old_code: str
    new_code: str
    share: float | None = None
    approximate: bool = False
    row: int = 0


@dataclass(frozen=True, slots=True)
class Successor:
    """Where (a part of) an old unit's counts go."""

    code: str
    share: float
    approximate: bool


@dataclass
class Crosswalk:
    """Links from ended units to their successors, with the look-ups the roll-up needs."""

    links: tuple[Link, ...]
    source: str
    _by_old: dict[str, list[Link]] = field(init=False, repr=False)
    _by_new: dict[str, list[Link]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_old = defaultdict(list)
        self._by_new = defaultdict(list)
        for link in self.links:
            self._by_old[link.old_code].append(link)
            self._by_new[link.new_code].append(link)

    def __contains__(self, old_code: object) -> bool:
        return old_code in self._by_old

    @property
    def old_codes(self) -> list[str]:
        return list(self._by_old)

    def successors(self, old_code: str) -> list[Successor]:
        """Where the counts of *old_code* go: ``[]`` when the crosswalk does not know it."""
        links = self._by_old.get(old_code, [])
        if len(links) == 1:
            only = links[0]
            return [Successor(only.new_code, 1.0, only.approximate)]
        if links and all(link.share is not None for link in links):
            return [Successor(x.new_code, x.share or 0.0, x.approximate) for x in links]
        # a split without shares: all to the successor listed first, flagged
        return [Successor(links[0].new_code, 1.0, True)] if links else []

    def predecessors(self, new_codes: Iterable[str]) -> set[str]:
        """Old codes with a successor among *new_codes* (any share)."""
        return {link.old_code for code in new_codes for link in self._by_new.get(code, [])}

    def into(self, new_codes: Iterable[str]) -> Crosswalk:
        """The links of the old units with a successor among *new_codes* (all their links)."""
        olds = self.predecessors(new_codes)
        return Crosswalk(tuple(x for x in self.links if x.old_code in olds), self.source)

    def carry(self, counts: Mapping[str, float]) -> tuple[dict[str, float], set[str]]:
        """Counts of old units carried to their successors, and the new codes whose totals are
        approximate. Old codes the crosswalk does not know are not carried."""
        carried: dict[str, float] = defaultdict(float)
        approximate: set[str] = set()
        for old_code, value in counts.items():
            for successor in self.successors(old_code):
                carried[successor.code] += value * successor.share
                if successor.approximate:
                    approximate.add(successor.code)
        return dict(carried), approximate


# -- loading ------------------------------------------------------------------------------


def load_crosswalk(path: Path | str, source: str | None = None) -> Crosswalk:
    """Read a crosswalk CSV (``.csv`` or ``.csv.gz``); raise :class:`RegistryError` with every
    problem of its cells (codes, shares, their sums)."""
    path = Path(path)
    links, problems = read_links(path)
    problems.extend(check_links(links))
    if problems:
        raise RegistryError(str(path), problems)
    return Crosswalk(tuple(links), source or str(path))


def csv_records(path: Path) -> tuple[int, csv.DictReader[str]]:
    """The records of a CSV file (``.gz`` too) after the ``#`` comment and blank lines at its
    top, and how many lines those were: the registry's and the crosswalk's files are read
    alike, in any encoding and with any separator a spreadsheet program saves
    (:func:`~xhht_cli.base.text.decode_text`, :func:`~xhht_cli.base.text.csv_delimiter`)."""
    raw = path.read_bytes()
    text = decode_text(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (lines[skipped].startswith("#") or not lines[skipped].strip()):
        skipped += 1
    delimiter = csv_delimiter(lines[skipped] if skipped < len(lines) else "")
    return skipped, csv.DictReader(io.StringIO("".join(lines[skipped:])), delimiter=delimiter)


def read_links(path: Path) -> tuple[list[Link], list[str]]:
    """The rows of a crosswalk file, and the problems of cells that could not be read."""
    try:
        skipped, reader = csv_records(path)
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as exc:
        raise RegistryError(str(path), [tr("reg.read_failed", error=exc)]) from exc
    headings = list(reader.fieldnames or [])
    columns = [fold(c).replace(" ", "_") for c in headings]
    named = dict(zip(headings, columns, strict=True))  # each heading folded once, not once a row
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise RegistryError(str(path), [tr("reg.missing_columns", columns=", ".join(missing))])
    links: list[Link] = []
    problems: list[str] = []
    for number, record in enumerate(reader, start=skipped + 2):
        values = {named[k]: (v or "").strip() for k, v in record.items() if k}
        link = _link(values, number, problems)
        if link is not None:
            links.append(link)
    return links, problems


def _link(values: dict[str, str], number: int, problems: list[str]) -> Link | None:
    old, new = values.get("old_code", ""), values.get("new_code", "")
    share_text = values.get("share", "").replace(",", ".")  # 0,25 as typed in Vietnamese
    if not old or not new:
        problems.append(tr("cw.empty_code", row=number))
        return None
    share: float | None = None
    if share_text:
        try:
            share = float(share_text)
        except ValueError:
            share = math.nan
        if not 0 <= share <= 1:  # nan fails both
            problems.append(tr("cw.bad_share", row=number, old=old, value=values.get("share")))
            return None
    flag = fold(values.get("approximate", "")) in _TRUE
    return Link(old, new, share, flag, number)


def check_links(links: Iterable[Link]) -> list[str]:
    """Problems a crosswalk has on its own: a pair twice, shares not summing to 1."""
    problems: list[str] = []
    by_old: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        by_old[link.old_code].append(link)
    for old, group in by_old.items():
        seen: dict[str, int] = {}
        for link in group:
            if link.new_code in seen:
                first = seen[link.new_code]
                problems.append(
                    tr("cw.duplicate", row=link.row, old=old, new=link.new_code, first=first)
                )
            seen.setdefault(link.new_code, link.row)
        shares = [link.share for link in group]
        given = [s for s in shares if s is not None]
        if given and (len(given) < len(shares) or abs(sum(given) - 1) > SUM_TOLERANCE):
            total = sum(given)
            problems.append(tr("cw.share_sum", old=old, total=f"{total:.4g}", count=len(group)))
    return problems


# -- against a registry -------------------------------------------------------------------


def check_against(
    crosswalk: Crosswalk, units: Iterable[Unit], only: Collection[str] | None = None
) -> list[str]:
    """Problems of a crosswalk against every unit of a registry's periods: unknown codes, a
    successor not valid after its predecessor ends, ended leaf units (with a code in *only*,
    when given) without a successor."""
    units = list(units)
    versions: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        versions[unit.code].append(unit)
    problems: list[str] = []
    for link in crosswalk.links:
        problems.extend(_link_problems(link, versions))
    problems.extend(
        tr("cw.no_successor", code=unit.code, name=unit.name)
        for unit in ended_leaves(units)
        if unit.code not in crosswalk and (only is None or unit.code in only)
    )
    return problems


def ended_leaves(units: Iterable[Unit]) -> list[Unit]:
    """Units that ended and had no unit below them at the time (communes, and districts
    without communes): the units whose counts a crosswalk must carry."""
    units = list(units)
    children: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        if unit.parent_code:
            children[unit.parent_code].append(unit)
    return [
        unit
        for unit in units
        if unit.valid_to is not None
        and not any(_overlap(unit, child) for child in children.get(unit.code, []))
    ]


def _overlap(a: Unit, b: Unit) -> bool:
    return (a.valid_from or date.min) <= (b.valid_to or date.max) and (
        b.valid_from or date.min
    ) <= (a.valid_to or date.max)


def _link_problems(link: Link, versions: dict[str, list[Unit]]) -> Iterator[str]:
    ended = [u.valid_to for u in versions.get(link.old_code, []) if u.valid_to is not None]
    if not versions.get(link.old_code):
        yield tr("cw.unknown_old", row=link.row, code=link.old_code)
    elif not ended:
        yield tr("cw.old_not_ended", row=link.row, code=link.old_code)
    if not versions.get(link.new_code):
        yield tr("cw.unknown_new", row=link.row, code=link.new_code)
        return
    end = max(ended, default=None)
    if end is not None and not any(_starts_after(u, end) for u in versions[link.new_code]):
        yield tr("cw.not_after", row=link.row, old=link.old_code, new=link.new_code, end=end)


def _starts_after(unit: Unit, end: date) -> bool:
    return unit.valid_from is not None and unit.valid_from > end


@dataclass(frozen=True)
class Coverage:
    """How much of the ended units a crosswalk maps, and how its splits were shared."""

    ended: int  # ended leaf units (communes, or districts without communes)
    mapped: int
    unmapped: list[str]
    merged_into: int  # new units formed from more than one old unit
    splits: int  # old units divided among several new ones
    splits_with_shares: int
    splits_approximate: int  # shares that are estimates, or no shares (all to the first)


def coverage(
    crosswalk: Crosswalk, units: Iterable[Unit], only: Collection[str] | None = None
) -> Coverage:
    """The figures ``xhht units crosswalk`` prints (for the ended units in *only*, if given)."""
    leaves = ended_leaves(units)
    ended = sorted({u.code for u in leaves if only is None or u.code in only})
    splits = [links for links in crosswalk._by_old.values() if len(links) > 1]
    return Coverage(
        ended=len(ended),
        mapped=sum(1 for c in ended if c in crosswalk),
        unmapped=[c for c in ended if c not in crosswalk],
        merged_into=sum(1 for links in crosswalk._by_new.values() if len(links) > 1),
        splits=len(splits),
        splits_with_shares=sum(1 for s in splits if all(x.share is not None for x in s)),
        splits_approximate=sum(
            1 for s in splits if any(x.approximate or x.share is None for x in s)
        ),
    )
