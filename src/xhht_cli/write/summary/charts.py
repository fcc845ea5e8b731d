"""``BieuDo``: a native chart of each ratio indicator by unit against its target, laid out to
print whole, two to an A4 landscape page.

A chart of 64 communes, most without a bar, says nothing; one of 10,000 cannot be drawn. Each
chart shows the units with a value, sorted: all of them up to :data:`ALL_UP_TO`, else the
:data:`EACH_END` highest and the :data:`EACH_END` lowest, a gap between, and its title says so
and how many units had no value. The charts' figures stand in a table to the right of the
print area, one block of columns per chart, so the rows still go down the sheet.
"""

from __future__ import annotations

import math

from xlsxwriter.chart import Chart
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xhht_cli.rollup.outcome import Outcome, UnitResult
from xhht_cli.write.summary.formats import LEVEL_VI, Formats
from xhht_cli.write.summary.page import A4, FOOTER, MARGINS

ALL_UP_TO = 20
EACH_END = 10
PER_PAGE = 2
BAND = 14  # rows (20 px each) a chart and the gap below it take: two bands fit a page
CHART = {"width": 900, "height": 262}  # px: 252 mm of A4 landscape at 96 dpi is some 950 px
CHART_COLUMNS = 10  # A:J, the print area's width
DATA_COLUMN = 12  # the first column of the charts' figures (M)


def chart_units(units: list[UnitResult], code: str) -> tuple[list[UnitResult | None], int]:
    """The units a chart of *code* shows, highest first (None: the gap between the highest
    and the lowest), and how many units had no value."""
    valued = [u for u in units if u.indicators[code].value is not None]
    valued.sort(key=lambda u: (-(u.indicators[code].value or 0.0), u.unit.name))
    missing = len(units) - len(valued)
    if len(valued) <= ALL_UP_TO:
        return list(valued), missing
    return [*valued[:EACH_END], None, *valued[-EACH_END:]], missing


def write_charts(
    book: Workbook, sheet: Worksheet, outcome: Outcome, level: str, fmt: Formats
) -> int:
    """One chart per ratio indicator with a target at *level*; the number of charts."""
    units = outcome.at_level(level) or outcome.units
    plan = outcome.plan
    charted: list[tuple[str, float, list[UnitResult | None], int]] = []
    years: dict[str, int] = {}  # the year of the target applied (the period's, or the next)
    for ind in plan.indicators:
        applied = outcome.target(ind.code, level)
        if outcome.is_ratio(ind.code) and applied is not None and applied.value is not None:
            shown, missing = chart_units(units, ind.code)
            charted.append((ind.code, applied.value, shown, missing))
            years[ind.code] = applied.year
    rows = 1 + max((len(shown) for _, _, shown, _ in charted), default=0)
    for row in range(rows):  # row by row: the workbook writes its rows once, top down
        for k, (code, target, shown, _) in enumerate(charted):
            col = DATA_COLUMN + 4 * k
            if row == 0:
                for i, head in enumerate((code, "Tỷ lệ (%)", "Mục tiêu (%)")):
                    sheet.write_string(0, col + i, head, fmt.header)
            elif row <= len(shown):
                unit = shown[row - 1]
                result = unit.indicators[code] if unit else None
                value = result.value if result else None
                shown_as = fmt.pct_for(result) if result else fmt.pct  # the bar's label follows
                sheet.write_string(row, col, unit.unit.name if unit else "…", fmt.cell)
                fmt.number(sheet, row, col + 1, value, shown_as)  # whole: rounded once, shown
                sheet.write_number(row, col + 2, target, fmt.pct)
    word = LEVEL_VI.get(level, "đơn vị")
    for k, (code, target, shown, missing) in enumerate(charted):
        title = _title(plan.indicator_map[code].name, len(units), shown, missing, word)
        values = [u.indicators[code].value for u in shown if u is not None]
        chart = _chart(book, outcome, k, len(shown), title, years[code], [*values, target])
        sheet.insert_chart(k * BAND, 0, chart, {"x_offset": 4, "y_offset": 4})
    last_row = max(len(charted) * BAND, rows) - 1
    _print(sheet, last_row, len(charted))
    return len(charted)


