"""Upgrading a plain store to an encrypted one in place: every row kept, lookups work, the
backup encrypted, the plain bytes overwritten; a failure at any step leaves the plain file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine

from loyalty.store import cipher, keys, lookup
from loyalty.store.backup import MigrationFailed, backup_store, list_backups, open_and_upgrade
from loyalty.store.encrypt import PLAIN_OLD, encrypt_in_place, finish_interrupted
from loyalty.store.engine import lookup_engine
from loyalty.store.migrate import current_revision, head_revision
from printing.jobs import JobStore
from tests.helpers.crypt import NAME, NEEDLES, PHONE, fill, found
from tests.helpers.store import make_store


def counts(db: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def plain_till(root: Path) -> tuple[Path, dict[str, int]]:
    """A store of the current schema as the previous version leaves it: plain, with data,
    two plain backups and a plain print queue."""
    data = root / "data"
    data.mkdir()
    store = make_store(data / "store.db")
    fill(store, data)
    svc = store.service()
    for n in range(40):
        svc.enroll(phone=f"0955{n:06d}", name=f"會員{n}")
    svc.close()
    backup_store(store.path, data / "backups", reason="daily")
    backup_store(store.path, data / "backups", reason="manual")
    store.engine.dispose()
    db = sqlite3.connect(store.path)
    before = counts(db)
    db.close()
    assert current_revision_of(store.path) == head_revision()
    return data, before


def current_revision_of(path: Path) -> str:
    db = cipher.connect(path)
    try:
        return str(db.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        db.close()


def unlock(data: Path, root: Path) -> cipher.StoreKey:
    return keys.unlock(data / "store.db", keys.default_vault(data, root / "keys"))


def test_a_plain_store_becomes_encrypted_with_every_row_and_its_lookups(tmp_path: Path) -> None:
    data, before = plain_till(tmp_path)
    store = data / "store.db"
    plain_inode = os.open(store, os.O_RDONLY)  # the plain bytes, wherever the name goes
    size = os.fstat(plain_inode).st_size
    key = unlock(data, tmp_path)
    engine = open_and_upgrade(store, data / "backups")
    try:
        assert cipher.is_encrypted(store)
        assert current_revision(engine) == head_revision()
        with lookup_engine(engine).connect() as conn:
            assert counts(cipher.driver_connection(conn.connection.driver_connection)) \
                == before
            assert [m.name for m in lookup.by_phone(conn, "+886" + PHONE[1:])] == [NAME]
            assert [m.name for m in lookup.by_last_digits(conn, "0039")] == ["會員39"]
        assert_is_encrypted_backups(data, key)
        # The plain file was overwritten before it was let go; nothing plain is left.
        assert os.pread(plain_inode, size, 0) == bytes(size)
        assert not list(data.glob(f"*{PLAIN_OLD}")) and not list(data.glob("*.encrypting"))
        for path in sorted(p for p in data.rglob("*") if p.is_file()):
            if path.name != "print-jobs.sqlite3":  # opened plain below, by the print queue
                assert not found(path), path.name
    finally:
        os.close(plain_inode)
        engine.dispose()
    jobs = JobStore(data / keys.PRINT_QUEUE_FILE)  # the print queue converts on open
    assert len(jobs.recent(10)) == 1 and NAME in jobs.recent(10)[0].document.to_json()
    jobs.close()
    assert cipher.is_encrypted(data / keys.PRINT_QUEUE_FILE)
    assert not found(data / keys.PRINT_QUEUE_FILE)


def assert_is_encrypted_backups(data: Path, key: cipher.StoreKey) -> None:
    backups = list_backups(data / "backups")
    assert [b.reason for b in backups] == ["before-encryption", "manual", "daily"]
    for info in backups:  # the new one, and the two older plain ones encrypted in place
        assert cipher.is_encrypted(info.path) and not found(info.path)
        db = cipher.raw_connect(info.path, key)
        assert db.execute("SELECT name FROM members WHERE name = ?", (NAME,)).fetchone()
        db.close()


@pytest.mark.parametrize("fail_at", ["counted", "copied", "verified", "backed-up",
                                     "moved-aside"])
def test_a_failure_at_any_step_leaves_the_plain_file_as_it_was(tmp_path: Path,
                                                               fail_at: str) -> None:
    data, before = plain_till(tmp_path)
    store = data / "store.db"
    digest = hashlib.sha256(store.read_bytes()).hexdigest()
    key = cipher.StoreKey.generate()

    def step(name: str) -> None:
        if name == fail_at:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        encrypt_in_place(store, key, step=step)
    assert cipher.is_plain(store)
    assert hashlib.sha256(store.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in data.iterdir()) == ["backups", "print-jobs.sqlite3",
                                                      "store.db"]
    db = sqlite3.connect(store)
    assert counts(db) == before
    db.close()


@pytest.mark.expect_log_warnings("loyalty.store.backup")  # the failure, logged
def test_a_failed_encryption_on_upgrade_says_so_and_the_counter_data_stays_plain(
        tmp_path: Path) -> None:
    data, _ = plain_till(tmp_path)
    store = data / "store.db"
    digest = hashlib.sha256(store.read_bytes()).hexdigest()
    unlock(data, tmp_path)
    backups = tmp_path / "backups-on-a-full-disk"
    backups.write_text("a file where the backup folder should be")  # the backup cannot be made
    with pytest.raises(MigrationFailed, match="unchanged"):
        open_and_upgrade(store, backups)
    assert hashlib.sha256(store.read_bytes()).hexdigest() == digest
    assert not list(data.glob("*.encrypting"))


@pytest.mark.expect_log_warnings("loyalty.store.encrypt")  # the repair, logged
def test_a_crash_between_the_renames_puts_the_plain_file_back(tmp_path: Path) -> None:
    data, before = plain_till(tmp_path)
    store = data / "store.db"
    os.replace(store, data / f"store.db{PLAIN_OLD}")  # as the power went off mid-swap
    (data / "store.db.encrypting").write_bytes(os.urandom(4096))
    finish_interrupted(store)
    assert cipher.is_plain(store) and not (data / "store.db.encrypting").exists()
    db = sqlite3.connect(store)
    assert counts(db) == before
    db.close()


def test_a_crash_before_the_shredding_shreds_the_plain_copy_at_next_start(
        tmp_path: Path) -> None:
    data, _ = plain_till(tmp_path)
    store = data / "store.db"
    plain_bytes = store.read_bytes()
    unlock(data, tmp_path)
    open_and_upgrade(store, data / "backups").dispose()
    left = data / f"store.db{PLAIN_OLD}"
    left.write_bytes(plain_bytes)  # as a crash after the swap, before the shredding, left it
    assert found(left) == set(NEEDLES)
    engine: Engine = open_and_upgrade(store, data / "backups")  # the next start
    engine.dispose()
    assert cipher.is_encrypted(store) and not left.exists()
