"""Credentials: bearer tokens stored as sha256 hashes, revocable, scoped by kind and store."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.clock import now
from central.models import AdminToken, Terminal


def hash_token(token: str) -> str:
    """The stored form of a token (a 32-byte random token needs no slow hash)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(prefix: str) -> str:
    """A fresh random token with a recognisable prefix (``rt_`` terminal, ``ra_`` admin)."""
    return prefix + secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: head office (``admin``), a store ``terminal`` or an ``online`` client."""

    kind: str
    terminal_id: str | None = None
    store_id: str | None = None
    name: str | None = None
    """Who holds the credential: an admin token's name, a terminal's or client's name."""

    @property
    def actor(self) -> str:
        """How the access log names this caller."""
        who = self.terminal_id or self.name or self.kind
        return who if self.name is None or who == self.name else f"{who} ({self.name})"


def identify(session: Session, token: str, env_admin_token: str | None) -> Caller | None:
    """The caller a token belongs to, or None (unknown or revoked)."""
    if env_admin_token and hmac.compare_digest(token.encode(), env_admin_token.encode()):
        return Caller("admin", name="environment admin token")
    digest = hash_token(token)
    terminal = session.scalars(select(Terminal).where(Terminal.token_hash == digest)).first()
    if terminal is not None:
        if terminal.revoked_at is not None:
            return None
        return Caller(terminal.kind, terminal.id, terminal.store_id, terminal.name)
    admin = session.get(AdminToken, digest)
    if admin is not None and admin.revoked_at is None:
        return Caller("admin", name=admin.name)
    return None


def create_admin_token(session: Session, name: str) -> str:
    """Make a head-office token (shown once; only its hash is kept)."""
    token = new_token("ra_")
    session.add(AdminToken(token_hash=hash_token(token), name=name, created_at=now()))
    return token
