"""Hostile and broken input: every case gives its status and finding, never a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_files import CASES

from conftest import SAMPLE_REGISTRY
from helpers import PLAN
from xhht_cli.check.pipeline import validate_inputs
from xhht_cli.units.load import load_registry

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
    for finding in entry.findings:  # a sentence in the user's language, never an empty "()"
        assert " ()" not in finding.message() + finding.message("en"), finding.message()
    if code:
        finding = next(f for f in entry.findings if f.code == code)
        assert phrase in finding.message(), finding.message()
        assert finding.path == entry.file.display
    else:
        assert entry.errors == 0
        assert entry.report is not None and entry.report.number("HO_GD") is not None


def test_nothing_from_a_library_reaches_stderr(tmp_path):
    """Every hostile file at once, through the command as a user runs it: findings, and not a
    traceback, a Rust panic or an allocation failure on stderr."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, (build, *_) in CASES.items():
        if name not in ("rows_past_window", "oversized"):  # slow to build, and plain Python reads
            build(inbox)
    args = ["--units", str(SAMPLE_REGISTRY), "--period", "2023", "--format", "json"]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "xhht_cli",
            "validate",
            str(inbox),
            *args,
            "-o",
            str(tmp_path / "o.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1
    for words in ("Traceback", "panicked", "memory allocation", "RUST_BACKTRACE", "Fatal"):
        assert words not in proc.stderr, proc.stderr
    document = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    codes = {f["code"] for f in document["findings"]}
    assert {"sheet.too_large", "file.encrypted"} <= codes
    assert "file.out_of_memory" not in codes  # every size is known before a reader builds it


def test_openpyxl_parses_without_entity_expansion():
    import openpyxl.xml
    from openpyxl.xml import functions

    assert openpyxl.xml.DEFUSEDXML  # defusedxml is a dependency, so openpyxl uses it
    assert functions.fromstring.__module__.startswith("defusedxml")
