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
    (none without LibreOffice): converted once a session (a start costs about a second), for
    the corpus and for the report a clerk re-sends in another format."""
    from helpers import grid, values
    from hostile.exports import libreoffice_convert
    from synth import write_xlsx

    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "canonical.xlsx"
    write_xlsx(source, [("BaoCao", grid(values("exports")))])
    return {"source": source, **libreoffice_convert(source, folder)}
