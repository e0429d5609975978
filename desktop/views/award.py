"""Award points for a sale, and the quick "no member" sale."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from .common import FormView, digits_field, field_label


class AwardView(FormView):
    """Sale amount, optional POS receipt number, and the points it earns before confirming.

    Signals:
        amount_edited(str): the amount changed (the controller answers with a preview).
        award_requested(str, str): amount and receipt number as typed.
    """

    amount_edited = Signal(str)
    award_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount = digits_field(12)
        self.amount.setObjectName("awardAmount")
        self.receipt = QLineEdit()
        self.receipt.setObjectName("awardReceipt")
        self.receipt.setMaxLength(40)
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setWordWrap(True)  # "(birthday month bonus)" fits a 1024-px screen
        self.source = QLabel()  # where the sale came from: an e-invoice, the POS
        self.source.setTextFormat(Qt.TextFormat.PlainText)  # may carry a name
        self.source.setObjectName("saleSource")
        self.source.setWordWrap(True)
        self.source.setProperty("tone", "muted")
        self.source.hide()
        self.amount_label = field_label(self.amount)
        self.receipt_label = field_label(self.receipt)
        self.form.addRow(self.source)
        self.form.addRow(self.amount_label, self.amount)
        self.form.addRow(self.receipt_label, self.receipt)
        self.form.addRow(self.preview)
        self.amount.textEdited.connect(self.amount_edited)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Award points"))
        self.amount_label.setText(self.tr("Sale amount"))
        self.receipt_label.setText(self.tr("POS receipt no. (optional)"))
        self.confirm_button.set_label(self.tr("Award"))

    def start(self) -> None:
        self._clear()
        self.source.hide()
        self._read_only(False)
        self.amount.setFocus()

    def start_filled(self, amount: str, receipt_no: str, source: str) -> None:
        """A sale that arrived whole (an e-invoice scanned): amount and receipt number
        shown read-only, Enter awards."""
        self._clear()
        self.amount.setText(amount)
        self.receipt.setText(receipt_no)
        self._read_only(True)
        self.source.setText(source)
        self.source.show()
        self.amount.setFocus()

    def _clear(self) -> None:
        self.amount.clear()
        self.receipt.clear()
        self.preview.clear()
        self.message.clear_text()

    def _read_only(self, read_only: bool) -> None:
        for field in (self.amount, self.receipt):
            if field.isReadOnly() == read_only:
                continue  # re-polishing costs ms per field with the style sheet
            field.setReadOnly(read_only)
            field.style().unpolish(field)  # the style sheet's [readOnly] look
            field.style().polish(field)

    def set_preview(self, text: str) -> None:
        self.preview.setText(text)

    def confirm(self) -> None:
        self.award_requested.emit(self.amount.text(), self.receipt.text())


class QuickSaleView(FormView):
    """A sale without a member (amount only), so reports know the members' share of sales.

    Signals:
        sale_requested(str, str): amount and receipt number as typed.
    """

    sale_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount = digits_field(12)
        self.amount.setObjectName("saleAmount")
        self.receipt = QLineEdit()
        self.receipt.setMaxLength(40)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setProperty("tone", "muted")
        self.amount_label = field_label(self.amount)
        self.receipt_label = field_label(self.receipt)
        self.form.addRow(self.hint)
        self.form.addRow(self.amount_label, self.amount)
        self.form.addRow(self.receipt_label, self.receipt)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Sale without a member"))
        self.hint.setText(self.tr("Record the sale so the report shows members' share of "
                                  "sales. No points are given."))
        self.amount_label.setText(self.tr("Sale amount"))
        self.receipt_label.setText(self.tr("POS receipt no. (optional)"))
        self.confirm_button.set_label(self.tr("Record sale"))

    def start(self) -> None:
        self.amount.clear()
        self.receipt.clear()
        self.message.clear_text()
        self.amount.setFocus()

    def confirm(self) -> None:
        self.sale_requested.emit(self.amount.text(), self.receipt.text())
