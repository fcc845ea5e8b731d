"""Discover: walk the input paths and list the files to read; what each file is, by its
content and not its name, is told by the worker that reads it.

Discovery runs in the parent while the workers read, so it only lists and ``stat``s: it opens
no input file (a folder, a device, an office lock file or a link out of the tree is refused
by its listing alone). The worker reads the file once, hashes it and tells its kind from its
bytes (:func:`settled_kind`; only the first :data:`HEAD_BYTES` of a file over the size limit,
:mod:`xhht_cli.read.source`), and sends both back with what it read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR, S_ISREG

# What tells markup (its first tag and namespaces), a zip, an OLE file, an image or a PDF:
# all that is read of a file over the size limit.
HEAD_BYTES = 16_384
# The kind of a file listed and not read yet.
UNREAD = "unknown"
SPREADSHEET_SUFFIXES = {
    ".xlsx",
    ".xlsm",
    ".xls",
    ".xlsb",
    ".ods",
    ".fods",
    ".csv",
    ".txt",
    ".tsv",
}
# Markup that web systems and old tools save as "Excel": only these suffixes make it a report
# (an .html page or an unrelated .xml in the inbox is no spreadsheet).
_MARKUP_SUFFIXES = SPREADSHEET_SUFFIXES | {".xml"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body", b"<style")
_XML_SPREADSHEET = b"urn:schemas-microsoft-com:office:spreadsheet"  # Excel 2003 XML


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file found in the inputs: its kind (a format to read, or why not)."""

    path: Path
    display: str
    size: int
    mtime: float
    # The content's sha256, from the worker that read the file ("" until it is read, and for
    # a file never read: refused, or over the size limit).
    sha256: str
    # xlsx, ooxml (an xlsx with unusual part names), xls, xlsb, ods, csv, html, xml2003, fods,
    # or "ignored" / "unreadable"; "unknown" until a worker has read it, zip / ole for a
    # container over the size limit (only its first bytes were read).
    kind: str
    reason: str | None = None  # the finding code when ignored or unreadable
    # When it was received (seconds since the epoch): the time the store first saw it in a
    # cron run; None on the command line, where the file's modification time stands for it.
    received: float | None = None

    @property
    def readable(self) -> bool:
        return self.kind not in {"ignored", "unreadable"}


Reuse = Callable[[Path, str, os.stat_result], "InputFile | None"]


def discover(paths: list[Path], reuse: Reuse | None = None) -> list[InputFile]:
    """Every file under *paths* (recursively, symlinked folders not followed), classified,
    in the order of their names.

    *reuse* may recognise a file from its ``stat`` alone (the batch store knows it unchanged);
    such a file is not opened.
    """
    return sorted(found(paths, reuse), key=lambda f: f.display)


def found(paths: list[Path], reuse: Reuse | None = None) -> Iterator[InputFile]:
    """The files of :func:`discover` one by one as the walk meets them (each once), so that
    reading can begin before the last folder is listed."""
    seen: set[str] = set()
    for root in paths:
        inside = root.resolve() if root.is_dir() else root.resolve().parent
        for path, display, inner, entry in _walk(root):
            if entry is not None:
                # A plain file met in the walk: its path under the resolved root is already
                # canonical (the walk never enters a symlinked folder), and one lstat is all.
                key = os.path.join(inside, inner)
                if key not in seen:
                    seen.add(key)
                    yield _plain(Path(path), display, entry.stat(follow_symlinks=False), reuse)
                continue
            target = Path(path)
            if target.is_symlink() and not target.is_dir():
                if path in seen:
                    continue
                seen.add(path)
                if not target.exists():
                    yield _refused(target, display, "file.broken_link")
                    continue
                if not target.resolve().is_relative_to(inside):
                    yield _refused(target, display, "file.symlink_outside")
                    continue
            key = str(target.resolve()) if target.exists() else path
            if key not in seen:
                seen.add(key)
                yield classify(target, display)


def _plain(path: Path, display: str, stat: os.stat_result, reuse: Reuse | None) -> InputFile:
    if reuse is not None and S_ISREG(stat.st_mode):
        known = reuse(path, display, stat)
        if known is not None:
            return known
    return classify(path, display, stat)


def _refused(path: Path, display: str, reason: str) -> InputFile:
    return InputFile(path, display, 0, 0.0, "", "ignored", reason)


def _walk(root: Path) -> Iterator[tuple[str, str, str, os.DirEntry[str] | None]]:
    """(path, path as the user sees it, path inside *root*, and the directory entry of a file
    that is no symlink)."""
    if not root.is_dir():
        yield str(root), str(root), "", None
        return
    top = str(root)
    prefix = "" if top == "." else top.rstrip(os.sep) + os.sep
    todo = [""]
    while todo:
        rel = todo.pop()
        folder = os.path.join(top, rel) if rel else top
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            inner = os.path.join(rel, entry.name) if rel else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                subfolders.append(inner)
            elif entry.is_symlink():
                yield entry.path, prefix + inner, inner, None  # judged by what it points to
            else:
                yield entry.path, prefix + inner, inner, entry
        todo.extend(reversed(subfolders))


def classify(path: Path, display: str, stat: os.stat_result | None = None) -> InputFile:
    """A file as listed: its size and time, and whether it is to be read at all (a folder, a
    device, an office lock file is not); what it is, the worker that reads it tells.

    *stat* is the file's own ``lstat`` when the caller has it (and the file is no symlink)."""
    try:
        stat = stat if stat is not None else path.stat()
    except OSError:
        return InputFile(path, display, 0, 0.0, "", "unreadable", "file.no_access")
    if S_ISDIR(stat.st_mode):
        return InputFile(path, display, 0, stat.st_mtime, "", "ignored", "file.symlink_dir")
    if not S_ISREG(stat.st_mode):  # a FIFO or a device would block or never end
        return InputFile(path, display, 0, stat.st_mtime, "", "ignored", "file.not_regular")
    kind, reason = ("ignored", "file.lock_file") if path.name.startswith(_LOCKS) else (UNREAD, None)
    return InputFile(path, display, stat.st_size, stat.st_mtime, "", kind, reason)


