"""Reading the member lookup indexes once at start-up, so the first customers of the day are
found as fast as the rest.

Right after a reboot the store file is not in the operating system's cache, and every lookup
reads its pages from disk: at 1,000,000 members a "last four digits" search took 9 ms at p99
instead of 0.7 ms. :func:`start_warming` reads the member table and its indexes on a thread
of its own connection (SQLite releases the GIL while it reads), so the cache fills while the
cashier signs in.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from loyalty.store import cipher

log = logging.getLogger(__name__)

TABLES = ("members", "aliases")


@dataclass(frozen=True, slots=True)
class Warmed:
    structures: int
    seconds: float


def _indexes(db: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(index name, first column) of each full (not partial) index on ``table``."""
    out = []
    for row in db.execute(f"PRAGMA index_list('{table}')").fetchall():
        if row[4]:  # partial: a full-range scan cannot use it
            continue
        columns = db.execute(f"PRAGMA index_info('{row[1]}')").fetchall()
        if columns and columns[0][2] is not None:
            out.append((str(row[1]), str(columns[0][2])))
    return out


def warm_lookups(path: str | Path, stop: threading.Event | None = None) -> Warmed:
    """Read every page of the lookup tables and their indexes (read-only, no lock held
    beyond each statement)."""
    started = time.perf_counter()
    db = cipher.connect(path, readonly=True, isolation_level=None)
    done = 0
    try:
        db.execute("PRAGMA cache_size=-2048")  # the OS cache is the one being filled
        for table in TABLES:
            if stop is not None and stop.is_set():
                break
            db.execute(f"SELECT count(*), sum(length(quote({table}.rowid))) FROM {table} "
                       "NOT INDEXED").fetchone()
            done += 1
            for index, column in _indexes(db, table):
                if stop is not None and stop.is_set():
                    break
                # A range on the first column with INDEXED BY reads the whole index alone.
                db.execute(f'SELECT count(*) FROM {table} INDEXED BY "{index}" '
                           f'WHERE "{column}" IS NOT NULL OR "{column}" IS NULL').fetchone()
                done += 1
    finally:
        db.close()
    return Warmed(done, time.perf_counter() - started)


def start_warming(path: str | Path) -> threading.Event:
    """Warm the lookups on a daemon thread; set the returned event to stop early."""
    stop = threading.Event()

    def run() -> None:
        try:
            warmed = warm_lookups(path, stop)
        except cipher.DB_ERRORS:
            log.warning("could not pre-read the member indexes", exc_info=True)
            return
        log.info("member lookups warmed: %d tables and indexes in %.1f s", warmed.structures,
                 warmed.seconds)

    threading.Thread(target=run, name="warm-lookups", daemon=True).start()
    return stop
