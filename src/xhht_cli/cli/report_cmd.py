"""`xhht validate | aggregate | status`: thin wrappers over the pipeline."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, TaskID

from xhht_cli.base.errors import XhhtError
from xhht_cli.base.i18n import fmt_num, get_lang, tr
from xhht_cli.cli.handling import handled
from xhht_cli.cli.options import (
    DEFAULTS,
    InferredUnitsOpt,
    ParentOpt,
    PathsArg,
    PeriodOpt,
    PlanOpt,
    ReceivedOpt,
    checked_period,
    choice,
    received_basis,
)
from xhht_cli.cli.output import OUT
from xhht_cli.cli.report_text import (
    print_errors,
    print_headline,
    print_progress,
    print_status,
    print_totals,
    print_validation,
)
from xhht_cli.values.codec import dumps
from xhht_cli.values.results import Status, Validation

if TYPE_CHECKING:  # the commands import the pipeline when they run (a quick --help)
    from xhht_cli.rollup.outcome import Outcome

FormatOpt = Annotated[str, typer.Option("--format", help="text | json", case_sensitive=False)]


HistoryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--history",
        help="Báo cáo các kỳ trước (mọi năm): kiểm tra biến động, so sánh với năm trước, tiến "
        "độ đến các mốc. Mỗi thư mục hoặc tệp một lần --history: --history 2023 --history "
        "2022. / Earlier periods' reports (any years): change checks, comparison, progress to "
        "the milestones. One folder or file per --history: --history 2023 --history 2022.",
    ),
]


def _progress_bar() -> tuple[Callable[[int, int], None] | None, Progress | None]:
    """A progress bar for reading, only on a terminal and not with --quiet."""
    if OUT.quiet or not OUT.err.is_terminal:
        return None, None
    bar = Progress(transient=True, console=OUT.err)
    task: list[TaskID] = []

    def update(done: int, total: int) -> None:
        if total <= 5:
            return
        if not task:
            bar.start()
            task.append(bar.add_task(tr("cli.reading"), total=total))
        bar.update(task[0], completed=done, total=total)  # the total grows as files are found

    return update, bar


def _validate(
    paths: list[Path],
    plan: str,
    units: str | None,
    period: str | None,
    parent: str | None,
    history: list[Path] | None,
    crosswalk: Path | None = None,
    roll: bool = False,
    received: str = "report_date",
    historical: bool = True,
) -> Outcome:
    """Read and check the reports, then decide the run's outcome (rolled up with *roll*);
    on time / late by *received* (docs/outcome.md, "The deadline"). With *historical* (the
    command takes --history), an input holding only an earlier period's reports is refused."""
    from xhht_cli.check.pipeline import validate_inputs
    from xhht_cli.plans import load_plan
    from xhht_cli.rollup.outcome import decide
    from xhht_cli.units.load import load_registry

    checked_period(period)
    if crosswalk is not None and not crosswalk.is_file():
        raise XhhtError(tr("cli.path_missing", path=crosswalk))
    the_plan, registry = load_plan(plan), load_registry(units or "vn", crosswalk)
    update, bar = _progress_bar()
    try:
        validation = validate_inputs(
            paths,
            the_plan,
            registry,
            period,
            parent,
            history,
            update,
            infer_scope=units is None,
            received=received,
        )
    finally:
        if bar is not None:
            bar.stop()
    if historical:
        _refuse_earlier_inputs(paths, validation)
    _say_scope(validation, units is None and parent is None)
    return decide(validation, roll)


def _refuse_earlier_inputs(paths: list[Path], validation: Validation) -> None:
    """An input of reports of earlier periods only, beside inputs of this period, is meant as
    history (``--history A B`` reads B as this period's input): exit 2 saying so, rather than
    ignore it and change every comparison without a word."""
    period = validation.period
    if len(paths) < 2 or not any(e.status == Status.IGNORED for e in validation.entries):
        return  # one input, or nothing of another period: nothing given in the wrong place
    owner: dict[Path, set[str]] = {path: set() for path in paths}
    roots = [(path, Path(os.path.abspath(path))) for path in paths]
    for entry in validation.entries:
        if entry.report is None or not entry.report.period:
            continue
        where = Path(os.path.abspath(entry.file.path))
        for path, root in roots:
            if where == root or where.is_relative_to(root):
                owner[path].add(entry.report.period)
    if not any(period in found for found in owner.values()):
        return  # no input of the period: report.no_file_of_period says which periods there are
    for path, found in owner.items():
        if found and period not in found and all(p < period for p in found):
            kind = tr("cli.kind_folder" if path.is_dir() else "cli.kind_file")
            periods = ", ".join(sorted(found))
            raise XhhtError(
                tr("cli.history_as_input", kind=kind, path=path, periods=periods, period=period)
            )


