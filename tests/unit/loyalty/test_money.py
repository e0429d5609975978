"""Amounts as cashiers type them; money never becomes a float."""

from decimal import Decimal

import pytest

from loyalty.errors import InvalidAmount
from loyalty.money import Currency, Money, format_money, parse_amount


@pytest.mark.parametrize(("typed", "currency", "amount"), [
    ("1280", Currency.TWD, Decimal("1280")),
    ("1,280", Currency.TWD, Decimal("1280")),
    ("NT$1,280", Currency.TWD, Decimal("1280")),
    ("１２８０", Currency.TWD, Decimal("1280")),
    ("99.5", Currency.HKD, Decimal("99.50")),
    ("HK$1,099.90", Currency.HKD, Decimal("1099.90")),
])
def test_typed_amounts_parse(typed: str, currency: Currency, amount: Decimal) -> None:
    money = parse_amount(typed, currency)
    assert money.amount == amount and isinstance(money.amount, Decimal)


@pytest.mark.parametrize(("typed", "currency", "code"), [
    ("", Currency.TWD, "amount_empty"),
    ("abc", Currency.TWD, "amount_not_number"),
    ("-100", Currency.TWD, "amount_negative"),
    ("0", Currency.TWD, "amount_zero"),
    ("99.5", Currency.TWD, "amount_too_precise"),  # Taiwanese tills use whole dollars
    ("9.999", Currency.HKD, "amount_too_precise"),
    ("100000000", Currency.TWD, "amount_too_large"),
    ("NaN", Currency.TWD, "amount_not_number"),
    ("Infinity", Currency.TWD, "amount_not_number"),
])
def test_bad_amounts_are_refused_with_a_reason(typed: str, currency: Currency, code: str) -> None:
    with pytest.raises(InvalidAmount) as err:
        parse_amount(typed, currency)
    assert err.value.code == code


def test_receipt_formats() -> None:
    assert format_money(Money(Decimal(1234), Currency.TWD)) == "NT$1,234"
    assert format_money(Money(Decimal("1234.5"), Currency.HKD)) == "HK$1,234.50"
    assert format_money(Money(Decimal(-50), Currency.TWD)) == "-NT$50"


def test_money_refuses_floats_and_mixed_currencies() -> None:
    with pytest.raises(TypeError):
        Money(12.5, Currency.HKD)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        _ = Money(Decimal(1), Currency.TWD) + Money(Decimal(1), Currency.HKD)
