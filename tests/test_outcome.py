"""One outcome, decided once (docs/outcome.md): which reports belong to the scope, which
communes are expected, what each count is — and every output saying the same."""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY, SAMPLES
from helpers import PLAN, values
from xhht_cli.check.pipeline import Read, read_all, validate_reads
from xhht_cli.cli import app
from xhht_cli.read import FileRead
from xhht_cli.read.discover import InputFile, discover
from xhht_cli.rollup.outcome import Tally, decide
from xhht_cli.units.load import load_registry
from xhht_cli.values.report import Report, Value
from xhht_cli.values.results import Status
from xhht_cli.write.documents import aggregate_document, status_document, validate_document
from xhht_cli.write.summary import write_summary

# the reading has its own tests: the samples are read once a process (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("samples_read_once")

runner = CliRunner()
REFORM = SAMPLES / "cai-cach-2025"
CA_MAU_2024 = load_registry(str(SAMPLE_REGISTRY))


@pytest.fixture(scope="session")
def reads_2023() -> list[Read]:
    return read_all(discover([SAMPLES / "2023"]), PLAN)


@pytest.fixture(scope="session")
def reads_2024() -> list[Read]:
    """Old Cà Mau's and old Bạc Liêu's reports of 2024: today's Cà Mau's area then."""
    return read_all(discover([SAMPLES / "2024", REFORM / "bac-lieu-2024"]), PLAN)


@pytest.fixture(scope="session")
def reads_2025() -> list[Read]:
    return read_all(discover([REFORM / "ca-mau-2025"]), PLAN)


def _errors(entries) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (Path(e.file.display).name, f.code)
        for e in entries
        for f in e.findings
        if f.severity == "error"
    ]


# -- scope -----------------------------------------------------------------------------------


def test_parent_decides_which_reports_belong_as_well_as_who_is_expected(reads_2023):
    validation = validate_reads(reads_2023, PLAN, CA_MAU_2024, "2023", "967")
    outside = [
        e for e in validation.entries if any(f.code == "unit.outside_parent" for f in e.findings)
    ]
    assert outside and all(e.status == Status.IGNORED for e in outside)
    assert all(e.unit is not None and e.unit.parent_code != "967" for e in outside)
    assert all(f.severity == "info" for e in outside for f in e.findings)
    judged = [e for e in validation.entries if e.status in (Status.VALID, Status.INVALID)]
    assert {e.unit.parent_code for e in judged if e.unit} == {"967"}
    # Phường 6 (found by its name) and the file named after Khánh Bình Tây Bắc lie elsewhere:
    # outside, not "unit.not_found"; the unreadable file named after Trần Phán too
    names = {Path(e.file.display).name for e in outside}
    assert {"bao cao.xlsx", "BC XHHT xa Khanh Binh Tay Bac 2023.xlsx"} <= names
    assert "BC XHHT xa Tran Phan 2023.xls" in names
    # what is left to fail the run: only a file nothing places anywhere (empty, no name)
    assert {name for name, _ in _errors(validation.entries)} <= {
        "BC XHHT moi.xlsx",
        "BC XHHT xa Tan Loc 2023.xlsx",  # 967's own first version (superseded)
    }
    outcome = decide(validation, roll=False)
    assert (outcome.tally.expected, outcome.tally.valid, outcome.tally.missing) == (12, 11, 1)


def test_parent_through_the_command_line(tmp_path):
    result = runner.invoke(
        app,
        [
            "validate",
            str(SAMPLES / "2023" / "967-huyen-thoi-binh"),
            str(SAMPLES / "2023" / "964-thanh-pho-ca-mau"),
            "--units",
            str(SAMPLE_REGISTRY),
            "--period",
            "2023",
            "--parent",
            "967",
            "--format",
            "json",
        ],
    )
    document = json.loads(result.stdout)
    assert result.exit_code == 0, result.output  # 964's invalid Phường 7 is not 967's business
    assert document["completeness"]["expected"] == 12
    statuses = {
        Path(f["path"]).parent.name: f["status"] for f in document["files"] if "964" in f["path"]
    }
    assert set(statuses.values()) == {"ignored"}


