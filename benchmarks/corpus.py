"""Generate a benchmark corpus: a registry of districts of ~100 communes and N commune
workbooks in the canonical layout, written by three different programs, as provinces receive
them: a third by xlsxwriter (as xhht writes), a third by openpyxl, a third by LibreOffice
(generation is not timed).

LibreOffice converts one form only, the seed, kept in ``benchmarks/data/libreoffice-seed.xlsx``
(LibreOffice 7.4.7.2; ``python benchmarks/corpus.py --seed`` makes it again with the soffice
here): the other LibreOffice files are that file with the unit's code and name changed in its
shared strings (the rest of the package, styles and all, is LibreOffice's bytes). Every corpus
is so the same on every machine, LibreOffice installed or not, and none starts it.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from xhht_cli.plans import load_plan
from xhht_cli.units.unit import Unit

# Test-data generation lives with the tests (it is not shipped): tests/synth.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from synth import form_grid, plausible_values, write_xlsx, write_xlsx_formulas

PLAN = load_plan()
WRITERS = ("xlsxwriter", "openpyxl", "libreoffice")
SEED = "19999"  # the unit of the form LibreOffice converts; its code and name are replaced
SEED_FILE = Path(__file__).resolve().parent / "data" / "libreoffice-seed.xlsx"


def make_corpus(folder: Path, n: int) -> tuple[Path, Path]:
    """Write ``folder/don-vi.csv`` and ``folder/bao-cao/<code>.xlsx`` × n; return both paths."""
    reports = folder / "bao-cao"
    reports.mkdir(parents=True, exist_ok=True)
    rows = ["code,name,level,parent_code", "99,Tỉnh Thử Nghiệm,province,"]
    libreoffice = SEED_FILE.read_bytes()
    for i in range(n):
        district = f"{900 + i // 100}"
        if i % 100 == 0:
            rows.append(f"{district},Huyện {i // 100 + 1},district,99")
        code = f"{10000 + i:05d}"
        rows.append(f"{code},Xã Số {i + 1},commune,{district}")
        path = reports / f"{code}.xlsx"
        if path.exists():
            continue
        unit = Unit(code, f"Xã Số {i + 1}", "commune", district)
        writer = WRITERS[i % len(WRITERS)]
        if writer == "libreoffice":
            path.write_bytes(_with_unit(libreoffice, code, unit.name))
            continue
        grid = form_grid(
            PLAN, unit, "2024", plausible_values(random.Random(code)), date(2024, 11, 30)
        )
        if writer == "openpyxl":
            write_xlsx(path, [("BaoCao", grid)])
        else:
            write_xlsx_formulas(path, grid, {})
    registry = folder / "don-vi.csv"
    registry.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return registry, reports


def _libreoffice_seed() -> bytes:
    """One form written by xlsxwriter, converted (re-saved) by LibreOffice."""
    unit = Unit(SEED, "Xã Mẫu Lo", "commune", "900")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "seed.xlsx"
        grid = form_grid(
            PLAN, unit, "2024", plausible_values(random.Random(SEED)), date(2024, 11, 30)
        )
        write_xlsx_formulas(source, grid, {})
        out = Path(tmp) / "out"
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return (out / "seed.xlsx").read_bytes()


def _with_unit(package: bytes, code: str, name: str) -> bytes:
    """The LibreOffice package with the seed unit's code and name replaced."""
    import io

    source = zipfile.ZipFile(io.BytesIO(package))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(("sharedStrings.xml", "sheet1.xml")):
                text = data.decode("utf-8")
                text = text.replace(f">{SEED}<", f">{code}<").replace(">Xã Mẫu Lo<", f">{name}<")
                data = text.encode("utf-8")
            target.writestr(item, data)
    return buffer.getvalue()


if __name__ == "__main__":
    if sys.argv[1:] == ["--seed"]:
        if shutil.which("soffice") is None:
            sys.exit("LibreOffice (soffice) is not installed.")
        SEED_FILE.parent.mkdir(exist_ok=True)
        SEED_FILE.write_bytes(_libreoffice_seed())
    else:
        make_corpus(Path(sys.argv[1]), int(sys.argv[2]))
