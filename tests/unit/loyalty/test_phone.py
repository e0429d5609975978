"""Phone identity: every format a cashier types, every way it can be wrong."""

import pytest

from loyalty.errors import InvalidPhone
from loyalty.phone import mask_phone, normalise_phone, parse_last_digits, phone_digits_reversed


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
