"""`xhht approve | reopen | approvals`: sign-off of a period's figures in the store
(docs/approval.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from xhht_cli.base.i18n import tr
from xhht_cli.cli.handling import handled
from xhht_cli.cli.options import choice
from xhht_cli.cli.output import OUT, grid
from xhht_cli.values.approval import day_text, gaps_text, time_text
from xhht_cli.values.codec import dumps

if TYPE_CHECKING:
    from xhht_cli.batch.config import BatchConfig
    from xhht_cli.batch.ledger import Event
    from xhht_cli.rollup.outcome import Outcome

ConfigOpt = Annotated[
    Path, typer.Option("--config", help="Tệp cấu hình TOML. / The TOML configuration.")
]
PeriodOpt = Annotated[str, typer.Option("--period", help="Kỳ báo cáo (YYYY). / The period.")]
UnitOpt = Annotated[
    str | None,
    typer.Option(
        "--unit",
        help="Mã đơn vị; mặc định đơn vị cao nhất của danh mục. "
        "/ Unit code; by default the top unit of the registry.",
    ),
]
ByOpt = Annotated[
    str | None,
    typer.Option(
        "--by", help="Người duyệt; mặc định tên đăng nhập. / Who; by default the login name."
    ),
]
WaitOpt = Annotated[
    float,
    typer.Option(
        "--wait",
        help="Số giây chờ nếu một lần chạy đang dùng cơ sở dữ liệu (sau đó thoát 75). "
        "/ Seconds to wait for a run holding the store (then exit 75).",
    ),
]


def _config(path: Path) -> BatchConfig:
    from xhht_cli.batch.config import load_config

    return load_config(path)


def _waiting(config: BatchConfig, wait: float, action: Any) -> Any:
    """Run *action(wait)* under the store's lock; say so when a run holds it first."""
    from xhht_cli.batch.run import StoreLocked

    try:
        return action(0.0)
    except StoreLocked:
        if wait <= 0:
            raise
        OUT.note(tr("approval.waiting", store=config.store, wait=f"{wait:g}"))
        return action(wait)


@handled
def approve(
    config: ConfigOpt,
    period: PeriodOpt,
    unit: UnitOpt = None,
    by: ByOpt = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Ghi chú kèm phê duyệt. / A note.")
    ] = None,
    accept_gaps: Annotated[
        bool,
        typer.Option(
            "--accept-gaps",
            help="Phê duyệt dù còn xã chưa nộp hoặc báo cáo có lỗi (ghi lại các thiếu sót). "
            "/ Approve although communes are missing or reports have errors (recorded).",
        ),
    ] = False,
    wait: WaitOpt = 600.0,
) -> None:
    """Phê duyệt số liệu một kỳ: khóa số liệu, báo cáo nhận sau được lưu nhưng không dùng.
    / Approve a period's figures: frozen; reports received later are kept but not used.

    Ví dụ / example: xhht approve --config xhht.toml --period 2024 --by "Nguyễn Văn A"
    """
    from xhht_cli.batch.signoff import approve as record

    settings = _config(config)
    done = _waiting(
        settings,
        wait,
        lambda w: record(settings, period, unit, by, note, accept_gaps, w),
    )
    signed = done.signed
    OUT.result(
        tr(
            "approval.done",
            period=period,
            unit=signed.unit_name,
            id=signed.id,
            used=done.used,
            sha=signed.outcome_sha256,
        )
    )
    if signed.missing or signed.to_correct:
        OUT.result(tr("approval.done_gaps", gaps=gaps_text(signed.gaps)))
    if done.same_as_disk:
        OUT.result(tr("approval.same_as_disk", path=done.on_disk))
    elif done.same_as_disk is False and signed.whole:
        OUT.note(tr("approval.differs_from_disk", path=done.on_disk))


