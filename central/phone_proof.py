"""Proof of a phone before the web shop may link the member who holds it.

The online channel's credential sees only what sign-up needs: whether a phone is already
a member. To link that membership to a web account, the person proves the phone: central
sends a six-digit code to it through the configured sender (:mod:`central.otp`), and only
the matching code, within :data:`TTL` and :data:`MAX_ATTEMPTS` tries, answers with the
member's id and code. Central keeps digests only (phone and code as HMAC-SHA256), and at
most :data:`MAX_PER_WINDOW` codes per phone per :data:`WINDOW`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from central.clock import now
from central.errors import ApiError
from central.models import Member, PhoneChallenge
from loyalty.ids import new_id

TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
WINDOW = timedelta(minutes=15)
MAX_PER_WINDOW = 3
_PROCESS_PEPPER = secrets.token_hex(32)


@dataclass(frozen=True, slots=True)
class Challenge:
    """A code to send: the challenge id the client confirms with, and the message."""

    id: str
    phone: str
    code: str
    expires_at: datetime


def _digest(key: str, value: str) -> str:
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def start(session: Session, client_id: str, phone: str, pepper: str | None) -> Challenge:
    """A new challenge for the active member holding ``phone`` (E.164).

    Raises:
        ApiError: 404 when no active member holds the phone; 429 beyond the rate limit.
    """
    at = now()
    session.execute(delete(PhoneChallenge).where(PhoneChallenge.expires_at < at - WINDOW))
    member = session.scalars(select(Member).where(Member.phone == phone,
                                                  Member.status == "active")).first()
    if member is None:
        raise ApiError(404, "not_found", "No member holds this phone.")
    phone_digest = _digest(pepper or _PROCESS_PEPPER, phone)
    recent = session.scalar(select(func.count()).select_from(PhoneChallenge).where(
        PhoneChallenge.phone_digest == phone_digest, PhoneChallenge.created_at > at - WINDOW))
    if (recent or 0) >= MAX_PER_WINDOW:
        raise ApiError(429, "too_many_codes", "Too many codes were sent to this phone; try "
                       "again in 15 minutes.")
    code, salt = f"{secrets.randbelow(10**6):06d}", secrets.token_hex(16)
    challenge = PhoneChallenge(id=new_id(), client_id=client_id, member_id=member.id,
                               phone_digest=phone_digest, salt=salt,
                               code_digest=_digest(salt, code), created_at=at,
                               expires_at=at + TTL, attempts=0)
    session.add(challenge)
    return Challenge(challenge.id, phone, code, challenge.expires_at)


def cancel(session: Session, challenge_id: str) -> None:
    """The code could not be sent: the challenge is spent."""
    row = session.get(PhoneChallenge, challenge_id)
    if row is not None:
        row.used_at = now()


def confirm(session: Session, client_id: str, challenge_id: str, code: str
            ) -> Member | ApiError:
    """The member whose phone the code proves, or the 422 ``code_wrong`` error to raise
    once the counted try is committed (tries left in the message).

    Raises:
        ApiError: 410 ``code_expired`` (too late, spent, or too many tries), 404 for a
            challenge of another client.
    """
    row = session.get(PhoneChallenge, challenge_id, with_for_update=True)
    if row is None or row.client_id != client_id:
        raise ApiError(404, "not_found", "No such code request.")
    at = now()
    if row.used_at is not None or row.expires_at < at or row.attempts >= MAX_ATTEMPTS:
        raise ApiError(410, "code_expired", "This code is no longer valid; ask for a new one.")
    if not hmac.compare_digest(row.code_digest, _digest(row.salt, code)):
        row.attempts += 1
        left = MAX_ATTEMPTS - row.attempts
        return ApiError(422, "code_wrong", f"The code is wrong; {left} tries left." if left
                        else "The code is wrong; ask for a new one.")
    row.used_at = at
    member = session.get(Member, row.member_id)
    if member is None or member.status != "active":
        raise ApiError(410, "code_expired", "This membership changed; ask for a new code.")
    return member


def message(code: str, market: str) -> str:
    """The text sent with the code."""
    if market in ("TW", "HK"):
        return f"您的會員驗證碼：{code}，10 分鐘內有效。請勿提供給他人。"
    return f"Your membership code: {code} (valid 10 minutes). Do not share it."
