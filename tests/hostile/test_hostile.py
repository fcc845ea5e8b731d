"""Hostile and broken input: every case gives its status and finding, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_files import CASES

from conftest import SAMPLE_REGISTRY
from helpers import PLAN
from xhht_cli.pipeline import validate_inputs
from xhht_cli.registry import load_registry

REGISTRY = load_registry(str(SAMPLE_REGISTRY))


def test_at_least_25_kinds():
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(tmp_path: Path, name: str):
    build, status, code, phrase = CASES[name]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = build(inbox)
    validation = validate_inputs([inbox], PLAN, REGISTRY, "2023")
    (entry,) = [e for e in validation.entries if Path(e.file.display).name == path.name]
    assert entry.status == status, [(f.code, f.message()) for f in entry.findings]
    if code:
        finding = next(f for f in entry.findings if f.code == code)
        assert phrase in finding.message(), finding.message()
        assert finding.path == entry.file.display
    else:
        assert entry.errors == 0
        assert entry.report is not None and entry.report.number("HO_GD") is not None


def test_openpyxl_parses_without_entity_expansion():
    import openpyxl.xml
    from openpyxl.xml import functions

    assert openpyxl.xml.DEFUSEDXML  # defusedxml is a dependency, so openpyxl uses it
    assert functions.fromstring.__module__.startswith("defusedxml")
