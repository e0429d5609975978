"""Phone identity: every format a cashier types, every way it can be wrong."""

import pytest

from loyalty.errors import InvalidPhone
from loyalty.phone import (
    ANY_REGION,
    DEFAULT_MEMBER_REGIONS,
    check_member_e164,
    check_region_codes,
    mask_phone,
    normalise_member_phone,
    normalise_phone,
    parse_last_digits,
    phone_digits_reversed,
)


@pytest.mark.parametrize(("typed", "region", "e164"), [
    ("0912-345-678", "TW", "+886912345678"),
    ("0912345678", "TW", "+886912345678"),
    ("+886 912 345 678", "TW", "+886912345678"),
    ("+886-912-345-678", "HK", "+886912345678"),
    ("(0912) 345 678", "TW", "+886912345678"),
    ("０９１２３４５６７８", "TW", "+886912345678"),  # full-width digits from a Chinese IME
    ("  0912 345 678  ", "TW", "+886912345678"),
    ("9123 4567", "HK", "+85291234567"),
    ("91234567", "HK", "+85291234567"),
    ("+852 6123 4567", "TW", "+85261234567"),
    ("５１２３ ４５６７", "HK", "+85251234567"),
])
def test_accepted_formats_normalise_to_e164(typed: str, region: str, e164: str) -> None:
    assert normalise_phone(typed, region) == e164


@pytest.mark.parametrize(("typed", "region", "code"), [
    ("", "TW", "phone_empty"),
    ("   ", "TW", "phone_empty"),
    ("0912-ABC-678", "TW", "phone_bad_characters"),
    ("0912345678#", "TW", "phone_bad_characters"),
    ("0912", "TW", "phone_invalid"),
    ("09123456789", "TW", "phone_invalid"),  # one digit too many
    ("0812345678", "TW", "phone_invalid"),
    ("02-2345-6789", "TW", "phone_not_mobile"),  # Taipei landline
    ("2345 6789", "HK", "phone_not_mobile"),  # Hong Kong landline
    ("1234 5678", "HK", "phone_invalid"),
    ("9123 4567", "TW", "phone_invalid"),  # an HK mobile read as Taiwanese
])
def test_rejected_formats_say_why(typed: str, region: str, code: str) -> None:
    with pytest.raises(InvalidPhone) as err:
        normalise_phone(typed, region)
    assert err.value.code == code
    assert str(err.value)  # a sentence the cashier can read


def test_rejection_quotes_what_was_typed() -> None:
    with pytest.raises(InvalidPhone, match="0912"):
        normalise_phone("0912", "TW")


def test_masking_hides_the_middle_digits() -> None:
    assert mask_phone("+886912345678") == "0912-***-678"
    assert mask_phone("+85291234567") == "9123 **67"
    assert "345" not in mask_phone("+886912345678")


def test_last_digits_and_reverse_index_key() -> None:
    assert parse_last_digits("678") == "678"
    assert parse_last_digits("５６７８") == "5678"
    assert parse_last_digits("12") is None
    assert parse_last_digits("12345") is None
    assert phone_digits_reversed("+886912345678").startswith("876")


@pytest.mark.parametrize("typed", [
    "0912–345–678",  # en dash
    "0912—345—678",  # em dash
    "0912‐345‑678",  # hyphen, non-breaking hyphen
    "0912−345−678",  # minus sign
    "0912﹣345－678",  # small and full-width hyphen-minus
    "0912〜345〜678",  # wave dash (Japanese input methods)
    "0912\u00a0345\u202f678",  # no-break and narrow no-break spaces
    "0912\u3000345\u2009678",  # ideographic and thin spaces
    "\u202a0912 345 678\u202c",  # bidi marks a phone's contacts app pastes
    "0912\u200b345678",  # a zero-width space
    "＋８８６ ９１２ ３４５ ６７８",  # full-width plus and digits
])
def test_every_unicode_dash_and_space_is_a_separator(typed: str) -> None:
    assert normalise_phone(typed, "TW") == "+886912345678"


@pytest.mark.parametrize("typed", [
    "0912345678 ext. 12", "0912-345-678 x12", "0912345678#12", "0912345678 轉 12",
    "0912345678分機123", "0912345678,12", "+886 912 345 678 extension 9",
])
def test_extensions_are_refused_with_their_own_message(typed: str) -> None:
    with pytest.raises(InvalidPhone) as err:
        normalise_phone(typed, "TW")
    assert err.value.code == "phone_extension"
    assert "extension" in str(err.value)


@pytest.mark.parametrize(("typed", "where"), [
    ("+86 138 1234 5678", "mainland China"), ("+1 415 555 2671", "United States"),
])
def test_foreign_mobiles_are_refused_for_members_unless_the_chain_accepts_them(
        typed: str, where: str) -> None:
    assert normalise_phone(typed, "TW")  # a valid number: lookups may use it
    with pytest.raises(InvalidPhone) as err:
        normalise_member_phone(typed, "TW")
    assert err.value.code == "phone_region"
    assert where in str(err.value) and "Taiwan and Hong Kong" in str(err.value)
    assert normalise_member_phone(typed, "TW", ("TW", "HK", "CN", "US")).startswith("+")
    assert normalise_member_phone(typed, "TW", (ANY_REGION,)).startswith("+")


def test_taiwan_and_hong_kong_mobiles_are_members_by_default() -> None:
    assert normalise_member_phone("0912-345-678", "TW") == "+886912345678"
    assert normalise_member_phone("9123 4567", "HK") == "+85291234567"
    assert normalise_member_phone("+852 9123 4567", "TW") == "+85291234567"


def test_a_pushed_phone_must_be_canonical_e164_of_an_accepted_region() -> None:
    assert check_member_e164("+886912345678", DEFAULT_MEMBER_REGIONS) == "+886912345678"
    for bad, code in [("0912345678", "phone_not_e164"), ("+8860912345678", "phone_not_e164"),
                      ("+88691234567", "phone_invalid"),
                      ("+8613812345678", "phone_region"), ("+886223456789", "phone_not_mobile")]:
        with pytest.raises(InvalidPhone) as err:
            check_member_e164(bad, DEFAULT_MEMBER_REGIONS)
        assert err.value.code == code, bad


def test_the_chains_regions_are_checked_when_rules_are_read() -> None:
    assert check_region_codes(["TW", "HK", "CN"]) == ("TW", "HK", "CN")
    assert check_region_codes(["*"]) == ("*",)
    for bad in ([], ["XX"], ["tw"]):
        with pytest.raises(ValueError):
            check_region_codes(bad)
