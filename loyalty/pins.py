"""Staff PINs: the one hashing scheme of the till and central (a salted scrypt, memory-hard,
in the standard library; ~50 ms a check on a counter PC). Central keeps and sends only the
hash; a till checks a typed PIN against it."""

from __future__ import annotations

import hashlib
import hmac
import os

from loyalty.errors import InvalidInput

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def hash_pin(pin: str) -> str:
    """``scrypt$N$r$p$salt$hash`` with a random 16-byte salt."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the one ``stored`` (a :func:`hash_pin` string) was made from."""
    _, n, r, p, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                               p=int(p))
    return hmac.compare_digest(candidate.hex(), digest)


def validate_pin(pin: str) -> None:
    """Refuse anything but 4 to 8 ASCII digits, with a message for the person typing it."""
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
        raise InvalidInput("A PIN is 4 to 8 digits.", code="pin_format")
