"""Fault suite fixtures: the real central on SQLite and PostgreSQL.

``REGULARS_FAULT_ITERATIONS`` scales every scenario (CI default: modest; the counts are
printed at the end of each test); ``REGULARS_FAULT_SEED`` picks another random run of the
redemption fault test.
"""

from __future__ import annotations

import os

import pytest

from tests.helpers.central_fixtures import central, db_url, engine, pg_database

__all__ = ["ITERATIONS", "central", "db_url", "engine", "pg_database"]

ITERATIONS = int(os.environ.get("REGULARS_FAULT_ITERATIONS", "2"))  # CI; 20 for a real run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The fault suite kills processes, drops connections and lies about time on purpose:
    the warnings that follow are what it provokes, not a bug it may miss (what it asserts is
    convergence). Its tests are exempt from the log-warning fixture (tests/conftest.py)."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.expect_log_warnings())
