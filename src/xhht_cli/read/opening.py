"""Open one input file for reading, in the reading worker: its bytes within the size limit, a
zip's directory checked, a workbook encrypted with Excel's built-in password decrypted, and a
file discovery could not place looked at again — before any reader builds sheets.

What Excel opens without asking is read (the user's guide, docs/huong-dan-su-dung.md, "Bước 3"):

- a workbook "protected" without an open password is encrypted by Excel with the password
  ``VelvetSweatshop``; msoffcrypto-tool decrypts it here (:mod:`.encrypted`), and only a file
  that needs a password the user must know is ``file.encrypted``;
- an OpenDocument spreadsheet whose ``mimetype`` entry is not the first of the zip (discovery
  looks only there) is read as one;
- Excel 2.x–4.0 workbooks (raw BIFF, no OLE container) and Excel 5.0/95 workbooks calamine
  cannot open are named as such, with the fix (save as .xlsx) — never "damaged".
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from xhht_cli.read.cells import Sheet, SheetsUnreadable
from xhht_cli.read.damage import damaged, seen
from xhht_cli.read.discover import InputFile
from xhht_cli.read.encrypted import decrypt_default, kind_of
from xhht_cli.read.limits import Limits, Member, OverLimit, check_container
from xhht_cli.read.ole import SIGNATURE, workbook_stream
from xhht_cli.read.sheets import load_sheets
from xhht_cli.read.zipped import read_member
from xhht_cli.values.findings import Finding, Severity

ZIPPED = frozenset({"xlsx", "ooxml", "xlsb", "ods"})
# The first record of a BIFF stream (BOF) and what wrote it.
_OLD_BOF = {0x0009: "Excel 2.x", 0x0209: "Excel 3.0", 0x0409: "Excel 4.0"}
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"
_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream of an encrypted OOXML file


class NotPlaced(Exception):
    """A second look found nothing: the file stays what discovery said."""


@dataclass
class Opened:
    kind: str
    data: bytes
    members: list[Member] | None
    sheets: list[Sheet]


def second_look(file: InputFile) -> bool:
    """Whether a file discovery refused is looked at again in the worker."""
    return file.kind == "unreadable" and file.reason in ("file.encrypted", "file.corrupt")


def _old_format(name: str) -> SheetsUnreadable:
    return SheetsUnreadable("file.old_format", params={"format": name})


def _placed(file: InputFile, data: bytes, limits: Limits) -> tuple[str, bytes]:
    """The kind of a file discovery refused, and the bytes to read (decrypted)."""
    if file.reason == "file.encrypted":
        plain = decrypt_default(data)
        return kind_of(plain), plain
    if len(data) >= 4 and struct.unpack_from("<H", data)[0] in _OLD_BOF:
        raise _old_format(_OLD_BOF[struct.unpack_from("<H", data)[0]])
    if data.startswith(b"PK"):
        try:
            named = {m[0]: m for m in check_container(data, limits)}
        except OverLimit as exc:
            raise NotPlaced from exc
        mimetype = named.get("mimetype")
        if "content.xml" in named and (
            (mimetype is not None and read_member(data, mimetype, limits).strip() == _ODS)
            or _ODS in data
        ):
            return "ods", data
    raise NotPlaced


def _old_xls(data: bytes) -> SheetsUnreadable | None:
    """An Excel 5.0/95 (or older) workbook in an OLE container, named; None otherwise."""
    stream = workbook_stream(data) if data.startswith(SIGNATURE) else None
    if stream is not None and len(stream) >= 6:
        kind, _, version = struct.unpack_from("<HHH", stream)
        if kind in (0x0809, 0x0409, 0x0209, 0x0009) and version < 0x0600:
            return _old_format("Excel 5.0/95" if version >= 0x0500 else "Excel 2.x–4.0")
    return None


def open_file(file: InputFile, data: bytes, limits: Limits) -> Opened:
    """The file's kind, bytes (decrypted where Excel would open it without asking), zip
    members and sheets, from the bytes the worker read once (:mod:`xhht_cli.read.source`);
    raises :class:`OverLimit`, :class:`SheetsUnreadable` or :class:`NotPlaced` (the kind the
    bytes were given stands)."""
    kind = file.kind
    if second_look(file):
        kind, data = _placed(file, data, limits)
    elif kind == "xls" and _PACKAGE in data:  # an encrypted xlsx, found by content here
        data = decrypt_default(data)
        kind = kind_of(data)
    members = check_container(data, limits) if kind in ZIPPED else None
    try:
        sheets = load_sheets(file.path, kind, data, members, limits)
    except SheetsUnreadable as exc:
        if exc.code == "file.encrypted" and kind == "xls":  # FILEPASS: maybe the default
            data = decrypt_default(data)
            sheets = load_sheets(file.path, kind, data, None, limits)
        elif exc.code == "file.corrupt" and kind == "xls":
            raise _old_xls(data) or exc from exc
        else:
            raise
    return Opened(kind, data, members, sheets)


def refused(file: InputFile, data: bytes | None) -> Finding:
    """The finding for a file refused by its kind, as its bytes (*data*, None when not read)
    refused it."""
    severity: Severity = "warning" if file.kind == "ignored" else "error"
    reason = file.reason or "file.corrupt"
    params: dict[str, object] = {}
    if reason == "file.corrupt":
        params.update(damaged(seen(data or b"")))
    return Finding(reason, severity, file.display, params=params)


def unread(file: InputFile, exc: OverLimit | SheetsUnreadable) -> Finding:
    """The finding for a file that could not be opened or loaded."""
    params = dict(exc.params)
    if isinstance(exc, OverLimit) and exc.code == "file.corrupt":
        params.update(damaged(str(params.pop("damage", "zip")), str(params["detail"])))
    elif isinstance(exc, SheetsUnreadable) and exc.code == "file.corrupt":
        params.update(damaged(exc.damage, exc.detail, **exc.params))
    return Finding(exc.code, "error", file.display, params=params)
