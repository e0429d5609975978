"""Opening the local SQLite store: durable settings, WAL, and migrations on start.

Durability: a confirmed award must survive power loss. WAL with ``synchronous=FULL`` syncs
the write-ahead log on every commit, so once ``COMMIT`` returns the transaction is on disk
(``NORMAL`` in WAL mode may lose the last commits on power loss). ``BEGIN IMMEDIATE`` for
writers takes the write lock up front, so two writers (the counter and the sync worker)
queue on ``busy_timeout`` instead of failing with "database is locked" mid-transaction.

Encryption: when the process registered a key for the file (:mod:`loyalty.store.cipher`),
connections are SQLCipher's, keyed before any other statement; otherwise plain ``sqlite3``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from loyalty.store import cipher

log = logging.getLogger(__name__)

#: The store as the counter app holds it: a handle it passes to the Qt-free services, never
#: a thing it runs SQL on (``desktop/`` does not import SQLAlchemy: import-linter holds it).
StoreEngine: TypeAlias = Engine

#: What a failing store raises (disk full, locked, damaged, wrong key): an *environment*
#: error the counter turns into a plain message, without knowing the database library.
STORAGE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, sqlite3.Error,
                                               cipher.SqlcipherError)

BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA cache_size=-65536",  # 64 MiB page cache: the member indexes stay hot
    # Freed cells and pages are zeroed: an erased member's old phone and name do not linger
    # in free space of the file (or of a backup copied from it).
    "PRAGMA secure_delete=ON",
)


def create_store_engine(path: str | Path, *, pool: bool = True,
                        key: cipher.StoreKey | None = None) -> Engine:
    """An engine on the store file, creating it with mode 0600 if it does not exist.

    ``key`` (default: the key registered for ``path``, if any) makes it a SQLCipher file;
    a key given here is registered for ``path``.
    Transactions begun through this engine are ``BEGIN IMMEDIATE``; an engine derived with
    ``engine.execution_options(sqlite_begin="DEFERRED")`` gives read-only transactions that
    never wait for the write lock.
    """
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
    kwargs: dict[str, Any] = {} if pool else {"poolclass": NullPool}
    if key is not None:  # the process's other connections to the file (backups, checkpoints)
        cipher.register(path, key)
    key = key or (None if str(path) == ":memory:" else cipher.key_for(path))
    if key is not None:
        kwargs["module"] = cipher.DRIVER
        kwargs["creator"] = _keyed(path, key)
    engine = create_engine(f"sqlite+pysqlite:///{path}", **kwargs)
    _configure(engine)
    return engine


def _keyed(path: Path, key: cipher.StoreKey) -> Any:
    def connect() -> Any:
        # As the pysqlite dialect connects: the driver's own transaction handling is off
        # below, and connections move between the pool's threads.
        return cipher.raw_connect(path, key, check_same_thread=False)
    return connect


def _configure(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        if mode != "NONE":
            conn.exec_driver_sql(f"BEGIN {mode}")


def reader(engine: Engine) -> Engine:
    """A view of ``engine`` whose transactions are deferred (reads never take the write lock)."""
    return engine.execution_options(sqlite_begin="DEFERRED")


def lookup_engine(engine: Engine) -> Engine:
    """A view of ``engine`` for single-statement lookups: no explicit transaction at all, so
    each SELECT is its own snapshot and a counter lookup costs one round trip."""
    return engine.execution_options(sqlite_begin="NONE")
