"""A yes-or-no question before something that cannot be taken back at the counter (a coupon
used, a pass's cups refunded): Enter says yes, Esc says no. Opened with ``open()``, never
``exec()``: the counter keeps running (a sync, a scan) while the cashier reads it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .common import KeyButton, plain


class ConfirmDialog(QDialog):
    """Title, what will happen (plain text: it names the member and the voucher), Yes/No."""

    def __init__(self, title: str, text: str, yes: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        heading = plain(QLabel(title))
        heading.setObjectName("formTitle")
        self.text = plain(QLabel(text))
        self.text.setObjectName("confirmText")
        self.text.setWordWrap(True)
        self.yes = KeyButton("Enter", "primary")
        self.yes.setObjectName("confirmYes")
        self.yes.set_label(yes)
        self.no = KeyButton("Esc")
        self.no.setObjectName("confirmNo")
        self.no.set_label(self.tr("Back"))
        self.yes.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.no)
        buttons.addWidget(self.yes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.yes.clicked.connect(self.accept)
        self.no.clicked.connect(self.reject)
        self.setMinimumWidth(420)
