"""Migration scripts for tests: the shipped ones plus one that fails half way, or one that
takes its time."""

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


def _shipped_plus(folder: Path, name: str, script: str) -> Path:
    """A copy of the shipped migrations in ``folder`` with ``script`` on top as ``name``."""
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / name).write_text(script)
    return folder


def broken_migrations(tmp_path: Path) -> Path:
    """The shipped migrations with revision 9999 on top, which adds a column, fills it,
    then raises: an upgrade must leave the store as it was."""
    return _shipped_plus(tmp_path / "migrations", "9999_broken.py",
                         _BROKEN.format(head=migrate.head_revision()))


_SLOW = '''
import time

from alembic import op
import sqlalchemy as sa

revision = "9998"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    time.sleep({seconds})  # a summary rebuilt over a million members
    op.add_column("members", sa.Column("nickname", sa.String(20)))


def downgrade() -> None:
    pass
'''


def slow_migrations(tmp_path: Path, seconds: float) -> Path:
    """The shipped migrations with revision 9998 on top, which takes ``seconds`` and then
    adds a column."""
    return _shipped_plus(tmp_path / "slow-migrations", "9998_slow.py",
                         _SLOW.format(head=migrate.head_revision(), seconds=seconds))
