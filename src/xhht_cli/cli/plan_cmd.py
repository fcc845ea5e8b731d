"""`xhht plan list | show | check`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from xhht_cli.base.i18n import fmt_num, get_lang, tr, unit_of_measure
from xhht_cli.cli.handling import handled
from xhht_cli.cli.output import OUT, keep_columns

if TYPE_CHECKING:  # the plans (pydantic) load when a plan command runs: a quick --help
    from xhht_cli.plans import Plan, Target

LEVEL_TIERS = ("district", "province")  # the tiers NĐ 20/2014 sets a share of child units for

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
    from xhht_cli.plans import load_plan
    from xhht_cli.plans import shipped_plans as _shipped

    table = _table("plan.title.shipped", "code", "name", "milestones")
    for name in _shipped():
        plan = load_plan(name)
        title = plan.named()
        table.add_row(name, title, ", ".join(map(str, plan.milestones)))
    OUT.result(keep_columns(table, 0))


@app.command("show")
@handled
def show(
    name: Annotated[str, typer.Argument(help="Tên kế hoạch hoặc tệp. / Plan name or file.")],
) -> None:
    """Chỉ tiêu, chỉ số, mục tiêu và nguồn của một kế hoạch. / A plan's fields, indicators,
    targets and their sources.

    Ví dụ / example: xhht plan show quoc-gia-2021-2030
    """
    from xhht_cli.plans import load_plan

    plan = load_plan(name)
    vi = get_lang() == "vi"
    OUT.result(_wrapped(f"[bold]{plan.code}[/] — {plan.named()}"))
    OUT.result(keep_columns(_fields_table(plan, vi), 0))
    OUT.result(keep_columns(_indicators_table(plan, vi), 0))
    OUT.result(keep_columns(_targets_table(plan), 0))
    OUT.result(keep_columns(_rollup_table(plan), 0))
    level = tr("plan.col.k").lower()
    unverified = [f"{code} {level} {k} ({key})" for code, k, key in plan.unverified_shares]
    if unverified:
        OUT.result(_wrapped(tr("plan.unverified_shares", shares=", ".join(unverified))))
    rule = plan.province_without_districts
    OUT.result(_wrapped(tr("plan.province_rule", sources=", ".join(rule.source_keys) or "—")))
    # Every column may wrap, none is cut (the codes not even wrapped): a source's full text
    # stays readable at 80 columns.
    sources = _table("plan.title.sources", "source", "document")
    sources.columns[1].overflow = "fold"
    for key, text in plan.sources.items():
        sources.add_row(key, text)
    OUT.result(keep_columns(sources, 0))


def _wrapped(markup: str) -> Padding:
    """A line that wraps at the terminal's width. The console soft-wraps text (leaves it whole
    on one line for the terminal to fold) and merges bare Text into one: a renderable holding
    a Text that may wrap is laid out like the tables around it."""
    text = Text.from_markup(markup, overflow="fold")
    text.no_wrap = False
    return Padding(text, 0)


def _fields_table(plan: Plan, vi: bool) -> Table:
    """Every field with its kind; an optional one says so (docs/plans.md), and a field that
    follows a text names its source."""
    table = _table("plan.title.fields", "code", "label", "unit", "kind")
    for section in plan.sections:
        label = section.label if vi else section.label_en or section.label
        table.add_row(f"[bold]{section.code}[/]", f"[bold]{label}[/]", "", "")
        for f in section.fields:
            kind = tr(f"plan.kind.{f.kind}")
            if f.allowed is not None:
                kind += f" {f.allowed[0]}–{f.allowed[1]}"
            if not f.required:
                kind += f"\n[italic]{tr('plan.optional')}[/]"
            label = _with_source(f.label if vi else f.label_en or f.label, f.source_keys)
            table.add_row(f.code, label, unit_of_measure(f.unit), kind)
    return table


def _with_source(text: str, keys: list[str]) -> str:
    """A label and, on a line of its own, the sources it follows (their text is below)."""
    if not keys:
        return text
    return f"{text}\n[dim]{tr('plan.col.source')}: {', '.join(keys)}[/]"


def _target_text(target: Target) -> str:
    if target.field is not None:
        text = f"≥ {target.min_level}"
    elif target.count is not None:
        text = tr("plan.count_target", count=target.count)
    else:
        text = f"{fmt_num(target.value, None, 0)}%"
    return text if target.level == "all" else f"{text} ({tr(f'level.{target.level}')})"


def _indicators_table(plan: Plan, vi: bool) -> Table:
    from xhht_cli.plans import RatioIndicator

    table = _table("plan.title.indicators", "code", "name", "formula")
    for ind in plan.indicators:
        if isinstance(ind, RatioIndicator):
            formula = f"{ind.numerator} / {ind.denominator}"
        else:
            formula = f"{ind.field} ≥ {ind.min_level} ({tr(f'plan.over.{ind.over}')})"
        name = _with_source(ind.named(), ind.source_keys)
        table.add_row(ind.code, name, formula)
    return table


def _targets_table(plan: Plan) -> Table:
    """Every target with its source keys (the article is in the sources table) and evidence."""
    table = _table("plan.targets_title", "indicator", "year", "target", "evidence", "source")
    for target in plan.targets:
        evidence = tr(f"plan.evidence.{target.evidence}") if target.evidence else "—"
        key = target.indicator or f"{target.field} ({tr('plan.own_level')})"
        table.add_row(
            key, str(target.year), _target_text(target), evidence, ", ".join(target.source_keys)
        )
    return table


def _rollup_table(plan: Plan) -> Table:
    """Each level field's shares per tier and level, with the article that sets them and, for
    a share no text read supports, the word "unverified"."""
    table = _table("plan.rollup_title", "field", "k", "district", "province", "source", "evidence")
    for code, fdef in plan.fields.items():
        rollup = fdef.rollup_share
        if rollup is None or fdef.allowed is None:
            continue
        for k in range(1, fdef.allowed[1] + 1):
            shares = [f"{fmt_num(rollup.share(tier, k), None, 0)}%" for tier in LEVEL_TIERS]
            evidence = rollup.evidence.get(k)
            said = tr(f"plan.evidence.{evidence}") if evidence else ""
            table.add_row(code, str(k), *shares, rollup.source.get(k, "—"), said)
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
    from xhht_cli.plans import parse_plan, resolve_plan

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


def _table(title: str, *columns: str) -> Table:
    """A table titled by message *title*, its heads the ``plan.col.*`` words of *columns* in
    the run's language."""
    return Table(*[tr(f"plan.col.{c}") for c in columns], title=tr(title))
