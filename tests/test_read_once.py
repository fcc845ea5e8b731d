"""Each file's bytes are read once, in the worker (issues 25 and 30): discovery lists and looks
at the first bytes only; the worker reads, hashes, settles the kind and reads from memory."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import SAMPLE_REGISTRY
from helpers import PLAN, grid
from synth import write_csv, write_xlsx
from xhht_cli.check.pipeline import read_all
from xhht_cli.read import read_file
from xhht_cli.read.discover import HEAD_BYTES, classify, discover, found
from xhht_cli.read.limits import Limits


def test_discovery_gives_no_hash_and_the_worker_gives_the_content_s(tmp_path: Path) -> None:
    path = tmp_path / "a" / "r.csv"
    path.parent.mkdir()
    write_csv(path, grid())
    (listed,) = discover([tmp_path])
    assert (listed.sha256, listed.kind) == ("", "unknown")  # listed, not opened
    (read,) = read_all(found([tmp_path]), PLAN, workers=1)
    assert read.file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert read.file.display == str(path) and len(read.reports) == 1


def test_what_a_file_is_is_told_by_the_worker(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xls"  # an xlsx under another name, its parts past the head
    write_xlsx(path, [("BaoCao", grid()), ("Rong", [[f"{i}" * 40] * 30 for i in range(200)])])
    assert path.stat().st_size > HEAD_BYTES
    listed = classify(path, path.name)
    assert (listed.kind, listed.sha256) == ("unknown", "")
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
    """Discovery opens no file and the worker opens it once; the legacy-font check, the
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
        assert opens.count(str(path)) == 1, (path.name, opens)


def test_a_sheet_part_is_inflated_once_when_it_holds_no_formula(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extent scan already inflated every sheet part: whether one holds a formula is
    learnt there, and a report with empty optional cells and no formula is not searched again
    (a quarter of the read at national scale); one with a formula is still found."""
    from xhht_cli.read import workbook_extras

    searched: list[int] = []
    original = workbook_extras._sheets_have_formulas
    monkeypatch.setattr(
        workbook_extras,
        "_sheets_have_formulas",
        lambda data: searched.append(1) or original(data),
    )
    plain = tmp_path / "khong-cong-thuc.xlsx"
    write_xlsx(plain, [("BaoCao", grid())])
    read = read_file(classify(plain, plain.name), PLAN)
    empty = [v for v in read.reports[0].values.values() if v.value is None]
    assert empty and searched == []  # the optional rows are empty, and nothing was inflated again
    formula = tmp_path / "cong-thuc.xlsx"
    rows = [list(row) for row in grid()]
    row = next(r for r in rows if len(r) > 1 and r[1] == "HO_GD")
    row[4] = "=SUM(E30:E31)"
    write_xlsx(formula, [("BaoCao", rows)])
    read = read_file(classify(formula, formula.name), PLAN)
    codes = {f.code for report in read.reports for f in report.findings}
    assert "value.formula_uncached" in codes and searched == []


def test_a_formula_in_a_sheet_part_named_in_capitals_is_found(tmp_path: Path) -> None:
    """calamine and openpyxl read ``xl/Worksheets/sheet1.XML`` as they read
    ``xl/worksheets/sheet1.xml``: its formula is found, and its extent bounded, all the same."""
    rows = [list(row) for row in grid()]
    row = next(r for r in rows if len(r) > 1 and r[1] == "HO_GD")
    row[4] = "=SUM(E30:E31)"
    plain = tmp_path / "plain.xlsx"
    write_xlsx(plain, [("BaoCao", rows), ("Khac", [["ghi chú"]])])  # sheet2.xml stays as it is
    renamed = tmp_path / "capitals.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(renamed, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            name = item.filename.replace("xl/worksheets/sheet1.xml", "xl/Worksheets/sheet1.XML")
            if item.filename in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"worksheets/sheet1.xml", b"Worksheets/sheet1.XML")
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
    assert "xl/Worksheets/sheet1.XML" in zipfile.ZipFile(renamed).namelist()
    read = read_file(classify(renamed, renamed.name), PLAN)
    codes = {f.code for report in read.reports for f in report.findings}
    assert read.reports and "value.formula_uncached" in codes, codes


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


# -- a zip part that inflates to 1 GB --------------------------------------------------------


def _deflated_zeros(mib: int) -> bytes:
    """A raw deflate stream of *mib* MiB of zeros, built in milliseconds: after a full flush
    the compressor's state is its first again, so each MiB compresses to the same bytes."""
    block = bytes(2**20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first * (mib - 1) + compressor.compress(block) + compressor.flush()


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip of (name, stored bytes, method, uncompressed size, CRC), written by hand so that
    a member's content need not exist to be described."""
    body, directory = bytearray(), bytearray()
    for name, data, method, size, crc in members:
        raw = name.encode()
        sizes = (crc, len(data), size, len(raw))
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0, *sizes,
                                 0, 0, 0, 0, 0, len(body)) + raw  # fmt: skip
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, *sizes, 0)
        body += raw + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(directory), len(body), 0)  # fmt: skip
    return bytes(body + directory + end)


ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
    '<office:spreadsheet><table:table table:name="BaoCao"><table:table-row><table:table-cell'
    ' office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    "</table:table></office:spreadsheet></office:body></office:document-content>"
)


