"""Load a plan file, reporting every problem with its line and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from xhht_cli.base.errors import PlanError, XhhtError
from xhht_cli.base.i18n import tr
from xhht_cli.plans.check import check_references
from xhht_cli.plans.model import TAGS, Plan

DEFAULT_PLAN = "quoc-gia-2021-2030"
YamlPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    line: int | None
    message: str

    def render(self, path: str) -> str:
        return f"{path}:{self.line}: {self.message}" if self.line else f"{path}: {self.message}"


def shipped_plans() -> dict[str, Path]:
    """Name → path of the plans shipped with the tool."""
    folder = resources.files("xhht_cli.plans") / "data"
    return {
        Path(str(p)).stem: Path(str(p))
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".yaml")
    }


def resolve_plan(spec: str) -> Path:
    """A shipped plan's name or a path to a plan file → the file's path."""
    plans = shipped_plans()
    if spec in plans:
        return plans[spec]
    path = Path(spec)
    if path.is_file() and path.suffix.lower() in NOT_PLANS:  # a letterhead, a registry…
        names = ", ".join(plans)
        raise XhhtError(tr("plan.not_yaml", name=spec, suffix=path.suffix.lower(), names=names))
    if path.is_file():
        return path
    raise XhhtError(tr("plan.not_found", name=spec, names=", ".join(plans)))


# Files a user may give --plan by mistake (the letterhead, the registry, a report): said as
# such, not as a YAML syntax error in the library's words
NOT_PLANS = (".toml", ".csv", ".xlsx", ".xls", ".xlsb", ".ods", ".docx", ".doc", ".pdf", ".txt")


def load_plan(spec: str = DEFAULT_PLAN) -> Plan:
    """Load and validate a plan; raise :class:`PlanError` listing every problem. A plan file
    is parsed once a process while it stays as it was (its models are frozen)."""
    path = resolve_plan(spec)
    text = path.read_text(encoding="utf-8")
    key = (str(path.resolve()), text)
    if key in _LOADED:
        return _LOADED[key]
    plan, problems = parse_plan(text)
    if problems or plan is None:
        raise PlanError(str(path), [p.render(str(path)) for p in problems])
    if len(_LOADED) >= 8:  # a handful of plans a process; never grows without bound
        _LOADED.clear()
    _LOADED[key] = plan
    return plan


_LOADED: dict[tuple[str, str], Plan] = {}


def parse_plan(text: str) -> tuple[Plan | None, list[Problem]]:
    """Parse plan YAML; return the plan (None if invalid) and every problem found."""
    try:
        data, lines, duplicates = _load_yaml(text)
    except yaml.MarkedYAMLError:  # read again by the loader that words the error best
        try:
            data, lines, duplicates = _load_yaml(text, yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            return None, [Problem(line, tr("plan.yaml_syntax", error=exc.problem or exc))]
    problems = list(duplicates)
    if not isinstance(data, dict):
        return None, [Problem(1, tr("plan.not_mapping"))]
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        problems += [_problem_from_pydantic(err, lines) for err in exc.errors()]
        return None, sorted(problems, key=lambda p: p.line or 0)
    problems += [Problem(_line_of(path, lines), msg) for path, msg in check_references(plan)]
    problems.sort(key=lambda p: p.line or 0)
    return (None if problems else plan), problems


# libyaml's loader where PyYAML was built with it (six times faster on a shipped plan), the
# pure-Python one otherwise: the same nodes and marks; a syntax error is worded by the latter
# (libyaml says "found character that cannot start any token" where Python names the tab),
# and a text with a tab or a control character is read by it alone (_loader_for)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _loader_for(text: str) -> Any:
    """libyaml's loader for a text the two loaders read alike; the pure-Python one where they
    do not: libyaml takes a tab after a key's colon or at a line's end, and some control
    characters, that PyYAML refuses (a plan must be valid or not whatever PyYAML was built
    with)."""
    if "\t" in text or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return yaml.SafeLoader
    return _SafeLoader


def _load_yaml(
    text: str, loader_class: Any = None
) -> tuple[Any, dict[YamlPath, int], list[Problem]]:
    loader = (loader_class or _loader_for(text))(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[YamlPath, int] = {}
    duplicates: list[Problem] = []
    if node is not None:
        _index_lines(node, (), lines, duplicates)
    return data, lines, duplicates


def _index_lines(
    node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int], duplicates: list[Problem]
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                duplicates.append(
                    Problem(key_node.start_mark.line + 1, tr("plan.duplicate_key", key=key))
                )
            seen.add(key)
            _index_lines(value_node, (*path, key), lines, duplicates)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines, duplicates)


def _line_of(path: YamlPath, lines: dict[YamlPath, int]) -> int | None:
    """The line of *path*, or of its nearest ancestor that is in the file."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _problem_from_pydantic(err: Any, lines: dict[YamlPath, int]) -> Problem:
    # Discriminated unions add the tag to the location ('rules', 0, 'not_greater', 'left').
    loc = tuple(p for p in err["loc"] if p not in TAGS)
    where = ".".join(str(p) for p in loc) or "(gốc)"
    ctx = err.get("ctx") or {}
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        message = tr("plan.missing_key", key=loc[-1] if loc else "?", where=where)
    elif kind == "extra_forbidden":
        message = tr("plan.unknown_key", key=loc[-1] if loc else "?", where=where)
    elif kind in {"literal_error", "union_tag_invalid"}:
        allowed = ctx.get("expected") or ctx.get("expected_tags", "")
        shown = ctx.get("tag", value)
        message = tr("plan.bad_choice", value=shown, where=where, allowed=allowed)
    elif kind == "union_tag_not_found":
        message = tr("plan.missing_key", key="type", where=where)
    elif kind == "string_pattern_mismatch":
        message = tr("plan.bad_code", value=value, where=where)
    elif kind == "value_error":
        message = tr("plan.bad_formula", value=value, where=where)
    elif kind.endswith(("_parsing", "_type")) or kind == "int_from_float":
        message = tr("plan.bad_type", value=value, where=where, expected=kind.split("_")[0])
    elif kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bound = next(iter(ctx.values()), "")
        message = tr(f"plan.{kind}", value=value, where=where, bound=bound)
    elif kind == "string_too_short":
        message = tr("plan.empty", where=where)
    else:
        message = f"{where}: {err['msg']}"
    return Problem(_line_of(loc, lines), message)
