"""RowSheet.write_cells writes the cells xlsxwriter's own cell-by-cell writer writes."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from xhht_cli.write.rows import DEFLATE_LEVEL, RowSheet, SummaryWorkbook

STRINGS = [
    "Xã Tân Lộc",
    "  leading and trailing  ",
    "a < b & c > d",
    "bell\x07 and tab\t and newline\n",
    "_x0041_ stays literal",
    "=SUM(A1:A9)",  # text, never a formula
    "",
    "x" * 40_000,  # beyond Excel's 32,767 characters
]
NUMBERS: list[Any] = [0, 7, -3, 1_234_567, 12.5, 1e-7, 2**40, True]
# Whole numbers beyond 2**53 and 10**16, where str() and xlsxwriter's .16G part ways.
BIG = [2**53 - 1, 2**53, 2**53 + 1, 10**16 - 1, -(10**16 - 1), 10**16, -(10**16), 2**60 + 1]


def _book(path: Path, bulk: bool, rows: list[list[Any]]) -> None:
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    text = book.add_format({"bold": True})
    number = book.add_format({"num_format": "#,##0"})
    sheet = book.add_worksheet("T", worksheet_class=RowSheet)
    sheet.write_string(0, 0, "header")
    for r, row in enumerate(rows, start=1):
        cells = [None if v is None else (v, text if isinstance(v, str) else number) for v in row]
        if bulk:
            sheet.write_cells(r, 0, cells)
        else:
            for c, cell in enumerate(cells):
                if cell is None:
                    continue
                if isinstance(cell[0], str):
                    sheet.write_string(r, c, cell[0], cell[1])
                else:
                    sheet.write_number(r, c, cell[0], cell[1])
    sheet.write_string(len(rows) + 2, 1, "after")
    book.close()


def _cells(path: Path) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(path)["T"]
    return [
        (c.coordinate, c.value, c.data_type, c.number_format, c.font.b)
        for row in sheet.iter_rows()
        for c in row
        if c.value is not None
    ]


def test_write_cells_matches_cell_by_cell(tmp_path: Path) -> None:
    rows = [STRINGS[:4] + NUMBERS[:4], [None, *STRINGS[4:], None, *NUMBERS[4:]], [None] * 3]
    _book(tmp_path / "slow.xlsx", False, rows)
    _book(tmp_path / "fast.xlsx", True, rows)
    fast = _cells(tmp_path / "fast.xlsx")
    assert fast == _cells(tmp_path / "slow.xlsx")
    values = {c[0]: c[1] for c in fast}
    assert values["A2"] == "Xã Tân Lộc"
    assert values["B2"] == "  leading and trailing  "
    assert values["D2"].endswith(" and tab\t and newline\n")  # the bell as Excel writes it
    assert values["C3"] == "=SUM(A1:A9)"
    assert len(values["E3"]) == 32_767


def test_write_cells_writes_large_whole_numbers_as_xlsxwriter_does(tmp_path: Path) -> None:
    _book(tmp_path / "slow.xlsx", False, [BIG])
    _book(tmp_path / "fast.xlsx", True, [BIG])
    assert _cells(tmp_path / "fast.xlsx") == _cells(tmp_path / "slow.xlsx")
    with zipfile.ZipFile(tmp_path / "fast.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>1E+16</v>" in xml  # 10**16 - 1 rounds to a float first, as xlsxwriter does


def test_summary_workbook_deflates_fast_and_puts_zipfile_back(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    book = SummaryWorkbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("T", worksheet_class=RowSheet)
    fmt = book.add_format()
    for r in range(2000):
        sheet.write_cells(r, 0, [(f"Xã {r}", fmt), (r * 7, fmt), (r / 3, fmt)])
    book.close()
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile  # only this workbook's store used it
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        data = archive.read(info)
    deflate = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    assert info.compress_size == len(deflate.compress(data) + deflate.flush())
    assert openpyxl.load_workbook(path)["T"]["A2000"].value == "Xã 1999"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.text(max_size=30),
                st.integers(-(2**60), 2**60),
                st.floats(allow_nan=False, allow_infinity=False, width=32),
            ),
            max_size=6,
        ),
        max_size=5,
    )
)
def test_write_cells_matches_for_any_values(tmp_path_factory: Any, rows: list[list[Any]]) -> None:
    folder = tmp_path_factory.mktemp("rows")
    _book(folder / "slow.xlsx", False, rows)
    _book(folder / "fast.xlsx", True, rows)
    assert _cells(folder / "fast.xlsx") == _cells(folder / "slow.xlsx")


def test_write_cells_refuses_going_back_and_plain_workbooks(tmp_path: Path) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"), {"constant_memory": True})
    fmt = book.add_format()
    sheet = book.add_worksheet("T", worksheet_class=RowSheet)
    sheet.write_cells(3, 0, [("a", fmt)])
    with pytest.raises(ValueError):
        sheet.write_cells(3, 0, [("again", fmt)])
    with pytest.raises(ValueError):
        sheet.write_cells(2, 0, [("above", fmt)])
    with pytest.raises(ValueError):
        sheet.write_cells(5, 0, [(float("nan"), fmt)])
    book.close()
    plain = xlsxwriter.Workbook(str(tmp_path / "b.xlsx"))
    other = plain.add_worksheet("T", worksheet_class=RowSheet)
    with pytest.raises(RuntimeError):
        other.write_cells(0, 0, [("a", plain.add_format())])
    plain.close()


# -- write_rows: the same rows, the first part rendered by a child process -------------------


def _rows_book(
    path: Path, mode: str, count: int, late_format: bool = False, fail_in_child: bool = False
) -> None:
    """A sheet of *count* rows written by write_cells ("cells") or write_rows ("rows"), with
    cells written by xlsxwriter itself above and below them."""
    import os

    book = SummaryWorkbook(str(path), {"constant_memory": True})
    text = book.add_format({"bold": True})
    number = book.add_format({"num_format": "#,##0"})
    late = book.add_format({"italic": True})  # with late_format: first used in the child's rows
    sheet = book.add_worksheet("T", worksheet_class=RowSheet)
    sheet.write_string(0, 0, "header")
    parent = os.getpid()

    def cells(i: int) -> list[Any]:
        if fail_in_child and os.getpid() != parent:
            raise RuntimeError("a child that fails")
        style = late if late_format and i == 3 else text
        return [(f"Xã {i} <&>", style), (i * 7, number), None if i % 5 else (i / 3, number)]

    if mode == "cells":
        for i in range(count):
            sheet.write_cells(1 + i, 0, cells(i))
    else:
        sheet.write_rows(1, 0, range(count), cells, formats=(text, number))
    sheet.write_string(count + 2, 1, "after")
    other = book.add_worksheet("U", worksheet_class=RowSheet)
    other.write_cells(0, 0, [("next sheet", text)])
    book.close()


def _sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml") + archive.read("xl/styles.xml")


@pytest.mark.parametrize(
    "case",
    [{}, {"late_format": True}, {"fail_in_child": True}],
    ids=["child", "format-new-in-child", "child-fails"],
)
def test_write_rows_matches_write_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: dict[str, bool]
) -> None:
    import xhht_cli.write.rows as rows

    monkeypatch.setattr(rows, "PARALLEL_ROWS", 10)
    monkeypatch.delenv("XHHT_SERIAL_WRITE", raising=False)
    if not rows._can_fork(100):
        pytest.skip("rows are rendered by a child only where fork is relied on (Linux)")
    _rows_book(tmp_path / "cells.xlsx", "cells", 100, **case)
    _rows_book(tmp_path / "rows.xlsx", "rows", 100, **case)
    assert _sheet_xml(tmp_path / "rows.xlsx") == _sheet_xml(tmp_path / "cells.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "rows.xlsx")["T"]
    assert sheet["A2"].value == "Xã 0 <&>" and sheet["B101"].value == 99 * 7
    assert sheet["B102"].value is None and sheet["B103"].value == "after"
    assert sheet["A5"].font.i is bool(case.get("late_format"))
    assert not list(tmp_path.glob("*.rows"))  # the child's file is gone


def test_write_rows_serial_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xhht_cli.write.rows as rows

    monkeypatch.setattr(rows, "PARALLEL_ROWS", 10)
    monkeypatch.setenv("XHHT_SERIAL_WRITE", "1")
    assert not rows._can_fork(100)
    _rows_book(tmp_path / "cells.xlsx", "cells", 30)
    _rows_book(tmp_path / "rows.xlsx", "rows", 30)
    assert _sheet_xml(tmp_path / "rows.xlsx") == _sheet_xml(tmp_path / "cells.xlsx")


def test_write_rows_keeps_the_order_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import xhht_cli.write.rows as rows

    monkeypatch.setattr(rows, "PARALLEL_ROWS", 10)
    book = SummaryWorkbook(str(tmp_path / "t.xlsx"), {"constant_memory": True})
    fmt = book.add_format()
    sheet = book.add_worksheet("T", worksheet_class=RowSheet)
    sheet.write_rows(0, 0, range(50), lambda i: [(i, fmt)], formats=(fmt,))
    with pytest.raises(ValueError, match="already written"):
        sheet.write_cells(49, 0, [("again", fmt)])
    with pytest.raises(ValueError, match="cells, not"):
        sheet.write_rows(60, 0, range(3), lambda i: [(i, fmt)] * (i + 1))
    sheet.write_rows(70, 0, range(50), lambda i: [(i, fmt)], formats=(fmt,))
    pending = sheet._pending
    assert pending is not None
    if pending.child is not None:  # where rows are rendered by a child (Linux)
        pid, path = pending.child
        assert os.path.exists(path)
    book.discard()  # as after a failure: the child is stopped and reaped, its file removed
    assert sheet._pending is None
    if pending.child is not None:
        assert not os.path.exists(path)
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)


def test_a_child_past_its_time_is_stopped() -> None:
    import os
    import time

    from xhht_cli.write import fork

    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    pid = os.fork()
    if pid == 0:  # a child that never finishes on its own
        time.sleep(60)
        os._exit(0)
    started = time.monotonic()
    assert fork.exit_code(pid, 0.2) is None
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)  # reaped
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    assert fork.exit_code(pid, 10) == 3


@pytest.mark.parametrize("pidfd", [True, False])
def test_a_child_is_waited_for_until_it_ends_with_or_without_a_pidfd(
    pidfd: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a pidfd the wait sleeps in poll until the child ends, never in naps; without one
    (an older kernel, another system) it naps between looks, and still gets the code."""
    import os
    import time

    from xhht_cli.write import fork

    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    if pidfd and not hasattr(os, "pidfd_open"):
        pytest.skip("no pidfd here")
    naps: list[float] = []
    if pidfd:
        monkeypatch.setattr(fork.time, "sleep", lambda s: naps.append(s))
    else:
        monkeypatch.delattr(os, "pidfd_open", raising=False)
    pid = os.fork()
    if pid == 0:
        time.sleep(0.2)
        os._exit(5)
    assert fork.exit_code(pid, 10) == 5
    assert not naps
