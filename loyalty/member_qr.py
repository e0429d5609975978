"""A member's signed QR code: proof at the counter that the person holds the member's phone.

Central signs ``member id · key id · not-after`` with an Ed25519 key only it holds; a till
verifies the signature offline with the public keys the rules carry (:class:`MemberQrRules`).
The text is ``RGQ:`` followed by Base45 (RFC 9285) of 89 bytes::

    version (1) · member id (16, UUID) · key id (4) · not-after (4, Unix seconds, UTC)
    · Ed25519 signature (64) over a context string and the 25 bytes before it

138 characters of the QR alphanumeric alphabet: a QR of version 6 at level M. The prefix
tells a scan of it from a member code, a phone or an e-invoice. Whoever shows the code
within its not-after (central serves it for minutes) is taken for the member: a screenshot
is worth exactly that long (docs/member-qr.md).
"""

from __future__ import annotations

import base64
import binascii
import struct
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from loyalty.errors import InvalidInput

PREFIX = "RGQ:"
VERSION = 1
_CONTEXT = b"regulars member qr v1\x00"  # a signature made for anything else never verifies
_BODY = struct.Struct(">B16s4sI")  # version, member id, key id, not-after
_SIG_LEN = 64
MAX_AHEAD = timedelta(hours=24)  # central serves codes for minutes; never trust a longer one
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}


# --- errors ------------------------------------------------------------------------------
class MemberQrError(InvalidInput):
    """A scanned member QR that does not prove the member; ``code`` says why."""

    code = "member_qr_invalid"


class MemberQrMalformed(MemberQrError):
    code = "member_qr_malformed"

    def __init__(self, why: str = "") -> None:
        super().__init__("This is not a readable member QR code."
                         + (f" ({why})" if why else ""))


class MemberQrExpired(MemberQrError):
    code = "member_qr_expired"

    def __init__(self, not_after: datetime) -> None:
        super().__init__("This member QR code has expired: ask the member to refresh it "
                         "in the app.")
        self.not_after = not_after


class MemberQrUnknownKey(MemberQrError):
    code = "member_qr_unknown_key"

    def __init__(self, key_id: str) -> None:
        super().__init__("This member QR code is signed with a key this till does not know "
                         "(sync, then scan again).")
        self.key_id = key_id


class MemberQrRevokedKey(MemberQrError):
    code = "member_qr_revoked_key"

    def __init__(self, key_id: str) -> None:
        super().__init__("This member QR code is signed with a revoked key: ask the member "
                         "to refresh it in the app.")
        self.key_id = key_id


class MemberQrBadSignature(MemberQrError):
    code = "member_qr_bad_signature"

    def __init__(self) -> None:
        super().__init__("This member QR code is not genuine (its signature does not match).")


# --- Base45 (RFC 9285) -------------------------------------------------------------------
def b45encode(data: bytes) -> str:
    """RFC 9285 Base45: two bytes to three characters, a last odd byte to two."""
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        e, rest = divmod(n, 45 * 45)
        d, c = divmod(rest, 45)
        out += (_ALPHABET[c], _ALPHABET[d], _ALPHABET[e])
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out += (_ALPHABET[c], _ALPHABET[d])
    return "".join(out)


def b45decode(text: str) -> bytes:
    """The bytes of Base45 ``text``; ValueError for a character or group RFC 9285 forbids."""
    try:
        values = [_INDEX[c] for c in text]
    except KeyError as exc:
        raise ValueError(f"not a Base45 character: {exc.args[0]!r}") from None
    if len(values) % 3 == 1:
        raise ValueError("Base45 text of impossible length")
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i:i + 3]
        n = sum(v * 45 ** k for k, v in enumerate(group))
        if len(group) == 3:
            if n > 0xFFFF:
                raise ValueError("Base45 group out of range")
            out += n.to_bytes(2, "big")
        else:
            if n > 0xFF:
                raise ValueError("Base45 group out of range")
            out.append(n)
    return bytes(out)


# --- keys as the rules carry them ----------------------------------------------------------
def new_key_id() -> str:
    """A fresh key id: 8 hex digits (4 bytes in the code)."""
    return uuid.uuid4().hex[:8]


def public_key_text(private: Ed25519PrivateKey) -> str:
    """The raw 32-byte public key, base64, as the rules document carries it."""
    raw = private.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _check_key_id(key_id: str) -> bytes:
    try:
        raw = bytes.fromhex(key_id)
    except ValueError:
        raw = b""
    if len(raw) != 4 or key_id != key_id.lower():
        raise ValueError(f"a member QR key id is 8 lowercase hex digits, not {key_id!r}")
    return raw


