"""What in a clerk's workbook reaches outside it, made harmless before the workbook goes back
to the commune as feedback (write/feedback.py), with the province's authority.

A formula that calls out — dynamic data exchange (``=cmd|' /C calc'!A0``), a reference to
another workbook (``[1]Sheet1!A1``, ``'[b.xlsx]S'!A1``), ``HYPERLINK``, ``WEBSERVICE``,
``FILTERXML``, ``CALL``, ``REGISTER``, ``RTD``, the ``IMPORT…`` family, ``IMAGE`` — becomes its
own text; a link to an address outside the workbook is removed (the cell's text stays); a
defined name, a data validation or a conditional format that calls out is dropped. Each change
is an ``info`` finding at its cell, so the clerk sees what changed and why. The clerk's own
arithmetic (``=SUM(E30:E31)``) stays a formula. External-link parts, macros (vbaProject) and
embedded or linked objects are not loaded at all (``load_workbook(keep_links=False)``, no
``keep_vba``): they are never written back.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.worksheet.formula import ArrayFormula

from xhht_cli.values.findings import Finding
from xhht_cli.write.style import put

_STRING = re.compile(r'"(?:[^"]|"")*"')  # a text literal: what it says is not a call
_OUTSIDE = re.compile(
    r"\|"  # dynamic data exchange: application|topic!item
    r"|\[[^\[\]]*\][^\[\]!(),;]*!"  # [1]Sheet1!A1, '[b.xlsx]Sheet'!A1, 'C:\[b.xlsx]S'!A1
    r"|\[\d+\]"  # [1]!Name: a name in another workbook
    r"|(?<![\w.])(?:_xlfn\.|_xlws\.)?"
    r"(?:HYPERLINK|WEBSERVICE|FILTERXML|CALL|REGISTER(?:\.ID)?|RTD|IMPORT[A-Z]*|IMAGE|EXEC"
    r"|SQL\.REQUEST|DDE[A-Z]*)\s*\(",
    re.IGNORECASE,
)
SHOWN = 200  # characters of a formula or an address quoted in a finding


def reaches_outside(formula: str) -> bool:
    """Whether *formula* calls or refers to anything outside its workbook."""
    return _OUTSIDE.search(_STRING.sub('""', formula)) is not None


def _formula(value: Any) -> str | None:
    if isinstance(value, ArrayFormula):
        return value.text
    if isinstance(value, str) and value.startswith("="):
        return value
    return None


def _cells(workbook: Workbook, path: str) -> list[Finding]:
    found: list[Finding] = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                formula = _formula(cell.value)
                if formula is not None and cell.data_type == "f" and reaches_outside(formula):
                    put(cell, formula)
                    found.append(
                        Finding(
                            "feedback.formula_as_text",
                            "info",
                            path,
                            sheet.title,
                            cell.coordinate,
                            params={"formula": formula[:SHOWN]},
                        )
                    )
                link = cell.hyperlink
                if link is not None and link.target:
                    cell.hyperlink = None
                    found.append(
                        Finding(
                            "feedback.link_removed",
                            "info",
                            path,
                            sheet.title,
                            cell.coordinate,
                            params={"target": str(link.target)[:SHOWN]},
                        )
                    )
    return found


def _names(workbook: Workbook, path: str) -> list[Finding]:
    """Defined names (the workbook's and each sheet's) that call out, dropped."""
    found: list[Finding] = []
    scopes: list[tuple[Any, str | None]] = [(workbook.defined_names, None)]
    scopes += [(sheet.defined_names, sheet.title) for sheet in workbook.worksheets]
    for names, sheet in scopes:
        for name in [n for n, d in names.items() if reaches_outside(str(d.attr_text or ""))]:
            formula = str(names[name].attr_text)
            del names[name]
            found.append(
                Finding(
                    "feedback.name_removed",
                    "info",
                    path,
                    sheet,
                    params={"name": name, "formula": formula[:SHOWN]},
                )
            )
    return found


def _rules(workbook: Workbook) -> None:
    """Data validations and conditional formats whose formulas call out, dropped."""
    for sheet in workbook.worksheets:
        validations = sheet.data_validations.dataValidation
        validations[:] = [
            v
            for v in validations
            if not any(reaches_outside(str(f or "")) for f in (v.formula1, v.formula2))
        ]
        kept = ConditionalFormattingList()
        for target in sheet.conditional_formatting:
            for rule in target.rules:
                if not any(reaches_outside(str(f)) for f in rule.formula):
                    kept.add(str(target.sqref), rule)
        sheet.conditional_formatting = kept


def defuse(workbook: Workbook, path: str) -> list[Finding]:
    """Make what in *workbook* reaches outside it harmless; a finding for each change."""
    found = _cells(workbook, path) + _names(workbook, path)
    _rules(workbook)
    return found
