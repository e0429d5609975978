"""Taiwan's mobile-carrier barcode (手機條碼): ``/`` and seven characters from ``0-9A-Z.+-``,
printed as Code 39 on the customer's phone.

A member may link theirs as a second key (the cashier scans it instead of their card). It is
not one-to-one with a person for ever — re-registering issues a new one — so it is an alias,
never the identity; and it is the customer's key to their invoices, so the store keeps only
an HMAC of it under a key of its own (:func:`carrier_hash`) and a hint for the screen.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from loyalty.errors import InvalidInput

_CARRIER = re.compile(r"^/[0-9A-Z.+\-]{7}$")


def looks_like_carrier(text: str) -> bool:
    """A scan or search that is a carrier barcode (after NFKC, trimmed; letters must be
    capitals as the scanner sends them, but lower case typed by hand is taken too)."""
    return bool(_CARRIER.match(unicodedata.normalize("NFKC", text).strip().upper()))


def normalise_carrier(text: str) -> str:
    """The carrier barcode in its canonical form.

    Raises:
        InvalidInput: ``carrier_invalid``.
    """
    value = unicodedata.normalize("NFKC", text).strip().upper()
    if not _CARRIER.match(value):
        raise InvalidInput("A mobile-carrier barcode is / and 7 letters, digits or . + -.",
                           code="carrier_invalid")
    return value


def carrier_hash(code: str, key: bytes) -> str:
    """HMAC-SHA256 of the canonical code under the store's key (hex)."""
    return hmac.new(key, normalise_carrier(code).encode("ascii"), hashlib.sha256).hexdigest()


def carrier_hint(code: str) -> str:
    """What the screen may show: the first two characters after the slash and the last."""
    value = normalise_carrier(code)
    return f"{value[:3]}····{value[-1]}"
