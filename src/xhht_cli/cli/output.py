"""Where the CLI prints: stdout for results, stderr for problems; colour only on a terminal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.console import Console, Group
from rich.markup import escape
from rich.measure import Measurement
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text


def _breaks(plain: str, width: int) -> list[int]:
    """Where *plain* breaks into lines of at most *width* cells, at spaces, the lines after the
    first under its indent; a word longer than a line (a path) stands whole on a line of its
    own, never cut."""
    breaks: list[int] = []
    hang = used = cell_len(plain[: len(plain) - len(plain.lstrip(" "))])  # its own indent,
    for word in re.finditer(r"\S+[ \t]*", plain):  # which its next lines keep
        if used > hang and used + cell_len(word[0].rstrip()) > width:
            breaks.append(word.start())
            used = hang
        used += cell_len(word[0])
    return breaks


def _wrapped(console: Console, line: str, markup: bool) -> Text:
    """*line* wrapped at words to the terminal's width, each wrapped line under its first
    word (``  lỗi value.fraction BaoCao!E32: …``: the text goes on two columns in)."""
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    text = Text.from_markup(body) if markup else Text(body)
    width = max(console.width - indent, 20)
    out = Text()
    for number, piece in enumerate(text.split("\n", allow_blank=True)):  # a text of lines
        own = len(piece.plain) - len(piece.plain.lstrip(" "))  # each goes on under its own
        for turn, part in enumerate(piece.divide(_breaks(piece.plain, width))):
            part.rstrip()
            lead = " " * (indent + (own if turn else 0))
            out.append_text(Text("\n" if number or turn else "") + Text(lead) + part)
    return out


@dataclass
class Output:
    quiet: bool = False
    verbose: bool = False
    out: Console = field(default_factory=lambda: Console(highlight=False, soft_wrap=True))
    err: Console = field(
        default_factory=lambda: Console(stderr=True, highlight=False, soft_wrap=True)
    )

    def result(self, *objects: object, markup_text: bool = True) -> None:
        """Print the result of a command (suppressed by --quiet). A line of text is one line
        where it is read by programs (a cron mail, a file: grep finds a finding whole); on a
        terminal it wraps at words, under its own indent. A table never cuts a cell: not on a
        terminal it is as wide as its content; on a terminal too narrow for it, one
        "head: value" line per cell."""
        if self.quiet:
            return
        for item in objects:
            if isinstance(item, str) and self.out.is_terminal:
                self.out.print(_wrapped(self.out, item, markup_text), soft_wrap=True)
                continue
            if not isinstance(item, Table):
                self.out.print(item, markup=markup_text, soft_wrap=True)
                continue
            terminal = self.out.is_terminal
            width = self.out.width
            if not terminal:  # wide enough for every kept cell: no path folded for grep or mail
                if isinstance(item, Grid):
                    item.uncap()
                width = max(width, self._measure(item).minimum)
            segments, wide = self._layout(item, width)
            if terminal and wide > self.out.width:
                self.out.print(records(item, self.out.width, self.out), markup=markup_text)
                continue
            saved, self.out.width = self.out.width, max(wide, 1)
            try:  # laid out once, printed as it was laid out
                self.out.print(Segments(segments), crop=False, soft_wrap=False)
            finally:
                self.out.width = saved

    def _measure(self, table: Table) -> Measurement:
        return table.__rich_measure__(self.out, self.out.options.update(width=10_000))

    def _layout(self, table: Table, width: int) -> tuple[list[Segment], int]:
        """*table* laid out in *width* columns, and how wide it really is: Rich lets a table
        grow past them when its columns' minimum widths do not fit (and then crops it)."""
        segments = list(self.out.render(table, self.out.options.update(width=width)))
        lines = Segment.split_lines(segments)
        return segments, max((Segment.get_line_length(line) for line in lines), default=0)

    def note(self, text: str) -> None:
        """A remark on how the command understood its input, to stderr (not with --quiet)."""
        if not self.quiet:
            self.err.print(text, style="dim" if self.err.is_terminal else None, markup=False)

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


# On a terminal, a kept column wider than this (a long path) folds, leaving the others room;
# piped, the table is as wide as its kept cells need, and prose wraps (Output.result).
KEPT_WIDTH = 48


