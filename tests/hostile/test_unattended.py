"""The tool runs unattended: beside good reports, a zip bomb, an entity-expansion file, a
sheet past the reading window and a symlink loop are findings; nothing is lost, changed or injected."""

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
from hostile_files import entity_expansion, rows_past_window, symlink_loop, zip_bomb
from openpyxl import load_workbook

from conftest import SAMPLE_REGISTRY
from helpers import grid, values
from synth import write_xlsx
from xhht_cli.units.load import load_registry

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
    zip_bomb(folder, megabytes=128)  # inflating 1000×: past the ratio and the member size
    entity_expansion(folder)
    rows_past_window(folder)
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


KILLED_IN_A_WRITE = """
import os, signal, sys
from pathlib import Path
from xhht_cli.write.atomic import write_atomic

target, new, where = Path(sys.argv[1]), Path(sys.argv[2]).read_bytes(), sys.argv[3]

def half(tmp):
    with open(tmp, "wb") as out:  # the new summary half written, on disk
        out.write(new[: len(new) // 2])
        out.flush()
        os.fsync(out.fileno())
    if where == "writing":
        os.kill(os.getpid(), signal.SIGKILL)
    with open(tmp, "ab") as out:
        out.write(new[len(new) // 2 :])

if where == "renaming":  # the new file whole beside the old one, not yet in its place
    real = os.replace
    def replace(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace
write_atomic(target, half)
"""


@pytest.mark.parametrize("where", ["writing", "renaming"])
def test_killed_inside_the_atomic_write_the_old_summary_survives(tmp_path, where):
    """SIGKILL (the OOM killer, cron's timeout) lands inside the write of an output: with the
    temporary file half written, or whole but not yet renamed. The previous summary is there,
    byte for byte, and opens; what is left beside it is only our own temporary file, which a
    later run sweeps (docs/pipeline.md)."""
    from openpyxl import Workbook

    target, new = tmp_path / "tong-hop.xlsx", tmp_path / "new.bin"
    book = Workbook()
    book.active.title = "TongHop"
    book.save(target)
    old = target.read_bytes()
    new.write_bytes(old * 3)
    done = subprocess.run(
        [sys.executable, "-c", KILLED_IN_A_WRITE, str(target), str(new), where], timeout=60
    )
    assert done.returncode == -signal.SIGKILL
    assert target.read_bytes() == old
    assert load_workbook(target).sheetnames == ["TongHop"]
    left = [p.name for p in tmp_path.iterdir() if p.name not in ("tong-hop.xlsx", "new.bin")]
    assert len(left) == 1 and left[0].startswith(".tong-hop.xlsx.") and left[0].endswith(".tmp")
