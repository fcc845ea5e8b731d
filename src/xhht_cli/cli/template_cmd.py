"""`xhht template`: blank forms, named as asked (README "Commands")."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from xhht_cli.base.errors import XhhtError
from xhht_cli.base.i18n import tr
from xhht_cli.cli.handling import handled
from xhht_cli.cli.options import DEFAULTS, ParentOpt, PlanOpt, UnitsOpt, checked_period
from xhht_cli.cli.output import OUT
from xhht_cli.write.paths import XLSX, check_file, check_folder


@handled
def template(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            readable=False,
            help="Tệp .xlsx, hoặc thư mục khi có --unit/--parent. "
            "/ A .xlsx file, or a folder with --unit/--parent.",
        ),
    ],
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", help="Mã đơn vị (lặp lại được). / Unit code (repeatable)."),
    ] = None,
    parent: ParentOpt = None,
    plan: PlanOpt = DEFAULTS["plan"],
    units: UnitsOpt = DEFAULTS["units"],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Năm báo cáo ghi sẵn trên biểu (YYYY); mặc định: năm hiện tại. "
            "/ The reporting year filled in on the forms; by default the current year.",
        ),
    ] = None,
) -> None:
    """Biểu mẫu báo cáo trống: một tệp chung, hoặc một tệp cho mỗi xã (đã điền mã, tên, năm).
    / Blank report forms: one generic file, or one per commune, pre-filled.

    Ví dụ / example: xhht template --units data/samples/don-vi-ca-mau-2024.csv --parent 967
    --period 2024 -o bieu-mau/
    """
    from xhht_cli.write.template import template_name, write_template

    checked_period(period)
    from xhht_cli.plans import load_plan
    from xhht_cli.units.load import load_registry

    the_plan = load_plan(plan)
    year = period or str(date.today().year)
    if not unit and not parent:
        # A folder: the form goes in it; no extension: .xlsx is added; another one: exit 2.
        target = output / f"bieu-mau-{year}.xlsx" if output.is_dir() else output
        target = target.with_suffix(".xlsx") if not target.suffix else target
        check_file(target, XLSX, "--output")
        _say_year(period, year)
        write_template(target, the_plan, year)
        OUT.result(tr("cli.written", path=target))
        return
    registry = load_registry(units)
    chosen = []
    for code in unit or []:
        if code not in registry:
            raise XhhtError(tr("units.unknown_parent_option", code=code, option="--unit"))
        chosen.append(registry[code])
    if parent:
        if parent not in registry:
            raise XhhtError(tr("units.unknown_parent_option", code=parent, option="--parent"))
        chosen += registry.communes_under(parent, int(year))
    if output.suffix and not output.is_dir():  # a file: for exactly one form
        if len(chosen) != 1:
            raise XhhtError(tr("paths.many_forms", path=output, count=len(chosen)))
        check_file(output, XLSX, "--output")
        _say_year(period, year)
        write_template(output, the_plan, year, chosen[0])
        OUT.result(tr("cli.written", path=output))
        return
    check_folder(output, "--output")
    _say_year(period, year)
    output.mkdir(exist_ok=True)
    for one in chosen:
        write_template(output / template_name(one), the_plan, year, one)
    OUT.result(tr("cli.templates_written", count=len(chosen), path=output))


def _say_year(period: str | None, year: str) -> None:
    if period is None:  # the clock's year: said, so a form is never silently of the wrong one
        OUT.note(tr("cli.template_year", year=year))
