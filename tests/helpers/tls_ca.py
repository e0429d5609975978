"""A throwaway certificate authority and a server certificate for 127.0.0.1/localhost.

Made with ``cryptography`` in the test's own folder; nothing is installed anywhere.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class ServerTls:
    """A CA file and a server certificate and key it signed (PEM files)."""

    ca_file: Path
    certfile: Path
    keyfile: Path

    def cert_der(self) -> bytes:
        cert = x509.load_pem_x509_certificate(self.certfile.read_bytes())
        return cert.public_bytes(serialization.Encoding.DER)

    def cert_pin(self) -> str:
        """SHA-256 of the server certificate, hex with colons (openssl's fingerprint form)."""
        return ":".join(f"{b:02X}" for b in hashlib.sha256(self.cert_der()).digest())

    def key_pin(self) -> str:
        """``sha256//…`` of the server's public key (curl's form)."""
        import base64

        cert = x509.load_pem_x509_certificate(self.certfile.read_bytes())
        spki = cert.public_key().public_bytes(serialization.Encoding.DER,
                                              serialization.PublicFormat.SubjectPublicKeyInfo)
        return "sha256//" + base64.b64encode(hashlib.sha256(spki).digest()).decode()


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_server_tls(folder: Path, *, ca_name: str = "Regulars test CA",
                    hosts: tuple[str, ...] = ("127.0.0.1", "::1", "localhost")) -> ServerTls:
    """A new CA and a server certificate for ``hosts``, written under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder().subject_name(_name(ca_name)).issuer_name(_name(ca_name))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    cert = (
        x509.CertificateBuilder().subject_name(_name("central.test")).issuer_name(_name(ca_name))
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    tls = ServerTls(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    tls.ca_file.write_bytes(ca_cert.public_bytes(pem))
    tls.certfile.write_bytes(cert.public_bytes(pem))
    tls.keyfile.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
    tls.keyfile.chmod(0o600)
    return tls
