"""Driving the first-run wizard like a person: typing into its fields, clicking its buttons."""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from desktop.firstrun import FirstRunWizard, PageId
from tests.gui.conftest import type_text

NEXT = QWizard.WizardButton.NextButton
BACK = QWizard.WizardButton.BackButton
FINISH = QWizard.WizardButton.FinishButton


@dataclass
class WizardFixture:
    wizard: FirstRunWizard
    engine: Engine
    data_dir: Path


def click(qtbot: QtBot, wizard: FirstRunWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), f"{which} is not clickable"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a radio button where a person would: on its circle."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def retype(qtbot: QtBot, field: object, text: str) -> None:
    field.clear()  # type: ignore[attr-defined]
    type_text(qtbot, field, text)  # type: ignore[arg-type]


def to_page(qtbot: QtBot, wizard: FirstRunWizard, page: PageId) -> None:
    qtbot.waitUntil(lambda: wizard.currentId() == page, timeout=20_000)


def fill_store(qtbot: QtBot, wizard: FirstRunWizard, name: str = "好日子 信義店",
               region: str = "TW", till: str | None = None) -> None:
    assert wizard.currentId() == PageId.STORE
    retype(qtbot, wizard.store_page.name, name)
    if till is not None:
        retype(qtbot, wizard.store_page.till, till)
    combo = wizard.store_page.region
    combo.setCurrentIndex(combo.findData(region))
    click(qtbot, wizard, NEXT)


def choose_standalone(qtbot: QtBot, wizard: FirstRunWizard, block: int = 3) -> None:
    page = wizard.terminal_page
    choose(qtbot, page.standalone_choice)
    page.block.setValue(block)
    click(qtbot, wizard, NEXT)


def type_registration(qtbot: QtBot, wizard: FirstRunWizard, url: str, code: str) -> None:
    page = wizard.terminal_page
    choose(qtbot, page.register_choice)
    retype(qtbot, page.url, url)
    retype(qtbot, page.code, code)


def fill_manager(qtbot: QtBot, wizard: FirstRunWizard, name: str = "陳店長", pin: str = "8642",
                 again: str | None = None) -> None:
    page = wizard.manager_page
    retype(qtbot, page.name, name)
    retype(qtbot, page.pin, pin)
    retype(qtbot, page.pin_again, pin if again is None else again)
    click(qtbot, wizard, NEXT)


class HangingCentral:
    """A port that accepts connections and answers nothing until :meth:`release` (then the
    connections close and the port refuses): a central that hangs, then goes away."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.accepted: list[socket.socket] = []
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        try:
            while True:
                conn, _ = self.listener.accept()
                self.accepted.append(conn)
                self.connected.set()
        except OSError:
            return  # released

    def release(self) -> None:
        for conn in self.accepted:
            conn.close()
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self.listener.close()
        self._thread.join(timeout=5)
