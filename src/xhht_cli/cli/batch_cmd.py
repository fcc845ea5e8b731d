"""`xhht run | history | export`: the cron job and the store's queries (a unit's history
lists the approvals over it too, docs/approval.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from xhht_cli.base.errors import SystemFailure, XhhtError
from xhht_cli.base.i18n import MESSAGES, tr
from xhht_cli.cli.handling import handled
from xhht_cli.cli.options import choice
from xhht_cli.cli.output import OUT, grid
from xhht_cli.write.atomic import write_text_atomic
from xhht_cli.write.export import FORMATS, write_export
from xhht_cli.write.paths import TOML, check_file, system_failure

if TYPE_CHECKING:
    from xhht_cli.batch.store import Store
    from xhht_cli.units.registry import Registry

ConfigOpt = Annotated[
    Path, typer.Option("--config", help="Tệp cấu hình TOML. / The TOML configuration.")
]


def _store(config: Path) -> Store:
    """The store a configuration names (loaded here: the other commands need none of it)."""
    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.store import Store

    return Store(load_config(config).store)


@handled
def run(
    config: Annotated[
        Path | None, typer.Option("--config", help="Tệp cấu hình TOML. / The TOML configuration.")
    ] = None,
    init: Annotated[
        Path | None,
        typer.Option(
            "--init",
            help="Ghi tệp cấu hình mẫu có chú thích. / Write a commented example config.",
            readable=False,
        ),
    ] = None,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            help="Số giây chờ nếu một lần chạy khác đang chạy (sau đó thoát 75). "
            "/ Seconds to wait for another run (then exit 75).",
        ),
    ] = 0.0,
) -> None:
    """Chạy định kỳ (cron): đọc tệp mới trong hộp thư, lưu vào cơ sở dữ liệu, dựng lại kết quả.
    / The cron job: read what is new in the inbox, store it, rebuild the outputs.

    Ví dụ / example: xhht run --init xhht.toml ; xhht run --config xhht.toml --wait 600
    """
    if init is not None:
        if init.exists() and not init.is_dir():
            raise XhhtError(tr("batch.init_exists", path=init))
        check_file(init, TOML, "--init")
        from xhht_cli.batch.config import EXAMPLE

        write_text_atomic(init, EXAMPLE)
        OUT.result(tr("batch.init_written", path=init))
        return
    if config is None:
        raise XhhtError(tr("batch.config_needed"))
    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.run import run_batch  # the writers it needs load with it

    settings = load_config(config)
    try:
        result = run_batch(settings, wait)
    except Exception as exc:  # the system failed the run: say that nothing is lost
        failure = exc if isinstance(exc, SystemFailure) else system_failure(exc)
        if failure is None:
            raise
        raise SystemFailure(f"{failure} {tr('batch.nothing_lost')}") from exc
    outputs = (
        tr("batch.outputs_written", path=settings.output)
        if result.outputs_written
        else tr("batch.outputs_same")
    )
    OUT.result(
        tr(
            "batch.done",
            run=result.run_id,
            new=result.files["new"],
            changed=result.files["changed"],
            unchanged=result.files["unchanged"],
            outputs=outputs,
        )
    )
    if result.exit_code == 1:  # why: what the analyst reads in the cron mail before opening
        statuses = result.statuses
        counts = {
            "invalid": statuses.get("invalid", 0),
            "unreadable": statuses.get("unreadable", 0),
            "missing": result.missing,
        }
        what = ", ".join(tr(f"batch.why.{k}", count=n) for k, n in counts.items() if n)
        what = what or tr("batch.why.other")  # an error of the run itself (no report of it)
        why = tr(
            "batch.why_one", what=what, path=settings.output / f"kiem-tra-{settings.period}.json"
        )
        if OUT.quiet:  # cron runs --quiet: its mail still says why (stderr, as errors are)
            OUT.error(why)
        else:
            OUT.result(why, markup_text=False)
    if result.late:  # received after an approval: kept, answered, not used
        files = ", ".join(result.late)
        OUT.result(
            tr("approval.late_count", count=len(result.late), files=files), markup_text=False
        )
    raise typer.Exit(result.exit_code)


@handled
def history(
    unit: Annotated[str, typer.Argument(help="Mã đơn vị. / Unit code.")],
    config: ConfigOpt,
) -> None:
    """Các lần nộp của một đơn vị qua các kỳ. / A unit's submissions over time.

    Ví dụ / example: xhht history 32086 --config xhht.toml
    """
    from xhht_cli.batch import ledger
    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.store import Store

    settings = load_config(config)
    store = Store(settings.store)
    try:
        rows = store.history(unit)
        events = ledger.events(store)
    finally:
        store.close()
    heads = ("period", "report_date", "file", "read_at", "status", "errors", "warnings", "current")
    table = grid([tr(f"table.{head}") for head in heads], title=unit, keep=(0, 1, 2))
    for row in rows:
        table.add_row(
            row["period"] or "—",
            row["report_date"] or "—",
            row["display"],
            row["read_at"],
            tr(f"status.{row['status']}")
            if f"status.{row['status']}" in MESSAGES
            else row["status"],
            str(row["errors"]),
            str(row["warnings"]),
            "✓" if row["is_current"] else "",
        )
    OUT.result(table)
    if events:  # the approvals over this unit (of it, above it or below it) and reopenings
        from xhht_cli.cli.approve_cmd import show_events
        from xhht_cli.units.load import load_registry

        registry = load_registry(settings.units, settings.crosswalk)
        over = [e for e in events if _related(registry.as_of(int(e.period)), e.unit_code, unit)]
        if over:
            show_events(over)


def _related(view: Registry, approved: str, unit: str) -> bool:
    """Whether an approval of *approved* freezes *unit* or a unit under it."""
    if approved == "*" or approved == unit:
        return True
    if unit not in view or approved not in view:
        return False
    return any(u.code == approved for u in view.ancestors(unit)) or any(
        u.code == unit for u in view.ancestors(approved)
    )


@handled
def export(
    config: ConfigOpt,
    period: Annotated[str, typer.Option("--period", help="Kỳ báo cáo. / The period.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Tệp kết quả. / Output file.", readable=False)
    ],
    output_format: Annotated[str, typer.Option("--format", help="csv | xlsx | parquet")] = "csv",
) -> None:
    """Số liệu đang dùng của một kỳ dạng bảng dài (unit_code, period, field, value).
    / The current values of a period as the long table.

    Ví dụ / example: xhht export --config xhht.toml --period 2024 --format xlsx -o so-lieu.xlsx
    """
    kind = choice(output_format, FORMATS)
    check_file(output, (f".{kind}",), "-o")
    store = _store(config)
    try:
        rows = [
            (r["unit_code"], r["period"], r["field"], r["value"])
            for r in store.current_values(period)
            if r["value"] is not None  # an optional field left empty is no row (docs/plans.md)
        ]
    finally:
        store.close()
    write_export(output, rows, kind)
    OUT.result(tr("cli.written", path=output))
