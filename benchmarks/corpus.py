"""Generate a benchmark corpus: a registry of districts of ~100 communes and N commune
workbooks in the canonical layout (written with xlsxwriter; generation is not timed)."""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

from xhht_cli.plans import load_plan
from xhht_cli.registry import Unit

# Test-data generation lives with the tests (it is not shipped): tests/synth.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from synth import form_grid, plausible_values, write_xlsx_formulas

PLAN = load_plan()


def make_corpus(folder: Path, n: int) -> tuple[Path, Path]:
    """Write ``folder/don-vi.csv`` and ``folder/bao-cao/<code>.xlsx`` × n; return both paths."""
    reports = folder / "bao-cao"
    reports.mkdir(parents=True, exist_ok=True)
    rows = ["code,name,level,parent_code", "99,Tỉnh Thử Nghiệm,province,"]
    for i in range(n):
        district = f"{900 + i // 100}"
        if i % 100 == 0:
            rows.append(f"{district},Huyện {i // 100 + 1},district,99")
        code = f"{10000 + i:05d}"
        rows.append(f"{code},Xã Số {i + 1},commune,{district}")
        path = reports / f"{code}.xlsx"
        if not path.exists():
            unit = Unit(code, f"Xã Số {i + 1}", "commune", district)
            values = plausible_values(random.Random(code))
            write_xlsx_formulas(path, form_grid(PLAN, unit, "2024", values, date(2024, 11, 30)), {})
    registry = folder / "don-vi.csv"
    registry.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return registry, reports


if __name__ == "__main__":
    make_corpus(Path(sys.argv[1]), int(sys.argv[2]))
