"""What `xhht validate | aggregate | status` print: the tables, each file's findings (a file's
findings about no field counted past 20, an information many files share said once), the
totals, the headline and the progress; in the user's language (docs/huong-dan-su-dung.md)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from xhht_cli.base.i18n import fmt_num, get_lang, tr
from xhht_cli.cli.output import OUT, grid
from xhht_cli.values.findings import Finding, readable
from xhht_cli.values.results import STATUSES, Entry, Status, Validation

if TYPE_CHECKING:
    from xhht_cli.rollup.outcome import Outcome, UnitResult


def print_errors(validation: Validation) -> None:
    """--quiet: nothing but errors, the reports' errors included (to stderr); a report a later
    one replaced has none left (its problems are history)."""
    for notice in validation.notices:
        OUT.error(f"{notice.code} {notice.message()}")
    for entry in validation.entries:
        if entry.status == Status.SUPERSEDED:
            continue
        for finding in (f for f in entry.findings if f.severity == "error"):
            where = f" {finding.where()}" if finding.where() else ""
            OUT.error(f"{entry.file.display}{where}: {finding.code} {finding.message()}")


def print_validation(outcome: Outcome) -> None:
    validation = outcome.validation
    table = grid(
        [
            tr("table.file"),
            tr("table.status"),
            tr("table.unit"),
            tr("table.errors"),
            tr("table.warnings"),
        ],
        title=tr("cli.validate_title", period=validation.period, plan=validation.plan.code),
        keep=(0, 2),
    )
    for entry in validation.entries:
        style = {"invalid": "red", "unreadable": "red", "ignored": "dim", "superseded": "dim"}.get(
            entry.status, "green"
        )
        table.add_row(
            entry.file.display,
            f"[{style}]{tr(f'status.{entry.status}')}[/]",
            entry.unit.code if entry.unit else "—",
            str(entry.errors),
            str(entry.warnings),
        )
    OUT.result(table)
    grouped = _common_infos(validation.entries)
    for entry in validation.entries:
        if entry.status == Status.SUPERSEDED:
            _print_superseded(entry)
            continue
        shown = [f for f in entry.findings if not (f.severity == "info" and f.code in grouped)]
        if not shown:
            continue
        OUT.result(f"\n[bold]{escape(entry.file.display)}[/]")
        read, repeats = readable(shown)
        for finding in read:
            _print_finding(finding)
        for more in repeats:
            counted = tr(
                "cli.repeats",
                count=fmt_num(more.count),
                severity=tr(f"severity.{more.severity}"),
                code=more.code,
                span=f", {more.span()}" if more.span() else "",
            )
            OUT.result(f"  {escape(counted)}", markup_text=True)
    for code, (count, first, finding) in grouped.items():
        OUT.result(f"\n[bold]{escape(tr('cli.info_grouped', code=code, count=count))}[/]")
        OUT.result(f"  {escape(first)}", markup_text=True)
        _print_finding(finding)
    print_totals(outcome)


# An info met in more files than this is said once, with the count, after the files' lists:
# at national scale every extreme-difficulty commune without its optional age band has two,
# and 1,400 such paragraphs would bury the errors. Every one stays in the JSON document and
# the clerks' feedback workbooks.
COMMON_INFO = 20


def _common_infos(entries: list[Entry]) -> dict[str, tuple[int, str, Finding]]:
    """Info code → (files that have it, the first such file, its first such finding), for the
    codes met in more than :data:`COMMON_INFO` files."""
    files: Counter[str] = Counter()
    first: dict[str, tuple[str, Finding]] = {}
    for entry in entries:
        if entry.status == Status.SUPERSEDED:
            continue
        infos: dict[str, Finding] = {}  # code → the file's first finding of it
        for finding in entry.findings:
            if finding.severity == "info":
                infos.setdefault(finding.code, finding)
        files.update(infos.keys())  # a file counts once for each code it has
        for code, finding in infos.items():
            first.setdefault(code, (entry.file.display, finding))
    return {code: (n, *first[code]) for code, n in files.items() if n > COMMON_INFO}


def _print_finding(finding: Finding) -> None:
    colour = {"error": "red", "warning": "yellow"}.get(finding.severity, "blue")
    where = f"{finding.where()}: " if finding.where() else ""
    OUT.result(
        f"  [{colour}]{tr(f'severity.{finding.severity}')}[/] {finding.code} "
        f"{where}{escape(finding.message())}",
        markup_text=True,
    )


REPLACED = ("report.superseded", "report.duplicate_file")  # the findings naming the newer one


def _print_superseded(entry: Entry) -> None:
    """A report a later one replaced: which one, then its problems as history (dim, marked
    "cũ" / "old"), never as errors of the run."""
    replaced = next((f for f in entry.findings if f.code in REPLACED), None)
    newer = (replaced.params.get("other") if replaced else None) or "—"
    rest = [f for f in entry.findings if f.code not in REPLACED]
    if replaced is not None and replaced.code == "report.duplicate_file":
        rest = []  # the copy's findings are the kept file's, listed under it
        said = tr("cli.duplicate_of", path=entry.file.display, newer=newer)
    else:
        said = tr(
            "cli.superseded_by" if rest else "cli.superseded", path=entry.file.display, newer=newer
        )
    OUT.result(f"\n[dim]{escape(said)}[/]", markup_text=True)
    for finding in rest:
        where = f"{finding.where()}: " if finding.where() else ""
        OUT.result(
            f"  [dim]{tr('cli.superseded_mark')} {finding.code} {where}"
            f"{escape(finding.message())}[/]",
            markup_text=True,
        )


def print_totals(outcome: Outcome) -> None:
    counts = outcome.validation.counts()
    for notice in outcome.validation.notices:
        OUT.result(f"\n[red]{tr('severity.error')}[/] {escape(notice.message())}", markup_text=True)
    OUT.result(
        "\n"
        + tr(
            "cli.totals",
            **{str(s): counts.get(s, 0) for s in STATUSES},
            expected=outcome.tally.expected,
            received_valid=outcome.tally.valid,
            missing=outcome.tally.missing,
        )
    )
    missing = [u for g in outcome.groups for u in g.missing]
    if 0 < len(missing) <= NAMED_MISSING and not outcome.validation.notices:
        # a few: by name, so no second command is needed (not when the period is wrong)
        names = ", ".join(f"{u.code} {u.name}" for u in missing)
        OUT.result(escape(tr("cli.missing_named", names=names)))


NAMED_MISSING = 10  # more communes than this missing: `status` lists them by parent
NAMED_FILES = 10  # files named in a line; the rest counted


def print_headline(outcome: Outcome, top: UnitResult) -> None:
    """The top unit's reports, then the indicators and level targets it does not meet, by
    name (the code beside); or that it meets every target of the period."""
    OUT.result(
        tr(
            "cli.aggregate_head",
            name=top.unit.name,
            period=outcome.period,
            reported=top.reported,
            expected=top.expected,
            plan=outcome.plan.code,
        )
    )
    unmet = [(c, i) for c, i in top.indicators.items() if i.met is False]
    levels = [t for t in top.level_targets if t.met is False]
    judged = any(i.met is not None for i in top.indicators.values()) or top.level_targets
    if not unmet and not levels:
        if judged:
            OUT.result(tr("cli.all_met", period=outcome.period))
        return
    year = outcome.targets_year(top)  # in 2024 the 2025 targets apply: said, as the documents do
    OUT.result(tr("cli.unmet_head_year", year=year) if year else tr("cli.unmet_head"))
    for code, ind in unmet:
        name = escape(outcome.plan.indicator_map[code].named())
        OUT.result(
            f"  [red]✗[/] {name} ({code}): {fmt_num(ind.value, digits=1)}% < "
            f"{fmt_num(ind.target, digits=1)}%"
        )
    for target in levels:
        label = escape(outcome.plan.fields[target.field].label)
        level = "—" if target.level is None else target.level
        OUT.result(f"  [red]✗[/] {label} ({target.field}): {level} < {target.target}")


def print_progress(outcome: Outcome) -> None:
    """The top unit's verdicts per milestone, and a word when too few reports came in."""
    from xhht_cli.rollup.outcome import VERDICTS

    top = outcome.top
    assert top is not None
    if not top.covered(outcome.plan.min_coverage):
        OUT.result(
            tr(
                "progress.withheld",
                reported=top.reported,
                expected=top.expected,
                minimum=f"{outcome.plan.min_coverage:g}",
            )
        )
    courses = outcome.courses(top).values()
    years = sorted({m.year for c in courses for m in c.milestones})
    for year in years:
        counts = Counter(m.verdict for c in courses for m in c.milestones if m.year == year)
        met, not_met, on_track, behind, insufficient = (counts.get(v, 0) for v in VERDICTS)
        OUT.result(
            tr(
                "progress.milestone",
                year=year,
                periods=_periods_used(outcome, top),
                met=met,
                not_met=not_met,
                on_track=on_track,
                behind=behind,
                insufficient=insufficient,
            )
        )
    if outcome.carried:
        key = "progress.carried_approximate" if outcome.estimated(top) else "progress.carried"
        OUT.result(tr(key, periods=", ".join(outcome.carried)))
    for period, codes in outcome.unmapped.items():
        shown = ", ".join(codes[:10]) + (" …" if len(codes) > 10 else "")
        OUT.result(tr("progress.unmapped", period=period, count=len(codes), codes=shown))


