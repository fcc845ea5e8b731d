"""Numbers as clerks type them: ``1.234`` is 1234, `` 1 234 `` is 1234, ``12,5`` is not a count."""

from __future__ import annotations

import re
from datetime import date, datetime

# Spaces of every kind Excel and web pages put inside numbers.
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
# One comma group ("1,234") is a Vietnamese decimal; two or more are English thousands.
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}$")
# ... unless a PC set to English wrote it (a CSV of a form formatted #,##0): said apart.
_ONE_COMMA_GROUP = re.compile(r"^[+-]?\d{1,3},\d{3}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*[.,]\d+$")


class NumberProblem(ValueError):
    """Why a cell is not a whole number: ``value.fraction``, ``value.comma_group`` (a fraction
    that may be a whole number with an English thousands comma) or ``value.not_number``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_whole(raw: object) -> int | None:
    """A whole number from a cell, or None for an empty cell; raises :class:`NumberProblem`.

    >>> parse_whole("12.345.678"), parse_whole(" 1 234 "), parse_whole(1234.0)
    (12345678, 1234, 1234)
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, (bool, date, datetime)):
        raise NumberProblem("value.not_number")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise NumberProblem("value.not_number")
        if not raw.is_integer():
            raise NumberProblem("value.fraction")
        return int(raw)
    text = _SPACES.sub("", str(raw))
    if not text:
        return None
    if _INTEGER.match(text):
        return int(text)
    if _THOUSANDS_DOT.match(text):
        return int(text.replace(".", ""))
    if _THOUSANDS_COMMA.match(text):
        return int(text.replace(",", ""))
    if _DECIMAL.match(text):
        whole, _, frac = text.replace(",", ".").partition(".")
        if frac.strip("0") == "":
            return int(whole or "0")
        if _ONE_COMMA_GROUP.match(text):  # 1,814: a decimal, or 1814 with an English comma
            raise NumberProblem("value.comma_group")
        raise NumberProblem("value.fraction")
    raise NumberProblem("value.not_number")