@pytest.fixture(scope="session")
def manifest_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An .ods (1 MB) whose manifest inflates to 1 GiB, the size its zip directory says (its
    CRC left 0: nothing reads it to the end)."""
    path = tmp_path_factory.mktemp("bomb") / "bao-cao.ods"
    mimetype = b"application/vnd.oasis.opendocument.spreadsheet"
    content = ODS_CONTENT.encode()
    path.write_bytes(
        _zip(
            [
                ("mimetype", mimetype, 0, len(mimetype), zlib.crc32(mimetype)),
                ("META-INF/manifest.xml", _deflated_zeros(1024), 8, 2**30, 0),
                ("content.xml", content, 0, len(content), zlib.crc32(content)),
            ]
        )
    )
    return path


def test_the_manifest_is_never_inflated_past_its_bounds(
    manifest_bomb: Path, tmp_path: Path
) -> None:
    """The encryption check reads a manifest only within the container's bounds: one that
    says 1 GiB is refused before anything is inflated (main inflated it whole, in the parent);
    a small one that says its parts are encrypted makes the file ``file.encrypted``."""
    tracemalloc.start()
    try:
        read = read_file(classify(manifest_bomb, manifest_bomb.name), PLAN)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [f.code for f in read.findings] == ["file.zip_bomb"]  # 1 GiB from 1 MB
    assert peak < 4 * 2**20
    mimetype = b"application/vnd.oasis.opendocument.spreadsheet"
    text, content = b"<manifest:encryption-data/>", ODS_CONTENT.encode()
    deflated = zlib.compress(text)[2:-4]  # the raw stream, without zlib's header and sum
    marked = tmp_path / "mat-khau.ods"
    marked.write_bytes(
        _zip(
            [
                ("mimetype", mimetype, 0, len(mimetype), zlib.crc32(mimetype)),
                ("META-INF/manifest.xml", deflated, 8, len(text), zlib.crc32(text)),
                ("content.xml", content, 0, len(content), zlib.crc32(content)),
            ]
        )
    )
    assert [f.code for f in read_file(classify(marked, marked.name), PLAN).findings] == [
        "file.encrypted"
    ]


def test_a_manifest_of_1_gb_is_validated_with_every_process_small(manifest_bomb: Path) -> None:
    """``xhht validate`` on it, in a process of its own: the largest resident size of the run
    (the parent and its reading worker, each reaped) stays under 200 MB, and the file is a
    finding (main: the parent inflated the manifest, about 2 GB)."""
    code = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'xhht_cli', '--lang', 'en', 'validate',"
        " sys.argv[1], '--units', sys.argv[2], '--period', '2023'], capture_output=True,"
        " text=True)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(done.stdout)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(manifest_bomb), str(SAMPLE_REGISTRY)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    status, peak_kib = map(int, done.stdout.split("\n", 1)[0].split())
    assert status == 1, done.stdout
    assert peak_kib < 200 * 1024, f"{peak_kib // 1024} MB"
    assert "zip_bomb" in done.stdout or "abnormal compressed" in done.stdout, done.stdout


# -- the batch store keeps working on the worker's hash ----------------------------------------


def test_a_run_reads_no_content_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged files are known by their ``stat``; a copy under another name, or a file only
    touched, is hashed by a worker and not read again; two equal new files are taken once."""
    import shutil
    import sqlite3

    import xhht_cli.read.opening as read_module
    from test_batch import THOI_BINH, setup
    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.run import run_batch

    parsed = tmp_path / "parsed.txt"
    real = read_module.load_sheets

    def counted(path, *args):  # type: ignore[no-untyped-def]  # forked workers inherit it
        with open(parsed, "a", encoding="utf-8") as out:
            out.write(f"{Path(path).name}\n")
        return real(path, *args)

    monkeypatch.setattr(read_module, "load_sheets", counted)
    config = setup(tmp_path, communes=THOI_BINH[:2])
    inbox = tmp_path / "hop-thu"
    first = run_batch(load_config(config))
    assert (first.files["new"], len(parsed.read_text().split())) == (2, 2)
    a, b = (inbox / f"{unit.code}.xlsx" for unit in THOI_BINH[:2])
    shutil.copy(a, inbox / "ban-sao.xlsx")
    shutil.copy(a, inbox / "ban-sao-2.xlsx")
    os.utime(b, (b.stat().st_atime + 5, b.stat().st_mtime + 5))
    parsed.unlink()
    second = run_batch(load_config(config))
    assert not parsed.exists() and second.read == []
    assert dict(second.files) == {"unchanged": 2, "new": 2}
    (inbox / "moi-1.csv").write_text("a,b\n")
    shutil.copy(inbox / "moi-1.csv", inbox / "moi-2.csv")
    third = run_batch(load_config(config))
    assert third.read == [str(inbox / "moi-1.csv")]  # the equal one is a copy of it
    db = sqlite3.connect(tmp_path / "xhht.sqlite")
    assert db.execute("SELECT COUNT(*) FROM contents").fetchone()[0] == 3
    assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 6
    db.close()
    fourth = run_batch(load_config(config))
    assert dict(fourth.files) == {"unchanged": 6} and fourth.read == []


