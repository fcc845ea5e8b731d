"""Checks between the parts of a plan: every reference resolves, codes are unique,
targets make sense for what they target."""

from __future__ import annotations

from collections.abc import Iterator

from xhht_cli.base.i18n import tr
from xhht_cli.plans.model import (
    FieldDef,
    Plan,
    RatioIndicator,
    StandardIndicator,
    split_keys,
)
from xhht_cli.plans.rules import LevelNeedsRateRule

Path = tuple[str | int, ...]
Found = Iterator[tuple[Path, str]]


def check_references(plan: Plan) -> list[tuple[Path, str]]:
    """Every cross-reference problem of *plan*, with the YAML path where it stands."""
    return [
        *_fields(plan),
        *_rules(plan),
        *_indicators(plan),
        *_targets(plan),
        *_province_rule(plan),
    ]


def _sources(plan: Plan, path: Path, keys: list[str], where: str | None = None) -> Found:
    """Each key names a document in the plan's ``sources``."""
    known = ", ".join(plan.sources)
    for source in keys:
        if source in plan.sources:
            continue
        if where is None:
            yield path, tr("plan.unknown_source", source=source, known=known)
        else:
            yield path, tr("plan.unknown_source_at", source=source, where=where, known=known)


def _fields(plan: Plan) -> Found:
    seen: dict[str, Path] = {}
    for s, section in enumerate(plan.sections):
        for f, fdef in enumerate(section.fields):
            path: Path = ("sections", s, "fields", f)
            if fdef.code in seen:
                yield (*path, "code"), tr("plan.duplicate_field", code=fdef.code)
            seen[fdef.code] = path
            if fdef.kind != "level" and fdef.max_level is not None:
                yield (*path, "max_level"), tr("plan.max_level_not_level", code=fdef.code)
            if fdef.kind == "count" and fdef.rollup_share is not None:
                yield (*path, "rollup_share"), tr("plan.rollup_not_level", code=fdef.code)
            elif fdef.rollup_share is not None:
                yield from _rollup_sources(plan, (*path, "rollup_share", "source"), fdef)
                yield from _rollup_evidence(plan, (*path, "rollup_share", "evidence"), fdef)
            yield from _sources(plan, (*path, "source"), fdef.source_keys, fdef.code)
    for i, code in enumerate(plan.history.recognised):
        if code not in plan.fields:
            yield ("history", "recognised", i), tr("plan.unknown_field", code=code, where="history")


def _rollup_sources(plan: Plan, path: Path, fdef: FieldDef) -> Found:
    """Each level's source names a document of the plan, for a level the field has."""
    assert fdef.rollup_share is not None
    high = fdef.allowed[1] if fdef.allowed else 0
    where = f"{fdef.code}.rollup_share.source"
    for level, keys in fdef.rollup_share.source.items():
        # YAML keys are indexed as text (load._index_lines): the path names the level as one.
        at = (*path, str(level))
        if not 1 <= level <= high:
            message = tr(
                "plan.level_out_of_range", code=fdef.code, level=level, high=high, where=where
            )
            yield at, message
        yield from _sources(plan, at, split_keys(keys), where)


def _rollup_evidence(plan: Plan, path: Path, fdef: FieldDef) -> Found:
    """Each level whose evidence is given is a level the field has."""
    assert fdef.rollup_share is not None
    high = fdef.allowed[1] if fdef.allowed else 0
    where = f"{fdef.code}.rollup_share.evidence"
    for level in fdef.rollup_share.evidence:
        if not 1 <= level <= high:
            message = tr(
                "plan.level_out_of_range", code=fdef.code, level=level, high=high, where=where
            )
            yield (*path, str(level)), message


def _province_rule(plan: Plan) -> Found:
    rule = plan.province_without_districts
    path: Path = ("province_without_districts", "source")
    yield from _sources(plan, path, rule.source_keys, "province_without_districts")