def _say_scope(validation: Validation, inferred: bool) -> None:
    """Without --units: the province inferred from the reports, or a hint that the whole
    country is expected."""
    if not inferred:
        return
    registry = validation.registry
    if validation.inferred and registry.roots:
        root = registry.roots[0]
        OUT.note(tr("cli.units_inferred", name=root.name, code=root.code))
    elif validation.missing:
        OUT.note(tr("cli.units_hint", count=fmt_num(len(registry.communes_under()))))


@handled
def validate(
    paths: PathsArg,
    plan: PlanOpt = DEFAULTS["plan"],
    units: InferredUnitsOpt = None,
    period: PeriodOpt = None,
    parent: ParentOpt = None,
    output_format: FormatOpt = "text",
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Ghi kết quả ra tệp. / Write to a file.", readable=False
        ),
    ] = None,
    history: HistoryOpt = None,
    feedback: Annotated[
        Path | None,
        typer.Option(
            "--feedback",
            readable=False,
            help="Thư mục ghi tệp phản hồi cho từng xã (ô lỗi tô màu, có ghi chú). "
            "/ Folder for one marked-up workbook per report with findings.",
        ),
    ] = None,
    received: ReceivedOpt = DEFAULTS["received"],
) -> None:
    """Đọc và kiểm tra mọi báo cáo (thoát 1 nếu có báo cáo lỗi hoặc không đọc được).
    / Read and check every report (exit 1 if any has errors or is unreadable).

    Ví dụ / example: xhht validate data/samples/2023 --units data/samples/don-vi-ca-mau-2024.csv
    --period 2023 --format json -o kiem-tra.json
    """
    from xhht_cli.write.documents import validate_document
    from xhht_cli.write.outputs import Outputs, write_feedback_folder, write_outputs
    from xhht_cli.write.paths import check_outside

    kind = choice(output_format, ("text", "json"))
    basis = received_basis(received)
    Outputs(check=output, feedback=feedback).check_paths()
    if feedback is not None:
        check_outside(feedback, [*paths, *(history or [])], "--feedback")
    outcome = _validate(paths, plan, units, period, parent, history, received=basis)
    if feedback is not None:
        _say_feedback(feedback, *write_feedback_folder(outcome, feedback))
    if output:
        write_outputs(outcome, Outputs(check=output), lang=get_lang())
    if kind == "json":
        if not output:
            typer.echo(dumps(validate_document(outcome, get_lang()), pretty=True), nl=False)
    elif OUT.quiet:
        print_errors(outcome.validation)
    else:
        print_validation(outcome)
    raise typer.Exit(outcome.exit_code())


def _say_feedback(folder: Path, written: list[Path], removed: list[Path]) -> None:
    """Which feedback workbooks were written (the clerks' files to send back), and which old
    ones were removed (to stderr: the JSON on stdout stays whole)."""
    if not written:
        OUT.note(tr("cli.feedback_none"))
    else:
        OUT.note(tr("cli.feedback_written", count=len(written), path=folder))
    for path in written:
        OUT.note(f"  - {path.name}")
    if removed:
        names = ", ".join(p.name for p in removed)
        OUT.note(tr("cli.feedback_removed", count=len(removed), names=names))


