import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xhht_cli.read.legacy import (
    _TCVN3_CODES,
    _TCVN3_LETTERS,
    _vni_of,
    font_encoding,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from xhht_cli.read.numbers import NumberProblem, parse_whole


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234", 1234),
        ("12.345.678", 12345678),
        (" 1 234 ", 1234),
        ("1\u00a0234", 1234),
        (1234.0, 1234),
        (7, 7),
        ("0", 0),
        ("", None),
        (None, None),
        ("12,345,678", 12345678),
        ("-5", -5),
        ("12.0", 12),
    ],
)
def test_vietnamese_numbers(raw, expected):
    assert parse_whole(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("12,5", "value.fraction"),
        (12.5, "value.fraction"),
        ("1,234", "value.comma_group"),
        ("-1,234", "value.comma_group"),
        ("1,2345", "value.fraction"),
        ("khoảng 5", "value.not_number"),
        (True, "value.not_number"),
        ("1.23.4", "value.not_number"),
    ],
)
def test_not_whole_numbers(raw, code):
    with pytest.raises(NumberProblem) as info:
        parse_whole(raw)
    assert info.value.code == code


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_round_trip(n):
    dotted = f"{n:,}".replace(",", ".")
    spaced = f" {n:,} ".replace(",", " ")
    assert (
        parse_whole(dotted)
        == parse_whole(spaced)
        == parse_whole(str(n))
        == parse_whole(float(n))
        == n
    )


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_a_fraction_is_never_rounded(n, tenth):
    with pytest.raises(NumberProblem):
        parse_whole(f"{n},{tenth}")
    with pytest.raises(NumberProblem):
        parse_whole(n + tenth / 10)


LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxy àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)


@given(st.text(alphabet=LETTERS, max_size=60))
def test_tcvn3_round_trip(text):
    encoded = text.translate(str.maketrans(dict(zip(_TCVN3_LETTERS, _TCVN3_CODES, strict=True))))
    assert tcvn3_to_unicode(encoded) == text


@given(st.text(alphabet=LETTERS + LETTERS.upper(), max_size=60))
def test_vni_round_trip(text):
    text = unicodedata.normalize("NFC", text)
    encoded = "".join(_vni_of(c.lower()).upper() if c.isupper() else _vni_of(c) for c in text)
    assert vni_to_unicode(encoded) == text


def test_known_words():
    assert tcvn3_to_unicode("Tæng sè hé gia ®×nh") == "Tổng số hộ gia đình"
    assert vni_to_unicode("Coâng daân hoïc taäp") == "Công dân học tập"
    assert vni_to_unicode("ÑÔN VÒ") == "ĐƠN VỊ"
    assert font_encoding(".VnTime") == "tcvn3" and font_encoding(".VnTimeH") == "tcvn3-upper"
    assert font_encoding("VNI-Times") == "vni" and font_encoding("Times New Roman") is None


def test_a_number_in_words_is_rounded_as_the_workbook_beside_it_shows_it() -> None:
    """The draft report and the terminal print 429/528 = 81.25 % as the TongHop cell
    (format 0.0) shows it: "81,3", half up as Excel and LibreOffice round, not half to even;
    a small change below zero is no "-0,0"."""
    from xhht_cli.base.i18n import fmt_num

    assert fmt_num(429 / 528 * 100, "vi", 1) == "81,3"
    assert fmt_num(2.5, "en") == "3" and fmt_num(-2.25, "en", 1) == "-2.3"
    assert fmt_num(-0.04, "vi", 1) == "0,0"
    assert fmt_num(139_999 / 200_000 * 100, "vi", 3) == "70,000"  # as the cell shows it
    assert fmt_num(1_234_567, "vi") == "1.234.567" and fmt_num(None) == "—"
