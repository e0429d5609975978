"""Which addresses a terminal talks to, how pins are written, and ``regulars sync trust``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from loyalty.store.engine import create_store_engine
from loyalty.store.migrate import upgrade
from sync import cli
from sync.client import CentralClient
from sync.errors import CertificateProblem, InsecureAddress
from sync.state import TerminalIdentity, identity, put_identity
from sync.tls import TlsSettings, check_address, fingerprints, load_tls, parse_pin
from tests.helpers.tls_ca import make_server_tls


@pytest.mark.parametrize("url", [
    "https://central.example.com", "https://192.168.1.20:8470", "http://127.0.0.1:8470",
    "http://127.9.9.9", "http://localhost:8470", "http://LOCALHOST", "http://[::1]:8470",
    "http://[::ffff:127.0.0.1]:8470", "http://demo.localhost"])
def test_https_anywhere_and_plain_http_to_this_computer_are_allowed(url: str) -> None:
    assert check_address(url) == url


@pytest.mark.parametrize("url", [
    "http://central.example.com", "http://192.168.1.20:8470", "http://10.0.0.1",
    "http://[fe80::1]", "http://[::ffff:10.0.0.1]", "http://127.0.0.1.nip.io",
    "http://localhost.example.com", "ftp://central.example.com", "central.example.com"])
def test_plain_http_to_another_computer_and_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(InsecureAddress, match="https://"):
        check_address(url)


def test_a_client_for_a_refused_address_sends_nothing_and_says_why() -> None:
    with CentralClient("http://192.168.1.20:8470", "rt_x", attempts=1) as client, \
            pytest.raises(InsecureAddress) as err:
        client.rules()
    assert err.value.kind == "insecure_address" and not err.value.maybe_sent


def test_pins_are_read_as_openssl_and_curl_write_them(tmp_path: Path) -> None:
    pki = make_server_tls(tmp_path)
    cert_digest, key_digest = fingerprints(pki.cert_der())
    assert cert_digest == hashlib.sha256(pki.cert_der()).digest()
    assert parse_pin(pki.cert_pin()) == cert_digest  # AB:CD:… (openssl -fingerprint)
    assert parse_pin(pki.cert_pin().replace(":", "").lower()) == cert_digest
    assert parse_pin(f"sha256 Fingerprint={pki.cert_pin()}") == cert_digest
    assert parse_pin(pki.key_pin()) == key_digest  # sha256//base64 (curl --pinnedpubkey)
    slash = "sha256///w" + "A" * 41 + "="  # base64 may itself start with "/"
    assert parse_pin(slash) == b"\xff" + bytes(31)
    for bad in ("", "sha256//abc", "12:34", "sha1//" + "A" * 28, "not a pin"):
        with pytest.raises(ValueError, match="SHA-256 pin"):
            parse_pin(bad)


def test_an_unreadable_ca_file_is_a_certificate_problem_at_the_first_request(
        tmp_path: Path) -> None:
    settings = TlsSettings(ca_file=str(tmp_path / "missing.pem"))
    with CentralClient("https://central.example.com", "rt_x", tls=settings) as client, \
            pytest.raises(CertificateProblem, match="cannot be read"):
        client.rules()


def test_sync_trust_keeps_the_ca_file_and_pins_in_the_store(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pki = make_server_tls(tmp_path / "pki")
    data = tmp_path / "data"
    args = ["trust", "--data-dir", str(data), "--ca-file", str(pki.ca_file),
            "--pin", pki.key_pin(), "--pin", pki.cert_pin()]
    assert cli.main(args) == 0
    assert "must chain to the CA file" in capsys.readouterr().out
    engine = create_store_engine(data / "store.db")
    try:
        with engine.connect() as conn:
            assert load_tls(conn) == TlsSettings(str(pki.ca_file),
                                                 (pki.key_pin(), pki.cert_pin()))
        assert cli.main(["trust", "--data-dir", str(data), "--pin", "12:34"]) == 64
        assert "not a SHA-256 pin" in capsys.readouterr().err
        assert cli.main(["trust", "--data-dir", str(data),
                         "--ca-file", str(tmp_path / "nowhere.pem")]) == 64
        with engine.connect() as conn:  # a refused change leaves the settings as they were
            assert load_tls(conn).pins == (pki.key_pin(), pki.cert_pin())
    finally:
        engine.dispose()


def test_a_terminal_registered_over_plain_http_moves_to_https_without_a_new_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    engine = create_store_engine(data / "store.db")
    upgrade(engine)
    with engine.begin() as conn:  # registered before TLS was required
        put_identity(conn, TerminalIdentity("T1", "S001", "http://192.168.1.20:8470"))
    try:
        assert cli.main(["address", "--data-dir", str(data), "--central",
                         "http://192.168.1.20:8470"]) == 2
        assert "must start with https://" in capsys.readouterr().err
        assert cli.main(["address", "--data-dir", str(data), "--central",
                         "https://central.example.com/"]) == 0
        with engine.connect() as conn:
            assert identity(conn) == TerminalIdentity("T1", "S001",
                                                      "https://central.example.com")
    finally:
        engine.dispose()
