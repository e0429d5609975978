"""How a terminal trusts central: HTTPS only, an optional private CA, optional pinning.

* **Addresses.** Central is reached over ``https://``; plain ``http://`` only to this
  computer (127.0.0.0/8, ::1, ``localhost``: a demo or a reverse proxy on the same PC),
  because the bearer token and members' phones cross the store's network otherwise.
* **Private CA.** With ``central.ca_file`` set, central's certificate must chain to that CA
  alone (a chain that runs its own CA has no reason to trust every public one for central);
  without it, the public CAs httpx ships (certifi).
* **Pinning.** With ``central.pins`` set, the certificate central presents must also match
  one pin: the SHA-256 of the certificate or of its public key (SPKI), as hex
  (``openssl x509 -noout -fingerprint -sha256``) or ``sha256//<base64>`` (curl's form).
  Pin the public key to survive renewals that keep the key. The pin is checked during the
  TLS handshake, before a byte of the request (and its token) is sent.

Both settings live in the store's ``settings`` table (``regulars sync trust`` sets them).
A failure is a :class:`~sync.errors.CertificateProblem`, never plain "offline".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import certifi
from sqlalchemy import Connection

from loyalty.store.keyvalue import get_setting, put_setting
from sync.errors import CertificateProblem, InsecureAddress

CA_FILE_KEY = "central.ca_file"
PINS_KEY = "central.pins"


def is_loopback(host: str) -> bool:
    """True for this computer: 127.0.0.0/8, ::1 (also IPv4-mapped) and ``localhost``."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def check_address(url: str) -> str:
    """``url`` if a terminal may talk to central there, else :class:`InsecureAddress`."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return url
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return url
    if parts.scheme == "http":
        raise InsecureAddress(
            "Central's address must start with https://: plain http:// would send this "
            "terminal's credential and members' phone numbers unencrypted across the "
            "network (it is allowed only to this computer, 127.0.0.1 or localhost).")
    raise InsecureAddress("Central's address must start with https://.")


def parse_pin(text: str) -> bytes:
    """A pin as its 32-byte SHA-256 digest, from hex (colons allowed) or ``sha256//base64``."""
    text = text.strip()
    if text.lower().startswith("sha256 fingerprint="):  # openssl's line, pasted whole
        text = text.split("=", 1)[1]
    try:
        if text.lower().startswith("sha256/"):  # curl writes sha256//, HPKP sha256/
            encoded = text[8:] if text.lower().startswith("sha256//") else text[7:]
            digest = base64.b64decode(encoded, validate=True)
        else:
            digest = bytes.fromhex(text.replace(":", "").replace(" ", ""))
    except (ValueError, binascii.Error):
        digest = b""
    if len(digest) != 32:
        raise ValueError(f"{text!r} is not a SHA-256 pin (64 hex digits or sha256//base64).")
    return digest


@dataclass(frozen=True, slots=True)
class TlsSettings:
    """The terminal's trust in central: a private CA file and pins (both optional)."""

    ca_file: str | None = None
    pins: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for pin in self.pins:
            parse_pin(pin)

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that verifies central's certificate (and its pin)."""
        context = _PinningContext(ssl.PROTOCOL_TLS_CLIENT) if self.pins else \
            ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        try:
            context.load_verify_locations(cafile=self.ca_file or certifi.where())
        except (OSError, ssl.SSLError) as exc:
            raise CertificateProblem(
                f"The certificate authority file {self.ca_file} in this terminal's settings "
                f"cannot be read ({exc}).") from exc
        if isinstance(context, _PinningContext):
            context.pins = frozenset(parse_pin(p) for p in self.pins)
        return context


def load_tls(conn: Connection) -> TlsSettings:
    """The terminal's TLS settings from its store."""
    pins = get_setting(conn, PINS_KEY) or []
    return TlsSettings(get_setting(conn, CA_FILE_KEY) or None, tuple(pins))


def save_tls(conn: Connection, tls: TlsSettings) -> None:
    """Keep ``tls`` in the store (the caller owns the transaction)."""
    if tls.ca_file is not None and not Path(tls.ca_file).is_file():
        raise ValueError(f"No certificate authority file at {tls.ca_file}.")
    put_setting(conn, CA_FILE_KEY, tls.ca_file)
    put_setting(conn, PINS_KEY, list(tls.pins))


def fingerprints(der: bytes) -> tuple[bytes, bytes]:
    """SHA-256 of a DER certificate and of its public key (SubjectPublicKeyInfo)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    spki = x509.load_der_x509_certificate(der).public_key().public_bytes(
        Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).digest(), hashlib.sha256(spki).digest()


class PinMismatch(ssl.SSLCertVerificationError):
    """Central's certificate verified, but matches none of the pinned fingerprints."""


def _check_pins(context: Any, der: bytes | None) -> None:
    pins: Iterable[bytes] = getattr(context, "pins", ())
    if der is None or not set(fingerprints(der)) & set(pins):
        raise PinMismatch("central's certificate does not match the pinned fingerprint")


class _PinnedSocket(ssl.SSLSocket):
    def do_handshake(self, block: bool = False) -> None:
        super().do_handshake(block)
        _check_pins(self.context, self.getpeercert(binary_form=True))


class _PinnedObject(ssl.SSLObject):  # TLS through a proxy's tunnel
    def do_handshake(self) -> None:
        super().do_handshake()
        _check_pins(self.context, self.getpeercert(binary_form=True))


class _PinningContext(ssl.SSLContext):
    """A context whose sockets check the pins as the last step of the handshake."""

    pins: frozenset[bytes] = frozenset()
    sslsocket_class = _PinnedSocket
    sslobject_class = _PinnedObject


def certificate_problem(exc: BaseException) -> CertificateProblem | None:
    """The certificate failure behind a connection error, in words, or None."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, PinMismatch):
            return CertificateProblem(
                "Central's certificate does not match the one pinned in this terminal's "
                "settings: the connection may be intercepted, or central's certificate was "
                "replaced. Nothing was sent; ask head office.", pinned=True)
        if isinstance(seen, ssl.SSLCertVerificationError):
            reason = seen.verify_message or seen.reason or "not trusted"
            return CertificateProblem(
                f"Central's certificate is not trusted ({reason}). Nothing was sent; check "
                "the address, or ask head office for the chain's certificate authority file.")
        seen = seen.__cause__ or seen.__context__
    return None