def test_files_never_read_keep_a_row_each_in_the_store(tmp_path: Path) -> None:
    """Two files over the size limit have no hash; each keeps its own finding."""
    import json

    from test_batch import THOI_BINH, setup
    from xhht_cli.batch.config import load_config
    from xhht_cli.batch.run import run_batch

    config = setup(tmp_path, communes=THOI_BINH[:1])
    for name in ("lon-1.xlsx", "lon-2.xlsx"):
        with open(tmp_path / "hop-thu" / name, "wb") as handle:
            handle.truncate(60 * 2**20)
    run_batch(load_config(config))
    check = json.loads((tmp_path / "ket-qua" / "kiem-tra-2023.json").read_text(encoding="utf-8"))
    too_big = sorted(Path(f["path"]).name for f in check["findings"] if f["code"] == "file.too_big")
    assert too_big == ["lon-1.xlsx", "lon-2.xlsx"]
    assert {f["sha256"] for f in check["files"] if f["path"].endswith("lon-1.xlsx")} == {""}


def test_the_samples_read_once_a_process_are_what_the_reading_gives(samples_read_once) -> None:  # type: ignore[no-untyped-def]
    """The fixture other modules share the samples' reads with (tests/conftest.py): each read
    after the first is a copy, equal to a real read, and hands ``each`` the same reads and
    ``progress`` the same last count as the real reading does."""
    from conftest import SAMPLES
    from xhht_cli.check import pipeline

    assert pipeline.read_all is not read_all  # the module's own name is the real reading
    given: list[list[object]] = [[], [], []]
    counted: list[list[tuple[int, int]]] = [[], [], []]

    def reading(n: int, read):  # type: ignore[no-untyped-def]
        return read(
            found([SAMPLES / "2023"]),
            PLAN,
            lambda done, total: counted[n].append((done, total)),
            each=given[n].append,
        )

    real = reading(0, read_all)
    copies = [reading(1, pipeline.read_all), reading(2, pipeline.read_all)]
    assert copies[0] == copies[1] == real
    assert copies[0][0].reports[0] is not copies[1][0].reports[0]  # never shared between runs
    displays = [sorted(read.file.display for read in reads) for reads in given]  # type: ignore[attr-defined]
    assert displays[0] == displays[1] == displays[2] and len(displays[0]) >= 9
    assert counted[0][-1] == counted[1][-1] == counted[2][-1] == (len(real), len(real))
