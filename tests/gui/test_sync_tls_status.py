"""The counter's sync worker against central over HTTPS: a certificate that is not the
pinned one shows on the status bar as a certificate problem, not as "central unreachable"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.sync_status import SyncStatus as StatusSeam
from desktop.sync_worker import SyncService
from desktop.views.chrome import CounterStatusBar
from sync.bootstrap import register_terminal
from sync.engine import EngineStatus, SyncConfig
from sync.tls import TlsSettings, save_tls
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.store import StoreFixture, make_store
from tests.helpers.tls_ca import ServerTls, make_server_tls

QUIET = SyncConfig(interval=3600, verify_every=None)


@pytest.fixture
def pki(tmp_path: Path) -> ServerTls:
    return make_server_tls(tmp_path / "pki")


@pytest.fixture
def https_central(tmp_path: Path, pki: ServerTls) -> Iterator[CentralServer]:
    with running_central(f"sqlite:///{tmp_path / 'central.db'}", tls=pki) as server:
        yield server


@pytest.fixture
def till(tmp_path: Path, https_central: CentralServer, pki: ServerTls
         ) -> Iterator[StoreFixture]:
    fixture = make_store(tmp_path / "data" / "store.db")
    with fixture.engine.begin() as conn:
        save_tls(conn, TlsSettings(ca_file=str(pki.ca_file), pins=(pki.key_pin(),)))
    register_terminal(fixture.engine, tmp_path / "data", https_central.url,
                      https_central.demo_chain().enrollment_code, fixture.clock())
    yield fixture
    fixture.engine.dispose()


def one_round(qtbot: QtBot, till: StoreFixture, seam: StatusSeam) -> EngineStatus:
    service = SyncService(till.path, till.path.parent, seam, config=QUIET)
    try:
        with qtbot.waitSignal(service.status_changed, timeout=30_000) as got:
            service.start()
    finally:
        service.stop()
    status: EngineStatus = got.args[0]
    return status


@pytest.mark.expect_log_warnings("sync.client")  # the refused certificate, logged
def test_a_certificate_that_is_not_the_pinned_one_shows_as_a_certificate_problem(
        qtbot: QtBot, till: StoreFixture, pki: ServerTls, tmp_path: Path) -> None:
    seam = StatusSeam(lambda: 0)
    bar = CounterStatusBar(ZoneInfo("Asia/Taipei"))
    qtbot.addWidget(bar)
    seam.state_changed.connect(bar.show_state)
    assert one_round(qtbot, till, seam).online  # pinned right: the worker syncs
    assert bar.connection.text() == "● Online"
    other = make_server_tls(tmp_path / "other")
    with till.engine.begin() as conn:
        save_tls(conn, TlsSettings(ca_file=str(pki.ca_file), pins=(other.key_pin(),)))
    status = one_round(qtbot, till, seam)
    assert status.error_kind == "certificate" and status.online is False
    assert bar.connection.text() == "● Not connected — central's certificate or address refused"
    assert "not the pinned one" in bar.last_sync.text()
    assert "unreachable" not in bar.connection.text()
    bar.resize(1366, bar.sizeHint().height())
    folder = os.environ.get("REGULARS_SHOTS_DIR")
    if folder:
        bar.grab().save(str(Path(folder) / "status_certificate_en.png"))
