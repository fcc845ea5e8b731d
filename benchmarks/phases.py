"""Where `xhht aggregate --json` spends its time: each phase of the pipeline timed in one process.

    python benchmarks/phases.py N [WORK]

Uses the corpus `national.py` prepared in WORK (default /tmp/xhht-national) for N files.
Discovery is timed on its own here; in `aggregate` it runs while the workers read. The
reports are checked as they are read, as `aggregate --period` does (`EarlyChecks`), so
"validate" is what is left after the reading; "write" is the workbook and the JSON document
as `aggregate -o … --json …` writes them (the JSON by a forked child where the system forks).
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()
gc.set_threshold(100_000, 50, 100)  # as `xhht` itself does

from xhht_cli.check.pipeline import EarlyChecks, read_all, validate_reads  # noqa: E402
from xhht_cli.plans import load_plan  # noqa: E402
from xhht_cli.read.discover import discover  # noqa: E402
from xhht_cli.rollup.outcome import decide  # noqa: E402
from xhht_cli.units.load import load_registry  # noqa: E402
from xhht_cli.write.outputs import Outputs, write_outputs  # noqa: E402


def main(n: int, work: Path) -> dict[str, float]:
    marks = {"import": time.perf_counter() - START}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        marks[name] = round(now - since, 3)
        return now

    t = time.perf_counter()
    plan, registry = load_plan(), load_registry(str(work / f"don-vi-{n}.csv"))
    t = lap("plan+registry", t)
    files = discover([work / f"n{n}"])
    t = lap("discover", t)
    early = EarlyChecks.of(plan, registry, "2024", None)
    reads = read_all(files, plan, each=early)
    t = lap("read", t)
    validation = validate_reads(reads, plan, registry, "2024", early=early)
    t = lap("validate", t)
    outcome = decide(validation)
    t = lap("roll-up", t)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_outputs(outcome, Outputs(folder / "tong-hop.xlsx", folder / "tong-hop.json"))
    lap("write", t)
    marks["import"] = round(marks["import"], 3)
    return marks


if __name__ == "__main__":
    size = int(sys.argv[1])
    folder = (
        Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.gettempdir()) / "xhht-national"
    )
    print(main(size, folder))
