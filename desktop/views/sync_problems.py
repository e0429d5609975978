"""The manager's list of what syncing could not settle by itself: operations central rejected
(kept here with central's reason), redemptions central recorded as overdrafts, and changes
from central this till set aside because they failed their model."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from sync.problems import MemberRef, SyncProblems


def _member(ref: MemberRef | None) -> str:
    if ref is None:
        return ""
    if not ref.code:
        return ref.member_id[-8:]
    return f"{ref.code} · {ref.name}" if ref.name else ref.code


class SyncProblemsDialog(QDialog):
    """Two lists, newest first; what arrived since a manager last looked is in bold.

    Signals:
        seen_requested(): the manager marked the list as seen.
        export_requested(): the manager asked to save the operations not yet accepted by
            central (waiting and rejected) to a file.
    """

    seen_requested = Signal()
    export_requested = Signal()

    def __init__(self, problems: SyncProblems, tz: ZoneInfo, terminal_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncProblemsDialog")
        self.tz = tz
        self.terminal_id = terminal_id
        self.problems = problems
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.rejected_title = QLabel()
        self.rejected_title.setObjectName("formTitle")
        self.rejected_table = self._table(5)
        self.overdraft_title = QLabel()
        self.overdraft_title.setObjectName("formTitle")
        self.overdraft_table = self._table(5)
        self.quarantine_title = QLabel()
        self.quarantine_title.setTextFormat(Qt.TextFormat.PlainText)  # may carry a name
        self.quarantine_title.setObjectName("formTitle")
        self.quarantine_table = self._table(4)
        self.seen = QPushButton()
        self.seen.setObjectName("markSeen")
        self.seen.clicked.connect(self.seen_requested)
        self.export = QPushButton()
        self.export.setObjectName("exportQueue")
        self.export.clicked.connect(self.export_requested)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.seen)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.rejected_title, self.rejected_table, self.overdraft_title,
                       self.overdraft_table, self.quarantine_title, self.quarantine_table):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.resize(900, 560)
        self.retranslate_ui()

    @staticmethod
    def _table(columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Sync problems"))
        self.intro.setText(self.tr(
            "Central keeps every sale that happened. Operations it rejected stay here with "
            "its reason (nothing was lost: head office can correct them). An overdraft is a "
            "redemption central accepted beyond the member's points; it is recovered from "
            "later earnings."))
        self.rejected_table.setHorizontalHeaderLabels([
            self.tr("Recorded"), self.tr("What"), self.tr("Member"), self.tr("Points"),
            self.tr("Central's reason")])
        self.overdraft_table.setHorizontalHeaderLabels([
            self.tr("When"), self.tr("Member"), self.tr("Redeemed"), self.tr("Overdrawn by"),
            self.tr("Terminal")])
        self.quarantine_table.setHorizontalHeaderLabels([
            self.tr("Received"), self.tr("From"), self.tr("What"), self.tr("Why it was set aside")])
        self.seen.setText(self.tr("Mark all as seen"))
        self.export.setText(self.tr("Export unsent operations…"))
        self.close_button.setText(self.tr("Close"))
        self.show_problems(self.problems)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_problems(self, problems: SyncProblems) -> None:
        self.problems = problems
        self.rejected_title.setText(self.tr("Rejected by central: %1").replace(
            "%1", formatting.number(len(problems.rejected))))
        self.overdraft_title.setText(self.tr("Overdrafts recorded by central: %1").replace(
            "%1", formatting.number(len(problems.overdrafts))))
        kinds = {"ledger.entry": self.tr("Points"), "member.enroll": self.tr("Enrollment"),
                 "member.update": self.tr("Profile change")}
        reasons = self._reasons()
        self._fill(self.rejected_table, [
            ([formatting.moment(r.created_at, self.tz), kinds.get(r.kind, r.kind),
              _member(r.member), "" if r.points is None else formatting.number(r.points),
              reasons.get(r.reason, r.message)], r.new) for r in problems.rejected])
        self._fill(self.overdraft_table, [
            ([formatting.moment(o.occurred_at, self.tz) if o.occurred_at else "",
              _member(o.member), formatting.number(o.points), formatting.number(o.overdraft),
              self._terminal(o.terminal_id)], o.new) for o in problems.overdrafts])
        self.quarantine_title.setText(self.tr(
            "Set aside from central (not applied; call support): %1").replace(
            "%1", formatting.number(len(problems.quarantined))))
        sources = {"change": self.tr("Change %1"), "snapshot": self.tr("Member list part %1")}
        self._fill(self.quarantine_table, [
            ([formatting.moment(q.received_at, self.tz),
              sources.get(q.source, q.source).replace("%1", str(q.seq or "")),
              q.kind or "", q.reason], q.new) for q in problems.quarantined])
        self.quarantine_title.setVisible(bool(problems.quarantined))
        self.quarantine_table.setVisible(bool(problems.quarantined))
        self.seen.setEnabled(bool(problems.new_rejected or problems.new_overdrafts
                                  or problems.new_quarantined))

    def _reasons(self) -> dict[str, str]:
        """Central's rejection reasons in the counter's language (its English otherwise)."""
        return {
            "duplicate_receipt": self.tr("This store's receipt already earned points."),
            "wrong_terminal": self.tr("The entry names another terminal or store."),
            "unknown_member": self.tr("Central does not know this member."),
            "member_erased": self.tr("The member was erased at their request."),
            "phone_in_use": self.tr("Another member holds this phone: head office reviews "
                                    "it."),
            "invalid_phone": self.tr("Not a valid mobile number."),
            "invalid_entry": self.tr("Central found the entry invalid."),
            "invalid_payload": self.tr("Central could not read the operation."),
            "unknown_kind": self.tr("Central does not know this kind of operation."),
        }

    def show_note(self, text: str) -> None:
        self.note.setText(text)

    def _terminal(self, terminal_id: str) -> str:
        if terminal_id == self.terminal_id:
            return self.tr("this terminal")
        return self.tr("terminal …%1").replace("%1", terminal_id[-6:])

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[list[str], bool]]) -> None:
        table.setRowCount(len(rows))
        for r, (cells, new) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if new:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(r, c, item)
