"""pytest fixtures for central tests (imported by the central conftests).

``db_url`` runs a test on SQLite and on PostgreSQL; ``central`` serves the real app under
uvicorn on loopback over that database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from central.bootstrap import prepare
from central.db import migrate
from tests.helpers.central_db import reset, temp_postgres_database
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.templates import central_sqlite


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A private, migrated PostgreSQL database for this test session."""
    with temp_postgres_database() as url:
        migrate(url)
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A freshly migrated, empty central database of each kind."""
    if request.param == "sqlite":
        return central_sqlite(tmp_path / "central.db")
    url: str = request.getfixturevalue("pg_database")
    reset(url)
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on ``db_url`` with the rules seeded."""
    eng = prepare(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def central(db_url: str) -> Iterator[CentralServer]:
    """The real central app on 127.0.0.1 over ``db_url``."""
    with running_central(db_url) as server:
        yield server
