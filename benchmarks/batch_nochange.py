"""Issue 6: a no-change `xhht run` over N files must cost under 5 % of the first run.

    python benchmarks/batch_nochange.py [N] [WORKDIR]

Both runs are timed in the same process on the same files; the ratio is what counts. A third
run then times what cron does most nights in the reporting season: one report arrives (held
back from the first run) and the period is validated and written again from the store.
"""

from __future__ import annotations

import json
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import make_corpus

from xhht_cli.batch.config import load_config
from xhht_cli.batch.run import run_batch


def main(n: int, work: Path) -> dict[str, object]:
    registry, reports = make_corpus(work / f"corpus-{n}", n)  # exactly n: a folder per n
    case = work / f"batch-{n}"
    shutil.rmtree(case, ignore_errors=True)
    case.mkdir(parents=True)
    config = case / "xhht.toml"
    config.write_text(
        f'inbox = "{reports}"\noutput = "ket-qua"\nstore = "xhht.sqlite"\n'
        f'units = "{registry}"\nperiod = "2024"\n',
        encoding="utf-8",
    )
    last = sorted(reports.glob("*.xlsx"))[-1]
    held = case / last.name
    last.rename(held)  # arrives before the third run
    try:
        first_s, second_s = _first_two(config, n)
        held.rename(last)
        start = time.perf_counter()
        third = run_batch(load_config(config))
        third_s = time.perf_counter() - start
    finally:
        if held.exists():
            held.rename(last)
    assert len(third.read) == 1 and third.outputs_written
    return {
        "benchmark": "batch_nochange",
        "files": n,
        "first_run_s": round(first_s, 3),
        "nochange_run_s": round(second_s, 3),
        "ratio": round(second_s / first_s, 4),
        "one_arrived_run_s": round(third_s, 3),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def _first_two(config: Path, n: int) -> tuple[float, float]:
    settings = load_config(config)
    start = time.perf_counter()
    first = run_batch(settings)
    first_s = time.perf_counter() - start
    start = time.perf_counter()
    second = run_batch(load_config(config))
    second_s = time.perf_counter() - start
    assert len(first.read) == n - 1 and second.read == [] and not second.outputs_written
    return first_s, second_s


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.gettempdir()) / "xhht-bench"
    print(json.dumps(main(count, folder)))