def _unknown(plan: Plan, path: Path, terms: tuple[str, ...], where: str) -> Found:
    for term in terms:
        if term not in plan.fields:
            yield path, tr("plan.unknown_field", code=term, where=where)


def _rules(plan: Plan) -> Found:
    for r, rule in enumerate(plan.rules):
        path: Path = ("rules", r)
        for key, terms in rule.references():
            at = (*path, *key.split("."))  # "special.flag": a key under "special"
            yield from _unknown(plan, at, terms, f"rules[{r}].{key}")
        used = rule.level_use()
        if used is not None:
            yield from _level_use(plan, (*path, "field"), used[0], used[1], f"rules[{r}]")
        if isinstance(rule, LevelNeedsRateRule):
            yield from _sources(plan, (*path, "source"), split_keys(rule.source), f"rules[{r}]")
            flag = plan.fields.get(rule.special.flag) if rule.special else None
            if flag is not None and flag.kind != "flag":
                yield (
                    (*path, "special", "flag"),
                    tr("plan.special_not_flag", code=flag.code, where=f"rules[{r}].special.flag"),
                )


def _level_use(plan: Plan, path: Path, code: str, min_level: int | None, where: str) -> Found:
    """A standard level of *code* is used: the field must be a level or flag, the level allowed."""
    fdef = plan.fields.get(code)
    if fdef is None:
        return
    if fdef.kind == "count":
        yield path, tr("plan.level_on_count", code=code, where=where)
    elif min_level is not None and fdef.allowed and not 0 <= min_level <= fdef.allowed[1]:
        yield (
            path,
            tr(
                "plan.level_out_of_range",
                code=code,
                level=min_level,
                high=fdef.allowed[1],
                where=where,
            ),
        )


def _indicators(plan: Plan) -> Found:
    seen: set[str] = set()
    for i, ind in enumerate(plan.indicators):
        path: Path = ("indicators", i)
        if ind.code in seen:
            yield (*path, "code"), tr("plan.duplicate_indicator", code=ind.code)
        seen.add(ind.code)
        yield from _sources(plan, (*path, "source"), ind.source_keys, ind.code)
        if isinstance(ind, RatioIndicator):
            for part in ("numerator", "denominator"):
                terms = tuple(t.strip() for t in getattr(ind, part).split("+"))
                yield from _unknown(plan, (*path, part), terms, f"{ind.code}.{part}")
        else:
            yield from _unknown(plan, (*path, "field"), (ind.field,), f"{ind.code}.field")
            yield from _level_use(plan, (*path, "field"), ind.field, ind.min_level, ind.code)


def _targets(plan: Plan) -> Found:
    for t, target in enumerate(plan.targets):
        path: Path = ("targets", t)
        if (target.indicator is None) == (target.field is None):
            yield path, tr("plan.target_needs_one")
            continue
        yield from _sources(plan, (*path, "source"), target.source_keys)
        if target.value is not None and not 0 <= target.value <= 100:
            yield (*path, "value"), tr("plan.target_range", value=target.value)
        if target.field is not None:
            if target.field not in plan.fields:
                yield (*path, "field"), tr("plan.unknown_field", code=target.field, where="targets")
            elif target.min_level is None:
                yield path, tr("plan.level_target_needs_level", code=target.field)
            else:
                yield from _level_use(
                    plan, (*path, "field"), target.field, target.min_level, f"targets[{t}]"
                )
            continue
        indicator = plan.indicator_map.get(target.indicator or "")
        if indicator is None:
            yield (*path, "indicator"), tr("plan.unknown_indicator", code=target.indicator)
        elif target.value is None and target.count is None:
            yield path, tr("plan.target_needs_value", code=target.indicator)
        elif target.count is not None and not isinstance(indicator, StandardIndicator):
            yield (*path, "count"), tr("plan.count_on_ratio", code=target.indicator)
        elif target.min_level is not None:
            yield (*path, "min_level"), tr("plan.min_level_on_indicator", code=target.indicator)
