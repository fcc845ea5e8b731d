"""``TienTrinh``'s charts: one per indicator of the top unit over the periods (the values, the
milestone targets dashed, the projection at today's pace dotted), six to a printed page.

The sheet prints landscape, fitted one page wide, so a page holds as many 20 px rows as its
height is to its width: the table keeps to its first page (a narrow sheet's name column is
widened, :func:`fitting_width`), and the charts are sized to fill the pages after it, three
across and two down, each whole on its page (docs/documents.md, "Print setup").
"""

from __future__ import annotations

from xlsxwriter.chart import Chart
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xhht_cli.rollup.outcome import Course, Outcome
from xhht_cli.write.summary.charts import fitted_axis
from xhht_cli.write.summary.formats import Formats, digits_under, indicator_name
from xhht_cli.write.summary.page import A4, FOOTER, MARGINS

SHEET = "TienTrinh"
CHARTS_ACROSS, CHARTS_DOWN, CHART_GAP = 3, 2, 1  # two rows of three; a row of 20 px between
CHARTS_PER_PAGE = CHARTS_ACROSS * CHARTS_DOWN
SERIES = 3  # columns of chart data per indicator: values, targets, projection
ROW_PX = 20
# A4 landscape within NĐ 30's margins (252 × 170 mm), less the footer's room: the height of a
# page over its width
PAGE_RATIO = 150 / 252


def fitting_width(widths: list[int], table_px: float, stretch: int) -> list[int]:
    """*widths* with column *stretch* (the names) widened so that a table *table_px* tall
    fits the first page when the sheet is fitted one page wide (a narrow sheet prints large,
    and its table would go over to a page whose head is not repeated)."""
    width_px = sum(column_px(w) for w in widths)
    short = table_px / PAGE_RATIO - width_px
    if short <= 0:
        return widths
    wider = list(widths)
    wider[stretch] += int(short / 7) + 1
    return wider


def column_px(width: float) -> int:
    return int(width * 7 + 5)


