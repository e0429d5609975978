"""Migrated, empty database files, made once per test process and copied for each test.

Running every migration from scratch takes 1–6 s on a busy machine; a copy takes
milliseconds. What a test gets is the same file the migrations would have produced (the
migrations themselves are tested from scratch in their own tests).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from central.db import migrate
from loyalty.store.engine import create_store_engine
from loyalty.store.migrate import upgrade


@functools.cache
def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="regulars-templates-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.cache
def _central_template() -> Path:
    path = _folder() / "central.db"
    migrate(f"sqlite:///{path}")
    return path


@functools.cache
def _store_template() -> Path:
    path = _folder() / "store.db"
    engine = create_store_engine(path, pool=False)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return path


def _copy(template: Path, path: Path) -> None:
    """Copy through SQLite's backup API (the template may have a WAL) into a new 0600 file."""
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    source, target = sqlite3.connect(template), sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def central_sqlite(path: Path) -> str:
    """The URL of a new, migrated, empty central SQLite database at ``path``."""
    _copy(_central_template(), path)
    return f"sqlite:///{path}"


def store_file(path: Path) -> Path:
    """A new, migrated, empty store file at ``path`` (not encrypted)."""
    _copy(_store_template(), path)
    return path