def test_a_period_before_the_reform_covers_todays_province(reads_2024, tmp_path):
    validation = validate_reads(reads_2024, PLAN, load_registry("vn:96"), "2024")
    outcome = decide(validation)
    top = outcome.top
    assert top is not None
    assert (top.unit.code, top.unit.name, top.reported, top.expected) == (
        "96",
        "Tỉnh Cà Mau",
        164,
        164,
    )
    assert outcome.tally.expected == outcome.tally.valid == 164
    assert {f.unit.name for f in outcome.registry.former} == {"Tỉnh Cà Mau", "Tỉnh Bạc Liêu"}
    write_summary(tmp_path / "th.xlsx", outcome, letterhead=None)
    sheet = load_workbook(tmp_path / "th.xlsx", read_only=True)["TongHop"]
    text = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "Kết quả xây dựng xã hội học tập năm 2024\nTỉnh Cà Mau" in text
    assert "Tỉnh Bạc Liêu" in text and "164/164" in text  # the former provinces named


def test_a_period_that_matches_no_file_says_which_periods_the_files_are_of(reads_2024):
    validation = validate_reads(reads_2024, PLAN, load_registry("vn:96"), "2025")
    assert not _errors(validation.entries)  # files of 2024 are no errors of 2025's run
    assert {e.status for e in validation.entries} == {Status.IGNORED}
    assert all(e.unit is not None for e in validation.entries)  # known by 2024's units
    [notice] = validation.notices
    assert notice.code == "report.no_file_of_period" and "2024 (164)" in notice.message()
    assert validation.exit_code() == 1
    outcome = decide(validation)
    assert outcome.top is not None and (outcome.top.expected, outcome.tally.expected) == (64, 64)


def test_no_file_of_the_period_exits_1_at_the_command_line():
    result = runner.invoke(
        app, ["validate", str(SAMPLES / "2024"), "--units", "vn:96", "--period", "2025"]
    )
    assert result.exit_code == 1, result.output
    assert "Không có báo cáo nào của kỳ 2025" in result.output and "2024 (100)" in result.output
    assert "unit.unknown" not in result.output and "unit.name_mismatch" not in result.output


def test_aggregate_of_a_wrong_period_writes_nothing_over_the_summary_there_is(tmp_path):
    """Every report read is of 2024 and the run asks for 2025: the error says so, exit 1 as
    the spec asks, and the summary already there is not replaced by one of nobody."""
    summary = tmp_path / "tong-hop.xlsx"
    summary.write_bytes(b"the good summary")
    args = ["aggregate", str(SAMPLES / "2024" / "966-huyen-u-minh"), "--units", "vn:96"]
    args += ["--period", "2025"]
    result = runner.invoke(app, [*args, "-o", str(summary), "--json", str(tmp_path / "t.json")])
    assert result.exit_code == 1, result.output
    assert "Không có báo cáo nào của kỳ 2025" in result.output
    assert "Không ghi tệp nào" in result.output and "Đã ghi" not in result.output
    assert summary.read_bytes() == b"the good summary" and not (tmp_path / "t.json").exists()
    assert "Chưa nộp: " not in result.output  # nobody is named: the period is wrong, not they
    quiet = runner.invoke(app, ["-q", *args, "-o", str(summary)])
    assert "Không có báo cáo nào của kỳ 2025" in quiet.stderr  # said even with --quiet
    assert "Không ghi tệp nào" in quiet.stderr and quiet.stdout == ""


# -- carried periods -------------------------------------------------------------------------


