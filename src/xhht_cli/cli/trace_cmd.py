"""`xhht trace`: one figure of a run walked back to the cells it came from (docs/lineage.md).

The run is the one ``aggregate`` makes of the same files (or ``run`` of its store); the trace
is the run's :class:`~xhht_cli.rollup.outcome.Outcome` rendered line by line. ``--period`` is
the period of the figure: the inputs' own, or an earlier one given with ``--history`` (the
run is then the inputs' period, and the figure the one its progress carries).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from xhht_cli.base.errors import XhhtError
from xhht_cli.base.i18n import get_lang, tr
from xhht_cli.cli.handling import handled
from xhht_cli.cli.options import (
    DEFAULTS,
    InferredUnitsOpt,
    PeriodOpt,
    PlanOpt,
    checked_period,
    choice,
)
from xhht_cli.cli.report_cmd import FormatOpt, HistoryOpt

if TYPE_CHECKING:  # the trace imports the pipeline when it runs (a quick --help)
    from xhht_cli.check.pipeline import Read
    from xhht_cli.plans import Plan
    from xhht_cli.rollup.outcome import Outcome


@handled
def trace(
    unit: Annotated[str, typer.Option("--unit", help="Mã đơn vị. / The unit's code.")],
    indicator: Annotated[
        str, typer.Option("--indicator", help="Mã chỉ số (xhht plan show). / Indicator code.")
    ],
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Tệp hoặc thư mục báo cáo (hoặc dùng --config). / Report files or folders "
            "(or --config).",
            show_default=False,
        ),
    ] = None,
    period: PeriodOpt = None,
    history: HistoryOpt = None,
    plan: PlanOpt = DEFAULTS["plan"],
    units: InferredUnitsOpt = None,
    crosswalk: Annotated[
        Path | None,
        typer.Option(
            "--crosswalk",
            help="Bảng chuyển đổi đơn vị cũ → đơn vị mới (như aggregate). / Old units → "
            "today's (as for aggregate).",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Dùng cơ sở dữ liệu của xhht run (tệp cấu hình TOML). / Use the store of xhht "
            "run (its TOML configuration).",
        ),
    ] = None,
    output_format: FormatOpt = "text",
) -> None:
    """Truy nguồn một số liệu: tử số, mẫu số, từng báo cáo xã (tệp, ô, giá trị, ngày, sha256),
    các báo cáo không được dùng và lý do. / One figure walked back to the cells it came from.

    Ví dụ / example: xhht trace data/samples/2024 --units data/samples/don-vi-ca-mau-2024.csv
    --period 2024 --unit 96 --indicator TL_GDHT
    """
    from xhht_cli.cli.trace_text import print_trace
    from xhht_cli.values.codec import dumps
    from xhht_cli.write.sources import trace_document

    kind = choice(output_format, ("text", "json"))
    if config is not None and paths:
        raise XhhtError(tr("trace.both_inputs"))
    if config is None and not paths:
        raise XhhtError(tr("trace.no_input"))
    checked_period(period)
    if config is not None:
        outcome = _from_store(config, indicator)
    else:
        assert paths is not None
        outcome = _from_files(paths, plan, units, period, history, crosswalk, indicator)
    chosen = period or outcome.period
    _check(outcome, unit, chosen)
    found_trace = outcome.trace(unit, indicator, chosen)
    if kind == "json":
        document = trace_document(found_trace, outcome, get_lang())
        typer.echo(dumps(document, pretty=True), nl=False)
    else:
        print_trace(found_trace, outcome)


def _from_files(
    paths: list[Path],
    plan: str,
    units: str | None,
    period: str | None,
    history: list[Path] | None,
    crosswalk: Path | None,
    indicator: str,
) -> Outcome:
    """The run ``aggregate`` makes of the same files (``validate_inputs``' steps, the run's
    period chosen by :func:`_run_period`), nothing written."""
    from xhht_cli.check.pipeline import read_all, validate_scoped
    from xhht_cli.plans import load_plan
    from xhht_cli.read.discover import found
    from xhht_cli.rollup.outcome import decide
    from xhht_cli.units.load import load_registry

    for path in [*paths, *(history or []), *([crosswalk] if crosswalk else [])]:
        if not path.exists():
            raise XhhtError(tr("cli.path_missing", path=path))
    the_plan = load_plan(plan)
    _check_indicator(the_plan, indicator)  # before any report is read
    registry = load_registry(units or "vn", crosswalk)
    reads = read_all(found(paths), the_plan)
    earlier = read_all(found(history), the_plan) if history else []
    run = _run_period(reads, earlier, period)
    return decide(validate_scoped(reads, earlier, the_plan, registry, run, None, units is None))


def _run_period(reads: list[Read], earlier: list[Read], period: str | None) -> str | None:
    """The run's period: *period* when the inputs hold reports of it; when only the history
    does, the inputs' own (the figure is then an earlier period's); None: inferred."""
    if period is None:
        return None

    def periods(group: list[Read]) -> set[str | None]:
        return {r.period for read in group for r in read.reports}

    return period if period in periods(reads) or period not in periods(earlier) else None


def _from_store(path: Path, indicator: str) -> Outcome:
    """The run ``xhht run`` makes of its store: the same reads, periods and scope."""
    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.run import period_validation
    from xhht_cli.batch.store import Store
    from xhht_cli.plans import load_plan
    from xhht_cli.rollup.outcome import decide
    from xhht_cli.units.load import load_registry

    config = load_config(path)
    the_plan = load_plan(config.plan)
    _check_indicator(the_plan, indicator)
    if not config.store.is_file():
        raise XhhtError(tr("trace.no_store", path=config.store))
    registry = load_registry(config.units, config.crosswalk)
    store = Store(config.store)
    try:  # the figures the run's outputs give: approvals in force too (batch/freeze.py)
        present = {p for p in store.known_files() if Path(p).is_file()}
        validation, _ = period_validation(store, config, the_plan, registry, config.period, present)
    finally:
        store.close()
    return decide(validation)


def _check_indicator(plan: Plan, indicator: str) -> None:
    """The indicator is the plan's (else exit 2, naming the plan's)."""
    if indicator not in plan.indicator_map:
        codes = ", ".join(plan.indicator_map)
        raise XhhtError(
            tr("trace.unknown_indicator", plan=plan.code, code=indicator or "—", codes=codes)
        )


def _check(outcome: Outcome, unit: str, period: str) -> None:
    """The period and the unit are the run's (else exit 2, saying which are)."""
    for notice in outcome.validation.notices:  # no report of the period: nothing to trace
        raise XhhtError(notice.message())
    if period not in outcome.periods:
        periods = ", ".join(outcome.periods)
        raise XhhtError(tr("trace.unknown_period", period=period, periods=periods))
    if not outcome.tracer.traceable(unit, period):
        top = outcome.top
        scope = f"{top.unit.name} ({top.unit.code})" if top else outcome.registry.source
        raise XhhtError(tr("trace.unknown_unit", code=unit, scope=scope))
