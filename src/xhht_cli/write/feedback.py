"""Feedback workbooks: each commune gets its own file back with the problems marked.

For an xlsx input, a copy of the clerk's own workbook (their formatting kept) with each problem
cell filled and commented; otherwise the same on a freshly written form. A sheet ``Loi`` lists
every finding with a link to its cell. The input file is only ever read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from defusedxml.ElementTree import fromstring as defused_xml
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Color, PatternFill
from openpyxl.styles.fills import Fill, GradientFill
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from xhht_cli.base.i18n import Lang, fmt_num, tr
from xhht_cli.base.text import slug
from xhht_cli.rollup.outcome import Outcome
from xhht_cli.values.findings import Finding, Repeats, readable
from xhht_cli.values.results import Entry, Status, Validation
from xhht_cli.write.atomic import write_atomic
from xhht_cli.write.defuse import defuse
from xhht_cli.write.sources import by_file_name, file_name
from xhht_cli.write.style import BORDER, HEADER_FILL, WRAP, clean_text, font, put
from xhht_cli.write.template import build_template, layout_of

FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}
ERRORS_SHEET = "Loi"
SKIPPED = frozenset({Status.IGNORED, Status.SUPERSEDED})
# Larger workbooks (a clerk's household list pasted under the form) get a fresh form instead of
# a copy of their own: loading them whole would cost more than the rest of the batch.
OWN_COPY_MAX_BYTES = 5 * 2**20


def feedback_name(entry: Entry) -> str:
    """``<unit code>-<name without diacritics>.xlsx``; never a path outside the folder."""
    if entry.unit is not None:
        return f"{entry.unit.code}-{slug(entry.unit.name)}.xlsx"
    return f"khong-ro-don-vi-{slug(Path(entry.file.display).stem)}.xlsx"


def write_feedback(folder: Path, outcome: Outcome, lang: Lang = "vi") -> list[Path]:
    """One workbook per report with an error or a warning; returns the paths written."""
    validation, deadline = outcome.validation, outcome.deadline
    written: list[Path] = []
    used: set[str] = set()
    for entry in validation.entries:
        if not _gets_feedback(entry):
            continue
        name = feedback_name(entry)
        if name in used:  # a unit with several files: keep each
            name = f"{Path(name).stem}-{entry.file.sha256[:8]}.xlsx"
        used.add(name)
        target = folder / name
        try:
            workbook = _annotated(entry, validation, lang, deadline)
            write_atomic(target, lambda tmp, wb=workbook: wb.save(tmp))  # type: ignore[misc]
        except (OSError, MemoryError):
            raise  # the system's failure, named as such by the command
        except Exception:  # openpyxl cannot take the clerk's own workbook as it is
            workbook = _annotated(entry, validation, lang, deadline, own=False)  # a fresh form
            write_atomic(target, lambda tmp, wb=workbook: wb.save(tmp))  # type: ignore[misc]
        written.append(target)
    return written


def stale_feedback(folder: Path, outcome: Outcome, written: list[Path]) -> list[Path]:
    """The feedback workbooks in *folder* of this run's units that this run did not write:
    a unit whose report is now correct, or whose feedback now has another name (two reports in
    conflict got one each, with the file's hash; resolved, the one used gets the plain name).
    Only names :func:`feedback_name` gives, with or without a hash; files of other names, and
    of units not in this run, are never touched."""
    if not folder.is_dir():
        return []
    entries = outcome.validation.entries
    stale = {
        Path(feedback_name(e)).stem
        for e in entries
        if e.unit is not None and e.status in (Status.VALID, Status.SUPERSEDED, Status.INVALID)
    }
    kept = {p.name for p in written}
    return [
        path
        for path in sorted(folder.glob("*.xlsx"))
        if path.name not in kept
        and (path.stem in stale or re.sub(r"-[0-9a-f]{8}$", "", path.stem) in stale)
    ]


def _gets_feedback(entry: Entry) -> bool:
    """A report with an error or a warning to look at: an information alone asks the clerk
    nothing, and gets no workbook (docs/huong-dan-su-dung.md)."""
    return (
        entry.report is not None
        and any(f.severity != "info" for f in entry.findings)
        and entry.status not in SKIPPED
    )


def _annotated(
    entry: Entry, validation: Validation, lang: Lang, deadline: date | None, own: bool = True
) -> Workbook:
    """The clerk's own workbook marked, where it can be (*own*), else a fresh form holding
    the values read, marked at the form's cells (docs/huong-dan-su-dung.md, "Bước 3")."""
    findings = entry.findings
    own_copy = (
        own
        and entry.file.kind == "xlsx"
        and entry.report is not None
        and entry.report.layout == "form"
        and entry.file.size <= OWN_COPY_MAX_BYTES
        and not any(f.code == "sheet.truncated" for f in findings)
    )
    if own_copy:
        # Never loaded, so never written back: links to other workbooks, macros, embedded and
        # linked objects; what else reaches outside is made harmless (write/defuse.py).
        workbook = load_workbook(entry.file.path, keep_links=False, keep_vba=False)
        placed = findings + defuse(workbook, entry.file.display)
    else:
        workbook, placed = _fresh_form(entry, validation)
    _unmark(workbook)  # the clerk sent back our last feedback, fixed: its marks are old
    marks: dict[tuple[str, str], str] = {}
    for finding in placed:
        if finding.sheet in workbook.sheetnames and finding.cell:
            sheet = workbook[finding.sheet]
            cell, merged = _anchor(sheet, finding.cell)
            marks.setdefault((finding.sheet, cell.coordinate), _colour(cell))
            _mark(cell, finding, lang, merged)
    _remember(workbook, marks)
    if ERRORS_SHEET in workbook.sheetnames:
        del workbook[ERRORS_SHEET]
    _error_sheet(workbook.create_sheet(ERRORS_SHEET, 0), entry, validation, placed, lang, deadline)
    return workbook


def _fresh_form(entry: Entry, validation: Validation) -> tuple[Workbook, list[Finding]]:
    """The form of the unit with the values read, findings moved to the form's cells."""
    report = entry.report
    assert report is not None
    workbook = build_template(validation.plan, report.period or validation.period, entry.unit)
    sheet = workbook["BaoCao"]
    layout = layout_of(validation.plan)
    for code, value in report.values.items():
        raw = value.value if value.value is not None else value.raw
        put(sheet[layout.value_cell(code)], raw if isinstance(raw, (int, float, str)) else str(raw))
    moved = []
    for finding in entry.findings:
        cell = (
            layout.value_cell(finding.field)
            if finding.field in validation.plan.fields
            else (layout.unit_code if finding.code.startswith("unit.") else None)
        )
        params = finding.params
        if cell is None and finding.cell:  # no place on the form: where it is in the file sent
            params = {**params, SENT_AT: finding.where()}
        moved.append(
            Finding(
                finding.code,
                finding.severity,
                finding.path,
                "BaoCao",
                cell,
                finding.unit_code,
                finding.field,
                params,
                finding.custom,
            )
        )
    return workbook, moved


# A finding of the file sent that has no cell on the fresh form (a row of unknown code under
# the table) keeps, for the list, the cell it is at in the file the clerk sent.
SENT_AT = "_sent_at"
SENT = {"vi": "{where} (tệp đã gửi)", "en": "{where} (the file sent)"}


def _sent_at(finding: Finding) -> str | None:
    """Where a finding the fresh form has no cell for is in the file sent (else None)."""
    sent = finding.params.get(SENT_AT)
    return str(sent) if sent and not finding.cell else None


def _cell_named(finding: Finding | Repeats, lang: Lang) -> str:
    """The "Cell" column: the form's cell, or the sent file's when the form has none; for
    the rest of one code, the first and last of them."""
    if isinstance(finding, Repeats):
        if _sent_at(finding.first) and _sent_at(finding.last):  # said once for both
            return SENT[lang].format(where=finding.span(lambda one: _sent_at(one) or ""))
        return finding.span(lambda one: _cell_named(one, lang))
    sent = _sent_at(finding)
    return SENT[lang].format(where=sent) if sent else finding.where()


# A hidden sheet of the feedback workbook: each cell marked, with the fill it had before. A
# clerk often fixes the feedback workbook itself and sends it back; its next feedback puts the
# old fills back and drops the old notes first, so only this round's problems are marked.
MARKS_SHEET = "xhht-o-da-to"
AUTHOR = "xhht"


def _colour(cell: Cell | MergedCell) -> str:
    """A cell's fill as :data:`MARKS_SHEET` keeps it: the fill's own XML (a solid colour, a
    theme's, an indexed one, a pattern, a gradient), empty for none."""
    fill = cell.fill
    if fill is None or (isinstance(fill, PatternFill) and fill.patternType is None):
        return ""
    return str(tostring(fill.to_tree()).decode("utf-8"))


def _fill_of(colour: str) -> PatternFill | GradientFill:
    """The fill :func:`_colour` kept; also as the first records kept it (an RGB colour,
    ``theme:N:tint``). The record is the clerk's workbook: read without entities or DTDs."""
    if not colour:
        return PatternFill()
    if colour.startswith("<"):
        # the stubs want the C element's type; openpyxl reads any ElementTree element
        fill = Fill.from_tree(defused_xml(colour))  # type: ignore[arg-type]
        if fill is None:
            raise ValueError(colour)
        return fill
    if colour.startswith("theme:"):
        _, theme, tint = colour.split(":")
        return PatternFill("solid", fgColor=Color(theme=int(theme), tint=float(tint)))
    return PatternFill("solid", fgColor=colour)


def _unmark(workbook: Workbook) -> None:
    """Undo an earlier feedback's marks: the cells it recorded get their fills back and lose
    its notes; a cell with its note and a mark's fill but no record (a record edited away)
    loses both. Whatever the record holds that names no cell is passed over."""
    kept: dict[tuple[str, str], str] = {}
    if MARKS_SHEET in workbook.sheetnames:
        for line in workbook[MARKS_SHEET].iter_rows(values_only=True):
            if len(line) >= 2 and isinstance(line[0], str) and isinstance(line[1], str):
                kept[(line[0], line[1])] = str(line[2] or "") if len(line) > 2 else ""
        del workbook[MARKS_SHEET]
    for sheet in workbook.worksheets:
        for cell in list(sheet._cells.values()):  # the cells there are: no grid is walked
            if isinstance(cell, Cell):
                note = cell.comment
                if note is None or note.author != AUTHOR or (sheet.title, cell.coordinate) in kept:
                    continue
                if _marked(cell):
                    cell.comment, cell.fill = None, PatternFill()
    sheets = {sheet.title: sheet for sheet in workbook.worksheets}
    for (title, where), colour in kept.items():
        try:  # only a cell that is there: looking one up would make it
            place = coordinate_to_tuple(where)
        except (ValueError, TypeError, KeyError, IndexError):
            continue  # not a cell: the clerk's words, or a damaged record
        found = sheets[title]._cells.get(place) if title in sheets else None
        if not isinstance(found, Cell):
            continue
        if found.comment is not None and found.comment.author == AUTHOR:
            found.comment = None
        try:
            found.fill = _fill_of(colour)
        except (ValueError, TypeError, KeyError, AttributeError, SyntaxError):
            # not a fill (a damaged record; defusedxml's refusals are ValueErrors): no fill
            # rather than the mark's
            if _marked(found):
                found.fill = PatternFill()


def _marked(cell: Cell) -> bool:
    """Whether *cell* has one of the fills :func:`_mark` gives."""
    colour = getattr(cell.fill, "fgColor", None)  # a gradient has none
    return colour is not None and colour.rgb in {fill.fgColor.rgb for fill in FILLS.values()}


def _remember(workbook: Workbook, marks: dict[tuple[str, str], str]) -> None:
    if not marks:
        return
    sheet = workbook.create_sheet(MARKS_SHEET)
    sheet.sheet_state = "hidden"
    for (title, where), colour in marks.items():
        sheet.append([title, where, colour])


def _anchor(sheet: Worksheet, where: str) -> tuple[Cell, str | None]:
    """The cell that carries *where*'s mark: itself, or — when the clerk merged it with its
    neighbours — the merged range's first cell (the only one that holds a value, a fill and a
    note), with the range."""
    cell = sheet[where]
    if isinstance(cell, Cell):
        return cell, None
    for merged in sheet.merged_cells.ranges:
        if where in merged:
            first = sheet.cell(merged.min_row, merged.min_col)
            assert isinstance(first, Cell)
            return first, merged.coord
    raise ValueError(where)  # a merged cell lies in a range: never here


def _mark(cell: Cell, finding: Finding, lang: Lang, merged: str | None = None) -> None:
    """Colour *cell* and note why; *merged*: the finding's cell lies in that merged range."""
    if finding.severity == "error" or cell.fill not in (FILLS["error"], FILLS["warning"]):
        cell.fill = FILLS.get(finding.severity, FILLS["warning"])
    text = _for_clerk(finding, lang)
    if merged is not None and finding.code != "value.merged":  # that one says it already
        text += "\n" + tr("feedback.merged_cell", lang, cell=finding.cell, range=merged)
    if cell.comment is not None and cell.comment.author == AUTHOR:  # another of this round
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(clean_text(text), AUTHOR)
    comment.width, comment.height = 320, 160
    cell.comment = comment


def _for_clerk(finding: Finding, lang: Lang) -> str:
    """A finding's message as the commune's clerk reads it: in her words where they differ
    (``clerk.<code>``), another file named by its name alone (the path is the office's)."""
    finding = by_file_name(finding)  # her files by their names, not the office's paths
    files = finding.params.get("files")
    if isinstance(files, list):  # a conflict: this file, and each of the others
        named = {
            "others": ", ".join(f'"{name}"' for name in files),
            "this": file_name(finding.path),
            "count": len(files) + 1,
        }
        finding = replace(finding, params={**finding.params, **named})
    return finding.message(lang, reader="clerk")


def _field_name(finding: Finding, validation: Validation, lang: Lang) -> str:
    """The field a finding is about as the clerk reads it on the form, its code beside."""
    fdef = validation.plan.fields.get(finding.field or "")
    if fdef is None:
        return finding.field or ""
    label = (fdef.label_en or fdef.label) if lang == "en" else fdef.label
    return f"{label} ({finding.field})"


def _cell_order(finding: Finding) -> tuple[int, str, int, int]:
    """The form's order: the problems of the whole file first, then cell by cell, row by row
    (``E9`` before ``E14``, ``C7`` before ``E7``), then those the form has no cell for, in
    the order of their cells in the file sent."""
    sent = _sent_at(finding)
    sheet, _, cell = sent.rpartition("!") if sent else (finding.sheet or "", "", finding.cell)
    found = re.fullmatch(r"([A-Z]+)(\d+)", cell or "")
    if found is None:
        return (0, sheet, 0, 0)
    column = 0
    for letter in found.group(1):
        column = column * 26 + ord(letter) - 64
    return (2 if sent else 1, sheet, int(found.group(2)), column)


TITLE = {
    "vi": "PHẢN HỒI BÁO CÁO XÂY DỰNG XÃ HỘI HỌC TẬP NĂM {period}",
    "en": "FEEDBACK ON THE LEARNING-SOCIETY REPORT, {period}",
}
UNIT = {"vi": "Đơn vị: {unit}", "en": "Unit: {unit}"}
PLAN = {"vi": "Kế hoạch: {plan}", "en": "Plan: {plan}"}
DEADLINE = {"vi": "Hạn nộp: {date}", "en": "Deadline: {date}"}
TODO = {
    "vi": "Cách sửa: sửa các ô được tô màu trong trang {sheet} (di chuột vào ô để đọc ghi chú; "
    "danh sách ở bảng dưới), cập nhật ô Ngày báo cáo thành ngày gửi lại, lưu tệp và "
    "gửi lại chính tệp này. Không cần xóa trang này.",
    "en": "To do: correct the coloured cells on sheet {sheet} (hover a cell to read its note; "
    "the list is below), set the report date to the day you send it again, save and send "
    "this file back. This sheet may stay.",
}
TODO_VALID = {  # a valid report with warnings: it is used as it is; sending again is a choice
    "vi": "Báo cáo đã hợp lệ và được tổng hợp. Các ô được tô màu trong trang {sheet} là cảnh báo "
    "(di chuột vào ô để đọc ghi chú; danh sách ở bảng dưới): hãy kiểm tra lại; chỉ gửi lại tệp "
    "này nếu có sửa, khi đó cập nhật ô Ngày báo cáo thành ngày gửi lại.",
    "en": "The report is valid and was used. The coloured cells on sheet {sheet} are warnings "
    "(hover a cell to read its note; the list is below): check them; send this file back only "
    "if you correct something, with the report date set to the day you send it.",
}
TODO_CONFLICT = {  # several different reports with one date: only the right one goes back
    "vi": "Cách sửa: xã đã gửi nhiều báo cáo khác nhau cùng ghi một ngày (xem bảng dưới). Chọn "
    "bản đúng. Nếu là tệp này: sửa các ô được tô màu trong trang {sheet} (nếu có), cập nhật ô "
    "Ngày báo cáo thành ngày gửi lại, lưu và chỉ gửi lại tệp này. Nếu không: không gửi lại tệp "
    "này.",
    "en": "To do: the commune sent several different reports with the same date (see the list "
    "below). Choose the right one. If it is this file: correct the coloured cells on sheet "
    "{sheet} (if any), set the report date to the day you send it, save and send only this "
    "file. If not: do not send this file back.",
}
HEADS = {
    "vi": ("STT", "Mức độ", "Ô", "Chỉ tiêu", "Nội dung cần sửa", "Mã lỗi"),
    "en": ("No.", "Severity", "Cell", "Field", "What to correct", "Code"),
}
# A report with warnings only: nothing must be corrected, each point looked at
HEADS_VALID = {
    "vi": ("STT", "Mức độ", "Ô", "Chỉ tiêu", "Nội dung cần xem lại", "Mã"),
    "en": ("No.", "Severity", "Cell", "Field", "What to check", "Code"),
}
REPEATS = {  # values/findings.py `readable`: the rest of one code, counted
    "vi": "Còn {count} mục cùng mã này, từ ô đầu đến ô cuối ghi bên trái; không liệt kê từng mục.",
    "en": "{count} more with this code, from the first to the last cell named to the left; not "
    "listed one by one.",
}
REPEATS_TODO = {  # after REPEATS, for an error or a warning (an information asks nothing)
    "vi": " Sửa (hoặc xóa) như các mục trên.",
    "en": " Correct (or delete) them as above.",
}
_LINE_CHARS = (13, 32, 85)  # the characters a line of the list's columns C, D and E holds
SEVERITY = {
    "vi": {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"},
    "en": {"error": "Error", "warning": "Warning", "info": "Note"},
}


def _error_sheet(
    sheet: Worksheet,
    entry: Entry,
    validation: Validation,
    findings: list[Finding],
    lang: Lang,
    deadline: date | None,
) -> None:
    """The problems of one report: a title saying whose report, which period and plan and by
    when, what to do (correct the coloured cells, update the date, send it back), then one
    row per problem with a link to its cell. Prints on pages one wide."""
    report = entry.report
    period = (report.period if report else None) or validation.period
    unit = f"{entry.unit.code} {entry.unit.name}" if entry.unit else Path(entry.file.display).name
    lines = [
        TITLE[lang].format(period=period),
        UNIT[lang].format(unit=unit),
        PLAN[lang].format(plan=validation.plan.name),
    ]
    if deadline is not None:
        lines.append(DEADLINE[lang].format(date=deadline.strftime("%d/%m/%Y")))
    # the sheet to correct in this workbook: the clerk's own, or the fresh form's
    names = sheet.parent.sheetnames if sheet.parent is not None else []
    sheet_name = report.sheet if report and report.sheet in names else "BaoCao"
    valid = entry.status == Status.VALID  # warnings only: nothing must be sent again
    conflict = any(f.code == "report.conflict" for f in findings)  # which one to send is hers
    todo = TODO_VALID if valid else TODO_CONFLICT if conflict else TODO
    lines.append(todo[lang].format(sheet=sheet_name))
    for row, text in enumerate(lines, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        cell = sheet.cell(row, 1)
        put(cell, text)
        cell.font = font(bold=row == 1, size=14 if row == 1 else 12)
        cell.alignment = WRAP
    sheet.row_dimensions[len(lines)].height = 48  # the instructions: three lines
    head = len(lines) + 2
    for col, title in enumerate((HEADS_VALID if valid else HEADS)[lang], start=1):
        cell = sheet.cell(head, col, title)
        cell.font, cell.fill, cell.border = font(bold=True), HEADER_FILL, BORDER
    listed, repeats = readable(sorted(findings, key=_cell_order))
    rows: list[Finding | Repeats] = [*listed, *repeats]
    for row, finding in enumerate(rows, start=head + 1):
        if isinstance(finding, Repeats):  # the rest of one code, on one row
            field = ""
            text = REPEATS[lang].format(count=fmt_num(finding.count, lang))
            text += REPEATS_TODO[lang] if finding.severity != "info" else ""
        else:
            field, text = _field_name(finding, validation, lang), _for_clerk(finding, lang)
        severity = SEVERITY[lang].get(finding.severity, finding.severity)
        values = (row - head, severity, _cell_named(finding, lang), field, text, finding.code)
        for col, value in enumerate(values, start=1):
            target = sheet.cell(row, col)
            put(target, value)
            target.font, target.border, target.alignment = font(), BORDER, WRAP
        # spreadsheet programs do not grow a row for wrapped text written by another program
        tall = max(-(-len(str(v)) // w) for v, w in zip(values[2:5], _LINE_CHARS, strict=True))
        sheet.row_dimensions[row].height = 16 * max(1, tall)
        target_of = finding.first if isinstance(finding, Repeats) else finding
        if target_of.sheet and target_of.cell:  # the first of the counted rest, for those
            link = sheet.cell(row, 3)
            link.hyperlink = Hyperlink(
                ref=link.coordinate,
                location=f"'{clean_text(target_of.sheet).replace(chr(39), chr(39) * 2)}'!{target_of.cell}",
            )
            link.font = font(color="0563C1")
    for letter, width in zip("ABCDEF", (6, 10, 14, 30, 80, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{head + 1}"
    sheet.print_title_rows = f"{head}:{head}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