@handled
def aggregate(
    paths: PathsArg,
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="Tệp tổng hợp .xlsx. / The summary workbook.", readable=False
        ),
    ],
    plan: PlanOpt = DEFAULTS["plan"],
    units: InferredUnitsOpt = None,
    period: PeriodOpt = None,
    parent: ParentOpt = None,
    json_path: Annotated[
        Path | None,
        typer.Option("--json", help="Ghi thêm JSON. / Also write JSON.", readable=False),
    ] = None,
    history: HistoryOpt = None,
    crosswalk: Annotated[
        Path | None,
        typer.Option(
            "--crosswalk",
            help="Bảng chuyển đổi đơn vị cũ → đơn vị mới: số liệu các kỳ trước cải cách được "
            "quy về đơn vị hiện nay. / Old units → today's: earlier periods carried onto today's "
            "units.",
        ),
    ] = None,
    docx: Annotated[
        Path | None,
        typer.Option(
            "--docx",
            readable=False,
            help="Ghi thêm dự thảo báo cáo (Word .docx). / Also write the draft written report.",
        ),
    ] = None,
    letterhead: Annotated[
        Path | None,
        typer.Option(
            "--letterhead",
            help="Tệp TOML: cơ quan ban hành, số, địa danh, người ký, nơi nhận. "
            "/ TOML file: issuing body, number, place, signer, recipients.",
        ),
    ] = None,
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            readable=False,
            help="Ghi bảng nguồn số liệu (.csv hoặc .parquet): mỗi ô đã dùng — đơn vị, kỳ, chỉ "
            "tiêu, giá trị, tệp, trang, ô, sha256. / The long table of every cell used.",
        ),
    ] = None,
    received: ReceivedOpt = DEFAULTS["received"],
) -> None:
    """Kiểm tra rồi tổng hợp báo cáo hợp lệ lên mọi cấp, ghi sổ tổng hợp (thoát 1 nếu có báo
    cáo lỗi hoặc thiếu). / Validate, roll up every level and write the summary workbook.

    Ví dụ / example: xhht aggregate data/samples/2023 --units data/samples/don-vi-ca-mau-2024.csv
    --plan ke-hoach-tinh-2023 --period 2023 -o tong-hop-2023.xlsx --json tong-hop-2023.json
    --docx tong-hop-2023.docx
    """
    from xhht_cli.write.letterhead import load_letterhead
    from xhht_cli.write.outputs import Outputs, write_outputs

    basis = received_basis(received)
    outputs = Outputs(summary=output, json=json_path, docx=docx, sources=sources)
    outputs.check_paths()
    head = load_letterhead(letterhead)  # before any report is read: a wrong key is exit 2
    outcome = _validate(
        paths, plan, units, period, parent, history, crosswalk, roll=True, received=basis
    )
    if outcome.validation.other_periods_only:  # a wrong --period: nothing to write over
        for notice in outcome.validation.notices:  # errors: said even with --quiet
            OUT.error(f"{tr('severity.error')} {notice.message()}")
        OUT.error(tr("cli.nothing_written", period=outcome.period))
        raise typer.Exit(outcome.exit_code(require_complete=True))
    write_outputs(outcome, replace(outputs, letterhead=head))
    top = outcome.top
    if top is not None:
        print_headline(outcome, top)
        print_progress(outcome)
    print_totals(outcome)
    if outcome.warned:  # valid, counted, and odd: the analyst looks before it is signed
        OUT.result(tr("cli.warned", count=len(outcome.warned), warnings=outcome.warnings_counted))
    OUT.result(tr("cli.written_all", paths=", ".join(str(p) for p in outputs.paths())))
    raise typer.Exit(outcome.exit_code(require_complete=True))


@handled
def status(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Tệp hoặc thư mục báo cáo (đọc cả thư mục con). / Report files or folders.",
            show_default=False,
        ),
    ] = None,
    plan: PlanOpt = DEFAULTS["plan"],
    units: InferredUnitsOpt = None,
    period: PeriodOpt = None,
    parent: ParentOpt = None,
    output_format: FormatOpt = "text",
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Thay cho ĐƯỜNG_DẪN…: kỳ trong cơ sở dữ liệu của lần chạy định kỳ (kèm phê duyệt). "
            "/ Instead of PATH…: the period in the cron run's store (with its approval).",
        ),
    ] = None,
    received: ReceivedOpt = DEFAULTS["received"],
) -> None:
    """Cần nhắc ai: theo từng đơn vị cấp trên, số dự kiến, đã nhận (đúng hạn, trễ hạn), hợp lệ;
    tên các xã chưa nộp và các xã cần gửi lại (có lỗi, kèm lỗi đầu tiên). / Whom to chase, per
    parent unit: expected, received (on time, late), valid; the communes that sent nothing, and
    those to send a corrected report with their first error.

    Ví dụ / example: xhht status data/samples/2023 --units data/samples/don-vi-ca-mau-2024.csv
    --period 2023
    """
    from xhht_cli.cli.approve_cmd import print_approval
    from xhht_cli.write.documents import status_document

    kind = choice(output_format, ("text", "json"))
    basis = received_basis(received)
    outcome = _status_outcome(paths, plan, units, period, parent, config, basis)
    document = status_document(outcome, get_lang())
    if kind == "json":
        typer.echo(dumps(document, pretty=True), nl=False)
    else:
        print_status(document)
        for notice in outcome.validation.notices:
            OUT.result(f"\n{notice.message()}")
        print_approval(outcome)
    raise typer.Exit(outcome.validation.status_exit_code())


def _status_outcome(
    paths: list[Path] | None,
    plan: str,
    units: str | None,
    period: str | None,
    parent: str | None,
    config: Path | None,
    basis: str,
) -> Outcome:
    """The reports given, or with ``--config`` the cron store's period (docs/approval.md)."""
    if config is None:
        if not paths:
            raise XhhtError(tr("cli.status_needs_input"))
        return _validate(paths, plan, units, period, parent, None, received=basis, historical=False)
    if paths:
        raise XhhtError(tr("cli.status_needs_input"))
    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.signoff import store_outcome

    return store_outcome(load_config(config), period)
