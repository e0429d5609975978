"""Central's member-QR signing keys: kept encrypted, rotated, revoked, published to tills.

A key pair is Ed25519 (:mod:`loyalty.member_qr`). The private key is stored only as
AES-256-GCM ciphertext under a key derived (HKDF-SHA256) from the ``member_qr_secret``
setting — kept outside the database like the admin token — with the key id as associated
data, so a database dump alone signs nothing and a ciphertext moved to another key id does
not decrypt. The newest unrevoked key signs. Every change republishes the rules with the
``member_qr`` block's ``keys`` (every unrevoked public key: a code signed just before a
rotation still verifies) and ``revoked`` (key ids tills must refuse even while cached); a
revoked key's private half is wiped. Head office's rules edits keep its identity policy but
never its keys (:func:`central.rules_store.published_block`).
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.clock import now
from central.feed import FeedWriter
from central.models import MemberQrKey
from central.rules_store import current_version, publish
from loyalty import member_qr


class KeyUnavailable(Exception):
    """No member QR can be signed: no secret configured, no key, or the secret is wrong."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _kek(secret: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"regulars central member-qr key encryption").derive(secret.encode())
    return AESGCM(key)


def _seal(secret: str, key_id: str, private: Ed25519PrivateKey) -> str:
    raw = private.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    nonce = os.urandom(12)
    return base64.b64encode(nonce + _kek(secret).encrypt(nonce, raw, key_id.encode())).decode()


def _open(secret: str, key_id: str, sealed: str) -> Ed25519PrivateKey:
    blob = base64.b64decode(sealed)
    try:
        raw = _kek(secret).decrypt(blob[:12], blob[12:], key_id.encode())
    except InvalidTag:
        raise KeyUnavailable("member_qr_secret_wrong", "The member QR key does not open with "
                             "the configured secret.") from None
    return Ed25519PrivateKey.from_private_bytes(raw)


def _require_secret(secret: str | None) -> str:
    if not secret:
        raise KeyUnavailable("member_qr_unconfigured", "Member QR codes are not set up: set "
                             "REGULARS_CENTRAL_MEMBER_QR_SECRET, then rotate a key.")
    return secret


@dataclass(frozen=True, slots=True)
class KeyInfo:
    key_id: str
    public_key: str
    created_at: datetime
    revoked_at: datetime | None
    signing: bool


def keys(session: Session, lead: timedelta = timedelta(0)) -> list[KeyInfo]:
    """Every key, newest first; ``signing`` marks the one that signs (see :func:`signer`)."""
    rows = _newest_first(session)
    chosen = _signing(rows, lead)
    return [KeyInfo(r.key_id, r.public_key, r.created_at, r.revoked_at,
                    chosen is not None and r.key_id == chosen.key_id) for r in rows]


def _newest_first(session: Session) -> list[MemberQrKey]:
    return list(session.scalars(select(MemberQrKey).order_by(MemberQrKey.created_at.desc(),
                                                             MemberQrKey.key_id)))


def _signing(rows: list[MemberQrKey], lead: timedelta) -> MemberQrKey | None:
    """The newest unrevoked key at least ``lead`` old (tills have had time to sync it);
    when none is that old (the first key, or after revoking one), the one published
    longest."""
    usable = [r for r in rows if r.revoked_at is None and r.private_key_enc is not None]
    settled = [r for r in usable if r.created_at <= now() - lead]
    if settled:
        return settled[0]
    return usable[-1] if usable else None


def _republish(session: Session, feed: FeedWriter, author: str) -> int:
    session.flush()
    return publish(session, feed, dict(current_version(session).document), author)


def rotate(session: Session, feed: FeedWriter, secret: str | None, author: str
           ) -> tuple[str, int]:
    """A new signing key (the previous ones still verify until revoked); returns its id and
    the rules version that carries it."""
    sealed_with = _require_secret(secret)
    private = Ed25519PrivateKey.generate()
    key_id = member_qr.new_key_id()
    while session.get(MemberQrKey, key_id) is not None:  # 1 in 4 billion
        key_id = member_qr.new_key_id()
    session.add(MemberQrKey(key_id=key_id, public_key=member_qr.public_key_text(private),
                            private_key_enc=_seal(sealed_with, key_id, private),
                            created_at=now(), created_by=author[:64]))
    return key_id, _republish(session, feed, author)


def revoke(session: Session, feed: FeedWriter, key_id: str, author: str) -> int | None:
    """Revoke ``key_id`` (its private half wiped): tills refuse its codes from the rules
    version returned. None: no such key. Revoking twice changes nothing more."""
    row = session.get(MemberQrKey, key_id, with_for_update=True)
    if row is None:
        return None
    if row.revoked_at is None:
        row.revoked_at = now()
        row.private_key_enc = None
    return _republish(session, feed, author)


def signer(session: Session, secret: str | None, lead: timedelta = timedelta(0)
           ) -> tuple[str, Ed25519PrivateKey]:
    """The key that signs now, opened with ``secret``: the newest unrevoked key created at
    least ``lead`` ago, so that tills hold its public half before codes signed with it
    reach them (the oldest unrevoked one, when none is that old)."""
    sealed_with = _require_secret(secret)
    row = _signing(_newest_first(session), lead)
    if row is None or row.private_key_enc is None:
        raise KeyUnavailable("member_qr_no_key", "No member QR key: rotate one first "
                             "(regulars central member-qr rotate).")
    return row.key_id, _open(sealed_with, row.key_id, row.private_key_enc)


def issue(session: Session, secret: str | None, member_id: str, lifetime: timedelta,
          lead: timedelta = timedelta(0)) -> tuple[str, datetime]:
    """The QR text for ``member_id`` valid for ``lifetime`` from now, and its not-after."""
    key_id, private = signer(session, secret, lead)
    not_after = (now() + lifetime).replace(microsecond=0)
    return member_qr.sign(member_id, key_id, private, not_after), not_after


def key_id_of(text: str) -> str:
    """The key id a code claims (unverified)."""
    return member_qr.read(text)[0].key_id
