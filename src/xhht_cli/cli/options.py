"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xhht_cli.base.errors import UsageProblem
from xhht_cli.base.i18n import tr

PlanOpt = Annotated[
    str,
    typer.Option(
        "--plan",
        help="Kế hoạch: tên kế hoạch có sẵn (xhht plan list) hoặc tệp .yaml. "
        "/ A shipped plan name or a plan file.",
    ),
]
UnitsOpt = Annotated[
    str,
    typer.Option(
        "--units",
        help="Danh mục đơn vị: vn, vn:<mã tỉnh> hoặc tệp CSV/XLSX. "
        "/ Registry: vn, vn:<province code> or a CSV/XLSX file.",
    ),
]
ParentOpt = Annotated[
    str | None,
    typer.Option(
        "--parent",
        help="Chỉ các đơn vị trực thuộc mã này. / Only units under this code.",
    ),
]
PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="Kỳ báo cáo (năm, YYYY); mặc định suy ra từ các tệp. "
        "/ Reporting period; inferred when all files agree.",
    ),
]
PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Tệp hoặc thư mục báo cáo (đọc cả thư mục con). / Report files or folders.",
        show_default=False,
    ),
]
InferredUnitsOpt = Annotated[
    str | None,
    typer.Option(
        "--units",
        help="Danh mục đơn vị: vn, vn:<mã tỉnh> hoặc tệp CSV/XLSX; mặc định: tỉnh của các báo "
        "cáo nếu tất cả thuộc một tỉnh, nếu không thì cả nước (vn). / Registry: vn, "
        "vn:<province code> or a CSV/XLSX file; by default the reports' province when they all "
        "lie in one, else the whole country (vn).",
        show_default=False,
    ),
]
ReceivedOpt = Annotated[
    str,
    typer.Option(
        "--received",
        help="Đúng hạn hay trễ hạn tính theo: report-date (ngày báo cáo ghi trên biểu, mặc định) "
        "hoặc mtime (thời điểm sửa tệp lần cuối — sai khi thư mục được sao chép lại). / On time "
        "or late by: report-date (the form's report date, the default) or mtime (the files' "
        "last modification, wrong once a folder is copied).",
    ),
]
# The shipped plan a command uses by default: plans.load.DEFAULT_PLAN, written here so that
# declaring the options loads no plan machinery (tests/test_cli.py checks they agree).
DEFAULT_PLAN = "quoc-gia-2021-2030"
DEFAULTS = {"plan": DEFAULT_PLAN, "units": "vn", "received": "report-date"}


def received_basis(value: str) -> str:
    """``--received``'s value as the basis the pipeline takes (exit 2 on another value)."""
    picked = choice(value.replace("_", "-"), ("report-date", "mtime"), "--received")
    return "report_date" if picked == "report-date" else "mtime"


def checked_period(period: str | None) -> str | None:
    """``--period`` as given, if it is a year of four digits (None: not given); else exit 2
    with the command's help line."""
    if period is not None and not (period.isdigit() and len(period) == 4):
        raise UsageProblem(tr("cli.bad_period", period=period))
    return period


def choice(value: str, choices: tuple[str, ...], option: str = "--format") -> str:
    """An option's value among *choices* (any case), else exit 2 naming them."""
    if value.lower() not in choices:
        raise UsageProblem(
            tr("cli.bad_choice", option=option, value=value, choices=" | ".join(choices))
        )
    return value.lower()
