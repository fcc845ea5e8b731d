"""The root command: global options, error handling and exit codes (docs/pipeline.md, "Exit codes")."""

from __future__ import annotations

import gc
import os
import sys
from typing import Annotated

import typer

from xhht_cli import __version__
from xhht_cli.base.i18n import Lang, default_lang, set_lang, tr
from xhht_cli.base.lifetime import catch_signals, keep, keep_until_exit
from xhht_cli.cli.language import LocalGroup, utf8_console
from xhht_cli.cli.output import OUT

# Global options a user may also type after the command (`xhht validate in/ --lang en`).
_GLOBAL_FLAGS = {"--quiet", "-q", "--verbose", "-v"}
_GLOBAL_VALUED = {"--lang"}


def _hoist_global_options(args: list[str]) -> list[str]:
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg in _GLOBAL_FLAGS:
            front.append(arg)
        elif arg in _GLOBAL_VALUED and i + 1 < len(args):
            front.extend(args[i : i + 2])
            i += 1
        elif arg.startswith("--lang="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


app = typer.Typer(
    name="xhht",
    cls=LocalGroup,  # one language per run: help and usage errors (cli/language.py)
    help="xhht — đọc, kiểm tra và tổng hợp báo cáo xây dựng xã hội học tập. "
    "Hướng dẫn: docs/huong-dan-su-dung.md. / xhht — reads, checks and rolls up "
    "learning-society reports.\n\n"
    "Ví dụ / example: "
    "xhht aggregate data/samples/2023 --units data/samples/don-vi-ca-mau-2024.csv "
    "--plan ke-hoach-tinh-2023 --period 2023 -o tong-hop.xlsx",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xhht {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="Ngôn ngữ thông báo vi|en (hoặc XHHT_LANG). / Message language."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Chỉ in lỗi. / Print nothing but errors.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="In thêm chi tiết. / More detail.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Phiên bản. / Version."),
    ] = False,
) -> None:
    chosen: str = (lang or default_lang()).lower()  # --lang EN as --lang en
    if chosen not in ("vi", "en"):
        raise typer.BadParameter(tr("usage.lang", value=chosen), param_hint="--lang")
    language: Lang = "en" if chosen == "en" else "vi"
    set_lang(language)
    OUT.reset(quiet=quiet, verbose=verbose)
    asked = os.environ.get("XHHT_LANG", "").strip()
    if lang is None and asked and asked.lower()[:2] not in ("vi", "en"):
        OUT.note(tr("cli.env_lang", value=asked))  # said, not silently passed over
    if verbose:  # reading workers then let libraries' own output through (read/contain.py)
        os.environ["XHHT_VERBOSE"] = "1"


def _register() -> None:
    from xhht_cli.cli import (
        approve_cmd,
        batch_cmd,
        plan_cmd,
        report_cmd,
        template_cmd,
        trace_cmd,
        units_cmd,
    )

    app.command("template")(template_cmd.template)
    app.command("validate")(report_cmd.validate)
    app.command("aggregate")(report_cmd.aggregate)
    app.command("status")(report_cmd.status)
    app.command("run")(batch_cmd.run)
    app.command("history")(batch_cmd.history)
    app.command("export")(batch_cmd.export)
    app.command("approve")(approve_cmd.approve)
    app.command("reopen")(approve_cmd.reopen)
    app.command("approvals")(approve_cmd.approvals)
    app.command("trace")(trace_cmd.trace)
    app.add_typer(plan_cmd.app, name="plan")
    app.add_typer(units_cmd.app, name="units")


_register()


def main() -> None:
    """Console-script entry point."""
    # A run builds hundreds of thousands of small objects and lets almost none go before it
    # ends; the collector's default pace (a pass every 700 allocations) cost a third of the
    # roll-up's time at national scale. Cycles are still collected, less often.
    gc.set_threshold(100_000, 50, 100)
    utf8_console()
    catch_signals()  # Ctrl-C and SIGTERM end the run cleanly: exit 130 / 143 (cli/handling.py)
    keep_until_exit()
    try:
        app(args=_hoist_global_options(sys.argv[1:]), prog_name="xhht")
    except SystemExit as done:
        # The run is over and the process ends now. Its objects (a national run: millions)
        # would be freed one by one, then swept by a last collection, for nothing: ~0.2 s
        # each. They are kept instead (base/lifetime.py), frozen out of the collector's sight,
        # for the system to take back with the process. Every exit handler still runs, output
        # is flushed as ever; only ``__del__`` of what the run still holds is skipped, which
        # Python never promises at exit anyway. (Only here: ``app`` itself, as tests use it,
        # frees as usual.)
        keep(done)
        gc.freeze()
        raise SystemExit(done.code) from None
