"""Backups of the store file with SQLite's online backup API, restore, and safe upgrades.

A backup is a consistent copy taken while the app keeps writing (the backup API copies
pages and restarts if a writer changes them). Each backup carries the terminal id it came
from, so restoring another counter's file — which would clone its outbox sequence and get
the terminal refused by central — is refused unless forced.

Encryption: a backup is encrypted with the store's key (the key never travels with it); the
backup's ``.json`` may carry that key sealed to head office's recovery key
(:mod:`loyalty.store.escrow`), so head office — and only head office — can open it on a
new PC. The upgrade that introduces encryption encrypts the store and every older backup
in place (:mod:`loyalty.store.encrypt`).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from loyalty.errors import LoyaltyError
from loyalty.store import cipher, erasure, migrate
from loyalty.store.encrypt import encrypt_in_place, finish_interrupted
from loyalty.store.engine import create_store_engine

log = logging.getLogger(__name__)
SUFFIX = ".regulars-backup"
SEALED_KEY = "store-key.sealed"  # the store key sealed to head office (loyalty.store.escrow)


class BackupError(LoyaltyError):
    code = "backup_error"


class MigrationFailed(LoyaltyError):
    """The upgrade failed; the store file is as it was before (a backup was taken too)."""

    code = "migration_failed"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    terminal_id: str | None
    taken_at: datetime
    reason: str


def _terminal_id(db: sqlite3.Connection) -> str | None:
    """The terminal a store belongs to: its registration with central, else its set-up id."""
    try:
        rows = dict(db.execute("SELECT key, value FROM sync_state "
                               "WHERE key IN ('terminal', 'terminal_id')").fetchall())
    except cipher.DB_ERRORS:  # a store created before any schema (brand new)
        return None
    registered = json.loads(rows["terminal"]) if "terminal" in rows else None
    if isinstance(registered, dict) and registered.get("terminal_id"):
        return str(registered["terminal_id"])
    return json.loads(rows["terminal_id"]) if "terminal_id" in rows else None


def backup_store(store_path: Path, backup_dir: Path, *, reason: str = "daily",
                 keep: int = 14, now: datetime | None = None,
                 key: cipher.StoreKey | None = None) -> BackupInfo:
    """Copy the live store to ``backup_dir`` and keep the newest ``keep`` backups.

    ``key``: the store's key (default: the one registered for ``store_path``); the backup
    is encrypted with it, and carries the key sealed to head office when the folder has it
    (``store-key.sealed``, see :mod:`loyalty.store.escrow`).
    """
    now = now or datetime.now(UTC)
    key = key or cipher.key_for(store_path)
    backup_dir.mkdir(parents=True, exist_ok=True)
    name = f"store-{now:%Y%m%dT%H%M%S%f}Z-{reason}{SUFFIX}"
    target = backup_dir / name
    source = cipher.raw_connect(store_path, key, readonly=True)
    try:
        terminal_id = _terminal_id(source)
    finally:
        source.close()
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    cipher.copy_database(store_path, key, target, key, pages=1024)  # in steps: writers go on
    meta = {"terminal_id": terminal_id, "taken_at": now.isoformat(), "reason": reason,
            "encrypted": key is not None}
    sealed = backup_dir / SEALED_KEY
    if key is not None and sealed.exists():
        meta["key_escrow"] = sealed.read_text(encoding="ascii").strip()
    target.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    _prune(backup_dir, keep)
    log.info("store backed up (%s) to %s", reason, target.name)
    return BackupInfo(target, terminal_id, now, reason)


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Backups, newest first."""
    found = []
    for path in backup_dir.glob(f"*{SUFFIX}"):
        meta_path = path.with_suffix(".json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        taken = datetime.fromisoformat(meta["taken_at"]) if "taken_at" in meta else \
            datetime.fromtimestamp(path.stat().st_mtime, UTC)
        found.append(BackupInfo(path, meta.get("terminal_id"), taken, meta.get("reason", "")))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _prune(backup_dir: Path, keep: int) -> None:
    for old in list_backups(backup_dir)[keep:]:
        old.path.unlink(missing_ok=True)
        old.path.with_suffix(".json").unlink(missing_ok=True)


def restore_store(backup: Path, store_path: Path, *, expected_terminal: str | None,
                  force: bool = False, backup_key: cipher.StoreKey | None = None) -> None:
    """Replace the store with ``backup``. The app must not be running.

    ``backup_key``: the key the backup was made with, when it is not this store's (a
    backup of a dead PC, its key recovered by head office); default: this store's key. The
    restored file is encrypted with this store's key (plain when the store has none).

    Raises:
        BackupError: the backup is unreadable (damaged, not a backup, or the key does not
            open it), or comes from another terminal (unless ``force``: restoring another
            counter's data makes this terminal its clone).
    """
    store_key = cipher.key_for(store_path)
    source_key = backup_key or (None if cipher.is_plain(backup) else store_key)
    try:
        db = cipher.raw_connect(backup, source_key, readonly=True)
        try:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{backup.name} is damaged.")
            source_terminal = _terminal_id(db)
        finally:
            db.close()
    except cipher.DB_ERRORS as err:
        hint = (" or is encrypted with another key: restore it with the key head office "
                "recovers (regulars keys recover)") if cipher.is_encrypted(backup) else ""
        raise BackupError(f"{backup.name} is not a Regulars backup{hint} ({err}).") from None
    if (expected_terminal and source_terminal and source_terminal != expected_terminal
            and not force):
        raise BackupError(f"{backup.name} comes from terminal {source_terminal}, not this one "
                          f"({expected_terminal}). Use --force only if you mean to replace "
                          "this counter's data with another's.", code="backup_other_terminal")
    erased = _erasure_list(store_path, store_key)  # the restored copy must not bring back
    for suffix in ("-wal", "-shm"):
        Path(str(store_path) + suffix).unlink(missing_ok=True)
    tmp = store_path.with_suffix(".restoring")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    cipher.copy_database(backup, source_key, tmp, store_key)
    if erased:
        _erase_in_file(tmp, store_key, erased)
    os.replace(tmp, store_path)
    log.info("store restored from %s", backup.name)


def _erasure_list(store_path: Path, key: cipher.StoreKey | None) -> list[str]:
    """The erasure list of the store about to be replaced (empty if none or unreadable)."""
    if not store_path.exists() or store_path.stat().st_size == 0:
        return []
    try:
        db = cipher.raw_connect(store_path, key, readonly=True)
        try:
            return erasure.listed(erasure.runner(db))
        finally:
            db.close()
    except cipher.DB_ERRORS as err:
        log.warning("the erasure list of the replaced store is unreadable (%s); erasures "
                    "come back from central at the next sync", type(err).__name__)
        return []


def _erase_in_file(path: Path, key: cipher.StoreKey | None, member_ids: list[str],
                   now: datetime | None = None) -> int:
    """Apply erasures to a closed database file (a backup), zeroing what they free."""
    db = cipher.raw_connect(path, key)
    try:
        db.isolation_level = None
        db.execute("PRAGMA secure_delete=ON")
        db.execute("BEGIN IMMEDIATE")
        blanked = erasure.apply_list(erasure.runner(db), member_ids, now or datetime.now(UTC))
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return blanked
    finally:
        db.close()


def scrub_backups(store_path: Path, backup_dir: Path, *, now: datetime | None = None) -> int:
    """Rewrite every backup without the members erased since it was taken.

    The erasure list's entries not yet applied to the backups (``backups_done_at`` None) are
    applied to each backup in ``backup_dir`` (the store's key opens them), then marked done.
    Run by the counter's backup scheduler at each check, so a backup holds an erased member
    at most one check interval after the erasure reached the till. Returns the backups
    rewritten. A backup that cannot be opened is left as it is (logged); it rotates out
    with the others (14 daily backups).
    """
    key = cipher.key_for(store_path)
    db = cipher.raw_connect(store_path, key, readonly=True)
    try:
        pending = erasure.listed(erasure.runner(db), pending_backups=True)
    finally:
        db.close()
    if not pending:
        return 0
    rewritten = 0
    for info in list_backups(backup_dir) if backup_dir.exists() else []:
        try:
            _erase_in_file(info.path, None if cipher.is_plain(info.path) else key, pending, now)
            rewritten += 1
        except cipher.DB_ERRORS as err:
            log.warning("backup %s could not be rewritten without erased members (%s)",
                        info.path.name, type(err).__name__)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    db = cipher.raw_connect(store_path, key)
    try:
        db.execute("PRAGMA busy_timeout=10000")
        with db:
            db.executemany("UPDATE erasures SET backups_done_at = ? WHERE member_id = ?",
                           [(stamp.isoformat(timespec="microseconds"), m) for m in pending])
    finally:
        db.close()
    log.info("%d backups rewritten without %d erased members", rewritten, len(pending))
    return rewritten


def encrypt_store(store_path: Path, backup_dir: Path, key: cipher.StoreKey, *,
                  keep: int = 14) -> bool:
    """Encrypt a plain store and its older backups in place; False if already encrypted.

    An encrypted backup (reason ``before-encryption``) is taken from the verified encrypted
    copy before it replaces the plain file, and every plain backup is encrypted too.

    Raises:
        MigrationFailed: the store is unchanged (still plain); the message says why.
    """
    try:
        done = encrypt_in_place(store_path, key, on_verified=lambda copy: backup_store(
            copy, backup_dir, reason="before-encryption", keep=keep, key=key))
        for info in list_backups(backup_dir) if backup_dir.exists() else []:
            encrypt_in_place(info.path, key)
    except Exception as err:
        log.exception("encrypting the store failed; the store file is unchanged")
        raise MigrationFailed(f"Encrypting the local data failed ({type(err).__name__}); "
                              "the data is unchanged. Free some disk space or call "
                              "support.") from err
    return done


def open_and_upgrade(store_path: Path, backup_dir: Path, keep: int = 14,
                     migrations_dir: Path = migrate.MIGRATIONS_DIR) -> Engine:
    """Open the store, backing it up and migrating it when the app version is newer.

    When this process holds a key for the store (:func:`cipher.register`) and the file is
    still plain, it is encrypted first (:func:`encrypt_store`). A failed migration rolls
    back (SQLite DDL is transactional), so the file is left as it was;
    :class:`MigrationFailed` says so. A new, empty store is simply created.
    """
    finish_interrupted(store_path)  # a crash mid-encryption: complete or undo it first
    key = cipher.key_for(store_path)
    if key is not None and cipher.is_plain(store_path):
        encrypt_store(store_path, backup_dir, key, keep=keep)
    existed = store_path.exists() and store_path.stat().st_size > 0
    engine = create_store_engine(store_path)
    if not migrate.needs_upgrade(engine, migrations_dir):
        return engine
    if existed:
        engine.dispose()
        backup_store(store_path, backup_dir, reason="before-upgrade", keep=keep)
    try:
        migrate.upgrade(engine, migrations_dir=migrations_dir)
    except Exception as err:
        engine.dispose()
        log.exception("store migration failed; the store file is unchanged")
        raise MigrationFailed(f"The upgrade of the local data failed ({type(err).__name__}); "
                              "the data is unchanged and a backup was kept. Reinstall the "
                              "previous version or call support.") from err
    return engine


def terminal_of_store(store: Path) -> str | None:
    """The terminal id a store file belongs to (None: no file, not registered, unreadable)."""
    if not store.exists() or store.stat().st_size == 0:
        return None
    db = cipher.connect(store, readonly=True)
    try:
        row = db.execute("SELECT value FROM sync_state WHERE key = 'terminal_id'").fetchone()
    except cipher.DB_ERRORS:
        return None
    finally:
        db.close()
    return json.loads(row[0]) if row else None
