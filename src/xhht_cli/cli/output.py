"""Where the CLI prints: stdout for results, stderr for problems; colour only on a terminal."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console


@dataclass
class Output:
    quiet: bool = False
    verbose: bool = False
    out: Console = field(default_factory=lambda: Console(highlight=False, soft_wrap=True))
    err: Console = field(
        default_factory=lambda: Console(stderr=True, highlight=False, soft_wrap=True)
    )

    def result(self, *objects: object, markup_text: bool = True) -> None:
        """Print the result of a command (suppressed by --quiet)."""
        if not self.quiet:
            self.out.print(*objects, markup=markup_text)

    def detail(self, *objects: object) -> None:
        """Print only with --verbose."""
        if self.verbose and not self.quiet:
            self.err.print(*objects)

    def error(self, text: str) -> None:
        """Print a problem to stderr, always (even with --quiet)."""
        self.err.print(text, style="bold red" if self.err.is_terminal else None, markup=False)

    def reset(self, quiet: bool, verbose: bool) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)


OUT = Output()
