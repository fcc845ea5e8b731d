"""Issue 7: xhht at national scale against the simplest programs that do less.

    python benchmarks/national.py [N ...] [--work DIR] [--skip-naive]

For each N (default 1000 3000 10599) it times, in one run on the same N files:
  naive  — a plain pandas ``read_excel`` (openpyxl) loop extracting the values, a total
           written with ``to_excel``;
  floor  — python-calamine raw cells plus xlsxwriter for the commune × field matrix: the least
           a Python program can do;
  xhht   — ``xhht aggregate --json`` end to end (discover, read, identify, validate, roll up,
           the summary workbook and the 70 MB JSON document), as a subprocess.
The corpus (``corpus.py``) is written by three programs in turn, as provinces receive it:
xlsxwriter (as xhht writes), openpyxl, and LibreOffice (one form converted by ``soffice``,
kept in ``benchmarks/data/libreoffice-seed.xlsx``, the others that file with the unit changed
in its shared strings).
Each runs in its own process; peak memory is the largest sum over that process tree, sampled
from /proc: PSS (each page shared by forked processes counted once, in shares), and RSS (shared
pages counted in every process that maps them, so forked workers inflate it). Floor and xhht
run --repeat times (default 3), taking turns; each one's best run is its time, and every run's
ratio is printed too, with their median (which one slow spell cannot move). The naive loop
runs once. It prints one JSON line per N with the times, the ratios xhht/floor and
naive/xhht, and the time per file; then the marginal cost of a file between the sizes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import make_corpus

NAIVE = r"""
import sys, pathlib, pandas as pd
folder, out = pathlib.Path(sys.argv[1]), sys.argv[2]
rows = []
for path in sorted(folder.glob("*.xlsx")):
    frame = pd.read_excel(path, header=None, engine="openpyxl")
    record = {code: value for code, value in zip(frame[1], frame[4])
              if isinstance(code, str) and code.replace("_", "").isalnum() and code.isupper()}
    record["unit"] = str(frame.iloc[5, 2])
    rows.append(record)
table = pd.DataFrame(rows).set_index("unit").apply(pd.to_numeric, errors="coerce")
table.sum().to_frame("total").to_excel(out)
"""

FLOOR = r"""
import sys, pathlib
from python_calamine import CalamineWorkbook
import xlsxwriter
folder, out = pathlib.Path(sys.argv[1]), sys.argv[2]
book = xlsxwriter.Workbook(out, {"constant_memory": True})
sheet = book.add_worksheet()
for r, path in enumerate(sorted(folder.glob("*.xlsx"))):
    cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    sheet.write(r, 0, cells[5][2])
    for c, row in enumerate(cells[13:]):
        if len(row) > 4 and row[4] != "":
            sheet.write(r, c + 1, row[4])
