"""Browser sessions: a random cookie whose sha256 is stored, with its CSRF token.

A session lapses after :data:`IDLE` without a request or :data:`ABSOLUTE` after sign-in,
whichever comes first. The CSRF token (synchroniser pattern) is stored with the session and
must come back with every POST, as a form field or an ``X-CSRF-Token`` header (htmx).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from central.auth import hash_token
from central.clock import now
from central.models import ConsoleAccount, ConsoleSession

IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in person of a request."""

    account_id: int
    username: str
    display_name: str
    role: str
    csrf_token: str
    totp: bool


def open_session(session: Session, account: ConsoleAccount) -> str:
    """A new session for ``account``; the cookie value (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    at = now()
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < at))
    session.add(ConsoleSession(token_hash=hash_token(token), account_id=account.id,
                               csrf_token=secrets.token_urlsafe(32), created_at=at,
                               last_seen_at=at, expires_at=at + ABSOLUTE))
    return token


def find_viewer(session: Session, token: str) -> Viewer | None:
    """The person a cookie belongs to, or None (unknown, lapsed, account disabled).
    Moves the idle clock forward (at most once a minute)."""
    if not token or len(token) > 128:
        return None
    row = session.get(ConsoleSession, hash_token(token))
    at = now()
    if row is None or row.expires_at <= at or at - row.last_seen_at > IDLE:
        return None
    account = session.get(ConsoleAccount, row.account_id)
    if account is None or account.disabled_at is not None:
        return None
    if at - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = at
    return Viewer(account.id, account.username, account.display_name, account.role,
                  row.csrf_token, account.totp_secret is not None)


def close_session(session: Session, token: str) -> None:
    """Sign out: the cookie stops working at once."""
    session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == hash_token(token)))


def close_others(session: Session, account_id: int, keep: str = "") -> None:
    """End every session of an account but the one with cookie ``keep`` (its password or
    second factor changed)."""
    session.execute(delete(ConsoleSession).where(ConsoleSession.account_id == account_id,
                                                 ConsoleSession.token_hash != hash_token(keep)))


def csrf_ok(expected: str, given: str | None) -> bool:
    """Does the token sent with a POST match the session's (constant time)?"""
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())
