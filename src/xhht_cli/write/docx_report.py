"""The draft of the yearly written report (``--docx``; spec/report.md, "The draft written
report"): laid out as NĐ 30/2020/NĐ-CP, Phụ lục I asks, every number filled in the Vietnamese
way, and marked placeholders for what only people can write.

python-docx writes plain runs: a unit's name or a finding's message is text in a ``w:t``,
never a field, a hyperlink or a macro (the document is a .docx, which cannot hold macros). The
one field is the page number, which this module writes itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as Docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from xhht_cli.aggregate import IndicatorResult, Summary, UnitResult
from xhht_cli.i18n import fmt_num
from xhht_cli.plans import Plan, RatioIndicator
from xhht_cli.write.atomic import write_atomic
from xhht_cli.write.letterhead import MOTTO, Letterhead
from xhht_cli.write.report_history import NO_HISTORY_TEXT, VERDICT_VI, History, history_of
from xhht_cli.write.summary.charts import chart_units
from xhht_cli.write.summary.formats import LEVEL_VI, STATUS_VI

FONT = "Times New Roman"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PLACEHOLDERS = (
    "đánh giá chung về kết quả đạt được",
    "những hạn chế và nguyên nhân",
    "nhiệm vụ, giải pháp trong thời gian tới",
    "kiến nghị, đề xuất",
)
LEADERS = 3  # units named as furthest ahead and furthest behind on each main indicator


def placeholder(what: str) -> str:
    return f"[…cần bổ sung: {what}…]"


def pct(value: float | None) -> str:
    """``56,5%`` (— without a value)."""
    return "—" if value is None else f"{fmt_num(value, 'vi', 1)}%"


def num(value: float | int | None) -> str:
    """``238.516``."""
    return fmt_num(value, "vi")


def points(value: float | None) -> str:
    """A change in percentage points, signed: ``+2,3 điểm %``."""
    if value is None:
        return "—"
    return f"{'+' if value > 0 else ''}{fmt_num(value, 'vi', 1)} điểm %"


def write_report(
    target: Path, summary: Summary, letterhead: Letterhead, day: date | None = None
) -> None:
    """Write the draft atomically to *target*, dated *day* (today by default)."""
    document = build_report(summary, letterhead, day or date.today())
    write_atomic(target, lambda tmp: document.save(str(tmp)))


def build_report(summary: Summary, letterhead: Letterhead, day: date) -> Docx:
    """The draft as a python-docx document."""
    doc = Document()
    _page(doc)
    top = summary.top[0] if summary.top else None
    history = history_of(summary, top.unit.code) if top else None
    _header(doc, letterhead, day, summary, top)
    _reporting(doc, summary)
    if top is not None:
        _results(doc, summary, top, history)
        _milestones(doc, summary, top, history)
        _leaders(doc, summary)
    _people(doc)
    _signature(doc, letterhead)
    return doc


def _plain(text: str) -> str:
    return _CONTROL.sub("", text)


def _para(
    doc_or_cell: Docx | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: str | None = None,
    indent: bool = False,
) -> Paragraph:
    paragraph = doc_or_cell.add_paragraph()
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(3)
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "justify":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        fmt.first_line_indent = Cm(1)
    return paragraph


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    underline: bool = False,
    mark: bool = False,
) -> None:
    run = paragraph.add_run(_plain(text))
    run.bold, run.italic = bold or None, italic or None
    if underline:
        run.underline = True
    if size is not None:
        run.font.size = Pt(size)
    if mark:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _page(doc: Docx) -> None:
    """A4 portrait, NĐ 30's margins and font, the page number centred at the top from the
    second page on (Phụ lục I, I.7)."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = number.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind is None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
        else:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)


