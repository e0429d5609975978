"""Engines, transactions with retry, and schema migration (Alembic) for central."""

from __future__ import annotations

import functools
import logging
import os
import random
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Engine,
    any_,
    bindparam,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)
T = TypeVar("T")
_RETRY_SQLSTATES = {"40001", "40P01", "55P03"}
MIGRATIONS = Path(__file__).with_name("migrations")
APPLICATION_NAME = "regulars-central"
SEARCH_INDEXES = frozenset({"ix_members_name_trgm", "ix_members_phone_reversed"})
"""PostgreSQL-only search indexes made by migration 0014 and not in the models."""


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` as psycopg 3 URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str, *, pool_size: int = 10, statement_timeout_ms: int = 0,
                idle_in_transaction_timeout_ms: int = 0) -> Engine:
    """An engine configured on purpose for its backend.

    SQLite: SQLAlchemy-controlled ``BEGIN IMMEDIATE`` (writers queue on the busy timeout
    instead of failing on lock upgrade), foreign keys on, WAL, ``synchronous=FULL``, file
    mode 0600. PostgreSQL: a pooled psycopg 3 engine in READ COMMITTED whose sessions are
    named ``regulars-central`` in ``pg_stat_activity`` and carry the server-side timeouts
    given (0: none): a statement running longer than ``statement_timeout_ms`` is cancelled,
    and a session left idle inside a transaction for ``idle_in_transaction_timeout_ms`` is
    ended by PostgreSQL itself, so no client or bug can pin a transaction for good. The
    central service passes its settings' values (``Settings.engine_options``).
    """
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        options = (f"-c statement_timeout={int(statement_timeout_ms)} "
                   f"-c idle_in_transaction_session_timeout={int(idle_in_transaction_timeout_ms)}")
        return create_engine(url, pool_size=pool_size, max_overflow=pool_size,
                             pool_pre_ping=True, connect_args={
                                 "options": options, "application_name": APPLICATION_NAME})
    if parsed.database and parsed.database != ":memory:":
        _touch_private(Path(parsed.database))
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _touch_private(path: Path) -> None:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # let SQLAlchemy emit BEGIN itself
    cursor = dbapi_conn.cursor()
    # secure_delete: an erased member's phone and name do not linger in free pages.
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL",
                   "busy_timeout=30000", "secure_delete=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # Readers begin deferred (WAL lets them run beside the writer); writers queue up front.
    readonly = conn.get_execution_options().get("central_readonly", False)
    conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def in_values(session: Session, column: QueryableAttribute[Any], values: Collection[Any]
              ) -> ColumnElement[bool]:
    """``column IN (values)``; on PostgreSQL one array parameter (``= ANY``), which keeps a
    thousand-value list from costing a thousand bind parameters on every batch."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(list(values))


def read_session(engine: Engine) -> Session:
    """A session for reading only (on SQLite it does not queue behind writers)."""
    return Session(engine.execution_options(central_readonly=True), expire_on_commit=False)


def analytic(session: Session) -> None:
    """Tune this transaction for a report's big scans on PostgreSQL: no JIT (compiling a
    report's expressions took longer than running them) and room to hash its groups."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))


def is_postgres(engine: Engine) -> bool:
    """True when the engine talks to PostgreSQL."""
    return engine.dialect.name == "postgresql"


def _retryable(exc: DBAPIError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in _RETRY_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)


def run_transaction(engine: Engine, work: Callable[[Session], T], *, attempts: int = 8) -> T:
    """Run ``work`` in one transaction; retry it on deadlock or serialisation failure.

    ``work`` must be safe to run again from the start (it is: it only touches the database).
    """
    for attempt in range(1, attempts + 1):
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                return work(session)
        except DBAPIError as exc:
            if attempt == attempts or not _retryable(exc):
                raise
            delay = min(1.0, 0.01 * 2**attempt) * random.uniform(0.5, 1.5)
            log.info("transaction retry %d after %s", attempt, type(exc.orig).__name__)
            time.sleep(delay)
    raise AssertionError("unreachable")


def alembic_config(url: str) -> Config:
    """An Alembic configuration for central's migrations against ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Autogenerate's filter: everything but :data:`SEARCH_INDEXES`."""
    return not (type_ == "index" and name in SEARCH_INDEXES)


def migrate(url: str, revision: str = "head") -> None:
    """Upgrade the database at ``url`` to ``revision`` (run before serving)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        _touch_private(Path(str(parsed.database)))
    if revision == "head" and _current_revision(url) == head_revision():
        return  # Alembic would load every migration file only to find nothing to do
    command.upgrade(alembic_config(url), revision)


@functools.cache
def head_revision() -> str | None:
    """The newest migration's revision id (read from the files once per process)."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _current_revision(url: str) -> str | None:
    engine = create_engine(normalise_url(url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
