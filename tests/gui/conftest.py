"""The real counter window on a real store file, offscreen, for pytest-qt tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.app import CounterApp, build_counter
from desktop.services.session import EnrollForm
from desktop.style import apply_style
from tests.helpers.store import CASHIER_PIN, MANAGER_PIN, StoreFixture

HUMAN_GAP_MS = 150.0  # a person typing
SCANNER_GAP_MS = 8.0  # a USB scanner


class KeyClock:
    """The scanner's clock: each key press reads it once, and time moves ``step`` ms."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.step = HUMAN_GAP_MS

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture(scope="session", autouse=True)
def translations_built() -> None:
    if i18n.qm_stale():
        i18n.build()


@pytest.fixture
def lang() -> str:
    return "en"


@pytest.fixture
def key_clock() -> KeyClock:
    return KeyClock()


@pytest.fixture
def counter(qtbot: QtBot, qapp: QApplication, store_fixture: StoreFixture,
            key_clock: KeyClock, lang: str) -> Iterator[CounterApp]:
    apply_style(qapp)
    translators = i18n.install_translators(qapp, lang)
    built = build_counter(store_fixture.engine, clock=store_fixture.clock,
                          key_clock=key_clock)
    window = built.window
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    yield built
    built.close()
    # Delete the window, not only hide it: every later test's language change and polish
    # would otherwise reach all the windows before it (setup grew 0.5 → 20 s in a worker).
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    i18n.remove_translators(qapp, translators)
    i18n.install_translators(qapp, "en")  # QLocale default back to English for the next


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a person: ASCII as key clicks, anything else as an input-method commit."""
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def press(qtbot: QtBot, key: Qt.Key) -> None:
    """Press a key where the keyboard focus is (function keys, Enter, Esc)."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key)


def sign_in(qtbot: QtBot, counter: CounterApp, name: str, pin: str) -> None:
    view = counter.window.sign_in
    for row in range(view.cashier_list.count()):
        if view.cashier_list.item(row).text().startswith(name):
            view.cashier_list.setCurrentRow(row)
    type_text(qtbot, view.pin, pin)
    qtbot.keyClick(view.pin, Qt.Key.Key_Return)


@pytest.fixture
def cashier_counter(qtbot: QtBot, counter: CounterApp) -> CounterApp:
    """The counter with cashier 李小華 signed in."""
    sign_in(qtbot, counter, "李小華", CASHIER_PIN)
    assert counter.session.cashier is not None
    return counter


@pytest.fixture
def manager_counter(qtbot: QtBot, counter: CounterApp) -> CounterApp:
    sign_in(qtbot, counter, "王店長", MANAGER_PIN)
    assert counter.session.cashier is not None
    return counter


def enroll_member(counter: CounterApp, phone: str, name: str, birthday: str = "") -> str:
    """Put a member in the store directly (set-up for tests about other flows)."""
    session = counter.session
    enrollment = session.enroll(EnrollForm(phone, name, birthday, marketing_consent=True))
    session.clear_member()
    return enrollment.member_id
