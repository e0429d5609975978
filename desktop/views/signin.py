"""Sign-in and lock screen: pick a cashier, type the PIN. On an empty store, create the
first manager instead."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.scanner import SCAN_FIELD
from loyalty.store.cashiers import Cashier

from .common import KeyButton, MessageLine, digits_field, field_label


class SignInView(QWidget):
    """The lock screen.

    Signals:
        sign_in_requested(str, str): cashier id and PIN.
        first_manager_requested(str, str, str): name, PIN, PIN again.
    """

    sign_in_requested = Signal(str, str)
    first_manager_requested = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInView")
        self.card = QFrame()
        self.card.setObjectName("card")
        self.card.setFixedWidth(520)
        self.heading = QLabel()
        self.heading.setObjectName("formTitle")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setProperty("tone", "muted")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._sign_in_page())
        self.pages.addWidget(self._first_run_page())
        self.message = MessageLine()
        card = QVBoxLayout(self.card)
        card.setContentsMargins(28, 24, 28, 24)
        card.setSpacing(12)
        card.addWidget(self.heading)
        card.addWidget(self.subtitle)
        card.addWidget(self.pages)
        card.addWidget(self.message)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.card)
        column.addStretch(2)
        outer.addLayout(column)
        outer.addStretch(1)
        self.retranslate_ui()

    def _sign_in_page(self) -> QWidget:
        page = QWidget()
        self.cashier_list = QListWidget()
        self.cashier_list.setObjectName("cashierList")
        self.cashier_list.setMinimumHeight(180)
        self.pin = digits_field(8, secret=True)
        self.pin.setObjectName("pin")
        self.pin.setProperty(SCAN_FIELD, True)  # a card scanned here is never taken as a PIN
        self.pin_label = field_label(self.pin)
        self.sign_in_button = KeyButton("Enter", "primary")
        self.sign_in_button.clicked.connect(self._sign_in)
        self.pin.returnPressed.connect(self._sign_in)
        self.cashier_list.itemActivated.connect(lambda _item: self.pin.setFocus())
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.cashier_list)
        layout.addWidget(self.pin_label)
        layout.addWidget(self.pin)
        layout.addWidget(self.sign_in_button)
        return page

    def _first_run_page(self) -> QWidget:
        page = QWidget()
        self.manager_name = QLineEdit()
        self.manager_name.setObjectName("managerName")
        self.manager_pin = digits_field(8, secret=True)
        self.manager_pin_again = digits_field(8, secret=True)
        self.name_label = field_label(self.manager_name)
        self.new_pin_label = field_label(self.manager_pin)
        self.again_label = field_label(self.manager_pin_again)
        self.create_button = KeyButton("Enter", "primary")
        self.create_button.clicked.connect(self._create)
        self.manager_pin_again.returnPressed.connect(self._create)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.name_label, self.manager_name)
        form.addRow(self.new_pin_label, self.manager_pin)
        form.addRow(self.again_label, self.manager_pin_again)
        form.addRow(self.create_button)
        return page

    def retranslate_ui(self) -> None:
        first_run = self.pages.currentIndex() == 1
        self.heading.setText(self.tr("Set up this counter") if first_run
                             else self.tr("Sign in"))
        self.subtitle.setText(
            self.tr("No manager exists yet. Create the store manager's account.")
            if first_run else self.tr("Pick your name and type your PIN."))
        self.pin_label.setText(self.tr("PIN"))
        self.sign_in_button.set_label(self.tr("Sign in"))
        self.name_label.setText(self.tr("Manager's name"))
        self.new_pin_label.setText(self.tr("PIN (4–8 digits)"))
        self.again_label.setText(self.tr("PIN again"))
        self.create_button.set_label(self.tr("Create manager"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- state -------------------------------------------------------------------------
    def show_cashiers(self, staff: list[Cashier], selected: str | None = None) -> None:
        self.pages.setCurrentIndex(0)
        self.cashier_list.clear()
        for person in staff:
            role = self.tr("Manager") if person.is_manager else self.tr("Cashier")
            item = QListWidgetItem(f"{person.name}    {role}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.cashier_list.addItem(item)
            if person.id == selected:
                self.cashier_list.setCurrentItem(item)
        if self.cashier_list.currentRow() < 0 and staff:
            self.cashier_list.setCurrentRow(0)
        self.pin.clear()
        self.message.clear_text()
        self.retranslate_ui()
        self.pin.setFocus()

    def show_first_run(self) -> None:
        self.pages.setCurrentIndex(1)
        self.message.clear_text()
        self.retranslate_ui()
        self.manager_name.setFocus()

    def show_error(self, text: str) -> None:
        self.message.show_text(text, "error")
        self.pin.clear()
        self.manager_pin.clear()
        self.manager_pin_again.clear()

    def focus_default(self) -> None:
        (self.manager_name if self.pages.currentIndex() == 1 else self.pin).setFocus()

    def select_cashier(self, cashier_id: str) -> None:
        for row in range(self.cashier_list.count()):
            item = self.cashier_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == cashier_id:
                self.cashier_list.setCurrentRow(row)

    # --- intents -----------------------------------------------------------------------
    def _sign_in(self) -> None:
        item = self.cashier_list.currentItem()
        if item is None:
            return
        self.sign_in_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)), self.pin.text())

    def _create(self) -> None:
        self.first_manager_requested.emit(self.manager_name.text(), self.manager_pin.text(),
                                          self.manager_pin_again.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Up/Down pick a cashier while the focus stays in the PIN field.
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = max(0, min(self.cashier_list.count() - 1,
                             self.cashier_list.currentRow() + step))
            self.cashier_list.setCurrentRow(row)
            return
        super().keyPressEvent(event)
