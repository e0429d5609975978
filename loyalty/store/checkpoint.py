"""WAL checkpoints on a thread of their own, so a cashier's commit never pays for one.

SQLite's default moves the write-ahead log into the database file from inside the commit
that takes the log past 1,000 pages: with ``synchronous=FULL`` that commit also writes those
pages back and syncs the database file, which made one award in fifty take several times
longer than the rest. :class:`WalCheckpointer` turns that off for an engine's connections
and checkpoints from its own connection instead — when the store has been quiet for a
moment (the counter is idle between customers far more than it is busy), and at the latest
``max_wait_s`` after the first unsaved commit, so the log stays small under a steady load.

A ``PASSIVE`` checkpoint takes no lock a writer or reader waits for. Durability does not
depend on it: a commit is on disk once its log frames are synced.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from typing import Any

from sqlalchemy import Engine, event

from loyalty.store import cipher

log = logging.getLogger(__name__)


def _no_auto_checkpoint(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")


class WalCheckpointer:
    """Checkpoints ``engine``'s store from a background thread (see the module docstring)."""

    def __init__(self, engine: Engine, *, idle_s: float = 0.5, max_wait_s: float = 5.0,
                 poll_s: float = 0.1) -> None:
        database = engine.url.database
        if not database or database == ":memory:":
            raise ValueError("a checkpointer needs a store file")
        self.engine = engine
        self.path = database
        self.idle_s = idle_s
        self.max_wait_s = max_wait_s
        self.poll_s = poll_s
        self.checkpoints = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> WalCheckpointer:
        """Turn SQLite's own checkpoints off for the engine, and start checkpointing."""
        if not event.contains(self.engine, "connect", _no_auto_checkpoint):
            event.listen(self.engine, "connect", _no_auto_checkpoint)
        # Connections already pooled were opened with automatic checkpoints: replace them.
        self.engine.dispose()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread after a last checkpoint; the engine checkpoints itself again."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(timeout=10)
        self._thread = None
        if event.contains(self.engine, "connect", _no_auto_checkpoint):
            event.remove(self.engine, "connect", _no_auto_checkpoint)

    def _run(self) -> None:
        try:
            db = cipher.connect(self.path, isolation_level=None, check_same_thread=False)
        except cipher.DB_ERRORS:
            log.exception("the checkpointer cannot open the store; SQLite's own is off")
            return
        try:
            db.execute("PRAGMA busy_timeout=5000")
            self._loop(db)
            self._checkpoint(db)
        finally:
            db.close()

    def _loop(self, db: sqlite3.Connection) -> None:
        seen = _data_version(db)
        last_change = first_unsaved = 0.0
        while not self._stop.wait(self.poll_s):
            now = time.monotonic()
            version = _data_version(db)
            if version != seen:
                seen, last_change = version, now
                first_unsaved = first_unsaved or now
            if first_unsaved and (now - last_change >= self.idle_s
                                  or now - first_unsaved >= self.max_wait_s):
                if self._checkpoint(db):
                    first_unsaved = 0.0
                seen = _data_version(db)

    def _checkpoint(self, db: sqlite3.Connection) -> bool:
        """One passive checkpoint; True when the whole log reached the database file."""
        try:
            busy, frames, done = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except cipher.DB_ERRORS:
            log.warning("checkpoint failed; will retry", exc_info=True)
            return False
        self.checkpoints += 1
        return not busy and frames == done


def _data_version(db: sqlite3.Connection) -> int:
    """Changes whenever another connection commits to the file."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])
