"""Validation: every wrong, missing or duplicate report caught (docs/pipeline.md)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY, SAMPLES
from helpers import PLAN, grid, values
from synth import write_xlsx
from xhht_cli.check.pipeline import validate_inputs
from xhht_cli.cli import app
from xhht_cli.units.load import load_registry
from xhht_cli.units.unit import Unit

# the reading has its own tests: the samples are read once a process (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("samples_read_once")

REGISTRY = load_registry(str(SAMPLE_REGISTRY))
runner = CliRunner()


def write(folder: Path, name: str, rows, mtime: float | None = None) -> Path:  # type: ignore[no-untyped-def]
    path = folder / name
    write_xlsx(path, [("BaoCao", rows)])
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def check(folder: Path, **kw):  # type: ignore[no-untyped-def]
    return validate_inputs(
        [folder],
        PLAN,
        kw.pop("registry", REGISTRY),
        kw.pop("period", "2023"),
        kw.pop("parent", None),
        kw.pop("history", None),
    )


def row_of(rows, code: str) -> list:  # type: ignore[no-untyped-def]
    return next(r for r in rows if len(r) > 1 and r[1] == code)


def cell_of(rows, code: str) -> str:  # type: ignore[no-untyped-def]
    return f"E{next(i for i, r in enumerate(rows, start=1) if len(r) > 1 and r[1] == code)}"


def one(validation, code: str):  # type: ignore[no-untyped-def]
    found = [f for f in validation.findings if f.code == code]
    assert len(found) == 1, [(f.code, f.message()) for f in validation.findings]
    return found[0]


def test_clean_report_is_valid(tmp_path):
    write(tmp_path, "a.xlsx", grid())
    v = check(tmp_path)
    assert [e.status for e in v.entries] == ["valid"] and v.findings == []
    assert v.current()["32086"].number("HO_GD") == values()["HO_GD"]


def test_missing_value(tmp_path):
    rows = grid()
    row_of(rows, "DT_DH")[4] = ""
    write(tmp_path, "a.xlsx", rows)
    v = check(tmp_path)
    f = one(v, "value.missing")
    assert (f.cell, f.field, f.severity, f.unit_code) == (
        cell_of(rows, "DT_DH"),
        "DT_DH",
        "error",
        "32086",
    )
    assert f.message() == (
        "Chưa nhập số liệu cho “Trong đó: trình độ đại học trở lên”. "
        "Hãy nhập số (nhập 0 nếu không có)."
    )
    assert v.entries[0].status == "invalid"


def test_negative_and_level_out_of_range(tmp_path):
    rows = grid()
    row_of(rows, "DH")[4] = -3
    row_of(rows, "PCTH_MUC")[4] = 4
    row_of(rows, "PCMN5")[4] = 2
    write(tmp_path, "a.xlsx", rows)
    v = check(tmp_path)
    neg = one(v, "value.negative")
    assert neg.cell == cell_of(rows, "DH") and "Tổng số dòng họ” là số âm (-3)" in neg.message()
    levels = {f.field: f for f in v.findings if f.code == "value.not_allowed"}
    assert levels["PCTH_MUC"].cell == cell_of(rows, "PCTH_MUC")
    assert "ghi 4, chỉ được nhập 0 hoặc 1 hoặc 2 hoặc 3" in levels["PCTH_MUC"].message()
    assert "chỉ được nhập 0 hoặc 1" in levels["PCMN5"].message()
    assert levels["PCMN5"].message("en").endswith("only 0 or 1 is allowed.")


def test_rule_not_greater_quotes_both_numbers(tmp_path):
    vals = values(HO_GD=5000, HO_GDHT=5120)
    rows = grid(vals)
    write(tmp_path, "a.xlsx", rows)
    f = one(check(tmp_path), "rule.not_greater")
    assert (f.cell, f.field, f.severity) == (cell_of(rows, "HO_GDHT"), "HO_GDHT", "error")
    assert f.message().startswith(
        'Số hộ được công nhận "Gia đình học tập" (5.120) lớn hơn Tổng số hộ gia đình (5.000)'
    )
    assert "(5,120) is greater than Households (5,000)" in f.message("en")


def test_rule_with_a_sum(tmp_path):
    vals = values()
    vals["CDHT_KNS"] = vals["NL_CDHT"] + vals["CB_CDHT"] + 1
    vals["CDHT_KNS_TT"] = 0
    write(tmp_path, "a.xlsx", grid(vals))
    f = one(check(tmp_path), "rule.not_greater")
    assert f.field == "CDHT_KNS" and " + " in f.message()


def test_warning_rules_keep_the_report_valid(tmp_path):
    vals = values(TTHTCD=2)
    vals["DS_LD"] = vals["DS_15"] + 5
    vals["XMC_MUC"] = 2
    vals["BC2_15_60"] = vals["BC2_15_60_NU"] = vals["BC2_15_60_DTTS"] = vals["DS_15_60"] // 2
    rows = grid(vals)
    write(tmp_path, "a.xlsx", rows)
    v = check(tmp_path)
    assert v.entries[0].status == "valid"
    assert one(v, "rule.expected_value").message().endswith("báo cáo ghi 2. Hãy kiểm tra lại.")
    literacy = one(v, "rule.level_needs_rate")
    assert (
        literacy.cell == cell_of(rows, "XMC_MUC")
        and "mức độ 2 (15–60 tuổi) chỉ 50" in literacy.message()
    )
    assert one(v, "rule.not_greater").severity == "warning"


def test_other_period_is_ignored(tmp_path):
    write(tmp_path, "a.xlsx", grid(period="2022"))
    v = check(tmp_path)
    assert v.entries[0].status == "ignored"
    f = one(v, "period.other")
    assert f.cell == "C8" and "kỳ 2022, không phải kỳ đang tổng hợp (2023)" in f.message()


def test_period_inferred_or_asked_for(tmp_path):
    write(tmp_path, "a.xlsx", grid(period="2023"))
    assert check(tmp_path, period=None).period == "2023"
    write(tmp_path, "b.xlsx", grid(period="2022"))
    from xhht_cli.base.errors import XhhtError

    with pytest.raises(XhhtError, match="--period"):
        check(tmp_path, period=None)


def test_unknown_unit(tmp_path):
    rows = grid()
    rows[5][2] = "99999"
    rows[6][2] = "Xã Không Có Trong Danh Mục"
    write(tmp_path, "a.xlsx", rows)
    v = check(tmp_path)
    f = one(v, "unit.unknown")
    assert (f.cell, v.entries[0].status) == ("C6", "invalid")
    assert "Mã đơn vị 99999 không có trong danh mục" in f.message()


def _with_code(folder: Path, code: str):  # type: ignore[no-untyped-def]
    """The validation of Xã Tân Lộc's report with *code* typed in its unit-code cell."""
    rows = grid()
    rows[5][2] = code
    write(folder, "a.xlsx", rows)
    return check(folder)


