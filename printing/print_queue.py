"""The print queue: jobs persist, a worker thread prints, the counter never waits.

Typical use from the desktop::

    queue = PrintQueue(data_dir / "print-jobs.sqlite3", lambda: settings.printer)
    queue.subscribe(bridge.post)          # called on the worker thread: marshal to the GUI
    job_id = queue.submit(build_award_slip(slip))   # returns at once
    ...
    queue.retry(job_id)                   # the cashier's "Reprint" on a failed job
    queue.reprint_last()                  # "Reprint last receipt": marked 副本 COPY
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from printing.document import Document
from printing.escpos_render import render_escpos
from printing.jobs import JobStatus, JobStore, PrintJob
from printing.profile import PrinterProfile
from printing.transport import PrinterError, fault_of, probe, send

log = logging.getLogger(__name__)

Sender = Callable[[PrinterProfile, bytes], None]
Prober = Callable[[PrinterProfile], None]
BUG_MESSAGE = ("This slip could not be prepared because of a software error; it has been "
               "logged. Press Reprint to try again, or call support.")


@dataclass(frozen=True, slots=True)
class JobEvent:
    """A job changed state. ``message`` is for the cashier (empty when all is well)."""

    job_id: str
    title: str
    status: JobStatus
    message: str


Listener = Callable[[JobEvent], None]


class PrintQueue:
    """Persistent print jobs and one worker thread that prints them in order.

    Args:
        path: the SQLite file of jobs (created if missing).
        profile: the printer settings, or a callable returning the current ones (read at
            each job, so a settings change applies to the next slip and to retries).
        sender: delivers bytes; defaults to :func:`printing.transport.send`.
        stale_after: at start, jobs queued longer ago than this are not printed
            automatically but wait as FAILED for the cashier's Reprint.
        resume_within: when set, a job that failed because of the printer (off, out of
            paper, cover open...) and was made less than this long ago prints by itself
            once the printer is ready again: while such jobs wait, the idle worker asks
            the printer for its status (``prober``, printing nothing) every ``poll_s``.
            None (the default): failed jobs wait for the cashier's Reprint only.

    Listeners are called on the worker thread (and on the caller's thread for ``queued``):
    a Qt caller must forward them to the GUI thread (a queued signal).
    """

    def __init__(self, path: Path, profile: PrinterProfile | Callable[[], PrinterProfile],
                 *, sender: Sender = send, stale_after: timedelta = timedelta(minutes=10),
                 resume_within: timedelta | None = None, poll_s: float = 3.0,
                 prober: Prober = probe, start: bool = True) -> None:
        self._store = JobStore(path)
        self._profile = profile if callable(profile) else (lambda: profile)
        self._sender = sender
        self._prober = prober
        self._resume_within = resume_within
        self._poll_s = poll_s
        self._listeners: list[Listener] = []
        self._wake = threading.Condition()
        self._stopping = False
        self._idle = threading.Event()
        self._idle.set()
        # Idle with no failed job to resume by itself: nothing happens until asked.
        self._settled = threading.Event()
        self._store.recover(stale_after)
        self._thread = threading.Thread(target=self._run, name="print-queue", daemon=True)
        if start:
            self._thread.start()

    # -- the caller's side ---------------------------------------------------------------

    def submit(self, document: Document) -> str:
        """Queue ``document`` for printing and return its job id at once."""
        job_id = self._store.add(document)
        self._emit(JobEvent(job_id, document.title, JobStatus.QUEUED, ""))
        self._poke()
        return job_id

    def retry(self, job_id: str) -> None:
        """Queue a failed (or any unprinted) job again: the cashier's Reprint.

        Raises:
            KeyError: no such job.
        """
        job = self._store.get(job_id)
        if job is None:
            raise KeyError(job_id)
        if job.status is JobStatus.PRINTING:
            return
        self._store.set_status(job_id, JobStatus.QUEUED)
        self._emit(JobEvent(job_id, job.title, JobStatus.QUEUED, ""))
        self._poke()

    def reprint_last(self) -> str | None:
        """Queue a copy (marked 副本 COPY) of the last printed receipt; None if there is none."""
        last = self._store.last_receipt()
        if last is None:
            return None
        return self.submit(last.document.as_copy())

    def job(self, job_id: str) -> PrintJob | None:
        """One job, or None."""
        return self._store.get(job_id)

    def jobs(self, limit: int = 50) -> list[PrintJob]:
        """The newest jobs, newest first (for the job list)."""
        return self._store.recent(limit)

    def unprinted(self, since: datetime | None = None) -> list[PrintJob]:
        """Jobs not yet printed (made at ``since`` or later), oldest first; FAILED ones
        carry the cashier's message."""
        return self._store.unprinted(since)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` on every job state change; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def wait_idle(self, timeout: float) -> bool:
        """Block until no job is queued or printing (for tools and tests); False on timeout."""
        return self._idle.wait(timeout)

    def wait_settled(self, timeout: float) -> bool:
        """Block until the worker is idle and waits for nothing it would do by itself (no
        failed job it may resume): until someone submits or retries, nothing prints. For
        tools and tests; False on timeout."""
        return self._settled.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Stop the worker after the job in hand; queued jobs stay stored for next time."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self._thread.is_alive():
            # Still waiting on a printer: leave the store open for it (daemon thread).
            log.warning("print queue closed while a job was still being sent")
            return
        self._store.close()

    # -- the worker's side ---------------------------------------------------------------

    def _poke(self) -> None:
        with self._wake:
            self._idle.clear()
            self._settled.clear()
            self._wake.notify_all()

    def _run(self) -> None:
        while True:
            with self._wake:
                if self._stopping:
                    return
                job = self._store.next_queued()
                if job is None:
                    self._idle.set()
                    waiting = self._resumable()
                    if not waiting:
                        self._settled.set()
                        self._wake.wait()
                        self._settled.clear()
                        continue
                    if self._wake.wait(self._poll_s):
                        continue  # poked (a new job, a retry, close): look again
            if job is None:
                self._resume_if_ready(waiting)
            else:
                self._print(job)

    def _resumable(self) -> list[PrintJob]:
        """Failed jobs that print by themselves when the printer is ready again."""
        if self._resume_within is None:
            return []
        since = datetime.now(UTC) - self._resume_within
        return [job for job in self._store.unprinted(since)
                if job.status is JobStatus.FAILED and fault_of(job.message) is not None]

    def _resume_if_ready(self, waiting: list[PrintJob]) -> None:
        try:
            self._prober(self._profile())
        except PrinterError as exc:
            # Still not ready; tell the cashier when the reason changed (paper loaded,
            # but the cover is still open).
            for job in waiting:
                if job.message != str(exc):
                    self._finish(job, JobStatus.FAILED, str(exc))
            return
        except Exception:
            log.exception("printer status check failed")
            return
        log.info("printer ready again: %d waiting job(s) queued", len(waiting))
        self._idle.clear()
        for job in waiting:
            self._store.set_status(job.id, JobStatus.QUEUED)
            self._emit(JobEvent(job.id, job.title, JobStatus.QUEUED, ""))

    def _print(self, job: PrintJob) -> None:
        self._store.set_status(job.id, JobStatus.PRINTING, attempt=True)
        self._emit(JobEvent(job.id, job.title, JobStatus.PRINTING, ""))
        try:
            profile = self._profile()
            data = render_escpos(job.document, profile)
            self._sender(profile, data)
        except PrinterError as exc:
            log.warning("print job %s failed: %s (%s)", job.id, exc.fault.value, exc.detail)
            self._finish(job, JobStatus.FAILED, str(exc))
        except Exception:
            log.exception("print job %s could not be rendered or sent", job.id)
            self._finish(job, JobStatus.FAILED, BUG_MESSAGE)
        else:
            log.info("print job %s printed (%d bytes)", job.id, len(data))
            self._finish(job, JobStatus.PRINTED, "")

    def _finish(self, job: PrintJob, status: JobStatus, message: str) -> None:
        self._store.set_status(job.id, status, message)
        self._emit(JobEvent(job.id, job.title, status, message))

    def _emit(self, event: JobEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("print queue listener failed on %s", event)
