"""The background checkpointer: commits never move the log themselves while it runs; the log
reaches the database file once the counter pauses, or within ``max_wait_s`` under a steady
load; stopping it gives SQLite its own checkpoints back."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from loyalty.store.checkpoint import WalCheckpointer
from loyalty.store.engine import create_store_engine
from tests.helpers.wait import wait_until

PAGE = 4096
ROW = b"x" * 3000  # about one page per commit


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_store_engine(tmp_path / "store.db")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE sales (id INTEGER PRIMARY KEY, body BLOB)"))
    yield engine
    engine.dispose()


def _commit_rows(engine: Engine, n: int) -> None:
    for _ in range(n):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO sales (body) VALUES (:b)"), {"b": ROW})


def _sizes(engine: Engine) -> tuple[int, int]:
    path = str(engine.url.database)
    wal = path + "-wal"
    return os.path.getsize(path), os.path.getsize(wal) if os.path.exists(wal) else 0


def _wait_for(condition: object, timeout: float = 10.0) -> bool:
    return bool(wait_until(condition, timeout, interval=0.05,  # type: ignore[arg-type]
                           raise_on_timeout=False))


def test_commits_leave_the_log_to_the_checkpointer(engine: Engine) -> None:
    checkpointer = WalCheckpointer(engine, idle_s=60, max_wait_s=60).start()
    try:
        _commit_rows(engine, 1500)  # SQLite alone would have checkpointed at 1,000 pages
        db_bytes, wal_bytes = _sizes(engine)
        assert wal_bytes > 1400 * PAGE
        assert db_bytes < 100 * PAGE
        assert checkpointer.checkpoints == 0
    finally:
        checkpointer.stop()


def test_a_pause_moves_the_log_into_the_database_file(engine: Engine) -> None:
    checkpointer = WalCheckpointer(engine, idle_s=0.3, max_wait_s=60).start()
    try:
        _commit_rows(engine, 300)
        # Both: the file grows while a checkpoint runs, the count goes up once it returns
        # (and a slow machine may pause mid-way, checkpointing part of the log first).
        assert _wait_for(lambda: checkpointer.checkpoints >= 1
                         and _sizes(engine)[0] > 290 * PAGE)
    finally:
        checkpointer.stop()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sales")).scalar_one() == 300


def test_a_steady_load_is_checkpointed_within_max_wait(engine: Engine) -> None:
    checkpointer = WalCheckpointer(engine, idle_s=60, max_wait_s=0.5).start()
    try:
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:  # never idle for a moment
            _commit_rows(engine, 5)
        assert checkpointer.checkpoints >= 2
        assert _sizes(engine)[0] > 50 * PAGE
    finally:
        checkpointer.stop()


def test_after_stop_sqlite_checkpoints_by_itself_again(engine: Engine) -> None:
    WalCheckpointer(engine, idle_s=60, max_wait_s=60).start().stop()
    engine.dispose()
    _commit_rows(engine, 1500)
    db_bytes, wal_bytes = _sizes(engine)
    assert db_bytes > 900 * PAGE  # the 1,000-page automatic checkpoint ran
    assert wal_bytes < 1100 * PAGE


def test_an_in_memory_store_is_refused() -> None:
    with pytest.raises(ValueError, match="store file"):
        WalCheckpointer(create_store_engine(":memory:"))
