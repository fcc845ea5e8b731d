"""The project's own exceptions. Data problems are findings, not exceptions; these are for
a command that cannot run at all (bad option, unreadable plan, broken registry)."""

from __future__ import annotations


class XhhtError(Exception):
    """The command cannot go on; the message says why and how to fix it. Exit code 2."""

    exit_code = 2


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
