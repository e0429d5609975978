"""The print queue against a real (fake) network printer that misbehaves."""

import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from printing import Document, JobEvent, JobStatus, PrinterProfile, PrintQueue
from printing.layout import COPY_MARK
from printing.print_queue import BUG_MESSAGE
from printing.samples import MEMBER, award
from printing.slips import build_award
from tests.helpers.escpos_decoder import decode
from tests.helpers.printer_server import PrinterServer, printer_server
from tests.helpers.wait import wait_until

DOC = build_award(award(replace(MEMBER, name="林小明")))
SUBMIT_BUDGET_S = 0.050


# Failing printers are what this module is about: the queue logs each failure.
pytestmark = pytest.mark.expect_log_warnings("printing.print_queue")


class Events:
    """Collects queue events; waits for a job to reach a state."""

    def __init__(self) -> None:
        self.seen: list[JobEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: JobEvent) -> None:
        with self._cond:
            self.seen.append(event)
            self._cond.notify_all()

    def wait(self, job_id: str, status: JobStatus, timeout: float = 10.0) -> JobEvent:
        def found() -> JobEvent | None:
            return next((e for e in reversed(self.seen)
                         if e.job_id == job_id and e.status is status), None)
        with self._cond:
            assert self._cond.wait_for(lambda: found() is not None, timeout), \
                f"{job_id} never became {status}: {self.seen}"
            event = found()
        assert event is not None
        return event

    def statuses(self, job_id: str) -> list[JobStatus]:
        return [e.status for e in self.seen if e.job_id == job_id]


def _profile(server: PrinterServer) -> PrinterProfile:
    return PrinterProfile(host="127.0.0.1", port=server.port, paper_mm=58, timeout_s=1.0,
                          status_timeout_s=0.3)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "print-jobs.sqlite3"


@pytest.fixture
def events() -> Events:
    return Events()


def _queue(db: Path, server: PrinterServer, events: Events, **kw: object) -> PrintQueue:
    queue = PrintQueue(db, lambda: _profile(server), **kw)  # type: ignore[arg-type]
    queue.subscribe(events)
    return queue


def _timed_submit(queue: PrintQueue, doc: Document) -> tuple[str, float]:
    start = time.perf_counter()
    job_id = queue.submit(doc)
    return job_id, time.perf_counter() - start


def _printed_texts(server: PrinterServer, count: int) -> list[list[str]]:
    """The slips printed once ``count`` connections finished, given a moment more for a slip
    still arriving behind a status probe (probes are connections without a slip)."""
    server.wait_for_jobs(count)

    def slips() -> list[bytes]:
        return [j for j in server.wait_for_jobs(0) if b"\x1c&" in j]

    wait_until(lambda: len(slips()) >= count, 0.5, interval=0.01, raise_on_timeout=False)
    return [decode(j, "big5").texts for j in slips()]


@pytest.mark.parametrize(("mode", "words"), [
    ("refuse", "cannot be reached"),
    ("close_after", "stopped in the middle"),
    ("silent", "does not answer"),
    ("paper_out", "out of paper"),
])
def test_a_failing_printer_keeps_the_job_and_a_reprint_prints_it(
        db: Path, events: Events, mode: str, words: str) -> None:
    with printer_server(close_after_bytes=300) as server:
        server.set_mode(mode)
        queue = _queue(db, server, events)
        try:
            job_id, took = _timed_submit(queue, DOC)
            assert took < SUBMIT_BUDGET_S
            failed = events.wait(job_id, JobStatus.FAILED)
            assert words in failed.message and "Reprint" in failed.message
            job = queue.job(job_id)
            assert job is not None and job.status is JobStatus.FAILED
            assert [j.id for j in queue.unprinted()] == [job_id]

            server.set_mode("ok")
            before = len(server.jobs)
            queue.retry(job_id)
            events.wait(job_id, JobStatus.PRINTED)
            texts = _printed_texts(server, before + 1)[-1]
            assert any("林小明" in t for t in texts)
            assert COPY_MARK not in "".join(texts)  # the retried original is not a copy
            assert queue.unprinted() == []
        finally:
            queue.close()


