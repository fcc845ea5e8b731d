"""Fuzzing: mutated reports (bytes and cells) never make the tool raise or hang; whatever it
cannot read becomes a finding."""

from __future__ import annotations

import signal
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_REGISTRY
from helpers import PLAN, grid
from synth import write_csv, write_xlsx
from xhht_cli.check.pipeline import validate_inputs
from xhht_cli.read import read_file
from xhht_cli.read.discover import classify
from xhht_cli.units.load import load_registry
from xhht_cli.values.results import STATUSES

REGISTRY = load_registry(str(SAMPLE_REGISTRY))
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def _template(kind: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"t.{kind}"
        (write_xlsx(path, [("BaoCao", grid())]) if kind == "xlsx" else write_csv(path, grid()))
        return path.read_bytes()


TEMPLATES = {"xlsx": _template("xlsx"), "csv": _template("csv")}


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def read_guarded(path: Path):  # type: ignore[no-untyped-def]
    """Read in this process with a 20 s alarm: a hang fails the test instead of stalling it."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        return read_file(classify(path, path.name), PLAN)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


mutation = st.tuples(
    st.sampled_from(["flip", "cut", "insert"]),
    st.integers(0, 10**6),
    st.binary(min_size=1, max_size=64),
)


@FUZZ
@given(kind=st.sampled_from(["xlsx", "csv"]), mutations=st.lists(mutation, min_size=1, max_size=8))
def test_mutated_bytes_give_reports_or_findings(kind, mutations):
    data = bytearray(TEMPLATES[kind])
    for operation, position, chunk in mutations:
        at = position % max(len(data), 1)
        if operation == "flip":
            data[at : at + len(chunk)] = bytes(
                b ^ c for b, c in zip(data[at:], chunk, strict=False)
            )
        elif operation == "cut":
            del data[at:]
        else:
            data[at:at] = chunk
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz.{kind}"
        path.write_bytes(bytes(data))
        result = read_guarded(path)
    assert result.reports or result.findings
    if not result.reports:
        assert all(f.path == "fuzz." + kind for f in result.findings)
        assert all(f.message() for f in result.findings)


cell = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=date(1900, 3, 1)),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
)


@FUZZ
@given(changes=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 6), cell), max_size=25))
def test_mutated_cells_are_validated_not_crashed(changes):
    rows = grid()
    for r, c, value in changes:
        while len(rows) <= r:
            rows.append([])
        while len(rows[r]) <= c:
            rows[r].append("")
        rows[r][c] = value
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp)
        write_xlsx(inbox / "cells.xlsx", [("BaoCao", rows)])
        validation = validate_inputs([inbox], PLAN, REGISTRY, "2023")
    (entry,) = validation.entries
    assert entry.status in STATUSES
    assert entry.status == "valid" or entry.findings
    for finding in entry.findings:
        assert finding.message() and finding.message("en")
