"""The one search box (always focused on the counter screen) and the short result list."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QWidget

from desktop import formatting
from desktop.scanner import SCAN_FIELD
from loyalty.phone import mask_phone
from loyalty.store.lookup import MemberSummary

from .common import KeyButton


class SearchBox(QWidget):
    """The search line and its button.

    Signals:
        search_requested(str): the cashier pressed Enter on what they typed.
        down_pressed(): Down arrow: move into the result list.
    """

    search_requested = Signal(str)
    down_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setObjectName("searchBox")
        self.line.setClearButtonEnabled(True)
        self.line.setMaxLength(40)
        self.line.setProperty(SCAN_FIELD, True)  # a burst typed here is a scan
        self.button = KeyButton("Enter", "primary")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.line.returnPressed.connect(self._search)
        self.button.clicked.connect(self._search)
        self.line.installEventFilter(self)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.line.setPlaceholderText(
            self.tr("Phone, last 3–4 digits, member code or name — or scan the card"))
        self.button.set_label(self.tr("Find"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        if (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down):
            self.down_pressed.emit()
            return True
        return False

    def set_text(self, text: str) -> None:
        self.line.setText(text)

    def focus(self) -> None:
        self.line.setFocus()
        self.line.selectAll()

    def _search(self) -> None:
        self.search_requested.emit(self.line.text())


class ResultList(QListWidget):
    """Several members matched: pick one (newest visit first; phones masked).

    Signals:
        member_chosen(str): the member id picked with Enter or a tap.
        back_requested(): Esc: back to the search box.
    """

    member_chosen = Signal(str)
    back_requested = Signal()

    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz  # the last visit is shown as the store's local date
        self.setObjectName("results")
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(self._chosen)

    def show_members(self, members: tuple[MemberSummary, ...]) -> None:
        self.clear()
        for member in members:
            visit = (formatting.day(member.last_visit_at.astimezone(self.tz).date())
                     if member.last_visit_at else "—")
            text = "    ".join((member.name, mask_phone(member.phone), member.member_code,
                                formatting.points(member.balance), visit))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            self.addItem(item)
        self.setCurrentRow(0)

    def choose_current(self) -> None:
        """Open the highlighted member (Enter in the search box, or here)."""
        item = self.currentItem()
        if item is not None:
            self._chosen(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.member_chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self._chosen(self.currentItem())
            return
        super().keyPressEvent(event)