def test_a_mistyped_code_beside_the_commune_s_own_name_is_that_commune_s_wrong_report(tmp_path):
    """32087 typed for Xã Tân Lộc (32086): the commune sent a report — a wrong one, to send
    again with its code corrected — and is never listed as not sent."""
    v = _with_code(tmp_path, "32087")
    f = one(v, "unit.unknown_code_named")
    (entry,) = v.entries
    assert (f.cell, entry.status, entry.unit.code) == ("C6", "invalid", "32086")
    assert "Hãy sửa ô Mã đơn vị thành 32086" in f.message()
    missing = {u.code for c in v.completeness for u in c.missing}
    chased = {c.unit.code for g in v.completeness for c in g.chase}
    assert "32086" not in missing and "32086" in chased


def test_code_and_name_disagree(tmp_path):
    rows = grid()
    rows[6][2] = "Xã Tân Lộc Đông"
    write(tmp_path, "a.xlsx", rows)
    f = one(check(tmp_path), "unit.name_mismatch")
    assert f.cell == "C7"
    assert f.message().startswith(
        'Mã đơn vị 32086 là "Xã Tân Lộc" nhưng tên ghi trong báo cáo là "Xã Tân Lộc Đông"'
    )


def test_lost_leading_zeros_are_restored(tmp_path):
    hoan_kiem = Unit("00070", "Phường Hoàn Kiếm", "commune", "01")
    rows = grid(unit=hoan_kiem, period="2025", report_date=date(2025, 11, 30))
    rows[5][2] = 70
    write(tmp_path, "a.xlsx", rows)
    v = check(tmp_path, registry=load_registry("vn:01"), period="2025")
    f = one(v, "unit.code_padded")
    assert (f.cell, f.unit_code, f.severity) == ("C6", "00070", "warning")
    assert f.message() == (
        "Mã đơn vị 70 thiếu số 0 ở đầu; đã hiểu là 00070. "
        "Hãy định dạng ô mã đơn vị là Văn bản (Text)."
    )
    assert v.entries[0].status == "valid"


def test_unit_by_name_then_by_file_name(tmp_path):
    rows = grid()
    rows[5][2] = ""
    write(tmp_path, "a.xlsx", rows)
    rows2 = grid(unit=Unit("32083", "Xã Tân Lộc Bắc", "commune", "967"))
    rows2[5][2] = rows2[6][2] = ""
    write(tmp_path, "BC XHHT xa Tan Loc Bac 2023 (1).xlsx", rows2)
    v = check(tmp_path)
    by_code = {e.unit.code: e for e in v.entries if e.unit}
    assert set(by_code) == {"32086", "32083"}
    assert one(v, "unit.from_name").unit_code == "32086"
    assert one(v, "unit.from_file_name").unit_code == "32083"


def test_resubmission_supersedes_by_report_date(tmp_path):
    write(tmp_path, "old.xlsx", grid(values(HO_GDHT=99999), report_date=date(2023, 11, 1)), 2e9)
    write(tmp_path, "new.xlsx", grid(report_date=date(2023, 11, 30)), 1e9)
    v = check(tmp_path)
    status = {Path(e.file.display).name: e.status for e in v.entries}
    assert status == {"old.xlsx": "superseded", "new.xlsx": "valid"}
    assert "new.xlsx" in one(v, "report.superseded").message()
    assert v.exit_code() == 0  # the old report's errors no longer count


def test_resubmission_without_dates_goes_by_file_time(tmp_path):
    write(tmp_path, "a.xlsx", grid(values(DH=1), report_date=""), 1e9)
    write(tmp_path, "b.xlsx", grid(report_date=""), 2e9)
    v = check(tmp_path)
    assert {Path(e.file.display).name: e.status for e in v.entries} == {
        "a.xlsx": "superseded",
        "b.xlsx": "valid",
    }


def test_identical_files_are_one_report(tmp_path):
    first = write(tmp_path, "a.xlsx", grid())
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "a (1).xlsx").write_bytes(first.read_bytes())
    v = check(tmp_path)
    assert sorted(e.status for e in v.entries) == ["superseded", "valid"]
    assert one(v, "report.duplicate_file").severity == "warning"


