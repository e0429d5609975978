"""The frame around the counter: header (store, cashier, lock), function-key bar, and the
status bar (sync state, items waiting, last sync)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStatusBar, QWidget

from desktop import formatting
from loyalty.store.cashiers import Cashier

from .common import KeyButton, set_tone

# action name → function key; the order is the bar's order
ACTIONS = (("award", "F2"), ("redeem", "F3"), ("enroll", "F4"), ("sale", "F5"),
           ("void", "F8"), ("report", "F9"), ("lock", "F12"))


class HeaderBar(QFrame):
    """Brand, store and terminal, and who is signed in."""

    def __init__(self, store_name: str, terminal_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.brand = QLabel("Regulars")
        self.brand.setObjectName("brand")
        self.store = QLabel()
        self.cashier = QLabel()
        self.cashier.setObjectName("headerCashier")
        self.store_name = store_name
        self.terminal_id = terminal_id
        self._who: Cashier | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        layout.addWidget(self.brand)
        layout.addSpacing(18)
        layout.addWidget(self.store)
        layout.addStretch(1)
        layout.addWidget(self.cashier)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.store.setText(self.tr("%1 · terminal %2").replace("%1", self.store_name)
                           .replace("%2", self.terminal_id))
        self.set_cashier(self._who)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_cashier(self, who: Cashier | None) -> None:
        self._who = who
        if who is None:
            self.cashier.setText("")
            return
        role = self.tr("Manager") if who.is_manager else self.tr("Cashier")
        self.cashier.setText(f"{who.name} · {role}")


class FunctionKeyBar(QFrame):
    """The actions as touch-sized buttons labelled with their function keys.

    Signals:
        action_requested(str): an action name from :data:`ACTIONS` (tap or key).
    """

    action_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fkeys")
        self.buttons: dict[str, KeyButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for name, key in ACTIONS:
            button = KeyButton(key, "fkey")
            button.setObjectName(f"action_{name}")
            button.clicked.connect(lambda _checked=False, n=name: self.action_requested.emit(n))
            self.buttons[name] = button
            layout.addWidget(button, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        labels = {"award": self.tr("Award"), "redeem": self.tr("Redeem"),
                  "enroll": self.tr("New member"), "sale": self.tr("No member"),
                  "void": self.tr("Void"), "report": self.tr("Report"),
                  "lock": self.tr("Lock")}
        for name, button in self.buttons.items():
            button.set_label(labels[name])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_enabled(self, enabled: dict[str, bool]) -> None:
        for name, on in enabled.items():
            self.buttons[name].setEnabled(on)


class CounterStatusBar(QStatusBar):
    """Online or offline (honestly), items waiting to sync, last sync."""

    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.setSizeGripEnabled(False)
        self.connection = QLabel()
        self.connection.setObjectName("syncState")
        self.queue = QLabel()
        self.queue.setObjectName("syncQueue")
        self.last_sync = QLabel()
        self.last_sync.setObjectName("lastSync")
        self.addWidget(self.connection)
        self.addWidget(self.queue)
        self.addWidget(self.last_sync, 1)
        self._state: tuple[bool, datetime | None, int, str, bool] = (False, None, 0, "", True)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.show_status(*self._state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_status(self, online: bool, last_sync: object, depth: int, error: str,
                    standalone: bool) -> None:
        synced = last_sync if isinstance(last_sync, datetime) else None
        self._state = (online, synced, depth, error, standalone)
        if online:
            self.connection.setText(self.tr("● Online"))
        elif standalone:
            self.connection.setText(self.tr("● Offline — not connected to central "
                                            "(standalone)"))
        else:
            self.connection.setText(self.tr("● Offline — central unreachable"))
        set_tone(self.connection, "online" if online else "offline")
        self.queue.setText(self.tr("Waiting to sync: %1").replace("%1", formatting.number(depth)))
        when = formatting.moment(synced, self.tz) if synced else self.tr("never")
        text = self.tr("Last sync: %1").replace("%1", when)
        if error:
            text += " · " + error
        self.last_sync.setText(text)
