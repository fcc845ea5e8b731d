"""``TheoHuyen`` (a sheet per intermediate level) and ``TheoXa`` (every commune)."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from xhht_cli.rollup.outcome import Course, Outcome, UnitResult
from xhht_cli.write.rows import Cell, RowSheet
from xhht_cli.write.summary.formats import (
    LEVEL_VI,
    MET_MARK,
    NOT_MET_MARK,
    STATUS_VI,
    Formats,
    change_shown,
    named_header,
    setup,
)


def _indicator_columns(outcome: Outcome) -> list[str]:
    return [i.code for i in outcome.plan.indicators]


def _changes(outcome: Outcome) -> Outcome | None:
    """The outcome when there is history (a change to show beside each value)."""
    return outcome if outcome.compared else None


def _change(courses: dict[str, Course], code: str) -> float | None:
    course = courses.get(code)
    return change_shown(course.previous.change) if course and course.previous else None


def write_by_level(sheet: Worksheet, outcome: Outcome, level: str, fmt: Formats) -> None:
    codes = _indicator_columns(outcome)
    changes = _changes(outcome)
    step = 2 if changes is not None else 1  # with history, each value has its change beside it
    last_col = 2 + step * len(codes)
    title = f"KẾT QUẢ THEO {LEVEL_VI[level].upper()} — NĂM {outcome.period}"
    # the first column the page does not repeat: printed with the first page's columns only
    # (a part of it in a repeated column was printed on every page, cut: "SỐ LI"); every page
    # names the sheet in its running head instead (page.print_setup)
    sheet.write_string(0, 2, title, fmt.title_left)
    sheet.write_string(1, 2, LEGEND, fmt.subtitle_left)
    names, code_heads = _heads(outcome, codes, changes)
    header_row = named_header(
        sheet,
        2,
        ["Mã", "Tên đơn vị", "Báo cáo hợp lệ / dự kiến", *names],
        ["", "", "", *code_heads],
        _SHARE_WIDTH,
        fmt,
    )
    units = outcome.at_level(level)
    row = header_row
    for result in units:
        row += 1
        _unit_row(sheet, row, result, codes, fmt, bold=False, changes=changes)
    last = row  # the units' rows, under the header: the filter's
    for top in [outcome.top] if outcome.top else []:
        row += 1
        _unit_row(
            sheet, row, top, codes, fmt, bold=True, label=f"Tổng: {top.unit.name}", changes=changes
        )
    sheet.autofilter(header_row, 0, max(last, header_row), last_col)
    widths = [8, 28, 12, *[_SHARE_WIDTH] * (step * len(codes))]
    setup(sheet, header_row, widths, (0, 1), header_row - 1, running=f"{title}. {LEGEND}")


LEGEND = (
    f"{MET_MARK} (nền xanh): đạt mục tiêu năm áp dụng cho cấp này; {NOT_MET_MARK} (nền đỏ): "
    "chưa đạt; không đánh dấu: kế hoạch không đặt mục tiêu"
)
_SHARE_WIDTH = 12  # an indicator's column; its name wraps in the header above
CHANGE = "± so với kỳ trước (điểm %)"


def _heads(
    outcome: Outcome, codes: list[str], changes: Outcome | None
) -> tuple[list[str], list[str]]:
    """Column heads of indicator values (with history, each with its change beside it): the
    names people read, and the codes in the row below."""
    names: list[str] = []
    code_heads: list[str] = []
    for c in codes:
        names.append(outcome.plan.indicator_map[c].name + " (%)")
        code_heads.append(f"{c} (%)")
        if changes is not None:
            names.append(CHANGE)
            code_heads.append(f"{c} ±")
    return names, code_heads


def _unit_row(
    sheet: Worksheet,
    row: int,
    result: UnitResult,
    codes: list[str],
    fmt: Formats,
    bold: bool,
    label: str | None = None,
    changes: Outcome | None = None,
) -> None:
    text = fmt.cell_bold if bold else fmt.cell
    share = fmt.pct_bold if bold else fmt.pct
    sheet.write_string(row, 0, result.unit.code, text)
    sheet.write_string(row, 1, label or result.unit.name, text)
    sheet.write_string(row, 2, f"{result.reported}/{result.expected}", text)
    courses = changes.courses(result) if changes is not None else None
    col = 3
    for code in codes:
        ind = result.indicators[code]
        # a unit's value marked as the outcome judged it against its level's target; the
        # total's row, under the table, is not
        fmt.number(sheet, row, col, ind.value, share if bold else fmt.marked(ind))
        col += 1
        if courses is not None:
            fmt.number(sheet, row, col, _change(courses, code), share)
            col += 1


def write_communes(sheet: RowSheet, outcome: Outcome, fmt: Formats) -> None:
    fields = list(outcome.plan.fields)
    codes = [i.code for i in outcome.plan.indicators if outcome.is_ratio(i.code)]
    registry = outcome.registry
    changes = _changes(outcome)
    names, code_heads = _heads(outcome, codes, changes)  # with history, each ratio's change
    title = f"SỐ LIỆU TỪNG XÃ — NĂM {outcome.period}"
    # right of the repeated columns (2, 3): running on over them, it was printed cut on every
    # later page too (see write_by_level)
    sheet.write_string(0, 4, title, fmt.title_left)
    plan = outcome.plan
    header_row = named_header(
        sheet,
        2,
        [
            "Mã cấp trên",
            "Cấp trên",
            "Mã xã",
            "Tên xã",
            "Báo cáo",
            *[plan.fields[f].label for f in fields],
            *names,
        ],
        ["", "", "", "", "", *fields, *code_heads],
        _SHARE_WIDTH,
        fmt,
    )
    whole, share = fmt.int, fmt.pct
    sent = {code: STATUS_VI[status] for code, status in outcome.sent.items()}
    no_whole, no_share = fmt.num(None, whole), fmt.num(None, share)
    units = registry.units

    def ratios(result: UnitResult) -> list[Cell]:
        indicators = result.indicators
        if changes is None:
            return [no_share if (p := indicators[c].value) is None else (p, share) for c in codes]
        courses = changes.courses(result)
        return [
            no_share if (p := value) is None else (p, share)
            for c in codes
            for value in (indicators[c].value, _change(courses, c))
        ]

    def cells(result: UnitResult) -> list[Cell]:
        parent = units.get(result.unit.parent_code or "")
        get = result.values.get
        return [
            (parent.code if parent else "", fmt.cell),
            (parent.name if parent else "", fmt.cell),
            (result.unit.code, fmt.cell),
            (result.unit.name, fmt.cell),
            (sent.get(result.unit.code, "chưa nộp"), fmt.center),
            *[no_whole if (v := get(code)) is None else (v, whole) for code in fields],
            *ratios(result),
        ]

    communes = outcome.communes
    sheet.write_rows(
        header_row + 1,
        0,
        communes,
        cells,
        formats=(fmt.cell, fmt.center, whole, share, no_whole[1], no_share[1]),
    )
    row = header_row + len(communes)
    sheet.autofilter(header_row, 0, max(row, header_row), 4 + len(fields) + len(names))
    widths = [8, 22, 8, 24, 12, *[_SHARE_WIDTH] * (len(fields) + len(names))]
    # the commune's code and name on every page of columns
    setup(sheet, header_row, widths, (2, 3), header_row - 1, running=title)
    sheet.freeze_panes(header_row + 1, 4)
