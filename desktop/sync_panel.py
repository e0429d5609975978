"""The sync state on screen: the status bar follows :class:`SyncStatus`, and its details
button opens the manager's list of rejected operations and overdrafts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject

from desktop.main_window import MainWindow
from desktop.services.session import CounterSession
from desktop.services.sync_status import SyncStatus
from desktop.views.files import ask_save_path
from desktop.views.sync_problems import SyncProblemsDialog
from sync.problems_desk import ProblemsDesk

log = logging.getLogger(__name__)


class SyncPanel(QObject):
    """Connects the status bar to the sync status and opens the problems list (managers)."""

    def __init__(self, window: MainWindow, session: CounterSession, sync: SyncStatus,
                 desk: ProblemsDesk | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.sync = sync
        self.dialog: SyncProblemsDialog | None = None
        self.desk = desk or ProblemsDesk(session.service)
        # Where to save an export (a seam: tests answer without a modal file dialog).
        self.ask_export_path: Callable[[], Path | None] = self._ask_export_path
        sync.use_problem_counts(self.desk.counts)
        sync.state_changed.connect(window.status.show_state)
        window.status.problems_requested.connect(self.open_problems)

    def open_problems(self) -> None:
        """Show the list to a signed-in manager; anyone else is told who may."""
        cashier = self.session.cashier
        if cashier is None or not cashier.is_manager:
            self.window.counter.show_flash(
                self.tr("The sync problems list is for managers."), "info")
            return
        service = self.session.service
        problems = self.desk.problems()
        if self.dialog is None:
            self.dialog = SyncProblemsDialog(problems, service.ctx.tz, service.ctx.terminal_id,
                                             self.window)
            self.dialog.seen_requested.connect(self.mark_seen)
            self.dialog.export_requested.connect(self.export)
        else:
            self.dialog.show_problems(problems)
        self.dialog.show()

    def mark_seen(self) -> None:
        problems = self.desk.mark_seen()
        log.info("sync problems marked as seen")
        self.sync.refresh()
        if self.dialog is not None:
            self.dialog.show_problems(problems)

    def export(self) -> None:
        """Save every operation central has not accepted (waiting and rejected) to a file a
        manager chooses: nothing leaves the outbox, and head office can replay the file."""
        if self.dialog is None:
            return
        path = self.ask_export_path()
        if path is None:
            return
        try:
            count = self.desk.export(path)
        except OSError as err:
            log.warning("queue export to %s failed: %s", path, err)
            self.dialog.show_note(self.tr("Could not save the file: %1").replace(
                "%1", err.strerror or str(err)))
            return
        log.info("exported %d unsent operations", count)
        self.dialog.show_note(self.tr("Unsent operations saved: %1, in %2").replace(
            "%1", str(count)).replace("%2", str(path)))

    def _ask_export_path(self) -> Path | None:
        name = f"regulars-unsent-{self.session.service.now():%Y%m%d-%H%M}.jsonl"
        return ask_save_path(self.dialog, self.tr("Export unsent operations"), name,
                             self.tr("Operations (*.jsonl)"))
