"""Files crafted against the reading bounds (issue 25): each gives its finding, never exit 3.

The files are built once for the session, small (a few KB to a few MB) but past the bound each
attacks; their memory and time at full size are measured by ``benchmarks/hostile.py``, not here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from crafted import CRAFTED
from typer.testing import CliRunner

from conftest import SAMPLE_REGISTRY
from xhht_cli.cli import app


@pytest.fixture(scope="session")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crafted")
    return {name: builder(folder, False) for name, (builder, *_) in CRAFTED.items()}


@pytest.fixture(scope="session")
def document(crafted: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    """``xhht validate`` on all of them at once, as a user runs it; its JSON document."""
    folder = next(iter(crafted.values())).parent
    target = tmp_path_factory.mktemp("out") / "kiem-tra.json"
    args = ["--units", str(SAMPLE_REGISTRY), "--period", "2023", "--format", "json"]
    result = CliRunner().invoke(app, ["validate", str(folder), *args, "-o", str(target)])
    assert result.exit_code == 1, result.output  # findings, not a crash (3)
    return json.loads(target.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_file_gives_its_finding(name: str, crafted, document) -> None:  # type: ignore[no-untyped-def]
    _, status, code = CRAFTED[name]
    (entry,) = [f for f in document["files"] if Path(f["path"]) == crafted[name]]
    found = [f for f in document["findings"] if Path(f["path"]) == crafted[name]]
    # The xlsx cases all carry the same report: one is valid, the others its copies.
    expected = {"valid", "superseded"} if status == "valid" else {status}
    assert entry["status"] in expected, [(f["code"], f["message"]) for f in found]
    assert code in [f["code"] for f in found], [(f["code"], f["message"]) for f in found]
    for finding in found:  # in the user's words: no empty "()" where a library said nothing
        assert " ()" not in finding["message"]


def test_no_file_outgrows_its_worker(document) -> None:  # type: ignore[no-untyped-def]
    codes = {f["code"] for f in document["findings"]}
    assert not {"file.out_of_memory", "file.timeout", "file.crashed"} & codes
