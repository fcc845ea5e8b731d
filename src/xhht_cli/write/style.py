"""The look of Vietnamese administrative documents: Times New Roman, thin borders, A4."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

FONT = "Times New Roman"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
WARNING_FILL = PatternFill("solid", fgColor="FFC7CE")
MET_FILL = PatternFill("solid", fgColor="C6EFCE")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def font(
    bold: bool = False, size: int = 12, italic: bool = False, color: str | None = None
) -> Font:
    return Font(name=FONT, bold=bold, size=size, italic=italic, color=color)


def as_text(value: Any) -> Any:
    """A string from a report or registry, made safe to put in a cell: never a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value if value[:1] != "'" else value
    return value
