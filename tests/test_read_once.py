"""Each file's bytes are read once, in the worker (issues 25 and 30): discovery lists and looks
at the first bytes only; the worker reads, hashes, settles the kind and reads from memory."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from helpers import PLAN, grid
from synth import write_csv, write_xlsx
from xhht_cli.discover import HEAD_BYTES, classify, discover, found
from xhht_cli.pipeline import read_all
from xhht_cli.read import read_file
from xhht_cli.read.limits import Limits


def test_discovery_gives_no_hash_and_the_worker_gives_the_content_s(tmp_path: Path) -> None:
    path = tmp_path / "a" / "r.csv"
    path.parent.mkdir()
    write_csv(path, grid())
    (listed,) = discover([tmp_path])
    assert listed.sha256 == "" and listed.kind == "csv"
    (read,) = read_all(found([tmp_path]), PLAN, workers=1)
    assert read.file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert read.file.display == str(path) and len(read.reports) == 1


def test_a_container_larger_than_the_head_is_settled_by_the_worker(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xls"  # an xlsx under another name, its parts past the head
    write_xlsx(path, [("BaoCao", grid()), ("Rong", [[f"{i}" * 40] * 30 for i in range(200)])])
    assert path.stat().st_size > HEAD_BYTES
    listed = classify(path, path.name)
    assert (listed.kind, listed.sha256) == ("zip", "")
    read = read_file(listed, PLAN)
    assert (read.file.kind, len(read.reports)) == ("xlsx", 1)
    docx = tmp_path / "cv.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w/>" * 10_000)
        archive.writestr("word/media/x.bin", os.urandom(HEAD_BYTES))
    read = read_file(classify(docx, docx.name), PLAN)
    assert (read.file.kind, read.file.reason) == ("ignored", "file.not_spreadsheet")


def test_a_file_over_the_limit_is_never_read(tmp_path: Path) -> None:
    """400 MB of zeros named .xlsx (sparse: no disk used): discovery reads its head, the worker
    nothing; main read it whole into the parent (460 MB)."""
    zeros = tmp_path / "zeros.xlsx"
    with open(zeros, "wb") as handle:
        handle.truncate(400 * 2**20)
    video = tmp_path / "clip.mp4"
    with open(video, "wb") as handle:
        handle.truncate(60 * 2**20)
    tracemalloc.start()
    try:
        refused = read_file(classify(zeros, zeros.name), PLAN)
        ignored = read_file(classify(video, video.name), PLAN)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2**20
    assert [f.code for f in refused.findings] == ["file.too_big"]
    assert "400" in refused.findings[0].message()
    assert [(f.code, f.severity) for f in ignored.findings] == [("file.not_spreadsheet", "warning")]


@pytest.fixture
def opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path opened while the test runs (by Python, zipfile or openpyxl)."""
    seen: list[str] = []
    real_open, real_io_open, real_os_open = builtins.open, io.open, os.open

    def counted(real):  # type: ignore[no-untyped-def]
        def opener(file, *args, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(file, str | os.PathLike):
                seen.append(os.fspath(file))
            return real(file, *args, **kwargs)

        return opener

    monkeypatch.setattr(builtins, "open", counted(real_open))
    monkeypatch.setattr(io, "open", counted(real_io_open))
    monkeypatch.setattr(os, "open", counted(real_os_open))
    return seen


def test_fonts_formulas_and_damage_take_the_bytes_in_memory(
    tmp_path: Path, opens: list[str]
) -> None:
    """Discovery opens a file once (its head) and the worker once; the legacy-font check, the
    formula check and the words for a damaged file open nothing (main: three or four opens)."""
    from test_read import _tcvn3

    fonts = tmp_path / "fonts.xlsx"
    legacy = [[_tcvn3(c) if isinstance(c, str) else c for c in row] for row in grid()]
    write_xlsx(fonts, [("BaoCao", legacy), ("Khac", [["x"]])], {"BaoCao": ".VnTime"})
    formula = tmp_path / "formula.xlsx"
    write_xlsx(formula, [("BaoCao", grid())])
    from openpyxl import load_workbook

    workbook = load_workbook(formula)  # a formula never calculated (openpyxl caches none)
    sheet = workbook["BaoCao"]
    row = next(r for r in range(1, 80) if sheet.cell(r, 2).value == "HO_GD")
    sheet.cell(row, 5).value = "=SUM(E30:E31)"
    workbook.save(formula)
    damaged = tmp_path / "cut.xlsx"
    damaged.write_bytes(fonts.read_bytes()[:300])
    for path, code in (
        (fonts, "text.legacy"),
        (formula, "value.formula_uncached"),
        (damaged, "file.corrupt"),
    ):
        opens.clear()
        read = read_file(classify(path, path.name), PLAN)
        codes = {f.code for f in read.findings} | {
            f.code for report in read.reports for f in report.findings
        }
        assert code in codes, (path.name, codes)
        assert opens.count(str(path)) == 2, (path.name, opens)


def test_a_file_that_changes_while_read_is_not_half_read(tmp_path: Path) -> None:
    path = tmp_path / "dang-chep.csv"
    write_csv(path, grid())
    listed = classify(path, path.name)
    with open(path, "ab") as handle:  # the copy goes on after the listing
        handle.write(b"\r\n,,more")
    read = read_file(listed, PLAN)
    assert [f.code for f in read.findings] == ["file.changed_while_reading"]
    assert not read.reports and "chạy lại" in read.findings[0].message()
    assert "run again" in read.findings[0].message("en").lower()
    grown = tmp_path / "lon-dan.csv"
    grown.write_bytes(b"a,b\r\n")
    listed = classify(grown, grown.name)
    grown.write_bytes(b"a,b\r\n" * 1000)  # past the limit now
    read = read_file(listed, PLAN, Limits(file_mb=0.001))
    assert [f.code for f in read.findings] == ["file.changed_while_reading"]


def test_an_unchanged_file_is_read_as_listed(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    write_csv(path, grid())
    listed = classify(path, path.name)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))  # same time again
    read = read_file(listed, PLAN)
    assert len(read.reports) == 1 and not read.findings


def test_a_known_content_is_hashed_and_not_read(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    write_csv(path, grid())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    read = read_file(classify(path, path.name), PLAN, known=frozenset({digest}))
    assert (read.file.sha256, read.reports, read.findings) == (digest, [], [])
