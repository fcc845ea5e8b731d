"""The summary's zip archive, deflated in pieces on threads (write/zipparts.py): every reader
gets the parts back whole, with the names, times and attributes zipfile would give them, and
the same parts give the same bytes however many threads deflate them."""

from __future__ import annotations

import os
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xhht_cli.write import zipparts
from xhht_cli.write.zipparts import PartsZip


def _files(folder: Path, parts: dict[str, bytes]) -> list[tuple[Path, str]]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number, (name, data) in enumerate(parts.items()):
        path = folder / f"part{number}"
        path.write_bytes(data)
        os.utime(path, (348_969_600, 348_969_600))  # 1981-01-22, as xlsxwriter dates its parts
        files.append((path, name))
    return files


def _store(target: Path, files: list[tuple[Path, str]], threads: int) -> None:
    with ThreadPoolExecutor(threads) as pool:
        archive = PartsZip(str(target), "w", zipfile.ZIP_DEFLATED, True, pool=pool, level=1)
        for path, name in files:
            archive.write(str(path), name)
        archive.close()


def _sample(size: int) -> bytes:
    row = '<row r="{0}"><c r="A{0}" s="3" t="inlineStr"><is><t>Xã Số {0}</t></is></c></row>'
    text = "".join(row.format(n) for n in range(size // 60 + 1))
    return text.encode("utf-8")[:size]


PARTS = {
    "[Content_Types].xml": b"<Types/>",
    "xl/worksheets/sheet1.xml": _sample(300_000),  # several pieces once PIECE is small
    "xl/worksheets/sheet2.xml": b"",
    "xl/styles.xml": _sample(5_000),
}


def test_parts_cut_in_pieces_read_back_whole_with_what_zipfile_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zipparts, "PIECE", 64 * 1024)  # sheet1 is five pieces
    files = _files(tmp_path / "in", PARTS)
    _store(tmp_path / "ours.xlsx", files, threads=3)
    with zipfile.ZipFile(tmp_path / "plain.xlsx", "w", zipfile.ZIP_DEFLATED) as plain:
        for path, name in files:
            plain.write(path, name)
    with (
        zipfile.ZipFile(tmp_path / "ours.xlsx") as ours,
        zipfile.ZipFile(tmp_path / "plain.xlsx") as theirs,
    ):
        assert ours.testzip() is None  # every CRC checked
        assert ours.namelist() == list(PARTS)
        for name, data in PARTS.items():
            assert ours.read(name) == data
            mine, other = ours.getinfo(name), theirs.getinfo(name)
            for field in ("date_time", "external_attr", "create_system", "flag_bits", "CRC"):
                assert getattr(mine, field) == getattr(other, field), (name, field)
            assert mine.compress_type == zipfile.ZIP_DEFLATED


def test_a_part_smaller_than_a_piece_is_deflated_as_zipfile_deflates_it(tmp_path: Path) -> None:
    files = _files(tmp_path / "in", {"xl/styles.xml": PARTS["xl/styles.xml"]})
    _store(tmp_path / "ours.xlsx", files, threads=2)
    with zipfile.ZipFile(tmp_path / "ours.xlsx") as ours:
        info = ours.getinfo("xl/styles.xml")
    deflater = zlib.compressobj(1, zlib.DEFLATED, -15)
    expected = deflater.compress(PARTS["xl/styles.xml"]) + deflater.flush()
    assert info.compress_size == len(expected)
    raw = (tmp_path / "ours.xlsx").read_bytes()
    assert expected in raw


def test_the_same_parts_give_the_same_bytes_on_one_thread_or_four(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zipparts, "PIECE", 32 * 1024)
    files = _files(tmp_path / "in", PARTS)
    _store(tmp_path / "one.xlsx", files, threads=1)
    _store(tmp_path / "four.xlsx", files, threads=4)
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "four.xlsx").read_bytes()


def test_an_archive_that_needs_zip64_is_written_by_zipfile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zipparts, "_LIMIT", 100_000)  # sheet1 (300 KB) is "too large"
    calls: list[object] = []
    original = zipfile.ZipFile.writestr

    def counted(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        calls.append(args[0])
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "writestr", counted)
    _store(tmp_path / "big.xlsx", _files(tmp_path / "in", PARTS), threads=2)
    assert len(calls) == len(PARTS)
    with zipfile.ZipFile(tmp_path / "big.xlsx") as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == PARTS


def test_a_name_outside_ascii_is_flagged_utf8(tmp_path: Path) -> None:
    files = _files(tmp_path / "in", {"xl/media/ảnh.xml": b"<x/>"})
    _store(tmp_path / "n.zip", files, threads=1)
    with zipfile.ZipFile(tmp_path / "n.zip") as archive:
        assert archive.namelist() == ["xl/media/ảnh.xml"]
        assert archive.getinfo("xl/media/ảnh.xml").flag_bits & 0x800


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.binary(max_size=3000), min_size=1, max_size=4),
    st.integers(min_value=1, max_value=700),
)
def test_any_parts_in_any_pieces_read_back(
    tmp_path_factory: pytest.TempPathFactory, parts: list[bytes], piece: int
) -> None:
    folder = tmp_path_factory.mktemp("z")
    named = {f"p{i}.xml": data * 3 for i, data in enumerate(parts)}  # repeats: matches to find
    original = zipparts.PIECE
    zipparts.PIECE = piece
    try:
        _store(folder / "a.zip", _files(folder / "in", named), threads=2)
    finally:
        zipparts.PIECE = original
    with zipfile.ZipFile(folder / "a.zip") as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == named
