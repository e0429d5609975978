"""The counter's receipt printer: slips go to a persistent :class:`printing.PrintQueue`.

:class:`PrinterService` is the :class:`~desktop.services.receipts.ReceiptPrinter` the flows
call after each operation. ``print_receipt`` stores the slip as a job and returns (about a
millisecond); the queue's own thread prints it. The queue reports from that thread; the
service re-emits on the GUI thread through a queued signal, so views only ever see
GUI-thread signals.

A slip the printer refused (off, out of paper, cover open...) waits. Made within the last
:data:`RESUME_WITHIN`, it prints by itself once the printer answers ready again (the queue
asks it every few seconds); any waiting slip prints at once on :meth:`reprint` (F7).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from desktop.services.printer_settings import load_printer_settings
from desktop.services.receipt_slips import SlipFactory
from desktop.services.receipts import Receipt
from loyalty.store.engine import StoreEngine
from loyalty.store.settings import read_setting
from printing import (
    Document,
    JobEvent,
    JobStatus,
    PrinterError,
    PrinterFault,
    PrinterProfile,
    PrintJob,
    PrintQueue,
    test_print,
)
from printing.jobs import INTERRUPTED
from printing.png_copies import PNG_DIR_SETTING, PngCopies
from printing.transport import fault_of

log = logging.getLogger(__name__)
RESUME_WITHIN = timedelta(minutes=10)
WAITING_WINDOW = timedelta(hours=1)  # older unprinted slips are not the customer's any more
QUEUE_FILE = "print-jobs.sqlite3"



@dataclass(frozen=True, slots=True)
class PrinterState:
    """What the counter shows about the printer.

    ``phase``: ``none`` (no printer set up), ``ready``, ``printing``, ``printed`` or
    ``waiting`` (``waiting`` slips could not print). Why: ``fault`` when the printer said
    so; else ``cause`` is ``closed`` (the counter closed before it printed) or
    ``software`` (an error, logged).
    """

    phase: str
    waiting: int = 0
    fault: PrinterFault | None = None
    cause: str = "printer"


class PrinterService(QObject):
    """Prints slips through the queue and keeps the counter told.

    Signals:
        job_changed(object): a :class:`printing.JobEvent`, on the GUI thread.
        state_changed(object): the :class:`PrinterState` after a change.
        test_finished(object): the test slip printed (None) or the
            :class:`printing.PrinterError` saying why not.
    """

    job_changed = Signal(object)
    state_changed = Signal(object)
    test_finished = Signal(object)
    _posted = Signal(object)  # emitted on the queue's thread, delivered on the GUI thread

    def __init__(self, queue_path: Path, profile: PrinterProfile | None, *,
                 resume_within: timedelta = RESUME_WITHIN, poll_s: float = 3.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.slips: SlipFactory | None = None  # set when the counter is built
        self.png_copies: PngCopies | None = None  # a PNG of each slip (the demo's)
        self._last_phase = "ready"
        self._closed = False
        self._posted.connect(self._on_event, Qt.ConnectionType.QueuedConnection)
        self.queue = PrintQueue(queue_path, self._current_profile,
                                resume_within=resume_within, poll_s=poll_s)
        self._unsubscribe: Callable[[], None] | None = self.queue.subscribe(self._post)

    def _current_profile(self) -> PrinterProfile:
        # No printer: an empty profile, which the transport reports as "not set up".
        return self.profile or PrinterProfile()

    # --- the flows' side (ReceiptPrinter) ------------------------------------------------
    def print_receipt(self, receipt: Receipt) -> None:
        """Queue the slip for a completed operation; returns at once."""
        if self.profile is None:
            log.info("no printer set up: %s slip not printed", receipt.kind)
            return
        if self.slips is None:
            log.error("printer service used before the counter was built")
            return
        document = self.slips.document(receipt)
        if document is not None:
            self.submit(document)

    def submit(self, document: Document) -> str:
        """Queue any document (the member card slip); returns the job id."""
        job_id = self.queue.submit(document)
        if self.png_copies is not None:
            self.png_copies.save(document, self._current_profile())
        return job_id

    # --- the cashier's actions --------------------------------------------------------------
    def waiting_jobs(self) -> list[PrintJob]:
        """Slips of the last hour not printed yet, oldest first."""
        return self.queue.unprinted(datetime.now(UTC) - WAITING_WINDOW)

    def reprint(self) -> str:
        """F7: print the waiting slips now, or else a copy of the last slip.

        Returns ``waiting`` (waiting slips sent again), ``copy`` (a copy queued) or
        ``nothing`` (no slip printed yet).
        """
        failed = [job for job in self.waiting_jobs() if job.status is JobStatus.FAILED]
        if failed:
            for job in failed:
                self.queue.retry(job.id)
            return "waiting"
        if self.waiting_jobs():
            return "waiting"  # already on their way
        return "copy" if self.queue.reprint_last() is not None else "nothing"

    def state(self) -> PrinterState:
        """The printer's state as the counter shows it."""
        if self.profile is None:
            return PrinterState("none")
        jobs = self.waiting_jobs()
        failed = [job for job in jobs if job.status is JobStatus.FAILED]
        if failed:
            message = failed[-1].message
            fault = fault_of(message)
            cause = "printer" if fault else "closed" if message == INTERRUPTED else "software"
            return PrinterState("waiting", len(failed), fault, cause)
        if jobs:
            return PrinterState("printing", len(jobs))
        return PrinterState(self._last_phase)

    def set_profile(self, profile: PrinterProfile | None) -> None:
        """New settings: the next slip (and any retry) uses them."""
        self.profile = profile
        self._last_phase = "ready"
        self.state_changed.emit(self.state())

    def start_test_print(self, profile: PrinterProfile) -> None:
        """Print the test slip on ``profile`` off the GUI thread; ``test_finished`` reports."""
        def run() -> None:
            try:
                test_print(profile)
            except PrinterError as err:
                self._post(err)
            except Exception as err:  # a bug: still answer, so the screen does not hang
                log.exception("test print failed")
                self._post(PrinterError(PrinterFault.PRINTER_ERROR, str(err)))
            else:
                self._post(None)
        threading.Thread(target=run, name="test-print", daemon=True).start()

    def close(self) -> None:
        """Stop listening and stop the queue's thread (unprinted jobs stay stored)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._closed = True  # events already posted find the job store closed: drop them
        self.queue.close(timeout=3.0)
        if self.png_copies is not None:
            self.png_copies.close()

    # --- events from the queue's thread, now on the GUI thread -----------------------------
    def _post(self, value: object) -> None:
        """Called on another thread: hand ``value`` to the GUI thread (dropped if this
        service is already gone: PySide then raises one of these)."""
        with contextlib.suppress(RuntimeError, TypeError):
            self._posted.emit(value)

    def _on_event(self, event: object) -> None:
        if self._closed:
            return
        if isinstance(event, JobEvent):
            if event.status is JobStatus.PRINTED:
                self._last_phase = "printed"
            self.job_changed.emit(event)
            self.state_changed.emit(self.state())
        else:  # a test print's outcome
            self.test_finished.emit(event)


def open_printer(data_dir: Path, engine: StoreEngine) -> PrinterService:
    """The counter's printer service: the settings' printer (or none), and the print-job
    file in ``data_dir`` (jobs left from the last run print when the printer is ready).
    Setting ``printer.png_dir`` (relative to ``data_dir``): a PNG of every slip there too
    (the demo's file printer, so its slips can be looked at)."""
    service = PrinterService(data_dir / QUEUE_FILE, load_printer_settings(engine).profile)
    png_dir = read_setting(engine, PNG_DIR_SETTING)
    if png_dir:
        service.png_copies = PngCopies(data_dir / str(png_dir))
    return service
