"""``TienTrinh``: the top unit's indicators over the periods and on the road to the milestones
(docs/progress.md), with one chart per indicator; and the wording every sheet shares for a
verdict withheld or a standard lacking data."""

from __future__ import annotations

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xhht_cli.rollup.outcome import (
    BEHIND,
    INSUFFICIENT,
    MET,
    NOT_MET,
    ON_TRACK,
    Course,
    IndicatorResult,
    Outcome,
    PeriodCount,
    UnitResult,
)
from xhht_cli.write.summary.course_charts import (
    PAGE_RATIO,
    column_px,
    fitting_width,
    write_charts,
)
from xhht_cli.write.summary.formats import (
    CODE,
    FONT,
    LEVEL_VI,
    Formats,
    change_shown,
    header,
    indicator_name,
    row_height,
)
from xhht_cli.write.summary.page import set_widths

VERDICT_VI = {
    MET: "đã đạt",
    NOT_MET: "chưa đạt",
    ON_TRACK: "đúng tiến độ",
    BEHIND: "chậm tiến độ",
    INSUFFICIENT: "chưa đủ số liệu",
}


def shortage(count: PeriodCount) -> str:
    """``chưa đủ số liệu (9/64 xã)``: a ratio's verdict withheld for too few reports (for a
    ratio over optional fields, too few with its data: :meth:`Outcome.data_count`)."""
    return f"{VERDICT_VI[INSUFFICIENT]} ({count.reported}/{count.expected} xã)"


def data_text(outcome: Outcome, result: UnitResult, ind: IndicatorResult) -> str:
    """``35/100 xã có số liệu``: the communes a ratio over optional fields stands on."""
    if not outcome.partial(ind):
        return ""
    count = outcome.data_count(result, ind)
    return f"{count.reported}/{count.expected} xã có số liệu"


def lacking_text(outcome: Outcome, result: UnitResult, ind: IndicatorResult) -> str:
    """``8/9 huyện đạt; 1 huyện thiếu số liệu``: a standard with units lacking data."""
    standing = outcome.standing(result, ind)
    if standing is None:
        return ""
    name = LEVEL_VI.get(standing.level, "đơn vị")
    return (
        f"{standing.reached}/{standing.expected} {name} đạt; "
        f"{standing.lacking} {name} thiếu số liệu"
    )


def verdict_text(outcome: Outcome, verdict: str, result: UnitResult, code: str) -> str:
    if outcome.verdict_withheld(result, code, verdict):
        return shortage(outcome.data_count(result, result.indicators[code]))
    return VERDICT_VI[verdict]


def write_course(book: Workbook, sheet: Worksheet, outcome: Outcome, fmt: Formats) -> None:
    """The table of the top unit on a page of its own, then its charts, six to a page."""
    top = outcome.top
    periods = outcome.periods
    milestones = outcome.milestones
    fixed = ["STT", "Chỉ số", "Mã", *[f"Năm {p} (%)" for p in periods]]
    fixed += ["Thay đổi so với kỳ trước (điểm %)", "Tốc độ thực tế (điểm %/năm)"]
    per_milestone = ["Mục tiêu {} (%)", "Tốc độ cần (điểm %/năm)", "Dự báo {} (%)", "Đánh giá {}"]
    titles = fixed + [t.format(m) for m in milestones for t in per_milestone]
    last_col = len(titles) - 1
    name = top.unit.name if top else ""
    sheet.merge_range(
        0, 0, 0, last_col, f"TIẾN TRÌNH THỰC HIỆN MỤC TIÊU — {name.upper()}", fmt.title
    )
    sheet.merge_range(
        1,
        0,
        1,
        last_col,
        f"Các năm {', '.join(periods)}; mốc {', '.join(map(str, milestones)) or '—'}; "
        f"tốc độ thực tế: độ dốc đường thẳng bình phương nhỏ nhất qua các năm có số liệu "
        f"(năm có dưới {outcome.plan.min_coverage:g}% số xã báo cáo hợp lệ không được tính)",
        fmt.subtitle,
    )
    if outcome.carried and top is not None:
        rough = outcome.estimated(top)
        sheet.merge_range(
            2,
            0,
            2,
            last_col,
            f"Số liệu năm {', '.join(outcome.carried)} quy về đơn vị hiện nay qua bảng chuyển đổi"
            + (
                f"; năm {', '.join(rough)} là số ước tính (xã cũ chia cho nhiều xã mới)"
                if rough
                else ""
            ),
            fmt.subtitle,
        )
    header_row = 3
    header(sheet, header_row, titles, fmt)
    sheet.set_row(header_row, 48)
    faint = book.add_format(
        {"font_name": FONT, "font_size": 11, "italic": True, "font_color": "#808080"}
        | {"border": 1, "border_color": "#808080", "num_format": "0.0", "valign": "vcenter"}
    )
    row = header_row
    heights = [20.0, 20.0, 20.0, 48.0]  # points: the title, two lines below it, the heads
    names = {code: indicator_name(outcome, code)[0] for code in top.indicators} if top else {}
    name_width = _name_width(names, periods, milestones, sum(heights) + 15.0)
    if top is not None:
        row += 1
        heights.append(15.0)
        sheet.write_string(row, 1, "Số xã có báo cáo hợp lệ (% số xã dự kiến)", fmt.cell)
        counts = outcome.period_counts(top)
        for col, period in enumerate(periods, start=3):
            count = counts.get(period)
            fmt.number(sheet, row, col, count.coverage if count else None, fmt.pct)
        courses = outcome.courses(top)
        enough = outcome.counted(top)  # a period with too few reports is shown faint
        for number, (code, ind) in enumerate(top.indicators.items(), start=1):
            row += 1
            # over optional fields: the periods in which enough communes had its data
            counted = outcome.counted(top, code) if outcome.partial(ind) else enough
            styles = [fmt.pct if counted.get(p, True) else faint for p in periods]
            # as tall as its name needs: the table keeps to its page, the charts to theirs
            heights.append(_row_points(names[code], code, name_width))
            sheet.set_row(row, heights[-1])
            _course_row(sheet, row, number, outcome, top, ind, courses[code], styles, fmt)
    _verdict_colours(sheet, header_row + 1, row, len(fixed), len(milestones), fmt)
    widths = _widths(name_width, periods, milestones)
    # the table whole on its page (no head repeated over the charts' pages), the charts after
    widths = fitting_width(widths, sum(heights) * 4 / 3, stretch=1)
    set_widths(sheet, widths)
    end = write_charts(book, sheet, outcome, row + 2, widths, fmt)
    sheet.print_area(0, 0, max(end, row), last_col)
    sheet.freeze_panes(header_row + 1, 2)


