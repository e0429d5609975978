"""The sync state on screen: the status bar follows :class:`SyncStatus`, and its details
button opens the manager's list of rejected operations and overdrafts."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from desktop.main_window import MainWindow
from desktop.services.session import CounterSession
from desktop.services.sync_status import SyncStatus, store_problem_counts
from desktop.views.sync_problems import SyncProblemsDialog
from loyalty.store.journal import audit
from sync.problems import mark_seen, sync_problems

log = logging.getLogger(__name__)


class SyncPanel(QObject):
    """Connects the status bar to the sync status and opens the problems list (managers)."""

    def __init__(self, window: MainWindow, session: CounterSession, sync: SyncStatus) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.sync = sync
        self.dialog: SyncProblemsDialog | None = None
        sync.use_problem_counts(store_problem_counts(session.service))
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
        with service.read_engine.connect() as conn:
            problems = sync_problems(conn)
        if self.dialog is None:
            self.dialog = SyncProblemsDialog(problems, service.ctx.tz, service.ctx.terminal_id,
                                             self.window)
            self.dialog.seen_requested.connect(self.mark_seen)
        else:
            self.dialog.show_problems(problems)
        self.dialog.show()

    def mark_seen(self) -> None:
        service = self.session.service
        now = service.now()
        with service.engine.begin() as conn:
            mark_seen(conn, now)
            audit(conn, service.ctx, "sync.problems_seen", None, now)
        log.info("sync problems marked as seen")
        self.sync.refresh()
        if self.dialog is not None:
            with service.read_engine.connect() as conn:
                self.dialog.show_problems(sync_problems(conn))