@handled
def reopen(
    config: ConfigOpt,
    period: PeriodOpt,
    reason: Annotated[
        str, typer.Option("--reason", help="Lý do mở lại (bắt buộc). / Why (required).")
    ],
    unit: UnitOpt = None,
    by: ByOpt = None,
    wait: WaitOpt = 600.0,
) -> None:
    """Mở lại số liệu một kỳ đã phê duyệt; lần chạy sau dùng các báo cáo mới nhất.
    / Reopen an approved period; the next run uses the latest reports again.

    Ví dụ / example: xhht reopen --config xhht.toml --period 2024 --reason "Xã Tân Lộc sửa số"
    """
    from xhht_cli.batch.signoff import reopen as record

    settings = _config(config)
    signed, _ = _waiting(settings, wait, lambda w: record(settings, period, unit, by, reason, w))
    OUT.result(
        tr(
            "approval.reopened",
            period=period,
            unit=signed.unit_name,
            id=signed.id,
            date=day_text(signed.approved_at),
        )
    )


@handled
def approvals(
    config: ConfigOpt,
    period: Annotated[
        str | None, typer.Option("--period", help="Chỉ kỳ này. / Only this period.")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="text | json")] = "text",
) -> None:
    """Mọi lần phê duyệt và mở lại (không bao giờ bị xóa). / Every approval and reopening
    (never deleted).

    Ví dụ / example: xhht approvals --config xhht.toml --format json
    """
    from xhht_cli.batch import ledger
    from xhht_cli.batch.store import Store

    kind = choice(output_format, ("text", "json"))
    store = Store(_config(config).store)
    try:
        found = ledger.events(store, period)
        used = {e.id: ledger.used_of(store, e.id) for e in found if e.kind == "approve"}
    finally:
        store.close()
    if kind == "json":
        document = {
            "schema": "xhht/approvals/v1",
            "events": [_event_document(e, used.get(e.id, [])) for e in found],
        }
        typer.echo(dumps(document, pretty=True), nl=False)
        return
    if not found:
        OUT.result(tr("approval.none"))
        return
    show_events(found)


def show_events(found: list[Event], title: str | None = None) -> None:
    """The events as a table (``approvals``, and below a unit's ``history``)."""
    heads = ("id", "kind", "period", "unit", "at", "by", "text", "used", "gaps", "sha", "state")
    table = grid(
        [tr(f"approval.col.{h}") for h in heads],
        title=title or tr("approval.title"),
        keep=(0, 1, 2, 4),
    )
    for e in found:
        table.add_row(
            str(e.id),
            tr(f"approval.kind.{e.kind}"),
            e.period,
            f"{e.unit_code} {e.unit_name}",
            time_text(e.at),
            e.by,
            e.text or "",
            str(e.used) if e.kind == "approve" else "",
            gaps_text(e.gaps, short=True) if e.kind == "approve" else "",
            e.outcome_sha256[:8] if e.kind == "approve" else "",
            tr("approval.state.reopened" if e.reopened else "approval.state.active")
            if e.kind == "approve"
            else "",
        )
    OUT.result(table)


def _event_document(event: Event, used: list[dict[str, Any]]) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event": event.kind,
        "approval": event.id,
        "period": event.period,
        "unit_code": event.unit_code,
        "unit_name": event.unit_name,
        "at": event.at,
        "by": event.by,
    }
    if event.kind == "reopen":
        return {**base, "reason": event.text}
    return {
        **base,
        "note": event.text,
        "outcome_sha256": event.outcome_sha256,
        "gaps": event.gaps,
        "in_force": not event.reopened,
        "used": used,
    }


def print_approval(outcome: Outcome) -> None:
    """Below ``status --config``: the approvals in force, and the files received after them."""
    approval = outcome.approval
    if approval is None:
        return
    for line in approval.stamps():
        OUT.result(line)
    for late in approval.late:
        OUT.result(
            tr(
                "approval.late_line",
                path=late.path,
                unit=f"{late.unit_code} {late.unit_name}" if late.unit_code else "—",
                received=time_text(late.received),
                status=tr(f"status.{late.status}"),
            ),
            markup_text=False,
        )
