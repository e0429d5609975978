"""Console test fixtures: every database test runs on SQLite and on PostgreSQL."""

from tests.helpers.central_fixtures import central, db_url, engine, pg_database

__all__ = ["central", "db_url", "engine", "pg_database"]