book.close()
"""


def measure(command: list[str], memory: bool = False) -> tuple[float, int, int]:
    """Wall time and, with *memory*, peak memory (PSS and RSS in bytes, summed over the
    process tree) of *command*. Memory is sampled in runs of its own: reading smaps_rollup of
    three or four processes of hundreds of MB every 20 ms costs this process a good part of a
    core, which a timed run of xhht (all cores busy) would pay and the one-core floor not."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_pss = peak_rss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_pss, peak_rss
        while not done.is_set():
            pss, rss = _tree_memory(proc.pid)
            peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    _, stderr = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    if memory:
        sampler.join()
    if proc.returncode != 0 and not (proc.returncode == 1 and "xhht_cli" in command):
        raise RuntimeError(f"{command[:3]} failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    return elapsed, peak_pss, peak_rss


def _tree_memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of *pid* and its descendants, in bytes."""
    pss = rss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return pss, rss


def prepare(work: Path, n: int, largest: int) -> tuple[Path, Path]:
    """The first *n* files of the corpus of *largest*, hard-linked into a folder of their own."""
    corpus_registry, reports = make_corpus(work / "corpus", largest)
    folder = work / f"n{n}"
    folder.mkdir(exist_ok=True)
    for path in sorted(reports.glob("*.xlsx"))[:n]:
        target = folder / path.name
        if not target.exists():
            os.link(path, target)
    lines = corpus_registry.read_text(encoding="utf-8").splitlines()
    kept = [
        line
        for line in lines[:2]
        + [
            line
            for line in lines[2:]
            if line.split(",")[2] == "district" or int(line.split(",")[0]) < 10000 + n
        ]
    ]
    wanted_districts = {line.split(",")[3] for line in kept if line.split(",")[2] == "commune"}
    kept = [
        line
        for line in kept
        if line.split(",")[2] != "district" or line.split(",")[0] in wanted_districts
    ]
    registry = work / f"don-vi-{n}.csv"
    registry.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return registry, folder


def run(n: int, largest: int, work: Path, naive: bool, repeat: int) -> dict[str, object]:
    registry, folder = prepare(work, n, largest)
    out = work / "out"
    out.mkdir(exist_ok=True)
    python = sys.executable
    # Timed as users run it: an installed package's modules are compiled to bytecode (pip
    # compiles them; a checkout's are on its first run). Where PYTHONDONTWRITEBYTECODE is set
    # (this machine sets it) nothing would be, and every run would compile xhht afresh.
    import xhht_cli

    package = str(Path(xhht_cli.__file__).parent)
    subprocess.run([python, "-m", "compileall", "-q", package], check=True)
    figures: dict[str, object] = {"files": n}
    floor = [python, "-c", FLOOR, str(folder), str(out / "floor.xlsx")]
    xhht = [
        python,
        "-m",
        "xhht_cli",
        "--quiet",
        "aggregate",
        str(folder),
        "--units",
        str(registry),
        "--period",
        "2024",
        "-o",
        str(out / f"xhht-{n}.xlsx"),
        "--json",  # the JSON contract is timed too (issue 20): 70 MB at national scale
        str(out / f"xhht-{n}.json"),
    ]
    # Floor and xhht take turns, so a slow spell of a shared machine falls on both; the best
    # of the runs is each one's time (what the machine allows), the rest shows the spread.
    floor_runs: list[tuple[float, int, int]] = []
    xhht_runs: list[tuple[float, int, int]] = []
    for _ in range(repeat):
        floor_runs.append(measure(floor))
        xhht_runs.append(measure(xhht))
    floor_memory, xhht_memory = measure(floor, memory=True), measure(xhht, memory=True)
    floor_s = min(run[0] for run in floor_runs)
    xhht_s = min(run[0] for run in xhht_runs)
    figures.update(
        floor_s=round(floor_s, 2),
        xhht_s=round(xhht_s, 2),
        xhht_over_floor=round(xhht_s / floor_s, 3),
        floor_peak_pss_mib=round(floor_memory[1] / 2**20),
        xhht_peak_pss_mib=round(xhht_memory[1] / 2**20),
        xhht_peak_rss_mib=round(xhht_memory[2] / 2**20),
        xhht_ms_per_file=round(xhht_s / n * 1000, 3),
    )
    ratios = [x[0] / f[0] for f, x in zip(floor_runs, xhht_runs, strict=True)]
    if repeat > 1:
        figures.update(
            floor_runs_s=[round(run[0], 2) for run in floor_runs],
            xhht_runs_s=[round(run[0], 2) for run in xhht_runs],
            run_ratios=[round(r, 3) for r in ratios],
            median_run_ratio=round(statistics.median(ratios), 3),
        )
    if naive:  # a minute at national scale: once is enough for a ratio this far from 1
        naive_s, naive_pss, _ = measure(
            [python, "-c", NAIVE, str(folder), str(out / "naive.xlsx")], memory=True
        )
        figures.update(
            naive_s=round(naive_s, 2),
            naive_over_xhht=round(naive_s / xhht_s, 1),
            naive_peak_pss_mib=round(naive_pss / 2**20),
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 3000, 10599])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "xhht-national")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of floor and xhht, taking turns (best counts)"
    )
    args = parser.parse_args()
    largest = max(args.sizes)
    print(
        json.dumps(
            {
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
            }
        ),
        flush=True,
    )
    times: list[tuple[int, float]] = []
    for n in args.sizes:
        figures = run(n, largest, args.work, not args.skip_naive, args.repeat)
        seconds = figures["xhht_s"]
        assert isinstance(seconds, float)
        times.append((n, seconds))
        print(json.dumps(figures), flush=True)
    # What one more file costs, start-up aside: the same at every step when cost grows linearly.
    marginal = {
        f"{a}-{b}": round((tb - ta) / (b - a) * 1000, 3)
        for (a, ta), (b, tb) in itertools.pairwise(times)
    }
    if marginal:
        print(json.dumps({"xhht_marginal_ms_per_file": marginal}))


if __name__ == "__main__":
    main()