_LOCKS = ("~$", ".~lock")  # what Excel and LibreOffice leave beside a file they hold open


# What a worker may open once it has the bytes; the rest is refused before reading.
NOT_OPENED = frozenset(
    {"file.symlink_dir", "file.not_regular", "file.symlink_outside", "file.broken_link"}
)


def settled_kind(path: Path, data: bytes) -> tuple[str, str | None]:
    """The kind of a file from all its *data* (in the worker), and for a container what its
    members say. An OpenDocument package's encryption is told later, after its size checks
    (``xhht_cli.read.source``)."""
    return kind_of(path, data, whole=True)


def kind_of(path: Path, data: bytes, whole: bool) -> tuple[str, str | None]:
    """The kind and, when refused, the finding code, from *data*: all the file's bytes when
    *whole*, else its head (then a container is ``zip`` or ``ole``, to be settled)."""
    suffix = path.suffix.lower()
    if path.name.startswith(_LOCKS):
        return "ignored", "file.lock_file"
    if not data:
        return (
            ("unreadable", "file.empty")
            if suffix in SPREADSHEET_SUFFIXES
            else ("ignored", "file.not_spreadsheet")
        )
    if data.startswith(b"PK"):
        return _zip_kind(data, suffix) if whole else ("zip", None)
    if data.startswith(_OLE):
        if not whole:
            return "ole", None
        if _ENCRYPTED in data:
            return "unreadable", "file.encrypted"
        return (
            ("xls", None)
            if suffix in {".xls", ".xlsx", ".xlsm", ".xlsb", ""}
            else ("ignored", "file.not_spreadsheet")
        )
    markup = _markup_kind(_head_text(data))
    if markup is not None:
        if suffix not in _MARKUP_SUFFIXES or (suffix == ".xml" and markup == "xml"):
            return "ignored", "file.not_spreadsheet"
        return ("unreadable", "file.xml_other") if markup == "xml" else (markup, None)
    if data.startswith(b"%PDF") or data[:4] in {b"\x89PNG", b"GIF8"} or data[:3] == b"\xff\xd8\xff":
        return "ignored", "file.not_spreadsheet"
    if suffix in {".csv", ".txt", ".tsv"}:
        return "csv", None
    if suffix in SPREADSHEET_SUFFIXES:
        return "unreadable", "file.corrupt"
    return "ignored", "file.not_spreadsheet"


def _head_text(data: bytes) -> bytes:
    """The first bytes, lower-case, as ASCII-compatible text (a UTF-16 page re-encoded), without
    a byte-order mark or leading blanks, when they open a tag; else empty (a CSV costs a slice)."""
    head = data[:HEAD_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if not head[:256].decode("utf-16", "replace").lstrip().startswith("<"):
            return b""
        head = head.decode("utf-16", "replace").encode("utf-8", "replace")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.lower() if head.startswith(b"<") else b""


def _markup_kind(head: bytes) -> str | None:
    """html, xml2003 (Excel 2003 XML Spreadsheet), fods (flat OpenDocument), xml (some other
    XML), or None when the file is no markup."""
    if head.startswith(_HTML_STARTS):
        return "html"
    if not head.startswith((b"<?xml", b"<?mso-application", b"<workbook", b"<office:document")):
        return None
    if b"<html" in head[:2048]:
        return "html"  # XHTML
    if _XML_SPREADSHEET in head or b'progid="excel.sheet"' in head:
        return "xml2003"
    if b"<office:document" in head and b"opendocument.spreadsheet" in head:
        return "fods"
    return "xml"


def _zip_kind(data: bytes, suffix: str) -> tuple[str, str | None]:
    """Tell an OOXML/ODF container by the member names its bytes carry; a zip without its end
    record is truncated. (No zip parsing: this runs for every file of a national batch.)"""
    spreadsheet = suffix in SPREADSHEET_SUFFIXES
    if data.rfind(b"PK\x05\x06", max(0, len(data) - 65_536 - 22)) < 0:
        return (
            ("unreadable", "file.corrupt") if spreadsheet else ("ignored", "file.not_spreadsheet")
        )
    at = data.find(b"xl/workbook.")
    if at >= 0:
        named = data[at + 12 : at + 15]  # the first member name says it, almost always
        if named == b"bin" or (named != b"xml" and b"xl/workbook.bin" in data):
            return "xlsb", None
        if named == b"xml" or b"xl/workbook.xml" in data:
            return "xlsx", None
    if data[30:38] == b"mimetype" and b"opendocument.spreadsheet" in data[38:120]:
        return "ods", None  # whether its parts are encrypted: read/source.py, in the worker
    if b"[Content_Types].xml" in data:
        # Parts named as Windows tools write them (xl\workbook.xml) or the workbook part at
        # the package root: calamine follows the package's relationships and reads them;
        # openpyxl (formulas, fonts, the feedback copy) looks for xl/workbook.xml, so such a
        # package is a kind of its own.
        if b"workbook.bin" in data:
            return "xlsb", None
        if re.search(rb"(^|[/\\\x00-\x1f])workbook\.xml", data):
            return "ooxml", None
    return ("unreadable", "file.corrupt") if spreadsheet else ("ignored", "file.not_spreadsheet")
