"""Taiwan's e-invoice (電子發票證明聯): the left QR code as a sale, and the seller check.

The Ministry of Finance's layout (電子發票證明聯一維及二維條碼規格說明, MIG) starts the left
QR code with 77 fixed characters:

======  ===================================================================
chars   field
======  ===================================================================
1–10    invoice number (字軌 two capitals + 8 digits)
11–17   invoice date, ROC calendar ``YYYMMDD`` (115 = 2026)
18–21   random code (4 digits)
22–29   sales amount before tax, 8 hex digits
30–37   total amount, 8 hex digits (what the customer paid: what earns)
38–45   buyer's tax id (``00000000`` for a consumer)
46–53   seller's tax id (統一編號, with its check digit)
54–77   verification block (24 Base64 characters, AES under the seller's key)
======  ===================================================================

then ``:``-separated fields (the seller's own 10 characters, item counts, the encoding
flag, the items); the right QR code continues the items and starts with ``**``. Only the
fixed part is read here. The verification block cannot be checked without the seller's key
(the tax authority's), so a code is trusted as far as its form, its date, its seller tax id
(one of the chain's, a setting) and — at central — once per invoice chain-wide.

An invoice number is unique within its two-month period (字軌 are assigned per period), so
:attr:`EInvoice.key` — the number and the period — is what may earn only once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from loyalty.errors import InvalidInput, LoyaltyError

FIXED_LENGTH = 77
SELLER_IDS_SETTING = "einvoice.seller_ids"  # the chain's seller tax ids (統一編號)
NUMBER_PATTERN = re.compile(r"[A-Z]{2}\d{8}")
# The fixed head's digits and hex fields, loose enough to recognise a damaged code as an
# invoice (then :func:`parse_invoice_qr` says what is wrong) and not a member code or phone.
_LOOKS = re.compile(r"^[A-Za-z]{2}\d{8}\d{7}")
_HEAD = re.compile(
    r"^(?P<number>[A-Z]{2}\d{8})(?P<date>\d{7})(?P<random>\d{4})"
    r"(?P<sales>[0-9A-Fa-f]{8})(?P<total>[0-9A-Fa-f]{8})(?P<buyer>\d{8})(?P<seller>\d{8})"
    r"(?P<verify>[A-Za-z0-9+/=]{24})")
_TAX_ID_WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)
ROC_OFFSET = 1911


class InvoiceRefused(LoyaltyError):
    """The invoice is well formed but does not earn here (another shop's, too old…)."""

    code = "einvoice_refused"


@dataclass(frozen=True, slots=True)
class EInvoice:
    """The fixed part of an e-invoice's left QR code."""

    number: str
    issued_on: date
    random_code: str
    sales_amount: Decimal
    total_amount: Decimal
    buyer_tax_id: str
    seller_tax_id: str
    verification: str

    @property
    def period(self) -> str:
        """The two-month period as ROC year and its first month, e.g. ``11511``."""
        return period_of(self.issued_on)

    @property
    def key(self) -> str:
        """What earns once chain-wide: number and period, e.g. ``AB12345678-11511``."""
        return invoice_key(self.number, self.issued_on)


def period_of(issued_on: date) -> str:
    """An invoice date's two-month period: ROC year and first month (``11511``)."""
    first_month = issued_on.month - (1 - issued_on.month % 2)
    return f"{issued_on.year - ROC_OFFSET:03d}{first_month:02d}"


def invoice_key(number: str, issued_on: date) -> str:
    """What earns once chain-wide: the invoice number and its period."""
    return f"{number}-{period_of(issued_on)}"


def looks_like_invoice(text: str) -> bool:
    """Whether a scan is meant as an e-invoice QR code (two letters, 15 digits, at least
    the fixed length). A member code, phone or carrier barcode never looks like one."""
    text = text.strip()
    return len(text) >= 40 and bool(_LOOKS.match(text))


def valid_tax_id(tax_id: str) -> bool:
    """The 統一編號 check: the digit sums of the weighted digits add up to a multiple of 5
    (the rule since 2023; 10 before, which is a multiple of 5 too); a 7 in the seventh
    place may count as 0 or 1."""
    if len(tax_id) != 8 or not tax_id.isascii() or not tax_id.isdigit():
        return False
    total = 0
    for digit, weight in zip(tax_id, _TAX_ID_WEIGHTS, strict=True):
        product = int(digit) * weight
        total += product // 10 + product % 10
    if total % 5 == 0:
        return True
    return tax_id[6] == "7" and (total + 1) % 5 == 0


def parse_invoice_qr(text: str, today: date | None = None) -> EInvoice:
    """Read the fixed head of a left QR code.

    Raises:
        InvalidInput: the code is not a readable e-invoice; ``code`` says why
            (``einvoice_short``, ``einvoice_format``, ``einvoice_date``, ``einvoice_future``,
            ``einvoice_amount``, ``einvoice_seller_id``).
    """
    text = text.strip()
    if text.startswith("**"):
        raise InvalidInput("That is the invoice's right QR code: scan the left one.",
                           code="einvoice_right_code")
    if len(text) < FIXED_LENGTH:
        raise InvalidInput(f"The invoice code is cut short ({len(text)} of {FIXED_LENGTH} "
                           "characters): scan it again.", code="einvoice_short")
    match = _HEAD.match(text)
    if match is None:
        raise InvalidInput("That is not an e-invoice code (its fixed fields do not fit the "
                           "Ministry of Finance's layout).", code="einvoice_format")
    issued = _roc_date(match["date"])
    if today is not None and issued > today:
        raise InvalidInput(f"The invoice is dated {issued.isoformat()}, after today.",
                           code="einvoice_future")
    total = Decimal(int(match["total"], 16))
    if total <= 0:
        raise InvalidInput("The invoice's total is zero.", code="einvoice_amount")
    if not valid_tax_id(match["seller"]):
        raise InvalidInput(f"The seller's tax id {match['seller']} fails its check.",
                           code="einvoice_seller_id")
    return EInvoice(number=match["number"], issued_on=issued, random_code=match["random"],
                    sales_amount=Decimal(int(match["sales"], 16)), total_amount=total,
                    buyer_tax_id=match["buyer"], seller_tax_id=match["seller"],
                    verification=match["verify"])


def _roc_date(text: str) -> date:
    try:
        return date(int(text[:3]) + ROC_OFFSET, int(text[3:5]), int(text[5:7]))
    except ValueError:
        raise InvalidInput(f"The invoice date {text} is not a date.",
                           code="einvoice_date") from None


def parse_seller_ids(value: object) -> frozenset[str]:
    """The chain's seller tax ids from a setting (a list, or text separated by commas or
    spaces); ids failing their check are dropped."""
    items = value if isinstance(value, list | tuple) else re.split(r"[,\s]+", str(value or ""))
    return frozenset(s for s in (str(i).strip() for i in items) if valid_tax_id(s))


def check_seller(invoice: EInvoice, chain_ids: frozenset[str]) -> None:
    """Only the chain's own invoices earn.

    Raises:
        InvoiceRefused: ``einvoice_no_seller_ids`` (none set) or ``einvoice_foreign``.
    """
    if not chain_ids:
        raise InvoiceRefused("This counter has no seller tax ids set, so it cannot tell its "
                             "own invoices: a manager sets them.",
                             code="einvoice_no_seller_ids")
    if invoice.seller_tax_id not in chain_ids:
        raise InvoiceRefused(f"Invoice {invoice.number} is from another seller "
                             f"({invoice.seller_tax_id}): it earns nothing here.",
                             code="einvoice_foreign")


def make_invoice_qr(number: str, issued_on: date, total: Decimal | int, seller_tax_id: str, *,
                    random_code: str = "1234", sales: Decimal | int | None = None,
                    buyer_tax_id: str = "00000000",
                    verification: str = "AAAAAAAAAAAAAAAAAAAAAA==",
                    items: tuple[tuple[str, int, int], ...] = ()) -> str:
    """A left QR code's text in the MIG layout (for tests, the demo and printed samples).
    ``items``: (name, quantity, unit price) after the fixed part, UTF-8 (flag 1)."""
    untaxed = round(Decimal(total) / Decimal("1.05")) if sales is None else int(sales)
    roc = f"{issued_on.year - ROC_OFFSET:03d}{issued_on.month:02d}{issued_on.day:02d}"
    head = (f"{number}{roc}{random_code}{int(untaxed):08X}{int(total):08X}{buyer_tax_id}"
            f"{seller_tax_id}{verification}")
    tail = "".join(f":{name}:{qty}:{price}" for name, qty, price in items)
    return f"{head}:**********:{len(items)}:{len(items)}:1{tail}"


class DuplicateInvoice(LoyaltyError):
    """This invoice already earned points somewhere in the chain: when and where."""

    code = "duplicate_invoice"

    def __init__(self, number: str, earned_at: object, store_id: str, terminal_id: str
                 ) -> None:
        super().__init__(f"Invoice {number} already earned points ({earned_at}, "
                         f"{store_id} {terminal_id}).")
        self.number = number
        self.earned_at = earned_at
        self.store_id = store_id
        self.terminal_id = terminal_id
