"""Counters registered with a real central on loopback, each with its own store file and the
sync worker the app starts (``start_sync``), for GUI tests of what syncing changes on screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.app import CounterApp, build_counter
from desktop.main_window import CounterPage
from desktop.style import apply_style
from desktop.sync_worker import SyncService, start_sync
from loyalty.dates import utc_now
from loyalty.money import Currency, Money
from sync.bootstrap import register_terminal
from sync.engine import EngineStatus, SyncConfig
from tests.gui.conftest import KeyClock, sign_in, type_text
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.store import CASHIER_PIN, StoreFixture, make_store

# Rounds only when a test asks for one.
QUIET = SyncConfig(interval=3600, verify_every=None)


@dataclass
class Till:
    """One registered counter: its store, the running app pieces and its sync service."""

    fixture: StoreFixture
    counter: CounterApp
    syncing: SyncService

    @property
    def page(self) -> CounterPage:
        return self.counter.window.counter

    def sync_round(self, qtbot: QtBot) -> EngineStatus:
        """Ask for a round now and wait for its status."""
        with qtbot.waitSignal(self.syncing.status_changed, timeout=60_000) as got:
            self.syncing.sync_now()
        status: EngineStatus = got.args[0]
        return status

    def close(self) -> None:
        self.syncing.stop()  # and the redemption thread, before its client closes
        self.counter.close()
        self.fixture.engine.dispose()


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with running_central(f"sqlite:///{tmp_path / 'central.db'}") as server:
        yield server


@pytest.fixture
def open_till(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
              central: CentralServer) -> Iterator[Callable[..., Till]]:
    """``open_till("a")``: a registered counter, shown, first round done, cashier signed in."""
    apply_style(qapp)
    translators = i18n.install_translators(qapp, "en")
    tills: list[Till] = []

    def open_one(name: str, store_id: str = "S001", *, sign_in_as: str = "李小華",
                 pin: str = CASHIER_PIN) -> Till:
        data = tmp_path / name
        fixture = make_store(data / "store.db")
        register_terminal(fixture.engine, data, central.url,
                          central.demo_chain(store_id).enrollment_code, utc_now())
        counter = build_counter(fixture.engine, key_clock=KeyClock())
        syncing = start_sync(fixture.path, data, counter.sync, parent=counter.window,
                             session=counter.session, config=QUIET)
        assert syncing is not None, "a registered terminal syncs"
        till = Till(fixture, counter, syncing)
        tills.append(till)
        counter.window.resize(1280, 800)
        counter.window.show()
        qtbot.waitExposed(counter.window)
        qtbot.waitUntil(lambda: syncing.status is not None, timeout=60_000)
        sign_in(qtbot, counter, sign_in_as, pin)
        assert counter.session.cashier is not None
        return till

    yield open_one
    for till in tills:
        till.close()
    i18n.remove_translators(qapp, translators)
    i18n.install_translators(qapp, "en")


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def member_with_points(qtbot: QtBot, till: Till, phone: str, sale: int) -> str:
    """Enroll a member at ``till``, award points for ``sale`` and sync them to central."""
    service = till.counter.session.service
    member = service.enroll(phone=phone, name="王小明")
    service.award(member.member_id, twd(sale))
    status = till.sync_round(qtbot)
    assert status.online and status.queue_depth == 0, status
    return member.member_id


def find(qtbot: QtBot, till: Till, text: str) -> None:
    """Type in the search box and press Enter (one match: the member is on screen)."""
    line = till.page.search.line
    line.clear()
    type_text(qtbot, line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert till.counter.session.member is not None


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