def write_charts(
    book: Workbook,
    sheet: Worksheet,
    outcome: Outcome,
    start: int,
    widths: list[int],
    fmt: Formats,
) -> int:
    """One chart per indicator with a value, from row *start* on pages of their own (the
    sheet fitted one page wide: a page holds :data:`PAGE_RATIO` of the sheet's width in
    height); the charts' numbers in columns right of the print area. Returns the last row
    used."""
    width_px = sum(column_px(w) for w in widths)
    _page_setup(sheet)
    top = outcome.top
    if top is None:
        return start
    courses = outcome.courses(top)
    charted = [(c, course) for c, course in courses.items() if _has_value(course)]
    data_col = len(widths) + 2
    periods, milestones = outcome.periods, outcome.milestones
    years = [int(p) for p in periods] + [m for m in milestones if m > int(periods[-1])]
    # the periods plotted: those with enough reports (as in the fitted line)
    counted = {int(p) for p, enough in outcome.counted(top).items() if enough}
    _chart_data(sheet, start, data_col, years, charted, counted, fmt)
    page_rows = int(width_px * PAGE_RATIO / ROW_PX)
    chart_rows = page_rows // CHARTS_DOWN - CHART_GAP  # a chart's height, in rows
    # each chart a third of the width, placed by its offset from the first column
    size = {"width": width_px // CHARTS_ACROSS - 12, "height": chart_rows * ROW_PX}
    breaks = []
    for index, (code, course) in enumerate(charted):
        page, place = divmod(index, CHARTS_PER_PAGE)
        if place == 0:
            breaks.append(start + page * page_rows)
        down, across = divmod(place, CHARTS_ACROSS)
        place_row = start + page * page_rows + down * (chart_rows + CHART_GAP)
        col = data_col + 1 + SERIES * index
        rows = (start + 1, start + len(years), data_col)
        chart = _chart(book, outcome, code, course, col, rows, size, years)
        offset = {"x_offset": 4 + across * (width_px // CHARTS_ACROSS), "y_offset": 4}
        sheet.insert_chart(place_row, 0, chart, offset)
    sheet.set_h_pagebreaks(breaks)
    pages = (len(charted) + CHARTS_PER_PAGE - 1) // CHARTS_PER_PAGE
    return start + pages * page_rows - 1


def _page_setup(sheet: Worksheet) -> None:
    """A4 landscape, NĐ 30's margins, ``Trang X/Y``, one page wide; no head repeated: the
    pages after the table's are charts."""
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.set_margins(**MARGINS)
    sheet.set_footer(FOOTER)
    sheet.fit_to_pages(1, 0)


def _chart_data(
    sheet: Worksheet,
    start: int,
    data_col: int,
    years: list[int],
    charted: list[tuple[str, Course]],
    counted: set[int],
    fmt: Formats,
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
    milestones = [{m.year: m for m in course.milestones} for _, course in charted]
    for r, year in enumerate(years, start=start + 1):
        sheet.write_number(r, data_col, year)
        for index, ((_, course), by_year) in enumerate(zip(charted, milestones, strict=True)):
            col = data_col + 1 + SERIES * index
            value = course.series.get(str(year))
            if value is not None and year in counted:
                # whole, labelled in the cell's format: one decimal, or short of its own
                # year's milestone as many as it takes not to read as the target
                bound = by_year[year].target if year in by_year else None
                sheet.write_number(r, col, value, fmt.figure(digits_under(value, bound)))
            if year in by_year:  # a whole target "70", a target of a count "30.1"
                target = by_year[year].target
                sheet.write_number(r, col + 1, target, fmt.figure(0 if target.is_integer() else 1))
            projected = by_year[year].projected if year in by_year else None
            if year == current and value is not None and course.observed is not None:
                projected = value  # the projection starts from today's value
            if projected is not None and course.observed is not None:
                sheet.write_number(r, col + 2, projected)


def _has_value(course: Course) -> bool:
    return any(v is not None for v in course.series.values())


def _chart(
    book: Workbook,
    outcome: Outcome,
    code: str,
    course: Course,
    col: int,
    rows: tuple[int, int, int],
    size: dict[str, int],
    years: list[int],
) -> Chart:
    """The chart of one indicator; its vertical axis fitted to the values and targets shown."""
    first, last, data_col = rows
    name, unit = indicator_name(outcome, code)
    chart = book.add_chart({"type": "scatter", "subtype": "straight_with_markers"})
    assert chart is not None
    categories = [SHEET, first, data_col, last, data_col]
    for series in (
        {
            "name": "Thực hiện",
            "values": [SHEET, first, col, last, col],
            "line": {"color": "#4472C4", "width": 2.25},
            "marker": {"type": "circle", "size": 6, "fill": {"color": "#4472C4"}},
            "data_labels": {"value": True, "position": "above"},  # in its cell's format
        },
        {
            "name": "Mục tiêu",
            "values": [SHEET, first, col + 1, last, col + 1],
            "line": {"color": "#C00000", "dash_type": "dash", "width": 2},
            "marker": {"type": "diamond", "size": 7, "fill": {"color": "#C00000"}},
            "data_labels": {"value": True, "position": "below"},  # in its cell's format
        },
        {
            "name": "Dự báo theo tốc độ hiện nay",
            "values": [SHEET, first, col + 2, last, col + 2],
            "line": {"color": "#7F7F7F", "dash_type": "round_dot", "width": 1.5},
            "marker": {"type": "none"},
        },
    ):
        chart.add_series({"categories": categories, **series})
    shown = [v for v in course.series.values() if v is not None]
    shown += [m.target for m in course.milestones] + [
        m.projected for m in course.milestones if m.projected is not None
    ]
    chart.show_blanks_as("span")
    chart.set_title({"name": name, "name_font": {"size": 10}})
    first_year, last_year = years[0], max(years[-1], years[0] + 1)  # one year: an axis still
    chart.set_x_axis({"num_format": "0", "major_unit": 1, "min": first_year, "max": last_year})
    chart.set_y_axis(fitted_axis(shown, unit))
    chart.set_legend({"position": "bottom"})
    chart.set_size(size)
    return chart
