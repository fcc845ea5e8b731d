"""Findings: data problems as values (never exceptions), each with a stable code, a severity,
where it is (file, sheet, cell, unit, field) and a message in Vietnamese or English."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from xhht_cli.base.i18n import MESSAGES, Lang, fmt_num, get_lang, tr

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    path: str
    sheet: str | None = None
    cell: str | None = None
    unit_code: str | None = None
    field: str | None = None
    params: dict[str, Any] = dataclass_field(default_factory=dict)
    # A plan rule may carry its own message (vi, en); otherwise the catalogue's is used.
    custom: tuple[str, str] | None = None

    def message(self, lang: Lang | None = None, reader: str = "finding") -> str:
        """The message in *lang*; *reader* ``"clerk"``: the words of the commune's feedback
        where they differ from the analyst's (``clerk.<code>``: "hãy chọn bản đúng", not "hãy
        đề nghị xã xác nhận")."""
        lang = lang or get_lang()
        params = _localised(self.params, lang)
        if self.custom is not None:
            return (self.custom[0] if lang == "vi" else self.custom[1]).format(**params)
        key = f"{reader}.{self.code}"
        if key in MESSAGES:
            try:
                return tr(key, lang, **params)
            except KeyError:  # a finding stored before its reader's words had what they name
                pass
        return tr(f"finding.{self.code}", lang, **params)

    def where(self) -> str:
        """``BaoCao!E14`` or the sheet alone, or empty."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""


# Of one code, a person reads this many of a file's findings about no field of the plan, and
# the rest counted on one line: a household list pasted under the form gives thousands of
# unknown codes, and each printed would bury the file's other problems. A finding about a
# field (a value missing, a rule of the plan) is each a different thing to correct, and always
# listed, but for a row of a field given again (a table pasted twice repeats every field).
# Every one stays in the JSON document, and in the feedback workbook's marked cells.
REPEATS_SHOWN = 20
COUNTED_ANYWAY = frozenset({"field.duplicate"})  # about a field, yet as many as rows pasted


@dataclass(frozen=True, slots=True)
class Repeats:
    """The findings of one code of a file past the first :data:`REPEATS_SHOWN`: how many, and
    the first and last of them."""

    code: str
    severity: Severity
    count: int
    first: Finding
    last: Finding

    def span(self, where: Callable[[Finding], str] = Finding.where) -> str:
        """``BaoCao!B89 … BaoCao!B5000`` (each place as *where* names it), or the one place
        where they all are."""
        first, last = where(self.first), where(self.last)
        return first if first == last else f"{first} … {last}"


def readable(
    findings: Iterable[Finding], shown: int = REPEATS_SHOWN
) -> tuple[list[Finding], list[Repeats]]:
    """A file's findings as a person reads them (the command's text, the feedback's list):
    every finding about a field (but :data:`COUNTED_ANYWAY`), and of each other code the first
    *shown*, in order; then the rest of each such code as :class:`Repeats`."""
    kept: list[Finding] = []
    rest: dict[str, list[Finding]] = {}
    seen: dict[str, int] = {}
    for finding in findings:
        about_a_field = finding.field is not None or finding.custom is not None
        if about_a_field and finding.code not in COUNTED_ANYWAY:
            kept.append(finding)
            continue
        seen[finding.code] = seen.get(finding.code, 0) + 1
        if seen[finding.code] <= shown:
            kept.append(finding)
        else:
            rest.setdefault(finding.code, []).append(finding)
    repeats = [
        Repeats(code, more[0].severity, len(more), more[0], more[-1]) for code, more in rest.items()
    ]
    return kept, repeats


def _localised(params: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """Numbers written the reader's way; ``x_en`` replaces ``x`` in English."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key.endswith("_en"):
            continue
        if lang == "en" and params.get(f"{key}_en"):
            value = params[f"{key}_en"]
        if isinstance(value, bool):  # a TRUE typed in a cell: as the spreadsheet shows it
            value = "TRUE" if value else "FALSE"
        elif isinstance(value, int):
            value = fmt_num(value, lang)
        elif isinstance(value, float):  # every digit the cell holds, the reader's decimal mark
            value = f"{value:.15g}"
            value = value.replace(".", ",") if lang == "vi" else value
        out[key] = value
    return out


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 27 → AB)."""
    if index < len(_LETTERS):
        return _LETTERS[index]
    return _letters(index)


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_LETTERS = [_letters(i) for i in range(702)]  # A … ZZ


_COLUMN_CELLS: dict[int, list[str]] = {}


def column_cells(col: int, rows: int) -> list[str]:
    """The names of column *col*'s cells from row 0 to at least row *rows* − 1 (``E1``, ``E2``
    …), made once per process: every file read then shares one string per cell, which also
    travels between processes once a chunk instead of once a file."""
    cells = _COLUMN_CELLS.setdefault(col, [])
    if len(cells) < rows:
        letter = column_letter(col)
        cells.extend(f"{letter}{r + 1}" for r in range(len(cells), rows))
    return cells


def cell_ref(row: int, col: int) -> str:
    """0-based row and column → ``E14``."""
    return f"{column_letter(col)}{row + 1}"
