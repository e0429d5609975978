"""Pieces shared by the views: function-key buttons, message lines, the approval box and
the base of the action forms."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loyalty.store.cashiers import Cashier


def set_tone(widget: QWidget, tone: str, prop: str = "tone") -> None:
    """Set a style-sheet property and re-polish so the new look applies at once."""
    widget.setProperty(prop, tone)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def plain(label: QLabel) -> QLabel:
    """Show ``label``'s text as typed: never as rich text (a member named ``<b>x</b>`` or
    ``<script>…`` appears literally). Every label that may hold a name or a note is plain."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    """``text`` for ``setToolTip`` (tooltips read rich text too): escaped when it looks
    like markup, so it shows as typed."""
    return f"<p>{html.escape(text)}</p>" if "<" in text or "&" in text else text


def keep_width(widget: QWidget) -> None:
    """Never narrower than its current text (status-bar buttons and the sync state: the
    :class:`ElidingLabel` beside them give way). Call again after each ``setText``."""
    widget.setMinimumWidth(0)  # measure this text, not the longest one so far
    widget.setMinimumWidth(widget.sizeHint().width())


class ElidingLabel(QLabel):
    """One line that gives way when space is short: it ends in "…" rather than pushing the
    buttons beside it off a 1024-pixel screen. Its tooltip holds the whole text."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[call-overload]
        plain(self)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(plain_tooltip(text))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4,
                     super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        if text == self.text():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), text)

    def elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()


def digits_field(max_length: int = 16, *, secret: bool = False) -> QLineEdit:
    """A line edit for digits (amounts, PINs, points): no input method in the way."""
    field = QLineEdit()
    field.setMaxLength(max_length)
    field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    field.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers)
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def field_label(buddy: QWidget) -> QLabel:
    label = QLabel()
    label.setObjectName("fieldLabel")
    label.setBuddy(buddy)
    return label


class KeyButton(QPushButton):
    """A touch-sized button showing its function key: ``F2  積點``."""

    def __init__(self, key: str, role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard uses the function key
        if role:
            self.setProperty("role", role)

    def set_label(self, label: str) -> None:
        if self.key.startswith("F"):
            self.setText(f"{self.key}  {label}")
        else:  # Enter / Esc read better after the action
            self.setText(f"{label}  ({self.key})" if self.key else label)


class MessageLine(QLabel):
    """One line telling the cashier what happened (error, success, hint)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        plain(self)  # messages quote what was typed
        self.setWordWrap(True)
        self.setObjectName("message")
        self.setAccessibleName("message")
        self.hide()

    def show_text(self, text: str, tone: str = "error") -> None:
        self.setText(text)
        set_tone(self, tone)
        self.setVisible(bool(text))

    def clear_text(self) -> None:
        self.setText("")
        self.hide()


class ApprovalBox(QGroupBox):
    """A manager approves on the same screen: pick the approver, type their PIN."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approval")
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.approver = QComboBox()
        self.pin = digits_field(8, secret=True)
        self.pin.setObjectName("approvalPin")
        self.approver_label = field_label(self.approver)
        self.pin_label = field_label(self.pin)
        # The reason across the top (a form row would clip it to one line), then approver
        # and PIN side by side with their labels above: the redeem form must fit a
        # 768-pixel screen.
        grid = QGridLayout(self)
        grid.setVerticalSpacing(4)
        grid.setHorizontalSpacing(12)
        grid.addWidget(self.reason, 0, 0, 1, 2)
        grid.addWidget(self.approver_label, 1, 0)
        grid.addWidget(self.pin_label, 1, 1)
        grid.addWidget(self.approver, 2, 0)
        grid.addWidget(self.pin, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Manager approval"))
        self.approver_label.setText(self.tr("Approved by"))
        self.pin_label.setText(self.tr("Manager PIN"))

    def set_staff(self, staff: list[Cashier]) -> None:
        self.approver.clear()
        for person in staff:
            role = self.tr("manager") if person.is_manager else self.tr("cashier")
            self.approver.addItem(f"{person.name}（{role}）", person.id)

    def ask(self, reason: str, *, focus: bool = True) -> None:
        self.reason.setText(reason)
        self.show()
        if focus:
            self.pin.setFocus()

    def approver_id(self) -> str | None:
        if self.isHidden():
            return None
        data = self.approver.currentData()
        return str(data) if data else None

    def entered_pin(self) -> str:
        return "" if self.isHidden() else self.pin.text()

    def reset(self) -> None:
        self.pin.clear()
        self.hide()


class FormView(QFrame):
    """Base of the action forms: a title, fields, a message line, Confirm and Cancel.

    Enter in any field confirms; Esc cancels without writing anything.

    Signals:
        cancelled(): the cashier backed out.
    """

    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.form = QFormLayout()
        self.form.setVerticalSpacing(8)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.message = MessageLine()
        self.confirm_button = KeyButton("Enter", "primary")
        self.cancel_button = KeyButton("Esc")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        self.body = QVBoxLayout(self)
        # Tight enough for the busiest form (redeem with a manager's approval) on a
        # 768-pixel screen.
        self.body.setContentsMargins(20, 12, 20, 12)
        self.body.setSpacing(8)
        self.body.addWidget(self.title)
        self.body.addLayout(self.form)
        self.body.addWidget(self.message)
        self.extra = QVBoxLayout()
        self.body.addLayout(self.extra)
        self.body.addStretch(1)
        self.body.addLayout(buttons)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.cancelled)

    def confirm(self) -> None:
        """Emit the form's request (subclasses)."""

    def retranslate_ui(self) -> None:
        self.confirm_button.set_label(self.tr("Confirm"))
        self.cancel_button.set_label(self.tr("Back"))

    def show_error(self, text: str) -> None:
        self.message.show_text(text, "error")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)
