"""Text typed in legacy Vietnamese fonts (TCVN3 ``.VnTime``…, VNI ``VNI-Times``…) → Unicode.

Such text is stored as Latin-1 look-alikes (TCVN3 ``Tæng sè hé`` = ``Tổng số hộ``). The
tables are built from the encodings' rules rather than typed out letter by letter.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (ABC): one byte per letter; lower-case letters with tones, plus Ă Â Đ Ê Ô Ơ Ư.
_TCVN3_LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
_TCVN3_CODES = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3 = str.maketrans(dict(zip(_TCVN3_CODES, _TCVN3_LETTERS, strict=True)))

# VNI: a base letter followed by a mark character; some letters are one character.
_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_I_TONES = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def _vni_of(letter: str) -> str:
    """The VNI spelling of one lower-case Vietnamese letter."""
    if letter == "đ":
        return "ñ"
    parts = unicodedata.normalize("NFD", letter)
    base, marks = parts[0], parts[1:]
    tone = next((m for m in marks if m in _TONES), "")
    if "\u0302" in marks:
        return base + _CIRCUMFLEX[tone]
    if "\u0306" in marks:
        return base + _BREVE[tone]
    if "\u031b" in marks:
        return {"o": "ô", "u": "ö"}[base] + _TONES.get(tone, "")
    if base == "i" and tone:
        return _I_TONES[tone]
    if base == "y" and tone == "\u0323":
        return "î"
    return base + _TONES.get(tone, "")


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    letters = set("aăâeêioôơuưyđ")
    for base in list(letters):
        for tone in ("", *_TONES):
            letter = unicodedata.normalize("NFC", unicodedata.normalize("NFD", base) + tone)
            if len(letter) == 1:
                letters.add(letter)
    for letter in letters:
        code = _vni_of(letter)
        if code != letter:
            table[code] = letter
            table[code.upper()] = letter.upper()
    return table


_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))
_LEGACY_FONT = re.compile(r"^\.vn|^vni[- ]", re.IGNORECASE)


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    """Decode TCVN3 text; *upper* for the capital fonts (``.VnTimeH``)."""
    out = text.translate(_TCVN3)
    return out.upper() if upper else out


def vni_to_unicode(text: str) -> str:
    """Decode VNI text (longest sequences first: ``oâ`` before ``ô``)."""
    return _VNI_PATTERN.sub(lambda m: _VNI[m.group(0)], text)


def font_encoding(font_name: str | None) -> str | None:
    """``tcvn3``, ``tcvn3-upper`` or ``vni`` for a legacy font name, else None."""
    if not font_name or not _LEGACY_FONT.match(font_name.strip()):
        return None
    name = font_name.strip()
    if name.lower().startswith("vni"):
        return "vni"
    return "tcvn3-upper" if name.endswith("H") else "tcvn3"


def decode(text: str, encoding: str) -> str:
    if encoding == "vni":
        return vni_to_unicode(text)
    return tcvn3_to_unicode(text, upper=encoding == "tcvn3-upper")


# Characters TCVN3 or VNI text has and Unicode Vietnamese never uses; letters such as á, ú or ê
# are both, so they say nothing ("Ghi chú" is plain Unicode).
_VIETNAMESE_LATIN1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
_MARKERS = sorted((set(_TCVN3_CODES) | set("øûïåäüëöñæîØÛÏÅÄÜËÖÑÆÎ")) - set(_VIETNAMESE_LATIN1))
_LEGACY_CHAR = re.compile("[" + re.escape("".join(_MARKERS)) + "]")
_UNICODE_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăĂđĐơƠưƯ]")


def looks_legacy(text: str) -> bool:
    """Whether *text* has characters that Vietnamese text in Unicode would not."""
    return _LEGACY_CHAR.search(text) is not None and _UNICODE_VIETNAMESE.search(text) is None
