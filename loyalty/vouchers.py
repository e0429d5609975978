"""Who issues a chain's prepaid passes, as their 禮券 slip must say (Taiwan's mandatory terms
for retail goods vouchers: the issuer's name, address, tax id and representative, a consumer
hotline and the performance guarantee; no expiry date).

The chain sets these once in the rules document (``"voucher_issuer"``); a till refuses to sell
or print a pass while a required one is empty, so no 禮券 leaves the counter without them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from loyalty.einvoice import valid_tax_id
from loyalty.errors import LoyaltyError

# field → how messages name it: English, and the label the 禮券 prints
REQUIRED: dict[str, str] = {
    "name": "name (名稱)", "address": "address (地址)", "tax_id": "tax id (統一編號)",
    "representative": "representative (負責人)", "hotline": "consumer hotline (消費者服務專線)",
    "guarantee": "performance guarantee (履約保證)",
}
MAX_LENGTH = 200  # the guarantee statement is a sentence or two; the rest are short


class VoucherIssuerIncomplete(LoyaltyError):
    """A 禮券 may not be sold or printed: the chain's issuer settings lack ``missing``."""

    code = "voucher_issuer_missing"

    def __init__(self, missing: tuple[str, ...]) -> None:
        names = ", ".join(REQUIRED[m] for m in missing)
        super().__init__(f"A prepaid pass (禮券) cannot be sold or printed: head office has "
                         f"not set the issuer's {names} in the rules.")
        self.missing = missing


@dataclass(frozen=True, slots=True)
class VoucherIssuer:
    """The issuer printed on every 禮券. ``guarantee`` is the performance-guarantee statement
    (a bank guarantee or a trust, e.g. "本禮券已經 XX 銀行足額履約保證…"). ``how_to_use`` is
    optional: the slip says it in its own words when empty."""

    name: str = ""
    address: str = ""
    tax_id: str = ""
    representative: str = ""
    hotline: str = ""
    guarantee: str = ""
    how_to_use: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            if len(getattr(self, f.name)) > MAX_LENGTH:
                raise ValueError(f"voucher_issuer.{f.name} is longer than {MAX_LENGTH}")
        if self.tax_id.strip() and not valid_tax_id(self.tax_id.strip()):
            raise ValueError(f"voucher_issuer.tax_id {self.tax_id!r} is not a valid 統一編號")

    def missing(self) -> tuple[str, ...]:
        """The required fields that are empty, in the order of :data:`REQUIRED`."""
        return tuple(name for name in REQUIRED if not getattr(self, name).strip())

    def check(self) -> None:
        """Raise :class:`VoucherIssuerIncomplete` unless every required field is set."""
        missing = self.missing()
        if missing:
            raise VoucherIssuerIncomplete(missing)

    @classmethod
    def from_document(cls, doc: dict[str, Any] | None) -> VoucherIssuer:
        """The rules document's ``"voucher_issuer"`` (absent: all empty)."""
        doc = doc or {}
        return cls(**{f.name: str(doc.get(f.name) or "").strip() for f in fields(cls)})

    def to_document(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