def test_same_date_different_content_is_a_conflict(tmp_path):
    write(tmp_path, "a.xlsx", grid())
    write(tmp_path, "b.xlsx", grid(values(DH=1)))
    v = check(tmp_path)
    assert [e.status for e in v.entries] == ["invalid", "invalid"]
    conflicts = [f for f in v.findings if f.code == "report.conflict"]
    assert len(conflicts) == 2
    assert "cùng ngày 30/11/2023" in conflicts[0].message()
    assert v.current() == {}


def test_completeness_per_parent(tmp_path):
    write(tmp_path, "a.xlsx", grid())
    v = check(tmp_path, parent="967")
    (group,) = v.completeness
    assert group.parent is not None and group.parent.code == "967"
    assert (len(group.expected), len(group.received), len(group.valid)) == (12, 1, 1)
    assert "Xã Tân Lộc Bắc" in {u.name for u in group.missing}
    assert v.exit_code() == 0 and v.exit_code(require_complete=True) == 1


def test_history_change_and_drop_to_zero(tmp_path):
    before = tmp_path / "2022"
    now = tmp_path / "2023"
    before.mkdir()
    now.mkdir()
    old = values()
    write(before, "a.xlsx", grid(old, period="2022", report_date=date(2022, 11, 30)))
    new = dict(old, TTHTCD_LUOT=old["TTHTCD_LUOT"] * 3, DH_DHHT=0)
    rows = grid(new)
    write(now, "a.xlsx", rows)
    v = check(now, history=[before])
    change = one(v, "history.change")
    assert (
        change.cell == cell_of(rows, "TTHTCD_LUOT")
        and "thay đổi +200% so với kỳ 2022" in change.message()
    )
    drop = one(v, "history.drop_to_zero")
    assert drop.field == "DH_DHHT" and "giảm về 0" in drop.message()
    assert v.entries[0].status == "valid"


def test_unreadable_and_ignored_files(tmp_path):
    write(tmp_path, "a.xlsx", grid())
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "note.pdf").write_bytes(b"%PDF-1.4")
    v = check(tmp_path)
    status = {Path(e.file.display).name: e.status for e in v.entries}
    assert status == {"a.xlsx": "valid", "empty.xlsx": "unreadable", "note.pdf": "ignored"}
    assert v.exit_code() == 1


# -- the command ---------------------------------------------------------------------------

SAMPLE_ARGS = ["--units", str(SAMPLE_REGISTRY), "--period", "2023"]