def _chart(
    book: Workbook,
    outcome: Outcome,
    k: int,
    last: int,
    title: str,
    year: int,
    shown: list[float | None],
) -> Chart:
    """Chart *k*: the units' bars, each labelled with its value, and the target of *year* as a
    dashed line; the vertical axis fitted to the values (its start said when it is not 0)."""
    col = DATA_COLUMN + 4 * k
    categories = ["BieuDo", 1, col, last, col]
    chart = book.add_chart({"type": "column"})
    assert chart is not None
    chart.add_series(
        {
            "name": f"Kết quả năm {outcome.period}",
            "categories": categories,
            "values": ["BieuDo", 1, col + 1, last, col + 1],
            "fill": {"color": "#4472C4"},
            "gap": 60,
            "data_labels": {  # in its cell's format: one decimal, more just short of the target
                "value": True,
                "position": "outside_end",
                "font": {"size": 8},
            },
        }
    )
    line = book.add_chart({"type": "line"})
    assert line is not None
    line.add_series(
        {
            "name": f"Mục tiêu năm {year}",
            "categories": categories,
            "values": ["BieuDo", 1, col + 2, last, col + 2],
            "line": {"color": "#C00000", "dash_type": "dash", "width": 2},
            "marker": {"type": "none"},
        }
    )
    chart.combine(line)
    chart.set_title({"name": title, "name_font": {"size": 11, "name": "Times New Roman"}})
    chart.set_x_axis({"num_font": {"size": 8, "rotation": -30}})
    chart.set_y_axis(fitted_axis([v for v in shown if v is not None], "%"))
    chart.set_legend({"position": "bottom"})
    chart.set_size(CHART)
    return chart


def fitted_axis(values: list[float], unit: str) -> dict[str, object]:
    """A vertical axis (xlsxwriter's ``set_y_axis``) fitted to *values* in 0–100: from a round
    number below the lowest to one above the highest, so a few points' difference shows; when
    it does not start at 0 its title says where it starts (a chart read as if it did would
    exaggerate the differences). One value alone (a first period with data) has no difference
    to show: its axis is 0–100, not a band of two points around it."""
    if len(set(values)) < 2:
        return {"min": 0, "max": 100, "name": unit}
    low, high = min(values), max(values)
    span = max(high - low, 1.0)
    step = next((s for s in (1, 2, 5, 10, 20) if span / s <= 6), 25)
    bottom = max(0.0, math.floor((low - span * 0.15) / step) * step)
    top = min(100.0, math.ceil((high + span * 0.15) / step) * step)
    if bottom <= 2 * step:  # close to 0: start there
        bottom = 0.0
    name = unit if bottom == 0 else f"{unit} (trục bắt đầu từ {bottom:g})"
    return {"min": bottom, "max": max(top, bottom + step), "major_unit": step, "name": name}


def _title(name: str, total: int, shown: list[UnitResult | None], missing: int, word: str) -> str:
    parts = []
    if None in shown:
        parts.append(f"{EACH_END} {word} cao nhất và {EACH_END} {word} thấp nhất / {total}")
    if missing:
        parts.append(f"{missing} {word} chưa có số liệu")
    return f"{name} ({'; '.join(parts)})" if parts else name


def _print(sheet: Worksheet, last_row: int, charts: int) -> None:
    """A4 landscape, the charts' columns only, :data:`PER_PAGE` charts a page."""
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.set_margins(**MARGINS)
    sheet.set_footer(FOOTER)
    sheet.print_area(0, 0, max(last_row, 0), CHART_COLUMNS - 1)
    sheet.fit_to_pages(1, 0)
    sheet.set_h_pagebreaks([k * BAND for k in range(PER_PAGE, charts, PER_PAGE)])
    sheet.set_column(0, CHART_COLUMNS - 1, 13)  # 10 × 96 px: wider than a chart
    sheet.set_column(DATA_COLUMN, DATA_COLUMN + 4 * max(charts, 1), 14)
