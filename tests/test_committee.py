"""Issue 27: a signed document states only what the tool knows — on time / late by a time it
knows, every caveat of the workbook in the .docx, verdict words, and what a new user meets at
the terminal (docs/documents.md, docs/outcome.md)."""

from __future__ import annotations

import os
import shutil
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring
from openpyxl import load_workbook

from conftest import SAMPLE_REGISTRY, SAMPLES
from helpers import PLAN
from xhht_cli.check.pipeline import Read, read_all, validate_reads
from xhht_cli.read import FileRead
from xhht_cli.read.discover import discover
from xhht_cli.rollup.outcome import Outcome, decide
from xhht_cli.units.load import load_registry
from xhht_cli.write.documents import status_document, validate_document
from xhht_cli.write.docx_report import build_report
from xhht_cli.write.letterhead import Letterhead, in_sentence
from xhht_cli.write.summary import write_summary

# the reading has its own tests: the samples are read once a process (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("samples_read_once")

CA_MAU_2024 = load_registry(str(SAMPLE_REGISTRY))
DAY = date(2026, 1, 5)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LATER = datetime(2031, 3, 1).timestamp()  # long after the deadline


@pytest.fixture(scope="module")
def copied(tmp_path_factory) -> list[Read]:
    """The Quick start's 2024 reports copied elsewhere, every file's time set years after the
    deadline (a git clone, a USB stick, ``cp``)."""
    target = tmp_path_factory.mktemp("copy") / "2024"
    shutil.copytree(SAMPLES / "2024", target, copy_function=shutil.copy)
    for path in target.rglob("*"):
        os.utime(path, (LATER, LATER))
    return read_all(discover([target]), PLAN)


@pytest.fixture(scope="module")
def original() -> list[Read]:
    return read_all(discover([SAMPLES / "2024"]), PLAN)


def _outcome(reads: list[Read], received: str = "report_date") -> Outcome:
    validation = validate_reads(reads, PLAN, CA_MAU_2024, "2024", None, None, received)
    return decide(validation)


def _words(outcome: Outcome, folder: Path) -> list[str]:
    """The draft's paragraphs, as text (as the page shows it: no zero-width spaces)."""
    head = Letterhead().filled(outcome.top.unit.name if outcome.top else None)
    path = folder / "bao-cao.docx"
    build_report(outcome, head, DAY).save(str(path), "t", DAY)
    with zipfile.ZipFile(path) as package:
        xml = fromstring(package.read("word/document.xml"))
    paragraphs = ("".join(t.text or "" for t in p.iter(f"{W}t")) for p in xml.iter(f"{W}p"))
    return [text.replace("\u200b", "") for text in paragraphs]


# -- on time / late by a time the tool knows -------------------------------------------------


def test_copied_samples_give_the_same_document_on_the_report_dates(copied, original, tmp_path):
    again, first = _words(_outcome(copied), tmp_path), _words(_outcome(original), tmp_path)
    assert again == first
    line = next(p for p in again if p.startswith("Số xã dự kiến báo cáo"))
    assert "theo ngày báo cáo ghi trên biểu: đúng hạn 100, trễ hạn 0" in line
    assert "trễ hạn 100" not in line


def test_received_mtime_counts_the_files_times_and_says_so(copied, tmp_path):
    outcome = _outcome(copied, "mtime")
    assert (outcome.tally.on_time, outcome.tally.late) == (0, 100)
    assert outcome.timeliness_basis == "mtime"
    line = next(p for p in _words(outcome, tmp_path) if p.startswith("Số xã dự kiến báo cáo"))
    assert "theo thời điểm sửa tệp lần cuối (--received mtime): đúng hạn 0, trễ hạn 100" in line


def test_in_a_run_the_inbox_time_decides(original):
    """Files that came through the inbox carry the time it first saw them: that is the basis,
    whatever the form says."""
    late = [FileRead(replace(r.file, received=LATER), r.reports, r.findings) for r in original[:3]]
    outcome = _outcome([*late, *original[3:]])
    assert outcome.timeliness_basis == "inbox"
    assert outcome.tally.late == 3
    assert status_document(outcome)["timeliness_basis"] == "inbox"


def test_a_report_without_a_date_is_neither_on_time_nor_late(original, tmp_path):
    undated = [
        FileRead(r.file, [replace(x, report_date=None) for x in r.reports], r.findings)
        for r in original[:2]
    ]
    outcome = _outcome([*undated, *original[2:]])
    tally = outcome.tally
    assert (tally.on_time, tally.late, tally.undated) == (98, 0, 2)
    completeness = validate_document(outcome)["completeness"]
    assert completeness["undated"] == 2 and completeness["timeliness_basis"] == "report_date"
    line = next(p for p in _words(outcome, tmp_path) if p.startswith("Số xã dự kiến báo cáo"))
    assert "không xác định 2" in line


# -- the .docx carries every caveat the workbook carries ----------------------------------------

REFORM = SAMPLES / "cai-cach-2025"


