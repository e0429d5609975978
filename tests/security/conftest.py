"""The rogue-terminal suite: attacks on the real central over loopback HTTP, on SQLite and
on PostgreSQL, each asserting the exact answer and that the database did not change."""

from tests.helpers.central_fixtures import central, db_url, engine, pg_database

__all__ = ["central", "db_url", "engine", "pg_database"]
