"""Applying the store's Alembic migrations programmatically (on start and in tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine, migrations_dir: Path = MIGRATIONS_DIR) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(migrations_dir: Path = MIGRATIONS_DIR) -> str:
    script = ScriptDirectory(str(migrations_dir))
    head = script.get_current_head()
    assert head is not None
    return head


def needs_upgrade(engine: Engine, migrations_dir: Path = MIGRATIONS_DIR) -> bool:
    return current_revision(engine) != head_revision(migrations_dir)


def upgrade(engine: Engine, revision: str = "head",
            migrations_dir: Path = MIGRATIONS_DIR) -> None:
    """Bring the store's schema to ``revision`` (the caller backs the file up first)."""
    command.upgrade(alembic_config(engine, migrations_dir), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
