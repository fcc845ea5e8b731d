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


def _command_trees_built_once() -> None:
    """Typer's ``CliRunner`` builds an app's command tree again for every command line (a
    tenth of a second of each); the console builds it once a process, and so does the session
    (``localize`` gives any language of a tree built once: tests/test_cli.py)."""
    import typer.testing

    build = typer.testing._get_command
    built: dict[int, tuple[object, object]] = {}

    def get_command(app):  # type: ignore[no-untyped-def]
        if id(app) not in built:
            built[id(app)] = (app, build(app))  # the app kept, so its id is never reused
        return built[id(app)][1]

    typer.testing._get_command = get_command


_command_trees_built_once()


@pytest.fixture(autouse=True)
def _vietnamese() -> None:
    set_lang("vi")


LIBREOFFICE_COPIES = DATA / "libreoffice"


@pytest.fixture(scope="session")
def libreoffice() -> dict[str, Path]:
    """The canonical report of the third-party corpus (Tân Lộc, the values named "exports")
    as openpyxl wrote it (``"source"``) and as LibreOffice 7.4 saved it in each of its formats
    (``"ods"``, ``"xls"``, ``"xlsx"``, ``"fods"``, ``"html"``), for the corpus and for the report
    a clerk re-sends in another format: kept in tests/data/libreoffice, made by
    scripts/make_libreoffice_copies.py, so every machine reads what LibreOffice really writes."""
    copies = {path.suffix[1:]: path for path in LIBREOFFICE_COPIES.glob("libreoffice.*")}
    return {"source": LIBREOFFICE_COPIES / "openpyxl.xlsx", **copies}
