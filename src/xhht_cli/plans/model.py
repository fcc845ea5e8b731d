"""The plan: fields a report carries, rules between them, indicators, roll-up shares, targets.

These models validate the *shape* of a plan file; :mod:`xhht_cli.plans.check` validates the
references between its parts (unknown field in a formula, duplicate codes …).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, field_validator

from xhht_cli.base.i18n import Lang, get_lang
from xhht_cli.plans.rules import (
    RULE_KINDS,
    Rule,
    Strict,
    UnitLevel,
    check_formula,
    split_terms,
)

TargetLevel = Literal["all", "nation", "province", "district", "commune"]


class Named(Strict):
    """A plan or an indicator: its name, and its English one where the plan gives it."""

    name: Annotated[str, Field(min_length=1)]
    name_en: str = ""

    def named(self, lang: Lang | None = None) -> str:
        """The name in *lang* (the current language): English when asked for and given."""
        return self.name_en if (lang or get_lang()) == "en" and self.name_en else self.name


# What a value was checked against: the article's own wording ("text"), only a restatement of
# it (a summary, a news report, another plan: "restatement"), or nothing found yet
# ("unverified": kept from an earlier check).
Evidence = Literal["text", "restatement", "unverified"]


class RollupShare(Strict):
    """Share (%) of child units at level ≥ k a parent needs to be at level k."""

    default: Annotated[float, Field(ge=0, le=100)] = 90.0
    by_level: dict[UnitLevel, dict[int, Annotated[float, Field(ge=0, le=100)]]] = {}
    # Level k → keys into the plan's ``sources`` naming the article that sets level k's shares
    # (NĐ 20/2014 gives each standard level its own article, each tier its own clause).
    source: dict[int, str] = {}
    # Level k → what its shares were checked against; a level absent was read in its article.
    # ``unverified`` levels are named by ``plan show`` and the summary's notes (docs/plans.md).
    evidence: dict[int, Evidence] = {}

    @property
    def unverified(self) -> list[int]:
        """The levels whose shares no text read supports."""
        return sorted(k for k, e in self.evidence.items() if e == "unverified")

    def share(self, parent_level: str, k: int) -> float:
        shares: dict[int, float] = self.by_level.get(parent_level, {})  # type: ignore[call-overload]
        return shares.get(k, self.default)


class FieldDef(Strict):
    code: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
    label: Annotated[str, Field(min_length=1)]
    label_en: str = ""
    aliases: list[str] = []
    unit: str = ""
    kind: Literal["count", "level", "flag"]
    max_level: int | None = None
    rollup_share: RollupShare | None = None
    # An optional field (docs/plans.md, "Optional fields"): a report without it stays valid; an
    # indicator that needs it is computed over the reports that have it.
    required: bool = True
    source: str = ""  # keys into the plan's ``sources``: the text the field follows

    @property
    def source_keys(self) -> list[str]:
        return split_keys(self.source)

    @property
    def allowed(self) -> tuple[int, int] | None:
        """Inclusive range of allowed values; None for a count (any whole number ≥ 0)."""
        if self.kind == "flag":
            return (0, 1)
        if self.kind == "level":
            return (0, self.max_level if self.max_level is not None else 3)
        return None


class Section(Strict):
    code: str
    label: Annotated[str, Field(min_length=1)]
    label_en: str = ""
    fields: list[FieldDef]


class HistoryRules(Strict):
    """Checks against the previous period's report of the same unit."""

    max_change_pct: Annotated[float, Field(gt=0)] = 50.0
    recognised: list[str] = []


class RatioIndicator(Named):
    code: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
    type: Literal["ratio"]
    numerator: str
    denominator: str
    # Offices' own wordings of the indicator: a typed percentage under one of them is compared
    # with the ratio of the counts (docs/form.md, "Typed percentages").
    aliases: list[str] = []
    source: str = ""

    _v = field_validator("numerator", "denominator")(check_formula)

    @property
    def source_keys(self) -> list[str]:
        return split_keys(self.source)

    @cached_property
    def numerator_terms(self) -> tuple[str, ...]:
        return split_terms(self.numerator)

    @cached_property
    def denominator_terms(self) -> tuple[str, ...]:
        return split_terms(self.denominator)


class StandardIndicator(Named):
    code: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
    type: Literal["standard"]
    field: str
    min_level: Annotated[int, Field(ge=0)]
    over: Literal["commune", "children"] = "children"
    source: str = ""

    @property
    def source_keys(self) -> list[str]:
        return split_keys(self.source)


Indicator = Annotated[RatioIndicator | StandardIndicator, Field(discriminator="type")]
INDICATOR_KINDS = (RatioIndicator, StandardIndicator)


