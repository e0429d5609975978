"""What the counter knows about syncing with central, as one GUI-thread signal.

A terminal not registered with central is *standalone*: offline, never synced, with the real
number of operations waiting in the outbox. A registered one gets :meth:`SyncStatus.report`
from its sync service after every round (on the GUI thread), and
:meth:`SyncStatus.central_unreachable` when an online redemption could not reach central.
Rejected operations and overdrafts are read from the store itself, so they show from the
first second after a restart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from sync.problems import ProblemCounts

QUEUE_POLL_MS = 30_000
# After a local change the queue depth is re-read this much later, off the path from the
# cashier's Enter to the member panel painted (a burst of changes is read once).
REFRESH_SOON_MS = 250


@dataclass(frozen=True, slots=True)
class SyncState:
    """Everything the status bar shows about syncing."""

    online: bool = False
    standalone: bool = True
    last_sync: datetime | None = None  # aware (UTC); shown in the store's time zone
    depth: int = 0  # operations waiting to be sent
    last_error: str = ""  # the last attempt's failure in words ("" when it succeeded)
    error_kind: str = ""  # its kind (offline, unauthorised, rejected …) for a translation
    rejected: int = 0  # operations central rejected, not yet seen by a manager
    overdrafts: int = 0  # overdrafts central recorded here, not yet seen by a manager
    quarantined: int = 0  # pulled changes that failed their model, not yet seen
    stuck: bool = False  # online, operations waiting, no progress for 15 minutes
    loading: tuple[int, int] | None = None  # members loaded from central, of the total

    @property
    def problems(self) -> int:
        return self.rejected + self.overdrafts + self.quarantined


class SyncStatus(QObject):
    """Online/offline state, last successful sync, outbox depth and what needs a manager.

    Signals:
        state_changed(object): the new :class:`SyncState`.
    """

    state_changed = Signal(object)

    def __init__(self, queue_depth: Callable[[], int], *, standalone: bool = True,
                 problems: Callable[[], ProblemCounts] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue_depth = queue_depth
        self._problems = problems or ProblemCounts
        self.state = SyncState(standalone=standalone)
        self._poll = QTimer(self)
        self._poll.setInterval(QUEUE_POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(REFRESH_SOON_MS)
        self._soon.timeout.connect(self.refresh)

    # Read-only views kept for callers that want one field.
    @property
    def online(self) -> bool:
        return self.state.online

    @property
    def standalone(self) -> bool:
        return self.state.standalone

    @property
    def last_error(self) -> str:
        return self.state.last_error

    def use_problem_counts(self, problems: Callable[[], ProblemCounts]) -> None:
        """Where the manager's counts come from (the counter's store)."""
        self._problems = problems

    def start(self) -> None:
        self.refresh()
        self._poll.start()

    def stop(self) -> None:
        self._poll.stop()
        self._soon.stop()

    def refresh_soon(self) -> None:
        """Refresh shortly, after the screen showed the change that prompted it."""
        self._soon.start()

    def is_online(self) -> bool:
        """True only while central is reachable (redemptions are then authorised there);
        otherwise the offline floor limits apply."""
        return self.state.online

    def refresh(self) -> None:
        """Re-read the outbox depth and the manager's counts (after every local change, and
        periodically)."""
        counts = self._problems()
        self._set(depth=self._queue_depth(), rejected=counts.rejected,
                  overdrafts=counts.overdrafts, quarantined=counts.quarantined)

    def report(self, *, online: bool, last_sync: datetime | None = None,
               last_error: str = "", error_kind: str = "", stuck: bool = False) -> None:
        """Called by the sync service after each round (on the GUI thread)."""
        self.state = replace(self.state, standalone=False, online=online,
                             last_sync=last_sync or self.state.last_sync,
                             last_error=last_error, error_kind=error_kind,
                             stuck=stuck and online, loading=None)
        self.refresh()

    def loading(self, done: int, total: int) -> None:
        """Members loaded so far from central's snapshot (a round in progress)."""
        self._set(loading=(done, total))

    def central_unreachable(self) -> None:
        """An online redemption found central unreachable: offline until a round succeeds."""
        if self.state.standalone or not self.state.online:
            return
        self.state = replace(self.state, online=False, stuck=False, error_kind="offline",
                             last_error="Central cannot be reached.")
        self.refresh()

    def _set(self, **changes: object) -> None:
        self.state = replace(self.state, **changes)  # type: ignore[arg-type]
        self.state_changed.emit(self.state)
