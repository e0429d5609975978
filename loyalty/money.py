"""Money as ``Decimal`` with a currency; parsing what a cashier types; explicit rounding."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from loyalty.errors import InvalidAmount


class Currency(StrEnum):
    """Currencies of our markets, with the minor digits used at the counter."""

    TWD = "TWD"
    HKD = "HKD"

    @property
    def digits(self) -> int:
        # ISO 4217 gives TWD two decimals, but Taiwanese tills and receipts use whole dollars.
        return 0 if self is Currency.TWD else 2

    @property
    def symbol(self) -> str:
        return "NT$" if self is Currency.TWD else "HK$"

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.digits)


MAX_SALE = Decimal("10000000")  # a sale above ten million is a typo, not a purchase


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency, always quantised to the currency's counter digits."""

    amount: Decimal
    currency: Currency

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        object.__setattr__(self, "amount", self.amount.quantize(self.currency.quantum))

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def _same(self, other: Money) -> None:
        if other.currency is not self.currency:
            raise ValueError(f"cannot mix {self.currency.value} and {other.currency.value}")

    @classmethod
    def zero(cls, currency: Currency) -> Money:
        return cls(Decimal(0), currency)

    def __str__(self) -> str:
        return format_money(self)


def parse_amount(text: str, currency: Currency) -> Money:
    """Parse a sale amount as typed at the counter (``1,280``, ``１２８０``, ``NT$99``).

    Raises :class:`InvalidAmount` with a specific reason for empty, non-numeric, negative,
    zero, too many decimals, or absurdly large input.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    for token in (currency.symbol, "NT$", "HK$", "$", ",", " "):
        cleaned = cleaned.replace(token, "")
    if not cleaned:
        raise InvalidAmount("Enter the sale amount.", code="amount_empty")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidAmount(f"“{text}” is not an amount.", code="amount_not_number") from None
    if not value.is_finite():
        raise InvalidAmount(f"“{text}” is not an amount.", code="amount_not_number")
    if value < 0:
        raise InvalidAmount("The amount cannot be negative.", code="amount_negative")
    if value == 0:
        raise InvalidAmount("The amount must be more than zero.", code="amount_zero")
    if value != value.quantize(currency.quantum, rounding=ROUND_DOWN):
        places = "whole dollars" if currency.digits == 0 else f"{currency.digits} decimals"
        raise InvalidAmount(
            f"{currency.value} amounts are in {places}.", code="amount_too_precise"
        )
    if value > MAX_SALE:
        raise InvalidAmount("That amount is too large for one sale.", code="amount_too_large")
    return Money(value, currency)


def round_money(amount: Decimal, currency: Currency) -> Decimal:
    """Round half up to the currency's counter digits (for displayed totals)."""
    return amount.quantize(currency.quantum, rounding=ROUND_HALF_UP)


def floor_money(amount: Decimal, currency: Currency) -> Decimal:
    """Round toward zero to the counter digits (discount values never round up)."""
    return amount.quantize(currency.quantum, rounding=ROUND_DOWN)


def format_money(money: Money) -> str:
    """``NT$1,234`` / ``HK$1,234.50`` — the receipt and screen form in both languages."""
    sign = "-" if money.amount < 0 else ""
    digits = money.currency.digits
    body = f"{abs(money.amount):,.{digits}f}"
    return f"{sign}{money.currency.symbol}{body}"
