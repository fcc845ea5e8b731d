"""Write tests/data/store-v2/: a cron store as ``xhht run`` of the release before approvals
(store schema 2, commit 26e2b94) wrote it, with the inbox and configuration it was made from.
tests/test_approval.py opens it with today's code: it migrates forward and keeps its data.

Run it with that release's code first on the path, from the repository's root::

    mkdir -p /tmp/release && git archive 26e2b94 src | tar -x -C /tmp/release
    PYTHONPATH=/tmp/release/src:tests python scripts/make_store_v2.py

It is built under a temporary folder (the store records the inbox's absolute paths; none of
this machine's leak into the fixture) and copied without the lock file.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from helpers import grid, values  # tests/helpers.py
from synth import write_xlsx  # tests/synth.py
from xhht_cli.batch.config import load_config
from xhht_cli.batch.run import run_batch
from xhht_cli.batch.store import MIGRATIONS
from xhht_cli.units.load import load_registry

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "don-vi-ca-mau-2024.csv"
TARGET = ROOT / "tests" / "data" / "store-v2"


def main() -> None:
    if len(MIGRATIONS) != 2:
        sys.exit("run with the release's code first on PYTHONPATH (store schema 2)")
    registry = load_registry(str(SAMPLE))
    communes = registry.children_of("967")[:3]
    with tempfile.TemporaryDirectory() as work:
        base = Path(work) / "store-v2"
        (base / "hop-thu").mkdir(parents=True)
        lines = SAMPLE.read_text(encoding="utf-8").splitlines()
        kept = [
            line
            for line in lines
            if line.startswith(("#", "code,"))
            or line.split(",")[0] in ("96", "967")
            or line.split(",")[3] == "967"
        ]
        (base / "don-vi.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
        for unit in communes:
            rows = grid(values(unit.code), unit)
            write_xlsx(base / "hop-thu" / f"{unit.code}.xlsx", [("BaoCao", rows)])
        (base / "xhht.toml").write_text(
            'inbox = "hop-thu"\noutput = "ket-qua"\nstore = "xhht.sqlite"\n'
            'units = "don-vi.csv"\nperiod = "2023"\n',
            encoding="utf-8",
        )
        run_batch(load_config(base / "xhht.toml"))
        db = sqlite3.connect(base / "xhht.sqlite")
        db.execute("VACUUM")  # one compact file, the WAL folded in
        db.close()
        shutil.rmtree(TARGET, ignore_errors=True)
        TARGET.mkdir(parents=True)
        for name in ("xhht.toml", "don-vi.csv", "xhht.sqlite", "hop-thu"):
            source = base / name
            if source.is_dir():
                shutil.copytree(source, TARGET / name)
            else:
                shutil.copy2(source, TARGET / name)
    print(f"written {TARGET}")


if __name__ == "__main__":
    main()
