"""The headless sync engine: push, bootstrap or heal, pull, verify — and its status.

``SyncEngine.sync_once()`` does one round; ``run(stop)`` repeats it on a timer with
exponential backoff and jitter while central cannot be reached (the CLI's ``--watch``; the
counter app drives ``sync_once`` from its worker thread instead). The engine never touches
Qt; it reports through :class:`EngineStatus` and an optional progress callback.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select

from loyalty.dates import utc_now
from loyalty.store.engine import reader
from loyalty.store.journal import pending_count
from loyalty.store.keyvalue import get_state, put_state
from loyalty.store.schema import outbox
from sync.audit_ship import ShipReport, ship_chains
from sync.bootstrap import BootstrapProgress, fetch_rules, load_snapshot, rules_pending
from sync.client import Backoff, CentralClient
from sync.errors import NotRegistered, Offline, Rejected, SyncError, Unauthorised
from sync.instrument_boot import load_instruments
from sync.pull import PullReport, pull_changes
from sync.push import PushReport, push_pending
from sync.staff import fetch_staff, staff_pending
from sync.state import identity, overdrafts, put_time, time_state
from sync.verify import VerifyReport, verify

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncConfig:
    """Tunables (defaults suit a counter)."""

    push_batch: int = 1000
    page_size: int = 1000
    interval: float = 30.0  # seconds between rounds while all is well
    max_backoff: float = 300.0
    stuck_after: timedelta = timedelta(minutes=15)
    verify_every: timedelta | None = timedelta(hours=6)
    snapshot_bootstrap: bool = True  # False: a new terminal reads the whole feed instead


@dataclass(frozen=True, slots=True)
class EngineStatus:
    """What the status bar shows. ``online`` is None until the first attempt."""

    online: bool | None = None
    last_success_at: datetime | None = None
    queue_depth: int = 0
    rejected: int = 0
    last_error: str | None = None
    stuck: bool = False
    phase: str = "idle"
    cursor: int = 0
    overdrafts: int = 0
    error_kind: str | None = None  # the last error's :attr:`SyncError.kind`


@dataclass
class SyncReport:
    """One round's work."""

    push: PushReport = field(default_factory=PushReport)
    audit: ShipReport = field(default_factory=ShipReport)
    pull: PullReport = field(default_factory=PullReport)
    bootstrapped: bool = False
    healed: bool = False
    verified: VerifyReport | None = None


