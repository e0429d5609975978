"""One-shot background jobs whose results come back on the GUI thread.

A :class:`TaskRunner` lives on the GUI thread and runs each job on its own worker thread
(one at a time per runner: set-up and backups never need more). The worker only calls the
job; the result or the exception crosses back through a queued signal, so callbacks run on
the GUI thread and may touch widgets. After :meth:`TaskRunner.shut_down` a job is dropped with
a log line (a timer or a click can still fire while the application closes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Carries a job's outcome from the worker thread to the GUI thread."""

    outcome = Signal(int, bool, object)


class TaskRunner(QObject):
    """Runs jobs off the GUI thread; hands their outcome back on it.

    Signals:
        finished(): a job's callback has run (tests wait on this).
    """

    finished = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._relay = _Relay()
        self._relay.outcome.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._callbacks: dict[int, tuple[Done, Failed]] = {}
        self._next = 0
        self._closed = False

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    @property
    def closed(self) -> bool:
        return self._closed

    def run(self, job: Callable[[], Any], done: Done, failed: Failed) -> None:
        """Call ``job()`` on the worker; then ``done(result)`` or ``failed(exc)`` here.

        After :meth:`shut_down` the job is dropped (logged); neither callback runs.
        """
        if self._closed:
            log.info("%s: job dropped, the runner is shut down", self._name)
            return
        self._next += 1
        ticket = self._next
        self._callbacks[ticket] = (done, failed)
        relay = self._relay

        def work() -> None:
            try:
                result = job()
            except Exception as exc:  # handed to ``failed`` on the GUI thread
                relay.outcome.emit(ticket, False, exc)
            else:
                relay.outcome.emit(ticket, True, result)

        try:
            self._pool.submit(work)
        except RuntimeError:  # the pool was shut down under us (interpreter exit)
            self._callbacks.pop(ticket, None)
            log.info("%s: job dropped, the pool is shut down", self._name)

    @Slot(int, bool, object)
    def _deliver(self, ticket: int, ok: bool, value: object) -> None:
        callbacks = self._callbacks.pop(ticket, None)
        if callbacks is None:
            return
        try:
            if ok:
                callbacks[0](value)
            else:
                assert isinstance(value, BaseException)
                callbacks[1](value)
        finally:
            self.finished.emit()

    def shut_down(self, wait: bool = True) -> None:
        """Stop taking jobs; with ``wait`` let a running one finish (a backup mid-copy).

        Safe to call twice; jobs submitted afterwards are dropped."""
        self._closed = True
        self._callbacks.clear()
        self._pool.shutdown(wait=wait, cancel_futures=True)
