"""The private parts of xlsxwriter that ``write/rows.py`` relies on are still there and still
behave as it expects. xlsxwriter promises nothing about them: if a new version changes one,
this test fails by name, before a summary comes out wrong (pinned below 4 in pyproject)."""

from __future__ import annotations

import inspect
import zipfile
from pathlib import Path

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xhht_cli.write.rows import DEFLATE_LEVEL, RowSheet, SummaryWorkbook


def test_the_worksheet_methods_rows_overrides_or_calls() -> None:
    single = inspect.signature(Worksheet._write_single_row)
    assert list(single.parameters) == ["self", "current_row_num"]
    assert single.parameters["current_row_num"].default == 0
    dims = inspect.signature(Worksheet._check_dimensions)
    assert list(dims.parameters)[:3] == ["self", "row", "col"]


def test_the_worksheet_state_rows_reads(tmp_path: Path) -> None:
    book = Workbook(str(tmp_path / "t.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet("T")
    for name in ("fh", "previous_row", "table", "row_info", "constant_memory", "tmpdir"):
        assert hasattr(sheet, name), f"xlsxwriter Worksheet.{name} is gone"
    assert sheet.constant_memory
    assert sheet._check_dimensions(0, 0) == 0  # inside the sheet
    assert sheet._check_dimensions(1_048_576, 0) == -1  # outside: refused, not raised
    sheet.write_string(0, 0, "x")
    assert sheet.table  # constant memory: the row being written is held here
    book.close()


def test_formats_give_their_style_index() -> None:
    book = Workbook("unused.xlsx", {"in_memory": True})
    fmt = book.add_format({"bold": True})
    assert isinstance(fmt, Format) and fmt.xf_index is None  # not given one yet
    index = fmt._get_xf_index()
    assert isinstance(index, int) and fmt.xf_index == index
    assert fmt._get_xf_index() == index  # fixed once given


def test_the_workbook_is_stored_through_the_module_zipfile(tmp_path: Path) -> None:
    assert hasattr(xlsxwriter.workbook, "ZipFile")
    assert "ZipFile(" in inspect.getsource(Workbook._store_workbook)
    path = tmp_path / "t.xlsx"
    book = SummaryWorkbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("T", worksheet_class=RowSheet)
    fmt = book.add_format()
    calls: list[int] = []
    original = RowSheet._write_single_row

    def counted(self: RowSheet, current_row_num: int = 0) -> None:
        calls.append(current_row_num)
        original(self, current_row_num)

    RowSheet._write_single_row = counted  # type: ignore[method-assign]
    try:
        sheet.write_rows(0, 0, list(range(5)), lambda i: [(i, fmt)], formats=(fmt,))
        book.close()
    finally:
        RowSheet._write_single_row = original  # type: ignore[method-assign]
    assert calls, "xlsxwriter no longer writes the last row through _write_single_row"
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile  # put back after storing
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert b"<v>4</v>" in archive.read(info.filename)
    assert DEFLATE_LEVEL == 1


def test_the_row_data_file_rows_copies_as_bytes(tmp_path: Path) -> None:
    """RowSheet._write_optimized_sheet_data copies the rows' file itself: xlsxwriter must still
    keep the rows of a constant-memory sheet in ``row_data_filename`` through ``row_data_fh``,
    and mark an empty sheet by ``dim_rowmin`` None."""
    assert "row_data_fh" in inspect.getsource(Worksheet._write_optimized_sheet_data)
    book = Workbook(str(tmp_path / "t.xlsx"), {"constant_memory": True})
    empty, sheet = book.add_worksheet("E"), book.add_worksheet("T")
    assert empty.dim_rowmin is None
    sheet.write_string(0, 0, "Xã Số 1")
    sheet.write_string(1, 0, "x")  # the first row goes to the file
    assert Path(sheet.row_data_filename).is_file()
    assert sheet.fh is sheet.row_data_fh
    sheet.row_data_fh.flush()
    assert "Xã Số 1" in Path(sheet.row_data_filename).read_text(encoding="utf-8")
    book.close()
