"""Alembic environment for the terminal store: the engine is handed in by ``migrate.py``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from loyalty.store.schema import metadata

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run store migrations through loyalty.store.migrate")

# Migrations run in SQLAlchemy's own transaction; DDL on SQLite is transactional, so a
# failing migration leaves the file as it was.
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      transaction_per_migration=False)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
