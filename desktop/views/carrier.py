"""Link a mobile-carrier barcode (手機條碼) to the member on screen, with consent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from .common import FormView


class CarrierView(FormView):
    """Shows only the code's hint, and asks the customer's consent.

    Signals:
        link_requested(bool): Enter, with whether the customer agreed.
    """

    link_requested = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = QLabel()
        self.question.setTextFormat(Qt.TextFormat.PlainText)  # may carry a name
        self.question.setWordWrap(True)
        self.consent = QCheckBox()
        self.consent.setObjectName("carrierConsent")
        self.form.addRow(self.question)
        self.form.addRow(self.consent)
        self._hint = self._name = ""
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Link a carrier barcode"))
        self.question.setText(self.tr(
            "Link mobile-carrier barcode %1 to %2, so scanning it finds them? Ask the "
            "customer first; the store keeps it only in a form that cannot be read back.")
            .replace("%1", self._hint).replace("%2", self._name))
        self.consent.setText(self.tr("The customer agrees"))
        self.confirm_button.set_label(self.tr("Link"))

    def start(self, hint: str, name: str) -> None:
        self._hint, self._name = hint, name
        self.consent.setChecked(False)
        self.message.clear_text()
        self.retranslate_ui()
        self.consent.setFocus()

    def confirm(self) -> None:
        self.link_requested.emit(self.consent.isChecked())
