"""TLS on the wire between a till and central: the real central served by uvicorn over HTTPS
on loopback with a certificate from a CA made in the test, and a till's real store."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from loyalty.money import Currency, Money
from loyalty.store.context import TillContext
from sync.bootstrap import register_terminal
from sync.client import CentralClient
from sync.credentials import load_token
from sync.engine import SyncConfig, SyncEngine
from sync.errors import CertificateProblem, InsecureAddress
from sync.state import identity
from sync.tls import TlsSettings, load_tls, save_tls
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.store import StoreFixture, make_store
from tests.helpers.tls_ca import ServerTls, make_server_tls

QUIET = SyncConfig(verify_every=None)


@pytest.fixture
def pki(tmp_path: Path) -> ServerTls:
    return make_server_tls(tmp_path / "pki")


@pytest.fixture
def https_central(tmp_path: Path, pki: ServerTls) -> Iterator[CentralServer]:
    with running_central(f"sqlite:///{tmp_path / 'central.db'}", tls=pki) as server:
        yield server


@pytest.fixture
def till(tmp_path: Path) -> Iterator[StoreFixture]:
    fixture = make_store(tmp_path / "till" / "store.db")
    yield fixture
    fixture.engine.dispose()


def trust(till: StoreFixture, tls: TlsSettings) -> None:
    with till.engine.begin() as conn:
        save_tls(conn, tls)


def sync_engine(till: StoreFixture) -> SyncEngine:
    """The till's engine as the app builds it: address and TLS settings from its store."""
    with till.engine.connect() as conn:
        ident, tls = identity(conn), load_tls(conn)
    assert ident is not None
    client = CentralClient(ident.central_url, load_token(till.path.parent), tls=tls,
                           attempts=2)
    return SyncEngine(till.engine, client, now=till.clock, config=QUIET)


def register(till: StoreFixture, central: CentralServer) -> TillContext:
    ident = register_terminal(till.engine, till.path.parent, central.url,
                              central.demo_chain().enrollment_code, till.clock())
    return TillContext(ident.store_id, ident.terminal_id)


def central_balance(central: CentralServer, member_id: str) -> int:
    with central.client("admin") as admin:
        found = admin.get(f"/v1/admin/members/{member_id}")
    return int(found.json()["balance"]) if found.status_code == 200 else -1


def test_a_till_syncs_with_central_over_https_trusting_the_chains_own_ca(
        till: StoreFixture, https_central: CentralServer, pki: ServerTls) -> None:
    assert https_central.url.startswith("https://127.0.0.1:")
    trust(till, TlsSettings(ca_file=str(pki.ca_file)))
    service = till.service(register(till, https_central))
    member = service.enroll(phone="0912345678", name="王小明")
    award = service.award(member.member_id, Money(Decimal(1000), Currency.TWD))
    engine = sync_engine(till)
    try:
        report = engine.sync_once()
        assert report.push.acked == 2 and engine.status().queue_depth == 0
        assert central_balance(https_central, member.member_id) == award.points > 0
        assert engine.status().online and engine.status().error_kind is None
    finally:
        engine.client.close()
        service.close()


@pytest.mark.expect_log_warnings("sync.client")  # the test provokes them
def test_a_certificate_the_till_does_not_trust_is_a_certificate_problem_not_offline(
        till: StoreFixture, https_central: CentralServer, pki: ServerTls) -> None:
    trust(till, TlsSettings(ca_file=str(pki.ca_file)))
    service = till.service(register(till, https_central))
    trust(till, TlsSettings())  # the public CAs only: the chain's own CA is not among them
    member = service.enroll(phone="0912345678", name="王小明")
    engine = sync_engine(till)
    try:
        with pytest.raises(CertificateProblem) as err:
            engine.sync_once()
        assert "not trusted" in str(err.value) and not err.value.pinned
        assert engine.client.retries == 0  # a certificate does not mend itself
        status = engine.status()
        assert status.error_kind == "certificate" and status.online is False
        assert status.last_error == str(err.value) and status.queue_depth == 1
        assert central_balance(https_central, member.member_id) == -1  # nothing arrived
    finally:
        engine.client.close()
        service.close()


@pytest.mark.expect_log_warnings("sync.client")  # the test provokes them
def test_a_pinned_certificate_that_does_not_match_is_refused_and_said_so(
        till: StoreFixture, https_central: CentralServer, pki: ServerTls,
        tmp_path: Path) -> None:
    # Pinned right (the public key, curl's form), registration and a round work.
    trust(till, TlsSettings(ca_file=str(pki.ca_file), pins=(pki.key_pin(),)))
    service = till.service(register(till, https_central))
    engine = sync_engine(till)
    engine.sync_once()
    engine.client.close()
    # The certificate's own fingerprint (openssl's form) works as well.
    trust(till, TlsSettings(ca_file=str(pki.ca_file), pins=(pki.cert_pin(),)))
    engine = sync_engine(till)
    engine.sync_once()
    engine.client.close()
    # A pin of another certificate: central's, though valid for the CA, is refused.
    other = make_server_tls(tmp_path / "other")
    trust(till, TlsSettings(ca_file=str(pki.ca_file), pins=(other.cert_pin(),
                                                            other.key_pin())))
    member = service.enroll(phone="0912345678", name="王小明")
    engine = sync_engine(till)
    try:
        with pytest.raises(CertificateProblem) as err:
            engine.sync_once()
        assert err.value.pinned and "pinned" in str(err.value)
        assert "Nothing was sent" in str(err.value)
        assert engine.status().error_kind == "certificate"
        assert engine.status().queue_depth == 1
        assert central_balance(https_central, member.member_id) == -1
    finally:
        engine.client.close()
        service.close()


def test_plain_http_to_another_computer_is_refused_by_the_sync_engine(
        till: StoreFixture, https_central: CentralServer, pki: ServerTls) -> None:
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    client = CentralClient("http://192.0.2.10:8470", "rt_secret", attempts=1,
                           transport=httpx.MockTransport(record))
    engine = SyncEngine(till.engine, client, now=till.clock, config=QUIET)
    trust(till, TlsSettings(ca_file=str(pki.ca_file)))
    register(till, https_central)  # the till has an identity; its client's address is bad
    try:
        with pytest.raises(InsecureAddress) as err:
            engine.sync_once()
        assert "https://" in str(err.value) and sent == []  # refused before sending
        assert engine.status().error_kind == "insecure_address"
        assert engine.status().online is False
    finally:
        client.close()


@pytest.mark.expect_log_warnings("sync.client")  # the test provokes them
def test_registration_over_https_needs_the_ca_the_till_was_told_to_trust(
        till: StoreFixture, https_central: CentralServer, pki: ServerTls) -> None:
    code = https_central.demo_chain().enrollment_code
    with pytest.raises(CertificateProblem):
        register_terminal(till.engine, till.path.parent, https_central.url, code,
                          till.clock())
    with till.engine.connect() as conn:
        assert identity(conn) is None  # nothing kept
    assert load_token(till.path.parent) is None
    trust(till, TlsSettings(ca_file=str(pki.ca_file)))
    ident = register_terminal(till.engine, till.path.parent, https_central.url, code,
                              till.clock())  # the code was never spent: nothing was sent
    assert ident.central_url == https_central.url