@pytest.fixture(scope="module")
def reform(original) -> Outcome:
    """The reform samples' 2025 with one commune's report left out, 2024 carried through the
    crosswalk (partly estimated)."""
    reads = read_all(discover([REFORM / "ca-mau-2025"]), PLAN)
    history = [*original, *read_all(discover([REFORM / "bac-lieu-2024"]), PLAN)]
    left_out = [r for r in reads if not r.file.display.endswith("31825-phuong-bac-lieu.xlsx")]
    assert len(left_out) == len(reads) - 1
    validation = validate_reads(left_out, PLAN, load_registry("vn:96"), "2025", None, history)
    return decide(validation)


def test_the_reform_docx_states_the_carried_estimate_and_the_missing_commune(reform, tmp_path):
    words = _words(reform, tmp_path)
    text = "\n".join(words)
    assert "năm 2024 quy đổi về đơn vị hiện nay theo bảng chuyển đổi" in text
    assert "năm 2024 một phần là số ước tính" in text
    assert "Mức đạt chuẩn cấp tỉnh: suy ra từ cấp xã (giả định)" in text  # two tiers
    # the standards' k/n: one commune missing, not one that lost its standard
    assert "63/64 (1 xã thiếu số liệu)" in words
    assert "1 xã chưa có báo cáo hợp lệ được tính là chưa đạt chuẩn" in text


def test_districts_short_of_a_commune_are_judged_on_the_rest_and_the_caveat_says_so(tmp_path):
    """2023's districts each miss a commune or so, and all 9 reach most standards: the caveat
    must not say they were counted as not reaching them (as a commune without a report is)."""
    reads = read_all(discover([SAMPLES / "2023"]), PLAN)
    outcome = decide(validate_reads(reads, PLAN, CA_MAU_2024, "2023", None, None))
    top = outcome.top
    assert top is not None
    standing = outcome.standing(top, top.indicators["DAT_PCTH1"])
    assert standing is not None and (standing.reached, standing.expected) == (9, 9)
    assert standing.lacking > 0 and standing.level == "district"
    text = " ".join(c.text for c in outcome.caveats("vi"))
    assert "huyện thiếu báo cáo hợp lệ của một số xã: chuẩn của huyện được xét trên" in text
    assert "huyện chưa có báo cáo hợp lệ được tính là chưa đạt chuẩn" not in text
    english = " ".join(c.text for c in outcome.caveats("en"))
    assert "districts short of some communes' valid reports: 5; each is judged on the" in english


def test_tonghop_and_the_docx_state_the_same_caveats(reform, tmp_path):
    write_summary(tmp_path / "th.xlsx", reform)
    sheet = load_workbook(tmp_path / "th.xlsx", read_only=True)["TongHop"]
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c}
    text = "\n".join(_words(reform, tmp_path))
    caveats = reform.caveats("vi")
    assert {c.kind for c in caveats} >= {"levels", "carried", "lacking"}
    for caveat in caveats:
        assert caveat.label("vi") in cells and caveat.text in cells
        assert f"{caveat.label('vi')}: {caveat.text}." in text


# -- verdicts in words and marks, the layout ---------------------------------------------------


@pytest.fixture(scope="module")
def summary_2024(original, tmp_path_factory) -> Path:
    """The Quick start's 2024 summary (no history: the samples' 2024 alone)."""
    path = tmp_path_factory.mktemp("summary") / "th.xlsx"
    write_summary(path, _outcome(original))
    return path


