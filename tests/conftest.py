from __future__ import annotations

import os
from pathlib import Path

import pytest

from xhht_cli.base.i18n import set_lang

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SAMPLES = ROOT / "data" / "samples"
SAMPLE_REGISTRY = SAMPLES / "don-vi-ca-mau-2024.csv"

os.environ.pop("XHHT_LANG", None)


@pytest.fixture(autouse=True)
def _vietnamese() -> None:
    set_lang("vi")


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The canonical report of the third-party corpus (Tân Lộc, the values named "exports")
    as openpyxl wrote it (``"source"``) and as LibreOffice saves it in each of its formats
    (none without LibreOffice), for the corpus and for the report a clerk re-sends in another
    format: converted once a session (a start costs about a second), in the folder every test
    process of the session shares, the first to come converting under a lock."""
    from helpers import grid, values
    from office import converted, libreoffice_convert
    from synth import write_xlsx
    from xhht_cli.batch.lock import file_lock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the session's folder, above each process's own
    folder = shared / "libreoffice"
    with file_lock(shared / "libreoffice.lock", wait=600):
        source = folder / "canonical.xlsx"
        if not (folder / "done").exists():
            folder.mkdir(exist_ok=True)
            write_xlsx(source, [("BaoCao", grid(values("exports")))])
            libreoffice_convert(source, folder)
            (folder / "done").touch()
    return {"source": source, **converted(source, folder)}
