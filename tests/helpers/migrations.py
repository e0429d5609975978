"""Migration scripts for tests: the shipped ones plus one that fails half way."""

from __future__ import annotations

import shutil
from pathlib import Path

from loyalty.store import migrate

_BROKEN = '''
from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("members", sa.Column("nickname", sa.String(20)))
    op.execute("UPDATE members SET nickname = name")
    raise RuntimeError("this migration is broken")


def downgrade() -> None:
    pass
'''


def broken_migrations(tmp_path: Path) -> Path:
    """A copy of the shipped migrations with revision 9999 on top, which adds a column,
    fills it, then raises: an upgrade must leave the store as it was."""
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_broken.py").write_text(
        _BROKEN.format(head=migrate.head_revision()))
    return scripts
