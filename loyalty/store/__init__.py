"""The terminal's local store: SQLAlchemy Core over SQLite, migrated by Alembic.

Every function that touches data takes a ``Connection`` inside a transaction the caller
owns (``with engine.begin() as conn:``); none commits. A user action is one transaction:
its ledger row, cached balance, outbox row and audit row commit together or not at all.
"""
