"""Names, receipt numbers and referral codes: what is kept, what is refused, and why."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loyalty.errors import InvalidInput
from loyalty.text import (
    NAME_MAX,
    clean_name,
    clean_receipt_no,
    clean_referral_code,
    name_length,
    repair_name,
)

ZOE_DECOMPOSED = "Zoe\u0301"


@pytest.mark.parametrize(("typed", "stored"), [
    ("王小明", "王小明"),
    ("  王 小明 ", "王 小明"),
    ("Mary\u00a0\u3000Chan\t\n", "Mary Chan"),  # no-break and ideographic spaces, a tab
    ("Ann\u2028Lee", "Ann Lee"),  # a line separator is whitespace
    (ZOE_DECOMPOSED, "Zoé"),  # NFC: one code point é
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # stored as typed, shown plain
    ("👩\u200d👩\u200d👧 Lin", "👩\u200d👩\u200d👧 Lin"),  # joiners inside an emoji sequence
    ("\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Ross",
     "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Ross"),  # flag
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),  # noqa: E501  Persian ZWNJ
    ("𠮷" * NAME_MAX, "𠮷" * NAME_MAX),  # 40 characters although 80 UTF-16 units
    ("❤️ Amy", "❤️ Amy"),  # a variation selector is part of the emoji
])
def test_names_are_kept_normalised(typed: str, stored: str) -> None:
    assert clean_name(typed) == stored


@pytest.mark.parametrize(("typed", "code", "named"), [
    ("", "name_empty", ""),
    ("   \u3000", "name_empty", ""),
    ("\u200b\u200b", "name_bad_character", "U+200B"),  # zero-width only: invisible, refused
    ("\u0301\u0301", "name_empty", ""),  # combining marks only: nothing visible
    ("Ann\x07", "name_bad_character", "U+0007 BELL"),
    ("\x1b[31mAnn", "name_bad_character", "U+001B ESCAPE"),
    ("Ann\x00", "name_bad_character", "U+0000 NULL"),
    ("Ann\u00adLee", "name_bad_character", "SOFT HYPHEN"),
    ("\ufeffAnn", "name_bad_character", "U+FEFF"),
    ("王小明\u202ecba", "name_bidi_control", "RIGHT-TO-LEFT OVERRIDE"),
    ("\u2067王\u2069", "name_bidi_control", "RIGHT-TO-LEFT ISOLATE"),
    ("Ann\u200fLee", "name_bidi_control", "RIGHT-TO-LEFT MARK"),
    ("Ann\ue000", "name_bad_character", "U+E000"),  # private use: no font has it
    ("Ann\U000e0041", "name_bad_character", "TAG LATIN CAPITAL LETTER A"),  # a lone tag
    ("Ann\u200d", "name_bad_character", "ZERO WIDTH JOINER"),  # joins nothing
    ("Ann\ufffe", "name_bad_character", "U+FFFE"),  # a non-character
    ("Ann \U00050000", "name_unknown_character", "U+50000"),  # unassigned (a newer emoji)
    ("x" * (NAME_MAX + 1), "name_too_long", "41"),
    ("𠮷" * (NAME_MAX + 1), "name_too_long", "41"),
])
def test_refused_names_say_which_character_and_are_never_cut(typed: str, code: str,
                                                             named: str) -> None:
    with pytest.raises(InvalidInput) as err:
        clean_name(typed)
    assert err.value.code == code
    assert named in str(err.value)


def test_name_length_counts_what_the_limit_counts() -> None:
    assert name_length("𠮷" * 3) == 3
    assert name_length(" a  b ") == 3
    assert name_length(ZOE_DECOMPOSED) == 3


def test_a_name_from_an_older_till_loses_only_what_is_refused() -> None:
    assert repair_name("王小明\u202ecba") == "王小明cba"
    assert repair_name("Ann\x07 Lee") == "Ann Lee"
    assert repair_name("\u200b") is None
    assert repair_name(ZOE_DECOMPOSED) == "Zoé"
    with pytest.raises(InvalidInput, match="41"):
        repair_name("x" * 41)


@given(st.text(max_size=60))
def test_whatever_is_accepted_is_clean_and_stable(text: str) -> None:
    try:
        name = clean_name(text)
    except InvalidInput:
        return
    assert clean_name(name) == name
    assert repair_name(text) == name
    assert unicodedata.is_normalized("NFC", name)
    assert name == name.strip() and "  " not in name
    assert 1 <= len(name) <= NAME_MAX


@given(st.text(max_size=60))
def test_repair_gives_a_name_the_till_accepts_or_none(text: str) -> None:
    try:
        name = repair_name(text)
    except InvalidInput as err:
        assert err.code == "name_too_long"
        return
    assert name is None or clean_name(name) == name


@pytest.mark.parametrize(("typed", "stored"), [
    (None, None), ("", None), ("  ", None),
    ("R-0001", "R-0001"), (" ｒ１２３ ", "r123"), ("Ｒ１２３", "R123"), ("A 12", "A 12"),
])
def test_receipt_numbers_are_read_as_the_pos_prints_them(typed: str | None,
                                                          stored: str | None) -> None:
    assert clean_receipt_no(typed) == stored


@pytest.mark.parametrize("typed", ["1" * 41, "R\x07", "R\u200b1", "R\n1"])
def test_bad_receipt_numbers_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as err:
        clean_receipt_no(typed)
    assert err.value.code == "receipt_invalid"


def test_referral_codes_follow_the_same_rule() -> None:
    assert clean_referral_code(" ＡＢＣ１ ") == "ABC1"
    with pytest.raises(InvalidInput) as err:
        clean_referral_code("A\x1b")
    assert err.value.code == "referral_invalid"