@dataclass(frozen=True, slots=True)
class MemberQrRules:
    """The ``member_qr`` block of the rules: central's public keys (key id → base64 raw
    Ed25519 key), the revoked key ids, and the chain's identity policy — above
    ``proof_above_points`` points (None: never), or for any instrument when
    ``proof_for_instruments``, a phone number alone does not prove the member."""

    keys: tuple[tuple[str, str], ...] = ()
    revoked: tuple[str, ...] = ()
    proof_above_points: int | None = None
    proof_for_instruments: bool = False

    @classmethod
    def from_document(cls, doc: Mapping[str, Any] | None) -> MemberQrRules:
        doc = doc or {}
        keys = doc.get("keys", {})
        if not isinstance(keys, Mapping):
            raise ValueError("member_qr.keys is an object of key id → base64 public key")
        checked: list[tuple[str, str]] = []
        for key_id, text in sorted(keys.items()):
            _check_key_id(key_id)
            _public_key(text)
            checked.append((key_id, text))
        revoked = tuple(sorted(str(k) for k in doc.get("revoked", ())))
        for key_id in revoked:
            _check_key_id(key_id)
        above = doc.get("proof_above_points")
        if above is not None and (isinstance(above, bool) or int(above) < 0):
            raise ValueError("member_qr.proof_above_points is a number of points or null")
        return cls(keys=tuple(checked), revoked=revoked,
                   proof_above_points=None if above is None else int(above),
                   proof_for_instruments=bool(doc.get("proof_for_instruments", False)))

    def to_document(self) -> dict[str, Any]:
        return {"keys": dict(self.keys), "revoked": list(self.revoked),
                "proof_above_points": self.proof_above_points,
                "proof_for_instruments": self.proof_for_instruments}

    @property
    def is_default(self) -> bool:
        return self == MemberQrRules()

    def public_keys(self) -> dict[str, str]:
        return dict(self.keys)


def _public_key(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError, TypeError):
        raise ValueError("a member QR public key is 32 raw bytes in base64") from None


# --- sign and verify -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MemberQr:
    """What a verified code says."""

    member_id: str
    key_id: str
    not_after: datetime


def _compact_time(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("a member QR's not-after must be an aware time")
    seconds = int(moment.timestamp())
    if not 0 < seconds < 2**32:
        raise ValueError("not-after out of range")
    return seconds


def sign(member_id: str, key_id: str, private: Ed25519PrivateKey, not_after: datetime) -> str:
    """The QR text proving ``member_id`` until ``not_after`` (rounded down to the second)."""
    body = _BODY.pack(VERSION, uuid.UUID(member_id).bytes, _check_key_id(key_id),
                      _compact_time(not_after))
    return PREFIX + b45encode(body + private.sign(_CONTEXT + body))


def looks_like_member_qr(text: str) -> bool:
    """Whether a scanned text is meant as a member QR (then verify it, never look it up)."""
    return text.strip().upper().startswith(PREFIX)


def read(text: str) -> tuple[MemberQr, bytes, bytes]:
    """Parse without verifying: what the code claims, the signed bytes and the signature.

    Raises:
        MemberQrMalformed: not a member QR of this version.
    """
    cleaned = text.strip()
    if not cleaned.upper().startswith(PREFIX):
        raise MemberQrMalformed("no RGQ: prefix")
    try:
        raw = b45decode(cleaned[len(PREFIX):])
    except ValueError as exc:
        raise MemberQrMalformed(str(exc)) from None
    if len(raw) != _BODY.size + _SIG_LEN:
        raise MemberQrMalformed("wrong length")
    body, signature = raw[:_BODY.size], raw[_BODY.size:]
    version, member, key, not_after = _BODY.unpack(body)
    if version != VERSION:
        raise MemberQrMalformed(f"version {version}")
    claim = MemberQr(str(uuid.UUID(bytes=member)), key.hex(),
                     datetime.fromtimestamp(not_after, UTC))
    return claim, body, signature


def verify(text: str, keys: MemberQrRules, now: datetime,
           max_ahead: timedelta = MAX_AHEAD) -> str:
    """The member id a scanned ``text`` proves at ``now``.

    A genuine code whose not-after is more than ``max_ahead`` away was not served by central
    (it serves minutes): only a leaked key makes one, so it is refused as not genuine.

    Raises:
        MemberQrMalformed, MemberQrRevokedKey, MemberQrUnknownKey, MemberQrBadSignature,
        MemberQrExpired: in this order of checking (a forged code is never called expired).
    """
    claim, body, signature = read(text)
    if claim.key_id in keys.revoked:
        raise MemberQrRevokedKey(claim.key_id)
    public = keys.public_keys().get(claim.key_id)
    if public is None:
        raise MemberQrUnknownKey(claim.key_id)
    try:
        _public_key(public).verify(signature, _CONTEXT + body)
    except InvalidSignature:
        raise MemberQrBadSignature() from None
    if claim.not_after > now + max_ahead:
        raise MemberQrBadSignature()
    if claim.not_after < now:
        raise MemberQrExpired(claim.not_after)
    return claim.member_id
