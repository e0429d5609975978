"""Defects found trying the counter as a new cashier and manager would (issue 18): each
one as the cashier would notice it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Counter
from tests.gui.conftest import press


def test_after_f12_the_pin_field_takes_the_pin(qtbot: QtBot, cashier_counter: Counter) -> None:
    press(qtbot, Qt.Key.Key_F12)
    assert cashier_counter.session.cashier is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cashier_counter.window.sign_in.pin)


def test_after_the_idle_lock_the_pin_field_takes_the_pin(qtbot: QtBot,
                                                         cashier_counter: Counter) -> None:
    cashier_counter.idle.idle_timeout.emit()
    assert cashier_counter.session.cashier is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cashier_counter.window.sign_in.pin)
