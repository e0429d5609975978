"""The store's Alembic history: head equals the models; every revision goes up and down."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from loyalty.store.engine import create_store_engine
from loyalty.store.migrate import MIGRATIONS_DIR, current_revision, downgrade, upgrade
from loyalty.store.schema import metadata


def test_upgrade_head_matches_the_models(tmp_path: Path) -> None:
    engine = create_store_engine(tmp_path / "s.db")
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_each_revision_goes_up_and_down(tmp_path: Path) -> None:
    engine = create_store_engine(tmp_path / "s.db")
    revisions = list(reversed(list(ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions())))
    for rev in revisions:
        upgrade(engine, rev.revision)
        assert current_revision(engine) == rev.revision
        downgrade(engine, rev.down_revision or "base")  # type: ignore[arg-type]
        upgrade(engine, rev.revision)
    assert set(inspect(engine).get_table_names()) >= {"members", "ledger", "outbox"}
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
