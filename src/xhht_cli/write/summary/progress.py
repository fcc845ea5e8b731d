"""``TienTrinh``: the top unit's indicators over the periods and on the road to the milestones
(docs/progress.md), with one chart per indicator; and the wording every sheet shares for a
verdict withheld or a standard lacking data."""

from __future__ import annotations

from xlsxwriter.chart import Chart
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xhht_cli.rollup.outcome import (
    BEHIND,
    INSUFFICIENT,
    MET,
    ON_TRACK,
    Course,
    IndicatorResult,
    Outcome,
    PeriodCount,
    UnitResult,
)
from xhht_cli.write.summary.formats import FONT, LEVEL_VI, Formats, header, indicator_name
from xhht_cli.write.summary.page import print_setup, set_widths

VERDICT_VI = {
    MET: "đã đạt",
    ON_TRACK: "đúng tiến độ",
    BEHIND: "chậm tiến độ",
    INSUFFICIENT: "chưa đủ số liệu",
}
SHEET = "TienTrinh"
CHARTS_ACROSS, CHART_ROWS, CHART_GAP = 2, 16, 1  # a chart is CHART_ROWS rows of 20 px
SERIES = 3  # columns of chart data per indicator: values, targets, projection
CHARTS_PER_PAGE = 4  # two rows of two: within a landscape A4 page at any fitted scale
CHART_BLOCK = CHARTS_PER_PAGE // CHARTS_ACROSS * (CHART_ROWS + CHART_GAP)  # rows of a page


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
    """The table of the top unit, then its charts, four to a printed page."""
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
    if top is not None:
        row += 1
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
            _course_row(sheet, row, number, outcome, top, ind, courses[code], styles, fmt)
            sheet.set_row(row, 30)
    _verdict_colours(sheet, header_row + 1, row, len(fixed), len(milestones), fmt)
    widths = [5, 40, 16, *[9] * len(periods), 12, 11, *[10, 11, 10, 14] * len(milestones)]
    set_widths(sheet, widths)
    end = _charts(book, sheet, outcome, periods, milestones, row + 2, widths)
    sheet.print_area(0, 0, max(end, row), last_col)
    print_setup(sheet, widths, (header_row, header_row))  # wide: landscape, one page wide
    sheet.freeze_panes(header_row + 1, 2)


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
    for value, style in zip(course.series.values(), styles, strict=True):
        fmt.number(sheet, row, col, value, style)
        col += 1
    previous = course.previous
    fmt.number(sheet, row, col, previous.change if previous else None, fmt.pct)
    fmt.number(sheet, row, col + 1, course.observed, fmt.pct)
    col += 2
    by_year = {m.year: m for m in course.milestones}
    for year in outcome.milestones:
        milestone = by_year.get(year)
        if milestone is None:
            for offset in range(4):
                sheet.write_string(row, col + offset, "—", fmt.center)
        else:
            fmt.number(sheet, row, col, milestone.target, fmt.pct)
            fmt.number(sheet, row, col + 1, milestone.required, fmt.pct)
            fmt.number(sheet, row, col + 2, milestone.projected, fmt.pct)
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


