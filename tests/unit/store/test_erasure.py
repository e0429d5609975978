"""#17 point 5 on the till: an erasure reaches outbox payloads (once central has them),
backups (rewritten without the member) and a store restored from an older backup."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, update

from loyalty.store import cipher, erasure, replica
from loyalty.store.backup import backup_store, list_backups, restore_store, scrub_backups
from loyalty.store.schema import erasures, members, outbox
from tests.helpers.crypt import NAME, PHONE, Till, make_till

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
DIGITS = PHONE[1:]


def erase_here(till: Till) -> str:
    """Apply central's ``member.erased`` for the till's member; its id."""
    with till.store.engine.begin() as conn:
        member_id = conn.execute(select(members.c.id)).scalar_one()
        replica.apply_erased(conn, member_id, NOW)
    return member_id


def dump(path: Path, key: cipher.StoreKey | None) -> str:
    """Every row of every table of a database file, as text."""
    db = cipher.raw_connect(path, key, readonly=True)
    try:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(repr(row) for name in names
                         for row in db.execute(f'SELECT * FROM "{name}"'))
    finally:
        db.close()


def test_an_operation_still_unsent_at_the_erasure_is_scrubbed_once_acknowledged(
        tmp_path: Path) -> None:
    till = make_till(tmp_path, encrypted=False)
    member_id = erase_here(till)
    with till.store.engine.begin() as conn:
        [(seq, payload)] = conn.execute(select(outbox.c.seq, outbox.c.payload).where(
            outbox.c.kind == "member.enroll")).all()
        assert NAME in payload  # not sent yet: central must still receive the enrollment
        conn.execute(update(outbox).where(outbox.c.seq == seq).values(state="acked"))
        assert erasure.scrub_acknowledged(conn, [seq]) == 1
        sent = json.loads(conn.execute(select(outbox.c.payload)
                                       .where(outbox.c.seq == seq)).scalar_one())
        listed = conn.execute(select(erasures.c.member_id)).scalars().all()
    assert (sent["member_id"], sent["phone"], sent["name"], sent["birth_year"]) == (
        member_id, None, None, None)
    assert listed == [member_id]
    till.store.engine.dispose()


def test_older_encrypted_backups_are_rewritten_without_the_erased_member(
        tmp_path: Path) -> None:
    till = make_till(tmp_path)
    backup_store(till.store.path, till.backups, reason="daily")
    assert NAME in dump(list_backups(till.backups)[0].path, till.key)  # the check can fail
    erase_here(till)
    with till.store.engine.begin() as conn:  # central had the enrollment
        conn.execute(update(outbox).values(state="acked"))
    till.store.engine.dispose()
    assert scrub_backups(till.store.path, till.backups, now=NOW) == 1
    text = dump(list_backups(till.backups)[0].path, till.key)
    assert NAME not in text and DIGITS not in text
    assert scrub_backups(till.store.path, till.backups, now=NOW) == 0  # done once
    assert cipher.is_encrypted(list_backups(till.backups)[0].path)


def test_a_store_restored_from_an_older_backup_keeps_the_erasure(tmp_path: Path) -> None:
    till = make_till(tmp_path)
    before = backup_store(till.store.path, till.backups, reason="daily")
    member_id = erase_here(till)
    till.store.engine.dispose()
    restore_store(before.path, till.store.path, expected_terminal=None)
    text = dump(till.store.path, till.key)
    assert NAME not in text and DIGITS not in text
    assert f"'{member_id}'" in text  # the member's row and entries stay, pseudonymised
