"""Sign-off (docs/approval.md): a period's figures frozen once approved, files received after
kept and answered but not used, reopened only on purpose; approvals never deleted."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from conftest import DATA, SAMPLE_REGISTRY
from helpers import grid, values
from synth import write_xlsx
from xhht_cli.batch import ledger, signoff
from xhht_cli.batch import run as batch_run
from xhht_cli.batch import store as store_module
from xhht_cli.batch.config import load_config
from xhht_cli.batch.run import run_batch
from xhht_cli.batch.schema import MIGRATIONS
from xhht_cli.batch.signoff import approve
from xhht_cli.batch.store import Store
from xhht_cli.check.pipeline import validate_inputs
from xhht_cli.cli import app
from xhht_cli.plans import Plan, load_plan
from xhht_cli.rollup.outcome import decide
from xhht_cli.units.load import load_registry
from xhht_cli.write.documents import aggregate_document, status_document

REGISTRY = load_registry(str(SAMPLE_REGISTRY))
THOI_BINH = REGISTRY.children_of("967")  # 12 communes
U_MINH = REGISTRY.children_of("966")  # 8 communes
runner = CliRunner()
PLANS: dict[str, Plan] = {}


def plan_once(spec: str = "quoc-gia-2021-2030") -> Plan:
    if spec not in PLANS:
        PLANS[spec] = load_plan(spec)
    return PLANS[spec]


@pytest.fixture(autouse=True)
def _plan_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run and approval here uses the same shipped plan: parsed once (a third of a
    second each time otherwise)."""
    for module in (batch_run, signoff):
        monkeypatch.setattr(module, "load_plan", plan_once)


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An inbox of the 12 communes of Thới Bình after one run (copied by each test using it:
    the store keeps the first folder's paths, whose files stay)."""
    base = tmp_path_factory.mktemp("ran")
    config = setup(base)
    run_batch(load_config(config))
    return base


def copy_of(ran: Path, tmp_path: Path) -> Path:
    shutil.copytree(ran, tmp_path, dirs_exist_ok=True)
    return tmp_path / "xhht.toml"


def registry_file(tmp_path: Path, districts: tuple[str, ...]) -> Path:
    """The sample registry cut to the province and *districts* (their communes under them)."""
    lines = SAMPLE_REGISTRY.read_text(encoding="utf-8").splitlines()
    kept = [
        line
        for line in lines
        if line.startswith(("#", "code,"))
        or line.split(",")[0] in ("96", *districts)
        or line.split(",")[3] in districts
    ]
    path = tmp_path / "don-vi.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


REPORTS: dict[str, bytes] = {}  # commune → its report's bytes, written once


def report_bytes(unit) -> bytes:  # type: ignore[no-untyped-def]
    if unit.code not in REPORTS:
        path = Path(tempfile.mkdtemp()) / "r.xlsx"
        write_xlsx(path, [("BaoCao", grid(values(unit.code), unit))])
        REPORTS[unit.code] = path.read_bytes()
    return REPORTS[unit.code]


def setup(tmp_path: Path, districts: tuple[str, ...] = ("967",), communes=THOI_BINH) -> Path:  # type: ignore[no-untyped-def]
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    for unit in communes:
        (inbox / f"{unit.code}.xlsx").write_bytes(report_bytes(unit))
    registry_file(tmp_path, districts)
    config = tmp_path / "xhht.toml"
    config.write_text(
        'inbox = "hop-thu"\noutput = "ket-qua"\nstore = "xhht.sqlite"\n'
        'units = "don-vi.csv"\nperiod = "2023"\n',
        encoding="utf-8",
    )
    return config


def cli(*args: str) -> Any:
    return runner.invoke(app, list(args), env={"COLUMNS": "250"})


def send(tmp_path: Path, name: str, unit, report_date: date, **changed: int) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "hop-thu" / name
    vals = values(unit.code, **changed)
    write_xlsx(path, [("BaoCao", grid(vals, unit, report_date=report_date))])
    return path


def document(config: Path) -> dict[str, Any]:
    text = (config.parent / "ket-qua" / "tong-hop-2023.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def value(doc: dict[str, Any], code: str, field: str = "HO_GD") -> int:
    return next(u for u in doc["units"] if u["code"] == code)["values"][field]  # type: ignore[no-any-return]


def sheets(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def log(config: Path) -> list[dict[str, Any]]:
    text = (config.parent / "ket-qua" / "nhat-ky.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


# -- the closing note's script ---------------------------------------------------------------


def test_approve_then_a_late_correction_keeps_the_approved_figures_until_reopened(tmp_path):
    config = setup(tmp_path)
    out = tmp_path / "ket-qua"
    assert cli("run", "--config", str(config)).exit_code == 0
    signed_bytes = (out / "tong-hop-2023.json").read_bytes()  # what the committee signs
    done = cli("approve", "--config", str(config), "--period", "2023", "--by", "Trần Thị B")
    assert done.exit_code == 0, done.output
    assert "trùng từng byte" in done.output
    # the approval names the exact document: the run's JSON, byte for byte
    (event,) = json.loads(cli("approvals", "--config", str(config), "--format", "json").stdout)[
        "events"
    ]
    assert event["outcome_sha256"] == hashlib.sha256(signed_bytes).hexdigest()
    assert len(event["used"]) == 12 and event["in_force"] and event["by"] == "Trần Thị B"
    assert cli("run", "--config", str(config)).exit_code == 0  # stamps the outputs
    approved = {p.suffix: p.read_bytes() for p in out.glob("tong-hop-2023.*")}
    stamp = document(config)["approval"]
    assert stamp["matches"] is True and stamp["late"] == []
    assert stamp["approved"][0]["approved_by"] == "Trần Thị B"
    # a corrected report arrives for a frozen commune, and an invalid one for another
    unit, other = THOI_BINH[0], THOI_BINH[1]
    late = send(tmp_path, f"{unit.code} (sua).xlsx", unit, date(2023, 12, 20), HO_GD=99999)
    wrong = send(tmp_path, f"{other.code} (sua).xlsx", other, date(2023, 12, 20), HO_GDHT=10**6)
    result = cli("run", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "nhận sau phê duyệt" in result.output and late.name in result.output
    # the approved figures stand: the .docx byte for byte, the JSON but for the list of late
    # files, the workbook but for TienDo's block of late files
    assert (out / "tong-hop-2023.docx").read_bytes() == approved[".docx"]
    after = document(config)
    assert {Path(f["path"]).name for f in after["approval"]["late"]} == {late.name, wrong.name}
    after["approval"]["late"] = []
    assert json.dumps(after, ensure_ascii=False, indent=2) + "\n" == approved[".json"].decode()
    (tmp_path / "approved.xlsx").write_bytes(approved[".xlsx"])
    old, new = sheets(tmp_path / "approved.xlsx"), sheets(out / "tong-hop-2023.xlsx")
    assert {n for n in old if old[n] != new[n]} == {"TienDo"}
    assert new["TienDo"][: len(old["TienDo"])] == old["TienDo"]
    assert any(late.name in str(row) and "nhận sau phê duyệt" in row for row in new["TienDo"])
    assert any("Số liệu đã phê duyệt ngày" in str(row) for row in new["TongHop"])
    # trace shows the figure the outputs give: from the approved report, not the late one
    traced = cli("trace", "--config", str(config), "--unit", unit.code, "--indicator", "TL_GDHT")
    assert traced.exit_code == 0, traced.output
    assert (
        "99.999" not in traced.output
        and f"/{values(unit.code)['HO_GD']:,}".replace(",", ".") in traced.output
    )
    # kept, checked and answered: the invalid one's clerk gets a feedback workbook
    assert any(p.name.startswith(other.code) for p in (out / "phan-hoi").glob("*.xlsx"))
    assert log(config)[-1]["late"] == sorted(str(p) for p in (late, wrong))
    status = cli("status", "--config", str(config))
    assert "Nhận sau phê duyệt, không dùng" in status.output and late.name in status.output
    state = json.loads(cli("status", "--config", str(config), "--format", "json").stdout)
    assert {f["status"] for f in state["approval"]["late"]} == {"valid", "invalid"}
    assert state["total"]["valid"] == 12  # the frozen figures: nothing to chase
    shown = cli("history", unit.code, "--config", str(config))
    assert "nhận sau phê duyệt" in shown.output and "phê duyệt" in shown.output
    # reopened: the next run uses the latest valid reports again
    reopened = cli("reopen", "--config", str(config), "--period", "2023", "--reason", "sửa số")
    assert reopened.exit_code == 0, reopened.output
    assert cli("run", "--config", str(config)).exit_code == 1  # the invalid one is now used
    final = document(config)
    assert value(final, unit.code) == 99999 and "approval" not in final
    listed = json.loads(cli("approvals", "--config", str(config), "--format", "json").stdout)
    assert [e["event"] for e in listed["events"]] == ["approve", "reopen"]
    assert listed["events"][1]["reason"] == "sửa số" and not listed["events"][0]["in_force"]
    text = cli("approvals", "--config", str(config))
    assert "phê duyệt" in text.output and "mở lại" in text.output


# -- refusing, and the gaps ------------------------------------------------------------------


def test_approving_with_an_invalid_report_refuses_then_records_the_gaps(tmp_path):
    config = setup(tmp_path, communes=THOI_BINH[:11])  # one commune sends nothing
    bad = THOI_BINH[1]
    send(tmp_path, f"{bad.code}.xlsx", bad, date(2023, 11, 30), HO_GDHT=10**6)
    cli("run", "--config", str(config))
    refused = cli("--lang", "en", "approve", "--config", str(config), "--period", "2023")
    assert refused.exit_code == 1
    assert len(refused.output.strip().splitlines()) == 1
    assert "1 commune missing, 1 report with errors or unreadable" in refused.output
    assert f"xhht status --config {config}" in refused.output  # her file, to type again
    assert "--accept-gaps" in refused.output
    assert json.loads(cli("approvals", "--config", str(config), "--format", "json").stdout) == {
        "schema": "xhht/approvals/v1",
        "events": [],
    }
    vi = cli("approve", "--config", str(config), "--period", "2023")
    assert vi.exit_code == 1 and "Chưa phê duyệt được" in vi.output
    accepted = cli("approve", "--config", str(config), "--period", "2023", "--accept-gaps")
    assert accepted.exit_code == 0 and "thiếu sót" in accepted.output
    (event,) = json.loads(cli("approvals", "--config", str(config), "--format", "json").stdout)[
        "events"
    ]
    assert [g["code"] for g in event["gaps"]["missing"]] == [THOI_BINH[11].code]
    assert [(g["code"], g["status"]) for g in event["gaps"]["invalid"]] == [(bad.code, "invalid")]
    assert len(event["used"]) == 10
    run_batch(load_config(config))
    (stamp,) = document(config)["approval"]["approved"]
    assert stamp["gaps"] == event["gaps"]
    texts = [str(r) for r in sheets(tmp_path / "ket-qua" / "tong-hop-2023.xlsx")["TongHop"]]
    assert any("1 xã chưa nộp, 1 báo cáo có lỗi" in t for t in texts)
    again = cli("approve", "--config", str(config), "--period", "2023", "--accept-gaps")
    assert again.exit_code == 1 and "mở lại trước" in again.output  # approved already


def test_an_approval_s_gaps_name_only_what_was_lacking_each_kind_by_its_name(tmp_path):
    """An unreadable file of no known commune (an empty file) is not "a report with errors"
    and a kind of gap of which there were none is not named ("0 xã chưa nộp")."""
    config = setup(tmp_path, communes=THOI_BINH)
    (tmp_path / "hop-thu" / "BC XHHT moi.xlsx").write_bytes(b"")
    run_batch(load_config(config))
    accepted = cli("approve", "--config", str(config), "--period", "2023", "--accept-gaps")
    assert accepted.exit_code == 0, accepted.output
    assert "1 tệp không dùng được, không rõ của xã nào" in accepted.output
    assert "chưa nộp" not in accepted.output and "báo cáo có lỗi" not in accepted.output
    run_batch(load_config(config))
    texts = [str(r) for r in sheets(tmp_path / "ket-qua" / "tong-hop-2023.xlsx")["TongHop"]]
    assert any("phê duyệt khi còn 1 tệp không dùng được, không rõ của xã nào" in t for t in texts)
    listed = cli("--lang", "en", "approvals", "--config", str(config))
    assert "of no commune: 1" in listed.output and "missing" not in listed.output


def test_a_district_approved_freezes_its_communes_only(tmp_path):
    config = setup(tmp_path, ("966", "967"), [*THOI_BINH, *U_MINH[:7]])
    run_batch(load_config(config))
    top = cli("approve", "--config", str(config), "--period", "2023")
    assert top.exit_code == 1  # a commune of U Minh is missing
    done = cli("approve", "--config", str(config), "--period", "2023", "--unit", "967")
    assert done.exit_code == 0, done.output
    inside, outside = THOI_BINH[2], U_MINH[7]
    send(tmp_path, f"{inside.code} moi.xlsx", inside, date(2023, 12, 20), HO_GD=77777)
    send(tmp_path, f"{outside.code}.xlsx", outside, date(2023, 12, 20), HO_GD=55555)
    assert run_batch(load_config(config)).exit_code == 0
    doc = document(config)
    assert value(doc, inside.code) == values(inside.code)["HO_GD"]  # frozen
    assert value(doc, outside.code) == 55555  # not under the approved district: used
    (held,) = doc["approval"]["late"]
    assert held["unit_code"] == inside.code and doc["approval"]["matches"] is True
    # the same empty bytes after the approval, for a commune inside and one outside: each file
    # is held or used by its own name, not by the bytes they share
    (tmp_path / "hop-thu" / f"{THOI_BINH[3].code}-rong.xlsx").write_bytes(b"")
    (tmp_path / "hop-thu" / f"{U_MINH[0].code}-rong.xlsx").write_bytes(b"")
    result = run_batch(load_config(config))
    assert sorted(Path(p).name for p in result.late) == [
        f"{THOI_BINH[2].code} moi.xlsx",
        f"{THOI_BINH[3].code}-rong.xlsx",
    ]
    doc = document(config)
    assert "Số liệu của Huyện Thới Bình đã phê duyệt" in str(
        sheets(tmp_path / "ket-qua" / "tong-hop-2023.xlsx")["TongHop"]
    )
    nothing = cli("reopen", "--config", str(config), "--period", "2023", "--reason", "x")
    assert nothing.exit_code == 1 and "967" in nothing.output  # the province has none in force
    blank = cli("reopen", "--config", str(config), "--period", "2023", "--unit", "967")
    assert blank.exit_code == 2  # --reason is required


def test_approvals_are_never_deleted_nor_changed(ran, tmp_path):
    config = copy_of(ran, tmp_path)
    assert cli("approve", "--config", str(config), "--period", "2023").exit_code == 0
    db = sqlite3.connect(tmp_path / "xhht.sqlite")
    for statement in (
        "DELETE FROM approvals",
        "UPDATE approvals SET approved_by = 'x'",
        "DELETE FROM approval_used",
        "DELETE FROM approval_inputs",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="never"):
            db.execute(statement)
    db.close()


# -- processes: kill -9, the lock ---------------------------------------------------------------


def _approve_and_die(config: Path, point: str) -> None:
    def kill(at: str) -> None:
        if at == point:
            os.kill(os.getpid(), signal.SIGKILL)

    ledger.hook = kill
    approve(load_config(config), "2023", None, "A", None, False, 10)


FORK = pytest.mark.skipif(not hasattr(os, "fork"), reason="a forked child process (POSIX)")


@FORK
@pytest.mark.parametrize("point", ["approval", "used", "committed"])
def test_kill_9_during_approve_leaves_the_store_approved_or_not_never_half(ran, tmp_path, point):
    config = copy_of(ran, tmp_path)
    child = multiprocessing.get_context("fork").Process(
        target=_approve_and_die, args=(config, point)
    )
    child.start()
    child.join(30)
    assert child.exitcode == -signal.SIGKILL
    db = sqlite3.connect(tmp_path / "xhht.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = [
        db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("approvals", "approval_inputs", "approval_used")
    ]
    db.close()
    assert counts == ([1, 12, 12] if point == "committed" else [0, 0, 0])
    # the lock died with the process: the next approval goes on at once
    if point != "committed":
        approve(load_config(config), "2023", None, "A", None, False, 0)
    store = Store(tmp_path / "xhht.sqlite")
    try:
        (signed,) = ledger.active(store, "2023")
        assert signed.approved_by == "A" and len(ledger.used_of(store, signed.id)) == 12
    finally:
        store.close()


def _run_in_child(config: Path) -> None:
    os._exit(run_batch(load_config(config), wait=60).exit_code)


def _approve_in_child(config: Path) -> None:
    approve(load_config(config), "2023", "967", "B", None, False, 60)
    os._exit(0)


@FORK
def test_two_runs_and_an_approve_started_together_wait_and_lose_nothing(tmp_path):
    config = setup(tmp_path, ("966", "967"))
    run_batch(load_config(config))
    for unit in U_MINH:  # new files the two runs find
        (tmp_path / "hop-thu" / f"{unit.code}.xlsx").write_bytes(report_bytes(unit))
    context = multiprocessing.get_context("fork")
    children = [
        context.Process(target=_run_in_child, args=(config,)),
        context.Process(target=_approve_in_child, args=(config,)),
        context.Process(target=_run_in_child, args=(config,)),
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert [c.exitcode for c in children] == [0, 0, 0]  # nobody gave up on the lock
    store = Store(tmp_path / "xhht.sqlite")
    try:
        submissions = store.db.execute("SELECT COUNT(DISTINCT sha256) FROM submissions").fetchone()
        assert submissions[0] == 20
        (signed,) = ledger.active(store, "2023")
        assert signed.unit_code == "967"
        assert len(ledger.used_of(store, signed.id)) == 12
        runs = store.db.execute("SELECT COUNT(*) FROM runs WHERE ended IS NOT NULL").fetchone()
        assert runs[0] == 3
    finally:
        store.close()
    assert [entry["run"] for entry in log(config)] == [1, 2, 3]


# -- the store of today's release ---------------------------------------------------------------


def test_a_store_written_by_the_release_before_approvals_opens_and_keeps_its_data(tmp_path):
    """tests/data/store-v2/ holds a store written by `xhht run` of the release before this
    change (scripts/make_store_v2.py says how): it migrates on first use, nothing lost."""
    shutil.copytree(DATA / "store-v2", tmp_path, dirs_exist_ok=True)
    old = sqlite3.connect(tmp_path / "xhht.sqlite")
    assert old.execute("PRAGMA user_version").fetchone()[0] == 2
    before = {
        table: old.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("files", "contents", "submissions", "submission_values", "current", "runs")
    }
    old.close()
    config = tmp_path / "xhht.toml"
    assert cli("approvals", "--config", str(config)).exit_code == 0  # migrates
    store = Store(tmp_path / "xhht.sqlite")
    try:
        assert store.version == len(MIGRATIONS) == 3
        for table, rows in before.items():
            assert [tuple(r) for r in store.db.execute(f"SELECT * FROM {table} ORDER BY 1")] == [
                tuple(r) for r in rows
            ], table
    finally:
        store.close()
    # and works on: approved with its gaps, the next run stamps it
    done = cli("approve", "--config", str(config), "--period", "2023", "--accept-gaps")
    assert done.exit_code == 0, done.output
    assert run_batch(load_config(config)).outputs_written
    assert document(config)["approval"]["matches"] is True


def test_without_a_store_nothing_changes(tmp_path):
    config = setup(tmp_path, communes=THOI_BINH[:2])
    registry = load_registry(str(tmp_path / "don-vi.csv"))
    validation = validate_inputs([tmp_path / "hop-thu"], plan_once(), registry, "2023")
    outcome = decide(validation)
    assert outcome.approval is None
    assert "approval" not in aggregate_document(outcome)
    assert "approval" not in status_document(outcome)
    assert not (tmp_path / "xhht.sqlite").exists()
    needs = cli("status", "--config", str(config))  # no run yet: no store to read
    assert needs.exit_code == 2 and "xhht run" in needs.output


def test_a_copy_of_approved_bytes_sent_after_the_approval_is_late_not_used(tmp_path, monkeypatch):
    """An empty file in the inbox when the figures are approved; after, an empty file named
    for the commune that sent nothing: the same bytes, but a file of its own, come after —
    held and listed as received after the approval, the approved figures unchanged."""
    config = setup(tmp_path, communes=THOI_BINH[:10])  # THOI_BINH[11] sends nothing
    (tmp_path / "hop-thu" / "BC moi.xlsx").write_bytes(b"")
    broken = THOI_BINH[10]  # the same empty bytes, named for a commune, before the approval
    (tmp_path / "hop-thu" / f"{broken.code}-rong.xlsx").write_bytes(b"")
    cli("run", "--config", str(config))
    assert (
        cli("approve", "--config", str(config), "--period", "2023", "--accept-gaps").exit_code == 0
    )
    run_batch(load_config(config))
    before = document(config)
    silent = THOI_BINH[11]
    later = datetime.now(UTC) + timedelta(minutes=5)  # first seen after the approval
    monkeypatch.setattr(store_module, "now", lambda: later.isoformat(timespec="seconds"))
    (tmp_path / "hop-thu" / f"{silent.code}-rong.xlsx").write_bytes(b"")
    result = run_batch(load_config(config))
    assert result.late == [str(tmp_path / "hop-thu" / f"{silent.code}-rong.xlsx")]
    check = json.loads((tmp_path / "ket-qua" / "kiem-tra-2023.json").read_text(encoding="utf-8"))
    assert silent.code in [u["code"] for u in check["completeness"]["missing"]]  # as approved
    assert broken.code in [c["code"] for c in check["completeness"]["invalid"]]  # approved so
    after = document(config)
    assert after["units"] == before["units"]  # the approved figures, unchanged
    assert after["approval"]["approved"] == before["approval"]["approved"]


def test_an_approval_s_time_is_written_as_each_language_writes_times() -> None:
    """``approvals`` and the late files' lines: 20/12/2024 09:30 in Vietnamese, as the
    documents write days, and 2024-12-20 09:30 in English (local time either way)."""
    import re

    from xhht_cli.values.approval import time_text

    assert re.fullmatch(r"\d\d/12/2024 \d\d:30", time_text("2024-12-20T12:30:00+07:00", "vi"))
    assert re.fullmatch(r"2024-12-\d\d \d\d:30", time_text("2024-12-20T12:30:00+07:00", "en"))


def test_approved_reports_found_under_new_names_after_the_approval_still_give_its_figures(
    tmp_path, monkeypatch
):
    """The office moves its inbox after the approval: every approved report is now a file the
    store first sees after it (each may be held as late, batch/freeze.py), yet the approved
    contents stay the figures — the period was left with none (under load, when the run fell
    in the next second: its draft dated 1970)."""
    config = setup(tmp_path, communes=THOI_BINH[:10])
    cli("run", "--config", str(config))
    approved = cli("approve", "--config", str(config), "--period", "2023", "--accept-gaps")
    assert approved.exit_code == 0
    run_batch(load_config(config))
    before = document(config)
    (tmp_path / "hop-thu").rename(tmp_path / "hop-thu-moi")
    config.write_text(config.read_text().replace('"hop-thu"', '"hop-thu-moi"'))
    later = datetime.now(UTC) + timedelta(minutes=5)  # first seen after the approval
    monkeypatch.setattr(store_module, "now", lambda: later.isoformat(timespec="seconds"))
    run_batch(load_config(config))
    after = document(config)
    assert after["units"] == before["units"]
    assert after["approval"]["matches"] is True
