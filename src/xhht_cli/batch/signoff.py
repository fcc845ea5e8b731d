"""Approving a period's figures and reopening them (docs/approval.md), and the period's
outcome as the store holds it (``status --config``).

``approve`` and ``reopen`` take the store's lock, as a run does: one waits for the other, and
an approval is of figures no run is changing. Each is one transaction: a process killed in
the middle leaves the store approved or not, never half.
"""

from __future__ import annotations

import getpass
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xhht_cli.base.errors import XhhtError
from xhht_cli.base.i18n import tr
from xhht_cli.batch import ledger
from xhht_cli.batch.config import BatchConfig
from xhht_cli.batch.freeze import approval_of, covers, document_sha256, scope_of
from xhht_cli.batch.run import period_validation, store_lock
from xhht_cli.batch.store import Store
from xhht_cli.plans import load_plan
from xhht_cli.rollup.outcome import Outcome, decide
from xhht_cli.units.load import load_registry
from xhht_cli.units.registry import Registry
from xhht_cli.values.approval import EVERY_UNIT, Signed, day_text, gaps_text
from xhht_cli.write.documents import aggregate_document


class Refused(XhhtError):
    """The approval (or reopening) cannot be given as asked: exit 1, one line."""

    exit_code = 1


@dataclass(frozen=True)
class Approved:
    signed: Signed
    used: int  # submissions used
    on_disk: Path | None  # the period's JSON output, when there is one
    same_as_disk: bool | None  # whether it is byte for byte the document approved


def user() -> str:
    """Who runs the command, when ``--by`` does not say (the system's login name)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name at all (a bare container): said so
        return "?"


def check_request(config: BatchConfig, period: str) -> None:
    """A period of four digits, and a store some run has made (exit 2 otherwise)."""
    if not (period.isdigit() and len(period) == 4):
        raise XhhtError(tr("cli.bad_period", period=period))
    if not config.store.is_file():
        raise XhhtError(tr("approval.no_store", path=config.store))


def unit_of(view: Registry, code: str | None, period: str) -> tuple[str, str]:
    """The unit approved (code, name): *code*, or the registry's top (every unit when the
    registry has several roots)."""
    if code is None:
        roots = view.roots
        if len(roots) == 1:
            return roots[0].code, roots[0].name
        return EVERY_UNIT, tr("approval.every_unit")
    if code not in view:
        raise XhhtError(tr("approval.unknown_unit", code=code, period=period))
    return code, view[code].name


def approve(
    config: BatchConfig,
    period: str,
    unit: str | None,
    by: str | None,
    note: str | None,
    accept_gaps: bool,
    wait: float,
) -> Approved:
    """Record the approval of *period* for *unit* (docs/approval.md, "Approving")."""
    check_request(config, period)
    with store_lock(config.store, wait):
        store = Store(config.store)
        try:
            registry = load_registry(config.units, config.crosswalk)
            plan = load_plan(config.plan)
            validation, held = period_validation(
                store, config, plan, registry, period, store.present()
            )
            view = validation.registry
            code, name = unit_of(view, unit, period)
            scope = scope_of(view, code)
            _refuse_if_frozen(held.signed, code, scope, view, period)
            outcome = decide(validation, roll=True)
            document = aggregate_document(outcome)
            gaps = gaps_of(outcome, scope)
            if any(gaps.values()) and not accept_gaps:
                raise Refused(
                    tr(
                        "approval.refused",
                        period=period,
                        unit=name,
                        gaps=gaps_text(gaps),
                        config=_typed(config.path),
                    )
                )
            inputs = {e.file.sha256 for e in validation.entries if covers(e, scope, view)}
            used = {c: e.key for c, e in validation.used().items() if scope is None or c in scope}
            sha = document_sha256(document, scope)
            draft = Signed(0, period, code, name, "", by or user(), note, sha, gaps, scope is None)
            signed = ledger.record_approval(store, draft, inputs, used)
        finally:
            store.close()
    disk = config.output / f"tong-hop-{period}.json"
    same = hashlib.sha256(disk.read_bytes()).hexdigest() == sha if disk.is_file() else None
    return Approved(signed, len(used), disk if disk.is_file() else None, same)


def _typed(path: Path | None) -> str:
    """A path as she would type it again in cmd or a shell: quoted when it has a space."""
    if path is None:
        return "…"
    return f'"{path}"' if " " in str(path) else str(path)


def _refuse_if_frozen(
    signed: list[Signed], code: str, scope: set[str] | None, view: Registry, period: str
) -> None:
    """An approval in force over the unit (itself, or a unit above it) is reopened first."""
    for s in signed:
        above = scope_of(view, s.unit_code)
        if above is None or code in above:
            raise Refused(
                tr(
                    "approval.already",
                    period=period,
                    unit=s.unit_name,
                    id=s.id,
                    date=day_text(s.approved_at),
                    by=s.approved_by,
                    code=s.unit_code,
                )
            )


def gaps_of(outcome: Outcome, scope: set[str] | None) -> dict[str, list[dict[str, Any]]]:
    """What the approved figures lack under the unit: communes that sent nothing, reports with
    errors or unreadable; under the registry's top, reports placed in no commune too."""
    inside = outcome.groups
    missing = [
        {"code": u.code, "name": u.name}
        for g in inside
        for u in g.missing
        if scope is None or u.code in scope
    ]
    invalid = [
        {
            "code": c.unit.code,
            "name": c.unit.name,
            "status": str(c.status),
            "path": c.entry.file.display,
            "errors": c.errors,
        }
        for g in inside
        for c in g.chase
        if scope is None or c.unit.code in scope
    ]
    unplaced = [  # the same files status lists (Outcome.unplaced), for an approval of the whole
        {"path": e.file.display, "status": str(e.status), "errors": e.errors}
        for e in (outcome.unplaced if scope is None else [])
    ]
    return {"missing": missing, "invalid": invalid, "unplaced": unplaced}


def reopen(
    config: BatchConfig,
    period: str,
    unit: str | None,
    by: str | None,
    reason: str,
    wait: float,
) -> tuple[Signed, str]:
    """Lift the approval in force of *period* for *unit*; the approval and the reopening are
    both kept. Returns the approval lifted and the time of the reopening."""
    check_request(config, period)
    if not reason.strip():
        raise XhhtError(tr("approval.reason_needed"))
    with store_lock(config.store, wait):
        store = Store(config.store)
        try:
            view = load_registry(config.units, config.crosswalk).as_of(int(period))
            code, name = unit_of(view, unit, period)
            force = ledger.active(store, period)
            found = [s for s in force if s.unit_code == code]
            if not found:
                others = "; ".join(f"{s.unit_code} {s.unit_name} (#{s.id})" for s in force)
                extra = tr("approval.in_force", approvals=others) if others else ""
                raise Refused(tr("approval.none_active", period=period, unit=name, extra=extra))
            at = ledger.record_reopening(store, found[-1].id, by or user(), reason.strip())
        finally:
            store.close()
    return found[-1], at


def store_outcome(config: BatchConfig, period: str | None = None) -> Outcome:
    """The period's outcome as the store holds it after the last run (no roll-up): what
    ``status --config`` renders, with the approval and the files it holds back."""
    period = period or config.period
    check_request(config, period)
    store = Store(config.store)
    try:
        registry = load_registry(config.units, config.crosswalk)
        validation, held = period_validation(
            store, config, load_plan(config.plan), registry, period, store.present(), False
        )
    finally:
        store.close()
    outcome = decide(validation, roll=False)
    if held.signed:
        outcome.approval = approval_of(held, outcome)
    return outcome
