"""The member on screen: name, tier and progress, balance (confirmed + pending), expiring
points, birthday month, NAPL status, last visit, their vouchers, gifts, stamp cards and
passes (F11 uses one) and recent history."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from loyalty.money import Currency, Money
from loyalty.phone import mask_phone
from loyalty.store.panel import MemberPanel

from .common import KeyButton, plain, set_tone
from .instruments import INSTRUMENTS_KEY, InstrumentTable


def _chip(tone: str = "") -> QLabel:
    chip = QLabel()
    chip.setObjectName("chip")
    if tone:
        chip.setProperty("tone", tone)
    return chip


class MemberPanelView(QFrame):
    """Shows one :class:`MemberPanel`; shows nothing but a hint when no member is loaded.

    Signals:
        member_painted(str): the panel of this member id was painted on screen (the
            performance benchmark measures scan-to-screen with it).
        card_requested(): the Member card button (F6 is the window's shortcut).
        instruments_requested(): the Vouchers button (F11 is the window's shortcut).
    """

    member_painted = Signal(str)
    card_requested = Signal()
    instruments_requested = Signal()
    COLUMNS = 6

    def __init__(self, tz: ZoneInfo, currency: Currency, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.tz = tz
        self.currency = currency
        self.panel: MemberPanel | None = None
        self._shown = 0  # bumps on every show_panel; paintEvent reports each once
        self._painted = 0
        self.name = QLabel()
        self.name.setObjectName("memberName")
        self.tier_chip = _chip("gold")
        self.birthday_chip = _chip("birthday")
        self.napl_chip = _chip("muted")
        self.status_chip = _chip("warn")
        self.details = QLabel()
        self.details.setObjectName("memberLine")
        self.balance = QLabel()
        self.balance.setObjectName("balance")
        self.balance.setAccessibleName("balance")
        self.balance_unit = QLabel()
        self.balance_unit.setObjectName("balanceUnit")
        self.split = QLabel()
        self.split.setObjectName("memberLine")
        self.expiring = QLabel()
        self.expiring.setObjectName("memberLine")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress_text = QLabel()
        self.progress_text.setObjectName("memberLine")
        self.history = QTableWidget(0, self.COLUMNS)
        self.history.setObjectName("history")
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.verticalHeader().hide()
        self.history.setAlternatingRowColors(True)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.card_button = KeyButton("F6")
        self.card_button.setObjectName("memberCardButton")
        self.card_button.clicked.connect(self.card_requested)
        self.instruments = InstrumentTable()
        self.instruments_button = KeyButton(INSTRUMENTS_KEY)
        self.instruments_button.setObjectName("instrumentsButton")
        self.instruments_button.clicked.connect(self.instruments_requested)
        self.empty = QLabel()
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self._layout()
        for label in self.findChildren(QLabel):
            plain(label)  # the name, and every line built from member data
        self.retranslate_ui()
        self.show_panel(None)

    def _layout(self) -> None:
        title = QHBoxLayout()
        title.setSpacing(8)
        title.addWidget(self.name)
        for chip in (self.tier_chip, self.birthday_chip, self.napl_chip, self.status_chip):
            title.addWidget(chip, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addStretch(1)
        title.addWidget(self.card_button, 0, Qt.AlignmentFlag.AlignVCenter)
        balance_row = QHBoxLayout()
        balance_row.addWidget(self.balance)
        balance_row.addWidget(self.balance_unit, 0, Qt.AlignmentFlag.AlignBottom)
        balance_row.addSpacing(24)
        facts = QVBoxLayout()
        facts.addWidget(self.split)
        facts.addWidget(self.expiring)
        balance_row.addLayout(facts, 1)
        grid = QGridLayout()
        grid.addWidget(self.progress, 0, 0, 1, 2)
        grid.addWidget(self.progress_text, 1, 0)
        # Beside the progress, over the list it opens: the title row has no room for it
        # on a 1024-pixel screen with a form open.
        grid.addWidget(self.instruments_button, 1, 1, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(0, 1)
        self.content = QWidget()
        body = QVBoxLayout(self.content)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        body.addLayout(title)
        body.addWidget(self.details)
        body.addLayout(balance_row)
        body.addLayout(grid)
        body.addWidget(self.instruments)
        body.addWidget(self.history, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        outer.addWidget(self.content)
        outer.addWidget(self.empty)

    def retranslate_ui(self) -> None:
        self.empty.setText(self.tr("Find a member: type a phone number, its last digits, "
                                   "a name, or scan the member card."))
        self.history.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("Type"), self.tr("Points"), self.tr("Amount"),
            self.tr("Receipt"), self.tr("Status")])
        self.balance_unit.setText(self.tr("points"))
        self.card_button.set_label(self.tr("Member card"))
        self.instruments_button.set_label(self.tr("Vouchers"))
        if self.panel is not None:
            self.show_panel(self.panel)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_panel(self, panel: MemberPanel | None) -> None:
        self.panel = panel
        self._shown += 1
        self.content.setVisible(panel is not None)
        self.empty.setVisible(panel is None)
        if panel is None:
            return
        self.name.setText(panel.name)
        self.tier_chip.setText(formatting.tier_name(panel.tier))
        self.birthday_chip.setText(self.tr("Birthday month"))
        self.birthday_chip.setVisible(panel.is_birthday_month)
        self.napl_chip.setText(formatting.napl_name(panel.napl))
        self.status_chip.setText(self.tr("Under review"))
        self.status_chip.setVisible(panel.status != "active")
        visit = (formatting.day(panel.last_visit_at.astimezone(self.tz).date())
                 if panel.last_visit_at else self.tr("never"))
        self.details.setText("    ".join((
            mask_phone(panel.phone), self.tr("Code %1").replace("%1", panel.member_code),
            self.tr("Last visit %1").replace("%1", visit))))
        self.balance.setText(formatting.number(panel.balance))
        self.split.setText(self.tr("Confirmed %1 + pending here %2")
                           .replace("%1", formatting.number(panel.confirmed))
                           .replace("%2", formatting.number(panel.pending)))
        self._show_expiring(panel)
        self._show_progress(panel)
        self.instruments.show_instruments(panel.instruments)
        self._show_history(panel)

    def _show_expiring(self, panel: MemberPanel) -> None:
        if panel.expiring_points and panel.expiring_on:
            self.expiring.setText(self.tr("%1 points expire on %2")
                                  .replace("%1", formatting.number(panel.expiring_points))
                                  .replace("%2", formatting.day(panel.expiring_on)))
            set_tone(self.expiring, "error")
        else:
            self.expiring.setText(self.tr("No points expire in the next 30 days"))
            set_tone(self.expiring, "muted")

    def _show_progress(self, panel: MemberPanel) -> None:
        # QProgressBar.setValue repaints the bar at once, synchronously, when its fill moves
        # (tens of ms with the style sheet, on the UI thread, before the award is shown):
        # updates are held while it is set, and the bar is painted with the rest of the panel.
        self.progress.setUpdatesEnabled(False)
        try:
            self._set_progress(panel)
        finally:
            self.progress.setUpdatesEnabled(True)

    def _set_progress(self, panel: MemberPanel) -> None:
        to_next = panel.spend_to_next
        if panel.next_tier is None or to_next is None:
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
            self.progress_text.setText(self.tr("Top tier"))
            return
        span = panel.next_tier.threshold - panel.tier.threshold
        done = max(Decimal(0), span - to_next)
        self.progress.setRange(0, max(1, int(span)))
        self.progress.setValue(int(done))
        self.progress_text.setText(
            self.tr("Spend %1 more to reach %2")
            .replace("%1", formatting.money(Money(to_next, self.currency)))
            .replace("%2", formatting.tier_name(panel.next_tier)))

    def _show_history(self, panel: MemberPanel) -> None:
        self.history.setRowCount(len(panel.history))
        for row, entry in enumerate(panel.history):
            amount = ("" if entry.sale_cents is None else formatting.money(
                Money(Decimal(entry.sale_cents) / 100, self.currency)))
            state = (self.tr("Voided") if entry.voided else
                     self.tr("Confirmed") if entry.state == "confirmed" else self.tr("Pending"))
            cells = (formatting.moment(entry.occurred_at, self.tz),
                     formatting.entry_kind(entry.kind), formatting.signed_points(entry.points),
                     amount, entry.receipt_no or "", state)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.history.setItem(row, column, item)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.panel is not None and self._painted != self._shown:
            self._painted = self._shown
            self.member_painted.emit(self.panel.id)
