"""The approvals kept in the store (docs/approval.md): recorded in one transaction each, never
deleted nor changed (the store's triggers refuse it), listed as events.

An approval records who, when, the note, the sha256 of the document it approves, the gaps it
was given with, every stored content its figures were built from (``approval_inputs``) and
the submission used for each unit (``approval_used``). A reopening names the approval it lifts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xhht_cli.batch.store import Store, now
from xhht_cli.values.approval import Signed
from xhht_cli.values.codec import dumps


def _no_hook(point: str) -> None:
    """Where a test stops the process inside the transaction (``kill -9`` there)."""


hook: Callable[[str], None] = _no_hook


@dataclass(frozen=True, slots=True)
class Event:
    """An approval or a reopening, as ``approvals`` and ``history`` list them."""

    kind: str  # "approve" | "reopen"
    id: int  # the approval's id (a reopening: the approval it lifts)
    period: str
    unit_code: str
    unit_name: str
    at: str
    by: str
    text: str | None  # the note, or the reason
    outcome_sha256: str
    gaps: dict[str, list[dict[str, Any]]]
    used: int  # submissions used (approvals)
    reopened: bool  # an approval lifted since


def record_approval(
    store: Store,
    signed: Signed,
    inputs: set[str],
    used: dict[str, tuple[str, int]],
) -> Signed:
    """Record *signed* (its id and time given here) with its inputs (contents) and the
    submission used per unit (``(sha256, index)``), all or nothing."""
    stamp = now()
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO approvals (period, unit_code, unit_name, approved_at, approved_by, note,"
            " outcome_sha256, gaps) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                signed.period,
                signed.unit_code,
                signed.unit_name,
                stamp,
                signed.approved_by,
                signed.note,
                signed.outcome_sha256,
                dumps(signed.gaps),
            ),
        )
        number = int(cursor.lastrowid or 0)
        hook("approval")
        db.executemany(
            "INSERT INTO approval_inputs VALUES (?, ?)", [(number, s) for s in sorted(inputs)]
        )
        hook("inputs")
        for unit_code, (sha256, index) in sorted(used.items()):
            db.execute(
                "INSERT INTO approval_used SELECT ?, ?, id FROM submissions"
                " WHERE sha256 = ? AND idx = ?",
                (number, unit_code, sha256, index),
            )
        hook("used")
    hook("committed")
    return Signed(
        number,
        signed.period,
        signed.unit_code,
        signed.unit_name,
        stamp,
        signed.approved_by,
        signed.note,
        signed.outcome_sha256,
        signed.gaps,
        signed.whole,
    )


def record_reopening(store: Store, approval: int, by: str, reason: str) -> str:
    """Lift approval *approval*; returns the time recorded."""
    stamp = now()
    with store.transaction() as db:
        db.execute(
            "INSERT INTO reopenings (approval_id, reopened_at, reopened_by, reason)"
            " VALUES (?, ?, ?, ?)",
            (approval, stamp, by, reason),
        )
        hook("reopening")
    return stamp


def active(store: Store, period: str) -> list[Signed]:
    """The approvals of *period* in force (not reopened), oldest first."""
    rows = store.db.execute(
        "SELECT a.* FROM approvals a LEFT JOIN reopenings r ON r.approval_id = a.id"
        " WHERE a.period = ? AND r.id IS NULL ORDER BY a.id",
        (period,),
    )
    return [
        Signed(
            r["id"],
            r["period"],
            r["unit_code"],
            r["unit_name"],
            r["approved_at"],
            r["approved_by"],
            r["note"],
            r["outcome_sha256"],
            json.loads(r["gaps"]),
        )
        for r in rows
    ]


def inputs_of(store: Store, approvals: list[int]) -> set[str]:
    """The contents the approvals' figures were built from."""
    rows = store.db.execute(
        "SELECT sha256 FROM approval_inputs WHERE approval_id IN (SELECT value FROM json_each(?))",
        (json.dumps(approvals),),
    )
    return {r["sha256"] for r in rows}


def used_of(store: Store, approval: int) -> list[dict[str, Any]]:
    """The submission used for each unit by an approval: unit, id, sha256, index, file."""
    rows = store.db.execute(
        "SELECT u.unit_code, s.id, s.sha256, s.idx, c.display FROM approval_used u"
        " JOIN submissions s ON s.id = u.submission_id JOIN contents c ON c.sha256 = s.sha256"
        " WHERE u.approval_id = ? ORDER BY u.unit_code",
        (approval,),
    )
    return [
        {
            "unit_code": r["unit_code"],
            "submission_id": r["id"],
            "sha256": r["sha256"],
            "index": r["idx"],
            "path": r["display"],
        }
        for r in rows
    ]


def mark(store: Store) -> str:
    """Changes whenever an approval or a reopening is recorded (empty: there never was one)."""
    row = store.db.execute(
        "SELECT (SELECT COUNT(*) FROM approvals), (SELECT COUNT(*) FROM reopenings)"
    ).fetchone()
    return "" if row[0] == 0 else f"{row[0]}:{row[1]}"


def events(store: Store, period: str | None = None) -> list[Event]:
    """Every approval and reopening (of *period*, or all), in the order they happened."""
    rows = store.db.execute(
        "SELECT a.*, r.reopened_at, r.reopened_by, r.reason,"
        " (SELECT COUNT(*) FROM approval_used u WHERE u.approval_id = a.id) AS used"
        " FROM approvals a LEFT JOIN reopenings r ON r.approval_id = a.id"
        " WHERE ? IS NULL OR a.period = ? ORDER BY a.id",
        (period, period),
    )
    found: list[Event] = []
    for r in rows:
        base = (r["id"], r["period"], r["unit_code"], r["unit_name"])
        reopened = r["reopened_at"] is not None
        gaps = json.loads(r["gaps"])
        found.append(
            Event(
                "approve",
                *base,
                r["approved_at"],
                r["approved_by"],
                r["note"],
                r["outcome_sha256"],
                gaps,
                r["used"],
                reopened,
            )
        )
        if reopened:
            found.append(
                Event(
                    "reopen",
                    *base,
                    r["reopened_at"],
                    r["reopened_by"],
                    r["reason"],
                    r["outcome_sha256"],
                    gaps,
                    r["used"],
                    True,
                )
            )
    return sorted(found, key=lambda e: (e.at, e.id, e.kind == "reopen"))
