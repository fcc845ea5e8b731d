"""`xhht plan list | show | check`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from xhht_cli.cli.handling import handled
from xhht_cli.cli.output import OUT, keep_columns
from xhht_cli.i18n import fmt_num, get_lang, tr
from xhht_cli.plans import Plan, RatioIndicator, Target, load_plan, parse_plan, resolve_plan
from xhht_cli.plans import shipped_plans as _shipped

app = typer.Typer(
    help="Kế hoạch: chỉ tiêu, chỉ số, mục tiêu. / Plans: fields, indicators, targets.",
    no_args_is_help=True,
)


@app.command("list")
@handled
def list_() -> None:
    """Các kế hoạch có sẵn. / The shipped plans.

    Ví dụ / example: xhht plan list
    """
    table = Table("code", "name", "milestones", title="Kế hoạch có sẵn / shipped plans")
    for name in _shipped():
        plan = load_plan(name)
        title = plan.name if get_lang() == "vi" else (plan.name_en or plan.name)
        table.add_row(name, title, ", ".join(map(str, plan.milestones)))
    OUT.result(keep_columns(table, 0))


@app.command("show")
@handled
def show(
    name: Annotated[str, typer.Argument(help="Tên kế hoạch hoặc tệp. / Plan name or file.")],
) -> None:
    """Chỉ tiêu, chỉ số và mục tiêu của một kế hoạch. / A plan's fields, indicators, targets.

    Ví dụ / example: xhht plan show quoc-gia-2021-2030
    """
    plan = load_plan(name)
    vi = get_lang() == "vi"
    OUT.result(f"[bold]{plan.code}[/] — {plan.name if vi else plan.name_en or plan.name}")
    OUT.result(keep_columns(_fields_table(plan, vi), 0))
    OUT.result(keep_columns(_indicators_table(plan, vi), 0))
    sources = Table("source", "document", title="Nguồn / sources")
    for key, text in plan.sources.items():
        sources.add_row(key, text)
    OUT.result(keep_columns(sources, 0))


def _fields_table(plan: Plan, vi: bool) -> Table:
    table = Table("code", "label", "unit", "kind", title="Chỉ tiêu / fields")
    for section in plan.sections:
        table.add_row(f"[bold]{section.code}[/]", f"[bold]{section.label}[/]", "", "")
        for f in section.fields:
            kind = f.kind if f.allowed is None else f"{f.kind} {f.allowed[0]}–{f.allowed[1]}"
            table.add_row(f.code, f.label if vi else f.label_en or f.label, f.unit, kind)
    return table


def _target_text(target: Target) -> str:
    text = f"{target.count}" if target.count is not None else f"{fmt_num(target.value, None, 0)}%"
    return text if target.level == "all" else f"{text} ({target.level})"


def _indicators_table(plan: Plan, vi: bool) -> Table:
    years = sorted({t.year for t in plan.targets} | set(plan.milestones))
    table = Table(
        "code",
        "name",
        "formula",
        *map(str, years),
        "source",
        title="Chỉ số và mục tiêu / indicators and targets",
    )
    for ind in plan.indicators:
        if isinstance(ind, RatioIndicator):
            formula = f"{ind.numerator} / {ind.denominator}"
        else:
            formula = f"{ind.field} ≥ {ind.min_level} ({ind.over})"
        mine = [t for t in plan.targets if t.indicator == ind.code]
        cells = ["; ".join(_target_text(t) for t in mine if t.year == y) or "—" for y in years]
        sources = sorted({s for t in mine for s in t.source_keys})
        table.add_row(
            ind.code,
            ind.name if vi else ind.name_en or ind.name,
            formula,
            *cells,
            ", ".join(sources),
        )
    for target in (t for t in plan.targets if t.field is not None):
        cells = [
            f"≥ {target.min_level} ({target.level})" if y == target.year else "—" for y in years
        ]
        label = "Mức đạt chuẩn của đơn vị" if vi else "The unit's own standard level"
        table.add_row(target.field or "", label, "level", *cells, target.source)
    return table


@app.command("check")
@handled
def check(
    file: Annotated[Path, typer.Argument(help="Tệp kế hoạch .yaml. / A plan file.")],
) -> None:
    """Kiểm tra một tệp kế hoạch; liệt kê mọi lỗi kèm số dòng (thoát 2 nếu có lỗi).
    / Check a plan file; list every problem with its line (exit 2 if any).

    Ví dụ / example: xhht plan check ke-hoach-cua-tinh.yaml
    """
    path = resolve_plan(str(file))
    plan, problems = parse_plan(path.read_text(encoding="utf-8"))
    if problems or plan is None:
        OUT.error(tr("plan.invalid", path=path, count=len(problems)))
        for problem in problems:
            OUT.error(f"  - {problem.render(str(path))}")
        raise typer.Exit(2)
    OUT.result(
        tr(
            "plan.ok",
            path=path,
            fields=len(plan.fields),
            indicators=len(plan.indicators),
            targets=len(plan.targets),
        )
    )