def test_the_counter_is_never_blocked_by_a_hung_printer(db: Path, events: Events) -> None:
    with printer_server("silent") as server:
        queue = _queue(db, server, events)
        try:
            timings = [_timed_submit(queue, DOC) for _ in range(5)]
            assert max(took for _, took in timings) < SUBMIT_BUDGET_S
            for job_id, _ in timings:
                events.wait(job_id, JobStatus.FAILED)
        finally:
            queue.close()


def test_jobs_survive_a_restart_and_print_when_the_printer_is_back(db: Path,
                                                                   events: Events) -> None:
    with printer_server() as server:
        server.set_mode("refuse")
        queue = _queue(db, server, events)
        failed_id = queue.submit(DOC)
        events.wait(failed_id, JobStatus.FAILED)
        queue.close()

        waiting = _queue(db, server, events, start=False)  # closes before printing
        queued_id = waiting.submit(DOC)
        waiting.close()

        server.set_mode("ok")
        queue = _queue(db, server, events)
        try:
            events.wait(queued_id, JobStatus.PRINTED)  # recent: printed on start
            job = queue.job(failed_id)
            assert job is not None and job.status is JobStatus.FAILED  # waits for Reprint
            assert job.document == DOC
            queue.retry(failed_id)
            events.wait(failed_id, JobStatus.PRINTED)
            assert len(_printed_texts(server, 2)) == 2
        finally:
            queue.close()


def test_stale_queued_jobs_wait_for_the_cashier_after_a_restart(db: Path,
                                                                events: Events) -> None:
    with printer_server() as server:
        waiting = _queue(db, server, events, start=False)
        job_id = waiting.submit(DOC)
        waiting.close()
        queue = _queue(db, server, events, stale_after=timedelta(0))
        try:
            job = queue.job(job_id)
            assert job is not None and job.status is JobStatus.FAILED
            assert "not printed before the program closed" in job.message
            assert queue.wait_idle(2)
            assert server.jobs == []
        finally:
            queue.close()


def test_reprint_last_prints_a_copy_marked_as_such(db: Path, events: Events) -> None:
    with printer_server() as server:
        queue = _queue(db, server, events)
        try:
            assert queue.reprint_last() is None
            original = queue.submit(DOC)
            events.wait(original, JobStatus.PRINTED)
            copy_id = queue.reprint_last()
            assert copy_id is not None
            events.wait(copy_id, JobStatus.PRINTED)
            first, second = _printed_texts(server, 2)
            assert COPY_MARK not in [t.strip() for t in first]
            assert [t.strip() for t in second].count(COPY_MARK) == 2
            job = queue.job(copy_id)
            assert job is not None and job.copy
            assert events.statuses(copy_id) == [JobStatus.QUEUED, JobStatus.PRINTING,
                                                JobStatus.PRINTED]
        finally:
            queue.close()


def test_a_software_error_fails_the_job_with_a_plain_message(db: Path, events: Events,
                                                             caplog: pytest.LogCaptureFixture
                                                             ) -> None:
    def broken_profile() -> PrinterProfile:
        raise RuntimeError("settings file unreadable")

    queue = PrintQueue(db, broken_profile)
    queue.subscribe(events)
    try:
        job_id = queue.submit(DOC)
        assert events.wait(job_id, JobStatus.FAILED).message == BUG_MESSAGE
    finally:
        queue.close()
    assert "settings file unreadable" in caplog.text


