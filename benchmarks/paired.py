"""Two checkouts of xhht timed against each other on the national corpus, in pairs (issue 30).

    python benchmarks/paired.py OTHER_SRC [N] [--pairs 6] [--work /tmp/xhht-national]

A noisy machine moves a single run by ±10 %, more than most changes gain; so the same
`aggregate --json` runs in turns, one with ``PYTHONPATH=OTHER_SRC`` (another checkout's
``src``: a worktree of the code before a change) and one with the package this interpreter
imports, on the files `national.py` prepared in WORK for N (default 10,599). For each it
prints the wall time and the CPU time of the whole process tree (``getrusage`` of the
children: the workers and the forked writers count), then the median of the pairs' ratios
(this / other): one JSON line. Both packages are compiled to bytecode first, as
`national.py` does (an installed package is).

    git worktree add /tmp/before HEAD~3
    python benchmarks/paired.py /tmp/before/src --pairs 6
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def command(work: Path, n: int) -> list[str]:
    """`national.py`'s command for xhht, its outputs in WORK/out."""
    out = work / "out"
    out.mkdir(exist_ok=True)
    return [
        sys.executable,
        "-m",
        "xhht_cli",
        "--quiet",
        "aggregate",
        str(work / f"n{n}"),
        "--units",
        str(work / f"don-vi-{n}.csv"),
        "--period",
        "2024",
        "-o",
        str(out / "paired.xlsx"),
        "--json",
        str(out / "paired.json"),
    ]


def measure(args: list[str], source: str | None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, every process of the run) of one run."""
    env = dict(os.environ)
    if source is None:
        env.pop("PYTHONPATH", None)
    else:
        env["PYTHONPATH"] = source
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some reports invalid or missing, as in a corpus
        raise RuntimeError(f"xhht failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("other", help="the other checkout's src folder")
    parser.add_argument("n", type=int, nargs="?", default=10_599)
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--work", type=Path, default=Path("/tmp/xhht-national"))
    options = parser.parse_args()
    if not (options.work / f"n{options.n}").is_dir():
        sys.exit(f"no corpus in {options.work}: run benchmarks/national.py {options.n} first")
    import xhht_cli

    for package in (Path(xhht_cli.__file__).parent, Path(options.other) / "xhht_cli"):
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    args = command(options.work, options.n)
    runs: dict[str, list[tuple[float, float]]] = {"this": [], "other": []}
    for pair in range(options.pairs):  # taking turns: who goes first alternates
        order = [("this", None), ("other", options.other)]
        for name, source in order if pair % 2 == 0 else reversed(order):
            runs[name].append(measure(args, source))
    ratios = [t[0] / o[0] for t, o in zip(runs["this"], runs["other"], strict=True)]
    print(
        json.dumps(
            {
                "files": options.n,
                "this_wall_s": [round(w, 2) for w, _ in runs["this"]],
                "other_wall_s": [round(w, 2) for w, _ in runs["other"]],
                "this_cpu_median_s": round(statistics.median(c for _, c in runs["this"]), 2),
                "other_cpu_median_s": round(statistics.median(c for _, c in runs["other"]), 2),
                "wall_ratios": [round(r, 3) for r in ratios],
                "median_wall_ratio": round(statistics.median(ratios), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
