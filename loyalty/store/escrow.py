"""Head office's recovery path: the store key sealed to head office's public key.

When a counter PC dies, its backups (copied off it, or on its salvaged disk) are encrypted
with a key that died with it. So each till seals its key to head office's *recovery public
key* (RSA-3072, OAEP-SHA256) and writes the sealed key into every backup's ``.json``. The
sealed key is safe beside the data: only head office's private key — kept off the tills,
offline — opens it. On the new PC head office runs ``regulars keys recover`` with its
private key on the backup's ``.json`` and gives the key to ``regulars restore --backup-key``;
the restored store is re-encrypted with the new PC's own key.

The till finds the public key at ``REGULARS_RECOVERY_KEY`` (a PEM file) or as
``recovery-public.pem`` in its key folder; the chain's set-up copies it there. Without
it backups are still encrypted but only the PC that made them can open them (the log says so
at start).
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from loyalty.errors import LoyaltyError
from loyalty.store import cipher

PREFIX = "rsa-oaep-sha256:"
PUBLIC_FILE = "recovery-public.pem"


class RecoveryError(LoyaltyError):
    code = "recovery_error"


def _oaep() -> padding.OAEP:
    return padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(),
                        label=b"regulars-store-key")


def generate_recovery_keys(passphrase: bytes) -> tuple[bytes, bytes]:
    """Head office's key pair: (private PEM encrypted with ``passphrase``, public PEM)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase))
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private_pem, public_pem


def fingerprint(public_pem: bytes) -> str:
    """Which head-office key sealed a key (16 hex digits of its SHA-256)."""
    key = serialization.load_pem_public_key(public_pem)
    der = key.public_bytes(serialization.Encoding.DER,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()[:16]


def seal(key: cipher.StoreKey, public_pem: bytes) -> str:
    """``key`` encrypted to head office: ``rsa-oaep-sha256:<fingerprint>:<base64>``."""
    public = serialization.load_pem_public_key(public_pem)
    if not isinstance(public, rsa.RSAPublicKey):
        raise RecoveryError("The recovery key must be an RSA public key.")
    sealed = public.encrypt(key.raw, _oaep())
    return f"{PREFIX}{fingerprint(public_pem)}:{base64.b64encode(sealed).decode('ascii')}"


def unseal(sealed: str, private_pem: bytes, passphrase: bytes | None) -> cipher.StoreKey:
    """Head office opens a sealed key with its private key.

    Raises:
        RecoveryError: not a sealed key, or sealed to another head-office key.
    """
    if not sealed.startswith(PREFIX) or sealed.count(":") != 2:
        raise RecoveryError("This is not a sealed Regulars store key.")
    _, _, body = sealed.split(":")
    try:
        private = serialization.load_pem_private_key(private_pem, passphrase)
    except (ValueError, TypeError) as err:
        raise RecoveryError(f"The recovery private key cannot be read ({err}).") from None
    if not isinstance(private, rsa.RSAPrivateKey):
        raise RecoveryError("The recovery key must be an RSA private key.")
    try:
        return cipher.StoreKey(private.decrypt(base64.b64decode(body), _oaep()))
    except ValueError:
        raise RecoveryError("This key was sealed to another head-office recovery key.") \
            from None


def public_key_path(key_dir: Path) -> Path:
    """Where the till looks for head office's recovery public key."""
    env = os.environ.get("REGULARS_RECOVERY_KEY")
    return Path(env) if env else key_dir / PUBLIC_FILE


def sealed_for_backups(key: cipher.StoreKey, key_dir: Path) -> str | None:
    """``key`` sealed to head office, or None when no recovery key is installed."""
    path = public_key_path(key_dir)
    if not path.exists():
        return None
    return seal(key, path.read_bytes())