def type_tags(kinds: tuple[type[Strict], ...]) -> set[str]:
    """The ``type`` tags of models told apart by their ``type`` (a discriminated union)."""
    tags: set[str] = set()
    for kind in kinds:
        annotation = kind.model_fields["type"].annotation
        tags.update(getattr(annotation, "__args__", ()))
    return tags


# The tags pydantic adds to an error's location inside a plan's rules and indicators.
TAGS = type_tags(RULE_KINDS) | type_tags(INDICATOR_KINDS)


def split_keys(text: str) -> list[str]:
    """Keys into a plan's ``sources``, separated by commas."""
    return [s.strip() for s in text.split(",") if s.strip()]


class Target(Strict):
    """A target for one indicator (``value`` in % or ``count`` of units) or for a unit's own
    derived standard level (``field`` + ``min_level``), per milestone year and unit level."""

    indicator: str | None = None
    field: str | None = None
    year: Annotated[int, Field(ge=2000, le=2100)]
    level: TargetLevel = "all"
    value: float | None = None
    count: Annotated[int, Field(ge=0)] | None = None
    min_level: Annotated[int, Field(ge=0)] | None = None
    source: Annotated[str, Field(min_length=1)]
    evidence: Evidence | None = None

    @property
    def source_keys(self) -> list[str]:
        """Keys into the plan's ``sources`` (several may be given, separated by commas)."""
        return split_keys(self.source)


class ProvinceWithoutDistricts(Strict):
    """How a province's own standard levels are derived when the registry has no district tier
    (reports from 2025, docs/units.md). NĐ 20/2014 tests a province on the share of its
    *districts*; no text found restates that test in communes, so whatever the rule, it is an
    assumption, and the outputs say so. The roll-up knows one rule: the province tier's
    ``rollup_share`` applied to its communes (``shares: province``)."""

    derive: Literal["from_communes"] = "from_communes"
    shares: Literal["province"] = "province"
    assumption: Literal[True] = True
    source: str = ""

    @property
    def source_keys(self) -> list[str]:
        return split_keys(self.source)


