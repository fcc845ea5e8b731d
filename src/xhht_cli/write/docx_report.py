"""The draft of the yearly written report (``--docx``; docs/documents.md, "The draft written
report"), a rendering of the run's :class:`~xhht_cli.rollup.outcome.Outcome`: laid out as NĐ 30/2020/NĐ-CP, Phụ lục I asks, every number filled in the Vietnamese
way, and marked placeholders for what only people can write.

Written by :mod:`xhht_cli.write.wordml`: a unit's name or a finding's message is the text of a
run, never a field, a link or a macro. The one field is the page number it writes itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from xhht_cli.base.i18n import fmt_num
from xhht_cli.plans import Plan, RatioIndicator
from xhht_cli.rollup.outcome import IndicatorResult, Outcome, UnitResult
from xhht_cli.write.appendix import sources_appendix
from xhht_cli.write.atomic import write_atomic
from xhht_cli.write.letterhead import MOTTO, Letterhead, in_sentence
from xhht_cli.write.report_history import NO_HISTORY_TEXT, History, history_of
from xhht_cli.write.sources import by_file_name, file_name
from xhht_cli.write.summary.charts import chart_units
from xhht_cli.write.summary.formats import (
    LEVEL_VI,
    STATUS_VI,
    change_shown,
    met_text,
    result_text,
    short_digits,
)
from xhht_cli.write.summary.progress import VERDICT_VI, data_text, shortage
from xhht_cli.write.wordml import Document, Para, Run, para

PLACEHOLDERS = (
    "đánh giá chung về kết quả đạt được",
    "những hạn chế và nguyên nhân",
    "nhiệm vụ, giải pháp trong thời gian tới",
    "kiến nghị, đề xuất",
)
LEADERS = 3  # units named as furthest ahead and furthest behind on each main indicator


def placeholder(what: str) -> str:
    return f"[…cần bổ sung: {what}…]"


def pct(value: float | None, digits: int = 1) -> str:
    """``56,5%`` (— without a value)."""
    return "—" if value is None else f"{fmt_num(value, 'vi', digits)}%"


def num(value: float | int | None) -> str:
    """``238.516``."""
    return fmt_num(value, "vi")


def points(value: float | None, digits: int = 1) -> str:
    """A change in percentage points, signed: ``+2,3 điểm %``; one too small to show at
    *digits* is ``0,0 điểm %``, never ``-0,0`` or ``+0,0``."""
    shown = change_shown(value, digits)
    if shown is None:
        return "—"
    return f"{'+' if shown > 0 else ''}{fmt_num(shown, 'vi', digits)} điểm %"


def write_report(
    target: Path, outcome: Outcome, letterhead: Letterhead, day: date | None = None
) -> None:
    """Write the draft atomically to *target*, dated *day* (today by default)."""
    day = day or date.today()
    document = build_report(outcome, letterhead, day)
    title = f"Báo cáo kết quả xây dựng xã hội học tập năm {outcome.period}"
    write_atomic(target, lambda tmp: document.save(str(tmp), title, day))


def build_report(outcome: Outcome, letterhead: Letterhead, day: date) -> Document:
    """The draft as a :class:`~xhht_cli.write.wordml.Document`."""
    doc = Document()
    top = outcome.top
    history = history_of(outcome, top.unit.code) if top else None
    _header(doc, letterhead, day, outcome, top)
    for stamp in outcome.approval.stamps("vi") if outcome.approval else []:  # docs/approval.md
        doc.add(para(stamp, "center", italic=True, size=12))
    _reporting(doc, outcome)
    if top is not None:
        _results(doc, outcome, top, history)
        _milestones(doc, outcome, top, history)
        _leaders(doc, outcome, top)
    _people(doc)
    _signature(doc, letterhead)
    sources_appendix(doc, outcome)
    return doc


def _body(text: str, italic: bool = False) -> Para:
    """A paragraph of the body: justified, its first line indented."""
    return Para((Run(text, italic=italic),), "both", indent=True)


def _cell(text: str, bold: bool = False, align: str = "center", size: float = 10) -> list[Para]:
    """A table cell: a paragraph a line of *text* (a value and its change each whole)."""
    return [Para((Run(line, bold=bold, size=size),), align, after=0) for line in text.split("\n")]


def _table(
    doc: Document, heads: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[float, ...]
) -> None:
    """A bordered table: *heads* in bold, the first column left, the others centred."""
    doc.table(
        [
            [_cell(h, bold=True) for h in heads],
            *[
                [_cell(t, align="left" if i == 0 else "center") for i, t in enumerate(r)]
                for r in rows
            ],
        ],
        widths,
    )


def _header(
    doc: Document, head: Letterhead, day: date, outcome: Outcome, top: UnitResult | None
) -> None:
    """Issuing body top left under its parent, motto top right; number, place and date;
    ``BÁO CÁO`` and the summary line (Phụ lục I, II.1–5)."""
    left = [
        *([para(head.parent_agency.upper(), "center", size=13)] if head.parent_agency else []),
        para(head.agency.upper(), "center", bold=True, size=13),
        para("────────", "center", size=9),
        para(head.number_line, "center", size=13),
    ]
    right = [
        para(MOTTO[0], "center", bold=True, size=12),
        para(MOTTO[1], "center", bold=True, size=13, underline=True),
        para(),
        para(head.date_line(day), "center", italic=True, size=13),
    ]
    # the issuing body's column holds "SỞ GIÁO DỤC VÀ ĐÀO TẠO" on one line (13 pt capitals),
    # the motto's holds "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12 pt)
    doc.table([[left, right]], (7.2, 9.3), borders=False)
    who = f" của {in_sentence(top.unit.name)}" if top else ""
    doc.add(
        para(),
        para("BÁO CÁO", "center", bold=True),
        para(f"Kết quả xây dựng xã hội học tập năm {outcome.period}{who}", "center", bold=True),
        para("────────", "center", size=9),
    )


def _heading(doc: Document, text: str) -> None:
    doc.add(para(text, "both", bold=True)._replace(keep_next=True))  # never alone at a foot


def _reporting(doc: Document, outcome: Outcome) -> None:
    """Section 1: who reported, on time or late, valid or not, and who did not, by name."""
    tally = outcome.tally
    _heading(doc, "I. TÌNH HÌNH BÁO CÁO")
    timely = ""
    if tally.on_time is not None and tally.late is not None:
        undated = f", không xác định {num(tally.undated)}" if tally.undated else ""
        timely = (
            f" ({outcome.timeliness_text('vi')}: đúng hạn {num(tally.on_time)}, "
            f"trễ hạn {num(tally.late)}{undated})"
        )
    doc.add(
        _body(
            f"Số xã dự kiến báo cáo: {num(tally.expected)}; đã nhận: {num(tally.received)}"
            f"{timely}; hợp lệ: {num(tally.valid)} ({pct(tally.valid_share)}); có lỗi: "
            f"{num(tally.invalid)}; không đọc được: {num(tally.unreadable)}; chưa nộp: "
            f"{num(tally.missing)}."
        )
    )
    missing = [(u, g.parent) for g in outcome.groups for u in g.missing]
    if missing:
        names = "; ".join(f"{in_sentence(u.name)}{_under(p)}" for u, p in missing)
        doc.add(_body(f"Các xã chưa nộp báo cáo: {names}."))
    for code, sent in outcome.misdated.items():  # what status says beside them, said here too
        unit = outcome.registry.units.get(code)
        named = in_sentence(unit.name) if unit else code
        for e in sent:
            made = e.report.report_date if e.report else None
            doc.add(
                _body(
                    f"{named[:1].upper()}{named[1:]} đã gửi tệp "
                    f"“{file_name(e.file.display)}” ghi năm {e.report.period if e.report else '—'}"
                    f" nhưng lập ngày {made.strftime('%d/%m/%Y') if made else '—'}: có thể ghi "
                    "nhầm năm, chưa được tính."
                )
            )
    chase = [(c, g.parent) for g in outcome.groups for c in g.chase]
    if chase:
        doc.add(_body("Các xã cần gửi lại báo cáo:"))
        for c, parent in chase:
            first = by_file_name(c.first_error).message("vi").rstrip(". ") if c.first_error else ""
            text = f"- {in_sentence(c.unit.name)}{_under(parent)}: {STATUS_VI[c.status]}"
            doc.add(_body(f"{text}{f' ({first})' if first else ''}."))
    unplaced = outcome.unplaced  # the terminal's and status's "counted for no commune"
    if unplaced:
        names = "; ".join(f"“{file_name(e.file.display)}”" for e in unplaced)
        doc.add(
            _body(
                f"Ngoài ra có {num(len(unplaced))} tệp nhận được không dùng được (không đọc "
                f"được hoặc không rõ của xã nào), không tính cho xã nào: {names}. Các xã chưa "
                "nộp ở trên có thể đã gửi một trong các tệp này."
            )
        )
    _caveats(doc, outcome)


def _caveats(doc: Document, outcome: Outcome) -> None:
    """What the workbook's TongHop says before its table, said here too (the one list of the
    outcome): carried and estimated periods, thin periods, withheld verdicts, communes missing
    behind a standard's k/n, the two-tier assumption."""
    found = outcome.caveats("vi")
    if not found:
        return
    doc.add(_body("Lưu ý khi sử dụng số liệu:", italic=True))
    for caveat in found:
        runs = (Run(f"- {caveat.label('vi')}: ", italic=True), Run(f"{caveat.text}."))
        doc.add(Para(runs, "both", indent=True))


