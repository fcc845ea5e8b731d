"""Files that hide their size (issue 16): each is validated alone by ``xhht validate``, under
``/usr/bin/time -v``; prints wall seconds, peak RSS of the largest process (the parent or a
reading worker), and the file's status and finding.

    python benchmarks/sparse.py [--work DIR]

The files (built here, a few KB each): cells A1 and CV1000000 (calamine's dense grid: 3.2 GB),
A1 and XFD1048576 (512 GB: the allocation aborts), the canonical report with a stray cell at
either corner, the report without a <dimension> (the extent comes from the cell references),
one whose <dimension> lies (A1:F60 over a cell at CV1000000: the worker's memory ceiling stops
it), and an .xls used to IV65536 (16.7 million cells).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from xhht_cli.plans import load_plan
from xhht_cli.units.unit import Unit

# Test-data generation lives with the tests (it is not shipped): tests/synth.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from synth import form_grid, plausible_values, write_xls, write_xlsx

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "data" / "samples" / "don-vi-ca-mau-2024.csv"
TAN_LOC = Unit("32086", "Xã Tân Lộc", "commune", "967")


def _report(path: Path) -> Path:
    import random

    rows = form_grid(load_plan(), TAN_LOC, "2023", plausible_values(random.Random(1)), None)
    write_xlsx(path, [("BaoCao", rows)])
    return path


def _corner(path: Path, ref: str, report: bool) -> Path:
    if report:
        _report(path)
        workbook = load_workbook(path)
        workbook["BaoCao"][ref] = "x"
    else:
        workbook = Workbook()
        workbook.active["A1"] = "x"  # type: ignore[index]
        workbook.active[ref] = 1  # type: ignore[index]
    workbook.save(path)
    return path


def _sheet_xml(source: Path, target: Path, dimension: bytes) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if name.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", dimension, data)
            out.writestr(name, data)
    source.unlink()
    return target


def build(folder: Path) -> list[Path]:
    xls = folder / "used-to-IV65536.xls"
    write_xls(xls, [("Sheet1", [["x"], *[[] for _ in range(65_534)], [""] * 255 + ["x"]])])
    return [
        _corner(folder / "A1+CV1000000.xlsx", "CV1000000", report=False),
        _corner(folder / "A1+XFD1048576.xlsx", "XFD1048576", report=False),
        _corner(folder / "report+CV1000000.xlsx", "CV1000000", report=True),
        _corner(folder / "report+XFD1048576.xlsx", "XFD1048576", report=True),
        _sheet_xml(
            _corner(folder / "x.xlsx", "CV1000000", report=True),
            folder / "report+CV1000000-no-dimension.xlsx",
            b"",
        ),
        _sheet_xml(
            _corner(folder / "y.xlsx", "CV1000000", report=True),
            folder / "report+CV1000000-lying-dimension.xlsx",
            b'<dimension ref="A1:F60"/>',
        ),
        xls,
    ]


def measure(path: Path, work: Path) -> dict[str, object]:
    inbox = work / "inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir()
    shutil.copy(path, inbox / path.name)
    out = work / "out.json"
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "xhht_cli",
        "validate",
        str(inbox),
        "--units",
        str(REGISTRY),
        "--period",
        "2023",
        "--format",
        "json",
        "-o",
        str(out),
    ]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    timing = dict(line.strip().rsplit(": ", 1) for line in proc.stderr.splitlines() if ": " in line)
    wall = timing["Elapsed (wall clock) time (h:mm:ss or m:ss)"]
    minutes, seconds = wall.split(":")[-2:]
    document = json.loads(out.read_text(encoding="utf-8"))
    (entry,) = document["files"]
    finding = next(iter(document["findings"]), {"code": "", "message": ""})
    library_text = [
        line
        for line in proc.stderr.splitlines()
        if not line.startswith("\t") and "Command exited" not in line
    ]
    return {
        "file": path.name,
        "bytes": path.stat().st_size,
        "seconds": round(int(minutes) * 60 + float(seconds), 2),
        "max_rss_mb": round(int(timing["Maximum resident set size (kbytes)"]) / 1024),
        "status": entry["status"],
        "finding": finding["code"],
        "stderr_lines": len(library_text),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="xhht-sparse-"))
    work.mkdir(parents=True, exist_ok=True)
    files = work / "files"
    files.mkdir(exist_ok=True)
    print("| file | bytes | seconds | max RSS MB | status | finding | stderr lines |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for path in build(files):
        row = measure(path, work)
        print("| " + " | ".join(str(v) for v in row.values()) + " |", flush=True)


if __name__ == "__main__":
    main()
