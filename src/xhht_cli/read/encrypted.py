"""Workbooks encrypted with Excel's built-in password.

Excel encrypts a workbook that is only protected (against changes, without a password to open
it) with the password ``VelvetSweatshop``, and opens it without asking. So does xhht: the
workbook is decrypted with msoffcrypto-tool, in the reading worker and within its bounds — the
container's chains checked first (:mod:`.ole`: a looping chain is damage, not a hang), and a key
derivation asking for far more rounds than Excel uses (100,000) refused rather than run for
minutes. A workbook that needs another password is ``file.encrypted``.
"""

from __future__ import annotations

import io
import re

from xhht_cli.read.cells import SheetsUnreadable
from xhht_cli.read.ole import SIGNATURE, Ole

DEFAULT_PASSWORD = "VelvetSweatshop"
MAX_SPIN = 500_000  # rounds of the key derivation (Excel: 100,000)
_SPIN = re.compile(rb'spinCount="(\d{1,15})"')


def _encrypted() -> SheetsUnreadable:
    return SheetsUnreadable("file.encrypted")


def _check(data: bytes) -> None:
    """The container's chains (those of every stream decryption reads) and the rounds its key
    derivation asks for."""
    if not data.startswith(SIGNATURE):
        raise _encrypted()  # an encrypted OpenDocument package: no default password there
    try:
        ole = Ole(data)
        for name in ("EncryptedPackage", "Workbook", "Book"):
            ole.stream(name)
        info = ole.stream("EncryptionInfo") or b""
    except SheetsUnreadable as exc:  # a broken container: it still asked for a password
        raise _encrypted() from exc
    if any(int(spins) > MAX_SPIN for spins in _SPIN.findall(info)):
        raise _encrypted()


def decrypt_default(data: bytes) -> bytes:
    """The workbook in *data* decrypted with Excel's built-in password; ``file.encrypted`` when
    it needs another (or cannot be decrypted)."""
    _check(data)
    import msoffcrypto

    out = io.BytesIO()
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=DEFAULT_PASSWORD)
        office.decrypt(out)
    except Exception as exc:  # a wrong password, an unsupported scheme, a damaged header
        raise _encrypted() from exc
    return out.getvalue()


def kind_of(plain: bytes) -> str:
    """What a decrypted workbook is: xlsx, xlsb or xls."""
    if plain.startswith(b"PK"):
        return "xlsb" if b"xl/workbook.bin" in plain else "xlsx"
    if plain.startswith(SIGNATURE):
        return "xls"
    raise _encrypted()