class Grid(Table):
    """A table whose *keep* columns (what the user must type or compare: codes, names, paths)
    never have a word cut or folded: a cell may wrap between its words; the other columns
    fold a long word rather than cut it. No head is cut inside a word ("Chư / a nộp")."""

    def __init__(
        self,
        heads: list[str],
        title: str | None,
        keep: tuple[int, ...],
        whole: tuple[int, ...] = (),
    ) -> None:
        super().__init__(title=title)
        self.keep = keep
        self.whole = whole  # cells kept on one line (a unit's name): never wrapped at all
        self.uncapped: dict[int, int] = {}  # kept column → its widest cell, past KEPT_WIDTH
        for index, head in enumerate(heads):
            least = len(head) if index in keep else _longest_word(escape(head))
            self.add_column(head, overflow="fold", min_width=least)

    def add_row(self, *cells: object, **options: object) -> None:
        for index in self.keep:
            cell = cells[index] if index < len(cells) else None
            if isinstance(cell, str):
                column = self.columns[index]
                whole = Text.from_markup(cell).cell_len
                width = max(_longest_word(cell), whole if index in self.whole else 0)
                self.uncapped[index] = max(self.uncapped.get(index, 0), whole)
                column.min_width = max(column.min_width or 0, min(width, KEPT_WIDTH))
        super().add_row(*cells, **options)  # type: ignore[arg-type]

    def uncap(self) -> None:
        """Every kept column as wide as its widest cell (a long path whole, on one line): for
        output that no terminal wraps (a file, a pipe, a cron mail)."""
        for index, width in self.uncapped.items():
            column = self.columns[index]
            column.min_width = max(column.min_width or 0, width)


def grid(
    heads: list[str],
    title: str | None = None,
    keep: tuple[int, ...] = (),
    whole: tuple[int, ...] = (),
) -> Grid:
    """A :class:`Grid` (columns *keep* never cut; of those, *whole* never wrapped either: when
    the terminal is too narrow the table is printed as records, :func:`records`)."""
    return Grid(heads, title, keep, whole)


def _longest_word(markup: str) -> int:
    """The width of the longest word of a cell: a code, a name's longest word, a path."""
    return max((Text(word).cell_len for word in Text.from_markup(markup).plain.split()), default=0)


def keep_columns(table: Table, *indexes: int) -> Table:
    """Make the words of columns *indexes* of a table already filled never cut or folded (a
    cell may wrap between its words; see :class:`Grid`); the other columns fold a long word
    rather than cut it."""
    for index, column in enumerate(table.columns):
        column.overflow = "fold"
        if index in indexes:
            cells = [_longest_word(c) for c in column._cells if isinstance(c, str)]
            column.min_width = max([len(str(column.header)), *cells])
    return table


def records(table: Table, width: int | None = None, console: Console | None = None) -> Group:
    """A table as lines per row: the first cell, then "head: value" of the others, as many
    to a line as *width* holds (a head never apart from its value; None: all on one line).
    Nothing is cut at any width; with *console*, a "head: value" longer than *width* (a
    reason, a message) wraps at words under its own indent (the first cell, a path, stays
    whole)."""
    lines: list[Text] = [Text.from_markup(f"[bold]{table.title}[/]")] if table.title else []
    heads = [str(column.header) for column in table.columns]
    cells = [list(column._cells) for column in table.columns]
    for row in range(table.row_count):
        values = [str(column[row]) if row < len(column) else "" for column in cells]
        skip = 1
        if values[0] in ("", "—") and len(values) > 1:  # a total: titled by its name ("Tổng")
            first, skip = values[1], 2
        else:
            first = values[0] if len(values[0]) > 12 else f"{heads[0]}: {values[0]}"
        rest = [
            f"{head}: {value}"
            for head, value in zip(heads[skip:], values[skip:], strict=True)
            if value
        ]
        packed = _packed(rest, width)
        if console is None:
            lines.append(Text.from_markup(f"{first}\n{packed}"))
        else:  # the first cell (a path) whole, to be copied as it is
            lines.append(Text.from_markup(first))
            lines += [_wrapped(console, line, True) for line in packed.split("\n")]
    return Group(*lines)


def _packed(parts: list[str], width: int | None, indent: str = "  ") -> str:
    """*parts* (markup) joined by " · ", a new line (under *indent*) before one that would
    go past *width*."""
    rows: list[str] = []
    for part in parts:
        wider = f"{rows[-1]} · {part}" if rows else part
        if rows and width is not None and Text.from_markup(indent + wider).cell_len > width:
            rows.append(part)
        elif rows:
            rows[-1] = wider
        else:
            rows.append(part)
    return "\n".join(indent + row for row in rows)
