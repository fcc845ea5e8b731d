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
