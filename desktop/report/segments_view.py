"""會員分眾: filter the store's members and export the consented list (managers only)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskRunner
from desktop.views.files import ask_save_path
from loyalty.errors import NotPermitted
from loyalty.report.export import tier_label
from loyalty.store.cashiers import Cashier
from loyalty.store.report.segments import SegmentFilter, SegmentMember
from loyalty.store.report.service import ReportService
from loyalty.store.service import CounterService

log = logging.getLogger(__name__)
NAPL_CODES = ("N", "A", "P", "L")
SHOWN = 500  # rows in the table; the count and the export cover every match


def _button(parent: QWidget, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(parent)
    button.clicked.connect(slot)
    return button


def _spin(parent: QWidget, maximum: int) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setMaximum(maximum)
    return spin


class SegmentsView(QWidget):
    """Filters (NAPL, tier, expiring points, birthday month, last visit, consent), the
    matching members with masked phones, and the campaign export.

    Signals:
        back_requested(): Back (Esc): to the report.
    """

    back_requested = Signal()

    def __init__(self, service: CounterService, cashier: Cashier, *,
                 today: date | None = None, parent: QWidget | None = None,
                 data: ReportService | None = None) -> None:
        if not cashier.is_manager:
            raise NotPermitted("Only a manager can open member segments.")
        super().__init__(parent)
        self.service, self.cashier = service, cashier
        self.data = data or ReportService(service)
        self.today = today or self.data.today()
        self.members: list[SegmentMember] = []
        self.tasks = TaskRunner("segments", self)  # a whole store's members: off the UI
        self.napl = QComboBox(self)
        self.tier = QComboBox(self)
        self.expiring = _spin(self, 10_000_000)
        self.birthday = QComboBox(self)
        self.idle_days = _spin(self, 3650)
        self.consent = QCheckBox(self)
        self.search_button = _button(self, self.search)
        self.export_button = _button(self, self._ask_export)
        self.back_button = _button(self, self.back_requested.emit)
        self.count_label = QLabel(self)
        self.count_label.setWordWrap(True)
        self.table = QTableWidget(0, 7, self)
        form = QFormLayout()
        self.form_labels = [QLabel(self) for _ in range(6)]
        for lbl, field in zip(self.form_labels, (self.napl, self.tier, self.expiring,
                                                 self.birthday, self.idle_days, self.consent),
                              strict=True):
            form.addRow(lbl, field)
        buttons = QHBoxLayout()
        for w in (self.search_button, self.export_button):
            buttons.addWidget(w)
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Member segments"))
        for lbl, text in zip(self.form_labels, (
                self.tr("NAPL status"), self.tr("Tier"), self.tr("Points expiring soon, at least"),
                self.tr("Birthday month"), self.tr("No visit for (days)"),
                self.tr("Consented to marketing")), strict=True):
            lbl.setText(text)
        self.napl.clear()
        self.napl.addItem(self.tr("Any"), "")
        for code in NAPL_CODES:
            self.napl.addItem(code, code)
        self.tier.clear()
        self.tier.addItem(self.tr("Any"), "")
        for t in self.data.rules().tiers:
            self.tier.addItem(tier_label(self.data.rules(), t.code, self._lang()), t.code)
        self.birthday.clear()
        self.birthday.addItem(self.tr("Any"), 0)
        for month in range(1, 13):
            self.birthday.addItem(str(month), month)
        self.search_button.setText(self.tr("Find"))
        self.export_button.setText(self.tr("Export consented list"))
        self.back_button.setText(self.tr("Back to the report (Esc)"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Member"), self.tr("Phone"), self.tr("Tier"), "NAPL",
            self.tr("Points"), self.tr("Expiring"), self.tr("Last visit")])

    def _lang(self) -> str:
        return "en" if self.tr("Tier") == "Tier" else "zh"

    def current_filter(self) -> SegmentFilter:
        napl, tier = self.napl.currentData(), self.tier.currentData()
        idle = self.idle_days.value()
        return SegmentFilter(
            napl=frozenset({napl}) if napl else frozenset(),
            tiers=frozenset({tier}) if tier else frozenset(),
            min_expiring=self.expiring.value() or None,
            birthday_month=self.birthday.currentData() or None,
            not_visited_since=self.today - timedelta(days=idle - 1) if idle else None,
            consented_only=self.consent.isChecked())

    @property
    def searching(self) -> bool:
        return self.tasks.busy

    def search(self) -> None:
        """Find the members matching the filters, on a worker thread."""
        if self.tasks.busy:
            return
        data, today, wanted = self.data, self.today, self.current_filter()
        for button in (self.search_button, self.export_button):
            button.setEnabled(False)
        self.count_label.setText(self.tr("Searching…"))
        self.tasks.run(lambda: data.find_segment(wanted, today), self._found, self._failed)

    def _found(self, members: list[SegmentMember]) -> None:
        self.members = members
        shown = members[:SHOWN]
        self.table.setRowCount(len(shown))
        rules, lang = self.data.rules(), self._lang()
        for r, m in enumerate(shown):
            values = (m.name, m.phone_masked, tier_label(rules, m.tier, lang), m.napl,
                      f"{m.balance:,}", f"{m.expiring:,}",
                      m.last_visit.isoformat() if m.last_visit else "")
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        consented = sum(1 for m in members if m.consent)
        text = (self.tr("%1 members, %2 consented").replace("%1", f"{len(members):,}")
                .replace("%2", f"{consented:,}"))
        if len(members) > SHOWN:
            text += self.tr(" — the first %1 are listed; the export holds them all").replace(
                "%1", f"{SHOWN:,}")
        self.count_label.setText(text)
        for button in (self.search_button, self.export_button):
            button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        log.error("the segment could not be found", exc_info=error)
        self.count_label.setText(self.tr("The search failed. Try again; if it repeats, call "
                                         "support."))
        for button in (self.search_button, self.export_button):
            button.setEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.shut_down(wait=False)
        super().closeEvent(event)

    def ask_save_path(self) -> Path | None:
        """Seam for tests."""
        return ask_save_path(self, self.tr("Export consented list"),
                             f"campaign_{self.today.isoformat()}.csv",
                             self.tr("CSV files (*.csv)"))

    def _ask_export(self) -> None:
        path = self.ask_save_path()
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> int:
        """Write the consented members (full phones) and audit it; returns the count."""
        return self.data.export_consented(self.cashier, self.members, path,
                                          repr(self.current_filter()))
