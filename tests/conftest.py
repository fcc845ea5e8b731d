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
