"""Vietnamese text normalisation: NFC for display, folded keys for matching.

Clerks type labels with or without diacritics, in any case, with stray spaces, and
sometimes in decomposed (NFD) form; every comparison goes through :func:`fold`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")

# Unit-type prefixes dropped when matching unit names: "Xã Tân Lộc" ~ "Tân Lộc".
_UNIT_PREFIXES = (
    "thanh pho truc thuoc trung uong",
    "thanh pho",
    "thi tran",
    "thi xa",
    "dac khu",
    "phuong",
    "huyen",
    "quan",
    "tinh",
    "xa",
    "tp",
    "tt",
)


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC with surrounding whitespace removed."""
    return unicodedata.normalize("NFC", text).strip()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics (``Đ`` → ``D``) keeping case and spacing."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)  # labels and headers repeat across thousands of files
def fold(text: str) -> str:
    """A matching key: no diacritics, lower case, punctuation and runs of space as one space.

    >>> fold("  Xã  TÂN Lộc ")
    'xa tan loc'
    >>> fold('Số hộ được công nhận “Gia đình học tập”')
    'so ho duoc cong nhan gia dinh hoc tap'
    """
    plain = strip_diacritics(unicodedata.normalize("NFC", text)).casefold()
    return _NON_WORD.sub(" ", plain).strip()


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A matching key for unit names that ignores the unit-type prefix (``Xã``, ``Huyện`` …)."""
    key = fold(name)
    for prefix in _UNIT_PREFIXES:
        if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
            return key[len(prefix) + 1 :]
    return key


def slug(text: str, max_len: int = 60) -> str:
    """A file-name-safe ASCII form of *text*: ``Xã Tân Lộc`` → ``xa-tan-loc``."""
    return fold(text).replace(" ", "-")[:max_len].strip("-") or "khong-ten"


def decode_text(data: bytes) -> str:
    """The text of a CSV file as spreadsheet programs save it (docs/units.md, "File"): UTF-8
    with or without its mark, UTF-16 ("Unicode text"), or Windows Vietnamese (cp1258, what
    Excel on Vietnamese Windows saves as "CSV") line by line where a line is not UTF-8; in NFC,
    as every name is compared (cp1258 writes tone marks as combining characters)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif len(data) > 1 and data[1:2] == b"\x00" and data[:1] != b"\x00":  # UTF-16 without mark
        text = data.decode("utf-16-le", errors="replace")
    else:
        text = utf8_or_cp1258_lines(data.removeprefix(b"\xef\xbb\xbf"))
    return unicodedata.normalize("NFC", text.replace("\x00", ""))


def utf8_or_cp1258_lines(data: bytes, maxsplit: int = -1) -> str:
    """*data* decoded line by line: UTF-8 where a line is, else Windows Vietnamese (cp1258),
    as a file pasted together from several sources is; past *maxsplit* line ends, the rest
    as one piece."""
    decoded = []
    for line in data.split(b"\n", maxsplit):
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1258", errors="replace"))
    return "\n".join(decoded)


def csv_delimiter(header: str) -> str:
    """The separator of a CSV file from its header line: Excel saves ";" where the decimal
    comma is the regional setting (Vietnamese Windows), "," elsewhere, tabs as "Unicode text"."""
    return max((",", ";", "\t"), key=header.count)
