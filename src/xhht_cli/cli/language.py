"""One language per run: help, usage errors and metavars in the user's language.

Help texts are written once, bilingual, as ``Vietnamese. / English.``; :func:`localize`
keeps the user's half in every command and option of the command tree Click builds, before
it parses anything, so ``--help`` and the errors about the command line are in one language
(``--lang`` read from the arguments, else ``XHHT_LANG``). Click's own usage errors are
printed as one or two lines, not an English box (README "Commands").
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperGroup

from xhht_cli.base.i18n import MESSAGES, Lang, default_lang, set_lang, tr
from xhht_cli.cli.output import OUT

# "Vietnamese. / English." — the slash after the end of a sentence (or a closing bracket)
_HALVES = re.compile(r"(?<=[.)\]:!?])\s*/\s+(?=\S)")
_EXAMPLE = re.compile(r"Ví dụ\s*/\s*example:")

# The word shown for an option's value, by the option's name (not Python's type names).
_METAVARS = {
    "paths": "PATH",
    "history": "PATH",
    "plan": "PLAN",
    "units": "UNITS",
    "period": "YEAR",
    "parent": "CODE",
    "unit": "CODE",
    "output": "FILE",
    "json_path": "FILE",
    "docx": "FILE",
    "crosswalk": "FILE",
    "letterhead": "FILE",
    "config": "FILE",
    "init": "FILE",
    "file": "FILE",
    "feedback": "FOLDER",
    "wait": "SECONDS",
    "depth": "NUMBER",
    "lang": "LANG",
    "output_format": "FORMAT",
    "name": "NAME",
}


def lang_of(args: Sequence[str]) -> Lang:
    """The language a command line asks for: ``--lang X`` or ``--lang=X``, else XHHT_LANG."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None:
            return "en" if value.lower().startswith("en") else "vi"
    return default_lang()


def one_language(text: str | None, lang: Lang) -> str | None:
    """The *lang* half of each paragraph of a bilingual help text."""
    if not text:
        return text
    paragraphs = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        paragraph = _EXAMPLE.sub(tr("help.example", lang), " ".join(paragraph.split()))
        halves = _HALVES.split(paragraph, maxsplit=1)
        paragraphs.append((halves[0] if lang == "vi" else halves[-1]).strip())
    return "\n\n".join(paragraphs)


def _metavar(param: Any, lang: Lang) -> str:
    if getattr(param, "is_flag", False):
        return ""
    return tr(f"meta.{_METAVARS.get(param.name or '', 'VALUE')}", lang)


class _Formatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, tr("help.usage") if prefix is None else prefix)


class _Context(Context):
    formatter_class = _Formatter


def localize(command: Any, lang: Lang) -> None:
    """Keep the *lang* half of every help text in *command* and the commands under it; the
    bilingual texts are kept aside, so a command tree built once can be localized again (a
    program or a test session that runs many command lines builds it once)."""
    from typer._click.decorators import help_option

    command.help = one_language(_bilingual(command, "help"), lang)
    command.short_help = one_language(_bilingual(command, "short_help"), lang)
    command.context_class = _Context
    command.options_metavar = tr("meta.OPTIONS", lang)
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = tr("meta.COMMAND", lang)
    for param in command.params:
        if hasattr(param, "help"):
            param.help = one_language(_bilingual(param, "help"), lang)
        param.metavar = _metavar(param, lang)
        if isinstance(param, TyperArgument):
            param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]  # no "<list[Path]>"
    help_option(["-h", "--help"])(command)
    command._help_option = command.params.pop()
    command._help_option.help = tr("help.help", lang)
    command._help_option.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        localize(sub, lang)


def _bilingual(owner: Any, name: str) -> str | None:
    """*owner*'s text *name* as it was before any :func:`localize`."""
    kept: dict[str, str | None] = owner.__dict__.setdefault("_xhht_bilingual", {})
    if name not in kept:
        kept[name] = getattr(owner, name)
    return kept[name]


def _help_words(lang: Lang) -> None:
    """The words of Typer's help panels (module settings of typer.rich_utils, imported only
    when help is to be shown: it costs a tenth of a second)."""
    from typer import rich_utils

    def raw(key: str) -> str:  # templates with "{}" for Typer to fill
        return MESSAGES[key][0 if lang == "vi" else 1]

    rich_utils.ARGUMENTS_PANEL_TITLE = raw("help.arguments")
    rich_utils.OPTIONS_PANEL_TITLE = raw("help.options")
    rich_utils.COMMANDS_PANEL_TITLE = raw("help.commands")
    rich_utils.DEFAULT_STRING = raw("help.default")
    rich_utils.REQUIRED_LONG_STRING = raw("help.required")
    rich_utils.ENVVAR_STRING = raw("help.env")


def usage_message(exc: click_errors.UsageError, command: str = "xhht") -> list[str]:
    """A usage error as two lines in the current language: what is wrong, and the help of the
    command (*command* where the error does not know it: an option's missing value)."""
    path = exc.ctx.command_path if exc.ctx is not None else command
    return [_first_line(exc), tr("usage.see_help", command=path)]


def command_of(group: TyperGroup, argv: list[str]) -> str:
    """The command path *argv* names (``xhht units check``), as far as it names one."""
    path = ["xhht"]
    here: object = group
    for token in argv:
        if isinstance(here, TyperGroup) and token in here.commands:
            path.append(token)
            here = here.commands[token]
    return " ".join(path)


