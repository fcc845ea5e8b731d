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


def pytest_configure(config: pytest.Config) -> None:
    """The package compiled to bytecode once, before the test processes start: some 40 tests
    run ``xhht`` as a user does, each in a process of its own, and where
    PYTHONDONTWRITEBYTECODE is set (a fresh checkout, a CI image) each would compile every
    module again (a tenth of a second each), as an installed package never does (pip compiles
    it). benchmarks/national.py compiles it the same way before it times anything."""
    import compileall

    import xhht_cli

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        compileall.compile_dir(Path(xhht_cli.__file__).parent, quiet=1)


@pytest.fixture(autouse=True)
def _vietnamese() -> None:
    set_lang("vi")


@pytest.fixture(scope="session")
def _sample_reads() -> dict[tuple[object, ...], bytes]:
    return {}


@pytest.fixture
def samples_read_once(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    _sample_reads: dict[tuple[object, ...], bytes],
) -> None:
    """For the tests whose subject is not the reading: the files of ``data/samples`` (inputs
    are never changed) are read by the pipeline once per test process and plan, and every
    later read of the same files is a copy of that one, given to ``each`` and ``progress`` in
    the files' order (the reading has its own tests: test_read*.py, hostile/). Any file
    elsewhere, contents known to a store, a test marked ``reading``, or any ``XHHT_`` setting
    of the reading (limits, the tests' slow read), and the files are read as usual."""
    import pickle

    from xhht_cli.check import pipeline

    read = pipeline.read_all
    if request.node.get_closest_marker("reading") is not None:
        return

    def read_all(files, plan, progress=None, workers=None, known=frozenset(), each=None):  # type: ignore[no-untyped-def]
        files = list(files)
        samples = str(SAMPLES) + os.sep
        settings = {k: v for k, v in os.environ.items() if k.startswith("XHHT_")}
        if (
            known
            or settings
            or not files
            or not all(str(f.path).startswith(samples) for f in files)
        ):
            return read(files, plan, progress, workers, known, each)
        key = (
            plan.model_dump_json(),
            workers,
            tuple((f, f.path.stat().st_mtime_ns) for f in files),
        )
        if key not in _sample_reads:
            _sample_reads[key] = pickle.dumps(read(files, plan, workers=workers))
        reads = pickle.loads(_sample_reads[key])
        for done, one in enumerate(reads, start=1):
            if each is not None and one.reports:
                each(one)
            if progress is not None:
                progress(done, len(reads))
        return reads

    monkeypatch.setattr(pipeline, "read_all", read_all)


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


@pytest.fixture(scope="session")
def history_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The Quick start's run, once per test process: ``aggregate`` of the 2024 samples with
    2023's as history, writing ``th.xlsx``, ``th.json`` and ``bc.docx``; its folder and what
    it printed (in Vietnamese)."""
    from typer.testing import CliRunner

    from xhht_cli.cli import app

    folder = tmp_path_factory.mktemp("history-run")
    args = [str(SAMPLES / "2024"), "--history", str(SAMPLES / "2023"), "--units"]
    args += [str(SAMPLE_REGISTRY), "--plan", "quoc-gia-2021-2030", "--period", "2024"]
    args += ["-o", str(folder / "th.xlsx"), "--json", str(folder / "th.json")]
    args += ["--docx", str(folder / "bc.docx")]
    set_lang("vi")
    result = CliRunner().invoke(app, ["aggregate", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder, result.output
