"""Counting the codes of a block central has seen used: exactly the block's serials, up to
the last block of the code space."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from central.codes import codes_used
from central.models import Base
from loyalty.ids import new_id
from loyalty.member_code import code_for_serial
from sync.protocol import snapshot_bucket

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SIZE = 300_000_000  # blocks 0, 1, 2: the last ends at the top of the code space


def _members_with_serials(engine: Engine, serials: list[int]) -> None:
    rows: list[dict[str, object]] = []
    for serial in serials:
        member_id = new_id()
        rows.append({"id": member_id, "phone": None, "member_code": code_for_serial(serial),
                     "name": None, "origin": "S001", "enrolled_at": NOW, "tier": "general",
                     "balance": 0, "status": "active", "bucket": snapshot_bucket(member_id),
                     "clocks": {}, "created_at": NOW, "updated_at": NOW})
    with engine.begin() as conn:
        conn.execute(insert(Base.metadata.tables["members"]), rows)


def test_a_block_counts_its_own_codes_and_no_neighbours(engine: Engine) -> None:
    first, second, last = 100_000_000, 400_000_000, 700_000_000  # block starts
    _members_with_serials(engine, [first, second - 1,  # block 0: its first and last serial
                                   second, second + 5,  # block 1
                                   last, 999_999_999])  # block 2, up to the very last code
    with Session(engine) as session:
        assert [codes_used(session, index, SIZE) for index in range(3)] == [2, 2, 2]
        assert codes_used(session, 0, 100) == 1
