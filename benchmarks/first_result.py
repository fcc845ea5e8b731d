"""What the parent does before the workers give their first result, and in all (issue 30).

    python benchmarks/first_result.py FOLDER [--repeat 3]

Reads every file under FOLDER the way ``xhht validate`` and ``aggregate`` do
(``read_all(found(...))``: the walk feeds the workers as it goes) and prints one JSON line:
the wall time from the start of the read to the first file read (``first_result_s``), the
parent's own CPU time until then (``parent_cpu_first_s``), and, for the whole read, its wall
time, the parent's CPU time (``parent_cpu_s``: listing, classifying, hashing where the parent
still hashes, unpacking results) and the listing alone (``listing_s``: ``list(found(...))``).
Best of ``--repeat`` runs each. Only the public reading API is used, so the same script times
another checkout (``PYTHONPATH=/other/src``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from xhht_cli.check.pipeline import read_all
from xhht_cli.plans import load_plan
from xhht_cli.read.discover import found


def once(folder: Path) -> dict[str, float]:
    plan = load_plan()
    first: dict[str, float] = {}
    start, cpu = time.perf_counter(), time.process_time()

    def progress(done: int, total: int) -> None:
        if not first:
            first["wall"] = time.perf_counter() - start
            first["cpu"] = time.process_time() - cpu

    reads = read_all(found([folder]), plan, progress)
    wall, parent = time.perf_counter() - start, time.process_time() - cpu
    listed = time.perf_counter()
    files = list(found([folder]))
    listing = time.perf_counter() - listed
    assert len(reads) == len(files)
    return {
        "first_result_s": first["wall"],
        "parent_cpu_first_s": first["cpu"],
        "read_s": wall,
        "parent_cpu_s": parent,
        "listing_s": listing,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [once(args.folder) for _ in range(args.repeat)]
    best = {key: round(min(run[key] for run in runs), 3) for key in runs[0]}
    print(json.dumps({"files": sum(1 for _ in found([args.folder])), **best}))


if __name__ == "__main__":
    main()