def _first_line(exc: click_errors.UsageError) -> str:
    if isinstance(exc, click_errors.NoSuchOption):
        text = tr("usage.no_such_option", option=exc.option_name)
        possible = set(exc.possibilities or ()) | _meant(exc.option_name, exc.ctx)
        if possible:
            text += " " + tr("usage.did_you_mean", options=", ".join(sorted(possible)))
        return text
    if isinstance(exc, click_errors.MissingParameter):
        what = (getattr(exc.param, "help", None) or "").strip().rstrip(".")
        what = what[:1].lower() + what[1:]  # inside the sentence: "— tệp tổng hợp .xlsx"
        if what and exc.param is not None and exc.param.param_type_name == "option":
            short = min(exc.param.opts, key=len)  # -o, as the examples write it
            return tr("usage.missing_option", param=_hint(exc), what=what, opt=short)
        if what:
            return tr("usage.missing_argument", param=_hint(exc), what=what)
        return tr("usage.missing", param=_hint(exc))
    if isinstance(exc, click_errors.BadParameter):
        return _bad_value(exc)
    if isinstance(exc, click_errors.BadOptionUsage) and "requires an argument" in exc.message:
        return tr("usage.needs_value", option=exc.option_name)
    message = exc.format_message()
    if match := re.match(r"No such command '([^']*)'", message):
        text = tr("usage.no_such_command", name=match[1])
        if guess := re.search(r"Did you mean (.*?)\.?\??$", message):
            text += " " + tr("usage.did_you_mean", options=guess[1].strip("'?."))
        return text
    if match := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message):
        text = tr("usage.extra", args=match[1])
        toml = next((a for a in match[1].split() if a.lower().endswith(".toml")), None)
        if toml and exc.ctx is not None and _has_option(exc.ctx, "--config"):
            text += " " + tr("usage.config_file", path=toml)
        return text
    return tr("usage.other", message=message)


# Options a newcomer types for ours (other tools' words, or Vietnamese): the one meant.
MEANT = {
    "--year": "--period",
    "--nam": "--period",
    "--ky": "--period",
    "--registry": "--units",
    "--don-vi": "--units",
    "--ke-hoach": "--plan",
    "--lich-su": "--history",
    "--out": "--output",
    "--xlsx": "--output",
    "--word": "--docx",
    "--tieu-de": "--letterhead",
    "--config-file": "--config",
}


def _meant(option: str, ctx: Context | None) -> set[str]:
    """The option *option* stands for, when the command has it (``--year`` → ``--period``)."""
    meant = MEANT.get(option.split("=", 1)[0].lower())
    return {meant} if meant and ctx is not None and _has_option(ctx, meant) else set()


def _has_option(ctx: Context, name: str) -> bool:
    return any(name in param.opts for param in ctx.command.params)


def _hint(exc: click_errors.BadParameter) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    if exc.param is not None:
        opts = [o for o in exc.param.opts if o.startswith("--")] or exc.param.opts
        return (
            opts[0]
            if getattr(exc.param, "param_type_name", "") == "option"
            else (exc.param.metavar or exc.param.name or "?")
        )
    return "?"


def _bad_value(exc: click_errors.BadParameter) -> str:
    """Click's own conversions say "'x' is not a valid float."; ours are already translated."""
    hint = _hint(exc)
    pattern = r"(?:file|directory|path) ((['\"]).*\2) is not readable\.$"  # repr's quotes
    if unreadable := re.match(pattern, exc.message, re.I):
        return tr("usage.not_readable", param=hint, path=unreadable[1])  # Typer's path check
    match = re.match(r"('.*?') is not (a valid|one of)", exc.message)
    if match is None and exc.message.startswith("Input should be"):  # Typer's conversions
        return tr("usage.invalid", param=hint)
    if match is None:
        return tr("usage.bad_param", param=hint, message=exc.message)
    kind = getattr(getattr(exc.param, "type", None), "name", "")
    if kind in ("float", "integer"):
        return tr("usage.number", param=hint, value=match[1])
    return tr("usage.bad_value", param=hint, value=match[1])


class LocalGroup(TyperGroup):
    """The root group: picks the language before anything is parsed, prints usage errors in it."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = lang_of(argv)
        set_lang(lang)
        localize(self, lang)
        if not argv or "-h" in argv or "--help" in argv:
            _help_words(lang)
        try:
            code = super().main(
                argv,
                prog_name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except click_errors.NoArgsIsHelpError as exc:  # `xhht plan`: the group's help
            _help_words(lang)
            exc.show()
            code = exc.exit_code
        except click_errors.UsageError as exc:
            for line in usage_message(exc, command_of(self, argv)):
                OUT.error(line)
            code = exc.exit_code
        except click_errors.ClickException as exc:
            OUT.error(exc.format_message())
            code = exc.exit_code
        except typer.Abort:
            OUT.error(tr("usage.aborted"))
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def utf8_console() -> None:
    """Vietnamese on any console: a Windows console (or a pipe) in a legacy code page would
    print "?" or fail on the first "ệ"; write UTF-8 there instead."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    if os.name == "nt":
        os.environ.setdefault("PYTHONIOENCODING", "utf-8")  # for any child process
