"""Write tests/data/libreoffice/: the canonical report of the third-party corpus (Tân Lộc, the
values named "exports") as openpyxl writes it, ``openpyxl.xlsx``, and as LibreOffice saves it
in each of its formats (``libreoffice.ods``, ``.xls``, ``.xlsx``, ``.fods``, ``.html``), for
tests/hostile/test_exports.py and tests/test_resubmission.py.

The files are kept in the repository, so those tests read what LibreOffice really writes on
every machine, LibreOffice installed or not, and the session starts no LibreOffice for them
(five starts, about 9 s of the suite's time). Made with LibreOffice 7.4.7.2 (Debian 12's
``libreoffice-calc``); run again, from the repository's root, when a newer one should be
tried::

    PYTHONPATH=tests python scripts/make_libreoffice_copies.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from helpers import grid, values  # tests/helpers.py
from office import SOFFICE, converted, libreoffice_convert  # tests/office.py
from synth import write_xlsx  # tests/synth.py

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "tests" / "data" / "libreoffice"


def main() -> int:
    if SOFFICE is None:
        print("LibreOffice (soffice) is not installed.", file=sys.stderr)
        return 1
    version = subprocess.run(
        [SOFFICE, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        source = folder / "canonical.xlsx"
        write_xlsx(source, [("BaoCao", grid(values("exports")))])
        made = converted(source, folder) if libreoffice_convert(source, folder) else {}
        if len(made) != 5:
            print(f"LibreOffice made only {sorted(made)}.", file=sys.stderr)
            return 1
        TARGET.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, TARGET / "openpyxl.xlsx")
        for suffix, path in made.items():
            shutil.copyfile(path, TARGET / f"libreoffice.{suffix}")
    print(f"{TARGET.relative_to(ROOT)}: written by {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
