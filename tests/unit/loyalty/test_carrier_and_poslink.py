"""The mobile-carrier barcode's form and keyed hash; a POS link sale's body."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loyalty.carrier import carrier_hash, carrier_hint, looks_like_carrier, normalise_carrier
from loyalty.errors import InvalidInput
from loyalty.money import Currency
from loyalty.poslink import AWARDED, PosDesk, parse_request


def test_a_carrier_barcode_is_a_slash_and_seven_of_0_9_a_z_dot_plus_minus() -> None:
    for good in ("/ABC+123", "/A.B-C12", "／abc+123"):  # full-width slash, typed lower case
        assert looks_like_carrier(good)
    assert normalise_carrier(" /abc+123 ") == "/ABC+123"
    for bad in ("/ABC+12", "/ABC+1234", "ABC+1234", "/ABC 123", "/ABC*123"):
        assert not looks_like_carrier(bad)
        with pytest.raises(InvalidInput):
            normalise_carrier(bad)


def test_the_store_keeps_a_keyed_hash_and_a_hint_never_the_code() -> None:
    one, two = b"k" * 32, b"j" * 32
    assert carrier_hash("/ABC+123", one) == carrier_hash("/abc+123", one)
    assert carrier_hash("/ABC+123", one) != carrier_hash("/ABC+123", two)
    assert "ABC" not in carrier_hash("/ABC+123", one)
    assert carrier_hint("/ABC+123") == "/AB····3"


def test_a_pos_sale_body_is_read_strictly() -> None:
    sale = parse_request(b'{"amount": "1,280", "receipt_no": "R-1", "items": '
                         b'[{"name": "milk", "quantity": 2, "amount": "160"}]}', Currency.TWD)
    assert sale.amount.amount == Decimal(1280) and sale.receipt_no == "R-1"
    assert sale.items[0].quantity == 2
    for body, code in ((b"[]", "pos_body"), (b'{"amount": true}', "pos_body"),
                       (b'{"amount": "0"}', "amount_zero"), (b'{"amount": "1.5"}',
                                                             "amount_too_precise"),
                       (b'{"amount": "1", "items": [{}]}', "pos_body"),
                       (b'{"amount": "1", "receipt_no": 7}', "pos_body"), (b"\xff", "pos_body")):
        with pytest.raises(InvalidInput) as caught:
            parse_request(body, Currency.TWD)
        assert caught.value.code == code, body


def test_a_retried_receipt_is_the_same_sale_until_it_is_refused() -> None:
    desk = PosDesk(Currency.TWD)
    first = desk.submit(parse_request(b'{"amount": "5", "receipt_no": "R-1"}', Currency.TWD))
    assert desk.submit(parse_request(b'{"amount": "5", "receipt_no": "R-1"}',
                                     Currency.TWD)) is first
    desk.decide(first, AWARDED, points=0)
    assert first.decided.is_set() and first.public()["status"] == "awarded"
    desk.decide(first, "cancelled")  # decided once
    assert first.status == AWARDED