class SyncEngine:
    """Sync for one store file against one central."""

    def __init__(self, engine: Engine, client: CentralClient, *,
                 now: Callable[[], datetime] = utc_now, config: SyncConfig | None = None,
                 on_progress: Callable[[str], None] | None = None,
                 on_bootstrap: Callable[[BootstrapProgress], None] | None = None) -> None:
        self.engine = engine
        self.client = client
        self.now = now
        self.config = config or SyncConfig()
        self.on_progress = on_progress
        self.on_bootstrap = on_bootstrap
        self._online: bool | None = None
        self._last_error: str | None = None
        self._error_kind: str | None = None
        self._phase = "idle"
        self._last_progress = now()
        self._lock = threading.Lock()

    # --- one round ---------------------------------------------------------------------------
    def sync_once(self) -> SyncReport:
        """Push, (bootstrap | heal), pull, maybe verify. Raises :class:`SyncError` kinds."""
        with self._lock:
            try:
                report = self._round()
            except Offline as exc:
                self._failed(exc, online=False)
                raise
            except SyncError as exc:
                self._failed(exc, online=True)
                raise
            self._online, self._last_error, self._phase = True, None, "idle"
            self._error_kind = None
            with self.engine.begin() as conn:
                put_time(conn, "last_sync_at", self.now())
            self._progress("Up to date.")
            return report

    def _round(self) -> SyncReport:
        with self.engine.connect() as conn:
            if identity(conn) is None:
                raise NotRegistered("This terminal is not registered with central yet.")
            plan, cursor = get_state(conn, "bootstrap"), get_state(conn, "cursor")
            missing_rules = rules_pending(conn)
        report = SyncReport()
        if missing_rules:  # registration got its answer but not yet the rules document
            fetch_rules(self.engine, self.client, self.now())
        self._staff()
        report.push = self._push()
        report.audit = ship_chains(self.engine, self.client)
        if plan is not None or (cursor is None and self.config.snapshot_bootstrap):
            self._bootstrap()
            report.bootstrapped = True
        try:
            report.pull = self._pull()
        except Rejected as exc:
            if exc.reason != "cursor_expired":
                raise
            log.warning("central no longer serves our cursor: pushing, then healing")
            report.push = self._push()
            self._bootstrap()
            report.healed = True
            report.pull = self._pull()
        self._staff()  # a staff.changed the pull just brought
        if self._verify_due():
            self._phase = "verifying"
            report.verified = verify(self.engine, self.client, self.now)
            with self.engine.begin() as conn:
                put_time(conn, "verified_at", self.now())
        return report

    def _staff(self) -> None:
        with self.engine.connect() as conn:
            pending = staff_pending(conn)
        if pending:
            fetch_staff(self.engine, self.client, self.now())

    def _push(self) -> PushReport:
        self._phase = "sending"

        def progress(r: PushReport) -> None:
            self._last_progress = self.now()
            self._progress(f"Sent {r.acked + r.rejected} operations.")

        report = push_pending(self.engine, self.client, self.now,
                              batch=self.config.push_batch, progress=progress)
        if self._queue_depth() == 0:
            self._last_progress = self.now()
        return report

    def _pull(self) -> PullReport:
        self._phase = "receiving"
        load_instruments(self.engine, self.client, self.now)  # what a snapshot left out
        return pull_changes(self.engine, self.client, self.now, limit=self.config.page_size,
                            progress=lambda r: self._progress(f"Received {r.changes} changes."))

    def _bootstrap(self) -> None:
        self._phase = "loading members"
        def progress(p: BootstrapProgress) -> None:
            self._progress(f"Loading members: part {p.parts_done} of {p.parts}.")
            if self.on_bootstrap is not None:
                self.on_bootstrap(p)

        load_snapshot(self.engine, self.client, self.now, progress=progress)

    def _verify_due(self) -> bool:
        every = self.config.verify_every
        if every is None:
            return False
        with self.engine.connect() as conn:
            last = time_state(conn, "verified_at")
            if last is None:  # first round: count from now, do not verify straight away
                put_state(conn, "verified_at", self.now().isoformat())
                conn.commit()
                return False
        return self.now() - last >= every

    # --- status ------------------------------------------------------------------------------
    def _failed(self, exc: SyncError, *, online: bool) -> None:
        self._online = online
        self._last_error = str(exc)
        self._error_kind = exc.kind
        self._phase = "offline" if not online else "error"
        log.info("sync failed (%s)", exc.kind)
        self._progress(str(exc))

    def _progress(self, text: str) -> None:
        if self.on_progress is not None:
            self.on_progress(text)

    def _queue_depth(self) -> int:
        with reader(self.engine).connect() as conn:
            return pending_count(conn)

    def status(self) -> EngineStatus:
        """The engine's state now (cheap: two small queries)."""
        with reader(self.engine).connect() as conn:
            depth = pending_count(conn)
            rejected = conn.execute(select(func.count()).select_from(outbox)
                                    .where(outbox.c.state == "rejected")).scalar_one()
            last = time_state(conn, "last_sync_at")
            cursor = int(get_state(conn, "cursor", 0) or 0)
            ident = identity(conn)
            n_over = len(overdrafts(conn, ident.store_id if ident else None))
        if depth == 0:
            self._last_progress = self.now()
        stuck = (bool(self._online) and depth > 0
                 and self.now() - self._last_progress >= self.config.stuck_after)
        return EngineStatus(self._online, last, depth, int(rejected), self._last_error, stuck,
                          self._phase, cursor, n_over, self._error_kind)

    # --- headless loop -----------------------------------------------------------------------
    def run(self, stop: threading.Event, *, seed: int | None = None,
            on_status: Callable[[EngineStatus], None] | None = None) -> None:
        """Sync until ``stop`` is set: every ``interval`` seconds, backing off while offline."""
        rng = random.Random(seed)
        backoff = Backoff(base=1.0, cap=self.config.max_backoff)
        failures = 0
        while not stop.is_set():
            try:
                self.sync_once()
                failures = 0
                wait = self.config.interval
            except (Offline, Unauthorised, Rejected, NotRegistered) as exc:
                failures += 1
                wait = max(1.0, backoff.delay(min(failures, 16), rng))
                log.info("next sync in %.0f s after %s", wait, exc.kind)
            if on_status is not None:
                on_status(self.status())
            stop.wait(wait)


def with_error(status: EngineStatus, text: str) -> EngineStatus:
    """A copy of ``status`` carrying an error text (for callers that failed around it)."""
    return replace(status, last_error=text)
