"""The frame around the counter: header (store, cashier, lock), function-key bar, and the
status bar (sync state, items waiting, last sync, what a manager must look at)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from desktop import formatting
from desktop.services.sync_status import SyncState
from loyalty.store.cashiers import Cashier

from .common import ElidingLabel, KeyButton, keep_width, plain, set_tone

# action name → function key; the order is the bar's order
ACTIONS = (("award", "F2"), ("redeem", "F3"), ("enroll", "F4"), ("sale", "F5"),
           ("void", "F8"), ("report", "F9"), ("lock", "F12"))


_TILL_NUMBER = re.compile(r"-T0*(\d+)$")  # a standalone terminal: S001-T01


class HeaderBar(QFrame):
    """Brand, store and terminal (its name; the id, which only IT needs, in the tooltip),
    and who is signed in."""

    def __init__(self, store_name: str, terminal_id: str, terminal_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.brand = QLabel("Regulars")
        self.brand.setObjectName("brand")
        self.store = QLabel()
        self.cashier = QLabel()
        self.cashier.setObjectName("headerCashier")
        self.store_name = store_name
        self.terminal_id = terminal_id
        self.terminal_name = terminal_name.strip()
        self._who: Cashier | None = None
        plain(self.store)  # names typed at set-up and in the staff list
        plain(self.cashier)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        layout.addWidget(self.brand)
        layout.addSpacing(18)
        layout.addWidget(self.store)
        layout.addStretch(1)
        layout.addWidget(self.cashier)
        self.retranslate_ui()

    def terminal_label(self) -> str:
        """The name head office gave this terminal; else "Till 1" from a standalone id;
        else "Till" and the last four characters of central's id (a UUIDv7 starts with
        its time, so two terminals registered together share their first characters)."""
        if self.terminal_name:
            return self.terminal_name
        number = _TILL_NUMBER.search(self.terminal_id)
        short = number.group(1) if number else self.terminal_id[-4:].upper()
        return self.tr("Till %1").replace("%1", short)

    def retranslate_ui(self) -> None:
        self.store.setText(f"{self.store_name} · {self.terminal_label()}")
        self.store.setToolTip(self.tr("Terminal id: %1").replace("%1", self.terminal_id))
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
        layout.setSpacing(6)  # seven labels fit a 1024-pixel screen
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
            if name in self.buttons:  # F11 is the member panel's
                self.buttons[name].setEnabled(on)


_SECURITY_KINDS = ("certificate", "insecure_address")


class CounterStatusBar(QStatusBar):
    """Online or offline (honestly), items waiting to sync, last sync in local time, the
    last error in words, a stuck-queue alert, and what a manager must look at.

    Signals:
        problems_requested(): the sync details button was pressed (rejected operations,
            overdrafts).
    """

    problems_requested = Signal()

    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.setSizeGripEnabled(False)
        self.connection = QLabel()
        self.connection.setObjectName("syncState")
        self.queue = ElidingLabel()
        self.queue.setObjectName("syncQueue")
        self.last_sync = ElidingLabel()
        self.last_sync.setObjectName("lastSync")
        self.stuck = ElidingLabel()
        self.stuck.setObjectName("syncStuck")
        self.problems = QPushButton()
        self.problems.setObjectName("syncProblems")
        self.problems.setFlat(True)
        self.problems.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps focus
        self.problems.clicked.connect(self.problems_requested)
        self.addWidget(self.connection)
        self.addWidget(self.queue)
        self.addWidget(self.last_sync, 1)
        self.addPermanentWidget(self.stuck)
        self.addPermanentWidget(self.problems)
        self.state = SyncState()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.show_state(self.state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_state(self, state: SyncState) -> None:
        self.state = state
        if state.online:
            self.connection.setText(self.tr("● Online"))
        elif state.standalone:
            self.connection.setText(self.tr("● Offline — not connected to central "
                                            "(standalone)"))
        elif state.error_kind in _SECURITY_KINDS:  # not the network: retrying will not help
            self.connection.setText(self.tr("● Not connected — central's certificate or "
                                            "address refused"))
        else:
            self.connection.setText(self.tr("● Offline — central unreachable"))
        set_tone(self.connection, "online" if state.online else "offline")
        keep_width(self.connection)
        self.queue.setText(self.tr("Waiting to sync: %1").replace(
            "%1", formatting.number(state.depth)))
        when = (formatting.moment(state.last_sync, self.tz) if state.last_sync
                else self.tr("never"))
        text = self.tr("Last sync: %1").replace("%1", when)
        if state.loading is not None:
            text = self.tr("Loading members from central: %1 of %2").replace(
                "%1", formatting.number(state.loading[0])).replace(
                "%2", formatting.number(state.loading[1]))
        words = self._error_words(state) if state.last_error else ""
        # "Offline — central unreachable" already says it; other errors need their words.
        if words and state.error_kind != "offline":
            text += " · " + words
        self.last_sync.setText(text)
        self.last_sync.setToolTip(text if not words or words in text else f"{text}\n{words}")
        self.stuck.setText(self.tr("⚠ Nothing sent for 15 minutes while online: call "
                                   "support"))
        self.stuck.setVisible(state.stuck)
        set_tone(self.stuck, "offline")
        self._show_problems(state)

    def _show_problems(self, state: SyncState) -> None:
        parts = []
        if state.rejected:
            parts.append(self.tr("%1 rejected").replace("%1", formatting.number(state.rejected)))
        if state.overdrafts:
            parts.append(self.tr("%1 overdrawn").replace(
                "%1", formatting.number(state.overdrafts)))
        if state.quarantined:
            parts.append(self.tr("%1 set aside").replace(
                "%1", formatting.number(state.quarantined)))
        self.problems.setText("⚠ " + " · ".join(parts) if parts else self.tr("Sync details"))
        self.problems.setProperty("alert", bool(parts))
        set_tone(self.problems, "alert" if parts else "quiet")
        keep_width(self.problems)
        self.problems.setVisible(not state.standalone or bool(parts))

    def _error_words(self, state: SyncState) -> str:
        words = {
            "offline": self.tr("Central cannot be reached; sales continue offline."),
            "unauthorised": self.tr("Central refused this terminal: a manager must "
                                    "register it again."),
            "not_registered": self.tr("Not registered with central."),
            "snapshot_corrupt": self.tr("The member list from central arrived damaged; "
                                        "it is fetched again."),
            "certificate": self.tr("Central's certificate is not trusted or not the pinned "
                                   "one: nothing is sent; sales continue offline. Call head "
                                   "office."),
            "insecure_address": self.tr("Central's address is not https://: nothing is sent; "
                                        "sales continue offline. Call head office."),
        }
        return words.get(state.error_kind, state.last_error)