def _charts(
    book: Workbook,
    sheet: Worksheet,
    outcome: Outcome,
    periods: list[str],
    milestones: list[int],
    start: int,
    widths: list[int],
) -> int:
    """One chart per indicator with a value: the series, the milestone targets as a line; the
    charts' numbers in columns right of the print area. Returns the last row used."""
    top = outcome.top
    if top is None:
        return start
    courses = outcome.courses(top)
    charted = [(c, course) for c, course in courses.items() if _has_value(course)]
    data_col = len(widths) + 2
    years = [int(p) for p in periods] + [m for m in milestones if m > int(periods[-1])]
    # the periods plotted: those with enough reports (as in the fitted line)
    counted = {int(p) for p, enough in outcome.counted(top).items() if enough}
    _chart_data(sheet, start, data_col, years, charted, counted)
    width_px = sum(int(w * 7 + 5) for w in widths)
    chart_width = max(360, width_px // CHARTS_ACROSS - 110)
    row, breaks = start, []
    for index, (code, _course) in enumerate(charted):
        col = data_col + 1 + SERIES * index
        if index % CHARTS_PER_PAGE == 0:
            row = start + (index // CHARTS_PER_PAGE) * CHART_BLOCK
            breaks.append(row)
        place_row = row + (index % CHARTS_PER_PAGE) // CHARTS_ACROSS * (CHART_ROWS + CHART_GAP)
        place_col = 0 if index % CHARTS_ACROSS == 0 else _column_at(widths, width_px // 2)
        chart = _chart(
            book, outcome, code, col, start + 1, start + len(years), data_col, chart_width, years
        )
        sheet.insert_chart(place_row, place_col, chart, {"x_offset": 4, "y_offset": 4})
    sheet.set_h_pagebreaks(breaks)
    return start + ((len(charted) + CHARTS_PER_PAGE - 1) // CHARTS_PER_PAGE) * CHART_BLOCK


def _chart_data(
    sheet: Worksheet,
    start: int,
    data_col: int,
    years: list[int],
    charted: list[tuple[str, Course]],
    counted: set[int],
) -> None:
    """The charts' numbers, right of the print area, a row at a time (the workbook writes each
    row to disk as the next begins): per indicator, the values of the counted periods, the
    milestone targets, and the projection from the current value to the milestones."""
    sheet.write_string(start, data_col, "Số liệu cho biểu đồ (không in)")
    for index, (code, _) in enumerate(charted):
        col = data_col + 1 + SERIES * index
        sheet.write_string(start, col, code)
        sheet.write_string(start, col + 1, f"{code}: mục tiêu")
        sheet.write_string(start, col + 2, f"{code}: dự báo")
    current = years[0] if not counted else max(int(p) for p in counted | {years[0]})
    for r, year in enumerate(years, start=start + 1):
        sheet.write_number(r, data_col, year)
        for index, (_, course) in enumerate(charted):
            col = data_col + 1 + SERIES * index
            value = course.series.get(str(year))
            if value is not None and year in counted:
                sheet.write_number(r, col, round(value, 2))
            by_year = {m.year: m for m in course.milestones}
            if year in by_year:
                sheet.write_number(r, col + 1, by_year[year].target)
            projected = by_year[year].projected if year in by_year else None
            if year == current and value is not None and course.observed is not None:
                projected = value  # the projection starts from today's value
            if projected is not None and course.observed is not None:
                sheet.write_number(r, col + 2, round(projected, 2))


def _has_value(course: Course) -> bool:
    return any(v is not None for v in course.series.values())


def _column_at(widths: list[int], pixels: int) -> int:
    """The first column at or after *pixels* from the left edge."""
    edge = 0
    for col, width in enumerate(widths):
        if edge >= pixels:
            return col
        edge += int(width * 7 + 5)
    return len(widths) - 1


def _chart(
    book: Workbook,
    outcome: Outcome,
    code: str,
    col: int,
    first: int,
    last: int,
    data_col: int,
    width: int,
    years: list[int],
) -> Chart:
    name, unit = indicator_name(outcome, code)
    chart = book.add_chart({"type": "scatter", "subtype": "straight_with_markers"})
    assert chart is not None
    chart.add_series(
        {
            "name": "Thực hiện",
            "categories": [SHEET, first, data_col, last, data_col],
            "values": [SHEET, first, col, last, col],
            "line": {"color": "#4472C4", "width": 2.25},
            "marker": {"type": "circle", "size": 6, "fill": {"color": "#4472C4"}},
            "data_labels": {"value": True, "num_format": "0.0", "position": "above"},
        }
    )
    chart.add_series(
        {
            "name": "Mục tiêu",
            "categories": [SHEET, first, data_col, last, data_col],
            "values": [SHEET, first, col + 1, last, col + 1],
            "line": {"color": "#C00000", "dash_type": "dash", "width": 2},
            "marker": {"type": "diamond", "size": 7, "fill": {"color": "#C00000"}},
        }
    )
    chart.add_series(
        {
            "name": "Dự báo theo tốc độ hiện nay",
            "categories": [SHEET, first, data_col, last, data_col],
            "values": [SHEET, first, col + 2, last, col + 2],
            "line": {"color": "#7F7F7F", "dash_type": "round_dot", "width": 1.5},
            "marker": {"type": "none"},
        }
    )
    chart.show_blanks_as("span")
    chart.set_title({"name": name, "name_font": {"size": 10}})
    chart.set_x_axis({"num_format": "0", "major_unit": 1, "min": years[0], "max": years[-1]})
    chart.set_y_axis({"min": 0, "max": 100, "name": unit})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": width, "height": CHART_ROWS * 20})
    return chart
