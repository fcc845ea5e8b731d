"""How a command ends: the project's errors → exit 2 (74: the system's failure, disk full and
the like), Ctrl-C → 130 and SIGTERM → 143 (128 + the signal, as shells say it), anything
unexpected → exit 3 (a bug)."""

from __future__ import annotations

import functools
import signal
import traceback
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from xhht_cli.base.errors import PlanError, RegistryError, UsageProblem, XhhtError
from xhht_cli.base.i18n import tr
from xhht_cli.base.lifetime import Interrupted, check, keep, signal_name
from xhht_cli.cli.output import OUT
from xhht_cli.write.paths import system_failure

EXIT_BUG = 3
P = ParamSpec("P")
R = TypeVar("R")


def handled(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so errors end it with the exit codes of docs/pipeline.md."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = command(*args, **kwargs)
            check()  # a signal whose exception was lost on the way ends the command all the same
            return result
        except (typer.Exit, typer.Abort, typer.BadParameter) as ending:
            keep(ending)  # its frames hold the run's objects: freed with the process (lifetime)
            raise
        except KeyboardInterrupt as stop:  # the workers and temporary files are gone by now
            signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
            OUT.error(tr("cli.interrupted", signal=signal_name(signum)))
            raise typer.Exit(128 + signum) from None
        except (PlanError, RegistryError) as exc:
            key = "plan.invalid" if isinstance(exc, PlanError) else "units.invalid"
            OUT.error(tr(key, path=exc.path, count=len(exc.problems)))
            for problem in exc.problems:
                OUT.error(f"  - {problem}")
            raise typer.Exit(exc.exit_code) from None
        except UsageProblem as exc:  # as a usage error: what is wrong, then the help line
            OUT.error(str(exc))
            OUT.error(tr("usage.see_help", command=_command_path()))
            raise typer.Exit(exc.exit_code) from None
        except XhhtError as exc:
            OUT.error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except Exception as exc:  # the system's failure (74), or a bug: one line
            failure = system_failure(exc)
            if failure is not None:
                OUT.error(str(failure))
                raise typer.Exit(failure.exit_code) from None
            if OUT.verbose:
                OUT.err.print(traceback.format_exc(), markup=False)
            OUT.error(tr("cli.bug", error=f"{type(exc).__name__}: {exc}"))
            raise typer.Exit(EXIT_BUG) from None

    return wrapper


def _command_path() -> str:
    """``xhht plan show``: the command running (as the usage errors name it)."""
    from typer._click.globals import get_current_context

    context = get_current_context(silent=True)
    return context.command_path if context is not None else "xhht"
