"""Which text cells of an xlsx are in a legacy Vietnamese font (TCVN3 ``.VnTime``…, VNI
``VNI-Times``…): calamine gives no fonts.

Read from the package's own parts, each once: the styles (which cell formats use such a font),
the workbook and its relationships (which part is which sheet), then each sheet part's cell
tags within the reading window. openpyxl did it by opening the workbook for every sheet (3,000
sheets: a minute) and parsing every cell into an object.
"""

from __future__ import annotations

import posixpath
import re
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from xhht_cli.read.cells import MAX_COLS, MAX_ROWS, SheetsUnreadable
from xhht_cli.read.extent import column_number
from xhht_cli.read.legacy import font_encoding
from xhht_cli.read.limits import Limits, Member
from xhht_cli.read.zipped import read_member

_CELL = re.compile(
    rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
)
_ATTRIBUTE = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")
_TEXT_TYPES = (b"s", b"inlineStr", b"str")
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _legacy_formats(styles: Element) -> dict[int, str]:
    """Cell format index → legacy encoding of its font."""
    fonts: list[str | None] = []
    formats: dict[int, str] = {}
    for part in styles:
        if _local(part) == "fonts":
            for font in part:
                name = next((e.get("val") for e in font if _local(e) == "name"), None)
                fonts.append(font_encoding(name))
        elif _local(part) == "cellXfs":
            for index, xf in enumerate(part):
                try:
                    encoding = fonts[int(xf.get("fontId", "0"))]
                except (ValueError, IndexError):
                    continue
                if encoding:
                    formats[index] = encoding
    return formats


def _sheet_parts(workbook: Element, rels: Element) -> dict[str, str]:
    """Sheet name → the name of its part in the package."""
    targets: dict[str | None, str] = {}
    for rel in rels:
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id")] = posixpath.normpath(path)
    parts: dict[str, str] = {}
    for part in workbook:
        if _local(part) == "sheets":
            for sheet in part:
                found = targets.get(sheet.get(_REL))
                if found:
                    parts[sheet.get("name", "")] = found
    return parts


def _cells(part: bytes, formats: dict[int, str]) -> dict[tuple[int, int], str]:
    """(row, col) → encoding of the text cells of one sheet part in a legacy font."""
    found: dict[tuple[int, int], str] = {}
    row = col = 0
    for closing, name, attributes, empty in _CELL.findall(part):
        named = {k: a or b for k, a, b in _ATTRIBUTE.findall(attributes)}
        if name == b"row":
            if not closing and named.get(b"r", b"").isdigit():
                row = int(named[b"r"]) - 1
            if closing or empty:
                row, col = row + 1, 0
            if row >= MAX_ROWS:
                break
            continue
        if closing:
            continue
        ref = _REF.fullmatch(named.get(b"r", b""))
        cell_row, col = (int(ref[2]) - 1, column_number(ref[1])) if ref else (row, col)
        style = named.get(b"s", b"0")
        if (
            style.isdigit()
            and int(style) in formats
            and named.get(b"t") in _TEXT_TYPES
            and cell_row < MAX_ROWS
            and col < MAX_COLS
        ):
            found[(cell_row, col)] = formats[int(style)]
        col += 1
    return found


def legacy_font_cells(
    data: bytes, members: list[Member], sheet_names: list[str], limits: Limits | None = None
) -> dict[str, dict[tuple[int, int], str]]:
    """By sheet name: (row, col) → legacy encoding, for text cells formatted with a TCVN3 or
    VNI font; empty when the styles name no such font (or the package is not as expected)."""
    named = {m[0]: m for m in members}
    try:
        if "xl/styles.xml" not in named:
            return {}
        formats = _legacy_formats(fromstring(read_member(data, named["xl/styles.xml"], limits)))
        if not formats:
            return {}
        workbook = fromstring(read_member(data, named["xl/workbook.xml"], limits))
        rels = fromstring(read_member(data, named["xl/_rels/workbook.xml.rels"], limits))
        parts = _sheet_parts(workbook, rels)
        return {
            name: _cells(read_member(data, named[parts[name]], limits), formats)
            for name in sheet_names
            if parts.get(name) in named
        }
    except (KeyError, ParseError, DefusedXmlException, SheetsUnreadable):
        return {}  # what calamine read stands; the text is read without fonts
