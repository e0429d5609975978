"""Sync integration fixtures: the real central (SQLite and PostgreSQL) over loopback, and
terminals with their own store files (closed after the test)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.central_fixtures import central, db_url, engine, pg_database
from tests.helpers.central_server import CentralServer
from tests.helpers.sync_terminal import Terminal

__all__ = ["central", "db_url", "engine", "make_terminal", "pg_database"]


@pytest.fixture
def make_terminal(tmp_path: Path, central: CentralServer
                  ) -> Iterator[Callable[..., Terminal]]:
    """``make_terminal("a", **kw)``: a registered terminal in ``tmp_path / "a"``."""
    made: list[Terminal] = []

    def make(name: str, **kwargs: Any) -> Terminal:
        term = Terminal.create(tmp_path / name, central, **kwargs)
        made.append(term)
        return term

    yield make
    for term in made:
        term.close()
