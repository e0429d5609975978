"""Turning a plain SQLite file into a SQLCipher one in place, crash-safe, then shredding it.

Used on the upgrade that introduces encryption (the store, its old backups, the print queue).
The steps, each leaving a state the next start recovers from (:func:`finish_interrupted`):

1. the plain file's write-ahead log is folded in (``wal_checkpoint(TRUNCATE)``);
2. SQLite's backup API copies every page into ``<name>.encrypting``, keyed; it is synced;
3. the copy is checked: ``quick_check`` and the row count of every table equal to the plain
   file's;
4. ``on_verified`` runs (the caller takes its encrypted backup from the copy);
5. the plain file is renamed ``<name>.plain-old``, the copy renamed into its place, the folder
   synced;
6. the plain bytes are overwritten with zeros, synced, and the file removed.

Until step 5 the plain file is untouched: any failure removes the copy and re-raises. A crash
between the two renames of step 5 leaves ``.plain-old`` without the file, and the next start
puts it back; a crash in step 6 leaves ``.plain-old`` beside a valid encrypted file, and the
next start shreds it. Overwriting cannot reach copies an SSD keeps for wear levelling or
blocks a filesystem moved: the note says why full-disk encryption is still advised.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from loyalty.store import cipher

log = logging.getLogger(__name__)

ENCRYPTING = ".encrypting"
PLAIN_OLD = ".plain-old"
_CHUNK = 1 << 20


class EncryptionFailed(Exception):
    """The encrypted copy did not match the plain file; the plain file is unchanged."""


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder; NTFS journals renames
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def shred(path: Path) -> None:
    """Overwrite ``path`` with zeros, sync, and remove it (no error if it is gone)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as f:
        zeros = bytes(_CHUNK)
        left = size
        while left > 0:
            left -= f.write(zeros[: min(left, _CHUNK)])
        f.flush()
        os.fsync(f.fileno())
    path.unlink()


def _counts(db: sqlite3.Connection) -> dict[str, int]:
    tables = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: int(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}


def finish_interrupted(path: Path) -> None:
    """Complete or undo an encryption a crash interrupted (see the module docstring)."""
    old = _sibling(path, PLAIN_OLD)
    _sibling(path, ENCRYPTING).unlink(missing_ok=True)
    if not old.exists():
        return
    if cipher.is_encrypted(path):
        log.info("finishing an interrupted encryption of %s: shredding the plain copy",
                 path.name)
        shred(old)
    elif not path.exists():
        log.warning("an encryption of %s was interrupted; the plain file is put back",
                    path.name)
        os.replace(old, path)


def encrypt_in_place(path: Path, key: cipher.StoreKey, *,
                     on_verified: Callable[[Path], object] | None = None,
                     step: Callable[[str], None] | None = None) -> bool:
    """Encrypt the plain SQLite file at ``path`` with ``key``; False if it was not plain.

    ``on_verified`` gets the encrypted copy before it replaces the file (to back it up);
    ``step`` is called with each step's name (tests make it fail there).

    Raises:
        EncryptionFailed: the copy differs from the original (nothing was changed).
        OSError, sqlite3.Error: from the disk or SQLite (nothing was changed).
    """
    finish_interrupted(path)
    if not cipher.is_plain(path):
        return False
    tick = step or (lambda _name: None)
    tmp = _sibling(path, ENCRYPTING)
    old = _sibling(path, PLAIN_OLD)
    try:
        counts = _copy_encrypted(path, tmp, key, tick)
        _verify(tmp, key, counts)
        tick("verified")
        if on_verified is not None:
            on_verified(tmp)
        tick("backed-up")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for suffix in ("-wal", "-shm"):  # empty after the TRUNCATE checkpoint
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(path, old)
    try:
        tick("moved-aside")
        os.replace(tmp, path)
    except BaseException:
        if not path.exists():
            os.replace(old, path)
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    tick("replaced")
    shred(old)
    log.info("%s is now encrypted (%d tables, %d rows)", path.name, len(counts),
             sum(counts.values()))
    return True


def _copy_encrypted(path: Path, tmp: Path, key: cipher.StoreKey,
                    tick: Callable[[str], None]) -> dict[str, int]:
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    source = cipher.raw_connect(path, None, isolation_level=None)
    try:
        source.execute("PRAGMA busy_timeout=10000")
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _counts(source)
        tick("counted")
    finally:
        source.close()
    cipher.copy_database(path, None, tmp, key)
    tick("copied")
    _fsync_file(tmp)
    return counts


def _verify(tmp: Path, key: cipher.StoreKey, expected: dict[str, int]) -> None:
    db = cipher.raw_connect(tmp, key)
    try:
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise EncryptionFailed(f"the encrypted copy of {tmp.name} is damaged ({check})")
        found = _counts(db)
    finally:
        db.close()
    if found != expected:
        raise EncryptionFailed(f"the encrypted copy of {tmp.name} lacks rows: "
                               f"{expected} != {found}")
