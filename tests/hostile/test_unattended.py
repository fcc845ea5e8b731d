"""The tool runs unattended: beside good reports, a zip bomb, an entity-expansion file, a
200,000-row sheet and a symlink loop are findings; nothing is lost, changed or injected."""

from __future__ import annotations

import hashlib
import json
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_files import entity_expansion, rows_200k, symlink_loop, zip_bomb
from openpyxl import load_workbook

from conftest import SAMPLE_REGISTRY
from helpers import grid, values
from synth import write_xlsx
from xhht_cli.units.registry import load_registry

FOUR_GIB = 4 * 2**30
COMMUNES = load_registry(str(SAMPLE_REGISTRY)).children_of("967")[:3]
ARGS = ["--units", str(SAMPLE_REGISTRY), "--period", "2023"]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (FOUR_GIB, FOUR_GIB))


def xhht(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xhht_cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
        check=False,
    )


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def formulas(path: Path) -> list[str]:
    workbook = load_workbook(path)
    return [
        f"{s.title}!{c.coordinate}"
        for s in workbook.worksheets
        for row in s.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("unattended")
    folder = root / "inbox"
    folder.mkdir()
    for unit in COMMUNES:
        write_xlsx(folder / f"{unit.code}.xlsx", [("BaoCao", grid(values(unit.code), unit))])
    zip_bomb(folder, megabytes=1024)  # about 1 MB inflating to 1 GiB
    entity_expansion(folder)
    rows_200k(folder)
    symlink_loop(folder)
    return folder


def test_validate_finishes_bounded_and_loses_nothing(inbox, tmp_path):
    before = digests(inbox)
    started = time.monotonic()
    result = xhht(
        "validate",
        str(inbox),
        *ARGS,
        "--format",
        "json",
        "-o",
        str(tmp_path / "kiem-tra.json"),
        "--feedback",
        str(tmp_path / "phan-hoi"),
    )
    elapsed = time.monotonic() - started
    assert elapsed < 60
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    doc = json.loads((tmp_path / "kiem-tra.json").read_text(encoding="utf-8"))
    status = {Path(f["path"]).name: f["status"] for f in doc["files"]}
    assert all(status[f"{u.code}.xlsx"] == "valid" for u in COMMUNES)
    assert status["bomb.xlsx"] == "unreadable" and status["lol.xlsx"] == "unreadable"
    assert status["loop"] == "ignored"
    codes = {(Path(f["path"]).name, f["code"]) for f in doc["findings"]}
    assert {
        ("bomb.xlsx", "file.zip_bomb"),
        ("lol.xlsx", "file.corrupt"),
        ("household-list.xlsx", "sheet.truncated"),
        ("loop", "file.symlink_dir"),
    } <= codes
    assert digests(inbox) == before  # inputs byte for byte unchanged
    for feedback in (tmp_path / "phan-hoi").glob("*.xlsx"):
        assert formulas(feedback) == []


def test_killed_aggregate_always_leaves_a_summary_that_opens(inbox, tmp_path):
    target = tmp_path / "tong-hop.xlsx"
    first = xhht("aggregate", str(inbox), *ARGS, "-o", str(target))
    assert first.returncode == 1 and "Traceback" not in first.stderr
    assert formulas(target) == []
    for delay in (0.3, 0.6, 0.9, 1.3, 1.8, 2.5):
        proc = subprocess.Popen(
            [sys.executable, "-m", "xhht_cli", "aggregate", str(inbox), *ARGS, "-o", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_limit_memory,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        workbook = load_workbook(target)  # the previous or the new summary, whole every time
        assert "TongHop" in workbook.sheetnames
