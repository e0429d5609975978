"""Redeem points as a discount ("Cash Dollar"): the value shown live, limits enforced, and a
manager's approval on the same screen when needed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from loyalty.store.cashiers import Cashier

from .common import ApprovalBox, FormView, digits_field, field_label


class RedeemView(FormView):
    """Points to redeem, optional sale amount (for the share-of-sale cap), live value.

    Signals:
        edited(str, str): points or sale changed (the controller answers with a quote).
        redeem_requested(str, str, object, str): points, sale, approver id (or None), PIN.
    """

    edited = Signal(str, str)
    redeem_requested = Signal(str, str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points = digits_field(7)
        self.points.setObjectName("redeemPoints")
        self.sale = digits_field(12)
        self.sale.setObjectName("redeemSale")
        self.value = QLabel()
        self.value.setObjectName("preview")
        self.limits = QLabel()
        self.limits.setProperty("tone", "muted")
        self.limits.setWordWrap(True)
        self.approval = ApprovalBox()
        self.points_label = field_label(self.points)
        self.sale_label = field_label(self.sale)
        self.form.addRow(self.points_label, self.points)
        self.form.addRow(self.sale_label, self.sale)
        self.form.addRow(self.value)
        # In the box layout, not the form: the form clips wrapped labels to one height.
        self.extra.addWidget(self.limits)
        self.extra.addWidget(self.approval)
        self.waiting = False
        self.points.textEdited.connect(self._edited)
        self.sale.textEdited.connect(self._edited)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Redeem points"))
        self.points_label.setText(self.tr("Points to redeem"))
        self.sale_label.setText(self.tr("Sale amount (optional)"))
        self.confirm_button.set_label(self.tr("Redeem"))
        self.approval.retranslate_ui()

    def start(self, staff: list[Cashier], limits_text: str) -> None:
        self.points.clear()
        self.sale.clear()
        self.value.clear()
        self.limits.setText(limits_text)
        self.message.clear_text()
        self.approval.set_staff(staff)
        self.clear_approval()
        self.points.setFocus()

    def set_value(self, text: str) -> None:
        self.value.setText(text)

    def ask_approval(self, reason: str, *, focus: bool = True) -> None:
        # The approval box takes the limits' place: together they do not fit a 768-pixel
        # screen, and the reason says what the manager is approving.
        self.limits.hide()
        self.approval.setToolTip(self.limits.text())
        self.approval.ask(reason, focus=focus)

    def clear_approval(self) -> None:
        """No approval needed (any more): the box goes, the limits come back."""
        self.approval.reset()
        self.limits.show()

    def show_error(self, text: str) -> None:
        super().show_error(text)
        self.approval.pin.clear()

    def set_waiting(self, waiting: bool) -> None:
        """While central authorises: fields and buttons locked, the cashier told why."""
        if waiting == self.waiting:
            return
        self.waiting = waiting
        for widget in (self.points, self.sale, self.approval, self.confirm_button,
                       self.cancel_button):
            widget.setEnabled(not waiting)
        if waiting:
            self.message.show_text(self.tr("Asking central to authorise… (Esc cancels)"),
                                   "info")
            self.setFocus()  # keeps Enter and Esc here, where they are ignored
        else:
            self.message.clear_text()
            self.points.setFocus()

    def set_abandoning(self) -> None:
        """The cashier pressed Esc while central was asked: it is being cancelled."""
        self.message.show_text(self.tr("Cancelling the redemption…"), "info")

    def _edited(self) -> None:
        self.message.clear_text()
        self.edited.emit(self.points.text(), self.sale.text())

    def confirm(self) -> None:
        if self.waiting:
            return
        self.redeem_requested.emit(self.points.text(), self.sale.text(),
                                   self.approval.approver_id(), self.approval.entered_pin())
