import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from xhht_cli.base.text import fold, name_key, nfc, slug, strip_diacritics


def test_fold_examples():
    assert fold("  Xã  TÂN Lộc ") == "xa tan loc"
    assert fold("Đơn vị tính") == "don vi tinh"
    assert fold("MÃ ĐVHC") == "ma dvhc"
    assert fold('Số hộ được công nhận "Gia đình học tập"') == fold(
        "so ho duoc cong nhan “gia dinh hoc tap”"
    )


def test_name_key_ignores_unit_prefix():
    assert name_key("Xã Tân Lộc") == name_key("Tân Lộc") == name_key("xa tan loc") == "tan loc"
    assert name_key("Huyện Thới Bình") == "thoi binh"
    assert name_key("Thị trấn U Minh") == "u minh"
    assert name_key("Phường 9") == "9"
    assert name_key("Xã") == "xa"  # a bare prefix is kept, not emptied


def test_slug_is_ascii_file_name():
    assert slug("Xã Tân Lộc Đông") == "xa-tan-loc-dong"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("") == "khong-ten"


vietnamese = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệ")
    ),
    max_size=40,
)


@given(vietnamese)
def test_fold_is_insensitive_to_normal_form_case_and_spaces(text):
    nfd = unicodedata.normalize("NFD", text)
    assert fold(nfd) == fold(text)
    assert fold(text.upper()) == fold(text.lower()) == fold(text)
    assert fold("  " + text.replace(" ", "   ") + " ") == fold(text)


@given(vietnamese)
def test_fold_is_idempotent_and_ascii(text):
    once = fold(text)
    assert fold(once) == once
    assert once.isascii()


@given(vietnamese)
def test_strip_diacritics_keeps_length_of_nfc(text):
    assert len(strip_diacritics(nfc(text))) == len(nfc(text))
