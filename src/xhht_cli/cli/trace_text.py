"""`xhht trace` as text: the figure, its lines (a table whose total row is the sum of the
rows), the files, the split parts, the rule and the target with their sources, the reports not
used and why. Tables follow the other commands' rules (cli/output.py): codes, names and paths
whole, one language, 80 columns on a terminal."""

from __future__ import annotations

from rich.markup import escape

from xhht_cli.base.i18n import fmt_num, tr
from xhht_cli.cli.output import OUT, grid
from xhht_cli.plans import RatioIndicator, StandardIndicator
from xhht_cli.rollup.outcome import Line, Outcome, Trace
from xhht_cli.write.sources import SHA_SHOWN, received_text, why


def print_trace(trace: Trace, outcome: Outcome) -> None:
    _head(trace)
    if not trace.lines:  # nothing rolled up: the reports not used and the missing say why
        _unused(trace)
        return
    if isinstance(trace.indicator, RatioIndicator):
        _ratio_table(trace)
    else:
        _standard_table(trace)
    _files(trace.lines)
    _split(trace.lines)
    _unused(trace)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{fmt_num(value, digits=1)}%"


def _head(trace: Trace) -> None:
    ind, unit = trace.indicator, trace.unit
    name = ind.named()
    OUT.result(f"[bold]{ind.code}[/] — {escape(name)}")
    common = {
        "unit": escape(unit.name),
        "code": unit.code,
        "period": trace.period,
        "value": _pct(trace.value),
        "numerator": fmt_num(trace.numerator),
        "denominator": fmt_num(trace.denominator),
    }
    if isinstance(ind, RatioIndicator):
        formula = f"{ind.numerator} / {ind.denominator}"
        OUT.result(
            tr(
                "trace.figure",
                formula=formula,
                reported=trace.reported,
                expected=trace.expected,
                **common,
            )
        )
    else:
        levels = [x.unit.level for x in trace.lines] or ["commune"]
        units = tr(f"level.{levels[0]}.many")
        OUT.result(tr("trace.standard", field=ind.field, k=ind.min_level, units=units, **common))
        if trace.value is None and trace.denominator:  # nobody measured it (docs/rollup.md)
            OUT.result(tr("trace.standard_unmeasured", units=units, field=ind.field))
    if trace.carried:
        OUT.result(tr("trace.carried", period=trace.period))
        if any(x.origin and x.origin.approximate for x in trace.lines):
            OUT.result(tr("progress.carried_approximate", periods=trace.period))
    cited = trace.target
    if cited is None:
        OUT.result(tr("trace.no_target", level=tr(f"level.{unit.level}")))
    else:
        t = cited.target
        shown = f"{fmt_num(t.count)}" if t.count is not None else _pct(t.value)
        verdict = {True: "met", False: "not_met", None: "none"}[cited.met]
        OUT.result(
            tr("trace.target", target=shown, year=t.year, verdict=tr(f"trace.verdict.{verdict}"))
        )
        for key, text in cited.sources.items():
            OUT.result(f"  {escape(tr('trace.source', key=key, text=text))}")
    rule = trace.rule
    if rule is not None:
        tiers = ", ".join(f"{tr(f'level.{lvl}')} {fmt_num(s)}%" for lvl, s in rule.tiers.items())
        text = tr(
            "trace.rule",
            tier=tr(f"level.{rule.tier}"),
            below=tr(f"level.{rule.below}.many"),
            k=rule.k,
            field=rule.field,
            share=fmt_num(rule.share),
            tiers=tiers,
            unit=unit.name,
            level=fmt_num(rule.level),
        )
        OUT.result(escape(text))
        if rule.assumption:
            OUT.result(tr("trace.assumption"))
        for key, source in rule.sources.items():
            OUT.result(f"  {escape(tr('trace.source', key=key, text=source))}")
    OUT.result("")


def _into_column(lines: list[Line]) -> bool:
    """Whether the lines go into several of today's communes (a column says which)."""
    return len({x.origin.new_code for x in lines if x.origin}) > 1