CODE_WIDTH = 19  # TL_CDHT_KNS_TT whole on its line


def _widths(name: int, periods: list[str], milestones: list[int]) -> list[int]:
    return [5, name, CODE_WIDTH, *[9] * len(periods), 12, 11, *[10, 11, 10, 14] * len(milestones)]


def _row_points(name: str, code: str, width: int) -> float:
    """An indicator's row: as tall as its name needs in a column *width* wide (counted at
    one character a unit: at 1.2, LibreOffice wrapped names the row had no room for)."""
    return max(row_height(name, width, chars=1.0), row_height(code, CODE_WIDTH, chars=CODE))


def _name_width(
    names: dict[str, str], periods: list[str], milestones: list[int], above: float
) -> int:
    """The names' column: the narrowest from 40 characters at which the table, its rows as
    tall as their names then need, fits one page when the sheet is fitted one page wide. A
    wider column makes each name one line, so the table is shorter as well as wider, and
    prints larger than a narrow column widened afterwards (its rows still two lines tall)."""
    for width in range(40, 124, 4):
        tall = above + sum(_row_points(n, c, width) for c, n in names.items())
        wide = sum(column_px(w) for w in _widths(width, periods, milestones))
        if tall * 4 / 3 <= wide * PAGE_RATIO:
            return width
    return 40  # fitting_width widens it as far as the page needs


def _course_row(
    sheet: Worksheet,
    row: int,
    number: int,
    outcome: Outcome,
    top: UnitResult,
    ind: IndicatorResult,
    course: Course,
    styles: list[Format],
    fmt: Formats,
) -> None:
    name, _ = indicator_name(outcome, ind.code)
    sheet.write_number(row, 0, number, fmt.center)
    sheet.write_string(row, 1, name, fmt.cell)
    sheet.write_string(row, 2, ind.code, fmt.cell)
    col = 3
    by_year = {m.year: m for m in course.milestones}
    for (period, value), style in zip(course.series.items(), styles, strict=True):
        milestone = by_year.get(int(period))
        if milestone is not None and style is fmt.pct:  # short of its own year's target
            style = fmt.pct_under(value, milestone.target)  # 69.96 beside 70, not 70.0
        fmt.number(sheet, row, col, value, style)
        col += 1
    previous = course.previous
    fmt.number(sheet, row, col, change_shown(previous.change) if previous else None, fmt.pct)
    fmt.number(sheet, row, col + 1, change_shown(course.observed), fmt.pct)
    col += 2
    for year in outcome.milestones:
        milestone = by_year.get(year)
        if milestone is None:
            for offset in range(4):
                sheet.write_string(row, col + offset, "—", fmt.center)
        else:
            fmt.number(sheet, row, col, milestone.target, fmt.pct)
            fmt.number(sheet, row, col + 1, change_shown(milestone.required), fmt.pct)
            projected = fmt.pct_under(milestone.projected, milestone.target)
            fmt.number(sheet, row, col + 2, milestone.projected, projected)
            text = verdict_text(outcome, milestone.verdict, top, ind.code)
            sheet.write_string(row, col + 3, text, fmt.center)
        col += 4


def _verdict_colours(
    sheet: Worksheet, first: int, last: int, fixed: int, milestones: int, fmt: Formats
) -> None:
    for i in range(milestones):
        col = fixed + 4 * i + 3
        for text, style in (
            (VERDICT_VI[MET], fmt.met),
            (VERDICT_VI[NOT_MET], fmt.not_met),
            (VERDICT_VI[ON_TRACK], fmt.met),
            (VERDICT_VI[BEHIND], fmt.not_met),
        ):
            sheet.conditional_format(
                first,
                col,
                max(first, last),
                col,
                {"type": "cell", "criteria": "==", "value": f'"{text}"', "format": style},
            )
