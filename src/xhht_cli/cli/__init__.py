"""The command line: the only layer that imports typer and rich.

``xhht --version`` answers before any of it is imported (a clerk's first command, and what a
cron wrapper asks to log); every other command loads the application (:mod:`xhht_cli.cli.root`),
whose commands import what they need when they run.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typer import Typer

    app: Typer

__all__ = ["app", "main"]

# Options that may stand beside --version without changing its answer.
_QUIET_GLOBALS = {"--quiet", "-q", "--verbose", "-v"}


def main() -> None:
    """Console-script entry point."""
    args = sys.argv[1:]
    if _asks_version(args):
        from xhht_cli import __version__

        sys.stdout.write(f"xhht {__version__}\n")
        return
    from xhht_cli.cli.root import main as run

    run()


def _asks_version(args: list[str]) -> bool:
    """Whether the command line is ``--version`` (with at most global flags and --lang)."""
    rest = [a for a in args if a not in _QUIET_GLOBALS and not a.startswith("--lang=")]
    if "--lang" in rest:
        at = rest.index("--lang")
        rest = rest[:at] + rest[at + 2 :]
    return rest == ["--version"]


def __getattr__(name: str) -> Any:
    if name == "app":  # the tests and `python -m xhht_cli` load it when first asked for
        from xhht_cli.cli.root import app

        return app
    raise AttributeError(name)
