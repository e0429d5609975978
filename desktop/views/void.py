"""Void one of the member's transactions (a reverse entry; a manager approves)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from desktop import formatting
from loyalty.store.cashiers import Cashier
from loyalty.store.panel import HistoryRow
from loyalty.voids import voidable

from .common import ApprovalBox, FormView, field_label


class VoidView(FormView):
    """Pick the transaction (newest first), give a reason, and a manager's PIN unless a
    manager is signed in.

    Signals:
        void_requested(str, str, object, str): entry id, reason, approver id (or None), PIN.
    """

    void_requested = Signal(str, str, object, str)

    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.entries = QListWidget()
        self.entries.setObjectName("voidEntries")
        self.entries.setMinimumHeight(110)  # four rows at 768 px, with the approval box
        self.entries.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reason = QLineEdit()
        self.reason.setObjectName("voidReason")
        self.reason.setMaxLength(120)
        self.approval = ApprovalBox()
        self.entries_label = field_label(self.entries)
        self.reason_label = field_label(self.reason)
        # The list sits above the form: a form row would clip it to one line's height.
        self.body.insertWidget(1, self.entries_label)
        self.body.insertWidget(2, self.entries, 1)  # the room left is for choosing
        self.form.addRow(self.reason_label, self.reason)
        self.extra.addWidget(self.approval)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Void a transaction"))
        self.entries_label.setText(self.tr("Transaction (↑↓ to choose)"))
        self.reason_label.setText(self.tr("Reason"))
        self.confirm_button.set_label(self.tr("Void"))
        self.approval.retranslate_ui()

    def start(self, history: tuple[HistoryRow, ...], staff: list[Cashier],
              needs_manager: bool) -> None:
        self.entries.clear()
        for entry in voidable(history):
            text = "    ".join((formatting.moment(entry.occurred_at, self.tz),
                                formatting.entry_kind(entry.kind),
                                formatting.signed_points(entry.points),
                                entry.receipt_no or ""))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.entry_id)
            self.entries.addItem(item)
        self.entries.setCurrentRow(0)
        self.reason.clear()
        self.message.clear_text()
        self.approval.set_staff(staff)
        self.approval.reset()
        if needs_manager:
            self.approval.ask(self.tr("A manager must approve a void."))
        self.reason.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Up/Down choose the transaction while the focus stays in the reason field.
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = max(0, min(self.entries.count() - 1, self.entries.currentRow() + step))
            self.entries.setCurrentRow(row)
            return
        super().keyPressEvent(event)

    def confirm(self) -> None:
        item = self.entries.currentItem()
        entry_id = "" if item is None else str(item.data(Qt.ItemDataRole.UserRole))
        self.void_requested.emit(entry_id, self.reason.text(), self.approval.approver_id(),
                                 self.approval.entered_pin())