def _grid(doc: Docx, rows: int, cols: int, widths: Sequence[float], border: bool) -> Table:
    table: Table = doc.add_table(rows=rows, cols=cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if border:
        table.style = "Table Grid"
        head = table.rows[0]._tr.get_or_add_trPr()  # the heads again on every page
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        head.append(repeat)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _cell(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 11,
    align: str = "center",
    underline: bool = False,
) -> Paragraph:
    first = cell.paragraphs[0]
    fresh = len(cell.paragraphs) == 1 and not first.runs
    paragraph: Paragraph = first if fresh else cell.add_paragraph()
    _run(paragraph, text, bold=bold, italic=italic, size=size, underline=underline)
    paragraph.alignment = (
        WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.LEFT
    )
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _header(
    doc: Docx, head: Letterhead, day: date, summary: Summary, top: UnitResult | None
) -> None:
    """Issuing body top left under its parent, motto top right; number, place and date;
    ``BÁO CÁO`` and the summary line (Phụ lục I, II.1–5)."""
    table = _grid(doc, 1, 2, (6.0, 10.5), border=False)
    left, right = table.rows[0].cells
    if head.parent_agency:
        _cell(left, head.parent_agency.upper(), size=13)
    _cell(left, head.agency.upper(), bold=True, size=13)
    _cell(left, "────────", size=9)
    _cell(left, "", size=9)
    _cell(left, head.number_line, size=13)
    _cell(right, MOTTO[0], bold=True, size=12)
    _cell(right, MOTTO[1], bold=True, size=13, underline=True)
    _cell(right, "", size=9)
    _cell(right, head.date_line(day), italic=True, size=13)
    _para(doc)
    _para(doc, "BÁO CÁO", bold=True, align="center")
    who = f" của {top.unit.name}" if top else ""
    _para(
        doc, f"Kết quả xây dựng xã hội học tập năm {summary.period}{who}", bold=True, align="center"
    )
    _para(doc, "────────", size=9, align="center")


def _heading(doc: Docx, text: str) -> None:
    _para(doc, text, bold=True, align="justify")


def _reporting(doc: Docx, summary: Summary) -> None:
    """Section 1: who reported, on time or late, valid or not, and who did not, by name."""
    groups = summary.validation.completeness
    _heading(doc, "I. TÌNH HÌNH BÁO CÁO")
    expected = sum(len(g.expected) for g in groups)
    received = sum(len(g.received) for g in groups)
    valid = sum(len(g.valid) for g in groups)
    invalid = sum(len(g.invalid) for g in groups)
    unreadable = sum(len(g.unreadable) for g in groups)
    missing = [(u, g.parent) for g in groups for u in g.missing]
    timely = ""
    if groups and all(g.on_time is not None for g in groups):
        on_time = sum(len(g.on_time or ()) for g in groups)
        late = sum(len(g.late or ()) for g in groups)
        timely = f" (đúng hạn {num(on_time)}, trễ hạn {num(late)})"
    _para(
        doc,
        f"Số xã dự kiến báo cáo: {num(expected)}; đã nhận: {num(received)}{timely}; hợp lệ: "
        f"{num(valid)} ({pct(valid / expected * 100 if expected else None)}); có lỗi: "
        f"{num(invalid)}; không đọc được: {num(unreadable)}; chưa nộp: {num(len(missing))}.",
        align="justify",
        indent=True,
    )
    if missing:
        names = "; ".join(f"{u.name}{_under(p)}" for u, p in missing)
        _para(doc, f"Các xã chưa nộp báo cáo: {names}.", align="justify", indent=True)
    chase = [(c, g.parent) for g in groups for c in g.chase]
    if chase:
        _para(doc, "Các xã cần gửi lại báo cáo:", align="justify", indent=True)
        for c, parent in chase:
            first = c.first_error.message("vi").rstrip(". ") if c.first_error else ""
            text = f"- {c.unit.name}{_under(parent)}: {STATUS_VI[c.status]}"
            _para(doc, f"{text}{f' ({first})' if first else ''}.", align="justify", indent=True)


def _under(parent: object) -> str:
    name = getattr(parent, "name", "")
    return f" ({name})" if name else ""


def _section_of(plan: Plan) -> dict[str, str]:
    """Indicator code → the label of the plan section its first field belongs to."""
    owner = {f.code: s.label for s in plan.sections for f in s.fields}
    found: dict[str, str] = {}
    for ind in plan.indicators:
        first = ind.numerator_terms[0] if isinstance(ind, RatioIndicator) else ind.field
        found[ind.code] = owner.get(first.lstrip("+-").strip(), "CHỈ TIÊU KHÁC")
    return found


def _results(doc: Docx, summary: Summary, top: UnitResult, history: History | None) -> None:
    """Section 2: one row per indicator, by section of the plan."""
    _heading(doc, "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    if history is None:
        _para(
            doc,
            f"So sánh với kỳ trước: {NO_HISTORY_TEXT}.",
            italic=True,
            align="justify",
            indent=True,
        )
    by_section: dict[str, list[str]] = {}
    for code, section in _section_of(summary.plan).items():
        if code in top.indicators:
            by_section.setdefault(section, []).append(code)
    heads = (
        "Chỉ tiêu",
        "Kết quả",
        "Tỷ lệ",
        "Kỳ trước / thay đổi",
        "Mục tiêu",
        "Đánh giá",
        "Chênh lệch",
    )
    for number, (section, codes) in enumerate(by_section.items(), start=1):
        _para(doc, f"{number}. {section.capitalize()}", bold=True, align="justify")
        table = _grid(doc, 1 + len(codes), 7, (4.6, 3.0, 1.5, 2.1, 1.7, 1.5, 1.6), True)
        for cell, head in zip(table.rows[0].cells, heads, strict=True):
            _cell(cell, head, bold=True, size=10)
        for row, code in zip(table.rows[1:], codes, strict=True):
            ind = top.indicators[code]
            past = history.indicators.get(code) if history else None
            before = "—"
            if past is not None and past.previous is not None:
                before = f"{pct(past.previous.value)} ({past.previous.period}); " + points(
                    past.previous.change
                )
            cells = (
                summary.plan.indicator_map[code].name,
                _ratio(ind),
                pct(ind.value),
                before,
                _target(ind),
                {True: "Đạt", False: "Chưa đạt", None: "—"}[ind.met],
                _gap(ind),
            )
            for i, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
                _cell(cell, text, size=10, align="left" if i == 0 else "center")


def _ratio(ind: IndicatorResult) -> str:
    if ind.numerator is None or ind.denominator is None:
        return "—"
    return f"{num(ind.numerator)}/{num(ind.denominator)}"


def _target(ind: IndicatorResult) -> str:
    if ind.target_count is not None:
        return f"{num(ind.target_count)} đơn vị"
    return pct(ind.target)


def _gap(ind: IndicatorResult) -> str:
    if ind.target_count is not None:
        return "—" if ind.gap is None else f"{num(ind.gap)} đơn vị"
    return points(ind.gap)


def _milestones(doc: Docx, summary: Summary, top: UnitResult, history: History | None) -> None:
    """Section 3: each indicator's value against the plan's milestones still ahead."""
    plan, period = summary.plan, int(summary.period)
    years = [y for y in plan.milestones if y >= period]
    _heading(doc, f"III. TIẾN ĐỘ ĐẾN CÁC MỐC {', '.join(map(str, years)) or '—'}")
    if history is None:
        _para(
            doc,
            f"Dự báo và đánh giá tiến độ: {NO_HISTORY_TEXT}.",
            italic=True,
            align="justify",
            indent=True,
        )
    rows: list[tuple[str, ...]] = []
    for code, ind in top.indicators.items():
        past = history.indicators.get(code) if history else None
        ahead = {m.year: m for m in past.milestones} if past else {}
        for year in years:
            found = plan.targets_for(code, year, top.unit.level)
            if not found or found[0].value is None:
                continue
            mark = ahead.get(year)
            rows.append(
                (
                    plan.indicator_map[code].name,
                    pct(ind.value),
                    str(year),
                    pct(found[0].value),
                    pct(mark.projected) if mark else "—",
                    VERDICT_VI.get(mark.verdict, mark.verdict) if mark else "—",
                )
            )
    if not rows:
        _para(doc, "Kế hoạch không đặt mục tiêu cho các mốc còn lại.", align="justify", indent=True)
        return
    heads = ("Chỉ tiêu", "Hiện nay", "Mốc", "Mục tiêu", "Dự báo", "Đánh giá")
    table = _grid(doc, 1 + len(rows), 6, (6.0, 1.8, 1.3, 1.8, 1.8, 3.3), True)
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        _cell(cell, head, bold=True, size=10)
    for row, texts in zip(table.rows[1:], rows, strict=True):
        for i, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            _cell(cell, text, size=10, align="left" if i == 0 else "center")


def _leaders(doc: Docx, summary: Summary) -> None:
    """Section 4: the units furthest ahead and furthest behind on each ratio indicator with a
    target at the top (the plan's main indicators)."""
    levels = [lvl for lvl in summary.validation.registry.levels if lvl != "commune"][1:]
    level = levels[-1] if levels else "commune"
    units = summary.at_level(level)
    word = LEVEL_VI.get(level, "đơn vị")
    _heading(doc, f"IV. CÁC {word.upper()} DẪN ĐẦU VÀ CÒN CHẬM")
    top = summary.top[0]
    for ind in summary.plan.indicators:
        result = top.indicators.get(ind.code)
        if not isinstance(ind, RatioIndicator) or result is None or result.target is None:
            continue
        shown, _ = chart_units(units, ind.code)
        ranked = [u for u in shown if u is not None]
        if len(ranked) < 2:
            continue
        count = min(LEADERS, len(ranked) // 2)

        def named(part: list[UnitResult], code: str = ind.code) -> str:
            return ", ".join(f"{u.unit.name} ({pct(u.indicators[code].value)})" for u in part)

        paragraph = _para(doc, align="justify", indent=True)
        _run(paragraph, f"{ind.name}: ", italic=True)
        _run(
            paragraph,
            f"cao nhất {named(ranked[:count])}; thấp nhất "
            f"{named(list(reversed(ranked[-count:])))}.",
        )


def _people(doc: Docx) -> None:
    """Section 5: what only people can write, marked."""
    _heading(doc, "V. ĐÁNH GIÁ CHUNG, NGUYÊN NHÂN VÀ KIẾN NGHỊ")
    for number, what in enumerate(PLACEHOLDERS, start=1):
        paragraph = _para(doc, f"{number}. {what.capitalize()}: ", align="justify", indent=True)
        _run(paragraph, placeholder(what), mark=True)


def _signature(doc: Docx, head: Letterhead) -> None:
    """Recipients left, the signer's authority, title and name right (Phụ lục I, II.7, II.9)."""
    _para(doc)
    table = _grid(doc, 1, 2, (7.0, 9.0), border=False)
    left, right = table.rows[0].cells
    _cell(left, "Nơi nhận:", bold=True, italic=True, size=12, align="left")
    for recipient in head.recipients:
        _cell(left, f"- {recipient.lstrip('- ')}", size=11, align="left")
    for line in head.title_lines:
        _cell(right, line, bold=True, size=14)
    for _ in range(4):
        _cell(right, "", size=14)
    _cell(right, head.signer_name, bold=True, size=14)
