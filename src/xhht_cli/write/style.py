"""The look of Vietnamese administrative documents: Times New Roman, thin borders, A4."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

FONT = "Times New Roman"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def font(
    bold: bool = False, size: int = 12, italic: bool = False, color: str | None = None
) -> Font:
    return Font(name=FONT, bold=bold, size=size, italic=italic, color=color)


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0


def clean_text(text: str) -> str:
    """Text with the control characters XML cannot hold removed (NUL, bell …)."""
    return _ILLEGAL.sub("", text)


def put(cell: Any, value: Any) -> None:
    """Write *value* into an openpyxl cell; a string is always text, never a formula, even when
    it starts with ``=``, ``+``, ``-`` or ``@`` (it came from a report or a registry)."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
