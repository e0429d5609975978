"""Password hashing (argon2id, memory-hard) and TOTP second factors (RFC 6238).

argon2-cffi's defaults are RFC 9106's second recommended profile (argon2id, 64 MiB, 3
passes, 4 lanes): about 50 ms here, slow for a guesser with a stolen table, fast enough for a
person signing in. A stored hash made with weaker parameters is upgraded at the next sign-in.
"""

from __future__ import annotations

import hmac
from datetime import UTC, datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MIN_PASSWORD = 10
_DUMMY = _HASHER.hash("not a password anyone has")


def hash_password(password: str) -> str:
    """The stored form of ``password`` (a PHC string: ``$argon2id$v=19$m=…``)."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Does ``password`` match ``stored``? With no stored hash a dummy is checked, so an
    unknown user name takes as long as a known one."""
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Was ``stored`` made with weaker parameters than today's?"""
    return _HASHER.check_needs_rehash(stored)


def password_problem(password: str) -> str | None:
    """A message id when ``password`` is too weak to accept, else None."""
    if len(password) < MIN_PASSWORD:
        return "password_too_short"
    if len(password) > 256:
        return "password_too_long"
    return None


def new_totp_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def totp_uri(secret: str, username: str) -> str:
    """The ``otpauth://`` address an authenticator app scans."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="Regulars")


def totp_step(secret: str, code: str, at: datetime | None = None) -> int | None:
    """The 30 s time step whose 6-digit code ``code`` is, if it is the current one or one
    step either side (a phone's clock drifts); None otherwise. A caller that keeps the last
    step it accepted refuses a code of that step or an earlier one: seen once, a code is
    spent (RFC 6238 §5.2)."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    step = totp.timecode(at or datetime.now(UTC))
    found = None
    for candidate in (step - 1, step, step + 1):  # all three: the time taken says nothing
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            found = candidate
    return found
