"""The counts every output of a run gives, each defined once: the communes received, valid,
wrong, unreadable and missing (:class:`Tally`), by parent (:class:`Group`); a unit's communes
in one period (:class:`PeriodCount`); a standard as the outputs word it (:class:`Standing`).
:class:`~xhht_cli.rollup.outcome.Outcome` decides them; docs/outcome.md says what each means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from xhht_cli.units.unit import Unit
from xhht_cli.values.results import Chase, Completeness


@dataclass(frozen=True, slots=True)
class Tally:
    """The counts of communes every output gives, each defined here once.

    ``received``: communes whose report came in and was read (valid or with errors);
    ``invalid``: of those, with errors; ``unreadable``: communes whose only file could not be
    read (found by its name); ``missing``: communes that sent nothing; ``to_correct``: invalid
    and unreadable, the communes to ask for a corrected report. ``on_time``/``late`` split
    ``received`` against the deadline (None: no deadline) on the run's basis
    (:attr:`Outcome.timeliness_basis`); ``undated``: received with no time on that basis (a
    form without its report date), counted neither on time nor late."""

    expected: int
    received: int
    valid: int
    invalid: int
    unreadable: int
    missing: int
    on_time: int | None = None
    late: int | None = None
    undated: int | None = None

    @property
    def to_correct(self) -> int:
        return self.invalid + self.unreadable

    @property
    def valid_share(self) -> float | None:
        """Communes with a valid report over communes expected (%)."""
        return self.valid / self.expected * 100 if self.expected else None

    @classmethod
    def of(cls, groups: Iterable[Completeness], timely: bool) -> Tally:
        parts = list(groups)
        return cls(
            expected=sum(len(g.expected) for g in parts),
            received=sum(len(g.received) for g in parts),
            valid=sum(len(g.valid) for g in parts),
            invalid=sum(len(g.invalid) for g in parts),
            unreadable=sum(len(g.unreadable) for g in parts),
            missing=sum(len(g.missing) for g in parts),
            on_time=sum(len(g.on_time or ()) for g in parts) if timely else None,
            late=sum(len(g.late or ()) for g in parts) if timely else None,
            undated=sum(len(g.undated or ()) for g in parts) if timely else None,
        )


@dataclass(frozen=True)
class Group:
    """The communes under one parent: who they are, who to chase, and their tally."""

    parent: Unit | None
    missing: list[Unit]
    chase: list[Chase]  # invalid or unreadable, by code
    tally: Tally


class PeriodCount(NamedTuple):
    """A unit's communes in one period: expected, with a valid report, the share (%). In a
    carried period, old communes, each once."""

    expected: int
    reported: int
    coverage: float | None


class Standing(NamedTuple):
    """A standard indicator of a unit as the outputs word it: ``8/9 huyện đạt; 1 huyện thiếu
    số liệu`` — the units counted are of level *level*."""

    reached: int
    expected: int
    lacking: int
    level: str
