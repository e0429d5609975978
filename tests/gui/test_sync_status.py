"""The counter's sync service: rounds on a worker thread, status on the GUI thread, against
the real central over loopback."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.sync_status import SyncStatus as StatusSeam
from desktop.sync_worker import SyncService
from loyalty.money import Currency, Money
from loyalty.store.context import TillContext
from sync.bootstrap import register_terminal
from sync.engine import EngineStatus, SyncConfig
from sync.state import TerminalIdentity, put_identity
from tests.helpers.central_server import CentralServer, free_port, running_central
from tests.helpers.store import StoreFixture, make_store


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with running_central(f"sqlite:///{tmp_path / 'central.db'}") as server:
        yield server


@pytest.fixture
def registered(tmp_path: Path, central: CentralServer) -> Iterator[StoreFixture]:
    fixture = make_store(tmp_path / "data" / "store.db")
    register_terminal(fixture.engine, tmp_path / "data", central.url,
                      central.demo_chain().enrollment_code, fixture.clock())
    yield fixture
    fixture.engine.dispose()


def _service(qtbot: QtBot, fixture: StoreFixture, seam: StatusSeam) -> SyncService:
    service = SyncService(fixture.path, fixture.path.parent, seam,
                          config=SyncConfig(interval=3600, verify_every=None))
    return service


def test_a_round_runs_off_the_gui_thread_and_reports_online(
        qtbot: QtBot, registered: StoreFixture) -> None:
    with registered.engine.connect() as conn:
        from sync.state import identity
        ident = identity(conn)
    assert ident is not None
    counter = registered.service(TillContext(ident.store_id, ident.terminal_id))
    member = counter.enroll(phone="0912345678", name="王小明")
    counter.award(member.member_id, Money(Decimal(1000), Currency.TWD))
    seam = StatusSeam(counter.pending_operations)
    assert counter.pending_operations() == 2
    service = _service(qtbot, registered, seam)
    seen: list[tuple[bool, int, str]] = []
    seam.state_changed.connect(lambda s: seen.append((s.online, s.depth, s.last_error)))
    with qtbot.waitSignal(service.status_changed, timeout=30_000) as got:
        service.start()
    status: EngineStatus = got.args[0]
    try:
        assert status.online and status.queue_depth == 0 and status.last_error is None
        assert status.last_success_at is not None
        assert seam.is_online() and seen[-1] == (True, 0, "")
        assert counter.panel(member.member_id).pending == 0
    finally:
        service.stop()
        counter.close()


def test_central_unreachable_shows_offline_with_the_error_in_words(
        qtbot: QtBot, tmp_path: Path) -> None:
    fixture = make_store(tmp_path / "data" / "store.db")
    with fixture.engine.begin() as conn:  # registered once, central now gone
        put_identity(conn, TerminalIdentity("T1", "S001", f"http://127.0.0.1:{free_port()}"))
    seam = StatusSeam(lambda: 0)
    service = _service(qtbot, fixture, seam)
    with qtbot.waitSignal(service.status_changed, timeout=60_000) as got:
        service.start()
    status: EngineStatus = got.args[0]
    try:
        assert status.online is False
        assert status.last_error is not None and "cannot be reached" in status.last_error
        assert not seam.is_online() and seam.last_error == status.last_error
    finally:
        service.stop()
        fixture.engine.dispose()


def test_stopping_closes_the_connection_to_central_every_time(
        qtbot: QtBot, registered: StoreFixture) -> None:
    """Closing the counter closes the worker's connection to central and its store pool,
    even when the worker's thread ends before a queued shutdown reaches it (seen as a
    socket left open, reported later by the garbage collector)."""
    from sync.client import CentralClient

    def factory(url: str, token: str | None) -> CentralClient:
        clients.append(CentralClient(url, token))
        return clients[-1]

    for _ in range(5):
        clients: list[CentralClient] = []
        service = SyncService(registered.path, registered.path.parent,
                              StatusSeam(lambda: 0), client_factory=factory,
                              config=SyncConfig(interval=3600, verify_every=None))
        with qtbot.waitSignal(service.status_changed, timeout=30_000) as got:
            service.start()
        assert got.args[0].online
        service.stop()
        assert len(clients) == 1 and clients[0].http.is_closed
        assert service.worker.engine is None
