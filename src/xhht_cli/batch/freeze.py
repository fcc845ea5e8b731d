"""Which stored contents a period's figures are built from while approvals are in force: the
one place that decides it (docs/approval.md, "What a run uses").

Without an approval in force, every content the store has for the period (the run's
``reads_for``). With approvals: every content an approval froze (its ``approval_inputs``,
even a file since removed from the inbox), and every other content unless it is *held*: a
content that came after and whose report (or, unreadable, whose file name) places it in a
commune under an approved unit — or anywhere, under an approval of the whole registry. A held
content is validated on its own (its clerk gets feedback as usual) and listed as received
after the approval, never used. A file holding reports of several communes is held whole; the
same bytes under a name first seen after the approval are such a file too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from xhht_cli.batch import ledger
from xhht_cli.batch.store import Store
from xhht_cli.check.identify import unit_from_file_name
from xhht_cli.check.pipeline import Read, validate_reads
from xhht_cli.plans import Plan
from xhht_cli.rollup.outcome import Outcome
from xhht_cli.units.registry import Registry
from xhht_cli.values.approval import EVERY_UNIT, Approval, Late, Signed
from xhht_cli.values.codec import document_bytes
from xhht_cli.values.results import Entry, Status, Validation
from xhht_cli.write.documents import aggregate_document


@dataclass
class Hold:
    """What the approvals in force decide for one period: the reads its figures use, and the
    entries received after an approval (validated, not used)."""

    signed: list[Signed]
    reads: list[Read]
    late: list[Entry] = field(default_factory=list)
    late_validation: Validation | None = None  # the held entries alone, for their feedback

    def fingerprint(self) -> str:
        """What the outputs depend on besides the validation (empty: nothing approved)."""
        if not self.signed:
            return ""
        late = ",".join(f"{e.file.sha256}:{e.index}:{e.status}" for e in self.late)
        return f"approved:{','.join(str(s.id) for s in self.signed)}|late:{late}"


def scope_of(view: Registry, code: str) -> set[str] | None:
    """The codes an approval of *code* freezes; None: everything (the registry's top)."""
    roots = view.roots
    if code == EVERY_UNIT or (len(roots) == 1 and roots[0].code == code):
        return None
    return {u.code for u, _ in view.walk(code)} if code in view else set()


def covers(entry: Entry, scope: set[str] | None, view: Registry) -> bool:
    """Whether *entry* belongs to a unit of *scope* (an unreadable file by its name)."""
    if scope is None:
        return True
    unit = entry.unit
    if unit is None and entry.report is None and entry.status == Status.UNREADABLE:
        unit = unit_from_file_name(entry.file.display, view)
    return unit is not None and unit.code in scope


def hold(
    store: Store,
    plan: Plan,
    registry: Registry,
    period: str,
    reads: list[Read],
    history: list[Read] | None = None,
    pinned: bool = True,
) -> Hold:
    """The reads of *period* its figures use (*reads*: the store's contents of the period);
    with *pinned*, the frozen contents no longer among *reads* too (a file removed since)."""
    signed = ledger.active(store, period)
    if not signed:
        return Hold([], reads)
    view = registry.as_of(int(period))
    scopes = [scope_of(view, s.unit_code) for s in signed]
    signed = [replace(s, whole=scope is None) for s, scope in zip(signed, scopes, strict=True)]
    frozen: set[str] | None = (
        None if None in scopes else set().union(*(s for s in scopes if s is not None))
    )
    kept = ledger.inputs_of(store, [s.id for s in signed])
    copies = _copies_after(store, reads, kept, signed)
    candidates = [
        r for r in reads if (r.file.sha256 not in kept or id(r) in copies) and _may_be_of(r, period)
    ]
    late: list[Entry] = []
    late_validation: Validation | None = None
    held: set[tuple[str, str]] = set()  # (content, file): a copy is a file of its own
    if candidates:  # identified first; the held ones then checked as a run checks them
        found = validate_reads(candidates, plan, registry, period).entries
        held = {
            (e.file.sha256, e.file.display)
            for e in found
            if e.status != Status.IGNORED and covers(e, frozen, view)
        }
    taken = {id(r) for r in candidates if (r.file.sha256, r.file.display) in held}
    if held:
        late_reads = [r for r in candidates if id(r) in taken]
        late_validation = validate_reads(late_reads, plan, registry, period, None, history)
        late = late_validation.entries
    chosen = [r for r in reads if id(r) not in taken]
    # an approved content none of whose files is left to use (removed since, or each of them
    # a copy held as late): rebuilt from the store, as it was approved
    if pinned and (gone := kept - {r.file.sha256 for r in chosen}):
        chosen = sorted(
            [*chosen, *store.reads_of(gone)],
            key=lambda r: (r.file.display, r.file.received or 0.0, r.file.sha256),
        )
    return Hold(signed, chosen, late, late_validation)


def _copies_after(
    store: Store, reads: list[Read], kept: set[str], signed: list[Signed]
) -> set[int]:
    """The reads of a frozen content under a name the store first saw after the approval (the
    same bytes sent again, each name a file of its own: batch/store.py): they may be held like
    any file that came after. A name seen before it was part of what was approved."""
    approved = min(datetime.fromisoformat(s.approved_at).timestamp() for s in signed)
    frozen = [r for r in reads if r.file.sha256 in kept]
    seen = store.first_seen([str(r.file.path) for r in frozen])
    return {id(r) for r in frozen if seen.get(str(r.file.path), 0.0) > approved}


def _may_be_of(read: Read, period: str) -> bool:
    """A content that could be held: one with a report of *period* (or of no period), or
    none at all (unreadable); a file of other periods only is ignored by the run anyway."""
    return not read.reports or any(r.period in (period, None) for r in read.reports)


def document_sha256(document: dict[str, Any], scope: set[str] | None) -> str:
    """The sha256 an approval of *scope* records: of the aggregate JSON document exactly as
    the run writes it (without ``approval``); for a unit below the top, of the same document
    holding only the units under it."""
    if scope is not None:
        document = {**document, "units": [u for u in document["units"] if u["code"] in scope]}
    return hashlib.sha256(document_bytes(document)).hexdigest()


def approval_of(held: Hold, outcome: Outcome) -> Approval:
    """The approval the outputs of *outcome* state; with a roll-up, whether each approved
    document is rebuilt byte for byte (set before ``outcome.approval``: it is not hashed)."""
    rebuilt: dict[int, bool] = {}
    if outcome.summary is not None:
        document = aggregate_document(outcome)
        view = outcome.registry
        for s in held.signed:
            scope = scope_of(view, s.unit_code)
            rebuilt[s.id] = document_sha256(document, scope) == s.outcome_sha256
    late = tuple(
        Late(
            e.file.display,
            e.unit.code if e.unit else None,
            e.unit.name if e.unit else None,
            datetime.fromtimestamp(e.received).isoformat(timespec="seconds"),
            str(e.status),
            e.errors,
        )
        for e in held.late
    )
    return Approval(tuple(held.signed), late, rebuilt)
