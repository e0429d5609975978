"""The sync engine inside the counter app: a worker on its own thread, a GUI-thread service.

:class:`SyncWorker` lives on a dedicated ``QThread`` and owns everything the engine touches
there — its own store connection pool and its own ``httpx`` client — so the UI thread never
waits on the network or on a sync transaction. :class:`SyncService` lives on the GUI thread:
it owns the thread, a timer that asks for a round, and the public signals. Views and tests
connect only to the service's signals (waiting on a worker-owned signal is flaky).
"""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from desktop.services.session import CounterSession
from desktop.services.sync_status import SyncStatus as StatusSeam
from loyalty.store.engine import create_store_engine
from sync.client import CentralClient, ClientFactory, client_factory
from sync.credentials import load_token
from sync.engine import EngineStatus, SyncConfig, SyncEngine
from sync.errors import SyncError
from sync.registration import read_registration, registration_of

log = logging.getLogger(__name__)
# The cashier waits on an online authorisation: fail over to the floor limits quickly.
REDEEM_TIMEOUT = httpx.Timeout(connect=2.0, read=8.0, write=5.0, pool=2.0)


class SyncWorker(QObject):
    """Runs sync rounds on its thread; never touches a widget.

    Signals:
        round_finished(object): a :class:`sync.engine.EngineStatus` after each round.
        progress(str): a line of progress (bootstrap parts, operations sent).
        loading(int, int): members loaded from central's snapshot so far, of the total.
    """

    round_finished = Signal(object)
    progress = Signal(str)
    loading = Signal(int, int)

    def __init__(self, store_path: Path, data_dir: Path, config: SyncConfig,
                 client_factory: ClientFactory | None = None) -> None:
        super().__init__()
        self.store_path = store_path
        self.data_dir = data_dir
        self.config = config
        self.client_factory = client_factory
        self.engine: SyncEngine | None = None

    def _ensure(self) -> SyncEngine | None:
        if self.engine is None:
            store = create_store_engine(self.store_path)
            registration = read_registration(store)
            ident = registration.identity
            factory = self.client_factory or client_factory(registration.tls)
            if ident is None:
                store.dispose()
                return None
            client = factory(ident.central_url, load_token(self.data_dir))
            self.engine = SyncEngine(
                store, client, config=self.config, on_progress=self.progress.emit,
                on_bootstrap=lambda p: self.loading.emit(p.rows_done, p.rows))
        return self.engine

    @Slot()
    def run_round(self) -> None:
        engine = self._ensure()
        if engine is None:
            self.round_finished.emit(EngineStatus(
                online=False, last_error="Not registered with central.",
                error_kind="not_registered"))
            return
        try:
            engine.sync_once()
        except SyncError:
            pass  # the status carries the error in words
        except Exception:  # a bug: log it with context, keep the counter running
            log.exception("sync round failed")
        self.round_finished.emit(engine.status())

    @Slot()
    def shut_down(self) -> None:
        if self.engine is not None:
            self.engine.client.close()
            self.engine.engine.dispose()
            self.engine = None


class SyncService(QObject):
    """The GUI thread's face of syncing.

    Signals:
        status_changed(object): the latest :class:`sync.engine.EngineStatus`.
        stuck_changed(bool): the queue made no progress for 15 minutes while online (or
            recovered): the status bar raises a visible alert.
        progress(str): progress text from the worker.
        loading(int, int): members loaded from the snapshot so far, of the total (a new
            terminal, or one healing after falling too far behind).
        round_requested(): internal, queued to the worker.
    """

    status_changed = Signal(object)
    stuck_changed = Signal(bool)
    progress = Signal(str)
    loading = Signal(int, int)
    round_requested = Signal()

    def __init__(self, store_path: Path, data_dir: Path, seam: StatusSeam | None = None, *,
                 config: SyncConfig | None = None, client_factory: ClientFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config or SyncConfig()
        self.seam = seam
        self.status: EngineStatus | None = None
        self.stuck = False
        self._busy = False
        self.redeem_client: CentralClient | None = None  # the counter's, closed on stop
        self.session: CounterSession | None = None
        self._thread = QThread(self)
        self._thread.setObjectName("sync")
        self.worker = SyncWorker(store_path, data_dir, self.config, client_factory)
        self.worker.moveToThread(self._thread)
        self.round_requested.connect(self.worker.run_round)
        self.worker.round_finished.connect(self._finished)
        self.worker.progress.connect(self.progress)
        self.worker.loading.connect(self._loading)
        self._timer = QTimer(self)
        self._timer.setInterval(int(self.config.interval * 1000))
        self._timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        self._thread.start()
        self._timer.start()
        self.sync_now()

    def sync_now(self) -> None:
        """Ask for a round now (ignored while one runs)."""
        if self._busy or not self._thread.isRunning():
            return
        self._busy = True
        self.round_requested.emit()

    def stop(self) -> None:
        """Stop rounds and the counter's redemptions (a job in flight finishes first)."""
        if self.session is not None:
            self.session.stop()
        self._timer.stop()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
        # Closed here once the thread has ended: a shutdown queued to the worker just before
        # quit() is not always delivered (the socket leaked at close).
        self.worker.shut_down()
        if self.redeem_client is not None:
            self.redeem_client.close()
            self.redeem_client = None

    @Slot(int, int)
    def _loading(self, done: int, total: int) -> None:
        if self.seam is not None:
            self.seam.loading(done, total)
        self.loading.emit(done, total)

    @Slot(object)
    def _finished(self, status: EngineStatus) -> None:
        self._busy = False
        self.status = status
        if self.seam is not None:
            self.seam.report(online=bool(status.online), last_sync=status.last_success_at,
                             last_error=status.last_error or "",
                             error_kind=status.error_kind or "", stuck=status.stuck)
        if status.stuck != self.stuck:
            self.stuck = status.stuck
            self.stuck_changed.emit(status.stuck)
        self.status_changed.emit(status)


def start_sync(store_path: Path, data_dir: Path, seam: StatusSeam,
               parent: QObject | None = None, *, session: CounterSession | None = None,
               config: SyncConfig | None = None) -> SyncService | None:
    """Start syncing when this terminal is registered with central (else None: standalone).

    With ``session``, its redemptions then ask central first (a client of their own, with
    the short timeouts of a cashier waiting), and fall back to the offline floor limits only
    when central cannot be reached.
    """
    registration = registration_of(store_path)
    ident, tls = registration.identity, registration.tls
    if ident is None:
        return None
    service = SyncService(store_path, data_dir, seam, config=config, parent=parent)
    if session is not None:
        client = CentralClient(ident.central_url, load_token(data_dir),
                               timeout=REDEEM_TIMEOUT, attempts=2, tls=tls)
        session.use_central(client, seam.central_unreachable)
        service.redeem_client, service.session = client, session
    service.start()
    return service
