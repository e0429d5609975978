"""Fault suite fixtures: the real central on SQLite and PostgreSQL.

``REGULARS_FAULT_ITERATIONS`` scales every scenario (CI default: modest; the counts are
printed at the end of each test); ``REGULARS_FAULT_SEED`` picks another random run of the
redemption fault test.
"""

from __future__ import annotations

import os

from tests.helpers.central_fixtures import central, db_url, engine, pg_database

__all__ = ["ITERATIONS", "central", "db_url", "engine", "pg_database"]

ITERATIONS = int(os.environ.get("REGULARS_FAULT_ITERATIONS", "2"))  # CI; 20 for a real run