def _under(parent: object) -> str:
    name = getattr(parent, "name", "")
    return f" ({in_sentence(name)})" if name else ""


def _section_of(plan: Plan) -> dict[str, str]:
    """Indicator code → the label of the plan section its first field belongs to."""
    owner = {f.code: s.label for s in plan.sections for f in s.fields}
    found: dict[str, str] = {}
    for ind in plan.indicators:
        first = ind.numerator_terms[0] if isinstance(ind, RatioIndicator) else ind.field
        found[ind.code] = owner.get(first.lstrip("+-").strip(), "CHỈ TIÊU KHÁC")
    return found


def _results(doc: Document, outcome: Outcome, top: UnitResult, history: History | None) -> None:
    """Section 2: one row per indicator, by section of the plan."""
    _heading(doc, "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    if history is None:
        note = _body(f"So sánh với kỳ trước: {NO_HISTORY_TEXT}.", italic=True)
        doc.add(note._replace(keep_next=True))  # between the heading and its first table
    by_section: dict[str, list[str]] = {}
    for code, section in _section_of(outcome.plan).items():
        if code in top.indicators:
            by_section.setdefault(section, []).append(code)
    year = outcome.targets_year(top)  # in 2024 the 2025 targets apply: said in the head
    heads = (
        "Chỉ tiêu",
        "Kết quả",
        "Tỷ lệ",
        "Kỳ trước / thay đổi",
        f"Mục tiêu {year}" if year else "Mục tiêu",
        "Đánh giá",
        "Chênh lệch",
    )
    for number, (section, codes) in enumerate(by_section.items(), start=1):
        doc.add(
            para(f"{number}. {section.capitalize()}", "both", bold=True)._replace(keep_next=True)
        )
        rows: list[tuple[str, ...]] = []
        for code in codes:
            ind = top.indicators[code]
            past = history.indicators.get(code) if history else None
            before = "—"
            if past is not None and past.previous is not None:
                before = f"{pct(past.previous.value)} ({past.previous.period})\n" + points(
                    past.previous.change
                )
            rows.append(
                (
                    outcome.plan.indicator_map[code].name,
                    _result(outcome, top, ind),
                    pct(ind.value, short_digits(ind)),
                    before,
                    _target(ind),
                    shortage(outcome.data_count(top, ind))
                    if outcome.withheld(top, ind)
                    else met_text(ind.met),
                    _gap(ind),
                )
            )
        _table(doc, heads, rows, (3.9, 2.6, 1.4, 2.6, 1.5, 1.7, 2.3))


def _result(outcome: Outcome, top: UnitResult, ind: IndicatorResult) -> str:
    """``k/n``; a standard counted over units some of which sent nothing says how many: ``63/64
    (1 xã thiếu số liệu)`` — one missing, not one that lost its standard. A narrow column
    breaks ``k/n`` after the slash, never inside a number (``479.327/1.118.9`` over ``11``)."""
    standing = outcome.standing(top, ind)
    counts = result_text(ind).replace("/", BREAK_AFTER_SLASH)
    if standing is None:  # a ratio over optional fields: how many communes it stands on
        return "; ".join(filter(None, (counts, data_text(outcome, top, ind))))
    return f"{counts} ({standing.lacking} {LEVEL_VI[standing.level]} thiếu số liệu)"


BREAK_AFTER_SLASH = "/\u200b"  # a zero-width space: where Word and LibreOffice may break a line


def _target(ind: IndicatorResult) -> str:
    if ind.target_count is not None:
        return f"{num(ind.target_count)} đơn vị"
    return pct(ind.target)


def _gap(ind: IndicatorResult) -> str:
    if ind.target_count is not None:
        return "—" if ind.gap is None else f"{num(ind.gap)} đơn vị"
    return points(ind.gap, short_digits(ind))


def _milestones(doc: Document, outcome: Outcome, top: UnitResult, history: History | None) -> None:
    """Section 3: each indicator's value against the plan's milestones still ahead."""
    plan = outcome.plan
    years = outcome.milestones
    _heading(doc, f"III. TIẾN ĐỘ ĐẾN CÁC MỐC {', '.join(map(str, years)) or '—'}")
    if history is None:
        doc.add(_body(f"Dự báo và đánh giá tiến độ: {NO_HISTORY_TEXT}.", italic=True))
    rows: list[tuple[str, ...]] = []
    for code, ind in top.indicators.items():
        past = history.indicators.get(code) if history else None
        ahead = {m.year: m for m in past.milestones} if past else {}
        for year in years:
            found = outcome.milestone_target(code, top.unit.level, year)
            if found is None or found.value is None:
                continue
            mark = ahead.get(year)
            rows.append(
                (
                    plan.indicator_map[code].name,
                    pct(ind.value),
                    str(year),
                    pct(found.value),
                    pct(mark.projected) if mark else "—",
                    VERDICT_VI.get(mark.verdict, mark.verdict) if mark else "—",
                )
            )
    if not rows:
        doc.add(_body("Kế hoạch không đặt mục tiêu cho các mốc còn lại."))
        return
    heads = ("Chỉ tiêu", "Hiện nay", "Mốc", "Mục tiêu", "Dự báo", "Đánh giá")
    _table(doc, heads, rows, (6.0, 1.8, 1.3, 1.8, 1.8, 3.3))


def _leaders(doc: Document, outcome: Outcome, top: UnitResult) -> None:
    """Section 4: the units furthest ahead and furthest behind on each ratio indicator with a
    target at the top (the plan's main indicators)."""
    level = outcome.chart_level
    units = outcome.at_level(level)
    word = LEVEL_VI.get(level, "đơn vị")
    _heading(doc, f"IV. CÁC {word.upper()} DẪN ĐẦU VÀ CÒN CHẬM")
    compared = False
    for ind in outcome.plan.indicators:
        result = top.indicators.get(ind.code)
        if not isinstance(ind, RatioIndicator) or result is None or result.target is None:
            continue
        shown, _ = chart_units(units, ind.code)
        ranked = [u for u in shown if u is not None]
        if len(ranked) < 2:
            continue
        count = min(LEADERS, len(ranked) // 2)

        def named(part: list[UnitResult], code: str = ind.code) -> str:
            return ", ".join(
                f"{in_sentence(u.unit.name)} ({pct(u.indicators[code].value)})" for u in part
            )

        ahead, behind = named(ranked[:count]), named(list(reversed(ranked[-count:])))
        runs = (Run(f"{ind.name}: ", italic=True), Run(f"cao nhất {ahead}; thấp nhất {behind}."))
        doc.add(Para(runs, "both", indent=True))
        compared = True
    if not compared:  # a heading is never left without a word under it
        doc.add(
            _body(
                f"Chưa đủ {word} có số liệu để so sánh (cần ít nhất hai {word} cho mỗi chỉ tiêu có mục tiêu)."
            )
        )


def _people(doc: Document) -> None:
    """Section 5: what only people can write, marked."""
    _heading(doc, "V. ĐÁNH GIÁ CHUNG, NGUYÊN NHÂN VÀ KIẾN NGHỊ")
    for number, what in enumerate(PLACEHOLDERS, start=1):
        runs = (Run(f"{number}. {what.capitalize()}: "), Run(placeholder(what), mark=True))
        last = number == len(PLACEHOLDERS)  # goes with the signature: it never stands alone
        doc.add(Para(runs, "both", indent=True, keep_next=last))


def _signature(doc: Document, head: Letterhead) -> None:
    """Recipients left, the signer's authority, title and name right (Phụ lục I, II.7, II.9),
    on the page of the text's last paragraph (a signature alone on a page signs nothing)."""
    doc.add(para()._replace(keep_next=True))
    left = [
        Para((Run("Nơi nhận:", bold=True, italic=True, size=12),), after=0),
        *[Para((Run(f"- {r.lstrip('- ')}", size=11),), after=0) for r in head.recipients],
    ]
    right = [
        *[para(line, "center", bold=True) for line in head.title_lines],
        *[para() for _ in range(4)],  # room for the signature and the seal
        para(head.signer_name, "center", bold=True),
    ]
    doc.table([[left, right]], (7.0, 9.5), borders=False)
