"""A member's instruments at the counter: the list on the member panel, the F11 form that
uses one (or refunds a pass's rest, a manager approving), and the form that sells a pass."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop import instrument_text
from loyalty.programs import Program
from loyalty.store.cashiers import Cashier
from loyalty.store.instruments import InstrumentView

from .common import ApprovalBox, FormView, digits_field, field_label, plain

INSTRUMENTS_KEY = "F11"
ID_ROLE = Qt.ItemDataRole.UserRole
BIRTHDAY_INK = "#ad1457"


class InstrumentTable(QTableWidget):
    """The member panel's instruments: name (with the birthday badge), what is left (stamps
    now on a card), expiry. Three rows show; more scroll."""

    ROWS_SHOWN = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("instruments")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.horizontalHeader().hide()
        self.setShowGrid(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.views: list[InstrumentView] = []

    def show_instruments(self, views: tuple[InstrumentView, ...]) -> None:
        self.views = instrument_text.shown_on_panel(views)
        self.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            title = instrument_text.name(view)
            if view.badge:
                title = f"{title}  [{instrument_text.badge(view)}]"
            cells = (title, instrument_text.left(view), instrument_text.expiry(view))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)  # items show text as typed, never markup
                item.setData(ID_ROLE, view.instrument_id)
                if view.badge:  # the birthday chip's colours (style.qss)
                    item.setForeground(QBrush(QColor(BIRTHDAY_INK)))
                    font = QFont(self.font())
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(row, column, item)
        rows = min(len(self.views), self.ROWS_SHOWN)
        height = self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(rows * height + 2 * self.frameWidth())
        self.setVisible(bool(self.views))

    def texts(self) -> list[list[str]]:
        """The cells as shown (tests and screenshots read them)."""
        return [[cell.text() if (cell := self.item(r, c)) else "" for c in range(3)]
                for r in range(self.rowCount())]


class InstrumentsView(FormView):
    """Pick a usable instrument (↑↓), how many (a pass's cups), the receipt; Enter uses it
    after a confirmation. A pass's rest is refunded with a manager's approval; a pass is sold
    from here too.

    Signals:
        use_requested(str, str, str): instrument id, how many as typed, receipt no.
        refund_requested(str, object, str): pass id, approver id (or None), PIN.
        sell_requested(): open the pass sale form.
        chosen(str): the instrument picked changed (its id).
    """

    use_requested = Signal(str, str, str)
    refund_requested = Signal(str, object, str)
    sell_requested = Signal()
    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refunding = False
        self.waiting = False
        self.items = QListWidget()
        self.items.setObjectName("instrumentList")
        self.items.setMinimumHeight(110)
        self.items.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.items.currentRowChanged.connect(self._row_changed)
        self.empty = plain(QLabel())
        self.empty.setObjectName("instrumentsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setProperty("tone", "muted")
        self.units = digits_field(4)
        self.units.setObjectName("instrumentUnits")
        self.receipt = QLineEdit()
        self.receipt.setObjectName("instrumentReceipt")
        self.receipt.setMaxLength(40)
        self.units_label = field_label(self.units)
        self.receipt_label = field_label(self.receipt)
        self.items_label = field_label(self.items)
        self.body.insertWidget(1, self.items_label)
        self.body.insertWidget(2, self.items, 1)
        self.body.insertWidget(3, self.empty)
        self.form.addRow(self.units_label, self.units)
        self.form.addRow(self.receipt_label, self.receipt)
        self.approval = ApprovalBox()
        self.extra.addWidget(self.approval)
        self.sell_button = QPushButton()
        self.sell_button.setObjectName("sellPassButton")
        self.refund_button = QPushButton()
        self.refund_button.setObjectName("refundPassButton")
        self.pass_buttons = QWidget()
        row = QHBoxLayout(self.pass_buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sell_button)
        row.addWidget(self.refund_button)
        row.addStretch(1)
        self.extra.addWidget(self.pass_buttons)
        self.sell_button.clicked.connect(self.sell_requested)
        self.refund_button.clicked.connect(self.start_refund)
        self.views: list[InstrumentView] = []
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Vouchers and passes"))
        self.items_label.setText(self.tr("Use which (↑↓ to choose)"))
        self.empty.setText(self.tr("Nothing to use: the member holds no usable voucher, gift "
                                   "or pass."))
        self.units_label.setText(self.tr("How many"))
        self.receipt_label.setText(self.tr("POS receipt no. (optional)"))
        self.sell_button.setText(self.tr("&Sell a pass…"))
        self.refund_button.setText(self.tr("&Refund the rest…"))
        self.approval.retranslate_ui()
        self._confirm_label()

    def _confirm_label(self) -> None:
        self.confirm_button.set_label(self.tr("Refund") if self.refunding else self.tr("Use"))

    def start(self, views: list[InstrumentView], staff: list[Cashier]) -> None:
        self.views = views
        self.refunding = False
        self.items.clear()
        for view in views:
            item = QListWidgetItem(instrument_text.one_line(view))
            item.setData(ID_ROLE, view.instrument_id)
            self.items.addItem(item)
        self.items.setVisible(bool(views))
        self.items_label.setVisible(bool(views))
        self.empty.setVisible(not views)
        self.units.setText("1")
        self.receipt.clear()
        self.message.clear_text()
        self.approval.set_staff(staff)
        self.approval.reset()
        self.pass_buttons.show()
        self._use_fields(True)
        self.set_waiting(False)
        self._confirm_label()
        if views:
            self.items.setCurrentRow(0)
        self._row_changed(self.items.currentRow())
        self.receipt.setFocus()

    def current(self) -> InstrumentView | None:
        row = self.items.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def _row_changed(self, _row: int) -> None:
        view = self.current()
        is_pass = view is not None and view.kind == "prepaid_pass"
        self.units.setEnabled(is_pass)  # a coupon or a gift is used whole
        if not is_pass:
            self.units.setText("1")
        self.refund_button.setEnabled(is_pass and not self.waiting)
        if self.refunding and not is_pass:
            self.cancel_refund()
        self.message.clear_text()
        if view is not None:
            self.chosen.emit(view.instrument_id)

    def start_refund(self) -> None:
        """Refund mode: Enter refunds the chosen pass's rest (a manager approves)."""
        view = self.current()
        if view is None or view.kind != "prepaid_pass":
            return
        self.refunding = True
        self._confirm_label()
        self._use_fields(False)  # the whole rest is refunded, with no receipt of its own

    def _use_fields(self, shown: bool) -> None:
        for widget in (self.units, self.units_label, self.receipt, self.receipt_label):
            widget.setVisible(shown)

    def ask_approval(self, reason: str) -> None:
        # The approval box takes the pass buttons' place: together they do not fit a
        # 768-pixel screen.
        self.pass_buttons.hide()
        self.approval.ask(reason)

    def cancel_refund(self) -> None:
        self.refunding = False
        self.approval.reset()
        self.pass_buttons.show()
        self._use_fields(True)
        self._confirm_label()

    def set_waiting(self, waiting: bool) -> None:
        """While central authorises the use: everything locked, the cashier told why."""
        self.waiting = waiting
        for widget in (self.units, self.receipt, self.approval, self.confirm_button,
                       self.cancel_button, self.sell_button):
            widget.setEnabled(not waiting)
        view = self.current()
        self.refund_button.setEnabled(not waiting and view is not None
                                      and view.kind == "prepaid_pass")
        if waiting:
            self.message.show_text(self.tr("Asking central to authorise… (Esc cancels)"),
                                   "info")
            self.setFocus()

    def show_error(self, text: str) -> None:
        super().show_error(text)
        self.approval.pin.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Up/Down choose while the focus stays in a field.
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.items.count():
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = max(0, min(self.items.count() - 1, self.items.currentRow() + step))
            self.items.setCurrentRow(row)
            return
        super().keyPressEvent(event)

    def confirm(self) -> None:
        view = self.current()
        if self.waiting or view is None:
            return
        if self.refunding:
            self.refund_requested.emit(view.instrument_id, self.approval.approver_id(),
                                       self.approval.entered_pin())
        else:
            self.use_requested.emit(view.instrument_id, self.units.text(),
                                    self.receipt.text())


class PassSaleView(FormView):
    """Sell a prepaid pass (寄杯) to the member on screen: which pass, the POS receipt.

    Signals:
        sell_requested(str, str): program id, receipt no.
    """

    sell_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.programs = QComboBox()
        self.programs.setObjectName("passProgram")
        self.receipt = QLineEdit()
        self.receipt.setObjectName("passReceipt")
        self.receipt.setMaxLength(40)
        self.note = plain(QLabel())
        self.note.setWordWrap(True)
        self.note.setProperty("tone", "muted")
        self.programs_label = field_label(self.programs)
        self.receipt_label = field_label(self.receipt)
        self.form.addRow(self.programs_label, self.programs)
        self.form.addRow(self.receipt_label, self.receipt)
        self.extra.addWidget(self.note)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Sell a prepaid pass"))
        self.programs_label.setText(self.tr("Pass"))
        self.receipt_label.setText(self.tr("POS receipt no."))
        self.note.setText(self.tr("Ring the pass up on the POS first: its sale is the "
                                  "e-invoice. The 禮券 prints with its serial number and "
                                  "no expiry date."))
        self.confirm_button.set_label(self.tr("Sell"))

    def start(self, programs: list[tuple[Program, str]]) -> None:
        """``programs``: each pass on sale and how the list shows it."""
        self.programs.clear()
        for program, text in programs:
            self.programs.addItem(text, program.program_id)
        self.receipt.clear()
        self.message.clear_text()
        if not programs:
            self.show_error(self.tr("Head office sells no prepaid pass at this store."))
        self.receipt.setFocus()

    def confirm(self) -> None:
        program_id = self.programs.currentData()
        self.sell_requested.emit(str(program_id or ""), self.receipt.text())
