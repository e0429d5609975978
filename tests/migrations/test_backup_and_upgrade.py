"""Backups while the counter writes, restore, upgrades of real old files, failed upgrades."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from loyalty.money import Currency, Money
from loyalty.store import migrate
from loyalty.store.backup import (
    BackupError,
    MigrationFailed,
    backup_store,
    list_backups,
    open_and_upgrade,
    restore_store,
)
from loyalty.store.keyvalue import put_state
from loyalty.store.schema import ledger, members
from tests.helpers.migrations import broken_migrations
from tests.helpers.store import make_store

OLD_FILE = Path(__file__).parent / "data" / "store-v0001.sqlite3"


def count(path: Path, table: str) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        db.close()


def test_backup_while_the_app_writes_is_consistent(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store.db")
    with store.engine.begin() as conn:
        put_state(conn, "terminal_id", "S001-T01")
    svc = store.service()
    svc.sign_in(store.cashier.id, "1357")
    member = svc.enroll(phone="0912345678", name="林美玲")
    stop = threading.Event()

    def keep_selling() -> None:
        while not stop.is_set():
            svc.award(member.member_id, Money(Decimal(100), Currency.TWD))

    seller = threading.Thread(target=keep_selling)
    seller.start()
    try:
        infos = [backup_store(store.path, tmp_path / "backups", keep=3) for _ in range(5)]
    finally:
        stop.set()
        seller.join()
    kept = list_backups(tmp_path / "backups")
    assert len(kept) == 3  # retention
    assert kept[0].path == infos[-1].path and kept[0].terminal_id == "S001-T01"
    for info in kept:  # each copy is a consistent store: balance equals its ledger sum
        db = sqlite3.connect(info.path)
        balance, total = db.execute(
            "SELECT (SELECT balance FROM members), (SELECT coalesce(sum(points), 0) FROM ledger)"
        ).fetchone()
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert balance == total
        db.close()
    svc.close()


def test_restore_brings_back_the_data_and_refuses_another_terminal(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store.db")
    with store.engine.begin() as conn:
        put_state(conn, "terminal_id", "S001-T01")
    svc = store.service()
    svc.enroll(phone="0912345678", name="林美玲")
    backup = backup_store(store.path, tmp_path / "b").path
    svc.enroll(phone="0922345678", name="陳小明")
    svc.close()
    store.engine.dispose()
    with pytest.raises(BackupError, match="another") as err:
        restore_store(backup, store.path, expected_terminal="S002-T09")
    assert err.value.code == "backup_other_terminal"
    assert count(store.path, "members") == 2  # refused: nothing touched
    restore_store(backup, store.path, expected_terminal="S001-T01")
    assert count(store.path, "members") == 1
    restore_store(backup, store.path, expected_terminal="S002-T09", force=True)


def test_a_registered_terminal_backup_names_the_terminal_central_gave_it(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store.db")
    with store.engine.begin() as conn:  # as `regulars sync register` leaves it (sync.state)
        put_state(conn, "terminal", {"terminal_id": "S007-T03", "store_id": "S007",
                                     "central_url": "http://127.0.0.1:1"})
    info = backup_store(store.path, tmp_path / "b")
    assert info.terminal_id == "S007-T03"
    assert list_backups(tmp_path / "b")[0].terminal_id == "S007-T03"
    store.engine.dispose()


def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "x.regulars-backup"
    bogus.write_bytes(b"not a database" * 100)
    target = tmp_path / "store.db"
    target.write_bytes(b"")
    with pytest.raises(BackupError):
        restore_store(bogus, target, expected_terminal=None)


def test_upgrading_a_real_old_file_keeps_its_data_and_backs_it_up(tmp_path: Path) -> None:
    store_path = tmp_path / "store.db"
    shutil.copyfile(OLD_FILE, store_path)
    before = (count(store_path, "members"), count(store_path, "ledger"))
    engine = open_and_upgrade(store_path, tmp_path / "backups")
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(members)).scalar_one() == before[0]
        assert conn.execute(select(func.count()).select_from(ledger)).scalar_one() == before[1]
    engine.dispose()
    if migrate.head_revision() != "0001":  # an upgrade happened: a backup was taken first
        assert [b.reason for b in list_backups(tmp_path / "backups")] == ["before-upgrade"]


@pytest.mark.expect_log_warnings("loyalty.store.backup")  # the failure, logged
def test_a_failing_migration_leaves_the_old_file_intact(tmp_path: Path) -> None:
    scripts = broken_migrations(tmp_path)
    head = migrate.head_revision()
    store = make_store(tmp_path / "store.db")
    store.service().enroll(phone="0912345678", name="林美玲")
    store.engine.dispose()
    original = store.path.read_bytes()
    with pytest.raises(MigrationFailed, match="unchanged"):
        open_and_upgrade(store.path, tmp_path / "backups", migrations_dir=scripts)
    db = sqlite3.connect(store.path)
    columns = [row[1] for row in db.execute("PRAGMA table_info(members)")]
    version = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    db.close()
    assert "nickname" not in columns and version == head
    assert count(store.path, "members") == 1
    assert len(original) > 0
    assert list_backups(tmp_path / "backups")[0].reason == "before-upgrade"