class Plan(Named):
    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    description: str = ""
    milestones: list[int]
    # "MM-DD" of the period: reports received after it are late (docs/outcome.md, "The deadline")
    deadline: (
        Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")] | None
    ) = None
    sources: dict[str, str]
    sections: list[Section]
    rules: list[Rule] = []
    history: HistoryRules = HistoryRules()
    indicators: list[Indicator]
    targets: list[Target] = []
    # below this share (%) of expected communes with a valid report, a unit's ratio verdicts
    # are withheld: 9 reports out of 64 say nothing of the other 55 (docs/rollup.md, "Targets and verdicts")
    min_coverage: Annotated[float, Field(ge=0, le=100)] = 80.0
    province_without_districts: ProvinceWithoutDistricts = ProvinceWithoutDistricts()

    def derived_from_communes(self, unit_level: str, child_levels: Iterable[str]) -> bool:
        """Whether a unit's own standard levels rest on :class:`ProvinceWithoutDistricts`: a
        province whose children are communes (a two-tier registry)."""
        return unit_level == "province" and "commune" in set(child_levels)

    def deadline_of(self, year: int) -> date | None:
        """The day reports of period *year* are due (None: the plan sets no deadline)."""
        if self.deadline is None:
            return None
        month, day = map(int, self.deadline.split("-"))
        try:
            return date(year, month, day)
        except ValueError:  # 02-29 in a common year: the last day of February
            return date(year, month, day - 1)

    @cached_property
    def fields(self) -> dict[str, FieldDef]:
        return {f.code: f for s in self.sections for f in s.fields}

    @cached_property
    def field_order(self) -> dict[str, int]:
        """Field code → its position on the form."""
        return {code: i for i, code in enumerate(self.fields)}

    @cached_property
    def level_fields(self) -> tuple[str, ...]:
        """The fields that are a standard's level (rolled up by share, not summed)."""
        return tuple(code for code, f in self.fields.items() if f.rollup_share is not None)

    @cached_property
    def value_checks(self) -> tuple[tuple[str, FieldDef, tuple[int, int] | None], ...]:
        """(code, field, allowed range) of every field, worked out once for all reports."""
        return tuple((code, f, f.allowed) for code, f in self.fields.items())

    @cached_property
    def inert_labels(self) -> set[str]:
        """Labels (as read) of rows without a code that name no field and no typed percentage
        — a form's section headings, its signature line: learnt as the reading meets them, so
        each is looked up once a process, not once a file (read/form.py)."""
        return set()

    @cached_property
    def label_index(self) -> dict[str, list[str]]:
        """Folded label or alias → field codes in plan order (labels may repeat)."""
        from xhht_cli.base.text import fold

        index: dict[str, list[str]] = {}
        for code, fdef in self.fields.items():
            for label in (fdef.label, *fdef.aliases):
                codes = index.setdefault(fold(label), [])
                if code not in codes:
                    codes.append(code)
        return index

    @cached_property
    def indicator_map(self) -> dict[str, RatioIndicator | StandardIndicator]:
        return {i.code: i for i in self.indicators}

    @cached_property
    def standard_codes(self) -> frozenset[str]:
        """The indicators that count units reaching a level (the others are ratios)."""
        return frozenset(i.code for i in self.indicators if isinstance(i, StandardIndicator))

    @cached_property
    def optional(self) -> frozenset[str]:
        """The fields a report may leave out (``required: false``)."""
        return frozenset(code for code, f in self.fields.items() if not f.required)

    @cached_property
    def unverified_shares(self) -> list[tuple[str, int, str]]:
        """(field, level, source key) of each roll-up share no text read supports."""
        return [
            (code, k, f.rollup_share.source.get(k, ""))
            for code, f in self.fields.items()
            if f.rollup_share is not None
            for k in f.rollup_share.unverified
        ]

    @cached_property
    def partial(self) -> dict[str, tuple[str, ...]]:
        """Ratio indicator → its optional fields, for the ratios that need one: each is computed
        over the communes that have every field of it, with its own coverage (docs/rollup.md)."""
        found: dict[str, tuple[str, ...]] = {}
        for ind in self.indicators:
            if isinstance(ind, RatioIndicator):
                terms = (*ind.numerator_terms, *ind.denominator_terms)
                needs = tuple(dict.fromkeys(t for t in terms if t in self.optional))
                if needs:
                    found[ind.code] = needs
        return found

    @cached_property
    def percent_index(self) -> dict[str, str]:
        """Folded name or alias of a ratio indicator → its code: a row or column under one of
        them that says "tỷ lệ" or "%" holds a percentage the clerk typed (docs/form.md)."""
        from xhht_cli.base.text import fold

        index: dict[str, str] = {}
        for ind in self.indicators:
            if isinstance(ind, RatioIndicator):
                for name in (ind.name, *ind.aliases):
                    index.setdefault(_percent_key(fold(name)), ind.code)
        return index

    def typed_percent(self, code_text: str, label: str) -> str | None:
        """The ratio indicator a row or column stands for, given its code cell (upper case, or
        empty) and its label: by the indicator's code, or by a label that says "tỷ lệ" or "%"
        and is the indicator's name or alias (a trailing "(%)" aside). None: no percentage."""
        if isinstance(self.indicator_map.get(code_text), RatioIndicator):
            return code_text
        from xhht_cli.base.text import fold

        key = fold(label)
        if not key.startswith("ty le") and "%" not in label:
            return None
        return self.percent_index.get(_percent_key(key))

    def target_year(self, key: str, period: int) -> int | None:
        """The target year that applies to *period* for indicator (or level field) *key*: that
        very year if the plan has a target for it, else the next one (2023 → 2025)."""
        years = sorted({t.year for t in self.targets if key in (t.indicator, t.field)})
        return next((y for y in years if y >= period), None)

    @cached_property
    def targets_memo(self) -> dict[tuple[str, int, str], list[Target]]:
        """Answers of :meth:`targets_for` (asked once per unit and indicator)."""
        return {}

    def milestone_target(self, key: str, year: int, level: str) -> Target | None:
        """The target of *key* set for milestone *year* itself at unit *level* (a later
        milestone's target is not this one's)."""
        found = self.targets_for(key, year, level)
        return next((t for t in found if t.year == year), None)

    def targets_for(self, key: str, period: int, level: str) -> list[Target]:
        """Targets of indicator (or level field) *key* for *period* at unit *level*."""
        memo = self.targets_memo
        if (key, period, level) not in memo:
            year = self.target_year(key, period)
            found = [t for t in self.targets if key in (t.indicator, t.field) and t.year == year]
            exact = [t for t in found if t.level == level]
            memo[(key, period, level)] = exact or [t for t in found if t.level == "all"]
        return memo[(key, period, level)]


def _percent_key(folded: str) -> str:
    """A folded indicator label without the words that only say it is a percentage: "Tỷ lệ
    hộ đăng ký (%)" and "Tỷ lệ hộ đăng ký" are one key ("%" folds to nothing)."""
    for tail in (" phan tram", " %"):
        folded = folded.removesuffix(tail)
    return folded.strip()
