import os
import zipfile
from pathlib import Path

from helpers import PLAN, grid
from synth import write_xlsx
from xhht_cli.read import read_file
from xhht_cli.read.discover import classify, discover


def kind(path: Path) -> tuple[str, str | None]:
    """What the file is, as the worker that reads it tells."""
    found = read_file(classify(path, path.name), PLAN).file
    return found.kind, found.reason


def test_classified_by_content_not_name(tmp_path):
    real = tmp_path / "bao-cao.xls"  # an xlsx with the wrong extension
    write_xlsx(real, [("BaoCao", grid())])
    assert kind(real) == ("xlsx", None)
    html = tmp_path / "web.xls"
    html.write_text("<!DOCTYPE html><html><table></table></html>")
    assert kind(html) == ("html", None)  # read as a table; file.html only when it holds none
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert kind(empty) == ("unreadable", "file.empty")
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    assert kind(pdf) == ("ignored", "file.not_spreadsheet")
    docx = tmp_path / "cv.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert kind(docx) == ("ignored", "file.not_spreadsheet")
    broken = tmp_path / "cut.xlsx"
    broken.write_bytes(real.read_bytes()[:300])
    assert kind(broken) == ("unreadable", "file.corrupt")


def test_sha256_from_the_read_and_recursion(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    path = tmp_path / "a" / "b" / "r.csv"
    path.write_text("x")
    (found,) = discover([tmp_path])
    assert found.display == str(path) and found.sha256 == ""  # discovery hashes nothing
    read = read_file(found, PLAN)
    assert read.file.sha256 == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"


def test_symlinks_are_never_followed_out_of_the_tree_or_round_a_loop(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    outside = tmp_path / "secret.csv"
    outside.write_text("x")
    os.symlink(outside, inbox / "link.csv")
    os.symlink(inbox, inbox / "loop")
    os.symlink(tmp_path / "gone.csv", inbox / "broken.csv")
    inside = inbox / "real.csv"
    inside.write_text("y")
    os.symlink(inside, inbox / "alias.csv")
    found = {
        Path(f.display).name: (read.file.kind, read.file.reason)
        for f in discover([inbox])
        for read in [read_file(f, PLAN)]
    }
    assert found["link.csv"] == ("ignored", "file.symlink_outside")
    assert found["loop"] == ("ignored", "file.symlink_dir")
    assert found["broken.csv"] == ("ignored", "file.broken_link")
    assert ("csv", None) in found.values()
    assert len([v for v in found.values() if v == ("csv", None)]) == 1  # alias = real: once
