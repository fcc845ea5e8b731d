"""The rules a plan sets between a report's fields, one model per kind (docs/plans.md, "Rules").

Each kind is one class here and nothing elsewhere: its YAML shape (the pydantic fields), the
fields it refers to (for ``plan check``), its formulas split once, and its check of one report.
A new kind is a new class added to :data:`RULE_KINDS`; the plan loader and checker, and the
validator, ask the rule itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from xhht_cli.base.i18n import Lang, decimals_under
from xhht_cli.values.findings import Finding

if TYPE_CHECKING:
    from xhht_cli.plans.model import Plan
    from xhht_cli.units.unit import Unit
    from xhht_cli.values.report import Report

UnitLevel = Literal["nation", "province", "district", "commune"]
Terms = str | tuple[str, ...]  # one field, or the fields of a sum
Lookup = Callable[[str], int | None]
Reference = tuple[str, tuple[str, ...]]  # (the rule's key, the fields it names there)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Message(Strict):
    vi: str
    en: str

    def render(self, lang: Lang, **params: object) -> str:
        return (self.vi if lang == "vi" else self.en).format(**params)


def sum_terms(lookup: Lookup, terms: Iterable[str]) -> int | None:
    """The sum of a formula's fields, or None when one of them has no value."""
    total = 0
    for term in terms:
        number = lookup(term)
        if number is None:
            return None
        total += number
    return total


def total(lookup: Lookup, terms: Terms) -> int | None:
    """:func:`sum_terms` of compiled terms (one field: a look-up)."""
    if isinstance(terms, str):
        return lookup(terms)
    return sum_terms(lookup, terms)


def one_or_all(terms: tuple[str, ...]) -> Terms:
    """Terms for :func:`total`: a single field as itself."""
    return terms[0] if len(terms) == 1 else terms


def split_terms(formula: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in formula.split("+"))


FORMULA = re.compile(r"^\s*[A-Za-z][A-Za-z0-9_]*(\s*\+\s*[A-Za-z][A-Za-z0-9_]*)*\s*$")


def check_formula(value: str) -> str:
    """A formula is a field code or a sum of them (``A + B``)."""
    if not FORMULA.match(value):
        raise ValueError("formula")
    return value


class RuleBase(Strict):
    """What every rule has: a severity and, optionally, its own message (vi, en)."""

    severity: Literal["error", "warning"] = "error"
    message: Message | None = None

    def references(self) -> list[Reference]:
        """The fields the rule names, by the key they stand under (``plan check``)."""
        raise NotImplementedError

    def level_use(self) -> tuple[str, int] | None:
        """(field, level) when the rule reads a field as a standard level."""
        return None

    def check(self, report: Report, get: Lookup, plan: Plan, unit: Unit | None) -> Finding | None:
        """The rule's finding on *report* (whose numbers *get* looks up), or None."""
        raise NotImplementedError

    def _on_field(
        self, report: Report, code: str, field_code: str, params: dict[str, Any]
    ) -> Finding:
        """The rule's finding, placed on the cell of *field_code*."""
        where = report.values[field_code]
        custom = (self.message.vi, self.message.en) if self.message else None
        return Finding(
            code,
            self.severity,
            report.path,
            where.sheet,
            where.cell,
            report.unit_code,
            field_code,
            params=params,
            custom=custom,
        )


def _label(plan: Plan, terms: tuple[str, ...], en: bool = False) -> str:
    labels = [(plan.fields[t].label_en if en else "") or plan.fields[t].label for t in terms]
    return labels[0] if len(labels) == 1 else " + ".join(f"({lbl})" for lbl in labels)


class NotGreaterRule(RuleBase):
    """``left ≤ right`` where both are sums of fields."""

    type: Literal["not_greater"]
    left: str
    right: str

    _v = field_validator("left", "right")(check_formula)

    @cached_property
    def left_terms(self) -> tuple[str, ...]:
        return split_terms(self.left)

    @cached_property
    def right_terms(self) -> tuple[str, ...]:
        return split_terms(self.right)

    @cached_property
    def _compiled(self) -> tuple[Terms, Terms]:
        return one_or_all(self.left_terms), one_or_all(self.right_terms)

    def references(self) -> list[Reference]:
        return [("left", self.left_terms), ("right", self.right_terms)]

    def check(self, report: Report, get: Lookup, plan: Plan, unit: Unit | None) -> Finding | None:
        first, second = self._compiled
        left, right = total(get, first), total(get, second)
        if left is None or right is None or left <= right:
            return None
        return self._on_field(
            report,
            "rule.not_greater",
            self.left_terms[0],
            {
                "left_label": _label(plan, self.left_terms),
                "left_label_en": _label(plan, self.left_terms, True),
                "left_value": left,
                "right_label": _label(plan, self.right_terms),
                "right_label_en": _label(plan, self.right_terms, True),
                "right_value": right,
            },
        )


