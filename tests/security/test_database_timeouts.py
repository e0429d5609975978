"""PostgreSQL ends what a stuck client or a bug would otherwise hold for good (issue 16,
point 7): central's sessions carry ``statement_timeout`` and
``idle_in_transaction_session_timeout`` and are named in ``pg_stat_activity``."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from central.db import APPLICATION_NAME, make_engine
from central.settings import Settings

pytestmark = pytest.mark.postgres


def test_central_sessions_carry_the_documented_timeouts_and_name(pg_database: str) -> None:
    engine = make_engine(pg_database, **Settings().engine_options())
    try:
        with engine.connect() as conn:
            shown = [conn.execute(text(f"SHOW {name}")).scalar_one() for name in (
                "statement_timeout", "idle_in_transaction_session_timeout", "application_name")]
    finally:
        engine.dispose()
    assert shown == ["1min", "30s", APPLICATION_NAME]


def test_a_statement_running_past_its_timeout_is_cancelled(pg_database: str) -> None:
    engine = make_engine(pg_database, statement_timeout_ms=200)
    try:
        with engine.connect() as conn, pytest.raises(DBAPIError) as raised:
            conn.execute(text("SELECT pg_sleep(5)"))
    finally:
        engine.dispose()
    assert getattr(raised.value.orig, "sqlstate", None) == "57014"  # query_canceled


def test_a_transaction_left_idle_is_ended_by_postgresql(pg_database: str) -> None:
    engine = make_engine(pg_database, idle_in_transaction_timeout_ms=200)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))  # a transaction begins …
            time.sleep(1.0)  # … and is left idle, as a stalled reader's was
            with pytest.raises(DBAPIError):
                conn.execute(text("SELECT 1"))
            conn.rollback()
        with engine.connect() as conn:  # the pool hands out a live connection again
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()
