"""The loop with the clerks (docs/pipeline.md and docs/outcome.md, "Several reports of one unit and period", "Who to
chase"): a corrected feedback workbook sent back with the same date is the commune's report;
the same report in another format counts once; the analyst is told whom to chase."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY
from helpers import PLAN, TAN_LOC, grid, values
from synth import write_xlsx
from xhht_cli.batch.config import load_config
from xhht_cli.batch.run import run_batch
from xhht_cli.check.pipeline import validate_inputs
from xhht_cli.cli import app
from xhht_cli.units.load import load_registry

REGISTRY = load_registry(str(SAMPLE_REGISTRY))
ARGS = ["--units", str(SAMPLE_REGISTRY), "--period", "2023"]
runner = CliRunner()
DAY = 86_400.0


def _write(path: Path, rows, mtime: float) -> Path:  # type: ignore[no-untyped-def]
    write_xlsx(path, [("BaoCao", rows)])
    os.utime(path, (mtime, mtime))
    return path


def _check(folder: Path):  # type: ignore[no-untyped-def]
    return validate_inputs([folder], PLAN, REGISTRY, "2023")


def _by_file(validation) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(e.file.display).name: e.status for e in validation.entries}


def _codes(validation, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    entry = next(e for e in validation.entries if Path(e.file.display).name == name)
    return [f.code for f in entry.findings]


def _wrong_report() -> list[list[object]]:
    return grid(values(HO_GD=5000, HO_GDHT=5120))  # learning households above all households


def test_a_corrected_feedback_workbook_sent_back_with_the_same_date_is_used(tmp_path: Path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    sent = time.time() - 10 * DAY
    _write(inbox / "BC xa Tan Loc.xlsx", _wrong_report(), sent)
    feedback = tmp_path / "phan-hoi"
    result = runner.invoke(app, ["validate", str(inbox), *ARGS, "--feedback", str(feedback)])
    assert result.exit_code == 1
    (returned,) = feedback.iterdir()
    # the clerk opens it, corrects the coloured cell, keeps the date, saves and sends it back
    book = load_workbook(returned)
    sheet = book["BaoCao"]
    pink = [c for row in sheet.iter_rows() for c in row if c.comment is not None]
    assert [c.coordinate for c in pink] and all(c.fill.fgColor.rgb.endswith("FFC7CE") for c in pink)
    for cell in pink:
        cell.value = 4000  # fewer learning households than households
    corrected = inbox / "BC xa Tan Loc (da sua).xlsx"
    book.save(corrected)
    os.utime(corrected, (sent + DAY, sent + DAY))
    validation = _check(inbox)
    assert _by_file(validation) == {
        "BC xa Tan Loc.xlsx": "superseded",
        "BC xa Tan Loc (da sua).xlsx": "valid",
    }
    assert "report.same_date" in _codes(validation, "BC xa Tan Loc (da sua).xlsx")
    assert validation.current()["32086"].number("HO_GDHT") == 4000
    assert validation.exit_code() == 0


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_the_same_report_re_sent_in_another_format_counts_once(
    tmp_path: Path, kind: str, libreoffice: dict[str, Path]
):
    inbox = tmp_path / "in"
    inbox.mkdir()
    original = inbox / "32086.xlsx"
    shutil.copyfile(libreoffice["source"], original)
    os.utime(original, (time.time() - 3 * DAY, time.time() - 3 * DAY))
    copy = libreoffice[kind]  # what a clerk's LibreOffice writes (tests/data/libreoffice)
    target = inbox / f"32086 gui lai.{kind}"
    shutil.copyfile(copy, target)
    os.utime(target, (time.time() - DAY, time.time() - DAY))
    validation = _check(inbox)
    assert _by_file(validation) == {"32086.xlsx": "superseded", target.name: "valid"}
    assert _codes(validation, "32086.xlsx")[-1] == "report.same_content"
    finding = next(f for f in validation.findings if f.code == "report.same_content")
    assert finding.severity == "info" and target.name in finding.message()
    assert validation.exit_code() == 0


def test_reports_nothing_orders_are_a_conflict(tmp_path: Path):
    same = time.time() - DAY
    _write(tmp_path / "a.xlsx", grid(values(HO_GD=6000)), same)
    _write(tmp_path / "b.xlsx", grid(values(HO_GD=6100)), same + 5)  # copied in together
    validation = _check(tmp_path)
    assert _by_file(validation) == {"a.xlsx": "invalid", "b.xlsx": "invalid"}
    assert all("report.conflict" in _codes(validation, n) for n in ("a.xlsx", "b.xlsx"))


def test_a_later_date_wins_whatever_the_file_time(tmp_path: Path):
    _write(tmp_path / "new.xlsx", grid(values(HO_GD=6100), report_date=date(2023, 12, 5)), 1e9)
    _write(tmp_path / "old.xlsx", grid(values(HO_GD=6000), report_date=date(2023, 11, 30)), 2e9)
    validation = _check(tmp_path)
    assert _by_file(validation) == {"new.xlsx": "valid", "old.xlsx": "superseded"}
    assert "report.same_date" not in _codes(validation, "new.xlsx")


def test_the_latest_is_used_even_when_wrong_and_names_the_earlier_valid(tmp_path: Path):
    _write(tmp_path / "dung.xlsx", grid(), time.time() - 5 * DAY)
    _write(tmp_path / "sai.xlsx", _wrong_report(), time.time() - DAY)
    validation = _check(tmp_path)
    assert _by_file(validation) == {"dung.xlsx": "superseded", "sai.xlsx": "invalid"}
    earlier = next(f for f in validation.findings if f.code == "report.earlier_valid")
    assert "dung.xlsx" in earlier.message()
    (group,) = [g for g in validation.completeness if TAN_LOC.code in {u.code for u in g.expected}]
    assert [c.unit.code for c in group.invalid] == [TAN_LOC.code]
    assert TAN_LOC.code not in {u.code for u in group.missing}


def test_an_empty_date_and_preparer_are_warned(tmp_path: Path):
    rows = grid(report_date=None)
    for row in rows:
        if len(row) > 2 and row[1] == "Người lập biểu":
            row[2] = ""
    _write(tmp_path / "a.xlsx", rows, time.time())
    validation = _check(tmp_path)
    codes = _codes(validation, "a.xlsx")
    assert "report.no_date" in codes and "report.no_preparer" in codes
    assert _by_file(validation) == {"a.xlsx": "valid"}  # warnings only


def test_status_names_whom_to_chase_and_who_was_late(tmp_path: Path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    thoi_binh = [u for u in REGISTRY.communes_under("967", 2023)]
    on_time = datetime(2023, 12, 1, 9).timestamp()
    late = datetime(2023, 12, 20, 9).timestamp()
    for i, unit in enumerate(thoi_binh[:-1]):
        wrong = {"HO_GD": 5000, "HO_GDHT": 5120} if i == 0 else {}
        rows = grid(values(unit.code, **wrong), unit)
        _write(inbox / f"{unit.code}.xlsx", rows, late if i == 1 else on_time)
    (inbox / f"{thoi_binh[-1].code} bao cao.xlsx").write_bytes(b"")  # unreadable, named
    timed = ["--received", "mtime"]  # the files' times, as set here (not the forms' dates)
    result = runner.invoke(
        app, ["status", str(inbox), *ARGS, "--parent", "967", "--format", "json", *timed]
    )
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    (parent,) = doc["parents"]
    assert doc["deadline"] == "2023-12-15" and doc["timeliness_basis"] == "mtime"
    assert (parent["expected"], parent["received"], parent["valid"]) == (12, 11, 10)
    assert (parent["on_time"], parent["late"]) == (10, 1)
    assert parent["missing"] == []
    chase = {u["code"]: u for u in parent["invalid"]}
    assert set(chase) == {thoi_binh[0].code, thoi_binh[-1].code}
    assert chase[thoi_binh[0].code]["status"] == "invalid"
    assert "lớn hơn" in chase[thoi_binh[0].code]["first_error"]
    assert chase[thoi_binh[-1].code]["status"] == "unreadable"
    assert doc["total"]["invalid"] == 2
    text = runner.invoke(app, ["status", str(inbox), *ARGS, "--parent", "967"])
    assert "cần gửi lại" in text.stdout and thoi_binh[0].name in text.stdout
    assert "15/12/2023" in text.stdout


def test_the_cron_run_orders_resubmissions_by_when_the_store_first_saw_them(tmp_path: Path):
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    units = tmp_path / "don-vi.csv"
    units.write_text(SAMPLE_REGISTRY.read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "xhht.toml"
    config.write_text(
        'inbox = "hop-thu"\noutput = "ket-qua"\nstore = "xhht.sqlite"\n'
        'plan = "quoc-gia-2021-2030"\nunits = "don-vi.csv"\nperiod = "2023"\n',
        encoding="utf-8",
    )
    settings = load_config(config)
    # the corrected file carries an OLDER modification time (copied with its date kept) …
    _write(inbox / "lan-1.xlsx", _wrong_report(), time.time())
    assert run_batch(settings).exit_code == 1
    yesterday = datetime.fromtimestamp(time.time() - DAY).astimezone().isoformat(timespec="seconds")
    with sqlite3.connect(tmp_path / "xhht.sqlite") as db:  # that run was last night's
        db.execute("UPDATE contents SET read_at = ?", (yesterday,))
    _write(inbox / "lan-2.xlsx", grid(values(HO_GD=6000)), time.time() - 30 * DAY)
    run_batch(settings)
    # … but the store saw it later: it is the commune's report
    doc = json.loads((tmp_path / "ket-qua" / "kiem-tra-2023.json").read_text(encoding="utf-8"))
    assert {Path(f["path"]).name: f["status"] for f in doc["files"]} == {
        "lan-1.xlsx": "superseded",
        "lan-2.xlsx": "valid",
    }


def test_feedback_on_a_returned_feedback_workbook_marks_only_this_rounds_problems(tmp_path: Path):
    """The clerk fixes the feedback workbook itself and sends it back: its next feedback puts
    the cells' own fills back and drops the old notes first — a problem still there is noted
    once, a problem fixed leaves no colour and no note behind."""
    from xhht_cli.write.feedback import FILLS, MARKS_SHEET

    ours = {fill.fgColor.rgb for fill in FILLS.values()}

    def round_trip(source: Path, fix: bool, day: int) -> Path:
        inbox = tmp_path / f"in{day}"
        inbox.mkdir()
        book = load_workbook(source)
        if MARKS_SHEET in book.sheetnames:  # what a clerk may leave in it: passed over
            book[MARKS_SHEET].append(["BaoCao", "Ghi chú", ""])
            book[MARKS_SHEET].append(["BaoCao", "E15", "không phải màu"])
            book[MARKS_SHEET].append(["BaoCao", "XFD1048576", "FFC7CE"])  # never made
        if fix:  # the learning households only: the learning clans stay above the clans
            for cell in marked(book):
                if cell.value == 5120:
                    cell.value = 4000
        sent = inbox / "BC xa Tan Loc.xlsx"
        book.save(sent)
        out = tmp_path / f"phan-hoi{day}"
        runner.invoke(app, ["validate", str(inbox), *ARGS, "--feedback", str(out)])
        return next(out.iterdir())

    def marked(book):  # type: ignore[no-untyped-def]
        return [c for row in book["BaoCao"].iter_rows() for c in row if c.comment is not None]

    first = tmp_path / "first.xlsx"
    _write(first, grid(values(HO_GD=5000, HO_GDHT=5120, DH=38, DH_DHHT=40)), time.time() - DAY)
    once = round_trip(first, fix=False, day=1)
    book = load_workbook(once)
    cells = {c.coordinate: c.comment.text for c in marked(book)}
    assert cells and book[MARKS_SHEET].sheet_state == "hidden"
    again = load_workbook(round_trip(once, fix=False, day=2))
    assert {c.coordinate: c.comment.text for c in marked(again)} == cells  # not twice
    fixed = round_trip(once, fix=True, day=3)
    book = load_workbook(fixed)
    left = {c.coordinate: c.comment.text for c in marked(book)}
    assert left and set(left) < set(cells) and all(left[w] == cells[w] for w in left)
    sheet = book["BaoCao"]
    assert sheet.max_row < 1000 and sheet.max_column < 100  # no far cell made from the record
    assert all(sheet[w].fill.fgColor.rgb not in ours for w in set(cells) - set(left))
    assert [row[1] for row in book[MARKS_SHEET].iter_rows(values_only=True)] == sorted(left)


def test_a_cells_own_fill_of_any_kind_comes_back_once_its_problem_is_fixed(tmp_path: Path):
    """The fill a marked cell had — an indexed colour, a hatched pattern, a gradient, as the
    clerk's Excel made them — is the fill it gets back once the problem is fixed; and a
    feedback workbook sent out before kept its fills as colour names, still understood."""
    from openpyxl.styles import GradientFill, PatternFill
    from openpyxl.styles.colors import Color

    from xhht_cli.write.feedback import MARKS_SHEET

    def feedback(source: Path, day: int) -> Path:
        inbox = tmp_path / f"in{day}"
        inbox.mkdir()
        (inbox / "BC xa Tan Loc.xlsx").write_bytes(source.read_bytes())
        out = tmp_path / f"phan-hoi{day}"
        runner.invoke(app, ["validate", str(inbox), *ARGS, "--feedback", str(out)])
        return next(out.iterdir())

    first = tmp_path / "first.xlsx"
    _write(first, grid(values(HO_GD=5000, HO_GDHT=5120, DH=38, DH_DHHT=40)), time.time() - DAY)
    book = load_workbook(feedback(first, 0))
    sheet = book["BaoCao"]
    wrong = [c.coordinate for row in sheet.iter_rows() for c in row if c.value == 5120]
    assert wrong and sheet[wrong[0]].comment is not None
    owned = {
        "pattern": PatternFill("darkGrid", fgColor=Color(indexed=10), bgColor="FF00FF00"),
        "gradient": GradientFill(stop=("FFFF0000", "FF0000FF")),
        "indexed": PatternFill("solid", fgColor=Color(indexed=5)),
    }
    for day, (kind, fill) in enumerate(owned.items(), 1):
        source = load_workbook(first)
        source["BaoCao"][wrong[0]].fill = fill
        made = tmp_path / f"{kind}.xlsx"
        source.save(made)
        marked = load_workbook(feedback(made, day))
        assert marked["BaoCao"][wrong[0]].fill != fill  # marked pink for this round
        marked["BaoCao"][wrong[0]].value = 4000  # the clerk fixes it in the feedback itself
        fixed = tmp_path / f"{kind}-fixed.xlsx"
        marked.save(fixed)
        back = load_workbook(feedback(fixed, 10 + day))["BaoCao"][wrong[0]]
        assert back.comment is None and back.fill == fill, kind
    # a record of the first kind: the fill an RGB colour's name
    marked = load_workbook(feedback(first, 30))
    records = marked[MARKS_SHEET]
    (row,) = [r for r in records.iter_rows() if r[1].value == wrong[0]]
    row[2].value = "FFFFFF00"
    marked["BaoCao"][wrong[0]].value = 4000
    old = tmp_path / "old-record.xlsx"
    marked.save(old)
    back = load_workbook(feedback(old, 31))["BaoCao"][wrong[0]]
    assert back.comment is None and back.fill.fgColor.rgb == "FFFFFF00"