class SpecialBand(Strict):
    """The rate a unit flagged by ``flag`` (= 1) is tested on instead: NĐ 20/2014 tests a
    special-difficulty commune's literacy on other ages (Điều 20 khoản 1: 15–25 for level 1;
    Điều 21 khoản 1: 15–35 for level 2). Its fields are optional: without them the rule is
    not applied, and an info says why (docs/plans.md, "Rules")."""

    flag: str
    numerator: str
    denominator: str
    article: Annotated[str, Field(min_length=1)]  # the clause, as the messages cite it
    article_en: str = ""
    message: Message | None = None

    _v = field_validator("numerator", "denominator")(check_formula)

    @cached_property
    def terms(self) -> tuple[Terms, Terms, tuple[str, ...]]:
        numerator, denominator = split_terms(self.numerator), split_terms(self.denominator)
        return one_or_all(numerator), one_or_all(denominator), (*numerator, *denominator)


class LevelNeedsRateRule(RuleBase):
    """A level ≥ ``min_level`` claimed while ``numerator/denominator`` is below ``threshold`` %
    (for a unit of ``special.flag``, its own rate: :class:`SpecialBand`)."""

    type: Literal["level_needs_rate"]
    field: str
    min_level: int
    numerator: str
    denominator: str
    threshold: Annotated[float, Field(ge=0, le=100)]
    severity: Literal["error", "warning"] = "warning"
    source: str = ""  # keys into the plan's ``sources``: the article setting the threshold
    special: SpecialBand | None = None

    @cached_property
    def _compiled(self) -> tuple[Terms, Terms]:
        return one_or_all(split_terms(self.numerator)), one_or_all(split_terms(self.denominator))

    def references(self) -> list[Reference]:
        found = [
            ("field", (self.field,)),
            ("numerator", split_terms(self.numerator)),
            ("denominator", split_terms(self.denominator)),
        ]
        if self.special is not None:
            found += [
                ("special.flag", (self.special.flag,)),
                ("special.numerator", split_terms(self.special.numerator)),
                ("special.denominator", split_terms(self.special.denominator)),
            ]
        return found

    def level_use(self) -> tuple[str, int] | None:
        return self.field, self.min_level

    def check(self, report: Report, get: Lookup, plan: Plan, unit: Unit | None) -> Finding | None:
        level = get(self.field)
        if level is None or level < self.min_level:
            return None
        special = self.special
        if special is not None and get(special.flag) == 1:
            return self._check_special(report, get, plan, level, special)
        first, second = self._compiled
        return self._against(report, total(get, first), total(get, second), level, self.message)

    def _check_special(
        self, report: Report, get: Lookup, plan: Plan, level: int, special: SpecialBand
    ) -> Finding | None:
        numerator, denominator, fields = special.terms
        missing = [code for code in fields if get(code) is None]
        if not missing:
            num, den = total(get, numerator), total(get, denominator)
            return self._against(report, num, den, level, special.message or self.message)
        where = report.values[self.field]
        labels = [plan.fields[code] for code in dict.fromkeys(missing)]
        flag = plan.fields[special.flag]
        return Finding(
            "rule.special_not_applied",
            "info",
            report.path,
            where.sheet,
            where.cell,
            report.unit_code,
            self.field,
            params={
                "level": level,
                "flag": flag.label,
                "flag_en": flag.label_en,
                "article": special.article,
                "article_en": special.article_en,
                "missing": "; ".join(f.label for f in labels),
                "missing_en": "; ".join(f.label_en or f.label for f in labels),
            },
        )

    def _against(
        self, report: Report, num: int | None, den: int | None, level: int, message: Message | None
    ) -> Finding | None:
        if num is None or not den:
            return None
        rate = num / den * 100
        if rate >= self.threshold:
            return None
        finding = self._on_field(
            report,
            "rule.level_needs_rate",
            self.field,
            {
                "level": level,
                "rate": f"{rate:.{decimals_under(rate, self.threshold)}f}",  # never "90.0" < 90
                "threshold": f"{self.threshold:g}",
            },
        )
        if message is self.message:
            return finding
        assert message is not None
        return replace(finding, custom=(message.vi, message.en))


class ExpectedValueRule(RuleBase):
    """A field is expected to hold ``value`` for units of ``level`` (e.g. one TTHTCĐ per commune)."""

    type: Literal["expected_value"]
    field: str
    value: int
    level: UnitLevel = "commune"
    severity: Literal["error", "warning"] = "warning"

    def references(self) -> list[Reference]:
        return [("field", (self.field,))]

    def check(self, report: Report, get: Lookup, plan: Plan, unit: Unit | None) -> Finding | None:
        value = get(self.field)
        if value is None or unit is None or unit.level != self.level or value == self.value:
            return None
        fdef = plan.fields[self.field]
        return self._on_field(
            report,
            "rule.expected_value",
            self.field,
            {
                "label": fdef.label,
                "label_en": fdef.label_en,
                "value": value,
                "expected": self.value,
            },
        )


RULE_KINDS = (NotGreaterRule, LevelNeedsRateRule, ExpectedValueRule)
Rule = Annotated[
    NotGreaterRule | LevelNeedsRateRule | ExpectedValueRule, Field(discriminator="type")
]


def check_all(
    rules: Iterable[RuleBase], report: Report, plan: Plan, unit: Unit | None
) -> Iterator[Finding]:
    """Every rule's finding on *report*."""
    get = {code: v.value for code, v in report.values.items()}.get
    for rule in rules:
        found = rule.check(report, get, plan, unit)
        if found is not None:
            yield found