def _ratio_table(trace: Trace) -> None:
    lines = trace.lines
    ind = trace.indicator
    assert isinstance(ind, RatioIndicator)
    fields = list(dict.fromkeys((*ind.numerator_terms, *ind.denominator_terms)))
    into = _into_column(lines)
    heads = [tr("plan.col.code"), tr("table.unit")]
    heads += [tr("trace.col.into")] if into else []
    for code in fields:
        heads += [code, tr("trace.col.cell")]
    table = grid(heads, tr("trace.lines", count=len(lines)), keep=(0, 1))
    totals = dict.fromkeys(fields, 0)
    for line in lines:
        row = [line.unit.code, line.unit.name]
        row += [line.origin.new_code if line.origin else ""] if into else []
        cells = {c.field: c for c in line.cells}
        for code in fields:
            cell = cells.get(code)
            totals[code] += cell.value or 0 if cell else 0
            row += [fmt_num(cell.value), cell.where] if cell else ["—", ""]
        table.add_row(*row)
    total = ["", f"[bold]{tr('trace.total')}[/]", *([""] if into else [])]
    for code in fields:
        total += [f"[bold]{fmt_num(totals[code])}[/]", ""]
    table.add_row(*total)
    OUT.result(table)


def _standard_table(trace: Trace) -> None:
    ind = trace.indicator
    assert isinstance(ind, StandardIndicator)
    lines = trace.lines
    heads = [tr("plan.col.code"), tr("table.unit"), tr("trace.col.level"), tr("trace.col.reached")]
    heads.append(tr("trace.col.cell"))
    table = grid(heads, tr("trace.units", count=len(lines)), keep=(0, 1))
    for line in lines:
        cell = line.cells[0].where if line.cells else "—"
        reached = "—" if line.standing is None else tr("trace.yes" if line.reached else "trace.no")
        table.add_row(line.unit.code, line.unit.name, fmt_num(line.standing), reached, cell)
    numerator, denominator = trace.line_totals
    shown = f"[bold]{numerator}/{denominator}[/]"
    table.add_row("", f"[bold]{tr('trace.total')}[/]", f"≥ {ind.min_level}", shown, "")
    OUT.result(table)


def _files(lines: list[Line]) -> None:
    sourced = [x for x in lines if x.source is not None]
    if not sourced:
        return
    heads = [tr("plan.col.code"), tr("table.file"), tr("table.report_date")]
    heads += [tr("table.read_at"), "SHA-256"]
    table = grid(heads, tr("trace.files"), keep=(0, 1))
    for line in sourced:
        source = line.source
        assert source is not None
        day = source.report_date.strftime("%d/%m/%Y") if source.report_date else "—"
        table.add_row(
            line.unit.code,
            escape(source.file),
            day,
            received_text(source.received),
            source.sha256[:SHA_SHOWN],
        )
    OUT.result("", table)


def _split(lines: list[Line]) -> None:
    """The parts of old communes divided among several new ones: the number in the cell,
    its product by the share, the part counted."""
    parts = [(x, c) for x in lines for c in x.cells if c.exact is not None]
    if not parts:
        return
    heads = [tr("plan.col.code"), tr("trace.col.into"), tr("trace.col.share")]
    heads += [tr("trace.col.field"), tr("trace.col.whole"), tr("trace.col.exact")]
    heads.append(tr("trace.col.part"))
    table = grid(heads, tr("trace.split"), keep=(0, 1))
    for line, cell in parts:
        assert line.origin is not None
        table.add_row(
            line.unit.code,
            line.origin.new_code,
            fmt_num(line.origin.share, digits=4),
            cell.field,
            fmt_num(cell.whole),
            fmt_num(cell.exact, digits=2),
            fmt_num(cell.value),
        )
    OUT.result("", table)


def _unused(trace: Trace) -> None:
    if trace.unused:
        heads = [tr("table.file"), tr("plan.col.code"), tr("table.status")]
        heads.append(tr("trace.col.reason"))
        table = grid(heads, tr("trace.unused", count=len(trace.unused)), keep=(0, 1))
        for item in trace.unused:
            table.add_row(
                escape(item.file),
                item.unit.code if item.unit else "—",
                tr(f"status.{item.status}"),
                escape(why(item)),
            )
        OUT.result("", table)
    if trace.missing:
        names = ", ".join(f"{u.code} {u.name}" for u in trace.missing)
        OUT.result("", escape(tr("trace.missing", count=len(trace.missing), names=names)))
