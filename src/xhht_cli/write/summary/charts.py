"""``BieuDo``: native charts of each ratio indicator by unit against its target."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xhht_cli.aggregate import Summary
from xhht_cli.plans import RatioIndicator
from xhht_cli.write.summary.formats import (
    Formats,
    header,
    indicator_name,
)


def write_charts(
    book: Workbook, sheet: Worksheet, summary: Summary, level: str, fmt: Formats
) -> None:
    """One chart per ratio indicator with a target: values by unit, and the target as a line."""
    units = summary.at_level(level) or summary.units
    ratios = [i.code for i in summary.plan.indicators if isinstance(i, RatioIndicator)]
    year = int(summary.period)
    sheet.write_string(0, 0, "Số liệu cho biểu đồ", fmt.bold)
    header(
        sheet, 1, ["Đơn vị", *[f"{c} (%)" for c in ratios], *[f"Mục tiêu {c}" for c in ratios]], fmt
    )
    for r, result in enumerate(units, start=2):
        sheet.write_string(r, 0, result.unit.name, fmt.cell)
        for c, code in enumerate(ratios, start=1):
            value = result.indicators[code].value
            if value is not None:
                sheet.write_number(r, c, round(value, 2), fmt.pct)
            targets = summary.plan.targets_for(code, year, level)
            if targets and targets[0].value is not None:
                sheet.write_number(r, c + len(ratios), targets[0].value, fmt.pct)
    last = 1 + len(units)
    chart_row = last + 3
    for c, code in enumerate(ratios, start=1):
        if not summary.plan.targets_for(code, year, level):
            continue
        chart = book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": code,
                "categories": ["BieuDo", 2, 0, last, 0],
                "values": ["BieuDo", 2, c, last, c],
                "fill": {"color": "#4472C4"},
            }
        )
        line = book.add_chart({"type": "line"})
        line.add_series(
            {
                "name": "Mục tiêu",
                "categories": ["BieuDo", 2, 0, last, 0],
                "values": ["BieuDo", 2, c + len(ratios), last, c + len(ratios)],
                "line": {"color": "#C00000", "dash_type": "dash", "width": 2},
                "marker": {"type": "none"},
            }
        )
        chart.combine(line)
        chart.set_title({"name": indicator_name(summary, code)[0], "name_font": {"size": 11}})
        chart.set_y_axis({"min": 0, "max": 100, "name": "%"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 720, "height": 300})
        sheet.insert_chart(chart_row, 0, chart)
        chart_row += 16
    sheet.set_column(0, 0, 26)
