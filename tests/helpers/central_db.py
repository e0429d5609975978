"""Test databases for central: a fresh SQLite file, or a private PostgreSQL database.

PostgreSQL is required (a missing server fails the tests, never skips them). Each test
session creates its own database ``regulars_test_<random>`` and drops it at the end, so runs
sharing the server never see each other.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from central import access_log, append_only
from central.db import run_transaction
from central.models import Base
from central.rules_store import ensure_rules

PG_URL = os.environ.get("REGULARS_TEST_PG",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SEED = {"feed": 0, "feed_floor": 0, "code_block": 0, "feed_rewrites": 0}


@contextmanager
def temp_postgres_database() -> Iterator[str]:
    """Create a private database on the test server; yield its URL; drop it afterwards."""
    name = "regulars_test_" + secrets.token_hex(6)
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def reset(url: str) -> None:
    """Empty every central table and re-seed counters and rules (a migrated database)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            append_only.uninstall(conn)  # the history tables refuse deletion otherwise
            access_log.uninstall(conn)
            # DELETE, not TRUNCATE, on PostgreSQL too: a test leaves few rows, and truncating
            # sixty tables (new files for each) took 0.8 s against 0.1 s.
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT setval('feed_numbers', 0, true)"))  # the feed head
            conn.execute(Base.metadata.tables["counters"].insert(),
                         [{"name": k, "value": v} for k, v in SEED.items()])
            append_only.install(conn)
            access_log.install(conn)
        run_transaction(engine, lambda s: ensure_rules(s, "TW"))
    finally:
        engine.dispose()
