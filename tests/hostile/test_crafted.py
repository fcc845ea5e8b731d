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
from helpers import PLAN
from xhht_cli.cli import app
from xhht_cli.pipeline import validate_inputs
from xhht_cli.registry import load_registry

REGISTRY = load_registry(str(SAMPLE_REGISTRY))


@pytest.fixture(scope="session")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crafted")
    return {name: builder(folder, False) for name, (builder, *_) in CRAFTED.items()}


@pytest.fixture(scope="session")
def validation(crafted: dict[str, Path]):  # type: ignore[no-untyped-def]
    folder = next(iter(crafted.values())).parent
    return validate_inputs([folder], PLAN, REGISTRY, "2023")


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_file_gives_its_finding(name: str, crafted, validation) -> None:  # type: ignore[no-untyped-def]
    _, status, code = CRAFTED[name]
    (entry,) = [e for e in validation.entries if Path(e.file.display) == crafted[name]]
    codes = [f.code for f in entry.findings]
    # The xlsx cases all carry the same report: one is valid, the others its copies.
    expected = {"valid", "superseded"} if status == "valid" else {status}
    assert entry.status in expected, [(f.code, f.message()) for f in entry.findings]
    assert code in codes, [(f.code, f.message()) for f in entry.findings]
    for finding in entry.findings:  # in the user's words: no library's bare text
        assert " ()" not in finding.message() + finding.message("en")


def test_the_command_ends_with_findings_not_a_crash(crafted: dict[str, Path], tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = next(iter(crafted.values())).parent
    target = tmp_path / "kiem-tra.json"
    args = ["--units", str(SAMPLE_REGISTRY), "--period", "2023", "--format", "json"]
    result = CliRunner().invoke(app, ["validate", str(folder), *args, "-o", str(target)])
    assert result.exit_code == 1, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    codes = {f["code"] for f in document["findings"]}
    assert {code for _, _, code in CRAFTED.values()} <= codes
    assert not {"file.out_of_memory", "file.timeout", "file.crashed"} & codes
