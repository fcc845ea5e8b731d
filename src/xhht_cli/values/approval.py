"""A period's approval as the outputs state it (docs/approval.md): who approved which unit's
figures and when, whether the figures rebuilt today are the approved document, and the files
received after the approval that are kept but not used.

Decided by the cron run (``batch/approval.py``) and put on the run's
:class:`~xhht_cli.rollup.outcome.Outcome`; the writers only render :meth:`Approval.stamps`
and :meth:`Approval.document`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from xhht_cli.base.i18n import Lang, get_lang, tr

EVERY_UNIT = "*"  # an approval of every unit of the registry (one with several roots)


def day_text(stamp: str, lang: Lang | None = None) -> str:
    """The local day of an ISO 8601 time, as its readers write it: ``20/12/2024`` (vi),
    ``2024-12-20`` (en)."""
    day = datetime.fromisoformat(stamp).astimezone()
    return day.strftime("%d/%m/%Y") if (lang or get_lang()) == "vi" else day.date().isoformat()


def time_text(stamp: str, lang: Lang | None = None) -> str:
    """An ISO 8601 time, local, as its readers write it: ``20/12/2024 09:30`` (vi),
    ``2024-12-20 09:30`` (en)."""
    shape = "%d/%m/%Y %H:%M" if (lang or get_lang()) == "vi" else "%Y-%m-%d %H:%M"
    return datetime.fromisoformat(stamp).astimezone().strftime(shape)


def gaps_text(
    gaps: dict[str, list[dict[str, Any]]], lang: Lang | None = None, short: bool = False
) -> str:
    """What an approval lacked, each kind that it lacked once, as every output says it:
    ``2 xã chưa nộp, 1 báo cáo có lỗi hoặc không đọc được, 2 tệp không đọc được không rõ của
    xã nào`` (*short*: a table's cell). A kind of which nothing was lacking is not named."""
    parts = []
    for kind in ("missing", "invalid", "unplaced"):
        count = len(gaps.get(kind, []))
        if count:
            form = "short" if short else ("one" if count == 1 else "many")
            parts.append(tr(f"approval.gap.{kind}.{form}", lang, count=count))
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Signed:
    """One approval in force: the figures of *period* under *unit_code*, approved."""

    id: int
    period: str
    unit_code: str  # EVERY_UNIT: the whole registry
    unit_name: str
    approved_at: str  # ISO 8601, UTC
    approved_by: str
    note: str | None
    outcome_sha256: str  # of the aggregate JSON document without its "approval" key
    gaps: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    whole: bool = True  # the unit is the top of the run (its stamp names no unit)

    @property
    def missing(self) -> int:
        return len(self.gaps.get("missing", []))

    @property
    def to_correct(self) -> int:
        return len(self.gaps.get("invalid", [])) + len(self.gaps.get("unplaced", []))


@dataclass(frozen=True, slots=True)
class Late:
    """A file received after the approval of its commune: validated, answered, not used."""

    path: str
    unit_code: str | None
    unit_name: str | None
    received: str  # ISO 8601, local time
    status: str  # what it would have been: valid, invalid, unreadable, superseded
    errors: int


@dataclass(frozen=True)
class Approval:
    """The approvals in force for the run's period, and what they hold back."""

    signed: tuple[Signed, ...]
    late: tuple[Late, ...] = ()
    # approval id → the document rebuilt today is byte for byte the approved one (empty: not
    # rolled up, as for ``status``)
    rebuilt: dict[int, bool] = field(default_factory=dict)

    @property
    def matches(self) -> bool | None:
        """Every approved document rebuilt byte for byte (None: not rolled up)."""
        return all(self.rebuilt.values()) if self.rebuilt else None

    def stamps(self, lang: Lang | None = None) -> list[str]:
        """One line per approval: ``Số liệu đã phê duyệt ngày 20/12/2024 (người duyệt …)``,
        with the gaps it was given with, and a warning when the figures differ from it."""
        lang = lang or get_lang()
        lines = []
        for signed in self.signed:
            shown = day_text(signed.approved_at, lang)
            key = "approval.stamp" if signed.whole else "approval.stamp_unit"
            line = tr(key, lang, date=shown, by=signed.approved_by, unit=signed.unit_name)
            if signed.missing or signed.to_correct:
                line += tr("approval.stamp_gaps", lang, gaps=gaps_text(signed.gaps, lang))
            if self.rebuilt.get(signed.id) is False:
                line += tr("approval.stamp_differs", lang)
            lines.append(line)
        return lines

    def document(self) -> dict[str, Any]:
        """The ``approval`` key of the JSON documents (docs/json.md)."""
        return {
            "approved": [
                {
                    "id": s.id,
                    "period": s.period,
                    "unit_code": s.unit_code,
                    "unit_name": s.unit_name,
                    "approved_at": s.approved_at,
                    "approved_by": s.approved_by,
                    "note": s.note,
                    "outcome_sha256": s.outcome_sha256,
                    "gaps": s.gaps,
                    "matches": self.rebuilt.get(s.id),
                }
                for s in self.signed
            ],
            "matches": self.matches,
            "late": [
                {
                    "path": f.path,
                    "unit_code": f.unit_code,
                    "unit_name": f.unit_name,
                    "received": f.received,
                    "status": f.status,
                    "errors": f.errors,
                }
                for f in self.late
            ],
        }