@pytest.fixture(scope="module")
def sample_json() -> dict:
    result = runner.invoke(
        app, ["validate", str(SAMPLES / "2023"), *SAMPLE_ARGS, "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


def test_samples_json(sample_json):
    doc = sample_json
    assert doc["schema"] == "xhht/validate/v1" and doc["period"] == "2023"
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    expected = {
        "BC XHHT xa Tan Loc 2023.xlsx": ("superseded", "rule.not_greater"),
        "32020 Phuong 7 (xuat tu phan mem).xlsx": ("invalid", "value.formula_uncached"),
        "32104-bao-cao-thieu-so-lieu.xlsx": ("invalid", "value.missing"),
        "BC XHHT 2023 (sao chep).xlsx": ("invalid", "unit.name_mismatch"),
        "32158 bao cao lan 1.xlsx": ("invalid", "report.conflict"),
        "32158 bao cao lan 2.xlsx": ("invalid", "report.conflict"),
        "BC XHHT xa Tran Phan 2023.xls": ("unreadable", "file.html"),
        "BC XHHT moi.xlsx": ("unreadable", "file.empty"),
        "32023-xa-an-xuyen-2022.xlsx": ("ignored", "period.other"),
        "cong-van-huong-dan.docx": ("ignored", "file.not_spreadsheet"),
    }
    for name, (status, code) in expected.items():
        assert by_name[name]["status"] == status, name
        assert any(Path(f["path"]).name == name and f["code"] == code for f in doc["findings"]), (
            name
        )
    deviations = [
        "BC XHHT xa Tan Loc 2023 (final) (1).xlsx",
        "bao cao xhht thi tran u minh.xlsx",
        "Phuong 5 - bao cao 2023.xlsx",
        "32014 Phuong 8.xlsx",
        "BC_XHHT_Tam_Giang_Tay.xls",
        "bao-cao-xhht-2023.ods",
        "32050 bao cao.txt",
        "32098-bao-cao.csv",
        "bc xhht 2023 (tcvn3).xlsx",
        "bc xhht 2023 (vni).xlsx",
    ]
    for name in deviations:
        assert by_name[name]["status"] == "valid", name
    statuses = [f["status"] for f in doc["files"]]
    assert statuses.count("valid") == 95
    completeness = doc["completeness"]
    invalid = completeness.pop("invalid")
    # on the forms' report dates (never a checkout's file times): 17 forms carry none
    timely = [completeness.pop(k) for k in ("on_time", "late", "undated", "timeliness_basis")]
    assert timely == [82, 0, 17, "report_date"]
    assert completeness == {
        "expected": 100,
        "received": 99,
        "valid": 95,
        "missing": [{"code": "32092", "name": "Xã Hồ Thị Kỷ"}],
    }
    assert [(u["code"], u["status"]) for u in invalid] == [
        ("32020", "invalid"),
        ("32104", "invalid"),
        ("32134", "invalid"),
        ("32158", "invalid"),
    ]
    assert all(u["first_error"] and u["errors"] >= 1 for u in invalid)
    assert doc["summary"]["files"] == len(doc["files"])
    for finding in doc["findings"]:
        assert finding["path"] and finding["message"]


def test_validate_text_output_and_english(tmp_path):
    write(tmp_path, "a.xlsx", grid(values(HO_GD=5000, HO_GDHT=5120)))
    result = runner.invoke(app, ["--lang", "en", "validate", str(tmp_path), *SAMPLE_ARGS])
    assert result.exit_code == 1
    assert "rule.not_greater" in result.output and "is greater than" in result.output


def test_feedback_marks_exactly_the_cells_and_keeps_the_original(tmp_path):
    from openpyxl import load_workbook

    inbox = tmp_path / "in"
    inbox.mkdir()
    rows = grid(values(HO_GD=5000, HO_GDHT=5120))
    row_of(rows, "DT_DH")[4] = ""
    source = write(inbox, "BC xa Tan Loc.xlsx", rows)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "phan-hoi"
    result = runner.invoke(
        app, ["validate", str(inbox), *SAMPLE_ARGS, "--format", "json", "--feedback", str(out)]
    )
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest
    (written,) = list(out.iterdir())
    assert written.name == "32086-xa-tan-loc.xlsx"
    workbook = load_workbook(written)
    sheet = workbook["BaoCao"]
    named = {f["cell"] for f in doc["findings"] if f["cell"]}
    marked = {c.coordinate for row in sheet.iter_rows() for c in row if c.comment is not None}
    assert marked == named == {cell_of(rows, "HO_GDHT"), cell_of(rows, "DT_DH")}
    for ref in named:
        assert sheet[ref].fill.fgColor.rgb.endswith("FFC7CE")
        assert sheet[ref].comment.text in {f["message"] for f in doc["findings"]}
    errors = workbook["Loi"]
    head = next(r for r in range(1, errors.max_row + 1) if errors.cell(r, 1).value == "STT")
    title = " ".join(str(errors.cell(r, 1).value) for r in range(1, head))
    assert "32086 Xã Tân Lộc" in title and "15/12/2023" in title and "Ngày báo cáo" in title
    assert errors.page_setup.fitToWidth == 1 and errors.print_title_rows == f"${head}:${head}"
    links = [errors.cell(r, 3).hyperlink.location for r in range(head + 1, errors.max_row + 1)]
    assert sorted(links) == sorted(f"'BaoCao'!{c}" for c in named)
    assert errors.cell(head, 5).value == "Nội dung cần sửa"


def test_the_feedback_of_a_report_with_warnings_only_asks_to_check_not_to_correct(tmp_path):
    from openpyxl import load_workbook

    inbox = tmp_path / "in"
    inbox.mkdir()
    write(inbox, "bao cao.xlsx", grid(values(TTHTCD=2)))  # two learning centres: a warning
    out = tmp_path / "out"
    result = runner.invoke(app, ["validate", str(inbox), *SAMPLE_ARGS, "--feedback", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out / "32086-xa-tan-loc.xlsx")["Loi"]
    head = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "STT")
    assert sheet.cell(head, 5).value == "Nội dung cần xem lại"
    assert sheet.cell(head + 1, 2).value == "Cảnh báo"


def test_feedback_for_csv_is_a_fresh_form(tmp_path):
    from openpyxl import load_workbook

    from synth import write_csv
    from xhht_cli.write.template import layout_of

    inbox = tmp_path / "in"
    inbox.mkdir()
    rows = grid(values(HO_GD=5000, HO_GDHT=5120))
    write_csv(inbox / "bao cao.csv", rows)
    out = tmp_path / "out"
    runner.invoke(app, ["validate", str(inbox), *SAMPLE_ARGS, "--feedback", str(out)])
    workbook = load_workbook(out / "32086-xa-tan-loc.xlsx")
    cell = layout_of(PLAN).value_cell("HO_GDHT")
    assert workbook["BaoCao"][cell].value == 5120
    assert "lớn hơn" in workbook["BaoCao"][cell].comment.text


def test_status_command(tmp_path):
    write(tmp_path, "a.xlsx", grid())
    result = runner.invoke(
        app, ["status", str(tmp_path), *SAMPLE_ARGS, "--parent", "967", "--format", "json"]
    )
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    (parent,) = doc["parents"]
    assert (parent["expected"], parent["received"], parent["valid"]) == (12, 1, 1)
    assert len(parent["missing"]) == 11
    text = runner.invoke(app, ["status", str(tmp_path), *SAMPLE_ARGS, "--parent", "967"])
    assert "Xã Tân Lộc Bắc" in text.output
    assert doc["unplaced"] == [] and "Không tính cho xã nào" not in text.output


def test_the_totals_name_the_communes_not_sent_when_they_are_few():
    import io
    from collections import Counter
    from types import SimpleNamespace

    from rich.console import Console

    from xhht_cli.cli import report_text
    from xhht_cli.cli.output import OUT
    from xhht_cli.units.unit import Unit

    def totals(missing: int) -> str:
        units = [Unit(f"3{i:04}", f"Xã Số {i}", "commune", "967") for i in range(missing)]
        outcome = SimpleNamespace(
            validation=SimpleNamespace(counts=Counter, notices=[]),
            tally=SimpleNamespace(expected=20, valid=20 - missing, missing=missing),
            groups=[SimpleNamespace(missing=units)],
        )
        OUT.out = Console(file=io.StringIO(), width=200)
        try:
            report_text.print_totals(outcome)  # type: ignore[arg-type]
            return OUT.out.file.getvalue()  # type: ignore[attr-defined]
        finally:
            OUT.reset(quiet=False, verbose=False)

    assert "Chưa nộp: 30000 Xã Số 0, 30001 Xã Số 1." in totals(2)
    assert "Tệp, báo cáo: hợp lệ 0, có lỗi 0" in totals(2)  # files counted, not communes
    assert "Chưa nộp: " not in totals(report_text.NAMED_MISSING + 1)  # status lists them


def test_status_names_the_files_it_could_not_read_nor_place(tmp_path):
    """A file that cannot be read and names no commune chases nobody: status says it last,
    so someone opens it and asks who sent it."""
    write(tmp_path, "a.xlsx", grid())
    (tmp_path / "BC [ban sua].xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (tmp_path / "32065-xa-tan-loc.xlsx").write_bytes(b"")  # its name places it: chased
    (tmp_path / "32065 ban 2.xlsx").write_bytes(b"PK")  # a second one: the commune is chased once
    (tmp_path / "32086 ban 2.xlsx").write_bytes(b"PK")  # for a commune with a valid report
    args = ["status", str(tmp_path), *SAMPLE_ARGS, "--parent", "967"]
    doc = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert sorted(Path(u["path"]).name for u in doc["unplaced"]) == [
        "32086 ban 2.xlsx",
        "BC [ban sua].xlsx",
    ]
    text = " ".join(runner.invoke(app, args).output.split())
    assert "Không tính cho xã nào — 2 tệp không dùng được" in text
    assert "BC [ban sua].xlsx" in text  # its brackets are its name, not markup


def test_missing_path_is_exit_2(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "khong-co"), *SAMPLE_ARGS])
    assert result.exit_code == 2 and "Không tìm thấy" in result.output


def test_a_blank_code_cell_does_not_take_the_next_label(tmp_path):
    """A label followed by an empty value cell has no value: with "Mã đơn vị" left blank and
    "Tên đơn vị: Xã Tân Lộc" further on its row, the commune is found by its name."""
    rows = grid()
    code_row = next(i for i, row in enumerate(rows) if "Mã đơn vị" in row)
    rows[code_row] = ["", "Mã đơn vị", "", "Tên đơn vị:", "Xã Tân Lộc"]
    del rows[code_row + 1]  # the name is on the code's row now
    write(tmp_path, "bao-cao.xlsx", rows)
    target = tmp_path / "kiem-tra.json"
    args = ["--units", str(SAMPLE_REGISTRY), "--period", "2023", "--format", "json"]
    CliRunner().invoke(app, ["validate", str(tmp_path / "bao-cao.xlsx"), *args, "-o", str(target)])
    document = json.loads(target.read_text(encoding="utf-8"))
    codes = {f["code"]: f for f in document["findings"]}
    assert "unit.unknown" not in codes
    found = codes["unit.from_name"]
    assert (found["unit_code"], found["cell"]) == ("32086", "E6")  # the name, next to its label
    (entry,) = document["files"]
    assert (entry["status"], entry["unit_code"]) == ("valid", "32086")


def _as_checked(validation) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [
        (e.file.display, e.index, e.status, e.unit.code if e.unit else None, e.findings)
        for e in validation.entries
    ]


@pytest.fixture(scope="module")
def sample_reads() -> list[object]:
    """The 2023 samples (valid, invalid, unreadable and superseded reports, and some of other
    periods), read once for the early checks' tests."""
    from xhht_cli.check.pipeline import read_all
    from xhht_cli.read.discover import found

    return read_all(found([SAMPLES / "2023"]), PLAN)  # type: ignore[return-value]


@pytest.mark.parametrize("period, parent", [("2023", None), ("2023", "964")])
def test_reports_checked_as_they_are_read_are_checked_as_after_the_reading(
    period: str, parent: str | None, sample_reads: list[object]
) -> None:
    """The early checks (docs/pipeline.md) give every entry — status, unit, findings in order —
    that the checks after the reading give, on the samples (duplicates, invalid reports,
    other periods, reports outside the parent), and the validation takes them."""
    from xhht_cli.check.entries import EarlyChecks
    from xhht_cli.check.pipeline import validate_reads

    registry = load_registry(str(SAMPLE_REGISTRY))
    early = EarlyChecks.of(PLAN, registry, period, parent)
    assert early is not None
    for read in sample_reads:
        if read.reports:  # type: ignore[attr-defined]
            early(read)  # type: ignore[arg-type]
    checked = validate_reads(sample_reads, PLAN, registry, period, parent, early=early)  # type: ignore[arg-type]
    after = validate_reads(sample_reads, PLAN, registry, period, parent)  # type: ignore[arg-type]
    assert _as_checked(checked) == _as_checked(after)
    assert checked.completeness == after.completeness
    statuses = {str(e.status) for e in checked.entries}
    assert {"valid", "invalid", "ignored", "superseded", "unreadable"} <= statuses
    taken = {id(entry) for _, entry in early.entries.values()}
    assert sum(id(e) in taken for e in checked.entries) > 50  # the early entries were used
    assert not any(id(e) in taken for e in after.entries)


@pytest.mark.reading  # what the reading hands each report to: never the samples' shared reads
def test_reports_are_checked_as_they_are_read_only_where_the_reading_cannot_change_the_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No period (it is inferred from the reports), history (the change warnings need it),
    a scope inferred from the reports, a parent not in the registry: checked after; else as
    each file is read."""
    from xhht_cli.check.entries import EarlyChecks

    registry = load_registry(str(SAMPLE_REGISTRY))
    assert EarlyChecks.of(PLAN, registry, None, None) is None
    assert EarlyChecks.of(PLAN, registry, "2024", "99999") is None
    early = EarlyChecks.of(PLAN, registry, "2024", None)
    assert early is not None
    other = load_registry(str(SAMPLE_REGISTRY))
    assert not early.made_for(PLAN, other, "2024", None, None)
    assert not early.made_for(PLAN, registry, "2023", None, None)
    assert early.made_for(PLAN, registry, "2024", None, None)
    calls: list[object] = []
    monkeypatch.setattr(EarlyChecks, "__call__", lambda self, read: calls.append(read))
    folder, before = SAMPLES / "2024" / "964-thanh-pho-ca-mau", SAMPLES / "2023"
    validate_inputs([folder], PLAN, registry, "2024", history=[before])
    validate_inputs([folder], PLAN, registry, "2024", infer_scope=True)
    validate_inputs([folder], PLAN, registry, None)
    assert calls == []
    validate_inputs([folder], PLAN, registry, "2024")
    assert calls


@pytest.mark.parametrize("files", [20, 21])
def test_an_information_many_files_share_is_said_once_with_its_count(
    tmp_path: Path, files: int
) -> None:
    """At national scale every extreme-difficulty commune without its optional age band has
    the same two infos: past 20 files an info is listed once, after the files' own findings,
    with how many files have it and the first of them (each is still in the JSON)."""
    from synth import write_csv

    communes = load_registry(str(SAMPLE_REGISTRY)).as_of(2023).communes_under()[:files]
    for i, unit in enumerate(communes):
        vals = values(f"s{i}", XA_DBKK=1, XMC_MUC=2)
        write_csv(tmp_path / f"{unit.code}.csv", grid(vals, unit=unit))
    for lang, said in (("vi", "tệp có thông tin này"), ("en", "files have this information")):
        result = runner.invoke(app, ["--lang", lang, "validate", str(tmp_path), *SAMPLE_ARGS])
        lines = [line for line in result.output.splitlines() if "rule.special_not_applied" in line]
        if files > 20:
            assert lines[0].startswith(f"rule.special_not_applied: {files} ") and said in lines[0]
            assert len(lines) == 2  # the count, then the first file's finding
        else:  # each file's two infos, listed under it
            assert len(lines) == 2 * files and not any(said in line for line in lines)
    document = runner.invoke(app, ["validate", str(tmp_path), *SAMPLE_ARGS, "--format", "json"])
    found = json.loads(document.output)["findings"]
    assert sum(f["code"] == "rule.special_not_applied" for f in found) == 2 * files


def test_feedback_asks_a_valid_report_nothing_it_need_not_do(tmp_path):
    """Of the 2023 samples: a report with information only gets no feedback workbook; a valid
    report with warnings gets one that says it was used and needs sending only if corrected;
    an invalid one is asked to correct and send again."""
    from openpyxl import load_workbook

    folder = tmp_path / "phan-hoi"
    args = [str(SAMPLES / "2023"), *SAMPLE_ARGS, "--format", "json", "-o", str(tmp_path / "k.json")]
    runner.invoke(app, ["validate", *args, "--feedback", str(folder)])
    document = json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in document["files"]}
    severities: dict[str, set[str]] = {}
    for finding in document["findings"]:
        unit = files[finding["path"]].get("unit_code")
        if unit and files[finding["path"]]["status"] in ("valid", "invalid"):
            severities.setdefault(unit, set()).add(finding["severity"])
    written = {p.name.split("-")[0]: p for p in folder.glob("*.xlsx")}
    informed = {u for u, s in severities.items() if s == {"info"}}
    warned = {u for u, s in severities.items() if "warning" in s and "error" not in s}
    assert informed and warned and not informed & set(written)

    def instructions(unit: str) -> str:
        sheet = load_workbook(written[unit]).worksheets[0]
        return " ".join(str(c.value) for row in sheet.iter_rows(max_row=8) for c in row if c.value)

    valid = next(u for u in warned if files_of(document, u) == {"valid"})
    assert "Báo cáo đã hợp lệ và được tổng hợp" in instructions(valid)
    invalid = next(u for u, s in severities.items() if "error" in s)
    assert "gửi lại chính tệp này" in instructions(invalid)


def files_of(document: dict, unit: str) -> set[str]:  # type: ignore[type-arg]
    return {f["status"] for f in document["files"] if f.get("unit_code") == unit}


def test_a_merged_value_cell_is_marked_at_its_first_cell_and_the_clerk_told_to_unmerge(
    tmp_path: Path,
) -> None:
    """The clerk merged two rows' value cells: one such file never stops the feedback of the
    others (it crashed the whole step); the covered row's mark and note go to the merged
    range's first cell, saying to unmerge and type into the value cell."""
    from openpyxl import load_workbook

    inbox = tmp_path / "in"
    inbox.mkdir()
    rows = grid(values())
    source = write(inbox, "BC xa Tan Loc.xlsx", rows)
    first, covered = cell_of(rows, "HO_GD"), cell_of(rows, "HO_GDHT")
    assert int(covered[1:]) == int(first[1:]) + 1  # the next row
    book = load_workbook(source)
    book["BaoCao"][covered] = None
    book["BaoCao"].merge_cells(f"{first}:{covered}")
    book.save(source)
    other = Unit("32083", "Xã Tân Lộc Bắc", "commune", "967")
    write(inbox, "BC xa Tan Loc Bac.xlsx", grid(values(HO_GD=5000, HO_GDHT=5120), unit=other))
    out = tmp_path / "phan-hoi"
    result = runner.invoke(app, ["validate", str(inbox), *SAMPLE_ARGS, "--feedback", str(out)])
    assert result.exit_code == 1, result.output
    assert len(list(out.iterdir())) == 2  # the other commune's feedback too
    marked = load_workbook(out / "32086-xa-tan-loc.xlsx")["BaoCao"]
    note = marked[first].comment
    assert note is not None and f"{first}:{covered}" in note.text and "bỏ gộp" in note.text
    assert marked[first].fill.fgColor.rgb.endswith("FFC7CE")


def test_a_figure_typed_into_cells_merged_across_the_value_column_is_read_with_a_warning(
    tmp_path: Path,
) -> None:
    """D14:E14 merged, 1814 in D14 — what the clerk sees in the row: read as the row's value
    (not "no value entered"), with a warning asking to unmerge."""
    from openpyxl import load_workbook

    rows = grid(values(HO_GD=1814))
    source = write(tmp_path, "a.xlsx", rows)
    value = cell_of(rows, "HO_GD")
    unit = "D" + value[1:]
    book = load_workbook(source)
    book["BaoCao"][unit], book["BaoCao"][value] = 1814, None
    book["BaoCao"].merge_cells(f"{unit}:{value}")
    book.save(source)
    v = check(tmp_path)
    f = one(v, "value.merged")
    assert f.cell == value and f"{unit}:{value}" in f.message()
    (entry,) = v.entries
    assert entry.report.values["HO_GD"].value == 1814
    assert "value.missing" not in {g.code for g in v.findings}, [g.message() for g in v.findings]


def test_a_workbook_openpyxl_cannot_mark_gets_a_fresh_form_with_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever in the clerk's own workbook openpyxl cannot take, she still gets feedback: a
    fresh form holding the values read, the wrong cells marked."""
    from openpyxl import load_workbook

    import xhht_cli.write.feedback as feedback

    def refuses(*args: object, **kwargs: object) -> None:
        raise KeyError("a part openpyxl does not know")

    inbox = tmp_path / "in"
    inbox.mkdir()
    rows = grid(values(HO_GD=5000, HO_GDHT=5120))
    write(inbox, "BC xa Tan Loc.xlsx", rows)
    monkeypatch.setattr(feedback, "load_workbook", refuses)
    out = tmp_path / "phan-hoi"
    result = runner.invoke(app, ["validate", str(inbox), *SAMPLE_ARGS, "--feedback", str(out)])
    assert result.exit_code == 1, result.output
    monkeypatch.undo()
    sheet = load_workbook(out / "32086-xa-tan-loc.xlsx")["BaoCao"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert 5120 in [c.value for c in cells] and 5000 in [c.value for c in cells]
    assert any(c.comment is not None for c in cells)


def test_a_broken_file_whose_name_holds_words_of_another_provinces_commune_stays_broken(
    tmp_path: Path,
) -> None:
    """ "Bao cao phong giao duc" holds Xã Cao Phong's name and "ghi chu" Phường Chũ's (both in
    other provinces) by chance: a damaged file so named is still a damaged file to chase, not
    set aside as another province's; named after its commune ("xa Cao Phong"), it is."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in (
        "Bao cao phong giao duc 2025.xlsx",
        "BC XHHT (ghi chu).xlsx",
        "BC xa Cao Phong.xlsx",
    ):
        (inbox / name).write_bytes(b"PK\x03\x04 cut short")
    result = runner.invoke(
        app, ["validate", str(inbox), "--units", "vn:96", "--period", "2025", "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    status = {Path(f["path"]).name: f["status"] for f in json.loads(result.stdout)["files"]}
    assert status == {
        "Bao cao phong giao duc 2025.xlsx": "unreadable",
        "BC XHHT (ghi chu).xlsx": "unreadable",
        "BC xa Cao Phong.xlsx": "ignored",
    }


def test_a_feedback_folder_inside_the_reports_folder_is_refused_before_any_work(tmp_path):
    """Written inside the reports' folder, the next check would read the feedback workbooks
    as the communes' reports (one replacing each report): exit 2, saying where to put it."""
    inbox = tmp_path / "bao cao"
    inbox.mkdir()
    write(inbox, "BC xa Tan Loc.xlsx", grid(values(HO_GD=5000, HO_GDHT=5120)))
    inside = inbox / "phan-hoi"
    result = runner.invoke(app, ["validate", str(inbox), *SAMPLE_ARGS, "--feedback", str(inside)])
    assert result.exit_code == 2 and not inside.exists()
    assert "nằm trong thư mục báo cáo" in result.output and "--feedback" in result.output
    beside = tmp_path / "phan-hoi"
    result = runner.invoke(app, ["validate", str(inbox), *SAMPLE_ARGS, "--feedback", str(beside)])
    assert result.exit_code == 1 and len(list(beside.iterdir())) == 1


def test_a_count_with_one_comma_group_asks_whether_the_comma_separates_thousands(tmp_path):
    """ "1,814" (a CSV written on an English-set PC): a decimal to a Vietnamese reader, so not
    taken — but the message names 1814, what the clerk most likely meant, and how to type it."""
    rows = grid()
    row_of(rows, "HO_GD")[4] = "1,814"
    write(tmp_path, "a.xlsx", rows)
    f = one(check(tmp_path), "value.comma_group")
    assert f.cell == cell_of(rows, "HO_GD")
    assert "hãy nhập 1814 không có dấu phẩy" in f.message()
    assert "type 1814 without the comma" in f.message("en")


@pytest.mark.parametrize(
    ("typed", "read"),
    [("ngày 30 tháng 11 năm 2023", date(2023, 11, 30)), ("Ngay 5 thang 1 nam 2024", None)],
)
def test_a_report_date_written_in_words_is_read(tmp_path, typed, read):
    """ "ngày 30 tháng 11 năm 2023", as Vietnamese documents write a day, is a date (with or
    without diacritics); the period's checks go on as for 30/11/2023."""
    write(tmp_path, "a.xlsx", grid(report_date=typed))
    (entry,) = check(tmp_path).entries
    assert entry.report.report_date == (read or date(2024, 1, 5))
    assert not [f for f in entry.findings if f.code in ("report.bad_date", "report.no_date")]


def test_a_date_that_is_no_day_is_said_once_not_also_called_empty(tmp_path):
    write(tmp_path, "a.xlsx", grid(report_date="31/11/2023"))
    codes = [f.code for f in check(tmp_path).findings]
    assert "report.bad_date" in codes and "report.no_date" not in codes


def test_a_year_typed_with_a_letter_o_is_named_as_typed(tmp_path):
    """ "2O25" is no year: said as typed, with the likely slip — not "there is no year"."""
    write(tmp_path, "a.xlsx", grid(period="2O23"))
    v = check(tmp_path, period="2023")
    f = one(v, "report.bad_period")
    assert '"2O23"' in f.message() and "chữ O" in f.message()
    assert "report.no_period" not in {g.code for g in v.findings}


def test_a_cell_s_value_is_quoted_as_the_reader_writes_numbers(tmp_path):
    """1814.4 in a count is quoted "1814,4" to a Vietnamese reader (a dot reads as thousands),
    "1814.4" in English; a TRUE typed in a cell is "TRUE", not Python's "True"."""
    rows = grid()
    row_of(rows, "HO_GD")[4] = 1814.4
    row_of(rows, "DH")[4] = True
    write(tmp_path, "a.xlsx", rows)
    v = check(tmp_path)
    fraction = one(v, "value.fraction")
    assert '"1814,4"' in fraction.message() and '"1814.4"' in fraction.message("en")
    assert '"TRUE"' in one(v, "value.not_number").message()


def test_a_run_whose_files_give_no_year_blames_the_files_not_the_period_option(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"")
    result = runner.invoke(app, ["validate", str(tmp_path), *SAMPLE_ARGS, "--format", "json"])
    assert result.exit_code == 1
    (run,) = [f for f in json.loads(result.stdout)["findings"] if f["path"] == ""]
    assert run["code"] == "report.no_file_of_period"
    assert "không tệp nào đọc được năm báo cáo" in run["message"]
    assert "--period" not in run["message"]


def test_a_deleted_row_is_said_to_be_missing_from_the_form_not_left_empty(tmp_path):
    rows = [r for r in grid() if not (len(r) > 1 and r[1] == "DH")]
    write(tmp_path, "a.xlsx", rows)
    f = one(check(tmp_path), "value.row_missing")
    assert f.cell is None and "Biểu không có dòng" in f.message() and "(mã DH)" in f.message()


def test_a_pattern_cmd_did_not_expand_is_answered_with_the_folder_to_give(tmp_path):
    """On Windows, cmd passes "bao-cao\\*.xlsx" as it is: say so, and name the folder."""
    result = runner.invoke(app, ["validate", str(tmp_path / "BC*.xlsx"), *SAMPLE_ARGS])
    assert result.exit_code == 2
    assert "dấu * và ? không được mở rộng" in result.output and str(tmp_path) in result.output


def test_a_unit_code_typed_with_a_thousands_dot_is_read_without_it(tmp_path):
    v = _with_code(tmp_path, "32.086")
    f = one(v, "unit.code_dotted")
    (entry,) = v.entries
    assert entry.unit is not None and entry.unit.code == "32086" and f.severity == "warning"
    assert "unit.unknown" not in {g.code for g in v.findings}


@pytest.mark.parametrize(
    ("made", "suspect"), [(date(2023, 11, 28), True), (date(2023, 2, 10), False)]
)
def test_a_report_of_last_year_made_late_in_this_year_is_named_beside_its_missing_commune(
    tmp_path, made, suspect
):
    """Year 2022 on a form made on 28/11/2023: ignored in 2023's run, as last year's report
    is, but the year may be mistyped — the file carries period.suspect, and status names it
    beside the commune it would be, "not sent" otherwise. One made in February of 2023 is
    a late report of 2022, and no more than that."""
    write(tmp_path, "a.xlsx", grid(period="2022", report_date=made))
    result = runner.invoke(app, ["status", str(tmp_path), *SAMPLE_ARGS, "--format", "json"])
    document = json.loads(result.stdout)
    missing = {u["code"]: u for p in document["parents"] for u in p["missing"]}
    sent = missing["32086"]["misdated"]
    assert sent == (
        [{"path": str(tmp_path / "a.xlsx"), "period": "2022", "report_date": made.isoformat()}]
        if suspect
        else []
    )
    text = runner.invoke(app, ["status", str(tmp_path), *SAMPLE_ARGS]).output
    assert ("có thể ghi nhầm năm" in " ".join(text.split())) is suspect
    other = Unit("32083", "Xã Tân Lộc Bắc", "commune", "967")  # a report of 2023: outputs
    write(tmp_path, "b.xlsx", grid(unit=other))
    out = tmp_path.parent / f"{tmp_path.name}-out"
    out.mkdir()
    args = [str(tmp_path), *SAMPLE_ARGS, "-o", str(out / "th.xlsx"), "--docx", str(out / "b.docx")]
    runner.invoke(app, ["aggregate", *args])
    with zipfile.ZipFile(out / "b.docx") as package:
        words = re.sub(r"<[^>]+>", "", package.read("word/document.xml").decode("utf-8"))
    said = "Xã Tân Lộc đã gửi tệp “a.xlsx” ghi năm 2022 nhưng lập ngày 28/11/2023"
    assert (said in words) is suspect  # the draft says it too
