"""The print-job store: one SQLite file (WAL), documents kept as JSON.

Used by :class:`printing.queue.PrintQueue` from its caller's thread and its worker thread;
one connection guarded by a lock, every statement its own transaction (autocommit).

Slips carry names, phone endings and balances, so the file is encrypted with the store's
key when this process registered one for it (:mod:`loyalty.store.keys`); a plain file left
by an older version is encrypted in place on open.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from loyalty.store import cipher
from loyalty.store.encrypt import encrypt_in_place, finish_interrupted
from printing.document import Document

KEEP_PRINTED = 500
# A printed slip (names, phone endings, balances) is kept for reprinting this long at most,
# so a member erased at central leaves the queue within a day (#17; docs/personal-data.md).
KEEP_PRINTED_FOR = timedelta(days=1)
KEEP_FAILED = timedelta(days=7)  # a slip nobody reprinted in a week is not wanted any more
INTERRUPTED = ("This slip was not printed before the program closed. "
               "Press Reprint if the customer still needs it.")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS print_job (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    document TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS print_job_status ON print_job (status, seq);
"""


class JobStatus(StrEnum):
    """Where a job is. FAILED jobs wait for the cashier's Reprint (``retry``)."""

    QUEUED = "queued"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PrintJob:
    """A job as the cashier's job list shows it. ``message`` is plain language."""

    id: str
    kind: str
    title: str
    status: JobStatus
    message: str
    attempts: int
    copy: bool
    created_at: datetime
    updated_at: datetime
    document: Document


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class JobStore:
    """Persistent jobs. Every method is thread-safe and commits before returning."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        finish_interrupted(path)
        key = cipher.key_for(path)
        if key is not None and cipher.is_plain(path):
            encrypt_in_place(path, key)
        self._db = cipher.connect(path, isolation_level=None, check_same_thread=False,
                                  timeout=5.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA secure_delete=ON")  # forgotten slips leave no bytes behind
        self._db.executescript(_SCHEMA)
        with self._lock:
            self._drop_old_printed()

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    def add(self, document: Document) -> str:
        """Store a new QUEUED job and return its id."""
        job_id = uuid.uuid4().hex
        now = _now()
        with self._lock:
            self._db.execute(
                "INSERT INTO print_job (id, seq, kind, title, document, status, created_at,"
                " updated_at) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM print_job),"
                " ?, ?, ?, ?, ?, ?)",
                (job_id, document.kind, document.title, document.to_json(),
                 JobStatus.QUEUED.value, now, now),
            )
        return job_id

    def set_status(self, job_id: str, status: JobStatus, message: str = "",
                   *, attempt: bool = False) -> None:
        """Move a job to ``status`` with a message (counting an attempt when printing)."""
        with self._lock:
            self._db.execute(
                "UPDATE print_job SET status = ?, message = ?, attempts = attempts + ?,"
                " updated_at = ? WHERE id = ?",
                (status.value, message, 1 if attempt else 0, _now(), job_id),
            )
            if status is JobStatus.PRINTED:
                self._db.execute(
                    "DELETE FROM print_job WHERE status = 'printed' AND seq <= "
                    "(SELECT MAX(seq) FROM print_job) - ?", (KEEP_PRINTED,))
                self._drop_old_failures()
                self._drop_old_printed()

    def _drop_old_printed(self) -> None:
        """Forget printed slips older than :data:`KEEP_PRINTED_FOR` (the lock is held)."""
        cutoff = (datetime.now(UTC) - KEEP_PRINTED_FOR).isoformat(timespec="milliseconds")
        self._db.execute("DELETE FROM print_job WHERE status = 'printed' AND updated_at < ?",
                         (cutoff,))

    def _drop_old_failures(self) -> None:
        """Forget failed slips older than :data:`KEEP_FAILED` (the lock is held): a printer
        out of paper for a week must not leave the cashier a list of a thousand."""
        cutoff = (datetime.now(UTC) - KEEP_FAILED).isoformat(timespec="milliseconds")
        self._db.execute("DELETE FROM print_job WHERE status = 'failed' AND updated_at < ?",
                         (cutoff,))

    def next_queued(self) -> PrintJob | None:
        """The oldest QUEUED job, or None."""
        return self._one("WHERE status = 'queued' ORDER BY seq LIMIT 1", ())

    def get(self, job_id: str) -> PrintJob | None:
        """One job by id."""
        return self._one("WHERE id = ?", (job_id,))

    def last_receipt(self) -> PrintJob | None:
        """The newest job that printed, test prints excepted."""
        return self._one(
            "WHERE status = 'printed' AND kind != 'test' ORDER BY seq DESC LIMIT 1", ())

    def recent(self, limit: int) -> list[PrintJob]:
        """The newest ``limit`` jobs, newest first."""
        return self._many("ORDER BY seq DESC LIMIT ?", (limit,))

    def unprinted(self, since: datetime | None = None) -> list[PrintJob]:
        """QUEUED, PRINTING and FAILED jobs (made at ``since`` or later), oldest first."""
        if since is None:
            return self._many("WHERE status != 'printed' ORDER BY seq", ())
        return self._many("WHERE status != 'printed' AND created_at >= ? ORDER BY seq",
                          (since.astimezone(UTC).isoformat(timespec="milliseconds"),))

    def recover(self, stale_after: timedelta) -> list[str]:
        """After a restart: a job caught mid-print, or queued longer than ``stale_after``,
        becomes FAILED (the customer may have left; the cashier decides). Returns their ids."""
        cutoff = (datetime.now(UTC) - stale_after).isoformat(timespec="milliseconds")
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM print_job WHERE status = 'printing' OR "
                "(status = 'queued' AND created_at < ?)", (cutoff,)).fetchall()
        for (job_id,) in rows:
            self.set_status(job_id, JobStatus.FAILED, INTERRUPTED)
        with self._lock:
            self._drop_old_failures()
        return [job_id for (job_id,) in rows]

    def _one(self, where: str, args: tuple[object, ...]) -> PrintJob | None:
        jobs = self._many(where, args)
        return jobs[0] if jobs else None

    def _many(self, where: str, args: tuple[object, ...]) -> list[PrintJob]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, kind, title, status, message, attempts, created_at, updated_at,"
                f" document FROM print_job {where}", args).fetchall()
        out = []
        for row in rows:
            document = Document.from_json(row[8])
            out.append(PrintJob(
                id=row[0], kind=row[1], title=row[2], status=JobStatus(row[3]),
                message=row[4], attempts=row[5], copy=document.copy,
                created_at=datetime.fromisoformat(row[6]),
                updated_at=datetime.fromisoformat(row[7]), document=document))
        return out