def test_a_carried_period_counts_each_old_commune_once(reads_2024, reads_2025):
    registry = load_registry("vn:96")
    validation = validate_reads(reads_2025, PLAN, registry, "2025", history=reads_2024)
    outcome = decide(validation)
    document = aggregate_document(outcome)
    province = next(u for u in document["units"] if u["code"] == "96")
    assert province["period_coverage"] == {
        "2024": {"expected": 164, "reported": 164, "coverage": 100.0},
        "2025": {"expected": 64, "reported": 64, "coverage": 100.0},
    }
    # no unit of today expects more old communes than went into it, and the province no more
    # than the old communes there were
    communes = [u for u in document["units"] if u["level"] == "commune"]
    assert sum(u["period_coverage"]["2024"]["expected"] for u in communes) > 164  # splits
    assert all(u["period_coverage"]["2024"]["expected"] <= 164 for u in communes)
    progress = outcome.progress
    assert progress is not None and progress.carried == ["2024"]
    origins = progress.origins["2024"]
    split = Counter(o.old.code for o in origins.values())
    assert any(n > 1 for n in split.values())  # old communes split among several today
    for old, parts in split.items():
        shares = [o.share for o in origins.values() if o.old.code == old]
        assert len(shares) == parts and sum(shares) == pytest.approx(1.0, abs=1e-3)


# -- the change warning's yardstick ----------------------------------------------------------


def _report(code: str, period: str, day: date, households: int, learning: int) -> Report:
    """A valid report of *code* whose learning households are *learning* (the rest as one
    plausible commune's, the same in every report)."""
    report = Report(f"{code}-{period}-{day}.xlsx", "form", "BaoCao", unit_code=code, period=period)
    report.report_date = day
    report.preparer = "A"
    numbers = values("tan-loc", HO_GD=households, HO_GDHT=learning)
    report.values = {
        f: Value(f, v, v, "BaoCao", f"E{i}") for i, (f, v) in enumerate(numbers.items())
    }
    return report


def _read(report: Report, digest: str) -> Read:
    file = InputFile(Path(report.path), report.path, 1, 0.0, digest, "xlsx")
    return FileRead(file, [report], [])


def test_the_change_warning_compares_with_the_report_the_outputs_use():
    """Two 2023 reports of one commune: the first read (dated earlier) has 100 learning
    households, the one used (dated later) 200. 2024's 210 is +5 % on what the outputs show
    as "previous", so no warning; compared with the first read it would be +110 %."""
    registry = CA_MAU_2024
    early = _report("32086", "2023", date(2023, 11, 1), 1000, 100)
    late = _report("32086", "2023", date(2023, 11, 30), 1000, 200)
    now = _report("32086", "2024", date(2024, 11, 30), 1000, 210)
    plan = PLAN
    history = [_read(early, "a"), _read(late, "b")]
    validation = validate_reads([_read(now, "c")], plan, registry, "2024", history=history)
    [entry] = validation.entries
    assert not [f for f in entry.findings if f.code.startswith("history.")], entry.findings
    [earlier] = validation.earlier
    assert earlier.used()["32086"].report is not None
    assert earlier.used()["32086"].report.number("HO_GDHT") == 200
    # and against a used report far off, the warning is there, naming it
    far = _report("32086", "2024", date(2024, 11, 30), 1000, 900)
    warned = validate_reads([_read(far, "d")], plan, registry, "2024", history=history)
    [change] = [f for f in warned.entries[0].findings if f.code == "history.change"]
    assert change.params["previous"] == 200


# -- every output says the same --------------------------------------------------------------


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)