def test_a_waiting_job_prints_by_itself_when_the_printer_is_ready_again(
        db: Path, events: Events) -> None:
    with printer_server("paper_out") as server:
        queue = _queue(db, server, events, resume_within=timedelta(minutes=10), poll_s=0.05)
        try:
            job_id = queue.submit(DOC)
            assert "out of paper" in events.wait(job_id, JobStatus.FAILED).message
            server.set_mode("cover_open")  # paper loaded, cover left open: say so
            wait_until(lambda: any("cover is open" in e.message for e in events.seen), 5,
                       message=lambda: str(events.seen))
            assert queue.unprinted()[0].status is JobStatus.FAILED
            server.set_mode("ok")
            events.wait(job_id, JobStatus.PRINTED)
            assert any("林小明" in t for t in _printed_texts(server, 1)[-1])
            assert queue.unprinted() == []
        finally:
            queue.close()


def _failed_then_restarted(db: Path, server: PrinterServer, events: Events,
                           resume_within: timedelta) -> tuple[PrintQueue, str]:
    """A job the printer refused, then the queue reopened with the printer back."""
    server.set_mode("refuse")
    queue = _queue(db, server, events)
    job_id = queue.submit(DOC)
    events.wait(job_id, JobStatus.FAILED)
    queue.close()
    server.set_mode("ok")
    return _queue(db, server, events, resume_within=resume_within, poll_s=0.05), job_id


def test_a_job_failed_before_a_restart_prints_when_the_printer_is_back(
        db: Path, events: Events) -> None:
    with printer_server() as server:
        queue, job_id = _failed_then_restarted(db, server, events, timedelta(minutes=10))
        try:
            events.wait(job_id, JobStatus.PRINTED)
            assert len(_printed_texts(server, 1)) == 1
        finally:
            queue.close()


def test_jobs_failed_longer_ago_than_the_window_wait_for_the_cashier(
        db: Path, events: Events) -> None:
    with printer_server() as server:
        queue, job_id = _failed_then_restarted(db, server, events, timedelta(0))
        try:
            # The worker decided it has nothing to resume by itself: only a Reprint prints.
            assert queue.wait_settled(5)
            job = queue.job(job_id)
            assert job is not None and job.status is JobStatus.FAILED
            assert server.connections == 0
        finally:
            queue.close()


def test_a_queue_never_settles_while_a_failed_slip_may_still_print_by_itself(
        db: Path, events: Events) -> None:
    """``wait_settled`` is what the test above relies on: it must not say "nothing more will
    happen" while the worker still probes the printer for a slip it would resume."""
    with printer_server() as server:
        server.set_mode("refuse")
        queue = _queue(db, server, events, resume_within=timedelta(minutes=10), poll_s=0.05)
        try:
            job_id = queue.submit(DOC)
            events.wait(job_id, JobStatus.FAILED)
            assert not queue.wait_settled(0.5)  # bounded negative: it keeps probing
            server.set_mode("ok")
            events.wait(job_id, JobStatus.PRINTED)
            assert queue.wait_settled(5)
        finally:
            queue.close()


def test_failed_slips_older_than_a_week_are_dropped_at_the_next_start(
        db: Path, events: Events) -> None:
    import sqlite3
    from datetime import UTC, datetime

    with printer_server() as server:
        server.set_mode("refuse")
        queue = _queue(db, server, events)
        old, recent = queue.submit(DOC), queue.submit(DOC)
        events.wait(old, JobStatus.FAILED)
        events.wait(recent, JobStatus.FAILED)
        queue.close()
        with sqlite3.connect(db) as conn:  # age them: eight days and six days ago
            for job_id, days in ((old, 8), (recent, 6)):
                when = (datetime.now(UTC) - timedelta(days=days)).isoformat(
                    timespec="milliseconds")
                conn.execute("UPDATE print_job SET updated_at = ?, created_at = ? WHERE id = ?",
                             (when, when, job_id))
        queue = _queue(db, server, events)
        try:
            assert queue.job(old) is None
            waiting = queue.job(recent)
            assert waiting is not None and waiting.status is JobStatus.FAILED
            assert [j.id for j in queue.unprinted()] == [recent]
        finally:
            queue.close()
