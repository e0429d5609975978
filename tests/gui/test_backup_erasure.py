"""#17 point 5: the counter's backup scheduler rewrites older backups without a member
central erased, at its next check (every 15 minutes), without waiting for the daily copy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.backups import BackupScheduler
from loyalty.store import replica
from loyalty.store.backup import backup_store, list_backups
from loyalty.store.schema import members
from tests.helpers.crypt import NAME, PHONE, make_till


def test_the_next_check_rewrites_the_backups_without_the_erased_member(
        qtbot: QtBot, tmp_path: Path) -> None:
    till = make_till(tmp_path, encrypted=False)
    backups = till.backups
    backup_store(till.store.path, backups, reason="daily",
                 now=datetime.now(UTC) - timedelta(hours=1))
    [backup] = list_backups(backups)
    assert NAME.encode() in backup.path.read_bytes()  # the search can fail
    with till.store.engine.begin() as conn:
        member_id = conn.execute(select(members.c.id)).scalar_one()
        replica.apply_erased(conn, member_id, datetime.now(UTC))
    scheduler = BackupScheduler(till.store.path, backups, first_check_ms=0)
    assert not scheduler.due()
    scheduler.check()
    qtbot.waitUntil(lambda: not scheduler.tasks.busy, timeout=20_000)
    scheduler.stop()
    raw = backup.path.read_bytes()
    assert NAME.encode() not in raw and PHONE[1:].encode() not in raw
    assert len(list_backups(backups)) == 1
    till.store.engine.dispose()