def print_status(document: dict[str, Any]) -> None:
    """Per parent: how many came in (on time / late), and by name whom to chase."""
    timely = document["total"]["on_time"] is not None
    undated = timely and bool(document["total"]["undated"])  # a column only when it has any
    heads = [tr(f"cli.status_{k}") for k in ("code", "unit", "expected", "received")]
    if timely:
        heads += [tr("cli.status_on_time"), tr("cli.status_late")]
    if undated:
        heads.append(tr("cli.status_undated"))
    heads += [tr(f"cli.status_{k}") for k in ("valid", "invalid", "missing")]
    # codes and names kept whole, as validate keeps them; no head cut inside a word
    title = tr("cli.status_title", period=document["period"])
    table = grid(heads, title=title, keep=(0, 1), whole=(0, 1))
    for row in [
        *document["parents"],
        {"code": "", "name": tr("cli.status_total"), **document["total"]},
    ]:
        counts = [row["expected"], row["received"]]
        if timely:
            counts += [row["on_time"], row["late"]]
        if undated:
            counts.append(row["undated"])
        bad, missing = row["invalid"], row["missing"]
        counts += [row["valid"], bad if isinstance(bad, int) else len(bad)]
        counts.append(missing if isinstance(missing, int) else len(missing))
        table.add_row(row["code"] or "—", row["name"] or "—", *map(str, counts))
    OUT.result(table)
    for parent in document["parents"]:
        owner = parent["name"] or "—"
        if parent["missing"]:
            names = ", ".join(f"{u['code']} {u['name']}" for u in parent["missing"])
            OUT.result(tr("cli.status_missing_list", parent=owner, names=names))
            for u in parent["missing"]:
                for sent in u.get("misdated", []):
                    made = date.fromisoformat(sent["report_date"]).strftime("%d/%m/%Y")
                    text = tr(
                        "cli.status_misdated",
                        code=u["code"],
                        name=u["name"],
                        path=sent["path"],
                        period=sent["period"],
                        date=made,
                    )
                    OUT.result(text, markup_text=False)
        for bad in parent["invalid"]:
            OUT.result(
                tr(
                    "cli.status_invalid_line",
                    parent=owner,
                    code=bad["code"],
                    name=bad["name"],
                    errors=bad["errors"],
                    first=bad["first_error"] or "",
                )
            )
    unplaced = [u["path"] for u in document["unplaced"]]
    if unplaced:  # a name may hold brackets: printed as it is, not read as markup
        shown = "; ".join(unplaced[:NAMED_FILES])
        if len(unplaced) > NAMED_FILES:
            shown += " " + tr("cli.and_more", count=fmt_num(len(unplaced) - NAMED_FILES))
        text = tr("cli.status_unplaced", count=fmt_num(len(unplaced)), paths=shown)
        OUT.result(text, markup_text=False)
    if document["deadline"]:
        deadline = date.fromisoformat(document["deadline"])
        shown = deadline.strftime("%d/%m/%Y") if get_lang() == "vi" else deadline.isoformat()
        basis = tr(f"timeliness.{document['timeliness_basis']}")
        OUT.result(tr("cli.status_deadline", deadline=shown, basis=basis))


def _periods_used(outcome: Outcome, top: UnitResult) -> str:
    """The periods the projections rest on: this one and the earlier ones with enough reports
    (a thin period is shown but neither compared nor fitted: docs/progress.md)."""
    used = [p for p, enough in outcome.counted(top).items() if enough or p == outcome.period]
    return tr(
        "progress.periods_one" if len(used) == 1 else "progress.periods", years=", ".join(used)
    )
