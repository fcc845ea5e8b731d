"""Batch mode for cron: an inbox, a submissions store, nothing lost, nothing done twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY
from helpers import grid, values
from synth import write_xlsx
from xhht_cli.base.errors import XhhtError
from xhht_cli.batch.config import load_config
from xhht_cli.batch.run import EXIT_LOCKED, run_batch, store_lock
from xhht_cli.cli import app
from xhht_cli.units.load import load_registry

REGISTRY = load_registry(str(SAMPLE_REGISTRY))
THOI_BINH = REGISTRY.children_of("967")  # 12 communes
runner = CliRunner()


def setup(tmp_path: Path, extra: str = "", communes=THOI_BINH) -> Path:  # type: ignore[no-untyped-def]
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    for unit in communes:
        write_xlsx(inbox / f"{unit.code}.xlsx", [("BaoCao", grid(values(unit.code), unit))])
    units = tmp_path / "don-vi.csv"
    units.write_text(SAMPLE_REGISTRY.read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "xhht.toml"
    config.write_text(
        'inbox = "hop-thu"\noutput = "ket-qua"\nstore = "xhht.sqlite"\n'
        f'plan = "quoc-gia-2021-2030"\nunits = "don-vi.csv"\nperiod = "2023"\n{extra}',
        encoding="utf-8",
    )
    return config


def outputs(config: Path) -> dict[str, bytes]:
    folder = config.parent / "ket-qua"
    return {
        p.name: p.read_bytes() for p in sorted(folder.glob("*")) if p.suffix in {".xlsx", ".json"}
    }


def statuses(config: Path) -> dict[str, str]:
    doc = json.loads((config.parent / "ket-qua" / "kiem-tra-2023.json").read_text(encoding="utf-8"))
    return {Path(f["path"]).name: f["status"] for f in doc["files"]}


def test_second_run_with_no_change_reads_nothing_and_writes_identical_outputs(tmp_path):
    config = setup(tmp_path)
    first = run_batch(load_config(config))
    assert (first.files["new"], len(first.read), first.outputs_written) == (12, 12, True)
    before = outputs(config)
    assert set(before) == {"tong-hop-2023.xlsx", "tong-hop-2023.json", "kiem-tra-2023.json"}
    time.sleep(0.01)
    second = run_batch(load_config(config))
    assert (second.files["unchanged"], second.read, second.outputs_written) == (12, [], False)
    assert outputs(config) == before
    log = [
        json.loads(line)
        for line in (tmp_path / "ket-qua" / "nhat-ky.jsonl").read_text().splitlines()
    ]
    assert [entry["run"] for entry in log] == [1, 2]
    assert (
        log[1]["files"] == {"new": 0, "changed": 0, "unchanged": 12}
        and log[1]["outputs"] == "unchanged"
    )
    # outputs removed by hand are written again, byte for byte
    (tmp_path / "ket-qua" / "tong-hop-2023.json").unlink()
    run_batch(load_config(config))
    assert outputs(config) == before


def test_changed_file_is_read_again_and_supersedes(tmp_path):
    config = setup(tmp_path)
    run_batch(load_config(config))
    unit = THOI_BINH[0]
    newer = values(unit.code, HO_GD=99999)
    path = tmp_path / "hop-thu" / f"{unit.code}.xlsx"
    write_xlsx(path, [("BaoCao", grid(newer, unit, report_date=date(2023, 12, 5)))])
    result = run_batch(load_config(config))
    assert (result.files["changed"], result.read) == (1, [str(path)])
    doc = json.loads((tmp_path / "ket-qua" / "tong-hop-2023.json").read_text(encoding="utf-8"))
    commune = next(u for u in doc["units"] if u["code"] == unit.code)
    assert commune["values"]["HO_GD"] == 99999
    db = sqlite3.connect(tmp_path / "xhht.sqlite")
    rows = db.execute(
        "SELECT status FROM submissions WHERE unit_code = ? ORDER BY id", (unit.code,)
    ).fetchall()
    assert [r[0] for r in rows] == ["superseded", "valid"]  # the old submission is kept
    (current,) = db.execute(
        "SELECT s.report_date FROM current c JOIN submissions s"
        " ON s.id = c.submission_id WHERE c.unit_code = ?",
        (unit.code,),
    )
    assert current[0] == "2023-12-05"


def test_resubmission_fixes_an_invalid_commune(tmp_path):
    config = setup(tmp_path)
    unit = THOI_BINH[1]
    inbox = tmp_path / "hop-thu"
    write_xlsx(
        inbox / f"{unit.code}.xlsx",
        [("BaoCao", grid(values(unit.code, HO_GDHT=10**6), unit, report_date=date(2023, 11, 1)))],
    )
    assert run_batch(load_config(config)).exit_code == 1
    assert statuses(config)[f"{unit.code}.xlsx"] == "invalid"
    write_xlsx(
        inbox / f"{unit.code} (sua).xlsx",
        [("BaoCao", grid(values(unit.code), unit, report_date=date(2023, 11, 20)))],
    )
    result = run_batch(load_config(config))
    assert result.read == [str(inbox / f"{unit.code} (sua).xlsx")]
    assert statuses(config)[f"{unit.code}.xlsx"] == "superseded"
    assert statuses(config)[f"{unit.code} (sua).xlsx"] == "valid"
    assert result.exit_code == 1  # the other communes of the province are still missing


def test_the_same_bytes_under_two_names_are_two_files_each_told_by_its_name(tmp_path):
    """An empty file named for a commune, beside an empty file named for nobody, is that
    commune's unreadable report, not lost in the other's content; a report sent twice is listed
    twice, the second as its duplicate — what ``validate`` says of the same inbox."""
    config = setup(tmp_path, communes=THOI_BINH[:2])
    inbox = tmp_path / "hop-thu"
    (inbox / "khac").mkdir()
    (inbox / "khac" / "BC moi.xlsx").write_bytes(b"")
    (inbox / "khac" / f"{THOI_BINH[0].code}.xlsx").write_bytes(
        (inbox / f"{THOI_BINH[0].code}.xlsx").read_bytes()
    )
    run_batch(load_config(config))
    empty = THOI_BINH[2]
    (inbox / f"{empty.code}-rong.xlsx").write_bytes(b"")  # sent later, the same 0 bytes
    run_batch(load_config(config))
    doc = json.loads((tmp_path / "ket-qua" / "kiem-tra-2023.json").read_text(encoding="utf-8"))
    listed = sorted(str(Path(f["path"]).relative_to(inbox)) for f in doc["files"])
    on_disk = sorted(str(p.relative_to(inbox)) for p in inbox.rglob("*.xlsx"))
    assert listed == on_disk
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert by_name[f"{empty.code}-rong.xlsx"]["status"] == "unreadable"
    chased = doc["completeness"]
    assert empty.code not in [u["code"] for u in chased["missing"]]  # it sent a wrong file
    assert empty.code in [c["code"] for c in chased["invalid"]]
    assert by_name[f"{THOI_BINH[0].code}.xlsx"]["status"] in ("valid", "superseded")
    copies = [f for f in doc["files"] if Path(f["path"]).name == f"{THOI_BINH[0].code}.xlsx"]
    assert sorted(f["status"] for f in copies) == ["superseded", "valid"]
    said = sorted((f["path"], f["code"]) for f in doc["findings"])  # each copy its own
    assert (str(inbox / f"{empty.code}-rong.xlsx"), "file.empty") in said
    assert (str(inbox / "khac" / "BC moi.xlsx"), "file.empty") in said
    cli = runner.invoke(
        app,
        [
            "validate",
            str(inbox),
            "--units",
            str(tmp_path / "don-vi.csv"),
            "--period",
            "2023",
            "--format",
            "json",
        ],
    )
    alone = json.loads(cli.stdout)
    assert sorted((f["path"], f["status"]) for f in alone["files"]) == sorted(
        (f["path"], f["status"]) for f in doc["files"]
    )
    assert sorted((f["path"], f["code"]) for f in alone["findings"]) == said
    (inbox / "khac" / "BC moi.xlsx").unlink()  # the name the bytes were first stored under
    run_batch(load_config(config))
    doc = json.loads((tmp_path / "ket-qua" / "kiem-tra-2023.json").read_text(encoding="utf-8"))
    assert str(inbox / "khac" / "BC moi.xlsx") not in {f["path"] for f in doc["files"]}
    assert empty.code in [c["code"] for c in doc["completeness"]["invalid"]]


def test_a_rebuilt_store_orders_a_resubmission_by_its_time_as_the_first_store_did(tmp_path):
    """The clerk's correction, the same date, sent a minute and more after the first: the
    store that saw both arrive uses the correction; a store moved away and rebuilt (both first
    seen by one run) orders them by their modification times, and says the same — not a
    conflict between the two."""
    config = setup(tmp_path, communes=THOI_BINH[:1])
    unit, inbox = THOI_BINH[0], tmp_path / "hop-thu"
    first = inbox / f"{unit.code}.xlsx"
    write_xlsx(first, [("BaoCao", grid(values(unit.code, HO_GDHT=10**6), unit))])
    fixed = inbox / f"{unit.code} (sua).xlsx"
    write_xlsx(fixed, [("BaoCao", grid(values(unit.code), unit))])
    os.utime(first, (time.time() - 600, time.time() - 600))
    assert statuses_after(config) == {first.name: "superseded", fixed.name: "valid"}
    store = tmp_path / "xhht.sqlite"
    for part in tmp_path.glob("xhht.sqlite*"):
        part.rename(tmp_path / f"old-{part.name}")
    assert not store.exists()
    assert statuses_after(config) == {first.name: "superseded", fixed.name: "valid"}
    os.utime(fixed, (time.time() - 590, time.time() - 590))  # ten seconds apart: nothing orders
    for part in tmp_path.glob("xhht.sqlite*"):
        part.unlink()
    assert statuses_after(config) == {first.name: "invalid", fixed.name: "invalid"}


def statuses_after(config: Path) -> dict[str, str]:
    run_batch(load_config(config))
    return statuses(config)


def test_archive_and_move_processed(tmp_path):
    config = setup(tmp_path, 'archive = "luu-tru"\nmove_processed = true\n', THOI_BINH[:2])
    (tmp_path / "hop-thu" / "ghi-chu.docx").write_bytes(b"PK\x03\x04junk")
    result = run_batch(load_config(config))
    assert result.files["new"] == 3
    left = sorted(p.name for p in (tmp_path / "hop-thu").iterdir())
    assert left == ["ghi-chu.docx"]  # not a report: not accepted, not moved
    archived = sorted((tmp_path / "luu-tru" / "2023").glob("*/*.xlsx"))
    assert [p.parent.name for p in archived] == [u.code for u in THOI_BINH[:2]]
    # moved files still count: the next run rebuilds the same outputs from the store
    before = outputs(config)
    again = run_batch(load_config(config))
    assert again.read == [] and statuses(config)[f"{THOI_BINH[0].code}.xlsx"] == "valid"
    assert outputs(config)["kiem-tra-2023.json"] == before["kiem-tra-2023.json"]
    resent = tmp_path / "hop-thu" / f"{THOI_BINH[0].code} gui lai.xlsx"  # the same bytes again
    resent.write_bytes(archived[0].read_bytes())
    run_batch(load_config(config))
    now = statuses(config)  # the one taken still listed, the copy beside it: one counts
    assert sorted([now[f"{THOI_BINH[0].code}.xlsx"], now[resent.name]]) == ["superseded", "valid"]
    summary = json.loads(outputs(config)["tong-hop-2023.json"])["units"]
    assert summary == json.loads(before["tong-hop-2023.json"])["units"]  # figures as they were


def test_a_run_that_exits_1_says_why_in_one_more_line(tmp_path):
    config = setup(tmp_path, communes=THOI_BINH[:2])
    result = runner.invoke(app, ["run", "--config", str(config)])
    assert result.exit_code == 1  # 98 of the province's 100 communes sent nothing
    said = " ".join(result.output.split())  # wrapped to the terminal or not
    assert "Cần xử lý: 98 xã chưa nộp; chi tiết ở" in said  # no kind of which there is none
    line = json.loads((tmp_path / "ket-qua" / "nhat-ky.jsonl").read_text().splitlines()[-1])
    assert line["missing"] == 98
    again = runner.invoke(app, ["--lang", "en", "run", "--config", str(config)])
    unchanged = " ".join(again.output.split())  # said from the last run's counts
    assert "communes not sent 98;" in unchanged
    cron = runner.invoke(app, ["--quiet", "run", "--config", str(config)])  # as cron runs it
    assert cron.exit_code == 1 and cron.stdout == ""
    assert "98 xã chưa nộp" in " ".join(cron.stderr.split())  # the mail still says why


def test_bad_config_is_exit_2_with_the_key(tmp_path):
    config = setup(tmp_path)
    config.write_text(config.read_text() + "perod = 2023\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--config", str(config)])
    assert result.exit_code == 2 and "perod" in result.output
    config.write_text(config.read_text().replace("perod = 2023\n", "move_processed = true\n"))
    result = runner.invoke(app, ["run", "--config", str(config)])
    assert result.exit_code == 2 and "archive" in result.output
    with pytest.raises(XhhtError, match="TOML"):
        (tmp_path / "bad.toml").write_text("inbox = [")
        load_config(tmp_path / "bad.toml")
    text = config.read_text().replace("move_processed = true\n", "")
    config.write_text(
        text.replace('"quoc-gia-2021-2030"', '"ke-hoach-2O23"').replace(
            '"don-vi.csv"', '"don-vi-moi.csv"'
        )
    )
    result = runner.invoke(app, ["run", "--config", str(config)])
    assert result.exit_code == 2
    assert "khóa 'plan': Không có kế hoạch 'ke-hoach-2O23'" in result.output
    assert (
        f"khóa 'units': Không tìm thấy tệp danh mục đơn vị 'don-vi-moi.csv' (tính từ thư mục {tmp_path})"
        in result.output
    )  # the configuration's folder, not the one cron starts in


def test_init_writes_a_commented_config(tmp_path):
    target = tmp_path / "xhht.toml"
    assert runner.invoke(app, ["run", "--init", str(target)]).exit_code == 0
    assert "# Thư mục các xã gửi báo cáo" in target.read_text(encoding="utf-8")
    assert runner.invoke(app, ["run", "--init", str(target)]).exit_code == 2  # never overwrites


def test_second_run_gives_up_with_75_while_locked(tmp_path):
    config = setup(tmp_path, communes=THOI_BINH[:1])
    settings = load_config(config)
    with store_lock(settings.store, 0):
        result = runner.invoke(app, ["run", "--config", str(config)])
        assert result.exit_code == EXIT_LOCKED and "thử lại" in result.output
    (line,) = (tmp_path / "ket-qua" / "nhat-ky.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line) | {"start": 0, "end": 0} == {
        "run": None,
        "start": 0,
        "end": 0,
        "files": {"new": 0, "changed": 0, "unchanged": 0},
        "outputs": "unchanged",
        "exit_code": EXIT_LOCKED,
        "reason": "locked",
    }  # the night's run that did not happen is in the log
    run_batch(settings)
    run_batch(settings)
    lines = (tmp_path / "ket-qua" / "nhat-ky.jsonl").read_text(encoding="utf-8").splitlines()
    for part in tmp_path.glob("xhht.sqlite*"):  # the store moved away: rebuilt by the next run
        part.rename(tmp_path / f"old-{part.name}")
    run_batch(settings)
    lines = (tmp_path / "ket-qua" / "nhat-ky.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["run"] for x in lines] == [None, 1, 2, 3]  # counting on, no two 1s
    lines = lines[:3]
    assert [json.loads(x)["files"] for x in lines[1:]] == [
        {"new": 1, "changed": 0, "unchanged": 0},
        {"new": 0, "changed": 0, "unchanged": 1},
    ]  # every count every time: a script reads files["changed"] without a KeyError


def test_history_and_export(tmp_path):
    config = setup(tmp_path, communes=THOI_BINH[:3])
    run_batch(load_config(config))
    unit = THOI_BINH[0].code
    shown = runner.invoke(app, ["history", unit, "--config", str(config)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "2023" in shown.output and "hợp lệ" in shown.output
    for fmt in ("csv", "xlsx", "parquet"):
        out = tmp_path / f"export.{fmt}"
        result = runner.invoke(
            app,
            [
                "export",
                "--config",
                str(config),
                "--period",
                "2023",
                "--format",
                fmt,
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        import pandas as pd

        text = {"unit_code": str, "period": str}
        if fmt == "csv":
            frame = pd.read_csv(out, dtype=text)
        elif fmt == "xlsx":
            frame = pd.read_excel(out, dtype=text, engine="calamine")
        else:
            frame = pd.read_parquet(out)
        assert list(frame.columns) == ["unit_code", "period", "field", "value"]
        assert len(frame) == 3 * 39
        row = frame[(frame.unit_code == unit) & (frame.field == "HO_GD")]
        assert int(row.value.iloc[0]) == values(unit)["HO_GD"]


def test_history_periods_give_the_series(tmp_path):
    config = setup(tmp_path, 'history_periods = ["2022"]\n')
    inbox = tmp_path / "hop-thu"
    for unit in THOI_BINH:
        before = values(unit.code + "-2022")
        write_xlsx(
            inbox / f"{unit.code}-2022.xlsx",
            [("BaoCao", grid(before, unit, "2022", date(2022, 11, 30)))],
        )
    run_batch(load_config(config))
    doc = json.loads((tmp_path / "ket-qua" / "tong-hop-2023.json").read_text(encoding="utf-8"))
    assert doc["periods"] == ["2022", "2023"]
    district = next(u for u in doc["units"] if u["code"] == "967")
    ind = district["indicators"]["TL_GDHT"]
    num = sum(values(u.code + "-2022")["HO_GDHT"] for u in THOI_BINH)
    den = sum(values(u.code + "-2022")["HO_GD"] for u in THOI_BINH)
    assert ind["series"]["2022"] == pytest.approx(num / den * 100, rel=1e-12)
    assert ind["previous"]["period"] == "2022"
    # the 2022 files in the inbox are of another period: ignored, never an error of 2023's run
    check = json.loads((tmp_path / "ket-qua" / "kiem-tra-2023.json").read_text(encoding="utf-8"))
    assert not [f for f in check["findings"] if f["severity"] == "error"]
    other = [f for f in check["files"] if f["period"] == "2022"]
    assert len(other) == len(THOI_BINH) and {f["status"] for f in other} == {"ignored"}
    assert {f["unit_code"] for f in other} == {u.code for u in THOI_BINH}
    # … yet they are the sources of 2022's figures: NguonSoLieu lists them as such, never
    # among the files not used, and the draft report's appendix says where they are
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "ket-qua" / "tong-hop-2023.xlsx")["NguonSoLieu"]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    # (12 of the province's 100 communes: too few at the top to compare, and said so)
    assert f"CÁC BÁO CÁO NĂM 2022: {len(THOI_BINH)} (quá ít để so sánh)" in texts
    assert not [t for t in texts if "không phải kỳ đang tổng hợp" in t]
    assert "Không có: mọi báo cáo nhận được đều được dùng." in texts


# -- processes ----------------------------------------------------------------------------------


def xhht(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "xhht_cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def count_submissions(store: Path) -> tuple[int, int, str]:
    db = sqlite3.connect(store)
    try:
        total, distinct = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT sha256 || ':' || idx) FROM submissions"
        ).fetchone()
        return total, distinct, db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def test_two_runs_started_together(tmp_path):
    config = setup(tmp_path)
    first, second = xhht("run", "--config", str(config)), xhht("run", "--config", str(config))
    codes = sorted([first.wait(timeout=120), second.wait(timeout=120)])
    # one did the work (exit 1: the province's other communes are missing); the other either
    # found the lock taken (75) or ran after it and found nothing new (1)
    assert codes in ([1, 1], [1, EXIT_LOCKED])
    total, distinct, integrity = count_submissions(tmp_path / "xhht.sqlite")
    assert (total, distinct, integrity) == (12, 12, "ok")
    waiting = [xhht("run", "--config", str(config), "--wait", "60") for _ in range(2)]
    assert [p.wait(timeout=120) for p in waiting] == [1, 1]  # with --wait both complete


def _run_and_die(config: Path, point: str) -> None:
    """A run that is killed (``kill -9``, no handler runs) when it reaches *point*."""
    from xhht_cli.batch import run

    def kill(at: str) -> None:
        if at == point:
            os.kill(os.getpid(), signal.SIGKILL)

    run.hook = kill
    run_batch(load_config(config))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a forked child process (POSIX)")
@pytest.mark.parametrize(
    ("point", "stored"),
    [("taking", 1), ("taken", 12), ("written", 12)],  # in the store, after it, after the outputs
)
def test_killed_run_leaves_a_store_the_next_run_completes(tmp_path, point, stored):
    """Killed where it says — one file committed, every file committed, the outputs written
    but the run not recorded — the store is whole, holds what was committed, and the next run
    completes without reading a stored file again."""
    import multiprocessing

    config = setup(tmp_path)
    child = multiprocessing.get_context("fork").Process(target=_run_and_die, args=(config, point))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL  # it died there, not before or after
    store = tmp_path / "xhht.sqlite"
    total, distinct, integrity = count_submissions(store)
    assert (total, distinct, integrity) == (stored, stored, "ok")
    for leftover in (tmp_path / "ket-qua").glob("*.xlsx"):
        from openpyxl import load_workbook

        load_workbook(leftover)  # an output is whole, never half-written
    finished = run_batch(load_config(config))
    assert finished.exit_code == 1  # the province's other communes are missing
    assert len(finished.read) == 12 - stored  # what was committed is not read again
    assert count_submissions(store) == (12, 12, "ok")
    assert list(statuses(config).values()).count("valid") == 12


def test_an_old_store_is_migrated(tmp_path, monkeypatch):
    from xhht_cli.batch import store as store_module

    monkeypatch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
    old = store_module.Store(tmp_path / "s.sqlite")
    assert old.version == 1
    old.close()
    monkeypatch.undo()
    new = store_module.Store(tmp_path / "s.sqlite")
    assert new.version == len(store_module.MIGRATIONS) >= 2
    assert "input_digest" in {r[1] for r in new.db.execute("PRAGMA table_info(runs)")}
    new.close()


def test_benchmark_smoke(tmp_path):
    import importlib.util

    from conftest import ROOT

    path = ROOT / "benchmarks" / "batch_nochange.py"
    spec = importlib.util.spec_from_file_location("batch_nochange", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.main(5, tmp_path)
    assert figures["files"] == 5 and figures["ratio"] > 0  # a smoke run: it runs and measures


def test_national_benchmark_smoke(tmp_path):
    """benchmarks/national.py runs the floor and xhht on a small corpus (the naive loop is
    the same script's third, skipped here), and xhht's commune sheet holds the numbers the
    floor program read from the same files."""
    import json
    import subprocess
    import sys

    from python_calamine import CalamineWorkbook

    from conftest import ROOT

    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "national.py"),
            "12",
            "--work",
            str(tmp_path),
            "--repeat",
            "2",
            "--skip-naive",  # the pandas loop: 6 s of a smoke run, proving only that it runs
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    figures = json.loads(done.stdout.splitlines()[-1])
    assert figures["files"] == 12
    assert figures["xhht_s"] > 0 and figures["floor_s"] > 0
    assert 0 < figures["xhht_peak_pss_mib"] <= figures["xhht_peak_rss_mib"]
    assert len(figures["run_ratios"]) == 2 and figures["xhht_s"] == min(figures["xhht_runs_s"])
    assert min(figures["run_ratios"]) <= figures["median_run_ratio"] <= max(figures["run_ratios"])
    floor = CalamineWorkbook.from_path(str(tmp_path / "out" / "floor.xlsx"))
    floor_rows = floor.get_sheet_by_index(0).to_python()
    summary = CalamineWorkbook.from_path(str(tmp_path / "out" / "xhht-12.xlsx"))
    sheet = summary.get_sheet_by_name("TheoXa").to_python()
    header = sheet[3]  # the codes, under the names
    fields = [c for c in header[5:] if not str(c).endswith("(%)")]
    read = {
        row[2]: sum(v for v in row[5 : 5 + len(fields)] if isinstance(v, float))
        for row in sheet[4:]
    }
    assert len(read) == 12
    for row in floor_rows:
        assert read[str(row[0])] == sum(v for v in row[1:] if isinstance(v, float))


def test_the_store_rebuilds_30_contents_in_as_many_queries_as_3(tmp_path):
    """A run after one report arrives rebuilds the whole period from the store: its queries
    do not grow with the contents (one per content took 12 s at national scale), and each
    content is still found where it is now — in the inbox, else its archived copy."""
    from xhht_cli.batch.store import Store
    from xhht_cli.read.discover import InputFile
    from xhht_cli.values.report import Report

    def rebuilt(n: int) -> tuple[int, dict[str, Path]]:
        store = Store(tmp_path / f"s{n}" / "xhht.sqlite")
        run = store.start_run()
        inbox, archive = tmp_path / f"s{n}" / "inbox", tmp_path / f"s{n}" / "archive"
        inbox.mkdir()
        archive.mkdir()
        for i in range(n):
            path, kept = inbox / f"{i:05d}.xlsx", archive / f"{i:05d}.xlsx"
            path.write_bytes(b"%d" % i)
            kept.write_bytes(b"%d" % i)
            file = InputFile(path, str(path), 1, 0.0, f"{i:064x}", "xlsx")
            report = Report(str(path), "form", "BaoCao", unit_code=f"{i:05d}", period="2024")
            store.record_read(file, 0, [report], [], run, str(kept))
            if i % 2:
                path.unlink()  # gone from the inbox: opened from the archive
        queries: list[str] = []
        store.db.set_trace_callback(queries.append)
        reads = store.reads_for("2024", {str(p) for p in inbox.iterdir()})
        store.db.set_trace_callback(None)
        store.close()
        assert [r.reports[0].unit_code for r in reads] == [f"{i:05d}" for i in range(n)]
        return len(queries), {Path(r.file.display).name: r.file.path for r in reads}

    few, _ = rebuilt(3)
    many, where = rebuilt(30)
    assert few == many
    assert where["00004.xlsx"] == tmp_path / "s30" / "inbox" / "00004.xlsx"
    assert where["00005.xlsx"] == tmp_path / "s30" / "archive" / "00005.xlsx"


def test_an_output_folder_inside_the_inbox_is_refused_before_the_inbox_is_read(tmp_path):
    """Its feedback workbooks and summary would be read as reports by the next run: exit 2,
    nothing stored, nothing written."""
    config = setup(tmp_path)
    config.write_text(config.read_text().replace('"ket-qua"', '"hop-thu/ket-qua"'))
    result = runner.invoke(app, ["run", "--config", str(config)])
    assert result.exit_code == 2, result.output
    assert "nằm trong thư mục báo cáo" in result.output
    assert not (tmp_path / "hop-thu" / "ket-qua").exists()
    assert not (tmp_path / "xhht.sqlite").exists()


def test_the_first_night_with_an_empty_inbox_writes_its_outputs(tmp_path):
    """No report yet: the run writes the summary, the draft dated today (its time was the
    newest input's, none, so 1970, which a zip cannot hold: the run failed) and the log."""
    config = setup(tmp_path, communes=[])
    result = runner.invoke(app, ["run", "--config", str(config)])
    assert result.exit_code == 1, result.output  # every commune is missing
    folder = tmp_path / "ket-qua"
    assert {p.name for p in folder.iterdir()} >= {"tong-hop-2023.docx", "tong-hop-2023.xlsx"}
