"""Central's whole database as plain rows, to hold that a refused request changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, select, text

from central.db import normalise_url
from central.models import Base

DatabaseState = dict[str, list[tuple[Any, ...]]]


def database_state(db_url: str, *, ignore: tuple[str, ...] = ()) -> DatabaseState:
    """Every row of every central table (but those in ``ignore``), in a stable order."""
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.connect() as conn:
            return {table.name: sorted((tuple(row) for row in conn.execute(select(table))),
                                       key=repr)
                    for table in Base.metadata.sorted_tables if table.name not in ignore}
    finally:
        engine.dispose()


def committed_feed_seqs(db_url: str) -> list[int]:
    """Every feed number a committed change holds (change rows, ledger and instrument
    entries), in order: what a puller from 0 must see, exactly."""
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.connect() as conn:
            return sorted(conn.execute(text(
                "SELECT seq FROM changes UNION ALL "
                "SELECT feed_seq FROM ledger_entries WHERE feed_seq IS NOT NULL UNION ALL "
                "SELECT feed_seq FROM instrument_entries WHERE feed_seq IS NOT NULL")).scalars())
    finally:
        engine.dispose()


def assert_read_whole_feed(seen: list[int], db_url: str) -> None:
    """A puller saw exactly the committed changes, each once, in increasing order. On
    PostgreSQL numbers of aborted transactions are gaps; on SQLite (serial writers) there
    are none."""
    assert seen == committed_feed_seqs(db_url)
    if not db_url.startswith("postgresql"):
        assert seen == list(range(1, len(seen) + 1))
