"""Central's whole database as plain rows, to hold that a refused request changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, select

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
