"""The field types of every record, one definition each (pydantic ``Annotated`` types).

Each field is checked by the rule :mod:`loyalty` already has for it — names by
:func:`loyalty.text.repair_name`, receipt numbers by :data:`loyalty.text.RECEIPT_PATTERN`,
referral codes by :func:`loyalty.text.repair_referral_code` — so the till's store, the wire and
central accept and refuse the same values. Identifier shapes (UUIDs, E.164, member codes) are
regexes run by pydantic's Rust engine: no Python call per field on the push's hot path.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from loyalty.errors import InvalidInput
from loyalty.text import RECEIPT_MAX, RECEIPT_PATTERN, repair_name, repair_referral_code

EntryKindName = Literal["earn", "redeem", "bonus", "adjust", "expire", "reverse"]
CurrencyCode = Literal["TWD", "HKD"]
MemberStatus = Literal["active", "review", "merged", "erased"]

Text = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")]
Ident = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00]+$")]
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN)]
Hlc = Annotated[str, StringConstraints(pattern=r"^\d{13}-\d{4}-[^\x00]{1,64}$")]
"""Hybrid logical clock ``<unix_ms:013d>-<counter:04d>-<node id>``, comparable as strings."""
Phone = Annotated[str, StringConstraints(pattern=r"^\+[1-9]\d{6,14}$")]
"""E.164, as :func:`loyalty.phone.normalise_phone` writes it."""
MemberCode = Annotated[str, StringConstraints(pattern=r"^\d{10}$")]


def as_pydantic(check: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """``check`` from :mod:`loyalty.text` as a validator: its error keeps its code and text."""
    def validate(value: str) -> str | None:
        try:
            return check(value)
        except InvalidInput as err:
            raise PydanticCustomError(err.code, str(err)) from None
    return validate


MemberName = Annotated[str, AfterValidator(as_pydantic(repair_name))]
"""A member's name by :func:`loyalty.text.repair_name`: the till's rule; characters an older
till let through are removed, a name left blank is ``None``."""
ReferralCode = Annotated[str, AfterValidator(as_pydantic(repair_referral_code))]
ReceiptNo = Annotated[str, StringConstraints(min_length=1, max_length=RECEIPT_MAX,
                                             pattern=RECEIPT_PATTERN)]
"""The rule of :func:`loyalty.text.clean_receipt_no` in pydantic's Rust regex engine (no
Python call per ledger entry on the push's hot path)."""
Month = Annotated[int, Field(ge=1, le=12)]
Day = Annotated[int, Field(ge=1, le=31)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Points = Annotated[int, Field(ge=-10**12, le=10**12)]
PositivePoints = Annotated[int, Field(ge=1, le=10**9)]
SaleAmount = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]
RulesVersion = Annotated[int, Field(ge=0, le=2**31 - 1)]  # PostgreSQL integer
Seq = Annotated[int, Field(ge=1, le=2**62)]
Cursor = Annotated[int, Field(ge=0, le=2**62)]