def _charts_xml(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        names = sorted(n for n in package.namelist() if n.startswith("xl/charts/chart"))
        return [package.read(n).decode("utf-8") for n in names]


def test_theohuyen_marks_each_value_as_the_outcome_judged_it(original, tmp_path):
    """Each district's value is written with the mark of the outcome's own verdict (``met``):
    ✓ on green, ✗ on red, no mark without a target; the number stays a number, and a value
    just short of its target has the decimals it takes not to read as it (69,96 ✗ under 70,
    not 70,0 ✗). Nothing compares the value with the target again in the spreadsheet."""
    from xhht_cli.write.summary.formats import short_digits

    outcome = _outcome(original)
    near = outcome.at_level("district")[0].indicators
    code = next(c for c, ind in near.items() if ind.target is not None and ind.value is not None)
    near[code] = near[code]._replace(value=near[code].target - 0.04, met=False)
    unjudged = outcome.at_level("district")[1].indicators  # a target, no verdict (too few)
    unjudged[code] = unjudged[code]._replace(met=None)
    path = tmp_path / "th.xlsx"
    write_summary(path, outcome)
    sheet = load_workbook(path)["TheoHuyen"]
    assert not [rule for found in sheet.conditional_formatting for rule in found.rules]
    assert "✓" in sheet["C2"].value and "✗" in sheet["C2"].value  # the legend says which
    assert sheet.oddHeader.left.text.endswith(sheet["C2"].value)  # and every page, at its head
    cells = [c for row in sheet.iter_rows() for c in row]
    columns = {c.value[:-4]: c.column for c in cells if str(c.value).endswith(" (%)")}
    rows = {c.value: c.row for c in cells if c.column == 1 and c.value}
    seen = set()
    for result in outcome.at_level("district"):
        for ind in result.indicators.values():
            if ind.code not in columns:
                continue
            cell = sheet.cell(rows[result.unit.code], columns[ind.code])
            shown = cell.number_format
            if ind.met is None or ind.target is None or ind.value is None:
                assert "✓" not in shown and "✗" not in shown, (result.unit.code, ind.code)
                seen.add("unmarked" if ind.target is not None else "")
                continue
            mark, colour = ("✓", "FFC6EFCE") if ind.met else ("✗", "FFFFC7CE")
            assert shown == "0." + "0" * short_digits(ind) + f'" {mark}"', (ind, shown)
            assert cell.fill.fgColor.rgb == colour and cell.value == pytest.approx(ind.value)
            seen.add(shown)
    assert {'0.0" ✓"', '0.0" ✗"', '0.00" ✗"', "unmarked"} <= seen  # the near miss among them


def test_bieudo_labels_its_bars_fits_its_axis_and_names_the_targets_year(summary_2024):
    charts = _charts_xml(summary_2024)
    bars = [c for c in charts if "<c:barChart>" in c]
    assert bars and all("<c:dLbls>" in c and "Mục tiêu năm 2025" in c for c in bars)
    for chart in bars:  # a bar's label in its cell's format (69,96 under 70 is not "70.0")
        labels = chart.split("<c:barChart>")[1].split("<c:dLbls>")[1].split("</c:dLbls>")[0]
        assert "<c:numFmt" not in labels
    assert not any("Mục tiêu năm 2024" in c for c in bars)  # the 2025 target, as 2025's
    # districts between 52.8 % and 61.1 % against 70 %: not drawn from 0, and said so
    first = bars[0]
    assert '<c:min val="50"/>' in first and "trục bắt đầu từ 50" in first


def test_tiendo_says_none_missing_instead_of_an_empty_table(summary_2024):
    sheet = load_workbook(summary_2024, read_only=True)["TienDo"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Không có xã nào chưa nộp báo cáo." in cells
    assert "Tên xã" not in cells  # no heads over nothing
    assert any("theo ngày báo cáo ghi trên biểu" in str(c) for c in cells)


def test_loidulieu_is_titled_and_its_rows_are_as_tall_as_their_text(summary_2024):
    sheet = load_workbook(summary_2024)["LoiDuLieu"]
    assert sheet["A1"].value == "LỖI VÀ CẢNH BÁO TRONG CÁC BÁO CÁO — NĂM 2024"
    assert sheet["A3"].value == "Tệp"
    assert all(sheet.row_dimensions[r].height >= 30 for r in range(4, sheet.max_row + 1))


def test_a_milestone_missed_in_its_year_is_not_met(reform, tmp_path):
    top = reform.top
    assert top is not None
    verdicts = {
        m.verdict for c in reform.courses(top).values() for m in c.milestones if m.year == 2025
    }
    assert "not_met" in verdicts and "behind" not in verdicts and "on_track" not in verdicts
    text = "\n".join(_words(reform, tmp_path))
    assert "chưa đạt" in text and "của tỉnh Cà Mau" in text


def test_unit_words_are_lower_case_inside_a_sentence():
    assert in_sentence("Tỉnh Cà Mau") == "tỉnh Cà Mau"
    assert in_sentence("Thành phố Hồ Chí Minh") == "thành phố Hồ Chí Minh"
    assert in_sentence("Phường 7") == "phường 7" and in_sentence("Cà Mau") == "Cà Mau"


def test_write_rows_gives_each_row_its_height(tmp_path, monkeypatch):
    import xhht_cli.write.rows as rows

    monkeypatch.setattr(rows, "PARALLEL_ROWS", 10)  # a child renders the first part, if it can
    book = rows.SummaryWorkbook(str(tmp_path / "h.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet("T", worksheet_class=rows.RowSheet)
    text = book.add_format()
    sheet.write_rows(0, 0, list(range(40)), lambda i: [(f"x{i}", text)], height_of=lambda i: 15 + i)
    book.close()
    written = load_workbook(tmp_path / "h.xlsx")["T"]
    assert [written.row_dimensions[r].height for r in (1, 2, 40)] == [15, 16, 54]
    assert written["A40"].value == "x39"


def test_bieudo_figures_are_the_values_themselves_not_rounded_twice(original, summary_2024):
    """The bars' figures hold each value whole, so its one-decimal label is the value's own
    rounding, as in TheoHuyen: 66.6466 % is "66.6", where a figure rounded to 66.65 first
    printed "66.7" beside "66.6" in the table."""
    from xhht_cli.write.summary.charts import DATA_COLUMN

    outcome = _outcome(original)
    sheet = load_workbook(summary_2024, read_only=True)["BieuDo"]
    rows = list(sheet.iter_rows(values_only=True))
    code = rows[0][DATA_COLUMN]
    values = {u.unit.name: u.indicators[code].value for u in outcome.at_level("district")}
    figures = [(row[DATA_COLUMN], row[DATA_COLUMN + 1]) for row in rows[1:] if row[DATA_COLUMN]]
    assert figures
    for name, figure in figures:
        assert figure == pytest.approx(values[name], abs=1e-6)
