"""What the counter knows about syncing with central, as GUI-thread signals.

Until the sync engine is wired in, the terminal is *standalone*: offline, never synced,
with the real number of operations waiting in the outbox. The sync integration calls
:meth:`SyncStatus.report` from the GUI thread (its worker's progress arrives there through
queued signals) after each attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

QUEUE_POLL_MS = 30_000


class SyncStatus(QObject):
    """Online/offline state, last successful sync and outbox depth.

    Signals:
        status_changed(bool, object, int, str): ``online``, ``last_sync`` (aware datetime
            or None), ``queue_depth`` (operations waiting to be sent) and ``last_error``
            (empty when the last attempt succeeded or none was made).
    """

    status_changed = Signal(bool, object, int, str)

    def __init__(self, queue_depth: Callable[[], int], *, standalone: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue_depth = queue_depth
        self.standalone = standalone
        self.online = False
        self.last_sync: datetime | None = None
        self.last_error = ""
        self.depth = 0
        self._poll = QTimer(self)
        self._poll.setInterval(QUEUE_POLL_MS)
        self._poll.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self._poll.start()

    def stop(self) -> None:
        self._poll.stop()

    def is_online(self) -> bool:
        """True only while central is reachable (redemptions are then authorised there);
        otherwise the offline floor limits apply."""
        return self.online

    def refresh(self) -> None:
        """Re-read the outbox depth (after every local change, and periodically)."""
        self.depth = self._queue_depth()
        self._emit()

    def report(self, *, online: bool, last_sync: datetime | None = None,
               last_error: str = "") -> None:
        """Called by the sync integration after each attempt (on the GUI thread)."""
        self.standalone = False
        self.online = online
        if last_sync is not None:
            self.last_sync = last_sync
        self.last_error = last_error
        self.refresh()

    def _emit(self) -> None:
        self.status_changed.emit(self.online, self.last_sync, self.depth, self.last_error)
