"""The project's own exceptions. Data problems are findings, not exceptions; these are for
a command that cannot run at all (bad option, unreadable plan, broken registry)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


class XhhtError(Exception):
    """The command cannot go on; the message says why and how to fix it. Exit code 2."""

    exit_code = 2


class UsageProblem(XhhtError):
    """A value the command cannot take (``--format xml``, ``--period 24``): said with the
    command's help line, as a usage error is. Exit code 2."""


class PlanError(XhhtError):
    """A plan file is invalid; carries every problem found."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(problems))


class RegistryError(XhhtError):
    """A registry (units) file is invalid; carries every problem found."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(problems))


class SystemFailure(XhhtError):
    """The system failed the tool (disk full, read-only or unwritable place): exit 74, one
    line naming the path, the cause and the fix (docs/pipeline.md, "Exit codes")."""

    exit_code = 74


def toml_problem(exc: Exception) -> str:
    """Where a TOML file is wrong, in the run's language (tomllib's own message is English):
    ``dòng 3, cột 9`` / ``line 3, column 9``."""
    from xhht_cli.base.i18n import tr

    text = str(exc)
    found = re.search(r"at line (\d+), column (\d+)", text)
    if found:
        return tr("toml.at", line=found.group(1), column=found.group(2))
    return tr("toml.at_end") if "end of document" in text else tr("toml.somewhere")


def pydantic_problem(error: Mapping[str, Any]) -> str:
    """One of pydantic's errors in the run's language (pydantic's own messages are English)."""
    from xhht_cli.base.i18n import tr

    kind, value = str(error["type"]), error.get("input")
    if kind == "missing":
        return tr("batch.pyd.missing")
    if kind == "extra_forbidden":
        return tr("batch.pyd.extra")
    if kind == "string_pattern_mismatch":
        return tr("batch.pyd.pattern", value=value)
    if kind.startswith("bool"):
        return tr("batch.pyd.bool", value=value)
    if kind.startswith("list"):
        return tr("batch.pyd.list", value=value)
    if kind.startswith(("string", "path")):
        return tr("batch.pyd.text", value=value)
    return tr("batch.pyd.other", value=value)