def test_every_count_is_the_same_in_every_output(tmp_path):
    """The 2023 samples (wrong, unreadable and missing reports), rendered as the status JSON,
    TienDo, the terminal's totals and status table, and the .docx: one tally."""
    args = [str(SAMPLES / "2023"), "--units", str(SAMPLE_REGISTRY), "--period", "2023"]
    result = runner.invoke(
        app,
        ["aggregate", *args, "-o", str(tmp_path / "th.xlsx"), "--docx", str(tmp_path / "bc.docx")],
    )
    assert result.exit_code == 1, result.output
    status = runner.invoke(app, ["status", *args, "--format", "json"])
    total = json.loads(status.stdout)["total"]
    tally = Tally(
        expected=total["expected"],
        received=total["received"],
        valid=total["valid"],
        invalid=total["with_errors"],
        unreadable=total["unreadable"],
        missing=total["missing"],
        on_time=total["on_time"],
        late=total["late"],
        undated=total["undated"],
    )
    assert total["invalid"] == tally.to_correct
    # the samples have each (on the forms' report dates: some carry none, none is late)
    assert tally.invalid and tally.missing and tally.undated and tally.on_time
    # TienDo's total row
    sheet = load_workbook(tmp_path / "th.xlsx", read_only=True)["TienDo"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "Tổng cộng")
    assert list(row[2:11]) == [
        tally.expected,
        tally.received,
        tally.on_time,
        tally.late,
        tally.undated,
        tally.valid,
        tally.invalid,
        tally.unreadable,
        tally.missing,
    ]
    # the terminal's totals line
    assert (
        f"Xã có báo cáo hợp lệ: {tally.valid}/{tally.expected}; chưa nộp: {tally.missing}."
        in result.output
    )
    # the draft report
    text = _docx_text(tmp_path / "bc.docx")
    assert (
        f"Số xã dự kiến báo cáo: {tally.expected}; đã nhận: {tally.received} (theo ngày báo "
        f"cáo ghi trên biểu: đúng hạn {tally.on_time}, trễ hạn {tally.late}, không xác định "
        f"{tally.undated}); hợp lệ: {tally.valid}"
    ) in text
    assert (
        f"có lỗi: {tally.invalid}; không đọc được: {tally.unreadable}; chưa nộp: {tally.missing}."
        in text
    )
    # the validate document
    validate = runner.invoke(app, ["validate", *args, "--format", "json"])
    completeness = json.loads(validate.stdout)["completeness"]
    assert (completeness["expected"], completeness["received"], completeness["valid"]) == (
        tally.expected,
        tally.received,
        tally.valid,
    )
    assert (completeness["on_time"], completeness["late"], completeness["undated"]) == (
        tally.on_time,
        tally.late,
        tally.undated,
    )
    assert len(completeness["missing"]) == tally.missing
    assert len(completeness["invalid"]) == tally.to_correct


def test_the_documents_render_one_outcome(reads_2023):
    """The JSON documents take the outcome, not the validation: the same tally in each."""
    outcome = decide(validate_reads(reads_2023, PLAN, CA_MAU_2024, "2023"), roll=False)
    status = status_document(outcome)["total"]
    check = validate_document(outcome)["completeness"]
    assert status["expected"] == check["expected"] == outcome.tally.expected
    assert status["valid"] == check["valid"] == outcome.tally.valid
    assert status["missing"] == len(check["missing"]) == outcome.tally.missing
    assert sum(g.tally.expected for g in outcome.groups) == outcome.tally.expected
    assert replace(outcome.tally) == outcome.tally


def test_a_cron_run_with_history_periods_gives_no_errors_for_the_other_periods_files(tmp_path):
    """The inbox holds this year's reports (today's communes) and last year's (old communes):
    last year's are identified against last year's units — never unit.unknown in this run."""
    import shutil

    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.run import run_batch

    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    for path in sorted((REFORM / "ca-mau-2025").glob("*.xlsx"))[:3]:
        shutil.copy(path, inbox / path.name)
    for path in sorted((REFORM / "bac-lieu-2024").rglob("*.xlsx"))[:3]:
        shutil.copy(path, inbox / f"2024-{path.name}")
    config = tmp_path / "xhht.toml"
    config.write_text(
        'inbox = "hop-thu"\noutput = "ket-qua"\nstore = "xhht.sqlite"\nunits = "vn:96"\n'
        'period = "2025"\nhistory_periods = ["2024"]\n',
        encoding="utf-8",
    )
    run_batch(load_config(config))
    check = json.loads((tmp_path / "ket-qua" / "kiem-tra-2025.json").read_text(encoding="utf-8"))
    assert not [f for f in check["findings"] if f["severity"] == "error"], check["findings"]
    other = [f for f in check["files"] if f["period"] == "2024"]
    assert len(other) == 3 and {f["status"] for f in other} == {"ignored"}
    assert all(f["unit_code"] for f in other)  # known by 2024's units
