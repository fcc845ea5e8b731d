"""Plans: the fields, rules, indicators and targets a report is held against (YAML data)."""

from xhht_cli.plans.load import DEFAULT_PLAN, load_plan, parse_plan, resolve_plan, shipped_plans
from xhht_cli.plans.model import FieldDef, Plan, RatioIndicator, StandardIndicator, Target

__all__ = [
    "DEFAULT_PLAN",
    "FieldDef",
    "Plan",
    "RatioIndicator",
    "StandardIndicator",
    "Target",
    "load_plan",
    "parse_plan",
    "resolve_plan",
    "shipped_plans",
]
