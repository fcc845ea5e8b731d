"""What a reader must know before trusting the figures (docs/outcome.md, "Caveats"): every
caveat of the run, worded once, so the workbook's ``TongHop`` and the draft report say the same.

A caveat is a decision already taken elsewhere (the carried periods, the estimated shares, the
periods with too few reports, a ratio's verdict withheld, communes missing behind a standard's
k/n, a standard none of whose units has data, a province's levels derived from its
communes, the reports counted that carry warnings); this module only words it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from xhht_cli.base.i18n import Lang, get_lang, tr

if TYPE_CHECKING:  # the outcome asks for its caveats; nothing here builds one
    from xhht_cli.rollup.outcome import Outcome, UnitResult


class Caveat(NamedTuple):
    """One caveat: its kind (the label's key, ``caveat.label.<kind>``) and its text."""

    kind: str
    text: str

    def label(self, lang: Lang | None = None) -> str:
        return tr(f"caveat.label.{self.kind}", lang)


def caveats(outcome: Outcome, lang: Lang | None = None) -> list[Caveat]:
    """The caveats of *outcome* for its top unit, in the order a reader needs them: where the
    figures come from, then how far they can be compared, then what is withheld."""
    top = outcome.top
    found: list[Caveat] = []
    former = outcome.registry.former  # a period before the reform, on today's province
    if former and top is not None:
        names = ", ".join(f.unit.name for f in former)
        found.append(Caveat("area", tr("caveat.area", lang, name=top.unit.name, names=names)))
    if outcome.derived_provinces:  # provinces without districts: an assumption
        found.append(Caveat("levels", tr("level_basis.from_communes", lang)))
    if outcome.carried:
        text = tr("progress.carried_note", lang, periods=", ".join(outcome.carried))
        rough = outcome.estimated(top) if top is not None else []
        if rough:
            text += tr("caveat.estimated", lang, periods=", ".join(rough))
        found.append(Caveat("carried", text))
    for period, codes in outcome.unmapped.items():
        shown = ", ".join(codes[:10]) + (" …" if len(codes) > 10 else "")
        text = tr("progress.unmapped", lang, period=period, count=len(codes), codes=shown)
        found.append(Caveat("unmapped", text))
    if top is not None:
        found.extend(_coverage(outcome, top, lang))
    if outcome.unverified_shares:  # the shares of NĐ 20 no text read supports
        found.append(Caveat("shares", _unverified(outcome, lang)))
    if outcome.warned:  # figures counted as sent that a check found odd
        warnings = outcome.warnings_counted
        text = tr("caveat.warned", lang, count=len(outcome.warned), warnings=warnings)
        found.append(Caveat("warned", text))
    return found


def _unverified(outcome: Outcome, lang: Lang | None) -> str:
    """``phổ cập giáo dục tiểu học mức 3 (NĐ 20/2014/NĐ-CP, Điều 11)``, …: the standards by
    their names, for the committee (``plan show`` gives the analyst the codes and keys)."""
    plan = outcome.plan
    english = (lang or get_lang()) == "en"
    shares = ", ".join(
        f"{_standard_name(plan.fields[code], english)} {'level' if english else 'mức'} {k} "
        f"({plan.sources.get(key, key).split(' (')[0]})"
        for code, k, key in outcome.unverified_shares
    )
    return tr("overview.unverified_shares", lang, shares=shares)


def _standard_name(field: Any, english: bool) -> str:
    """``Mức đạt chuẩn phổ cập giáo dục tiểu học (0–3)`` → ``phổ cập giáo dục tiểu học``."""
    label = field.label_en if english and field.label_en else field.label
    label = re.sub(r"\s*\([^)]*\)\s*$", "", label)
    return re.sub(r"^Mức đạt chuẩn\s+|\s+level$", "", label)


def _coverage(outcome: Outcome, top: UnitResult, lang: Lang | None) -> list[Caveat]:
    """Periods with too few reports to compare, ratio verdicts withheld, and communes missing
    behind the standards' k/n."""
    found: list[Caveat] = []
    minimum = f"{outcome.plan.min_coverage:g}"
    thin = [p for p, enough in outcome.counted(top).items() if not enough and p != outcome.period]
    if thin:
        text = tr("caveat.thin", lang, periods=", ".join(thin), minimum=minimum)
        found.append(Caveat("thin", text))
    if not top.covered(outcome.plan.min_coverage) and any(
        outcome.withheld(top, ind) for ind in top.indicators.values()
    ):
        text = tr(
            "progress.withheld",
            lang,
            reported=top.reported,
            expected=top.expected,
            minimum=minimum,
        )
        found.append(Caveat("withheld", text))
    # a standard over a field every report must give lacks the units without a valid report;
    # one over an optional field also those that left it empty: said apart, each true
    optional = outcome.plan.optional
    indicators = outcome.plan.indicator_map
    # (a standard none of whose units has data has no value at all: said on its own)
    standings = [
        (s, getattr(indicators[code], "field", None) in optional, code, ind.value is None)
        for code, ind in top.indicators.items()
        if (s := outcome.standing(top, ind))
    ]
    for key, chosen in (("caveat.lacking", False), ("caveat.lacking_optional", True)):
        found_here = [s for s, partial, _, none in standings if partial is chosen and not none]
        if found_here:
            worst = max(found_here, key=lambda s: s.lacking)
            level = tr(f"level.{worst.level}", lang)
            if not chosen and worst.level != "commune":
                # a district lacks data when one of its communes does: it is judged on the
                # communes that reported, and counted as not reaching only when none did
                key = "caveat.lacking_below"
            levels = tr(f"level.{worst.level}{'' if worst.lacking == 1 else '.many'}", lang)
            text = tr(key, lang, count=worst.lacking, level=level, levels=levels)
            found.append(Caveat("lacking", text))
    english = (lang or get_lang()) == "en"
    by_tier: dict[str, list[str]] = {}  # the units they count (communes, districts) → names
    for s, _, code, none in standings:
        if none:
            indicator = indicators[code]
            name = indicator.named("en" if english else "vi")
            by_tier.setdefault(s.level, []).append(name)
    for tier, names in by_tier.items():
        text = tr(
            "caveat.unmeasured", lang, names="; ".join(names), level=tr(f"level.{tier}", lang)
        )
        found.append(Caveat("unmeasured", text))
    return found
