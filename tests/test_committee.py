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
from xhht_cli.units.registry import load_registry
from xhht_cli.write.documents import status_document, validate_document
from xhht_cli.write.docx_report import build_report
from xhht_cli.write.letterhead import Letterhead
from xhht_cli.write.summary import write_summary

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
    """The draft's paragraphs, as text."""
    head = Letterhead().filled(outcome.top.unit.name if outcome.top else None)
    path = folder / "bao-cao.docx"
    build_report(outcome, head, DAY).save(str(path), "t", DAY)
    with zipfile.ZipFile(path) as package:
        xml = fromstring(package.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in xml.iter(f"{W}p")]


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
def reform() -> Outcome:
    """The reform samples' 2025 with one commune's report left out, 2024 carried through the
    crosswalk (partly estimated)."""
    reads = read_all(discover([REFORM / "ca-mau-2025"]), PLAN)
    history = read_all(discover([SAMPLES / "2024", REFORM / "bac-lieu-2024"]), PLAN)
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
